"""Bandwidth agent configuration: validation with file:line, shards, targets from the store."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from govops.collectors import bandwidth_targets
from govops.collectors.bandwidth_targets import (
    BandwidthConfig,
    ProbeSpec,
    load_config,
    select_shard,
)
from govops.errors import ConfigError, InputError
from govops.util.shard import parse_shard, shard_of

GOOD = """\
listen: ":9120"
interval_seconds: 60
timeout_seconds: 10
targets:
  - name: city-core-1
    address: 10.0.0.1
    snmp: {version: 2c, community: {env: CITY_CORE_COMMUNITY}}
    interfaces: {include: ["^XGiga"], exclude: ["\\\\.\\\\d+$"]}
  - name: county-1
    address: 10.1.0.1
    port: 1161
    snmp: {version: "3", user: ops, auth: sha, auth_key: {file: /etc/govops/v3.key}}
links:
  - name: city-telecom
    device: city-core-1
    interface: XGigabitEthernet0/0/1
    carrier: 中国电信
    role: primary
    level: city
    site: city
    bandwidth_mbps: 10000
    probe: {address: 202.96.0.1, tcp_port: 443}
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bandwidth.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_config_attaches_links_to_targets(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, GOOD))
    assert [t.name for t in cfg.targets] == ["city-core-1", "county-1"]
    assert cfg.targets[0].links[0].name == "city-telecom" and cfg.targets[1].links == ()
    assert cfg.targets[1].snmp.version == "3" and cfg.targets[1].port == 1161
    assert "SecretRef(env='CITY_CORE_COMMUNITY')" in repr(cfg)  # references only, never a value


@pytest.mark.parametrize(
    ("edit", "error", "message"),
    [
        (("    port: 1161\n", "    prot: 1161\n"), InputError, "bandwidth.yml:11: unknown field `prot`"),
        (("    device: city-core-1\n", "    device: city-core-9\n"), ConfigError, "names device 'city-core-9'"),
        (("timeout_seconds: 10\n", "timeout_seconds: 90\n"), ConfigError, "must be below interval_seconds"),
        # Its allowed empty value is shown as such: a bare trailing comma read as a list cut short.
        (("role: primary", "role: main"), InputError,
         "not understood, got 'main' (accepted: one of primary, backup, (empty))"),
        (('["^XGiga"]', '["(unclosed"]'), ConfigError, "bad interface pattern '(unclosed'"),
        (("version: 2c, community: {env: CITY_CORE_COMMUNITY}", "version: 2c"), ConfigError, "needs a community"),
        (("community: {env: CITY_CORE_COMMUNITY}", "community: public"), ConfigError, "must be a reference"),
        (("  - name: county-1\n", "  - name: city-core-1\n"), ConfigError, "declared twice"),
        (("bandwidth_mbps: 10000", "bandwidth_mbps: lots"), InputError, "(accepted: a number)"),
        # The probe goes to an IP address through a socket: a name (or anything else) is refused at its line.
        (("address: 202.96.0.1", "address: gw.example.cn"), InputError,
         "bandwidth.yml:22: link city-telecom: field `probe.address`: expected an IP address, got 'gw.example.cn'"),
        (("tcp_port: 443", "tcp_port: 70000"), InputError, "field `probe.tcp_port`: expected 1..65535, got 70000"),
    ],
)
def test_bad_config_names_the_place(
    tmp_path: Path, edit: tuple[str, str], error: type[Exception], message: str
) -> None:
    assert edit[0] in GOOD
    with pytest.raises(error) as exc:
        load_config(write(tmp_path, GOOD.replace(edit[0], edit[1], 1)))
    assert message in str(exc.value)
    assert "bandwidth.yml" in str(exc.value)


def test_shards_split_targets_stably_and_completely(tmp_path: Path) -> None:
    assert parse_shard("1/4") == (0, 4)
    for bad in ("0/4", "5/4", "x", "1/0"):
        with pytest.raises(InputError):
            parse_shard(bad)
    cfg = load_config(write(tmp_path, GOOD))
    many = BandwidthConfig(targets=tuple(
        type(cfg.targets[0])(name=f"sw{i}", address="10.0.0.1", snmp=cfg.targets[0].snmp) for i in range(400)
    ))
    parts = [select_shard(many, i, 4) for i in range(4)]
    names = [t.name for p in parts for t in p.targets]
    assert sorted(names) == sorted(t.name for t in many.targets)  # every target in exactly one shard
    assert min(len(p.targets) for p in parts) > 60  # and roughly even
    assert Counter(shard_of(f"sw{i}", 4) for i in range(400)) == Counter(shard_of(f"sw{i}", 4) for i in range(400))
    assert shard_of("city-core-1", 8) == 6  # fixed across processes and Python versions (sha256, not hash())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("address: 10.0.0.1\n", "address: 10.0.0.1:1161:2\n"), "is not an IPv6 address"),
        (("address: 10.0.0.1\n", "address: 10.0.0.1:abc\n"), "port 'abc' is not a number"),
        (("address: 10.1.0.1\n", "address: 10.1.0.1:2161\n"), "names port 2161 but `port` says 1161"),
        (("address: 10.0.0.1\n", "address: 'bad host'\n"), "is not a host name"),
    ],
)
def test_bad_addresses_name_the_line(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    assert edit[0] in GOOD
    with pytest.raises(InputError) as exc:
        load_config(write(tmp_path, GOOD.replace(edit[0], edit[1], 1)))
    assert message in str(exc.value) and "bandwidth.yml:" in str(exc.value)


def test_address_carries_its_port_in_every_form(tmp_path: Path) -> None:
    """`address: 127.0.0.1:1161` is the address used at run time (it once passed --check, then failed every poll)."""
    text = GOOD.replace("address: 10.0.0.1\n", "address: 127.0.0.1:1161\n").replace(
        "address: 10.1.0.1\n", "address: '[::1]:1161'\n")
    cfg = load_config(write(tmp_path, text))
    assert [(t.address, t.port) for t in cfg.targets] == [("127.0.0.1", 1161), ("::1", 1161)]


def test_runtime_problems_are_what_check_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CITY_CORE_COMMUNITY", raising=False)
    text = GOOD.replace("address: 10.1.0.1\n", "address: no-such-host.invalid\n")
    cfg = load_config(write(tmp_path, text))
    problems = bandwidth_targets.runtime_problems(cfg)
    assert any("city-core-1" in p and "CITY_CORE_COMMUNITY" in p for p in problems), problems
    assert any("county-1: cannot resolve no-such-host.invalid" in p for p in problems), problems
    monkeypatch.setenv("CITY_CORE_COMMUNITY", "c")
    key = tmp_path / "v3.key"
    key.write_text("authkey-123\n")
    ok = load_config(write(tmp_path, GOOD.replace("/etc/govops/v3.key", str(key))))
    assert bandwidth_targets.runtime_problems(ok) == []


def test_store_mode_skips_a_device_it_cannot_poll(tmp_path: Path, store_url: str) -> None:
    from govops.store.db import make_engine, session_scope
    from govops.store.models import Base, Device

    engine = make_engine(store_url)
    Base.metadata.create_all(engine)
    with session_scope(engine) as s:
        s.add(Device(name="good", kind="switch", mgmt_ip="127.0.0.1", status="in_service",
                     snmp={"version": "2c", "community": {"env": "C"}, "port": 1161}))
        s.add(Device(name="no-community", kind="switch", mgmt_ip="127.0.0.2", status="in_service",
                     snmp={"version": "2c"}))
        s.add(Device(name="bad-ip", kind="switch", mgmt_ip="10.0.0.1:x", status="in_service",
                     snmp={"version": "2c", "community": {"env": "C"}}))
        # Not polled: a PDU (the power agent's), a switch without SNMP settings, one retired, one without an address.
        s.add(Device(name="pdu-1", kind="pdu", mgmt_ip="127.0.0.3", status="in_service",
                     snmp={"version": "2c", "community": {"env": "C"}}))
        s.add(Device(name="no-snmp", kind="switch", mgmt_ip="127.0.0.4", status="in_service"))
        s.add(Device(name="retired", kind="router", mgmt_ip="127.0.0.5", status="retired",
                     snmp={"version": "2c", "community": {"env": "C"}}))
        s.add(Device(name="no-ip", kind="firewall", status="in_service",
                     snmp={"version": "2c", "community": {"env": "C"}}))
    cfg = bandwidth_targets.config_from_store(engine)
    assert [(t.name, t.address, t.port) for t in cfg.targets] == [("good", "127.0.0.1", 1161)]
    reasons = dict(cfg.skipped)
    assert set(reasons) == {"no-community", "bad-ip"}
    assert "needs a community" in reasons["no-community"] and "port 'x'" in reasons["bad-ip"]
    # One rule: the bandwidth file_sd lists exactly the devices store mode polls or reports skipped.
    from govops.store.inventory.export import prometheus_sd

    with session_scope(engine) as s:
        listed = {group["labels"]["device"] for group in prometheus_sd(s, "bandwidth")}
    assert listed == {"good", "no-community", "bad-ip"}


def test_store_links_carry_their_probe(store_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """A store link's `probe` becomes the same LinkSpec.probe a config file's does; one the import would refuse
    (written around it) is left out with a warning, and the link is still polled."""
    from govops.store.db import make_engine, session_scope
    from govops.store.models import Base, Device, Link

    engine = make_engine(store_url)
    Base.metadata.create_all(engine)
    with session_scope(engine) as s:
        rt = Device(name="rt", kind="router", mgmt_ip="127.0.0.1", status="in_service",
                    snmp={"version": "2c", "community": {"env": "C"}})
        s.add(rt)
        s.flush()
        s.add(Link(name="l-probed", kind="internet", a_device_id=rt.id, a_interface="GE0/0/1",
                   probe={"address": "10.9.0.1", "tcp_port": 8443}))
        s.add(Link(name="l-plain", kind="internet", a_device_id=rt.id, a_interface="GE0/0/2"))
        s.add(Link(name="l-bad", kind="internet", a_device_id=rt.id, a_interface="GE0/0/3",
                   probe={"address": "gw; reboot"}))
    cfg = bandwidth_targets.config_from_store(engine)
    probes = {lk.name: lk.probe for lk in cfg.links}
    assert probes == {"l-probed": ProbeSpec("10.9.0.1", 8443), "l-plain": None, "l-bad": None}
    assert "store link l-bad: probe left out" in caplog.text and "'gw; reboot'" in caplog.text
