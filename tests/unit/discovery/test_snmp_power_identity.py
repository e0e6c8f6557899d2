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
    ],
    ids=["epdu-g3", "epdu-ma"],
)
def test_eaton_epdu_generations_name_their_model_version_and_serial(
        oid: str, rows: list[str], want: tuple[str | None, ...]) -> None:
    obs = run([*system("Eaton ePDU", oid), *rows])
    assert identity(obs) == want, obs.device["evidence"]
