"""Benchmark: import 100,000 devices, then list them as JSON (targets: 10 s and 2 s).

Runs the real CLI as a subprocess against a fresh SQLite store, once with a CSV
file (the shape of a 台账 exported from Excel or a CMDB) and once with a YAML file
of the same 100,000 devices, with references to rooms and departments so lookups
are exercised; then re-imports the CSV (a no-op run) and lists every device as
JSON. Wall and CPU seconds are printed: the machine is shared, so CPU is the
steadier figure. No anchor exists for this budget.
Prints ``RESULT import_100k_seconds <CSV import wall seconds>`` last.
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N = int(os.environ.get("BENCH_DEVICES", "100000"))
GOVOPS = str(Path(sys.executable).parent / "govops")
KINDS = ["server", "switch", "router", "firewall", "pdu", "ups"]
VENDORS = ["Huawei", "H3C", "Inspur", "Dell", "ZTE", "Ruijie"]


def devices(n: int) -> list[dict[str, object]]:
    return [
        {
            "name": f"dev-{i:06d}",
            "kind": KINDS[i % len(KINDS)],
            "room": f"R{i % 50:02d}",
            "department": f"D{i % 90:03d}",
            "vendor": VENDORS[i % len(VENDORS)],
            "model": f"M-{i % 37}",
            "serial": f"SN{i:08d}",
            "mgmt_ip": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
            "status": "in_service",
            "purchased": f"20{10 + i % 14}-0{1 + i % 9}-1{i % 10}",
            "ipv6": i % 3 == 0,
        }
        for i in range(n)
    ]


def write_refs(path: Path) -> None:
    lines = ["departments:"]
    lines += [f"  - {{code: D{i:03d}, name: 部门{i}, level: city}}" for i in range(90)]
    lines += ["rooms:"]
    lines += [f"  - {{code: R{i:02d}, name: 机房{i}, department: D{i:03d}}}" for i in range(50)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_yaml(path: Path, rows: list[dict[str, object]]) -> None:
    def flow(row: dict[str, object]) -> str:
        parts = []
        for k, v in row.items():
            parts.append(f"{k}: {'true' if v is True else 'false' if v is False else v}")
        return "  - {" + ", ".join(parts) + "}"

    path.write_text("devices:\n" + "\n".join(flow(r) for r in rows) + "\n", encoding="utf-8")


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run(env: dict[str, str], *args: str) -> tuple[float, float]:
    """Run govops; return (wall seconds, CPU seconds of the child): on a shared machine CPU is the steadier figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([GOVOPS, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    rows = devices(N)
    with tempfile.TemporaryDirectory(prefix="govops-bench-") as tmp:
        base = Path(tmp)
        write_refs(base / "refs.yaml")
        write_yaml(base / "devices.yaml", rows)
        write_csv(base / "devices.csv", rows)
        print(f"devices: {N}; YAML {os.path.getsize(base / 'devices.yaml') / 1e6:.1f} MB, "
              f"CSV {os.path.getsize(base / 'devices.csv') / 1e6:.1f} MB; load average {os.getloadavg()[0]:.2f}")
        results = {}
        for fmt in ("csv", "yaml"):
            env = os.environ | {"GOVOPS_HOME": str(base / f"home-{fmt}"), "GOVOPS_DB": ""}
            run(env, "init")
            run(env, "inventory", "import", str(base / "refs.yaml"))
            results[fmt] = run(env, "inventory", "import", str(base / f"devices.{fmt}"))
            wall, cpu = results[fmt]
            print(f"import {N} devices from {fmt.upper()}: {wall:.2f} s wall, {cpu:.2f} s CPU (target <= 10 s)")
        env = os.environ | {"GOVOPS_HOME": str(base / "home-csv"), "GOVOPS_DB": ""}
        wall, cpu = run(env, "inventory", "import", str(base / "devices.csv"))
        print(f"re-import of the same CSV (nothing changes): {wall:.2f} s wall, {cpu:.2f} s CPU")
        listed, listed_cpu = run(env, "inventory", "list", "devices", "--json")
        print(f"list devices --json over {N}: {listed:.2f} s wall, {listed_cpu:.2f} s CPU (target <= 2 s)")
        print(f"load average after: {os.getloadavg()[0]:.2f} (2 cores shared with other work)")
        print("anchor: none exists for this budget (no comparable open-source importer); figures are absolute")
        print(f"RESULT import_100k_yaml_seconds {results['yaml'][0]:.2f}")
        print(f"RESULT list_100k_json_seconds {listed:.2f}")
        print(f"RESULT import_100k_seconds {results['csv'][0]:.2f}")

if __name__ == "__main__":
    main()
