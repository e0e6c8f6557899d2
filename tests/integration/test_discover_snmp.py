"""`govops discover snmp` end to end against real agents, with every bad input of issue 3."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from pysnmp.proto import api, rfc1902
from sqlalchemy import func, select

from govops.catalog.vendors import default_vendors
from govops.discovery import reconcile as reconcile_mod
from govops.discovery.snmp import DiscoveryOptions, discover_many, observation_json, run_discovery
from govops.discovery.snmp_targets import DiscoveryTarget, parse_target_specs
from govops.errors import InputError
from govops.lab.process import free_port
from govops.platforms.snmp import default_platforms
from govops.snmp import SnmpCredentials
from govops.snmp.client import close_client, get_client
from govops.store.db import make_engine, session_scope
from govops.store.models import Device, HistoryEntry, Interface
from tests.integration.bandwidth_lab import faulty_proxy
from tests.integration.snmp_fake_agent import FakeAgent, Table, system_group

pytestmark = pytest.mark.integration

GBK_DESCR = "华为 S5700-28C-EI 交换机 Huawei Versatile Routing Platform Software VRP (R) software, Version 5.150"

DEVICE_KEYS = {
    "vendor", "model", "serial", "os", "os_version", "kind", "sys_name", "sys_descr", "sys_descr_truncated",
    "sys_object_id", "uptime_seconds", "evidence", "stack_members", "domestic", "classification",
}
IFACE_KEYS = {"index", "name", "descr", "alias", "type", "speed_mbps", "admin_status", "oper_status", "mac"}


def write_rec(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def agent(snmpsim: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    d = tmp_path_factory.mktemp("recs")
    gbk = write_rec(d / "gbk.snmprec", [
        f"1.3.6.1.2.1.1.1.0|4x|{GBK_DESCR.encode('gbk').hex()}",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2011.2.23.100",
        "1.3.6.1.2.1.1.3.0|67|100",
        f"1.3.6.1.2.1.1.5.0|4x|{'核心交换机-01'.encode('gbk').hex()}",
        "1.3.6.1.2.1.2.2.1.2.1|4x|" + "上联口 GE0/0/1".encode("gbk").hex(),
        "1.3.6.1.2.1.2.2.1.3.1|2|6",
    ])
    wrong = write_rec(d / "wrongtypes.snmprec", [
        "1.3.6.1.2.1.1.1.0|4|Linux odd 5.10.0 #1 SMP x86_64",
        "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
        "1.3.6.1.2.1.1.3.0|4|not-a-number",
        "1.3.6.1.2.1.1.5.0|2|42",
        "1.3.6.1.2.1.2.2.1.1.1|2|1",
        "1.3.6.1.2.1.2.2.1.1.2|2|2",
        "1.3.6.1.2.1.2.2.1.1.3|2|3",
        "1.3.6.1.2.1.2.2.1.2.1|4|eth0",
        "1.3.6.1.2.1.2.2.1.2.2|4|eth1",
        "1.3.6.1.2.1.2.2.1.2.3|4|",
        "1.3.6.1.2.1.2.2.1.3.1|4|ethernet",
        "1.3.6.1.2.1.2.2.1.3.2|2|-1",
        "1.3.6.1.2.1.2.2.1.5.1|4|fast",
        "1.3.6.1.2.1.2.2.1.5.2|4|",
        "1.3.6.1.2.1.2.2.1.5.3|2|-1",
        "1.3.6.1.2.1.2.2.1.6.1|4|",
        "1.3.6.1.2.1.2.2.1.7.1|4|",
        "1.3.6.1.2.1.2.2.1.7.2|2|-1",
        "1.3.6.1.2.1.2.2.1.8.1|2|99",
        "1.3.6.1.2.1.31.1.1.1.15.1|2|-1",
        "1.3.6.1.2.1.31.1.1.1.15.2|4|",
    ])
    big_lines = ["1.3.6.1.2.1.1.1.0|4|big table switch", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2011.2.23.1"]
    big_lines += [f"1.3.6.1.2.1.2.2.1.2.{i}|4|port{i}" for i in range(1, 50_001)]
    big = write_rec(d / "big.snmprec", big_lines)
    # Made-up: interface names, descriptions and aliases near a DisplayString's 255 bytes, and a long vendor value
    # after the standard MIBs: what follows each probed column is long, so the first probe outgrows 1,500 bytes.
    pad = "-".join(["long"] * 48)
    long_lines = ["1.3.6.1.2.1.1.1.0|4|Acme long-values box", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1",
                  "1.3.6.1.2.1.1.3.0|67|100", "1.3.6.1.2.1.2.1.0|2|3"]
    for i in range(1, 4):
        long_lines += [f"1.3.6.1.2.1.2.2.1.1.{i}|2|{i}", f"1.3.6.1.2.1.2.2.1.2.{i}|4|port {i} {pad}",
                       f"1.3.6.1.2.1.2.2.1.3.{i}|2|6"]
    long_lines += [f"1.3.6.1.2.1.31.1.1.1.1.{i}|4|name {i} {pad}" for i in range(1, 4)]
    long_lines += [f"1.3.6.1.2.1.31.1.1.1.18.{i}|4|alias {i} {pad}" for i in range(1, 4)]
    long_lines += [f"1.3.6.1.4.1.99999.1.1.0|4|vendor {pad}"]
    long_values = write_rec(d / "longvalues.snmprec", long_lines)
    return snmpsim({
        "vrp": corpus / "snmp" / "vrp_5720.snmprec",
        "ibmc": corpus / "snmp" / "ibmc.snmprec",
        "gbk": gbk,
        "wrongtypes": wrong,
        "big": big,
        "longvalues": long_values,
    })


def fast(**kw: Any) -> DiscoveryOptions:
    base = {"timeout": 2.0, "retries": 0, "concurrency": 8, "v1_fallback": False}
    return DiscoveryOptions(**{**base, **kw})


def one(agent: Any, community: str, **kw: Any) -> Any:
    (obs,) = run_discovery([DiscoveryTarget(agent.host, agent.port, SnmpCredentials.v2c(community))], fast(**kw))
    return obs


def counted(host: str, port: int, community: str) -> tuple[Any, int]:
    """Discover one device; its observation and the round trips it cost."""

    async def main() -> tuple[Any, int]:
        client = get_client()
        try:
            start = client.round_trips
            (obs,) = await discover_many([DiscoveryTarget(host, port, SnmpCredentials.v2c(community))], fast())
            return obs, client.round_trips - start
        finally:
            close_client()

    return asyncio.run(main())


# --- the command and its JSON contract ------------------------------------------------------------


def test_json_contract(cli: Any, agent: Any) -> None:
    res = cli("discover", "snmp", agent.endpoint, "--community", "vrp", "--json", "--timeout", "5")
    assert res.exit_code == 0, res.stderr
    data = res.json()
    assert set(data) == {"results", "summary"}
    assert data["summary"] == {"found": 1, "changed": None, "unchanged": None, "unreachable": 0, "failed": 0,
                               "skipped": 0, "skipped_by_reason": {}, "exit_code": 0}
    (r,) = data["results"]
    assert set(r) == {"target", "ok", "error", "error_kind", "device", "interfaces", "neighbors", "not_read",
                      "partial"}
    assert r["not_read"] == {} and r["partial"] == {}
    assert r["target"] == agent.endpoint and r["ok"] is True and r["error"] is None and r["error_kind"] is None
    dev = r["device"]
    assert set(dev) == DEVICE_KEYS
    assert dev["vendor"] == "Huawei Technologies" and dev["model"] == "S5720-56C-PWR-EI-AC"
    assert dev["os"] == "VRP" and dev["os_version"] == "5.170 (V200R010C00SPC600)" and dev["kind"] == "switch"
    assert dev["serial"] == "12345678" and dev["uptime_seconds"] == 281568.05
    # One rule in every command: ``domestic`` is the verdict word, ``classification`` the record the store keeps.
    assert dev["domestic"] == "domestic" and dev["classification"]["verdict"] == "domestic"
    assert dev["classification"]["source"] == "snmp" and set(dev["classification"]) == {"verdict", "source", "vendor"}
    assert any(e["field"] == "sys_object_id" and "2011" in e["rule"]
               for e in dev["classification"]["vendor"]["evidence"])
    assert len(r["interfaces"]) == 65 and all(set(i) == IFACE_KEYS for i in r["interfaces"])
    ge = {i["name"]: i for i in r["interfaces"]}["GigabitEthernet0/0/1"]
    assert ge["type"] == "ethernetCsmacd" and ge["mac"] and ge["admin_status"] in ("up", "down")


def test_table_output_and_lldp_neighbors(cli: Any, agent: Any) -> None:
    res = cli("discover", "snmp", agent.endpoint, "-c", "vrp")
    assert res.exit_code == 0 and "S5720-56C-PWR-EI-AC" in res.stdout and "domestic" in res.stdout
    neighbors = one(agent, "vrp").neighbors
    assert neighbors, "vrp_5720 exposes LLDP-MIB"
    assert all(n.local_port for n in neighbors)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("community", ["longvalues", "vrp"])
def test_an_agent_with_a_small_buffer_costs_one_round_trip_per_too_big(agent: Any, community: str) -> None:
    # snmpsim behind a relay that keeps its answers to 1,500 bytes (Cisco IOS's default packet size), as a small
    # agent does: tooBig for GET/GETNEXT, GETBULK cut short. A made-up device whose first probe outgrows it, and a
    # real Huawei S5720 walk. Discovery finds the same, and each tooBig costs one round trip (the refused request
    # asked again in parts, all at once): no column is walked for want of the probe's answer.
    direct, direct_rounds = counted(agent.host, agent.port, community)
    with faulty_proxy(agent.port) as proxy:
        proxy.max_answer_bytes = 1_500
        small, small_rounds = counted("127.0.0.1", proxy.port, community)
    assert direct.ok and small.ok
    assert observation_json(small) | {"target": ""} == observation_json(direct) | {"target": ""}
    if community == "longvalues":
        assert proxy.too_big >= 1
    # A GETBULK answer cut short costs at most one more request of its walk.
    assert small_rounds <= direct_rounds + proxy.too_big + proxy.truncated


def test_host_never_answers_and_others_unaffected(agent: Any) -> None:
    dead = DiscoveryTarget("127.0.0.1", free_port(), SnmpCredentials.v2c("vrp"))
    good = DiscoveryTarget(agent.host, agent.port, SnmpCredentials.v2c("ibmc"))
    t0 = time.monotonic()
    bad_obs, good_obs = run_discovery([dead, good], fast(timeout=0.5))
    assert time.monotonic() - t0 < 15
    assert not bad_obs.ok and bad_obs.error_kind == "unreachable" and dead.label in (bad_obs.error or "")
    assert good_obs.ok and good_obs.device["vendor_id"] == "huawei" and good_obs.device["kind"] == "bmc"


def test_a_silent_device_is_one_line_naming_it_and_the_step_after_one_request_of_each_version(cli: Any) -> None:
    # A bound UDP socket that never answers: SNMPv2c's first GETNEXT, then the SNMPv1 GET of the fallback, and no
    # more; the table (every cell empty) is left out.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.setblocking(False)
        endpoint = f"127.0.0.1:{silent.getsockname()[1]}"
        res = cli("discover", "snmp", endpoint, "-c", "public", "--timeout", "0.2", "--retries", "0")
        received = 0
        with contextlib.suppress(BlockingIOError):
            while silent.recv(65535):
                received += 1
    assert res.exit_code == 1 and res.stdout == "" and received == 2
    assert res.stderr.splitlines() == [
        f"target {endpoint}: unreachable: no SNMP answer to SNMPv2c nor SNMPv1 within 0.2 s x 1 try each "
        "(step: system group)",
        "discover snmp: 0 found, 1 unreachable, 0 failed, 0 skipped",
    ]


def test_a_silent_host_named_directly_costs_one_timeout_not_one_per_snmp_version() -> None:
    # The SNMPv1 GET of the fallback goes out with SNMPv2c's GETNEXT, not once that has timed out: a host named
    # directly that never answers is given up after one timeout (1 s, no retry here), where it took two (2 s and more).
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.setblocking(False)
        (target,) = parse_target_specs([f"127.0.0.1:{silent.getsockname()[1]}"], port=161,
                                       credentials=SnmpCredentials.v2c("public"))
        assert target.v1_fallback
        default_platforms()  # the catalogue is loaded before the clock starts
        default_vendors()
        t0 = time.monotonic()
        (obs,) = run_discovery([target], DiscoveryOptions(timeout=1.0, retries=0))
        elapsed = time.monotonic() - t0
        versions: list[int] = []
        with contextlib.suppress(BlockingIOError):
            while data := silent.recv(65535):
                versions.append(int(api.decodeMessageVersion(data)))
    assert not obs.ok and obs.error_kind == "unreachable"
    assert "no SNMP answer to SNMPv2c nor SNMPv1 within 1 s x 1 try each" in (obs.error or "")
    assert sorted(versions) == [0, 1]  # one request of each version
    assert 1.0 <= elapsed < 1.8, elapsed


def test_wrong_community(cli: Any, agent: Any) -> None:
    res = cli("discover", "snmp", agent.endpoint, "-c", "wrong", "--timeout", "0.3", "--retries", "0", "--json")
    assert res.exit_code == 1  # the one rule of discover snmp|ssh|servers: a target tried and not read
    assert "discover snmp: 0 found, 1 unreachable, 0 failed, 0 skipped" in res.stderr
    (r,) = res.json()["results"]
    assert r["ok"] is False and r["device"] is None and r["interfaces"] == []
    assert "no SNMP answer" in r["error"] and agent.endpoint in r["error"]


def _v1_table() -> Table:
    return Table({
        **system_group("Cisco Internetwork Operating System Software IOS (tm)", "1.3.6.1.4.1.9.1.283", "old-router"),
        (1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 1): rfc1902.Integer32(1),
        (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1): rfc1902.OctetString(b"Ethernet0"),
        (1, 3, 6, 1, 2, 1, 2, 2, 1, 5, 1): rfc1902.Gauge32(10_000_000),
    })


def test_snmpv1_only_agent_via_fallback() -> None:
    # A host named directly: its SNMPv1 answer, asked alongside SNMPv2c, is taken once SNMPv2c has gone unanswered.
    table = _v1_table()
    with FakeAgent(table.get, table.next_of, versions=(0,)) as fake:
        (t,) = parse_target_specs([fake.endpoint], port=161, credentials=SnmpCredentials.v2c("public"))
        (obs,) = run_discovery([t], fast(timeout=0.5, v1_fallback=True))
    assert obs.ok, obs.error
    assert obs.device["vendor_id"] == "cisco" and obs.device["snmp_version"] == "1"
    assert obs.warnings.count("agent answers SNMPv1 only") == 1
    (iface,) = obs.interfaces or ()
    assert iface.name == "Ethernet0" and iface.speed_mbps == 10.0


def test_a_v2c_agent_with_the_fallback_on_is_read_over_v2c_without_waiting_for_the_v1_request(agent: Any) -> None:
    # snmpsim answers both versions: the SNMPv1 answer to the request sent alongside is dropped, not reported.
    (t,) = parse_target_specs([agent.endpoint], port=161, credentials=SnmpCredentials.v2c("ibmc"))
    (obs,) = run_discovery([t], fast(timeout=5.0, v1_fallback=True))
    assert obs.ok and obs.device["snmp_version"] == "2c" and obs.device["vendor_id"] == "huawei", obs.error
    assert not any("SNMPv1" in w for w in obs.warnings)
    # An agent dropping SNMPv1 (v2c only): nothing waits for the SNMPv1 request's 5 s timeout.
    table = _v1_table()
    with FakeAgent(table.get, table.next_of, versions=(1,)) as fake:
        (t,) = parse_target_specs([fake.endpoint], port=161, credentials=SnmpCredentials.v2c("public"))
        t0 = time.monotonic()
        (obs,) = run_discovery([t], fast(timeout=5.0, v1_fallback=True))
        elapsed = time.monotonic() - t0
    assert obs.ok and obs.device["snmp_version"] == "2c", obs.error
    assert elapsed < 4.0, elapsed


class _V1Overtakes(FakeAgent):
    """Answers both versions, but its first SNMPv2c request only after the request that follows it: the answer to
    the SNMPv1 request sent alongside arrives first."""

    def __init__(self, table: Table) -> None:
        super().__init__(table.get, table.next_of)
        self.held: tuple[bytes, Any] | None = None
        self.overtaken = False

    def _received(self, data: bytes, addr: Any) -> None:
        if not self.overtaken and self.held is None and int(api.decodeMessageVersion(data)) == 1:
            self.held = data, addr
            return
        super()._received(data, addr)
        if self.held is not None:
            held, self.held, self.overtaken = self.held, None, True
            super()._received(*held)


def test_the_v2c_answer_is_kept_when_the_v1_answer_comes_first() -> None:
    fake = _V1Overtakes(_v1_table())
    with fake:
        (t,) = parse_target_specs([fake.endpoint], port=161, credentials=SnmpCredentials.v2c("public"))
        (obs,) = run_discovery([t], fast(timeout=2.0, v1_fallback=True))
    assert fake.overtaken
    assert obs.ok and obs.device["snmp_version"] == "2c", obs.error
    assert not any("SNMPv1" in w for w in obs.warnings)


class _Slow(FakeAgent):
    """Answers every request after ``delay`` seconds (one at a time: requests sent together wait their turn)."""

    def __init__(self, table: Table, delay: float) -> None:
        super().__init__(table.get, table.next_of)
        self.delay, self.seen = delay, 0

    def _answer(self, data: bytes) -> bytes | None:
        self.seen += 1
        time.sleep(self.delay)
        return super()._answer(data)


def test_a_slow_agent_answering_within_the_timeout_is_read_whole_without_a_retry() -> None:
    # 0.1 s an answer against a 1 s timeout: the same observation and requests as an agent answering at once.
    table = _v1_table()
    seen, found = [], []
    for delay in (0.0, 0.1):
        fake = _Slow(table, delay)
        with fake:
            t = DiscoveryTarget("127.0.0.1", fake.port, SnmpCredentials.v2c("public"))
            (obs,) = run_discovery([t], fast(timeout=1.0, retries=1))
        assert obs.ok, obs.error
        seen.append(fake.seen)
        found.append(observation_json(obs) | {"target": ""})
    assert seen[0] == seen[1] > 1 and found[0] == found[1]


def test_walk_with_non_increasing_oids_is_partial_not_stuck() -> None:
    base = _v1_table()

    def next_of(oid: tuple[int, ...]) -> Any:
        if oid[:9] == (1, 3, 6, 1, 2, 1, 2, 2, 1):
            # A broken agent: every ifTable GETNEXT answers the same row again.
            return (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1), rfc1902.OctetString(b"Ethernet0")
        return base.next_of(oid)

    with FakeAgent(base.get, next_of) as fake:
        t = DiscoveryTarget("127.0.0.1", fake.port, SnmpCredentials.v2c("public"))
        t0 = time.monotonic()
        (obs,) = run_discovery([t], fast())
    assert time.monotonic() - t0 < 10
    assert obs.ok and any("IF-MIB walk partial (not_increasing)" in w for w in obs.warnings)


def test_walk_that_never_ends_is_cut_by_budget() -> None:
    base = _v1_table()
    col = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2)

    def next_of(oid: tuple[int, ...]) -> Any:
        if oid[:10] == col or (oid[:9] == (1, 3, 6, 1, 2, 1, 2, 2, 1) and oid < col):
            index = oid[10] + 1 if len(oid) > 10 and oid[:10] == col else 1
            return (*col, index), rfc1902.OctetString(b"x%d" % index)
        return base.next_of(oid)

    with FakeAgent(base.get, next_of) as fake:
        t = DiscoveryTarget("127.0.0.1", fake.port, SnmpCredentials.v2c("public"))
        (obs,) = run_discovery([t], fast(max_rows=300))
    assert obs.ok and any("max_rows" in w for w in obs.warnings)
    assert len(obs.interfaces or ()) <= 300


def test_50000_row_table_is_bounded(agent: Any) -> None:
    t0 = time.monotonic()
    obs = one(agent, "big", timeout=5, max_rows=5_000)
    assert time.monotonic() - t0 < 30
    assert obs.ok and len(obs.interfaces or ()) == 5_000
    assert any("more than 5000 rows" in w for w in obs.warnings)


def test_wrong_types_minus_one_and_empty_numbers_become_null(agent: Any) -> None:
    obs = one(agent, "wrongtypes")
    assert obs.ok, obs.error
    assert obs.device["uptime_seconds"] is None
    assert obs.device["sys_name"] == "42"
    by = {i.name: i for i in obs.interfaces or ()}
    assert by["eth0"].speed_mbps is None and by["eth0"].type is None  # "fast", "ethernet": not numbers
    assert by["eth0"].admin_status is None and by["eth0"].oper_status is None and by["eth0"].mac is None
    assert by["eth1"].speed_mbps is None and by["eth1"].admin_status is None and by["eth1"].type == "-1"
    assert by["3"].speed_mbps is None and by["3"].descr == ""


def test_gbk_sys_descr(agent: Any) -> None:
    obs = one(agent, "gbk")
    assert obs.ok
    assert obs.device["sys_descr"] == GBK_DESCR and obs.device["sys_name"] == "核心交换机-01"
    assert obs.device["vendor_id"] == "huawei" and obs.classification.verdict == "domestic"
    assert obs.interfaces[0].descr == "上联口 GE0/0/1"


def test_cidr_of_4096_addresses_in_bounded_time() -> None:
    targets = parse_target_specs(["127.77.0.0/20"], port=free_port(), credentials=SnmpCredentials.v2c("x"))
    assert len(targets) == 4094
    t0 = time.monotonic()
    assert not any(t.v1_fallback for t in targets)  # swept addresses do not retry with SNMPv1
    obs = run_discovery(targets, DiscoveryOptions(timeout=0.2, retries=0, concurrency=512))
    elapsed = time.monotonic() - t0
    assert elapsed < 45, elapsed
    assert len(obs) == 4094 and not any(o.ok for o in obs)
    assert all(o.error_kind == "unreachable" for o in obs)


@pytest.mark.parametrize(
    ("spec", "message"),
    [("10.0.0.1:99999", "from 1 to 65535"), ("10.0.0.0/8", "more than"), ("host:abc", "not a number"),
     ("300.1.1.1/24", "not a network")],
)
def test_bad_target_specs(cli: Any, spec: str, message: str) -> None:
    res = cli("discover", "snmp", spec)
    assert res.exit_code == 2 and message in res.stderr and spec in res.stderr


def test_parse_targets_forms() -> None:
    creds = SnmpCredentials.v2c("c")
    got = parse_target_specs(["h1", "h2:1161", "[::1]:1162", "10.0.0.0/30"], port=161, credentials=creds)
    assert [(t.host, t.port) for t in got] == [
        ("h1", 161), ("h2", 1161), ("::1", 1162), ("10.0.0.1", 161), ("10.0.0.2", 161)
    ]
    with pytest.raises(InputError):
        parse_target_specs([":161"], port=161, credentials=creds)


# --- --save: reconcile into the store ---------------------------------------------------------


def _engine(store_cli: Any) -> Any:
    return make_engine(store_cli.db_url)


def test_save_then_unreachable_never_deleted(store_cli: Any, home: Path, agent: Any) -> None:
    res = store_cli("discover", "snmp", agent.endpoint, "-c", "vrp", "--save", "--json", "--timeout", "5")
    assert res.exit_code == 0, res.stderr
    assert res.json()["saved"]["created"] == ["<private>"] or len(res.json()["saved"]["created"]) == 1
    engine = _engine(store_cli)
    with session_scope(engine) as s:
        dev = s.scalars(select(Device)).one()
        assert dev.serial == "12345678" and dev.vendor == "Huawei Technologies" and dev.domestic == "domestic"
        assert dev.classification is not None and dev.facts is not None
        assert dev.classification["vendor"]["verdict"] == "domestic" and dev.reachability == "reachable"
        assert dev.facts["snmp"]["sys_object_id"] == "1.3.6.1.4.1.2011.2.23.291"
        assert s.scalar(select(func.count()).select_from(Interface)) == 65
        name = dev.name
        assert (s.scalar(select(func.count()).select_from(HistoryEntry).where(HistoryEntry.source == "scan")) or 0) > 0

    again = store_cli("discover", "snmp", agent.endpoint, "-c", "vrp", "--save", "--json", "--timeout", "5").json()
    assert again["saved"]["unchanged"] == [name] and again["saved"]["changes"] == 0

    gone = store_cli("discover", "snmp", agent.endpoint, "-c", "nope", "--save", "--json", "--timeout", "0.3",
                     "--retries", "0").json()
    assert gone["saved"]["unreachable"] == [name]
    with session_scope(engine) as s:
        dev = s.scalars(select(Device)).one()
        assert dev.reachability == "unreachable" and dev.serial == "12345678"
        assert s.scalar(select(func.count()).select_from(Interface)) == 65


def test_a_first_scan_cut_at_the_row_limit_keeps_its_rows_marked_partial_until_a_whole_scan(store_cli: Any,
                                                                                             agent: Any) -> None:
    """vrp_5720 has 65 interfaces. Before: a new device whose first walk was cut stored none of them."""

    def scan(*extra: str) -> Any:
        res = store_cli("discover", "snmp", agent.endpoint, "-c", "vrp", "--save", "--timeout", "5", *extra)
        assert res.exit_code == 0, res.stderr
        return res

    def shown(name: str) -> tuple[dict[str, Any], str]:
        as_json = store_cli("inventory", "show", name, "--json")
        text = store_cli("inventory", "show", name)
        assert as_json.exit_code == 0 and text.exit_code == 0, as_json.stderr + text.stderr
        return as_json.json()["tables"]["interfaces"], text.stdout

    saved = f"target {agent.endpoint}: partial: interfaces: row limit 10: the first 10 rows saved, marked partial"
    assert saved in scan("--max-rows", "10").stderr.splitlines()
    (name,) = [d["name"] for d in store_cli("inventory", "list", "devices", "--json").json()]
    table, text = shown(name)
    assert table["rows"] == 10 and table["partial"]["reason"] == "row limit 10" and table["partial"]["source"] == "snmp"
    assert "interfaces: 10 rows, 部分 partial: the first rows only (row limit 10, snmp " in text
    # The same cut again, as JSON: the rows read and why, and what was saved (nothing new).
    cut = scan("--max-rows", "10", "--json").json()
    (r,) = cut["results"]
    assert len(r["interfaces"]) == 10 and r["partial"] == {"interfaces": "row limit 10"} and r["not_read"] == {}
    assert cut["saved"]["partial"] == {name: {"interfaces": "row limit 10: the first 10 rows saved, marked partial"}}
    assert cut["saved"]["unchanged"] == [name] and shown(name)[0] == table
    # A whole scan replaces them and clears the mark.
    whole = scan("--json")
    assert whole.json()["saved"]["updated"] == [name] and whole.json()["saved"]["partial"] == {}
    table, text = shown(name)
    assert table == {"rows": 65, "partial": None} and "interfaces: 65 rows, 完整 whole" in text
    # A cut scan after it keeps the whole table, and says so.
    kept = f"target {agent.endpoint}: partial: interfaces: row limit 10: not saved; stored rows kept"
    assert kept in scan("--max-rows", "10").stderr.splitlines()
    assert shown(name)[0] == {"rows": 65, "partial": None}


def test_discover_store_devices_without_targets(
    store_cli: Any, home: Path, agent: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "ibmc.community"
    secret.write_text("ibmc\n")
    monkeypatch.setenv("T_VRP_COMMUNITY", "vrp")
    engine = _engine(store_cli)
    with session_scope(engine) as s:
        s.add(Device(name="core-sw-01", kind="switch", vendor="Huawei", mgmt_ip=agent.host,
                     snmp={"version": "2c", "port": agent.port, "community": {"env": "T_VRP_COMMUNITY"}}))
        s.add(Device(name="bmc-01", kind="bmc", mgmt_ip=agent.host,
                     snmp={"version": "2c", "port": agent.port, "community": {"file": str(secret)}}))
        s.add(Device(name="bad-01", kind="switch", mgmt_ip="127.0.0.1", snmp={"version": "2c", "community": "plain"}))
        s.add(Device(name="no-snmp", kind="server", mgmt_ip="127.0.0.1"))
    res = store_cli("discover", "snmp", "--save", "--json", "--timeout", "5")
    assert res.exit_code == 0, res.stderr
    assert "bad-01" in res.stderr and "reference" in res.stderr
    results = res.json()["results"]
    assert len(results) == 2 and all(r["ok"] for r in results)
    with session_scope(engine) as s:
        core = s.scalars(select(Device).where(Device.name == "core-sw-01")).one()
        # The declared vendor word of the same catalogue vendor takes the catalogue's one word, which SNMP reads.
        assert (core.vendor, core.model, core.domestic) == ("Huawei Technologies", "S5720-56C-PWR-EI-AC", "domestic")
        bmc = s.scalars(select(Device).where(Device.name == "bmc-01")).one()
        assert bmc.model == "RH2288H V3" and bmc.os == "iBMC"
        assert "ibmc" not in json.dumps(bmc.snmp).replace(str(secret), "")

    explain = store_cli("classify", "device", "core-sw-01", "--json")
    assert explain.exit_code == 0, explain.stderr
    data = explain.json()
    assert data["domestic"] == "domestic" and data["catalogue_vendor"]["id"] == "huawei"
    assert data["classification"]["verdict"] == "domestic" and "policy" not in data["classification"]
    assert {e["field"] for e in data["classification"]["vendor"]["evidence"]} >= {"platform", "sys_object_id"}
    text = store_cli("classify", "device", "core-sw-01")
    assert "core-sw-01: 国产 domestic" in text.stdout and "IANA PEN 2011" in text.stdout
    missing = store_cli("classify", "device", "nope")
    assert missing.exit_code == 2 and "no device named 'nope'" in missing.stderr


def test_nothing_half_written_on_failure(
    store_cli: Any, home: Path, agent: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = [DiscoveryTarget(agent.host, agent.port, SnmpCredentials.v2c(c)) for c in ("vrp", "ibmc")]
    observations = run_discovery(targets, fast(timeout=5))
    calls = {"n": 0}
    real = reconcile_mod._replace_neighbors

    def failing(*args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(reconcile_mod, "_replace_neighbors", failing)
    engine = _engine(store_cli)
    with pytest.raises(RuntimeError, match="disk full"):
        reconcile_mod.reconcile(engine, observations)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(Device)) == 0
        assert s.scalar(select(func.count()).select_from(Interface)) == 0
        assert s.scalar(select(func.count()).select_from(HistoryEntry)) == 0


def test_an_explicit_target_that_fails_on_a_store_device_with_snmp_access_says_where_that_access_is_used(
    store_cli: Any, agent: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the line said only 'unreachable: no SNMP answer ...', nothing that the store's access is used only
    by a run without TARGET. The credentials used stay the options' (the default community here, which fails)."""
    monkeypatch.setenv("T_HINT_COMMUNITY", "vrp")
    with session_scope(_engine(store_cli)) as s:
        s.add(Device(name="hint-sw-01", kind="switch", mgmt_ip=agent.host,
                     snmp={"version": "2c", "port": agent.port, "community": {"env": "T_HINT_COMMUNITY"}}))
    res = store_cli("discover", "snmp", agent.endpoint, "--timeout", "0.3", "--retries", "0")
    assert res.exit_code == 1
    (line,) = [ln for ln in res.stderr.splitlines() if ln.startswith(f"target {agent.endpoint}:")]
    assert line.startswith(f"target {agent.endpoint}: unreachable: no SNMP answer")
    assert line.endswith("; hint: store device hint-sw-01 has its own SNMP access, which TARGET does not use: "
                         "`govops discover snmp --device hint-sw-01`")
    # The plain address (port 161) is what a user types first, in the lab and wherever a device's SNMP port is not
    # the standard one (s20 j2b's pass: no hint was given). The device at that address on its other port is named
    # with its port; it used to be asserted as no hint, taking the other port for another device.
    plain = store_cli("discover", "snmp", agent.host, "--timeout", "0.3", "--retries", "0")
    assert plain.exit_code == 1
    (line,) = [ln for ln in plain.stderr.splitlines() if ln.startswith(f"target {agent.host}:161:")]
    assert line.endswith(f"; hint: store device hint-sw-01 at this address answers SNMP on port {agent.port} with "
                         "its own access, which TARGET does not use: `govops discover snmp --device hint-sw-01`"), line
    # Several devices at the address: each with its port, picked together by the address (as --device takes it).
    with session_scope(_engine(store_cli)) as s:
        s.add(Device(name="hint-ups-01", kind="switch", mgmt_ip=agent.host,
                     snmp={"version": "2c", "port": 9, "community": {"env": "T_HINT_COMMUNITY"}}))
    both = store_cli("discover", "snmp", f"{agent.host}:10", "--timeout", "0.3", "--retries", "0")
    assert both.exit_code == 1
    assert f"hint: store devices hint-sw-01 (port {agent.port}), hint-ups-01 (port 9) at this address answer " \
           f"SNMP with their own access, which TARGET does not use: `govops discover snmp --device {agent.host}`" \
           in both.stderr, both.stderr
    # Another address gets no hint: the match is by address, never by a name resolved through DNS.
    other = store_cli("discover", "snmp", "127.0.0.9", "--timeout", "0.3", "--retries", "0")
    assert other.exit_code == 1 and "no SNMP answer" in other.stderr and "hint:" not in other.stderr


def test_a_target_given_by_a_store_device_name_gets_the_stored_access_hint(
    store_cli: Any, agent: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the hint matched only ``mgmt_ip:port``, so a target named as the store names the device got none.
    The name is looked up among the store's device names only (case aside); the target itself is asked as before
    ('localhost' resolves through /etc/hosts to the agent's loopback address, no DNS query leaves the machine)."""
    assert agent.host == "127.0.0.1"
    monkeypatch.setenv("T_HINT_COMMUNITY", "vrp")
    with session_scope(_engine(store_cli)) as s:
        s.add(Device(name="LocalHost", kind="switch", mgmt_ip="10.99.0.1",
                     snmp={"version": "2c", "port": 1161, "community": {"env": "T_HINT_COMMUNITY"}}))
        s.add(Device(name="bare-sw", kind="switch", mgmt_ip="10.99.0.2", snmp={"port": 161}))  # no access: no hint
    target = f"localhost:{agent.port}"
    res = store_cli("discover", "snmp", target, "--timeout", "0.3", "--retries", "0")
    assert res.exit_code == 1
    (line,) = [ln for ln in res.stderr.splitlines() if ln.startswith(f"target {target}:")]
    assert line.endswith("; hint: store device LocalHost has its own SNMP access, which TARGET does not use: "
                         "`govops discover snmp --device LocalHost`"), line
    # An address is matched by address and port only; a name the store does not hold gets no hint.
    other = store_cli("discover", "snmp", f"{agent.host}:{agent.port}", "--timeout", "0.3", "--retries", "0")
    assert other.exit_code == 1 and "hint: store device" not in other.stderr


def test_device_option_discovers_the_chosen_store_devices_with_their_stored_access(
    store_cli: Any, agent: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: no form asked one store device with its stored access (a TARGET gets the options' only)."""
    monkeypatch.setenv("T_DEV_COMMUNITY", "vrp")
    monkeypatch.setenv("T_DEV_COMMUNITY_GBK", "gbk")
    access = {"version": "2c", "port": agent.port}
    with session_scope(_engine(store_cli)) as s:
        s.add(Device(name="pick-vrp", kind="switch", mgmt_ip=agent.host,
                     snmp={**access, "community": {"env": "T_DEV_COMMUNITY"}}))
        s.add(Device(name="pick-gbk", kind="switch", mgmt_ip="127.0.0.2",
                     snmp={**access, "community": {"env": "T_DEV_COMMUNITY_GBK"}}))
        s.add(Device(name="no-access", kind="switch", mgmt_ip="127.0.0.3", snmp={"port": agent.port}))
        s.add(Device(name="no-address", kind="switch", snmp={**access, "community": {"env": "T_DEV_COMMUNITY"}}))
    fast_opts = ("--timeout", "2", "--retries", "0")
    res = store_cli("discover", "snmp", "--device", "pick-vrp", "--json", *fast_opts)
    assert res.exit_code == 0, res.stderr
    (obs,) = res.json()["results"]
    assert obs["ok"] and obs["target"] == agent.endpoint and obs["device"]["vendor"] == "Huawei Technologies"
    # By address (in the ledger's loose form), beside a TARGET asked with the options' access, and --save.
    res = store_cli("discover", "snmp", "--device", "１２７.0.0.1", "--json", "--save", *fast_opts)
    assert res.exit_code == 0, res.stderr
    assert [r["target"] for r in res.json()["results"]] == [agent.endpoint]
    assert res.json()["saved"]["updated"] == ["pick-vrp"]  # pick-gbk, not chosen, was not asked
    both = store_cli("discover", "snmp", f"{agent.host}:{agent.port}", "-c", "gbk", "--device", "pick-vrp",
                     "--json", *fast_opts)
    assert both.exit_code == 0, both.stderr
    # The same address and port twice: the TARGET with the options' community, the device with its stored one.
    assert sorted(r["device"]["sys_name"] for r in both.json()["results"]) == ["<private>", "核心交换机-01"]
    # Refused before anything is sent, naming the pick or the device.
    unknown = store_cli("discover", "snmp", "--device", "nosuch-sw")
    assert unknown.exit_code != 0 and "--device 'nosuch-sw': no store device has this name" in unknown.stderr
    for name, what in (("no-access", "SNMP access"), ("no-address", "a management address")):
        bad = store_cli("discover", "snmp", "--device", name)
        assert bad.exit_code != 0 and f"device {name} has no {what}" in bad.stderr, bad.stderr
    # The options set a TARGET's access: with --device alone they would be ignored, so they are refused.
    refused = store_cli("discover", "snmp", "--device", "pick-vrp", "-c", "public")
    assert refused.exit_code != 0 and "--community given without a TARGET" in refused.stderr
