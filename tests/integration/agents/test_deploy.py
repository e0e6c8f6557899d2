"""`govops agent deploy` runs playbooks/deploy-agents.yml through ansible-runner, over real SSH.

A private sshd listens on a free loopback port (own host key, own authorised key). Two
inventory hosts reach it, each installing into its own temporary root: one with a good
config (installed, unit in place, check-config passes), one with a broken config (the play
stops on that host with the line named; the other host goes on).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.lab.sshd import Sshd, start_sshd
from tests.conftest import Cli
from tests.storetools import store_backend

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    """The lab's real sshd on a free loopback port, with its own host key and one authorised client key."""
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


@pytest.mark.skipif(store_backend() != "sqlite", reason="uses no store: once, in the SQLite pass")
def test_syntax_check(cli: Cli, tmp_path: Path) -> None:
    inv = tmp_path / "inv.yml"
    inv.write_text("all:\n  hosts:\n    h1: {ansible_connection: local}\n")
    res = cli("agent", "deploy", "--inventory", str(inv), "--syntax-check", "--json")
    assert res.exit_code == 0, res.stdout + res.stderr
    assert res.json()["status"] == "successful"


@pytest.mark.skipif(store_backend() != "sqlite", reason="uses no store: once, in the SQLite pass")
def test_deploy_installs_and_stops_on_a_bad_config(cli: Cli, tmp_path: Path, host_zipapp: Path, sshd: Sshd) -> None:
    good_cfg = tmp_path / "good.yml"
    good_cfg.write_text("collectors: [cpu, memory, load]\n")
    bad_cfg = tmp_path / "bad.yml"
    bad_cfg.write_text("collectors:\n  cpu: {}\n  memroy: {}\n")

    def host(name: str, cfg: Path) -> str:
        root = tmp_path / name
        hv = {
            "ansible_host": "127.0.0.1", "ansible_port": sshd.port, "ansible_user": sshd.user,
            "ansible_ssh_private_key_file": str(sshd.client_key), "ansible_python_interpreter": "/usr/bin/python3",
            "govops_prefix": str(root / "opt"), "govops_etc": str(root / "etc"), "govops_unit_dir": str(root / "unit"),
            "govops_textfile_dir": str(root / "textfile"), "govops_create_user": False,
            "govops_manage_service": False, "govops_config": str(cfg),
        }
        return f"    {name}: {json.dumps(hv)}\n"

    inv = tmp_path / "inv.yml"
    inv.write_text("all:\n  hosts:\n" + host("srv-kylin-01", good_cfg) + host("srv-uos-02", bad_cfg))
    res = cli("agent", "deploy", "--inventory", str(inv), "--limit", "srv-*", "--zipapp", str(host_zipapp),
              "--json", "--forks", "2")
    assert res.exit_code == 1, res.stdout + res.stderr
    hosts = {h["host"]: h for h in res.json()["hosts"]}
    assert hosts["srv-kylin-01"]["failed"] == 0 and hosts["srv-kylin-01"]["changed"] >= 4
    assert hosts["srv-uos-02"]["failed"] == 1
    assert "etc/host.yml:3: " in hosts["srv-uos-02"]["error"] and "memroy" in hosts["srv-uos-02"]["error"]
    good = tmp_path / "srv-kylin-01"
    assert (good / "opt" / "govops-host-agent.pyz").read_bytes() == host_zipapp.read_bytes()
    assert (good / "etc" / "host.yml").read_text() == good_cfg.read_text()
    unit = (good / "unit" / "govops-host-agent.service").read_text()
    for hardening in ("User=govops", "NoNewPrivileges=yes", "ProtectSystem=strict", "CapabilityBoundingSet=\n"):
        assert hardening in unit
    assert not (tmp_path / "srv-uos-02" / "unit" / "govops-host-agent.service").exists()
