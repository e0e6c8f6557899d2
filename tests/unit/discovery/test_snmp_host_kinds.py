"""Kinds that a general-purpose system states (HOST-RESOURCES-MIB's process table, a BSD's uname banner): a server only
on a general-purpose host, never on an appliance built on that system under its maker's number (``KindRule.host``,
judged by ``HostGate``). Walks made up in the MIBs' shapes, under numbers no platform row knows."""

from __future__ import annotations

import pytest

from tests.snmp_cases import general, system

MAKER = "1.3.6.1.4.1.99999.7"  # a maker's enterprise number no row knows
MAKER_ARC = "1.3.6.1.4.1.99999.1.1.0|4|ok"  # an object of that maker's MIB: the agent answers its arc
NET_SNMP_FREEBSD = "1.3.6.1.4.1.8072.3.2.8"  # net-snmp's sysObjectID on FreeBSD: agent software's number
NET_SNMP_LINUX = "1.3.6.1.4.1.8072.3.2.10"
PROCESS = "1.3.6.1.2.1.25.4.2.1.2.1|4|init"  # HOST-RESOURCES-MIB hrSWRunName: the agent lists processes
BGP_PEER = "1.3.6.1.2.1.15.3.1.2.192.0.2.1|2|6"  # BGP4-MIB bgpPeerState established
FREEBSD = "FreeBSD nas01 13.2-RELEASE FreeBSD 13.2-RELEASE releng/13.2 amd64"
LINUX = "Linux gw01 5.4.0 #1 SMP mips"
LEFT_OUT = "left out on an appliance"


def kind_of(descr: str, oid: str, *lines: str) -> tuple[str | None, str]:
    """The kind the standard layer gives (no platform row) and its evidence."""
    obs = general([*system(descr, oid), *lines])
    return obs.device["kind"], str(obs.device["evidence"].get("kind"))


@pytest.mark.parametrize(
    ("descr", "oid"),
    [
        (FREEBSD, NET_SNMP_FREEBSD),
        ("OpenBSD fw1.example 7.4 GENERIC.MP#1397 amd64", "1.3.6.1.4.1.30155.23.1"),  # the OpenBSD project's snmpd
        ("NetBSD nb1 10.0 NetBSD 10.0 (GENERIC) amd64", NET_SNMP_FREEBSD),
    ],
)
def test_a_bsd_banner_on_a_general_purpose_host_is_a_server(descr: str, oid: str) -> None:
    kind, evidence = kind_of(descr, oid)
    assert kind == "server" and "on a general-purpose host" in evidence, evidence
    # The rule's pattern ends in a space (the system's name is a whole word): before, the text showed two.
    assert "DragonFly) on a general-purpose host" in evidence and "  " not in evidence, evidence


@pytest.mark.parametrize(
    ("oid", "lines"),
    [
        (MAKER, ()),  # its maker's sysObjectID (a storage controller, a NAS built on FreeBSD)
        (NET_SNMP_FREEBSD, (MAKER_ARC,)),  # net-snmp's sysObjectID, answering its maker's MIB
    ],
)
def test_a_bsd_banner_on_an_appliance_names_no_kind(oid: str, lines: tuple[str, ...]) -> None:
    kind, evidence = kind_of(FREEBSD, oid, *lines)
    assert kind is None and LEFT_OUT in evidence and "FreeBSD" in evidence, evidence


def test_a_makers_own_unix_is_a_server_under_its_makers_number() -> None:
    # AIX, HP-UX, Solaris run on their maker's servers, which answer under the maker's number (IBM's 2 here).
    kind, evidence = kind_of("AIX aix01 3 7 00F9C1234C00", "1.3.6.1.4.1.2.3.1.2.1.1.3")
    assert kind == "server" and LEFT_OUT not in evidence, evidence


def test_a_process_table_on_a_general_purpose_host_is_a_server() -> None:
    kind, evidence = kind_of(LINUX, NET_SNMP_LINUX, PROCESS, BGP_PEER)  # a host running a BGP daemon stays a server
    assert kind == "server" and "answers 1.3.6.1.2.1.25.4.2.1 on a general-purpose host" in evidence, evidence


def test_a_router_built_on_linux_is_no_server_for_listing_its_processes() -> None:
    # A router of a maker no row knows, on Linux, lists its processes: its BGP peers say what it is, and the evidence
    # says why the process table did not.
    kind, evidence = kind_of(LINUX, MAKER, PROCESS, BGP_PEER)
    assert kind == "router" and evidence.startswith("generic kind rule answers 1.3.6.1.2.1.15.3.1"), evidence
    assert f"answers 1.3.6.1.2.1.25.4.2.1 {LEFT_OUT} (sysObjectID {MAKER}" in evidence, evidence


def test_an_appliance_listing_its_processes_and_stating_nothing_else_has_no_kind() -> None:
    kind, evidence = kind_of(LINUX, MAKER, PROCESS)
    assert kind is None and LEFT_OUT in evidence, evidence
