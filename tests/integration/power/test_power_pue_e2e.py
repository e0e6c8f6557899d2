"""PUE end to end: meter + PDUs in a lab room, the power agent running, a real Prometheus evaluating the rules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from govops.lab.power_meter import MeterModel, MeterSimulator
from govops.lab.process import free_tcp_port
from tests.conftest import missing_part
from tests.integration.power.power_parts import SnmpSim
from tests.prometheus import PrometheusFactory, static_job

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _prometheus_installed() -> None:
    if shutil.which("prometheus") is None:
        missing_part("prometheus not installed")

REPO = Path(__file__).resolve().parents[3]
RULES = REPO / "exporters" / "prometheus" / "power.rules.yml"
IT_WATTS = 312.0 + 514.0  # APC AP7900B + Vertiv MPH2 walks (LibreNMS expectations)
TRUE_PUE = 1.45


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as resp:
        body: bytes = resp.read()
        return body.decode()


def _query(prom: str, expr: str) -> list[dict[str, object]]:
    doc = json.loads(_get(f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr})))
    assert doc["status"] == "success", doc
    return list(doc["data"]["result"])


def _wait(predicate: object, timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = predicate()  # type: ignore[operator]
        except OSError:
            last = None
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}; last={last!r}")


@pytest.fixture(scope="module")
def lab_room(
    power_sim: SnmpSim, tmp_path_factory: pytest.TempPathFactory, prometheus: PrometheusFactory
) -> Iterator[dict[str, object]]:
    work = tmp_path_factory.mktemp("pue-e2e")
    meter = MeterSimulator(MeterModel(IT_WATTS * TRUE_PUE, amplitude=0.02, period=4.0, energy_kwh0=0.0),
                           meter="eastron_sdm630").start_in_thread()
    agent_port = free_tcp_port()
    config = work / "power.yml"
    config.write_text(f"""
listen: 127.0.0.1:{agent_port}
log_format: logfmt
defaults: {{interval_seconds: 1, timeout_seconds: 1}}
rooms:
  - room: LAB-1
    pue_target: 1.3
    devices:
      - {{name: meter-main, kind: modbus, address: "127.0.0.1:{meter.port}", meter: eastron_sdm630, measures: facility}}
      - {{name: pdu-a, kind: snmp, address: "{power_sim.target()}", community: apc_ap7900b, measures: it}}
      - {{name: pdu-b, kind: snmp, address: "{power_sim.target()}", community: liebert_mph2rg, measures: it,
          point: pdu_output, energy: integrate}}
""")
    agent = subprocess.Popen([str(Path(sys.executable).parent / "govops"), "agent", "power", "--config", str(config)],
                             stdout=subprocess.DEVNULL, stderr=open(work / "agent.log", "wb"),  # noqa: SIM115
                             env={**os.environ, "PYTHONUNBUFFERED": "1"})
    # Prometheus starts once every point reads, so all energy series begin at the same scrape and
    # increase() extrapolates them alike (a 12 s test window would otherwise be dominated by edges).
    _wait(lambda: _get(f"http://127.0.0.1:{agent_port}/metrics").count("govops_power_watts{") == 3, 60,
          "all three points")
    prom = prometheus([static_job("govops-power", [f"127.0.0.1:{agent_port}"])], rule_files=[RULES])
    try:
        yield {"agent": f"http://127.0.0.1:{agent_port}", "prom": prom.url, "meter": meter,
               "work": work}
    finally:
        prom.stop()
        agent.terminate()
        try:
            agent.wait(10)
        except subprocess.TimeoutExpired:
            agent.kill()
        meter.stop()


def test_pue_end_to_end_within_one_percent(lab_room: dict[str, object]) -> None:
    agent, prom = str(lab_room["agent"]), str(lab_room["prom"])
    metrics = _get(f"{agent}/metrics")
    assert 'govops_room_pue_valid{reason="ok",room="LAB-1"} 1' in metrics, metrics
    assert 'govops_power_watts{point="pdu_output",room="LAB-1",target="pdu-a"} 312' in metrics
    assert 'method="device_counter"' in metrics and 'method="integrated"' in metrics
    # Let Prometheus collect ~24 s of samples, then read the energy-based PUE the rules record.
    _wait(lambda: _query(prom, 'count_over_time(govops_energy_joules_total{role="facility"}[1m]) >= 24'), 90,
          "24 scrapes")
    result = _wait(lambda: _query(prom, 'govops:room_pue:energy1d{room="LAB-1"}'), 20, "the recording rule")
    pue_energy = float(result[0]["value"][1])  # type: ignore[index]
    assert pue_energy == pytest.approx(TRUE_PUE, rel=0.01)
    inst = _query(prom, 'govops_room_pue{room="LAB-1"}')
    assert inst[0]["metric"]["category"] == "2"  # type: ignore[index]
    assert float(inst[0]["value"][1]) == pytest.approx(TRUE_PUE, rel=0.03)  # type: ignore[index]
    grade = _query(prom, 'govops:room_gb40879_grade:energy30d{room="LAB-1"}')
    assert float(grade[0]["value"][1]) == 3.0  # type: ignore[index]


def test_live_scrape_is_promtool_clean(lab_room: dict[str, object]) -> None:
    """The power agent's own /metrics (every family it serves, its runtime's included) passes promtool's lint."""
    metrics = _get(f"{lab_room['agent']}/metrics")
    assert "govops_energy_joules_total" in metrics and "govops_room_pue" in metrics
    res = subprocess.run(["promtool", "check", "metrics"], input=metrics, capture_output=True, text=True, check=False)
    assert res.returncode == 0 and not res.stdout.strip(), res.stdout + res.stderr


def test_meter_that_stops_answering_invalidates_pue(lab_room: dict[str, object]) -> None:
    agent = str(lab_room["agent"])
    meter = lab_room["meter"]
    assert isinstance(meter, MeterSimulator)
    meter.mode = "exception"
    _wait(lambda: 'govops_room_pue_valid{reason="point_missing",room="LAB-1"} 0' in _get(f"{agent}/metrics"), 30,
          "PUE invalid after the meter fails")
    metrics = _get(f"{agent}/metrics")
    assert "govops_room_pue{" not in metrics.replace("govops_room_pue_valid", "").replace("govops_room_pue_target", "")
    assert not any(ln.startswith("govops_power_watts{") and 'target="meter-main"' in ln for ln in metrics.splitlines())
    assert 'govops_power_up{room="LAB-1",target="meter-main"} 0' in metrics
