"""Identification of the foreign makers' families a city runs (Cisco, Juniper, Dell, HPE ...): each case a synthetic
recording written from the vendor's MIB definition or a made-up banner of the documented shape (never a value
copied from a walk): (vendor id, kind, model, version, serial)."""

from __future__ import annotations

import pytest

from tests.snmp_cases import ENT, chassis, identity, run, system

CPQ_PRODUCT, CPQ_SERIAL = "1.3.6.1.4.1.232.2.2.4.2.0", "1.3.6.1.4.1.232.2.2.2.1.0"  # CPQSINFO-MIB
OA_MANAGER = "1.3.6.1.4.1.232.22.2.3.1.6.1"  # CPQRACK-MIB cpqRackCommonEnclosureManagerEntry
JNX_BOX = "1.3.6.1.4.1.2636.3.1"  # JUNIPER-MIB jnxBoxAnatomy
FORTI = "1.3.6.1.4.1.12356"  # PEN 12356 Fortinet
AIRESPACE = "1.3.6.1.4.1.14179.1.1.1"  # AIRESPACE-SWITCHING-MIB agentInventoryGroup
DRS = "1.3.6.1.4.1.674.10892.2.1"  # DELL-RAC-MIB drsInformationGroup
HP_HTTP = "1.3.6.1.4.1.11.2.36.1.1.2"  # HP-httpManageable-MIB hpHttpMgNetCitizen
WLSX = "1.3.6.1.4.1.14823.2.2.1.2.1"  # WLSX-SYSTEMEXT-MIB wlsxSystemExtGroup
CISCO_UNREGISTERED = "1.3.6.1.4.1.9.1.99999"  # under ciscoProducts, but no product CISCO-PRODUCTS-MIB names
DELL_OS9_BANNER = ("Dell EMC Networking OS\r\nOperating System Version: 2.0\r\nApplication Software Version: "
                   "9.14(2.4)\r\nSeries: {}\r\nCopyright (c) 1999-2019 by Dell Inc. All Rights Reserved.\r\nBuild "
                   "Time: Thu Mar 7 10:00:00 2019")

CASES: dict[str, tuple[str, str, list[str], tuple[str | None, ...]]] = {
    # IOS-XE 3.x names the image family, not '..._IOSXE': the version alone ...
    "iosxe-3-catalyst": (
        "Cisco IOS Software, IOS-XE Software, Catalyst 4500 L3 Switch Software (cat4500e-UNIVERSALK9-M), Version "
        "03.06.05.E RELEASE SOFTWARE (fc1)\r\nTechnical Support: http://www.cisco.com/techsupport",
        CISCO_UNREGISTERED, [], ("cisco", "switch", None, "03.06.05.E", None)),
    # ... and a router platform's IOSd image ('<cpu>_LINUX_IOSD-...') is a router whatever the banner names.
    "iosxe-3-iosd-router": (
        "Cisco IOS Software, IOS-XE Software (PPC_LINUX_IOSD-ADVENTERPRISEK9-M), Version 15.2(4)S4, RELEASE SOFTWARE "
        "(fc1)", CISCO_UNREGISTERED, [], ("cisco", "router", None, "15.2(4)S4", None)),
    "iosxe-16-iosd-router": (
        "Cisco IOS Software [Fuji], ASR1001-X Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 16.9.4, RELEASE "
        "SOFTWARE (fc2)", CISCO_UNREGISTERED, [], ("cisco", "router", None, "16.9.4", None)),
    # Cisco Catalyst 1200/1300, successors of the Business switches on the same software, and the 350X line: the model
    # the banner opens with when CISCOSB-Physicaldescription-MIB is not answered.
    "cisco-catalyst-1300": (
        "C1300-24P-4X 24-Port Gigabit PoE Managed Switch", "1.3.6.1.4.1.9.6.1.1300.24", [],
        ("cisco", "switch", "C1300-24P-4X", None, None)),
    "cisco-sx350x": (
        "SX350X-24F 24-Port 10G SFP+ Stackable Managed Switch", "1.3.6.1.4.1.9.6.1.95.24.3", [],
        ("cisco", "switch", "SX350X-24F", None, None)),
    # Junos with its sysDescr set by 'snmp description': JUNIPER-MIB jnxBoxDescr names the product, jnxBoxSerialNo.
    "junos-box-descr": (
        "core router 1", "1.3.6.1.4.1.2636.1.1.1.2.25",
        [f"{JNX_BOX}.2.0|4|Juniper MX480 Internet Backbone Router", f"{JNX_BOX}.3.0|4|JN1234567AFA"],
        ("juniper", "router", "MX480", None, "JN1234567AFA")),
    "junos-box-descr-bare": (
        "edge", "1.3.6.1.4.1.2636.1.1.1.2.1", [f"{JNX_BOX}.2.0|4|M40"], ("juniper", "router", "M40", None, None)),
    # The kind from what the box is, not from a sysDescr 'snmp description' replaced: the jnxProductName the
    # sysObjectID is (JUNIPER-CHASSIS-DEFINES-MIB) where no Juniper object answers ...
    "junos-srx-description-set": (
        "edge firewall 3", "1.3.6.1.4.1.2636.1.1.1.2.135", [], ("juniper", "firewall", "SRX340", None, None)),
    "junos-oem-jsrx-description-set": (
        "dmz", "1.3.6.1.4.1.2636.1.1.1.2.77", [], ("juniper", "firewall", "DELLJSRX3600", None, None)),
    "junos-ex-description-set": (
        "access switch 12", "1.3.6.1.4.1.2636.1.1.1.2.63", [], ("juniper", "switch", "EX4300", None, None)),
    "junos-srx-host-name-description": (
        "edge-fw-02", "1.3.6.1.4.1.2636.1.1.1.2.135", [], ("juniper", "firewall", "SRX340", None, None)),
    # ... the product jnxBoxDescr names ...
    "junos-srx-box-descr": (
        "fw-01", "1.3.6.1.4.1.2636.1.1.1.2.39", [f"{JNX_BOX}.2.0|4|Juniper SRX240 Services Gateway"],
        ("juniper", "firewall", "SRX240", None, None)),
    "junos-qfx-box-descr": (
        "leaf-1", "1.3.6.1.4.1.2636.1.1.1.2.82", [f"{JNX_BOX}.2.0|4|QFX5100-48S-6Q"],
        ("juniper", "switch", "QFX5100-48S-6Q", None, None)),
    # ... and the arcs that name a line but no model (vSRX, the QFX roles).
    "junos-vsrx-arc": ("site gateway", "1.3.6.1.4.1.2636.1.1.1.2.129", [], ("juniper", "firewall", None, None, None)),
    "junos-vsrx-firefly-arc": (
        "site gateway", "1.3.6.1.4.1.2636.1.1.1.2.96", [], ("juniper", "firewall", None, None, None)),
    "junos-qfx-node-arc": ("node 3", "1.3.6.1.4.1.2636.1.1.1.2.61", [], ("juniper", "switch", None, None, None)),
    # A banner the device wrote itself keeps its words: an MX is a router.
    "junos-mx-banner": (
        "Juniper Networks, Inc. mx204 internet router, kernel JUNOS 21.4R3-S5.4, Build date: 2023-09-01 00:00:00 UTC "
        "Copyright (c) 1996-2023 Juniper Networks, Inc.", "1.3.6.1.4.1.2636.1.1.1.2.144", [],
        ("juniper", "router", "mx204", "21.4R3-S5.4", None)),
    # ProCurve / Aruba-OS switches: the model the banner names and the product number after the maker, the whole
    # revision.
    "procurve-2530": (
        "HP J9773A 2530-24G-PoEP Switch, revision YA.16.10.0003, ROM YA.15.20 (/ws/swbuildm/rel_ukiah_qaoff/code/"
        "build/bom(swbuildm_rel_ukiah_qaoff_rel_ukiah))", "1.3.6.1.4.1.11.2.3.7.11.181", [],
        ("hpe", "switch", "2530-24G-PoEP J9773A", "YA.16.10.0003", None)),
    "procurve-old": (
        "ProCurve J4900B Switch 2626, revision H.10.50, ROM H.08.02 (/sw/code/build/fish(mkfs))",
        "1.3.6.1.4.1.11.2.3.7.11.34", [], ("hpe", "switch", "2626 J4900B", "H.10.50", None)),
    "aruba-os-switch-2930f": (
        "Aruba JL255A 2930F-24G-PoE+-4SFP+ Switch, revision WC.16.10.0010, ROM WC.16.01.0008 (/ws/swbuildm/"
        "rel_tacoma_qaoff/code/build/anm(swbuildm_rel_tacoma_qaoff_rel_tacoma))", "1.3.6.1.4.1.11.2.3.7.11.181.1", [],
        ("hpe", "switch", "2930F-24G-PoE+-4SFP+ JL255A", "WC.16.10.0010", None)),
    # ... HP-httpManageable-MIB's serial (hpHttpMgSerialNumber) where ENTITY-MIB states none, and its version
    # (hpHttpMgVersion) where the banner states no revision ...
    "procurve-http-manageable": (
        "ProCurve J4813A Switch 2524, revision F.05.17, ROM F.02.01 (/sw/code/build/info(s02))",
        "1.3.6.1.4.1.11.2.3.7.11.23", [f"{HP_HTTP}.6.0|4|F.05.17", f"{HP_HTTP}.9.0|4|SG00000001"],
        ("hpe", "switch", "2524 J4813A", "F.05.17", "SG00000001")),
    "procurve-http-manageable-version": (
        "HP Switch", "1.3.6.1.4.1.11.2.3.7.11.181", [f"{HP_HTTP}.6.0|4|YA.16.11.0002"],
        ("hpe", "switch", None, "YA.16.11.0002", None)),
    # ... and with it, the chassis's serial (its model name is the product number the banner names too).
    "procurve-entity": (
        "HP J9773A 2530-24G-PoEP Switch, revision YA.16.10.0003, ROM YA.15.20", "1.3.6.1.4.1.11.2.3.7.11.181",
        chassis(1, model="J9773A", serial="CN00ABC123"),
        ("hpe", "switch", "2530-24G-PoEP J9773A", "YA.16.10.0003", "CN00ABC123")),
    # Dell Networking OS9: the platform the banner names ('Series: ...'); OS10: its 'System Type', the release
    # without the sentence's full stop.
    "dell-os9-series": (
        DELL_OS9_BANNER.format("S4048-ON"), "1.3.6.1.4.1.6027.1.3.23", [],
        ("dell", "switch", "S4048-ON", "9.14(2.4)", None)),
    "dell-os10-system-type": (
        "Dell EMC Networking OS10-Enterprise.\r\nCopyright (c) 1999-2020 by Dell Inc. All Rights Reserved.\r\nSystem "
        "Description: OS10 Enterprise.\r\nOS Version: 10.5.1.3.\r\nSystem Type: S5248F-ON",
        "1.3.6.1.4.1.674.11000.5000.100.2.1.7", [], ("dell", "switch", "S5248F-ON", "10.5.1.3", None)),
    # FortiSwitch: FORTINET-FORTISWITCH-MIB fsSysVersion, the product and its firmware; FORTINET-CORE-MIB fnSysSerial.
    "fortiswitch-sys-version": (
        "S248EFTF00000001", "1.3.6.1.4.1.12356.106.1.2481",
        [f"{FORTI}.106.4.1.1.0|4|FortiSwitch-248E-FPOE v7.0.5,build0086,220725 (GA)",
         f"{FORTI}.100.1.1.1.0|4|S248EFTF00000001"],
        ("fortinet", "switch", "FortiSwitch-248E-FPOE", "v7.0.5,build0086,220725 (GA)", "S248EFTF00000001")),
    # FortiMail: FORTINET-FORTIMAIL-MIB fmlSystem (model, serial, version).
    "fortimail": (
        "", "1.3.6.1.4.1.12356.105",
        [f"{FORTI}.105.1.1.0|4|FortiMail-200F", f"{FORTI}.105.1.2.0|4|FE200FT000000001",
         f"{FORTI}.105.1.3.0|4|v7.2.4,build1047,230601 (7.2.4 GA)"],
        ("fortinet", "firewall", "FortiMail-200F", "v7.2.4,build1047,230601 (7.2.4 GA)", "FE200FT000000001")),
    # FortiAnalyzer / FortiManager: the faModel/fmModel product their sysObjectID is, fmSysVersion, fnSysSerial.
    "fortianalyzer": (
        "", "1.3.6.1.4.1.12356.103.3.30004",
        [f"{FORTI}.103.2.1.7.0|4|v7.2.5-build1574 240124 (GA)", f"{FORTI}.100.1.1.1.0|4|FL3K0D0000000001"],
        ("fortinet", "firewall", "FAZ3000D", "v7.2.5-build1574 240124 (GA)", "FL3K0D0000000001")),
    # ... whatever host name of a model's shape its sysDescr was given.
    "fortianalyzer-host-name-description": (
        "FAZ-01", "1.3.6.1.4.1.12356.103.3.30004", [], ("fortinet", "firewall", "FAZ3000D", None, None)),
    "fortimanager": (
        "", "1.3.6.1.4.1.12356.103.1.4001", [f"{FORTI}.103.2.1.7.0|4|v5.0.7-build0266 140428 (GA)"],
        ("fortinet", "firewall", "FMG400A", "v5.0.7-build0266 140428 (GA)", None)),
    # Cisco AireOS controllers: AIRESPACE-SWITCHING-MIB agentInventoryGroup where ENTITY-MIB states nothing ...
    "aireos-inventory": (
        "Cisco Controller", "1.3.6.1.4.1.9.1.2170",
        [f"{AIRESPACE}.3.0|4|AIR-CT3504-K9", f"{AIRESPACE}.4.0|4|FCW0000A0AA", f"{AIRESPACE}.14.0|4|8.10.151.0"],
        ("cisco", "wireless_controller", "AIR-CT3504-K9", "8.10.151.0", "FCW0000A0AA")),
    # ... and the chassis first where it does.
    "aireos-entity-first": (
        "Cisco Controller", "1.3.6.1.4.1.9.1.2170",
        [*chassis(1, model="AIR-CT5520-K9", serial="FCH0000B0BB"), f"{AIRESPACE}.3.0|4|AIR-CT5520",
         f"{AIRESPACE}.4.0|4|OTHER000000", f"{AIRESPACE}.14.0|4|8.5.182.0"],
        ("cisco", "wireless_controller", "AIR-CT5520-K9", "8.5.182.0", "FCH0000B0BB")),
    # ArubaOS mobility controllers: WLSX-SYSTEMEXT-MIB model, and the system's serial (not the licence's).
    "aruba-controller": (
        "ArubaOS (MODEL: Aruba7210), Version 8.10.0.7 LSR", "1.3.6.1.4.1.14823.1.1.36",
        [f"{WLSX}.3.0|4|Aruba7210", f"{WLSX}.11.0|4|LIC0000001", f"{WLSX}.28.0|4|8.10.0.7",
         f"{WLSX}.29.0|4|CV0000001"],
        ("aruba", "wireless_controller", "Aruba7210", "8.10.0.7", "CV0000001")),
    # Access points: an Aruba Instant AP answers under ARUBA-MIB apProducts (14823.1.2) ...
    "aruba-instant-ap": (
        "ArubaOS (MODEL: 515), Version 8.10.0.6-8.10.0.6", "1.3.6.1.4.1.14823.1.2.120", [],
        ("aruba", "access_point", "515", "8.10.0.6-8.10.0.6", None)),
    # ... a Cisco AP's image is '-K9W7' (autonomous) or '-K9W8' (lightweight), whatever family the banner names.
    "cisco-ap-autonomous": (
        "Cisco IOS Software, C3600 Software (AP3G2-K9W7-M), Version 15.3(3)JD17, RELEASE SOFTWARE (fc1)",
        CISCO_UNREGISTERED, [], ("cisco", "access_point", "C3600", "15.3(3)JD17", None)),
    "cisco-ap-lightweight": (
        "Cisco AP Software, ap3g3-k9w8 Version: 8.10.185.0\r\nTechnical Support: http://www.cisco.com/techsupport",
        CISCO_UNREGISTERED, [], ("cisco", "access_point", None, "8.10.185.0", None)),
    # IOS industrial and grid routers name their family before 'Software' as the other routers do.
    "cisco-ir800": (
        "Cisco IOS Software, IR800 Software (IR800-UNIVERSALK9-M), Version 15.9(3)M7, RELEASE SOFTWARE (fc2)",
        CISCO_UNREGISTERED, [], ("cisco", "router", "IR800", "15.9(3)M7", None)),
    "cisco-cgr2010": (
        "Cisco IOS Software, CGR2010 Software (CGR2010-UNIVERSALK9-M), Version 15.9(3)M6, RELEASE SOFTWARE (fc1)",
        CISCO_UNREGISTERED, [], ("cisco", "router", "CGR2010", "15.9(3)M6", None)),
    # ... while an IOS router of the same family stays a router.
    "cisco-3600-router": (
        "Cisco IOS Software, 3600 Software (C3640-IK9O3S-M), Version 12.4(25d), RELEASE SOFTWARE (fc1)",
        CISCO_UNREGISTERED, [], ("cisco", "router", None, "12.4(25d)", None)),
    # Cisco UCS C-Series CIMC: a BMC; the server it manages in brackets, its firmware.
    "cisco-cimc": (
        "Cisco Integrated Management Controller(CIMC) [UCSC-C240-M5SX], Firmware Version 4.1(3b) Copyright (c) "
        "2008-2020, Cisco Systems, Inc.", CISCO_UNREGISTERED, [], ("cisco", "bmc", "UCSC-C240-M5SX", "4.1(3b)", None)),
    "cisco-cimc-entity": (
        "Cisco Integrated Management Controller(CIMC) [UCSC-C240-M5SX], Firmware Version 4.1(3b)", CISCO_UNREGISTERED,
        chassis(1, model="UCSC-C240-M5SX-X", serial="WZP00000AAA"),
        ("cisco", "bmc", "UCSC-C240-M5SX-X", "4.1(3b)", "WZP00000AAA")),
    # Check Point under its own arc: a firewall even where CHECKPOINT-MIB is not answered ...
    "checkpoint-own-arc": (
        "Linux gw-01 3.10.0-1160.15.2cpx86_64 #1 SMP Thu Jan 13 12:00:00 IST 2022 x86_64",
        "1.3.6.1.4.1.2620.1.6.123.1.99", [], ("checkpoint", "firewall", "Generic x86 64-bit",
                                                   "3.10.0-1160.15.2cpx86_64", None)),
    # ... and read from CHECKPOINT-MIB where it is (svnVersion, svnApplianceSerialNumber, svnApplianceProductName).
    "checkpoint-own-arc-mib": (
        "Linux gw-01 3.10.0-1160.15.2cpx86_64 #1 SMP Thu Jan 13 12:00:00 IST 2022 x86_64",
        "1.3.6.1.4.1.2620.1.6.123.1.99",
        ["1.3.6.1.4.1.2620.1.6.4.1.0|4|R81.10", "1.3.6.1.4.1.2620.1.6.16.3.0|4|LR000000001",
         "1.3.6.1.4.1.2620.1.6.16.7.0|4|Check Point 6200"],
        ("checkpoint", "firewall", "Check Point 6200", "R81.10", "LR000000001")),
    # HP BladeSystem Onboard Administrator: the enclosure from CPQSINFO-MIB, the manager's firmware from CPQRACK-MIB
    # cpqRackCommonEnclosureManagerFWRev (the first of the enclosure's two managers).
    "hpe-onboard-administrator": (
        "HP Onboard Administrator", "1.3.6.1.4.1.11.5.7.1.2",
        [f"{CPQ_PRODUCT}|4|BladeSystem c7000 Enclosure G3", f"{CPQ_SERIAL}|4|CZJ0000003",
         f"{OA_MANAGER}.15.1.1.1|4|4.85", f"{OA_MANAGER}.15.1.1.2|4|4.85"],
        ("hpe", "bmc", "BladeSystem c7000 Enclosure G3", "4.85", "CZJ0000003")),
    # ... a blank firmware column is no version.
    "hpe-onboard-administrator-blank-firmware": (
        "HP Onboard Administrator", "1.3.6.1.4.1.11.5.7.1.2", [f"{OA_MANAGER}.15.1.1.1|4|"],
        ("hpe", "bmc", None, None, None)),
    # Dell's DELL-RAC-MIB (DRAC 5, iDRAC 6, the blade chassis CMCs): the chassis's model before the controller's short
    # name, the system's service tag before the chassis's, the controller's firmware (drsFirmwareVersion).
    "dell-cmc": (
        "CMC", "1.3.6.1.4.1.674.10892.2",
        [f"{DRS}.1.2.0|4|CMC", f"{DRS}.1.6.0|4|ABCD123", f"{DRS}.1.19.0|4|PowerEdge M1000e", f"{DRS}.2.1.0|4|6.21.A00"],
        ("dell", "bmc", "PowerEdge M1000e", "6.21.A00", "ABCD123")),
    "dell-idrac6": (
        "", "1.3.6.1.4.1.674.10892.2",
        [f"{DRS}.1.2.0|4|iDRAC6", f"{DRS}.1.6.0|4|", f"{DRS}.1.11.0|4|EFGH456", f"{DRS}.2.1.0|4|2.92"],
        ("dell", "bmc", "iDRAC6", "2.92", "EFGH456")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_family(case: str) -> None:
    descr, oid, rows, want = CASES[case]
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


def test_dell_networking_reads_the_chassis_before_the_banner() -> None:
    """ENTITY-MIB's chassis first: the banner's platform is the last word on the model."""
    obs = run(system(DELL_OS9_BANNER.format("S4048-ON"), "1.3.6.1.4.1.6027.1.3.23")
              + chassis(2, model="S4048T-ON", serial="CN0ABCDEF12345"))
    assert (obs.device["model"], obs.device["serial"]) == ("S4048T-ON", "CN0ABCDEF12345")
    assert obs.device["evidence"]["model"].startswith("dell_networking: ENTITY-MIB chassis model_name")


def test_a_class_word_in_the_chassis_row_gives_way_to_the_banner() -> None:
    """A chassis row whose model name is a class word ('CHASSIS') is no model: the banner's platform is."""
    rows = [f"{ENT}.2.2|4|Chassis", f"{ENT}.4.2|2|0", f"{ENT}.5.2|2|3", f"{ENT}.13.2|4|CHASSIS"]
    obs = run(system(DELL_OS9_BANNER.format("Z9100-ON"), "1.3.6.1.4.1.6027.1.5.2") + rows)
    assert obs.device["model"] == "Z9100-ON"


# Issue 13's foreign families, each walked twice from the same made-up banner: without ENTITY-MIB (the vendor MIB's
# device-wide objects, the product the sysObjectID names, then the banner) and with a chassis row (its model name and
# serial first). (banner, sysObjectID, vendor MIB rows, chassis rows, want without ENTITY-MIB, want with it.)
NXOS_BANNER = ("Cisco NX-OS(tm) n9000, Software (n9000-dk9), Version 9.3(8), RELEASE SOFTWARE Copyright (c) 2002-2021 "
               "by Cisco Systems, Inc. Compiled 4/20/2021 12:00:00")
XE_BANNER = ("Cisco IOS Software [Bengaluru], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.6.4, RELEASE "
             "SOFTWARE (fc1)\r\nTechnical Support: http://www.cisco.com/techsupport")
EOS_BANNER = "Arista Networks EOS version 4.29.2F running on an Arista Networks DCS-7050T-52"
CX_BANNER = "Aruba JL658A 6300M 24SFP+ 4SFP56 Swch FL.10.10.1020"
FGT_VERSION = "1.3.6.1.4.1.12356.101.4.1.1.0"  # FORTINET-FORTIGATE-MIB fgSysVersion
FN_SERIAL = "1.3.6.1.4.1.12356.100.1.1.1.0"  # FORTINET-CORE-MIB fnSysSerial
SOFTWARE_REV = f"{ENT}.10"  # entPhysicalSoftwareRev

WITH_AND_WITHOUT_ENTITY: dict[str, tuple[str, str, list[str], list[str], tuple[str | None, ...],
                                         tuple[str | None, ...]]] = {
    # Arista: the platform the banner names (ARISTA-PRODUCTS-MIB names it too), the EOS release.
    "arista-eos": (EOS_BANNER, "1.3.6.1.4.1.30065.1.3011.7050.427.52", [], chassis(1, model="DCS-7050T-52",
                                                                                     serial="JPE00000001"),
                   ("arista", "switch", "DCS-7050T-52", "4.29.2F", None),
                   ("arista", "switch", "DCS-7050T-52", "4.29.2F", "JPE00000001")),
    # NX-OS answers under CISCO-ENTITY-VENDORTYPE-OID-MIB's chassis arc: no product name there, the chassis's.
    "cisco-nxos": (NXOS_BANNER, "1.3.6.1.4.1.9.12.3.1.3.1812", [], chassis(10, model="N9K-C93180YC-EX",
                                                                           serial="FDO00000001"),
                   ("cisco", "switch", None, "9.3(8)", None),
                   ("cisco", "switch", "N9K-C93180YC-EX", "9.3(8)", "FDO00000001")),
    # IOS-XE: CISCO-PRODUCTS-MIB's name for the sysObjectID, else the chassis; the image family with the release.
    "cisco-iosxe": (XE_BANNER, "1.3.6.1.4.1.9.1.2494", [], chassis(1000, model="C9300-48P", serial="FOC00000001"),
                    ("cisco", "switch", "Cat9300FixedSwitchStack", "CAT9K_IOSXE 17.6.4", None),
                    ("cisco", "switch", "C9300-48P", "CAT9K_IOSXE 17.6.4", "FOC00000001")),
    "cisco-asa": ("Cisco Adaptive Security Appliance Version 9.16(3)19", "1.3.6.1.4.1.9.1.2114", [],
                  chassis(1, model="ASA5506", serial="JAD00000001"),
                  ("cisco", "firewall", "ASA5506", "9.16(3)19", None),
                  ("cisco", "firewall", "ASA5506", "9.16(3)19", "JAD00000001")),
    # FTD names its own release first, the ASA engine's after it.
    "cisco-ftd": ("Cisco Firepower Threat Defense, Version 7.0.5 (Build 72), ASA Version 9.16(3)23",
                  CISCO_UNREGISTERED, [], chassis(1, model="FPR-1120", serial="JMX00000001"),
                  ("cisco", "firewall", None, "7.0.5", None),
                  ("cisco", "firewall", "FPR-1120", "7.0.5", "JMX00000001")),
    # ArubaOS-CX: the banner's product number and model, the chassis's serial.
    "aruba-cx": (CX_BANNER, "1.3.6.1.4.1.47196.4.1.1.1.100", [], chassis(1, model="JL658A", serial="SG00000001"),
                 ("aruba", "switch", "JL658A 6300M 24SFP+ 4SFP56 Swch", "FL.10.10.1020", None),
                 ("aruba", "switch", "JL658A 6300M 24SFP+ 4SFP56 Swch", "FL.10.10.1020", "SG00000001")),
    # Lenovo CNOS: the model the banner names; the release only from the chassis's software revision.
    "lenovo-cnos": ("Lenovo ThinkSystem NE2572 RackSwitch", "1.3.6.1.4.1.19046.1.7.48", [],
                    [*chassis(1, model="NE2572", serial="Y0500000001"), f"{SOFTWARE_REV}.1|4|10.10.3.0"],
                    ("lenovo", "switch", "NE2572", None, None),
                    ("lenovo", "switch", "NE2572", "10.10.3.0", "Y0500000001")),
    # FortiGate: fgSysVersion and fnSysSerial whatever ENTITY-MIB says; the model the sysObjectID names.
    "fortigate": ("fw-edge-1", "1.3.6.1.4.1.12356.101.1.441",
                  [f"{FGT_VERSION}|4|v7.2.5,build1517,230606 (GA.F)", f"{FN_SERIAL}|4|FGT40FTK00000001"],
                  chassis(1, model="FGT_40F", serial="FGT40FTK00000001"),
                  ("fortinet", "firewall", "FGT_40F", "v7.2.5,build1517,230606 (GA.F)", "FGT40FTK00000001"),
                  ("fortinet", "firewall", "FGT_40F", "v7.2.5,build1517,230606 (GA.F)", "FGT40FTK00000001")),
}


@pytest.mark.parametrize("entity", [False, True], ids=["no-entity-mib", "entity-mib"])
@pytest.mark.parametrize("case", sorted(WITH_AND_WITHOUT_ENTITY))
def test_family_with_and_without_entity_mib(case: str, entity: bool) -> None:
    descr, oid, rows, chassis_rows, bare, with_entity = WITH_AND_WITHOUT_ENTITY[case]
    obs = run(system(descr, oid) + rows + (chassis_rows if entity else []))
    assert identity(obs) == (with_entity if entity else bare), obs.device["evidence"]
