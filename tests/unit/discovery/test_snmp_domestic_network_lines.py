"""Model and release of the Chinese makers' network lines from the objects their own MIBs state for the whole
system, where the sysDescr does not name them: each case a made-up walk in the MIB's shape, failing without the
rule it names."""

from __future__ import annotations

import pytest

from tests.snmp_cases import chassis, identity, run, system

HW_EXTENT = "1.3.6.1.4.1.2011.5.25.31.6"  # HUAWEI-ENTITY-EXTENT-MIB hwSystemGlobalObjects
HW_DEV = "1.3.6.1.4.1.2011.5.25.188.1"  # HUAWEI-DEVICE-EXT-MIB hwDeviceExtObject
HW_STACK = "1.3.6.1.4.1.2011.5.25.183.1.25.1"  # HUAWEI-STACK-MIB hwStackMemberInformationEntry
HILLSTONE_SYS = "1.3.6.1.4.1.28557.2.2.1"  # HILLSTONE-SYSTEM-MIB hillstoneSysMibObjects
VRP_FIRST_LINE = "Huawei Versatile Routing Platform Software"


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # Huawei: hwEntitySystemModel (.5, 'Device model.') where the VRP banner is its first line alone, the kind
        # from the model it names (an AR router under an arc of no line) ...
        (VRP_FIRST_LINE, "1.3.6.1.4.1.2011.2.499.21", [f"{HW_EXTENT}.5.0|4|AR6280K-S"],
         ("huawei", "router", "AR6280K-S", None, None)),
        # ... before hwProductName where both answer (the system's model over the product's marketing name) ...
        (VRP_FIRST_LINE, "1.3.6.1.4.1.2011.2.499.22",
         [f"{HW_EXTENT}.5.0|4|S5736-S48T4XC", f"{HW_DEV}.4.0|4|Huawei S5700 Series"],
         ("huawei", "switch", "S5736-S48T4XC", None, None)),
        # ... and under a blank sysDescr (huawei_datacom), with hwEntitySoftwareVersion (.3, 'Software version
        # number.'): its release.
        ("", "1.3.6.1.4.1.2011.2.499.23",
         [f"{HW_EXTENT}.5.0|4|HUAWEI CE6863-48S6CQ", f"{HW_EXTENT}.3.0|4|CE6863 V200R022C00SPC500"],
         ("huawei", "switch", "CE6863-48S6CQ", "V200R022C00SPC500", None)),
        # ... else HUAWEI-STACK-MIB hwStackDeviceType (.5) of the stack's first member.
        (VRP_FIRST_LINE, "1.3.6.1.4.1.2011.2.499.25",
         [f"{HW_STACK}.5.0|4|S5731-S24T4X", f"{HW_STACK}.5.1|4|S5731-S48T4X"],
         ("huawei", "switch", "S5731-S24T4X", None, None)),
        # ... or the version number it states where it names no release.
        (VRP_FIRST_LINE, "1.3.6.1.4.1.2011.2.499.24", [f"{HW_EXTENT}.3.0|4|8.210"],
         ("huawei", "switch", None, "8.210", None)),
        # YunShan OS whose banner brackets no model.
        ("Huawei YunShan OS\r\nVersion 1.25.0.1 (V600R025C00SPC100)", "1.3.6.1.4.1.2011.2.23.1300",
         [f"{HW_EXTENT}.5.0|4|S6730-H28Y4C"], ("huawei", "switch", "S6730-H28Y4C", "V600R025C00SPC100", None)),
        # Hillstone: sysSoftware's word after 'Version' where the release has another shape than 5.5R6P3 (not the
        # '0.11R2' inside it) ...
        ("Hillstone Networks StoneOS software", "1.3.6.1.4.1.28557.1.77",
         [f"{HILLSTONE_SYS}.2.0|4|StoneOS software Version 4.0.11R2"],
         ("hillstone", "firewall", None, "4.0.11R2", None)),
        # ... the whole release after 'Version', not its '5.5R10P12' part only.
        ("Hillstone Networks StoneOS software", "1.3.6.1.4.1.28557.1.80",
         [f"{HILLSTONE_SYS}.2.0|4|Hillstone StoneOS Version 5.5R10P12F3"],
         ("hillstone", "firewall", None, "5.5R10P12F3", None)),
        # ... and the product the sysDescr ends with, named without a hyphen.
        ("Hillstone Networks StoneOS software version 5.5 A5600", "1.3.6.1.4.1.28557.1.78",
         [f"{HILLSTONE_SYS}.1.0|4|0123456789ABCDEF"],
         ("hillstone", "firewall", "A5600", "5.5", "0123456789ABCDEF")),
        # Maipu: MyPower's 'MyPower <model> version <release>' line.
        ("MyPower S4320-28TC version 7.2.15R2(integrity), Compiled Mar 03 2023", "1.3.6.1.4.1.5651.1.102.77", [],
         ("maipu", "switch", "S4320-28TC", "7.2.15", None)),
        # ZTE: a ZXA10 access product of the F series named as the C-series OLTs are.
        ("ZXA10 F822, ZTE ZXA10 Software Version: V2.2.0P1T3", "1.3.6.1.4.1.3902.1082.1001.822.1",
         [], ("zte", "switch", "F822", "V2.2.0P1T3", None)),
        # ... and a ZXDSL access multiplexer.
        ("ZXDSL 9806H, ZTE ZXDSL Software Version: V2.1.0", "1.3.6.1.4.1.3902.1004.9806.1",
         [], ("zte", "switch", "9806H", "V2.1.0", None)),
    ],
    ids=["huawei-system-model", "huawei-system-model-first", "huawei-datacom-software-version",
         "huawei-stack-device-type", "huawei-software-version-number", "huawei-yunshan-system-model",
         "hillstone-version-word", "hillstone-version-whole", "hillstone-model-no-hyphen", "maipu-mypower-line",
         "zte-zxa10-f-series", "zte-zxdsl"],
)
def test_system_objects_of_the_makers_lines(descr: str, oid: str, rows: list[str],
                                            want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


def test_a_release_at_the_end_of_a_hillstone_sysdescr_is_no_model() -> None:
    obs = run(system("Hillstone Networks StoneOS software version 5.5R6", "1.3.6.1.4.1.28557.1.79"))
    assert obs.device["model"] is None, obs.device["evidence"].get("model")


@pytest.mark.parametrize(
    ("descr", "want"),
    [
        # HP's Comware switches under 3Com's arc (enterprises.43): HP's, with their model, release and the chassis's
        # serial as the other Comware rows read them ...
        ("HP V1910-24G Switch Software Version 5.20 Release 1513P81\r\nCopyright(c) 2010-2014 Hewlett-Packard "
         "Development Company, L.P.", ("hpe", "switch", "V1910-24G", "5.20 (1513P81)", "CN12AB34CD")),
        # ... but 3Com's own brand on that arc is 3Com's.
        ("3Com Switch 4500 26-Port Software Version 3Com OS V3.03.02s168p21", ("3com", None, None, "3.03.02s168p21",
                                                                                "CN12AB34CD")),
    ],
    ids=["hp-comware-3com-arc", "3com-brand-3com-arc"],
)
def test_hp_comware_under_the_3com_arc(descr: str, want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, "1.3.6.1.4.1.43.1.16.4.3.45") + chassis(1, model="", serial="CN12AB34CD"))
    assert identity(obs) == want, obs.device["evidence"]
