"""The 等保 host module ships govops' own checker (not a port) and stays Python 3.6-safe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
MODULE = REPO / "playbooks/library/govops_hostaudit.py"
SHIPPED = REPO / "playbooks/module_utils/govops_hostcheck.py"


def test_module_utils_is_the_checker_itself() -> None:
    assert SHIPPED.is_symlink()
    assert SHIPPED.resolve() == (REPO / "govops/catalog/hostcheck.py").resolve()
    assert "from ansible.module_utils.govops_hostcheck import check_tree" in MODULE.read_text()


def test_vermin_says_python_36() -> None:
    vermin = Path(sys.executable).parent / "vermin"
    out = subprocess.run([str(vermin), "-t=3.6-", "--no-tips", "--violations", str(MODULE)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
