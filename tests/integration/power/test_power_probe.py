"""The power agent's /probe and its file_sd: one target per device, also for a name two rooms share.

Two real Modbus-TCP meters, both called ``meter-main`` in their own room, each drawing its own power; the
agent runs as its own process and the export lists its targets. Every device is listed once, and probing
its target answers that device (its room, its watts) and no other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from govops.lab.power_meter import MeterModel, MeterSimulator
from govops.lab.process import free_tcp_port, stop_pid
from tests.conftest import Cli
from tests.prometheus import PrometheusFactory, documented_job

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[3]

WATTS = {"DC-A": 1000.0, "DC-B": 4000.0}  # far enough apart that a reading names its meter


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return int(resp.status), resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:  # not listening yet
        return 0, ""


def _watts(body: str) -> dict[str, float]:
    """room -> the value of each govops_power_watts sample in a scrape body."""
    out: dict[str, float] = {}
    for line in body.splitlines():
        if line.startswith("govops_power_watts{"):
            labels, value = line.rsplit(" ", 1)
            room = labels.split('room="', 1)[1].split('"', 1)[0]
            assert room not in out, body
            out[room] = float(value)
    return out


@pytest.fixture
def meters() -> Iterator[dict[str, MeterSimulator]]:
    sims = {room: MeterSimulator(MeterModel(watts, amplitude=0.0), meter="eastron_sdm630").start_in_thread()
            for room, watts in WATTS.items()}  # fmt: skip
    try:
        yield sims
    finally:
        for sim in sims.values():
            sim.stop()


@contextmanager
def power_agent(store_cli: Cli, tmp_path: Path, meters: dict[str, MeterSimulator]) -> Iterator[tuple[int, list[Any]]]:
    """The power agent polling ``meters`` (one ``meter-main`` per room) as its own process, once it has read them all:
    its port and the file_sd groups the export lists for its config."""
    port = free_tcp_port()
    config = tmp_path / "power.yml"
    config.write_text("defaults: {interval_seconds: 1, timeout_seconds: 1}\nrooms:\n" + "".join(
        f"  - room: {room}\n    devices:\n      - {{name: meter-main, kind: modbus, address: '127.0.0.1:{sim.port}',"
        " meter: eastron_sdm630, measures: facility}\n" for room, sim in meters.items()))  # fmt: skip
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power",
                    "--agent-config", str(config))  # fmt: skip
    assert res.exit_code == 0, res.stderr
    groups = json.loads(res.stdout)
    env = {**os.environ, "GOVOPS_HOME": str(store_cli.home)}
    agent = subprocess.Popen([str(Path(sys.executable).with_name("govops")), "agent", "power", "--config",
                              str(config), "--listen", f"127.0.0.1:{port}"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while len(_watts(_get(f"http://127.0.0.1:{port}/metrics")[1])) < len(meters):
            assert time.monotonic() < deadline and agent.poll() is None, "the agent read no meters"
            time.sleep(0.3)
        yield port, groups
    finally:
        stop_pid(agent.pid)


def test_a_name_in_two_rooms_is_two_targets_each_answering_its_own_device(
    store_cli: Cli, tmp_path: Path, meters: dict[str, MeterSimulator]
) -> None:
    with power_agent(store_cli, tmp_path, meters) as (port, groups):
        targets = [t for g in groups for t in g["targets"]]
        # Each device once, under a target of its own.
        assert sorted(g["labels"]["room"] for g in groups) == sorted(WATTS) and len(set(targets)) == 2, groups
        for group in groups:
            room = group["labels"]["room"]
            status, body = _get(f"http://127.0.0.1:{port}/probe?target={urllib.parse.quote(group['targets'][0])}")
            assert status == 200, body
            assert _watts(body) == pytest.approx({room: WATTS[room]}, rel=0.01), body
        # The bare name names both devices: the answer holds both, each under its room, never just the first.
        status, body = _get(f"http://127.0.0.1:{port}/probe?target=meter-main")
        assert status == 200 and _watts(body) == pytest.approx(WATTS, rel=0.01), body
        assert _get(f"http://127.0.0.1:{port}/probe?target=DC-C/meter-main")[0] == 404


def test_the_documented_per_device_job_gives_each_series_one_room_label(
    store_cli: Cli, tmp_path: Path, meters: dict[str, MeterSimulator], prometheus: PrometheusFactory
) -> None:
    # The file_sd groups label each target with its room, and the agent's series carry their room too: unless the
    # job lets the series' own labels stand, Prometheus renames the series' one to exported_room, and the dashboards
    # and rules, which read `room`, would read the target's.
    with power_agent(store_cli, tmp_path, meters) as (port, groups):
        sd = tmp_path / "power.json"
        sd.write_text(json.dumps(groups), encoding="utf-8")
        job = documented_job(REPO / "docs" / "power.md", "govops-power-devices")
        text = json.dumps(job).replace("/etc/prometheus/file_sd/power.json", str(sd))
        job = json.loads(text.replace("govops-mgmt.example.gov.cn:9122", f"127.0.0.1:{port}"))
        prom = prometheus([job])
        watts = prom.wait_for('govops_power_watts{job="govops-power-devices"}', until=lambda r: len(r) == 2)
        pue = prom.wait_for('govops_room_pue_valid{job="govops-power-devices"}', until=lambda r: len(r) == 2)
    for series in (*watts, *pue):
        labels = series["metric"]
        assert not any(k.startswith("exported_") for k in labels), labels
        assert labels["room"] == labels["instance"].split("/", 1)[0], labels  # the device's own room
    assert {s["metric"]["room"]: float(s["value"][1]) for s in watts} == pytest.approx(WATTS, rel=0.01)
    # The rooms dashboard's room variable (label_values(govops_room_pue_valid, room)) lists each room once.
    board = json.loads((REPO / "exporters" / "grafana" / "dashboards" / "rooms-power.json").read_text("utf-8"))
    (variable,) = [v for v in board["templating"]["list"] if v["name"] == "room"]
    assert variable["query"]["query"] == "label_values(govops_room_pue_valid, room)", variable
    assert sorted(s["metric"]["room"] for s in pue) == sorted(WATTS)
