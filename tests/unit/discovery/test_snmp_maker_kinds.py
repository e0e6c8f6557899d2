"""Kinds where no platform row knows the device (s20): UPS-MIB's battery group, and makers of network equipment only,
whose devices are 'network' (a network device, which one not stated) where nothing states which. Walks made up in
the MIBs' shapes, under product numbers no row knows."""

from __future__ import annotations

import pytest

from tests.snmp_cases import general, run, system

FDB = "1.3.6.1.2.1.17.4.3.1.2.1.0.0.0.0.0.1|2|3"  # BRIDGE-MIB dot1dTpFdbPort: a learned address
CAP_ENABLED = "1.0.8802.1.1.2.1.3.6.0"  # LLDP-MIB lldpLocSysCapEnabled
PROCESS = "1.3.6.1.2.1.25.4.2.1.2.1|4|init"  # HOST-RESOURCES-MIB hrSWRunName


def kind_of(sys_object_id: str, *lines: str, descr: str = "Acme box 2.0") -> tuple[str | None, str]:
    """The kind the standard layer gives (no platform row: a device whose maker or line no row knows)."""
    obs = general([*system(descr, sys_object_id), *lines])
    return obs.device["kind"], str(obs.device["evidence"].get("kind"))


@pytest.mark.parametrize(
    "battery",
    [
        "1.3.6.1.2.1.33.1.2.1.0|2|2",  # upsBatteryStatus batteryNormal
        "1.3.6.1.2.1.33.1.2.4.0|2|100",  # upsEstimatedChargeRemaining
    ],
)
def test_a_card_answering_the_ups_battery_group_alone_is_a_ups(battery: str) -> None:
    # A Linux card under net-snmp's number that leaves upsIdent to its maker's MIB.
    kind, evidence = kind_of("1.3.6.1.4.1.8072.3.2.10", battery, descr="Linux card 4.4.0 #1 armv7l")
    assert kind == "ups" and "1.3.6.1.2.1.33.1.2" in evidence, evidence
    # The same with every row: net-snmp's Linux row narrows its server default the same way.
    obs = run([*system("Linux card 4.4.0 #1 armv7l", "1.3.6.1.4.1.8072.3.2.10"), battery])
    assert obs.device["kind"] == "ups", obs.device["evidence"]


def test_an_other_rfc1628_group_alone_names_no_ups() -> None:
    # upsMIB's conformance arc (33.2) is no statement of a battery.
    assert kind_of("1.3.6.1.4.1.99999.4", "1.3.6.1.2.1.33.2.1.0|2|1")[0] is None


@pytest.mark.parametrize(
    "sys_object_id",
    ["1.3.6.1.4.1.5624.2.1.999", "1.3.6.1.4.1.5504.1.99", "1.3.6.1.4.1.2544.1.99", "1.3.6.1.4.1.6321.1.2.99"],
)
def test_a_maker_of_network_equipment_only_makes_a_network_device_never_a_switch(sys_object_id: str) -> None:
    kind, evidence = kind_of(sys_object_id)
    maker = ".".join(sys_object_id.split(".")[:7])  # the enterprise number's arc
    assert kind == "network" and f"sysObjectID {maker}" in evidence, evidence


@pytest.mark.parametrize(
    ("lines", "kind"),
    [
        ((FDB,), "switch"),  # it forwards frames by address: a switch, stated
        ((f"{CAP_ENABLED}|4x|08",), "router"),  # LLDP: router enabled, bridge not
        # A process table under a maker's number states the system its appliance runs (HOST-RESOURCES-MIB is any
        # system's), not its kind: the maker's number decides.
        ((PROCESS,), "network"),
    ],
)
def test_what_a_network_makers_device_states_comes_before_its_maker(lines: tuple[str, ...], kind: str) -> None:
    assert kind_of("1.3.6.1.4.1.5624.2.1.999", *lines)[0] == kind


def test_a_maker_of_several_kinds_names_none() -> None:
    # Cisco makes servers and cameras too: its number alone says nothing of the kind.
    assert kind_of("1.3.6.1.4.1.9.1.99999")[0] is None


def test_a_packet_broker_is_a_network_device() -> None:
    # GIGAMON-SNMP-MIB's product (its model object) under Gigamon's number: a packet broker, network equipment of a
    # kind the vocabulary does not name, so network rather than other.
    obs = run([*system("GigaVUE-OS 9.9.9", "1.3.6.1.4.1.26866.1.99"), "1.3.6.1.4.1.26866.2.2.0|4|GVX-9999"])
    assert (obs.device["kind"], obs.device["evidence"]["kind"]) == ("network", "gigamon_gigavue default kind")
