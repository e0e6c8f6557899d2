"""Issue 16: every metric family the agents declare passes `promtool check metrics` (names, units, types).

Found by reading the source: each literal ``Family("name", "help", "type", ...)``; one sample each is
rendered through the one exposition path and checked by the real promtool.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from govops.util.exposition import Family, render

ROOT = Path(__file__).resolve().parents[3] / "govops"
DECLARED = re.compile(r'Family\(\s*"([a-z_:][a-z0-9_:]*)",\s*"((?:[^"\\]|\\.)*)",\s*"(counter|gauge|untyped)"', re.S)


def test_every_declared_family_passes_promtool() -> None:
    families: dict[str, Family] = {}
    for path in sorted(ROOT.rglob("*.py")):
        for name, help_text, kind in DECLARED.findall(path.read_text(encoding="utf-8")):
            fam = Family(name, help_text or "x", kind)
            fam.add((), 1.0)
            families.setdefault(name, fam)
    assert "govops_energy_meter_resets_total" in families and len(families) > 20
    text = render(list(families.values()))
    res = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
