"""Host agent vs Debian's prometheus-node-exporter, side by side in one run; inventory agent scrape at 100k devices.

CPU per scrape = (utime + stime of the process over the window) / scrapes, each exporter
scraped at the same cadence; the host agent polls at that same cadence so its background
work is counted too. Last line: ``RESULT host_agent_cpu_ratio <host agent / node_exporter>``.

    make bench-host            # or: .venv/bin/python bench/host_agent.py [--scrapes 40] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from govops.agent.hostzip import build_host_zipapp  # noqa: E402
from govops.lab.process import free_tcp_port  # noqa: E402
from tests.agenttools import AgentProcess, fill_store  # noqa: E402

NODE_EXPORTER = "/usr/bin/prometheus-node-exporter"
SYSTEM_PYTHON = "/usr/bin/python3"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return bytes(resp.read())


def samples(body: bytes) -> int:
    return sum(1 for line in body.splitlines() if line and not line.startswith(b"#"))


def wait_ready(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


SAME_COLLECTORS = ("cpu", "meminfo", "filesystem", "diskstats", "netdev", "loadavg", "stat", "time", "uname")
"""node_exporter's collectors for what the host agent's default collectors export (hostinfo has no equivalent)."""


def bench_host(scrapes: int, interval: float, tmp: Path) -> float:
    pyz = build_host_zipapp(tmp / "govops-host-agent.pyz")
    cfg = tmp / "host.yml"
    cfg.write_text(f"defaults: {{interval_seconds: {interval}, timeout_seconds: {interval}}}\n")
    zipapp = AgentProcess([str(pyz), "--config", str(cfg), "--listen", "127.0.0.1:0"], python=SYSTEM_PYTHON)
    govops = AgentProcess(["-c", "from govops.cli.launch import entry; entry()", "agent", "host", "--config",
                           str(cfg), "--listen", "127.0.0.1:0"])
    ports = [free_tcp_port(), free_tcp_port()]
    node = subprocess.Popen([NODE_EXPORTER, f"--web.listen-address=127.0.0.1:{ports[0]}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    same = subprocess.Popen([NODE_EXPORTER, f"--web.listen-address=127.0.0.1:{ports[1]}",
                             "--collector.disable-defaults", *(f"--collector.{c}" for c in SAME_COLLECTORS)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    urls = {"govops zipapp": f"http://127.0.0.1:{zipapp.port}/metrics",
            "govops agent host": f"http://127.0.0.1:{govops.port}/metrics",
            "node_exporter": f"http://127.0.0.1:{ports[0]}/metrics",
            "node_exporter same": f"http://127.0.0.1:{ports[1]}/metrics"}
    pids = {"govops zipapp": zipapp.proc.pid, "govops agent host": govops.proc.pid, "node_exporter": node.pid,
            "node_exporter same": same.pid}
    try:
        for url in urls.values():
            wait_ready(url)
        for _ in range(3):  # warm-up: first polls, imports, TLS-free connections
            for url in urls.values():
                get(url)
        time.sleep(interval)
        start = {name: cpu_seconds(pid) for name, pid in pids.items()}
        t0 = time.monotonic()
        sizes: dict[str, int] = {}
        for i in range(scrapes):
            for name, url in urls.items():
                sizes[name] = samples(get(url))
            next_at = t0 + (i + 1) * interval
            time.sleep(max(0.0, next_at - time.monotonic()))
        per_scrape = {name: (cpu_seconds(pid) - start[name]) / scrapes for name, pid in pids.items()}
        rss = {name: rss_mb(pid) for name, pid in pids.items()}
    finally:
        zipapp.stop()
        govops.stop()
        for proc in (node, same):
            proc.terminate()
            proc.wait(10)
    for name in urls:
        print(f"{name:18s} CPU per scrape {per_scrape[name] * 1000:7.2f} ms   samples {sizes[name]:5d}   "
              f"CPU per sample {per_scrape[name] / sizes[name] * 1e6:5.1f} us   RSS {rss[name]:6.1f} MB")
    zip_ratio = per_scrape["govops zipapp"] / per_scrape["node_exporter"]
    print(f"CPU per scrape vs node_exporter default collectors: zipapp {zip_ratio:.3f}, govops agent host "
          f"{per_scrape['govops agent host'] / per_scrape['node_exporter']:.3f} (budget 0.5)")
    print(f"CPU per scrape vs node_exporter with the same collectors ({','.join(SAME_COLLECTORS)}): zipapp "
          f"{per_scrape['govops zipapp'] / per_scrape['node_exporter same']:.3f}, govops agent host "
          f"{per_scrape['govops agent host'] / per_scrape['node_exporter same']:.3f}")
    print(f"RSS: zipapp {rss['govops zipapp']:.1f} MB, govops agent host {rss['govops agent host']:.1f} MB "
          "(budget 40 MB each)")
    return zip_ratio


def bench_inventory(tmp: Path, devices: int, systems: int) -> None:
    home = tmp / "home"
    url = f"sqlite:///{home / 'govops.db'}"
    env = {"GOVOPS_HOME": str(home), "GOVOPS_DB": url}
    subprocess.run([sys.executable, "-c", "from govops.cli.main import entry; entry()", "init"], check=True,
                   env={**os.environ, **env}, capture_output=True)
    t0 = time.monotonic()
    fill_store(url, devices=devices, systems=systems)
    print(f"store filled with {devices} devices, {systems} systems in {time.monotonic() - t0:.1f} s")
    agent = AgentProcess(["-c", "from govops.cli.main import entry; entry()", "agent", "inventory",
                          "--listen", "127.0.0.1:0"], env=env)
    try:
        metrics = f"http://127.0.0.1:{agent.port}/metrics"
        deadline = time.monotonic() + 60
        body = b""
        while b"govops_inventory_devices{" not in body and time.monotonic() < deadline:
            body = get(metrics)
            time.sleep(0.2)
        times = []
        for _ in range(50):
            t = time.perf_counter()
            body = get(metrics)
            times.append(time.perf_counter() - t)
        poll = next(line for line in body.decode().splitlines()
                    if line.startswith('govops_collector_poll_duration_seconds{collector="inventory"}'))
    finally:
        agent.stop()
    print(f"inventory agent scrape ({devices} devices): median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms (budget 50 ms); background poll {float(poll.split()[-1]) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scrapes", type=int, default=40)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--devices", type=int, default=100_000, help="inventory agent store size (0: skip)")
    parser.add_argument("--systems", type=int, default=10_000)
    args = parser.parse_args()
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="govops-bench-") as tmp:
        if args.devices:
            bench_inventory(Path(tmp), args.devices, args.systems)
        ratio = bench_host(args.scrapes, args.interval, Path(tmp))
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(f"RESULT host_agent_cpu_ratio {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
