"""Benchmark: SSH discovery of 500 simulated devices with bounded concurrency vs a serial Netmiko loop.

Both run in the same process run against the same simulator processes (two
asyncssh processes, 250 devices each, one loopback port per device). The serial
anchor is the plain loop people write first (ConnectHandler, send_command per
fact command, disconnect); it runs over a subset and is extrapolated to 500, as
the full loop would take many minutes. Last line: RESULT ssh_discovery_500_seconds <v>.

Usage: python bench/ssh_discovery.py [--devices 500] [--concurrency 64] [--serial-subset 20]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from govops.discovery.ssh import Credential, DiscoveryOptions, SshTarget, discover
from govops.lab.process import stop_pid
from govops.lab.ssh_service import start_sim_process
from govops.platforms.registry import get_platform

# The mix of a city network: mostly Huawei and H3C, some Ruijie/ZTE, a few foreign boxes.
MIX = ["huawei_vrp"] * 5 + ["hp_comware"] * 3 + ["ruijie_os", "zte_zxros", "cisco_ios", "cisco_nxos", "juniper_junos"]
PASSWORD = "bench-lab-pass"


def start_simulators(n: int, workdir: Path, processes: int = 2) -> tuple[list[int], list[tuple[str, str, int]]]:
    pw = workdir / "pw"
    pw.write_text(PASSWORD)
    pids, devices = [], []
    per = (n + processes - 1) // processes
    for p in range(processes):
        names = [(f"sim{i:04d}", MIX[i % len(MIX)]) for i in range(p * per, min(n, (p + 1) * per))]
        spec = {
            "host": "127.0.0.1",
            "host_key": str(workdir / f"key{p}"),
            "devices": [{"name": nm, "platform": pl, "password_file": str(pw)} for nm, pl in names],
        }
        pid, ports = start_sim_process(spec, workdir / f"sim{p}", timeout=120)
        pids.append(pid)
        devices += [(nm, pl, ports[nm]) for nm, pl in names]
    return pids, devices


def serial_netmiko(devices: list[tuple[str, str, int]]) -> float:
    from netmiko import ConnectHandler

    start = time.perf_counter()
    for _name, platform, port in devices:
        plat = get_platform(platform)
        conn = ConnectHandler(
            device_type=plat.netmiko_device_type,
            host="127.0.0.1",
            port=port,
            username="netops",
            password=PASSWORD,
            ssh_strict=False,
            system_host_keys=False,
            alt_host_keys=False,
        )
        for cmd in plat.commands:
            conn.send_command(cmd.command, read_timeout=60)
        conn.disconnect()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--serial-subset", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="govops-bench-ssh-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        pids, devices = start_simulators(args.devices, work)
        print(
            f"simulators: {len(devices)} devices on {len(pids)} processes, started in {time.perf_counter() - t0:.1f} s"
        )
        try:
            targets = [
                SshTarget(name, "127.0.0.1", port, platform, Credential("netops", PASSWORD))
                for name, platform, port in devices
            ]
            opts = DiscoveryOptions(known_hosts=work / "known_hosts", concurrency=args.concurrency,
                                    accept_new_host_key=True)
            cpu0 = resource.getrusage(resource.RUSAGE_SELF)
            start = time.perf_counter()
            outcomes = discover(targets, opts)
            bounded = time.perf_counter() - start
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
            ok = sum(1 for o in outcomes if o.ok and not o.partial)
            failed = [o.error for o in outcomes if not o.ok or o.partial][:5]
            cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
            print(
                f"govops discover: {len(outcomes)} devices, {ok} complete, concurrency {args.concurrency}: "
                f"{bounded:.1f} s wall, {cpu:.1f} s client CPU"
            )
            for err in failed:
                print(f"  problem: {err}")
            subset = devices[: args.serial_subset]
            serial = serial_netmiko(subset)
            per_device = serial / len(subset)
            extrapolated = per_device * len(devices)
            print(
                f"serial Netmiko loop: {len(subset)} devices in {serial:.1f} s ({per_device:.2f} s/device), "
                f"extrapolated to {len(devices)}: {extrapolated:.0f} s (subset, not the full loop)"
            )
            print(f"ratio serial/bounded: {extrapolated / bounded:.1f}x")
            print(f"load average at end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
            print(f"RESULT ssh_discovery_500_seconds {bounded * 500 / len(devices):.1f}")
        finally:
            for pid in pids:
                stop_pid(pid)


if __name__ == "__main__":
    main()
