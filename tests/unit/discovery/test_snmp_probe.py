"""Discovery walks only the table columns an agent has rows in (one GETNEXT tells), sized by ifNumber."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

import pytest

from govops.catalog.vendors import default_vendors
from govops.discovery.observation import Observation
from govops.discovery.snmp import DiscoveryOptions, _vendor_values, discover_target
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.errors import DeviceError
from govops.platforms.snmp import GENERIC, ExtractRule, SnmpPlatform, default_platforms, kind_key
from govops.snmp import SnmpCredentials, mib
from govops.snmp.client import WalkResult
from govops.snmp.credentials import SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import VarBind
from govops.util.oid import Oid
from tests.snmp_cases import chassis, system


class CountingAgent(RecordedAgent):
    """A recorded walk that remembers each walk's columns and size hint."""

    walks: list[tuple[tuple[Oid, ...], int | None]]

    async def walk_columns(
        self, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid], **bounds: Any
    ) -> WalkResult:
        self.walks.append((tuple(roots), bounds.get("rows_hint")))
        return await super().walk_columns(target, creds, roots, **bounds)


def run(lines: list[str], version: str = "2c") -> tuple[Observation, CountingAgent]:
    agent = CountingAgent(parse_snmprec(lines))
    agent.walks = []
    creds = SnmpCredentials.v2c("public") if version == "2c" else SnmpCredentials.v2c("public").with_version("1")
    target = DiscoveryTarget("walk", 161, creds)
    obs = asyncio.run(discover_target(agent, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    return obs, agent


PORTS = [f"1.3.6.1.2.1.2.2.1.2.{i}|4|eth{i}" for i in range(1, 4)] + [
    f"1.3.6.1.2.1.31.1.1.1.1.{i}|4|ge{i}" for i in range(1, 4)
]


def test_columns_without_rows_are_not_walked() -> None:
    obs, agent = run([*system("Box", "1.3.6.1.4.1.99999.1"), "1.3.6.1.2.1.2.1.0|2|3", *PORTS])
    walked = {root for roots, _hint in agent.walks for root in roots}
    assert walked == {mib.IF_DESCR, mib.IF_NAME}  # no ENTITY-MIB, no ipAddrTable, no LLDP: nothing asked
    assert obs.interfaces is not None
    assert [i.name for i in obs.interfaces] == ["ge1", "ge2", "ge3"]
    assert agent.walks == [((mib.IF_DESCR, mib.IF_NAME), 3)]  # ifNumber sizes the walk


def test_snmpv1_walks_every_column() -> None:
    # SNMPv1 fails a whole GETNEXT at the end of the MIB, so a probe could not tell an empty column.
    obs, agent = run([*system("Box", "1.3.6.1.4.1.99999.1"), *PORTS], version="1")
    walked = {root for roots, _hint in agent.walks for root in roots}
    assert {mib.ENT_CLASS, mib.IP_AD_ENT_IF_INDEX, *mib.IF_COLUMNS} <= walked
    assert obs.interfaces is not None
    assert len(obs.interfaces) == 3


@pytest.mark.parametrize("if_number", ["0", "-1", "99999999", "x"])
def test_an_odd_if_number_gives_no_hint(if_number: str) -> None:
    tag = "4" if if_number == "x" else "2"
    obs, agent = run([*system("Box", "1.3.6.1.4.1.99999.1"), f"1.3.6.1.2.1.2.1.0|{tag}|{if_number}", *PORTS])
    assert obs.interfaces is not None
    assert len(obs.interfaces) == 3 and agent.walks == [((mib.IF_DESCR, mib.IF_NAME), None)]


def test_entity_columns_are_walked_when_they_have_rows() -> None:
    obs, agent = run([*system("Box", "1.3.6.1.4.1.99999.1"), *chassis(1, model="A-1", serial="S1")])
    assert agent.walks[0] == ((mib.ENT_CLASS, mib.ENT_CONTAINED_IN), None)
    assert obs.device["model"] == "A-1"


def test_an_agent_refusing_the_bigger_probe_still_gets_every_column_walked() -> None:
    from govops.errors import DeviceError

    class TooBig(CountingAgent):
        async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[Any]:
            if len(oids) > 4:
                raise DeviceError("SNMP getnext: error status 1", device="walk")
            return await super().get_next(target, creds, oids)

    agent = TooBig(parse_snmprec([*system("Box", "1.3.6.1.4.1.99999.1"), *PORTS]))
    agent.walks = []
    target = DiscoveryTarget("walk", 161, SnmpCredentials.v2c("public"))
    obs = asyncio.run(discover_target(agent, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    assert obs.interfaces is not None
    assert obs.ok and len(obs.interfaces) == 3
    assert mib.IP_AD_ENT_IF_INDEX in {root for roots, _hint in agent.walks for root in roots}


def test_an_agent_refusing_even_the_probe_of_the_roots_is_asked_half_of_them_at_a_time() -> None:
    # The generic row asks about 8 subtrees: an agent that takes 4 variables a PDU gets two probes.
    from govops.errors import DeviceError

    class Tiny(CountingAgent):
        async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[Any]:
            if len(oids) > 4:
                raise DeviceError("SNMP getnext: error status 1", device="walk")
            return await super().get_next(target, creds, oids)

    bgp_peer = "1.3.6.1.2.1.15.3.1.2.192.0.2.1|2|6"  # BGP4-MIB bgpPeerState: the kind probe must still see it
    agent = Tiny(parse_snmprec([*system("Box", "1.3.6.1.4.1.99999.1"), *PORTS, bgp_peer]))
    agent.walks = []
    target = DiscoveryTarget("walk", 161, SnmpCredentials.v2c("public"))
    obs = asyncio.run(discover_target(agent, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    assert obs.interfaces is not None
    assert obs.ok and len(obs.interfaces) == 3 and obs.device["kind"] == "router"


def test_an_agent_taking_few_variables_a_pdu_still_gets_the_device_tables_first_rows() -> None:
    """The standard layer reads a dozen device tables' first rows in its GETNEXT: an agent that takes 4 variables a
    PDU is asked them in halves, not failed (the Radlan unit table's device row at unit 3, not 1)."""

    class Tiny(CountingAgent):
        async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[Any]:
            if len(oids) > 4:
                raise DeviceError("SNMP getnext: error status 1", device="walk")
            return await super().get_next(target, creds, oids)

    unit = "1.3.6.1.4.1.89.53.14.1"
    agent = Tiny(parse_snmprec([*system("Acmenet managed switch", "1.3.6.1.4.1.99999.1"), *PORTS,
                                f"{unit}.2.3|4|4.1.7", f"{unit}.5.3|4|QXS3100077", f"{unit}.11.3|4|QX-310-24"]))
    agent.walks = []
    target = DiscoveryTarget("walk", 161, SnmpCredentials.v2c("public"))
    obs = asyncio.run(discover_target(agent, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    assert obs.ok, obs.error
    assert (obs.device["model"], obs.device["os_version"], obs.device["serial"]) == ("QX-310-24", "4.1.7", "QXS3100077")


class RoundCountingAgent(RecordedAgent):
    """A recorded walk that counts round trips besides requests: requests in flight together (each yields to the
    loop before answering) share one round trip."""

    rounds: int
    in_flight: int
    fail_next: bool

    async def _answer(self, request: Callable[[], Awaitable[Any]]) -> Any:
        # ``request`` is made only once the answer is due: a request whose caller stops waiting (the SNMPv1 GET sent
        # alongside SNMPv2c's) leaves no coroutine behind that was never awaited.
        if self.in_flight == 0:
            self.rounds += 1
        self.in_flight += 1
        try:
            await asyncio.sleep(0)  # the network: other requests already sent may go out meanwhile
            await asyncio.sleep(0)
            return await request()
        finally:
            self.in_flight -= 1

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        read = super().get
        return await self._answer(lambda: read(target, creds, oids))  # type: ignore[no-any-return]

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        if self.fail_next:
            raise DeviceError("tooBig", device=str(target))
        read = super().get_next
        return await self._answer(lambda: read(target, creds, oids))  # type: ignore[no-any-return]


def _vendor_reads(lines: list[str], *, fail_next: bool = False) -> tuple[dict[str, str | None], RoundCountingAgent]:
    agent = RoundCountingAgent(parse_snmprec(lines))
    agent.rounds = agent.in_flight = 0
    agent.fail_next = fail_next
    generic = [p for p in default_platforms() if p.id == GENERIC]
    # Made-up values: a UPS-MIB identity scalar (a GET) and NETWORK-SERVICES-MIB applVersion's first row (a
    # GETNEXT `next` rule of the standard layer).
    values = asyncio.run(_vendor_values(agent, SnmpTarget("walk"), SnmpCredentials.v2c("public"), generic))
    return values, agent


def test_vendor_values_get_and_getnext_share_one_round_trip() -> None:
    values, agent = _vendor_reads([*system("Box", "1.3.6.1.4.1.99999.1"), "1.3.6.1.2.1.27.1.1.4.7|4|4.2.1",
                                   "1.3.6.1.2.1.33.1.1.1.0|4|Maker"])
    assert values["1.3.6.1.2.1.27.1.1.4"] == "4.2.1" and values["1.3.6.1.2.1.33.1.1.1.0"] == "Maker"
    assert (agent.requests, agent.rounds) == (2, 1)  # a GET and a GETNEXT, sent together: one round trip


def test_a_relative_kind_rules_object_rides_in_the_vendor_values_get() -> None:
    # W&T's device type under a made-up product arc: read with the row's model, no request or round trip more.
    arc = "1.3.6.1.4.1.5040.1.2.99"
    row = next(p for p in default_platforms() if p.id == "wut_webio")
    asked = []
    for rows in ([row], [replace(row, kinds=())]):
        agent = RoundCountingAgent(parse_snmprec([*system("", arc), f"{arc}.3.3.5.0|4|Web-Thermograph",
                                                  f"{arc}.3.3.6.0|4|#57605"]))
        agent.rounds = agent.in_flight = 0
        agent.fail_next = False
        values = asyncio.run(_vendor_values(agent, SnmpTarget("walk"), SnmpCredentials.v2c("public"), rows, arc))
        asked.append((agent.requests, agent.rounds, values.get("sysObjectID.3.3.5.0")))
    assert asked[0] == (asked[1][0], asked[1][1], "Web-Thermograph")
    assert asked[1][2] is None  # without the kind rule, the device type is not read


# A made-up firmware table: image names in column .2, a TruthValue "running" flag in column .3.
IMAGE_TABLE = "1.3.6.1.4.1.99999.7.1"
FLAGGED_MODEL = ExtractRule("model", oid=f"{IMAGE_TABLE}.2", active=f"{IMAGE_TABLE}.3")


@pytest.mark.parametrize(
    ("answer", "kind", "model"),
    [("4|QX310-8T", "octets", "QX310-8T"), ("6|1.3.6.1.4.1.99999.1", "oid", None), ("64|10.8.1.20", "ip", None)],
    ids=["text", "oid", "ip"],
)
def test_a_flagged_rows_value_keeps_its_kind(answer: str, kind: str, model: str | None) -> None:
    """The row read by an ``active`` rule records the kind it was answered with, as every other read does: a model
    answered with an OID or an address (another object's value) is none there too."""
    row = SnmpPlatform("flagged", "test row", sys_object_id=("1.3.6.1.4.1.99999",), extract=(FLAGGED_MODEL,))
    agent = RecordedAgent(parse_snmprec([f"{IMAGE_TABLE}.2.1|4|QX100-OLD", f"{IMAGE_TABLE}.2.2|{answer}",
                                         f"{IMAGE_TABLE}.3.1|2|2", f"{IMAGE_TABLE}.3.2|2|1"]))
    values = asyncio.run(_vendor_values(agent, SnmpTarget("walk"), SnmpCredentials.v2c("public"), [row]))
    assert values[kind_key(FLAGGED_MODEL.key)] == kind
    assert FLAGGED_MODEL.read("", values) == model


def test_vendor_values_raise_the_device_error_of_a_request_sent_together() -> None:
    with pytest.raises(DeviceError, match="tooBig"):
        _vendor_reads([*system("Box", "1.3.6.1.4.1.99999.1")], fail_next=True)



@pytest.mark.parametrize("refuse_over", [0, 4])
def test_the_first_entity_is_asked_with_the_vendor_values(refuse_over: int) -> None:
    # An ENTITY-MIB without entPhysicalClass or ContainedIn (made-up rows): its first entity is the device. The
    # probe says there is no containment tree, so the first entity's GETNEXT goes out with the vendor values';
    # an agent refusing the probe's PDU (no probe of the columns) is asked when the chassis is read, as before.
    ent = "1.3.6.1.2.1.47.1.1.1.1"
    agent = RoundCountingAgent(parse_snmprec([*system("Box", "1.3.6.1.4.1.99999.1"), f"{ent}.2.5|4|Box chassis",
                                              f"{ent}.11.5|4|SN-1", f"{ent}.13.5|4|BX-9"]))
    agent.rounds = agent.in_flight = 0
    agent.fail_next = False
    original = agent.get_next

    async def get_next(target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        if refuse_over and len(oids) > refuse_over:
            raise DeviceError("SNMP getnext: error status 1", device="walk")
        return await original(target, creds, oids)

    agent.get_next = get_next  # type: ignore[method-assign]
    target = DiscoveryTarget("walk", 161, SnmpCredentials.v2c("public"))
    obs = asyncio.run(discover_target(agent, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    assert obs.ok and (obs.device["model"], obs.device["serial"]) == ("BX-9", "SN-1")
    # Requests that went out beside another: the vendor values' GET and their GETNEXT, in which the kind subtrees and,
    # when the probe said there is no containment tree, the first entity's columns ride (one PDU).
    if not refuse_over:  # (walks, which an agent refusing the probe gets for every column, are not counted)
        assert agent.requests - agent.rounds == 1


class NextRecordingAgent(RecordedAgent):
    """A recorded walk that keeps the OIDs of every GETNEXT, in order."""

    nexts: list[tuple[Oid, ...]]

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        self.nexts.append(tuple(oids))
        return await super().get_next(target, creds, oids)


# BRIDGE-MIB dot1dTpFdbTable and dot1dBasePortTable, Q-BRIDGE-MIB dot1qTpFdbTable, BGP4-MIB bgpPeerTable, OSPF-MIB.
BRIDGE_AND_ROUTING = {(1, 3, 6, 1, 2, 1, 17, 4, 3, 1), (1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2),
                      (1, 3, 6, 1, 2, 1, 17, 1, 4, 1), (1, 3, 6, 1, 2, 1, 15, 3, 1), (1, 3, 6, 1, 2, 1, 14, 1)}


def _nexts(lines: list[str]) -> tuple[Observation, list[tuple[Oid, ...]]]:
    agent = NextRecordingAgent(parse_snmprec(lines))
    agent.nexts = []
    target = DiscoveryTarget("walk", 161, SnmpCredentials.v2c("public"))
    obs = asyncio.run(discover_target(agent, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    return obs, agent.nexts


def test_kind_subtrees_are_asked_only_when_nothing_before_them_gave_the_kind() -> None:
    # Made-up devices. A sysDescr that says what kind of switch it is decides before the BRIDGE-MIB and routing rules:
    # their subtrees are never asked (what follows an absent one is whatever the agent has next, maybe large) ...
    bgp_peer = "1.3.6.1.2.1.15.3.1.2.192.0.2.1|2|6"
    obs, nexts = _nexts([*system("8-port Gigabit Managed Switch", "1.3.6.1.4.1.99999.1"), *PORTS, bgp_peer])
    assert obs.device["kind"] == "switch"
    assert not BRIDGE_AND_ROUTING & {oid for request in nexts for oid in request}
    # ... while a device nothing else names is asked about them, in one request after the first probe, and the BGP
    # peer table that answers makes it a router.
    obs, nexts = _nexts([*system("Box", "1.3.6.1.4.1.99999.1"), *PORTS, bgp_peer])
    assert obs.device["kind"] == "router"
    assert not BRIDGE_AND_ROUTING & set(nexts[0])  # the first probe: selection subtrees and table columns only
    asking = [set(request) for request in nexts if BRIDGE_AND_ROUTING & set(request)]
    assert len(asking) == 1 and asking[0] >= BRIDGE_AND_ROUTING


def test_a_process_table_decides_no_kind_subtree_away() -> None:
    # Made-up device: a router of a maker no row knows, built on Linux, lists its processes. The process table gives a
    # server only on a general-purpose host (KindRule.host), judged from the arcs read in the same round trip, so the
    # bridge and routing subtrees after it are asked too: its BGP peers make it a router.
    bgp_peer = "1.3.6.1.2.1.15.3.1.2.192.0.2.1|2|6"
    process = "1.3.6.1.2.1.25.4.2.1.2.1|4|init"  # HOST-RESOURCES-MIB hrSWRunName
    obs, nexts = _nexts([*system("Linux gw01 5.4.0 #1 SMP mips", "1.3.6.1.4.1.99999.1"), *PORTS, process, bgp_peer])
    assert obs.device["kind"] == "router", obs.device["evidence"]
    asking = [set(request) for request in nexts if BRIDGE_AND_ROUTING & set(request)]
    assert len(asking) == 1 and asking[0] >= BRIDGE_AND_ROUTING


def test_a_host_listing_its_processes_is_not_asked_the_bridge_and_routing_subtrees() -> None:
    # Made-up device: a Linux host under net-snmp's number lists its processes. The process table decides its kind
    # there (most such devices are hosts), so the bridge and routing subtrees are not asked of every server.
    process = "1.3.6.1.2.1.25.4.2.1.2.1|4|init"  # HOST-RESOURCES-MIB hrSWRunName
    obs, nexts = _nexts([*system("Linux web01 5.10.0 #1 SMP x86_64", "1.3.6.1.4.1.8072.3.2.10"), *PORTS, process])
    assert obs.device["kind"] == "server", obs.device["evidence"]
    assert not BRIDGE_AND_ROUTING & {oid for request in nexts for oid in request}


def test_catalogue_oids_are_parsed_once_and_bad_ones_still_raise() -> None:
    from govops.discovery.snmp import _catalogue_oid

    assert _catalogue_oid(".1.3.6.1.2.1.27.1.1.4") == (1, 3, 6, 1, 2, 1, 27, 1, 1, 4)
    assert _catalogue_oid("1.3.6.1.2.1.27.1.1.4") is _catalogue_oid("1.3.6.1.2.1.27.1.1.4")  # the cached tuple
    for _ in range(2):  # a failure is raised every time, never cached as a value
        with pytest.raises(ValueError, match="not an OID"):
            _catalogue_oid("1.3.x")


def test_the_first_look_for_vendor_arcs_rides_with_the_vendor_values() -> None:
    # A made-up sysObjectID no catalogue row knows, and an agent answering a vendor arc (Huawei's 2011): what follows
    # 1.3.6.1.4.1 is asked in the vendor values' GETNEXT, not a request of its own; the next hop goes out alone.
    arcs = (1, 3, 6, 1, 4, 1)
    obs, nexts = _nexts([*system("Box", "1.3.6.1.4.1.99999.1"), "1.3.6.1.2.1.2.1.0|2|0",
                         "1.3.6.1.4.1.2011.5.25.31.1.1.1.1.7.1|2|1"])
    assert obs.ok
    first = [request for request in nexts if arcs in request]
    assert len(first) == 1 and len(first[0]) > 1  # the vendor rules' GETNEXT carries it
    assert (*arcs, 2012) in {oid for request in nexts for oid in request}  # the next hop, past Huawei's arc


class AskRecordingAgent(NextRecordingAgent):
    """A recorded walk that keeps the OIDs of every GET too, in order."""

    gets: list[tuple[Oid, ...]]

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        self.gets.append(tuple(oids))
        return await super().get(target, creds, oids)


def _asked(lines: list[str], version: str = "2c") -> tuple[Observation, AskRecordingAgent]:
    agent = AskRecordingAgent(parse_snmprec(lines))
    agent.nexts, agent.gets = [], []
    creds = SnmpCredentials.v2c("public") if version == "2c" else SnmpCredentials.v2c("public").with_version("1")
    target = DiscoveryTarget("walk", 161, creds)
    obs = asyncio.run(discover_target(agent, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    return obs, agent


SYSTEM = {mib.SYS_DESCR, mib.SYS_OBJECT_ID, mib.SYS_UPTIME, mib.SYS_NAME, mib.IF_NUMBER}


def test_the_system_group_rides_in_the_first_probe() -> None:
    # Made-up device no row's selection asks a subtree of: its system group (each scalar as what follows its object),
    # the process table and the table columns go out in one GETNEXT; no GET of the system group, no second probe.
    obs, agent = _asked([*system("Box", "1.3.6.1.4.1.99999.1"), "1.3.6.1.2.1.1.3.0|67|12345",
                         "1.3.6.1.2.1.2.1.0|2|3", *PORTS])
    assert {scalar[:-1] for scalar in SYSTEM} <= set(agent.nexts[0])
    assert mib.IF_DESCR in agent.nexts[0]
    assert not SYSTEM & {oid for request in agent.gets for oid in request}
    assert obs.interfaces is not None
    assert (obs.device["sys_name"], obs.device["uptime_seconds"], len(obs.interfaces)) == ("dev", 123.45, 3)


def test_a_scalar_the_agent_lacks_is_not_what_follows_it() -> None:
    # No sysName, no ifNumber (made-up): what follows them (sysLocation, the first ifTable row) is no value of theirs.
    lines = ["1.3.6.1.2.1.1.1.0|4|Box", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1", "1.3.6.1.2.1.1.6.0|4|Room 2",
             *PORTS]
    obs, _agent = _asked(lines)
    assert obs.ok and obs.device["sys_name"] is None and obs.device["uptime_seconds"] is None
    assert obs.interfaces is not None
    assert len(obs.interfaces) == 3


def test_snmpv1_and_a_refusing_agent_get_the_system_group_with_a_get() -> None:
    # SNMPv1 fails a GETNEXT whole at the end of the MIB; an agent refusing the first PDU is asked the group apart.
    lines = [*system("Box", "1.3.6.1.4.1.99999.1"), *PORTS]
    _obs, agent = _asked(lines, version="1")
    assert set(agent.gets[0]) >= SYSTEM

    class Refusing(AskRecordingAgent):
        async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
            if mib.SYS_DESCR[:-1] in oids:
                raise DeviceError("SNMP getnext: error status 5", device="walk")
            return await super().get_next(target, creds, oids)

    refusing = Refusing(parse_snmprec(lines))
    refusing.nexts, refusing.gets = [], []
    target = DiscoveryTarget("walk", 161, SnmpCredentials.v2c("public"))
    obs = asyncio.run(discover_target(refusing, target, DiscoveryOptions(), default_platforms(), default_vendors()))
    assert obs.interfaces is not None
    assert obs.ok and obs.device["sys_name"] == "dev" and len(obs.interfaces) == 3
    assert set(refusing.gets[0]) >= SYSTEM


def test_a_root_the_agent_refuses_alone_is_not_answered_and_the_others_still_are() -> None:
    # Made-up subtrees; the agent refuses every GETNEXT that holds the second (an error status, not tooBig). The
    # probe splits as every GETNEXT of OIDs that stand apart does (the client's ``next_apart``): halves, then nothing
    # under the refused one, where it used to fail the device.
    from govops.discovery.snmp import _answered

    refused = (1, 3, 6, 1, 4, 1, 99999, 2)

    class Refusing(NextRecordingAgent):
        async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
            if refused in oids:
                raise DeviceError("SNMP getnext: error status 5", device="walk")
            return await super().get_next(target, creds, oids)

    agent = Refusing(parse_snmprec(["1.3.6.1.4.1.99999.1.1.0|2|1", "1.3.6.1.4.1.99999.2.1.0|2|1",
                                    "1.3.6.1.4.1.99999.3.1.0|2|1"]))
    agent.nexts = []
    roots = ["1.3.6.1.4.1.99999.1", "1.3.6.1.4.1.99999.2", "1.3.6.1.4.1.99999.3"]
    answered = asyncio.run(_answered(agent, SnmpTarget("walk"), SnmpCredentials.v2c("public"), roots))
    assert answered == {"1.3.6.1.4.1.99999.1", "1.3.6.1.4.1.99999.3"}


@pytest.mark.parametrize(
    ("answer", "index"),
    [
        (VarBind((1, 3, 6, 1, 4, 1, 9, 9, 1, 5, 7), "int", 1), (5, 7)),  # a row of the column: its index
        (VarBind((1, 3, 6, 1, 4, 1, 9, 9, 1), "int", 1), ()),  # the column's OID itself: nothing after it
        (VarBind((1, 3, 6, 1, 4, 1, 9, 9, 2, 1), "int", 1), None),  # the next column: what the agent has next
        (VarBind((1, 3, 6, 1, 4, 1, 9, 9, 10, 5), "int", 1), None),  # column 10 is not under column 1, as text it is
        (VarBind((1, 3, 6, 1, 4, 1, 9, 9), "int", 1), None),  # shorter than the column
        (VarBind((1, 3, 6, 1, 4, 1, 9, 9, 1, 5), "end", None), None),  # endOfMibView where a row would be
        (VarBind((1, 3, 6, 1, 4, 1, 9, 9, 1, 5), "missing", None), None),
    ],
)
def test_a_getnext_answer_is_inside_a_column_only_under_its_oid(answer: VarBind, index: Oid | None) -> None:
    assert answer.index_in((1, 3, 6, 1, 4, 1, 9, 9, 1)) == index
