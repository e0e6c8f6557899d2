"""Identity objects of the power makers' product lines beyond our corpus (APC, Eaton, Vertiv, Raritan, ServerTech,
Rittal, Socomec, CyberPower, Huawei UPS), read from each line's own MIB group: every case is a made-up walk in the
MIB's shape, with the line's registration arc or the group it answers telling its kind."""

from __future__ import annotations

import pytest

from tests.snmp_cases import identity, run, system

EPDU = "1.3.6.1.4.1.318.1.1.30.2.1.1"  # PowerNet-MIB ePDUDeviceStatusEntry (Easy PDUs)
ISX_PDU = "1.3.6.1.4.1.318.1.1.23.1"  # PowerNet-MIB isxModularPduIdent (InfraStruXure modular PDUs)
RPDU = "1.3.6.1.4.1.318.1.1.12.1"  # PowerNet-MIB rPDUIdent
ITA2 = "1.3.6.1.4.1.13400.2.54.1"  # VERTIV-ITA2-MIB ident (Vertiv ITA2 UPSes): .1 manufacturer, .2 model, .3 serial
GEIST_V3 = "1.3.6.1.4.1.21239.2"  # GEIST-MIB-V3 geistV3: 1 deviceInfo, 25 ctrl3ChIECTable
CPDU_PLATE = "1.3.6.1.4.1.318.1.1.32.1.2.1"  # cPDU PowerNet-MIB pduNamePlateEntry (APC cPDUs)
ATS2 = "1.3.6.1.4.1.534.10.2.1"  # EATON-ATS2-MIB ats2Ident
MATRIX = "1.3.6.1.4.1.935.10.2.1.1"  # TELECOM-MIB matController (Eaton Matrix telecom inverter systems)
ATS_CARD = ("APC Web/SNMP Management Card (MB:v4.2.9 PF:v7.0.9 PN:apc_hw21_aos_709.bin AF1:v7.0.9 "
            "AN1:apc_hw21_ats_709.bin MN:AP4499 HR:02 SN: 5A2233T40017 MD:06/01/2022)")


@pytest.mark.parametrize(
    ("descr", "oid", "rows", "want"),
    [
        # APC Easy PDU (masterSwitchePDU 318.1.3.4.9): the first Easy PDU's own model, serial and firmware.
        ("Easy Rack PDU", "1.3.6.1.4.1.318.1.3.4.9",
         [f"{EPDU}.3.1|4|v2.1.7", f"{EPDU}.4.1|4|EPDU9021QR", f"{EPDU}.5.1|4|6T2213X77012",
          f"{EPDU}.4.2|4|EPDU9021QX", f"{EPDU}.5.2|4|6T2213X77013"],
         ("apc", "pdu", "EPDU9021QR", "v2.1.7", "6T2213X77012")),
        # ... which the group it answers tells a PDU without its arc.
        ("north row", "1.3.6.1.4.1.318.1", [f"{EPDU}.4.1|4|EPDU9021QR", f"{EPDU}.5.1|4|6T2213X77012"],
         ("apc", "pdu", "EPDU9021QR", None, "6T2213X77012")),
        # APC modular PDU (isxModDistribution 318.1.3.24): the PDU's serial (.2), not its monitor card's (.4).
        ("APC Modular PDU", "1.3.6.1.4.1.318.1.3.24.2",
         [f"{ISX_PDU}.1.0|4|PDPM72F-9Z", f"{ISX_PDU}.2.0|4|QX0814220044", f"{ISX_PDU}.4.0|4|QX0814990001",
          f"{ISX_PDU}.6.0|4|v5.1.2"],
         ("apc", "pdu", "PDPM72F-9Z", "v5.1.2", "QX0814220044")),
        # APC cPDU (its sysObjectID the cPDU group, 318.1.1.32): the first unit's nameplate, its part number (.11)
        # before its model number (.10), firmware .14 and serial .12.
        ("Rack PDU", "1.3.6.1.4.1.318.1.1.32.1",
         [f"{CPDU_PLATE}.10.1|4|APDU10350SW", f"{CPDU_PLATE}.11.1|4|APDU10350SW-ZZ",
          f"{CPDU_PLATE}.12.1|4|ZZ2231004417", f"{CPDU_PLATE}.14.1|4|01.02.0007", f"{CPDU_PLATE}.12.2|4|ZZ2231004418"],
         ("apc", "pdu", "APDU10350SW-ZZ", "01.02.0007", "ZZ2231004417")),
        # ... and without a part number, its model number; the nameplate group tells a PDU without the arc.
        ("south row", "1.3.6.1.4.1.318.1",
         [f"{CPDU_PLATE}.10.1|4|APDU10350SW", f"{CPDU_PLATE}.12.1|4|ZZ2231004417"],
         ("apc", "pdu", "APDU10350SW", None, "ZZ2231004417")),
        # Vertiv ITA2 UPS (its sysObjectID the ita2MIB arc, 13400.2.54): identModel and identIndex, its serial.
        ("Vertiv UPS", "1.3.6.1.4.1.13400.2.54",
         [f"{ITA2}.1.0|4|Vertiv", f"{ITA2}.2.0|4|ITA-99K00ZZ", f"{ITA2}.3.0|2|2204019999"],
         ("vertiv", "ups", "ITA-99K00ZZ", None, "2204019999")),
        # Geist V3 PDU: productHardware ('Product's hardware type', deviceInfo 7) before productTitle ('Product name').
        ("Geist PDU", "1.3.6.1.4.1.21239.2",
         [f"{GEIST_V3}.1.1.0|4|Geist RCX", f"{GEIST_V3}.1.2.0|4|3.9.9", f"{GEIST_V3}.1.7.0|4|RCX-ZZ 12",
          f"{GEIST_V3}.25.1.2.1|4|Phase A"],
         ("geist", "pdu", "RCX-ZZ 12", "3.9.9", None)),
        # ... and the product name where the agent states no hardware type.
        ("Geist PDU", "1.3.6.1.4.1.21239.2",
         [f"{GEIST_V3}.1.1.0|4|Geist RCX", f"{GEIST_V3}.1.2.0|4|3.9.9", f"{GEIST_V3}.25.1.2.1|4|Phase A"],
         ("geist", "pdu", "Geist RCX", "3.9.9", None)),
        # APC transfer switches of the fourth and fifth generation name their arcs (automaticXferSwitch4G/5G).
        (ATS_CARD, "1.3.6.1.4.1.318.1.3.32", [], ("apc", "ats", "AP4499", "AOS v7.0.9 / App v7.0.9", "5A2233T40017")),
        (ATS_CARD, "1.3.6.1.4.1.318.1.3.38.1", [], ("apc", "ats", "AP4499", "AOS v7.0.9 / App v7.0.9", "5A2233T40017")),
        # Eaton Matrix (its Phoenixtec card): the system name, the card's software and the controller's serial.
        ("Network Management Card for UPS", "1.3.6.1.4.1.935.10.2",
         [f"{MATRIX}.1.0|4|MX4410K20077", f"{MATRIX}.2.0|4|Inverter Shelf 48", f"{MATRIX}.4.0|2|291",
          f"{MATRIX}.5.0|4|2.0.3.7"],
         ("phoenixtec", "ups", "Inverter Shelf 48", "2.0.3.7", "MX4410K20077")),  # the card maker's number
        # Eaton transfer switch behind the MGE card's sysObjectID: the switch's EATON-ATS2-MIB identity.
        ("Eaton ATS 16 Network", "1.3.6.1.4.1.705.1",
         [f"{ATS2}.2.0|4|EATS16X", f"{ATS2}.3.0|4|02.14.0007", f"{ATS2}.5.0|4|GA19K01207",
          "1.3.6.1.4.1.705.1.1.1.0|4|Pulsar M 2200"],
         ("eaton", "ats", "EATS16X", "02.14.0007", "GA19K01207")),
        # APC rack PDU and MasterSwitch agents that name no AOS/App modules: the unit's own firmware revision.
        ("APC Switched Rack PDU", "1.3.6.1.4.1.318.1.3.4.5",
         [f"{RPDU}.3.0|4|v9.4.1", f"{RPDU}.5.0|4|AP7999Q", f"{RPDU}.6.0|4|ZA0123456789"],
         ("apc", "pdu", "AP7999Q", "v9.4.1", "ZA0123456789")),
        # ... and the card's AOS/App pair first where the sysDescr states it.
        (ATS_CARD, "1.3.6.1.4.1.318.1.3.4.5", [f"{RPDU}.3.0|4|v9.4.1", f"{RPDU}.5.0|4|AP7999Q"],
         ("apc", "pdu", "AP7999Q", "AOS v7.0.9 / App v7.0.9", "5A2233T40017")),
        ("APC MasterSwitch PDU", "1.3.6.1.4.1.318.1.3.4.2",
         ["1.3.6.1.4.1.318.1.1.4.1.2.0|4|v2.9.9", "1.3.6.1.4.1.318.1.1.4.1.4.0|4|AP9299"],
         ("apc", "pdu", "AP9299", "v2.9.9", None)),
    ],
    ids=["apc-easy-pdu", "apc-easy-pdu-by-group", "apc-modular-pdu", "apc-cpdu", "apc-cpdu-by-group", "vertiv-ita2",
         "geist-v3-hardware", "geist-v3-title", "apc-ats-4g",
         "apc-ats-5g", "eaton-matrix", "eaton-ats-mge-card", "apc-rpdu-firmware", "apc-rpdu-card-first",
         "apc-masterswitch-firmware"],
)
def test_power_maker_identity_objects(descr: str, oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run(system(descr, oid) + rows)
    assert identity(obs) == want, obs.device["evidence"]


@pytest.mark.parametrize("answer", ["4|", "4|N/A", "4|000000000000", "6|1.3.6.1.4.1.318.1.3.4.9"],
                         ids=["blank", "n/a", "zeros", "oid"])
def test_an_easy_pdu_answering_no_serial_gives_none(answer: str) -> None:
    obs = run([*system("Easy Rack PDU", "1.3.6.1.4.1.318.1.3.4.9"), f"{EPDU}.4.1|4|EPDU9021QR", f"{EPDU}.5.1|{answer}"])
    assert obs.device["model"] == "EPDU9021QR" and obs.device["serial"] is None, obs.device["evidence"]


@pytest.mark.parametrize(("oid", "kind"), [
    ("1.3.6.1.4.1.534.2.13", "meter"),      # EATON-OIDS eatonPowerXpertMeter
    ("1.3.6.1.4.1.534.2.11", "meter"),      # eatonPowerChainGateway
    ("1.3.6.1.4.1.534.6.7.1", "env_monitor"),  # dataCenter environmentalMonitor
    ("1.3.6.1.4.1.534.6.8.1", "env_monitor"),  # sensorAgent (EATON-SENSOR-MIB)
    ("1.3.6.1.4.1.534.2.5", "ups"),         # connectUPSAdapterEthernet: a UPS card, as before
    ("1.3.6.1.4.1.534.10.2", "ats"),
])
def test_an_eaton_agent_s_registered_arc_names_its_kind(oid: str, kind: str) -> None:
    obs = run(system("Eaton network agent 2.4", oid))
    assert (obs.device["vendor_id"], obs.device["kind"]) == ("eaton", kind), obs.device["evidence"]


@pytest.mark.parametrize(("oid", "kind"), [
    ("1.3.6.1.4.1.3808.1.1.2.1", "pdu"),          # CPS-MIB eswitch
    ("1.3.6.1.4.1.3808.1.1.4", "env_monitor"),    # environmentSensor
    ("1.3.6.1.4.1.3808.1.1.8.2", "env_monitor"),  # environmentSensor2
    ("1.3.6.1.4.1.3808.1.1.1", "ups"),            # ups, as before
])
def test_a_cyberpower_hardware_arc_names_its_kind(oid: str, kind: str) -> None:
    obs = run(system("CyberPower network agent", oid))
    assert (obs.device["vendor_id"], obs.device["kind"]) == ("cyberpower", kind), obs.device["evidence"]


PX2_PRODUCT = "1.3.6.1.4.1.13742.6.3.2.2.1.67.1"  # PDU2-MIB productType of pduId 1 (ProductTypeEnumeration)
PX2_NAMEPLATE = "1.3.6.1.4.1.13742.6.3.2.1.1"  # nameplateEntry: .3 pduModel, .4 pduSerialNumber


@pytest.mark.parametrize(("product", "kind"), [("0", "pdu"), ("1", "meter"), ("2", "ats"), ("3", "meter"),
                                               (None, "pdu")])
def test_a_raritan_px_agent_s_product_type_names_its_kind(product: str | None, kind: str) -> None:
    rows = [f"{PX2_NAMEPLATE}.3.1|4|PX3-5999V", f"{PX2_NAMEPLATE}.4.1|4|QZB7200123"]
    if product is not None:
        rows.append(f"{PX2_PRODUCT}|2|{product}")
    obs = run(system("Raritan Dominion PX", "1.3.6.1.4.1.13742.6") + rows)
    assert (obs.device["kind"], obs.device["model"]) == (kind, "PX3-5999V"), obs.device["evidence"]


PX2_BOARD_FW = "1.3.6.1.4.1.13742.6.3.2.3.1.6"  # boardFirmwareVersion, index pduId.boardType.boardIndex


def test_a_raritan_bcm2_is_named_by_its_main_controller_not_a_power_meter() -> None:
    # Raritan's SNMP MIB User Guide: a BCM2's main controller is pduId 0, each power meter the pduId of its rotary
    # switch (here 1), nameplate 'PMM' with a zero serial; productType bcm(1) on the controller, powerMeter(3) on a
    # meter.
    rows = [f"{PX2_NAMEPLATE}.3.0|4|PMC-1001", f"{PX2_NAMEPLATE}.4.0|4|RB1A2B3C4D5E", f"{PX2_PRODUCT[:-2]}.0|2|1",
            f"{PX2_BOARD_FW}.0.1.1|4|3.5.10.5-46000",
            f"{PX2_NAMEPLATE}.3.1|4|PMM", f"{PX2_NAMEPLATE}.4.1|4|00000000", f"{PX2_PRODUCT}|2|3"]
    obs = run(system("PMC", "1.3.6.1.4.1.13742.6") + rows)
    assert identity(obs) == ("raritan", "meter", "PMC-1001", "3.5.10.5-46000", "RB1A2B3C4D5E"), obs.device["evidence"]


def test_a_raritan_px_without_a_pdu_0_reads_pdu_1() -> None:
    rows = [f"{PX2_NAMEPLATE}.3.1|4|PX2-4724", f"{PX2_NAMEPLATE}.4.1|4|PKE7C00456", f"{PX2_PRODUCT}|2|0",
            f"{PX2_BOARD_FW}.1.1.1|4|3.4.0.5-45123"]
    obs = run(system("PX2", "1.3.6.1.4.1.13742.6") + rows)
    assert identity(obs) == ("raritan", "pdu", "PX2-4724", "3.4.0.5-45123", "PKE7C00456"), obs.device["evidence"]


ST4_UNIT = "1.3.6.1.4.1.1718.4.1.2.2.1"  # Sentry4-MIB st4UnitConfigEntry: .4 serial, .5 model, .7 st4UnitType


@pytest.mark.parametrize(("unit_type", "kind"), [("0", "pdu"), ("3", "env_monitor"), (None, "pdu")])
def test_a_sentry4_unit_type_names_an_environmental_monitoring_unit(unit_type: str | None, kind: str) -> None:
    rows = [f"{ST4_UNIT}.5.1|4|EMCU-9-9Z", f"{ST4_UNIT}.4.1|4|ZZQA0000017"]
    if unit_type is not None:
        rows.append(f"{ST4_UNIT}.7.1|2|{unit_type}")
    obs = run(system("Sentry Smart PDU", "1.3.6.1.4.1.1718.4") + rows)
    assert (obs.device["kind"], obs.device["model"], obs.device["serial"]) == (kind, "EMCU-9-9Z", "ZZQA0000017")


LGP_DEVICE_ID = "1.3.6.1.4.1.476.1.42.2.4.2.1.2.1"  # LIEBERT-GP-AGENT-MIB lgpAgentDeviceId of the first device


@pytest.mark.parametrize(("registered", "kind"), [
    ("1.3.6.1.4.1.476.1.42.4.8.1.3", "pdu"),  # lgpPowerDistributionProducts (LIEBERT-GP-REGISTRATION-MIB .8)
    ("1.3.6.1.4.1.476.1.42.4.3.20", "cooling"),  # lgpAcProducts
    ("1.3.6.1.4.1.476.1.42.4.2.34", "ups"),  # lgpUpsProducts
])
def test_a_liebert_card_s_managed_device_registration_names_its_kind(registered: str, kind: str) -> None:
    obs = run([*system("Liebert IS-UNITY-DP", "1.3.6.1.4.1.476.1.42"), f"{LGP_DEVICE_ID}|6|{registered}"])
    assert obs.device["kind"] == kind, obs.device["evidence"]


@pytest.mark.parametrize(("oid", "kind"), [
    ("1.3.6.1.4.1.4555.1.1.1", "ups"),   # an earlier Net Vision card under software.network, no v7 identity group
    ("1.3.6.1.4.1.4555.1.1.7", "ups"),   # netvision7 itself
    ("1.3.6.1.4.1.4555.2.30", "pdu"),    # SOCOMECPDU-MIB's PDU, not under software.network
])
def test_a_socomec_net_vision_arc_is_a_ups_card(oid: str, kind: str) -> None:
    obs = run(system("NET VISION", oid))
    assert (obs.device["vendor_id"], obs.device["kind"]) == ("socomec", kind), obs.device["evidence"]
