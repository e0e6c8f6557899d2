"""Vendor, kind, model, version and serial of power devices whose platform rows name each MIB generation's objects.

Every case is made up in the shape of the vendor's MIB (not taken from a walk).
"""

from __future__ import annotations

import pytest

from tests.snmp_cases import identity, run, system

GEIST = "1.3.6.1.4.1.21239"


@pytest.mark.parametrize(
    ("oid", "rows", "want"),
    [
        # VERTIV-V5-MIB / GEIST-V5-MIB productModelNumber, productSerialNumber, productVersion (21239.5.2.1); the
        # pduMainTable answering makes it a PDU.
        (f"{GEIST}.5.2", [f"{GEIST}.5.2.1.1.0|4|rPDU", f"{GEIST}.5.2.1.2.0|4|5.10.3",
                          f"{GEIST}.5.2.1.8.0|4|VP8865A1A0", f"{GEIST}.5.2.1.10.0|4|0000AB1234567",
                          f"{GEIST}.5.2.3.1.1.9.1|2|2150"],
         ("geist", "pdu", "VP8865A1A0", "5.10.3", "0000AB1234567")),
        # Without a model number, the product title.
        (f"{GEIST}.5.2", [f"{GEIST}.5.2.1.1.0|4|rPDU2", f"{GEIST}.5.2.1.2.0|4|5.1.0",
                          f"{GEIST}.5.2.3.1.1.9.1|2|900"],
         ("geist", "pdu", "rPDU2", "5.1.0", None)),
        # GEIST-MIB-V3 productTitle/productVersion (21239.2.1); a three-phase IEC table answering: a PDU.
        (f"{GEIST}.2", [f"{GEIST}.2.1.1.0|4|RCXRPDU", f"{GEIST}.2.1.2.0|4|3.2.9",
                        f"{GEIST}.2.25.1.10.1|2|1210"],
         ("geist", "pdu", "RCXRPDU", "3.2.9", None)),
        # The older GEIST-MIB (21239.1) and its ctrl3ChTable.
        (f"{GEIST}.1", [f"{GEIST}.1.1.1.0|4|PDU3XIEC", f"{GEIST}.1.1.2.0|4|2.1.0",
                        f"{GEIST}.1.14.1.9.1|2|400"],
         ("geist", "pdu", "PDU3XIEC", "2.1.0", None)),
    ],
    ids=["v5-model-number", "v5-title", "v3-iec", "v2-ctrl3ch"],
)
def test_geist_generations_name_their_model_version_and_serial(
        oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system("Geist", oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


def test_a_geist_watchdog_is_an_environment_monitor() -> None:
    # GEIST-V4-MIB (Watchdog 100, 21239.5.1): title and version; no PDU table answers: an environment monitor.
    obs = run([*system("Watchdog 100", f"{GEIST}.5.1"), f"{GEIST}.5.1.1.1.0|4|WD100", f"{GEIST}.5.1.1.2.0|4|4.1.2"])
    assert identity(obs)[0] == "geist" and identity(obs)[2:4] == ("WD100", "4.1.2")
    assert identity(obs)[1] == "env_monitor"


def test_a_cyberpower_epdu2_names_its_host_pdu() -> None:
    # CPS-MIB ePDU2IdentTable (3808.1.1.6.2.2.1), first row: firmware .7, model .9, serial .10; it makes a PDU.
    ident = "1.3.6.1.4.1.3808.1.1.6.2.2.1"
    obs = run([*system("CyberPower PDU", "1.3.6.1.4.1.3808.1.1.6"), f"{ident}.7.1|4|1.1.4", f"{ident}.9.1|4|PDU44005",
               f"{ident}.10.1|4|NAA1234567"])
    assert identity(obs) == ("cyberpower", "pdu", "PDU44005", "1.1.4", "NAA1234567"), obs.device["evidence"]


@pytest.mark.parametrize(
    ("oid", "rows", "want"),
    [
        # EATON-EPDU-MIB (G3) unitTable, first strapped unit (index 0): partNumber .3, serialNumber .4, firmware .5.
        ("1.3.6.1.4.1.534.6.6.7", ["1.3.6.1.4.1.534.6.6.7.1.2.1.2.0|4|ePDU MANAGED 0U",
                                   "1.3.6.1.4.1.534.6.6.7.1.2.1.3.0|4|EMAB21",
                                   "1.3.6.1.4.1.534.6.6.7.1.2.1.4.0|4|A000A00000",
                                   "1.3.6.1.4.1.534.6.6.7.1.2.1.5.0|4|03.01.0019"],
         ("eaton", "pdu", "EMAB21", "03.01.0019", "A000A00000")),
        # EATON-EPDU-MA-MIB (Raritan's PDU-MIB under Eaton's arc): part number .12, serial .2, firmware .1.
        ("1.3.6.1.4.1.534.6.6.6", ["1.3.6.1.4.1.534.6.6.6.1.1.1.0|4|01.01.01",
                                   "1.3.6.1.4.1.534.6.6.6.1.1.2.0|4|AD00000000",
                                   "1.3.6.1.4.1.534.6.6.6.1.1.12.0|4|PW102MA0U"],
         ("eaton", "pdu", "PW102MA0U", "01.01.01", "AD00000000")),
        # A G3 that answers the managed line's objects too (made up): each field from the MIB its sysObjectID names,
        # though the row lists the managed line's first.
        ("1.3.6.1.4.1.534.6.6.7", ["1.3.6.1.4.1.534.6.6.6.1.1.1.0|4|01.01.01",
                                   "1.3.6.1.4.1.534.6.6.6.1.1.2.0|4|AD00000000",
                                   "1.3.6.1.4.1.534.6.6.6.1.1.12.0|4|PW102MA0U",
                                   "1.3.6.1.4.1.534.6.6.7.1.2.1.3.0|4|EMAB21",
                                   "1.3.6.1.4.1.534.6.6.7.1.2.1.4.0|4|A000A00000",
                                   "1.3.6.1.4.1.534.6.6.7.1.2.1.5.0|4|03.01.0019"],
         ("eaton", "pdu", "EMAB21", "03.01.0019", "A000A00000")),
    ],
    ids=["epdu-g3", "epdu-ma", "epdu-g3-answering-both"],
)
def test_eaton_epdu_generations_name_their_model_version_and_serial(
        oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run([*system("Eaton ePDU", oid), *rows])
    assert identity(obs) == want, obs.device["evidence"]


APC = "1.3.6.1.4.1.318"
NMC = ("APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.4.6 PN:apc_hw05_aos_646.bin AF1:v6.4.7 "
       "AN1:apc_hw05_app_647.bin MN:{model} HR:R01 SN: 5A0000000000 MD:01/01/2020)")


@pytest.mark.parametrize(
    ("oid", "rows", "kind"),
    [
        # PowerNet-MIB product registration: system 318.1.3 names each family's arc.
        (f"{APC}.1.3.2.7", [], "ups"),                     # smartUPS
        (f"{APC}.1.3.4.5", [], "pdu"),                     # masterSwitch (rack PDUs)
        (f"{APC}.1.3.15", [], "pdu"),                      # infraXurePDU
        (f"{APC}.1.3.11", [], "ats"),                      # automaticXferSwitch
        (f"{APC}.1.3.19", [], "ats"),                      # infraXureATS
        (f"{APC}.1.3.14.5", [], "cooling"),                # networkAir
        (f"{APC}.1.3.10.1", [], "dc_power"),               # dcPower
        (f"{APC}.1.3.8.4", [], "env_monitor"),             # monitors (EMU, Environmental Manager)
        # An arc the registration text does not name: the identity group the agent answers says what it is.
        (f"{APC}.1.3.99", [f"{APC}.1.1.8.1.5.0|4|AP4423", f"{APC}.1.1.8.1.6.0|4|5A1111111111"], "ats"),
        (f"{APC}.1.3.99", [f"{APC}.1.1.26.2.1.8.1|4|AP8853", f"{APC}.1.1.26.2.1.9.1|4|5A2222222222"], "pdu"),
        (f"{APC}.1.3.99", [f"{APC}.1.1.12.1.5.0|4|AP7921", f"{APC}.1.1.12.1.6.0|4|5A3333333333"], "pdu"),
        (f"{APC}.1.3.99", [f"{APC}.1.1.1.1.1.1.0|4|Smart-UPS X 3000"], "ups"),
    ],
    ids=["smartups", "masterswitch", "infraxure-pdu", "ats-arc", "infraxure-ats", "network-air", "dc-power", "monitors",
         "answers-ats", "answers-rpdu2", "answers-rpdu", "ups-default"],
)
def test_apc_kind_follows_the_product_registration_then_the_identity_group_answered(
        oid: str, rows: list[str], kind: str) -> None:
    obs = run([*system(NMC.format(model="AP0000"), oid), *rows])
    assert obs.device["vendor_id"] == "apc" and obs.device["kind"] == kind, obs.device["evidence"]


def test_an_apc_transfer_switch_names_its_model_serial_and_card_version() -> None:
    obs = run([*system(NMC.format(model="AP4423"), f"{APC}.1.3.11"), f"{APC}.1.1.8.1.5.0|4|AP4423",
               f"{APC}.1.1.8.1.6.0|4|5A1111111111"])
    assert identity(obs) == ("apc", "ats", "AP4423", "AOS v6.4.6 / App v6.4.7", "5A1111111111")


EATON = "1.3.6.1.4.1.534"


@pytest.mark.parametrize(
    ("oid", "rows", "want"),
    [
        # XUPS-MIB xupsIdent: model .2, software .3, serial .6 (Network-M2 cards).
        (f"{EATON}.1", [f"{EATON}.1.1.1.0|4|EATON", f"{EATON}.1.1.2.0|4|Eaton 9PX 1500 RT",
                        f"{EATON}.1.1.3.0|4|INV: 01.20.5072", f"{EATON}.1.1.6.0|4|GA00A00000"],
         ("eaton", "ups", "Eaton 9PX 1500 RT", "INV: 01.20.5072", "GA00A00000")),
        # EATON-ATS2-MIB ats2Ident: model .2, firmware .3, serial .5; the ats arc makes a transfer switch.
        (f"{EATON}.10.2", [f"{EATON}.10.2.1.2.0|4|EATS16N", f"{EATON}.10.2.1.3.0|4|JD",
                           f"{EATON}.10.2.1.5.0|4|GB00B00000"],
         ("eaton", "ats", "EATS16N", "JD", "GB00B00000")),
        # EATON-ATS-MIB atsIdent: model .1, firmware .2, serial .4; told by the group it answers.
        (f"{EATON}.1", [f"{EATON}.10.1.2.1.0|4|ATS 30", f"{EATON}.10.1.2.2.0|4|1.02",
                        f"{EATON}.10.1.2.4.0|4|GC00C00000"],
         ("eaton", "ats", "ATS 30", "1.02", "GC00C00000")),
    ],
    ids=["xups", "ats2", "ats1-answers"],
)
def test_eaton_ups_and_transfer_switches_name_their_model_version_and_serial(
        oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run([*system("Eaton", oid), *rows])
    assert identity(obs) == want, obs.device["evidence"]


@pytest.mark.parametrize(
    ("oid", "kind"),
    [("1.3.6.1.4.1.13742.6", "pdu"), ("1.3.6.1.4.1.13742.4", "pdu"), ("1.3.6.1.4.1.13742.3.2.10", "console_server"),
     ("1.3.6.1.4.1.13742.8", "env_monitor")],
    ids=["px2", "px1", "dominion-kvm", "emx"],
)
def test_raritan_kvm_switches_are_not_pdus(oid: str, kind: str) -> None:
    obs = run(system("Raritan", oid))
    assert obs.device["vendor_id"] == "raritan" and obs.device["kind"] == kind, obs.device["evidence"]


@pytest.mark.parametrize(
    ("oid", "descr", "rows", "kind"),
    [
        ("1.3.6.1.4.1.2606.7", "Rittal CMC III PU SN 11111111 HW V3.00 - SW V3.15.70",
         ["1.3.6.1.4.1.2606.7.4.1.2.1.2.1|4|CMCIII-PU"], "env_monitor"),
        ("1.3.6.1.4.1.2606.7", "Rittal PDU SN 22222222 HW V1.00 - SW V3.15.70",
         ["1.3.6.1.4.1.2606.7.4.1.2.1.2.1|4|PDU-MET"], "pdu"),
        ("1.3.6.1.4.1.2606.7", "Rittal CMC III SN 33333333 HW V1.00 - SW V3.15.70",
         ["1.3.6.1.4.1.2606.7.4.1.2.1.2.1|4|CMCIII-PU LCP"], "cooling"),
        ("1.3.6.1.4.1.2606.4", "CMC-TC-PU2", [], "env_monitor"),
    ],
    ids=["cmc3-pu", "cmc3-pdu", "cmc3-lcp", "cmc-tc"],
)
def test_rittal_units_on_the_cmc_firmware_say_what_they_are(oid: str, descr: str, rows: list[str], kind: str) -> None:
    obs = run([*system(descr, oid), *rows])
    assert obs.device["vendor_id"] == "rittal" and obs.device["kind"] == kind, obs.device["evidence"]


def test_a_netbotz_appliance_is_an_apc_environment_monitor() -> None:
    obs = run(system("Linux netbotz 2.6.12", "1.3.6.1.4.1.5528.100.20.10.2014"))
    assert obs.device["vendor_id"] == "apc" and obs.device["kind"] == "env_monitor", obs.device["evidence"]


def test_an_infrastruxure_pdu_names_its_model_and_serial() -> None:
    # PowerNet-MIB xPDUIdent (318.1.1.15.1): xPDUIdentModelNumber .7, xPDUIdentSerialNumber .8; the group answering
    # makes a PDU whatever arc the card sends.
    obs = run([*system(NMC.format(model="PDPB150G6F"), f"{APC}.1.3.99"), f"{APC}.1.1.15.1.7.0|4|PDPB150G6F",
               f"{APC}.1.1.15.1.8.0|4|ZA0000000009"])
    assert identity(obs) == ("apc", "pdu", "PDPB150G6F", "AOS v6.4.6 / App v6.4.7", "ZA0000000009")


@pytest.mark.parametrize("oid", ["1.3.6.1.4.1.3808.1.1.5", "1.3.6.1.4.1.3808.1.1.1"], ids=["ats-arc", "answers"])
def test_a_cyberpower_transfer_switch_names_its_model_firmware_and_serial(oid: str) -> None:
    # CPS-MIB atsIdent (3808.1.1.5.1): atsIdentModelName .2, atsIdentFirmwareRev .4, atsIdentSerialNumber .5.
    ident = "1.3.6.1.4.1.3808.1.1.5.1"
    obs = run([*system("CyberPower ATS", oid), f"{ident}.1.0|4|rack-ats", f"{ident}.2.0|4|ATS15A",
               f"{ident}.4.0|4|1.0.3", f"{ident}.5.0|4|ABC1234567"])
    assert identity(obs) == ("cyberpower", "ats", "ATS15A", "1.0.3", "ABC1234567"), obs.device["evidence"]


LGP_DEVICE = "1.3.6.1.4.1.476.1.42.2.4.2.1"


@pytest.mark.parametrize(
    ("device_id", "model", "kind"),
    [
        # LIEBERT-GP-REGISTRATION-MIB: lgpIcomCRtypeCRV (476.1.42.4.3.11.1), under lgpAcProducts (4.3).
        ("1.3.6.1.4.1.476.1.42.4.3.11.1", "Liebert CRV", "cooling"),
        # lgpStaticTransferSwitch2 (4.5.3), under lgpTransferSwitchProducts (4.5).
        ("1.3.6.1.4.1.476.1.42.4.5.3", "STS2", "ats"),
        # lgpNXC (4.2.19.3), under lgpUpsProducts (4.2).
        ("1.3.6.1.4.1.476.1.42.4.2.19.3", "NXC 30kVA", "ups"),
    ],
    ids=["crv", "sts", "nxc"],
)
def test_a_liebert_card_takes_its_kind_from_the_product_it_manages(device_id: str, model: str, kind: str) -> None:
    # LIEBERT-GP-AGENT-MIB lgpAgentDeviceTable, first device: lgpAgentDeviceId .2 (OBJECT IDENTIFIER), model .4.
    obs = run([*system("Liebert IS-UNITY", "1.3.6.1.4.1.476.1.42"), f"{LGP_DEVICE}.2.1|6|{device_id}",
               f"{LGP_DEVICE}.4.1|4|{model}"])
    assert (obs.device["vendor_id"], obs.device["kind"], obs.device["model"]) == ("vertiv", kind, model), \
        obs.device["evidence"]


def test_a_raritan_emx_names_its_model_and_firmware() -> None:
    # EMD-MIB unitConfiguration (13742.8.1.1.1): hardwareVersion .2, firmwareVersion .3, model .14.
    unit = "1.3.6.1.4.1.13742.8.1.1.1"
    obs = run([*system("Raritan EMX", "1.3.6.1.4.1.13742.8"), f"{unit}.2.0|4|0x3", f"{unit}.3.0|4|3.5.0.5-44422",
               f"{unit}.14.0|4|EMX2-111"])
    assert identity(obs) == ("raritan", "env_monitor", "EMX2-111", "3.5.0.5-44422", None), obs.device["evidence"]


@pytest.mark.parametrize(
    ("descr", "oid"),
    [("SMU11B", "1.3.6.1.4.1.2011.6.164.1.2"),
     ("Linux GSE200M 2.6.27-SPEAr310 #1 armv5tejl", "1.3.6.1.4.1.8072.3.2.10")],
    ids=["smu-arc", "gse200m"],
)
def test_a_huawei_smu_is_a_dc_power_system(descr: str, oid: str) -> None:
    # HUAWEI-SITE-MONITOR-MIB: the SMU reports the DC bus (hwDcTotalVoltage 2011.6.164.1.6.1.3), not an AC UPS.
    obs = run([*system(descr, oid), "1.3.6.1.4.1.2011.6.164.1.6.1.3.0|2|535"])
    assert (obs.device["vendor_id"], obs.device["kind"]) == ("huawei", "dc_power"), obs.device["evidence"]
