"""Power rows checked object by object against their makers' MIB text (issue 13), on made-up walk fragments.

Each test fails without the row it covers; bad raw values (negative, text, NULL, beyond any device) give no reading
and say why, never a number.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from govops.collectors.power_model import total_for
from govops.collectors.power_snmp import compose, discover
from govops.collectors.power_snmp_access import RecordedAccess, SnmpValue
from govops.snmp.recorded import RecordedAgent

SYS_OID = "1.3.6.1.2.1.1.2.0"
UPS_MIB_OUTPUT_POWER = "1.3.6.1.2.1.33.1.4.4.1.4"
SOCOMEC_LINE_KW = "1.3.6.1.4.1.4555.1.1.7.1.4.4.1.6"  # SOCOMECUPS-MIB upsOutputKw, 0.1 kW
SOCOMEC_LINE_KVA = "1.3.6.1.4.1.4555.1.1.7.1.4.4.1.5"  # upsOutputKva, 0.1 kVA: never read
SOCOMEC_GLOBAL_KW = "1.3.6.1.4.1.4555.1.1.7.1.4.6.0"  # upsOutputGlobalkW, 0.1 kW
SOCOMEC_GLOBAL_KVA = "1.3.6.1.4.1.4555.1.1.7.1.4.5.0"  # upsOutputGlobalkVA: never read
SENTRY3_OUTLET = "1.3.6.1.4.1.1718.3.2.3.1"  # outletEntry: 14 outletPower (W), 15 apparent (VA), 18 energy (Wh)


def socomec(values: dict[str, SnmpValue]) -> dict[str | None, float | None]:
    r = compose("netvision", {SYS_OID: "1.3.6.1.4.1.4555.1.1.1", **values})
    return {p.phase: p.watts for p in r.points if p.point == "ups_output"}


def test_a_socomec_ups_reads_its_lines_and_global_output_in_tenths_of_kw() -> None:
    lines = {f"{SOCOMEC_LINE_KW}.{i}": kw for i, kw in ((1, 41), (2, 38), (3, 44))}
    kva = {f"{SOCOMEC_LINE_KVA}.1": 47, SOCOMEC_GLOBAL_KVA: 139}
    assert socomec({**lines, **kva}) == {"L1": 4100.0, "L2": 3800.0, "L3": 4400.0}
    r = compose("netvision", {**lines, **kva, SOCOMEC_GLOBAL_KW: 124})
    assert total_for(r.points, "ups_output").watts == 12400.0  # the global total, not lines + total


def test_socomec_rows_stand_in_only_where_ups_mib_gives_no_output_power() -> None:
    ups_mib = {f"{UPS_MIB_OUTPUT_POWER}.{i}": w for i, w in ((1, 4080), (2, 3790))}
    r = compose("netvision", {**ups_mib, f"{SOCOMEC_LINE_KW}.1": 41, f"{SOCOMEC_LINE_KW}.2": 38,
                              SOCOMEC_GLOBAL_KW: 79})
    assert [p.source.split("::")[0] for p in r.points] == ["UPS-MIB"] * 2  # the same output never counted twice
    assert total_for(r.points, "ups_output").watts == 7870.0


@pytest.mark.parametrize("bad", [-3, "4.1", "4.1 kW", None, 10**15])
def test_a_socomec_value_that_is_not_a_reading_gives_none(bad: SnmpValue) -> None:
    r = compose("netvision", {f"{SOCOMEC_LINE_KW}.1": bad, f"{SOCOMEC_LINE_KW}.2": 38})
    assert {p.phase: p.watts for p in r.points} == {"L1": None, "L2": 3800.0}
    assert total_for(r.points, "ups_output").watts is None  # never a partial sum
    (missing,) = [p.source for p in r.points if p.watts is None]
    assert "upsOutputKw.1 (" in missing  # says which object and why


def test_a_sentry3_outlet_pairs_its_watts_with_its_watt_hours() -> None:
    r = compose("cdu", {SYS_OID: "1.3.6.1.4.1.1718.3", f"{SENTRY3_OUTLET}.14.1.1.1": 96,
                        f"{SENTRY3_OUTLET}.15.1.1.1": 104, f"{SENTRY3_OUTLET}.18.1.1.1": 250_600})
    (p,) = r.points
    assert (p.point, p.watts, p.energy_kwh, p.resettable) == ("outlet", 96.0, 250.6, False)


@pytest.mark.parametrize("bad", [-1, -7, "250 Wh", None])
def test_a_sentry3_outlet_energy_that_is_not_a_reading_gives_none(bad: SnmpValue) -> None:
    r = compose("cdu", {SYS_OID: "1.3.6.1.4.1.1718.3", f"{SENTRY3_OUTLET}.14.1.1.1": 96,
                        f"{SENTRY3_OUTLET}.18.1.1.1": bad})
    (p,) = r.points
    assert (p.watts, p.energy_kwh) == (96.0, None)


EPDU = "1.3.6.1.4.1.534.6.6.7"  # EATON-EPDU-MIB; every table indexed by strappingIndex first (0 = the host unit)


def test_an_eaton_epdu_chain_sums_each_unit_s_input_total_never_its_phases() -> None:
    # inputTotalPowerTable (3.5.1, index strapping.input): inputTotalWatts .4 (inputTotalVA .3 is VA).
    # inputPowerTable (3.4.1, index strapping.input.row): inputPowerMeasType .2 (phase1..3 = 1..3), inputWatts .4.
    values: dict[str, SnmpValue] = {
        SYS_OID: EPDU, f"{EPDU}.3.5.1.4.0.1": 2300, f"{EPDU}.3.5.1.3.0.1": 2450, f"{EPDU}.3.5.1.4.1.1": 1700,
        **{f"{EPDU}.3.4.1.2.0.1.{i}": i for i in (1, 2, 3)},
        **{f"{EPDU}.3.4.1.4.0.1.{i}": w for i, w in ((1, 800), (2, 750), (3, 750))},
    }
    r = compose("g3", values)
    assert {(p.instance, p.phase): p.watts for p in r.points} == {
        ("eaton.epdu.input_total/0.1", "total"): 2300.0, ("eaton.epdu.input_total/1.1", "total"): 1700.0,
        ("eaton.epdu.input_power_l1/0.1.1", "L1"): 800.0, ("eaton.epdu.input_power_l2/0.1.2", "L2"): 750.0,
        ("eaton.epdu.input_power_l3/0.1.3", "L3"): 750.0}
    assert total_for(r.points, "pdu_output").watts == 4000.0  # host + daisy-chained unit, not + their phases


@pytest.mark.parametrize("bad", [-1, -250, "2300 W", None, 10**15])
def test_an_eaton_epdu_watts_object_that_is_not_available_gives_no_reading(bad: SnmpValue) -> None:
    # EATON-EPDU-MIB inputTotalWatts, inputWatts, groupWatts, outletWatts: Integer32, "A negative value indicates
    # that this object is not available".
    r = compose("g3", {SYS_OID: EPDU, f"{EPDU}.3.5.1.4.0.1": bad, f"{EPDU}.3.5.1.4.1.1": 1700,
                       f"{EPDU}.3.4.1.2.0.1.1": 1, f"{EPDU}.3.4.1.4.0.1.1": bad,
                       f"{EPDU}.5.5.1.3.0.2": bad, f"{EPDU}.6.5.1.3.0.7": bad, f"{EPDU}.6.5.1.3.0.8": 45})
    got = {p.instance: p.watts for p in r.points}
    assert got == {"eaton.epdu.input_total/0.1": None, "eaton.epdu.input_total/1.1": 1700.0,
                   "eaton.epdu.input_power_l1/0.1.1": None, "eaton.epdu.group/0.2": None,
                   "eaton.epdu.outlet/0.7": None, "eaton.epdu.outlet/0.8": 45.0}
    total = total_for(r.points, "pdu_output")
    assert total.watts is None and "inputTotalWatts.0.1" in (total.why_missing or "")


ST4 = "1.3.6.1.4.1.1718.4.1"  # Sentry4-MIB: cord monitor 3.3.1 (power .3 W, energy .10 tenth kWh), phase 5.3.1 (.8),
# outlet 8.3.1 (power .7 W, energy .14 Wh); index unit.cord[.phase|.outlet]


@pytest.mark.parametrize("bad", [-2, -500, "1520", None, 10**15])
def test_a_sentry4_value_below_its_range_gives_no_reading(bad: SnmpValue) -> None:
    # Every column read is Integer32(-1..n): -1 is "not available", anything lower is no value either.
    values: dict[str, SnmpValue] = {
        SYS_OID: "1.3.6.1.4.1.1718.4", f"{ST4}.3.3.1.3.1.1": bad, f"{ST4}.3.3.1.10.1.1": bad,
        f"{ST4}.3.3.1.3.2.1": 900, f"{ST4}.5.3.1.8.1.1.1": bad, f"{ST4}.8.3.1.7.1.1.4": bad,
        f"{ST4}.8.3.1.14.1.1.4": bad}
    r = compose("pro2", values)
    got = {p.instance: (p.watts, p.energy_kwh) for p in r.points}
    assert got == {"servertech.sentry4.cord/1.1": (None, None), "servertech.sentry4.cord/2.1": (900.0, None),
                   "servertech.sentry4.phase_power/1.1.1": (None, None),
                   "servertech.sentry4.outlet/1.1.4": (None, None)}
    assert total_for(r.points, "pdu_output").watts is None  # one unit's cord unknown: the chain's total is unknown


PX = "1.3.6.1.4.1.13742.6"  # PDU2-MIB: measurements 5.2.3.1 (inlet), 5.4.3.1 (outlet): .2 IsAvailable, .4 Value;
# decimal digits 3.3.4.1.7 (inlet), 3.5.4.1.7 (outlet); index pduId.inletId|outletId.sensorType (activePower 5)


def px_walk() -> dict[str, SnmpValue]:
    """A two-unit chain: unit 1 and unit 2 one inlet each; unit 1's outlet 2 has no power sensor."""
    values: dict[str, SnmpValue] = {
        SYS_OID: f"{PX}.1", f"{PX}.5.2.3.1.4.1.1.5": 6120, f"{PX}.5.2.3.1.2.1.1.5": 1, f"{PX}.3.3.4.1.7.1.1.5": 1,
        f"{PX}.5.2.3.1.4.2.1.5": 488, f"{PX}.3.3.4.1.7.2.1.5": 0}
    for outlet, (watts, available) in {1: (77, 1), 2: (0, 2)}.items():
        values |= {f"{PX}.5.4.3.1.4.1.{outlet}.5": watts, f"{PX}.5.4.3.1.2.1.{outlet}.5": available,
                   f"{PX}.3.5.4.1.7.1.{outlet}.5": 0}
    return values


def test_a_raritan_sensor_that_is_not_available_gives_no_reading() -> None:
    r = compose("px3", px_walk())
    got = {p.instance: p.watts for p in r.points}
    assert got == {"raritan.pdu2.inlet/1.1": 612.0, "raritan.pdu2.inlet/2.1": 488.0,  # unit 2: no IsAvailable cell
                   "raritan.pdu2.outlet/1.1": 77.0, "raritan.pdu2.outlet/1.2": None}  # false(2): not a measured 0 W
    (why,) = [p.source for p in r.points if p.watts is None]
    assert "sensor not available" in why
    assert total_for(r.points, "pdu_output").watts == 1100.0  # each unit of the chain by its inlet


@pytest.mark.parametrize("flag", [2, 0, "true", None])
def test_a_raritan_inlet_whose_availability_is_not_true_gives_no_reading(flag: SnmpValue) -> None:
    values = {**px_walk(), f"{PX}.5.2.3.1.2.1.1.5": flag}
    inlet = next(p for p in compose("px3", values).points if p.instance == "raritan.pdu2.inlet/1.1")
    assert inlet.watts == (612.0 if flag is None else None)  # no cell: read; any other answer than true(1): not


def test_discovery_reads_and_plans_a_raritan_row_s_availability(tmp_path: Path) -> None:
    walk = tmp_path / "px3.snmprec"
    kinds = {str: 4, int: 2}
    walk.write_text("".join(f"{oid}|{kinds[type(v)]}|{v}\n" for oid, v in sorted(px_walk().items())))
    values, plan = asyncio.run(discover(RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "px3")))
    assert f"{PX}.5.4.3.1.2.1.2.5" in plan.narrowed("outlet").oids
    assert f"{PX}.5.2.3.1.2.1.1.5" in plan.narrowed("pdu_output").oids
    assert {p.instance: p.watts for p in compose("px3", values).points}["raritan.pdu2.outlet/1.2"] is None


V5 = "1.3.6.1.4.1.21239.5.2.3"  # VERTIV-V5-MIB pdu: main 1.1 (.5 pduMainAvail, .9 W, .12 Wh), phase 2.1, breaker 3.1,
# outlet meter 6.1 (each .12 real power W, .15 energy Wh)


@pytest.mark.parametrize(("avail", "watts"), [(1, 3400.0), (0, None), (2, None), ("1", None), (None, 3400.0)])
def test_a_vertiv_pdu_total_counts_only_while_the_pdu_is_available(avail: SnmpValue, watts: float | None) -> None:
    # pduMainAvail: "0 = Unavailable, 1 = Available, 2 = Partially Unavailable"; no cell: the total reads.
    r = compose("rpdu", {SYS_OID: f"{V5}", f"{V5}.1.1.9.1": 3400, f"{V5}.1.1.12.1": 812_500, f"{V5}.1.1.5.1": avail})
    (total,) = r.points
    assert (total.watts, total.energy_kwh) == (watts, None if watts is None else 812.5)
    assert total_for(r.points, "pdu_output").watts == watts


def test_a_vertiv_pdu_pairs_phase_breaker_and_outlet_watts_with_their_watt_hours() -> None:
    values: dict[str, SnmpValue] = {
        SYS_OID: f"{V5}", f"{V5}.1.1.9.1": 3400, f"{V5}.1.1.5.1": 1,
        **{f"{V5}.2.1.12.{i}": w for i, w in ((1, 1200), (2, 1100), (3, 1100))},
        **{f"{V5}.2.1.15.{i}": wh for i, wh in ((1, 400_000), (2, 350_000), (3, 360_000))},
        f"{V5}.3.1.12.1": 900, f"{V5}.3.1.15.1": 90_000, f"{V5}.6.1.12.4": 85, f"{V5}.6.1.15.4": 7_250,
        f"{V5}.2.1.13.1": 1300, f"{V5}.6.1.13.4": 99}  # apparent power (VA) columns: never read
    r = compose("rpdu", values)
    got = {(p.point, p.phase): (p.watts, p.energy_kwh, p.resettable) for p in r.points}
    assert got == {("pdu_output", "total"): (3400.0, None, False), ("pdu_output", "L1"): (1200.0, 400.0, False),
                   ("pdu_output", "L2"): (1100.0, 350.0, False), ("pdu_output", "L3"): (1100.0, 360.0, False),
                   ("circuit", None): (900.0, 90.0, False), ("outlet", None): (85.0, 7.25, True)}
    assert total_for(r.points, "pdu_output").watts == 3400.0  # the PDU's total, never + its phases


XUPS = "1.3.6.1.4.1.534.1"  # XUPS-MIB: xupsInputWatts 3.4.1.4, xupsOutputWatts 4.4.1.4 (index phase), all (0..2^31-1)


@pytest.mark.parametrize("bad", [-1, -3000, "3000", None])
def test_an_eaton_ups_line_below_its_range_gives_no_reading(bad: SnmpValue) -> None:
    r = compose("9px", {SYS_OID: "1.3.6.1.4.1.534.1", f"{XUPS}.4.4.1.4.1": bad, f"{XUPS}.4.4.1.4.2": 2900,
                        f"{XUPS}.3.4.1.4.1": bad, f"{XUPS}.3.4.1.4.2": 3000})
    assert {(p.point, p.phase): p.watts for p in r.points} == {
        ("ups_output", "L1"): None, ("ups_output", "L2"): 2900.0, ("ups_input", "L1"): None,
        ("ups_input", "L2"): 3000.0}
    assert total_for(r.points, "ups_output").watts is None
    # xupsOutputCumulativePowerUsage (4.7.0, Wh) with the output total's watts (4.9.3.0)
    energy = compose("9px", {f"{XUPS}.4.9.3.0": 2900, f"{XUPS}.4.7.0": bad})
    assert [(p.watts, p.energy_kwh) for p in energy.points] == [(2900.0, None)]


CMC3 = "1.3.6.1.4.1.2606.7.4.2.2.1"  # RITTAL-CMC-III-MIB cmcIIIVarEntry: 3 name, 5 unit, 7 scale, 11 value, 14 quality


def cmc3_walk(quality: SnmpValue) -> dict[str, SnmpValue]:
    """A PDU on device 3 of a CMC-III: its unit total (quality under test) and two sockets (ok, no quality cell)."""
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.2606.7"}
    rows = {"3.20": ("Unit.Power.Active.Value", -10, 0), "3.41": ("Socket 01.Power.Active.Value", 1, 180),
            "3.44": ("Socket 02.Power.Active.Value", 1, 95)}
    for index, (name, scale, value) in rows.items():
        values |= {f"{CMC3}.3.{index}": name, f"{CMC3}.5.{index}": "W", f"{CMC3}.7.{index}": scale,
                   f"{CMC3}.11.{index}": value}
    values[f"{CMC3}.14.3.41"] = 2  # ok(2)
    if quality is not None:
        values[f"{CMC3}.14.3.20"] = quality
    return values


@pytest.mark.parametrize(("quality", "watts"), [(22, None), (21, None), (25, None), (2, 0.0), (4, 0.0), (None, 0.0)])
def test_a_rittal_variable_whose_quality_is_no_value_gives_no_reading(quality: SnmpValue, watts: float | None) -> None:
    r = compose("cmc3", cmc3_walk(quality))
    total = next(p for p in r.points if p.phase == "total")
    assert total.watts == watts  # okNoValue(22) etc.: not a measured 0 W; ok(2), alarm(4) or no cell: 0 W
    if watts is None:
        assert "sensor not available" in total.source
    assert {p.watts for p in r.points if p.point == "outlet"} == {95.0, 180.0}


def test_discovery_reads_and_plans_a_rittal_variable_s_quality(tmp_path: Path) -> None:
    walk = tmp_path / "cmc3.snmprec"
    kinds = {str: 4, int: 2}
    walk.write_text("".join(f"{oid}|{kinds[type(v)]}|{v}\n" for oid, v in sorted(cmc3_walk(22).items())))
    values, plan = asyncio.run(discover(RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "cmc3")))
    assert f"{CMC3}.14.3.20" in plan.narrowed("pdu_output").oids
    assert [p.watts for p in compose("cmc3", values).points if p.phase == "total"] == [None]


RPDU2 = "1.3.6.1.4.1.318.1.1.26"  # PowerNet-MIB rPDU2: 4.3.1 device status (.5 power 0.01 kW), 6.3.1 phase status
# (.2 module, .3 number, .7 power 0.01 kW); both indexed across every Rack PDU of an NPS chain


def rpdu2_chain(numbers: bool = True) -> dict[str, SnmpValue]:
    """A three-phase host (module 1) and a single-phase guest (module 2): phase rows 1-3 and 4."""
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.318.1.3.4.5", f"{RPDU2}.4.3.1.5.1": 312,
                                    f"{RPDU2}.4.3.1.5.2": 45}
    for index, (module, number, power) in {1: (1, 1, 120), 2: (1, 2, 101), 3: (1, 3, 91), 4: (2, 1, 45)}.items():
        values |= {f"{RPDU2}.6.3.1.7.{index}": power, f"{RPDU2}.6.3.1.2.{index}": module}
        if numbers:
            values[f"{RPDU2}.6.3.1.3.{index}"] = number
    return values


def test_an_apc_rpdu2_chain_names_each_phase_by_its_number_and_sums_the_units() -> None:
    r = compose("ap8", rpdu2_chain())
    phases = {p.instance: p.phase for p in r.points if p.instance.startswith("apc.rpdu2.phase_power/")}
    assert phases == {"apc.rpdu2.phase_power/1": "L1", "apc.rpdu2.phase_power/2": "L2",
                      "apc.rpdu2.phase_power/3": "L3", "apc.rpdu2.phase_power/4": "L1"}  # the guest's phase 1, not L4
    assert total_for(r.points, "pdu_output").watts == 3570.0  # each unit's device total (0.01 kW), never its phases


def test_an_apc_rpdu2_phase_row_without_a_number_is_named_by_its_index() -> None:
    r = compose("ap8", rpdu2_chain(numbers=False))
    phases = {p.instance: p.phase for p in r.points if p.instance.startswith("apc.rpdu2.phase_power/")}
    assert phases == {"apc.rpdu2.phase_power/1": "L1", "apc.rpdu2.phase_power/2": "L2",
                      "apc.rpdu2.phase_power/3": "L3", "apc.rpdu2.phase_power/4": None}


def test_discovery_reads_and_plans_an_apc_rpdu2_phase_number(tmp_path: Path) -> None:
    walk = tmp_path / "ap8.snmprec"
    walk.write_text("".join(f"{oid}|{4 if isinstance(v, str) else 2}|{v}\n"
                            for oid, v in sorted(rpdu2_chain().items())))
    values, plan = asyncio.run(discover(RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "ap8")))
    assert f"{RPDU2}.6.3.1.3.4" in plan.narrowed("pdu_output").oids
    assert {p.phase for p in compose("ap8", values).points if p.instance == "apc.rpdu2.phase_power/4"} == {"L1"}


APC_UPS = "1.3.6.1.4.1.318.1.1.1.4"  # PowerNet-MIB upsOutput: 2.8.0 upsAdvOutputActivePower (W), 2.12.0
# upsAdvOutputEnergyUsage (kWh), 3.6.0 upsHighPrecOutputEnergyUsage (0.01 kWh)


@pytest.mark.parametrize(("high", "whole", "kwh"), [(1234567, 12345, 12345.67), (None, 12345, 12345.0),
                                                     (-5, None, None), (None, None, None)])
def test_an_apc_ups_pairs_its_output_power_with_its_output_energy(
        high: SnmpValue, whole: SnmpValue, kwh: float | None) -> None:
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.318.1.3.2.12", f"{APC_UPS}.2.8.0": 2760}
    for oid, raw in ((f"{APC_UPS}.3.6.0", high), (f"{APC_UPS}.2.12.0", whole)):
        if raw is not None:
            values[oid] = raw
    (output,) = [p for p in compose("smt", values).points if p.point == "ups_output"]
    assert (output.phase, output.watts, output.energy_kwh) == ("total", 2760.0, kwh)  # high precision first


EPDU_EASY = "1.3.6.1.4.1.318.1.1.30"  # PowerNet-MIB ePDU (Easy PDUs): 2.1.1 device status, 4.2.1 phase status


def easy_pdu_chain(device_watts: SnmpValue = 2150) -> dict[str, SnmpValue]:
    """A three-phase Easy PDU (module 1) and a single-phase one (module 2): phase rows 1-3 and 4, watts and Wh."""
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.318.1.3.4.9", f"{EPDU_EASY}.2.1.1.7.1": device_watts,
                                    f"{EPDU_EASY}.2.1.1.11.1": 4_812_500, f"{EPDU_EASY}.2.1.1.9.1": 2400,
                                    f"{EPDU_EASY}.2.1.1.7.2": 610, f"{EPDU_EASY}.2.1.1.11.2": 90_000}
    for index, (module, number, watts) in {1: (1, 1, 700), 2: (1, 2, 750), 3: (1, 3, 700), 4: (2, 1, 610)}.items():
        values |= {f"{EPDU_EASY}.4.2.1.6.{index}": watts, f"{EPDU_EASY}.4.2.1.10.{index}": watts * 1000,
                   f"{EPDU_EASY}.4.2.1.2.{index}": module, f"{EPDU_EASY}.4.2.1.3.{index}": number}
    return values


def test_an_apc_easy_pdu_chain_sums_each_unit_s_watts_never_its_phases() -> None:
    r = compose("epdu", easy_pdu_chain())
    devices = {p.instance: (p.watts, p.energy_kwh, p.resettable) for p in r.points
               if p.instance.startswith("apc.epdu.device")}
    assert devices == {"apc.epdu.device/1": (2150.0, 4812.5, True), "apc.epdu.device/2": (610.0, 90.0, True)}
    phases = {p.instance: (p.phase, p.watts, p.energy_kwh) for p in r.points if p.instance.startswith("apc.epdu.phase")}
    assert phases["apc.epdu.phase/4"] == ("L1", 610.0, 610.0)  # the second unit's phase 1, not L4
    assert total_for(r.points, "pdu_output").watts == 2760.0  # watts (not the 2400 VA column), phases never added


@pytest.mark.parametrize("bad", [-1, -40, "2150 W", None])
def test_an_apc_easy_pdu_total_that_is_not_a_reading_gives_none(bad: SnmpValue) -> None:
    r = compose("epdu", easy_pdu_chain(bad))
    (unit,) = [p for p in r.points if p.instance == "apc.epdu.device/1"]
    assert unit.watts is None


ISX_SYS_POWER = "1.3.6.1.4.1.318.1.1.22.4.3"  # PowerNet-MIB isxModularDistSysPower: .1 total, .2 kWh, .5.1 phases
ISX_BREAKER = "1.3.6.1.4.1.318.1.1.22.2.4.1"  # isxModularDistModuleBreakerEntry (index module.phase), .11 power


def test_an_apc_modular_distribution_reads_its_total_in_tenths_of_kw_never_its_phases_or_breakers() -> None:
    values: dict[str, SnmpValue] = {
        SYS_OID: "1.3.6.1.4.1.318.1.3.24.1", f"{ISX_SYS_POWER}.1.0": 184, f"{ISX_SYS_POWER}.2.0": 902_115,
        f"{ISX_SYS_POWER}.5.1.2.1": 61, f"{ISX_SYS_POWER}.5.1.2.2": 60, f"{ISX_SYS_POWER}.5.1.2.3": 63,
        f"{ISX_BREAKER}.11.4.1": 12, f"{ISX_BREAKER}.11.4.2": 9}
    r = compose("isx", values)
    assert total_for(r.points, "pdu_output").watts == 18400.0  # 18.4 kW, not the phases' 18.4 kW added again
    (system,) = [p for p in r.points if p.instance.startswith("apc.isx.system")]
    assert (system.energy_kwh, system.resettable) == (90211.5, True)
    assert {p.phase: p.watts for p in r.points if p.instance.startswith("apc.isx.phase_power")} == {
        "L1": 6100.0, "L2": 6000.0, "L3": 6300.0}
    assert {p.instance: p.watts for p in r.points if p.point == "circuit"} == {
        "apc.isx.breaker_power/4.1": 1200.0, "apc.isx.breaker_power/4.2": 900.0}


LGP_POINT = "1.3.6.1.4.1.476.1.42.3.5.2.2.1"  # LIEBERT-GP-POWER-MIB lgpPwrMeasurementPointEntry: 2 id, 8 W, 10 Wh
LGP_WELL_KNOWN = "1.3.6.1.4.1.476.1.42.3.5.2.1"  # lgpPwrWellKnownMeasurementPoints: .1 source 1 input, .5 output


def test_a_liebert_ups_pairs_its_output_watts_with_the_output_s_watt_hours_never_the_input_s() -> None:
    values: dict[str, SnmpValue] = {
        SYS_OID: "1.3.6.1.4.1.476.1.42", f"{LGP_POINT}.2.1": f"{LGP_WELL_KNOWN}.1", f"{LGP_POINT}.8.1": 5200,
        f"{LGP_POINT}.10.1": 77_000_000, f"{LGP_POINT}.2.2": f"{LGP_WELL_KNOWN}.5", f"{LGP_POINT}.8.2": 4870,
        f"{LGP_POINT}.10.2": 64_250_500}
    (output,) = [p for p in compose("gxt", values).points if p.point == "ups_output"]
    assert (output.phase, output.watts, output.energy_kwh) == ("total", 4870.0, 64250.5)


CPDU = "1.3.6.1.4.1.318.1.1.32"  # APC cPDU PowerNet-MIB cPDU: 2.4.1 unit status, 3.4.1 input phase, 5.9.1 outlets


def cpdu_chain(unit_watts: SnmpValue = 3150) -> dict[str, SnmpValue]:
    """A three-phase cPDU (unit 1) daisy-chained to a single-phase one (unit 2): watts, lifetime tenths of kWh."""
    values: dict[str, SnmpValue] = {
        SYS_OID: "1.3.6.1.4.1.318.1.1.32.1", f"{CPDU}.2.4.1.4.1": unit_watts, f"{CPDU}.2.4.1.5.1": 3400,
        f"{CPDU}.2.4.1.6.1": 4100, f"{CPDU}.2.4.1.9.1": 81_234, f"{CPDU}.2.4.1.10.1": 55,
        f"{CPDU}.2.4.1.4.2": 420, f"{CPDU}.2.4.1.9.2": 1_500,
        f"{CPDU}.5.9.1.6.1.1": 210, f"{CPDU}.5.9.1.11.1.1": 33, f"{CPDU}.5.9.1.8.1.1": 900}
    for unit, phase, watts in ((1, 1, 1000), (1, 2, 1100), (1, 3, 1050), (2, 1, 420)):
        values |= {f"{CPDU}.3.4.1.7.{unit}.{phase}": watts, f"{CPDU}.3.4.1.8.{unit}.{phase}": watts + 90}
    return values


def test_an_apc_cpdu_chain_sums_each_unit_s_watts_never_its_phases_outlets_or_peaks() -> None:
    points = compose("cpdu", cpdu_chain()).points
    readings = {p.instance.removeprefix("apc.cpdu."): (p.phase, p.watts, p.energy_kwh, p.resettable) for p in points}
    assert readings == {
        "unit/1": ("total", 3150.0, 8123.4, False), "unit/2": ("total", 420.0, 150.0, False),  # lifetime kWh
        "phase_power/1.1": ("L1", 1000.0, None, False), "phase_power/1.2": ("L2", 1100.0, None, False),
        "phase_power/1.3": ("L3", 1050.0, None, False), "phase_power/2.1": ("L1", 420.0, None, False),
        "outlet/1.1": (None, 210.0, 3.3, True)}
    assert total_for(points, "pdu_output").watts == 3570.0  # active power, not the VA or peak columns


@pytest.mark.parametrize("bad", [-1, "3150 W", None])
def test_an_apc_cpdu_unit_total_that_is_not_a_reading_gives_none(bad: SnmpValue) -> None:
    (unit,) = [p for p in compose("cpdu", cpdu_chain(bad)).points if p.instance == "apc.cpdu.unit/1"]
    assert unit.watts is None


ITA2_OUTPUT = "1.3.6.1.4.1.13400.2.54.2.3"  # VERTIV-ITA2-MIB output: 8-10 active power A-C (0.01 kW), 11-13 kVA


def test_a_vertiv_ita2_ups_reads_its_phases_in_hundredths_of_kw_never_the_kva_scalars() -> None:
    values: dict[str, SnmpValue] = {SYS_OID: "1.3.6.1.4.1.13400.2.54", f"{ITA2_OUTPUT}.8.0": 312,
                                    f"{ITA2_OUTPUT}.9.0": 298, f"{ITA2_OUTPUT}.10.0": -5, f"{ITA2_OUTPUT}.11.0": 350}
    points = compose("ita2", values).points
    assert {p.phase: p.watts for p in points if p.point == "ups_output"} == {"L1": 3120.0, "L2": 2980.0, "L3": None}
    with_upsmib = compose("ita2", {**values, f"{UPS_MIB_OUTPUT_POWER}.1": 6100}).points
    assert total_for(with_upsmib, "ups_output").watts == 6100.0  # UPS-MIB's watts where the UPS answers them
    # ... and a UPS under another arc never reads these scalars.
    assert not compose("other", {**values, SYS_OID: "1.3.6.1.4.1.13400.2.99"}).points
