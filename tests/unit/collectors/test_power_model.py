"""Pure parts of the power feature: catalogue data, decoding, energy counters, PUE rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from govops.catalog.power import (
    POINT_KINDS,
    MeterRegister,
    RegisterDecodeError,
    decode_entity_sensor,
    decode_registers,
    modbus_meters,
    power_devices,
    power_sources,
)
from govops.collectors.power import DeviceSample, EnergyCounter, RoomSample, room_pue
from govops.collectors.power_config import PowerDeviceConfig, RoomConfig, parse_config
from govops.collectors.power_ipmi import parse_dcmi_power_reading
from govops.collectors.power_model import PointReading, total_for
from govops.collectors.power_snmp_access import SnmpValue
from govops.errors import ConfigError, ParseError

DATA = Path(__file__).resolve().parents[2] / "data" / "power"


def test_catalogue_rows_are_sourced_unique_and_sane() -> None:
    rows = power_sources()
    assert len({r.id for r in rows}) == len(rows)
    for r in rows:
        assert r.source and r.mib and r.point in POINT_KINDS
        assert r.oid.replace(".", "").isdigit(), r.id
        if r.quantity == "energy":
            assert r.pair, f"{r.id}: an energy row pairs with the power of the same point"
    assert {d.id for d in power_devices()} >= {"huawei_smu"}
    for meter in modbus_meters().values():
        assert any(r.quantity == "power" for r in meter.registers)
        addresses = [(r.function, r.address) for r in meter.registers]
        assert len(set(addresses)) == len(addresses), meter.id


# The unit a row's source quotes from its MIB, and the scale that turns a raw value in that unit into W or kWh: the
# first pattern of the row's quantity that its source matches. A row whose scale disagrees with the unit its own
# source states (a 0.1 kW column read at scale 10, a Wh counter read as kWh) is a mis-scaled row.
STATED_UNITS: list[tuple[str, str, float]] = [
    (r"0\.01 ?kW\b|hundredths? of (?:a )?kilo ?watts|hundredths? of kW|1/100 of KW", "power", 10.0),
    (r"0\.1 ?kW\b|tenths? of (?:a )?kW\b|accurate to one decimal place.*\bkW\b", "power", 100.0),
    (r"\bmW\b|milli-?[Ww]atts?|0\.001 ?W\b|1/1000 W", "power", 0.001),
    (r"0\.01 ?W\b", "power", 0.01),
    (r"0\.1 ?W\b|tenths of a watt|= \d+\.\dW", "power", 0.1),
    (r"0\.1 ?V\) x .*\(A\)", "power", 0.1),
    (r"tenths? (?:of )?(?:kilowatt-hours|kWh|Kilowatt-Hours)|0\.1 ?kWh|0\.1 Kilowatt-Hour|1/10 kWh", "energy", 0.1),
    (r"hundredths? of (?:kilowatt-hours|kWh)|0\.01 ?kWh", "energy", 0.01),
    (r"(?<![Kk]ilo)[Ww]att-[Hh]ours?|\bWh\b|\bWH\b", "energy", 0.001),
    (r"\bkWh\b|Kilowatt-Hours", "energy", 1.0),
    (r"(?i)\bwatts?\b|\bW\b", "power", 1.0),
]


def stated_scale(source: str, quantity: str) -> float | None:
    """The scale the unit quoted in ``source`` calls for, None when it quotes no unit of that quantity."""
    return next((scale for pattern, q, scale in STATED_UNITS if q == quantity and re.search(pattern, source)), None)


def test_every_row_states_its_unit_and_scales_by_it() -> None:
    wrong = [(r.id, r.scale, stated_scale(r.source, r.quantity)) for r in power_sources()
             if stated_scale(r.source, r.quantity) != r.scale]
    assert not wrong, wrong


@pytest.mark.parametrize(("source", "quantity", "scale"), [
    ("X-MIB fooPower (UNITS 0.1 kW)", "power", 100.0), ("X-MIB fooPower (in hundredths of kW)", "power", 10.0),
    ("X-MIB fooPower (in tenths of kW)", "power", 100.0),
    ("X-MIB fooEnergy (UNITS watt-hours)", "energy", 0.001), ("X-MIB fooEnergy (tenth Kilowatt-Hours)", "energy", 0.1),
    ("X-MIB fooEnergy (UNITS Kilowatt-Hours)", "energy", 1.0),
    ("X-MIB fooEnergy (in hundredths of kWh)", "energy", 0.01),
    ("X-MIB fooPower (UNITS Watts)", "power", 1.0), ("X-MIB fooPower (milliwatts)", "power", 0.001),
    ("X-MIB fooPower", "power", None), ("X-MIB fooApparentPower (volt-amps)", "power", None),
])
def test_a_stated_unit_names_its_scale(source: str, quantity: str, scale: float | None) -> None:
    # A made-up row reading a 0.1 kW column at scale 1, or a VA column as watts, fails the table test above.
    assert stated_scale(source, quantity) == scale


@pytest.fixture
def user_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Path]]:
    """Write a user catalogue file (GOVOPS_CATALOG) and load power_sources afresh; the cache is cleared after."""

    def write(text: str) -> Path:
        path = tmp_path / "mine.yaml"
        path.write_text(text)
        monkeypatch.setenv("GOVOPS_CATALOG", str(path))
        power_sources.cache_clear()
        return path

    yield write
    power_sources.cache_clear()


def test_user_catalogue_file_adds_a_source(user_catalogue: Callable[[str], Path]) -> None:
    user_catalogue(
        "power_sources:\n"
        "  - id: vendorx.total\n    mib: X-MIB\n    object: xTotalWatts\n    oid: 1.3.6.1.4.1.99999.1.0\n"
        "    quantity: power\n    point: pdu_output\n    scale: 1\n    source: X-MIB xTotalWatts\n"
    )
    assert "vendorx.total" in {r.id for r in power_sources()}


@pytest.mark.parametrize(("bad", "needle"), [
    ("    quantity: volts\n",
     r"mine.yaml:6: row 'ups\.x': field `quantity`: not understood, got 'volts' \(accepted: one of"),
    ("    quantity: power\n    type_index: parent\n",
     r"mine.yaml:7: row 'ups\.x': field `type_index`: not understood, got 'parent' \(accepted: one of row, first"),
])
def test_bad_catalogue_row_names_file_line_and_row(user_catalogue: Callable[[str], Path], bad: str,
                                                   needle: str) -> None:
    from govops.errors import CatalogError

    user_catalogue("power_sources:\n  - id: ups.x\n    mib: M\n    object: o\n    oid: 1.2\n" + bad
                   + "    point: pdu_output\n    scale: 1\n    source: s\n")
    with pytest.raises(CatalogError, match=needle):
        power_sources()


def test_a_pair_whose_rows_do_not_both_name_their_point_is_refused(user_catalogue: Callable[[str], Path]) -> None:
    from govops.errors import CatalogError

    row = ("  - id: x.{q}\n    mib: M\n    object: o\n    oid: 1.3.6.1.4.1.99999.1.1.11\n    quantity: {q}\n"
           "    point: outlet\n    scale: 1\n    pair: x.p\n    name_oid: 1.3.6.1.4.1.99999.1.1.3\n"
           "    name_pattern: '{pattern}'\n    source: s\n")
    user_catalogue("power_sources:\n" + row.format(q="power", pattern="(?P<point>plug [0-9]+)\\.watts")
                   + row.format(q="energy", pattern="plug [0-9]+\\.kwh"))
    with pytest.raises(CatalogError, match=r"x\.energy.*only one of them names its point"):
        power_sources()


@pytest.mark.parametrize(("arc", "extra", "why"), [
    ("1.0", "    zero_unsupported_beside: 1.3.6.1.2.1.33.1.4.4.1.3\n", "beside a table column"),  # a scalar's
    ("1", "    zero_unsupported_beside: upsOutputCurrent\n", "dotted OID"),
])
def test_zero_unsupported_beside_is_a_column_of_a_table_row(
        user_catalogue: Callable[[str], Path], arc: str, extra: str, why: str) -> None:
    from govops.errors import CatalogError

    user_catalogue("power_sources:\n  - id: x\n    mib: M\n    object: o\n    oid: 1.3.6.1.4.1.99999." + arc + "\n"
                   "    quantity: power\n    point: ups_output\n    scale: 1\n    source: s\n" + extra)
    with pytest.raises(CatalogError, match=f"zero_unsupported_beside.*{why}"):
        power_sources()


UPS_OUT = "1.3.6.1.2.1.33.1.4.4.1"  # UPS-MIB upsOutputEntry: .3 upsOutputCurrent (0.1 A), .4 upsOutputPower (W)


@pytest.mark.parametrize(("current", "watts", "why"), [
    (73, None, "= 73: not metered"),  # 7.3 A beside 0 W: the card does not meter the line's power
    (2**31 - 1, None, "not metered"),  # the largest current the column holds still carries current
    (0, 0.0, ""),  # an idle line: 0 W is a reading
    (-1, 0.0, ""),  # a negative current says nothing about the line: the 0 W stands
    ("7.3", 0.0, ""),  # a current as text is no Integer32: the 0 W stands
    ("", 0.0, ""),
    (None, 0.0, ""),  # NULL
    ("missing", 0.0, ""),  # no row of that line in the current column
])
def test_zero_watts_beside_a_current_is_not_metered(current: SnmpValue | str, watts: float | None, why: str) -> None:
    from govops.collectors.power_snmp import compose

    values: dict[str, SnmpValue] = {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.99999.1", f"{UPS_OUT}.4.1": 0}
    if current != "missing":
        values[f"{UPS_OUT}.3.1"] = current
    (point,) = [p for p in compose("ups", values).points if p.point == "ups_output"]
    assert point.watts == watts and why in point.source


def test_a_non_zero_reading_beside_a_current_is_read() -> None:
    from govops.collectors.power_snmp import compose

    (point,) = [p for p in compose("ups", {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.99999.1", f"{UPS_OUT}.4.2": 1650,
                                           f"{UPS_OUT}.3.2": 73}).points if p.point == "ups_output"]
    assert point.watts == 1650.0


def test_entity_sensor_scale_and_precision() -> None:
    assert decode_entity_sensor(1234, 6, 9, 1, 1) == 123.4
    assert decode_entity_sensor(3, 6, 10, 0, 1) == 3000.0
    assert decode_entity_sensor(1500, 6, 8, 0, 1) == 1.5
    assert decode_entity_sensor(10, 3, 9, 0, 1) is None  # volts, not watts
    assert decode_entity_sensor(10, 6, 9, 0, 3) is None  # nonoperational


@pytest.mark.parametrize(
    ("args", "want"),
    [
        ((300, 6, 9, -2, 1), 300.0),  # negative precision counts accurate digits: no shift
        ((300, 6, 9, 0, None), 300.0),  # no status column: no fault reported
        ((-5, 6, 9, 0, 1), -5.0),  # a sign is the agent's to give (a feed returning power)
        ((1_000_000_000, 6, 9, 0, 1), None),  # overflow
        ((-1_000_000_000, 6, 9, 0, 1), None),  # underflow
        ((10, 6, None, 0, 1), None),  # missing scale
        ((10, 6, 0, 0, 1), None),  # scale outside yocto(1)..yotta(17)
        ((10, 6, 18, 0, 1), None),
        ((10, 6, 9, 10, 1), None),  # precision outside -8..9
        ((10, 6, 9, -9, 1), None),
        ((None, 6, 9, 0, 1), None),  # NULL or a non-integer value
    ],
)
def test_entity_sensor_bad_input(args: tuple[int | None, ...], want: float | None) -> None:
    assert decode_entity_sensor(*args) == want


def test_register_decoding_rejects_wrong_types() -> None:
    f32 = MeterRegister("power", "input", 0, "float32", 1.0, "p")
    assert decode_registers(f32, [0x4479, 0xC000]) == 999.0
    with pytest.raises(RegisterDecodeError, match="not a finite"):
        decode_registers(f32, [0x7FC0, 0])
    with pytest.raises(RegisterDecodeError, match="expected 2 registers"):
        decode_registers(f32, [0x4479])
    i32 = MeterRegister("power", "holding", 0, "int32", 0.001, "p", word_order="little")
    assert decode_registers(i32, [0x86A0, 0x0001]) == 100.0


def test_energy_counter_bridges_resets_and_ignores_jitter() -> None:
    c = EnergyCounter("device_counter")
    c.feed_counter(100.0)
    c.feed_counter(101.0)
    assert c.joules == pytest.approx(101.0 * 3.6e6)
    c.feed_counter(100.9999)  # float32 jitter: not a reset
    assert c.resets == 0 and c.joules == pytest.approx(101.0 * 3.6e6)
    c.feed_counter(0.5)  # user reset the meter
    assert c.resets == 1 and c.joules == pytest.approx(101.5 * 3.6e6)
    c.feed_counter(1.5)
    assert c.joules == pytest.approx(102.5 * 3.6e6)


def test_integrated_energy_never_bridges_a_gap() -> None:
    c = EnergyCounter("integrated")
    c.feed_power(1000.0, 0.0, 40)
    c.feed_power(1000.0, 15.0, 40)
    assert c.joules == 15000.0
    c.feed_power(1000.0, 115.0, 40)  # 100 s silence: not integrated
    assert c.joules == 15000.0
    c.feed_power(2000.0, 130.0, 40)
    assert c.joules == 15000.0 + 1500.0 * 15


def _sample(name: str, point: str, watts: float | None, measures: str, fresh: bool = True) -> DeviceSample:
    return DeviceSample("R", name, point, measures, True, fresh, watts, None, None, 0, 1.0, None)


def _room(*devs: tuple[str, str]) -> RoomConfig:
    return RoomConfig("R", [PowerDeviceConfig(n, "snmp", "127.0.0.1", m) for n, m in devs])  # type: ignore[arg-type]


def test_pue_uses_the_best_category() -> None:
    room = _room(("meter", "facility"), ("ups", "it"), ("pdu1", "it"), ("pdu2", "it"))
    samples = {"meter": _sample("meter", "facility_input", 15000, "facility"),
               "ups": _sample("ups", "ups_output", 11000, "it"),
               "pdu1": _sample("pdu1", "pdu_output", 5000, "it"),
               "pdu2": _sample("pdu2", "pdu_output", 5000, "it")}
    r = room_pue(room, samples)
    assert (r.category, r.pue, r.reason) == ("2", 1.5, "ok")
    assert r.it_devices == {"pdu1", "pdu2"}


@pytest.mark.parametrize(
    ("it_watts", "fac_watts", "fresh", "reason"),
    [(16000.0, 15000.0, True, "it_above_facility"), (None, 15000.0, True, "point_missing"),
     (5000.0, 15000.0, False, "point_missing"), (0.0, 15000.0, True, "it_zero")],
)
def test_pue_sanity(it_watts: float | None, fac_watts: float, fresh: bool, reason: str) -> None:
    room = _room(("meter", "facility"), ("pdu", "it"))
    samples = {"meter": _sample("meter", "facility_input", fac_watts, "facility"),
               "pdu": _sample("pdu", "pdu_output", it_watts, "it", fresh)}
    r: RoomSample = room_pue(room, samples)
    assert r.pue is None and r.reason == reason


def test_room_without_facility_or_it_point() -> None:
    assert room_pue(_room(("pdu", "it")), {"pdu": _sample("pdu", "pdu_output", 1, "it")}).reason == "no_facility_point"
    room = _room(("m", "facility"))
    assert room_pue(room, {"m": _sample("m", "facility_input", 1, "facility")}).reason == "no_it_point"


def test_total_never_sums_a_partial_set_of_phases() -> None:
    pts = [PointReading("ups_output", 100.0, None, "L1", "a"), PointReading("ups_output", None, None, "L2", "b")]
    assert total_for(pts, "ups_output").watts is None
    meter = [PointReading("facility_input", 10.0, None, "L1", "a"),
             PointReading("facility_input", 30.0, 5.0, "total", "t")]
    assert total_for(meter, "facility_input").watts == 30.0


def test_ipmi_dcmi_parsing() -> None:
    assert parse_dcmi_power_reading((DATA / "ipmi" / "dcmi_power_reading_activated.txt").read_text()) == 220.0
    assert parse_dcmi_power_reading((DATA / "ipmi" / "dcmi_power_reading_deactivated.txt").read_text()) is None
    with pytest.raises(ParseError, match="Invalid command"):
        parse_dcmi_power_reading((DATA / "ipmi" / "dcmi_unsupported.txt").read_text())


def test_agent_config_errors_name_the_place(tmp_path: Path) -> None:
    from govops.collectors.power_config import load_config

    bad = tmp_path / "agent.yaml"
    bad.write_text("rooms:\n  - room: A\n    devices:\n      - name: m\n        kind: modbus\n"
                   "        address: 127.0.0.1:502\n        measures: facilty\n")
    with pytest.raises(ConfigError, match=r"agent.yaml:7.*measures.*facility"):
        load_config(bad)
    with pytest.raises(ConfigError, match="need `meter:`"):
        parse_config({"rooms": [{"room": "A", "devices": [
            {"name": "m", "kind": "modbus", "address": "x", "measures": "facility"}]}]}, "inline")


def test_each_device_has_a_probe_target_of_its_own() -> None:
    # `ROOM/NAME` is the /probe target: a name may recur in another room, never twice in one, and two rooms
    # and names that join to one target (A/B + c, A + B/c) would leave /probe not knowing which to answer.
    def rooms(*pairs: tuple[str, str]) -> dict[str, object]:
        return {"rooms": [{"room": room, "devices": [{"name": name, "kind": "redfish", "address": "https://h",
                                                      "measures": "it"}]} for room, name in pairs]}  # fmt: skip

    assert len(parse_config(rooms(("A", "m"), ("B", "m")), "inline").rooms) == 2
    with pytest.raises(ConfigError, match="room A: device name 'm' used twice"):
        parse_config(rooms(("A", "m"), ("A", "m")), "inline")
    with pytest.raises(ConfigError, match="device 'B/c' and room A/B device 'c' share the /probe target 'A/B/c'"):
        parse_config(rooms(("A/B", "c"), ("A", "B/c")), "inline")


def test_agent_power_cli_rejects_a_bad_room_with_file_and_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govops.cli.main import app

    cfg = tmp_path / "power.yml"
    cfg.write_text("listen: 127.0.0.1:0\nrooms:\n  - room: A\n    devices:\n      - name: p\n        kind: snmp\n"
                   "        address: 127.0.0.1\n        measures: it\n        pointt: pdu_output\n")
    res = CliRunner().invoke(app, ["agent", "power", "--config", str(cfg)])
    assert res.exit_code == 2
    assert "power.yml:9" in res.stderr and "pointt" in res.stderr and "point" in res.stderr
    cfg.write_text("listen: 127.0.0.1:0\n")
    res = CliRunner().invoke(app, ["agent", "power", "--config", str(cfg)])
    assert res.exit_code == 2 and "no `rooms:`" in res.stderr


def test_power_agent_shards_by_room(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govops.cli.main import app
    from govops.util.shard import shard_of

    rooms = [f"R{i:02d}" for i in range(1, 9)]
    cfg = tmp_path / "power.yml"
    cfg.write_text("rooms:\n" + "".join(
        f"  - room: {room}\n    devices:\n      - name: pdu-{room}\n        kind: snmp\n"
        "        address: 127.0.0.1\n        measures: it\n        point: pdu_output\n" for room in rooms))
    seen: list[str] = []
    for index in (1, 2, 3):
        res = CliRunner().invoke(app, ["agent", "power", "--config", str(cfg), "--shard", f"{index}/3", "--check"])
        assert res.exit_code == 0, res.stderr
        got = [line.split("\t")[0] for line in res.stdout.splitlines() if line.startswith("R")]
        # Each room with its devices in exactly the shard the file_sd export gives it (one rule).
        assert got == [r for r in rooms if shard_of(r, 3) == index - 1]
        seen += got
    assert sorted(seen) == rooms
    res = CliRunner().invoke(app, ["agent", "power", "--config", str(cfg), "--shard", "4/3", "--check"])
    assert res.exit_code == 2 and "--shard" in res.stderr
    one = tmp_path / "one.yml"
    one.write_text("rooms:\n  - room: R01\n    devices:\n      - name: p\n        kind: snmp\n"
                   "        address: 127.0.0.1\n        measures: it\n        point: pdu_output\n")
    empty = 2 if shard_of("R01", 2) == 0 else 1
    res = CliRunner().invoke(app, ["agent", "power", "--config", str(one), "--shard", f"{empty}/2", "--check"])
    assert res.exit_code == 2 and "has none of the 1 rooms" in res.stderr, res.stderr


def test_pue_at_its_physical_bound_is_one_not_an_error() -> None:
    """IT power equal to facility power is PUE 1.0 (every watt reaches the IT load); only more IT than facility is
    an inconsistent reading."""
    room = _room(("meter", "facility"), ("pdu", "it"))
    samples = {"meter": _sample("meter", "facility_input", 15000.0, "facility"),
               "pdu": _sample("pdu", "pdu_output", 15000.0, "it")}
    r = room_pue(room, samples)
    assert (r.pue, r.reason, r.facility_watts, r.it_watts) == (1.0, "ok", 15000.0, 15000.0)
