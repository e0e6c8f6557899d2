"""`govops agent bandwidth --check`: targets from a file or the store, shards, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govops.store.db import make_engine, session_scope
from govops.store.models import Department, Device, Link
from tests.conftest import Cli

CONFIG = """\
targets:
  - {name: sw-a, address: 127.0.0.1, snmp: {version: 2c, community: {env: C}}}
  - {name: sw-b, address: 127.0.0.2, snmp: {version: 2c, community: {env: C}}}
  - {name: sw-c, address: 127.0.0.3, snmp: {version: 2c, community: {env: C}}}
links:
  - {name: wan-1, device: sw-b, interface: GE0/0/1, role: primary, level: county, bandwidth_mbps: 10000}
"""


def test_check_lists_targets_and_shards_partition_them(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "bw.yml"
    cfg.write_text(CONFIG, encoding="utf-8")
    res = cli("agent", "bandwidth", "--config", str(cfg), "--check")
    assert res.exit_code == 2 and "target sw-a:" in res.stderr and "C" in res.stderr  # the secret is not set
    monkeypatch.setenv("C", "community")
    res = cli("agent", "bandwidth", "--config", str(cfg), "--check")
    assert res.exit_code == 0, res.stderr
    assert "sw-b\t127.0.0.2:161\tlinks=wan-1" in res.stdout
    assert "3 targets, 1 links, 0 skipped" in res.stdout
    seen = []
    for i in (1, 2):
        out = cli("agent", "bandwidth", "--config", str(cfg), "--check", "--shard", f"{i}/2").stdout
        seen += [line.split("\t")[0] for line in out.splitlines() if "\t" in line]
    assert sorted(seen) == ["sw-a", "sw-b", "sw-c"]


def test_bad_config_and_shard_are_usage_errors(cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "bw.yml"
    cfg.write_text(CONFIG.replace("role: primary", "role: primray"), encoding="utf-8")
    res = cli("agent", "bandwidth", "--config", str(cfg), "--check")
    assert res.exit_code == 2
    assert "bw.yml:6" in res.stderr and "got 'primray' (accepted: one of primary, backup" in res.stderr
    cfg.write_text(CONFIG, encoding="utf-8")
    res = cli("agent", "bandwidth", "--config", str(cfg), "--check", "--shard", "3/2")
    assert res.exit_code == 2 and "expected I/N" in res.stderr


def test_check_refuses_what_would_fail_at_run_time(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`address: host:port` is used as written; an unresolvable host fails --check, not every poll later."""
    monkeypatch.setenv("C", "community")
    cfg = tmp_path / "bw.yml"
    cfg.write_text(CONFIG.replace("address: 127.0.0.1,", "address: '127.0.0.1:1161',"), encoding="utf-8")
    res = cli("agent", "bandwidth", "--config", str(cfg), "--check")
    assert res.exit_code == 0, res.stderr
    assert "sw-a\t127.0.0.1:1161\t" in res.stdout
    cfg.write_text(CONFIG.replace("address: 127.0.0.1,", "address: no-such-host.invalid,"), encoding="utf-8")
    res = cli("agent", "bandwidth", "--config", str(cfg), "--check")
    assert res.exit_code == 2 and "target sw-a: cannot resolve no-such-host.invalid" in res.stderr


def test_targets_and_links_from_the_store(store_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTY7", "community")
    engine = make_engine(store_cli.db_url)
    with session_scope(engine) as s:
        dept = Department(code="county-7", name="七号县", level="county")
        sw = Device(name="county-7-core", kind="switch", mgmt_ip="10.7.0.1",
                    snmp={"version": "2c", "community": {"env": "COUNTY7"}})
        no_snmp = Device(name="county-7-server", kind="server", mgmt_ip="10.7.0.9")
        retired = Device(name="old-core", kind="switch", mgmt_ip="10.7.0.2", status="retired",
                         snmp={"version": "2c", "community": {"env": "X"}})
        no_community = Device(name="county-7-acc", kind="switch", mgmt_ip="10.7.0.3", snmp={"version": "2c"})
        s.add_all([dept, sw, no_snmp, retired, no_community])
        s.flush()
        s.add(Link(name="county-7-telecom", kind="extranet", level="county", carrier="中国电信", role="primary",
                   bandwidth_mbps=1000, a_device_id=sw.id, a_interface="GE0/0/24", z_department_id=dept.id))
    res = store_cli("agent", "bandwidth", "--check")
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "county-7-core\t10.7.0.1:161\tlinks=county-7-telecom"
    assert lines[1].startswith("county-7-acc\tskipped: store device county-7-acc") and "needs a community" in lines[1]
    assert lines[2] == "1 targets, 1 links, 1 skipped"


def test_example_config_is_valid(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As shipped it takes its targets from the store (checked on the lab in the README flow); its commented
    block of hand-listed targets parses too, and --check refuses only this machine lacking their secret files."""
    monkeypatch.setenv("GOVOPS_SNMP_COMMUNITY", "community")
    example = Path(__file__).resolve().parents[2] / "agents" / "bandwidth.example.yml"
    res = cli("agent", "bandwidth", "--config", str(example), "--check")
    assert res.exit_code == 2 and "no govops store" in res.stderr, res.stderr  # nothing to poll without one
    settings, _, listed = example.read_text(encoding="utf-8").partition("# targets:\n")
    own = tmp_path / "bandwidth.yml"
    own.write_text(settings + "targets:\n" + re.sub(r"(?m)^# ?", "", listed), encoding="utf-8")
    res = cli("agent", "bandwidth", "--config", str(own), "--check")
    assert "3 targets, 3 links" in res.stdout
    errors = res.stderr.splitlines()
    assert res.exit_code == 2 and errors and all("cannot read secret file /etc/govops/" in e for e in errors), errors
