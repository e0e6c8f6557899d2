"""Vendor rows keyed to enterprise numbers and sysObjectID families: one line per rule, with the row it names."""

from __future__ import annotations

import re

import pytest

from govops.catalog.enterprises import enterprise_names
from govops.catalog.vendors import classify_device, default_vendors, registry_vendor

# (sysObjectID, sysDescr, vendor id the rule names, domestic verdict)
ROWS = [
    # NE843-MIB / POWER-SYSTEM-MIB: GE's (Lineage Power's) DC power controllers under enterprises 10520.
    ("1.3.6.1.4.1.10520.2.1.3", "Pulsar Plus controller", "ge-critical-power", "foreign"),
    # PEGASUS-MIB: Schmid Telecom's SDSL racks under enterprises 6368.
    ("1.3.6.1.4.1.6368.2", "", "schmid-telecom", "foreign"),
    # EXALINK-FUSION-MIB: Exablaze's own number, not Cisco's (Cisco bought Exablaze in 2020).
    ("1.3.6.1.4.1.43296.1", "ExaLINK Fusion", "exablaze", "foreign"),
    ("1.3.6.1.4.1.9.1.1", "Cisco IOS Software", "cisco", "foreign"),
    # A software router on net-snmp: the sysDescr names it; its country is not known.
    ("1.3.6.1.4.1.8072.3.2.10", "bison 1.4 DPDK router", "bison-router", "unknown"),
    # Numbers the registry gives makers a Chinese city buys from, beside the ones they are best known by.
    ("1.3.6.1.4.1.61878.1.1", "", "h3c", "domestic"),  # New H3C Technologies
    ("1.3.6.1.4.1.37496.1", "", "dahua", "domestic"),  # Dahua's registered number
    ("1.3.6.1.4.1.57098.1", "", "sugon", "domestic"),  # Dawning Information Industry
    ("1.3.6.1.4.1.51850.1", "", "inspur", "domestic"),  # Inspur Power Commercial Systems
    ("1.3.6.1.4.1.45577.1", "", "sundray", "domestic"),
    ("1.3.6.1.4.1.60913.1", "", "tiandy", "domestic"),
    ("1.3.6.1.4.1.56614.1", "", "zhongheng", "domestic"),
    ("1.3.6.1.4.1.42.2.1", "", "oracle", "foreign"),  # Sun Microsystems
    ("1.3.6.1.4.1.7564.4.1", "", "array", "foreign"),  # Array Networks (ClickArray's number)
    # Numbers the makers registered under other names, or that came with makers they bought.
    ("1.3.6.1.4.1.15446.1", "", "cyberpower", "foreign"),  # CyberPower Systems, Inc. (its US company)
    ("1.3.6.1.4.1.54999.1", "", "uniview", "domestic"),  # Uniview Europe B.V.
    ("1.3.6.1.4.1.59646.1", "", "tenda", "domestic"),  # Shenzhen Tenda Technology
    ("1.3.6.1.4.1.3941.1", "", "eaton", "foreign"),  # Santak Electronics: Eaton's UPS maker in Shenzhen
    ("1.3.6.1.4.1.2947.1", "", "eaton", "foreign"),  # Best Power (Ferrups)
    ("1.3.6.1.4.1.7239.1", "", "legrand", "foreign"),
    ("1.3.6.1.4.1.14179.1.1.4.3", "", "cisco", "foreign"),  # Airespace WLC
    ("1.3.6.1.4.1.15497.1.2", "", "cisco", "foreign"),  # IronPort web security appliance
    ("1.3.6.1.4.1.6431.1", "", "broadsoft", "foreign"),
    ("1.3.6.1.4.1.45956.1", "", "juniper", "foreign"),  # 128 Technology
    ("1.3.6.1.4.1.16139.1", "", "dell", "foreign"),  # Compellent
    ("1.3.6.1.4.1.41196.1", "", "hpe", "foreign"),  # SimpliVity
    ("1.3.6.1.4.1.10734.1", "", "trendmicro", "foreign"),  # TippingPoint
    ("1.3.6.1.4.1.14685.1", "", "ibm", "foreign"),  # DataPower
    ("1.3.6.1.4.1.43806.1", "", "f5", "foreign"),  # Shape Security
    ("1.3.6.1.4.1.6983.1", "", "checkpoint", "foreign"),  # Sofaware
    ("1.3.6.1.4.1.35409.1", "", "fortinet", "foreign"),  # AccelOps (FortiSIEM)
    ("1.3.6.1.4.1.37538.1", "", "arista", "foreign"),  # Big Switch Networks
    ("1.3.6.1.4.1.952.1", "", "apc", "foreign"),  # Silcon
    ("1.3.6.1.4.1.1364.1", "", "vertiv", "foreign"),  # Chloride
    ("1.3.6.1.4.1.2925.4.1", "", "avocent", "foreign"),  # Cyclades
]

# Makers a Chinese city's e-government rooms run (network, security, servers, storage, power, cameras; 信创
# brands): each has a row with a source and a domestic verdict, named as people write it in a ledger.
CITY_MAKERS = [
    "Inspur", "Sugon", "H3C", "Huawei", "ZTE", "Ruijie", "Maipu", "DCN", "FiberHome", "Hillstone", "Sangfor",
    "Venustech", "Topsec", "NSFOCUS", "Qianxin", "DPtech", "Hikvision", "Dahua", "Uniview", "KSTAR", "Kehua", "INVT",
    "EAST", "Great Wall", "Lenovo", "Tongfang", "xFusion", "Raisecom", "BDCOM", "MacroSAN", "DBAPPSecurity",
    "Westone", "Sundray", "Tiandy", "Kedacom", "Nettrix", "PowerLeader", "XSKY", "Loongson", "Accelink",
]


@pytest.mark.parametrize(("oid", "descr", "vendor", "verdict"), ROWS)
def test_vendor_row_names_the_maker(oid: str, descr: str, vendor: str, verdict: str) -> None:
    v = classify_device(default_vendors(), sys_object_id=oid, texts={"sys_descr": descr})
    assert (v.subject, v.verdict) == (vendor, verdict)
    assert v.evidence and v.evidence[0].source  # every verdict keeps its rule and source


def test_oem_card_number_names_no_maker() -> None:
    # companyMIB (21111) is OEM UPS card firmware sold under many brands; IANA lists the number for
    # Datalogic (a scanner maker): the card's number names nobody, upsIdManufacturer does when it is filled.
    oid = "1.3.6.1.4.1.21111.1"
    assert registry_vendor(oid) is None
    bare = classify_device(default_vendors(), sys_object_id=oid)
    assert bare.verdict == "unknown" and bare.subject is None and "names no maker" in bare.evidence[0].rule
    stated = classify_device(default_vendors(), sys_object_id=oid, texts={"manufacturer": "INVT CO., LTD"})
    assert stated.subject == "invt"


@pytest.mark.parametrize("name", CITY_MAKERS)
def test_city_makers_have_a_sourced_domestic_row(name: str) -> None:
    match = default_vendors().by_declared(name)
    assert match is not None, name
    assert match.vendor.domestic is True and match.vendor.country == "CN" and match.vendor.source.strip()


# The words the IANA registry names each maker by, its earlier names and the makers it bought (registry names are
# whoever registered the number, so every match is either the row's or listed in NOT_THEIRS with the reason).
REGISTRY_WORDS = {
    "huawei": r"\bhuawei\b", "h3c": r"\bh3c\b", "zte": r"\(abbr\. zte\)|zhongxing telecom",
    "ruijie": r"ruijie|star-net|red giant", "fiberhome": r"fiberhome|wuhan research institute of posts",
    "hillstone": r"hillstone", "dcn": r"digital china|^dcn$", "maipu": r"maipu",
    "cisco": r"\bcisco\b|scientific-atlanta|viptela|cerent|andiamo|airespace|ironport|starent|^tandberg asa$|lancope|"
    r"opendns|duo security|thousandeyes",
    "broadsoft": r"broadsoft",
    "juniper": r"juniper|netscreen technologies|unisphere|trapeze|128 technology|mist systems|apstra",
    "dell": r"\bdell\b|force10|equallogic|compellent|wyse technology",
    "hpe": r"hewlett|^hpe?\b|^hp inc|compaq|colubris|lefthand|plexxi|simplivity|^cray\b|tandem computers|"
    r"silicon graphics|rackable|3par|tippingpoint",
    "lenovo": r"\blenovo|blade network",
    "ibm": r"^ibm\b|internet security systems$|datapower|netezza|texas memory|q1labs",
    "f5": r"^f5 |shape security|volterra", "checkpoint": r"check point|sofaware|zone labs",
    "fortinet": r"fortinet|accelops|coyote point", "arista": r"arista networks|metamako|mojo networks|big switch",
    "apc": r"\bapc\b|american power conversion|netbotz|silcon", "schneider": r"schneider electric",
    "eaton": r"^eaton\b|powerware|cooper industries|best power|santak|pulizzi|wright line",
    "vertiv": r"vertiv|liebert|emerson|^chloride$|^alber inc|reltec",
    "avocent": r"avocent|cyclades|cybex|equinox systems",
    "raritan": r"raritan", "servertech": r"server technology", "legrand": r"legrand", "rittal": r"rittal",
    "socomec": r"socomec", "cyberpower": r"cyber ?power", "inspur": r"inspur", "sugon": r"sugon|dawning",
    "xfusion": r"xfusion", "supermicro": r"super ?micro", "sangfor": r"sangfor", "topsec": r"topsec",
    "venustech": r"venus info|venustech", "nsfocus": r"nsfocus", "dptech": r"dptech", "qianxin": r"qianxin",
    "legendsec": r"legendsec", "hikvision": r"hikvision", "dahua": r"dahua", "uniview": r"uniview",
    "tplink": r"tp-link", "tenda": r"\btenda\b", "kehua": r"kehua", "kstar": r"\bkstar\b", "eastpower": r"east power",
}
# Registry entries those words find that are not the maker's row's, and why.
NOT_THEIRS = {
    26543: "Blade Network Technologies: Lenovo RackSwitch and Inspur CN switches answer it alike (no vendor row; "
    "the lenovo_cnos platform row selects its product arc 26543.1.18)",
    25175: "DCN: the French naval shipbuilder (contact at DCN.fr), not Digital China Networks",
    20921: "Hillstone Products Ltd: a British company (contact at hillstone.co.uk), not Hillstone Networks",
    42997: "Red Giant Inc: not shown to be Ruijie (Red-Giant's own number is 4881, registered as Ruijie Networks)",
    4857: "Cisco's Etc.: another company", 3955: "Linksys: sold by Cisco to Belkin in 2013",
    48797: "Inspur-Cisco Networking Technology: Inspur-majority joint venture, row inspur",
    1773: "Tandberg Television: went to Ericsson", 216: "Tandberg Data: tape storage, another company",
    25255: "Broadsoft Systems: an Australian company (broadsoft.com.au), not BroadSoft, Inc.",
    6612: "Juniper Financial Corp.: a bank", 38757: "Trapeze Group: transit software, not Trapeze Networks",
    48508: "Trapeze-Elgeba: Trapeze Group (transit software)", 58315: "Trapeze Switzerland: Trapeze Group",
    8741: "SonicWALL: sold by Dell in 2016, row sonicwall",
    58198: "FiberHome Supermicro: FiberHome's server joint venture, row fiberhome",
    6534: "'hp': a bare name the registry gives no company for; not shown to be Hewlett-Packard",
    54777: "HP-Hrvatska posta: the Croatian post",
    23946: "Ministero dell'Interno: Italian 'dell'", 51404: "Università dell'Insubria: Italian 'dell''",
    25506: "H3C: row h3c (New H3C, Chinese)", 10734: "TippingPoint: sold to Trend Micro in 2015, row trendmicro",
    11622: "3PARData: row 3par", 12925: "3PAR Data: row 3par", 14606: "Hewlett-Ward Inc.: another company",
    43428: "The William and Flora Hewlett Foundation", 208: "Cray Communications A/S: a Danish company, not Cray",
    51474: "Crayon Group AS", 14823: "Aruba: row aruba (HPE's, with its own row)",
    20349: "Aruba S.r.l.: an Italian hosting company", 29741: "Aruba PEC S.p.A.: Italian hosting",
    22618: "IBM/NY Hospitals: a hospital group's registration",
    20512: "Romania Internet Security Systems: another company", 21239: "Vertiv (formerly Geist): row geist",
    15893: "Emerson Climate Technologies: stayed with Emerson Electric (Copeland)",
    20956: "Emerson Climate Technologies: Copeland", 21160: "Emerson Retail Services: Emerson Electric",
    31127: "Emerson Process Management: Emerson Electric", 54388: "Emerson College",
    2377: "Reltec Corp: not shown to be the power business Vertiv holds (885 RELTEC Corporation is)",
    29264: "apc interactive solutions ag: another company", 43472: "APC Integrated Services Group: another company",
    52674: "Schneider Electric / APC NetBotz: row schneider", 49035: "Seattle Radiologists APC",
    56606: "APC Technology: another company",
    52503: "Eaton Lighting: sold to Signify in 2020", 30657: "Eaton-Williams: a British HVAC maker, not Eaton",
    32398: "Eaton Vance Management: an investment firm", 43649: "Raritan Bay Medical Center",
    40068: "The Venus Project", 60305: "Tendaworld: another company", 9046: "Amecisco: another company",
}


@pytest.mark.parametrize("vendor_id", sorted(REGISTRY_WORDS))
def test_every_registered_number_of_a_maker_is_in_its_row(vendor_id: str) -> None:
    row = default_vendors().get(vendor_id)
    assert row is not None and row.source.strip(), vendor_id
    words = re.compile(REGISTRY_WORDS[vendor_id], re.IGNORECASE)
    missing = {pen: name for pen, name in enterprise_names().items()
               if words.search(name) and pen not in row.enterprises and pen not in NOT_THEIRS}
    assert not missing, f"{vendor_id}: registry numbers neither in the row nor in NOT_THEIRS: {missing}"


def test_numbers_left_out_name_no_maker_of_those_words() -> None:
    # Every number NOT_THEIRS explains gives no catalogue verdict, or that of the row its reason names ('row
    # sonicwall'): never one of a maker whose words its registry name merely shares (DCN, Hillstone: domestic makers;
    # a French shipbuilder, a British company).
    catalog = default_vendors()
    for pen, reason in NOT_THEIRS.items():
        named = re.search(r"\brow (\w+)", reason)
        subject = classify_device(catalog, sys_object_id=f"1.3.6.1.4.1.{pen}.1").subject
        assert subject in (None, named and named.group(1)), (pen, subject, reason)


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("H3C", "New H3C Technologies"),  # an alias
        ("huawei", "Huawei Technologies"),  # the id, any case
        ("华为", "Huawei Technologies"),  # a Chinese name written whole, as ledgers do
        (" 浪潮 ", "Inspur"),
        ("华为技术有限公司", "Huawei Technologies"),  # a Chinese name inside a company name, as ledgers write it
        ("华为数字能源技术有限公司", "Huawei Digital Power"),  # the longest Chinese name wins
        ("某某科技有限公司", "某某科技有限公司"),  # Chinese text naming no maker the catalogue holds: as written
        ("Acme Widgets", "Acme Widgets"),
    ],
)
def test_name_for_gives_one_word_per_maker(word: str, name: str) -> None:
    assert default_vendors().name_for(word) == name
