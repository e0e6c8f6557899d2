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

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOVOPS_CORPUS") or REPO.parent / "shared" / "corpus")
# A mix of the corpus power gear: rack PDUs, a Vertiv PDU with 16 receptacles, 3-phase UPSes.
WALKS = ["apc_ap7900b", "liebert_mph2rg", "eatonups", "generex-ups_cs141", "huawei-smu_11b"]


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_snmpsim(devices: int, base: Path) -> tuple[subprocess.Popen[bytes], int, list[str]]:
    data = base / "data"
    data.mkdir(parents=True)
    communities = []
    for i in range(devices):
        walk = WALKS[i % len(WALKS)]
        name = f"dev{i:03d}-{walk}"
        shutil.copyfile(CORPUS / "snmp" / f"{walk}.snmprec", data / f"{name}.snmprec")
        communities.append(name)
    cache = base / "cache"
    cache.mkdir()
    for p in (base, data):
        os.chmod(p, 0o755)
    os.chmod(cache, 0o777)
    port = free_udp_port()
    args = [str(Path(sys.executable).parent / "snmpsim-command-responder"), f"--data-dir={data}",
            f"--agent-udpv4-endpoint=127.0.0.1:{port}", f"--cache-dir={cache}", "--log-level=error"]
    if os.geteuid() == 0:
        args += ["--process-user=nobody", "--process-group=nogroup"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        res = subprocess.run(["snmpget", "-v2c", "-c", communities[-1], "-t", "1", "-r", "0", f"127.0.0.1:{port}",
                              "1.3.6.1.2.1.1.2.0"], capture_output=True, check=False)
        if res.returncode == 0:
            return proc, port, communities
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("snmpsim did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--polls", type=int, default=5)
    args = parser.parse_args()

    from govops.agent.power import PowerCollector
    from govops.agent.power_config import PowerAgentConfig, PowerDeviceConfig, RoomConfig
    from govops.util.exposition import render

    base = Path(tempfile.mkdtemp(prefix="govops-bench-power-"))
    proc, port, communities = start_snmpsim(args.devices, base)
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
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(base, ignore_errors=True)
    load = os.getloadavg()
    print(f"devices {args.devices} (walks: {', '.join(WALKS)}), polls {args.polls}, readings {n}")
    print(f"discovery of all devices: {discovery_wall:.1f} s wall (one time)")
    print(f"steady poll of {args.devices} devices: worst {worst_wall:.2f} s wall against a 15 s interval")
    print(f"devices with a power value in /metrics: {ok}")
    print(f"agent CPU: {cpu:.2f} s for {n} readings; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"RESULT power_cpu_ms_per_reading {cpu / n * 1000:.3f}")


if __name__ == "__main__":
    main()
