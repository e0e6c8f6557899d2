"""Modbus meters (pymodbus server), Redfish BMCs (HTTP server with the DMTF mockup), IPMI, and `power read`."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli.main import app
from govops.collectors.power_ipmi import IpmiTarget, read_ipmi
from govops.collectors.power_modbus import ModbusTarget, read_meter
from govops.collectors.power_redfish import RedfishTarget, read_bmc
from govops.lab.power_meter import MeterModel, MeterSimulator
from govops.lab.redfish import RedfishMockServer
from tests.conftest import missing_part

pytestmark = pytest.mark.integration


@pytest.fixture
def meter() -> Iterator[MeterSimulator]:
    sim = MeterSimulator(MeterModel(12000.0, amplitude=0.0), meter="eastron_sdm630").start_in_thread()
    yield sim
    sim.stop()


def _read(sim: MeterSimulator, meter_id: str = "eastron_sdm630", **kw: float) -> object:
    return asyncio.run(read_meter(ModbusTarget("127.0.0.1", sim.port, meter_id, timeout=1.0, **kw)))  # type: ignore[arg-type]


def test_meter_reads_power_phases_and_energy(meter: MeterSimulator) -> None:
    r = _read(meter)
    assert r.ok and (r.vendor, r.model) == ("Eastron", "SDM630")  # type: ignore[attr-defined]
    total = next(p for p in r.points if p.phase == "total")  # type: ignore[attr-defined]
    assert total.watts == pytest.approx(12000.0, rel=1e-5)
    assert total.energy_kwh == pytest.approx(1000.0, abs=0.05)
    assert [p.phase for p in r.points] == ["L1", "L2", "L3", "total"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("meter_id", ["schneider_pm5000", "acrel_dtsd1352"])
def test_other_register_maps(meter_id: str) -> None:
    sim = MeterSimulator(MeterModel(8000.0, amplitude=0.0), meter=meter_id, pt_ct=40.0).start_in_thread()
    try:
        r = _read(sim, meter_id, ct_ratio=40.0)
        total = next(p for p in r.points if p.phase == "total")  # type: ignore[attr-defined]
        assert total.watts == pytest.approx(8000.0, rel=1e-3)
        assert total.energy_kwh == pytest.approx(1000.0, abs=0.5)
    finally:
        sim.stop()


def test_modbus_exception_response_is_a_clear_failure(meter: MeterSimulator) -> None:
    meter.mode = "exception"
    r = _read(meter)
    assert not r.ok and "Modbus exception 2" in (r.error or "") and r.points == ()  # type: ignore[attr-defined]


def test_registers_of_the_wrong_type_are_not_numbers(meter: MeterSimulator) -> None:
    meter.mode = "wrong_type"
    r = _read(meter)
    assert not r.ok and "not a finite float32" in (r.error or "")  # type: ignore[attr-defined]
    assert r.failure == "device"  # type: ignore[attr-defined]


def test_meter_that_stops_answering(meter: MeterSimulator) -> None:
    assert _read(meter).ok  # type: ignore[attr-defined]
    meter.stop()
    r = _read(meter)
    assert not r.ok and "no Modbus-TCP connection" in (r.error or "")  # type: ignore[attr-defined]
    assert r.failure == "unreachable"  # type: ignore[attr-defined]


def test_unknown_meter_model_lists_the_known_ones() -> None:
    r = asyncio.run(read_meter(ModbusTarget("127.0.0.1", 1, "nosuch")))
    assert not r.ok and "eastron_sdm630" in (r.error or "") and r.failure == "config"


@pytest.fixture(scope="module")
def bmc(corpus: Path) -> Iterator[RedfishMockServer]:
    srv = RedfishMockServer(corpus / "redfish" / "dmtf_public-rackmount1").start()
    yield srv
    srv.stop()


def test_redfish_mockup_prefers_environment_metrics(bmc: RedfishMockServer) -> None:
    r = asyncio.run(read_bmc(RedfishTarget(bmc.url)))
    assert r.ok and (r.vendor, r.model) == ("Contoso", "3500RX")
    (p,) = r.points
    assert (p.point, p.watts) == ("it_input", 374.0)
    assert "EnvironmentMetrics" in p.source


@pytest.mark.parametrize(("fixture", "watts"), [("dell_power_245w.json", 245.0), ("hpe_power_189w.json", 189.5),
                                                 ("lenovo_power_167w.json", 167.8), ("generic_power_590w.json", 590.0)])
def test_redfish_bmc_power_control(corpus: Path, fixture: str, watts: float) -> None:
    kepler = corpus / "redfish" / "kepler_bmc_fixtures"
    srv = RedfishMockServer(routes={
        "/redfish/v1": kepler / "service_root.json",
        "/redfish/v1/Chassis": {"Members": [{"@odata.id": "/redfish/v1/Chassis/1"}]},
        "/redfish/v1/Chassis/1": kepler / "chassis.json",
        "/redfish/v1/Chassis/1/Power": kepler / fixture,
    }).start()
    try:
        r = asyncio.run(read_bmc(RedfishTarget(srv.url)))
    finally:
        srv.stop()
    assert r.ok and r.points[0].watts == watts and "PowerControl/0" in r.points[0].source


def test_redfish_500_and_schema_without_power(corpus: Path) -> None:
    kepler = corpus / "redfish" / "kepler_bmc_fixtures"
    srv = RedfishMockServer(routes={
        "/redfish/v1": kepler / "service_root.json",
        "/redfish/v1/Chassis": {"Members": [{"@odata.id": "/redfish/v1/Chassis/1"}]},
        "/redfish/v1/Chassis/1": 500,
    }).start()
    try:
        r = asyncio.run(read_bmc(RedfishTarget(srv.url)))
        assert not r.ok and "HTTP 500" in (r.error or "") and "/redfish/v1/Chassis/1" in (r.error or "")
        assert r.failure == "device"
        srv.routes["/redfish/v1/Chassis/1"] = {"Id": "1", "Name": "chassis without power"}
        r = asyncio.run(read_bmc(RedfishTarget(srv.url)))
        assert not r.ok and "no EnvironmentMetrics, Power or PowerSubsystem" in (r.error or "")
        assert r.failure == "device"
    finally:
        srv.stop()


def test_ipmitool_absent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    r = asyncio.run(read_ipmi(IpmiTarget("local")))
    assert not r.ok and "ipmitool is not installed" in (r.error or "") and r.failure == "config"


def test_ipmitool_without_a_bmc_is_a_failed_reading() -> None:
    if not os.path.exists("/usr/bin/ipmitool"):
        missing_part("ipmitool not installed (/usr/bin/ipmitool)")
    r = asyncio.run(read_ipmi(IpmiTarget("local", timeout=10)))
    assert not r.ok and "ipmitool dcmi power reading failed" in (r.error or "")


def test_power_read_json_shape_and_exit_code(meter: MeterSimulator, bmc: RedfishMockServer) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["power", "read", "--kind", "modbus", f"127.0.0.1:{meter.port}", "127.0.0.1:1",
                              "--timeout", "0.5", "--json"])
    assert res.exit_code == 1, res.output  # one target failed
    doc = json.loads(res.stdout)
    assert set(doc) == {"results"}
    good, bad = doc["results"]
    assert set(good) == {"target", "ok", "error", "error_kind", "device", "points"}
    assert good["error_kind"] is None and bad["error_kind"] == "unreachable"
    assert good["ok"] and good["device"] == {"vendor": "Eastron", "model": "SDM630"}
    assert all(set(p) == {"point", "watts", "energy_kwh", "phase", "source"} for p in good["points"])
    assert not bad["ok"] and bad["points"] == [] and bad["error"]
    # Without --json, as discover snmp: the readings in the table, each failure one stderr line with its kind.
    res = runner.invoke(app, ["power", "read", "--kind", "modbus", f"127.0.0.1:{meter.port}", "127.0.0.1:1",
                              "--timeout", "0.5"])
    assert res.exit_code == 1, res.output
    assert [ln for ln in res.stderr.splitlines() if ln.startswith("target ")] == [
        "target 127.0.0.1:1/1: unreachable: no Modbus-TCP connection (meter down or port closed)"]
    assert f"127.0.0.1:{meter.port}" in res.stdout and "127.0.0.1:1/1" not in res.stdout and "错误" not in res.stdout
    res = runner.invoke(app, ["power", "read", bmc.url, "--json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["results"][0]["points"][0]["watts"] == 374.0


def test_power_read_snmp_null_never_zero(power_sim: object) -> None:
    runner = CliRunner()
    target = power_sim.target()  # type: ignore[attr-defined]
    res = runner.invoke(app, ["power", "read", target, "-c", "deltaups_rfc1628string", "--json"])
    assert res.exit_code == 0, res.output
    points = json.loads(res.stdout)["results"][0]["points"]
    inputs = [p for p in points if p["point"] == "ups_input"]
    assert inputs and all(p["watts"] is None for p in inputs)
    res = runner.invoke(app, ["power", "read", target, "--kind", "bogus"])
    assert res.exit_code == 2


def test_power_read_snmpv3(snmpsim: object, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govops.lab.snmpsim import V3User

    user = V3User("govops-power", "auth-key-123", "SHA", "priv-key-456", "AES")
    server = snmpsim({"apc_ap7900b": corpus / "snmp" / "apc_ap7900b.snmprec"}, v3_user=user)  # type: ignore[operator]
    monkeypatch.setenv("T_AUTH", "auth-key-123")
    monkeypatch.setenv("T_PRIV", "priv-key-456")
    res = CliRunner().invoke(app, ["power", "read", f"{server.host}:{server.port}", "--v3-user", "govops-power",
                                   "--v3-auth", "sha", "--v3-auth-env", "T_AUTH", "--v3-priv", "aes",
                                   "--v3-priv-env", "T_PRIV", "--v3-context", "apc_ap7900b", "--json"])
    assert res.exit_code == 0, res.output
    (result,) = json.loads(res.stdout)["results"]
    assert result["points"][0]["watts"] == 312.0
    monkeypatch.setenv("T_AUTH", "wrong-key-000")
    res = CliRunner().invoke(app, ["power", "read", f"{server.host}:{server.port}", "--v3-user", "govops-power",
                                   "--v3-auth", "sha", "--v3-auth-env", "T_AUTH", "--v3-priv", "aes",
                                   "--v3-priv-env", "T_PRIV", "--v3-context", "apc_ap7900b", "--json",
                                   "--timeout", "1"])
    assert res.exit_code == 1
    assert not json.loads(res.stdout)["results"][0]["ok"]


def test_power_read_passes_the_password_variable_to_ipmitool(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # ipmitool takes the password from IPMI_PASSWORD (-E); a stand-in answers only when
    # govops filled it from the variable named by --password-env.
    sample = Path(__file__).resolve().parents[2] / "data" / "power" / "ipmi" / "dcmi_power_reading_activated.txt"
    tool = tmp_path / "ipmitool"
    check = '[ "$IPMI_PASSWORD" = "s3cret" ] || { echo "auth failed" >&2; exit 1; }'
    tool.write_text(f"#!/bin/sh\n{check}\ncat {sample}\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setenv("MY_BMC_PW", "s3cret")
    res = CliRunner().invoke(app, ["power", "read", "--kind", "ipmi", "bmc-1", "--user", "admin",
                                   "--password-env", "MY_BMC_PW", "--json"])
    assert res.exit_code == 0, res.output
    (result,) = json.loads(res.stdout)["results"]
    assert result["ok"] and result["points"][0]["watts"] is not None
