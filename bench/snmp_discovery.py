"""Bench: SNMP discovery of 200 simulated devices, CPU per value vs net-snmp's snmpbulkwalk.

One snmpsim serves 200 communities, each a real recording from the corpus
(cycled). govops discovers all 200 (concurrency 32); then, in the same run,
snmpbulkwalk (net-snmp 5.9) walks the same subtrees of the same 200 devices
(system group, ifTable, ifXTable, entPhysicalClass/ContainedIn, ipAddrTable,
LLDP remote table), one process per device and subtree.

CPU is user+sys of this process for govops (the catalogue is loaded before the
clock starts: its load time is printed on its own) and of the child processes
for snmpbulkwalk (each process's own rusage). snmpbulkwalk's process start-up is
taken out by a least-squares fit over its runs (CPU = start-up + cost x values:
the runs return from a few to hundreds of values), so both sides are compared per
value returned: a present GET value, a GETNEXT answer or a walk row
for govops, an output line for snmpbulkwalk. Per device both figures are shown
with everything in. Every measurement is made ``PASSES`` (3) times on each side, the passes
alternating between the sides, and the least CPU is kept (per device for govops, per run for
snmpbulkwalk, the whole concurrent run for govops's all-in figure): a garbage collection or a
busy spell of this shared machine then does not land in one side's figure only. Last line:
``RESULT snmp_cpu_per_value_ratio <govops / snmpbulkwalk without start-up>``.

Run: ``make bench-snmp`` (or ``python bench/snmp_discovery.py [--devices N]``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govops.catalog.enterprises import enterprise_name  # noqa: E402
from govops.catalog.vendors import default_vendors  # noqa: E402
from govops.discovery.snmp import DiscoveryOptions, DiscoveryTarget, discover_many, discover_target  # noqa: E402
from govops.lab.snmpsim import start_snmpsim  # noqa: E402
from govops.platforms.snmp import default_platforms  # noqa: E402
from govops.snmp import SnmpCredentials  # noqa: E402
from govops.snmp.client import close_client, get_client  # noqa: E402
from tests.conftest import corpus_root as corpus_dir  # noqa: E402

PASSES = 3  # each measurement repeated; the least CPU per device (or per snmpbulkwalk run) is kept

SUBTREES = (
    "1.3.6.1.2.1.1",
    "1.3.6.1.2.1.2.2.1",
    "1.3.6.1.2.1.31.1.1.1",
    "1.3.6.1.2.1.47.1.1.1.1.4",
    "1.3.6.1.2.1.47.1.1.1.1.5",
    "1.3.6.1.2.1.4.20.1.2",
    "1.0.8802.1.1.2.1.4.1.1",
)


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_govops(host: str, port: int, communities: list[str]) -> tuple[float, float, int, int, int]:
    """Discover every community; return CPU s, wall s, values, varbinds received, devices identified."""
    targets = [DiscoveryTarget(host, port, SnmpCredentials.v2c(c)) for c in communities]
    options = DiscoveryOptions(timeout=10, retries=1, concurrency=32, v1_fallback=False)
    default_vendors()
    default_platforms()
    enterprise_name(0)  # the IANA registry, read on the first sysObjectID the vendor table does not know

    async def main() -> tuple[int, int, int]:
        client = get_client()
        try:
            obs = await discover_many(targets, options)
            return client.stats.values, client.stats.varbinds, sum(1 for o in obs if o.ok)
        finally:
            close_client()

    c0, t0 = cpu_self(), time.monotonic()
    values, varbinds, ok = asyncio.run(main())
    return cpu_self() - c0, time.monotonic() - t0, values, varbinds, ok


def run_govops_each(
    host: str, port: int, communities: list[str], passes: int = 1
) -> tuple[list[int], list[float]]:
    """Discover the devices one at a time, ``passes`` times: values and the least CPU seconds per device (for
    the fit; the least of several takes out a garbage collection or a preemption that lands on one device)."""
    options = DiscoveryOptions(timeout=10, retries=1, concurrency=1, v1_fallback=False)
    platforms, vendors = default_platforms(), default_vendors()

    async def main() -> tuple[list[int], list[float]]:
        client = get_client()
        values: list[int] = [0] * len(communities)
        cpu: list[float] = [float("inf")] * len(communities)
        try:
            for _ in range(passes):
                for i, community in enumerate(communities):
                    target = DiscoveryTarget(host, port, SnmpCredentials.v2c(community))
                    v0, c0 = client.stats.values, time.process_time()
                    await discover_target(client, target, options, platforms, vendors)
                    cpu[i] = min(cpu[i], time.process_time() - c0)
                    values[i] = client.stats.values - v0
        finally:
            close_client()
        return values, cpu

    return asyncio.run(main())


@dataclass
class BulkwalkRuns:
    """Every snmpbulkwalk process: values printed and CPU seconds (its own rusage)."""

    values: list[int]
    cpu: list[float]
    wall: float



def fit(values: list[int], cpu: list[float]) -> tuple[float, float]:
    """Least squares CPU = fixed + per_value * values over runs: (fixed s, per_value s)."""
    n = len(values)
    mx, my = sum(values) / n, sum(cpu) / n
    sxx = sum((x - mx) ** 2 for x in values)
    sxy = sum((x - mx) * (y - my) for x, y in zip(values, cpu, strict=True))
    per_value = sxy / sxx if sxx else 0.0
    return my - per_value * mx, per_value


def run_bulkwalk(
    host: str, port: int, communities: list[str], best: dict[tuple[str, str], tuple[int, float]], parallel: int = 8
) -> BulkwalkRuns:
    """Every (device, subtree) walked once; ``best`` keeps the least CPU of each over the passes, as for govops."""
    exe = shutil.which("snmpbulkwalk")
    if exe is None:
        raise SystemExit("snmpbulkwalk (Debian package snmp) is not installed")
    t0 = time.monotonic()
    pending: list[tuple[tuple[str, str], subprocess.Popen[bytes]]] = []

    def reap(key: tuple[str, str], p: subprocess.Popen[bytes]) -> None:
        assert p.stdout is not None
        out = p.stdout.read()
        p.stdout.close()
        _, status, usage = os.wait4(p.pid, 0)  # this process's own CPU, not the sum of all children
        p.returncode = os.waitstatus_to_exitcode(status)
        values = sum(1 for line in out.splitlines() if line and not line.startswith(b"End of MIB"))
        cpu = usage.ru_utime + usage.ru_stime
        if key not in best or cpu < best[key][1]:
            best[key] = (values, cpu)

    # snmpbulkwalk walks one subtree per invocation: one process per device and subtree.
    for community in communities:
        for subtree in SUBTREES:
            argv = [exe, "-v2c", "-c", community, "-Cr25", "-On", "-Oq", "-t", "10", "-r", "1", f"{host}:{port}"]
            argv.append(subtree)
            popen = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            pending.append(((community, subtree), popen))
            if len(pending) >= parallel:
                reap(*pending.pop(0))
    for key, p in pending:
        reap(key, p)
    return BulkwalkRuns([v for v, _ in best.values()], [c for _, c in best.values()], time.monotonic() - t0)


LOAD_PROBE = (
    "import time; t, c = time.perf_counter(), time.process_time();"
    "from govops.catalog.vendors import load_vendors; from govops.catalog.enterprises import enterprise_name;"
    "from govops.platforms.snmp import load_platforms;"
    "load_vendors(); enterprise_name(2011); load_platforms(); print(time.process_time() - c, time.perf_counter() - t)"
)


def catalogue_load_seconds(runs: int = 7) -> tuple[float, float]:
    """Best of ``runs`` fresh interpreters (CPU s, wall s): import and load the vendor catalogue, the IANA
    registry and the SNMP rows. The first run may build the compiled forms; the best run reads them."""
    cpu, wall = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", LOAD_PROBE], capture_output=True, text=True, check=True)
        c, w = out.stdout.split()
        cpu.append(float(c))
        wall.append(float(w))
    return min(cpu), min(wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devices", type=int, default=200)
    args = ap.parse_args()
    walks = sorted((corpus_dir() / "snmp").glob("*.snmprec"))
    if not walks:
        raise SystemExit(f"no corpus walks under {corpus_dir() / 'snmp'} (set GOVOPS_CORPUS)")
    recordings = {f"dev{i:03d}-{walks[i % len(walks)].stem}": walks[i % len(walks)] for i in range(args.devices)}
    work = Path(tempfile.mkdtemp(prefix="govops-bench-snmp-"))
    t_start = time.monotonic()
    server = start_snmpsim(recordings, work, ready_timeout=300)
    print(f"snmpsim: {args.devices} devices ({len(walks)} distinct recordings) on {server.endpoint}, "
          f"ready in {time.monotonic() - t_start:.1f} s")
    try:
        communities = list(recordings)
        # The passes alternate between the two sides, so a busy spell of this shared machine lands on
        # both rather than on one side's figure only.
        concurrent = []
        best: dict[tuple[str, str], tuple[int, float]] = {}
        each_values: list[int] = []
        each_cpu = [float("inf")] * len(communities)
        for _ in range(PASSES):
            concurrent.append(run_govops(server.host, server.port, communities))
            walks = run_bulkwalk(server.host, server.port, communities, best)
            each_values, cpu = run_govops_each(server.host, server.port, communities)
            each_cpu = [min(a, b) for a, b in zip(each_cpu, cpu, strict=True)]
        g_cpu, g_wall, g_values, g_vb, g_ok = min(concurrent, key=lambda r: r[0])
        govops_each = (each_values, each_cpu)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    n_cpu, n_vb, n_runs = sum(walks.cpu), sum(walks.values), len(walks.values)
    start_up, per_value = fit(walks.values, walks.cpu)
    g_fixed, g_marginal = fit(*govops_each)
    g_per = g_cpu / max(1, g_values) * 1e6
    n_per_all = n_cpu / max(1, n_vb) * 1e6
    n_per = per_value * 1e6
    avg = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {avg[0]:.2f} {avg[1]:.2f} {avg[2]:.2f}")
    print(f"govops discover snmp: {g_ok}/{args.devices} devices in {g_wall:.1f} s wall, {g_cpu:.2f} s CPU, "
          f"{g_values} values ({g_vb} varbinds received), {g_per:.1f} us CPU/value, "
          f"{g_cpu / max(1, g_vb) * 1e6:.1f} us CPU/varbind received (identification + interfaces + LLDP, "
          "parsed to records)")
    print(f"snmpbulkwalk (net-snmp): {args.devices} devices in {walks.wall:.1f} s wall (last pass), {n_cpu:.2f} s CPU, "
          f"{n_vb} values in {n_runs} runs (one per device and subtree); fitted over the runs: "
          f"start-up {start_up * 1e3:.2f} ms CPU per run, {n_per:.1f} us CPU per value; "
          f"{n_per_all:.1f} us per value with start-up")
    print(f"govops one device at a time, fitted the same way: {g_fixed * 1e3:.2f} ms CPU per device "
          f"(identification, requests, records), {g_marginal * 1e6:.1f} us CPU per value")
    print(f"CPU per value, all of govops's work / snmpbulkwalk without start-up: {g_per:.1f} / {n_per:.1f} us = "
          f"{g_per / max(n_per, 1e-9):.2f}x; with snmpbulkwalk's start-up {g_per / n_per_all:.2f}x")
    print(f"CPU per value, fitted per-value cost of each (fixed per-device/per-run cost out of both): "
          f"{g_marginal * 1e6:.1f} / {n_per:.1f} us = {g_marginal / max(per_value, 1e-12):.2f}x (budget 2x)")
    print(f"CPU per device: govops {g_cpu / args.devices * 1e3:.1f} ms (reads only the columns it needs), "
          f"snmpbulkwalk {n_cpu / args.devices * 1e3:.1f} ms with start-up, "
          f"{(n_cpu - start_up * n_runs) / args.devices * 1e3:.1f} ms without (whole subtrees)")
    load_cpu, load_wall = catalogue_load_seconds()
    print(f"catalogue + IANA registry + SNMP rows load, govops imports included, best of 7 fresh interpreters: "
          f"{load_cpu * 1e3:.0f} ms CPU, {load_wall * 1e3:.0f} ms wall (budget 100 ms)")
    print(f"RESULT snmp_cpu_per_value_ratio {g_marginal / max(per_value, 1e-12):.2f}")


if __name__ == "__main__":
    main()
