"""Store-wide SNMP scans ask a device the SNMP version the store records it answering, over real UDP: an agent
stored as answering SNMPv2c is sent no SNMPv1 request, one stored as answering SNMPv1 is asked SNMPv1 only (no
SNMPv2c timeout first), and a dead host stored as answering SNMPv2c costs one request and one timeout. A device with
no record, and a host named directly, are asked as before: SNMPv2c with the SNMPv1 request alongside."""

from __future__ import annotations

import contextlib
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from pysnmp.proto import api, rfc1902

from govops.discovery.reconcile import reconcile
from govops.discovery.snmp import DiscoveryOptions, run_discovery
from govops.discovery.snmp_targets import parse_target_specs
from govops.discovery.store_targets import chosen_store_targets, store_targets
from govops.platforms.snmp import default_platforms
from govops.snmp import SnmpCredentials
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device
from tests.integration.snmp_fake_agent import FakeAgent, Table, system_group

pytestmark = pytest.mark.integration

TIMEOUT = 1.0
# The store-wide scan's defaults (the fallback on), with a short timeout and no retry: one silence is one timeout.
OPTIONS = DiscoveryOptions(timeout=TIMEOUT, retries=0)


def _router() -> Table:
    return Table({
        **system_group("Cisco Internetwork Operating System Software IOS (tm)", "1.3.6.1.4.1.9.1.283", "old-router"),
        (1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 1): rfc1902.Integer32(1),
        (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1): rfc1902.OctetString(b"Ethernet0"),
    })


class Counting(FakeAgent):
    """A fake agent that records the message version (0 = SNMPv1, 1 = SNMPv2c) of every request it receives,
    answered or not."""

    def __init__(self, versions: tuple[int, ...]) -> None:
        table = _router()
        super().__init__(table.get, table.next_of, versions=versions)
        self.received: list[int] = []

    def _received(self, data: bytes, addr: Any) -> None:
        self.received.append(int(api.decodeMessageVersion(data)))
        super()._received(data, addr)


def _store(store_url: str, home: Path, port: int, facts: dict[str, Any] | None = None) -> Any:
    """A store holding one device at 127.0.0.1:``port`` with SNMPv2c access (community "public", from a file)."""
    secret = home / "r1.community"
    secret.write_text("public\n")
    engine = make_engine(store_url)
    upgrade_store(engine)
    with session_scope(engine) as s:
        s.add(Device(name="r1", kind="router", mgmt_ip="127.0.0.1", facts=facts,
                     snmp={"version": "2c", "port": port, "community": {"file": str(secret)}}))
    return engine


def _scan(engine: Any) -> tuple[Any, float]:
    default_platforms()  # the catalogue is loaded before the clock starts
    targets, problems = store_targets(engine)
    assert problems == []
    t0 = time.monotonic()
    (obs,) = run_discovery(targets, OPTIONS)
    return obs, time.monotonic() - t0


@pytest.mark.parametrize(("versions", "answered"), [((0, 1), "2c"), ((0,), "1")])
def test_a_store_scan_asks_the_version_the_device_answered_its_last_scan_in(
        versions: tuple[int, ...], answered: str, store_url: str, home: Path) -> None:
    agent = Counting(versions)
    with agent:
        engine = _store(store_url, home, agent.port)
        first, _ = _scan(engine)  # no record yet: SNMPv2c with the SNMPv1 request alongside, as before
        assert first.ok and first.device["snmp_version"] == answered, first.error
        assert sorted(set(agent.received)) == [0, 1]
        reconcile(engine, [first])
        with session_scope(engine) as s:
            dev = s.query(Device).one()
            assert dev.facts is not None and dev.facts["snmp"]["snmp_version"] == answered
        asked = len(agent.received)
        again, elapsed = _scan(engine)
        sent = agent.received[asked:]
    assert again.ok and again.device["snmp_version"] == answered, again.error
    # Before: an SNMPv1 GET to the SNMPv2c agent; the SNMPv1 agent was sent SNMPv2c's request and its timeout waited.
    assert set(sent) == {0 if answered == "1" else 1}
    assert len(sent) < len(agent.received[:asked])
    assert elapsed < TIMEOUT, elapsed
    assert not any("SNMPv1" in w for w in again.warnings)


def test_a_dead_host_stored_as_answering_v2c_costs_one_request_and_one_timeout(store_url: str, home: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.setblocking(False)
        engine = _store(store_url, home, silent.getsockname()[1], facts={"snmp": {"snmp_version": "2c"}})
        obs, elapsed = _scan(engine)
        versions: list[int] = []
        with contextlib.suppress(BlockingIOError):
            while data := silent.recv(65535):
                versions.append(int(api.decodeMessageVersion(data)))
    assert not obs.ok and obs.error_kind == "unreachable"
    assert versions == [1]  # before: [1, 0], the SNMPv1 GET sent alongside
    assert TIMEOUT <= elapsed < TIMEOUT + 0.8, elapsed


def test_chosen_store_devices_use_the_record_and_explicit_targets_keep_the_fallback(store_url: str, home: Path) -> None:
    engine = _store(store_url, home, 16161, facts={"snmp": {"snmp_version": "1"}})
    (chosen,) = chosen_store_targets(engine, ["r1"])
    assert (chosen.credentials.version, chosen.v1_fallback) == ("1", False)
    (named,) = parse_target_specs(["127.0.0.1:16161"], port=161, credentials=SnmpCredentials.v2c("public"))
    assert (named.credentials.version, named.v1_fallback) == ("2c", True)
