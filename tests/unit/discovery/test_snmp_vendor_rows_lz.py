"""Vendor-MIB and sysDescr rows of the OS families l-z, each case written from the vendor's MIB definition or
made-up strings of the documented shape (never from a walk): (vendor id, kind, model, version, serial)."""

from __future__ import annotations

import pytest

from tests.snmp_cases import identity, run, system

HW_UPS = "1.3.6.1.4.1.2011.6.174.1.2.100.1"  # HUAWEI-UPS-MIB hwUpsDeviceInfoTable entry
UPS_IDENT = "1.3.6.1.2.1.33.1.1"  # UPS-MIB upsIdent
ISM = "1.3.6.1.4.1.34774.4.1.1"  # ISM-STORAGE-SVC-MIB system group


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
    ],
    ids=["huawei-ups-net-snmp-arc", "huawei-ups-own-arc", "huawei-ups-blank-serial", "oceanstor-device-type-code"],
)
def test_vendor_rows(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]
