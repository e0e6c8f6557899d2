"""Hostile answers to the power rows of Geist GEIST-V4-MIB Remote Power Managers and APC ATS output banks: negative,
beyond any device, past 32 and 64 bits (a Counter64 at its wrap), not a number, bytes. Each gives no number, never
a sum of the rest, never an exception."""

from __future__ import annotations

import pytest

from govops.collectors.power_model import total_for
from govops.collectors.power_snmp import compose
from govops.collectors.power_snmp_access import SnmpValue

SYS_OID = "1.3.6.1.2.1.1.2.0"
RPM = "1.3.6.1.4.1.21239.5.1.10.1"  # rpmSensorEntry: 4 Avail, 5 Energy (kWh), 11 RealPower (W)
ATS_BANK = "1.3.6.1.4.1.318.1.1.8.5.4.5.1"  # atsOutputBankEntry: 3 kind, 15 power (W)
HOSTILE_NUMBERS: list[SnmpValue] = [-1, -(2**31), 2**32 - 1, 2**63, 2**64 - 1, 10**30, "abc", "12 W", "\xff\x00", "",
                                    None, "nan", "inf", "1e400"]


@pytest.mark.parametrize("value", HOSTILE_NUMBERS, ids=repr)
def test_a_geist_rpm_answering_a_hostile_power_gives_no_number(value: SnmpValue) -> None:
    r = compose("rpm", {SYS_OID: "1.3.6.1.4.1.21239.42.1.32", f"{RPM}.4.1": 1, f"{RPM}.11.1": value,
                        f"{RPM}.4.2": 1, f"{RPM}.11.2": 130})
    assert sorted(p.watts is None for p in r.points if p.point == "pdu_output") == [False, True]
    assert total_for(r.points, "pdu_output").watts is None  # never the sum of the rest


# Gauge32's top (2**32 - 1 kWh, 4.3 TWh) is within MAX_KWH, the one bound for every energy row: read.
@pytest.mark.parametrize("value", [v for v in HOSTILE_NUMBERS if v not in (2**32 - 1,)], ids=repr)
def test_a_geist_rpm_answering_a_hostile_energy_gives_no_number(value: SnmpValue) -> None:
    r = compose("rpm", {SYS_OID: "1.3.6.1.4.1.21239.42.1.32", f"{RPM}.4.1": 1, f"{RPM}.5.1": value})
    assert [p.energy_kwh for p in r.points if p.point == "pdu_output"] == [None]


@pytest.mark.parametrize("avail", [-1, 2, 2**64 - 1, "available", "\x01", None], ids=repr)
def test_a_geist_rpm_whose_availability_is_not_available_1_gives_no_number_unless_absent(avail: SnmpValue) -> None:
    r = compose("rpm", {SYS_OID: "1.3.6.1.4.1.21239.42.1.32", f"{RPM}.4.1": avail, f"{RPM}.11.1": 420})
    # An agent without the gate column is read as the MIB's other rows are; any other answer there is no "available".
    assert [p.watts for p in r.points] == ([420.0] if avail is None else [None])


@pytest.mark.parametrize("value", HOSTILE_NUMBERS, ids=repr)
def test_an_apc_ats_answering_a_hostile_bank_power_gives_no_number(value: SnmpValue) -> None:
    r = compose("ats", {SYS_OID: "1.3.6.1.4.1.318.1.3.11", f"{ATS_BANK}.3.1": 1, f"{ATS_BANK}.15.1": value,
                        f"{ATS_BANK}.3.2": 2, f"{ATS_BANK}.15.2": value})
    assert total_for(r.points, "pdu_output").watts is None
    assert [p.watts for p in r.points if p.point == "circuit"] == [None]


@pytest.mark.parametrize("kind", [-1, 0, 4, 2**64 - 1, "total", "\x01", None], ids=repr)
def test_an_apc_ats_bank_of_no_known_kind_is_neither_total_nor_bank(kind: SnmpValue) -> None:
    r = compose("ats", {SYS_OID: "1.3.6.1.4.1.318.1.3.11", f"{ATS_BANK}.3.1": kind, f"{ATS_BANK}.15.1": 1530})
    assert list(r.points) == []
