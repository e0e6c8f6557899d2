"""The lab's metered rooms: real Modbus-TCP meters and Redfish BMCs, read by the shipped power agent config.

Only the lab's `power` service runs here (through the runner `govops lab up` uses), on the demo
city imported into this test's store; `agents/power.example.yml` takes the rooms' meters and
BMCs from the store, its `--check` passes, and the agent's own /metrics (a real HTTP scrape of
`govops agent power`) shows each room's PUE: the declared figure the lab's physics make true.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from govops.agent.power_agent import load_power_agent
from govops.errors import ConfigError
from govops.lab.city import DEMO_CITY
from govops.lab.power_service import PowerService, metered_rooms
from govops.lab.process import free_tcp_port, stop_pid
from govops.lab.runner import Lab
from govops.store.db import make_engine
from tests.conftest import Cli

pytestmark = pytest.mark.integration
EXAMPLE = DEMO_CITY.parents[1] / "agents" / "power.example.yml"


def _scrape(port: int, deadline: float) -> str:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as resp:
                body: str = resp.read().decode()
            if 'govops_room_pue{category="3",room="R02"}' in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("the power agent served no PUE within the deadline")


def _probe_file_sd(store_cli: Cli, port: int) -> dict[str, int]:
    """Each target of `inventory export --format prometheus-sd --agent power` and the agent's /probe status for it."""
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power",
                    "--agent-config", str(EXAMPLE))  # fmt: skip
    assert res.exit_code == 0, res.stderr
    status: dict[str, int] = {}
    for group in json.loads(res.stdout):
        for target in group["targets"]:
            url = f"http://127.0.0.1:{port}/probe?target={urllib.parse.quote(target)}"
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    status[group["labels"]["device"]] = resp.status
            except urllib.error.HTTPError as exc:
                status[group["labels"]["device"]] = exc.code
    return status


def test_shipped_power_config_measures_the_metered_rooms(store_cli: Cli, home: Path) -> None:
    assert store_cli("inventory", "import", str(DEMO_CITY)).exit_code == 0
    engine = make_engine(store_cli.db_url)
    lab = Lab(home, {"power": PowerService()})
    report = lab.up(engine)
    try:
        # 2 meters and the 75 servers of R01 and R02, each registered on its declared device.
        assert (report.devices_updated, report.devices_not_in_store) == (77, 0)
        check = store_cli("agent", "power", "--config", str(EXAMPLE), "--check")
        assert check.exit_code == 0, check.stderr
        assert "2 rooms, 77 devices, 0 skipped" in check.stdout
        assert "meter-r01-01\tmodbus\t127.20.0.250:" in check.stdout

        setup = load_power_agent(EXAMPLE, lambda: engine)
        collector = setup.collectors[0]
        asyncio.run(collector.poll())
        declared = {r.code: r.pue for r in metered_rooms()}
        rooms = {r.room: r for r in collector.snapshot.rooms}
        for code, pue in declared.items():
            assert rooms[code].reason == "ok" and rooms[code].category == "3", rooms[code]
            assert rooms[code].pue == pytest.approx(pue, rel=0.01)  # readings taken a moment apart on a +-2 % curve

        # The agent as a user runs it: its own process, the store from the environment, a real scrape.
        port = free_tcp_port()
        env = {**os.environ, "GOVOPS_HOME": str(home), "GOVOPS_DB": store_cli.db_url}
        agent = subprocess.Popen([str(Path(sys.executable).with_name("govops")), "agent", "power", "--config",
                                  str(EXAMPLE), "--listen", f"127.0.0.1:{port}"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
        try:
            body = _scrape(port, time.monotonic() + 30)
            probed = _probe_file_sd(store_cli, port)
        finally:
            stop_pid(agent.pid)
        assert 'govops_room_pue_valid{reason="ok",room="R01"} 1' in body
        # The file_sd Prometheus probes this agent with is the agent's own devices: meters and BMCs, all answered.
        assert len(probed) == 77 and set(probed.values()) == {200}, probed
        assert "meter-r01-01" in probed and sum(name.startswith("srv-") for name in probed) == 75, sorted(probed)

        # The BMCs check their password: with a wrong one no room gets a PUE from half its points.
        (home / "lab" / "power" / "secrets" / "bmc.password").write_text("not-the-password\n")
        collector = load_power_agent(EXAMPLE, lambda: engine).collectors[0]
        asyncio.run(collector.poll())
        assert {r.reason for r in collector.snapshot.rooms} == {"no_it_point"}
        errors = [s.last_error for s in collector._states if s.cfg.kind == "redfish"]
        assert len(errors) == 75 and all("HTTP 401" in (e or "") for e in errors)
    finally:
        lab.down()


def test_a_room_the_store_cannot_measure_is_refused(store_cli: Cli, tmp_path: Path) -> None:
    assert store_cli("inventory", "import", str(DEMO_CITY)).exit_code == 0
    engine = make_engine(store_cli.db_url)
    config = tmp_path / "power.yml"
    config.write_text("rooms:\n  - room: R05\n")  # no meter there
    with pytest.raises(ConfigError, match="R05: the store has no meter"):
        load_power_agent(config, lambda: engine)
    config.write_text("rooms:\n  - room: R99\n")
    with pytest.raises(ConfigError, match="room R99 is not in the store"):
        load_power_agent(config, lambda: engine)
    # Without the lab the meters are still polled on Modbus's port; the servers have no BMC access.
    res = store_cli("agent", "power", "--config", str(EXAMPLE), "--check")
    assert res.exit_code != 0 and "no meter and reachable BMC" in (res.stderr + res.stdout)
