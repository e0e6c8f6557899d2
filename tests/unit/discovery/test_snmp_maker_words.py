"""The words a maker's products state, on generic agents' numbers: made-up walks of the shapes real agents send.

A device that answers net-snmp's (8072), UCD's (2021) or a switch SDK's (4413) sysObjectID is named by what it
says: a product line unique to its maker in sysDescr, the maker in ENTITY-MIB, the organisation its interface
addresses were assigned to. Each case is a word or name of a maker of issue 13's list
(``catalog/data/vendors.yaml`` aliases, with their sources); the last cases are words other makers' products say
too, or ordinary words of the same letters, which name nobody.
"""

from __future__ import annotations

import pytest

from govops.catalog.vendors import classify_device, default_vendors
from tests.snmp_cases import ENT, classified, ports, run, system

NET_SNMP = "1.3.6.1.4.1.8072.3.2.10"
UCD = "1.3.6.1.4.1.2021.250.10"
SDK = "1.3.6.1.4.1.4413"
UPS_MIB = "1.3.6.1.2.1.33"

# (sysDescr, sysObjectID, vendor id, verdict): a product line in sysDescr names its maker.
PRODUCT_LINES = [
    ("CloudEngine S6730-H48X6C V200R022C00SPC500", SDK, "huawei", "domestic"),
    ("Quidway S5700-28C-EI Routing Switch", NET_SNMP, "huawei", "domestic"),
    ("SmartAX MA5608T Integrated Access Software", NET_SNMP, "huawei", "domestic"),
    ("NetEngine 8000 M8 V800R013C00", UCD, "huawei", "domestic"),
    ("AirEngine 5761-11 Access Point", NET_SNMP, "huawei", "domestic"),
    ("eSpace U1960 Unified Gateway", NET_SNMP, "huawei", "domestic"),
    ("SecPath F1000-AK135 Firewall", UCD, "h3c", "domestic"),
    ("UniServer R4900 G5 HDM 2.80", NET_SNMP, "h3c", "domestic"),
    ("ZXCTN 6120H-S Packet Transport", NET_SNMP, "zte", "domestic"),
    ("ZXDSL 9806H IP DSLAM", NET_SNMP, "zte", "domestic"),
    ("Reyee RG-ES226GC-P Cloud Managed Switch", SDK, "ruijie", "domestic"),
    ("MyPower S3100-28TC version 6.2.11", SDK, "maipu", "domestic"),
    ("Tenda AC23 Wireless Router", NET_SNMP, "tenda", "domestic"),
    ("Omada EAP245 Access Point", NET_SNMP, "tplink", "domestic"),
    ("Kehua UPS network adapter", UPS_MIB, "kehua", "domestic"),  # written in mixed case: matched in any case
    ("Kstar UPS SNMP card", UPS_MIB, "kstar", "domestic"),
    ("AsyncOS 15.0.0 build 104", NET_SNMP, "cisco", "foreign"),
    ("NX-OS(tm) n9000, Software (n9000-dk9), Version 9.3(10)", NET_SNMP, "cisco", "foreign"),
    ("ScreenOS 6.3.0r22 SSG-140", NET_SNMP, "juniper", "foreign"),
    ("PowerEdge R740 Baseboard Management", UCD, "dell", "foreign"),
    ("iLO 5 2.72 Sep 04 2022", NET_SNMP, "hpe", "foreign"),
    ("ThinkServer RD650 Management Module", NET_SNMP, "lenovo", "domestic"),
    ("F5OS-A 1.5.1 r5900", NET_SNMP, "f5", "foreign"),
    ("FortiAnalyzer-200F v7.2.4,build1396", NET_SNMP, "fortinet", "foreign"),
    ("PAN-OS 10.2.4 PA-3220", NET_SNMP, "paloalto", "foreign"),
    ("Smart-UPS 3000 RM XL network card", UPS_MIB, "apc", "foreign"),
    ("MASTERYS GP4 60kVA", UPS_MIB, "socomec", "foreign"),
    ("IntelliSlot Unity card 8.4.1", NET_SNMP, "vertiv", "foreign"),
    ("NetSure 531 A41 controller", NET_SNMP, "vertiv", "foreign"),
    ("PowerPanel Business 4.8 agent", NET_SNMP, "cyberpower", "foreign"),
    ("SuperServer 1029P-WTR BMC", NET_SNMP, "supermicro", "foreign"),
    ("BroadWorks Application Server rel_2023.05", NET_SNMP, "broadsoft", "foreign"),
]

# Words more than one maker's products say, and ordinary words of a brand's letters: no maker, no verdict.
SHARED_WORDS = [
    ("iBMC 3.02 management controller", NET_SNMP),  # Huawei's and xFusion's servers' BMC both say iBMC
    ("Linux ilo 5.10.0 #1 SMP x86_64", NET_SNMP),  # a host named 'ilo' (uname's host is left out anyway)
    ("Backup ilo-gw appliance", NET_SNMP),  # 'ilo' is not iLO: a name opening with a small letter is one as written
    ("Espace disque 80 %", NET_SNMP),  # French 'space', not Huawei's eSpace
    ("ESPACE storage gateway", NET_SNMP),
]


@pytest.mark.parametrize(("descr", "oid", "vendor", "verdict"), PRODUCT_LINES,
                         ids=[c[0].split()[0] for c in PRODUCT_LINES])
def test_a_product_line_names_its_maker_on_a_generic_agent(descr: str, oid: str, vendor: str, verdict: str) -> None:
    obs = run(system(descr, oid))
    assert (obs.device["vendor_id"], classified(obs).verdict) == (vendor, verdict), classified(obs).evidence
    assert classified(obs).evidence[0].source  # the alias's row and its source


@pytest.mark.parametrize(("descr", "oid"), SHARED_WORDS, ids=[c[0].split()[0] for c in SHARED_WORDS])
def test_a_word_other_makers_say_too_names_nobody(descr: str, oid: str) -> None:
    obs = run(system(descr, oid))
    assert (obs.device["vendor_id"], classified(obs).verdict) == (None, "unknown"), classified(obs).evidence


@pytest.mark.parametrize(("oui", "vendor"), [
    ("000fe2", "h3c"),  # IEEE: Hangzhou H3C Technologies Co., Limited (H3C's name before New H3C)
    ("001aa9", "ruijie"),  # IEEE: Fujian Star-Net Communication Co.,Ltd (Ruijie's parent)
])
def test_a_white_box_is_named_by_its_addresses_organisation(oui: str, vendor: str) -> None:
    # A switch SDK's number and a model-only sysDescr: the organisation of its interface addresses names the maker.
    obs = run(system("GS-2928 1.0.3", SDK) + ports(f"{oui}000001", f"{oui}000002"))
    assert (obs.device["vendor_id"], classified(obs).verdict) == (vendor, "domestic"), classified(obs).evidence


@pytest.mark.parametrize(("name", "vendor"), [
    ("Zhongxing Telecom Ltd.", "zte"), ("Shenzhen Sundray Technologies Company Limited", "sundray"),
    ("Shenzhen INVT Electric CO.,Ltd", "invt"), ("Zhejiang Dahua Technologyco.,Ltd", "dahua"),
    ("Wuhan FiberHome Digital Technology Co.,Ltd.", "fiberhome"),
])
def test_an_address_organisation_opening_with_a_city_names_its_maker(name: str, vendor: str) -> None:
    # IEEE OUI organisations of these makers open with their city or registered name, not the brand.
    verdict = classify_device(default_vendors(), sys_object_id=NET_SNMP, texts={"mac_maker": name})
    assert (verdict.subject, verdict.verdict) == (vendor, "domestic")


def test_a_santak_ups_is_eatons_behind_a_card_makers_number() -> None:
    # An SNMP card maker's number (Ingrasys, PEN 2468: its number is in no row) in a UPS whose UPS-MIB
    # upsIdentManufacturer (33.1.1.1) says Santak, Eaton's UPS brand in China: Eaton's, foreign.
    obs = run([*system("UPS SNMP Agent", "1.3.6.1.4.1.2468.1.2.1"), "1.3.6.1.2.1.33.1.1.1.0|4|SANTAK"])
    assert (obs.device["vendor_id"], classified(obs).verdict) == ("eaton", "foreign")


def test_an_entity_maker_word_of_a_product_line_names_the_maker() -> None:
    # entPhysicalMfgName is a maker's field: a product line written there names its maker as well.
    rows = [f"{ENT}.2.1|4|Chassis", f"{ENT}.5.1|2|3", f"{ENT}.12.1|4|Quidway"]
    obs = run(system("Linux node 5.10.0 #1 SMP x86_64", NET_SNMP) + rows)
    assert (obs.device["vendor_id"], classified(obs).verdict) == ("huawei", "domestic")


# Every product line and company name added for these makers, and its row: found as a word in sysDescr and as a
# declared vendor, not shadowed by another row's longer name.
ADDED_WORDS = {
    "huawei": ["CloudEngine", "NetEngine", "SmartAX", "Quidway", "AirEngine", "eSpace"],
    "h3c": ["SecPath", "SecBlade", "UniServer", "Hangzhou H3C"],
    "zte": ["ZXDSL", "ZXCTN", "ZXONE", "Zhongxing Telecom"],
    "ruijie": ["Reyee", "Fujian Star-Net"], "fiberhome": ["Wuhan FiberHome"], "maipu": ["MyPower"],
    "cisco": ["AsyncOS", "NX-OS", "IronPort", "Airespace"], "juniper": ["ScreenOS", "NetScreen"],
    "dell": ["iDRAC", "PowerEdge", "PowerConnect", "PowerVault", "EqualLogic", "Compellent", "Force10", "OpenManage"],
    "hpe": ["iLO", "StoreOnce", "Superdome", "BladeSystem"], "lenovo": ["ThinkServer", "ThinkAgile"],
    "f5": ["BIG-IQ", "F5OS"], "paloalto": ["PAN-OS"], "eaton": ["Power Xpert", "Santak"],
    "vertiv": ["IntelliSlot", "NetSure"],
    "fortinet": ["FortiOS", "FortiWeb", "FortiMail", "FortiAnalyzer", "FortiManager", "FortiSwitch", "FortiAP",
                 "FortiADC", "FortiSandbox", "FortiAuthenticator", "FortiWLC"],
    "apc": ["Smart-UPS", "Symmetra", "Back-UPS", "PowerChute"], "socomec": ["NETYS", "MASTERYS", "DELPHYS", "MODULYS"],
    "cyberpower": ["PowerPanel"], "supermicro": ["SuperServer"], "kehua": ["Kehua"], "kstar": ["Kstar"],
    "tplink": ["Omada"], "sundray": ["Shenzhen Sundray"], "invt": ["Shenzhen INVT"], "dahua": ["Zhejiang Dahua"],
    "tenda": ["Tenda"], "legrand": ["Legrand"], "broadsoft": ["BroadSoft", "BroadWorks"],
}


@pytest.mark.parametrize(("vendor", "word"), [(v, w) for v, words in ADDED_WORDS.items() for w in words])
def test_each_added_word_names_its_row(vendor: str, word: str) -> None:
    catalog = default_vendors()
    found = catalog.by_text("sys_descr", f"{word} 2.1 build 7")
    declared = catalog.by_declared(word)
    assert found is not None and found.vendor.id == vendor and found.evidence.value == word
    assert declared is not None and declared.vendor.id == vendor
