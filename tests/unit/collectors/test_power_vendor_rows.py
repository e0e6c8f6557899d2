"""Power rows for PDUs no corpus walk has a watt reading for, on walks we wrote from the vendors' MIBs.

The recordings in ``tests/data/power/snmp/`` (Raritan PX2 from PDU2-MIB, ServerTech
Sentry4 and Sentry3, Vertiv Geist from GEIST-V5-MIB and GEIST-MIB-V3, Rittal CMC-III from
RITTAL-CMC-III-MIB) are ours: values
chosen so that every rule shows, in particular Raritan's one-column-for-every-sensor-type
tables (only activePower/activeEnergy rows are read; each divided by its own decimal
digits), ServerTech's -1 for "not available", Rittal's generic variable table (variables
chosen by name and unit, each with its own scale), and a device total beside its phases
(the sum over a point kind uses the total, never both).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest

from govops.catalog.power import power_sources
from govops.collectors.power_model import DeviceReading, PointReading, total_for
from govops.collectors.power_snmp import SnmpPlan, discover, poll, read_device
from govops.collectors.power_snmp_access import RecordedAccess, SnmpValue
from govops.errors import CatalogError
from govops.snmp.recorded import RecordedAgent

DATA = Path(__file__).resolve().parents[2] / "data" / "power" / "snmp"


def read(name: str) -> DeviceReading:
    access = RecordedAccess(RecordedAgent.from_file(DATA / f"{name}.snmprec", skipped=[]), name)
    return asyncio.run(read_device(name, access))


def points(reading: DeviceReading) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(p.point, p.instance): (p.watts, p.energy_kwh) for p in reading.points}


def measured(p: PointReading) -> float:
    """A point's watts, where the test expects the point to be measured (a point without watts fails here)."""
    assert p.watts is not None, p
    return p.watts


def phases(reading: DeviceReading, kind: str = "pdu_output") -> dict[str | None, float | None]:
    return {p.phase: p.watts for p in reading.points if p.point == kind}


def test_raritan_reads_active_power_and_energy_rows_with_their_decimals() -> None:
    r = read("raritan-px2")
    assert r.ok and r.vendor == "Raritan (Legrand)"
    assert points(r) == {
        ("pdu_output", "raritan.pdu2.inlet/1.1"): (702.0, 1234.567),  # not 735 VA, 3.18 A or 231 V
        ("pdu_output", "raritan.pdu2.pole_power/1.1.1"): (230.0, None),
        ("pdu_output", "raritan.pdu2.pole_power/1.1.2"): (240.0, None),  # 2400 with one decimal digit
        ("pdu_output", "raritan.pdu2.pole_power/1.1.3"): (232.0, None),
        ("outlet", "raritan.pdu2.outlet/1.1"): (312.4, 402.113),  # 3124 with one decimal digit
        ("outlet", "raritan.pdu2.outlet/1.2"): (0.0, 0.087),
    }
    inlet = next(p for p in r.points if p.instance == "raritan.pdu2.inlet/1.1")
    assert inlet.oids == ("1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.5", "1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.8")
    assert phases(r) == {"total": 702.0, "L1": 230.0, "L2": 240.0, "L3": 232.0}
    assert total_for(r.points, "pdu_output").watts == 702.0  # the inlet, not inlet + poles


def test_sentry4_reads_cords_and_outlets_and_skips_not_available() -> None:
    r = read("servertech-sentry4")
    assert r.ok and (r.vendor, r.model) == ("Server Technology (Legrand)", "C2WG36MC")
    got = points(r)
    assert got[("pdu_output", "servertech.sentry4.cord/1.1")] == (1520.0, 9876.5)
    assert got[("pdu_output", "servertech.sentry4.cord/1.2")] == (None, None)
    assert got[("outlet", "servertech.sentry4.outlet/1.1.1")] == (120.0, 5.0)
    assert got[("outlet", "servertech.sentry4.outlet/1.1.2")] == (None, None)
    assert got[("pdu_output", "servertech.sentry4.phase_power/1.1.1")] == (800.0, None)
    assert got[("pdu_output", "servertech.sentry4.phase_power/1.1.3")] == (None, None)  # -1: not available
    assert {p.phase for p in r.points if p.instance.startswith("servertech.sentry4.phase")} == {"L1", "L2", "L3"}
    # Cord 1.2 reports no power: the device total is unknown, not 1520 W, and the phases are not added.
    total = total_for(r.points, "pdu_output")
    assert total.watts is None and "st4InputCordActivePower.1.2" in (total.why_missing or "")


def test_sentry3_reads_the_tower_total_its_infeeds_and_outlets() -> None:
    r = read("servertech-sentry3")
    got = points(r)
    assert got == {("pdu_output", "servertech.sentry3.tower/1"): (994.0, 1235.0),  # W and whole kWh, not 1050 VA
                   ("pdu_output", "servertech.sentry3.infeed/1.1"): (994.0, 1234.5),  # tenths of kWh
                   ("pdu_output", "servertech.sentry3.infeed/1.2"): (0.0, 0.0),
                   ("outlet", "servertech.sentry3.outlet/1.1.1"): (701.0, None),
                   ("outlet", "servertech.sentry3.outlet/1.1.2"): (293.0, None),
                   ("outlet", "servertech.sentry3.outlet/1.1.3"): (None, None)}
    # The tower is the total; its infeeds (an inlet, or a line of a three-phase tower) carry no phase and are
    # never added to it.
    assert phases(r) == {"total": 994.0, None: 0.0}
    assert total_for(r.points, "pdu_output").watts == 994.0


def test_sentry3_without_tower_columns_sums_its_infeeds() -> None:
    from govops.collectors.power_snmp import compose

    infeed = "1.3.6.1.4.1.1718.3.2.2.1.12"
    r = compose("cdu", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.1718.3", f"{infeed}.1.1": 600, f"{infeed}.1.2": 350})
    assert total_for(r.points, "pdu_output").watts == 950.0
    tower = compose("cdu", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.1718.3", f"{infeed}.1.1": 600,
                            "1.3.6.1.4.1.1718.3.2.1.1.11.1": -1})
    # A tower that answers -1 (not available) leaves the total unknown, never the infeeds' sum in its place.
    assert total_for(tower.points, "pdu_output").watts is None


def test_geist_v5_reads_pdu_total_phases_breakers_and_outlets() -> None:
    r = read("geist-v5")
    assert r.ok and r.vendor == "Geist (Vertiv)"
    assert phases(r) == {"total": 2150.0, "L1": 700.0, "L2": 650.0, "L3": 800.0}  # watts, not 2260 VA
    total = next(p for p in r.points if p.phase == "total")
    assert total.energy_kwh == 4567.89  # pduTotalEnergy in watt-hours
    assert sorted(measured(p) for p in r.points if p.point == "outlet" and p.watts is not None) == [0.0, 264.0]
    assert sorted(measured(p) for p in r.points if p.point == "circuit") == [970.0, 1180.0]  # breakers, not 1240 VA
    assert total_for(r.points, "pdu_output").watts == 2150.0  # neither phases nor breakers added to it


def test_geist_v3_reads_one_column_per_phase_and_sums_them() -> None:
    r = read("geist-v3")
    assert r.ok and phases(r) == {"L1": 1210.0, "L2": 990.0, "L3": 1105.0}  # not 1290 VA
    assert total_for(r.points, "pdu_output").watts == 3305.0


def test_typed_rows_poll_only_their_sensor_type() -> None:
    access = RecordedAccess(RecordedAgent.from_file(DATA / "raritan-px2.snmprec", skipped=[]), "px2")
    _values, plan = asyncio.run(discover(access))
    inlet = [o for o in plan.oids if o.startswith("1.3.6.1.4.1.13742.6.5.2.3.1.4.")]
    assert sorted(o.rsplit(".", 1)[1] for o in inlet) == ["5", "8"]
    assert "1.3.6.1.4.1.13742.6.3.3.4.1.7.1.1.5" in plan.narrowed("pdu_output").oids


def test_missing_or_absurd_decimal_digits_give_no_value() -> None:
    from govops.collectors.power_snmp import compose

    base: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.13742.6",
                                  "1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.5": 700}
    for digits in ({}, {"1.3.6.1.4.1.13742.6.3.3.4.1.7.1.1.5": 40}):
        r = compose("px", {**base, **digits})
        assert [p.watts for p in r.points] == [None]
        assert "decimal digits" in r.points[0].source


RNX_POWER, RNX_TYPE = "1.3.6.1.4.1.55108.1.3.1.1.7", "1.3.6.1.4.1.55108.1.3.1.1.3"
# index module.meter: (upduMeterPowerP, upduMeterType)
RNX_ROWS: dict[str, tuple[int, SnmpValue]] = {
    "0.0": (868, 0), "0.1": (272, 2), "0.2": (196, 2), "0.3": (400, 3), "1.0": (69, 4), "1.1": (66, 6),
    "1.2": (3, 6), "0.4": (5, 99), "1.3": (7, "6"), "2.0": (9, None),  # unknown type, text, no type: not read
}


def rnx_values() -> dict[str, SnmpValue]:
    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.55108.1.0"}
    for index, (watts, kind) in RNX_ROWS.items():
        values[f"{RNX_POWER}.{index}"] = watts
        if kind is not None:
            values[f"{RNX_TYPE}.{index}"] = kind
    return values


def test_a_type_column_splits_one_meter_table_into_total_phases_groups_and_outlets() -> None:
    from govops.collectors.power_snmp import compose

    r = compose("updu", rnx_values())
    assert r.vendor == "Riedo Networks Ltd" and phases(r) == {"total": 868.0, "L1": 272.0, "L2": 196.0, "L3": 400.0}
    assert [(p.point, p.watts) for p in r.points if p.point in ("circuit", "outlet")] == [
        ("circuit", 69.0), ("outlet", 66.0), ("outlet", 3.0)]
    assert total_for(r.points, "pdu_output").watts == 868.0


def test_a_type_column_is_walked_once_and_polled_with_its_rows(tmp_path: Path) -> None:
    walk = tmp_path / "updu.snmprec"
    tags = {"1.3.6.1.2.1.1.2.0": 6}  # snmprec type: 6 OID, 2 INTEGER, 4 OCTET STRING
    walk.write_text("".join(f"{oid}|{tags.get(oid, 2 if isinstance(v, int) else 4)}|{v}\n"
                            for oid, v in sorted(rnx_values().items())))
    access = RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "updu")
    values, plan = asyncio.run(discover(access))
    assert f"{RNX_POWER}.0.4" not in values and f"{RNX_POWER}.1.3" not in values
    assert {f"{RNX_POWER}.0.0", f"{RNX_TYPE}.0.0"} <= set(plan.narrowed("pdu_output").oids)
    assert phases(compose_of(values)) == {"total": 868.0, "L1": 272.0, "L2": 196.0, "L3": 400.0}


def compose_of(values: dict[str, SnmpValue]) -> DeviceReading:
    from govops.collectors.power_snmp import compose

    return compose("d", values)


def user_rows(rows: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Add ``rows`` to the power sources as a user catalogue file does (``power_sources.cache_clear()`` loads it)."""
    extra = tmp_path / "mine.yaml"
    extra.write_text("power_sources:\n" + "".join(f"  - {json.dumps(r)}\n" for r in rows), encoding="utf-8")
    monkeypatch.setenv("GOVOPS_CATALOG", str(extra))
    monkeypatch.setenv("GOVOPS_CACHE", str(tmp_path / "cache"))


@pytest.mark.parametrize(
    "bad",
    [
        {"oid": "1.3.6.1.4.1.13742.6.1.0", "index_suffix": "5"},
        {"index_suffix": "5.1"},
        {"index_pattern": "(1"},
        {"oid": "1.3.6.1.4.1.13742.6.1.0", "index_pattern": "1"},
        {"index_pattern": "1" * 201},
        {"type_oid": "1.3.6.1.4.1.55108.1.3.1.1.3"},  # no type_values
        {"type_values": [6]},  # no type_oid
        {"oid": "1.3.6.1.4.1.13742.6.1.0", "type_oid": "1.3.6.1.4.1.55108.1.3.1.1.3", "type_values": [6]},
        {"type_object_ids": ["1.3.6.1.4.1.476.1.42.3.5.2.1.5"]},  # no type_oid
        {"type_index": "first"},  # no type_oid
        # integers and OIDs at once; an OID that is not dotted digits (a leading dot, a name, one arc)
        {"type_oid": "1.3.6.1.4.1.476.1.42.3.5.2.2.1.2", "type_values": [5],
         "type_object_ids": ["1.3.6.1.4.1.476.1.42.3.5.2.1.5"]},
        *({"type_oid": "1.3.6.1.4.1.476.1.42.3.5.2.2.1.2", "type_object_ids": [oid]}
          for oid in (".1.3.6.1.4.1.476.1.42.3.5.2.1.5", "lgpPwrOutputToLoad", "5", "")),
        {"name_oid": "1.3.6.1.4.1.2606.7.4.2.2.1.3"},
        {"name_oid": "1.3.6.1.4.1.2606.7.4.2.2.1.3", "name_pattern": "x", "phase": "name"},
        {"unit": "W"},
        {"name_oid": "1.3.6.1.4.1.2606.7.4.2.2.1.3", "name_pattern": "[x"},
        # phase: column names its phase_oid, a dotted column beside a table column, and a phase_oid needs it
        {"phase": "column"}, {"phase_oid": "1.3.6.1.4.1.318.1.1.26.6.3.1.3"},
        {"phase": "column", "phase_oid": "rPDU2PhaseStatusNumber"},
        {"phase": "column", "phase_oid": "1.3.6.1.4.1.318.1.1.26.6.3.1.3", "oid": "1.3.6.1.4.1.318.1.1.12.1.16.0"},
        # a helper read at each row's index given as a scalar: read at <scalar>.<index>, it would never answer
        *({helper: "1.3.6.1.4.1.32473.1.1.0"} for helper in ("decimals_oid", "scale_oid", "zero_unsupported_beside",
                                                              "available_oid")),
        {"name_oid": "1.3.6.1.4.1.32473.1.1.0", "name_pattern": "x"},
        {"unit_oid": "1.3.6.1.4.1.32473.1.1.0", "unit": "W"},
        {"type_oid": "1.3.6.1.4.1.32473.1.1.0", "type_values": [6]},
        {"phase": "column", "phase_oid": "1.3.6.1.4.1.32473.1.1.0"},
        # a pair measures one place: not an inlet total's energy beside an outlet's power, nor two power rows
        {"pair": "raritan.pdu2.inlet", "quantity": "energy"},
        {"pair": "raritan.pdu2.outlet"},
        # sysObjectID prefixes are whole dotted arcs ending in a dot
        *({"sys_object_ids": [prefix]} for prefix in ("1.3.6.1.4.1.34278.8", "1.3.6.x.", ".1.3.6.1.", "")),
    ],
)
def test_index_suffix_rows_are_checked(bad: dict[str, object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    row = {"id": "zz", "mib": "M", "object": "o", "oid": "1.3.6.1.4.1.13742.6.5.2.3.1.4", "quantity": "power",
           "point": "outlet", "scale": 1, "source": "test", **bad}
    user_rows([row], monkeypatch, tmp_path)
    power_sources.cache_clear()
    try:
        with pytest.raises(CatalogError, match="zz"):
            power_sources()
    finally:
        power_sources.cache_clear()  # the next caller loads the built-in table again


@pytest.mark.parametrize("suffix", [None, "7"])
def test_a_scale_column_is_read_and_polled_beside_rows_not_chosen_by_name(
        suffix: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A user row: a meter table (RFC 5612's example enterprise) whose value column .3 has a scale column .4 beside
    # it, n < 0 dividing the value by -n; with a sensor type last in the index where the table holds every type.
    entry = "1.3.6.1.4.1.32473.1.2.1"
    row = {"id": "zz", "mib": "M", "object": "o", "oid": f"{entry}.3", "quantity": "power", "point": "outlet",
           "scale": 1, "source": "test", "scale_oid": f"{entry}.4",
           **({"index_suffix": suffix} if suffix else {})}
    user_rows([row], monkeypatch, tmp_path)
    at = [f"{i}.{suffix}" if suffix else str(i) for i in (1, 2)]
    cells = {"1.3.6.1.2.1.1.2.0": "6|1.3.6.1.4.1.32473.2", f"{entry}.3.{at[0]}": "2|1234",
             f"{entry}.3.{at[1]}": "2|567", f"{entry}.4.{at[0]}": "2|-10", f"{entry}.4.{at[1]}": "2|-100"}
    walk = tmp_path / "meter.snmprec"
    walk.write_text("".join(f"{oid}|{cell}\n" for oid, cell in sorted(cells.items())), encoding="utf-8")
    power_sources.cache_clear()
    try:
        access = RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "meter")
        _, plan = asyncio.run(discover(access))
        narrowed = plan.narrowed("outlet")
        assert {f"{entry}.4.{i}" for i in at} <= set(narrowed.oids)
        polled = asyncio.run(poll(access, narrowed))
        assert {(p.instance, p.watts) for p in compose_of(polled).points} == {("zz/1", 123.4), ("zz/2", 5.67)}
    finally:
        power_sources.cache_clear()


def test_rittal_cmc3_chooses_variables_by_name_and_unit_and_applies_their_scale() -> None:
    r = read("rittal-cmc3-pdu")
    assert r.ok and (r.vendor, r.model) == ("Rittal", "CMCIII-PU")
    # Not the apparent power (VA), the cooling capacity (W, another name), nor an alarm set point.
    assert phases(r) == {"total": 1534.0, "L1": 512.0, "L2": 498.0, "L3": 524.0}  # L1: 5120 x scale -10
    assert total_for(r.points, "pdu_output").watts == 1534.0
    total = next(p for p in r.points if p.phase == "total")
    assert total.oids == ("1.3.6.1.4.1.2606.7.4.2.2.1.11.2.1",)


def test_rittal_cmc3_polls_the_chosen_variables_with_their_names_units_and_scales() -> None:
    from govops.collectors.power_snmp import compose, poll

    access = RecordedAccess(RecordedAgent.from_file(DATA / "rittal-cmc3-pdu.snmprec", skipped=[]), "cmc3")
    _values, plan = asyncio.run(discover(access))
    values = asyncio.run(poll(access, plan.narrowed("pdu_output")))
    assert "1.3.6.1.4.1.2606.7.4.2.2.1.11.2.6" not in values  # the cooling capacity is never polled
    assert phases(compose("cmc3", values)) == {"total": 1534.0, "L1": 512.0, "L2": 498.0, "L3": 524.0}


@pytest.mark.parametrize(("scale", "unit"), [("0", "W"), ("2000000", "W"), ("1", "VA")])
def test_rittal_cmc3_variable_without_a_usable_scale_or_in_another_unit_gives_no_watts(scale: str, unit: str) -> None:
    from govops.collectors.power_snmp import compose

    table = "1.3.6.1.4.1.2606.7.4.2.2.1"
    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.2606.7",
                                    f"{table}.3.2.1": "Unit.Power.Active.Value", f"{table}.5.2.1": unit,
                                    f"{table}.7.2.1": int(scale), f"{table}.11.2.1": 1534}
    r = compose("cmc3", values)
    assert [p.watts for p in r.points if p.phase == "total"] in ([None], [])
    if unit == "W":
        assert "scale factor" in r.points[0].source


CISCO = "1.3.6.1.4.1.9.9.91.1.1.1.1"
STANDARD = "1.3.6.1.2.1.99.1.1.1"


def sensor_rows(entry: str, index: int, kind: int, scale: int, precision: int, value: int) -> dict[str, SnmpValue]:
    return {f"{entry}.1.{index}": kind, f"{entry}.2.{index}": scale, f"{entry}.3.{index}": precision,
            f"{entry}.4.{index}": value}


def test_cisco_entity_sensor_watts_are_read_where_the_standard_table_has_none() -> None:
    from govops.collectors.power_snmp import compose

    base: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.9.1.1116"}
    cisco: dict[str, SnmpValue] = {**sensor_rows(CISCO, 1020, 6, 9, 0, 320), **sensor_rows(CISCO, 1021, 6, 10, 1, 15),
             **sensor_rows(CISCO, 1022, 8, 9, 0, 41)}  # 41 degrees C: not a watts sensor
    r = compose("c9400", {**base, **cisco})
    assert sorted((p.oids[0].rsplit(".", 1)[1], p.watts) for p in r.points) == [("1020", 320.0), ("1021", 1500.0)]
    # An agent with both tables reports each sensor once, from the standard one.
    both = compose("c9400", {**base, **cisco, **sensor_rows(STANDARD, 7, 6, 9, 0, 321)})
    assert [(p.source, p.watts) for p in both.points] == [("ENTITY-SENSOR-MIB::entPhySensorValue.7", 321.0)]


ENT_CONTAINED_IN, ENT_CLASS = "1.3.6.1.2.1.47.1.1.1.1.4", "1.3.6.1.2.1.47.1.1.1.1.5"


@pytest.mark.parametrize(("placement", "point"), [
    ({f"{ENT_CLASS}.7": 6}, "it_input"),  # the sensor is a power supply
    ({f"{ENT_CONTAINED_IN}.7": 30, f"{ENT_CLASS}.7": 8, f"{ENT_CLASS}.30": 6}, "it_input"),  # on a power supply
    ({f"{ENT_CONTAINED_IN}.7": 31, f"{ENT_CLASS}.7": 8, f"{ENT_CLASS}.31": 9}, "component"),  # on a module
    ({}, "component"),  # no ENTITY-MIB: not known to be the device's supply
    ({f"{ENT_CONTAINED_IN}.7": "30", f"{ENT_CLASS}.30": 6}, "component"),  # a non-integer parent
])
def test_a_watts_sensor_is_the_device_input_only_on_a_power_supply(placement: dict[str, SnmpValue],
                                                                     point: str) -> None:
    (p,) = compose_of({**sensor_rows(STANDARD, 7, 6, 9, 0, 321), **placement}).points
    assert (p.point, p.watts) == (point, 321.0)


def test_cisco_entity_sensor_discovery_reads_only_watts_rows() -> None:
    rows = {**sensor_rows(CISCO, 1020, 6, 9, 0, 320), **sensor_rows(CISCO, 1022, 8, 9, 0, 41),
            f"{ENT_CONTAINED_IN}.1020": 1000, f"{ENT_CLASS}.1000": 6}
    rec = "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.1116\n" + "".join(f"{oid}|2|{v}\n" for oid, v in rows.items())
    with TemporaryDirectory() as tmp:
        walk = Path(tmp) / "c.snmprec"
        walk.write_text(rec)
        access = RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "c")
        values, plan = asyncio.run(discover(access))
    assert f"{CISCO}.4.1020" in plan.oids and f"{CISCO}.4.1022" not in values
    assert {f"{CISCO}.4.1020", f"{ENT_CLASS}.1000"} <= set(plan.narrowed("it_input").oids)
    assert [p.point for p in compose_of(values).points] == ["it_input"]  # its sensor sits on a power supply


@pytest.mark.parametrize(("sys_oid", "phases"), [
    ("1.3.6.1.4.1.34278.8.6", {"total": 10041.0, "L1": 3363.0, "L2": 3722.0, "L3": 2956.0}),  # UMG 96 layout
    ("1.3.6.1.4.1.34278.10.1", {"total": 10041.0, "L1": 111.0, "L2": 3363.0, "L3": 3722.0, None: 2956.0}),
    ("1.3.6.1.4.1.34278.99", {"total": 10041.0}),  # a Janitza whose MIB layout is not known: the sum only
])
def test_janitza_phase_objects_follow_the_mib_of_the_sysobjectid(sys_oid: str, phases: dict[str | None, float]) -> None:
    from govops.collectors.power_snmp import compose

    # rmsPhase 12-16 as a UMG 96 (pL1-pL3 at 13-15) or a UMG 604 (pL1-pL4 at 12-15) answers them; 16 is var.
    scalars = {f"1.3.6.1.4.1.34278.1.{arc}.0": v for arc, v in ((12, 111), (13, 3363), (14, 3722), (15, 2956),
                                                                 (16, -1595))}
    r = compose("umg", {"1.3.6.1.2.1.1.2.0": sys_oid, "1.3.6.1.4.1.34278.2.1.0": 10041, **scalars})
    assert {p.phase: p.watts for p in r.points} == phases
    assert total_for(r.points, "facility_input").watts == 10041.0


def test_a_fallback_row_is_not_read_beside_a_primary_that_answers() -> None:
    from govops.collectors.power_snmp import compose

    base: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.318.1.3.4.5", "1.3.6.1.4.1.318.1.1.12.1.16.0": 300}
    both = compose("rpdu", {**base, "1.3.6.1.4.1.318.1.1.26.4.3.1.5.1": 31})
    assert [(p.source, p.watts) for p in both.points] == [("PowerNet-MIB::rPDU2DeviceStatusPower.1", 310.0)]
    minus_one = compose("rpdu", {**base, "1.3.6.1.4.1.318.1.1.26.4.3.1.5.1": -1})
    assert [p.watts for p in minus_one.points] == [300.0]


# One instance of each row written this round, and what a good raw value reads as.
NEW_ROWS = [
    ("1.3.6.1.4.1.21317.1.3.2.2.2.2.99.1.4.2", 118332, 118.332, "outlet"),  # ATEN mW
    ("1.3.6.1.4.1.318.1.1.26.6.3.1.7.1", 57, 570.0, "pdu_output"),  # APC rPDU2 phase, 1/100 kW
    ("1.3.6.1.4.1.31034.12.1.1.2.6.1.1.10.1.2", 700, 700.0, "pdu_output"),  # Schleifenbauer input W
    ("1.3.6.1.4.1.31034.12.1.1.2.7.2.1.11.1.10", 290, 290.0, "outlet"),
    ("1.3.6.1.4.1.19536.10.1.3.1.1.20.1.1", 427, 427.0, "circuit"),  # Panduit breaker group
    ("1.3.6.1.4.1.3052.14.1.5.4.1.1.20.1.1", 655, 655.0, "pdu_output"),  # SiteBoss
    ("1.3.6.1.4.1.3052.18.1.5.4.1.1.20.1.1", 655, 655.0, "pdu_output"),
    ("1.3.6.1.4.1.3052.14.1.5.2.3.3.0", 412, 412.0, "pdu_output"),
    ("1.3.6.1.4.1.2011.6.157.2.1.1.4.17", 46118, 46.118, "component"),  # Huawei board mW
    ("1.3.6.1.4.1.7483.2.2.3.1.2.1.2.1.38.1.12", 17268, 17.268, "component"),  # Nokia card mW
    ("1.3.6.1.4.1.3902.1082.10.10.2.1.6.1.3.1.1.3", 66000, 66.0, "component"),  # ZTE card 0.001 W
    ("1.3.6.1.2.1.105.1.3.1.1.4.1", 115, 115.0, "poe_output"),  # RFC 3621 PSE consumption
    ("1.3.6.1.4.1.21695.1.10.7.2.1.5.0", 454, 454.0, "pdu_output"),  # E3METER IPM
    ("1.3.6.1.4.1.12551.4.1.2.2.1.12.1", 3411, 3411.0, "ups_input"),  # CET TSI
    ("1.3.6.1.4.1.43296.3.3.1.5.1", 67, 67.0, "it_input"),  # Exalink PSU input
    ("1.3.6.1.4.1.2440.1.14.6.1.0", 54, 54.0, "it_input"),  # SOLIDserver
    ("1.3.6.1.4.1.2076.103.1.3.1.5.1.3", 24500, 24.5, "poe_output"),  # Aricent PoE port mW
    ("1.3.6.1.4.1.7428.1.2.1.1.1.3.1.5", 14, 14.0, "poe_output"),  # PowerDsine midspan port W
    ("1.3.6.1.4.1.9.9.402.1.2.1.9.1.24", 6400, 6.4, "poe_output"),  # Cisco PoE port mW
    ("1.3.6.1.4.1.2185.1.3.11.2.1.3.27.0", 1250, 1250.0, "ups_output"),  # IMCO power unit 1 output W
    ("1.3.6.1.4.1.2185.1.3.11.2.1.4.27.0", 1190, 1190.0, "ups_output"),
    ("1.3.6.1.4.1.2185.1.3.11.2.1.5.27.0", 0, 0.0, "ups_output"),
    ("1.3.6.1.4.1.2634.3.200.30.0", 2210, 2210.0, "circuit"),  # WTI branch A total
    ("1.3.6.1.4.1.2634.3.200.54.0", 40, 40.0, "circuit"),  # WTI branch D total
]


@pytest.mark.parametrize(("oid", "raw", "watts", "point"), NEW_ROWS)
def test_new_vendor_rows_read_their_unit(oid: str, raw: int, watts: float, point: str) -> None:
    from govops.collectors.power_snmp import compose

    (p,) = compose("d", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.8072.3.2.10", oid: raw}).points
    expected: tuple[object, ...] = (pytest.approx(watts), point, (oid,))
    assert (p.watts, p.point, p.oids) == expected


@pytest.mark.parametrize(("oid", "raw", "watts", "point"), NEW_ROWS)
@pytest.mark.parametrize("bad", ["12 W", None, 10**15, -(10**15)])
def test_new_vendor_rows_give_no_value_for_bad_input(oid: str, raw: int, watts: float, point: str,
                                                     bad: SnmpValue) -> None:
    from govops.collectors.power_snmp import compose

    (p,) = compose("d", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.8072.3.2.10", oid: bad}).points
    assert p.watts is None
    assert ("no value reported" if not isinstance(bad, int) else "beyond any one device") in p.source


def test_components_circuits_and_poe_are_never_summed_into_a_device_total() -> None:
    from govops.collectors.power_snmp import compose

    r = compose("s5720", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.2011.2.23.291", "1.3.6.1.4.1.2011.6.157.1.6.0": 90430,
                          "1.3.6.1.4.1.2011.6.157.2.1.1.4.17": 46118, "1.3.6.1.4.1.2011.6.157.2.1.1.4.18": 45681})
    assert total_for(r.points, "it_input").watts == pytest.approx(90.43)
    assert total_for(r.points, "component").watts == pytest.approx(91.799)
    panduit = compose("pdu", {"1.3.6.1.4.1.19536.10.1.2.1.1.5.1": 956, "1.3.6.1.4.1.19536.10.1.3.1.1.20.1.1": 427,
                              "1.3.6.1.4.1.19536.10.1.3.1.1.20.1.2": 436})
    assert total_for(panduit.points, "pdu_output").watts == 956.0
    poe = compose("sw", {"1.3.6.1.4.1.2011.6.157.1.6.0": 90430, "1.3.6.1.2.1.105.1.3.1.1.4.1": 40,
                         "1.3.6.1.4.1.2076.103.1.3.1.5.1.3": 24500})
    assert total_for(poe.points, "it_input").watts == pytest.approx(90.43)
    assert total_for(poe.points, "poe_output").watts == 40.0  # the PSE's own total, not total + ports


EO = "1.3.6.1.2.1.229.1.2.1"  # RFC 7460 eoPowerEntry: eoPower .1, eoPowerUnitMultiplier .3, caliber .5


@pytest.mark.parametrize(("multiplier", "caliber", "watts"), [
    (0, 3, 250.0), (-3, 3, 0.25), (3, 3, 250000.0),  # units, milli, kilo
    (None, 3, None), (25, 3, None), ("0", 3, None),  # no, out-of-range or non-integer multiplier: no value
])
def test_energy_object_power_applies_its_unit_multiplier(multiplier: SnmpValue, caliber: int,
                                                         watts: float | None) -> None:
    values: dict[str, SnmpValue] = {f"{EO}.1.7": 250, f"{EO}.5.7": caliber}
    if multiplier is not None:
        values[f"{EO}.3.7"] = multiplier
    (p,) = compose_of(values).points
    assert (p.point, p.watts) == ("component", watts)
    if watts is None:
        assert "unit multiplier" in p.source


@pytest.mark.parametrize("caliber", [1, 2, 4, 5, None, "3"])
def test_energy_object_power_that_is_not_measured_is_not_read(caliber: SnmpValue) -> None:
    values: dict[str, SnmpValue] = {f"{EO}.1.7": 250, f"{EO}.3.7": 0}
    if caliber is not None:
        values[f"{EO}.5.7"] = caliber
    assert not compose_of(values).ok


def test_energy_object_discovery_reads_value_caliber_and_multiplier(tmp_path: Path) -> None:
    walk = tmp_path / "eo.snmprec"
    walk.write_text(f"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.9999\n{EO}.1.7|2|250\n{EO}.1.8|2|9\n"
                    f"{EO}.3.7|2|-3\n{EO}.3.8|2|0\n{EO}.5.7|2|3\n{EO}.5.8|2|5\n")
    access = RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "eo")
    values, plan = asyncio.run(discover(access))
    assert [p.watts for p in compose_of(values).points] == [0.25]  # the static(5) object is not read
    assert {f"{EO}.1.7", f"{EO}.3.7", f"{EO}.5.7"} <= set(plan.narrowed("component").oids)
    assert f"{EO}.1.8" not in plan.oids


@pytest.mark.parametrize("sys_oid", ["1.3.6.1.4.1.34278.8.6", "1.3.6.1.4.1.99999999.1", "1.3.6.1.2.1.33"])
def test_a_device_without_a_power_devices_row_is_named_by_its_enterprise_arc(sys_oid: str) -> None:
    from govops.catalog.vendors import default_vendors, registry_vendor

    r = compose_of({"1.3.6.1.2.1.1.2.0": sys_oid, "1.3.6.1.4.1.34278.2.1.0": 100})
    by_arc = default_vendors().by_sys_object_id(sys_oid)
    assert (r.vendor, r.model) == ((by_arc.vendor.name if by_arc else registry_vendor(sys_oid)), None)
    assert (r.vendor is None) == (sys_oid != "1.3.6.1.4.1.34278.8.6")  # no maker for an unknown arc or mib-2


@pytest.mark.parametrize(("raw", "watts"), [
    ("4843", 4843.0), (" 4843.5 ", 4843.5),
    ("4843 W", None), ("N/A", None), ("", None), ("1e3", None), ("9" * 16, None), (4843, None), (None, None),
    ("999999999999", None),  # a number, but beyond any one device
])
def test_a_reading_given_as_text_must_be_a_plain_number(raw: SnmpValue, watts: float | None) -> None:
    (p,) = compose_of({"1.3.6.1.4.1.674.10892.6.4.1.1.9.1": raw}).points
    assert (p.point, p.watts) == ("it_input", watts)


@pytest.mark.parametrize(("raw", "watts", "why"), [
    ("4.2815", 4.2815, ""), (" 0.0 ", 0.0, ""), ("4.2 W", None, "no value reported"), ("", None, "no value reported"),
    (None, None, "no value reported"), (4, None, "no value reported"), ("-1.5", None, "never negative"),
    ("999999999999", None, "beyond any one device"),
])
def test_an_iconverter_reads_its_poe_total_from_text(raw: SnmpValue, watts: float | None, why: str) -> None:
    # OMNITRON-POE-MIB ostPoeGlobalCfgTotalPwr: OstFloatValue, "the total power sourced in Watts".
    oid = "1.3.6.1.4.1.7342.15.1.2.0"
    (p,) = compose_under("1.3.6.1.4.1.7342.5.1", oid, raw).points
    assert (p.point, p.watts, p.oids) == ("poe_output", watts, (oid,)) and why in p.source
    assert not compose_under("1.3.6.1.4.1.8072.3.2.10", oid, raw).points  # asked only under Omnitron's arc


def test_eaton_epdu_reads_input_totals_phases_groups_and_outlets_in_watts() -> None:
    r = read("eaton-epdu")
    assert r.ok and r.vendor == "Eaton"
    # watts, not the VA columns beside them; the phases from inputPowerMeasType, not its total(4) or unknown(0) rows
    assert phases(r) == {"total": 2020.0, "L1": 650.0, "L2": 600.0, "L3": 770.0}
    total = total_for(r.points, "pdu_output")
    assert (total.watts, total.energy_kwh, total.energy_resettable) == (2020.0, 7654.321, True)
    assert sorted(measured(p) for p in r.points if p.point == "circuit") == [1000.0, 1020.0]
    assert sorted(measured(p) for p in r.points if p.point == "outlet") == [0.0, 120.0]


# A made-up ePDU answering two of its maker's MIBs for one draw: EATON-EPDU-MIB's inputTotalWatts of input 1 (the G3
# line, 534.6.6.7) and EATON-EPDU-MA-MIB's unitActivePower (the managed line, 534.6.6.6), both 1500 W.
EPDU_G3, EPDU_MA = "1.3.6.1.4.1.534.6.6.7", "1.3.6.1.4.1.534.6.6.6"
EPDU_BOTH: dict[str, SnmpValue] = {f"{EPDU_G3}.3.5.1.4.0.1": 1500, f"{EPDU_MA}.1.3.1.3.0": 1500}


@pytest.mark.parametrize(("sys_oid", "objects", "sources"), [
    # The sysObjectID names the G3 line: its own MIB's input is the draw, the older line's scalar is not added.
    (EPDU_G3, EPDU_BOTH, ["EATON-EPDU-MIB::inputTotalWatts.0.1"]),
    # The sysObjectID names the managed line: its own scalar.
    (EPDU_MA, EPDU_BOTH, ["EATON-EPDU-MA-MIB::unitActivePower.0"]),
    # A G3 whose own MIB does not answer: the other MIB's answer is all there is, and it is read.
    (EPDU_G3, {f"{EPDU_MA}.1.3.1.3.0": 1500}, ["EATON-EPDU-MA-MIB::unitActivePower.0"]),
], ids=["g3", "managed", "g3-without-its-own-mib"])
def test_a_device_answering_two_of_its_makers_mibs_is_read_by_the_one_its_sysobjectid_names(
        sys_oid: str, objects: dict[str, SnmpValue], sources: list[str]) -> None:
    r = compose_of({"1.3.6.1.2.1.1.2.0": sys_oid, "1.3.6.1.2.1.1.1.0": "Eaton ePDU", **objects})
    assert [p.source for p in r.points] == sources
    assert total_for(r.points, "pdu_output").watts == 1500.0  # not 3000: one draw, counted once


@pytest.mark.parametrize(("descr", "vendor"), [
    ("Aten", "ATEN International"),  # an ATEN PDU: the aten_pdu platform row (sysDescr 'Aten')
    ("Linux (none) 3.18.0 #1 armv6l", "Super Micro Computer"),  # a Supermicro BMC on ATEN's firmware and number
])
def test_one_enterprise_number_two_products_are_named_by_the_vendor_path(descr: str, vendor: str) -> None:
    # ATEN's PDUs and the Supermicro BMCs its firmware runs on both say 1.3.6.1.4.1.21317: the power reading
    # names the vendor as discovery does (platform row, then the catalogue), never from a row of its own.
    r = compose_of({"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.21317", "1.3.6.1.2.1.1.1.0": descr,
                    "1.3.6.1.4.1.34278.2.1.0": 100})
    assert r.vendor == vendor


def test_a_ups_names_the_maker_it_states_and_a_probe_the_mib_it_answers() -> None:
    ups = compose_of({"1.3.6.1.2.1.1.2.0": "1.3.6.1.2.1.33", "1.3.6.1.2.1.33.1.1.1.0": "INVT CO., LTD",
                      "1.3.6.1.4.1.34278.2.1.0": 100})
    assert ups.vendor == "INVT Power"
    smu = compose_of({"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.8072.3.2.10", "1.3.6.1.4.1.2011.6.164.1.6.1.3.0": "SMU02B",
                      "1.3.6.1.4.1.34278.2.1.0": 100})
    assert (smu.vendor, smu.model) == ("Huawei Technologies", "SMU")


# Rows of December 2026's fourth round, each written from its MIB's text: (oid, good raw value, watts, point,
# the raw value the MIB names "not available").
SUPPLY_ROWS = [
    # FSC-SERVERCONTROL2-MIB sc2pmCurrentPowerConsumption: "in Watts; -1 if value not available"
    ("1.3.6.1.4.1.231.2.10.2.2.10.4.5.1.5.1", 224, 224.0, "it_input", -1),
    # FSC-SERVERCONTROL2-MIB sc2psPowerSupplyLoad, the MIB's words: Actual power supply output load in Watts,
    # with 0 meaning not available.
    ("1.3.6.1.4.1.231.2.10.2.2.10.6.2.1.6.1.2", 96, 96.0, "component", 0),
    # EXALINK-FUSION-MIB fusionPsuPowerOut: UNITS "Watts" (the MIB names no sentinel)
    ("1.3.6.1.4.1.43296.3.3.1.6.2", 73, 73.0, "component", None),
    # RPS-SC200-MIB load-Power: UNITS "0.01 kW", the power being supplied to the load
    ("1.3.6.1.4.1.1918.2.13.10.50.30.0", 93, 930.0, "ups_output", None),
    # UBNT-EdgeMAX-MIB ubntPowerOutPower: "Output power in mW."
    ("1.3.6.1.4.1.41112.1.5.2.2.1.4.1", 22000, 22.0, "ups_output", None),
    # Raritan PDU-MIB (PX1) inletActivePower: SYNTAX Watts
    ("1.3.6.1.4.1.13742.4.1.20.2.1.9.1", 1480, 1480.0, "pdu_output", None),
    # ARUBAWIRED-POWERSUPPLY-MIB: "Total instantaneous power supplied by the power supply in watts."
    ("1.3.6.1.4.1.47196.4.1.1.3.11.2.1.1.7.1.2", 118, 118.0, "component", None),
    # PowerNet-MIB upsPhaseOutputPower: "The output power in Watts, or -1 if it's unsupported by this UPS."
    ("1.3.6.1.4.1.318.1.1.1.9.3.3.1.13.1.2", 5210, 5210.0, "ups_output", -1),
]

# Rows of December 2026's fifth round, each written from its MIB's text and walked only on devices under the MIB's
# enterprise arc (sys_object_ids): (a sysObjectID under the arc, oid, good raw value, watts, point, the raw value the
# MIB names "not supported").
ARC_ROWS = [
    # HWMUSA-DEV-MIB hwMusaFramePower: "The total power of the frame ... Unit: watt." (index frame)
    ("1.3.6.1.4.1.2011.2.248", "1.3.6.1.4.1.2011.2.6.7.1.1.1.1.11.0", 310, 310.0, "it_input", None),
    # HWMUSA-DEV-MIB hwMusaBoardPower: "The power of the board. Unit: watt." (index frame.slot)
    ("1.3.6.1.4.1.2011.2.248", "1.3.6.1.4.1.2011.2.6.7.1.1.2.1.11.0.7", 95, 95.0, "component", None),
    # FS-SYSTEM-MIB fsSystemElectricalInformationOutPower: "output power(Unit: W)", 0 when not supported
    ("1.3.6.1.4.1.52642.1.1.10.1.516", "1.3.6.1.4.1.52642.1.1.10.2.1.1.41.1.15.1.2", 71, 71.0, "component", 0),
    # RUIJIE-SYSTEM-MIB ruijieSystemElectricalInformationOutPower: "output power(Unit: mW)", 0 when not supported
    ("1.3.6.1.4.1.4881.1.1.10.1.1", "1.3.6.1.4.1.4881.1.1.10.2.1.1.41.1.15.1.1", 56250, 56.25, "component", 0),
    # OG-OMTELEM-MIB ogOmPowerSupplyOutputPower: UNITS "Watts", "The Power Supply output power." (index supply)
    ("1.3.6.1.4.1.25049.1.120", "1.3.6.1.4.1.25049.10.19.8.1.1.6.2", 18, 18.0, "component", None),
    # SAMLEXAMERICA-MIB power / gridpower: "Inverter (Grid AC) Output Real Power eg. 9002 = 900.2W" (scalars)
    ("1.3.6.1.4.1.49075.1.1", "1.3.6.1.4.1.49075.1.3.1.4.0", 9002, 900.2, "ups_output", None),
    ("1.3.6.1.4.1.49075.1.1", "1.3.6.1.4.1.49075.1.3.1.9.0", 48, 4.8, "ups_output", None),
    # DellrPDU-MIB rPDUDeviceStatusPower "in 1/100 of KWatts", rPDUPhaseStatusPower "in hundredths of kilowatts"
    ("1.3.6.1.4.1.674.10903.200.2.300.2", "1.3.6.1.4.1.674.10903.200.2.200.110.2.1.3.1", 57, 570.0, "pdu_output",
     None),
    ("1.3.6.1.4.1.674.10903.200.2.300.2", "1.3.6.1.4.1.674.10903.200.2.200.120.2.1.6.2", 19, 190.0, "pdu_output",
     None),
    # SiteBoss pdnMainPowerValue (W per module input) under the 3052.20 (SiteBoss 572) and 3052.12 arcs
    ("1.3.6.1.4.1.3052.20", "1.3.6.1.4.1.3052.20.1.5.4.1.1.20.1.1", 655, 655.0, "pdu_output", None),
    ("1.3.6.1.4.1.3052.12", "1.3.6.1.4.1.3052.12.1.5.4.1.1.20.200.1", 607, 607.0, "pdu_output", None),
    # Peplink DEVICE MIB deviceCurrentPower: "Device current power(W)" (devicePSUTable), Peplink's and Pepwave's arcs
    ("1.3.6.1.4.1.23695.1.1", "1.3.6.1.4.1.23695.200.1.1.1.4.1.1.3.1", 24, 24.0, "it_input", None),
    ("1.3.6.1.4.1.27662", "1.3.6.1.4.1.27662.200.1.1.1.4.1.1.3.0", 22, 22.0, "it_input", None),
    # PANDUIT-MIB pdug5OutletWatts: "Units are Watts.  A negative value indicates that this object is not available."
    ("1.3.6.1.4.1.19536.10.1", "1.3.6.1.4.1.19536.10.1.5.1.1.13.1.7", 212, 212.0, "outlet", None),
    # NPT-SYSTEM-MIB nptChassisPowerCurrentPowerConsumption: "Current power consumption, in 0.01W." (per card)
    ("1.3.6.1.4.1.1286.5.1.1.1.19", "1.3.6.1.4.1.1286.5.1.1.2.1.9.1.1.9.20", 13500, 135.0, "it_input", None),
]


def compose_under(sys_oid: str, oid: str, raw: SnmpValue) -> DeviceReading:
    from govops.collectors.power_snmp import compose

    return compose("d", {"1.3.6.1.2.1.1.2.0": sys_oid, oid: raw})


@pytest.mark.parametrize(("sys_oid", "oid", "raw", "watts", "point", "sentinel"), ARC_ROWS)
def test_arc_rows_read_their_unit(sys_oid: str, oid: str, raw: int, watts: float, point: str,
                                  sentinel: int | None) -> None:
    (p,) = compose_under(sys_oid, oid, raw).points
    expected: tuple[object, ...] = (pytest.approx(watts), point, (oid,))
    assert (p.watts, p.point, p.oids) == expected


@pytest.mark.parametrize(("sys_oid", "oid", "raw", "watts", "point", "sentinel"), ARC_ROWS)
@pytest.mark.parametrize(("bad", "why"), [
    ("", "no value reported"), ("53 W", "no value reported"), (None, "no value reported"),
    (-1, "never negative"), (-(10**15), "never negative"), (10**15, "beyond any one device"),
])
def test_arc_rows_give_no_value_for_bad_input(sys_oid: str, oid: str, raw: int, watts: float, point: str,
                                              sentinel: int | None, bad: SnmpValue, why: str) -> None:
    (p,) = compose_under(sys_oid, oid, bad).points
    assert p.watts is None and why in p.source


@pytest.mark.parametrize(("sys_oid", "oid", "raw", "watts", "point", "sentinel"),
                         [r for r in ARC_ROWS if r[5] is not None])
def test_arc_rows_read_not_supported_as_no_value(sys_oid: str, oid: str, raw: int, watts: float, point: str,
                                                 sentinel: int) -> None:
    (p,) = compose_under(sys_oid, oid, sentinel).points
    assert p.watts is None and "not supported" in p.source


@pytest.mark.parametrize(("sys_oid", "oid", "raw", "watts", "point", "sentinel"), ARC_ROWS)
def test_arc_rows_are_neither_walked_nor_read_under_another_arc(sys_oid: str, oid: str, raw: int, watts: float,
                                                                point: str, sentinel: int | None) -> None:
    from govops.collectors.power_snmp import _sources_for

    other = "1.3.6.1.4.1.8072.3.2.10"  # net-snmp: answers nothing of these vendors' MIBs
    assert not compose_under(other, oid, raw).points
    def rows_for(device: str) -> list[str]:
        return [s.id for s in _sources_for({"1.3.6.1.2.1.1.2.0": device})
                if oid == s.oid or oid.startswith(s.oid + ".")]

    assert not rows_for(other) and rows_for(sys_oid)


@pytest.mark.parametrize(("sys_oid", "oid", "raw", "watts", "point", "sentinel"), ARC_ROWS)
def test_arc_rows_are_read_by_a_plan_narrowed_to_their_point(sys_oid: str, oid: str, raw: int, watts: float,
                                                             point: str, sentinel: int | None) -> None:
    from govops.collectors.power_snmp import SYS_OBJECT_ID, SnmpPlan, compose, identify

    # The agent narrows a device's plan to its point kind after the first reading: a row keyed to a maker's arc is
    # selected by sysObjectID on every poll, so the plan keeps it (the other identity objects it drops).
    values: dict[str, SnmpValue] = {SYS_OBJECT_ID: sys_oid, "1.3.6.1.2.1.1.1.0": "made-up device", oid: raw}
    narrowed = SnmpPlan(tuple(values), *identify(values)).narrowed(point)
    assert narrowed.oids == tuple(o for o in values if o in (SYS_OBJECT_ID, oid))
    (p,) = compose("d", {o: values[o] for o in narrowed.oids}, narrowed.identity).points
    expected: tuple[object, ...] = (pytest.approx(watts), point)
    assert (p.watts, p.point) == expected


def compose_one(oid: str, raw: SnmpValue) -> DeviceReading:
    from govops.collectors.power_snmp import compose

    return compose("d", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.8072.3.2.10", oid: raw})


@pytest.mark.parametrize(("oid", "raw", "watts", "point", "sentinel"), SUPPLY_ROWS)
def test_supply_and_system_rows_read_their_unit(oid: str, raw: int, watts: float, point: str,
                                                sentinel: int | None) -> None:
    (p,) = compose_one(oid, raw).points
    assert (p.watts, p.point, p.oids) == (watts, point, (oid,))


@pytest.mark.parametrize(("oid", "raw", "watts", "point", "sentinel"), SUPPLY_ROWS)
@pytest.mark.parametrize(("bad", "why"), [
    ("", "no value reported"), ("96 W", "no value reported"), (None, "no value reported"),
    (-5, "never negative"), (-(10**15), "never negative"), (10**15, "beyond any one device"),
])
def test_supply_and_system_rows_give_no_value_for_bad_input(oid: str, raw: int, watts: float, point: str,
                                                            sentinel: int | None, bad: SnmpValue, why: str) -> None:
    (p,) = compose_one(oid, bad).points
    assert p.watts is None and why in p.source


@pytest.mark.parametrize(("oid", "raw", "watts", "point", "sentinel"), [r for r in SUPPLY_ROWS if r[4] is not None])
def test_supply_and_system_rows_read_not_available_as_no_value(oid: str, raw: int, watts: float, point: str,
                                                                sentinel: int) -> None:
    (p,) = compose_one(oid, sentinel).points
    assert p.watts is None and "not supported" in p.source


def test_a_server_total_is_its_input_and_its_supplies_outputs_are_components() -> None:
    from govops.collectors.power_snmp import compose

    sc2 = "1.3.6.1.4.1.231.2.10.2.2.10"
    r = compose("rx300", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.231.2.10.2", f"{sc2}.4.5.1.5.1": 224,
                          f"{sc2}.6.2.1.6.1.1": 116, f"{sc2}.6.2.1.6.1.2": 96, f"{sc2}.6.2.1.7.1.1": 800})
    assert total_for(r.points, "it_input").watts == 224.0  # not 224 + 212, and never the 800 W nominal
    assert total_for(r.points, "component").watts == 212.0
    fusion = "1.3.6.1.4.1.43296.3.3.1"
    e = compose("fusion", {f"{fusion}.5.1": 67, f"{fusion}.5.2": 82, f"{fusion}.6.1": 55, f"{fusion}.6.2": 73})
    assert (total_for(e.points, "it_input").watts, total_for(e.points, "component").watts) == (149.0, 128.0)


def test_an_access_node_frame_total_is_its_input_and_its_boards_are_components() -> None:
    from govops.collectors.power_snmp import compose

    musa = "1.3.6.1.4.1.2011.2.6.7.1.1"  # HWMUSA-DEV-MIB hwIasDev.hwMusaSlotConf
    r = compose("ma5600", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.2011.2.248", f"{musa}.1.1.11.0": 310,
                           f"{musa}.2.1.11.0.0": 120, f"{musa}.2.1.11.0.7": 95, f"{musa}.2.1.11.0.8": 40})
    assert total_for(r.points, "it_input").watts == 310.0  # the frame's own total, never the boards added to it
    assert total_for(r.points, "component").watts == 255.0


def test_a_packet_optical_shelf_sums_its_feeds_and_never_reads_the_repeated_shelf_total() -> None:
    from govops.collectors.power_snmp import compose

    npt = "1.3.6.1.4.1.1286.5.1.1.2.1.9.1.1"  # NPT-SYSTEM-MIB nptChassisPowerEntry
    r = compose("npt", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.1286.5.1.1.1.19", f"{npt}.9.20": 13500,
                        f"{npt}.9.21": 10250, f"{npt}.10.20": 23751, f"{npt}.10.21": 23751})
    assert sorted(p.watts or 0 for p in r.points) == [102.5, 135.0]
    assert total_for(r.points, "it_input").watts == pytest.approx(237.5)  # not 237.5 + 2 x 237.51


def test_a_panduit_outlet_pairs_its_watts_and_resettable_watt_hours() -> None:
    from govops.collectors.power_snmp import compose

    outlet = "1.3.6.1.4.1.19536.10.1.5.1.1"  # PANDUIT-MIB pdug5OutletEntry
    r = compose("g5", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.19536.10.1", f"{outlet}.13.1.7": 212,
                       f"{outlet}.14.1.7": 1234567, f"{outlet}.13.1.8": -1, f"{outlet}.14.1.8": -1})
    got = {p.instance: (p.watts, p.energy_kwh, p.resettable) for p in r.points}
    assert got == {"panduit.outlet/1.7": (212.0, 1234.567, True), "panduit.outlet/1.8": (None, None, True)}


@pytest.mark.parametrize(("multiplier", "watts", "why"), [
    (-3, 98.765, ""), (0, 98765.0, ""), (None, None, "no unit multiplier reported"),
    (25, None, "no unit multiplier reported"), ("milli", None, "no unit multiplier reported"),
])
def test_an_extreme_switch_scales_its_system_power_by_the_unit_multiplier(multiplier: SnmpValue,
                                                                           watts: float | None, why: str) -> None:
    from govops.collectors.power_snmp import compose

    usage = "1.3.6.1.4.1.1916.1.1.1.40"  # EXTREME-SYSTEM-MIB extremeSystemPowerUsage
    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.1916.2.248", f"{usage}.1.0": 98765}
    if multiplier is not None:
        values[f"{usage}.2.0"] = multiplier
    (p,) = compose("x690", values).points
    assert (p.point, p.watts, p.oids) == ("it_input", pytest.approx(watts) if watts else None, (f"{usage}.1.0",))
    assert why in p.source
    # A plan narrowed to the point polls the scalar multiplier with the value (a helper that is its own instance).
    narrowed = SnmpPlan(tuple(values)).narrowed("it_input").oids
    assert (f"{usage}.2.0" in narrowed) == (multiplier is not None) and f"{usage}.1.0" in narrowed


def test_a_dell_rack_pdu_reports_its_own_total_beside_its_phases() -> None:
    from govops.collectors.power_snmp import compose

    rpdu = "1.3.6.1.4.1.674.10903.200.2.200"
    phases = {f"{rpdu}.120.2.1.6.{i}": w for i, w in ((1, 19), (2, 21), (3, 18))}
    r = compose("rpdu", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.674.10903.200.2.300.2", **phases,
                         f"{rpdu}.110.2.1.3.1": 57, f"{rpdu}.110.2.1.4.1": 12345})
    assert {p.phase: p.watts for p in r.points} == {"L1": 190.0, "L2": 210.0, "L3": 180.0, "total": 570.0}
    total = total_for(r.points, "pdu_output")
    assert (total.watts, total.energy_kwh, total.energy_resettable) == (570.0, 1234.5, True)  # not 570 + 580


def test_a_three_phase_ups_reports_its_phases_and_sums_its_own_total() -> None:
    from govops.collectors.power_snmp import compose

    phases = {f"1.3.6.1.4.1.318.1.1.1.9.3.3.1.13.1.{i}": w for i, w in ((1, 5100), (2, 5210), (3, 4990))}
    r = compose("symmetra", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.318.1.3.2.11", **phases})
    assert {p.phase: p.watts for p in r.points} == {"L1": 5100.0, "L2": 5210.0, "L3": 4990.0}
    assert total_for(r.points, "ups_output").watts == 15300.0
    both = compose("symmetra", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.318.1.3.2.11", **phases,
                                "1.3.6.1.4.1.318.1.1.1.4.2.8.0": 15290})
    assert total_for(both.points, "ups_output").watts == 15290.0  # the UPS's own total, not total + phases
    one_missing = compose("symmetra", {**phases, "1.3.6.1.4.1.318.1.1.1.9.3.3.1.13.1.3": -1})
    assert total_for(one_missing.points, "ups_output").watts is None  # never a partial sum


LGP = "1.3.6.1.4.1.476.1.42.3.5.2"  # LIEBERT-GP-POWER-MIB lgpPwrMeasurements


def test_liebert_ups_reads_input_and_output_points_by_their_well_known_ids() -> None:
    r = read("liebert-ups")
    assert r.ok and r.vendor is not None and r.vendor.startswith("Vertiv")
    got = {(p.point, p.phase): p.watts for p in r.points}
    assert got == {("ups_input", "total"): 18140.0, ("ups_input", "L1"): 6100.0, ("ups_input", "L2"): 6050.0,
                   ("ups_input", "L3"): 5990.0, ("ups_output", "total"): 16580.0, ("ups_output", "L1"): 5600.0,
                   ("ups_output", "L2"): 5500.0, ("ups_output", "L3"): 5480.0}  # not bypass, not system output, no VA
    assert total_for(r.points, "ups_output").watts == 16580.0  # the point's total, not total + lines
    assert total_for(r.points, "ups_input").watts == 18140.0


@pytest.mark.parametrize(("point_id", "read_as"), [
    ("1.3.6.1.4.1.476.1.42.3.5.2.1.5", "ups_output"), (".1.3.6.1.4.1.476.1.42.3.5.2.1.5", "ups_output"),
    ("1.3.6.1.4.1.476.1.42.3.5.2.1.2", "ups_input"),
    ("1.3.6.1.4.1.476.1.42.3.5.2.1.9", None), ("1.3.6.1.4.1.476.1.42.3.5.2.1.7", None),  # system output, bypass
    ("1.3.6.1.4.1.476.1.42.3.5.2.1.55", None), ("5", None), (5, None), ("", None), (None, None),
])
def test_a_liebert_point_is_read_only_when_its_id_names_an_input_or_the_output(point_id: SnmpValue,
                                                                              read_as: str | None) -> None:
    from govops.collectors.power_snmp import compose

    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.476.1.42", f"{LGP}.2.1.8.3": 16580}
    if point_id is not None:
        values[f"{LGP}.2.1.2.3"] = point_id
    r = compose("ups", values)
    assert [(p.point, p.watts) for p in r.points] == ([(read_as, 16580.0)] if read_as else [])


@pytest.mark.parametrize("bad", ["", "16580 W", None, -1, 10**15])
def test_a_liebert_point_with_a_bad_value_gives_no_value(bad: SnmpValue) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("ups", {f"{LGP}.2.1.2.3": "1.3.6.1.4.1.476.1.42.3.5.2.1.5", f"{LGP}.2.1.8.3": bad})
    assert [p.watts for p in r.points if p.watts is not None] == []  # a fallback row with no value shows nothing
    good = compose("ups", {f"{LGP}.2.1.2.3": "1.3.6.1.4.1.476.1.42.3.5.2.1.5", f"{LGP}.2.1.8.3": 16580})
    assert [p.watts for p in good.points] == [16580.0]


HW_UPS = "1.3.6.1.4.1.2011.6.174.1.4.100.1"  # HUAWEI-UPS-MIB hwUpsOutputEntry: ActivePowerA-C .8-.10 (0.1 kW)


def test_vendor_ups_rows_stand_in_only_where_ups_mib_gives_no_output_power() -> None:
    from govops.collectors.power_snmp import compose

    huawei = {f"{HW_UPS}.8.1": 32, f"{HW_UPS}.9.1": 29, f"{HW_UPS}.10.1": 31, f"{HW_UPS}.11.1": 35}  # .11: kVA
    alone = compose("ups5000", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.2011.2.6.10", **huawei})
    assert {p.phase: p.watts for p in alone.points} == {"L1": 3200.0, "L2": 2900.0, "L3": 3100.0}
    assert total_for(alone.points, "ups_output").watts == 9200.0
    ups_mib = {f"1.3.6.1.2.1.33.1.4.4.1.4.{i}": w for i, w in ((1, 3180), (2, 2910), (3, 3090))}
    both = compose("ups5000", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.2011.2.6.10", **huawei, **ups_mib})
    assert [p.source.split("::")[0] for p in both.points] == ["UPS-MIB"] * 3  # never both: a sum would double
    assert total_for(both.points, "ups_output").watts == 9180.0
    liebert: dict[str, SnmpValue] = {f"{LGP}.2.1.2.3": "1.3.6.1.4.1.476.1.42.3.5.2.1.5", f"{LGP}.2.1.8.3": 9170}
    assert [p.source.split("::")[0] for p in compose("gxt", {**liebert, **ups_mib}).points] == ["UPS-MIB"] * 3
    cyberpower = {"1.3.6.1.4.1.3808.1.1.1.4.2.5.0": 9150}
    assert [p.source.split("::")[0] for p in compose("ol", {**cyberpower, **ups_mib}).points] == ["UPS-MIB"] * 3
    assert [(p.phase, p.watts) for p in compose("ol", cyberpower).points] == [("total", 9150.0)]


@pytest.mark.parametrize("bad", ["", "3.2 kW", None, 10**15])
def test_huawei_ups_phase_power_with_a_bad_value_gives_no_value(bad: SnmpValue) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("ups5000", {f"{HW_UPS}.8.1": bad, f"{HW_UPS}.9.1": 29})
    assert {p.phase: p.watts for p in r.points} == {"L1": None, "L2": 2900.0}
    assert total_for(r.points, "ups_output").watts is None  # never a partial sum


def test_liebert_discovery_polls_only_the_chosen_points(tmp_path: Path) -> None:
    access = RecordedAccess(RecordedAgent.from_file(DATA / "liebert-ups.snmprec", skipped=[]), "liebert")
    _values, plan = asyncio.run(discover(access))
    assert f"{LGP}.2.1.8.3" in plan.oids and f"{LGP}.3.1.9.3.2" in plan.oids
    assert f"{LGP}.2.1.8.4" not in plan.oids and f"{LGP}.3.1.9.2.1" not in plan.oids  # system output, bypass
    assert not any(o.startswith((f"{LGP}.2.1.7.", f"{LGP}.3.1.8.")) for o in plan.oids)  # VA columns


def test_a_column_reads_exactly_its_own_rows_in_index_order() -> None:
    from govops.collectors.power_snmp import compose

    col = "1.3.6.1.4.1.2634.3.100.200.1.8"  # WTI plugPower; the keys around it share its text, not its column
    values: dict[str, SnmpValue] = {f"{col}.10": 30, f"{col}.2": 20, f"{col}.1": 10, f"{col}0.1": 99,
                                    f"{col[:-1]}9.1": 98, "1.3.6.1.4.1.2634.3.100.200.1.80": 97}
    r = compose("wti", values)
    assert [(p.instance, p.watts) for p in r.points] == [
        ("wti.plug_power/1", 10.0), ("wti.plug_power/2", 20.0), ("wti.plug_power/10", 30.0)]


@pytest.mark.parametrize(("raw", "watts"), [(163, 163.0), (0, 0.0), ("", None), ("163 W", None), (None, None),
                                            (-5, None), (10**15, None)])
def test_cyberpower_ups_total_output_power(raw: SnmpValue, watts: float | None) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("ol1500", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.3808.1.1.1", "1.3.6.1.4.1.3808.1.1.1.4.2.5.0": raw})
    # CPS-MIB upsAdvanceOutputPower, "the total output active power of the UPS system in W"; a bad value is
    # no reading (a fallback row with no value shows no point at all).
    assert [(p.point, p.phase, p.watts) for p in r.points] == ([("ups_output", "total", watts)] if watts is not None
                                                               else [])


def test_a_poll_keeps_the_vendor_and_model_named_at_discovery() -> None:
    from govops.collectors.power_snmp import compose

    access = RecordedAccess(RecordedAgent.from_file(DATA / "servertech-sentry4.snmprec", skipped=[]), "st4")
    values, plan = asyncio.run(discover(access))
    assert plan.identity == ("Server Technology (Legrand)", "C2WG36MC")
    # Narrowed to one point kind, the plan no longer reads the identity objects (sysObjectID, sysDescr) ...
    narrowed = plan.narrowed("pdu_output")
    assert "1.3.6.1.2.1.1.2.0" not in narrowed.oids and narrowed.identity == plan.identity
    polled = {oid: values[oid] for oid in narrowed.oids}
    # ... so a poll names the device as discovery did, not from values that no longer hold who made it.
    reading = compose("st4", polled, narrowed.identity)
    assert reading.ok and (reading.vendor, reading.model) == plan.identity
    assert (compose("st4", polled).vendor, compose("st4", polled).model) != plan.identity


def test_a_px1_without_an_inlet_table_reads_its_unit_total() -> None:
    from govops.collectors.power_snmp import compose

    base: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.13742.4", "1.3.6.1.4.1.13742.4.1.3.1.3.0": 1480}
    r = compose("px1", base)
    assert [(p.point, p.phase, p.watts) for p in r.points] == [("pdu_output", "total", 1480.0)]
    # Where the inlet table answers, the deprecated unit scalar stands aside (never both).
    both = compose("px1", {**base, "1.3.6.1.4.1.13742.4.1.20.2.1.9.1": 1475})
    assert [(p.source, p.watts) for p in both.points] == [("PDU-MIB::inletActivePower.1", 1475.0)]


@pytest.mark.parametrize(("raw", "watts"), [(2210, 2210.0), (0, 0.0), (-3, None), ("2210 W", None)])
def test_an_eaton_managed_epdu_reads_its_unit_total(raw: SnmpValue, watts: float | None) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("ma", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.534.6.6.6", "1.3.6.1.4.1.534.6.6.6.1.3.1.3.0": raw})
    assert [(p.point, p.phase, p.watts) for p in r.points] == [("pdu_output", "total", watts)]


CPS_LOAD = "1.3.6.1.4.1.3808.1.1.3.2.3.1.1"


def cps_epdu(rows: dict[int, tuple[SnmpValue, SnmpValue]]) -> dict[str, SnmpValue]:
    """ePDULoadStatusTable rows: index -> (ePDULoadStatusBankNumber, ePDULoadStatusActivePower)."""
    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.3808.1.1.3"}
    for index, (bank, watts) in rows.items():
        values[f"{CPS_LOAD}.5.{index}"] = bank
        values[f"{CPS_LOAD}.7.{index}"] = watts
        values[f"{CPS_LOAD}.8.{index}"] = 9999  # ePDULoadStatusApparentPower (VA): never read
    return values


def test_a_cyberpower_epdu_sums_its_phase_rows_and_keeps_its_banks_apart() -> None:
    from govops.collectors.power_snmp import compose

    # A three-phase PDU: phases 1-3 first (bank 0), then two banks of outlets; one outlet metered.
    values = {**cps_epdu({1: (0, 410), 2: (0, 380), 3: (0, 395), 4: (1, 300), 5: (2, 110)}),
              "1.3.6.1.4.1.3808.1.1.3.3.5.1.1.8.1": 57}
    r = compose("pdu81", values)
    assert phases(r) == {"L1": 410.0, "L2": 380.0, "L3": 395.0}
    assert sorted(measured(p) for p in r.points if p.point == "circuit") == [110.0, 300.0]
    assert [p.watts for p in r.points if p.point == "outlet"] == [57.0]
    assert total_for(r.points, "pdu_output").watts == 1185.0  # the phases; banks and outlets never added


@pytest.mark.parametrize("bank", [None, "0", -1, 11])
def test_a_cyberpower_load_row_without_a_known_bank_number_is_not_read(bank: SnmpValue) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("pdu", cps_epdu({1: (bank, 410)}))
    assert not r.points


@pytest.mark.parametrize("bad", [-5, "410 W", None])
def test_a_cyberpower_phase_row_with_a_bad_value_gives_no_value(bad: SnmpValue) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("pdu", cps_epdu({1: (0, bad)}))
    assert [p.watts for p in r.points] == [None]


GEIST_V3 = "1.3.6.1.4.1.21239.2"


def geist(values: dict[str, SnmpValue], arc: str = GEIST_V3) -> DeviceReading:
    from govops.collectors.power_snmp import compose

    return compose("geist", {"1.3.6.1.2.1.1.2.0": arc, **{f"{arc}.{k}": v for k, v in values.items()}})


def test_a_geist_iec_unit_reports_its_own_total_beside_its_phases() -> None:
    # ctrl3ChIECTable row 1: RealPowerA/B/C (10/18/26), ApparentPowerA (11, VA), kWattHrsTotal 29, RealPowerTotal 30.
    r = geist({"25.1.10.1": 1210, "25.1.11.1": 1290, "25.1.18.1": 990, "25.1.26.1": 1105, "25.1.29.1": 8123,
               "25.1.30.1": 3300})
    assert phases(r) == {"L1": 1210.0, "L2": 990.0, "L3": 1105.0, "total": 3300.0}
    total = next(p for p in r.points if p.phase == "total")
    assert (total.energy_kwh, total_for(r.points, "pdu_output").watts) == (8123.0, 3300.0)  # the total, not 3305


@pytest.mark.parametrize("arc", [GEIST_V3, "1.3.6.1.4.1.21239.1"])
def test_a_geist_three_phase_control_unit_sums_its_phase_columns(arc: str) -> None:
    # ctrl3ChTable (GEIST-MIB-V3 and the older GEIST-MIB): RealPowerA/B/C at 9/16/23; ApparentPowerA at 10 (VA).
    r = geist({"14.1.9.1": 400, "14.1.10.1": 455, "14.1.16.1": 380, "14.1.23.1": 410}, arc)
    assert phases(r) == {"L1": 400.0, "L2": 380.0, "L3": 410.0}
    assert total_for(r.points, "pdu_output").watts == 1190.0


def test_a_geist_climate_table_is_not_read_as_the_unit_s_draw() -> None:
    # climateRealPowerA/B/C (GEIST-MIB-V3 climateTable, "internal sensors for R-Series units") may sit beside a
    # three-phase table of the same unit: read both and the unit counts twice, so the climate columns are not read.
    assert not geist({"2.1.18.1": 220, "2.1.23.1": 0, "2.1.28.1": 0}).points


def test_a_geist_delta_unit_uses_its_total_and_keeps_line_pairs_without_a_phase() -> None:
    r = geist({"6.1.9.1": 77, "6.1.10.1": 2400, "6.1.14.1": 800, "6.1.15.1": 900, "6.1.20.1": 790, "6.1.26.1": 810})
    assert phases(r) == {"total": 2400.0, None: 810.0}  # line pairs carry no phase (the last of three shown)
    assert sorted(measured(p) for p in r.points if p.phase is None) == [790.0, 800.0, 810.0]
    assert total_for(r.points, "pdu_output").watts == 2400.0


def test_a_geist_outlet_pairs_its_watts_and_resettable_kwh() -> None:
    r = geist({"16.1.14.3": 12, "16.1.15.3": 96, "16.1.6.3": 4})
    (p,) = r.points
    assert (p.point, p.watts, p.energy_kwh, p.resettable) == ("outlet", 96.0, 12.0, True)


@pytest.mark.parametrize("bad", ["96 W", None, 10**15])
def test_a_geist_v3_column_with_a_bad_value_gives_no_value(bad: SnmpValue) -> None:
    r = geist({"14.1.9.1": bad})
    assert [p.watts for p in r.points] == [None]


CPS2 = "1.3.6.1.4.1.3808.1.1.6"


def test_a_cyberpower_epdu2_chain_reports_each_pdu_total_its_named_phases_and_outlets() -> None:
    from govops.collectors.power_snmp import compose

    # Two daisy-chained PDUs: device rows 1-2 (PowerLoad W, 18; Energy 0.1 kWh, 9; ApparentPower VA, 15); phase rows
    # 1-4 (index over the chain), ePDU2PhaseStatusNumber naming each one's phase; one metered outlet.
    values: dict[str, SnmpValue] = {
        "1.3.6.1.2.1.1.2.0": f"{CPS2}.1",
        f"{CPS2}.3.4.1.18.1": 1500, f"{CPS2}.3.4.1.9.1": 12345, f"{CPS2}.3.4.1.15.1": 1700,
        f"{CPS2}.3.4.1.18.2": 420, f"{CPS2}.3.4.1.9.2": 60, f"{CPS2}.3.4.1.15.2": 500,
        **{f"{CPS2}.4.4.1.3.{i}": n for i, n in ((1, 1), (2, 2), (3, 3), (4, 1))},
        **{f"{CPS2}.4.4.1.7.{i}": w for i, w in ((1, 500), (2, 480), (3, 520), (4, 420))},
        f"{CPS2}.6.2.4.1.7.5": 88, f"{CPS2}.6.2.4.1.11.5": 37,
    }
    r = compose("pdu44001", values)
    totals = sorted((p.watts, p.energy_kwh) for p in r.points if p.phase == "total")
    assert totals == [(420.0, 6.0), (1500.0, 1234.5)]  # each PDU's own draw and resettable tenths of kWh
    assert sorted((p.phase, p.watts) for p in r.points if p.phase in ("L1", "L2", "L3")) == [
        ("L1", 420.0), ("L1", 500.0), ("L2", 480.0), ("L3", 520.0)]  # the phase the PDU names, not the row index
    assert [(p.watts, p.energy_kwh) for p in r.points if p.point == "outlet"] == [(88.0, 3.7)]
    assert total_for(r.points, "pdu_output").watts == 1920.0  # the PDUs' totals, never their phases as well


@pytest.mark.parametrize("bad", [-1, "1500 W", None])
def test_a_cyberpower_epdu2_total_with_a_bad_value_gives_no_value(bad: SnmpValue) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("pdu", {"1.3.6.1.2.1.1.2.0": f"{CPS2}.1", f"{CPS2}.3.4.1.18.1": bad})
    assert [p.watts for p in r.points] == [None]


LGP_PDU = "1.3.6.1.4.1.476.1.42.3.8"


def test_a_liebert_rack_pdu_reports_its_source_total_lines_and_branches_in_their_places() -> None:
    from govops.collectors.power_snmp import compose

    # lgpPduPsEntryPwrTotal (30.20.1.65, W) of PDU 1 source 1; lgpPduPsLineEntryPwrLN (30.40.1.63) of its three
    # lines and PwrLL (64, line to line: never read); lgpPduRbEntryPwr (40.20.1.115) of two branches, AP (120, VA).
    values: dict[str, SnmpValue] = {
        "1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.476.1.42",
        f"{LGP_PDU}.30.20.1.65.1.1": 2950, f"{LGP_PDU}.30.20.1.50.1.1": 40960,
        **{f"{LGP_PDU}.30.40.1.63.1.1.{line}": w for line, w in ((1, 1000), (2, 950), (3, 1000))},
        f"{LGP_PDU}.30.40.1.64.1.1.1": 1730,
        f"{LGP_PDU}.40.20.1.115.1.1": 1500, f"{LGP_PDU}.40.20.1.85.1.1": 120, f"{LGP_PDU}.40.20.1.120.1.1": 1600,
        f"{LGP_PDU}.40.20.1.115.1.2": 1450,
    }
    r = compose("mph2", values)
    assert phases(r) == {"total": 2950.0, "L1": 1000.0, "L2": 950.0, "L3": 1000.0}
    assert sorted((p.watts, p.energy_kwh) for p in r.points if p.point == "circuit") == [(1450.0, None), (1500.0, 12.0)]
    total = total_for(r.points, "pdu_output")
    assert (total.watts, total.energy_kwh) == (2950.0, 4096.0)  # the source's total: not its lines, not its branches


@pytest.mark.parametrize(
    ("sys_oid", "model_oid", "model"),
    [
        ("1.3.6.1.4.1.13742.6", "1.3.6.1.4.1.13742.6.3.2.1.1.3.1", "PX3-5190R"),  # PDU2-MIB pduModel
        ("1.3.6.1.4.1.13742.4", "1.3.6.1.4.1.13742.4.1.1.12.0", "DPXS20A-16"),  # PDU-MIB (PX1)
        ("1.3.6.1.4.1.1718.3", "1.3.6.1.4.1.1718.3.2.1.1.7.1", "CW-24V2-L30M"),  # Sentry3 towerModelNumber
        ("1.3.6.1.4.1.21239.5.2", "1.3.6.1.4.1.21239.5.2.1.8.0", "VP8865A1A0"),  # VERTIV-V5 productModelNumber
        ("1.3.6.1.4.1.21239.2", "1.3.6.1.4.1.21239.2.1.1.0", "RCXRPDU"),  # GEIST-MIB-V3 productTitle
        ("1.3.6.1.4.1.3808.1.1.6", "1.3.6.1.4.1.3808.1.1.6.2.2.1.9.1", "PDU44005"),  # ePDU2IdentModelName
        ("1.3.6.1.4.1.534.6.6.7", "1.3.6.1.4.1.534.6.6.7.1.2.1.3.0", "EMAB21"),  # EATON-EPDU-MIB partNumber
    ],
)
def test_a_power_reading_names_the_model_of_each_generation(sys_oid: str, model_oid: str, model: str) -> None:
    from govops.collectors.power_snmp import identify

    assert identify({"1.3.6.1.2.1.1.2.0": sys_oid, model_oid: f" {model} "})[1] == model


def test_an_eaton_card_answering_both_mibs_counts_its_output_once() -> None:
    from govops.collectors.power_snmp import compose

    xups = {f"1.3.6.1.4.1.534.1.4.4.1.4.{i}": w for i, w in ((1, 231), (2, 944), (3, 882))}
    ups_mib = {f"1.3.6.1.2.1.33.1.4.4.1.4.{i}": w for i, w in ((1, 230), (2, 945), (3, 880))}
    base = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.534.1"}
    both = compose("9px", {**base, **xups, **ups_mib})
    assert total_for(both.points, "ups_output").watts == 2055.0  # UPS-MIB's lines, not both MIBs' (4112)
    assert {p.source.split("::")[0] for p in both.points} == {"UPS-MIB"}
    alone = compose("9px", {**base, **xups})  # a card without UPS-MIB's output table: XUPS-MIB stands in
    assert total_for(alone.points, "ups_output").watts == 2057.0


def test_an_infrastruxure_pdu_reads_its_system_output_in_tenths_of_kw() -> None:
    from govops.collectors.power_snmp import compose

    # PowerNet-MIB xPDUSystemOutputTotalPower (318.1.1.15.3.4.3): 'the total system output power in tenths of kW'.
    r = compose("xpdu", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.318.1.3.15", "1.3.6.1.4.1.318.1.1.15.3.4.3.0": 423,
                         "1.3.6.1.4.1.318.1.1.15.3.4.4.0": 451})
    assert [(p.point, p.phase, p.watts) for p in r.points] == [("pdu_output", "total", 42300.0)]


def test_an_eaton_card_states_its_totals_where_ups_mib_does_not() -> None:
    from govops.collectors.power_snmp import compose

    # XUPS-MIB xupsInputTotalWatts (534.1.3.8.3), xupsOutputTotalWatts (534.1.4.9.3), UNITS Watts;
    # xupsOutputCumulativePowerUsage (534.1.4.7, UNITS Wh, read-write); the lines (xupsOutputWatts) beside them.
    xups: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.534.1", "1.3.6.1.4.1.534.1.3.8.3.0": 2150,
            "1.3.6.1.4.1.534.1.4.9.3.0": 2057, "1.3.6.1.4.1.534.1.4.7.0": 4567890,
            **{f"1.3.6.1.4.1.534.1.4.4.1.4.{i}": w for i, w in ((1, 231), (2, 944), (3, 880))}}
    alone = compose("9px", xups)
    out = total_for(alone.points, "ups_output")
    assert (out.watts, out.energy_kwh) == (2057.0, 4567.89)  # the stated total, not its lines' sum (2055)
    assert total_for(alone.points, "ups_input").watts == 2150.0
    assert next(p for p in alone.points if p.phase == "total" and p.point == "ups_output").resettable
    # Beside UPS-MIB's lines (the same output measured by the standard MIB) neither total nor energy is read.
    ups_mib = {f"1.3.6.1.2.1.33.1.4.4.1.4.{i}": w for i, w in ((1, 230), (2, 945), (3, 880))}
    both = compose("9px", {**xups, **ups_mib})
    assert (total_for(both.points, "ups_output").watts, total_for(both.points, "ups_output").energy_kwh) == (2055.0,
                                                                                                            None)


def test_an_eaton_epdu_pairs_group_and_outlet_watts_with_their_resettable_watt_hours() -> None:
    from govops.collectors.power_snmp import compose

    # EATON-EPDU-MIB groupPowerTable (5.5.1: groupWatts .3, groupWh .4) and outletPowerTable (6.5.1: outletWatts .3,
    # outletWh .4), index strapping.group / strapping.outlet.
    g3 = "1.3.6.1.4.1.534.6.6.7"
    r = compose("g3", {"1.3.6.1.2.1.1.2.0": g3, f"{g3}.5.5.1.3.0.1": 1000, f"{g3}.5.5.1.4.0.1": 2500000,
                       f"{g3}.6.5.1.3.0.7": 120, f"{g3}.6.5.1.4.0.7": 98765})
    assert sorted((p.point, p.watts, p.energy_kwh, p.resettable) for p in r.points) == [
        ("circuit", 1000.0, 2500.0, True), ("outlet", 120.0, 98.765, True)]


def test_rittal_cmc3_reads_an_inline_meter_total_and_a_pdu_s_sockets() -> None:
    from govops.collectors.power_snmp import compose

    table = "1.3.6.1.4.1.2606.7.4.2.2.1"
    rows = {"2.12": ("Total.Power.Active.Value", "W", 1, 2210), "2.57": ("Socket 01.Current.Value", "A", -100, 120),
            "2.67": ("Socket 01.Power.Active.Value", "W", 1, 260),
            "2.98": ("Socket 02.Power.Active.Value", "W", -10, 731),
            "2.99": ("Socket 02.Power.Active.SetPtHighAlarm", "W", 1, 2000)}
    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.2606.7"}
    for index, (name, unit, scale, value) in rows.items():
        values.update({f"{table}.3.{index}": name, f"{table}.5.{index}": unit, f"{table}.7.{index}": scale,
                       f"{table}.11.{index}": value})
    r = compose("rcm", values)
    assert phases(r) == {"total": 2210.0}
    assert sorted(measured(p) for p in r.points if p.point == "outlet") == [73.1, 260.0]  # not the set point, not amps


def test_a_three_phase_cyberpower_ups_reports_its_phases_beside_its_total() -> None:
    from govops.collectors.power_snmp import compose

    # CPS-MIB upsPhaseOutputPower (3808.1.1.1.9.2.2.1.6, W per phase) and upsAdvanceOutputPower (total, W).
    phase = "1.3.6.1.4.1.3808.1.1.1.9.2.2.1.6"
    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.3808.1.1.1", f"{phase}.1": 3100,
                                    f"{phase}.2": 2900, f"{phase}.3": 3050}
    r = compose("ol10k", values)
    assert {p.phase: p.watts for p in r.points} == {"L1": 3100.0, "L2": 2900.0, "L3": 3050.0}
    with_total = compose("ol10k", {**values, "1.3.6.1.4.1.3808.1.1.1.4.2.5.0": 9060})
    assert total_for(with_total.points, "ups_output").watts == 9060.0  # the UPS's own total, not the phases too


def test_an_apc_three_phase_ups_reads_its_main_input_phases_not_its_bypass() -> None:
    from govops.collectors.power_snmp import compose

    # PowerNet-MIB upsPhaseInputTable (9.2.2.1): upsPhaseInputType .5 per input, main(2) / bypass(3);
    # upsPhaseInputPhaseTable (9.2.3.1, index input.phase): upsPhaseInputPower .9 (W, -1 unsupported),
    # upsPhaseInputApparentPower .12 (VA, never read).
    ph, kind = "1.3.6.1.4.1.318.1.1.1.9.2.3.1", "1.3.6.1.4.1.318.1.1.1.9.2.2.1.5"
    values: dict[str, SnmpValue] = {
        "1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.318.1.3.13", f"{kind}.1": 2, f"{kind}.2": 3,
        **{f"{ph}.9.1.{p}": w for p, w in ((1, 3100), (2, 2900), (3, 3000))},
        **{f"{ph}.9.2.{p}": w for p, w in ((1, 3050), (2, 2950), (3, -1))},
        **{f"{ph}.12.1.{p}": 3300 for p in (1, 2, 3)},
    }
    r = compose("px", values)
    assert sorted((p.point, p.phase, p.watts) for p in r.points) == [
        ("ups_input", "L1", 3100.0), ("ups_input", "L2", 2900.0), ("ups_input", "L3", 3000.0)]
    assert total_for(r.points, "ups_input").watts == 9000.0
    # An input of unknown(1) type is neither: nothing read.
    assert not compose("px", {**values, f"{kind}.1": 1}).points
    # Beside UPS-MIB's input lines (the same input) PowerNet's phases are not read.
    both = compose("px", {**values, **{f"1.3.6.1.2.1.33.1.3.3.1.5.{i}": 3000 for i in (1, 2, 3)}})
    assert {p.source.split("::")[0] for p in both.points} == {"UPS-MIB"}


def test_a_type_column_of_a_parent_table_is_read_by_discovery(tmp_path: Path) -> None:
    # The walk keeps only the main input's phases, and the plan keeps the type a poll must check again.
    ph, kind = "1.3.6.1.4.1.318.1.1.1.9.2.3.1.9", "1.3.6.1.4.1.318.1.1.1.9.2.2.1.5"
    walk = tmp_path / "px.snmprec"
    walk.write_text("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.318.1.3.13\n"
                    f"{kind}.1|2|2\n{kind}.2|2|3\n{ph}.1.1|2|3100\n{ph}.1.2|2|2900\n{ph}.2.1|2|3050\n")
    values, plan = asyncio.run(discover(RecordedAccess(RecordedAgent.from_file(walk, skipped=[]), "px")))
    assert f"{ph}.2.1" not in values and {f"{ph}.1.1", f"{ph}.1.2", f"{kind}.1"} <= set(plan.narrowed("ups_input").oids)
    assert total_for(compose_of(values).points, "ups_input").watts == 6000.0


DELL_PROBES = {  # amperageProbeTableEntry of the iDRAC's IDRAC-MIB and OpenManage's MIB-Dell-10892: .6 reading, .7 type
    "1.3.6.1.4.1.674.10892.5": "1.3.6.1.4.1.674.10892.5.4.600.30.1",
    "1.3.6.1.4.1.8072.3.2.10": "1.3.6.1.4.1.674.10892.1.600.30.1",
}


def dell_probes(sys_oid: str, system_watts: SnmpValue) -> dict[str, SnmpValue]:
    table = DELL_PROBES[sys_oid]
    # PS1/PS2 current in tenths of amps (type 23), a supply's watts (24), the system board's watts (26), a
    # milliamp probe (other type): only the system's watts are its draw.
    rows = {"1.1": (9, 23), "1.2": (8, 23), "1.3": (system_watts, 26), "1.4": (150, 24), "1.5": (1800, 3)}
    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": sys_oid}
    for index, (reading, kind) in rows.items():
        values[f"{table}.6.{index}"] = reading
        values[f"{table}.7.{index}"] = kind
    return values


@pytest.mark.parametrize("sys_oid", list(DELL_PROBES))
def test_a_dell_server_s_draw_is_its_system_watts_probe_alone(sys_oid: str) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("r740", dell_probes(sys_oid, 294))
    assert [(p.point, p.watts, p.phase) for p in r.points] == [("it_input", 294.0, "total")]
    assert total_for(r.points, "it_input").watts == 294.0


@pytest.mark.parametrize("sys_oid", list(DELL_PROBES))
@pytest.mark.parametrize("bad", [-3, "", "294 W", None])
def test_a_dell_system_watts_probe_that_is_not_a_reading_gives_none(sys_oid: str, bad: SnmpValue) -> None:
    from govops.collectors.power_snmp import compose

    r = compose("r740", dell_probes(sys_oid, bad))
    (p,) = r.points
    assert p.watts is None and "amperageProbeReading" in p.source
    assert total_for(r.points, "it_input").watts is None
