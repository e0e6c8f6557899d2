"""Atomic writes leave either the whole new file or the old one, with umask permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from govops.util.files import write_atomically


def test_writes_with_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "r.html", "报告")
    finally:
        os.umask(old)
    target = tmp_path / "r.html"
    assert target.read_text(encoding="utf-8") == "报告"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_failure_keeps_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomically(target, "\udc80")  # a lone surrogate cannot be encoded
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]
