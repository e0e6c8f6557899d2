"""Agents that answer the system group but not one of the standard tables identification walks, over real UDP: one
that stops answering midway through entPhysicalTable, one midway through ifTable (a large table, an overloaded agent),
one that answers genErr to the IP-MIB walk, one that answers tooBig to the walk of the enterprise arcs, two that
answer genErr midway through entPhysicalTable or ifTable. Each device is
identified from the rows read, the part not read whole named (``not_read`` or ``partial`` in --json, a line on
stderr) with its reason, and a scan with --save keeps what the store holds for that part. Before, each failed the
device. A device that stops answering altogether still fails as unreachable."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from pysnmp.proto import rfc1902
from sqlalchemy import select

from govops.discovery import snmp_identify
from govops.discovery.reconcile import Kept, reconcile
from govops.discovery.snmp import DiscoveryOptions, observation_json, run_discovery
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.snmp import SnmpCredentials, mib
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device, Interface
from tests.integration.snmp_fake_agent import GEN_ERR, TOO_BIG, FakeAgent, Oid, Table, system_group

pytestmark = pytest.mark.integration

ENTERPRISES = (1, 3, 6, 1, 4, 1)
PORTS = 30  # more rows than the first GETBULK of a walk asks for (8): the walk needs a second request


def _switch() -> Table:
    """A made-up 30-port switch under an enterprise number no catalogue row knows: a chassis entity naming its model
    and serial with a port entity each, 30 interfaces, two addresses (no ifNumber: the IF-MIB walk is not sized)."""
    values: dict[Oid, Any] = {
        **system_group("QX switch", "1.3.6.1.4.1.99999.7", "sw-30"),
        (*mib.ENT_CLASS, 1): rfc1902.Integer32(mib.ENT_CLASS_CHASSIS),
        (*mib.ENT_CONTAINED_IN, 1): rfc1902.Integer32(0),
        (*mib.ENT_PHYSICAL, mib.ENT_FIELDS["model_name"], 1): rfc1902.OctetString(b"QX-SW-30"),
        (*mib.ENT_PHYSICAL, mib.ENT_FIELDS["serial"], 1): rfc1902.OctetString(b"QXS0030001"),
        (*ENTERPRISES, 99999, 1, 0): rfc1902.Integer32(1),  # the maker's own MIB: its arc answers
    }
    for port in range(1, PORTS + 1):
        values[(*mib.ENT_CLASS, 100 + port)] = rfc1902.Integer32(10)  # port
        values[(*mib.ENT_CONTAINED_IN, 100 + port)] = rfc1902.Integer32(1)
        values[(*mib.IF_INDEX, port)] = rfc1902.Integer32(port)
        values[(*mib.IF_DESCR, port)] = rfc1902.OctetString(f"port{port}".encode())
        values[(*mib.IF_TYPE, port)] = rfc1902.Integer32(6)
    values[(*mib.IP_AD_ENT_IF_INDEX, 10, 0, 0, 7)] = rfc1902.Integer32(1)
    values[(*mib.IP_AD_ENT_IF_INDEX, 10, 0, 1, 7)] = rfc1902.Integer32(2)
    return Table(values)


SWITCH = _switch()


def _below(oids: list[Oid], roots: tuple[Oid, ...]) -> bool:
    """Whether a request asks past a row of one of ``roots`` (a walk's next request, not its first)."""
    return any(len(oid) > len(root) and oid[: len(root)] == root for oid in oids for root in roots)


class Drops(FakeAgent):
    """Answers ``table`` (``SWITCH``) but drops (no answer) a walk's request that ``drop`` picks (request kind, its
    OIDs); ``then_silent``: and every request after it (the agent died)."""

    def __init__(self, drop: Callable[[str, list[Oid]], bool], *, then_silent: bool = False,
                 table: Table = SWITCH) -> None:
        super().__init__(table.get, table.next_of,
                         drop=lambda kind, oids: (then_silent and self.dropped > 0) or drop(kind, oids))


def refusing(status: int, asked: Callable[[str, list[Oid]], bool], table: Table = SWITCH) -> FakeAgent:
    """Answers ``table`` (``SWITCH``), but a request ``asked`` picks with ``status`` for the whole PDU (index 0)."""
    return FakeAgent(table.get, table.next_of, refuse=lambda kind, oids: (status, 0) if asked(kind, oids) else (0, 0))


ENTITY_COLUMNS = (mib.ENT_CLASS, mib.ENT_CONTAINED_IN)


def _arc_walk(kind: str, oids: list[Oid]) -> bool:
    """The GETNEXT from 1.3.6.1.4.1 or from just past an arc found (the enterprise arcs' walk)."""
    return kind == "next" and any(oid[: len(ENTERPRISES)] == ENTERPRISES and len(oid) <= 7 for oid in oids)


AGENTS: dict[str, Callable[[], FakeAgent]] = {
    "entPhysicalTable silent": lambda: Drops(lambda kind, oids: kind != "get" and _below(oids, ENTITY_COLUMNS)),
    "ifTable silent": lambda: Drops(lambda kind, oids: kind != "get" and _below(oids, mib.IF_COLUMNS)),
    "IP-MIB genErr": lambda: refusing(GEN_ERR, lambda kind, oids: kind == "bulk" and any(
        oid[: len(mib.IP_AD_ENT_IF_INDEX)] == mib.IP_AD_ENT_IF_INDEX for oid in oids)),
    "enterprise arcs tooBig": lambda: refusing(TOO_BIG, _arc_walk),
    # Refused midway: the walk's first request answered, the next (asking past a row) refused for the whole PDU.
    "entPhysicalTable genErr midway": lambda: refusing(GEN_ERR, lambda kind, oids: kind != "get" and _below(
        oids, ENTITY_COLUMNS)),
    "ifTable genErr midway": lambda: refusing(GEN_ERR, lambda kind, oids: kind != "get" and _below(
        oids, mib.IF_COLUMNS)),
}
OPTIONS = DiscoveryOptions(timeout=0.5, retries=1, concurrency=1, v1_fallback=False)
SILENCE = OPTIONS.timeout * (OPTIONS.retries + 1)  # what one unanswered request costs


def discover(fake: FakeAgent) -> Any:
    (obs,) = run_discovery([DiscoveryTarget("127.0.0.1", fake.port, SnmpCredentials.v2c("public"))], OPTIONS)
    return obs


def test_an_agent_answering_everything_reads_whole() -> None:
    with FakeAgent(SWITCH.get, SWITCH.next_of) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert (out["not_read"], out["partial"]) == ({}, {})
    assert len(out["interfaces"]) == PORTS and out["device"]["model"] == "QX-SW-30"
    assert out["device"]["serial"] == "QXS0030001"
    assert obs.device["mgmt_ips"] == ["10.0.0.7", "10.0.1.7"]


def test_an_agent_silent_midway_through_entphysicaltable_is_identified_from_the_rows_read() -> None:
    with AGENTS["entPhysicalTable silent"]() as fake:
        started = time.monotonic()
        obs = discover(fake)
        elapsed = time.monotonic() - started
    assert obs.ok, obs.error
    out = observation_json(obs)
    # The chassis was among the rows read, its class and containment both: the device is named by it, and no row not
    # read comes before it. Its row states no software: the one board looked for then might be among the rows not
    # read, so the version a board's rule gives is not read. Before, model and serial were marked not read too.
    assert (out["device"]["model"], out["device"]["serial"]) == ("QX-SW-30", "QXS0030001")
    why = out["not_read"]["entities"]
    assert why.startswith("unreachable: agent stopped answering during ") and why.endswith(
        "(step: ENTITY-MIB chassis)"), why
    assert out["not_read"] == {"entities": why, "os_version": why}
    assert len(out["interfaces"]) == PORTS and out["partial"] == {}
    # One request dropped (timeout x tries), then one GET of sysUpTime.0 answered.
    assert isinstance(fake, Drops) and fake.dropped == OPTIONS.retries + 1
    assert SILENCE <= elapsed < SILENCE + 1.5, elapsed


@pytest.mark.parametrize(("name", "why"), [
    ("ifTable silent", "no answer: agent stopped answering during "),
    # Before, the refusal raised in the client and the rows already read were lost: the device had no interfaces.
    ("ifTable genErr midway", "refused: SNMP walk "),
])
def test_an_agent_silent_or_refusing_midway_through_iftable_keeps_the_first_rows_marked_partial(
        name: str, why: str) -> None:
    with AGENTS[name]() as fake:
        started = time.monotonic()
        obs = discover(fake)
        elapsed = time.monotonic() - started
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert out["device"]["model"] == "QX-SW-30"
    assert 0 < len(out["interfaces"]) < PORTS
    assert [i["name"] for i in out["interfaces"]] == [f"port{n}" for n in range(1, len(out["interfaces"]) + 1)]
    assert out["partial"]["interfaces"].startswith(why), out["partial"]
    assert "interfaces" not in out["not_read"]
    assert obs.device["mgmt_ips"] == ["10.0.0.7", "10.0.1.7"]  # the IP-MIB walk after it answered
    if name == "ifTable genErr midway":
        assert "error status 5 (after 1 answer)" in out["partial"]["interfaces"]
        assert elapsed < SILENCE, elapsed  # a refusal costs no timeout


def test_an_agent_refusing_entphysicaltable_midway_is_identified_from_the_rows_read() -> None:
    with AGENTS["entPhysicalTable genErr midway"]() as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert (out["device"]["model"], out["device"]["serial"]) == ("QX-SW-30", "QXS0030001")
    why = out["not_read"]["entities"]
    assert why.startswith("device: "), why
    assert why.endswith(": error status 5 (after 1 answer) (step: ENTITY-MIB chassis)"), why
    assert len(out["interfaces"]) == PORTS and out["partial"] == {}


def test_an_agent_refusing_the_ip_mib_walk_is_read_without_addresses() -> None:
    with AGENTS["IP-MIB genErr"]() as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert out["not_read"] == {"addresses": out["not_read"]["addresses"]}
    assert out["not_read"]["addresses"].startswith("device: ") and out["not_read"]["addresses"].endswith(
        "(step: IP-MIB walk)")
    assert len(out["interfaces"]) == PORTS and obs.device["mgmt_ips"] == []


def test_an_agent_refusing_the_enterprise_arcs_walk_is_identified_without_them() -> None:
    with AGENTS["enterprise arcs tooBig"]() as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert out["device"]["model"] == "QX-SW-30" and len(out["interfaces"]) == PORTS
    why = out["not_read"]["enterprises"]
    assert why.startswith("device: ") and why.endswith("(step: enterprise arcs)"), why
    assert out["not_read"]["vendor"] == why  # the arcs the agent answers under may name the maker


def test_an_agent_that_dies_midway_through_iftable_still_fails_as_unreachable() -> None:
    fake = Drops(lambda kind, oids: kind != "get" and _below(oids, mib.IF_COLUMNS), then_silent=True)
    with fake:
        started = time.monotonic()
        obs = discover(fake)
        elapsed = time.monotonic() - started
    assert not obs.ok and obs.error_kind == "unreachable"
    assert obs.error.endswith("(step: IF-MIB walk)"), obs.error
    # The walk's request unanswered, then sysUpTime.0 unanswered: two silences, nothing asked after.
    assert fake.dropped == 2 * (OPTIONS.retries + 1)
    assert 2 * SILENCE <= elapsed < 2 * SILENCE + 1.5, elapsed


@pytest.mark.parametrize("name", list(AGENTS))
def test_a_saved_device_scanned_again_keeps_its_stored_interfaces(name: str, store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    with FakeAgent(SWITCH.get, SWITCH.next_of) as fake:
        reconcile(engine, [discover(fake)])
    with AGENTS[name]() as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    report = reconcile(engine, [obs])
    (dev_name,) = report.matched.values()
    with session_scope(engine) as s:
        dev = s.scalars(select(Device).where(Device.name == dev_name)).one()
        rows = {i.name: i.ips for i in s.scalars(select(Interface).where(Interface.device_id == dev.id))}
        assert (dev.model, dev.serial, dev.partial_tables) == ("QX-SW-30", "QXS0030001", None)
        assert dev.facts is not None and dev.facts["snmp"]["mgmt_ips"] == ["10.0.0.7", "10.0.1.7"]
    assert len(rows) == PORTS
    assert (rows["port1"], rows["port2"], rows["port3"]) == (["10.0.0.7"], ["10.0.1.7"], None)
    if name in ("ifTable silent", "ifTable genErr midway"):
        assert report.partial[dev_name]["interfaces"].words.endswith("not saved; stored rows kept")
    if name == "IP-MIB genErr":
        assert report.kept[dev_name]["addresses"].not_read.startswith("stored mgmt_ips kept, not read: device: ")


def test_discover_save_says_what_it_kept_of_a_table_in_the_stores_words(store_cli: Any) -> None:
    # Before, the stderr line of a table part said "the stored value kept" where the store said "stored mgmt_ips kept".
    args = ("-c", "public", "--timeout", "0.5", "--retries", "0", "--save")
    with FakeAgent(SWITCH.get, SWITCH.next_of) as fake:
        assert store_cli("discover", "snmp", fake.endpoint, *args).exit_code == 0
    with AGENTS["IP-MIB genErr"]() as fake:
        res = store_cli("discover", "snmp", fake.endpoint, *args)
        again = store_cli("discover", "snmp", fake.endpoint, *args, "--json")
    assert res.exit_code == 0, res.stderr
    (line,) = [line for line in res.stderr.splitlines() if "addresses not read: " in line]
    assert line.endswith("(step: IP-MIB walk); stored mgmt_ips kept"), line
    assert again.json()["saved"]["kept"]["sw-30"]["addresses"].startswith("stored mgmt_ips kept, not read: ")


# The same switch with its ports' MAC addresses, of a made-up maker's OUI (001882, assigned to Huawei in the IEEE
# registry): with IF-MIB read, the addresses name the maker (the sysObjectID's enterprise number names none).
WITH_MACS = Table({**SWITCH.values, **{(*mib.IF_PHYS_ADDRESS, port): rfc1902.OctetString(bytes.fromhex(
    f"001882{port:06x}")) for port in range(1, PORTS + 1)}})


def _if_refused(kind: str, oids: list[Oid]) -> bool:
    """Any walk request (GETBULK) of ifTable, its first included."""
    return kind == "bulk" and any(oid[: len(root)] == root for oid in oids for root in mib.IF_COLUMNS)


# The switch's first 8 ports (the first GETBULK's rows) of another maker's OUI (00000C, assigned to Cisco), the
# other 22 of Huawei's: most of its addresses, read whole, name Huawei.
MIXED_MACS = Table({**WITH_MACS.values, **{(*mib.IF_PHYS_ADDRESS, port): rfc1902.OctetString(bytes.fromhex(
    f"00000c{port:06x}")) for port in range(1, 9)}})


def _if_refused_midway(kind: str, oids: list[Oid]) -> bool:
    """A walk request of ifTable after its first (the first GETBULK's rows answered)."""
    return kind != "get" and _below(oids, mib.IF_COLUMNS)


@pytest.mark.parametrize(("table", "refused", "read"), [
    # Before, the vendor and kind came out empty with nothing saying why, as if the device named neither. The kind its
    # 30 ENTITY-MIB port entities give (network) stands; IF-MIB's rows, not read, may narrow it (marked not read).
    (WITH_MACS, _if_refused, (None, "network", 0)),
    # Before, the maker of the first rows' addresses counted as read: --save renamed the stored Huawei switch Cisco
    # and made it foreign. The kind the 8 Ethernet ports read give may be narrowed by the ports not read.
    (MIXED_MACS, _if_refused_midway, ("Cisco Systems", "network", 8)),
], ids=["from-the-first-request", "midway"])
def test_iftable_not_read_marks_the_vendor_and_kind_its_rows_decide_and_the_store_keeps_them(
        table: Table, refused: Callable[[str, list[Oid]], bool], read: tuple[str | None, str | None, int],
        store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    with FakeAgent(table.get, table.next_of) as fake:
        whole = discover(fake)
    assert whole.ok, whole.error
    assert (whole.device["vendor"], whole.device["kind"]) == ("Huawei Technologies", "network"), whole.device
    assert whole.unread == {} and whole.classification is not None
    reconcile(engine, [whole])
    with refusing(GEN_ERR, refused, table) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert (out["device"]["vendor"], out["device"]["kind"], len(out["interfaces"])) == read
    why = out["not_read"]["vendor"]
    assert why.startswith("device: ") and why.endswith("(step: IF-MIB walk)"), why
    assert out["not_read"]["kind"] == why
    assert out["device"]["model"] == "QX-SW-30" and "model" not in out["not_read"]  # the chassis names it still
    report = reconcile(engine, [obs])
    (name,) = report.matched.values()
    assert report.kept[name]["vendor"] == report.kept[name]["kind"] == Kept("stored value", why)
    with session_scope(engine) as s:
        dev = s.scalars(select(Device).where(Device.name == name)).one()
        # The domestic verdict rests on the vendor: it stays with it.
        assert (dev.vendor, dev.kind, dev.domestic) == ("Huawei Technologies", "network", whole.classification.verdict)
        assert dev.facts is not None and dev.facts["snmp"]["evidence"]["kind"].startswith("generic kind rule ifType")


def test_iftable_not_read_leaves_a_vendor_and_kind_named_otherwise_read() -> None:
    # A system group naming a platform the catalogue knows (VRP, under Huawei's number): its row names the vendor and
    # the kind, IF-MIB read or not.
    table = Table({**WITH_MACS.values, **system_group(
        "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (S5720 V200R019C10SPC500)",
        "1.3.6.1.4.1.2011.2.23.400", "sw-30")})
    with refusing(GEN_ERR, _if_refused, table) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert out["device"]["vendor"] is not None and out["device"]["kind"] is not None, out["device"]
    assert "interfaces" in out["not_read"]
    assert "vendor" not in out["not_read"] and "kind" not in out["not_read"], out["not_read"]


def test_iftable_cut_midway_leaves_a_vendor_named_otherwise() -> None:
    # The same rows under Huawei's own sysObjectID (no platform row's, the catalogue's number): the vendor is the
    # number's, the addresses agreeing or not.
    table = Table({**MIXED_MACS.values, **system_group("QX switch", "1.3.6.1.4.1.2011.99999.7", "sw-30")})
    with refusing(GEN_ERR, _if_refused_midway, table) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    assert obs.device["vendor"] == "Huawei Technologies" and "interfaces" in obs.partial
    assert "vendor" not in obs.unread, obs.unread


def _shelf() -> Table:
    """A made-up transport shelf running Linux behind net-snmp's sysObjectID (its platform row's default kind is
    server): 10 Ethernet ports, then 4 optical channels (IANAifType opticalChannel 195), after the first GETBULK's
    rows."""
    values: dict[Oid, Any] = system_group("Linux shelf-1 4.19.0 armv7l", "1.3.6.1.4.1.8072.3.2.10", "shelf-1")
    for port in range(1, 15):
        values[(*mib.IF_INDEX, port)] = rfc1902.Integer32(port)
        values[(*mib.IF_DESCR, port)] = rfc1902.OctetString(f"if{port}".encode())
        values[(*mib.IF_TYPE, port)] = rfc1902.Integer32(6 if port <= 10 else 195)
    return Table(values)


SHELF = _shelf()


@pytest.mark.parametrize("refused", [_if_refused, _if_refused_midway], ids=["from-the-first-request", "midway"])
def test_iftable_not_read_marks_a_default_kind_its_rows_might_have_narrowed_and_the_store_keeps_it(
        refused: Callable[[str, list[Oid]], bool], store_url: str) -> None:
    # Before, the platform's default (server) was taken as read: --save turned the stored transport shelf into a
    # server for want of the interfaces the agent would not give.
    engine = make_engine(store_url)
    upgrade_store(engine)
    with FakeAgent(SHELF.get, SHELF.next_of) as fake:
        whole = discover(fake)
    assert whole.ok, whole.error
    assert whole.device["kind"] == "transport", whole.device["evidence"]
    reconcile(engine, [whole])
    with refusing(GEN_ERR, refused, SHELF) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert len(out["interfaces"]) < 10  # none of the optical channels
    assert out["device"]["kind"] == "server"  # the platform's default: what the rows read leave
    why = out["not_read"]["kind"]
    assert why.startswith("device: ") and why.endswith("(step: IF-MIB walk)"), out["not_read"]
    evidence = out["device"]["evidence"]["kind"]
    assert evidence.startswith("net_snmp_linux default kind; not settled: interfaces not read may match generic kind "
                               "rule ifType 50,51,195,"), evidence
    report = reconcile(engine, [obs])
    (name,) = report.matched.values()
    assert report.kept[name]["kind"] == Kept("stored value", why)
    with session_scope(engine) as s:
        dev = s.scalars(select(Device).where(Device.name == name)).one()
        assert dev.kind == "transport"
        assert dev.facts is not None and dev.facts["snmp"]["evidence"]["kind"] == whole.device["evidence"]["kind"]


def test_iftable_not_read_leaves_a_kind_given_before_the_interface_rules() -> None:
    # The UPS-MIB identity group answered: the platform's own rule gives the kind before any rule keyed to interfaces.
    table = Table({**SHELF.values, (1, 3, 6, 1, 2, 1, 33, 1, 1, 1, 0): rfc1902.OctetString(b"Acme")})
    with refusing(GEN_ERR, _if_refused, table) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    assert obs.device["kind"] == "ups" and "interfaces" in obs.unread
    assert "kind" not in obs.unread and "not settled" not in obs.device["evidence"]["kind"]


ENT_SOFTWARE = (*mib.ENT_PHYSICAL, mib.ENT_FIELDS["software_rev"])


def _late_chassis() -> Table:
    """``SWITCH`` with its entities numbered the other way round: the 30 ports first (1-30), the chassis at 100."""
    values = {oid: value for oid, value in SWITCH.values.items() if oid[: len(mib.ENT_PHYSICAL)] != mib.ENT_PHYSICAL}
    values |= {(*mib.ENT_CLASS, 100): rfc1902.Integer32(mib.ENT_CLASS_CHASSIS),
               (*mib.ENT_CONTAINED_IN, 100): rfc1902.Integer32(0),
               (*mib.ENT_PHYSICAL, mib.ENT_FIELDS["model_name"], 100): rfc1902.OctetString(b"QX-SW-30"),
               (*mib.ENT_PHYSICAL, mib.ENT_FIELDS["serial"], 100): rfc1902.OctetString(b"QXS0030001")}
    for port in range(1, PORTS + 1):
        values[(*mib.ENT_CLASS, port)] = rfc1902.Integer32(10)
        values[(*mib.ENT_CONTAINED_IN, port)] = rfc1902.Integer32(100)
    return Table(values)


@pytest.mark.parametrize(("table", "marked"), [
    # The chassis row read whole and stating its software: no board is looked for, nothing else to hide.
    (Table({**SWITCH.values, (*ENT_SOFTWARE, 1): rfc1902.OctetString(b"QX 2.1.4")}), set()),
    # The chassis row after the rows read: a row not read might be the device's, each chassis field is not read.
    (_late_chassis(), {"model", "serial", "os_version", "hardware_rev", "manufacturer"}),
], ids=["chassis-read-whole", "chassis-not-read"])
def test_a_cut_entphysicaltable_marks_only_the_chassis_fields_its_rows_not_read_may_hide(
        table: Table, marked: set[str]) -> None:
    with Drops(lambda kind, oids: kind != "get" and _below(oids, ENTITY_COLUMNS), table=table) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    assert (out["device"]["model"], out["device"]["serial"]) == ("QX-SW-30", "QXS0030001")
    assert out["not_read"]["entities"].startswith("unreachable: agent stopped answering during ")
    assert set(out["not_read"]) - {"entities"} == marked, out["not_read"]


# ``SWITCH`` listing its ports in ENTITY-MIB only (no IF-MIB rows): its 30 port entities alone make it a network device.
PORTS_IN_ENTITY_ONLY = Table({oid: value for oid, value in SWITCH.values.items()
                              if not any(oid[: len(col)] == col for col in mib.IF_COLUMNS)})


def test_a_cut_entphysicaltable_marks_the_kind_its_port_entities_not_read_might_give() -> None:
    with FakeAgent(PORTS_IN_ENTITY_ONLY.get, PORTS_IN_ENTITY_ONLY.next_of) as fake:
        whole = discover(fake)
    assert whole.ok and whole.device["kind"] == "network", whole.device["evidence"]
    with Drops(lambda kind, oids: kind != "get" and _below(oids, ENTITY_COLUMNS), table=PORTS_IN_ENTITY_ONLY) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    # Before, the first GETBULK's few ports were taken as all of them: no kind, and nothing said it was not read.
    assert out["device"]["kind"] is None
    why = out["not_read"]["entities"]
    assert why.startswith("unreachable: agent stopped answering during "), why
    assert out["not_read"]["kind"] == why, out["not_read"]


@pytest.mark.parametrize("name", ["ifTable silent", "ifTable genErr midway"])
def test_a_new_device_whose_first_iftable_walk_is_cut_stores_the_rows_read_marked_partial(
        name: str, store_url: str) -> None:
    # Before, a new device whose first scan the agent cut (refused or silent midway) stored no interfaces at all.
    engine = make_engine(store_url)
    upgrade_store(engine)
    with AGENTS[name]() as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    read = len(obs.interfaces or ())
    assert 0 < read < PORTS
    report = reconcile(engine, [obs])
    (dev_name,) = report.created
    assert report.partial[dev_name]["interfaces"].words.endswith(f"the first {read} rows saved, marked partial")
    with session_scope(engine) as s:
        dev = s.scalars(select(Device).where(Device.name == dev_name)).one()
        names = sorted(i.name for i in s.scalars(select(Interface).where(Interface.device_id == dev.id)))
        assert dev.partial_tables is not None and set(dev.partial_tables) == {"interfaces"}
        assert dev.partial_tables["interfaces"]["reason"] == obs.partial["interfaces"]
    assert names == sorted(f"port{n}" for n in range(1, read + 1))
    # A whole scan replaces them and clears the mark.
    with FakeAgent(SWITCH.get, SWITCH.next_of) as fake:
        reconcile(engine, [discover(fake)])
    with session_scope(engine) as s:
        dev = s.scalars(select(Device).where(Device.name == dev_name)).one()
        assert dev.partial_tables is None
        assert s.query(Interface).filter(Interface.device_id == dev.id).count() == PORTS


@pytest.mark.parametrize(("table", "refused"), [(SHELF, _if_refused), (MIXED_MACS, _if_refused_midway)],
                         ids=["broad-row-default", "vendor-by-addresses"])
def test_iftable_not_read_asks_identifications_own_judgement_again(
        table: Table, refused: Callable[[str, list[Oid]], bool], monkeypatch: pytest.MonkeyPatch) -> None:
    # The fields the rows not read leave open are judged from what identification decided: before, the device was
    # identified again without its addresses (named_by_addresses) and its host judged again (fields_table_decides).
    judged: list[str] = []
    judge = snmp_identify.host_judgement

    def counted(*args: Any) -> snmp_identify.HostJudgement:
        judged.append(args[0].sys_object_id)
        return judge(*args)

    monkeypatch.setattr(snmp_identify, "host_judgement", counted)
    with FakeAgent(table.get, table.next_of) as fake:
        assert discover(fake).ok
    whole = len(judged)
    judged.clear()
    with refusing(GEN_ERR, refused, table) as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    assert "interfaces" in {**obs.unread, **obs.partial} and "kind" in obs.unread, (obs.unread, obs.partial)
    assert whole > 0 and len(judged) == whole, judged
