"""The domestic makers' lines as a walk of a device nobody recorded gives them: per family a switch, a router, and the
firewall or wireless controller the maker builds, with ENTITY-MIB answering and without. Each walk is made up in the
shape of the maker's MIBs and of the sysDescr its documentation shows (sysObjectID under the line's product arc, or an
arc no registration knows, where the banner has to decide)."""

from __future__ import annotations

import pytest

from tests.snmp_cases import classified, identity, run, system

ENT = "1.3.6.1.2.1.47.1.1.1.1"
HW_DEV = "1.3.6.1.4.1.2011.5.25.188.1"  # HUAWEI-DEVICE-EXT-MIB hwDeviceExtObject
HH3C_MANU = "1.3.6.1.4.1.25506.2.6.1.2.1.1"  # HH3C-ENTITY-EXT-MIB hh3cEntityExtManuEntry
RUIJIE_SYS = "1.3.6.1.4.1.4881.1.1.10.2.1.1"  # RUIJIE-SYSTEM-MIB ruijieSystemMIBObjects
ZXR10_SYS = "1.3.6.1.4.1.3902.3.1"  # ZXR10-MIB zxr10SystemConfig
WRI_DEVICE = "1.3.6.1.4.1.3807.1.8012.2.1"  # WRI-DEVICE-MIB msppDevInfo
DCN_PRI = "1.3.6.1.4.1.6339.100.1"  # DCN-MIB priSystem
HILLSTONE_SYS = "1.3.6.1.4.1.28557.2.2.1"  # HILLSTONE-SYSTEM-MIB


def entity(index: int, *, cls: int, parent: int = 0, name: str = "", descr: str = "", model: str = "",
           serial: str = "", software: str = "") -> list[str]:
    """One entPhysicalTable row with the columns the makers fill (a blank column is answered blank, as they do)."""
    return [f"{ENT}.2.{index}|4|{descr}", f"{ENT}.4.{index}|2|{parent}", f"{ENT}.5.{index}|2|{cls}",
            f"{ENT}.7.{index}|4|{name}", f"{ENT}.10.{index}|4|{software}", f"{ENT}.11.{index}|4|{serial}",
            f"{ENT}.13.{index}|4|{model}"]


def vrp(version: str, product: str, release: str, last: str) -> str:
    """Huawei's VRP banner: the VRP version, then the product and its release in brackets."""
    return (f"Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version {version} ({product} {release})"
            f"\r\nCopyright (C) 2012-2024 Huawei Technologies Co., Ltd.\r\nHUAWEI {last}\r\n")


def yunshan(version: str, product: str, release: str) -> str:
    """Huawei's YunShan OS banner, the product and its release in brackets as VRP's."""
    return (f"Huawei YunShan OS\r\nVersion {version} ({product} {release})\r\n"
            "Copyright (C) 2021-2024 Huawei Technologies Co., Ltd.\r\n")


def comware(brand: str, version: str, release: str, model: str, owner: str) -> str:
    """Comware's banner (H3C's own or HPE's): version and release, the product on the second line."""
    return (f"{brand} Comware Platform Software, Software Version {version}, Release {release}\r\n{brand} {model}\r\n"
            f"Copyright (c) 2004-2024 {owner}. All rights reserved.")


H3C = "New H3C Technologies Co., Ltd"
UNKNOWN_HW = "1.3.6.1.4.1.2011.2.999.7"  # under Huawei's products arc, in no line the rows know
# An AC6605 whose chassis row leaves its serial blank and whose main board (MPU) states it, as Huawei's ENTITY-MIB
# fills the table; a power module's serial after it is not the device's.
AC6605 = ("Huawei AC6605 Huawei Versatile Routing Platform Software VRP (R) software, Version 5.160 "
          "(AC6605 V200R019C10SPC500) Copyright (C) 2011-2021 HUAWEI TECH CO., LTD")
AC6605_ENTITY = (entity(16777216, cls=3, name="AC6605", descr="AC6605")
                 + entity(16842752, cls=9, parent=16777216, name="MPU Board 0", descr="AC6605",
                          serial="2102AC6605X0Q7000041", software="Version 5.160 V200R019C10SPC500")
                 + entity(16908288, cls=6, parent=16777216, name="POWER Card 1", serial="2102PW150W00Q7000042"))

CASES = [
    # Huawei, VRP 8: the NetEngine 8000's banner names the router and its release in brackets (issue 13) ...
    ("huawei-ne8000", vrp("8.200", "NetEngine 8000", "V800R012C10SPC300", "NetEngine 8000 X8"),
     "1.3.6.1.4.1.2011.2.360.1", [],
     ("huawei", "router", "NetEngine 8000", "8.200 (V800R012C10SPC300)", None)),
    # ... under an arc no row knows, with its chassis's serial (ENTITY-MIB).
    ("huawei-ne8000-entity", vrp("8.200", "NetEngine 8000", "V800R012C10SPC300", "NetEngine 8000 X8"), UNKNOWN_HW,
     entity(16777216, cls=3, name="NetEngine 8000 X8", serial="2102NE8000X8Q7000043"),
     ("huawei", "router", "NetEngine 8000", "8.200 (V800R012C10SPC300)", "2102NE8000X8Q7000043")),
    # CloudEngine data-centre switch (VRP 8), its serial from HUAWEI-DEVICE-EXT-MIB hwDeviceEsn without ENTITY-MIB.
    ("huawei-ce-switch", vrp("8.191", "CE6881", "V200R019C10SPC800", "CE6881-48S6CQ"), UNKNOWN_HW,
     [f"{HW_DEV}.1.0|4|2102CE6881Q7000044"],
     ("huawei", "switch", "CE6881", "8.191 (V200R019C10SPC800)", "2102CE6881Q7000044")),
    # VRP 5 campus switch, its model on the banner's first line, the main board's serial.
    ("huawei-s-switch-entity",
     "S5720-28X-LI-AC\r\nHuawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.170 "
     "(S5720 V200R011C10SPC600)\r\nCopyright (C) 2000-2019 HUAWEI TECH CO., LTD",
     "1.3.6.1.4.1.2011.2.23.999",
     entity(67108867, cls=3, name="S5720-28X-LI-AC") + entity(67108873, cls=9, parent=67108867, name="MPU Board 0",
                                                               serial="2102S5720LQ7000045"),
     ("huawei", "switch", "S5720-28X-LI-AC", "5.170 (V200R011C10SPC600)", "2102S5720LQ7000045")),
    # AR branch router (VRP 5) under an unknown arc: the banner names it.
    ("huawei-ar-router", vrp("5.160", "AR2200", "V200R010C10SPC700", "AR2220"), UNKNOWN_HW, [],
     ("huawei", "router", "AR2200", "5.160 (V200R010C10SPC700)", None)),
    # AC6605 with ENTITY-MIB in full: the MPU board's serial where the chassis's is blank (issue 13) ...
    ("huawei-ac6605-entity", AC6605, "1.3.6.1.4.1.2011.2.240.6", AC6605_ENTITY,
     ("huawei", "wireless_controller", "AC6605", "5.160 (V200R019C10SPC500)", "2102AC6605X0Q7000041")),
    # ... and without it: a controller still, no serial made up.
    ("huawei-ac6605", AC6605, UNKNOWN_HW, [],
     ("huawei", "wireless_controller", "AC6605", "5.160 (V200R019C10SPC500)", None)),
    # USG / HiSecEngine firewall (VRP 5 banner).
    ("huawei-usg-firewall", vrp("5.170", "USG6615F", "V600R007C20SPC500", "HiSecEngine USG6615F"), UNKNOWN_HW, [],
     ("huawei", "firewall", "USG6615F", "5.170 (V600R007C20SPC500)", None)),
    # YunShan OS: a campus switch ...
    ("huawei-yunshan-switch", yunshan("1.22.0.1", "S5735-S48T4X", "V600R022C00SPC100"), UNKNOWN_HW, [],
     ("huawei", "switch", "S5735-S48T4X", "V600R022C00SPC100", None)),
    # ... a NetEngine AR router running it, told by the model family (fails with YunShan taken for a switch line) ...
    ("huawei-yunshan-router", yunshan("1.22.0.1", "AR5710-H8T2TS1", "V600R022C10SPC100"), UNKNOWN_HW, [],
     ("huawei", "router", "AR5710-H8T2TS1", "V600R022C10SPC100", None)),
    # ... by the products arc it registers under (HUAWEI-MIB ar 2011.2.224) where the banner names no product (the
    # OS's version number then) ...
    ("huawei-yunshan-ar-arc", "Huawei YunShan OS\r\nVersion 1.22.0.1", "1.3.6.1.4.1.2011.2.224.999", [],
     ("huawei", "router", None, "1.22.0.1", None)),
    # ... an AirEngine 9700D-M1 controller that HUAWEI-MIB registers under wlanAp (2011.2.39.155, an access-point arc):
    # the registered model's family decides before the arc ...
    ("huawei-yunshan-wlc", "Huawei YunShan OS\r\nVersion 1.22.0.1", "1.3.6.1.4.1.2011.2.39.155", [],
     ("huawei", "wireless_controller", "AirEngine9700D-M1", "1.22.0.1", None)),
    # ... and a product named in words before the release ('NetEngine 8000', not the OS's version number).
    ("huawei-yunshan-words", yunshan("1.23.0.1", "NetEngine 8000", "V800R023C00SPC500"), UNKNOWN_HW, [],
     ("huawei", "router", "NetEngine 8000", "V800R023C00SPC500", None)),
    # H3C, Comware 7: switch, serial from HH3C-ENTITY-EXT-MIB where ENTITY-MIB leaves it blank ...
    ("h3c-switch", comware("H3C", "7.1.070", "6328", "S6520X-54QC-EI", H3C), "1.3.6.1.4.1.25506.1.99999",
     [*entity(1, cls=3, name="Chassis"), f"{HH3C_MANU}.2.1|4|210235H3CS65Q7000046"],
     ("h3c", "switch", "S6520X-54QC-EI", "7.1.070 (6328)", "210235H3CS65Q7000046")),
    # ... Comware 5 switch without ENTITY-MIB ...
    ("h3c-comware5", comware("H3C", "5.20", "2221P20", "S5120-28P-SI", "Hangzhou H3C Tech. Co., Ltd"),
     "1.3.6.1.4.1.25506.1.99999", [], ("h3c", "switch", "S5120-28P-SI", "5.20 (2221P20)", None)),
    # ... MSR router, SecPath firewall, WX wireless controller, each by its line's name.
    ("h3c-router", comware("H3C", "7.1.064", "0821P21", "MSR3620", H3C), "1.3.6.1.4.1.25506.1.99999",
     entity(1, cls=3, name="Chassis", serial="210235H3CMSRQ7000047"),
     ("h3c", "router", "MSR3620", "7.1.064 (0821P21)", "210235H3CMSRQ7000047")),
    ("h3c-firewall", comware("H3C", "7.1.064", "9333P30", "SecPath F1060", H3C), "1.3.6.1.4.1.25506.1.99999", [],
     ("h3c", "firewall", "SecPath F1060", "7.1.064 (9333P30)", None)),
    ("h3c-wlc", comware("H3C", "7.1.064", "5437P05", "WX3520H", H3C), "1.3.6.1.4.1.25506.1.99999", [],
     ("h3c", "wireless_controller", "WX3520H", "7.1.064 (5437P05)", None)),
    # HPE-branded Comware under H3C's own arc is HPE's (the verdict below tells them apart).
    ("hpe-comware-router", comware("HPE", "7.1.059", "0304P15", "MSR2003", "Hewlett Packard Enterprise Development LP"),
     "1.3.6.1.4.1.25506.1.99999", [], ("hpe", "router", "MSR2003", "7.1.059 (0304P15)", None)),
    # ZTE: ZXR10 switch with its chassis serial; the newer ROSNG banner's product, not the OS's name ...
    ("zte-switch-entity", "ZXR10 ROS Version V4.8.23 ZXR10 5250-52TM Software, Version V2.05.11B17, Release software",
     "1.3.6.1.4.1.3902.3.100.999", entity(1, cls=3, descr="ZXR10 5250-52TM", serial="219801ZTE5250Q7048"),
     ("zte", "switch", "5250-52TM", "V2.05.11B17", "219801ZTE5250Q7048")),
    ("zte-rosng-switch", "ZTE ZXR10 ROSNG Software, Version V5.00.10, Release software\r\nZXR10 5960-56QU-HI",
     "1.3.6.1.4.1.3902.3.1000.999", [], ("zte", "switch", "5960-56QU-HI", "V5.00.10", None)),
    # ... M6000 router, and a ZXCTN packet transport router; the ProductID (zxr10SystemID) says router too.
    ("zte-router", "ZXR10 M6000-8S Plus, ZTE ZXR10 Software Version: V5.00.10.60, Release software",
     "1.3.6.1.4.1.3902.3.1000.999", [], ("zte", "router", "M6000-8S", "V5.00.10.60", None)),
    ("zte-product-id", "", "1.3.6.1.4.1.3902.3.1000.999",
     [f"{ZXR10_SYS}.1.0|2|5000", f"{ZXR10_SYS}.6.0|4|V1.00.30"], ("zte", "router", None, "V1.00.30", None)),
    # Ruijie (RGOS): switch with RUIJIE-SYSTEM-MIB's serial and version; RSR router; WS wireless controller;
    # RG-WALL firewall.
    ("ruijie-switch", "Ruijie Full Gigabit Security & Intelligence Access Switch(S2928G-E V3) By Ruijie Networks",
     "1.3.6.1.4.1.4881.1.1.10.1.999",
     [f"{RUIJIE_SYS}.2.0|4|RGOS 10.4(3b19)p2", f"{RUIJIE_SYS}.24.0|4|G1LQ29RUIJIE0049"],
     ("ruijie", "switch", "S2928G-E V3", "10.4(3b19)p2", "G1LQ29RUIJIE0049")),
    ("ruijie-router", "Ruijie General Operating System Software\r\nRelease Software (tm), RGOS 11.1(5)B9P10\r\n"
     "Copyright (c) 1998-2019 by Ruijie Networks.\r\nRG-RSR20-X-28", "1.3.6.1.4.1.4881.1.1.10.1.999",
     entity(1, cls=3, descr="RG-RSR20-X-28", model="RG-RSR20-X-28", serial="G1LQ29RUIJIE0050"),
     ("ruijie", "router", "RG-RSR20-X-28", "11.1(5)B9P10", "G1LQ29RUIJIE0050")),
    # ... a router whose banner names no line: ruijieSwitchLayer router(3) says so (a layer3(2) switch stays one).
    ("ruijie-layer-router", "Ruijie General Operating System Software\r\nRelease Software (tm), RGOS 11.9(6)B1",
     "1.3.6.1.4.1.4881.1.1.10.1.999", [f"{RUIJIE_SYS}.8.0|2|3"], ("ruijie", "router", None, "11.9(6)B1", None)),
    ("ruijie-layer3-switch", "Ruijie General Operating System Software\r\nRelease Software (tm), RGOS 11.9(6)B1",
     "1.3.6.1.4.1.4881.1.1.10.1.999", [f"{RUIJIE_SYS}.8.0|2|2"], ("ruijie", "switch", None, "11.9(6)B1", None)),
    ("ruijie-wlc", "Ruijie Wireless Controller(WS6008) By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.999", [],
     ("ruijie", "wireless_controller", "WS6008", None, None)),
    # FiberHome: datacom switch with WRI-DEVICE-MIB's version and serial; an AN5516 OLT (filed as a switch).
    ("fiberhome-switch", "Fiberhome S5800-28T-X Switch", "1.3.6.1.4.1.3807.1.5800",
     [f"{WRI_DEVICE}.4.0|4|RP0800", f"{WRI_DEVICE}.39.0|4|FHS5800Q7000051"],
     ("fiberhome", "switch", "S5800-28T-X", "RP0800", "FHS5800Q7000051")),
    ("fiberhome-olt", "AN5516-06", "1.3.6.1.4.1.5875.800.1001.999", [],
     ("fiberhome", "switch", "AN5516-06", None, None)),
    # DCN (DCNOS): switch, router, wireless controller, firewall, each from its model's line; serial on the banner.
    ("dcn-switch", "DCRS-5650-28 Device, Compiled Jun 02 10:11:12 2021\r\n  SoftWare Version 7.0.3.5(R0241.0136)\r\n"
     "  HardWare Version R02\r\n  Serial No.:DCN5650Q7052\r\n", "1.3.6.1.4.1.6339.1.1.1.999", [],
     ("dcn", "switch", "DCRS-5650-28", "7.0.3.5(R0241.0136)", "DCN5650Q7052")),
    ("dcn-router", "DCR-2659 Device, Compiled Jun 02 10:11:12 2018\r\n  SoftWare Version DCR-2659_1.3.3F\r\n"
     "  HardWare Version 2.0\r\n  Serial No.:DCN2659Q7053\r\n", "1.3.6.1.4.1.6339.1.1.2.999", [],
     ("dcn", "router", "DCR-2659", "1.3.3F", "DCN2659Q7053")),
    ("dcn-wlc", "DCWS-6028 Device, Compiled Jun 02 10:11:12 2018\r\n  SoftWare Version 7.0.3.2(R0028.0016)\r\n"
     "  HardWare Version 1.0\r\n", "1.3.6.1.4.1.6339.1.1.1.999", [f"{DCN_PRI}.3.0|4|7.0.3.2(R0028.0016)"],
     ("dcn", "wireless_controller", "DCWS-6028", "7.0.3.2(R0028.0016)", None)),
    ("dcn-firewall", "DCFW-1800E-N3002 Device\r\n  SoftWare Version 5.5R1\r\n", "1.3.6.1.4.1.6339.1.1.3.999", [],
     ("dcn", "firewall", "DCFW-1800E-N3002", "5.5R1", None)),
    # ... and a controller whose banner an operator replaced: ENTITY-MIB's chassis names it, its line the kind.
    ("dcn-wlc-entity", "wlc-core-1", "1.3.6.1.4.1.6339.1.1.1.999",
     [*entity(1, cls=3, descr="DCWS-6028", model="DCWS-6028", serial="DCNWS6028Q7056"),
      f"{DCN_PRI}.3.0|4|7.0.3.2(R0028.0016)"],
     ("dcn", "wireless_controller", "DCWS-6028", "7.0.3.2(R0028.0016)", "DCNWS6028Q7056")),
    # Maipu (MyPower): router and switch.
    ("maipu-router", "Maipu Network Operating System Software, MyPower (R) Operating System Software MP2900 system "
     "image file (flash0: /flash/rp8-i-6.1.95(i).pck), version 6.1.95(integrity), Compiled on Jul 15 2013",
     "1.3.6.1.4.1.5651.1.102.999", [], ("maipu", "router", "MP2900", "6.1.95(integrity)", None)),
    ("maipu-switch", "MyPower S4320-28TC version 7.2.15R2(integrity), Compiled Mar 03 2023",
     "1.3.6.1.4.1.5651.1.102.999", entity(1, cls=3, descr="S4320-28TC", serial="MPS4320Q7000054"),
     ("maipu", "switch", "S4320-28TC", "7.2.15", "MPS4320Q7000054")),
    # ... and by the line's arc (MAIPU-PRODUCTS mpRouter 5651.1.101, mpSecure 5651.1.35) where the banner names none.
    ("maipu-router-arc", "MyPower (R) Operating System Software", "1.3.6.1.4.1.5651.1.101.999", [],
     ("maipu", "router", None, None, None)),
    ("maipu-firewall-arc", "MyPower (R) Operating System Software", "1.3.6.1.4.1.5651.1.35.999", [],
     ("maipu", "firewall", None, None, None)),
    # Hillstone (StoneOS) firewall: HILLSTONE-SYSTEM-MIB serial and software.
    ("hillstone-firewall", "Hillstone Networks StoneOS software version 5.5 SG-6000-E3960",
     "1.3.6.1.4.1.28557.1.999",
     [f"{HILLSTONE_SYS}.1.0|4|HSQ7000055", f"{HILLSTONE_SYS}.2.0|4|Version 5.5 SG6000-M-3-5.5R6P3.bin 2019/01/10"],
     ("hillstone", "firewall", "SG-6000-E3960", "5.5 (5.5R6P3)", "HSQ7000055")),
]


@pytest.mark.parametrize(("descr", "oid", "rows", "want"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_domestic_family_lines(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]
    # Every maker here is domestic by its enterprise number, but HPE's Comware, which is built by H3C and sold by HPE.
    assert classified(obs).verdict == ("foreign" if want[0] == "hpe" else "domestic")
