"""Benchmark: `inventory check` and `inventory import` of a 10,000-row office 台账 (target: 5 s each).

The workbook is the whole office ledger of the tests (titles, two-row merged
headers, 序号, section, blank, 合计 and 注 rows, Chinese words, units, dates as
people write them) with generated device rows added up to ``BENCH_ROWS``.
Anchor, in the same run: reading every cell of the same workbook with openpyxl in
read-only mode, the floor any xlsx importer pays; the ratios say what layout
finding, value parsing, validation and the store add on top of it.
Runs the real CLI as a subprocess against a fresh SQLite store (start-up included).
Wall and CPU seconds are printed; on a shared machine CPU is the steady figure.
Prints ``RESULT ledger_10k_import_cpu_seconds <import CPU seconds>`` last.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.store.office_ledger import build  # the tests' ledger, grown

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
GOVOPS = str(Path(sys.executable).parent / "govops")
BUDGET_S = 5.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    cpu0, t0 = children_cpu(), time.perf_counter()
    res = subprocess.run([GOVOPS, *args], env=env, capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    if res.returncode != 0:
        sys.exit(f"govops {' '.join(args)} failed ({res.returncode}):\n{res.stderr[-3000:]}")
    return wall, cpu


ANCHOR = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
print(sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for _ in row))
"""


def read_every_cell(path: Path) -> tuple[float, float, int]:
    """The anchor, as a process of its own like the CLI (interpreter and openpyxl start-up included)."""
    cpu0, t0 = children_cpu(), time.perf_counter()
    res = subprocess.run([sys.executable, "-c", ANCHOR, str(path)], capture_output=True, text=True, check=True)
    return time.perf_counter() - t0, children_cpu() - cpu0, int(res.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="govops-bench-ledger-") as tmp:
        path = build(Path(tmp) / "ledger.xlsx", extra_devices=ROWS - 8)
        env = {**os.environ, "GOVOPS_HOME": str(Path(tmp) / "home")}
        run(["init"], env)
        anchor_wall, anchor_cpu, cells = read_every_cell(path)
        print(f"ledger: {ROWS} device rows, {cells} cells, {path.stat().st_size / 1e6:.1f} MB; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall is CPU when the machine is idle)")
        print(f"anchor: openpyxl read-only, every cell      {anchor_wall:6.2f} s wall {anchor_cpu:6.2f} s CPU")
        check_wall, check_cpu = run(["inventory", "check", str(path)], env)
        print(f"govops inventory check                      {check_wall:6.2f} s wall {check_cpu:6.2f} s CPU "
              f"({check_cpu / anchor_cpu:.1f}x anchor CPU)")
        import_wall, import_cpu = run(["inventory", "import", str(path)], env)
        print(f"govops inventory import                     {import_wall:6.2f} s wall {import_cpu:6.2f} s CPU "
              f"({import_cpu / anchor_cpu:.1f}x anchor CPU)")
        again_wall, again_cpu = run(["inventory", "import", str(path)], env)
        print(f"govops inventory import again (no change)   {again_wall:6.2f} s wall {again_cpu:6.2f} s CPU")
        # CPU is the figure on a shared machine: wall time there measures the neighbours.
        worst = max(check_cpu, import_cpu)
        print(f"budget {BUDGET_S:g} s: {'met' if worst <= BUDGET_S else 'MISSED'} (worst {worst:.2f} s CPU)")
        print(f"RESULT ledger_10k_import_cpu_seconds {import_cpu:.2f}")


if __name__ == "__main__":
    main()
