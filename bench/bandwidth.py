"""Bandwidth agent vs Debian's prometheus-snmp-exporter (same columns), side by side in one run, per size.

The anchor is snmp_exporter walking the columns the agent delivers (``../shared/bench/
snmp_exporter_if_counters.yml``: oper status, HC octets, errors, discards, high speed,
ifName), not ``if_mib`` (~41 columns per interface). For each size of ``--sizes`` both
poll the same simulated 48-port switches (a real Huawei S5720 walk with counters moving,
spread over ``--sims`` snmpsim processes: one serves ~5,000 varbinds/s) at the same interval,
and both are scraped by this script at that
interval, as Prometheus would: the agent polls in the background and serves its cache,
snmp_exporter walks IF-MIB on every scrape. CPU is each process's own utime+stime from
/proc/<pid>/stat over a steady window after one warm-up cycle (snmpsim excluded).

Prints per size: CPU per interface-sample of each, the ratio (agent including amortized
table walks / snmp_exporter), the agent's failed polls, its concurrency, its resident memory
and, between sizes, the memory each further device costs (the agent's RSS divided by its
devices mostly spreads the interpreter's fixed ~60 MB); the load average before and after
each size (the machine may be shared: CPU per sample is each process's own, so the ratio
survives load, but a starved snmpsim makes polls miss their deadlines). Last line
``RESULT bandwidth_cpu_ratio <worst ratio over the sizes>``.

The poll interval follows the size unless given (``--interval``): long enough for the
simulators to serve every device once per cycle on a shared machine, max(30 s, 0.15 s per device):
a device is ~340 varbinds, so 2,000 devices every 300 s need ~2,300 varbinds/s of the simulators
(one serves ~5,000/s per core) and as much of snmp_exporter's scrapes, with room for a loaded
machine. A city polls every 60 s (DESIGN.md); only the simulators sharing two cores with both
pollers set the longer interval here, and CPU per interface-sample does not depend on it.

Usage: python bench/bandwidth.py [--sizes 100,500,2000] [--sims 4] [--interval SECONDS] [--cycles 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govops.lab.if_counter_sim import Snmpsim, moving_recording  # noqa: E402
from govops.lab.process import free_tcp_port  # noqa: E402

CORPUS = Path(os.environ.get("GOVOPS_CORPUS") or REPO.parent / "shared" / "corpus")
ANCHOR_CONFIG = CORPUS.parent / "bench" / "snmp_exporter_if_counters.yml"  # beside the corpus in ../shared
ANCHOR_MODULE = "if_counters"
PORTS = 48


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def get(url: str, timeout: float = 30.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        body: bytes = resp.read()
        return body.decode()


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"process for {url} exited with {proc.returncode}")
        try:
            get(url, 2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout:g} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()


def run_agent(work: Path, sims: dict[str, Snmpsim], names: list[str], interval: float,
              cycles: int) -> tuple[float, int, str, float]:
    lines = [f"interval_seconds: {interval}", f"timeout_seconds: {min(10.0, interval * 0.5)}", "targets:"]
    for name in names:
        lines += [f"  - name: {name}", f"    address: 127.0.0.1:{sims[name].port}",
                  f"    snmp: {{version: 2c, community: {{env: BENCH_{name.upper()}}}}}"]
    cfg = work / "agent.yml"
    cfg.write_text("\n".join(lines) + "\n")
    env = {**os.environ, **{f"BENCH_{n.upper()}": n for n in names}, "GOVOPS_HOME": str(work / "home")}
    port = free_tcp_port()
    govops = Path(sys.executable).with_name("govops")
    proc = subprocess.Popen([str(govops), "agent", "bandwidth", "--config", str(cfg), "--listen", f"127.0.0.1:{port}"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/metrics"
    try:
        wait_http(url, proc)
        # Warm-up: wait for every target's first poll (table walk, engine start), plus one cycle.
        deadline = time.monotonic() + max(60.0, interval * 3)
        while time.monotonic() < deadline:
            text = get(url)
            ready = all(f'govops_target_interfaces{{target="{n}"}} {PORTS}\n' in text for n in names)
            if ready and all(f'govops_target_up{{target="{n}"}} 1\n' in text for n in names):
                break
            time.sleep(min(5.0, interval / 4))
        first = get(url)
        polls_before = _sum_metric(first, "govops_target_polls_total")
        failures_before = _sum_metric(first, "govops_target_poll_failures_total")
        cpu0 = cpu_seconds(proc.pid)
        for _ in range(cycles):
            t = time.monotonic()
            last = get(url)  # Prometheus' scrape of the agent, once per interval
            time.sleep(max(0.0, interval - (time.monotonic() - t)))
        cpu1 = cpu_seconds(proc.pid)
        last = get(url)
        polls = int(_sum_metric(last, "govops_target_polls_total") - polls_before)
        failures = int(_sum_metric(last, "govops_target_poll_failures_total") - failures_before)
        limit = _sum_metric(last, "govops_bandwidth_concurrency_limit", exact=True)
        peak = _sum_metric(last, "govops_bandwidth_concurrency_peak", exact=True)
        rss = _sum_metric(last, "process_resident_memory_bytes", exact=True) / 1e6
        # Only good polls count as interface-polls (a timed-out device costs CPU but delivers nothing).
        note = (f"polls={polls} failed={failures} concurrency limit={limit:g} peak={peak:g} "
                f"RSS={rss:.1f} MB ({rss / len(names):.2f} MB/device)")
        return cpu1 - cpu0, (polls - failures) * PORTS, note, rss
    finally:
        stop(proc)


def _sum_metric(text: str, name: str, exact: bool = False) -> float:
    prefix = name + " " if exact else name + "{"
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def run_exporter(work: Path, sims: dict[str, Snmpsim], names: list[str], interval: float,
                 cycles: int) -> tuple[float, int, str]:
    exporter = shutil.which("prometheus-snmp-exporter") or "/usr/bin/prometheus-snmp-exporter"
    base = yaml.safe_load(ANCHOR_CONFIG.read_text())[ANCHOR_MODULE]
    modules = {f"m_{n}": {**base, "auth": {"community": n}, "version": 2} for n in names}
    cfg = work / "snmp.yml"
    cfg.write_text(yaml.safe_dump(modules))
    port = free_tcp_port()
    proc = subprocess.Popen([exporter, f"--config.file={cfg}", f"--web.listen-address=127.0.0.1:{port}",
                             "--log.level=error"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base_url}/metrics", proc)

        def scrape(n: str) -> int:
            text = get(f"{base_url}/snmp?module=m_{n}&target=127.0.0.1:{sims[n].port}")
            return sum(1 for line in text.splitlines() if line.startswith("ifHCInOctets{"))

        def scrape_all() -> int:
            # Several scrapes at once, as Prometheus scrapes its targets (one per simulator pair keeps them busy).
            with ThreadPoolExecutor(max_workers=2 * len({s.port for s in sims.values()})) as pool:
                return sum(pool.map(scrape, names))

        if scrape_all() != PORTS * len(names):
            raise SystemExit("snmp_exporter did not return every interface: check the simulated devices")
        cpu0 = cpu_seconds(proc.pid)
        polled = 0
        for _ in range(cycles):
            t = time.monotonic()
            polled += scrape_all()
            time.sleep(max(0.0, interval - (time.monotonic() - t)))
        cpu1 = cpu_seconds(proc.pid)
        return cpu1 - cpu0, polled, f"scrapes={cycles * len(names)}"
    finally:
        stop(proc)


def table_walk_cpu(sim: Snmpsim, community: str, repeats: int = 5) -> float:
    """CPU seconds of one interface-table walk of a 48-port device (the agent's table learning), in-process."""
    import asyncio

    from govops.collectors.if_table import SnmpTableReader
    from govops.snmp.client import close_client
    from govops.snmp.credentials import SnmpCredentials, SnmpTarget

    async def go() -> float:
        reader = SnmpTableReader()
        target = SnmpTarget("127.0.0.1", sim.port, timeout=5, retries=1)
        creds = SnmpCredentials.v2c(community)
        await reader.read(target, creds, deadline=time.monotonic() + 30, device=community)  # warm the engine
        start = time.process_time()
        for _ in range(repeats):
            table = await reader.read(target, creds, deadline=time.monotonic() + 30, device=community)
            if len(table.rows) != PORTS:
                raise SystemExit(f"table walk found {len(table.rows)} interfaces, expected {PORTS}")
        spent = (time.process_time() - start) / repeats
        close_client()
        return spent

    return asyncio.run(go())


def run_size(work: Path, walk_file: Path, devices: int, sims_n: int, interval: float,
             cycles: int) -> tuple[float, int, float]:
    data_dirs = [work / f"data{i}" for i in range(sims_n)]
    for d in data_dirs:
        d.mkdir(parents=True)
    names = [f"sw{i:04d}" for i in range(devices)]
    for i, n in enumerate(names):
        moving_recording(walk_file, data_dirs[i % sims_n] / f"{n}.snmprec", max_interfaces=PORTS)
    sims_by_dir = [Snmpsim(d).start() for d in data_dirs]
    sims = {n: sims_by_dir[i % sims_n] for i, n in enumerate(names)}
    load = os.getloadavg()
    try:
        print(f"\n== {devices} devices x {PORTS} ports on {sims_n} snmpsim, interval={interval:g}s, "
              f"cycles={cycles}, cpus={os.cpu_count()}, loadavg={load[0]:.2f}")
        a_cpu, a_polls, a_note, rss = run_agent(work, sims, names, interval, cycles)
        e_cpu, e_polls, e_note = run_exporter(work, sims, names, interval, cycles)
        walk = table_walk_cpu(sims[names[0]], names[0])
    finally:
        for sim in sims_by_dir:
            sim.cleanup()
    after = os.getloadavg()
    a_per = a_cpu / max(1, a_polls)
    e_per = e_cpu / max(1, e_polls)
    # The agent re-walks each interface table every table_refresh_seconds (3600) or on a change; at the
    # production interval of 60 s that walk is spread over 60 polls. Charged to the agent in the ratio.
    walk_per = walk / (3600 / 60) / PORTS
    ratio = (a_per + walk_per) / e_per
    failed = int(a_note.split("failed=")[1].split()[0])
    print(f"govops agent:   cpu={a_cpu:.3f}s interface-samples={a_polls} -> {a_per * 1e6:.1f} us/interface-sample "
          f"({a_note})")
    print(f"snmp_exporter:  cpu={e_cpu:.3f}s interface-samples={e_polls} -> {e_per * 1e6:.1f} us/interface-sample "
          f"({e_note}, module {ANCHOR_MODULE})")
    print(f"table walk:     {walk * 1e3:.1f} ms CPU per 48-port device, amortized {walk_per * 1e6:.1f} us/sample")
    print(f"size {devices}: ratio {ratio:.3f} (steady polls only {a_per / e_per:.3f}), failed polls {failed}, "
          f"loadavg {load[0]:.2f} -> {after[0]:.2f}")
    return ratio, failed, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,500,2000", help="device counts, comma-separated")
    ap.add_argument("--sims", type=int, default=4, help="snmpsim processes (devices spread over them)")
    ap.add_argument("--interval", type=float, default=0.0, help="poll interval (default: by size, see above)")
    ap.add_argument("--cycles", type=int, default=3)
    args = ap.parse_args()
    if not ANCHOR_CONFIG.exists():
        raise SystemExit(f"anchor config not found: {ANCHOR_CONFIG} (expected ../shared/bench/"
                         "snmp_exporter_if_counters.yml relative to the repository)")
    walk_file = CORPUS / "snmp" / "vrp_5720.snmprec"
    if not walk_file.exists():
        raise SystemExit(f"real walk not found: {walk_file} (set GOVOPS_CORPUS)")
    results = []
    for size in (int(x) for x in args.sizes.split(",") if x.strip()):
        work = Path(tempfile.mkdtemp(prefix="govops-bench-bw-"))
        try:
            interval = args.interval or max(30.0, 0.15 * size)
            results.append((size, *run_size(work, walk_file, size, max(1, min(args.sims, size)), interval,
                                            args.cycles)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print()
    smallest, _r, _f, base_rss = results[0]
    for size, ratio, failed, rss in results:
        marginal = ""
        if size > smallest:
            marginal = f", {(rss - base_rss) / (size - smallest):.3f} MB per device beyond {smallest}"
        print(f"size {size:5d}: CPU per interface-sample ratio {ratio:.3f} (budget 0.5), failed polls {failed}, "
              f"RSS {rss:.0f} MB{marginal}")
    print(f"RESULT bandwidth_cpu_ratio {max(r for _s, r, _f, _m in results):.3f}")


if __name__ == "__main__":
    main()
