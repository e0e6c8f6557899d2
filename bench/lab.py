"""Benchmark: the demo city on loopback, through the CLI as a user runs it.

Measures, in a fresh GOVOPS_HOME: `govops lab up` of the whole city (315 SNMP devices, 167 SSH
devices, 16 servers, the metered rooms' 2 Modbus meters and 75 Redfish BMCs), `govops discover snmp
--save` of all its SNMP devices, and with --demo
the whole `govops demo` on a stopped lab. The anchor, in the same run: net-snmp's
snmpbulkwalk reading the same subtrees (system, interfaces, ifXTable, ENTITY-MIB) from every
SNMP device, 32 at a time, the way a shell script would. Targets: lab up <= 30 s, discover
snmp <= 30 s, demo <= 120 s (printed as ratios). Last line: ``RESULT lab_discover_snmp_s <v>``.

Usage: python bench/lab.py [--demo]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOVOPS = str(Path(sys.executable).with_name("govops"))
SUBTREES = ["1.3.6.1.2.1.1", "1.3.6.1.2.1.2.2", "1.3.6.1.2.1.31.1.1", "1.3.6.1.2.1.47.1.1.1"]
TARGETS = {"lab_up": 30.0, "discover_snmp": 30.0, "demo": 120.0}


def timed(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    res = subprocess.run([GOVOPS, *args], env=env, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if res.returncode not in (0, 1):
        raise SystemExit(f"govops {' '.join(args)} failed ({res.returncode}): {res.stderr[-2000:]}")
    print(f"govops {' '.join(args)}: {seconds:.1f} s  {res.stderr.strip().splitlines()[-1] if res.stderr else ''}")
    return seconds


def anchor(env: dict[str, str]) -> float:
    """snmpbulkwalk of the same subtrees from every SNMP device the lab serves, 32 at a time."""
    status = subprocess.run([GOVOPS, "lab", "status", "--json"], env=env, capture_output=True, text=True,
                            check=True)  # fmt: skip
    snmp = next(s for s in json.loads(status.stdout)["services"] if s["name"] == "snmpsim")
    devices = [(d["mgmt_ip"], d["port"], Path(d["snmp"]["community"]["file"]).read_text().strip())
               for d in snmp["devices"]]  # fmt: skip

    def walk(dev: tuple[str, int, str]) -> None:
        host, port, community = dev
        for tree in SUBTREES:
            subprocess.run(["snmpbulkwalk", "-v2c", "-c", community, "-Cr25", "-t", "5", "-r", "1",
                            f"{host}:{port}", tree], capture_output=True, check=False)  # fmt: skip

    start = time.perf_counter()
    with ThreadPoolExecutor(32) as pool:
        list(pool.map(walk, devices))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", action="store_true", help="also time `govops demo` on a stopped lab")
    args = parser.parse_args()
    before = os.getloadavg()
    print(f"load average before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f} on {os.cpu_count()} CPUs")
    home = Path(tempfile.mkdtemp(prefix="govops-bench-lab-"))
    env = {**os.environ, "GOVOPS_HOME": str(home), "COLUMNS": "200"}
    env.pop("GOVOPS_DB", None)
    env.pop("GOVOPS_LAB_WATCH_PARENT", None)
    figures: dict[str, float] = {}
    try:
        timed(env, "init")
        timed(env, "inventory", "import", "inventory/demo-city")
        figures["lab_up"] = timed(env, "lab", "up")
        figures["discover_snmp"] = timed(env, "discover", "snmp", "--save")
        walk = anchor(env)
        if args.demo:
            timed(env, "lab", "down")
            figures["demo"] = timed(env, "demo")
    finally:
        subprocess.run([GOVOPS, "lab", "down"], env=env, capture_output=True, check=False)
        shutil.rmtree(home, ignore_errors=True)
    load = os.getloadavg()
    print(f"load average after {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs "
          "(the machine is shared: figures above a quiet machine's when the load is high)")
    for name, seconds in figures.items():
        print(f"{name}: {seconds:.1f} s, target {TARGETS[name]:.0f} s (ratio {seconds / TARGETS[name]:.2f})")
    print(f"anchor snmpbulkwalk of the same subtrees, 32 at a time: {walk:.1f} s "
          f"(govops discover snmp / snmpbulkwalk = {figures['discover_snmp'] / walk:.2f})")  # fmt: skip
    for name, seconds in figures.items():
        print(f"RESULT lab_{name}_s {seconds:.1f}")
    print(f"RESULT lab_discover_snmp_s {figures['discover_snmp']:.1f}")


if __name__ == "__main__":
    main()
