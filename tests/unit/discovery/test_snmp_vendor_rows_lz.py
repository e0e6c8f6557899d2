"""Vendor-MIB and sysDescr rows of the OS families l-z, each case written from the vendor's MIB definition or
made-up strings of the documented shape (never from a walk): (vendor id, kind, model, version, serial)."""

from __future__ import annotations

import pytest

from tests.snmp_cases import ENT, identity, run, system

HW_UPS = "1.3.6.1.4.1.2011.6.174.1.2.100.1"  # HUAWEI-UPS-MIB hwUpsDeviceInfoTable entry
UPS_IDENT = "1.3.6.1.2.1.33.1.1"  # UPS-MIB upsIdent
ISM = "1.3.6.1.4.1.34774.4.1.1"  # ISM-STORAGE-SVC-MIB system group
CPQ_PRODUCT, CPQ_SERIAL = "1.3.6.1.4.1.232.2.2.4.2.0", "1.3.6.1.4.1.232.2.2.2.1.0"  # CPQSINFO-MIB
DELL_CHASSIS = "1.3.6.1.4.1.674.10892.1.300.10.1"  # MIB-Dell-10892 chassisInformationTableEntry
RC_SYS = "1.3.6.1.4.1.8886.60.131.1.1"  # RAISECOM system MIB identity scalars
VRP_BANNER = "Huawei Versatile Routing Platform Software"  # a VRP 8 router's sysDescr may be this line alone


def bare_chassis(descr: str, software: str = "", index: int = 16777216) -> list[str]:
    """An ENTITY-MIB chassis row with a description and a software revision, no model name or serial."""
    return [f"{ENT}.2.{index}|4|{descr}", f"{ENT}.4.{index}|2|0", f"{ENT}.5.{index}|2|3",
            f"{ENT}.10.{index}|4|{software}"]


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # A Huawei UPS card behind net-snmp's sysObjectID, told by HUAWEI-UPS-MIB: the UPS's model and serial from
        # the first row of its device table, the software version from UPS-MIB.
        ("Linux ups-card 2.6.27 #1 armv5tejl", "1.3.6.1.4.1.8072.3.2.10",
         [f"{HW_UPS}.2.1|4|UPS2000-G-6KRTL", f"{HW_UPS}.3.1|4|V100R001C01SPC100",
          f"{HW_UPS}.5.1|4|2102311ABCDEF1234567", f"{UPS_IDENT}.2.0|4|UPS2000", f"{UPS_IDENT}.3.0|4|V100R001C01"],
         ("huawei", "ups", "UPS2000-G-6KRTL", "V100R001C01", "2102311ABCDEF1234567")),
        # ... the same card under Huawei's own arc.
        ("UPS5000", "1.3.6.1.4.1.2011.6.174", [f"{HW_UPS}.2.1|4|UPS5000-E", f"{HW_UPS}.5.1|4|2102310XYZ10EB000001"],
         ("huawei", "ups", "UPS5000-E", None, "2102310XYZ10EB000001")),
        # ... and a blank serial column is no serial.
        ("Linux ups-card 2.6.27 #1 armv5tejl", "1.3.6.1.4.1.8072.3.2.10",
         [f"{HW_UPS}.2.1|4|UPS5000-A", f"{HW_UPS}.5.1|4|"], ("huawei", "ups", "UPS5000-A", "2.6.27", None)),
        # OceanStor: deviceType (.2) is an INTEGER product code, never reported as the model; serial .1, version .6.
        ("ISM SNMP Agent", "1.3.6.1.4.1.2011.2.91",
         [f"{ISM}.1.0|4|2102350ABC10H1000001", f"{ISM}.2.0|2|68", f"{ISM}.6.0|4|V300R006C20"],
         ("huawei", "storage", None, "V300R006C20", "2102350ABC10H1000001")),
        # The server makers' management agents name the hardware whatever system runs on it: HPE Insight on
        # Windows, on ESXi, and in a BladeSystem enclosure's Onboard Administrator ...
        ("Hardware: Intel64 Family 6 Model 85 Stepping 4 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build "
         "17763 Multiprocessor Free)", "1.3.6.1.4.1.311.1.1.3.1.3",
         [f"{CPQ_PRODUCT}|4|ProLiant DL360 Gen10", f"{CPQ_SERIAL}|4|CZJ0000001"],
         ("microsoft", "server", "ProLiant DL360 Gen10", "6.3", "CZJ0000001")),
        ("VMware ESXi 7.0.3 build-20328353 VMware, Inc. x86_64", "1.3.6.1.4.1.6876.4.1",
         [f"{CPQ_PRODUCT}|4|ProLiant DL580 Gen10", f"{CPQ_SERIAL}|4|CZJ0000002"],
         ("vmware", "server", "ProLiant DL580 Gen10", "7.0.3", "CZJ0000002")),
        ("HP Onboard Administrator", "1.3.6.1.4.1.232.9.4.11",
         [f"{CPQ_PRODUCT}|4|BladeSystem c7000 Enclosure G3", f"{CPQ_SERIAL}|4|CZJ0000003"],
         ("hpe", "bmc", "BladeSystem c7000 Enclosure G3", None, "CZJ0000003")),
        # ... Dell OpenManage's first chassis on Linux and on Windows.
        ("Linux db01 4.18.0-372.9.1.el8.x86_64 #1 SMP Fri Apr 15 22:12:19 EDT 2022 x86_64", "1.3.6.1.4.1.8072.3.2.10",
         [f"{DELL_CHASSIS}.9.1|4|PowerEdge R740", f"{DELL_CHASSIS}.11.1|4|ABC1234"],
         ("dell", "server", "PowerEdge R740", "4.18.0-372.9.1.el8.x86_64", "ABC1234")),
        ("Hardware: Intel64 Family 6 Model 79 Stepping 1 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build "
         "14393 Multiprocessor Free)", "1.3.6.1.4.1.311.1.1.3.1.2",
         [f"{DELL_CHASSIS}.9.1|4|PowerEdge R630", f"{DELL_CHASSIS}.11.1|4|DEF5678"],
         ("microsoft", "server", "PowerEdge R630", "6.3", "DEF5678")),
        # A VRP 8 router whose sysDescr is the banner's first line alone: the chassis description without its class
        # word, the VRP version and release from the chassis's software revision ...
        (VRP_BANNER, "1.3.6.1.4.1.2011.2.62.2.99",
         bare_chassis("NE40E-X8A frame", "VRP (R) software, Version 8.180 (NE40E V800R010C10SPC500)"),
         ("huawei", "router", "NE40E-X8A", "8.180 (V800R010C10SPC500)", None)),
        # ... or the VRP version alone where the revision states no release.
        (VRP_BANNER, "1.3.6.1.4.1.2011.2.62.2.99",
         bare_chassis("NE40E-M2K frame", "VRP (R) software, Version 8.190(CN), RELEASE 0000"),
         ("huawei", "router", "NE40E-M2K", "8.190", None)),
        # Any maker: a model and the chassis's class word is the model; a bare build number (five digits or more) as
        # the chassis's software revision is no version, a short number or a dotted version is.
        ("Acme switch", "1.3.6.1.4.1.99999.1", bare_chassis("AX-9000 Chassis", "204512", index=1),
         (None, None, "AX-9000", None, None)),
        ("Acme switch", "1.3.6.1.4.1.99999.1", bare_chassis("AX-9000 Chassis", "7", index=1),
         (None, None, "AX-9000", "7", None)),
        ("Acme switch", "1.3.6.1.4.1.99999.1", bare_chassis("AX 9000 series", "10.4.1", index=1),
         (None, None, "AX 9000 series", "10.4.1", None)),
        # Raisecom ROS: RAISECOM's system MIB first (hardware .6, version .1, serial .4) ...
        ("ROS_6.2.1.RAX711-C-R.2021030.(null)", "1.3.6.1.4.1.8886.23.191",
         [f"{RC_SYS}.1.0|4|ROS_6.2.1_20210301", f"{RC_SYS}.4.0|4|1030020319ABCDEFGH",
          f"{RC_SYS}.6.0|4|RAX711-C-R P100R001C00"],
         ("raisecom", "switch", "RAX711-C-R P100R001C00", "ROS_6.2.1_20210301", "1030020319ABCDEFGH")),
        # ... else the image name the sysDescr states: 'ROS_<version>.<model>.<build>.<date>', the version may be blank.
        ("ROS_4.15.1086.ISCOM2128EA-MA-AC.002.20151224", "1.3.6.1.4.1.8886.6.1", [],
         ("raisecom", "switch", "ISCOM2128EA-MA-AC", "4.15.1086", None)),
        ("ROS_.ISCOM2924GF-4C.001.20180101", "1.3.6.1.4.1.8886.6.2", [],
         ("raisecom", "switch", "ISCOM2924GF-4C", None, None)),
        # ... a model and then what it is ('<model> Gigabit Ethernet Switch'): the model alone (and the kind it says).
        ("Acme switch", "1.3.6.1.4.1.99999.1", bare_chassis("AX3290-42 GigaBit Ethernet Switch", index=1),
         (None, "switch", "AX3290-42", None, None)),
        # Huawei's security platform banner names the product before its V-R release.
        ("Huawei Versatile Security Platform Software\r\nSoftware Version: USG6650 V500R001C60SPC300\r\nCopyright (C) "
         "2014-2019 Huawei Technologies Co., Ltd", "1.3.6.1.4.1.2011.2.99999",
         [], ("huawei", "firewall", "USG6650", "V500R001C60SPC300", None)),
    ],
    ids=["huawei-ups-net-snmp-arc", "huawei-ups-own-arc", "huawei-ups-blank-serial", "oceanstor-device-type-code",
         "insight-on-windows", "insight-on-esxi", "insight-in-onboard-administrator", "openmanage-on-linux",
         "openmanage-on-windows", "vrp8-entity-release", "vrp8-entity-version", "chassis-build-number",
         "chassis-short-version", "chassis-descr-without-class-word", "raisecom-system-mib", "raisecom-image-name",
         "raisecom-image-name-blank-version", "chassis-descr-model-and-what-it-is",
         "huawei-security-platform"],
)
def test_vendor_rows(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


@pytest.mark.parametrize(
    ("descr", "want"),
    [
        ("Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 20348 "
         "Multiprocessor Free)", "6.3"),
        # The XP-era service names the family before the version.
        ("Hardware: x86 Family 6 Model 8 Stepping 3 AT/AT COMPATIBLE - Software: Windows 2000 Version 5.1 (Build 2600 "
         "Uniprocessor Free)", "5.1"),
    ],
    ids=["windows-version", "windows-family-version"],
)
def test_windows_version_is_the_windows_rows(descr: str, want: str) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.311.1.1.3.1.1"))
    assert obs.device["os_version"] == want
    assert obs.device["evidence"]["os_version"].startswith("windows: ")


@pytest.mark.parametrize(
    ("descr", "want"),
    [
        # Nothing but the embedded OS states a version: that of the system the box runs.
        ("XS-2400 24x1G, *, VxWorks 6.9", "6.9"),
        # ... a firmware version stated beside it comes first.
        ("Acme XS-2400 firmware 3.1.4, VxWorks 6.9", "3.1.4"),
    ],
    ids=["vxworks-only", "firmware-before-vxworks"],
)
def test_the_embedded_os_version_is_the_last_version_source(descr: str, want: str) -> None:
    assert run(system(descr, "1.3.6.1.4.1.99999.3")).device["os_version"] == want
