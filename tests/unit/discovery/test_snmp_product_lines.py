"""Product lines of the vendors a city runs that no corpus walk covers: each case is a synthetic recording written
from the vendor's MIB definition or its documented sysDescr format (never a value copied from a walk)."""

from __future__ import annotations

import pytest

from tests.snmp_cases import ENT, chassis, identity, run, system

LGP = "1.3.6.1.4.1.476.1.42.2"  # LIEBERT-GP-AGENT-MIB lgpAgent
CMC = "1.3.6.1.4.1.2606.7"  # RITTAL-CMC-III-MIB cmcIII
RUIJIE_DEV = "1.3.6.1.4.1.4881.1.1.10.2.21.1.2.1"  # RUIJIE-ENTITY-MIB ruijieDeviceInfoEntry
RUIJIE_SYS = "1.3.6.1.4.1.4881.1.1.10.2.1.1"  # RUIJIE-SYSTEM-MIB ruijieSystemMIBObjects
H3C_MANU = "1.3.6.1.4.1.25506.2.6.1.2.1.1"  # HH3C-ENTITY-EXT-MIB hh3cEntityExtManuEntry
HW_DEV = "1.3.6.1.4.1.2011.5.25.188.1"  # HUAWEI-DEVICE-EXT-MIB hwDeviceExtObject
HILLSTONE = "1.3.6.1.4.1.28557.2.2.1"  # HILLSTONE-SYSTEM-MIB
XFUSION = "1.3.6.1.4.1.58132.2.235.1.1"  # xFusion iBMC MIB (Huawei's iBMC layout)
COMWARE7 = ("H3C Comware Platform Software, Software Version 7.1.064, Release 8660P46\r\nH3C {}\r\n"
            "Copyright (c) 2004-2023 New H3C Technologies Co., Ltd.")
C7_BARE = "H3C Comware Platform Software, Software Version 7.1.064, Release 8660P46"
HPE7 = ("HPE Comware Platform Software, Software Version 7.1.045, Release 2432P06\r\nHPE {}\r\n"
        "Copyright (c) 2010-2018 Hewlett Packard Enterprise Development LP")
IOS = "Cisco IOS Software, {} Software ({}), Version 15.7(3)M5, RELEASE SOFTWARE (fc1)"
IOSXE = ("Cisco IOS Software [Bengaluru], {} Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.6.3a, "
         "RELEASE SOFTWARE")

CASES: dict[str, tuple[str, str, list[str], tuple[str | None, ...]]] = {
    # VRP 8 names the product inside the version brackets; LibreNMS's VRP convention '<VRP> (<release>)'.
    "huawei-ne8000": (
        "Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.200 (NetEngine 8000 "
        "V800R012C10SPC300)\r\nCopyright (C) 2012-2020 Huawei Technologies Co., Ltd.", "1.3.6.1.4.1.2011.2.62.2.78",
        [], ("huawei", "router", "NetEngine 8000", "8.200 (V800R012C10SPC300)", None)),
    # An AC with a full ENTITY-MIB: the chassis serial.
    "huawei-ac6605-entity": (
        "AC6605\r\nHuawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.170 (AC6605 "
        "V200R019C10SPC500)", "1.3.6.1.4.1.2011.2.240.3", chassis(16777216, model="AC6605-26-PWR",
                                                                    serial="2102351234AB12345678"),
        ("huawei", "wireless_controller", "AC6605", "5.170 (V200R019C10SPC500)", "2102351234AB12345678")),
    # LIEBERT-GP-AGENT-MIB: the managed device's model and serial (lgpAgentDeviceModel .4, SerialNumber .7 of
    # lgpAgentManagedDeviceEntry 2.4.2.1), the card's firmware (lgpAgentIdentFirmwareVersion 2.1.3), not the
    # card's own model (lgpAgentIdentModel 2.1.2).
    "liebert-ups": (
        "Liebert Unity", "1.3.6.1.4.1.476.1.42",
        [f"{LGP}.1.2.0|4|IS-UNITY-DP", f"{LGP}.1.3.0|4|7.6.0.0", f"{LGP}.1.4.0|4|CARD0001",
         f"{LGP}.4.2.1.4.1|4|Liebert EXM", f"{LGP}.4.2.1.7.1|4|EXM1234567"],
        ("vertiv", "ups", "Liebert EXM", "7.6.0.0", "EXM1234567")),
    # ... a rack PDU card: it answers LIEBERT-GP-PDU-MIB lgpPdu (3.8).
    "liebert-pdu": (
        "Rack PDU Card", "1.3.6.1.4.1.476.1.42",
        [f"{LGP}.1.3.0|4|4.840.0", f"{LGP}.4.2.1.4.1|4|MPH2", f"{LGP}.4.2.1.7.1|4|PDU0000001",
         "1.3.6.1.4.1.476.1.42.3.8.20.1.25.1|2|1"],
        ("vertiv", "pdu", "MPH2", "4.840.0", "PDU0000001")),
    # RITTAL-CMC-III-MIB cmcIIIUnitSerial (2.6), cmcIIIUnitFWRev (2.4), cmcIIIDevName of the first device (4.1.2.1.2).
    "rittal-cmc-iii": (
        "Rittal CMC III PU", "1.3.6.1.4.1.2606.7",
        [f"{CMC}.2.3.0|4|V3.00", f"{CMC}.2.4.0|4|V3.17.10_5", f"{CMC}.2.6.0|4|12345678",
         f"{CMC}.4.1.2.1.2.1|4|CMCIII-PU"],
        ("rittal", "env_monitor", "CMCIII-PU", "V3.17.10_5", "12345678")),
    # ZTE ZXR10 sysDescr formats (LibreNMS zxr10 regexes): the model joined by an underscore before the series ...
    "zte-zxr10-5960": (
        "ZXR10_5960-56QU-HI Software, Version ZXR10 5900 V3.00.10.B17P04 Copyright (c) 2000-2019 by ZTE Corporation",
        "1.3.6.1.4.1.3902.3.100.5960", [], ("zte", "switch", "5960-56QU-HI", "V3.00.10.B17P04", None)),
    # ... a ZXR10 M6000 is a router ...
    "zte-m6000": (
        "ZTE ZXR10 M6000-8S Plus Software, Version: V5.00.10.70, Release software", "1.3.6.1.4.1.3902.3.100.1", [],
        ("zte", "router", "M6000-8S", "V5.00.10.70", None)),
    # ... a ZXA10 access OLT is filed as a switch, as the other OLT platforms are; ZXR10-MIB zxr10SystemVersion
    # (3902.3.1.6) when sysDescr has no version.
    "zte-zxa10-olt": (
        "ZXA10 C600", "1.3.6.1.4.1.3902.1082.1001.600", ["1.3.6.1.4.1.3902.3.1.6.0|4|V1.2.1"],
        ("zte", "switch", "C600", "V1.2.1", None)),
    # Ruijie: a WS wireless controller, an EG egress gateway (RG- product name), a switch with RUIJIE-ENTITY-MIB
    # ruijieDeviceSerialNumber (.10) of the first device.
    "ruijie-ws": (
        "Ruijie Wireless Controller(WS6008) By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.300", [],
        ("ruijie", "wireless_controller", "WS6008", None, None)),
    "ruijie-eg": (
        "Ruijie Networks RG-EG3250 Egress Gateway, RGOS 11.9(6)B2", "1.3.6.1.4.1.4881.1.1.10.1.400", [],
        ("ruijie", "router", "RG-EG3250", "11.9(6)B2", None)),
    "ruijie-switch-mib": (
        "Ruijie 10G Routing Switch(S6220-48XS4QXS) By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.100",
        [f"{RUIJIE_DEV}.8.1|4|RGOS 11.0(5)B9P60", f"{RUIJIE_DEV}.10.1|4|G1LQ12345678"],
        ("ruijie", "switch", "S6220-48XS4QXS", "11.0(5)B9P60", "G1LQ12345678")),
    # ... RUIJIE-SYSTEM-MIB's scalars (4881.1.1.10.2.1.1) where the agent has no device table and the sysDescr names
    # no model: ruijieSystemSysModel .26, ruijieSystemSwVersion .2, ruijieSystemSerialno .24.
    "ruijie-system-mib": (
        "Ruijie Full Gigabit Access Switch By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.999",
        [f"{RUIJIE_SYS}.2.0|4|RGOS 11.4(1)B12P3", f"{RUIJIE_SYS}.24.0|4|G1QH0000000A",
         f"{RUIJIE_SYS}.26.0|4|RG-S2928G-E"],
        ("ruijie", "switch", "RG-S2928G-E", "11.4(1)B12P3", "G1QH0000000A")),
    # ... and the chassis's own serial (ENTITY-MIB) before the stack master's and the system's.
    "ruijie-chassis-serial-first": (
        "Ruijie 10G Routing Switch(S5750-28GT4XS-H) By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.998",
        [*chassis(1, model="RG-S5750-28GT4XS-H", serial="G1CHASSIS0001"), f"{RUIJIE_DEV}.10.1|4|G1MEMBER00001",
         f"{RUIJIE_SYS}.24.0|4|G1SYSTEM00001"],
        ("ruijie", "switch", "S5750-28GT4XS-H", None, "G1CHASSIS0001")),
    # Hillstone: the product StoneOS names last (LibreNMS stoneos takes sysDescr's last word), HILLSTONE-SYSTEM-MIB
    # sysSerialNumber (.1) and sysSoftware (.2).
    "hillstone-x-series": (
        "Hillstone Networks StoneOS software Version 5.5 SG-6000-X9180", "1.3.6.1.4.1.28557.1.1",
        [f"{HILLSTONE}.1.0|4|0123456789012345", f"{HILLSTONE}.2.0|4|Version 5.5R9P3"],
        ("hillstone", "firewall", "SG-6000-X9180", "5.5R9P3", "0123456789012345")),
    # ... the release the banner names where the agent leaves sysSoftware unanswered.
    "hillstone-release-in-banner": (
        "Hillstone Networks StoneOS software Version 5.5R8P2 SG-6000-E5760", "1.3.6.1.4.1.28557.1.3", [],
        ("hillstone", "firewall", "SG-6000-E5760", "5.5R8P2", None)),
    "hillstone-i-series": (
        "Hillstone StoneOS I-1850", "1.3.6.1.4.1.28557.1.2", [f"{HILLSTONE}.2.0|4|Version 5.5R6"],
        ("hillstone", "firewall", "I-1850", "5.5R6", None)),
    # xFusion iBMC (PEN 58132): deviceName .1.6, deviceSerialNo .1.7, the 'Active iBMC' firmware row; a domestic maker.
    "xfusion-ibmc": (
        "", "1.3.6.1.4.1.58132.2.235.1",
        [f"{XFUSION}.1.6.0|4|2288H V6", f"{XFUSION}.1.7.0|4|2102312345ABC1234567",
         f"{XFUSION}.11.50.1.4.11.65.99.116.105.118.101.32.105.66.77.67|4|3.03.07.09"],
        ("xfusion", "bmc", "2288H V6", "3.03.07.09", "2102312345ABC1234567")),
    # DCN's product-line prefixes: DCR routers, DCFW firewalls, DCWS wireless controllers.
    "dcn-router": (
        "DCR-2659 Device, Compiled Jan 10 11:20:53 2019\n  SoftWare Version DCR-2659_9.7.0.1",
        "1.3.6.1.4.1.6339.1.1.2.50", [], ("dcn", "router", "DCR-2659", "9.7.0.1", None)),
    "dcn-firewall": (
        "DCFW-1800E-N3002 Device, Compiled 2020\n  SoftWare Version 2.1.0", "1.3.6.1.4.1.6339.1.1.2.51", [],
        ("dcn", "firewall", "DCFW-1800E-N3002", "2.1.0", None)),
    "dcn-wireless": (
        "DCWS-6028 Device, Compiled Jan 10 2019\n  SoftWare Version DCWS-6028_7.1.3.0", "1.3.6.1.4.1.6339.1.1.2.52", [],
        ("dcn", "wireless_controller", "DCWS-6028", "7.1.3.0", None)),
    # Maipu: MP routers; S switches keep the row's kind.
    "maipu-router": (
        "MP2900 Device, Compiled Mar 1 2020\n  SoftWare Version MP2900_8.5.0.1", "1.3.6.1.4.1.5651.1.102.100", [],
        ("maipu", "router", "MP2900", "8.5.0.1", None)),
    "maipu-switch": (
        "S4320-28TP-AC Device, Compiled Mar 1 2020\n  SoftWare Version S4320-28TP-AC_6.0.222.39",
        "1.3.6.1.4.1.5651.1.102.200", [], ("maipu", "switch", "S4320-28TP-AC", "6.0.222.39", None)),
    # H3C Comware 7: SecPath firewalls and load balancers, CR core routers, WAC wireless controllers.
    "h3c-secpath-fw": (COMWARE7.format("SecPath F1000-AI-20"), "1.3.6.1.4.1.25506.1.2100", [],
                       ("h3c", "firewall", "SecPath F1000-AI-20", "7.1.064 (8660P46)", None)),
    "h3c-secpath-lb": (COMWARE7.format("SecPath L1000-A"), "1.3.6.1.4.1.25506.1.2101", [],
                       ("h3c", "load_balancer", "SecPath L1000-A", "7.1.064 (8660P46)", None)),
    "h3c-cr": (COMWARE7.format("CR16010-F"), "1.3.6.1.4.1.25506.1.2102", [],
               ("h3c", "router", "CR16010-F", "7.1.064 (8660P46)", None)),
    "h3c-wac": (COMWARE7.format("WAC380-30"), "1.3.6.1.4.1.25506.1.2103", [],
                ("h3c", "wireless_controller", "WAC380-30", "7.1.064 (8660P46)", None)),
    # H3C's lines by the product HH3C-PRODUCT-ID-MIB registers where the banner names none: its descriptors join line
    # and model ('hh3c-secpathF1000-S', 'hh3c-ar28-09', 'hh3c-ER3200', 'hh3c-neoceanIX1000', 'hh3c-DPtech-FW1000-GE').
    "h3c-secpath-registered": (C7_BARE, "1.3.6.1.4.1.25506.1.114", [],
                               ("h3c", "firewall", "SecpathF1000-S", "7.1.064 (8660P46)", None)),
    "h3c-ar-registered": (C7_BARE, "1.3.6.1.4.1.25506.1.57", [],
                          ("h3c", "router", "AR28-09", "7.1.064 (8660P46)", None)),
    "h3c-er-registered": (C7_BARE, "1.3.6.1.4.1.25506.1.386", [],
                          ("h3c", "router", "ER3200", "7.1.064 (8660P46)", None)),
    "h3c-neocean-registered": (C7_BARE, "1.3.6.1.4.1.25506.1.141", [],
                               ("h3c", "storage", "NeoceanIX1000", "7.1.064 (8660P46)", None)),
    "h3c-dptech-registered": (C7_BARE, "1.3.6.1.4.1.25506.1.426", [],
                              ("h3c", "firewall", "DPtech-FW1000-GE", "7.1.064 (8660P46)", None)),
    # ... and named on the banner: ER routers, WAP access points.
    "h3c-er-banner": (COMWARE7.format("ER8300G2"), "1.3.6.1.4.1.25506.1.2107", [],
                      ("h3c", "router", "ER8300G2", "7.1.064 (8660P46)", None)),
    "h3c-wap-banner": (COMWARE7.format("WAP722S"), "1.3.6.1.4.1.25506.1.2108", [],
                       ("h3c", "access_point", "WAP722S", "7.1.064 (8660P46)", None)),
    # A UniServer's HDM: it answers H3C's server management tree (h3cSrvHdmVersion 25506.13.1.2.2.7.1.0, as H3C's own
    # HDM templates read it); a BMC, its firmware the version.
    "h3c-hdm": ("", "1.3.6.1.4.1.25506.13.99", ["1.3.6.1.4.1.25506.13.1.2.2.7.1.0|4|2.13"],
                ("h3c", "bmc", None, "2.13", None)),
    # Ruijie's Reyee access points (RAP); DCN's later lines without the DC prefix on the same banner; Sangfor's AD and
    # DPtech's ADX application delivery lines are load balancers.
    "ruijie-reyee-ap": ("Ruijie Reyee Wireless(RAP2200F) By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.995", [],
                        ("ruijie", "access_point", "RAP2200F", None, None)),
    "dcn-cs-switch": ("CS6200-28X-EI(R2) Device, Compiled Jan 10 11:20:53 2021\n  SoftWare Version 7.4.3.0(R0001.0002)",
                      "1.3.6.1.4.1.6339.1.1.1.97", [], ("dcn", "switch", "CS6200-28X-EI", "7.4.3.0(R0001.0002)", None)),
    "sangfor-ad": ("Linux AD-1000-B1080", "1.3.6.1.4.1.35047.1", [],
                   ("sangfor", "load_balancer", "AD-1000-B1080", None, None)),
    "dptech-adx": ("DPTECH Conplat Platform Software\r\nVersion V100R004B01\r\nADX3000-GS Product Version "
                   "ADX3000-GS-S111C011D007", "1.3.6.1.4.1.31648.1.99", [],
                   ("dptech", "load_balancer", "ADX3000-GS", "V100R004B01", None)),
    # The older and HPE's own arcs take the same lines' kinds: an MSR under HUAWEI-3COM-OID-MIB's arc, an HPE MSR under
    # HPN-ICF-OID-MIB's tree.
    "h3c-msr-huawei-3com-arc": (
        "H3C Comware Platform Software, Software Version 5.20, Release 1508\r\nH3C MSR30-20\r\n",
        "1.3.6.1.4.1.2011.10.1.200", [], ("h3c", "router", "MSR30-20", "5.20 (1508)", None)),
    "hpe-msr-hpn-icf-arc": (HPE7.format("MSR2003"), "1.3.6.1.4.1.11.2.14.11.15.1.200", [],
                            ("hpe", "router", "MSR2003", "7.1.045 (2432P06)", None)),
    # HPE's names for the Comware lines H3C builds for it: MSR/HSR routers, F1000 firewalls, Unified Wired-WLAN
    # controllers; its switches keep the row's kind.
    "hpe-msr": ("HPE Comware Platform Software, Software Version 7.1.064, Release 0821P11\r\nHPE MSR2003\r\n"
                "Copyright (c) 2010-2018 Hewlett Packard Enterprise Development LP", "1.3.6.1.4.1.25506.11.1.3000", [],
                ("hpe", "router", "MSR2003", "7.1.064 (0821P11)", None)),
    "hpe-hsr": ("HPE Comware Platform Software, Software Version 7.1.045, Release 7183\r\nHPE HSR6802 Router\r\n",
                "1.3.6.1.4.1.25506.11.1.3001", [], ("hpe", "router", "HSR6802 Router", "7.1.045 (7183)", None)),
    "hp-f1000": ("HP Comware Platform Software, Software Version 5.20, Release 3734P08\r\n"
                 "HP F1000-E VPN Firewall Appliance\r\n", "1.3.6.1.4.1.25506.11.1.3002", [],
                 ("hpe", "firewall", "F1000-E VPN Firewall Appliance", "5.20 (3734P08)", None)),
    "hp-830-wlan": ("HP Comware Platform Software, Software Version 5.20, Release 3507P51\r\n"
                    "HP 830 24-Port PoE+ Unified Wired-WLAN Switch\r\n", "1.3.6.1.4.1.25506.11.1.3003", [],
                    ("hpe", "wireless_controller", "830 24-Port PoE+ Unified Wired-WLAN Switch", "5.20 (3507P51)",
                     None)),
    "hpe-flexnetwork-switch": (HPE7.format("5130-24G-4SFP+ EI Switch JG932A"), "1.3.6.1.4.1.25506.11.1.3004", [],
                               ("hpe", "switch", "5130-24G-4SFP+ EI Switch JG932A", "7.1.045 (2432P06)", None)),
    # HH3C-ENTITY-EXT-MIB hh3cEntityExtManuSerialNum (.2) of the first entity with manufacture data, where the
    # chassis row leaves its serial blank ...
    "h3c-manu-serial": (COMWARE7.format("S5130-52S-EI"), "1.3.6.1.4.1.25506.1.2104",
                        [f"{H3C_MANU}.2.2|4|210235A1BSH000000001", f"{H3C_MANU}.2.3|4|210235A1BSH000000002"],
                        ("h3c", "switch", "S5130-52S-EI", "7.1.064 (8660P46)", "210235A1BSH000000001")),
    # ... and the chassis's serial first where both answer.
    "h3c-entity-serial-first": (COMWARE7.format("S6520X-30QC-EI"), "1.3.6.1.4.1.25506.1.2105",
                                [*chassis(2, model="S6520X-30QC-EI", serial="210235A2CHASSIS00001"),
                                 f"{H3C_MANU}.2.2|4|210235A2MANU00000001"],
                                ("h3c", "switch", "S6520X-30QC-EI", "7.1.064 (8660P46)", "210235A2CHASSIS00001")),
    # Kind by the model found where the banner names none: an SR8800 router whose Comware banner is its first line
    # alone and whose chassis row names it; a Ruijie egress gateway named by ruijieSystemSysModel; a Huawei firewall
    # named by hwProductName under an arc that is no product line.
    "h3c-router-by-chassis-model": (
        "H3C Comware Platform Software, Software Version 7.1.075, Release 7751P01", "1.3.6.1.4.1.25506.1.2106",
        chassis(1, model="SR8808-X", serial="210235A0AAAAAA000001"),
        ("h3c", "router", "SR8808-X", "7.1.075 (7751P01)", "210235A0AAAAAA000001")),
    # ... and by the model RUIJIE-PRODUCTS-MIB registers under the sysObjectID where neither banner nor agent names
    # one: EG2000K (gatewayProducts .21), RSR20-14 (routerProducts .41, 'rsr20-14'), R2620 (routerProducts .1).
    "ruijie-gateway-registered": ("Ruijie Networks Operating System By Ruijie Networks", "1.3.6.1.4.1.4881.1.5.1.1.21",
                                  [], ("ruijie", "router", "EG2000K", None, None)),
    "ruijie-rsr-registered": ("Ruijie Networks Operating System By Ruijie Networks", "1.3.6.1.4.1.4881.1.2.1.1.41", [],
                              ("ruijie", "router", "RSR20-14", None, None)),
    "ruijie-r2620-registered": ("Ruijie Networks Operating System By Ruijie Networks", "1.3.6.1.4.1.4881.1.2.1.1.1",
                                [], ("ruijie", "router", "R2620", None, None)),
    "ruijie-gateway-by-system-model": (
        "Ruijie Next Generation Operating System By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.996",
        [f"{RUIJIE_SYS}.26.0|4|RG-EG3230"], ("ruijie", "router", "RG-EG3230", None, None)),
    "huawei-firewall-by-product-name": (
        "", "1.3.6.1.4.1.2011.2.499.7", [f"{HW_DEV}.4.0|4|USG6650E"],
        ("huawei", "firewall", "USG6650E", None, None)),
    # Huawei's Versatile Security Platform banner (USG, Eudemon firewalls): the model and release after 'Software
    # Version:'.
    "huawei-usg-vsp": (
        "Huawei Versatile Security Platform Software\r\nSoftware Version: USG6555E V600R007C20SPC500\r\nCopyright (C) "
        "2014-2021 Huawei Technologies Co., Ltd.", "1.3.6.1.4.1.2011.2.239.99", [],
        ("huawei", "firewall", "USG6555E", "V600R007C20SPC500", None)),
    # HUAWEI-DEVICE-EXT-MIB where the VRP banner is its first line alone: hwProductName (.4, the MIB's example 'Quidway
    # NetEngine 5000E', brand words dropped), hwProductVersion (.5, 'NE5000E V200R002C01B39L': its release),
    # hwDeviceEsn (.1).
    "huawei-device-ext": (
        "Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.62.2.99",
        [f"{HW_DEV}.1.0|4|2102350000FF00000001", f"{HW_DEV}.4.0|4|Quidway NetEngine 5000E",
         f"{HW_DEV}.5.0|4|NE5000E V200R002C01B39L"],
        ("huawei", "router", "NetEngine 5000E", "V200R002C01B39L", "2102350000FF00000001")),
    # The model a VRP banner opens with, whatever the product line: an AC's own line, an AirEngine access point after
    # the maker's name (the version brackets name only the series: 'AC6005', 'AirEngine5760').
    "huawei-ac-first-line": (
        "AC6005-8\r\nHuawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.170 (AC6005 "
        "V200R019C10SPC500)", "1.3.6.1.4.1.2011.2.240.99", [],
        ("huawei", "wireless_controller", "AC6005-8", "5.170 (V200R019C10SPC500)", None)),
    "huawei-airengine-after-maker": (
        "Huawei AirEngine 5760-10 Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.170 "
        "(AirEngine5760 V200R021C00SPC100)", "1.3.6.1.4.1.2011.2.240.98", [],
        ("huawei", "access_point", "AirEngine 5760-10", "5.170 (V200R021C00SPC100)", None)),
    # SmartAX access frames by their banner under any product arc: HUAWEI-DEVICE-MIB's version (2011.6.3.1.999) and
    # the frame model the board descriptions name, a frame size included.
    "huawei-smartax-new-arc": (
        "Huawei Integrated Access Software", "1.3.6.1.4.1.2011.2.399",
        [f"{ENT}.2.1|4|Manufactured Board,MA5800-X17,H901MPSA,2*1", f"{ENT}.4.1|2|0", f"{ENT}.5.1|2|3",
         "1.3.6.1.4.1.2011.6.3.1.999.0|4|MA5800V100R019C10"],
        ("huawei", "switch", "MA5800-X17", "MA5800V100R019C10", None)),
    # Kind by the product line's arc in HUAWEI-MIB where the VRP 8 banner is its first line alone: atn (2011.2.220)
    # routers, ptn (2011.2.182) transport, wlanAp (2011.2.39) access points; a CloudEngine (dcswitch 2011.2.239)
    # whose sysDescr is blank is a switch.
    "huawei-atn-arc": ("Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.220.99", [],
                       ("huawei", "router", None, None, None)),
    "huawei-ptn-arc": ("Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.182.99", [],
                       ("huawei", "transport", None, None, None)),
    "huawei-wlanap-arc": ("", "1.3.6.1.4.1.2011.2.39.99", [],
                          ("huawei", "access_point", "AirEngine5760-51", None, None)),
    "huawei-dcswitch-arc": ("", "1.3.6.1.4.1.2011.2.239.99", [],
                            ("huawei", "switch", "CE6870-48S6CQ-EI-A", None, None)),
    # ... but a firewall the sysDescr names keeps its kind whatever arc it registered under.
    "huawei-usg-under-switch-arc": (
        "Huawei Versatile Security Platform Software\r\nSoftware Version: USG6585E V600R007C20SPC500",
        "1.3.6.1.4.1.2011.2.239.98", [], ("huawei", "firewall", "USG6585E", "V600R007C20SPC500", None)),
    # ... and a product of three words there (the NetEngine 8000 M8), its banner on one line.
    "huawei-netengine-8000-m8": (
        "Huawei Versatile Routing Platform Software VRP (R) software, Version 8.200 (NetEngine 8000 M8 "
        "V800R012C10SPC300) Copyright (C) 2012-2020 Huawei Technologies Co., Ltd.", "1.3.6.1.4.1.2011.2.360.1.9", [],
        ("huawei", "router", "NetEngine 8000 M8", "8.200 (V800R012C10SPC300)", None)),
    # Kind by the product lines' arcs of HUAWEI-MIB V7.21 (2023): NetEngine8000 (hwProducts 360) and wlan (240) under
    # a VRP 8 banner's first line alone; usg.fw (321.1), eudemon100E (116), ne0508e (297), s16700 (409) and etn (298)
    # under a blank sysDescr. The model is the product V7.21 registers at that number (scripts/gen_products.py).
    "huawei-netengine8000-arc": ("Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.360.1.3", [],
                                 ("huawei", "router", "NetEngine8000-X8", None, None)),
    "huawei-wlan-arc": ("Huawei Versatile Routing Platform Software", "1.3.6.1.4.1.2011.2.240.24", [],
                        ("huawei", "wireless_controller", "AirEngine9700-M1", None, None)),
    "huawei-usg-fw-arc": ("", "1.3.6.1.4.1.2011.2.321.1.154", [], ("huawei", "firewall", "USG6650E", None, None)),
    "huawei-eudemon-arc": ("", "1.3.6.1.4.1.2011.2.116", [], ("huawei", "firewall", "Eudemon100E", None, None)),
    "huawei-ne0508e-arc": ("", "1.3.6.1.4.1.2011.2.297.2", [], ("huawei", "router", "NE05E-S2", None, None)),
    "huawei-s16700-arc": ("", "1.3.6.1.4.1.2011.2.409.1", [], ("huawei", "switch", "S16704", None, None)),
    "huawei-etn-arc": ("", "1.3.6.1.4.1.2011.2.298.1", [], ("huawei", "transport", "ETN500-A", None, None)),
    # A switch or transport box that only HUAWEI-DEVICE-EXT-MIB hwProductName names, under an arc of no line.
    "huawei-switch-by-product-name": ("", "1.3.6.1.4.1.2011.2.499.8", [f"{HW_DEV}.4.0|4|S5735-L24T4S-A1"],
                                      ("huawei", "switch", "S5735-L24T4S-A1", None, None)),
    "huawei-ce-by-product-name": ("", "1.3.6.1.4.1.2011.2.499.9", [f"{HW_DEV}.4.0|4|CE6881-48S6CQ"],
                                  ("huawei", "switch", "CE6881-48S6CQ", None, None)),
    # ... and an access frame by its own arc (ma5833, hwProducts 356) whatever its sysDescr: HUAWEI-DEVICE-MIB's
    # version, which only the SmartAX row reads.
    "huawei-smartax-arc": ("MA5833", "1.3.6.1.4.1.2011.2.356",
                           ["1.3.6.1.4.1.2011.6.3.1.999.0|4|MA5800V100R020C10"],
                           ("huawei", "switch", "MA5833", "MA5800V100R020C10", None)),
    # The Quidway brand before an older line's model on the banner's first line.
    "huawei-quidway-first-line": (
        "Quidway S3700-28TP-EI-AC\r\nHuawei Versatile Routing Platform Software\r\nVRP (R) software, Version 5.70 "
        "(S3700 V100R006C05)\r\nCopyright (C) 2003-2012 HUAWEI TECH CO., LTD", "1.3.6.1.4.1.2011.2.23.125", [],
        ("huawei", "switch", "S3700-28TP-EI-AC", "5.70 (V100R006C05)", None)),
    # Sugon (Dawning) under IANA PEN 27500 'Dawning Ltd.', the registry's earlier entry of the same maker.
    "sugon-pen-27500": ("", "1.3.6.1.4.1.27500.1.1", [], ("sugon", None, None, None, None)),
    # ... and Inspur's subsidiaries' numbers (IANA PEN 58059 Jinan Inspur Data Technology, 60775 Inspur Computer
    # Technology, 52893 Inspur Power Systems).
    "inspur-pen-58059": ("", "1.3.6.1.4.1.58059.1", [], ("inspur", None, None, None, None)),
    "inspur-pen-60775": ("", "1.3.6.1.4.1.60775.1", [], ("inspur", None, None, None, None)),
    # ZTE's ROS banner states the platform's version first and the product's after 'Software, Version'; a T64G is a
    # routing switch (ZXR10-MIB ProductID zxr10SwitchT64G), a T600 a router (zxr10RouterT600).
    "zte-ros-banner": (
        "ZXR10 ROS Version V4.08.23 ZXR10 T64G Software, Version V2.6.03.b.22, RELEASE SOFTWARE",
        "1.3.6.1.4.1.3902.3.100.99", [], ("zte", "switch", "T64G", "V2.6.03.b.22", None)),
    "zte-ros-banner-router": (
        "ZXR10 ROS Version V4.08.23 ZXR10 T600 Software, Version V2.6.03.b.22, RELEASE SOFTWARE",
        "1.3.6.1.4.1.3902.3.100.98", [], ("zte", "router", "T600", "V2.6.03.b.22", None)),
    # Maipu MyPower routers: the image line 'show version' opens with.
    "maipu-mypower-router": (
        "MyPower (R) Operating System Software\r\nMP2900 system image file (flash0: /flash/rp8-i-6.2.10.bin), version "
        "6.2.10(integrity), Compiled on Jan  2 2020, 10:00:00\r\nCopyright (C) 1999 Maipu Communication Technology "
        "Co., Ltd. All Rights Reserved.", "1.3.6.1.4.1.5651.1.102.300", [],
        ("maipu", "router", "MP2900", "6.2.10", None)),
    # DCN's banner as 'show version' prints it, indented; its serial line is read by the generic row.
    "dcn-indented-banner": (
        "  DCRS-5650-28(R4) Device, Compiled on Aug 11 09:36:12 2019\n  SoftWare Version 7.0.3.5(R0241.0062)\n"
        "  BootRom Version 7.1.17\n  HardWare Version R02\n  Serial No.:3215000001\n", "1.3.6.1.4.1.6339.1.1.1.99",
        [], ("dcn", "switch", "DCRS-5650-28", "7.0.3.5(R0241.0062)", "3215000001")),
    # FiberHome datacom under its own number 5875: the S-series model its banner names.
    "fiberhome-5875-switch": (
        "FiberHome S5800-52T-X Ethernet Switch", "1.3.6.1.4.1.5875.1.99", [],
        ("fiberhome", "switch", "S5800-52T-X", None, None)),
    # Huawei ME60 broadband gateway on VRP 8.
    "huawei-me60": (
        "Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.180 (ME60 V800R011C10SPC100)",
        "1.3.6.1.4.1.2011.2.62.2.50", [], ("huawei", "router", "ME60", "8.180 (V800R011C10SPC100)", None)),
    # Cisco IOS image families: ISR G2 and 7200 routers, Catalyst switches; IOS-XE routers named by platform.
    "cisco-isr-g2": (IOS.format("C2900", "C2900-UNIVERSALK9-M"), "1.3.6.1.4.1.9.1.1", [],
                     ("cisco", "router", "C2900", "15.7(3)M5", None)),
    "cisco-7200": (IOS.format("7200", "C7200-ADVENTERPRISEK9-M"), "1.3.6.1.4.1.9.1.222", [],
                   ("cisco", "router", "7206VXR", "15.7(3)M5", None)),
    "cisco-catalyst-3750e": (IOS.format("C3750E", "C3750E-UNIVERSALK9-M"), "1.3.6.1.4.1.9.1.1", [],
                             ("cisco", "switch", "C3750E", "15.7(3)M5", None)),
    "cisco-c8000": (IOSXE.format("c8000be"), "1.3.6.1.4.1.9.1.99998", [], ("cisco", "router", None, "17.6.3a", None)),
    "cisco-isr4000": (IOSXE.format("ISR"), "1.3.6.1.4.1.9.1.2068", [], ("cisco", "router", "ISR4331", "17.6.3a", None)),
    # DELL-SNMP-UPS-MIB: productIDDisplayName (2.100.1), productIDVersion (2.100.4), physicalIdentSerialNumber
    # (2.120.1.2).
    "dell-ups": (
        "Dell UPS Network Management Card", "1.3.6.1.4.1.674.10902.2",
        ["1.3.6.1.4.1.674.10902.2.100.1.0|4|Dell UPS Rack 1920W LV", "1.3.6.1.4.1.674.10902.2.100.4.0|4|01.02",
         "1.3.6.1.4.1.674.10902.2.120.1.2.0|4|CN0ABC123456"],
        ("dell", "ups", "Dell UPS Rack 1920W LV", "01.02", "CN0ABC123456")),
    # Fortinet products by their arc under PEN 12356; the security appliances stay firewalls, as LibreNMS files them.
    "fortiswitch": ("FortiSwitch-248E-FPOE", "1.3.6.1.4.1.12356.106.1.1082", [],
                    ("fortinet", "switch", "FortiSwitch-248E-FPOE", None, None)),
    # PowerNet-MIB atsIdent (318.1.1.8.1): an APC transfer switch's model .5 and serial .6; version from sysDescr; the
    # registration's automaticXferSwitch arc (318.1.3.11) makes it a transfer switch.
    "apc-ats": (
        "APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.4.6 PN:apc_hw05_aos_646.bin AF1:v6.4.7 "
        "AN1:apc_hw05_ats4g_647.bin MN:AP4421 HR:R01 SN: ZA0000000001 MD:01/01/2020)", "1.3.6.1.4.1.318.1.3.11",
        ["1.3.6.1.4.1.318.1.1.8.1.5.0|4|AP4424", "1.3.6.1.4.1.318.1.1.8.1.6.0|4|5A1234T00001"],
        ("apc", "ats", "AP4424", "AOS v6.4.6 / App v6.4.7", "5A1234T00001")),
    # ... rPDU2IdentTable (318.1.1.26.2.1.1): the first PDU of a chain, model .8, serial .9.
    "apc-rpdu2": (
        "APC Web/SNMP Management Card (PF:v6.9.6 AF1:v6.9.6)", "1.3.6.1.4.1.318.1.3.4.6",
        ["1.3.6.1.4.1.318.1.1.26.2.1.1.8.1|4|AP8959EU3", "1.3.6.1.4.1.318.1.1.26.2.1.1.9.1|4|3A1234E00001",
         "1.3.6.1.4.1.318.1.1.26.2.1.1.8.2|4|AP8858", "1.3.6.1.4.1.318.1.1.26.2.1.1.9.2|4|3A1234E00002"],
        ("apc", "pdu", "AP8959EU3", "AOS v6.9.6 / App v6.9.6", "3A1234E00001")),
    # EATON-ATS2-MIB ats2Ident (534.10.2.1): ats2IdentModel .2, ats2IdentFWVersion .3, ats2IdentSerialNumber .5.
    "eaton-ats": (
        "Eaton ATS", "1.3.6.1.4.1.534.10.2",
        ["1.3.6.1.4.1.534.10.2.1.1.0|4|EATON", "1.3.6.1.4.1.534.10.2.1.2.0|4|EATS16N",
         "1.3.6.1.4.1.534.10.2.1.3.0|4|01.12.23", "1.3.6.1.4.1.534.10.2.1.5.0|4|GA12H34567"],
        ("eaton", "ats", "EATS16N", "01.12.23", "GA12H34567")),
    # An older Catalyst without ENTITY-MIB: CISCO-STACK-MIB chassisModel (9.5.1.2.16), chassisSerialNumberString (.19).
    "cisco-catalyst-stack-mib": (
        "Cisco Internetwork Operating System Software \r\nIOS (tm) C2950 Software (C2950-I6Q4L2-M), Version "
        "12.1(22)EA14, RELEASE SOFTWARE (fc1)", "1.3.6.1.4.1.9.1.559",
        ["1.3.6.1.4.1.9.5.1.2.16.0|4|WS-C2950G-24-EI", "1.3.6.1.4.1.9.5.1.2.19.0|4|FOC0000X0AB"],
        ("cisco", "switch", "WS-C2950G-24-EI", "12.1(22)EA14", "FOC0000X0AB")),
    # ... kept beside a different hardware revision (OLD-CISCO-CHASSIS-MIB chassisVersion 9.3.6.2) ...
    "cisco-catalyst-stack-mib-and-revision": (
        "Cisco Internetwork Operating System Software \r\nIOS (tm) C2950 Software (C2950-I6Q4L2-M), Version "
        "12.1(22)EA14, RELEASE SOFTWARE (fc1)", "1.3.6.1.4.1.9.1.559",
        ["1.3.6.1.4.1.9.5.1.2.16.0|4|WS-C2950G-24-EI", "1.3.6.1.4.1.9.3.6.2.0|4|B0"],
        ("cisco", "switch", "WS-C2950G-24-EI", "12.1(22)EA14", None)),
    # ... but a chassisModel that is the chassisVersion (a 3550's IOS answers its hardware revision there, 'C0') is no
    # model: the registration MIB's product for the sysObjectID (CISCO-PRODUCTS-MIB catalyst355024) is.
    "cisco-catalyst-stack-mib-revision-as-model": (
        "Cisco Internetwork Operating System Software \r\nIOS (tm) C3550 Software (C3550-I5Q3L2-M), Version "
        "12.1(11)EA1, RELEASE SOFTWARE (fc1)", "1.3.6.1.4.1.9.1.366",
        ["1.3.6.1.4.1.9.5.1.2.16.0|4|C0", "1.3.6.1.4.1.9.3.6.2.0|4|C0", "1.3.6.1.4.1.9.5.1.2.19.0|4|CAT0000X1AB"],
        ("cisco", "switch", "catalyst355024", "12.1(11)EA1", "CAT0000X1AB")),
    # ... a router with OLD-CISCO-CHASSIS-MIB chassisId alone (9.3.6.3): the serial it defaults to (a product number
    # no registration MIB names, so no model) ...
    "cisco-router-chassis-id": (
        "Cisco IOS Software, 1841 Software (C1841-ADVIPSERVICESK9-M), Version 12.4(15)T7, RELEASE SOFTWARE (fc3)",
        "1.3.6.1.4.1.9.1.99999", ["1.3.6.1.4.1.9.3.6.3.0|4|FTX1234A5BC"],
        ("cisco", "router", None, "12.4(15)T7", "FTX1234A5BC")),
    # ... but not a text 'snmp-server chassis-id' set there.
    "cisco-router-chassis-id-text": (
        "Cisco IOS Software, 1841 Software (C1841-ADVIPSERVICESK9-M), Version 12.4(15)T7, RELEASE SOFTWARE (fc3)",
        "1.3.6.1.4.1.9.1.99999", ["1.3.6.1.4.1.9.3.6.3.0|4|branch router 2"],
        ("cisco", "router", None, "12.4(15)T7", None)),
    "cisco-router-chassis-id-word": (
        "Cisco IOS Software, 1841 Software (C1841-ADVIPSERVICESK9-M), Version 12.4(15)T7, RELEASE SOFTWARE (fc3)",
        "1.3.6.1.4.1.9.1.99999", ["1.3.6.1.4.1.9.3.6.3.0|4|BRANCH01"],
        ("cisco", "router", None, "12.4(15)T7", None)),
    # ... and ENTITY-MIB's chassis serial first where both answer.
    "cisco-entity-before-stack-mib": (
        "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)",
        "1.3.6.1.4.1.9.1.1025",
        [*chassis(1001, model="WS-C3750X-48P", serial="FDO1111A1AA"), "1.3.6.1.4.1.9.5.1.2.19.0|4|FDO2222B2BB"],
        ("cisco", "switch", "WS-C3750X-48P", "15.0(2)SE11", "FDO1111A1AA")),
    # A FortiGate whose sysObjectID no registration MIB names: the sysDescr's model shape ...
    "fortigate": ("FGT60F", "1.3.6.1.4.1.12356.101.1.99999", [], ("fortinet", "firewall", "FGT60F", None, None)),
    # ... where FORTINET-FORTIGATE-MIB names it (fgt600D, fgModel 6004), the registered product.
    "fortigate-registered": ("FGT60F", "1.3.6.1.4.1.12356.101.1.6004", [],
                             ("fortinet", "firewall", "FGT_600D", None, None)),
    "fortiadc": ("FortiADC-200F", "1.3.6.1.4.1.12356.112.1.1", [],
                 ("fortinet", "load_balancer", "FortiADC-200F", None, None)),
    "fortianalyzer": ("FortiAnalyzer-300G", "1.3.6.1.4.1.12356.102.1.3005", [],
                      ("fortinet", "firewall", "FortiAnalyzer-300G", None, None)),
}


# H3C and the HPE-branded Comware H3C builds: the brand the device names decides, never the arc alone. HH3C-OID-MIB
# puts H3C's products under hh3cProductId (25506.1) and HP's under hpNetworking (25506.11); Comware keeps its
# manufacture information's VENDOR_NAME in the chassis's entPhysicalMfgName; HUAWEI-3COM-OID-MIB roots the older H3C
# MIBs at 2011.10 (h3cCommon 2011.10.2).


def brand(index: int, maker: str) -> list[str]:
    """ENTITY-MIB entPhysicalMfgName of one entity."""
    return [f"{ENT}.12.{index}|4|{maker}"]


BRANDS: dict[str, tuple[str, str, list[str], tuple[str | None, str | None, str]]] = {
    # The chassis's maker decides where the banner names no brand: an HPE box under H3C's product arc is foreign ...
    "chassis-hpe-under-h3c-arc": (
        "Comware Platform Software, Software Version 7.1.045, Release 2432P06", "1.3.6.1.4.1.25506.1.1287",
        [*chassis(1, model="JG932A", serial="CN12AB3456"), *brand(1, "HPE")], ("hpe", "JG932A", "foreign")),
    # ... 'HP' as HP-branded Comware 5 writes it ...
    "chassis-hp-blank-banner": ("", "1.3.6.1.4.1.25506.1.516",
                                [*chassis(1, model="JD377A", serial="CN12AB3457"), *brand(1, "HP")],
                                ("hpe", "JD377A", "foreign")),
    # ... and an H3C box under HP's arc is domestic.
    "chassis-h3c-under-hp-arc": ("", "1.3.6.1.4.1.25506.11.1.138",
                                 [*chassis(1, model="S5130-28S-EI", serial="210235A1BSH000000003"), *brand(1, "H3C")],
                                 ("h3c", "S5130-28S-EI", "domestic")),
    # The chassis's maker outranks the banner's brand (a box flashed with the other brand's image keeps its maker).
    "chassis-hpe-under-h3c-banner": (COMWARE7.format("S5130-28S-EI"), "1.3.6.1.4.1.25506.1.1287",
                                     [*chassis(1, model="JG932A", serial="CN12AB3458"), *brand(1, "HPE")],
                                     ("hpe", "S5130-28S-EI", "foreign")),
    # A chassis maker the catalogue does not know leaves the decision to the banner.
    "chassis-unknown-maker": (COMWARE7.format("S5130-28S-EI"), "1.3.6.1.4.1.25506.11.1.138",
                              [*chassis(1, model="S5130-28S-EI", serial="210235A1BSH000000004"), *brand(1, "OEM")],
                              ("h3c", "S5130-28S-EI", "domestic")),
    # An H3C banner under HP's arc is H3C's; an HPE banner under H3C's arc HPE's; a banner with no brand under HP's arc
    # HPE's.
    "h3c-banner-under-hp-arc": (COMWARE7.format("S5130-28S-EI"), "1.3.6.1.4.1.25506.11.1.138", [],
                                ("h3c", "S5130-28S-EI", "domestic")),
    "quoted-h3c-banner-under-hp-arc": ('"' + COMWARE7.format("S5130-28S-EI"), "1.3.6.1.4.1.25506.11.1.138", [],
                                       ("h3c", "S5130-28S-EI", "domestic")),
    "hpe-banner-under-h3c-arc": (HPE7.format("5130-24G-4SFP+ EI Switch JG932A"), "1.3.6.1.4.1.25506.1.1287", [],
                                 ("hpe", "5130-24G-4SFP+ EI Switch JG932A", "foreign")),
    "no-brand-under-hp-arc": ("Comware Platform Software, Software Version 5.20.99, Release 2222P08",
                              "1.3.6.1.4.1.25506.11.1.24", [], ("hpe", None, "foreign")),
    # Huawei-3Com's arc: an H3C banner is H3C's, with the serial of that arc's H3C-ENTITY-EXT-MIB manufacture table;
    # a Quidway product naming Huawei's platform stays Huawei's (both domestic).
    "h3c-under-huawei-3com-arc": (
        "H3C Comware Platform Software, Software Version 5.20, Release 2202\r\nH3C S3600V2-28TP-EI\r\n"
        "Copyright (c) 2004-2010 Hangzhou H3C Tech. Co., Ltd.", "1.3.6.1.4.1.2011.10.1.100",
        ["1.3.6.1.4.1.2011.10.2.6.1.2.1.1.2.2|4|210235A0000000000009"], ("h3c", "S3600V2-28TP-EI", "domestic")),
    # HPN-ICF-OID-MIB's tree under HP's own number (11.2.14.11.15): HPE's Comware images, read as HPE Comware.
    "hpe-under-hpn-icf-arc": (HPE7.format("5130-24G-4SFP+ EI Switch JG932A"), "1.3.6.1.4.1.11.2.14.11.15.1.100",
                              ["1.3.6.1.4.1.11.2.14.11.15.2.6.1.2.1.1.2.1|4|CN12AB3459"],
                              ("hpe", "5130-24G-4SFP+ EI Switch JG932A", "foreign")),
    # ... an HP banner there is HPE's, not H3C's nor (by the arc's number) Huawei's.
    "hp-banner-under-huawei-3com-arc": (
        "HP Comware Platform Software, Software Version 5.20, Release 1211\r\nHP A5120-24G EI Switch\r\n",
        "1.3.6.1.4.1.2011.10.1.101", [], ("hpe", "A5120-24G EI Switch", "foreign")),
    # ... and a 3Com banner under H3C's arcs is 3Com's (a US brand).
    "3com-banner-under-h3c-arc": ("3Com Switch 4800G 24-Port Software Version 3Com OS V5.20 Release 2202P15",
                                  "1.3.6.1.4.1.25506.1.2999", [], ("3com", None, "foreign")),
    "quidway-under-huawei-3com-arc": (
        "Huawei Versatile Routing Platform Software, Software Version 3.10, Release 0011\r\nQuidway S3928P-SI",
        # h3cProductId 10: HUAWEI-PRODUCT-ID-MIB registers the S3928P-SI there, as the banner names it.
        "1.3.6.1.4.1.2011.10.1.10", [], ("huawei", "S3928P-SI", "domestic")),
}


@pytest.mark.parametrize("case", sorted(BRANDS))
def test_comware_brand(case: str) -> None:
    descr, oid, rows, (vendor, model, verdict) = BRANDS[case]
    obs = run(system(descr, oid) + rows)
    assert obs.classification is not None
    got = (obs.device["vendor_id"], obs.device["model"], obs.classification.verdict)
    assert got == (vendor, model, verdict), (obs.device["evidence"], obs.classification.evidence)


@pytest.mark.parametrize(("case", "serial", "os"), [
    ("h3c-under-huawei-3com-arc", "210235A0000000000009", "Comware"),
    ("hpe-under-hpn-icf-arc", "CN12AB3459", "Comware"),
])
def test_older_and_hpe_arcs_read_their_manufacture_serial(case: str, serial: str, os: str) -> None:
    descr, oid, rows, _ = BRANDS[case]
    obs = run(system(descr, oid) + rows)
    assert (obs.device["serial"], obs.device["os"]) == (serial, os)


@pytest.mark.parametrize("case", sorted(CASES))
def test_product_line(case: str) -> None:
    descr, oid, rows, want = CASES[case]
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


# ZXR10-MIB zxr10SystemID (3902.3.1.1, ProductID) where the banner names no model: 27 zxr10RouterT600, 5000
# zxr10UAS10600 and 104 zxr10RouterR10-1812-AC are routers; 18 zxr10Switch5228 and 7 zxr10SwitchT160G stay switches.
ZTE_SYSTEM_IDS = {"27": "router", "5000": "router", "104": "router", "18": "switch", "7": "switch"}


@pytest.mark.parametrize("code", sorted(ZTE_SYSTEM_IDS))
def test_zte_kind_by_zxr10_system_id(code: str) -> None:
    obs = run([*system("ZXR10 ROS Version V4.08.23, RELEASE SOFTWARE", "1.3.6.1.4.1.3902.3.100.97"),
               f"1.3.6.1.4.1.3902.3.1.1.0|2|{code}"])
    assert (obs.device["vendor_id"], obs.device["kind"]) == ("zte", ZTE_SYSTEM_IDS[code]), obs.device["evidence"]


# Hardware revisions the domestic makers state: DCN's and Maipu's banner line 'HardWare Version', RUIJIE-SYSTEM-MIB
# ruijieSystemHwVersion (4881.1.1.10.2.1.1.1), FIBERHOME-DATACOMM-MIB msppDevHwVersion (3807.1.8012.2.1.3),
# GEPON-OLT-COMMON-MIB sysHardVersion (5875.800.3.9.4.4).
HARDWARE_REVISIONS: dict[str, tuple[str, str, list[str], str]] = {
    "dcn": ("  DCS-4500-26T Device, Compiled on Jan 10 2019\n  SoftWare Version 7.0.3.5\n  HardWare Version R03\n",
            "1.3.6.1.4.1.6339.1.1.1.98", [], "R03"),
    "maipu": ("  S3330-28TXF Device, Compiled Mar 1 2020\n  SoftWare Version S3330-28TXF_6.6.4.11\n"
              "  HardWare Version 2.1\n", "1.3.6.1.4.1.5651.1.102.201", [], "2.1"),
    "ruijie": ("Ruijie 10G Routing Switch(S5750-28GT4XS-H) By Ruijie Networks", "1.3.6.1.4.1.4881.1.1.10.1.997",
               [f"{RUIJIE_SYS}.1.0|4|1.20"], "1.20"),
    "fiberhome": ("S4820-28T-X", "1.3.6.1.4.1.3807.1.482099", ["1.3.6.1.4.1.3807.1.8012.2.1.3.0|4|V2.0"], "V2.0"),
    # GEPON-OLT-COMMON-MIB sysHardVersion (5875.800.3.9.4.4) of a FiberHome access OLT.
    "fiberhome-olt": ("AN5516-06", "1.3.6.1.4.1.5875.800.1001.99",
                      ["1.3.6.1.4.1.5875.800.3.9.4.3.0|4|RP0800", "1.3.6.1.4.1.5875.800.3.9.4.4.0|4|WKE2.200.331R1B"],
                      "WKE2.200.331R1B"),
}


@pytest.mark.parametrize("case", sorted(HARDWARE_REVISIONS))
def test_domestic_hardware_revision(case: str) -> None:
    descr, oid, rows, want = HARDWARE_REVISIONS[case]
    obs = run(system(descr, oid) + rows)
    assert obs.device["hardware_rev"] == want, obs.device["evidence"]
