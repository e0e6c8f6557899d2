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


def test_data_reaches_disk_before_the_rename_and_the_rename_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut between the rename and the kernel's writeback must not leave an empty file: the temporary
    file is fsynced before os.replace, and the directory after it."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str, dst: object) -> None:
        events.append("replace")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomically(tmp_path / "audit.prom", "govops_audit_failed 0\n")
    assert events == ["fsync file", "replace", "fsync dir"]
    assert (tmp_path / "audit.prom").read_text(encoding="utf-8") == "govops_audit_failed 0\n"
