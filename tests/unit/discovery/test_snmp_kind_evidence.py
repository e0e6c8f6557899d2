"""Kinds from what a device states about itself and what its interfaces are made of (LLDP-MIB's system capabilities,
IF-MIB ifType), and the port count that is the last resort. Walks made up in the MIBs' shapes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govops.catalog.vendors import default_vendors
from govops.discovery.snmp import subtrees_read
from govops.discovery.snmp_identify import (
    RawIdentity,
    _kind,
    _kind_keys,
    _kind_probes_to_ask,
    _kind_steps,
    default_kind_applies,
    identify,
)
from govops.errors import CatalogError
from govops.platforms.snmp import KindRule, SnmpPlatform, UnlessStated, default_platforms, set_bits, validate
from govops.snmp.recorded import parse_snmprec
from govops.util.oid import oid_str
from tests.snmp_cases import general, run, system

UNKNOWN = "1.3.6.1.4.1.99999.3"  # an enterprise number no row knows
CAP_ENABLED = "1.0.8802.1.1.2.1.3.6.0"  # LLDP-MIB lldpLocSysCapEnabled
CAP_SUPPORTED = "1.0.8802.1.1.2.1.3.5.0"  # LLDP-MIB lldpLocSysCapSupported
CAP_ENABLED_V2 = "1.3.111.2.802.1.1.13.1.3.6.0"  # LLDP-V2-MIB lldpV2LocSysCapEnabled
PROCESS = "1.3.6.1.2.1.25.4.2.1.2.1|4|init"  # HOST-RESOURCES-MIB hrSWRunName: the agent lists processes
SERVICES = "1.3.6.1.2.1.1.7.0"  # SNMPv2-MIB sysServices
TRANSPORT_TYPES = "50,51,195,196,219,260,261,291,292,293,294"
PORT_COUNT = ("generic kind rule ifType 6,62,69,117 on at least 8 interfaces, unless 1.3.6.1.2.1.1.7.0 states bit 1 "
              "clear or 1.0.8802.1.1.2.1.3.6.0 states bit 2 clear or 1.3.111.2.802.1.1.13.1.3.6.0 states bit 2 clear, "
              "looked at last, nothing else naming a kind")


def interfaces(if_type: int, count: int, first: int = 1) -> list[str]:
    """IF-MIB rows of ``count`` interfaces of one IANAifType, from ifIndex ``first``."""
    return [line for i in range(first, first + count)
            for line in (f"1.3.6.1.2.1.2.2.1.1.{i}|2|{i}", f"1.3.6.1.2.1.2.2.1.2.{i}|4|port {i}",
                         f"1.3.6.1.2.1.2.2.1.3.{i}|2|{if_type}")]


def kind_of(*lines: str, descr: str = "Acme box") -> tuple[str | None, str | None]:
    obs = run([*system(descr, UNKNOWN), *lines])
    return obs.device["kind"], obs.device["evidence"].get("kind")


def host_kind_of(*lines: str, descr: str) -> tuple[str | None, str | None]:
    """The standard layer's kind (no platform row) for a host: net-snmp's number, no maker's arc answered."""
    obs = general([*system(descr, LINUX[1]), *lines])
    return obs.device["kind"], obs.device["evidence"].get("kind")


@pytest.mark.parametrize(
    ("octets", "bits"),
    [("80", {0}), ("28", {2, 4}), ("2800", {2, 4}), ("00:01", {15}), ("01 80", {7, 8}), ("", set()), (None, set()),
     ("xyz", set())],
)
def test_bits_are_numbered_from_the_most_significant_bit_of_the_first_octet(octets: str | None, bits: set[int]) -> None:
    assert set_bits(octets) == bits


@pytest.mark.parametrize(
    ("value", "kind", "bit"),
    [
        ("4x|20", "switch", 2),  # bridge
        ("4x|28", "switch", 2),  # bridge and router: a layer-3 switch
        ("4x|2000", "switch", 2),  # the two octets some agents send
        ("4x|08", "router", 4),  # router alone
        ("4x|10", "access_point", 3),  # wlanAccessPoint
        ("4x|30", "access_point", 3),  # an access point bridges its radios to its Ethernet port
        ("4x|04", "other", 5),  # telephone
        ("4x|24", "other", 5),  # a telephone bridges its PC port
        # Octets that spell text are still octets: 0x28 is '(' and 0x20 a blank, which text would lose.
        ("4|(", "switch", 2),
        ("4| ", "switch", 2),
        ("4x|01", None, None),  # stationOnly: an end station of some kind
        ("4x|40", None, None),  # repeater
        ("4x|02", None, None),  # docsisCableDevice: a cable modem or a CMTS
        ("4x|80", None, None),  # other
        ("4x|00", None, None),  # nothing enabled
    ],
)
@pytest.mark.parametrize("scalar", [CAP_ENABLED, CAP_ENABLED_V2])
def test_lldp_enabled_capabilities_give_the_kind(value: str, kind: str | None, bit: int | None, scalar: str) -> None:
    got, evidence = kind_of(f"{scalar}|{value}")
    assert got == kind, evidence
    if kind:
        assert evidence is not None and evidence.startswith(f"generic kind rule bits {bit} of {scalar}")
        # No platform: no default to narrow, and the evidence names none.
        assert "default" not in evidence


def test_lldp_capabilities_supported_are_not_enabled() -> None:
    # A router that could bridge says so in lldpLocSysCapSupported: that is no role it has.
    assert kind_of(f"{CAP_SUPPORTED}|4x|28") == (None, None)
    assert kind_of(f"{CAP_SUPPORTED}|4x|28", f"{CAP_ENABLED}|4x|08")[0] == "router"


def test_a_host_listing_its_processes_stays_a_server_whatever_its_lldp_agent_states() -> None:
    # An LLDP agent on a container host states bridge and router (a bridge interface, IP forwarding on).
    assert host_kind_of(PROCESS, f"{CAP_ENABLED}|4x|28", descr=LINUX[0])[0] == "server"


@pytest.mark.parametrize("caps", ["10", "30", "38", "18"])
@pytest.mark.parametrize("scalar", [CAP_ENABLED, CAP_ENABLED_V2])
def test_a_host_with_wifi_listing_its_processes_is_no_access_point(caps: str, scalar: str) -> None:
    # lldpd states WLAN access point enabled for any wireless interface (a laptop's or a server's Wi-Fi card), with
    # bridge for a container bridge and router for IP forwarding: the process table says what the host is.
    got, evidence = host_kind_of(PROCESS, f"{scalar}|4x|{caps}", descr="Linux ws12 6.1.0-18-amd64 #1 SMP x86_64")
    assert got == "server", evidence
    assert evidence is not None and "answers 1.3.6.1.2.1.25.4.2.1" in evidence


@pytest.mark.parametrize("caps", ["10", "30", "38"])
def test_an_access_point_without_a_process_table_says_so_by_lldp(caps: str) -> None:
    got, evidence = kind_of(f"{CAP_ENABLED}|4x|{caps}", descr="Acme AirSpot 300")
    assert got == "access_point", evidence
    assert evidence is not None and evidence.startswith(f"generic kind rule bits 3 of {CAP_ENABLED}")


def test_an_access_point_listing_its_processes_is_one_where_something_else_says_so() -> None:
    dot11 = "1.2.840.10036.1.1.1.1.1|4|ap-radio0"  # IEEE802dot11-MIB dot11StationID: it manages a radio over SNMP
    lldp = f"{CAP_ENABLED}|4x|30"
    assert kind_of(PROCESS, lldp, dot11, descr="Linux ap7 5.4.0 #1 SMP mips")[0] == "access_point"
    assert kind_of(PROCESS, lldp, descr="Acme Wireless Access Point 6.2")[0] == "access_point"  # its sysDescr
    # With nothing but the LLDP bit, one under net-snmp's number is taken for the Linux host it also is (hosts far
    # outnumber rowless APs) ...
    assert host_kind_of(PROCESS, lldp, descr="Linux ap7 5.4.0 #1 SMP mips")[0] == "server"
    # ... and one under a maker's number is its maker's appliance: the process table states its system, not its kind.
    assert kind_of(PROCESS, lldp, descr="Linux ap7 5.4.0 #1 SMP mips")[0] == "access_point"


AWPLUS = ("AW+ v5.4.9", "1.3.6.1.4.1.207.1.14.999")  # a platform whose default kind is switch
BINTEC = ("bintec be.IP plus", "1.3.6.1.4.1.272.4.999")  # ... router
VRP = ("Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.999")  # ... switch
DATACOM = ("Acme", "1.3.6.1.4.1.2011.2.999")  # Huawei's datacom arc, no banner: other, it guesses nothing
STONEOS = ("Hillstone StoneOS 5.5R6", "1.3.6.1.4.1.28557.1.999")  # ... firewall
LINUX = ("Linux node1 5.15.0 #1 SMP x86_64", "1.3.6.1.4.1.8072.3.2.10")  # ... server


@pytest.mark.parametrize(
    ("device", "caps", "kind", "default"),
    [
        (AWPLUS, "08", "router", "switch"),  # router without bridge narrows a switch default
        (AWPLUS, "28", "switch", None),  # both: the default stands
        (AWPLUS, "20", "switch", None),
        (AWPLUS, "30", "access_point", "switch"),
        (AWPLUS, "10", "access_point", "switch"),
        # Bridge, WLAN and router: a switch that states every role its firmware has is no access point.
        (AWPLUS, "38", "switch", None),
        (AWPLUS, "18", "router", "switch"),  # WLAN and router without bridge: a router with a radio
        (BINTEC, "20", "switch", "router"),  # bridge without router narrows a router default
        (BINTEC, "28", "router", None),
        (BINTEC, "08", "router", None),
        (BINTEC, "30", "router", None),  # a router with a radio is still a router
        (BINTEC, "24", "router", None),  # bridge and telephone
        (VRP, "08", "router", "switch"),
        (DATACOM, "08", "router", "other"),
        (DATACOM, "20", "switch", "other"),
        (DATACOM, "10", "access_point", "other"),
        (DATACOM, "38", "access_point", "other"),  # a default that guesses nothing: the WLAN bit alone narrows it
        (DATACOM, "28", "other", None),
        (STONEOS, "20", "firewall", None),  # a default that names one kind of thing stands
        (STONEOS, "08", "firewall", None),
    ],
)
def test_a_stated_role_narrows_a_platform_default_that_only_guesses(
    device: tuple[str, str], caps: str, kind: str, default: str | None
) -> None:
    descr, oid = device
    for scalar in (CAP_ENABLED, CAP_ENABLED_V2):
        obs = run([*system(descr, oid), f"{scalar}|4x|{caps}"])
        evidence = obs.device["evidence"]["kind"]
        assert obs.device["kind"] == kind, evidence
        if default:
            assert evidence.startswith("generic kind rule bits") and evidence.endswith(f"default kind {default}")
        else:
            assert not evidence.startswith("generic"), evidence  # the platform's own rule or default
    # Without the statement, the platform's default.
    assert run(system(descr, oid)).device["kind"] == (default or kind)


def test_a_container_hosts_lldp_agent_never_narrows_the_server_default() -> None:
    obs = run([*system(*LINUX), PROCESS, f"{CAP_ENABLED}|4x|20"])
    assert obs.device["kind"] == "server", obs.device["evidence"]


def test_a_sysdescr_that_names_the_kind_comes_before_lldp() -> None:
    assert kind_of(f"{CAP_ENABLED}|4x|20", descr="Acme Firewall 3.1")[0] == "firewall"


@pytest.mark.parametrize(
    ("if_type", "count", "kind"),
    [
        (50, 1, "transport"),  # sonetPath: an SDH multiplexer's paths
        (51, 2, "transport"),  # sonetVT
        (195, 1, "transport"),  # opticalChannel
        (196, 4, "transport"),  # opticalTransport
        (261, 2, "transport"),  # otnOtu
        (294, 1, "transport"),  # otnOtsig
        (39, 4, None),  # sonet: a router's packet-over-SONET ports, no transport
        (6, 4, None),  # Ethernet alone says nothing
    ],
)
def test_optical_and_sdh_interfaces_are_transport(if_type: int, count: int, kind: str | None) -> None:
    got, evidence = kind_of(*interfaces(6, 2), *interfaces(if_type, count, first=10))
    assert got == kind, evidence
    if kind:
        assert evidence == f"generic kind rule ifType {TRANSPORT_TYPES} on at least 1 interface"


@pytest.mark.parametrize(
    ("if_type", "count", "kind"),
    [
        (251, 8, "switch"),  # vdsl2: a DSLAM's lines
        (169, 24, "switch"),  # shdsl: an EFM-over-copper aggregator
        (94, 7, None),  # fewer than 8 lines: a modem, or too little to tell
        (251, 2, None),  # a bonded VDSL2 modem
        (250, 2, "switch"),  # gpon: an OLT's PON ports
        (270, 16, "switch"),  # aluGponOnu: the ONUs an OLT lists
        (250, 1, None),  # an ONT's single PON uplink
    ],
)
def test_dsl_and_pon_lines_make_an_access_node(if_type: int, count: int, kind: str | None) -> None:
    got, evidence = kind_of(*interfaces(6, 2), *interfaces(if_type, count, first=10))
    assert got == kind, evidence
    if kind:
        assert evidence is not None and evidence.startswith("generic kind rule ifType")
        assert evidence.endswith(f"on at least {8 if if_type != 250 and if_type != 270 else 2} interfaces")


@pytest.mark.parametrize(
    ("if_types", "kind"),
    [
        (((127, 1), (128, 4), (129, 2), (205, 8)), "router"),  # a CMTS: logical upstream channels
        (((127, 1), (257, 2)), "router"),  # a CCAP's downstream RF ports
        (((127, 1), (128, 8), (129, 4)), None),  # a cable modem's MAC, downstreams and upstreams
    ],
)
def test_upstream_channels_make_a_cmts(if_types: tuple[tuple[int, int], ...], kind: str | None) -> None:
    lines, first = [], 1
    for if_type, count in if_types:
        lines += interfaces(if_type, count, first)
        first += count
    got, evidence = kind_of(*lines)
    assert got == kind, evidence
    if kind:
        assert evidence == "generic kind rule ifType 205,229,256,257 on at least 1 interface"


def test_interface_types_come_before_the_process_table() -> None:
    # A transport shelf or an access node running a general-purpose OS lists its processes too.
    assert kind_of(PROCESS, *interfaces(195, 2), descr="Linux ols 4.9.0 #1 SMP armv7l")[0] == "transport"
    assert kind_of(PROCESS, *interfaces(250, 4), descr="Linux olt 4.9.0 #1 SMP armv7l")[0] == "switch"


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ((), "network"),
        ((f"{SERVICES}|2|78",), "network"),  # states the datalink layer (2) among others
        ((f"{SERVICES}|2|72",), None),  # end-to-end and applications, no datalink: it bridges nothing
        ((f"{SERVICES}|2|4",), None),  # internet alone
        ((f"{SERVICES}|2|0",), None),  # no layer at all
        ((f"{SERVICES}|2|200",), "network"),  # outside INTEGER (0..127): it states nothing
        ((f"{SERVICES}|2|-8",), "network"),
        ((f"{SERVICES}|4|n/a",), "network"),  # no number
        ((f"{CAP_ENABLED}|4x|01",), None),  # LLDP: an end station
        ((f"{CAP_ENABLED}|4x|00",), None),  # LLDP: no role enabled, bridge among them
        ((f"{CAP_ENABLED_V2}|4x|c000",), None),  # LLDP-V2: other and repeater, no bridge
        # Under a maker's number (UNKNOWN) a process table states the system its appliance runs, not its kind.
        ((PROCESS,), "network"),
    ],
)
def test_eight_ethernet_ports_are_a_network_device_only_where_it_states_nothing_against_it(
    extra: tuple[str, ...], kind: str | None
) -> None:
    got, evidence = kind_of(*interfaces(6, 8), *extra)
    assert got == kind, evidence
    if kind == "network":  # a count states no role: never a switch
        assert evidence is not None and evidence.startswith(PORT_COUNT), evidence


def test_a_host_listing_its_processes_is_a_server_whatever_its_port_count() -> None:
    got, evidence = host_kind_of(*interfaces(6, 8), PROCESS, descr=LINUX[0])
    assert got == "server" and evidence is not None and "on a general-purpose host" in evidence, evidence


@pytest.mark.parametrize("if_type", [6, 62, 69, 117])  # ethernetCsmacd, fastEther, fastEtherFX, gigabitEthernet
def test_every_ethernet_type_counts(if_type: int) -> None:
    assert kind_of(*interfaces(6, 4), *interfaces(if_type, 4, first=10)) == ("network", PORT_COUNT)


def entities(count: int, cls: int = 10) -> list[str]:
    """ENTITY-MIB rows: a chassis (index 1) holding ``count`` entities of PhysicalClass ``cls`` (10: port)."""
    ent = "1.3.6.1.2.1.47.1.1.1.1"
    rows = [f"{ent}.2.1|4|Acme chassis", f"{ent}.4.1|2|0", f"{ent}.5.1|2|3", f"{ent}.13.1|4|AX-9000"]
    return rows + [line for i in range(2, 2 + count)
                   for line in (f"{ent}.2.{i}|4|port {i}", f"{ent}.4.{i}|2|1", f"{ent}.5.{i}|2|{cls}")]


ENTITY_PORT_COUNT = ("generic kind rule entPhysicalClass 10 on at least 8 entities, unless 1.3.6.1.2.1.1.7.0 states "
                     "bit 1 clear or 1.0.8802.1.1.2.1.3.6.0 states bit 2 clear or 1.3.111.2.802.1.1.13.1.3.6.0 states "
                     "bit 2 clear, looked at last, nothing else naming a kind")


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        (entities(8), "network"),  # a chassis listing 8 ports in ENTITY-MIB, its interfaces not in IF-MIB
        (entities(7), None),  # seven: no kind rather than a guess
        (entities(12, cls=6), None),  # power supplies are no ports
        ((*entities(8), f"{SERVICES}|2|72"), None),  # it states no datalink layer: it bridges nothing
        ((*entities(8), f"{CAP_ENABLED}|4x|08"), "router"),  # a statement comes before any count
    ],
)
def test_eight_port_entities_are_a_network_device(lines: tuple[str, ...], kind: str | None) -> None:
    got, evidence = kind_of(*lines)
    assert got == kind, evidence
    if kind == "network":  # a count states no role: never a switch
        assert evidence == ENTITY_PORT_COUNT


def test_a_host_listing_its_processes_is_a_server_whatever_its_port_entities() -> None:
    assert host_kind_of(*entities(8), PROCESS, descr=LINUX[0])[0] == "server"


def test_seven_ethernet_ports_are_no_network_device() -> None:
    assert kind_of(*interfaces(6, 7)) == (None, None)
    assert kind_of(*interfaces(6, 7), *interfaces(24, 4, first=10)) == (None, None)  # softwareLoopback is no port


def test_the_port_count_comes_after_the_power_catalogue() -> None:
    # A PDU with a switch's worth of Ethernet ports (PLANET-PDU-MIB's outlet power column under its own arc): the
    # power object it answers is a statement, the port count only a count.
    walk = [*system("IPM-0000 1.0", "1.3.6.1.4.1.10456"), "1.3.6.1.4.1.10456.3.3.3.1.9.1|2|120", *interfaces(6, 8)]
    obs = run(walk)
    assert obs.device["kind"] == "pdu", obs.device["evidence"]


def test_identification_alone_never_counts_ports() -> None:
    # ``identify`` (no power probes) stops before the rules looked at last: a count is discovery's last resort.
    raw = RawIdentity(sys_descr="Acme box", sys_object_id=UNKNOWN, sys_name=None, uptime_ticks=None, if_types={6: 48})
    assert identify(raw, default_platforms(), default_vendors())[1]["kind"] is None


@pytest.mark.parametrize(
    ("statement", "values", "stated"),
    [
        (UnlessStated(clear=(2,), bits_of=CAP_ENABLED), {f"{CAP_ENABLED}[bits]": "08"}, True),  # router, no bridge
        (UnlessStated(clear=(2,), bits_of=CAP_ENABLED), {f"{CAP_ENABLED}[bits]": "28"}, False),  # bridge too
        (UnlessStated(clear=(2,), bits_of=CAP_ENABLED), {f"{CAP_ENABLED}[bits]": ""}, False),  # no octet: unstated
        (UnlessStated(clear=(2,), bits_of=CAP_ENABLED), {}, False),
        (UnlessStated(clear=(1, 2), bits_of=CAP_ENABLED), {f"{CAP_ENABLED}[bits]": "20"}, False),  # one of them set
        (UnlessStated(clear=(1,), flags_of=SERVICES, width=7), {SERVICES: "72"}, True),  # 64 + 8: no 2
        (UnlessStated(clear=(1,), flags_of=SERVICES, width=7), {SERVICES: " 78 "}, False),  # 64 + 8 + 4 + 2
        (UnlessStated(clear=(1,), flags_of=SERVICES, width=7), {SERVICES: "127"}, False),
        (UnlessStated(clear=(1,), flags_of=SERVICES, width=7), {SERVICES: "128"}, False),  # wider than the SYNTAX
        (UnlessStated(clear=(1,), flags_of=SERVICES, width=7), {SERVICES: "-4"}, False),
        (UnlessStated(clear=(1,), flags_of=SERVICES, width=7), {SERVICES: None}, False),
        (UnlessStated(clear=(0, 1), flags_of=SERVICES, width=7), {SERVICES: "4"}, True),
        (UnlessStated(clear=(0, 1), flags_of=SERVICES, width=7), {SERVICES: "5"}, False),
    ],
)
def test_an_unless_statement_is_a_scalar_stated_with_its_bits_clear(
    statement: UnlessStated, values: dict[str, str | None], stated: bool
) -> None:
    assert statement.stated(values) is stated


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (KindRule(kind="switch", bits_of=CAP_ENABLED), "bits_of and bits go together"),
        (KindRule(kind="switch", bits=(2,)), "bits_of and bits go together"),
        (KindRule(kind="switch", bits_of=CAP_ENABLED, bits=(-1,)), "bits_of and bits go together"),
        (KindRule(kind="switch", bits_of="lldpLocSysCapEnabled", bits=(2,)), "is no scalar OID"),
        (KindRule(kind="switch", at_least=8), "at_least"),
        (KindRule(kind="switch", if_types=(6,), at_least=0), "at_least"),
        (KindRule(kind="switch", if_types=(0,)), "at_least"),
        (KindRule(kind="switch", if_types=(6,), last=True), "last is for the standard layer's rules"),
        (KindRule(kind="switch", entity_classes=(10,), at_least=0), "at_least"),
        (KindRule(kind="switch", entity_classes=(0,)), "at_least"),
        # at_least counts one table: interfaces or physical entities, not both.
        (KindRule(kind="switch", if_types=(6,), entity_classes=(10,), at_least=8), "one of the two"),
    ],
)
def test_bits_and_interface_keys_are_checked_at_load(rule: KindRule, message: str) -> None:
    rows = [SnmpPlatform(id="generic", source="test"), SnmpPlatform(id="acme", source="test", kinds=(rule,))]
    with pytest.raises(CatalogError, match=message):
        validate(rows)


def test_a_recording_trimmed_to_what_discovery_reads_keeps_the_capabilities_scalars() -> None:
    # Recorded walks are served trimmed to ``subtrees_read``: a BITS scalar a kind rule reads must be in it, LLDP-V2's
    # (outside the LLDP-MIB subtree discovery walks for neighbours) too.
    remote = "1.3.111.2.802.1.1.13.1.4.1.1.5.0.1.1"  # lldpV2RemChassisId: nothing discovery reads
    walk = [*system("Acme box", UNKNOWN), f"{CAP_ENABLED_V2}|4x|20", f"{remote}|4|x"]
    kept = {oid_str(oid) for oid in parse_snmprec(walk, prefixes=subtrees_read(default_platforms()))}
    assert CAP_ENABLED_V2 in kept and remote not in kept


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (KindRule(kind="switch", clear=(4,)), "clear needs them"),
        (KindRule(kind="switch", bits_of=CAP_ENABLED, bits=(2,), clear=(-4,)), "bits_of and bits go together"),
    ],
)
def test_clear_bits_need_a_bits_scalar(rule: KindRule, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        validate([SnmpPlatform(id="generic", source="test", kinds=(rule,))])


def test_a_rule_looked_at_last_narrows_no_default() -> None:
    rule = KindRule(kind="switch", if_types=(6,), at_least=8, last=True)
    assert validate([SnmpPlatform(id="generic", source="test", kinds=(rule,))])
    for before in (replace(rule, over_defaults=("server",)), replace(rule, over_broad=True)):
        with pytest.raises(CatalogError, match=r"generic kinds #1: last .* \(no over_defaults, over_broad\)"):
            validate([SnmpPlatform(id="generic", source="test", kinds=(before,))])


@pytest.mark.parametrize("rule", [KindRule(kind="router", bits_of=CAP_ENABLED, bits=(4,), over_defaults=("switch",)),
                                  KindRule(kind="ups", answers="1.3.6.1.2.1.33.1.1", over_broad=True)],
                         ids=["over_defaults", "over_broad"])
def test_only_the_standard_layer_narrows_platform_defaults(rule: KindRule) -> None:
    assert validate([SnmpPlatform(id="generic", source="test", kinds=(rule,))])
    with pytest.raises(CatalogError, match="over_defaults and over_broad are for the standard layer"):
        validate([SnmpPlatform(id="generic", source="test"), SnmpPlatform(id="acme", source="test", kinds=(rule,))])


UPS_IDENT = "1.3.6.1.2.1.33.1.1.2.0|4|Acme UPS 3000"  # UPS-MIB upsIdentModel


@pytest.mark.parametrize(("descr", "oid", "kind", "rule"), [
    # A UPS's Linux card behind net-snmp's number: the standard rule, before the broad row's default (a host's).
    ("Linux ups-1 4.14.0 armv7l", "1.3.6.1.4.1.8072.3.2.10", "ups",
     "generic kind rule answers 1.3.6.1.2.1.33.1.1, before net_snmp_linux's default kind server"),
    # A Windows host running its UPS's agent: the maker's row's default stands (the rule is not before it).
    ("Hardware: Intel64 Family 6 Model 106 Stepping 6 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 20348 "
     "Multiprocessor Free)", "1.3.6.1.4.1.311.1.1.3.1.3", "server", "windows default kind"),
])
def test_ups_mib_narrows_a_broad_rows_default_only(descr: str, oid: str, kind: str, rule: str) -> None:
    obs = run([*system(descr, oid), UPS_IDENT])
    assert (obs.device["kind"], obs.device["evidence"]["kind"]) == (kind, rule)


def test_a_broad_row_repeats_no_standard_kind_rule() -> None:
    # A broad row's default is narrowed by the standard rules that say so (over_broad), not by copies of them.
    platforms = default_platforms()
    standard = {replace(r, over_broad=False) for p in platforms if p.id == "generic" for r in p.kinds}
    assert [(p.id, r) for p in platforms if p.broad for r in p.kinds if r in standard] == []


@pytest.mark.parametrize(
    ("device", "if_type", "count", "kind", "narrowed"),
    [
        (LINUX, 195, 2, "transport", True),  # no general-purpose host has optical channels
        (LINUX, 251, 8, "switch", True),  # ... or eight DSL lines
        (LINUX, 205, 4, "router", True),  # ... or a CMTS's upstream channels
        (LINUX, 6, 8, "server", False),
        (DATACOM, 196, 2, "transport", True),  # a platform that guesses nothing
        (AWPLUS, 261, 4, "switch", False),  # a switch maker's row: its OTN line cards are interfaces too
        (BINTEC, 50, 2, "router", False),  # a router maker's row: a channelized SDH card's paths
    ],
)
def test_what_the_interfaces_are_narrows_a_server_or_no_guess_default(
    device: tuple[str, str], if_type: int, count: int, kind: str, narrowed: bool
) -> None:
    obs = run([*system(*device), *interfaces(6, 2), *interfaces(if_type, count, first=10)])
    evidence = obs.device["evidence"]["kind"]
    assert obs.device["kind"] == kind, evidence
    assert evidence.startswith("generic kind rule ifType") == narrowed, evidence


# Made-up rows for the one order of the kind rules: a row's own rule, the standard rules before a default of server
# (over_defaults), after every default, and looked at last; each keyed to a subtree, so discovery asks it.
ORDER = SnmpPlatform(id="generic", source="test", kinds=(
    KindRule(kind="router", answers="1.3.6.1.2.1.15.3.1", last=True),
    KindRule(kind="transport", answers="1.3.6.1.2.1.10.39", over_defaults=("server",)),
    KindRule(kind="switch", answers="1.3.6.1.2.1.17.4.3.1"),
))
OWN = KindRule(kind="ups", answers="1.3.6.1.2.1.33.1.1")


@pytest.mark.parametrize(("broad", "steps", "asked"), [
    # A row keyed to a maker's product line: its default decides, after the standard rule that narrows it.
    (False, ["acme_os ups", "generic transport", "acme_os default", "generic transport", "generic switch",
             "generic router"], ["1.3.6.1.2.1.33.1.1", "1.3.6.1.2.1.10.39"]),
    # A broad row: whether its default applies is judged from the arcs read with these subtrees, so none decides here.
    (True, ["acme_os ups", "generic transport", "generic switch", "generic router"],
     ["1.3.6.1.2.1.33.1.1", "1.3.6.1.2.1.10.39", "1.3.6.1.2.1.17.4.3.1", "1.3.6.1.2.1.15.3.1"]),
])
def test_the_subtrees_discovery_asks_follow_the_one_order_of_the_kind_rules(
        broad: bool, steps: list[str], asked: list[str]) -> None:
    platform = SnmpPlatform(id="acme_os", source="test", kind="server", broad=broad, kinds=(OWN,))
    default = default_kind_applies(platform, None)
    order = [f"{row.id} {rule.kind if rule else 'default'}"
             for row, rule in _kind_steps(platform, ORDER, default=default, last=True)]
    assert order == steps
    assert _kind_probes_to_ask(platform, ORDER, UNKNOWN, "Acme box", asked=(), answered=()) == asked
    # Identification's two passes are the same steps: the rules looked at last only once nothing else named a kind.
    assert [*_kind_steps(platform, ORDER, default=default), *_kind_steps(platform, ORDER, first=False, last=True)] == [
        *_kind_steps(platform, ORDER, default=default, last=True)]


# Made-up standard row: the process table gives a server on a general-purpose host only (KindRule.host), before a
# bridge rule; and a row keyed to a maker's product line that guesses no kind.
HR_SW_RUN, BRIDGE = "1.3.6.1.2.1.25.4.2.1", "1.3.6.1.2.1.17.4.3.1"
HOST_ORDER = SnmpPlatform(id="generic", source="test", kinds=(
    KindRule(kind="server", answers=HR_SW_RUN, host=True), KindRule(kind="switch", answers=BRIDGE)))
ACME_LINE = SnmpPlatform(id="acme_line", source="test")


@pytest.mark.parametrize(("platform", "oid", "asked"), [
    (None, "1.3.6.1.4.1.8072.3.2.10", []),  # net-snmp's number: taken for a host until its arcs say otherwise
    (None, UNKNOWN, [BRIDGE]),  # a maker's number: an appliance, whose process table says nothing
    (ACME_LINE, UNKNOWN, []),  # a maker's line's row placed it: host rules are read as written
])
def test_a_host_rule_decides_the_subtrees_asked_as_identification_reads_it(
        platform: SnmpPlatform | None, oid: str, asked: list[str]) -> None:
    # The process table is asked in the first probe (discovery's early subtrees) and answered.
    assert _kind_probes_to_ask(platform, HOST_ORDER, oid, "Linux box 5.10.0 x86_64", asked={HR_SW_RUN},
                               answered={HR_SW_RUN}) == asked
    # Where nothing more is asked, identification gives the kind from what was: the host rule's server.
    raw = RawIdentity("Linux box 5.10.0 x86_64", oid, None, None, answered=frozenset({HR_SW_RUN}))
    assert (_kind(platform, HOST_ORDER, raw)[0] == "server") == (not asked)


def test_a_kind_rules_text_shows_its_keys_as_written_but_a_patterns_closing_spaces() -> None:
    # A pattern's trailing spaces (a whole word's end) are cut where the text is made; a leading space is the
    # pattern's own, kept (every key's value was stripped whole).
    rule = KindRule(kind="switch", sys_descr=r"\A(?:FreeBSD|OpenBSD) ", model=" XS-", when=" Switch  ",
                    when_entity="descr")
    assert _kind_keys(rule) == r"sysDescr \A(?:FreeBSD|OpenBSD), model  XS-, chassis descr  Switch"
