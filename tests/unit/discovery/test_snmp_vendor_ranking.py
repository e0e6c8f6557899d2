"""Which source names a device's maker when several speak: made-up values of the shapes real agents send.

Each case is a family whose next device could go wrong if the ranking changed: an OEM card in another
maker's UPS, a reseller's product under a maker's number, a net-snmp host whose ENTITY-MIB names its maker,
a white box on a chip SDK's number, free text that mentions a maker's name by chance. The ranking itself
is ``govops.catalog.vendors.classify_device``.
"""

from __future__ import annotations

import pytest

from tests.snmp_cases import ENT, run, system

UPS_IDENT = "1.3.6.1.2.1.33.1.1"
NET_SNMP = "1.3.6.1.4.1.8072.3.2.10"


def made_by(maker: str) -> list[str]:
    """A chassis entity whose entPhysicalMfgName is ``maker``."""
    return [f"{ENT}.2.1|4|Chassis", f"{ENT}.5.1|2|3", f"{ENT}.12.1|4|{maker}"]


def ups_made_by(maker: str) -> list[str]:
    """UPS-MIB upsIdentManufacturer and upsIdentModel."""
    return [f"{UPS_IDENT}.1.0|4|{maker}", f"{UPS_IDENT}.2.0|4|UPS-3000"]


CASES = [
    # An OEM card in another maker's UPS: the UPS's maker as upsIdentManufacturer states it, whatever number the
    # card answers (a catalogue maker's card, Phoenixtec's NetAgent, UPS-MIB's own module identity).
    ("card_of_a_catalogue_maker", system("Power Management Card", "1.3.6.1.4.1.3808.1.1.1") + ups_made_by("KSTAR"),
     "kstar", "domestic"),
    ("netagent_card", system("Network Management Card for UPS", "1.3.6.1.4.1.935.10.1") + ups_made_by("INVT CO., LTD"),
     "invt", "domestic"),
    ("ups_mib_identity", system("UPS SNMP Agent", "1.3.6.1.2.1.33") + ups_made_by("KEHUA"), "kehua", "domestic"),
    ("card_maker_named_in_sysdescr", system("CS141 SNMP/Web Adapter", "1.3.6.1.2.1.33") + ups_made_by("RIELLO"),
     "riello", "foreign"),
    # ... and the card's maker when the UPS states none.
    ("blank_manufacturer", system("Power Management Card", "1.3.6.1.4.1.3808.1.1.1") + ups_made_by(""),
     "cyberpower", "foreign"),
    # A product sold under another brand on its maker's number: the number's owner, as the rule says
    # (a reseller's brand is not renamed onto the maker's whole number) ...
    ("reseller_on_a_catalogue_number", system("DCN DCRS-5960-28T Device", "1.3.6.1.4.1.259.10.1.1"), "edgecore",
     "foreign"),
    # ... but where only the registry knows the number's owner, the brand the device's sysDescr opens with.
    ("brand_on_a_registry_number", system("Inspur CN61108PC-V-H", "1.3.6.1.4.1.26543.1.7.7"), "inspur", "domestic"),
    # H3C's number: HPE-branded Comware by its banner's brand, H3C's own by its.
    ("hpe_comware", system("HPE Comware Platform Software, Software Version 7.1.070", "1.3.6.1.4.1.25506.1.1"),
     "hpe", "foreign"),
    ("h3c_comware", system("H3C Comware Platform Software, Software Version 7.1.070", "1.3.6.1.4.1.25506.1.1"),
     "h3c", "domestic"),
    # A net-snmp host (8072 names the agent, not the maker) whose ENTITY-MIB names its maker ...
    ("net_snmp_entity_maker", system("Linux node01 5.10.0 #1 SMP x86_64", NET_SNMP) + made_by("Inspur"), "inspur",
     "domestic"),
    # ... or a white box on a switch SDK's default number.
    ("white_box_on_sdk_number", system("Switch", "1.3.6.1.4.1.4413") + made_by("Ruijie Networks"), "ruijie",
     "domestic"),
    # A number nobody registered, with a maker in ENTITY-MIB.
    ("unregistered_number", system("Router", "1.3.6.1.4.1.99999.1") + made_by("New H3C Technologies Co., Ltd"), "h3c",
     "domestic"),
    # The registry's owner of the number outranks entPhysicalMfgName (the hardware under an appliance's system).
    ("registry_number_over_hardware_maker", system("RAID Subsystem", "1.3.6.1.4.1.14752.1") + made_by("Inspur"), None,
     "unknown"),
    # A uname banner's host name names nobody ('Linux dell-backup ...' on someone else's server) ...
    ("uname_host_name", system("Linux dell-backup 5.10.0 #1 SMP x86_64", NET_SNMP), None, "unknown"),
    ("uname_host_name_domestic_word", system("Linux huawei-gw 5.10.0 #1 SMP x86_64", NET_SNMP), None, "unknown"),
    ("bsd_host_name", system("FreeBSD lenovo-fw 13.2-RELEASE FreeBSD 13.2-RELEASE amd64", "1.3.6.1.4.1.12325.1.1"),
     None, "unknown"),
    # ... while ENTITY-MIB beside it still does.
    ("uname_host_name_and_entity", system("Linux dell-backup 5.10.0 #1 SMP x86_64", NET_SNMP) + made_by("Inspur"),
     "inspur", "domestic"),
    # A brand the catalogue writes in capitals is one only in capitals in free text: 'Middle East', Victron's
    # 'Venus OS' name no maker; 'EAST' does, and a maker's field matches any case.
    ("ordinary_word_east", system("Linux gw 5.10 #1 SMP Middle East build", NET_SNMP), None, "unknown"),
    ("ordinary_word_venus", system("Venus OS v3.10 on Cerbo GX", NET_SNMP), None, "unknown"),
    ("brand_in_capitals", system("EAST UPS network card", NET_SNMP), "eastpower", "domestic"),
    ("maker_field_any_case", system("UPS SNMP Agent", "1.3.6.1.2.1.33") + ups_made_by("Kstar"), "kstar", "domestic"),
    # A name written both ways ('Huawei', 'HUAWEI') matches any case.
    ("mixed_case_brand", system("Linux gw 5.10 huawei firmware", NET_SNMP), "huawei", "domestic"),
    # Chip makers in entPhysicalMfgName name no maker.
    ("chip_maker", system("Linux node 5.10.0 #1 SMP x86_64", NET_SNMP) + made_by("Intel Corporation"), None, "unknown"),
]


@pytest.mark.parametrize(("lines", "vendor", "verdict"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_maker_that_names_the_device(lines: list[str], vendor: str | None, verdict: str) -> None:
    obs = run(lines)
    assert obs.classification is not None
    assert (obs.device["vendor_id"], obs.classification.verdict) == (vendor, verdict), obs.classification.evidence
    assert obs.classification.evidence  # every verdict says why, an unknown one included
