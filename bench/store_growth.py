"""Benchmark: how import, list, audit and every report grow with the store, on SQLite and PostgreSQL.

For each backend and size it makes a fresh store (SQLite in a temporary home; a
throw-away PostgreSQL cluster on loopback, ``govops.lab.postgres``, started once),
imports N devices from CSV (a 台账 shape) and N/10 systems, then runs each command
as a user does (the real ``govops`` executable, start-up included), and records
wall time, CPU time and the peak RSS of that process. The growth table puts each
size beside the smallest one: time and memory ratios. The anchor is the smallest
size in the same run; budgets (DESIGN.md, issue 18): import of 100,000 <= 10 s,
every report <= 1 s at 100,000 and <= 5 s at 1,000,000 on PostgreSQL, memory of
import, list and audit <= 200 MB at 1,000,000.

    python bench/store_growth.py --backends sqlite,postgres --sizes 100000
    python bench/store_growth.py --backends postgres --sizes 100000,1000000   # takes long

Building a store of 1,000,000 devices takes long: ``--store-dir DIR`` keeps the stores (and
the PostgreSQL cluster) in DIR, and a later run with the same DIR reuses each store already
built there and runs only list, audit, the reports and ``--help`` on it (``--reports`` runs
only the reports and ``--help``). Use a scratch directory outside the repository.
``--imports`` times only the two imports, into fresh stores; ``--reports-first`` runs the
reports right after them (as a user does who imports and then looks), before list and audit;
``--anchor DIR`` (a checkout of older govops, e.g. ``git worktree add --detach DIR <commit>``)
times the same commands with that code first, in the same sitting, and prints each figure as a
ratio to it.

    python bench/store_growth.py --backends sqlite,postgres --imports --anchor /tmp/govops-old

    python bench/store_growth.py --backends sqlite,postgres --sizes 100000 --store-dir /tmp/govops-stores

The PostgreSQL cluster runs with ``fsync=off`` (a disposable test cluster): writes
are faster than on a production server. Last line: ``RESULT <figure> <value>``.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govops.lab.postgres import PostgresServer

GOVOPS = str(Path(sys.executable).parent / "govops")
KINDS = ["server", "switch", "router", "firewall", "pdu", "ups"]
VENDORS = ["Huawei", "H3C", "Inspur", "Dell", "ZTE", "Ruijie"]
BACKUPS = ["none", "local", "offsite", "local+offsite"]
MIGRATION = ["planned", "migrated", "adapting", "not_assessed"]
REPORTS = ["summary", "migration", "xinchuang", "rooms", "links", "compliance", "changes"]
DEPARTMENTS, ROOMS = 90, 50


@dataclass
class Run:
    backend: str
    size: int
    what: str
    wall: float
    cpu: float
    peak_mb: float
    child_mb: float = 0.0
    child_private_mb: float = 0.0


def write_refs(path: Path) -> None:
    lines = ["departments:"]
    lines += [f"  - {{code: D{i:03d}, name: 部门{i}, level: city}}" for i in range(DEPARTMENTS)]
    lines += ["rooms:"]
    lines += [f"  - {{code: R{i:02d}, name: 机房{i}, department: D{i:03d}}}" for i in range(ROOMS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_devices(path: Path, n: int) -> None:
    """Stream the CSV row by row: at 1,000,000 a list of dicts would dwarf what is measured."""
    fields = ["name", "kind", "room", "department", "vendor", "model", "serial", "mgmt_ip", "status", "purchased",
              "ipv6"]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(fields)
        for i in range(n):
            out.writerow([f"dev-{i:07d}", KINDS[i % len(KINDS)], f"R{i % ROOMS:02d}", f"D{i % DEPARTMENTS:03d}",
                          VENDORS[i % len(VENDORS)], f"M-{i % 37}", f"SN{i:09d}",
                          f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", "in_service",
                          f"20{10 + i % 14}-0{1 + i % 9}-1{i % 10}", "true" if i % 3 == 0 else "false"])  # fmt: skip


def write_systems(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("systems:\n")
        for i in range(n):
            fh.write(f"  - {{name: SYS-{i:06d}, department: D{i % DEPARTMENTS:03d}, backup: {BACKUPS[i % 4]}, "
                     f"dengbao: {{level: {2 + i % 2}, assessed: 2024-0{1 + i % 9}-01, passed: true}}, "
                     f"migration: {{status: {MIGRATION[i % 4]}, planned: 2025-06-30}}}}\n")  # fmt: skip


class TreePeaks:
    """The peak memory of a process and of each process it forks (an import's reading child), sampled.

    ``wait4`` gives the larger of the two peaks, not each: a forked child's own peak is lost when it
    exits. Both are read from /proc every ``SAMPLE_S`` (VmHWM, the kernel's high-water mark, so only
    growth in the last interval before an exit can be missed). A child's resident set counts the pages
    it still shares with its parent since the fork; ``child_private_mb`` is what it holds alone
    (smaps_rollup, sampled less often: reading it costs more).
    """

    SAMPLE_S = 0.02
    PRIVATE_EVERY = 10

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.own_mb = 0.0
        self.child_mb = 0.0
        self.child_private_mb = 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def _watch(self) -> None:
        turn = 0
        while not self.done.wait(self.SAMPLE_S):
            self.own_mb = max(self.own_mb, _status_mb(self.pid, "VmHWM"))
            for child in _children(self.pid):
                self.child_mb = max(self.child_mb, _status_mb(child, "VmHWM"))
                if turn % self.PRIVATE_EVERY == 0:
                    self.child_private_mb = max(self.child_private_mb, _private_mb(child))
            turn += 1


def _status_mb(pid: int, field: str) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _private_mb(pid: int) -> float:
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except (OSError, ValueError):
        return 0.0
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(c) for c in fh.read().split()]
    except (OSError, ValueError):
        return []


def run(env: dict[str, str], *args: str) -> tuple[float, float, float, float, float]:
    """Run govops as a user does; return (wall s, CPU s, peak RSS MB, child peak RSS MB, child private MB).

    The CPU time includes a forked child's; the peaks are each process's own (0 without a child).
    """
    start = time.perf_counter()
    proc = subprocess.Popen([GOVOPS, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = TreePeaks(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    peaks.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"govops {' '.join(args)} failed ({proc.returncode}): {stderr[-800:]}")
    # ru_maxrss is the larger of the process's and its children's peaks: without a child it is the process's.
    own = peaks.own_mb if peaks.child_mb else usage.ru_maxrss / 1024
    return wall, usage.ru_utime + usage.ru_stime, own, peaks.child_mb, peaks.child_private_mb


def measure(
    backend: str, size: int, env: dict[str, str], data: Path, *, built: bool, reports_only: bool,
    imports_only: bool = False, reports_first: bool = False,
) -> list[Run]:
    """Time each command on one store; a store ``built`` before is not imported again."""
    runs: list[Run] = []

    def timed(what: str, *args: str) -> None:
        wall, cpu, peak, child, private = run(env, *args)
        runs.append(Run(backend, size, what, wall, cpu, peak, child, private))
        forked = f" + child {child:.0f} MB ({private:.0f} MB its own)" if child else ""
        print(f"  {backend:8} {size:>9,} {what:22} {wall:7.2f} s wall {cpu:7.2f} s CPU {peak:7.0f} MB{forked} "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)

    if not built:
        run(env, "init")
        run(env, "inventory", "import", str(data / "refs.yaml"))
        # A million-row ledger is larger than one file may be by default (40 MB): allow it explicitly.
        limit = ("--max-file-mb", "2000")
        timed("import devices (CSV)", "inventory", "import", str(data / f"devices-{size}.csv"), *limit)
        timed("import systems (YAML)", "inventory", "import", str(data / f"systems-{size}.yaml"), *limit)
    if imports_only:
        return runs
    if not reports_only and not reports_first:
        timed("list devices --json", "inventory", "list", "devices", "--json")
        timed("audit --format json", "audit", "--format", "json")
    if env.get("GOVOPS_DB", "").startswith("postgresql"):
        print(f"  {backend:8} {size:>9,} statistics before the reports: {last_analyzed(env['GOVOPS_DB'])}")
    for kind in REPORTS:
        timed(f"report {kind}", "report", kind, "--format", "json")
    if not reports_only and reports_first:
        timed("list devices --json", "inventory", "list", "devices", "--json")
        timed("audit --format json", "audit", "--format", "json")
    timed("--help", "--help")
    return runs


def last_analyzed(url: str) -> str:
    """When PostgreSQL last analyzed the devices and history tables (by a command, or by autovacuum)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT relname, last_analyze, last_autoanalyze FROM pg_stat_user_tables "
                "WHERE relname IN ('devices', 'history') ORDER BY relname"
            )).all()  # fmt: skip
    finally:
        engine.dispose()
    return "; ".join(f"{name} analyzed {manual or 'never'}, by autovacuum {auto or 'never'}"
                     for name, manual, auto in rows)  # fmt: skip


def growth_table(runs: list[Run]) -> None:
    print("\ngrowth (each size against the smallest of its backend, same run):")
    print(f"  {'backend':8} {'what':22} {'size':>9} {'wall s':>8} {'x time':>7} {'peak MB':>8} {'x mem':>6}"
          f" {'child MB':>9} {'its own':>8}")
    smallest: dict[tuple[str, str], Run] = {}
    for r in sorted(runs, key=lambda r: (r.backend, r.what, r.size)):
        base = smallest.setdefault((r.backend, r.what), r)
        print(f"  {r.backend:8} {r.what:22} {r.size:>9,} {r.wall:8.2f} {r.wall / base.wall:7.2f} "
              f"{r.peak_mb:8.0f} {r.peak_mb / base.peak_mb:6.2f} {r.child_mb:9.0f} {r.child_private_mb:8.0f}")


def store_parser(description: str, default_backends: str) -> argparse.ArgumentParser:
    """The ``--backends`` and ``--sizes`` a store bench runs (also from BENCH_BACKENDS, BENCH_SIZES)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--backends", default=os.environ.get("BENCH_BACKENDS", default_backends))
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100000"))
    return parser


def backends_and_sizes(description: str, default_backends: str) -> tuple[list[str], list[int]]:
    return chosen(store_parser(description, default_backends).parse_args())


def chosen(args: argparse.Namespace) -> tuple[list[str], list[int]]:
    """The backends and sizes of parsed ``--backends`` and ``--sizes``."""
    return [b.strip() for b in args.backends.split(",") if b.strip()], sorted(int(s) for s in args.sizes.split(","))


def start_postgres(keep: Path | None) -> PostgresServer:
    """A throw-away cluster, or the one kept in ``keep/pg`` (created there the first time)."""
    from govops.lab.postgres import PostgresServer

    if keep is None:
        return PostgresServer(Path(tempfile.mkdtemp(prefix="govops-bench-pg-"))).start()
    return PostgresServer(keep / "pg", keep=True).start()


def postgres_store(server: PostgresServer, name: str, *, built: bool) -> str:
    """The URL of database ``name``: made afresh unless the store was ``built`` before."""
    if not built:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    return server.url(name)


# The PostgreSQL cluster of this run, started when a PostgreSQL store is first wanted.
SERVER: list[PostgresServer] = []


def measure_one(
    backend: str, size: int, data: Path, keep: Path | None, args: argparse.Namespace, tree: Path | None
) -> list[Run]:
    """Measure one store; ``tree`` (the anchor's checkout) runs instead of this one, its rows marked so."""
    name = f"{backend}-{size}" + ("-anchor" if tree else "")
    home = data / f"home-{name}"
    built = keep is not None and (home / "built").exists() and not args.imports
    if args.imports and home.exists():
        shutil.rmtree(home)
    env = os.environ | {"GOVOPS_HOME": str(home), "GOVOPS_DB": ""}
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    if backend == "postgres":
        if not SERVER:
            SERVER.append(start_postgres(keep))  # one cluster for the whole run, stopped by main
        env["GOVOPS_DB"] = postgres_store(SERVER[0], f"bench_{size}" + ("_anchor" if tree else ""), built=built)
    label = f"{backend}(anchor)" if tree else backend
    runs = measure(label, size, env, data, built=built, reports_only=args.reports, imports_only=args.imports,
                   reports_first=args.reports_first)
    if keep is not None:
        home.mkdir(parents=True, exist_ok=True)
        (home / "built").touch()
    return runs


def anchor_ratios(runs: list[Run]) -> None:
    """Each figure beside the anchor's (older code, same sitting): new / anchor."""
    anchors = {(r.backend.removesuffix("(anchor)"), r.size, r.what): r for r in runs if r.backend.endswith("(anchor)")}
    if not anchors:
        return
    print("\nagainst the anchor (same sitting; new / anchor):")
    for r in runs:
        a = anchors.get((r.backend, r.size, r.what))
        if a is not None:
            print(f"  {r.backend:8} {r.size:>9,} {r.what:22} wall {r.wall:6.2f} / {a.wall:6.2f} = "
                  f"{r.wall / a.wall:4.2f}  CPU {r.cpu:6.2f} / {a.cpu:6.2f} = {r.cpu / a.cpu:4.2f}  "
                  f"peak {r.peak_mb:4.0f} / {a.peak_mb:4.0f} MB  child {r.child_mb:4.0f} / {a.child_mb:4.0f} MB")


def main() -> None:
    parser = store_parser(__doc__.splitlines()[0], "sqlite,postgres")
    parser.add_argument("--store-dir", type=Path, help="keep the stores here and reuse those already built")
    parser.add_argument("--reports", action="store_true", help="time only the reports and --help")
    parser.add_argument("--imports", action="store_true", help="time only the imports (into fresh stores)")
    parser.add_argument("--reports-first", action="store_true",
                        help="run the reports right after the imports, before list and audit")
    parser.add_argument("--anchor", type=Path, help="a checkout of older govops: its imports are timed beside these")
    args = parser.parse_args()
    backends, sizes = chosen(args)
    runs: list[Run] = []
    # An installed govops has its byte code (pip compiles it); an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module on every command: compile once here.
    import govops

    compileall.compile_dir(Path(govops.__file__).parent, quiet=1)
    if args.anchor:
        compileall.compile_dir(args.anchor / "govops", quiet=1)
    keep: Path | None = args.store_dir
    with tempfile.TemporaryDirectory(prefix="govops-bench-store-") as tmp:
        data = Path(tmp) if keep is None else keep
        data.mkdir(parents=True, exist_ok=True)
        write_refs(data / "refs.yaml")
        for size in sizes:
            if not (data / f"devices-{size}.csv").exists():
                write_devices(data / f"devices-{size}.csv", size)
                write_systems(data / f"systems-{size}.yaml", max(size // 10, 1))
        print(f"sizes {sizes}; backends {backends}; load average {os.getloadavg()[0]:.2f} (2 cores, shared)")
        try:
            for backend in backends:
                for size in sizes:
                    for tree in ([args.anchor] if args.anchor else []) + [None]:
                        runs += measure_one(backend, size, data, keep, args, tree)
        finally:
            for server in SERVER:
                server.stop()
    growth_table(runs)
    anchor_ratios(runs)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    runs = [r for r in runs if not r.backend.endswith("(anchor)")]
    for r in runs:
        if r.what.startswith(("import devices", "list devices", "audit", "report xinchuang", "--help")):
            key = r.what.split(" (")[0].replace(" --json", "").replace(" --format json", "").replace(" ", "_")
            print(f"RESULT {r.backend}_{r.size}_{key.strip('-')}_seconds {r.wall:.2f}")
            print(f"RESULT {r.backend}_{r.size}_{key.strip('-')}_peak_mb {r.peak_mb:.0f}")
            if r.child_mb:
                print(f"RESULT {r.backend}_{r.size}_{key.strip('-')}_child_peak_mb {r.child_mb:.0f}")
    reports = [r for r in runs if r.what.startswith("report")]
    if reports:
        worst = max(reports, key=lambda r: r.wall)
        print(f"RESULT slowest_report_seconds {worst.wall:.2f}")


if __name__ == "__main__":
    main()
