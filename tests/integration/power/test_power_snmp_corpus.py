"""Power readings of real UPS/PDU/BMC walks, served by snmpsim, against LibreNMS's expected sensors."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from govops.collectors.power_model import DeviceReading, total_for
from govops.collectors.power_snmp import read_device
from govops.collectors.power_snmp_access import v2c
from govops.lab.process import free_port
from govops.snmp.client import close_client
from tests.integration.power.power_parts import POWER_WALKS, SnmpSim

pytestmark = pytest.mark.integration

# LibreNMS sensors (power/energy class) we deliberately do not read: not a
# measurement of the device's own power draw or delivery.
NOT_READ: dict[tuple[str, str], str] = {}
for _i in (1, 2, 3):
    NOT_READ[("apc-mgeups_galaxy7000", f".1.3.6.1.4.1.705.1.7.2.1.4.{_i}.0")] = "apparent power (VA), not W"
    NOT_READ[("deltaups_rfc1628string", f".1.3.6.1.2.1.33.1.5.3.1.4.{_i}")] = "bypass power is not a PUE point"
    NOT_READ[("iosxe_c9200l", f".1.3.6.1.4.1.9.9.402.1.3.1.5.{_i}")] = "PoE budget remaining, not a draw"
    NOT_READ[("iosxe_c9200l", f".1.3.6.1.4.1.9.9.402.1.3.1.4.{_i}")] = (
        "CISCO-POWER-ETHERNET-EXT-MIB consumption: not catalogued; RFC 3621's pethMainPseConsumptionPower is read")
    NOT_READ[("iosxe_c9200l", f".1.3.6.1.2.1.105.1.3.1.1.2.{_i}")] = "PoE budget total, a rating"
NOT_READ[("ios_2960x", ".1.3.6.1.2.1.105.1.3.1.1.2.1")] = "PoE budget total, a rating"
NOT_READ[("liebert_mph2rg", ".1.3.6.1.4.1.476.1.42.3.8.30.20.1.90.1.1")] = "apparent power (VA), not W"
for _i in range(1, 17):
    NOT_READ[("liebert_mph2rg", f".1.3.6.1.4.1.476.1.42.3.8.50.20.1.70.1.2.{_i}")] = "apparent power (VA), not W"
for _oid in ("1.3.6.1.4.1.2011.6.157.1.3.0",):
    for _dev in ("vrp_power", "vrp_5720-32x-ei", "yunshan"):
        NOT_READ[(_dev, "." + _oid)] = "average power over a period; the current power is read instead"

# Walks where we read power LibreNMS has no sensor for, and why.
EXTRA_READINGS: dict[str, str] = {
    **{name: "DC output of the SMU (hwDcTotalVoltage x hwDcTotalCurrent)"
       for name in ("huawei-smu", "huawei-smu_11b", "huawei-smu_smu02b")},
    "iosxe_c9200l": "RFC 3621 pethMainPseConsumptionPower (poe_output); LibreNMS reads PoE from "
    "CISCO-POWER-ETHERNET-EXT-MIB",
}

# Readings we report differently from LibreNMS, and why (ours first).
DIFFERENT: dict[tuple[str, str], tuple[float | None, str]] = {}
for _i in (1, 2, 3):
    DIFFERENT[("deltaups_rfc1628string", f".1.3.6.1.2.1.33.1.3.3.1.5.{_i}")] = (
        None, "the agent answers NULL: input not metered; LibreNMS shows 0 W")
for _i in (2, 3):
    DIFFERENT[("deltaups_rfc1628string", f".1.3.6.1.2.1.33.1.4.4.1.4.{_i}")] = (
        None, "the agent answers NULL for absent output lines; LibreNMS shows 0 W")


def expected_sensors(corpus: Path, name: str) -> list[dict[str, object]]:
    path = corpus / "snmp" / f"{name}.expected.json"
    if not path.exists():
        return []
    doc = json.loads(path.read_text())
    sensors = (doc.get("sensors") or {}).get("discovery", {}).get("sensors", []) if isinstance(doc.get("sensors"),
                                                                                            dict) else []
    return [s for s in sensors if s.get("sensor_class") in ("power", "energy")]


@pytest.fixture(scope="module")
def readings(power_sim: SnmpSim) -> dict[str, DeviceReading]:
    async def read_all() -> dict[str, DeviceReading]:
        out = {}
        for name in [*POWER_WALKS, "power-ups-zero-input", "power-ups-output-zero-with-current", "power-ups-on-battery",
                     "power-pdu-unsupported",
                     "power-pdu-wrongtype"]:
            out[name] = await read_device(name, v2c(power_sim.host, power_sim.port, name, timeout=2.0))
        close_client()
        return out

    return asyncio.run(read_all())


@pytest.mark.parametrize("name", POWER_WALKS)
def test_readings_agree_with_librenms(name: str, corpus: Path, readings: dict[str, DeviceReading]) -> None:
    reading = readings[name]
    ours: dict[str, float | None] = {}
    for p in reading.points:
        for oid in p.oids:
            ours.setdefault("." + oid, p.watts)
    checked = 0
    for sensor in expected_sensors(corpus, name):
        oid = str(sensor["sensor_oid"])
        key = (name, oid)
        if key in NOT_READ:
            assert oid not in ours, f"{name} {oid}: listed as not read ({NOT_READ[key]}) but read"
            continue
        want = DIFFERENT[key][0] if key in DIFFERENT else float(sensor["sensor_current"])  # type: ignore[arg-type]
        assert oid in ours, f"{name}: LibreNMS reads {oid} ({sensor['sensor_descr']}) and we do not"
        got = ours[oid]
        if want is None:
            assert got is None, f"{name} {oid}: expected no value, got {got}"
        else:
            assert got == pytest.approx(want, abs=0.01), f"{name} {oid} ({sensor['sensor_descr']})"
        checked += 1
    expects_some = any((name, sensor["sensor_oid"]) not in NOT_READ for sensor in expected_sensors(corpus, name))
    if not expects_some and name not in EXTRA_READINGS:
        # LibreNMS expects no power reading we read: none of ours either, unless listed in EXTRA_READINGS.
        assert not any(p.watts is not None for p in reading.points), f"{name}: unexpected {reading.points}"


def test_every_declared_difference_is_about_a_walk_we_read() -> None:
    for device, _oid in [*NOT_READ, *DIFFERENT]:
        assert device in POWER_WALKS


def test_apc_rpdu_falls_back_to_ident_watts_when_rpdu2_says_minus_one(readings: dict[str, DeviceReading]) -> None:
    r = readings["apc_ap7900b"]
    assert r.ok and (r.vendor, r.model) == ("APC (Schneider Electric)", "AP7900B")
    total = [(p.point, p.phase, p.watts, p.energy_kwh) for p in r.points if p.phase == "total"]
    assert total == [("pdu_output", "total", 312.0, None)]
    # The phase power this model does not meter (-1) stays unknown, and the total does not depend on it.
    phases = [p for p in r.points if p.phase != "total"]
    assert all(p.watts is None and "not supported" in p.source for p in phases)
    assert total_for(r.points, "pdu_output").watts == 312.0


def test_liebert_pdu_reports_power_and_resettable_energy(readings: dict[str, DeviceReading]) -> None:
    r = readings["liebert_mph2rg"]
    total = next(p for p in r.points if p.point == "pdu_output")
    assert (total.watts, total.energy_kwh, total.resettable) == (514.0, 2045.0, True)
    assert r.vendor == "Vertiv (Liebert, Emerson Network Power)" and r.model == "MPHR3142"


def test_eaton_ups_phases(readings: dict[str, DeviceReading]) -> None:
    r = readings["eatonups"]
    assert [(p.point, p.phase, p.watts) for p in r.points] == [
        ("ups_output", "L1", 231.0), ("ups_output", "L2", 944.0), ("ups_output", "L3", 882.0)]


def test_huawei_smu_dc_power_is_voltage_times_current(readings: dict[str, DeviceReading]) -> None:
    r = readings["huawei-smu_11b"]
    expected: list[tuple[str, object]] = [("ups_output", pytest.approx(53.5 * 34))]
    assert [(p.point, p.watts) for p in r.points] == expected


def test_ups_reporting_zero_input_on_mains_is_not_metered(readings: dict[str, DeviceReading]) -> None:
    r = readings["power-ups-zero-input"]
    inp = next(p for p in r.points if p.point == "ups_input")
    assert inp.watts is None and "not metered" in inp.source
    assert next(p for p in r.points if p.point == "ups_output").watts == 1850.0
    assert (r.vendor, r.model) == ("TestUPS", "ZeroIn 3000")


def test_ups_on_battery_really_draws_zero(readings: dict[str, DeviceReading]) -> None:
    inp = next(p for p in readings["power-ups-on-battery"].points if p.point == "ups_input")
    assert inp.watts == 0.0


def test_ups_output_line_at_zero_watts_while_carrying_current_is_not_metered(
        readings: dict[str, DeviceReading]) -> None:
    # upsOutputCurrent 13.2 A beside upsOutputPower 0 W cannot be a reading; an idle line (0 A) really is 0 W.
    r = readings["power-ups-output-zero-with-current"]
    out = {p.phase: p for p in r.points if p.point == "ups_output"}
    assert (out["L1"].watts, out["L2"].watts, out["L3"].watts) == (None, 1400.0, 0.0)
    assert "1.3.6.1.2.1.33.1.4.4.1.3.1 = 132: not metered" in out["L1"].source


def test_minus_one_sentinel_is_null_not_a_number(readings: dict[str, DeviceReading]) -> None:
    r = readings["power-pdu-unsupported"]
    assert r.ok
    assert [(p.watts, p.energy_kwh) for p in r.points] == [(None, None)]
    assert "not supported" in r.points[0].source


def test_wrong_type_is_null_and_the_good_value_stays(readings: dict[str, DeviceReading]) -> None:
    (p,) = readings["power-pdu-wrongtype"].points
    assert p.watts is None and p.energy_kwh == pytest.approx(4821.0)


def test_device_without_power_objects_is_a_clear_failure(readings: dict[str, DeviceReading]) -> None:
    r = readings["apc_smt750x-nmc2"]
    assert not r.ok and "no catalogued power" in (r.error or "") and r.failure == "device"
    assert r.points == ()


def test_unreachable_agent_is_a_failed_reading() -> None:
    async def go() -> DeviceReading:
        return await read_device("dead", v2c("127.0.0.1", free_port(), "public", timeout=0.3, retries=0))

    r = asyncio.run(go())
    assert not r.ok and "no SNMP answer" in (r.error or "") and r.points == ()
    assert r.failure == r.error_kind == "unreachable"
