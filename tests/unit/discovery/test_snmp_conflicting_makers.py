"""A domestic/foreign verdict needs the makers its evidence names to agree: made-up values of the shapes real agents
send, read by the general layers (a device no platform row knows) unless the case says otherwise.

A city's 信创 figures count every domestic verdict: a product built by one maker that answers another's
enterprise number, or is sold under another's brand, must not be counted on the word of one field. Where the fields
split between a domestic and a foreign maker, the verdict is unknown, the maker chosen is kept, and the evidence
names the field that disagrees. The rule itself is ``govops.catalog.vendors.classify_device``.
"""

from __future__ import annotations

import pytest

from tests.snmp_cases import ENT, classified, general, ports, run, system

H3C_NUMBER = "1.3.6.1.4.1.25506.11.1.99"  # H3C's enterprise arc, as HP-branded Comware answers it too
HIKVISION_NUMBER = "1.3.6.1.4.1.39165.1.6"
VYATTA_NUMBER = "1.3.6.1.4.1.30803"  # Vyatta's, reused by appliances built on its OS
DCN_NUMBER = "1.3.6.1.4.1.6339.1.1.5.9"
SYMMETRICOM_MACS = ("00A069000001", "00A069000002")  # OUI 00:A0:69, Symmetricom, Inc.
ACCTON_MACS = ("0010B5000001", "0010B5000002")  # OUI 00:10:B5, Accton (an ODM building other brands' switches)
ADVANTECH_MACS = ("000BAB000001", "000BAB000002")  # OUI 00:0B:AB, Advantech (appliance boards)


def hardware_of(maker: str) -> list[str]:
    """A chassis entity whose entPhysicalMfgName is ``maker``."""
    return [f"{ENT}.2.1|4|Chassis", f"{ENT}.5.1|2|3", f"{ENT}.12.1|4|{maker}"]


SPLIT = [
    # A domestic maker's number on a device whose interfaces carry a foreign maker's addresses (a time server of a
    # foreign maker answering a camera maker's number): one field each way.
    ("number_against_addresses", system("Time Server", HIKVISION_NUMBER) + ports(*SYMMETRICOM_MACS), "hikvision",
     "mac_maker"),
    # A domestic maker's number under a foreign brand (HP-branded Comware on H3C's number): the brand in sysDescr and
    # on the chassis outnumber the number.
    ("number_against_brand", system("HP Switch Software Version 5.20", H3C_NUMBER) + hardware_of("HP"), "h3c",
     "sys_descr"),
    # A foreign maker's number under a domestic brand (an appliance on Vyatta's OS and number).
    ("foreign_number_domestic_brand", system("Netentsec NGFW 5.5", VYATTA_NUMBER), "vyatta", "sys_descr"),
]


@pytest.mark.parametrize(("lines", "vendor", "field"), [c[1:] for c in SPLIT], ids=[c[0] for c in SPLIT])
def test_split_evidence_leaves_the_country_unknown(lines: list[str], vendor: str, field: str) -> None:
    obs = general(lines)
    verdict = classified(obs)
    assert (obs.device["vendor_id"], verdict.verdict) == (vendor, "unknown"), verdict.evidence
    conflicts = {e.field for e in verdict.evidence if "disagrees with" in e.rule}
    assert field in conflicts, verdict.evidence  # the evidence names the conflict


AGREED = [
    # The number, sysDescr and the chassis name one maker; only the ODM's addresses differ: the verdict stands.
    ("addresses_outnumbered", system("DCN DCRS-5750 Switch", DCN_NUMBER) + hardware_of("Digital China")
     + ports(*ACCTON_MACS), "dcn", "domestic"),
    # Every field names one maker.
    ("all_agree", system("H3C Comware Platform Software", H3C_NUMBER) + hardware_of("H3C"), "h3c", "domestic"),
]


@pytest.mark.parametrize(("lines", "vendor", "verdict"), [c[1:] for c in AGREED], ids=[c[0] for c in AGREED])
def test_agreeing_evidence_keeps_the_verdict(lines: list[str], vendor: str, verdict: str) -> None:
    obs = general(lines)
    assert (obs.device["vendor_id"], classified(obs).verdict) == (vendor, verdict), classified(obs).evidence


def test_a_platform_row_decides_alone() -> None:
    # The platform row for the brand was written to tell it from the OS and board makers it is built on: its
    # sysDescr rule and the brand outweigh Vyatta's number and Advantech's addresses, two against two.
    obs = run(system("Netentsec NGFW 5.5", VYATTA_NUMBER) + ports(*ADVANTECH_MACS))
    assert (obs.device["vendor_id"], classified(obs).verdict) == ("netentsec", "domestic"), classified(obs).evidence


def test_the_addresses_evidence_names_their_own_maker() -> None:
    # Where the addresses disagree, their evidence says whose they are, not the maker chosen against them.
    obs = general(system("Time Server", HIKVISION_NUMBER) + ports(*SYMMETRICOM_MACS))
    said = [e.rule for e in classified(obs).evidence if e.field == "mac_address"]
    assert said and all(rule.endswith("vendor:microsemi") for rule in said), said
