"""Benchmark: import N systems from one YAML file, beside the same rows as CSV (the anchor), same run.

The YAML import streams: each row is parsed, checked and written a batch at a time, so its peak
memory should stay flat in N, like the CSV import's. For each size it makes two fresh stores
(PostgreSQL on loopback by default, ``govops.lab.postgres``; or SQLite), imports the shared
departments and rooms, then the N systems: once from CSV, once from YAML (flow-style rows, the
shape ``bench/store_growth.py`` writes), each as a user runs it (the real ``govops`` executable),
and prints wall time, CPU time and peak RSS with the YAML/CSV ratios. Target (issue 18): YAML
import peak <= 200 MB at 1,000,000 systems.

    python bench/yaml_import.py --sizes 100000,1000000 --backends postgres

Last line: ``RESULT yaml_import_<largest size>_peak_mb <MB>``.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.store_growth import BACKUPS, DEPARTMENTS, MIGRATION, backends_and_sizes, run, write_refs, write_systems

# A million rows is larger than one file may be by default (40 MB): allow it explicitly.
LIMIT = ("--max-file-mb", "2000")


def write_systems_csv(path: Path, n: int) -> None:
    """The rows ``write_systems`` writes, as a CSV ledger (nested fields as dotted headers)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["name", "department", "backup", "dengbao.level", "dengbao.assessed", "dengbao.passed",
                      "migration.status", "migration.planned"])  # fmt: skip
        for i in range(n):
            out.writerow([f"SYS-{i:06d}", f"D{i % DEPARTMENTS:03d}", BACKUPS[i % 4], 2 + i % 2,
                          f"2024-0{1 + i % 9}-01", "true", MIGRATION[i % 4], "2025-06-30"])  # fmt: skip


def fresh_store(backend: str, home: Path, server: object, data: Path) -> dict[str, str]:
    env = os.environ | {"GOVOPS_HOME": str(home), "GOVOPS_DB": ""}
    if backend == "postgres":
        env["GOVOPS_DB"] = server.create_database(prefix="bench")  # type: ignore[attr-defined]
    run(env, "init")
    run(env, "inventory", "import", str(data / "refs.yaml"))
    return env


def main() -> None:
    backends, sizes = backends_and_sizes(__doc__.splitlines()[0], "postgres")
    results: list[tuple[str, int, str, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="govops-bench-yaml-") as tmp:
        data = Path(tmp)
        write_refs(data / "refs.yaml")
        for size in sizes:
            write_systems(data / f"systems-{size}.yaml", size)
            write_systems_csv(data / f"systems-{size}.csv", size)
        print(f"sizes {sizes}; backends {backends}; load average {os.getloadavg()[0]:.2f} (2 cores, shared)")
        server = None
        try:
            for backend in backends:
                if backend == "postgres" and server is None:
                    from govops.lab.postgres import PostgresServer

                    server = PostgresServer(Path(tempfile.mkdtemp(prefix="govops-bench-pg-"))).start()
                for size in sizes:
                    for fmt in ("csv", "yaml"):
                        env = fresh_store(backend, data / f"home-{backend}-{size}-{fmt}", server, data)
                        wall, cpu, own, child, _child_private = run(
                            env, "inventory", "import", str(data / f"systems-{size}.{fmt}"), *LIMIT)
                        peak = max(own, child)  # the larger of the process's and its forked child's peaks
                        results.append((backend, size, fmt, wall, cpu, peak))
                        print(f"  {backend:8} {size:>9,} systems {fmt:4} {wall:7.2f} s wall {cpu:7.2f} s CPU "
                              f"{peak:7.0f} MB", flush=True)  # fmt: skip
        finally:
            if server is not None:
                server.stop()
    print("\nYAML against CSV (the anchor, same rows, same run):")
    print(f"  {'backend':8} {'systems':>9} {'yaml s':>8} {'csv s':>7} {'x time':>7} {'yaml MB':>8} {'csv MB':>7} "
          f"{'x mem':>6}")  # fmt: skip
    by = {(b, s, f): (w, p) for b, s, f, w, _, p in results}
    for backend in backends:
        for size in sizes:
            (yw, yp), (cw, cp) = by[backend, size, "yaml"], by[backend, size, "csv"]
            print(f"  {backend:8} {size:>9,} {yw:8.2f} {cw:7.2f} {yw / cw:7.2f} {yp:8.0f} {cp:7.0f} {yp / cp:6.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    for backend, size, fmt, wall, _, peak in results:
        print(f"RESULT {backend}_{size}_{fmt}_import_seconds {wall:.2f}")
        print(f"RESULT {backend}_{size}_{fmt}_import_peak_mb {peak:.0f}")
    largest = max((r for r in results if r[2] == "yaml"), key=lambda r: r[1])
    print(f"RESULT yaml_import_{largest[1]}_peak_mb {largest[5]:.0f}")


if __name__ == "__main__":
    main()
