"""The host agent runs on Python 3.6 (CentOS 7) to 3.13: vermin checks every module it ships, as shipped."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

from govops.agent.hostzip import HOST_AGENT_MODULES
from govops.agent.py36 import strip_annotations

REPO = Path(__file__).resolve().parents[3]
VERMIN = Path(sys.executable).parent / "vermin"


def _path(module: str) -> Path:
    base = REPO / module.replace(".", "/")
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _files() -> list[Path]:
    return [_path(m) for m in HOST_AGENT_MODULES]


def test_host_agent_modules_need_at_most_python_36_once_prepared(tmp_path: Path) -> None:
    """vermin on the text the zipapp ships (annotations stripped by govops.agent.py36), targeting 3.6."""
    files = _files()
    assert all(f.exists() for f in files), [str(f) for f in files if not f.exists()]
    shipped = []
    for f in [*files, REPO / "govops" / "agent" / "py36_dataclasses.py"]:
        out = tmp_path / f.relative_to(REPO)
        out.parent.mkdir(parents=True, exist_ok=True)
        text = strip_annotations(f.read_text(encoding="utf-8"), str(f))
        assert text.count("\n") == f.read_text(encoding="utf-8").count("\n")  # tracebacks name source lines
        out.write_text(text, encoding="utf-8")
        shipped.append(out)
    # dataclasses: 3.7+ in the standard library, the zipapp carries its own for 3.6 (py36/dataclasses.py).
    res = subprocess.run(
        [str(VERMIN), "-t=3.6-", "--no-tips", "--violations", "--no-make-paths-absolute",
         "--exclude", "dataclasses", "--exclude", "dataclasses.dataclass", "--exclude", "dataclasses.field",
         *map(str, shipped)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_strip_annotations_keeps_lines_and_dataclass_fields() -> None:
    src = (
        "from __future__ import annotations\n"
        "from dataclasses import dataclass\n"
        "@dataclass(frozen=True)\n"
        "class A:\n"
        "    x: int | None = None\n"
        "    y: list[str] = ()  # 中文\n"
        "def f(a: dict[str,\n"
        "      int], *b: str, c: 'q' = 1, **d: int) -> tuple[\n"
        "        int, str]:\n"
        "    z: int = 2\n"
        "    return (a, b, c, d, z, '->')\n"
    )
    out = strip_annotations(src, "t.py")
    assert out.count("\n") == src.count("\n") and "annotations" not in out and "->" in out
    ns: dict[str, Any] = {}
    exec(compile(out, "t.py", "exec"), ns)
    assert ns["A"]().x is None and list(ns["A"].__dataclass_fields__) == ["x", "y"]
    assert ns["f"]({}, c=3)[2] == 3


def test_host_agent_modules_import_nothing_outside_the_zipapp() -> None:
    """Only the standard library and the shipped modules (no PyYAML: govops.util.miniyaml reads YAML there)."""
    # yamlio tries PyYAML's loader first (try/except ImportError): absent from the zipapp on purpose.
    shipped = {*HOST_AGENT_MODULES, "govops.util.yamlpy"}
    allowed_third_party = {"bcrypt", "psutil"}  # optional, imported inside try
    for f in _files():
        tree = ast.parse(f.read_text())
        # Imports for the type checker only never run.
        typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                       for stmt in block.body for n in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
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
