"""The real Pythons 3.6-3.13 that host-side code (agents' zipapp, Ansible modules) is proven under.

CentOS 7 ships 3.6, Kylin V10 / UOS 20 / openEuler 20.03 ship 3.7, others 3.8+. The interpreters
are pyenv's (``~/.pyenv/versions/3.X.*``) or ``GOVOPS_PYTHONS`` (a list of paths). A test that
finds one missing calls ``tests.conftest.missing_part``: a skip naming it outside CI, a failure in CI.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

MINORS = (6, 7, 8, 9, 10, 11, 12, 13)


def interpreter(minor: int) -> Path | None:
    """The real Python 3.<minor>, or None."""
    listed = [Path(p) for p in os.environ.get("GOVOPS_PYTHONS", "").split(os.pathsep) if p]
    listed += sorted(Path.home().glob(f".pyenv/versions/3.{minor}.*/bin/python3"))
    for path in listed:
        if not path.exists():
            continue
        res = subprocess.run([str(path), "-c", "import sys; print(sys.version_info[1])"], capture_output=True,
                             text=True, check=False, timeout=30)
        if res.returncode == 0 and res.stdout.strip() == str(minor):
            return path
    return None
