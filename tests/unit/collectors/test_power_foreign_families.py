"""Power of the foreign PDU and UPS families issue 13 names, on made-up walk fragments shaped as each MIB.

Each case fails without the catalogue row it covers: the documented object is read in the MIB's UNITS, a
unit's total is never added to its own phases or outlets, and an unavailable row gives no number.
"""

from __future__ import annotations

import pytest

from govops.collectors.power_model import total_for
from govops.collectors.power_snmp import compose
from govops.collectors.power_snmp_access import SnmpValue

SYS_OID = "1.3.6.1.2.1.1.2.0"
WATCHDOG = "1.3.6.1.4.1.21239.5.1"  # GEIST-V4-MIB watchdog100
RPM = f"{WATCHDOG}.10.1"  # rpmSensorEntry: 4 Avail, 5 Energy (kWh), 11 RealPower (W), 12 ApparentPower (VA)


def watchdog(values: dict[str, SnmpValue]) -> dict[str, SnmpValue]:
    return {SYS_OID: "1.3.6.1.4.1.21239.42.1.32", **{f"{RPM}.{k}": v for k, v in values.items()}}


def test_a_geist_v4_watchdog_reads_each_remote_power_manager_in_watts_and_kwh() -> None:
    # Two RPMs on one monitor: each delivers its own load, so the two add up; the VA column is never read.
    r = compose("watchdog", watchdog({"4.1": 1, "5.1": 310, "11.1": 420, "12.1": 465,
                                      "4.2": 1, "5.2": 95, "11.2": 130, "12.2": 150}))
    got = sorted((p.watts, p.energy_kwh) for p in r.points if p.point == "pdu_output")
    assert got == [(130.0, 95.0), (420.0, 310.0)]
    assert total_for(r.points, "pdu_output").watts == 550.0


def test_a_geist_v4_rpm_that_is_unavailable_gives_no_number() -> None:
    # rpmSensorAvail 0 (unavailable): the stale 0 W beside it is no reading, and the sum is not made of the rest.
    r = compose("watchdog", watchdog({"4.1": 1, "11.1": 420, "4.2": 0, "11.2": 0}))
    assert sorted((p.watts is None) for p in r.points) == [False, True]
    assert total_for(r.points, "pdu_output").watts is None


UPS_OUT = "1.3.6.1.2.1.33.1.4.4.1"  # UPS-MIB upsOutputEntry: 3 current (0.1 A), 4 power (W)
ENT_SENSOR = "1.3.6.1.2.1.99.1.1.1"  # ENTITY-SENSOR-MIB entPhySensorEntry: 1 type (6 watts), 2 scale (9 units), 4 value


def psu_sensor(index: int, watts: int) -> dict[str, SnmpValue]:
    """An ENTITY-SENSOR-MIB watts sensor on a component the agent does not call a power supply."""
    return {f"{ENT_SENSOR}.1.{index}": 6, f"{ENT_SENSOR}.2.{index}": 9, f"{ENT_SENSOR}.3.{index}": 0,
            f"{ENT_SENSOR}.4.{index}": watts, f"{ENT_SENSOR}.5.{index}": 1}


@pytest.mark.parametrize("sensors", [False, True], ids=["no-entity-sensor", "entity-sensor"])
@pytest.mark.parametrize(("sys_oid", "vendor_total"), [
    ("1.3.6.1.4.1.534.1", "1.3.6.1.4.1.534.1.4.9.3.0"),  # XUPS-MIB xupsOutputTotalWatts (W)
    ("1.3.6.1.4.1.3808.1.1.1", "1.3.6.1.4.1.3808.1.1.1.4.2.5.0"),  # CPS-MIB upsAdvanceOutputPower (W)
])
def test_a_ups_reads_ups_mib_first_and_its_vendor_total_only_in_its_place(
        sys_oid: str, vendor_total: str, sensors: bool) -> None:
    extra = psu_sensor(7, 35) if sensors else {}
    both = compose("ups", {SYS_OID: sys_oid, f"{UPS_OUT}.4.1": 1480, f"{UPS_OUT}.3.1": 65, vendor_total: 1500,
                           **extra})
    assert total_for(both.points, "ups_output").watts == 1480.0  # UPS-MIB's line, never line + vendor total
    alone = compose("ups", {SYS_OID: sys_oid, vendor_total: 1500, **extra})
    assert total_for(alone.points, "ups_output").watts == 1500.0
    # A component's sensor is its own point, never part of what the UPS delivers.
    assert [p.watts for p in alone.points if p.point == "component"] == ([35.0] if sensors else [])


def test_an_apc_rpdu2_reads_hundredths_of_kw_and_uses_its_device_total() -> None:
    # PowerNet-MIB rPDU2DeviceStatusPower and rPDU2PhaseStatusPower: hundredths of kW; rPDU2OutletMeteredStatusPower W.
    r = compose("rpdu", {SYS_OID: "1.3.6.1.4.1.318.1.3.4.6", "1.3.6.1.4.1.318.1.1.26.4.3.1.5.1": 186,
                         **{f"1.3.6.1.4.1.318.1.1.26.6.3.1.7.{i}": kw for i, kw in ((1, 61), (2, 64), (3, 61))},
                         "1.3.6.1.4.1.318.1.1.26.9.4.3.1.7.4": 212})
    assert {p.phase: p.watts for p in r.points if p.point == "pdu_output"} == {
        "total": 1860.0, "L1": 610.0, "L2": 640.0, "L3": 610.0}
    assert total_for(r.points, "pdu_output").watts == 1860.0  # the device total, not total + phases
    assert [p.watts for p in r.points if p.point == "outlet"] == [212.0]


def test_an_eaton_epdu_reads_its_input_total_and_only_the_phase_rows_of_its_power_table() -> None:
    # EATON-EPDU-MIB inputTotalWatts (strapping.input) and inputPowerTable rows typed by inputPowerMeasType
    # (1-3 phases, 4 total: the total row is inputTotalWatts's, never read twice).
    power = "1.3.6.1.4.1.534.6.6.7.3.4.1"
    rows: dict[str, SnmpValue] = {}
    for i, (kind, watts) in enumerate(((1, 700), (2, 650), (3, 720), (4, 2070)), start=1):
        rows |= {f"{power}.2.0.1.{i}": kind, f"{power}.4.0.1.{i}": watts}
    r = compose("epdu", {SYS_OID: "1.3.6.1.4.1.534.6.6.7", "1.3.6.1.4.1.534.6.6.7.3.5.1.4.0.1": 2070, **rows})
    assert sorted((p.phase or "", p.watts) for p in r.points if p.point == "pdu_output") == [
        ("L1", 700.0), ("L2", 650.0), ("L3", 720.0), ("total", 2070.0)]
    assert total_for(r.points, "pdu_output").watts == 2070.0


ATS_BANK = "1.3.6.1.4.1.318.1.1.8.5.4.5.1"  # PowerNet-MIB atsOutputBankEntry: 3 kind, 15 atsOutputBankPower (W)


def test_an_apc_ats_reads_its_total_bank_row_and_keeps_the_banks_apart() -> None:
    r = compose("ats", {SYS_OID: "1.3.6.1.4.1.318.1.3.11",
                        **{f"{ATS_BANK}.3.{i}": kind for i, kind in ((1, 1), (2, 2), (3, 3))},
                        **{f"{ATS_BANK}.15.{i}": watts for i, watts in ((1, 1530), (2, 910), (3, 620))}})
    assert total_for(r.points, "pdu_output").watts == 1530.0  # the total row, not total + banks
    assert sorted(p.watts or 0.0 for p in r.points if p.point == "circuit") == [620.0, 910.0]


def test_an_apc_ats_negative_bank_power_is_no_reading() -> None:
    r = compose("ats", {SYS_OID: "1.3.6.1.4.1.318.1.3.11", f"{ATS_BANK}.3.1": 1, f"{ATS_BANK}.15.1": -1})
    assert total_for(r.points, "pdu_output").watts is None


HP_METER = "1.3.6.1.4.1.232.6.2.15"  # CPQHLTH-MIB cpqHePowerMeter: 2 status (present 2, absent 3), 3 reading (W)
HP_PSU_USED = "1.3.6.1.4.1.232.6.2.9.3.1.7"  # cpqHeFltTolPowerSupplyCapacityUsed (W per supply)


def test_an_hpe_server_total_is_its_power_meter_and_its_supplies_stay_a_breakdown() -> None:
    r = compose("ilo", {SYS_OID: "1.3.6.1.4.1.232.9.4.11", f"{HP_METER}.2.0": 2, f"{HP_METER}.3.0": 342,
                        f"{HP_PSU_USED}.0.1": 160, f"{HP_PSU_USED}.0.2": 171})
    assert total_for(r.points, "it_input").watts == 342.0  # the meter, not meter + supplies
    assert sorted(p.watts or 0.0 for p in r.points if p.phase != "total") == [160.0, 171.0]
    supplies_only = compose("ilo", {f"{HP_PSU_USED}.0.1": 160, f"{HP_PSU_USED}.0.2": 171})
    assert total_for(supplies_only.points, "it_input").watts == 331.0


def test_an_hpe_power_meter_without_data_gives_no_number() -> None:
    # -1: no meter on this system; 0 while cpqHePowerMeterStatus is absent(3): no data at this time.
    for values in ({f"{HP_METER}.3.0": -1}, {f"{HP_METER}.2.0": 3, f"{HP_METER}.3.0": 0}):
        r = compose("ilo", {SYS_OID: "1.3.6.1.4.1.232.9.4.11", **values})
        assert total_for(r.points, "it_input").watts is None
