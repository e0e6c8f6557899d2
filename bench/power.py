"""Benchmark: one power agent reading 200 SNMP power devices (snmpsim, one community each).

Measures the agent process's CPU per device reading in steady state (after the
one-time discovery of each device's power objects), including building the
snapshot and rendering /metrics, and the wall time of one poll of all 200
devices against the 15 s schedule. snmpsim runs in its own process; its CPU is
not counted. The last line is ``RESULT power_cpu_ms_per_reading <v>``.

Usage: python bench/power.py [--devices 200] [--polls 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TypedDict

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("GOVOPS_CORPUS") or REPO.parent / "shared" / "corpus")

from govops.lab.snmpsim import SnmpsimServer  # noqa: E402
from govops.lab.snmpsim import start_snmpsim as start_snmpsim_server  # noqa: E402

# A mix of the corpus power gear: rack PDUs, a Vertiv PDU with 16 receptacles, 3-phase UPSes.
WALKS = ["apc_ap7900b", "liebert_mph2rg", "eatonups", "generex-ups_cs141", "huawei-smu_11b"]


def start_snmpsim(devices: int, base: Path) -> tuple[SnmpsimServer, int, list[str]]:
    """snmpsim (through govops.lab) with ``devices`` communities, each a copy of one power walk."""
    recordings = {f"dev{i:03d}-{WALKS[i % len(WALKS)]}": CORPUS / "snmp" / f"{WALKS[i % len(WALKS)]}.snmprec"
                  for i in range(devices)}
    server = start_snmpsim_server(recordings, base, ready_timeout=120)
    return server, server.port, list(recordings)


# snmp_exporter anchor: per walk type, the same objects the agent polls for that device's point.
class Anchor(TypedDict):
    """What the snmp_exporter anchor gets, walks and names as metrics (name, OID, index count) for one walk."""

    get: list[str]
    walk: list[str]
    metrics: list[tuple[str, str, int]]


ANCHOR_OBJECTS: dict[str, Anchor] = {
    "apc_ap7900b": {"get": ["1.3.6.1.4.1.318.1.1.12.1.16.0"], "walk": ["1.3.6.1.4.1.318.1.1.26.4.3.1.5"],
                    "metrics": [("rPDUIdentDevicePowerWatts", "1.3.6.1.4.1.318.1.1.12.1.16", 0),
                                ("rPDU2DeviceStatusPower", "1.3.6.1.4.1.318.1.1.26.4.3.1.5", 1)]},
    "liebert_mph2rg": {"get": [],
                       "walk": ["1.3.6.1.4.1.476.1.42.3.8.30.20.1.65", "1.3.6.1.4.1.476.1.42.3.8.30.20.1.50"],
                       "metrics": [("lgpPduPsEntryPwrTotal", "1.3.6.1.4.1.476.1.42.3.8.30.20.1.65", 2),
                                   ("lgpPduPsEntryEnergyAccum", "1.3.6.1.4.1.476.1.42.3.8.30.20.1.50", 2)]},
    "eatonups": {"get": [], "walk": ["1.3.6.1.4.1.534.1.4.4.1.4"],
                 "metrics": [("xupsOutputWatts", "1.3.6.1.4.1.534.1.4.4.1.4", 1)]},
    "generex-ups_cs141": {"get": [], "walk": ["1.3.6.1.2.1.33.1.4.4.1.4"],
                          "metrics": [("upsOutputPower", "1.3.6.1.2.1.33.1.4.4.1.4", 1)]},
    "huawei-smu_11b": {"get": ["1.3.6.1.4.1.2011.6.164.1.6.1.3.0", "1.3.6.1.4.1.2011.6.164.1.6.1.4.0"], "walk": [],
                       "metrics": [("hwDcTotalVoltage", "1.3.6.1.4.1.2011.6.164.1.6.1.3", 0),
                                   ("hwDcTotalCurrent", "1.3.6.1.4.1.2011.6.164.1.6.1.4", 0)]},
}


def snmp_exporter_config(communities: list[str]) -> str:
    import yaml

    modules = {}
    for c in communities:
        walk = c.split("-", 1)[1]
        spec = ANCHOR_OBJECTS[walk]
        metrics = []
        for name, oid, n_idx in spec["metrics"]:
            m: dict[str, object] = {"name": name, "oid": oid, "type": "gauge"}
            if n_idx:
                m["indexes"] = [{"labelname": f"i{k}", "type": "gauge"} for k in range(n_idx)]
            metrics.append(m)
        mod: dict[str, object] = {"walk": spec["walk"], "metrics": metrics, "version": 2,
                                  "auth": {"community": c}, "timeout": "5s", "retries": 1}
        if spec["get"]:
            mod["get"] = spec["get"]
        modules[c] = mod
    return yaml.safe_dump(modules)


def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_anchor(communities: list[str], port: int, base: Path, polls: int) -> float | None:
    """CPU ms per device scrape of snmp_exporter on the same devices, or None if it is not installed."""
    import urllib.request

    exe = shutil.which("prometheus-snmp-exporter") or shutil.which("snmp_exporter")
    if exe is None:
        return None
    cfg = base / "snmp.yml"
    cfg.write_text(snmp_exporter_config(communities))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        http_port = s.getsockname()[1]
    proc = subprocess.Popen([exe, f"--config.file={cfg}", f"--web.listen-address=127.0.0.1:{http_port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{http_port}/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)

        def scrape_all() -> None:
            from concurrent.futures import ThreadPoolExecutor

            def one(c: str) -> None:
                url = f"http://127.0.0.1:{http_port}/snmp?target=127.0.0.1:{port}&module={c}"
                urllib.request.urlopen(url, timeout=30).read()

            with ThreadPoolExecutor(32) as pool:
                list(pool.map(one, communities))

        scrape_all()  # warm-up
        sample = urllib.request.urlopen(
            f"http://127.0.0.1:{http_port}/snmp?target=127.0.0.1:{port}&module={communities[0]}", timeout=30
        ).read().decode()
        if "rPDUIdentDevicePowerWatts 312" not in sample:
            raise SystemExit(f"snmp_exporter anchor returned no power reading:\n{sample[-500:]}")
        cpu0 = proc_cpu_seconds(proc.pid)
        for _ in range(polls):
            scrape_all()
        cpu = proc_cpu_seconds(proc.pid) - cpu0
        return cpu / (polls * len(communities)) * 1000
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--polls", type=int, default=5)
    args = parser.parse_args()

    from govops.collectors.power import PowerCollector
    from govops.collectors.power_config import PowerAgentConfig, PowerDeviceConfig, RoomConfig
    from govops.util.exposition import render

    base = Path(tempfile.mkdtemp(prefix="govops-bench-power-"))
    sim, port, communities = start_snmpsim(args.devices, base)
    try:
        rooms = []
        per_room = 20
        for r in range(0, len(communities), per_room):
            devs = [PowerDeviceConfig(name=c, kind="snmp", address=f"127.0.0.1:{port}", community=c,
                                      measures="facility" if i == 0 else "it")
                    for i, c in enumerate(communities[r : r + per_room])]
            rooms.append(RoomConfig(room=f"R{r // per_room:02d}", devices=devs))
        cfg = PowerAgentConfig(rooms=rooms, interval_seconds=15.0, timeout_seconds=10.0, concurrency=32)
        collector = PowerCollector(cfg)

        async def run() -> tuple[float, float, int, float, int]:
            t0 = time.perf_counter()
            await collector.poll()  # discovery
            for _ in range(20):
                if all(st.plan is not None for st in collector._states):
                    break
                await collector.poll()
            undiscovered = sum(1 for st in collector._states if st.plan is None)
            if undiscovered:
                print(f"warning: {undiscovered} devices not discovered", file=sys.stderr)
            discovery_wall = time.perf_counter() - t0
            readings0 = collector.readings
            cpu0 = time.process_time()
            walls = []
            text = ""
            for _ in range(args.polls):
                w0 = time.perf_counter()
                await collector.poll()
                text = render(collector.collect())
                walls.append(time.perf_counter() - w0)
            cpu = time.process_time() - cpu0
            n = collector.readings - readings0
            ok = sum(1 for line in text.splitlines() if line.startswith("govops_power_watts{"))
            return cpu, max(walls), n, discovery_wall, ok

        cpu, worst_wall, n, discovery_wall, ok = asyncio.run(run())
        anchor = run_anchor(communities, port, base, args.polls)
    finally:
        sim.stop()
        shutil.rmtree(base, ignore_errors=True)
    load = os.getloadavg()
    print(f"devices {args.devices} (walks: {', '.join(WALKS)}), polls {args.polls}, readings {n}")
    print(f"discovery of all devices: {discovery_wall:.1f} s wall (one time)")
    print(f"steady poll of {args.devices} devices: worst {worst_wall:.2f} s wall against a 15 s interval")
    print(f"devices with a power value in /metrics: {ok}")
    print(f"agent CPU: {cpu:.2f} s for {n} readings; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    ours = cpu / n * 1000
    if anchor is not None:
        print(f"anchor snmp_exporter, same devices and objects: {anchor:.3f} ms CPU per device scrape "
              f"(govops / snmp_exporter = {ours / anchor:.2f})")
    else:
        print("anchor snmp_exporter not installed: no side-by-side figure")
    print(f"RESULT power_cpu_ms_per_reading {ours:.3f}")


if __name__ == "__main__":
    main()
