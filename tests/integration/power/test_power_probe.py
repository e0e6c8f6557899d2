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
from pathlib import Path

import pytest

from govops.lab.power_meter import MeterModel, MeterSimulator
from govops.lab.process import free_tcp_port, stop_pid
from tests.conftest import Cli

pytestmark = pytest.mark.integration

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


def test_a_name_in_two_rooms_is_two_targets_each_answering_its_own_device(
    store_cli: Cli, tmp_path: Path, meters: dict[str, MeterSimulator]
) -> None:
    port = free_tcp_port()
    config = tmp_path / "power.yml"
    config.write_text("defaults: {interval_seconds: 1, timeout_seconds: 1}\nrooms:\n" + "".join(
        f"  - room: {room}\n    devices:\n      - {{name: meter-main, kind: modbus, address: '127.0.0.1:{sim.port}',"
        " meter: eastron_sdm630, measures: facility}\n" for room, sim in meters.items()))  # fmt: skip
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power",
                    "--agent-config", str(config))  # fmt: skip
    assert res.exit_code == 0, res.stderr
    groups = json.loads(res.stdout)
    targets = [t for g in groups for t in g["targets"]]
    # Each device once, under a target of its own.
    assert sorted(g["labels"]["room"] for g in groups) == sorted(WATTS) and len(set(targets)) == 2, groups

    env = {**os.environ, "GOVOPS_HOME": str(store_cli.home)}
    agent = subprocess.Popen([str(Path(sys.executable).with_name("govops")), "agent", "power", "--config",
                              str(config), "--listen", f"127.0.0.1:{port}"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while len(_watts(_get(f"http://127.0.0.1:{port}/metrics")[1])) < 2:
            assert time.monotonic() < deadline and agent.poll() is None, "the agent read no meters"
            time.sleep(0.3)
        for group in groups:
            room = group["labels"]["room"]
            status, body = _get(f"http://127.0.0.1:{port}/probe?target={urllib.parse.quote(group['targets'][0])}")
            assert status == 200, body
            assert _watts(body) == pytest.approx({room: WATTS[room]}, rel=0.01), body
        # The bare name names both devices: the answer holds both, each under its room, never just the first.
        status, body = _get(f"http://127.0.0.1:{port}/probe?target=meter-main")
        assert status == 200 and _watts(body) == pytest.approx(WATTS, rel=0.01), body
        assert _get(f"http://127.0.0.1:{port}/probe?target=DC-C/meter-main")[0] == 404
    finally:
        stop_pid(agent.pid)

