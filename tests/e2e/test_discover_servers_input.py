"""`govops discover servers` refuses unusable input before Ansible runs, naming it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli


def test_empty_store_without_inventory(store_cli: Cli) -> None:
    res = store_cli("discover", "servers")
    assert res.exit_code == 2
    assert "the store has no servers" in res.stderr and "--inventory" in res.stderr


def test_missing_inventory_file(store_cli: Cli, tmp_path: Path) -> None:
    res = store_cli("discover", "servers", "--inventory", str(tmp_path / "nope.yml"))
    assert res.exit_code == 2
    assert f"inventory {tmp_path / 'nope.yml'} does not exist" in res.stderr


def test_inventory_without_hosts_and_limit_matching_nothing(store_cli: Cli, tmp_path: Path) -> None:
    inv = tmp_path / "inv.ini"
    inv.write_text("[web]\n")
    res = store_cli("discover", "servers", "--inventory", str(inv))
    assert res.exit_code == 2 and "no hosts in the inventory" in res.stderr
    inv.write_text("[web]\nweb1 ansible_host=192.0.2.1\n")
    res = store_cli("discover", "servers", "--inventory", str(inv), "--limit", "db*")
    assert res.exit_code == 2 and "match --limit db*" in res.stderr


def test_save_needs_an_initialised_store(cli: Cli, tmp_path: Path) -> None:
    inv = tmp_path / "inv.ini"
    inv.write_text("web1 ansible_host=192.0.2.1\n")
    res = cli("discover", "servers", "--inventory", str(inv), "--save")
    assert res.exit_code == 2
    assert "govops init" in res.stderr or "store" in res.stderr
