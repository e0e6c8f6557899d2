"""The host agent runs on Python 3.7 (Kylin V10, openEuler 20.03): vermin checks every module it ships."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from govops.agent.hostzip import HOST_AGENT_MODULES

REPO = Path(__file__).resolve().parents[3]
VERMIN = Path(sys.executable).parent / "vermin"


def _path(module: str) -> Path:
    base = REPO / module.replace(".", "/")
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _files() -> list[Path]:
    return [_path(m) for m in HOST_AGENT_MODULES]


def test_host_agent_modules_need_at_most_python_37() -> None:
    files = _files()
    assert all(f.exists() for f in files), [str(f) for f in files if not f.exists()]
    res = subprocess.run(
        [str(VERMIN), "-t=3.7-", "--no-tips", "--violations", "--no-make-paths-absolute", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_host_agent_modules_import_nothing_outside_the_zipapp() -> None:
    """Only the standard library, PyYAML (vendored into the zipapp) and the shipped modules."""
    shipped = set(HOST_AGENT_MODULES)
    allowed_third_party = {"yaml", "bcrypt", "psutil"}  # bcrypt/psutil: optional, imported inside try
    for f in _files():
        tree = ast.parse(f.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top == "govops":
                    assert name in shipped or any(m.startswith(name + ".") for m in shipped), f"{f}: {name}"
                else:
                    assert top in sys.stdlib_module_names or top in allowed_third_party, f"{f}: imports {name}"


def test_no_runtime_generics_or_unions_outside_annotations() -> None:
    """vermin misses ``class X(dict[str, int])`` and ``isinstance(x, int | str)``: check those ourselves."""
    for f in _files():
        tree = ast.parse(f.read_text())
        annotations: set[int] = set()
        for node in ast.walk(tree):
            for ann in (getattr(node, "annotation", None), getattr(node, "returns", None)):
                if ann is not None:
                    annotations.update(id(n) for n in ast.walk(ann))
        for node in ast.walk(tree):
            if id(node) in annotations:
                continue
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
                parts = (node.left, node.right)
                assert not any(
                    isinstance(p, ast.Name) and p.id in {"int", "str", "float", "bool", "None", "bytes"} for p in parts
                ), f"{f}:{node.lineno}: X | Y at runtime"
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
                assert node.value.id not in {"dict", "list", "tuple", "set", "frozenset", "type"}, (
                    f"{f}:{node.lineno}: builtin generic at runtime"
                )
