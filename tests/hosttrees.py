"""Host file trees for the 等保 checks: each distribution's documented defaults (``base``) and
overlays on them (``hardened``, ``weak``), written for these tests under ``tests/data/hostaudit``."""

from __future__ import annotations

import shutil
from pathlib import Path

TREES = Path(__file__).parent / "data" / "hostaudit"
DISTROS = ("anolis8", "centos7", "kylinv10", "openeuler2003", "openeuler2203", "uos20")
VARIANTS = ("base", "hardened", "weak")


def build_tree(distro: str, variant: str, dest: Path) -> Path:
    """Lay out ``distro``'s base tree with ``variant`` on top (symlinks kept) at ``dest``."""
    shutil.copytree(TREES / distro / "base", dest, symlinks=True)
    if variant != "base":
        shutil.copytree(TREES / distro / variant, dest, symlinks=True, dirs_exist_ok=True)
    return dest
