"""A merge's conflict markers never reach the tree, even inside a string or a document where nothing else fails."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Git writes its markers at the start of a line, followed by a space and the side's name.
MARKER = re.compile(rb"^(<<<<<<<|>>>>>>>) ", re.MULTILINE)
# Text the project writes itself; recordings and generated tables are data whose bytes are not ours to judge.
NEWLINE = b"\n"
SUFFIXES = {".py", ".yaml", ".yml", ".md", ".toml", ".cfg", ".ini", ".j2", ".html", ".sh", ".txt", ".json"}
SKIP = {".git", ".venv", "build", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def project_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for path in root.rglob("*"):
        if any(part in SKIP for part in path.relative_to(root).parts):
            continue
        if path.is_file() and (path.suffix in SUFFIXES or path.name == "Makefile"):
            found.append(path)
    return found


def markers_in(paths: list[Path]) -> list[str]:
    found: list[str] = []
    for path in paths:
        text = path.read_bytes()
        lines = [text.count(NEWLINE, 0, match.start()) + 1 for match in MARKER.finditer(text)]
        found += [f"{path}:{line}" for line in lines]
    return found


def test_no_conflict_markers() -> None:
    files = project_files(ROOT)
    assert len(files) > 100, "the walk found the project's files"
    assert markers_in(files) == []


def test_a_marker_is_found(tmp_path: Path) -> None:
    doc = tmp_path / "a.py"
    doc.write_bytes(b'"""text\n<<<<<<< HEAD\none\n=======\ntwo\n>>>>>>> branch\n"""\n')
    assert markers_in([doc]) == [f"{doc}:2", f"{doc}:6"]
