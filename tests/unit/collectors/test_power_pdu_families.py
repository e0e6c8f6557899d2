"""PDU power rows of the families issue 13 names, on second devices of each family written in their MIBs' shapes
(values made up): a Rittal CMC-III metered PDU's energy meters beside its power (RITTAL-CMC-III-MIB cmcIIIVarTable,
variables named by place then quantity), three-phase units, chains of units, and scale variants."""

from __future__ import annotations

import pytest

from govops.collectors.power_model import total_for
from govops.collectors.power_snmp import compose
from govops.collectors.power_snmp_access import SnmpValue

SYS_OID = "1.3.6.1.2.1.1.2.0"
CMC3 = "1.3.6.1.4.1.2606.7.4.2.2.1"  # cmcIIIVarEntry: 3 name, 5 unit, 7 scale, 11 value (Integer32), 14 quality

# device.variable -> (cmcIIIVarName, cmcIIIVarUnit, cmcIIIVarScale, cmcIIIVarValueInt): a three-phase metered PDU on
# device 1 of its own CMC-III controller, each place's power then its energy meters (the total one, the user's
# resettable 'Custom' one), and what is no active power or energy.
PDU_MET: dict[str, tuple[str, str, int, int]] = {
    "1.12": ("Unit.Power.Active.Value", "W", 1, 3182),
    "1.20": ("Unit.Energy.Active.Value", "kWh", -10, 91734),
    "1.22": ("Unit.Energy.Active Custom.Value", "kWh", -10, 120),
    "1.21": ("Unit.Energy.Active.Runtime.Value", "s", 1, 40011223),
    "1.45": ("Phase L1.Power.Active.Value", "W", 1, 1210),
    "1.54": ("Phase L1.Power.Apparent.Value", "VA", 1, 1302),
    "1.55": ("Phase L1.Energy.Active.Value", "kWh", -10, 35120),
    "1.57": ("Phase L1.Energy.Apparent.Value", "kVAh", -10, 37777),
    "1.78": ("Phase L2.Power.Active.Value", "W", 1, 1003),
    "1.88": ("Phase L2.Energy.Active.Value", "kWh", -10, 29801),
    "1.111": ("Phase L3.Power.Active.Value", "W", 1, 969),
    "1.121": ("Phase L3.Energy.Active.Value", "kWh", -10, 26813),
    "1.150": ("Socket 01.Power.Active.Value", "W", 1, 212),
    "1.160": ("Socket 01.Energy.Active.Value", "kWh", -100, 81234),
    "1.181": ("Socket 02.Power.Active.Value", "W", 1, 0),
    "1.191": ("Socket 02.Energy.Active.Value", "kWh", -100, 7),
}


def cmc3(variables: dict[str, tuple[str, str, int, int]], **quality: int) -> dict[str, SnmpValue]:
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.2606.7"}
    for index, (name, unit, scale, value) in variables.items():
        values |= {f"{CMC3}.3.{index}": name, f"{CMC3}.5.{index}": unit, f"{CMC3}.7.{index}": scale,
                   f"{CMC3}.11.{index}": value}
    values |= {f"{CMC3}.14.{index}": q for index, q in quality.items()}
    return values


def test_a_rittal_pdu_pairs_each_place_s_power_with_its_active_energy_meter() -> None:
    r = compose("pdu-met", cmc3(PDU_MET))
    got = {p.phase: (p.watts, p.energy_kwh) for p in r.points if p.point == "pdu_output"}
    assert got == {
        "total": (3182.0, 9173.4),  # 91734 x scale -10; not the Custom counter, not the runtime's seconds
        "L1": (1210.0, 3512.0),  # not 1302 VA, not 3777.7 kVAh
        "L2": (1003.0, 2980.1),
        "L3": (969.0, 2681.3),
    }
    outlets = sorted((p.watts, p.energy_kwh) for p in r.points if p.point == "outlet")
    assert outlets == [(0.0, 0.07), (212.0, 812.34)]  # scale -100: hundredths of kWh
    assert all(not p.resettable for p in r.points)  # 'Energy.Active' is the meter; the Custom counter is never read
    total = total_for(r.points, "pdu_output")
    assert (total.watts, total.energy_kwh) == (3182.0, 9173.4)  # the unit's, never the phases added to it
    unit = next(p for p in r.points if p.phase == "total")
    assert unit.oids == (f"{CMC3}.11.1.12", f"{CMC3}.11.1.20")


def test_two_pdus_on_one_controller_keep_their_places_apart() -> None:
    # A CMC-III processing unit (device 1) with two metered PDUs on its bus (devices 2 and 3): each has its own
    # Unit and Socket 01; a place's power and energy meet within one device only.
    second = {f"2.{i.split('.')[1]}": v for i, v in PDU_MET.items() if v[0].startswith(("Unit.", "Socket 01."))}
    third = {f"3.{i.split('.')[1]}": (n, u, s, v * 2) for i, (n, u, s, v) in second.items()}
    r = compose("pu", cmc3({**second, **third}))
    units = sorted((p.watts, p.energy_kwh) for p in r.points if p.phase == "total")
    assert units == [(3182.0, 9173.4), (6364.0, 18346.8)]
    assert total_for(r.points, "pdu_output").watts == 9546.0
    assert sorted((p.watts, p.energy_kwh) for p in r.points if p.point == "outlet") == [(212.0, 812.34),
                                                                                      (424.0, 1624.68)]


@pytest.mark.parametrize(("quality", "energy"), [(22, None), (2, 9173.4)])
def test_a_rittal_energy_meter_whose_quality_is_no_value_gives_no_energy(quality: int, energy: float | None) -> None:
    r = compose("pdu-met", cmc3(PDU_MET, **{"1.20": quality, "1.12": 2}))
    unit = next(p for p in r.points if p.phase == "total")
    assert (unit.watts, unit.energy_kwh) == (3182.0, energy)


PHASE = "1.3.6.1.4.1.1718.4.1.5.3.1"  # Sentry4-MIB st4PhaseMonitorEntry: 8 active power (W), 9 VA, 13 energy (0.1 kWh)
CORD = "1.3.6.1.4.1.1718.4.1.3.3.1"  # st4InputCordMonitorEntry: 3 active power (W), 10 energy (0.1 kWh)


def test_a_sentry4_three_phase_cord_pairs_each_phase_s_watts_with_its_energy() -> None:
    # Unit A, cord 1: a Wye & Delta unit (st4PhaseIndex L1-N..L3-N = 1-3, L1-L2..L3-L1 = 4-6); phase 2's meter not
    # available (-1); the VA column never read.
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.1718.4", f"{CORD}.3.1.1": 4180, f"{CORD}.10.1.1": 123456}
    for phase, (watts, tenth_kwh) in {1: (1200, 40012), 2: (1010, -1), 3: (980, 39001), 4: (330, 2210),
                                      5: (0, 0), 6: (660, 4105)}.items():
        values |= {f"{PHASE}.8.1.1.{phase}": watts, f"{PHASE}.9.1.1.{phase}": watts + 90,
                   f"{PHASE}.13.1.1.{phase}": tenth_kwh}
    r = compose("pro2", values)
    phases = sorted(((p.phase or "-"), p.watts, p.energy_kwh) for p in r.points if "phase" in p.instance)
    assert phases == [("-", 0.0, 0.0), ("-", 330.0, 221.0), ("-", 660.0, 410.5),
                      ("L1", 1200.0, 4001.2), ("L2", 1010.0, None), ("L3", 980.0, 3900.1)]
    total = total_for(r.points, "pdu_output")
    assert (total.watts, total.energy_kwh) == (4180.0, 12345.6)  # the cord's, never its phases added to it


PX = "1.3.6.1.4.1.13742.6"  # PDU2-MIB
INLET, INLET_DIGITS = f"{PX}.5.2.3.1", f"{PX}.3.3.4.1.7"  # measurements (2 available, 4 value); decimal digits
CIRCUIT, CIRCUIT_DIGITS = f"{PX}.5.8.3.1", f"{PX}.3.11.4.1.7"  # circuitSensorMeasurementsEntry; its decimal digits


def test_a_raritan_bcm2_reads_its_meter_s_mains_and_keeps_its_branch_circuits_apart() -> None:
    # A BCM2: main controller pduId 0 (no inlet), power meter pduId 3 (rotary switch) with one inlet, three branch
    # circuits (circuitId: the smallest panel position they occupy, 1, 3 and 7); sensorType activePower(5) and
    # activeEnergy(8), rmsCurrent(1) never read; circuit 7's power sensor unavailable.
    values: dict[str, SnmpValue] = {SYS_OID: PX, f"{INLET}.4.3.1.5": 48120, f"{INLET_DIGITS}.3.1.5": 1,
                                    f"{INLET}.2.3.1.5": 1, f"{INLET}.4.3.1.8": 912345678, f"{INLET_DIGITS}.3.1.8": 0}
    for circuit, (tenth_watts, wh, available) in {1: (21040, 5_500_000, 1), 3: (9870, 2_100_000, 1),
                                                  7: (0, 12_000, 2)}.items():
        values |= {f"{CIRCUIT}.4.3.{circuit}.5": tenth_watts, f"{CIRCUIT_DIGITS}.3.{circuit}.5": 1,
                   f"{CIRCUIT}.2.3.{circuit}.5": available, f"{CIRCUIT}.4.3.{circuit}.8": wh,
                   f"{CIRCUIT_DIGITS}.3.{circuit}.8": 0, f"{CIRCUIT}.4.3.{circuit}.1": 912,
                   f"{CIRCUIT_DIGITS}.3.{circuit}.1": 2}
    r = compose("bcm2", values)
    circuits = sorted((p.instance, p.watts, p.energy_kwh, p.resettable) for p in r.points if p.point == "circuit")
    assert circuits == [("raritan.pdu2.circuit/3.1", 2104.0, 5500.0, True),
                        ("raritan.pdu2.circuit/3.3", 987.0, 2100.0, True),
                        ("raritan.pdu2.circuit/3.7", None, 12.0, True)]  # IsAvailable false(2): no watts
    total = total_for(r.points, "pdu_output")
    assert (total.watts, total.energy_kwh) == (4812.0, 912345.678)  # the meter's mains, no circuit added to it


IEC = "1.3.6.1.4.1.21239.2.25.1"  # GEIST-MIB-V3 ctrl3ChIECEntry: 4 Avail, kWh 5/13/21 and W 10/18/26 per phase, 29/30


def test_a_geist_v3_iec_unit_pairs_each_phase_s_watts_with_its_kwh_and_an_unplugged_unit_reads_nothing() -> None:
    # Two IEC units on one monitor: unit 1 plugged in (Avail 1), unit 2 not (Avail 0), still answering zeros.
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.21239.2"}
    for unit, avail, scale in ((1, 1, 1), (2, 0, 0)):
        values |= {f"{IEC}.4.{unit}": avail, f"{IEC}.30.{unit}": 3300 * scale, f"{IEC}.29.{unit}": 8123 * scale}
        for (w_col, kwh_col), (watts, kwh) in zip(((10, 5), (18, 13), (26, 21)),
                                                  ((1200, 3001), (1000, 2502), (1100, 2620)), strict=True):
            values |= {f"{IEC}.{w_col}.{unit}": watts * scale, f"{IEC}.{kwh_col}.{unit}": kwh * scale,
                       f"{IEC}.{w_col + 1}.{unit}": watts * scale + 80}  # the phase's VA, never read
    r = compose("geist-iec", values)
    unit1 = sorted((p.phase, p.watts, p.energy_kwh) for p in r.points if p.instance.endswith("/1"))
    assert unit1 == [("L1", 1200.0, 3001.0), ("L2", 1000.0, 2502.0), ("L3", 1100.0, 2620.0),
                     ("total", 3300.0, 8123.0)]
    unit2 = [(p.watts, p.energy_kwh) for p in r.points if p.instance.endswith("/2")]
    assert unit2 and all(v == (None, None) for v in unit2)  # not plugged in: no reading, never 0 W
    assert total_for(r.points, "pdu_output").watts is None  # one unit unknown: the device total is unknown


CTRL3CH = "1.3.6.1.4.1.21239.2.14.1"  # GEIST-MIB-V3 ctrl3ChEntry: 4 Avail, RealPower A/B/C 9/16/23 (W)


@pytest.mark.parametrize(("avail", "watts"), [(1, 3300.0), (0, None), (None, 3300.0)])
def test_a_geist_v3_three_phase_control_unit_not_plugged_in_is_no_reading(avail: int | None,
                                                                          watts: float | None) -> None:
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.21239.2", f"{CTRL3CH}.9.1": 1200, f"{CTRL3CH}.16.1": 1000,
                                    f"{CTRL3CH}.23.1": 1100}
    if avail is not None:  # no cell: an agent without the column reads as before
        values[f"{CTRL3CH}.4.1"] = avail
    assert total_for(compose("geist-3ch", values).points, "pdu_output").watts == watts
