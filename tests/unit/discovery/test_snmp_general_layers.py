"""The general layers that decide for every maker before any vendor row: kinds from the standard MIBs that answer and
the values they state, hosts' uname banners, a host's firmware distribution. Walks made up in the MIBs' shapes."""

from __future__ import annotations

import time
from typing import Any

import pytest

from govops.catalog import serials
from govops.catalog.enterprises import AGENT_ENTERPRISES, SYSTEM_ENTERPRISES, enterprise_of
from govops.discovery.snmp_identify import names_the_host
from govops.platforms.snmp import default_platforms
from tests.snmp_cases import ENT, general, run, system

UNKNOWN = "1.3.6.1.4.1.99999.3"  # an enterprise number no row knows
NET_SNMP_LINUX = "1.3.6.1.4.1.8072.3.2.10"
PROCESS = "1.3.6.1.2.1.25.4.2.1.2.1|4|init"  # HOST-RESOURCES-MIB hrSWRunName: the agent lists processes
DISTRO = "1.3.6.1.4.1.8072.1.3.2.3.1.1.6.100.105.115.116.114.111"  # nsExtendOutput1Line."distro"
SERVICES = "1.3.6.1.2.1.1.7.0"  # SNMPv2-MIB sysServices
BRIDGE_PORT = "1.3.6.1.2.1.17.1.4.1.2.1|2|1"  # BRIDGE-MIB dot1dBasePortIfIndex


@pytest.mark.parametrize(
    ("release", "kind"),
    [
        ("OpenWrt 23.05.2 r23630-842932a63d", "router"),
        ("LEDE Reboot 17.01.4", "router"),
        ("DD-WRT v3.0-r52011 std", "router"),
        ("dd-wrt 4.14.336", "router"),
        ("FreshTomato 2024.1 K26ARM USB AIO-64K", "router"),
        ("Tomato Firmware 1.28", "router"),
        ("ASUSWRT-Merlin 386.7", "router"),
        ("Gargoyle 1.14.0", "router"),
        # A general-purpose distribution, or a router distribution named later in the line: a server still.
        ("Debian GNU/Linux 12 (bookworm)", "server"),
        ("Kylin Linux Advanced Server V10 (Sword)", "server"),
        ("Ubuntu 22.04 LTS with OpenWrt tools", "server"),
    ],
)
def test_a_linux_host_whose_release_line_names_a_router_firmware_is_a_router(release: str, kind: str) -> None:
    walk = [*system("Linux gw 5.15.134 #0 SMP Mon Jan 1 00:00:00 2024 mips", NET_SNMP_LINUX), PROCESS,
            f"{DISTRO}|4|{release}"]
    obs = run(walk)
    assert obs.device["kind"] == kind, obs.device["evidence"]
    assert ("release" in obs.device["evidence"]["kind"]) == (kind == "router")
    # Without the release line the host is a server: the kernel banner alone does not say what it was built into.
    assert run(walk[:-1]).device["kind"] == "server"


@pytest.mark.parametrize(
    ("services", "kind"),
    [
        ("2", "switch"),  # datalink/subnetwork alone: a bridge
        ("3", "switch"),  # ... and physical
        ("1", None),  # physical alone: a repeater, or a card that states nothing more (a UPS's)
        ("6", None),  # datalink and internet: a layer-3 switch or a router
        ("4", None),  # internet alone: a router, a firewall, a storage head
        ("72", None),  # end-to-end and applications: net-snmp's default, whatever it runs on
        ("78", None),
        ("79", None),
        ("0", None),
        ("127", None),
        ("23", None),  # the regex is the whole value
    ],
)
def test_sysservices_stating_only_the_bridging_layers_is_a_switch(services: str, kind: str | None) -> None:
    obs = run([*system("Acme box", UNKNOWN), f"{SERVICES}|2|{services}"])
    assert obs.device["kind"] == kind, obs.device["evidence"]
    if kind:
        assert obs.device["evidence"]["kind"] == f"generic kind rule value of {SERVICES} /[23]/"


def test_sysservices_never_overrules_what_decided_before_it() -> None:
    # A platform's kind (net-snmp on Linux: a server) and a sysDescr that names the kind come first.
    host = run([*system("Linux nas 5.10.0 #1 SMP x86_64", NET_SNMP_LINUX), PROCESS, f"{SERVICES}|2|2"])
    assert host.device["kind"] == "server"
    ups = run([*system("Acme Network Management Card for UPS", UNKNOWN), f"{SERVICES}|2|2"])
    assert ups.device["kind"] == "ups"


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        # IEEE802dot11-MIB dot11StationID of the first radio: an access point, though it bridges (BRIDGE-MIB) too.
        ("1.2.840.10036.1.1.1.1.1|4x|001122334455", "access_point"),
        # POWER-ETHERNET-MIB pethPsePortAdminEnable of port 1.1: a PoE switch.
        ("1.3.6.1.2.1.105.1.1.1.3.1.1|2|1", "switch"),
        # ISIS-MIB isisSysVersion; MPLS-LSR-STD-MIB mplsInterfaceLabelMinIn of interface 0 (per-platform labels).
        ("1.3.6.1.2.1.138.1.1.1.1.0|2|1", "router"),
        ("1.3.6.1.2.1.10.166.2.1.1.1.2.0|66|16", "router"),
    ],
)
def test_kind_from_the_wireless_poe_isis_and_mpls_mibs_that_answer(answer: str, kind: str) -> None:
    obs = run([*system("Acme box", UNKNOWN), answer])
    assert obs.device["kind"] == kind and "answers" in obs.device["evidence"]["kind"]
    with_bridge = run([*system("Acme box", UNKNOWN), answer, BRIDGE_PORT]).device["kind"]
    # An access point bridges and is still an access point; a bridge that routes is a (layer-3) switch.
    assert with_bridge == ("access_point" if kind == "access_point" else "switch")


@pytest.mark.parametrize(
    ("descr", "oid", "version"),
    [
        # uname -a of AIX: system, host, release (uname -r), version (uname -v), machine id: AIX 7.1, 7.3, 6.1.
        ("AIX aix01 1 7 00F84C0C4C00", "1.3.6.1.4.1.8072.3.2.15", "7.1"),
        ("AIX lpar2 3 7 00C8D2E74B00", "1.3.6.1.4.1.8072.3.2.15", "7.3"),
        ("AIX db 1 6", "1.3.6.1.4.1.8072.3.2.15", "6.1"),
        # HP-UX: the release as uname -r writes it.
        ("HP-UX hpux01 B.11.31 U ia64 3717505101 unlimited-user license", "1.3.6.1.4.1.11.2.3.2.10", "B.11.31"),
        ("HP-UX rx2660 B.11.23 U ia64 1234567890 unlimited-user license", "1.3.6.1.4.1.8072.3.2.14", "B.11.23"),
        # A release and version that are no AIX level (three digits) give none.
        ("AIX aix01 100 7 00F84C0C4C00", "1.3.6.1.4.1.8072.3.2.15", None),
    ],
)
def test_unix_uname_banners_give_the_os_level(descr: str, oid: str, version: str | None) -> None:
    obs = run([*system(descr, oid), PROCESS])
    assert obs.device["os_version"] == version and obs.device["kind"] == "server"


@pytest.mark.parametrize(
    ("descr", "model"),
    [
        ("Linux ls01 4.19.190-6.4.lns8.loongarch64 #1 SMP Thu Jan 4 2024 loongarch64", "Generic LoongArch 64-bit"),
        ("Linux sw01 4.19.180-sw64 #1 SMP Tue Mar 1 2022 sw_64", "Generic Sunway 64-bit"),
        ("Linux ls3a4000 4.19.0-loongson-3 #1 SMP mips64", "Generic MIPS"),
        ("Linux kp01 4.19.90-24.4.v2101.ky10.aarch64 #1 SMP aarch64", "Generic ARMv8 64-bit"),
        # A host named for the architecture, on another machine: the machine field decides.
        ("Linux loongarch64-build 5.10.0 #1 SMP x86_64", "Generic x86 64-bit"),
    ],
)
def test_the_chinese_cpu_architectures_are_hardware_classes(descr: str, model: str) -> None:
    assert run([*system(descr, NET_SNMP_LINUX), PROCESS]).device["model"] == model


HOST_BANNER = "Linux box-7 4.19.71-ab2 #1 SMP PREEMPT Fri Jun 10 12:11:13 2022 x86_64"
MAKER_ARC = "1.3.6.1.4.1.99999.7.1.0|2|3"  # a row of a maker's MIB (a number no agent software holds)
NO_MAKER = "agent software's or an operating system project's numbers, no maker's"


@pytest.mark.parametrize("path", ["general", "full"])
@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want", "case"),
    [
        # A host: net-snmp's or UCD-SNMP's number, no maker's arc answered: the machine class and the kernel's release.
        # On the full path net-snmp's number and a Linux banner select the broad net_snmp_linux row, judged alike.
        (HOST_BANNER, NET_SNMP_LINUX, [], ("Generic x86 64-bit", "4.19.71-ab2"),
         f"sysObjectID {NET_SNMP_LINUX}: {NO_MAKER}"),
        (HOST_BANNER, "1.3.6.1.4.1.2021.250.10", ["1.3.6.1.4.1.2021.4.5.0|2|1024"],
         ("Generic x86 64-bit", "4.19.71-ab2"), f"sysObjectID 1.3.6.1.4.1.2021.250.10 and arcs 2021: {NO_MAKER}"),
        # The operating systems' own numbers are a host's too.
        ("OpenBSD fw.example 7.1 GENERIC.MP#465 amd64", "1.3.6.1.4.1.30155.23.1", [], (None, "7.1"),
         f"sysObjectID 1.3.6.1.4.1.30155.23.1: {NO_MAKER}"),
        ("OpenBSD fw.example 5.3 GENERIC.MP#58 i386", "1.3.6.1.4.1.30155.23.1", [], ("Generic x86", "5.3"),
         f"sysObjectID 1.3.6.1.4.1.30155.23.1: {NO_MAKER}"),
        ("FreeBSD nas.example 13.2-RELEASE-p4 FreeBSD 13.2-RELEASE-p4 GENERIC amd64", "1.3.6.1.4.1.2238.4.1.1", [],
         ("amd64", "13.2-RELEASE-p4"), f"sysObjectID 1.3.6.1.4.1.2238.4.1.1: {NO_MAKER}"),
        # A maker whose number carries servers only (a kind rule keyed to it): its nodes are hosts.
        (HOST_BANNER, "1.3.6.1.4.1.41263", [], ("Generic x86 64-bit", "4.19.71-ab2"),
         "sysObjectID 1.3.6.1.4.1.41263: Nutanix Inc.'s number, which the standard layer files as servers only "
         "(sysObjectID 1.3.6.1.4.1.41263)"),
        # An appliance: its maker's sysObjectID, or its maker's MIB answered behind net-snmp's. The same banner says
        # what kernel and CPU it is built on, not its model or release: none, and no later rule takes the kernel's.
        (HOST_BANNER, UNKNOWN, [], (None, None), f"sysObjectID {UNKNOWN}, a maker's number"),
        (HOST_BANNER, NET_SNMP_LINUX, [MAKER_ARC], (None, None), "the agent answers arc 99999, a maker's number"),
        ("Linux pdu 4.4.9 #6 SMP Thu Apr 27 15:48:52 EDT 2017 armv7l", NET_SNMP_LINUX, [MAKER_ARC], (None, None),
         "the agent answers arc 99999, a maker's number"),
        # ... the first maker's number counts, after net-snmp's and UCD-SNMP's own arcs.
        (HOST_BANNER, NET_SNMP_LINUX, [MAKER_ARC, "1.3.6.1.4.1.2021.4.5.0|2|1024"], (None, None),
         "the agent answers arc 99999, a maker's number"),
        ("Linux (none) 2.6.27-SPEAr310 #1 armv5tejl", UNKNOWN, [], (None, None),
         f"sysObjectID {UNKNOWN}, a maker's number"),
        # A FreeBSD banner under a maker's number names neither, as a Linux one does.
        ("FreeBSD nas.example 13.2-RELEASE-p4 FreeBSD 13.2-RELEASE-p4 GENERIC amd64", UNKNOWN, [], (None, None),
         f"sysObjectID {UNKNOWN}, a maker's number"),
        # ... what else its sysDescr states is still read.
        ("Linux ups-card 3.2.2 #1 PREEMPT armv5tel, Firmware Version 3.04", UNKNOWN, [], (None, "3.04"),
         f"sysObjectID {UNKNOWN}, a maker's number"),
    ],
)
def test_a_uname_banner_names_a_hosts_hardware_and_system_not_an_appliances(
    descr: str, oid: str, rows: list[str], want: tuple[str | None, str | None], case: str, path: str
) -> None:
    obs = (general if path == "general" else run)([*system(descr, oid), *rows])
    assert (obs.device["model"], obs.device["os_version"]) == want, obs.device["evidence"]
    evidence = obs.device["evidence"]
    # The evidence names the case that made the device a host (a value given) or an appliance (a value left out).
    appliance = case.endswith(", a maker's number")
    for fact, value in zip(("model", "os_version"), want, strict=True):
        if value is None and appliance:
            assert evidence[fact].endswith(f" left out on an appliance ({case}): the uname banner names the kernel it"
                                           " is built on, not its model or release"), evidence
        elif value is not None and not appliance:
            assert evidence[fact].endswith(f" on a general-purpose host ({case})"), evidence


def test_a_maker_row_reads_the_host_rules_as_written_and_says_so() -> None:
    # A row keyed to a maker's product line (net-snmp's number and a banner naming the maker's kernel build) has
    # placed the device: the standard layer's host rules are read as written, whatever arcs it answers.
    banner = "Linux cdm-1 4.15.0-72-rubrik6-generic #81 SMP Tue Nov 26 12:20:02 UTC 2019 x86_64"
    obs = run([*system(banner, NET_SNMP_LINUX), MAKER_ARC])
    assert (obs.device["platform"], obs.device["model"], obs.device["os_version"]) == (
        "rubrik_cdm", "Generic x86 64-bit", "4.15.0-72-rubrik6-generic")
    assert obs.device["evidence"]["model"].endswith(
        " (a host rule, read as written: the rubrik_cdm row placed the device)")


def test_broad_rows_are_keyed_to_agent_software_alone() -> None:
    # A broad row places hosts and appliances alike, so the host rules judge what it matched: one keyed to a maker's
    # number, or to a maker's MIB that answers, has placed a product line and must not be broad.
    broad = [p for p in default_platforms() if p.broad]
    assert [p.id for p in broad] == ["net_snmp_linux"]
    for row in broad:
        pens = {enterprise_of(key) for key in row.sys_object_id}
        assert pens and pens <= AGENT_ENTERPRISES.keys() | SYSTEM_ENTERPRISES.keys() and not row.answers, row.id


def entity(index: int, *, parent: int = 0, cls: int = 3, **columns: str) -> list[str]:
    """One ENTITY-MIB row: class and containment, and the named columns (descr, name, software_rev, model ...)."""
    number = {"descr": 2, "name": 7, "hardware_rev": 8, "firmware_rev": 9, "software_rev": 10, "serial": 11,
              "mfg_name": 12, "model_name": 13}
    rows = [f"{ENT}.4.{index}|2|{parent}", f"{ENT}.5.{index}|2|{cls}"]
    return sorted([*rows, *(f"{ENT}.{number[k]}.{index}|4|{v}" for k, v in columns.items())],
                  key=lambda line: [int(part) for part in line.split("|", 1)[0].split(".")])


@pytest.mark.parametrize(
    ("descr", "model"),
    [
        ("XR 8020 chassis", "XR 8020"),  # a series word, then the number, then the class word
        ("NE40E-M2K-B frame", "NE40E-M2K-B"),
        ("Acme Series 4 Slot Chassis", "Acme Series 4 Slot Chassis"),  # the number counts slots: no model word
        ("ACME XS-2400 Managed Switch", "XS-2400"),  # the maker's word first
        ("XS-2400 24-Port Gigabit Switch", "XS-2400"),
        ("AcmeOS 2.7.1 (lts) on QX310Ab-8tpW", "QX310Ab-8tpW"),  # an OS banner that says what it runs on
        ("AcmeOS 7.1 on CRS317-1G-16S+", "CRS317-1G-16S+"),
        ("Runs on XR952", "Runs on XR952"),  # no version before it: not an OS banner
    ],
)
def test_a_chassis_description_without_a_model_name_gives_the_model_it_states(descr: str, model: str) -> None:
    obs = run([*system("Acme box", UNKNOWN), *entity(1, descr=descr, serial="SN1")])
    assert obs.device["model"] == model and "chassis descr" in obs.device["evidence"]["model"]


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("AR169FGW-L", "AR169FGW-L"),  # a model number
        ("XS5735-L48T4X-A1", "XS5735-L48T4X-A1"),
        ("QX310Ab-8tpW", "QX310Ab-8tpW"),
        ("DCS7050/SX+", "DCS7050/SX+"),
        ("XS-4800P", "XS-4800P"),
        ("XS-PRO", None),  # no digit: a word
        # A class word and its number, a host name, words: no model (the sysDescr has none either).
        ("CHASSIS-1", None),
        ("SHELF=2", None),
        ("Unit1", None),
        ("Port1", None),
        ("Chassis 1", None),
        ("Switch 1", None),
        ("sw39.example", None),
        ("NE1", None),
        ("12345", None),
    ],
)
def test_a_chassis_name_that_is_a_model_number_names_the_model(name: str, model: str | None) -> None:
    # The description is the host's name (all lower case, dot- or dash-joined), which is never a model.
    obs = run([*system("Acme box", UNKNOWN), *entity(1, descr="core-sw-01.example", name=name, serial="SN1")])
    assert obs.device["model"] == model
    if model:
        assert "chassis name" in obs.device["evidence"]["model"]


@pytest.mark.parametrize(
    ("columns", "model"),
    [
        # A part number as the model name (digits and separators, eight digits at least) gives way to the model the
        # description or the name states ...
        ({"model_name": "40-1000123-04", "descr": "QX_7720B"}, "QX_7720B"),
        ({"model_name": "2207731150-01", "descr": "Chassis", "name": "QX-7720"}, "QX-7720"),
        # ... and is the model where nothing else states one.
        ({"model_name": "40-1000123-04"}, "40-1000123-04"),
        ({"model_name": "40-1000123-04", "descr": "Chassis"}, "40-1000123-04"),
        # A model number made of digits is kept: shorter, or with a letter.
        ({"model_name": "2530-48", "descr": "QX_7720B"}, "2530-48"),
        ({"model_name": "40-1000123-04B", "descr": "QX_7720B"}, "40-1000123-04B"),
    ],
)
def test_a_part_number_as_the_model_name_is_the_model_last(columns: dict[str, str], model: str) -> None:
    labels: dict[str, Any] = {"serial": "SN1", **columns}
    obs = run([*system("Acme box", UNKNOWN), *entity(1, **labels)])
    assert obs.device["model"] == model, obs.device["evidence"].get("model")


SYS_NAME = "1.3.6.1.2.1.1.5.0"


def named(host: str) -> list[str]:
    """An unknown box's system group whose sysName is ``host``."""
    return [line for line in system("Acme box", UNKNOWN) if not line.startswith(SYS_NAME)] + [f"{SYS_NAME}|4|{host}"]


@pytest.mark.parametrize(
    ("host", "columns", "model"),
    [
        # An upper-case host name has a model number's shape: as the chassis name or description it names no model.
        ("QR-CORE-07", {"descr": "Chassis", "name": "QR-CORE-07"}, None),
        ("qr-core-07.district.example", {"descr": "Chassis", "name": "QR-CORE-07"}, None),  # a domain aside
        ("QR-CORE-07", {"descr": "qr-core-07.district.example", "name": "QR-CORE-07"}, None),
        ("QR-CORE-07", {"descr": "QR-CORE-07"}, None),
        # ... and then gives way to what else states the model.
        ("QR-CORE-07", {"descr": "QR-CORE-07", "name": "QR-CORE-07", "model_name": "ZT-3308"}, "ZT-3308"),
        ("QR-CORE-07", {"descr": "ZT-3308 Managed Switch", "name": "QR-CORE-07"}, "ZT-3308"),
        # Another host's name, or a name that merely starts like the host's, is judged as before.
        ("QR-CORE-08", {"descr": "Chassis", "name": "QR-CORE-07"}, "QR-CORE-07"),
        ("QR-CORE", {"descr": "Chassis", "name": "QR-CORE-07"}, "QR-CORE-07"),
    ],
)
def test_a_chassis_label_that_is_the_host_name_is_no_model(
    host: str, columns: dict[str, str], model: str | None
) -> None:
    labels: dict[str, Any] = {"serial": "SN1", **columns}  # only ENTITY-MIB columns (str), never parent or cls
    obs = run([*named(host), *entity(1, **labels)])
    assert obs.device["model"] == model, obs.device["evidence"].get("model")


@pytest.mark.parametrize(
    ("descr", "host", "model"),
    [
        # A sysDescr that opens with (or is) the host's name: a mesh node's '<node name> <version> <serial> <mesh>',
        # a description an operator set to the host name. The standard layer's shapes take no model from it.
        ("QR-TOWER7 11.26.1 0123456789 CITYMESH", "QR-TOWER7", None),
        ("QR-CORE-07", "qr-core-07.district.example", None),
        ("qr-core-07", "QR-CORE-07", None),
        # A model number that is not the host's name is read as before.
        ("QR-TOWER7 11.26.1 0123456789 CITYMESH", "park-south-2", "QR-TOWER7"),
        ("ZT-3308", "QR-CORE-07", "ZT-3308"),
    ],
)
def test_a_sysdescr_that_states_the_host_name_names_no_model(descr: str, host: str, model: str | None) -> None:
    walk = [line for line in system(descr, UNKNOWN) if not line.startswith(SYS_NAME)] + [f"{SYS_NAME}|4|{host}"]
    obs = run(walk)
    assert obs.device["model"] == model, obs.device["evidence"].get("model")


@pytest.mark.parametrize(
    ("label", "host", "same"),
    [
        ("QR-CORE-07", "qr-core-07", True),
        ("qr-core-07.district.example", "QR-CORE-07", True),
        ("QR-CORE-07", "qr-core-07.district.example", True),
        ("ZT-3308.1", "ZT-3308", False),  # a dotted number is no domain suffix
        ("QR-CORE-07", "QR-CORE", False),
        ("QR-CORE-07", "", False),
        ("", "QR-CORE-07", False),
    ],
)
def test_a_label_names_the_host_only_as_its_whole_name(label: str, host: str, same: bool) -> None:
    assert names_the_host(label, host) is same


@pytest.mark.parametrize("n", [16_000, 60_000])
def test_a_hostile_label_or_host_name_is_judged_in_bounded_time(n: int) -> None:
    # Dot-separated labels with no end a domain suffix may have: the suffix pattern, tried at every position, was
    # quadratic (a 60 kB chassis name took 22 s per comparison). SNMPv2-MIB caps sysName at 255 octets: a longer
    # text names no host.
    hostile = ".a" * (n // 2) + "!"
    start = time.process_time()
    assert not names_the_host(hostile, hostile + "x")
    assert not names_the_host("QR-CORE-07", hostile)
    assert time.process_time() - start < 0.25


def test_a_stack_members_label_that_is_the_host_name_is_no_model() -> None:
    walk = [*named("QR-CORE-07"), *entity(1, cls=11, descr="stack")]
    walk += entity(1001, parent=1, descr="Chassis", name="QR-CORE-07", serial="SN1")
    walk += entity(2001, parent=1, descr="Chassis", name="ZT-3308", serial="SN2")
    members = run(walk).device["stack_members"]
    assert [m["model"] for m in members] == [None, "ZT-3308"]


@pytest.mark.parametrize(
    ("descr", "name", "model"),
    [
        # A description that is the model itself wins over a name of a model's shape (an upper-case host name).
        ("XS-4800P", "CORE-SW-01", "XS-4800P"),
        ("XS-4800P", "SW1", "XS-4800P"),
        # A description that is no model (a host name, a class word) leaves the name to say it.
        ("Chassis", "XS-4800P", "XS-4800P"),
    ],
)
def test_a_chassis_name_gives_way_to_a_description_that_is_the_model(descr: str, name: str, model: str) -> None:
    obs = run([*system("Acme box", UNKNOWN), *entity(1, descr=descr, name=name, serial="SN1")])
    assert obs.device["model"] == model, obs.device["evidence"]["model"]


@pytest.mark.parametrize(
    ("software_rev", "version"),
    [
        ("Version 2.1.3", "2.1.3"),
        ("Software Version: 3.0.1_B12", "3.0.1_B12"),
        ("Release 7.0.1-R2", "7.0.1-R2"),
        ("V 1.2.3", "1.2.3"),
        ("Acme (R) software, Version 8.190(CN), RELEASE 0000", "8.190(CN)"),
        # Without a label the value is kept as the agent states it.
        ("v5.3.9.011", "v5.3.9.011"),
        ("5.20 Release 1513P62", "5.20 Release 1513P62"),
        ("dcp-release-6.1.2", "dcp-release-6.1.2"),
        ("173619", None),  # a build number
        # The product's name, then its 'v' version and build: the version and build without the name.
        ("Acme-60F v7.2.10,build1706,240918 (GA.M)", "7.2.10,build1706,240918 (GA.M)"),
        ("AcmeGate v3.1,build0124", "3.1,build0124"),
        ("Acme-60F 7.2.10", "Acme-60F 7.2.10"),  # no 'v': kept whole, as the agent states it
    ],
)
def test_the_chassis_software_revision_without_its_label(software_rev: str, version: str | None) -> None:
    obs = run([*system("Acme box", UNKNOWN), *entity(1, model_name="XS-100", serial="SN1", software_rev=software_rev)])
    assert obs.device["os_version"] == version


@pytest.mark.parametrize(
    ("descr", "version"),
    [
        ("AcmeOS 2.7.1 (lts) on QX310Ab-8tpW", "2.7.1"),  # an OS banner that says what it runs on
        ("AcmeOS v7.1 on a CRS317-1G-16S+", "7.1"),
        ("AcmeOS 2.7.1 (lts)", None),  # no hardware after it: not the banner's shape
        ("Runs 2.7 on XR952 rev 3", None),  # what it runs on is not the end
        ("XS-2400 rev 1.2 on slot 1", None),
    ],
)
def test_the_chassis_descriptions_os_banner_gives_the_version(descr: str, version: str | None) -> None:
    obs = run([*system("Acme box", UNKNOWN), *entity(1, descr=descr, serial="SN1")])
    assert obs.device["os_version"] == version, obs.device["evidence"].get("os_version")
    if version:
        assert "chassis descr" in obs.device["evidence"]["os_version"]


@pytest.mark.parametrize(
    ("if_descr", "version"),
    [
        ("Acme Corporation XS-1250-28X HW A1 firmware 2.04.B012 Port 1", "2.04.B012"),
        ("Acme, XC206, HW: Version 3, FW: Version V04.02.00, Ethernet Port, X1 P1", "04.02.00"),
        ("Acme XS-1250 Firmware: v1.2.3 Port 1", "1.2.3"),
        ("GigabitEthernet0/1", None),  # a port's name alone
        ("Acme XS-1250 HW Rev 1.2 Port 1", None),  # the hardware's revision is no firmware
    ],
)
def test_the_firmware_the_first_ports_description_labels_is_the_version(if_descr: str, version: str | None) -> None:
    # IF-MIB ifDescr of two ports: the first is read.
    walk = [*system("Acme box", UNKNOWN), "1.3.6.1.2.1.2.2.1.1.1|2|1", "1.3.6.1.2.1.2.2.1.1.2|2|2",
            f"1.3.6.1.2.1.2.2.1.2.1|4|{if_descr}", "1.3.6.1.2.1.2.2.1.2.2|4|Acme firmware 9.9.9 Port 2"]
    obs = run(walk)
    assert obs.device["os_version"] == version, obs.device["evidence"].get("os_version")


def test_a_blank_first_chassis_gives_way_to_the_chassis_that_names_the_device() -> None:
    # A placeholder chassis row first (no model, no serial: 'Chassis'), then the unit that states them.
    walk = [*system("Acme box", UNKNOWN), *entity(1, descr="Chassis", name="Chassis", model_name=""),
            *entity(2, descr="XS-2400 Switch", model_name="XS-2400", serial="A1B2C3", software_rev="2.1.3")]
    obs = run(walk)
    assert (obs.device["model"], obs.device["serial"], obs.device["os_version"]) == ("XS-2400", "A1B2C3", "2.1.3")
    assert [(m["model"], m["serial"]) for m in obs.device["stack_members"]] == [("XS-2400", "A1B2C3"), (None, None)]
    # A first chassis that states its serial (or model) stays the device, whatever the others state.
    walk = [*system("Acme box", UNKNOWN), *entity(1, descr="Chassis", serial="S0"),
            *entity(2, model_name="XS-2400", serial="A1B2C3")]
    assert (run(walk).device["model"], run(walk).device["serial"]) == (None, "S0")
    # Every chassis blank: the first, as before (its description is the model where it states one).
    walk = [*system("Acme box", UNKNOWN), *entity(1, descr="XS-100 chassis"), *entity(2, descr="XS-200 chassis")]
    assert run(walk).device["model"] == "XS-100"


@pytest.mark.parametrize(
    ("descr", "want"),
    [
        # (model, serial, version, hardware revision)
        ("Acme Box HW Rev: 2.1 SW Rev: 3.4.5", (None, None, "3.4.5", "2.1")),
        ("Acme Box Hardware Version: V1.0 Firmware 2.3.4", (None, None, "2.3.4", "V1.0")),
        ("Acme Box H/W Ver. A3, Version 1.2.0", (None, None, "1.2.0", "A3")),
        ("Acme controller, hardware revision B, firmware 5.6.7", (None, None, "5.6.7", "B")),
        # ... the label joined by a dash, as the hardware revision's rule reads it.
        ("Acme Box, HW-Version: 1.2, FW-Version: 3.4.5", (None, None, "3.4.5", "1.2")),
        ("Acme Box, Hardware-Rev: 2.0, Software-Rev: 3.4.5", (None, None, "3.4.5", "2.0")),
        ("Acme Switch Device\n SoftWare Version 6.2.1\n HardWare Version 2.0", (None, None, "6.2.1", "2.0")),
        ("Acme Corp. Product: XG-100; Serial Number: ABC12345; Version: 2.4.1", ("XG-100", "ABC12345", "2.4.1", None)),
        ("ProductName: AX-200; FirmwareVersion: 4.5.6", ("AX-200", None, "4.5.6", None)),
        ("Model No.: ZX-300 S/N: 998877AB", ("ZX-300", "998877AB", None, None)),
        ("Model=ABC-12 SN=ZZ9988 FW=1.0.1", ("ABC-12", "ZZ9988", "1.0.1", None)),
        # A hardware label that holds a revision is no model: the model comes from elsewhere.
        ("Acme AP-500 Firmware: v10.2.0.123 Hardware: rev3", ("AP-500", None, "10.2.0.123", None)),
        # A product word without a colon, or a product without a digit, is no label.
        ("Acme MEGA 5.2.0.1 Product: MEGApp Built on Tue", (None, None, "5.2.0.1", None)),
        ("Hardware revision is unknown", (None, None, None, None)),
    ],
)
def test_sysdescr_labels_name_model_serial_version_and_hardware_revision(
    descr: str, want: tuple[str | None, ...]
) -> None:
    device = run(system(descr, UNKNOWN)).device
    assert (device["model"], device["serial"], device["os_version"], device["hardware_rev"]) == want


@pytest.mark.parametrize("column", ["1", "2"])  # nsExtendOutput1Line, nsExtendOutputFull
def test_a_freebsd_host_whose_version_extend_names_opnsense_is_a_firewall(column: str) -> None:
    version = f"1.3.6.1.4.1.8072.1.3.2.3.1.{column}.7.118.101.114.115.105.111.110"
    walk = [*system("FreeBSD fw1 13.2-RELEASE-p7 FreeBSD 13.2-RELEASE-p7 stable/24.1 amd64", "1.3.6.1.4.1.8072.3.2.8"),
            PROCESS, f"{version}|4|OPNsense 24.1.2 (amd64/OpenSSL)"]
    obs = run(walk)
    assert (obs.device["kind"], obs.device["os_version"]) == ("firewall", "24.1.2")
    assert "value of" in obs.device["evidence"]["kind"]
    # Another extend's line, or none: the FreeBSD host is a server.
    assert run([*walk[:-1], f"{version}|4|FreeBSD 13.2-RELEASE-p7"]).device["kind"] == "server"
    assert run(walk[:-1]).device["kind"] == "server"


WINDOWS = "Hardware: {cpu} AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)"


@pytest.mark.parametrize(
    ("cpu", "model"),
    [
        ("Intel64 Family 6 Model 85 Stepping 7", "Generic x86 64-bit"),
        ("AMD64 Family 25 Model 1 Stepping 1", "Generic x86 64-bit"),
        ("EM64T Family 6 Model 15 Stepping 6", "Generic x86 64-bit"),
        ("x86 Family 6 Model 15 Stepping 11", "Generic x86"),
        ("ARM64 Family 8 Model D4B Revision 0", "Generic ARMv8 64-bit"),
        ("IA64 Family 31 Model 1 Stepping 5", None),  # Itanium: no class of ours
    ],
)
def test_a_windows_hosts_processor_architecture_is_its_hardware_class(cpu: str, model: str | None) -> None:
    obs = run([*system(WINDOWS.format(cpu=cpu), "1.3.6.1.4.1.311.1.1.3.1.2"), PROCESS])
    assert (obs.device["model"], obs.device["os_version"], obs.device["kind"]) == (model, "6.3", "server")
    # The processor's family and model numbers are never the model, under any sysObjectID.
    assert run(system(WINDOWS.format(cpu=cpu), UNKNOWN)).device["model"] == model


def test_a_windows_hosts_management_agent_names_the_server_before_its_class() -> None:
    # HPE Insight's CPQSINFO-MIB cpqSiProductName, answered on the Windows host: the server's model.
    walk = [*system(WINDOWS.format(cpu="Intel64 Family 6 Model 85 Stepping 7"), "1.3.6.1.4.1.311.1.1.3.1.2"), PROCESS,
            "1.3.6.1.4.1.232.2.2.4.2.0|4|ProLiant DL380 Gen10"]
    assert run(walk).device["model"] == "ProLiant DL380 Gen10"


def test_stack_members_are_named_by_the_same_chassis_rules_as_the_device() -> None:
    # Members with no model name: what their descriptions or names state, never a class word.
    walk = [*system("Acme stack", UNKNOWN), *entity(1, cls=11, descr="Acme Stack"),
            *entity(1001, parent=1, descr="XS-2400 chassis", serial="A1"),
            *entity(2001, parent=1, descr="Chassis", name="XS-4800P", serial="B2"),
            *entity(3001, parent=1, descr="Chassis", serial="C3"),
            *entity(4001, parent=1, model_name="Acme XS-2400", mfg_name="Acme", serial="D4")]
    members = run(walk).device["stack_members"]
    assert [(m["model"], m["serial"]) for m in members] == [
        ("XS-2400", "A1"), ("XS-4800P", "B2"), (None, "C3"), ("XS-2400", "D4")]


@pytest.mark.parametrize(
    ("descr", "kind"),
    [
        ("HP-UX hpux01 B.11.31 U ia64 3717505101 unlimited-user license", "server"),
        ("Darwin mac01 21.6.0 Darwin Kernel Version 21.6.0: Mon Aug 22 20:17:10 PDT 2022; root:xnu x86_64", "server"),
        # A BSD's banner under a maker's number (UNKNOWN): an appliance built on it (test_snmp_host_kinds.py).
        ("DragonFly df01 6.4-RELEASE DragonFly v6.4.0-RELEASE #0 x86_64", None),
        ("HP-UXish box 1.0", None),  # the system's name must stand alone, then a space
    ],
)
def test_a_unix_uname_banner_without_a_process_table_is_a_server(descr: str, kind: str | None) -> None:
    assert run(system(descr, UNKNOWN)).device["kind"] == kind


@pytest.mark.parametrize(
    ("descr", "kind"),
    [
        ("Acme Turbo NAS XS-871U", "storage"),
        ("Acme Network Attached Storage 4-bay", "storage"),
        ("XS-2400 Gigabit Ethernet Switch", "switch"),
        ("ACME S5720 Routing Switch", "switch"),
        ("Acme XG-200 Security Gateway", "firewall"),
        ("Acme R4451 Integrated Services Router", "router"),
        ("ACME AX-1002 Aggregation Services Router", "router"),
        ("Acme Edge Router 8", "router"),
        ("Acme W55 Wireless LAN Controller", "wireless_controller"),
        ("Acme AP-330 Wireless Access Point", "access_point"),
        # Words without the kind, a bare 'Switch' or 'Router', 'NAS' inside a word: no kind.
        ("Acme Chassis", None),
        ("Switch", None),
        ("Acme Router", None),
        ("Acme NASDAQ feed box", None),
    ],
)
def test_a_chassis_description_that_says_what_the_device_is_gives_its_kind(descr: str, kind: str | None) -> None:
    obs = run([*system("Linux host 4.2.2", UNKNOWN), *entity(1, descr=descr, serial="SN1")])
    assert obs.device["kind"] == kind
    if kind:
        assert obs.device["evidence"]["kind"].startswith("generic kind rule chassis descr")
    # The platform's kind, or the sysDescr's word, comes first.
    assert run([*system("Acme Firewall", UNKNOWN), *entity(1, descr=descr, serial="SN1")]).device["kind"] == "firewall"


@pytest.mark.parametrize(
    ("descr", "kind"),
    [
        ("Acme UTM 9.7 appliance", "firewall"),
        ("Acme Unified Threat Management XG-200", "firewall"),
        ("Acme Intrusion Prevention System 5.1", "firewall"),
        ("Acme Wireless LAN Controller WC-500 8.1", "wireless_controller"),
        ("Acme Mobility Controller 7220", "wireless_controller"),
        ("Acme NAS 4.2", "storage"),
        ("Acme Network Attached Storage 2-bay", "storage"),
        # The words inside others, or in lower case where the product names are capitals: no kind.
        ("Acme utm-sync agent", None),
        ("Acme NASDAQ feed", None),
        ("Acme nas-01 box", None),
    ],
)
def test_security_wireless_and_storage_words_in_the_sysdescr_give_the_kind(descr: str, kind: str | None) -> None:
    assert run(system(descr, UNKNOWN)).device["kind"] == kind


@pytest.mark.parametrize(
    ("descr", "kind"),
    [
        # A switch named by its line, the word, then its model number.
        ("Acme OfficeLink Switch 2210 16G XA1234A, 1.0.2", "switch"),
        ("Acme Switch XS4800 firmware 2.1", "switch"),
        # A wireless LAN controller by the abbreviation its model opens with.
        ("Acme Networks WLC770R 5.1.2 REL", "wireless_controller"),
        ("Acme WLC 2106 controller", "wireless_controller"),
        # A server's management controller that says what it is.
        ("Acme Integrated Lights-Out 9 2.10 Jan 1 2030", "bmc"),
        ("Acme Onboard Administrator", "bmc"),
        ("Acme iDRAC9 agent", "bmc"),
        ("Acme Baseboard Management Controller 1.2", "bmc"),
        # AIX's banner, which opens with the machine.
        ("Acme PowerBox Computer\nMachine Type: 0x99 Base Operating System Runtime AIX version: 07.02.0005.0000",
         "server"),
        # The words without the rest: no kind ('switch' before a small number, 'wlc' in lower case, 'idrac' in a word).
        ("Acme Switch 12 uplink", None),
        ("Acme wlc880 box", None),
        ("Acme idracsync 2", None),
        ("Acme AIX-like box", None),
    ],
)
def test_sysdescr_words_a_next_model_states_give_the_kind(descr: str, kind: str | None) -> None:
    """A next model of a line whose sysObjectID no row knows still says what it is in sysDescr."""
    assert run(system(descr, UNKNOWN)).device["kind"] == kind


RUIJIE_S2126G = "1.3.6.1.4.1.4881.1.1.10.1.1"  # RUIJIE-PRODUCTS-MIB s2126G: a number the product table knows


@pytest.mark.parametrize(
    ("descr", "model", "source"),
    [
        # The chassis states its model in a shape that is one: the device's own word beats the registered product.
        ("S2910-24GT4XS-E Switch", "S2910-24GT4XS-E", "chassis descr"),
        ("S2910-24GT4XS-E chassis", "S2910-24GT4XS-E", "chassis descr"),
        # Free words with no model in them: the product the sysObjectID registers.
        ("Gigabit Ethernet Switch", "S2126G", "registration MIB"),
    ],
)
def test_a_chassis_model_shape_comes_before_the_registration_mib(descr: str, model: str, source: str) -> None:
    obs = run([*system("Acme box", RUIJIE_S2126G), *entity(1, descr=descr, serial="SN1")])
    assert obs.device["model"] == model and source in obs.device["evidence"]["model"]


@pytest.mark.parametrize(
    ("descr", "software_rev", "version"),
    [
        # A Linux kernel's release as the chassis software revision: the version the sysDescr states comes first ...
        ("Acme PU SN 123 HW V2.01 - SW V5.6.7", "4.14.98-acme", "5.6.7"),
        ("Acme-Appliance 7.1.2.300 generic build 999", "5.10.0-2.ph4-", "7.1.2.300"),
        # ... and where it states none, the kernel's release is the version still.
        ("Acme box", "4.14.98-acme", "4.14.98-acme"),
        # A version of the same shape without a word after the dash, or outside the kernels' majors, is the system's.
        ("Acme box SW 9.9.9", "5.4.8-2.1", "5.4.8-2.1"),
        ("Acme box SW 9.9.9", "7.2.1-beta", "7.2.1-beta"),
        ("Acme box SW 9.9.9", "4.14.98", "4.14.98"),
    ],
)
def test_a_kernel_release_as_the_chassis_software_revision_comes_last(descr: str, software_rev: str,
                                                                      version: str) -> None:
    obs = run([*system(descr, UNKNOWN), *entity(1, model_name="XS-100", serial="SN1", software_rev=software_rev)])
    assert obs.device["os_version"] == version, obs.device["evidence"].get("os_version")
    assert ("chassis software_rev" in obs.device["evidence"]["os_version"]) == (version == software_rev)


@pytest.mark.parametrize(
    ("descr", "model"),
    [
        # The series' software, then the series and its variant in parentheses: the series and the variant.
        ("AcmeOS software, X5850 software (X5850 48S2Q4C), Version 6.2.29", "X5850 48S2Q4C"),
        ("AcmeOS software, X58 software (X58 8TF12S), Version 5.3.7", "X58 8TF12S"),
        # A software image named after the series (joined by a dash) is no model (the series is, by the maker-then-
        # model shape); nor is another series in parentheses.
        ("Acme IOS Software, C3750 Software (C3750-IPBASE-M), Version 12.2(50)SE5", "C3750"),
        ("AcmeOS software, X5850 software (Y6000 48S), Version 6.2", None),
        # The model, then a semicolon and what it states: the model (with the maker's word it opens with).
        ("Acme xUT-50a; SN 2712056, HW 1.1, FW 15, SW 14.4.19", "Acme xUT-50a"),
        ("Acme box; HW 1.1", None),  # no digit in the words before the semicolon
    ],
)
def test_sysdescr_series_software_and_semicolon_shapes_give_the_model(descr: str, model: str | None) -> None:
    obs = run(system(descr, UNKNOWN))
    assert obs.device["model"] == model, obs.device["evidence"].get("model")


PROBE_HARDWARE_REV = "1.3.6.1.2.1.16.19.3.0"  # RMON2-MIB probeHardwareRev


@pytest.mark.parametrize(
    ("value", "model"),
    [
        ("XS-2008 1.0", "XS-2008"),  # the model and its revision
        ("XS-2008", "XS-2008"),
        ("AB1234", "AB1234"),
        ("3A1", None),  # a revision alone
        ("C1", None),
        ("1.0", None),
        ("", None),
    ],
)
def test_rmon2_probe_hardware_revision_that_is_a_model_names_it(value: str, model: str | None) -> None:
    obs = run([*system("8-Port Gigabit Smart Switch", UNKNOWN), f"{PROBE_HARDWARE_REV}|4|{value}"])
    assert obs.device["model"] == model, obs.device["evidence"].get("model")
    if model:
        assert PROBE_HARDWARE_REV in obs.device["evidence"]["model"]


@pytest.mark.parametrize(
    ("descr", "version"),
    [
        ("Acme AcmeOS-18.1.1.9.98p30-Release", "18.1.1.9.98p30-Release"),  # the maker's name, then product-version
        ("AcmeOS-18.1.1.9", "18.1.1.9"),  # the product alone, as before
        # A uname banner's host name is no product: the kernel's release is a host's version (net-snmp's number);
        # under a maker's number, no version (an appliance's kernel is not its release).
        ("Linux gw-2.4 5.4.0-42 #1 SMP Mon Jan 1 00:00:00 2024 x86_64", "5.4.0-42"),
    ],
)
def test_a_product_named_with_its_version_after_the_makers_name(descr: str, version: str) -> None:
    host = descr.startswith("Linux ")
    assert run(system(descr, NET_SNMP_LINUX if host else UNKNOWN)).device["os_version"] == version
    if host:
        assert run(system(descr, UNKNOWN)).device["os_version"] is None


@pytest.mark.parametrize(
    ("descr", "version"),
    [
        # 'Rev' alone labels the hardware's revision as often as the software's: the version a label or the OS names.
        ("Acme Controller. Versions: App. 6.04.03, OS 6.3, Btldr 1.06.09, H/w ZB2 Rev 1.01.06", "6.3"),
        ("Acme box Rev 1.0, Firmware 2.3.4", "2.3.4"),
        ("Acme box HW Rev: 2.1 SW Rev: 3.4.5", "3.4.5"),  # a software label before it still names the software's
    ],
)
def test_a_bare_rev_label_names_no_software_version(descr: str, version: str) -> None:
    assert run(system(descr, UNKNOWN)).device["os_version"] == version


@pytest.mark.parametrize(
    ("descr", "model", "version"),
    [
        # The maker's word with its trademark sign, then the model; a software version that is a release number.
        ("ACME(tm) GP3600-16B Software, Version 74104\nhardware version: A", "GP3600-16B", "74104"),
        ("Acme(R) XS5612 Software, Version 2.1.1B Build 31318", "XS5612", "2.1.1B"),
        ("Acme\u2122 XS5612 Software", "XS5612", None),
        # A release number the software label names, after the model and before a build label.
        ("6500 7-SLOT OPTICAL SW:1271 BN:AH (c) Acme (R) Corporation", None, "1271"),
        # A year, a two-digit number or a hardware label's number is no release number.
        ("Acme Box Software Version 2019", None, None),
        ("Acme Box Version 12", None, None),
        ("Acme Box HW Version 100", None, None),
    ],
)
def test_a_trademarked_maker_and_a_release_number_version(descr: str, model: str | None,
                                                         version: str | None) -> None:
    device = run(system(descr, UNKNOWN)).device
    assert (device["model"], device["os_version"]) == (model, version), device["evidence"]


# The identity scalars a maker's MIB defines (govops.catalog.serials), here a made-up maker's: its model, software
# version and serial under 99999, and another maker's model under 99998.
MAKER_IDENTITY = {
    99999: (serials.SerialObject("1.3.6.1.4.1.99999.1.1.1.0", "EXAMPLE-MIB", "exModelName", "model"),
            serials.SerialObject("1.3.6.1.4.1.99999.1.1.2.0", "EXAMPLE-MIB", "exSysSerialNumber", "serial"),
            serials.SerialObject("1.3.6.1.4.1.99999.1.1.3.0", "EXAMPLE-MIB", "exSysFirmwareVersion", "os_version")),
    99998: (serials.SerialObject("1.3.6.1.4.1.99998.4.0", "OTHER-MIB", "otherModel", "model"),),
}
UNAME = "Linux nas-01 4.4.180+ #42962 SMP Tue Oct 18 15:07:03 CST 2022 x86_64"


@pytest.fixture
def maker_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serials, "_table", lambda: MAKER_IDENTITY)


@pytest.mark.parametrize(
    ("oid", "rows", "want"),
    [
        # The maker's model and version scalars before the uname banner's hardware class and kernel release.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.1.0|4|XS-2412", "1.3.6.1.4.1.99999.1.1.3.0|4|AcmeOS 7.1-4296"],
         ("XS-2412", "AcmeOS 7.1-4296")),
        # A version string that opens with the model, joined by '-v': the version alone.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.1.0|4|XS-2412", "1.3.6.1.4.1.99999.1.1.3.0|4|XS2412-v1.252"],
         ("XS-2412", "v1.252")),
        # The banner's CPU class and kernel release are a host's, never the model and release of a maker's device.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.3.0|4|R-7.1.4"], (None, "R-7.1.4")),
        # A placeholder is none.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.1.0|4|N/A", "1.3.6.1.4.1.99999.1.1.3.0|4|"], (None, None)),
        # An OBJECT IDENTIFIER where the model is meant names nothing.
        (UNKNOWN, ["1.3.6.1.4.1.99999.1.1.1.0|6|1.3.6.1.4.1.99999.1"], (None, None)),
        # Behind net-snmp's sysObjectID: the model of the maker MIB the agent answers; the maker's arc makes it an
        # appliance, whose release the kernel's is not (the broad net_snmp_linux row matched it: judged as any host).
        (NET_SNMP_LINUX, ["1.3.6.1.4.1.99998.4.0|4|OT-550"], ("OT-550", None)),
    ],
)
def test_the_model_and_version_scalars_the_makers_mib_defines(maker_identity: None, oid: str, rows: list[str],
                                                              want: tuple[str, str]) -> None:
    obs = run([*system(UNAME, oid), PROCESS, *rows])
    assert (obs.device["model"], obs.device["os_version"]) == want, obs.device["evidence"]
    if want[0] in ("XS-2412", "OT-550"):
        assert "the model scalar the maker's MIB defines" in obs.device["evidence"]["model"]
        assert "MIB::" in obs.device["evidence"]["model"] and "gen_serials" in obs.device["evidence"]["model"]


@pytest.mark.parametrize(
    ("sys_object_id", "rows", "field", "value", "descriptor"),
    [
        # Objects the maker's MIB names as the device's model or software (NAMED_BY_THE_MIB), and identity groups of
        # makers no platform row knows: made-up values at the objects' OIDs, under the maker's own number.
        ("1.3.6.1.4.1.890.1.15", ["1.3.6.1.4.1.890.1.15.3.1.6.0|4|V4.71(ABCD.1)"], "os_version", "V4.71(ABCD.1)",
         "ZYXEL-ES-COMMON::sysSwVersionString"),
        # The same, as ZyNOS states it with its build date after a bar: the release alone, the date no part of it.
        ("1.3.6.1.4.1.890.1.15", ["1.3.6.1.4.1.890.1.15.3.1.6.0|4|V4.70(ABBI.2) | 12/17/2021"], "os_version",
         "V4.70(ABBI.2)", "ZYXEL-ES-COMMON::sysSwVersionString"),
        ("1.3.6.1.4.1.7779.1.1999", ["1.3.6.1.4.1.7779.3.1.1.2.1.4.0|4|IB-1415"], "model", "IB-1415",
         "IB-PLATFORMONE-MIB::ibHardwareType"),
        ("1.3.6.1.4.1.7779.1.1999", ["1.3.6.1.4.1.7779.3.1.1.2.1.7.0|4|9.0.3"], "os_version", "9.0.3",
         "IB-PLATFORMONE-MIB::ibNiosVersion"),
        ("1.3.6.1.4.1.13858", ["1.3.6.1.4.1.13858.2.1.2.0|4|BC3000"], "model", "BC3000",
         "VALERE-DC-POWER-MIB::vpwrIdentModel"),
        ("1.3.6.1.4.1.13858", ["1.3.6.1.4.1.13858.2.1.3.0|4|4.05.10"], "os_version", "4.05.10",
         "VALERE-DC-POWER-MIB::vpwrIdentControllerVersion"),
        ("1.3.6.1.4.1.4555.2.30", ["1.3.6.1.4.1.4555.2.30.1.2.0|4|NRT-QX-PDU2-16"], "model", "NRT-QX-PDU2-16",
         "SOCOMECPDU-MIB::dpduIdentModel"),
        ("1.3.6.1.4.1.11863.5.1.999", ["1.3.6.1.4.1.11863.6.1.1.6.0|4|2.1.4 Build 20230101 Rel.12345"],
         "os_version", "2.1.4 Build 20230101 Rel.12345", "TPLINK-SYSINFO-MIB::tpSysInfoSwVersion"),
        ("1.3.6.1.4.1.21067.2", ["1.3.6.1.4.1.21067.2.1.1.2.0|4|CR25iNG"], "model", "CR25iNG",
         "CYBEROAM-MIB::applianceModel"),
        ("1.3.6.1.4.1.21067.2", ["1.3.6.1.4.1.21067.2.1.1.3.0|4|SFOS 18.0.1 MR-1"], "os_version", "SFOS 18.0.1 MR-1",
         "CYBEROAM-MIB::cyberoamVersion"),
        # Behind net-snmp's sysObjectID, the maker's arc answered (an appliance on Linux): its firmware, not the kernel.
        (NET_SNMP_LINUX, ["1.3.6.1.4.1.48690.1.6.0|4|RUTX_R_00.07.09.1"], "os_version", "RUTX_R_00.07.09.1",
         "TELTONIKA-RUTX-MIB::fwVersion"),
        (NET_SNMP_LINUX, ["1.3.6.1.4.1.1418.6.1.4.0|4|iBoot-PDU4-N20"], "model", "iBoot-PDU4-N20",
         "IBOOTPDU-MIB::deviceModelName"),
        (NET_SNMP_LINUX, ["1.3.6.1.4.1.1418.6.1.1.0|4|1.04.01012020"], "os_version", "1.04.01012020",
         "IBOOTPDU-MIB::firmwareVersion"),
    ],
)
def test_the_catalogued_identity_of_makers_no_row_knows(sys_object_id: str, rows: list[str], field: str, value: str,
                                                        descriptor: str) -> None:
    obs = general([*system(UNAME, sys_object_id), PROCESS, *rows])
    assert obs.device[field] == value, obs.device["evidence"]
    assert descriptor in obs.device["evidence"][field] and "gen_serials" in obs.device["evidence"][field]


def test_the_chassis_model_and_software_come_before_the_makers_mib(maker_identity: None) -> None:
    obs = run([*system(UNAME, UNKNOWN), *entity(1, model_name="QX-73", serial="CH1", software_rev="2.1.3"),
               "1.3.6.1.4.1.99999.1.1.1.0|4|XS-2412", "1.3.6.1.4.1.99999.1.1.3.0|4|9.9.9"])
    assert (obs.device["model"], obs.device["os_version"]) == ("QX-73", "2.1.3")


SERVER_AGENT_ARC = "1.3.6.1.4.1.674.10892.1.300.10.1.9.1|4|Dell Inc."  # MIB-Dell-10892 chassisManufacturerName


@pytest.mark.parametrize(
    ("rows", "kind", "rule"),
    [
        # A host behind net-snmp: the broad row's default kind, a server; a server maker's host agent changes nothing.
        ([], "server", "net_snmp_linux default kind"),
        ([SERVER_AGENT_ARC], "server", "net_snmp_linux default kind"),
        # An appliance behind net-snmp (its maker's MIB answers): not the row's default; the general kind rules give
        # its kind (sysServices stating the bridging layers only: a switch), else none, and the evidence says why.
        ([MAKER_ARC, f"{SERVICES}|2|2"], "switch", f"generic kind rule value of {SERVICES} /[23]/"),
        ([MAKER_ARC], None, None),
        # ... BRIDGE-MIB answered (discovery asks the kind rules' subtrees past a broad row's default): a switch.
        ([MAKER_ARC, BRIDGE_PORT], "switch", "generic kind rule answers 1.3.6.1.2.1.17.1.4.1"),
        # ... UPS-MIB answered: the standard rule, as on a host (where it comes before the row's default).
        ([MAKER_ARC, "1.3.6.1.2.1.33.1.1.2.0|4|Acme UPS 3000"], "ups", "generic kind rule answers 1.3.6.1.2.1.33.1.1"),
    ],
    ids=["host", "host-with-server-agent", "appliance-by-general-rule", "appliance-none", "appliance-bridge",
         "appliance-ups-mib"],
)
def test_a_broad_rows_default_kind_is_a_hosts_not_an_appliances(
    rows: list[str], kind: str | None, rule: str | None
) -> None:
    obs = run([*system(HOST_BANNER, NET_SNMP_LINUX), *rows])
    evidence = obs.device["evidence"].get("kind")
    assert (obs.device["platform"], obs.device["kind"]) == ("net_snmp_linux", kind), evidence
    left_out = ("net_snmp_linux default kind server left out on an appliance (the agent answers arc 99999, a maker's "
                "number): the row places hosts and appliances built on the agent alike")
    # The rule that gave the kind, in full; on an appliance, then why the row's default did not.
    assert evidence == ("; ".join(part for part in (rule, left_out) if part) if MAKER_ARC in rows else rule)
