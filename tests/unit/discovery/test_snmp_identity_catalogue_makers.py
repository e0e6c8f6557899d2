"""Makers' identity groups in the identity catalogue (govops/catalog/data/serials.tsv, scripts/gen_serials.py): a
product of the maker no platform row knows (a sysObjectID under its number that no row names, the standard layer
alone) is named by the serial, model and version objects its maker's MIB defines. Walks made up in the MIBs' shapes
(OIDs as the MIBs define them), never a recording's values; an object answered blank or with a placeholder gives
nothing."""

from __future__ import annotations

import pytest

from tests.snmp_cases import general, system

SOCOMEC_PDU = "1.3.6.1.4.1.4555.2.30.1"  # SOCOMECPDU-MIB dpduIdent: dpduIdentModel .2, dpduIdentSerialNumber .3
SOCOMEC_UPS = "1.3.6.1.4.1.4555.1.1.7.1.1"  # SOCOMECUPS-MIB upsIdent: upsIdentModel .1, upsIdentSerialNumber .2
TPLINK = "1.3.6.1.4.1.11863.6.1.1"  # TPLINK-SYSINFO-MIB: tpSysInfoSwVersion .6, tpSysInfoSerialNum .8
PEPLINK = "1.3.6.1.4.1.23695.200.1.1.1.1"  # DEVICE deviceInfoSystem: deviceModel .1, SerialNumber .2, Firmware .3
PATTON = "1.3.6.1.4.1.1768.100.1"  # SMARTNODE-MIB sysinfo: serialNumber .1, swVersion .5, productName .6,
# dslSwVersion .7 (a DSL card's firmware)
SILVERPEAK = "1.3.6.1.4.1.23867.3.1.1.1"  # SILVERPEAK-MGMT-MIB: spsSystemVersion .1, spsProductModel .2, Serial .6
# ROSMGMT-VERSION-MIB: rosMgmtRosVersion .1, SerialNumber .4, ProductVersion .6, rosMgmtSoftVersion .11
RAISECOM = "1.3.6.1.4.1.8886.60.131.1.1"
ENEXUS = "1.3.6.1.4.1.12148.10.2"  # SP2-MIB powerSystem: powerSystemModel .6 (a stored label), SerialNumber .7
EES = "1.3.6.1.4.1.6302.2.1.1"  # EES-POWER-MIB ident: identModel .2, ControllerFirmwareVersion .3, SerialNumber .6
HIRSCHMANN = "1.3.6.1.4.1.248.14.1.1.9.1"  # HMPRIV-MGMT-SNMP-MIB hmSysGroupEntry: SwVersion .5, SerialNum .10
PROWARE = "1.3.6.1.4.1.14752.1.3.1"  # proware-SNMP-MIB systeminformation: siModel .2, siSerial .3, siFirmVer .4
MONTCLAIR = "1.3.6.1.4.1.1385.1"  # Montclair-MIB mainInfo: devicePartNumber .2, SerialNumber .3, FirmwareVersion .4
ZMTEL = "1.3.6.1.4.1.38595.10.1"  # ZMTEL-ODU-MIB deviceInfo: modelName .3, SN .5, moduleSN .6, softwareVersion .7
VENTURI = "1.3.6.1.4.1.3382.12.1.2.1.1"  # VENTURI-SERVER-SYSTEM-MIB: vServerVersion .2, vServerSerialNumber .8
IFOTEC = "1.3.6.1.4.1.21362.101.1.2.1"  # IFOTEC-SMI ifoSysEntry: ifoSysRef .2, SerialNumber .5, Firmware .7
HELIOS = "1.3.6.1.4.1.6530.11"  # TEL2N-MIB heliosip: hipProductName .1, hipSerial .3, hipVersion .4, hipBootVersion .5

# case -> (sysObjectID: an unknown product under the maker's number, rows, (model, os_version, serial))
CASES: dict[str, tuple[str, list[str], tuple[str | None, str | None, str | None]]] = {
    "socomec-pdu": ("1.3.6.1.4.1.4555.2.30.77", [f"{SOCOMEC_PDU}.1.0|4|SOCOMEC", f"{SOCOMEC_PDU}.2.0|4|PDU-QX-16",
                                                f"{SOCOMEC_PDU}.3.0|4|QX24051177"],
                    ("PDU-QX-16", None, "QX24051177")),
    "socomec-ups": ("1.3.6.1.4.1.4555.1.1.77", [f"{SOCOMEC_UPS}.1.0|4|DELPHYS QX 80",
                                               f"{SOCOMEC_UPS}.2.0|4|QX0099183002"],
                    ("DELPHYS QX 80", None, "QX0099183002")),
    # The hardware version (.5) is no model: TP-Link's switches state none of their own here.
    "tplink": ("1.3.6.1.4.1.11863.1.1.77", [f"{TPLINK}.5.0|4|QX3000 2.0", f"{TPLINK}.6.0|4|2.7.1 Build 20990101",
                                           f"{TPLINK}.8.0|4|2299100077310"],
               (None, "2.7.1 Build 20990101", "2299100077310")),
    "peplink": ("1.3.6.1.4.1.23695.77", [f"{PEPLINK}.1.0|4|Balance QX-30", f"{PEPLINK}.2.0|4|1A2B-3C4D-5E6F",
                                        f"{PEPLINK}.3.0|4|9.1.2 build 5500"],
                ("Balance QX-30", "9.1.2 build 5500", "1A2B-3C4D-5E6F")),
    # The DSL card's firmware is not the device's software, even where the device's is blank.
    "patton": ("1.3.6.1.4.1.1768.100.4.77", [f"{PATTON}.1.0|4|00A0BA77AA01", f"{PATTON}.5.0|4| ",
                                            f"{PATTON}.6.0|4|SN7700/4B", f"{PATTON}.7.0|4|DSL 3.1"],
               ("SN7700/4B", None, "00A0BA77AA01")),
    "silverpeak": ("1.3.6.1.4.1.23867.1.2.77", [f"{SILVERPEAK}.1.0|4|9.0.1.0_88001", f"{SILVERPEAK}.2.0|4|EC-QX",
                                               f"{SILVERPEAK}.6.0|4|00-1B-BC-77-00-01"],
                   ("EC-QX", "9.0.1.0_88001", "00-1B-BC-77-00-01")),
    # The product version (model and hardware release) is no software version: the ROS release is, else the device's.
    "raisecom": ("1.3.6.1.4.1.8886.23.77", [f"{RAISECOM}.1.0|4|ROS_7.1.2_20990101",
                                           f"{RAISECOM}.4.0|4|QX0077S20990A0001",
                                           f"{RAISECOM}.6.0|4|QX700-C-R P100R001C00"],
                 (None, "ROS_7.1.2_20990101", "QX0077S20990A0001")),
    "raisecom-soft-version": ("1.3.6.1.4.1.8886.23.77", [f"{RAISECOM}.6.0|4|QX700-C-R P100R001C00",
                                                        f"{RAISECOM}.11.0|4|7.1.2"], (None, "7.1.2", None)),
    # The label stored as the system's model (a shelf's name, set with the site's) is no model.
    "eltek-enexus": ("1.3.6.1.4.1.12148.10", [f"{ENEXUS}.4.0|4|Example Co", f"{ENEXUS}.6.0|4|QX_RECT_01",
                                             f"{ENEXUS}.7.0|4|990077001122"], (None, None, "990077001122")),
    "emerson-ees": ("1.3.6.1.4.1.6302.2.1", [f"{EES}.1.0|4|Example", f"{EES}.2.0|4|NetSure QX",
                                            f"{EES}.3.0|4|QX 9.1.2", f"{EES}.6.0|4|0320099001"],
                    ("NetSure QX", "QX 9.1.2", "0320099001")),
    # The first group (the basic unit) states the serial; a group's software version is no device's release.
    "hirschmann": ("1.3.6.1.4.1.248.14.10.77", [f"{HIRSCHMANN}.5.1|4|SW: QX-09.0.01",
                                               f"{HIRSCHMANN}.10.1|4|943000770001",
                                               f"{HIRSCHMANN}.10.2|4|943000770002"], (None, None, "943000770001")),
    "proware": ("1.3.6.1.4.1.14752.1.3", [f"{PROWARE}.1.0|4|ARC-7700", f"{PROWARE}.2.0|4|QX-7700B",
                                         f"{PROWARE}.3.0|4|A77QXRAID0001", f"{PROWARE}.4.0|4|V9.10 2099-01-01"],
                ("QX-7700B", "V9.10 2099-01-01", "A77QXRAID0001")),
    "montclair": ("1.3.6.1.4.1.1385", [f"{MONTCLAIR}.1.0|4|Example", f"{MONTCLAIR}.2.0|4|QXFA-S-17-1",
                                      f"{MONTCLAIR}.3.0|4|0001077001", f"{MONTCLAIR}.4.0|4|9.2"],
                  ("QXFA-S-17-1", "9.2", "0001077001")),
    # The module's serial (its LTE modem's) is not the device's.
    "zmtel": ("1.3.6.1.4.1.38595.10", [f"{ZMTEL}.3.0|4|QT-770", f"{ZMTEL}.6.0|4|QXMOD0000001",
                                      f"{ZMTEL}.7.0|4|QT-77001-9.9.9-R1"], ("QT-770", "QT-77001-9.9.9-R1", None)),
    "zmtel-serial": ("1.3.6.1.4.1.38595.10", [f"{ZMTEL}.5.0|4|QTIZT000770001", f"{ZMTEL}.6.0|4|QXMOD0000001"],
                     (None, None, "QTIZT000770001")),
    "venturi": ("1.3.6.1.4.1.3382.11.1.77", [f"{VENTURI}.2.0|4|9.7.1.55", f"{VENTURI}.8.0|4|QX770001"],
                (None, "9.7.1.55", "QX770001")),
    "ifotec": ("1.3.6.1.4.1.21362.100.1.77", [f"{IFOTEC}.2.1|4|QXPOE-4GP", f"{IFOTEC}.5.1|4|0077",
                                             f"{IFOTEC}.7.1|4|9.0.1a"], ("QXPOE-4GP", "9.0.1a", "0077")),
    # The boot loader's version is not the firmware's.
    "2n-helios": ("1.3.6.1.4.1.6530.77", [f"{HELIOS}.1.0|4|2N IP Example", f"{HELIOS}.3.0|4|54-7777-0001",
                                         f"{HELIOS}.5.0|4|9.8.0.1.1"], ("2N IP Example", None, "54-7777-0001")),
    "2n-helios-firmware": ("1.3.6.1.4.1.6530.77", [f"{HELIOS}.4.0|4|9.22.0.1.1", f"{HELIOS}.5.0|4|9.8.0.1.1"],
                           (None, "9.22.0.1.1", None)),
    # A placeholder where the serial belongs gives none.
    "hirschmann-placeholder": ("1.3.6.1.4.1.248.14.10.77", [f"{HIRSCHMANN}.10.1|4|N/A"], (None, None, None)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_makers_identity_group_names_a_product_no_row_knows(case: str) -> None:
    oid, rows, want = CASES[case]
    obs = general([*system("Example device", oid), *rows])
    assert (obs.device["model"], obs.device["os_version"], obs.device["serial"]) == want, obs.device["evidence"]
    if want[2] is not None:
        assert "gen_serials" in obs.device["evidence"]["serial"], obs.device["evidence"]
