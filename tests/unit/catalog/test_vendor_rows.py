"""Vendor rows keyed to enterprise numbers and sysObjectID families: one line per rule, with the row it names."""

from __future__ import annotations

import pytest

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
