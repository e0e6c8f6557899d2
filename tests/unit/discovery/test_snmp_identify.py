"""Identification layers on small walks written for these tests: ENTITY-MIB chassis quirks, stacks, kinds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from tests.snmp_cases import ENT, chassis, classified, ports, run, system


def test_chassis_gives_model_and_serial_with_the_rule_as_evidence() -> None:
    obs = run(system("Some switch", "1.3.6.1.4.1.99999.1") + chassis(1, model="XS-100", serial="SN123"))
    assert obs.ok and obs.device["model"] == "XS-100" and obs.device["serial"] == "SN123"
    assert obs.device["evidence"]["model"].startswith("generic: ENTITY-MIB chassis model_name")
    assert obs.device["vendor"] is None and classified(obs).verdict == "unknown"


@pytest.mark.parametrize("serial", ["", "N/A", "n/a", "  ", "Not Specified", "To be filled by O.E.M.", "0000",
                                    "System Serial Number", "SERIALNUMBER", "0123456789"])
def test_placeholder_serials_are_no_serial(serial: str) -> None:
    obs = run(system("Some switch", "1.3.6.1.4.1.99999.1") + chassis(1, model="XS-100", serial=serial))
    assert obs.ok and obs.device["serial"] is None and obs.device["model"] == "XS-100"


@pytest.mark.parametrize("serial", ["FFFFFFFFFFFF", "XXXXXXXXXX", "AAAAAAAA", "1111111", "FF:FF:FF:FF:FF:FF"])
def test_a_fill_pattern_serial_gives_way_to_the_next_rule(serial: str) -> None:
    # An IOS chassis whose ENTITY-MIB serial is a template's blank: CISCO-STACK-MIB chassisSerialNumberString names it.
    walk = system("Cisco IOS Software, C3750 Software, Version 12.2(55)SE", "1.3.6.1.4.1.9.1.516")
    walk += [*chassis(1001, model="WS-C3750-48P", serial=serial), "1.3.6.1.4.1.9.5.1.2.19.0|4|FDO2222B2BB"]
    assert run(walk).device["serial"] == "FDO2222B2BB"
    alone = run(system("Some switch", "1.3.6.1.4.1.99999.1") + chassis(1, model="XS-100", serial=serial))
    assert alone.device["serial"] is None and alone.device["model"] == "XS-100"


def test_a_short_repeat_and_a_fill_pattern_model_are_kept() -> None:
    # Below FILL_MIN_CHARS a repeated character may be a unit number; a fill judgement is for serials only.
    assert run(system("Some switch", "1.3.6.1.4.1.99999.1") + chassis(1, model="XS-100", serial="111")).device[
        "serial"] == "111"
    assert run(system("Some switch", "1.3.6.1.4.1.99999.1") + chassis(1, model="8888", serial="SN1")).device[
        "model"] == "8888"


def test_a_stack_member_and_a_chassis_with_a_fill_pattern_serial() -> None:
    walk = [*system("Stack", "1.3.6.1.4.1.99999.1"), f"{ENT}.2.1|4|stack", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|11"]
    walk += chassis(1001, model="SW-48", serial="A1B2C3D4", parent=1)
    walk += chassis(2001, model="SW-24", serial="XXXXXXXXXXX", parent=1)
    members = run(walk).device["stack_members"]
    assert [m["serial"] for m in members] == ["A1B2C3D4", None]


def test_missing_chassis_row_falls_back_to_the_containment_root() -> None:
    # Only a module (class 9) and a port (class 10): no chassis row at all.
    walk = system("Box", "1.3.6.1.4.1.99999.1") + chassis(5, model="MOD-1", serial="M1", cls=9)
    walk += chassis(6, model="PORT", serial="", parent=5, cls=10)
    obs = run(walk)
    assert obs.ok and obs.device["model"] == "MOD-1"


def test_no_entity_mib_at_all_is_not_an_error() -> None:
    obs = run(system("Box", "1.3.6.1.4.1.99999.1"))
    assert obs.ok and obs.device["model"] is None and obs.device["serial"] is None and obs.device["kind"] is None


def test_stack_reports_every_member() -> None:
    walk = [*system("Stack", "1.3.6.1.4.1.99999.1"), f"{ENT}.2.1|4|stack", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|11"]
    walk += chassis(1001, model="SW-48", serial="A1", parent=1) + chassis(2001, model="SW-24", serial="N/A", parent=1)
    obs = run(walk)
    assert obs.device["model"] == "SW-48" and obs.device["serial"] == "A1"
    members = obs.device["stack_members"]
    assert [m["model"] for m in members] == ["SW-48", "SW-24"] and members[1]["serial"] is None


def test_kind_comes_from_the_mibs_that_answer_never_a_default() -> None:
    ups = run([*system("UPS card", "1.3.6.1.4.1.99999.1"), "1.3.6.1.2.1.33.1.1.2.0|4|Smart 3000"])
    assert ups.device["kind"] == "ups" and ups.device["model"] == "Smart 3000"
    assert "answers 1.3.6.1.2.1.33.1.1" in ups.device["evidence"]["kind"]
    host = run([*system("Linux web01 5.10", "1.3.6.1.4.1.8072.3.2.10"), "1.3.6.1.2.1.25.4.2.1.2.1|4|init"])
    assert host.device["kind"] == "server"


@pytest.mark.parametrize(
    ("oid", "kind"),
    [("1.3.6.1.4.1.49929.1", "storage"), ("1.3.6.1.4.1.36889.5", "firewall"), ("1.3.6.1.4.1.25066.3", "camera")],
)
def test_a_maker_of_one_kind_decides_before_the_linux_inside(oid: str, kind: str) -> None:
    # A Rubrik backup node, a Bluedon gateway, a Pelco camera list their Linux processes too: the maker's arc, a
    # statement about the product, comes before the process table, a statement about the OS.
    obs = run([*system("Linux node1 4.15.0 #1 SMP x86_64", oid), "1.3.6.1.2.1.25.4.2.1.2.1|4|init"])
    assert obs.device["kind"] == kind and f"sysObjectID {oid.rsplit('.', 1)[0]}" in obs.device["evidence"]["kind"]


def test_huawei_netengine_is_a_router_with_version_and_model() -> None:
    descr = ("Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.200 "
             "(NetEngine 8000 V800R012C10SPC300)\r\nCopyright (C) 2012-2020 Huawei Technologies Co., Ltd.")
    obs = run(system(descr, "1.3.6.1.4.1.2011.2.62.2.99"))
    assert obs.device["vendor_id"] == "huawei" and obs.device["platform"] == "huawei_vrp"
    assert obs.device["os_version"] == "8.200 (V800R012C10SPC300)"
    assert obs.device["model"] == "NetEngine 8000" and obs.device["kind"] == "router"


def test_h3c_and_hpe_branded_comware_are_told_apart() -> None:
    h3c = run(system("H3C Comware Platform Software, Software Version 7.1.070\r\nH3C S5560X-54C-EI",
                     "1.3.6.1.4.1.25506.1.2130"))
    hpe = run(system("HP Comware Platform Software, Software Version 5.20\r\nHP A5500-24G-4SFP HI Switch",
                     "1.3.6.1.4.1.25506.11.1.100"))
    assert h3c.device["platform"] == hpe.device["platform"] == "hp_comware"
    assert classified(h3c).verdict == "domestic" and h3c.device["vendor_id"] == "h3c"
    assert classified(hpe).verdict == "foreign" and hpe.device["vendor_id"] == "hpe"


def test_enterprise_missing_from_the_registry_is_said_so() -> None:
    obs = run(system("Widget", "1.3.6.1.4.1.4294967.1"))
    assert obs.ok and obs.device["vendor"] is None and classified(obs).verdict == "unknown"
    assert classified(obs).evidence[0].rule == "enterprise 4294967 is not in the registry"


def test_net_snmp_host_is_named_by_the_vendor_mib_it_answers() -> None:
    walk = [*system("Linux nas01 4.4.302+", "1.3.6.1.4.1.8072.3.2.10"), "1.3.6.1.4.1.2021.4.5.0|2|1024",
            "1.3.6.1.4.1.6574.1.5.1.0|4|DS918+", "1.3.6.1.4.1.8072.1.3.2.1.0|2|0"]
    obs = run(walk)
    assert obs.device["vendor_id"] == "synology" and classified(obs).verdict == "foreign"
    # The Synology row is selected because the agent answers synoSystem; its model comes from that MIB.
    assert obs.device["platform"] == "synology_dsm" and obs.device["model"] == "DS918+"
    assert classified(obs).evidence[0].rule.endswith("vendor:synology")
    plain = run([*system("Linux web01 5.10", "1.3.6.1.4.1.8072.3.2.10"), "1.3.6.1.4.1.2021.4.5.0|2|1024"])
    assert plain.device["vendor"] is None and classified(plain).verdict == "unknown"


def test_a_registered_maker_is_not_overruled_by_a_name_its_text_mentions() -> None:
    # Proware (registered but not catalogued) naming VMware further on in sysDescr: still Proware.
    obs = run([*system("Raid Subsystem V1.00 on VMware ESXi", "1.3.6.1.4.1.14752.1.3"),
               "1.3.6.1.4.1.14752.1.1.0|4|x"])
    assert obs.device["vendor"] == "Proware Technology Corp." and classified(obs).verdict == "unknown"


def test_a_borrowed_number_yields_to_the_vendor_mib_the_device_answers() -> None:
    # Ubiquiti devices say 1.3.6.1.4.1.10002.1 (registered to an ISP, Frogfoot) and answer UBNT-MIB 41112.
    walk = [*system("Linux 2.6.32.71 #1 mips", "1.3.6.1.4.1.10002.1"), "1.3.6.1.4.1.10002.1.1.1.1.1.0|66|29880",
            "1.3.6.1.4.1.41112.1.5.1.1.0|4|EP-54V-150W"]
    obs = run(walk)
    assert obs.device["vendor_id"] == "ubiquiti" and classified(obs).verdict == "foreign"
    rules = [e.rule for e in classified(obs).evidence]
    # UBNT-EdgeMAX-MIB's product group selects the ubiquiti_edgemax row too; the registry's holder is never named.
    assert "vendor:ubiquiti answers its MIB 1.3.6.1.4.1.41112" in rules
    assert all("ubiquiti" in rule for rule in rules), rules


@pytest.mark.parametrize(
    ("descr", "vendor_id"),
    [("West Mountain Radio RIGrunner 4005i", "westmountainradio"), ('\\"EdgeSwitch 8XP, 2.1.0', "ubiquiti"),
     ("Sensor box made for West Mountain Radio", None), ("", None)],
)
def test_the_brand_a_sysdescr_opens_with_outranks_the_registry(descr: str, vendor_id: str | None) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.15117.1"))  # registered to Protection One, an alarm company
    assert obs.device["vendor_id"] == vendor_id
    if vendor_id is None:
        assert obs.device["vendor"] == "Protection One Inc." and classified(obs).verdict == "unknown"


def test_a_ups_names_its_maker_over_its_cards_registered_number() -> None:
    # An Ingrasys card (registered, not catalogued) in an Eaton UPS: UPS-MIB upsIdentManufacturer decides,
    # and the card's number stays in the evidence.
    obs = run([*system("UPS Agent", "1.3.6.1.4.1.2468.1.2.1"), "1.3.6.1.2.1.33.1.1.1.0|4|EATON"])
    assert obs.device["vendor_id"] == "eaton" and classified(obs).verdict == "foreign"
    # Not in the catalogue: the device's own word names it, its country stays unknown, the card maker is evidence.
    obs = run([*system("UPS Agent", "1.3.6.1.4.1.2468.1.2.1"), "1.3.6.1.2.1.33.1.1.1.0|4|Acme Power"])
    assert obs.device["vendor"] == "Acme Power" and obs.device["vendor_id"] is None
    assert classified(obs).verdict == "unknown"
    assert [e.field for e in classified(obs).evidence] == ["manufacturer", "sys_object_id"]
    assert "Ingrasys" in classified(obs).evidence[1].rule


def test_a_white_box_chassis_maker_does_not_rename_the_system() -> None:
    # A network OS (registered number) on someone's hardware: entPhysicalMfgName names the box, not the system.
    rows = [f"{ENT}.5.1|2|3", f"{ENT}.4.1|2|0", f"{ENT}.12.1|4|Acme Hardware", f"{ENT}.13.1|4|AS4610"]
    obs = run([*system("Netos 4.1", "1.3.6.1.4.1.14752.9"), *rows])
    assert obs.device["vendor"] == "Proware Technology Corp."


@pytest.mark.parametrize(
    "mfg", ["Unknown", "N/A", "To Be Filled By O.E.M.", "Realtek", "Broadcom Inc.", "12345678", "AB1234567",
            "x" * 65, "", "  "],
)
def test_a_chassis_maker_that_names_nobody_is_no_vendor(mfg: str) -> None:
    rows = [f"{ENT}.5.1|2|3", f"{ENT}.4.1|2|0", f"{ENT}.12.1|4|{mfg}", f"{ENT}.13.1|4|RTL8380"]
    obs = run([*system("Switch", "1.3.6.1.4.1"), *rows])
    assert obs.device["vendor"] is None and classified(obs).verdict == "unknown"


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        ("Room Alert 12E v3.3.0", "1.3.6.1.4.1.20916.1.10", [], ("Room Alert 12E", "3.3.0")),
        ("STE2 r2, fw:1.5.5_2394", "1.3.6.1.4.1.21796.4.9", [], ("STE2 r2", "1.5.5_2394")),
        ("Sinetica UPSController. Versions: App. 6.04.03,   OS 6.3,   Btldr 1.06.09,   H/w ZBBNC2 Rev 1.01.06",
         "1.3.6.1.4.1.13891.101", [], ("ZBBNC2", "6.3")),
        # DeltaUPS-MIB dupsIdentModel; dupsIdentManufacturer names the UPS the card serves.
        ("UPS SNMP Agent", "1.3.6.1.4.1.2254.2.4", ["1.3.6.1.4.1.2254.2.4.1.1.0|4|Minuteman",
                                                   "1.3.6.1.4.1.2254.2.4.1.2.0|4|E1500RTXL2U"], ("E1500RTXL2U", None)),
    ],
    ids=["avtech", "hwgroup-ste", "sinetica", "delta-ups"],
)
def test_facility_rows_read_model_and_version(descr: str, oid: str, rows: list[str],
                                               want: tuple[str, str | None]) -> None:
    obs = run([*system(descr, oid), *rows])
    assert (obs.device["model"], obs.device["os_version"]) == want, obs.device["evidence"]


def test_a_ups_card_running_linux_is_a_ups_not_a_server() -> None:
    walk = [*system("Linux SNMP-System", "1.3.6.1.4.1.8072.3.2.10"), "1.3.6.1.2.1.25.4.2.1.2.1|4|init",
            "1.3.6.1.2.1.33.1.1.4.0|4|1.1.4"]
    assert run(walk).device["kind"] == "ups"


def test_a_chassis_maker_names_a_device_whose_sysobjectid_names_nobody() -> None:
    rows = [f"{ENT}.5.0|2|3", f"{ENT}.4.0|2|0", f"{ENT}.12.0|4|Keenetic", f"{ENT}.13.0|4|KN-2311"]
    obs = run([*system("Keenetic Hero 4G+ (KeeneticOS 4.02)", "1.3.6.1.4.1"), *rows])
    assert obs.device["vendor"] == "Keenetic" and classified(obs).verdict == "unknown"
    assert classified(obs).evidence[0].field == "mfg_name"


def test_entity_rows_without_class_or_containment_give_the_first_entity() -> None:
    # FortiGate-style agents fill descr/model/serial only; a binary model rendered as hex is never a model.
    rows = [f"{ENT}.2.1|4|Fortinet FGT_60F", f"{ENT}.11.1|4|FGT60F0000", f"{ENT}.13.1|4|FGT_60F",
            f"{ENT}.2.2|4|Ethernet Port", f"{ENT}.13.2|4x|" + "00" * 12]
    obs = run(system("Some firewall", "1.3.6.1.4.1.99999.1") + rows)
    assert obs.device["model"] == "FGT_60F" and obs.device["serial"] == "FGT60F0000"
    junk = run([*system("Some box", "1.3.6.1.4.1.99999.1"), f"{ENT}.13.1|4x|" + "4348415300" + "01" * 11])
    assert junk.ok and junk.device["model"] is None  # binary, shown as a hex dump: no model


@pytest.mark.parametrize("raw", ["00ff10", "ffd8", "0102030405060708"])
def test_a_short_binary_serial_is_no_serial(raw: str) -> None:
    # The decoder says the bytes were binary: however short, their hex rendering ('00:ff:10') is not a serial.
    rows = [f"{ENT}.5.1|2|3", f"{ENT}.4.1|2|0", f"{ENT}.13.1|4|WIDGET-24", f"{ENT}.11.1|4x|{raw}"]
    obs = run(system("Some box", "1.3.6.1.4.1.99999.1") + rows)
    assert obs.device["model"] == "WIDGET-24" and obs.device["serial"] is None, obs.device
    text = run([*system("Some box", "1.3.6.1.4.1.99999.1"), *rows[:3], f"{ENT}.11.1|4x|" + b"AB12".hex()])
    assert text.device["serial"] == "AB12"  # hex-encoded in the recording, text on the wire: a serial


@pytest.mark.parametrize(
    ("descr", "oid", "kind"),
    [
        ("BIG-IP 16.1.3", "1.3.6.1.4.1.3375.2.1.3.4.43", "load_balancer"),
        ("Cisco Controller", "1.3.6.1.4.1.9.1.1279", "wireless_controller"),
        ("Huawei AC6605 Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.240.3", "wireless_controller"),
        ("AXIS P3245-LV Network Camera", "1.3.6.1.4.1.368.4", "camera"),
        ("sensorProbe2", "1.3.6.1.4.1.3854.1", "env_monitor"),
        ("acme IPC-100 network camera 1.0", "1.3.6.1.4.1.99999.2", "camera"),
        ("NetApp Release 8.2.3 7-Mode: Thu Jan 15 21:30:45 PST 2015", "1.3.6.1.4.1.789.2.3", "storage"),
        ("Isilon OneFS nas-1 v7.2.1.0 Isilon OneFS v7.2.1.0 amd64", "1.3.6.1.4.1.12124.1", "storage"),
        # Facility makers and cards that say what they serve; never a switch or a server by default.
        ("Network Management Card for UPS", "1.3.6.1.4.1.99999.10.2", "ups"),
        ("SNMP Smart II Card v1.05", "1.3.6.1.4.1.37662.1.2.2.1", "ups"),
        # A card whose sysObjectID is UPS-MIB's module identity, answering nothing else (the demo's KSTAR cards).
        ("YDC9110H SNMP card", "1.3.6.1.2.1.33", "ups"),
        ("Janitza electronics GmbH, UMG96", "1.3.6.1.4.1.34278.8.6", "meter"),
        ("E3METER IPS 1290", "1.3.6.1.4.1.21695.1.1290", "meter"),
        ("Schleifenbauer", "1.3.6.1.4.1.31034.11.1", "pdu"),
        ("West Mountain Radio RIGrunner 4005i", "1.3.6.1.4.1.15117.1", "pdu"),
        ("Sinetica UPSController. Versions: App. 6.04.03, OS 6.3", "1.3.6.1.4.1.13891.101", "ups"),
        ("Vutlan EMS", "1.3.6.1.4.1.39052", "env_monitor"),
        ("ENVIROMUX-MICRO", "1.3.6.1.4.1.3699.1.1.12", "env_monitor"),
        # What a sysDescr calls the device, or a product line or OS that is one kind, where no platform row knows it.
        ("Acme Ethernet Routing Switch 3000-24T", "1.3.6.1.4.1.99999.3", "switch"),
        ("Acme FLEX-24 Switch", "1.3.6.1.4.1.99999.3", "switch"),
        ("ACME 24 Switch 7.0.0", "1.3.6.1.4.1.99999.3", "switch"),
        ("Switch software version 1.2.R3", "1.3.6.1.4.1.99999.3", "switch"),
        ("AC-100 : Switch 2 ports 1000BASE-X / 4 ports 1000BASE-T", "1.3.6.1.4.1.99999.3", "switch"),
        ("Acme Firewall", "1.3.6.1.4.1.99999.3", "firewall"),
        ("OPNsense fw.lan 23.1 OPNsense FreeBSD 13.1-RELEASE amd64", "1.3.6.1.4.1.12325.1.1.2.1.1", "firewall"),
        ("Cisco PIX Security Appliance", "", "firewall"),
        ("Acme VPN Router 2.1", "1.3.6.1.4.1.99999.3", "router"),
        ("VyOS 1.4-rolling", "1.3.6.1.4.1.44641", "router"),
        ("ServerIron ADX 1000", "", "load_balancer"),
        ("Data Domain OS 7.1.0.10", "1.3.6.1.4.1.19746.3.1.40", "storage"),
        ("Acme RAID Subsystem V2.00", "1.3.6.1.4.1.99999.3", "storage"),
        ("Acme PDU 8-outlet", "1.3.6.1.4.1.99999.3", "pdu"),
        ("FreeBSD host.example.org 13.2-RELEASE FreeBSD 13.2-RELEASE amd64", "1.3.6.1.4.1.8072.3.2.8", "server"),
        ("OpenBSD host 7.4 GENERIC.MP#1 amd64", "1.3.6.1.4.1.30155.23.1", "server"),
        ("AIX host 1 7 00F9A1B24C00", "1.3.6.1.4.1.2.3.1.2.1.1.3", "server"),
        ("IBM OS/400 V7R4M0", "1.3.6.1.4.1.2.6.11", "server"),
        ("AC-4 4GPON+2GT (AcOS 1.0)", "1.3.6.1.4.1.99999.3", "switch"),
        ("VSP-0000 (1.0)", "1.3.6.1.4.1.2272.999", "switch"),
        ("Linux ntnx-node-cvm 3.10.0 #1 SMP x86_64", "1.3.6.1.4.1.41263", "server"),
        ("Broadworks Media Server", "1.3.6.1.4.1.6431.1.1.8.1.9", "server"),
        ("Acme EPON OLT", "1.3.6.1.4.1.99999.3", "switch"),
        # Access points and console servers: platform rows, ZyXEL's model lines, a sysDescr that says so.
        ("Acme Wireless Access Point 2.0", "1.3.6.1.4.1.99999.3", "access_point"),
        ("NWA-", "1.3.6.1.4.1.890.1.15", "access_point"),
        ("WAC6303D-S", "1.3.6.1.4.1.890.1.15", "access_point"),
        ("GS1900-8", "1.3.6.1.4.1.890.1.15", "switch"),
        ("ES-2024PWR", "1.3.6.1.4.1.890.1.5.8.27", "switch"),
        ("XGS4600-32F", "1.3.6.1.4.1.890.1.15", "switch"),
        ("Huawei AirEngine 5760-10 Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.240.99",
         "access_point"),
        ("H3C Comware Platform Software, Software Version 7.1.064, Release 2456P01 H3C WA6320", "1.3.6.1.4.1.25506.1.1",
         "access_point"),
        ("Ruijie Networks RG-AP720-L Software, Version AP_RGOS 11.1", "1.3.6.1.4.1.4881.1.1.10.1.99", "access_point"),
        ("Cyclades ACS 6000", "1.3.6.1.4.1.10418.16.1", "console_server"),
        ("Airconsole 2.80", "1.3.6.1.4.1.14358.1", "console_server"),
        ("Acme 16-port Console Server", "1.3.6.1.4.1.99999.3", "console_server"),
        # Cooling units: a maker of nothing else (CAREL's HVAC controllers and their pCOWeb card, STULZ), a platform
        # row, or a sysDescr that says so.
        ("CAREL cpCO controller", "1.3.6.1.4.1.9839", "cooling"),
        ("Acme WIB 8000", "1.3.6.1.4.1.29462.10", "cooling"),
        ("Rittal IT Chiller", "1.3.6.1.4.1.9839.2606.1", "cooling"),
        ("Acme Precision Air Conditioner 2.0", "1.3.6.1.4.1.99999.3", "cooling"),
        ("Acme In-Row Cooling Unit", "1.3.6.1.4.1.99999.3", "cooling"),
        # DC power systems: a maker of nothing else, a platform row, or a sysDescr that says so; never a UPS.
        ("SC300 Controller - software version 1.0", "1.3.6.1.4.1.1918.2.14", "dc_power"),
        ("Acme Monitoring System", "1.3.6.1.4.1.26854.3.2.1", "dc_power"),
        ("Acme Power System", "1.3.6.1.4.1.885.3", "dc_power"),
        ("ELTEK Power System", "1.3.6.1.4.1.12148.10", "dc_power"),
        ("Acme -48V DC Power System", "1.3.6.1.4.1.99999.3", "dc_power"),
        ("Acme Rectifier Shelf 2.0", "1.3.6.1.4.1.99999.3", "dc_power"),
        ("ICT Sine Wave Inverter", "1.3.6.1.4.1.39145.12", "dc_power"),
        ("ICT Modular Power System", "1.3.6.1.4.1.39145.13", "dc_power"),
        ("ICT Distribution Panel", "1.3.6.1.4.1.39145.10", "pdu"),
        # ... but an 'Uninterruptible Power System' is a UPS's name, and Cyber Power Systems a maker's.
        ("Acme Uninterruptible Power System", "1.3.6.1.4.1.99999.3", None),
        ("Acme Uninterruptable Power System", "1.3.6.1.4.1.99999.3", None),
        ("Cyber Power System card", "1.3.6.1.4.1.99999.3", None),
        # Optical and SDH/OTN transport: the platform rows of transport makers, a maker of nothing else, the lines
        # of makers who also make switches, or a sysDescr that says what it is.
        ("Nokia 1830 PSS v23.6.0 SONET ADM", "1.3.6.1.4.1.7483.1.3.1", "transport"),
        ("PL-2000M", "1.3.6.1.4.1.4515.1.3", "transport"),
        ("Smartoptics, DCP-M40", "1.3.6.1.4.1.30826.2", "transport"),
        ("Acme 360 Platform, C100, Release 1.0", "1.3.6.1.4.1.20044", "transport"),  # Ekinops' arc
        ("Acme 16-channel DWDM terminal", "1.3.6.1.4.1.99999.3", "transport"),
        ("AC-1550 EDFA V1.0", "1.3.6.1.4.1.99999.3", "transport"),
        ("Model AC-1 CATV Optical Receiver", "1.3.6.1.4.1.99999.3", "transport"),
        ("Huawei OptiX OSN 3500 V100R010", "1.3.6.1.4.1.2011.2.25.1", "transport"),
        ("OptiX PTN 960", "1.3.6.1.4.1.2011.2.999", "transport"),
        ("ZTE ZXMP S385 V4.10", "1.3.6.1.4.1.3902.999", "transport"),
        ("ZXONE 9700 V1.0", "1.3.6.1.4.1.3902.999", "transport"),
        ("FiberHome CiTRANS 660 R1.0", "1.3.6.1.4.1.11408.999", "transport"),
        ("FONST 5000 V1.0", "1.3.6.1.4.1.11408.999", "transport"),
        # ... while the same makers' switches stay switches.
        ("ZTE Ethernet Switch ZXR10 5250-52TM-H, Version: V2.05.11B23", "1.3.6.1.4.1.3902.3.100", "switch"),
        ("FiberHome S5800-28T-X Software Version 1.0", "1.3.6.1.4.1.11408.999", "switch"),
        # Makers of one kind, by their enterprise arc alone, for models nobody recorded: a sysDescr that names nothing
        # (a uname line, a product code) under the maker's number.
        ("Acme card 1.0", "1.3.6.1.4.1.5491.9", "ups"),  # Riello UPS
        ("Acme controller 2.1", "1.3.6.1.4.1.20246.2.3.1", "dc_power"),  # Delta Switzerland ORION
        ("Acme ZX-48", "1.3.6.1.4.1.56614.1.2", "dc_power"),  # Zhongheng
        ("Acme RP-24", "1.3.6.1.4.1.31770.7", "pdu"),  # Bachmann BlueNet
        ("Acme Sentry X", "1.3.6.1.4.1.1718.2", "pdu"),  # Server Technology beyond the Sentry3/Sentry4 rows
        ("Acme M-1", "1.3.6.1.4.1.39604.1", "meter"),  # Accuenergy
        ("Acme 750", "1.3.6.1.4.1.52674.500", "env_monitor"),  # NetBotz under Schneider's number
        ("Acme PC-9", "1.3.6.1.4.1.44001.3", "cooling"),  # Envicool
        ("Acme OA-16", "1.3.6.1.4.1.28318.4.1", "transport"),  # Accelink
        ("Acme T-35", "1.3.6.1.4.1.3097.1.5", "firewall"),  # WatchGuard
        ("Acme G-2000", "1.3.6.1.4.1.47646.2.1", "firewall"),  # Qi An Xin
        ("Acme LM-3", "1.3.6.1.4.1.12196.250.10", "load_balancer"),  # Kemp
        ("Acme E-320", "1.3.6.1.4.1.4874.1.1.1.1.3", "router"),  # Juniper/Unisphere E-series
        ("Linux array01 4.19.0 #1 SMP x86_64", "1.3.6.1.4.1.40482.1.7", "storage"),  # Pure Storage
        ("Acme X-7", "1.3.6.1.4.1.1139.99", "storage"),  # EMC
        ("Linux cam 3.10.0", "1.3.6.1.4.1.21701.1", "camera"),  # MOBOTIX
        ("Acme XNV-1", "1.3.6.1.4.1.36849.1.2.99", "camera"),  # Hanwha Vision
        ("Acme IP KVM 4", "1.3.6.1.4.1.25119.2", "console_server"),  # Adder
        # ... and only under the arc: a number that begins with the same digits is another maker's.
        ("Acme card 1.0", "1.3.6.1.4.1.54910.1", None),
        ("Acme box 1.0", "1.3.6.1.4.1.30970.1", None),
    ],
)
def test_kinds_from_data(descr: str, oid: str, kind: str | None) -> None:
    obs = run(system(descr, oid))
    assert obs.device["kind"] == kind, obs.device["evidence"]
    assert bool(obs.device["evidence"].get("kind")) == (kind is not None)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("1.3.6.1.2.1.17.7.1.2.2.1.2.1.0.1.2.3.4.5|2|3", "switch"),  # Q-BRIDGE-MIB dot1qTpFdbPort
        ("1.3.6.1.2.1.17.1.4.1.2.1|2|1", "switch"),  # BRIDGE-MIB dot1dBasePortIfIndex
        ("1.3.6.1.2.1.15.3.1.2.192.0.2.1|2|6", "router"),  # BGP4-MIB bgpPeerState
        ("1.3.6.1.2.1.14.1.1.0|64|192.0.2.1", "router"),  # OSPF-MIB ospfRouterId
    ],
)
def test_kind_from_the_bridge_and_routing_mibs_that_answer(answer: str, kind: str) -> None:
    obs = run([*system("Acme box 1.0", "1.3.6.1.4.1.99999.3"), answer])
    assert obs.device["kind"] == kind and "answers" in obs.device["evidence"]["kind"]
    # A bridge that also routes is a switch (a layer-3 switch), never a router.
    both = run([*system("Acme box 1.0", "1.3.6.1.4.1.99999.3"), answer, "1.3.6.1.2.1.17.1.4.1.2.1|2|1"])
    assert both.device["kind"] == "switch"


@pytest.mark.parametrize(
    "descr",
    [
        "Acme ONT PON-less 1.0",  # no PON technology word
        "Linux bolt 5.10",  # OLT inside a word
        "Linux switch01 5.10.0-21-amd64 #1 SMP x86_64",  # a host named switch
        "Linux firewall 4.19.0 #1 SMP x86_64",  # a host named firewall (lower case)
        "Acme router 1.0",  # a bare 'router'
        "Linux nas01 4.2.2 armv7l",
        "Acme CPDU sensor",  # PDU inside a word
        "Acme switch-os 2.0",
    ],
)
def test_bare_kind_words_give_no_kind(descr: str) -> None:
    assert run(system(descr, "1.3.6.1.4.1.99999.3")).device["kind"] is None


def test_sysdescr_naming_maker_then_model() -> None:
    obs = run(system("Gigamon GigaVUE-2404 v8.6.07", "1.3.6.1.4.1.99999.3"))
    assert obs.device["model"] == "GigaVUE-2404"
    host = run(system("Linux host-12 5.10.0 #1 SMP x86_64", "1.3.6.1.4.1.8072.3.2.10"))
    # An OS banner's second word is a host name, not a model: the machine field gives the hardware class.
    assert host.device["model"] == "Generic x86 64-bit"


@pytest.mark.parametrize(
    ("descr", "model"),
    [
        # IBM names operating systems OS/<number>: the name and its release state no model.
        ("IBM OS/390 V2R10M0", None),
        ("IBM OS/2 V4R5", None),
        # A release notation (V<n>R<n>) after the model is the software's release, not the model's second token.
        ("Acme Systems QX-8 V3R2C10", "QX-8"),
        ("Acme Systems QX-8 48T4S V3R2C10", "QX-8 48T4S"),
    ],
)
def test_sysdescr_maker_then_model_is_never_an_os_name_or_a_release(descr: str, model: str | None) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.99999.3"))
    assert obs.device["model"] == model, obs.device["evidence"].get("model")


def test_host_cpu_from_host_resources() -> None:
    hr = "1.3.6.1.2.1.25.3.2.1"
    walk = [*system("Linux db01 4.19.90-52.22.v2207.ky10.aarch64", "1.3.6.1.4.1.8072.3.2.10"),
            "1.3.6.1.2.1.25.4.2.1.2.1|4|systemd",
            f"{hr}.2.768|6|1.3.6.1.2.1.25.3.1.5", f"{hr}.3.768|4|network interface lo",
            f"{hr}.2.196608|6|1.3.6.1.2.1.25.3.1.3", f"{hr}.3.196608|4|HiSilicon Kunpeng-920",
            f"{hr}.2.196609|6|1.3.6.1.2.1.25.3.1.3", f"{hr}.3.196609|4|HiSilicon Kunpeng-920"]
    obs = run(walk)
    assert obs.device["kind"] == "server" and obs.device["cpu_model"] == "HiSilicon Kunpeng-920"
    assert "hrDeviceProcessor" in obs.device["evidence"]["cpu_model"]
    # A device that lists no processes is not asked about its processors.
    cpu_rows = [f"{hr}.2.1|6|1.3.6.1.2.1.25.3.1.3", f"{hr}.3.1|4|MIPS"]
    switch = run([*system("Some switch", "1.3.6.1.4.1.99999.1"), *cpu_rows])
    assert "cpu_model" not in switch.device


def test_many_ethernet_ports_and_no_process_table_is_a_network_device_not_a_switch() -> None:
    if_table = "1.3.6.1.2.1.2.2.1"
    ports = [line for i in range(1, 9) for line in (f"{if_table}.2.{i}|4|port {i}", f"{if_table}.3.{i}|2|6")]
    obs = run([*system("Unknown maker box", "1.3.6.1.4.1.99999.7"), *ports])
    # A count states no role: a network device, which one unknown (a firewall or load balancer has as many ports).
    assert obs.device["kind"] == "network" and "ifType 6,62,69,117 on at least 8" in obs.device["evidence"]["kind"]
    fewer = run([*system("Unknown maker box", "1.3.6.1.4.1.99999.7"), *ports[:14]])
    assert fewer.device["kind"] is None  # seven ports: no kind rather than a guess
    host = run([*system("Linux gw 5.10", "1.3.6.1.4.1.8072.3.2.10"), "1.3.6.1.2.1.25.4.2.1.2.1|4|init", *ports])
    assert host.device["kind"] == "server"


@pytest.mark.parametrize(
    ("descr", "field", "value"),
    [
        ("Acme Networks. XR-2100A, V9.1.00411-07, Build Date: Wed Dec 27 2023", "os_version", "9.1.00411-07"),
        ("Smart Card v5.53 (SN 11200071820065)", "os_version", "5.53"),
        ("V1.29_May 24 2016_11:26:12", "os_version", "1.29"),
        ("XSW-3500-24 Device, Compiled Feb 22 2011\n SoftWare Version XSW-3500-24_6.0.220.41", "model", "XSW-3500-24"),
        ("XSW-3500-24 Device, Compiled Feb 22 2011\n SoftWare Version XSW-3500-24_6.0.220.41", "os_version",
         "6.0.220.41"),
        ("BoxOS (X440-24p) version 15.5.1.6 by release-manager", "model", "X440-24p"),
        ("VSP-8404 (5.1.1.1)", "model", "VSP-8404"),
        ("ZyWALL 2X", "model", "ZyWALL 2X"),
        ("IPBS2[10.3.9], Bootcode[10.3.9], Hardware[IPBS2-C3/1B1]", "model", "IPBS2-C3/1B1"),
        ("Acme 360 Platform, C600HC, Release 6.3.900", "model", "C600HC"),
        ("Router Software, Version 2.1.0C\r\nSerial num:A00012345", "serial", "A00012345"),
        ("Acme Midspan 12G, App Ver=1.13.7, SN=AB1234567", "serial", "AB1234567"),
        # A model number that opens the text, then what it is, its OS or its version.
        ("XR-4820-24T-AC\nAcme Routing Platform Software, Version 3.1", "model", "XR-4820-24T-AC"),
        ("QB7010 LAB Bravo+ (V2.10.004 2024-01-02T10:00:00)", "model", "QB7010"),
        ("QB7010 LAB Bravo+ (V2.10.004 2024-01-02T10:00:00)", "os_version", "2.10.004"),
        ("ZK4410 CATV Optical Node", "model", "ZK4410"),
        # A model of up to three words, then its version or a comma.
        ("Probe Box 12E v3.3.0", "model", "Probe Box 12E"),
        ("Probe Box 12E v3.3.0", "os_version", "3.3.0"),
        ("NetPort 24-Port 250W, 1.0.1.4720839, Linux 3.6.5-f4a26ed5", "model", "NetPort 24-Port 250W"),
        ("NetPort 24-Port 250W, 1.0.1.4720839, Linux 3.6.5-f4a26ed5", "os_version", "1.0.1.4720839"),
        ("Acme Office Switch 1820 8G J1234A, PT.02.01, Linux 3.6.5", "os_version", "PT.02.01"),
        ("Acme SGA 400 (8.6.0.3-11sv)", "model", "Acme SGA 400"),
        # ... or its serial in parentheses.
        ("QX 512 (SN: 0401000012345 - 09 01)", "model", "QX 512"),
        ("QX 512 (S/N 0401000012345)", "model", "QX 512"),
        ("QX 512 (SN: 0401000012345 - 09 01)", "serial", "0401000012345"),
        ("Acme Systems AOCX3948 Series Software, Version 2.1.0C Build 15", "model", "AOCX3948"),
        ("Acme UPSController. Versions: App. 6.04.03, H/w ZQRC2 Rev 1.01.06", "model", "ZQRC2"),
        ("acme QX03D1OCWIT Network camera 05-27-2019", "model", "QX03D1OCWIT"),
        # Versions an OS names, written with dashes, joined to the product's name, or a release number.
        ("Acme Service Gateway TX5630, ACMOS 4.1.0-P5,", "os_version", "4.1.0-P5"),
        ("Linux dev-01 2.6.34-smp FooVUE-OS 5.16.00 #3 SMP ppc", "os_version", "5.16.00"),
        ("Acme Corporation, QN5164 Operating System, Version qaos-10-09-02-0181-RS3", "os_version",
         "10-09-02-0181-RS3"),
        ("StoreNAS-11.2-U7 (b088e78e8d). Hardware: amd64", "os_version", "11.2-U7"),
        ("XG1234_4.12ABC01.99", "os_version", "4.12ABC01.99"),
        ("R6.5.02r NQXS-E QANT-H ACME ACCESS", "os_version", "R6.5.02r"),
        ("Integrated Console 6 1.54 Nov 15 2023", "os_version", "1.54"),
        ("Acme iConverter GM4-HPOE 8991T11D v5.2.14 s/n 00827398", "model", "GM4-HPOE 8991T11D"),
        ('\\"Acme Mountain Works RX-4005i', "model", "RX-4005i"),
        ("Acme OS release 0.16.5 (build 0.16+287) running on a MetaBox 48 with C-Series", "model",
         "MetaBox 48 with C-Series"),
        ("Acme Optix RTN V100R011C00SPC200", "os_version", "V100R011C00SPC200"),
        ("Acme Communications, TB1300, Base Station, Version: dmr-3.05.00.0007", "os_version", "3.05.00.0007"),
        ("Acme Card. App. 6.04.03, OS 6.3", "os_version", "6.3"),
        ("Acme UPS, 3.7kVA, 3.3.2", "os_version", "3.3.2"),  # a rating is no version
        # What it is, then a model number that opens with its digits.
        ("Metro Routing Switch 7710-48TQ    HW:04       FW:2.1.0.3  SW:v4.2.1.007 BN:07 (c) Acme", "model",
         "7710-48TQ"),
        ("Acme Application Switch 3318XQ", "model", "3318XQ"),
        # A model that opens the text, then a comma and its OS.
        ("MX4026-AC, AcmeOS Version acmeos-mx4k-7.1.2-ED-R  Copyright (c) 2001-2018", "model", "MX4026-AC"),
        # A brand word and number, then what it is and its version at the end.
        ("Acme 4002 SNMP Supervisor v2.0.15", "model", "Acme 4002"),
        # What it is, then the model number in parentheses.
        ("Acme Campus Switch PoE (XS5810-48TS-P) By Acme Inc", "model", "XS5810-48TS-P"),
        ("Acme Edge Router (QR-2400) rev B", "model", "QR-2400"),
        # A comma field joining a product's name, its model number and its version by underscores: before the kernel's
        # and the boot loader's.
        ("Acme 1930 48G Switch JL686A, AcmeOn_1930_1.0.5.0 (139), Linux 4.4.120, U-Boot 2013.01 (V1.0.1.29)",
         "os_version", "1.0.5.0"),
        # A uname banner inside the text ('<release> #<build>'): the kernel's release is passed over for the system's.
        ("Acme Systems, Inc. QX Linux host 2.6.38.6-rc1 #1 QXOA 8.1.9.8_77260 SMP Tue Dec 31 14:19:17 PST 2019 x86_64",
         "os_version", "8.1.9.8_77260"),
    ],
)
def test_sysdescr_patterns_of_the_generic_layer(descr: str, field: str, value: str) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.99999.4"))
    assert obs.device[field] == value, obs.device["evidence"]
    assert obs.device["evidence"][field].startswith("generic: sysDescr")


@pytest.mark.parametrize(
    "descr",
    ["Raid Subsystem V1.00", "Switched PDU", "Epicenter SNMP", "Host Controller", "ACME VSOS-V0700R0600", "HVAC Unit 2",
     "A10 Networks vThunder appliance", "Linux web01 5.10.0-8-amd64 #1 SMP", "Acme8, Inc. AcmeOS for boxes",
     # A software image in parentheses is no model; nor a version's label, a host name or words before a version.
     "Acme L3 Switch Software (AX9K-IMAGE-M)", "Version 4002 Release Candidate v2.0.15", "Acme Monitor v2.0.15",
     "4-10-g036b52a", "v2.1-3-g1a2b3c4d",  # a git describe is a build
     # A label a person gives a place or a part, then what it is and a version: an ordinal, no model number.
     "Room 12 PDU v1.2.3", "Building 7 Floor Controller v1.0.2", "Slot 3 Line Card v1.2.3",
     "Node 12 Cluster Server v1.2", "Sensor 1 Temperature Probe v1.2", "Build 1234 Web Server v1.2",
     # A firmware, image or release name in parentheses after what it is; a date after what it is.
     "IoT Gateway Firmware (FW-2-1)", "Edge Router Image (RTR-IMG-9K)", "Core Switch Release (R-2024-1)",
     "Core Switch 2024-05-06 build", "Access Router 2023/11/02 build 7",
     # A dotted version joined to the product's name ('QX-5.10.1') is a release, not a model 'QX-5'.
     "QX-NM QX-5.10.1 (32333) (Jul 13 2016 - 08:18:22), U-Boot 2013.01.02"],
)
def test_sysdescr_words_without_a_model_number_give_no_model(descr: str) -> None:
    # Neither words nor a VRP-style version is a model (Windows's processor line gives its hardware class alone:
    # test_snmp_general_layers).
    assert run(system(descr, "1.3.6.1.4.1.99999.4")).device["model"] is None


@pytest.mark.parametrize(
    ("descr", "oid", "model", "version"),
    [
        ("SM4200-16GEF8GE-AC Device, Compiled Mar 17 2010\n  SoftWare Version SM4200-16GEF8GE-AC_6.0.222.39",
         "1.3.6.1.4.1.5651.1.102.167", "SM4200-16GEF8GE-AC", "6.0.222.39"),
        ("DPTECH Conplat Platform Software\r Conplat software, Version V100R004B01D007P02PATCH03, Release "
         "S111C011D007P02PATCH03\r DPX8000-A5 Product Version DPX8000-A5-S111C011D007P02PATCH03",
         "1.3.6.1.4.1.31648.1", "DPX8000-A5", "V100R004B01D007P02PATCH03"),
    ],
)
def test_domestic_platform_rows_read_model_and_version(descr: str, oid: str, model: str, version: str) -> None:
    obs = run(system(descr, oid))
    assert (obs.device["model"], obs.device["os_version"]) == (model, version), obs.device["evidence"]


def test_a_type_code_names_its_row_in_the_type_table() -> None:
    # TIMETRA-CHASSIS-MIB: tmnxChassisType.1 = 26, tmnxChassisTypeName.26 = the model; a code with no row is none.
    tmnx = "1.3.6.1.4.1.6527.3.1.2.2.1"
    walk = [*system("TiMOS-C-10.0.R4 cpm/hops Nokia SAS-R 7210", "1.3.6.1.4.1.6527.6.2.1.2.2.6"),
            f"{tmnx}.3.1.4.1|66|26", f"{tmnx}.6.1.2.23|4|7705 SAR-8 v2", f"{tmnx}.6.1.2.26|4|7210 SAS-R6",
            f"{tmnx}.8.1.5.1.16842753|4|NS0000000", f"{tmnx}.8.1.5.1.50331649|4|NS1806C3752"]
    obs = run(walk)
    assert obs.device["model"] == "7210 SAS-R6" and obs.device["serial"] == "NS1806C3752"
    assert obs.device["evidence"]["model"] == (
        f"nokia_timos: OID {tmnx}.6.1.2 row named by {tmnx}.3.1.4.1"
    )
    unknown = run([*walk[:3], f"{tmnx}.3.1.4.1|66|99"])
    assert unknown.ok and unknown.device["model"] is None


def test_a_sparse_entity_table_names_the_device_where_its_model_is() -> None:
    # No class or containment columns; a port's serial row (3) sorts before the device's model row (5).
    rows = [f"{ENT}.11.3|4|PORTSERIAL", f"{ENT}.11.5|4|DEV123456", f"{ENT}.13.5|4|DDW-225"]
    obs = run(system("Industrial router", "1.3.6.1.4.1.99999.5") + rows)
    assert obs.device["model"] == "DDW-225" and obs.device["serial"] == "DEV123456"


def test_net_snmp_extend_scripts_name_the_hardware() -> None:
    ext = "1.3.6.1.4.1.8072.1.3.2.3.1.1"
    walk = [*system("Linux OpenWrt 5.4.137 #0 SMP armv7l", "1.3.6.1.4.1.8072.3.2.10"),
            f"{ext}.8.104.97.114.100.119.97.114.101|4|Linksys WRT1200AC", f"{ext}.6.115.101.114.105.97.108|4|X1234567"]
    obs = run(walk)
    assert obs.device["model"] == "Linksys WRT1200AC" and obs.device["serial"] == "X1234567"
    assert obs.device["os_version"] == "5.4.137"


def test_a_time_server_behind_net_snmp_is_named_by_its_product_mib() -> None:
    walk = [*system("Linux ntp1 3.2.2-Sonoma #1 PREEMPT armv5tel", "1.3.6.1.4.1.8072.3.2.10"),
            "1.3.6.1.4.1.13827.12.1.16.0|4|Sonoma_D12 GPS 6010-0065-000 v 3.04 - Sep 24 22:58:19 2019"]
    obs = run(walk)
    assert obs.device["platform"] == "endrun_ntp" and obs.device["kind"] == "other"
    assert (obs.device["model"], obs.device["os_version"]) == ("Sonoma_D12 GPS 6010-0065-000", "3.04")
    plain = run(walk[:3])  # the same banner without the product MIB: a Linux host, its kernel release
    assert plain.device["platform"] == "net_snmp_linux" and plain.device["os_version"] == "3.2.2-Sonoma"


@pytest.mark.parametrize(
    ("oid", "rows", "want"),
    [
        # Raritan PX2/PX3 (PDU2-MIB nameplate and first board's firmware).
        ("1.3.6.1.4.1.13742.6", ["1.3.6.1.4.1.13742.6.3.2.1.1.3.1|4|PX3-5190R",
                                 "1.3.6.1.4.1.13742.6.3.2.1.1.4.1|4|QFC0123456",
                                 "1.3.6.1.4.1.13742.6.3.2.3.1.6.1.1.1|4|3.5.0.5-46553"],
         ("pdu", "PX3-5190R", "3.5.0.5-46553", "QFC0123456")),
        # ServerTech Sentry3: the version out of 'Sentry Switched CDU Version 6.0g', the first tower.
        ("1.3.6.1.4.1.1718.3", ["1.3.6.1.4.1.1718.3.1.1.0|4|Sentry Switched CDU Version 6.0g",
                                "1.3.6.1.4.1.1718.3.2.1.1.6.1|4|ABEF0001561",
                                "1.3.6.1.4.1.1718.3.2.1.1.7.1|4|CW-24V2-L30M"],
         ("pdu", "CW-24V2-L30M", "6.0g", "ABEF0001561")),
        ("1.3.6.1.4.1.1718.4", ["1.3.6.1.4.1.1718.4.1.1.1.3.0|4|Version 8.0n",
                                "1.3.6.1.4.1.1718.4.1.2.2.1.4.1|4|AAAA0001234",
                                "1.3.6.1.4.1.1718.4.1.2.2.1.5.1|4|C2S42CE"],
         ("pdu", "C2S42CE", "8.0n", "AAAA0001234")),
        # CyberPower: a UPS card, and an ePDU (its ident group makes it a PDU).
        ("1.3.6.1.4.1.3808.1.1.1", ["1.3.6.1.4.1.3808.1.1.1.1.1.1.0|4|OL3000RMXL2U",
                                    "1.3.6.1.4.1.3808.1.1.1.1.2.1.0|4|CRE7112",
                                    "1.3.6.1.4.1.3808.1.1.1.1.2.3.0|4|AAA12345"],
         ("ups", "OL3000RMXL2U", "CRE7112", "AAA12345")),
        ("1.3.6.1.4.1.3808.1.1.3", ["1.3.6.1.4.1.3808.1.1.3.1.3.0|4|1.2.3",
                                    "1.3.6.1.4.1.3808.1.1.3.1.5.0|4|PDU30SWT17ATNET",
                                    "1.3.6.1.4.1.3808.1.1.3.1.6.0|4|PAB1234567"],
         ("pdu", "PDU30SWT17ATNET", "1.2.3", "PAB1234567")),
        # Hillstone StoneOS: HILLSTONE-SYSTEM-MIB serial and software, its version and the release name out of it;
        # with no model stated, the one HILLSTONE-PRODUCTS-MIB registers for the sysObjectID (hillstoneProducts 37).
        ("1.3.6.1.4.1.28557.1.37", ["1.3.6.1.4.1.28557.2.2.1.1.0|4|0010123456789",
                                    "1.3.6.1.4.1.28557.2.2.1.2.0|4|Version 5.5 SG6000-M-3-5.5R6P3.bin 2019/01/10"],
         ("firewall", "SG-6000-NAV50", "5.5 (5.5R6P3)", "0010123456789")),
        # Schleifenbauer: SCHLEIFENBAUER-DATABUS-MIB sdbDevIdTable, the first device on the databus.
        ("1.3.6.1.4.1.31034.11.1", ["1.3.6.1.4.1.31034.12.1.1.2.1.1.1.2.7|2|250",
                                    "1.3.6.1.4.1.31034.12.1.1.2.1.1.1.5.7|4|SSDCHIN1307-002",
                                    "1.3.6.1.4.1.31034.12.1.1.2.1.1.1.6.7|4|SVNL00000001"],
         ("pdu", "SSDCHIN1307-002", "250", "SVNL00000001")),
        # Dell rPDU: DellrPDU-MIB rPDUIdentTable, the first PDU (model .7, serial .8, firmware .5).
        ("1.3.6.1.4.1.674.10903.200", ["1.3.6.1.4.1.674.10903.200.2.200.100.2.1.5.1|4|v1.5.0",
                                       "1.3.6.1.4.1.674.10903.200.2.200.100.2.1.7.1|4|DELL-RPDU-0001",
                                       "1.3.6.1.4.1.674.10903.200.2.200.100.2.1.8.1|4|CN0000000001"],
         ("pdu", "DELL-RPDU-0001", "v1.5.0", "CN0000000001")),
        # FortiADC: FORTINET-FORTIADC-MIB fadcSystem (model .1, serial .2, version .3); an application delivery
        # controller under its own arc 12356.112: a load balancer.
        ("1.3.6.1.4.1.12356.112.100", ["1.3.6.1.4.1.12356.112.1.1.0|4|FAD-VM",
                                       "1.3.6.1.4.1.12356.112.1.2.0|4|FADV000000000001",
                                       "1.3.6.1.4.1.12356.112.1.3.0|4|v6.0.0,build0001,200101"],
         ("load_balancer", "FAD-VM", "v6.0.0,build0001,200101", "FADV000000000001")),
        # Hikvision NVR: HIKVISION-MIB hikEntityType (model), hikEntityIndex (serial), .101 (software version).
        ("1.3.6.1.4.1.50001", ["1.3.6.1.4.1.50001.1.100.0|4|DS-7608NI-K2",
                               "1.3.6.1.4.1.50001.1.3.0|4|DS-7608NI-K20820200101CCRR000000000WCVU",
                               "1.3.6.1.4.1.50001.1.101.0|4|V4.30.085"],
         ("camera", "DS-7608NI-K2", "V4.30.085", "DS-7608NI-K20820200101CCRR000000000WCVU")),
        # Any other Fortinet product: FORTINET-CORE-MIB fnSysSerial.
        ("1.3.6.1.4.1.12356.999", ["1.3.6.1.4.1.12356.100.1.1.1.0|4|FXX0000000000001"],
         ("firewall", None, None, "FXX0000000000001")),
    ],
    ids=["raritan", "sentry3", "sentry4", "cyberpower-ups", "cyberpower-epdu", "hillstone", "schleifenbauer",
         "dell-rpdu", "fortiadc", "hikvision-nvr", "fortinet-core"],
)
def test_power_and_security_vendor_rows(
    oid: str, rows: list[str], want: tuple[str, str | None, str | None, str]
) -> None:
    obs = run(system("agent", oid) + rows)
    got = (obs.device["kind"], obs.device["model"], obs.device["os_version"], obs.device["serial"])
    assert got == want, obs.device["evidence"]


@pytest.mark.parametrize(
    ("rev", "version"), [("1.0.5 Build 20160401 Rel.43046", "1.0.5"), ("Build 5.01.B65", "5.01.B65")]
)
def test_rmon2_probe_software_revision_is_the_version(rev: str, version: str) -> None:
    obs = run([*system("Gigabit Smart Switch", "1.3.6.1.4.1.99999.6"), f"1.3.6.1.2.1.16.19.2.0|4|{rev}"])
    assert obs.device["os_version"] == version
    assert obs.device["evidence"]["os_version"].startswith("generic: OID 1.3.6.1.2.1.16.19.2.0")


def test_an_iss_based_switch_states_its_serial_in_the_aricent_iss_mib() -> None:
    # ARICENT-ISS-MIB issHardwareSerialNumber (2076.81.1.120) where the chassis row has no serial; ENTITY-MIB's first.
    rows = [f"{ENT}.5.1|2|3", f"{ENT}.4.1|2|0", f"{ENT}.13.1|4|QX2424", f"{ENT}.11.1|4|"]
    walk = [*system("QX2424 28-port 1G/10G Managed Switch", "1.3.6.1.4.1.99999.1.176"), *rows,
            "1.3.6.1.4.1.2076.81.1.120.0|4|QX9E001234"]
    obs = run(walk)
    assert obs.device["serial"] == "QX9E001234"
    assert obs.device["evidence"]["serial"] == "generic: OID 1.3.6.1.4.1.2076.81.1.120.0"
    both = run([*walk[:-2], f"{ENT}.11.1|4|ENT0001234", walk[-1]])
    assert both.device["serial"] == "ENT0001234"


def test_an_iss_chassis_row_states_the_system_release_as_its_firmware_revision() -> None:
    # Aricent's ISS names itself as the chassis's maker and puts its own release in entPhysicalSoftwareRev: the
    # maker's firmware (entPhysicalFirmwareRev) is the version. Any other maker's chassis keeps the software revision.
    def walk(firmware: str, maker: str | None) -> Mapping[str, Any]:
        rows = [f"{ENT}.2.1|4|Network Element", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|3", f"{ENT}.9.1|4|{firmware}",
                f"{ENT}.10.1|4|6.2.0", f"{ENT}.13.1|4|QX2424", *([f"{ENT}.12.1|4|{maker}"] if maker else [])]
        return run(system("QX2424 28-port 1G/10G Managed Switch", "1.3.6.1.4.1.99999.1.176") + rows).device

    device = walk("4.7.1", "Aricent")
    assert device["os_version"] == "4.7.1"
    assert device["evidence"]["os_version"].startswith("generic: ENTITY-MIB chassis firmware_rev where")
    assert walk("4.7.1", "Acme")["os_version"] == "6.2.0"
    assert walk("4.7.1", None)["os_version"] == "6.2.0"
    assert walk("", "Aricent")["os_version"] == "6.2.0"


@pytest.mark.parametrize("rule", [{"when": "x"}, {"when_entity": "mfg_name"}])
def test_a_rule_condition_needs_both_its_field_and_its_pattern(rule: dict[str, str]) -> None:
    from govops.errors import CatalogError
    from govops.platforms.snmp import ExtractRule, SnmpPlatform, default_platforms, validate

    rule_ = ExtractRule(field="serial", entity="serial", **rule)  # type: ignore[arg-type]
    row = SnmpPlatform(id="acme_x", source="test", os="X", extract=(rule_,))
    with pytest.raises(CatalogError, match=r"acme_x extract #1 .*when_entity and when go together"):
        validate([*default_platforms(), row])


@pytest.mark.parametrize("when", ["(", "[a-", "(?P<x>a)(?P<x>b)"])
def test_a_rule_condition_that_is_no_regex_is_refused_naming_the_row(when: str) -> None:
    from govops.errors import CatalogError
    from govops.platforms.snmp import ExtractRule, SnmpPlatform, default_platforms, validate

    rule = ExtractRule(field="serial", entity="serial", when_entity="mfg_name", when=when)
    row = SnmpPlatform(id="acme_x", source="test", os="X", extract=(rule,))
    with pytest.raises(CatalogError, match=r"acme_x extract #1: bad regex"):
        validate([*default_platforms(), row])


def test_a_cable_device_states_serial_and_software_in_the_docsis_device_mib() -> None:
    # DOCS-CABLE-DEVICE-MIB docsDevSerialNumber (69.1.1.4) and docsDevSwCurrentVers (69.1.3.5); the OSSI sysDescr's
    # SW_REV comes first.
    rows = ["1.3.6.1.2.1.69.1.1.4.0|4|QX1234567890", "1.3.6.1.2.1.69.1.3.5.0|4|9.1.103AA23"]
    obs = run([*system("Acme cable modem", "1.3.6.1.4.1.99999.2"), *rows])
    assert (obs.device["serial"], obs.device["os_version"]) == ("QX1234567890", "9.1.103AA23"), obs.device["evidence"]
    ossi = "<<HW_REV: 1.0; VENDOR: Acme; BOOTR: 2.4.0; SW_REV: 9.1.104; MODEL: QX3000>>"
    assert run([*system(ossi, "1.3.6.1.4.1.99999.2"), *rows]).device["os_version"] == "9.1.104"


def test_a_marvell_sdk_switch_states_model_and_serial_in_the_radlan_unit_table() -> None:
    # RADLAN-Physicaldescription-MIB rlPhdUnitGenParamTable (89.53.14.1), first unit: model name .11, serial .5;
    # ENTITY-MIB's chassis first where it names them.
    rows = ["1.3.6.1.4.1.89.53.14.1.11.1|4|QX2324P AC", "1.3.6.1.4.1.89.53.14.1.5.1|4|QX43001234",
            "1.3.6.1.4.1.89.53.14.1.11.2|4|QX2324P AC", "1.3.6.1.4.1.89.53.14.1.5.2|4|QX43009999"]
    obs = run([*system("Acme managed switch", "1.3.6.1.4.1.99999.1.92"), *rows])
    assert (obs.device["model"], obs.device["serial"]) == ("QX2324P AC", "QX43001234"), obs.device["evidence"]
    entity = run([*system("Acme managed switch", "1.3.6.1.4.1.99999.1.92"),
                  *chassis(67108992, model="QX2324P", serial="ENT0000001"), *rows])
    assert (entity.device["model"], entity.device["serial"]) == ("QX2324P", "ENT0000001")


def test_a_marvell_sdk_switch_states_its_software_in_the_radlan_unit_table() -> None:
    # RADLAN-Physicaldescription-MIB rlPhdUnitGenParamSoftwareVersion (89.53.14.1.2) of the first unit; the chassis
    # row's entPhysicalSoftwareRev first.
    rows = ["1.3.6.1.4.1.89.53.14.1.2.1|4|4.1.2.7", "1.3.6.1.4.1.89.53.14.1.2.2|4|4.0.9.1"]
    obs = run([*system("Acme managed switch", "1.3.6.1.4.1.99999.1.92"), *rows])
    assert obs.device["os_version"] == "4.1.2.7"
    assert obs.device["evidence"]["os_version"] == "generic: OID 1.3.6.1.4.1.89.53.14.1.2"  # the column's first row
    entity = run([*system("Acme managed switch", "1.3.6.1.4.1.99999.1.92"),
                  *chassis(67108992, model="QX2324P", serial="ENT0000001"), f"{ENT}.10.67108992|4|4.2.0.1", *rows])
    assert entity.device["os_version"] == "4.2.0.1"


def test_an_oem_fastpath_switch_states_model_serial_and_software_in_broadcoms_inventory_group() -> None:
    # FASTPATH-SWITCHING-MIB agentInventoryGroup (4413.1.1.1.1.1): machine model .3, serial .4, software .13, on a
    # switch that keeps its maker's sysObjectID (the broadcom_fastpath row takes Broadcom's own).
    inv = "1.3.6.1.4.1.4413.1.1.1.1.1"
    obs = run([*system("Acme L2 managed switch", "1.3.6.1.4.1.99999.3.7"), f"{inv}.2.0|4|Acme 24-port switch",
               f"{inv}.3.0|4|QX-2400G", f"{inv}.4.0|4|QX24A0001234", f"{inv}.13.0|4|8.1.4.2"])
    got = (obs.device["model"], obs.device["serial"], obs.device["os_version"])
    assert got == ("QX-2400G", "QX24A0001234", "8.1.4.2"), obs.device["evidence"]
    assert obs.device["evidence"]["serial"] == f"generic: OID {inv}.4.0"


def test_a_vitesse_sdk_switch_states_its_board_serial_in_the_sysutil_mib() -> None:
    # VTSS-SYSUTIL-MIB vtssSysutilStatusBoardInfoBoardSerial (6603.1.24.1.3.5.3), after ENTITY-MIB's chassis serial.
    row = "1.3.6.1.4.1.6603.1.24.1.3.5.3.0|4|QX0123456789"
    obs = run([*system("Acme 10-port managed switch", "1.3.6.1.4.1.99999.9.1"), row])
    assert obs.device["serial"] == "QX0123456789"
    assert obs.device["evidence"]["serial"] == "generic: OID 1.3.6.1.4.1.6603.1.24.1.3.5.3.0"
    entity = run([*system("Acme 10-port managed switch", "1.3.6.1.4.1.99999.9.1"),
                  *chassis(1, model="QX10", serial="ENT0000002"), row])
    assert entity.device["serial"] == "ENT0000002"


@pytest.mark.parametrize("row", ["1.3.6.1.4.1.2076.81.1.2.0|4|QX-HW2", "1.3.6.1.4.1.89.53.14.1.4.1|4|QX-HW2"])
def test_a_switch_sdk_states_the_hardware_revision(row: str) -> None:
    # ARICENT-ISS-MIB issHardwareVersion (2076.81.1.2); RADLAN rlPhdUnitGenParamHardwareVersion (89.53.14.1.4), first
    # unit; the chassis row's entPhysicalHardwareRev first.
    obs = run([*system("Acme managed switch", "1.3.6.1.4.1.99999.1.92"), row])
    assert obs.device["hardware_rev"] == "QX-HW2"
    entity = run([*system("Acme managed switch", "1.3.6.1.4.1.99999.1.92"),
                  *chassis(1, model="QX10", serial="ENT0000003"), f"{ENT}.8.1|4|B1", row])
    assert entity.device["hardware_rev"] == "B1"


def test_a_netgear_radlan_switch_states_its_identity_in_the_re_rooted_unit_table() -> None:
    # NETGEAR-RADLAN-Physicaldescription-MIB: rlPhdUnitGenParamTable at 4526.17.53.14.1, first unit: model name .11,
    # serial .5, software version .2.
    unit = "1.3.6.1.4.1.4526.17.53.14.1"
    obs = run([*system("QX752 52-port switch", "1.3.6.1.4.1.4526.100.4.99"), f"{unit}.2.1|4|6.1.0.9",
               f"{unit}.5.1|4|QXN0000001", f"{unit}.11.1|4|QX752TPS"])
    got = (obs.device["platform"], obs.device["model"], obs.device["serial"], obs.device["os_version"])
    assert got == ("netgear_fastpath", "QX752TPS", "QXN0000001", "6.1.0.9"), obs.device["evidence"]


def test_nscrtv_common_properties_name_the_device() -> None:
    ne = "1.3.6.1.4.1.17409.1.3.3.2.2.1"
    obs = run([*system("V1.29_May 24 2016", "1.3.6.1.4.1.17409.1.11"), f"{ne}.4.1|4|HA5837A-1x016",
               f"{ne}.5.1|4|S26-PYA346", f"{ne}.6.1|4|V3.1.0"])
    got = (obs.device["model"], obs.device["serial"], obs.device["os_version"])
    assert got == ("HA5837A-1x016", "S26-PYA346", "V3.1.0")


def test_a_ups_card_behind_net_snmp_is_named_by_its_maker_mib() -> None:
    ident = "1.3.6.1.4.1.53973.1.1.1.1.1"
    walk = [*system("Linux ABB-acd364 6.6.0-qno #1 armv5tejl", "1.3.6.1.4.1.8072.3.2.10"),
            "1.3.6.1.2.1.25.4.2.1.2.1|4|init", f"{ident}.1.0|4|ABB", f"{ident}.2.0|4|PowerScale", f"{ident}.3.0|4|2.6"]
    obs = run(walk)
    assert (obs.device["platform"], obs.device["kind"], obs.device["model"], obs.device["os_version"]) == (
        "abb_ups", "ups", "PowerScale", "2.6")
    assert obs.device["vendor_id"] == "abb" and classified(obs).verdict == "foreign"


@pytest.mark.parametrize("code", ["99999999999999999999", "-3", "２６", "type-26"])
def test_a_type_code_that_is_no_row_index_chooses_nothing(code: str) -> None:
    tmnx = "1.3.6.1.4.1.6527.3.1.2.2.1"
    obs = run([*system("TiMOS-C-10.0.R4 cpm/hops Nokia SAS-R 7210", "1.3.6.1.4.1.6527.6.2.1.2.2.6"),
               f"{tmnx}.3.1.4.1|4|{code}", f"{tmnx}.6.1.2.26|4|7210 SAS-R6"])
    assert obs.ok and obs.device["model"] is None and obs.device["os_version"] == "10.0.R4"


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # A10 ACOS: A10-AX-MIB axSysPrimaryVersionOnDisk and axSysSerialNumber; the model before ', ACOS'.
        ("Thunder Series Unified Application Service Gateway TH3030S, ACOS 5.2.1-P3,", "1.3.6.1.4.1.22610.1.3.30",
         ["1.3.6.1.4.1.22610.2.4.1.1.1.0|4|5.2.1-P3(build: 82)", "1.3.6.1.4.1.22610.2.4.1.6.2.0|4|TH30A1234567"],
         ("load_balancer", "TH3030S", "5.2.1-P3(build: 82)", "TH30A1234567")),
        # Citrix NetScaler: NS-ROOT-MIB sysBuildVersion, sysHardwareVersionDesc, sysHardwareSerialNumber.
        ("NetScaler NS13.0: Build 88.14.nc, Date: Sep 1 2022", "1.3.6.1.4.1.5951.1",
         ["1.3.6.1.4.1.5951.4.1.1.1.0|4|NetScaler NS13.0: Build 88.14.nc, Date: Sep 1 2022, 10:00:00",
          "1.3.6.1.4.1.5951.4.1.1.11.0|4|NSMPX-8900 8*CPU+256GB", "1.3.6.1.4.1.5951.4.1.1.14.0|4|ABC123XYZ9"],
         ("load_balancer", "NSMPX-8900 8*CPU+256GB", "NS13.0: Build 88.14.nc", "ABC123XYZ9")),
        # Dell PowerEdge MX chassis manager: DELL-MM-MIB dmmProductInfoGroup.
        ("OpenManage Enterprise Modular", "1.3.6.1.4.1.674.10892.6",
         ["1.3.6.1.4.1.674.10892.6.1.1.1.0|4|PowerEdge MX7000", "1.3.6.1.4.1.674.10892.6.1.1.5.0|4|2.10.00",
          "1.3.6.1.4.1.674.10892.6.1.1.6.0|4|7XYZ123"],
         ("bmc", "PowerEdge MX7000", "2.10.00", "7XYZ123")),
        # Cisco Small Business: CISCOSB-Physicaldescription-MIB, first stack unit.
        ("SG350-28P 28-Port Gigabit PoE Managed Switch", "1.3.6.1.4.1.9.6.1.95.28.5",
         ["1.3.6.1.4.1.9.6.1.101.53.14.1.2.1|4|2.5.8.15", "1.3.6.1.4.1.9.6.1.101.53.14.1.5.1|4|PSZ21111ABC",
          "1.3.6.1.4.1.9.6.1.101.53.14.1.11.1|4|SG350-28P"],
         ("switch", "SG350-28P", "2.5.8.15", "PSZ21111ABC")),
        # ExtremeXOS: the model in the banner's parentheses (with its own), EXTREME-SYSTEM-MIB extremeSystemID.
        ("ExtremeXOS (X460G2-48p-10G4(SS)) version 30.7.1.1 30.7.1.1 by release-manager", "1.3.6.1.4.1.1916.2.300",
         ["1.3.6.1.4.1.1916.1.1.1.16.0|4|1822N-41234"],
         ("switch", "X460G2-48p-10G4(SS)", "30.7.1.1", "1822N-41234")),
        # Foundry/Brocade/Ruckus IronWare: NetIron is a router; FOUNDRY-SN-AGENT-MIB snChasSerNum.
        ("Brocade NetIron MLXe, IronWare Version V5.8.0dT163 Compiled on Aug 28 2016", "1.3.6.1.4.1.1991.1.3.44.1",
         ["1.3.6.1.4.1.1991.1.1.1.1.2.0|4|BTR1234K012"], ("router", "NetIron MLXe", "5.8.0dT163", "BTR1234K012")),
        # FortiVoice: FORTINET-FORTIVOICE-MIB; Meru/FortiWLC controllers: MERU-GLOBAL-STATISTICS-MIB.
        ("fv-host", "1.3.6.1.4.1.12356.115",
         ["1.3.6.1.4.1.12356.115.1.1.0|4|FortiVoice-200F", "1.3.6.1.4.1.12356.115.1.2.0|4|FO200FT000000001",
          "1.3.6.1.4.1.12356.115.1.3.0|4|v6.4.7(GA), build0501"],
         ("firewall", "FortiVoice-200F", "v6.4.7(GA), build0501", "FO200FT000000001")),
        ("controller", "1.3.6.1.4.1.15983.1.1.7.18",
         ["1.3.6.1.4.1.15983.1.1.3.1.13.2.0|4|MC3200", "1.3.6.1.4.1.15983.1.1.3.1.13.3.0|4|8.5-3"],
         ("wireless_controller", "MC3200", "8.5-3", None)),
        # Lenovo CNOS switches: the model out of sysDescr.
        ("Lenovo ThinkSystem NE2572 RackSwitch", "1.3.6.1.4.1.19046.1.7.30", [], ("switch", "NE2572", None, None)),
        # Dell PowerConnect: Dell-Vendor-MIB productIdentification; 'Ethernet Switch' as display name is no model.
        ("Ethernet Switch", "1.3.6.1.4.1.674.10895.3031",
         ["1.3.6.1.4.1.674.10895.3000.1.2.100.1.0|4|Ethernet Switch",
          "1.3.6.1.4.1.674.10895.3000.1.2.100.2.0|4|PowerConnect 5448",
          "1.3.6.1.4.1.674.10895.3000.1.2.100.4.0|4|2.0.0.35", "1.3.6.1.4.1.674.10895.3000.1.2.100.8.1.4.1|4|8D4XY51"],
         ("switch", "PowerConnect 5448", "2.0.0.35", "8D4XY51")),
        # Cisco IOS XR: a router, its version without the '[Default]' tag; the chassis from ENTITY-MIB.
        ("Cisco IOS XR Software (Cisco ASR9K Series),  Version 6.1.4[Default]\r\nCopyright (c) 2017 by Cisco Systems",
         "1.3.6.1.4.1.9.1.1017", [f"{ENT}.5.1|2|3", f"{ENT}.4.1|2|0", f"{ENT}.13.1|4|ASR-9006-AC-V2",
                                  f"{ENT}.11.1|4|FOX1234ABCD"], ("router", "ASR-9006-AC-V2", "6.1.4", "FOX1234ABCD")),
        # AOS-CX: the image version and the product number and model out of sysDescr, the serial from ENTITY-MIB.
        ("Aruba JL658A 6300M 48SR5 CL6 PoE 4SFP56 Swch FL.10.13.1000", "1.3.6.1.4.1.47196.4.1.1.1.300",
         [f"{ENT}.5.1|2|3", f"{ENT}.4.1|2|0", f"{ENT}.13.1|4|JL658A", f"{ENT}.11.1|4|SG12KMX0AB"],
         ("switch", "JL658A 6300M 48SR5 CL6 PoE 4SFP56 Swch", "FL.10.13.1000", "SG12KMX0AB")),
        # Ruijie: RUIJIE-ENTITY-MIB ruijieDeviceInfoTable, its first device; the OS's name is no part of the version.
        ("Ruijie Full Gigabit Security & Intelligence Access Switch(S2910-24GT4XS-E) By Ruijie Networks",
         "1.3.6.1.4.1.4881.1.1.10.1.470",
         ["1.3.6.1.4.1.4881.1.1.10.2.21.1.2.1.8.1|4|S2910_RGOS 11.4(1)B70P2",
          "1.3.6.1.4.1.4881.1.1.10.2.21.1.2.1.10.1|4|G1PD1234567890"],
         ("switch", "S2910-24GT4XS-E", "11.4(1)B70P2", "G1PD1234567890")),
        # Huawei datacom whose sysDescr is a bare model: the products arc, HUAWEI-DEVICE-EXT-MIB hwDeviceEsn, ENTITY
        # version.
        ("S12704", "1.3.6.1.4.1.2011.2.279.3",
         ["1.3.6.1.4.1.2011.5.25.188.1.1.0|4|2102114480P0J7000105", f"{ENT}.5.16777216|2|3", f"{ENT}.4.16777216|2|0",
          f"{ENT}.10.16777216|4|Version 5.170 V200R012C00SPC500"],
         ("switch", "S12704", "5.170 (V200R012C00SPC500)", "2102114480P0J7000105")),
        # H3C wireless controllers are named in the Comware 5 banner.
        ("H3C Comware Platform Software H3C WX6103. Product Version Release 2509P33 Copyright (c) 2004-2014 Hangzhou "
         "H3C Technologies Co., Ltd.", "1.3.6.1.4.1.25506.1.264", [],
         ("wireless_controller", "WX6103", "Release 2509P33", None)),
        # HPE iLO: CPQSINFO-MIB product name and serial, CPQSM2-MIB ROM revision when sysDescr names no version.
        ("Integrated Lights-Out 5", "1.3.6.1.4.1.232.9.4.11",
         ["1.3.6.1.4.1.232.2.2.4.2.0|4|ProLiant DL380 Gen10", "1.3.6.1.4.1.232.2.2.2.1.0|4|CZJ1234ABC",
          "1.3.6.1.4.1.232.9.2.2.2.0|4|2.78"], ("bmc", "ProLiant DL380 Gen10", "2.78", "CZJ1234ABC")),
    ],
    ids=["a10", "netscaler", "dell-ome-m", "cisco-sb", "xos", "ironware", "fortivoice", "meru", "cnos", "powerconnect",
         "iosxr", "aos-cx", "ruijie", "huawei-bare", "h3c-wx", "ilo"],
)
def test_network_vendor_rows(descr: str, oid: str, rows: list[str], want: tuple[str, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    got = (obs.device["kind"], obs.device["model"], obs.device["os_version"], obs.device["serial"])
    assert got == want, obs.device["evidence"]


@pytest.mark.parametrize(
    ("descr", "model"),
    [
        ("Thunder Series Unified Application Service Gateway vThunder, ACOS 5.2.1-P9,", "vThunder"),
        ("AX Series Advanced Traffic Manager SoftAX, Advanced Core OS (ACOS) version 2.6.1-GR9,", "SoftAX"),
        ("Thunder Series Unified Application Service Gateway TH1040S, ACOS 6.0.2,", "TH1040S"),
        # Another banner: a model number before the OS still names the model.
        ("Thunder Series Secure Application Services QZ7710, ACOS 6.0.2,", "QZ7710"),
    ],
    ids=["virtual-edition", "software-edition", "appliance", "other-banner"],
)
def test_a10_model_is_the_word_before_the_os(descr: str, model: str) -> None:
    """A virtual or software edition's name has no digit: the word after the series banner is the model whatever its
    characters (the next device's name, not one seen)."""
    obs = run(system(descr, "1.3.6.1.4.1.22610.1.3.99"))
    assert (obs.device["platform"], obs.device["model"]) == ("a10_acos", model), obs.device["evidence"]


def test_a_net_snmp_array_answering_the_compellent_mib_is_storage() -> None:
    descr = "FreeBSD sc01 11.1-RELEASE-p1 FreeBSD 11.1-RELEASE-p1 #0 amd64"
    sc = ["1.3.6.1.4.1.674.11000.2000.500.1.2.14.1.4.1|4|01-01"]
    obs = run([*system(descr, "1.3.6.1.4.1.8072.3.2.8"), *sc])
    assert (obs.device["platform"], obs.device["kind"], obs.device["vendor_id"]) == ("dell_storage", "storage", "dell")
    plain = run(system(descr, "1.3.6.1.4.1.8072.3.2.8"))
    assert plain.device["platform"] != "dell_storage"


@pytest.mark.parametrize(
    ("descr", "oid", "vendor", "verdict", "model", "version"),
    [
        ("HPE Comware Platform Software, Software Version 7.1.070, Release 3208P10\r\n"
         "HPE 5130-24G-4SFP+ EI Switch JG932A\r\nCopyright (c) 2010-2021 Hewlett Packard Enterprise Development LP",
         "1.3.6.1.4.1.25506.11.1.239",
         "hpe", "foreign", "5130-24G-4SFP+ EI Switch JG932A", "7.1.070 (3208P10)"),
        ("H3C Comware Platform Software, Software Version 7.1.070, Release 6728P22\r\nH3C S6520X-54QC-EI\r\n"
         "Copyright (c) 2004-2021 New H3C Technologies Co., Ltd. All rights reserved.", "1.3.6.1.4.1.25506.1.2205",
         "h3c", "domestic", "S6520X-54QC-EI", "7.1.070 (6728P22)"),
        # An HP-arc product whose banner names no brand: the arc tells.
        ("Comware Platform Software, Software Version 5.20.99, Release 1115", "1.3.6.1.4.1.25506.11.1.45",
         "hpe", "foreign", None, "5.20.99 (1115)"),
    ],
    ids=["hpe-branded", "h3c", "hp-arc"],
)
def test_comware_brand_is_told_apart(descr: str, oid: str, vendor: str, verdict: str, model: str | None,
                                     version: str) -> None:
    obs = run(system(descr, oid))
    assert (obs.device["vendor_id"], classified(obs).verdict, obs.device["model"]) == (vendor, verdict, model)
    # The version and its release, in hp_comware's one version form (as SSH discovery writes `display version`'s).
    assert obs.device["platform"] == "hp_comware" and obs.device["os_version"] == version


def _huawei_box(boards: int) -> list[str]:
    """A Huawei AC/switch ENTITY-MIB: chassis without a serial, slots, boards with serials, ports on board 1."""
    rows = [f"{ENT}.2.16777216|4|AC6605", f"{ENT}.5.16777216|2|3", f"{ENT}.4.16777216|2|0",
            f"{ENT}.11.16777216|4|"]
    for n in range(boards):
        slot, board = 16842752 + 2 * n, 16842753 + 2 * n
        rows += [f"{ENT}.2.{slot}|4|slot {n}", f"{ENT}.5.{slot}|2|5", f"{ENT}.4.{slot}|2|16777216",
                 f"{ENT}.2.{board}|4|MPU board {n}", f"{ENT}.5.{board}|2|9", f"{ENT}.4.{board}|2|{slot}",
                 f"{ENT}.11.{board}|4|2102113089P0B300012{n}"]
    rows += [f"{ENT}.2.16908289|4|GigabitEthernet0/0/1", f"{ENT}.5.16908289|2|10", f"{ENT}.4.16908289|2|16842753",
             f"{ENT}.11.16908289|4|SFP0000001"]
    return rows


def test_a_box_whose_chassis_row_has_no_serial_gives_its_one_boards() -> None:
    descr = ("Huawei AC6605 Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.160 "
             "(AC6605 V200R007C10SPC300)")
    obs = run([*system(descr, "1.3.6.1.4.1.2011.2.240.3"), *_huawei_box(1)])
    got = (obs.device["kind"], obs.device["model"], obs.device["os_version"], obs.device["serial"])
    assert got == ("wireless_controller", "AC6605", "5.160 (V200R007C10SPC300)", "2102113089P0B3000120")
    assert obs.device["evidence"]["serial"] == "generic: ENTITY-MIB chassis board_serial"
    # A modular chassis: several boards, none of them the device.
    modular = run([*system(descr, "1.3.6.1.4.1.2011.2.240.3"), *_huawei_box(2)])
    assert modular.device["serial"] is None
    # A chassis row whose serial is a fill pattern has none either: the one board's is read.
    filled = [r.replace(f"{ENT}.11.16777216|4|", f"{ENT}.11.16777216|4|FFFFFFFFFFFFFFFFFFFF") for r in _huawei_box(1)]
    assert run([*system(descr, "1.3.6.1.4.1.2011.2.240.3"), *filled]).device["serial"] == "2102113089P0B3000120"


def test_a_huawei_products_arc_device_without_a_family_word_is_not_called_a_switch() -> None:
    # (499: no product line of HUAWEI-MIB V7.21; 300 is the MA5800-X7 access frame there.)
    blank = run(system("", "1.3.6.1.4.1.2011.2.499.5"))
    assert (blank.device["platform"], blank.device["kind"]) == ("huawei_vrp", "other")
    # ... but one under a product line's arc of HUAWEI-MIB (me60, 2011.2.89) is of that line's kind.
    me60 = run(system("", "1.3.6.1.4.1.2011.2.89.5"))
    assert (me60.device["platform"], me60.device["kind"]) == ("huawei_vrp", "router")
    ups = run([*system("", "1.3.6.1.4.1.2011.2.6.1"), "1.3.6.1.2.1.33.1.1.2.0|4|UPS2000-A-3KTTL"])
    assert (ups.device["kind"], ups.device["model"]) == ("ups", "UPS2000-A-3KTTL")


def test_a_shelf_with_no_row_of_its_own_is_the_root_others_are_contained_in() -> None:
    # No entPhysicalClass; the shelf (1) has no containedIn row, its slots (2, 3) are contained in it.
    rows = [f"{ENT}.11.1|4|SHELF0001", f"{ENT}.13.1|4|SH-1", f"{ENT}.4.2|2|1", f"{ENT}.11.2|4|CARD0002",
            f"{ENT}.13.2|4|CARD-2", f"{ENT}.4.3|2|1"]
    obs = run(system("Optical shelf", "1.3.6.1.4.1.99999.6") + rows)
    assert (obs.device["model"], obs.device["serial"]) == ("SH-1", "SHELF0001")


def _stack_without_chassis(unit_class: int) -> list[str]:
    """A stack entity (class 11), a member entity, a unit below it with model and serial, its one board."""
    rows = [f"{ENT}.2.1|4|Stack", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|11",
            f"{ENT}.2.2|4|Stack Member", f"{ENT}.4.2|2|1", f"{ENT}.5.2|2|11",
            f"{ENT}.2.101|4|Base", f"{ENT}.4.101|2|2", f"{ENT}.5.101|2|{unit_class}", f"{ENT}.13.101|4|SW-24T4S",
            f"{ENT}.11.101|4|UNIT0101",
            f"{ENT}.2.201|4|Management Card", f"{ENT}.4.201|2|101", f"{ENT}.5.201|2|9", f"{ENT}.9.201|4|1.7.7",
            f"{ENT}.11.201|4|UNIT0101"]
    return system("SW-24T4S", "1.3.6.1.4.1.99999.8") + rows


def test_a_stack_without_chassis_rows_is_named_by_its_first_unit() -> None:
    obs = run(_stack_without_chassis(5))
    assert (obs.device["model"], obs.device["serial"]) == ("SW-24T4S", "UNIT0101")
    # The unit's one board states the firmware: the version when nothing else does.
    assert obs.device["os_version"] == "1.7.7"
    assert obs.device["evidence"]["os_version"] == "generic: ENTITY-MIB chassis board_firmware_rev"
    # A unit that is a module (a board) is never taken for the device: the stack row stays.
    board = run(_stack_without_chassis(9))
    assert board.device["serial"] is None


@pytest.mark.parametrize(
    ("agent", "version"),
    [("2.48.DP520.WEST", "2.48.DP520.WEST"), ("Net Vision 7 v7.20", "7.20"),
     ("WebPower Smart II Card v5.53 (SN 11200071820065)", "5.53"), ("Card firmware", None)],
)
def test_ups_mib_agent_software_version_when_the_ups_states_none(agent: str, version: str | None) -> None:
    obs = run([*system("NET Agent", "1.3.6.1.4.1.99999.9"), "1.3.6.1.2.1.33.1.1.2.0|4|UPS-3K",
               f"1.3.6.1.2.1.33.1.1.4.0|4|{agent}"])
    assert obs.device["os_version"] == version
    stated = run([*system("NET Agent", "1.3.6.1.4.1.99999.9"), "1.3.6.1.2.1.33.1.1.3.0|4|UPS 03.11",
                  f"1.3.6.1.2.1.33.1.1.4.0|4|{agent}"])
    assert stated.device["os_version"] == "UPS 03.11"  # upsIdentUPSSoftwareVersion first


def test_net_snmp_extends_name_the_hardware_of_any_net_snmp_host() -> None:
    ext = "1.3.6.1.4.1.8072.1.3.2.3.1.1"
    walk = [*system("FreeBSD fw1 12.1-RELEASE FreeBSD 12.1-RELEASE amd64", "1.3.6.1.4.1.8072.3.2.8"),
            f"{ext}.8.104.97.114.100.119.97.114.101|4|Red Hat KVM"]
    obs = run(walk)
    assert obs.device["model"] == "Red Hat KVM"
    assert obs.device["evidence"]["model"].startswith("generic: OID 1.3.6.1.4.1.8072.1.3.2.3.1.1.8.")


@pytest.mark.parametrize(
    ("installed", "version"),
    [(("junos-evo-install-qfx-ms-x86-64-23.4R2-S3.9-EVO", ""), "23.4R2-S3.9-EVO"),
     (("", "JUNOS Software Release [21.4R3-S5.4]"), "21.4R3-S5.4"),
     (("", ""), "20.4R3.8")],
)
def test_junos_release_from_the_installed_software_table(installed: tuple[str, str], version: str) -> None:
    # HOST-RESOURCES-MIB hrSWInstalledName rows 1 (Junos OS Evolved) and 2 (Junos), else sysDescr's kernel release.
    rows = [f"1.3.6.1.2.1.25.6.3.1.2.{i}|4|{name}" for i, name in enumerate(installed, 1) if name]
    descr = "Juniper Networks, Inc. qfx5120-48y-8c Ethernet Switch, kernel JUNOS 20.4R3.8, Build date: 2021-01-01"
    obs = run([*system(descr, "1.3.6.1.4.1.2636.1.1.1.2.1"), *rows])
    assert obs.device["os_version"] == version


@pytest.mark.parametrize(
    ("descr", "model"),
    [("Linux web01 5.10.0-8-amd64 #1 SMP Debian 5.10.46-4 (2021-08-03) x86_64", "Generic x86 64-bit"),
     ("Linux gw 4.4.9 #6 SMP Thu Apr 27 15:48:52 EDT 2017 armv7l", "Generic ARMv7"),
     ("OpenBSD fw.example 5.3 GENERIC.MP#58 i386", "Generic x86"),
     ("pfSense fw.example 2.4.5-RELEASE-p1 pfSense FreeBSD 11.3-STABLE amd64", "amd64"),
     ("Linux nas 6.1.0 #1 SMP", None)],
)
def test_a_hosts_uname_machine_is_its_hardware_class_last(descr: str, model: str | None) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.8072.3.2.10"))
    assert obs.device["model"] == model
    dmi = run([*system(descr, "1.3.6.1.4.1.8072.3.2.10"),
               "1.3.6.1.4.1.8072.1.3.2.3.1.1.8.104.97.114.100.119.97.114.101|4|PowerEdge R640"])
    assert dmi.device["model"] == "PowerEdge R640"  # the DMI product name an extend states comes first


@pytest.mark.parametrize(("descr", "model"), [("core-sw-01.example", None), ("ab01-cly-oh", None),
                                              ("S5720 Routing Switch", "S5720"), ("Acme Edge 2", "Acme Edge 2")])
def test_a_chassis_description_that_is_a_host_name_is_no_model(descr: str, model: str | None) -> None:
    rows = [f"{ENT}.2.1|4|{descr}", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|3"]
    assert run([*system("Some box", "1.3.6.1.4.1.99999.1"), *rows]).device["model"] == model


@pytest.mark.parametrize(
    "descr",
    [
        "Acme Firewall 8.90.07.01-11595",  # a version after what it is
        "Acme Web Gateway 7;VMware",
        "Acme Switch 24 ports",
        "10.40.1.39",  # an address set as the description
        "7.2.1",
    ],
)
def test_no_model_from_a_sysdescr_without_one(descr: str) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.99999.4"))
    assert obs.device["model"] is None, obs.device["evidence"]


@pytest.mark.parametrize("parent", ["-5", "4294967296"])
def test_a_containment_out_of_range_is_no_root(parent: str) -> None:
    # An entPhysicalContainedIn that is no OID arc never becomes an entity to ask: the row itself is the root.
    rows = [f"{ENT}.4.2|2|{parent}", f"{ENT}.13.2|4|CARD-2", f"{ENT}.11.2|4|CARD0002"]
    obs = run([*system("Some box", "1.3.6.1.4.1.99999.1"), *rows])
    assert obs.ok and (obs.device["model"], obs.device["serial"]) == ("CARD-2", "CARD0002"), obs.error


def test_a_containment_cycle_between_stack_entities_ends() -> None:
    rows = [f"{ENT}.4.1|2|2", f"{ENT}.5.1|2|11", f"{ENT}.4.2|2|1", f"{ENT}.5.2|2|11", f"{ENT}.13.2|4|SW-48"]
    obs = run([*system("Some box", "1.3.6.1.4.1.99999.1"), *rows])
    assert obs.ok and obs.device["model"] == "SW-48"


def test_aix_level_is_written_without_zero_padding() -> None:
    descr = ("IBM PowerPC CHRP Computer\nMachine Type: 0x0800004c Processor id: 000000000000\n"
             "Base Operating System Runtime AIX version: 07.02.0005.0100")
    obs = run(system(descr, "1.3.6.1.4.1.2.3.1.2.1.1.3"))
    assert obs.device["os_version"] == "7.2.5.100"


def test_a_printer_states_its_serial_in_the_printer_mib() -> None:
    rows = ["1.3.6.1.2.1.43.5.1.1.17.1|4|CNB1234567", "1.3.6.1.2.1.43.5.1.1.16.1|4|Office printer"]
    obs = run([*system("Acme LaserBox 4100 Series", "1.3.6.1.4.1.99999.10"), *rows])
    assert obs.device["serial"] == "CNB1234567" and obs.device["kind"] == "other"
    assert obs.device["evidence"]["serial"] == "generic: OID 1.3.6.1.2.1.43.5.1.1.17"  # the first printer's row


# LibreNMS's host scripts as net-snmp extends: nsExtendOutput1Line."manufacturer" / ."distro".
DMI_MAKER = "1.3.6.1.4.1.8072.1.3.2.3.1.1.12.109.97.110.117.102.97.99.116.117.114.101.114"
DISTRO = "1.3.6.1.4.1.8072.1.3.2.3.1.1.6.100.105.115.116.114.111"


def test_an_appliance_mib_outranks_the_dmi_maker_of_the_server_beneath() -> None:
    # A backup appliance (Unitrends' MIB 21865) on a Dell server: the DMI maker names the hardware only.
    base = [*system("Linux backup01 3.10.0", "1.3.6.1.4.1.8072.3.2.10"), f"{DMI_MAKER}|4|Dell Inc."]
    obs = run([*base, "1.3.6.1.4.1.21865.1.6.1.0|4|Recovery-943S"])
    assert obs.device["vendor_id"] == "unitrends" and classified(obs).evidence[0].field == "enterprise_mib"
    # Without an appliance MIB the DMI maker still names the host's maker.
    plain = run(base)
    assert plain.device["vendor_id"] == "dell" and classified(plain).evidence[0].field == "hardware_maker"


@pytest.mark.parametrize(("release", "vendor_id"), [
    ("ASUSWRT-Merlin 386.7_2", "asus"),  # the firmware's name opens the line: its maker
    ("Debian GNU/Linux 12 (bookworm) ASUS edition", None),  # a name further on names nobody
])
def test_the_release_line_names_a_maker_only_by_its_opening(release: str, vendor_id: str | None) -> None:
    obs = run([*system("Linux RT-AX88U 4.1.52", "1.3.6.1.4.1.8072.3.2.10"), f"{DISTRO}|4|{release}"])
    assert obs.device["vendor_id"] == vendor_id and obs.device["release"] == release


def test_a_white_label_box_is_named_by_the_maker_its_interface_addresses_carry() -> None:
    # Broadcom's SDK number names nobody; two of three addresses carry Huawei's OUI, one a chip maker's.
    obs = run(system("XG-1000 4.1", "1.3.6.1.4.1.4413") + ports("00e0fc000001", "00e0fc000002", "001b21000003"))
    assert obs.device["vendor_id"] == "huawei" and classified(obs).verdict == "domestic"
    first = classified(obs).evidence[0]
    assert first.field == "mac_address" and first.value == "00E0FC" and "2 interface address(es)" in first.rule
    # A maker the catalogue has no row for is still named, with an unknown verdict that says why.
    obs = run(system("XG-1000 4.1", "1.3.6.1.4.1.4413") + ports("001b4d000001"))
    assert obs.device["vendor"] == "Areca Technology Corporation" and obs.device["vendor_id"] is None
    assert classified(obs).verdict == "unknown"
    assert "its country is not in the vendor catalogue" in classified(obs).evidence[0].rule
    # Virtual machines' and locally administered addresses name nobody.
    obs = run(system("Appliance 2.0", "1.3.6.1.4.1.8072.3.2.10") + ports("005056000001", "024200000002"))
    assert obs.device["vendor"] is None and classified(obs).verdict == "unknown"


def test_a_vendor_mib_the_agent_answers_names_the_maker_before_interface_addresses() -> None:
    # net-snmp's sysObjectID names nobody; the agent answers under a registered enterprise arc no catalogue row has.
    walk = system("Raid Subsystem", "1.3.6.1.4.1.8072.3.2.10") + ports("001b4d000001")
    assert run(walk).device["vendor"] == "Areca Technology Corporation"  # by its interface address alone
    obs = run([*walk, "1.3.6.1.4.1.14752.1.1.0|4|x"])
    assert obs.device["vendor"] == "Proware Technology Corp." and obs.device["vendor_id"] is None
    assert classified(obs).verdict == "unknown"


def test_interface_addresses_never_rename_a_registered_number() -> None:
    obs = run(system("Raid Subsystem", "1.3.6.1.4.1.14752.1.3") + ports("00e0fc000001"))
    assert obs.device["vendor"] == "Proware Technology Corp." and classified(obs).verdict == "unknown"
    assert all(e.field != "mac_address" for e in classified(obs).evidence)


def test_an_oem_makers_firmware_yields_to_the_brand_its_interface_addresses_carry() -> None:
    # A gateway built by an ODM (XAVi, 12919) for another brand: Broadcom's SDK sysObjectID, XAVi's MIB inside, the
    # brand's OUI on every port. The brand sold it; the firmware's maker is named only where the addresses say nothing.
    walk = [*system("XG1234_1.0", "1.3.6.1.4.1.4413"), "1.3.6.1.4.1.12919.12.1.0|4|SN0001"]
    assert run(walk).device["vendor"] == "XAVi Technologies Corporation"
    obs = run(walk + ports("44d437000001", "44d437000002"))
    assert obs.device["vendor"] == "Inteno Broadband Technology AB" and obs.device["vendor_id"] is None
    first = classified(obs).evidence[0]
    assert first.field == "mac_address" and "an OEM maker's" in first.rule and "12919" in first.rule
    # The ODM's own product carries its own OUI: still the ODM.
    assert run(walk + ports("000138000001")).device["vendor"] == "XAVi Technologies Corporation"
    # A maker that is no OEM keeps its number against another maker's addresses.
    obs = run([*system("Raid Subsystem", "1.3.6.1.4.1.8072.3.2.10"), "1.3.6.1.4.1.14752.1.1.0|4|x",
               *ports("44d437000001")])
    assert obs.device["vendor"] == "Proware Technology Corp."


def test_a_device_answering_a_pdu_or_ups_object_of_the_power_catalogue_is_that_kind() -> None:
    # PLANET-PDU-MIB's outlet power column, under the device's own enterprise arc (no platform row knows it).
    walk = [*system("IPM-0000 1.0", "1.3.6.1.4.1.10456"), "1.3.6.1.4.1.10456.3.3.3.1.9.1|2|120"]
    obs = run(walk)
    assert obs.device["kind"] == "pdu"
    assert obs.device["evidence"]["kind"].startswith("power catalogue planet.pdu.")
    # A scalar object (IMCO-BIG-MIB imPm1Power1OutputPowerW, a battery-backed supply's output) counts too.
    obs = run([*system("Controller 1.0", "1.3.6.1.4.1.2185.1"), "1.3.6.1.4.1.2185.1.3.11.2.1.3.27.0|2|150"])
    assert obs.device["kind"] == "ups"
    assert obs.device["evidence"]["kind"].startswith("power catalogue imco.")
    # A DC system controller's maker number names its kind before any power object is asked about (RPS-SC200-MIB
    # load power under Swichtec's 1918 would have said ups).
    obs = run([*system("Controller 1.0", "1.3.6.1.4.1.1918.2.13"), "1.3.6.1.4.1.1918.2.13.10.50.30.0|2|1500"])
    assert obs.device["kind"] == "dc_power"
    # An EdgeMAX agent answering UBNT-EdgeMAX-MIB's power outputs (an EdgePower DC supply) is DC power, one that
    # does not is what its row says.
    ident = ["1.3.6.1.4.1.41112.1.5.1.1.0|4|EP-54V-150W"]
    obs = run([*system("Linux 3.10 mips", "1.3.6.1.4.1.10002.1"), *ident, "1.3.6.1.4.1.41112.1.5.2.2.1.4.1|2|12000"])
    assert obs.device["kind"] == "dc_power" and obs.device["platform"] == "ubiquiti_edge"
    assert run([*system("Linux 3.10 mips", "1.3.6.1.4.1.10002.1"), *ident]).device["kind"] == "other"
    # The maker's arc alone, without a PDU or UPS object answering, names no kind.
    obs = run([*system("IPM-0000 1.0", "1.3.6.1.4.1.10456"), "1.3.6.1.4.1.10456.1.1.0|4|x"])
    assert obs.device["kind"] is None


def test_stack_members_state_their_software_in_the_platforms_version_form() -> None:
    # A VRP stack whose members' entPhysicalSoftwareRev name the product line before the release, as its banner does:
    # each member's figure is the device's (Platform.version_form), so a member and the device compare as equal.
    descr = "Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 (S5700 V200R011C10SPC600)"
    walk = [*system(descr, "1.3.6.1.4.1.2011.2.23.999"), f"{ENT}.2.1|4|stack", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|11"]
    for index, rev in ((1001, "5.170 (S5700 V200R011C10SPC600)"), (2001, "5.170 V200R011C10SPC600")):
        walk += [*chassis(index, model="S5700-28C", serial=f"SN{index}", parent=1), f"{ENT}.10.{index}|4|{rev}"]
    obs = run(walk)
    assert obs.device["platform"] == "huawei_vrp" and obs.device["os_version"] == "5.170 (V200R011C10SPC600)"
    assert [m["software_rev"] for m in obs.device["stack_members"]] == ["5.170 (V200R011C10SPC600)"] * 2
    # Where the platform has no form the revision is kept as stated.
    other = [*system("Stack", "1.3.6.1.4.1.99999.1"), f"{ENT}.2.1|4|stack", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|11"]
    for index in (1001, 2001):
        other += [*chassis(index, model="SW-48", serial=f"SN{index}", parent=1), f"{ENT}.10.{index}|4|1.0 (b7)"]
    assert [m["software_rev"] for m in run(other).device["stack_members"]] == ["1.0 (b7)"] * 2


def test_entity_classes_are_not_read_without_entity_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    # RawIdentity's None means the entities were not read; an agent without ENTITY-MIB gave {} (read, none there).
    import govops.discovery.snmp as snmp
    from govops.discovery.snmp_identify import _identify as identify

    seen: list[Any] = []

    def spy(raw: Any, *args: Any) -> Any:
        seen.append(raw.entity_classes)
        return identify(raw, *args)

    monkeypatch.setattr(snmp, "_identify", spy)
    run(system("Some switch", "1.3.6.1.4.1.99999.1"))
    run(system("Some switch", "1.3.6.1.4.1.99999.1") + chassis(1, model="XS-100", serial="SN123"))
    assert seen == [None, {3: 1}]
