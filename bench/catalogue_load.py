"""Bench: loading the vendor catalogue, the IANA registry and the SNMP rows in a fresh interpreter.

What a command pays before it can name its first device: importing govops's catalogue
modules, then ``load_vendors()``, ``enterprise_name()`` and ``load_platforms()``, from
the compiled forms (``govops.util.compiled``) that the first interpreter of the run built.
The compiled forms live in a directory of this run's own (``GOVOPS_CACHE``), so other
checkouts or test runs on the machine cannot evict them between two measurements.

Each fresh interpreter reports the CPU seconds (user + system, ``time.process_time``) from
before its first govops import to after the last load: that is the figure, compared with the
budget (100 ms). Interpreter start-up is outside it; it is shown beside it for reference, as
the whole-process CPU (the child's own rusage) of a bare ``python -c pass`` and of the probe,
measured alternately in the same run so a busy spell of the machine lands on both.
Figures are the median [least-most] over ``--runs`` interpreters. Last line:
``RESULT catalogue_load_cpu_ms <median>``.

Run: ``make bench-catalogue`` (or ``python bench/catalogue_load.py [--runs N]``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET_MS = 100.0
RUNS = 15

PROBE = (
    "import time; c = time.process_time();"
    "from govops.catalog.vendors import load_vendors; from govops.catalog.enterprises import enterprise_name;"
    "from govops.platforms.snmp import load_platforms;"
    "load_vendors(); enterprise_name(2011); load_platforms(); c = time.process_time() - c;"
    "import govops; print(c, govops.__file__)"
)


@dataclass
class LoadFigures:
    """CPU seconds per fresh interpreter of one checkout: the load itself and the probe's whole process."""

    checkout: str
    load: list[float] = field(default_factory=list)
    probe_process: list[float] = field(default_factory=list)


def _run(argv: list[str], env: dict[str, str], cwd: str) -> tuple[str, float]:
    """Run ``argv`` to the end; its stdout and its own CPU seconds (wait4's rusage of this child alone).

    ``cwd`` is a directory without a ``govops`` in it: ``python -c`` puts its working directory first on
    ``sys.path``, ahead of ``PYTHONPATH``, so run from a checkout it would load that checkout's code.
    """
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    assert p.stdout is not None and p.stderr is not None
    out, err = p.stdout.read(), p.stderr.read()
    p.stdout.close()
    p.stderr.close()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} failed:\n{err.decode(errors='replace')[-2000:]}")
    return out.decode(), usage.ru_utime + usage.ru_stime


def measure(
    runs: int = RUNS, checkouts: tuple[str, ...] = (str(REPO),), python: str = sys.executable
) -> tuple[list[LoadFigures], list[float]]:
    """``runs`` rounds, each a fresh probe interpreter per checkout and a bare one, after a round that builds
    the compiled forms and the bytecode. Returns each checkout's figures and the bare interpreters' CPU s.

    Every interpreter gets this run's own compiled-form directory and bytecode directory
    (``PYTHONPYCACHEPREFIX``): the modules load from bytecode, as an installed govops does, even where the
    shell sets ``PYTHONDONTWRITEBYTECODE``, and nothing is written into the checkouts.
    """
    with tempfile.TemporaryDirectory(prefix="govops-bench-catalogue-") as work:
        base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        base["PYTHONPYCACHEPREFIX"] = str(Path(work) / "bytecode")
        envs = [
            {**base, "PYTHONPATH": checkout, "GOVOPS_CACHE": str(Path(work) / f"compiled-{i}")}
            for i, checkout in enumerate(checkouts)
        ]
        for env in envs:
            _run([python, "-c", PROBE], env, work)  # builds the compiled forms and the bytecode
        _run([python, "-c", "pass"], base, work)
        figures = [LoadFigures(checkout) for checkout in checkouts]
        bare: list[float] = []
        for _ in range(runs):
            for env, fig in zip(envs, figures, strict=True):
                out, cpu = _run([python, "-c", PROBE], env, work)
                seconds, loaded_from = out.split()
                if not loaded_from.startswith(fig.checkout):
                    raise SystemExit(f"{fig.checkout}: the probe loaded {loaded_from} instead")
                fig.load.append(float(seconds))
                fig.probe_process.append(cpu)
            bare.append(_run([python, "-c", "pass"], base, work)[1])
        return figures, bare


def spread_ms(values: list[float]) -> str:
    """Median [least-most] in milliseconds."""
    return f"{statistics.median(values) * 1e3:.0f} [{min(values) * 1e3:.0f}-{max(values) * 1e3:.0f}] ms"


def report(figures: list[LoadFigures], bare: list[float]) -> list[str]:
    """The lines every bench that shows the load prints (one definition of the figure)."""
    first = figures[0]
    lines = [
        f"catalogue + IANA registry + SNMP rows load, govops imports included, {len(first.load)} fresh "
        f"interpreters: {spread_ms(first.load)} CPU (budget {BUDGET_MS:.0f} ms)",
        f"  for reference, whole-process CPU: bare `python -c pass` {spread_ms(bare)}, the probe "
        f"{spread_ms(first.probe_process)}; 1-minute load average {os.getloadavg()[0]:.1f}",
    ]
    for other in figures[1:]:
        ratios = [a / b for a, b in zip(first.load, other.load, strict=True)]
        lines.append(
            f"  {other.checkout} in the same rounds: {spread_ms(other.load)} CPU (probe "
            f"{spread_ms(other.probe_process)}); this checkout / that one, round by round: "
            f"{statistics.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}]"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=RUNS, help="rounds of fresh interpreters")
    ap.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    ap.add_argument("--baseline", action="append", default=[], metavar="CHECKOUT",
                    help="another checkout to measure in the same rounds (e.g. a worktree of main)")
    args = ap.parse_args()
    figures, bare = measure(max(1, args.runs), (str(REPO), *args.baseline), args.python)
    for line in report(figures, bare):
        print(line)
    print(f"RESULT catalogue_load_cpu_ms {statistics.median(figures[0].load) * 1e3:.1f}")


if __name__ == "__main__":
    main()
