"""Typer's coercion is built only for values that need it (``govops.cli.coercion``), with Typer's own results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from govops.cli.coercion import DeferredRuntimeParam, plain_text
from govops.cli.main import app, load_group
from tests.conftest import Cli


def _coerced(runtime: Any, param: Any, ctx: Context, value: str) -> tuple[str, Any]:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "error", exc.message


VALUES = ("json", "", "部门-01", "--x", " a b ", "12", "1.5", "true", "/tmp/x")


@pytest.mark.parametrize("group", ["report", "inventory", "track"])
def test_every_value_is_what_typer_gives(group: str) -> None:
    ctx = Context(typer.main.get_command(app))
    cmd = load_group(group)
    params = [p for sub in cmd.commands.values() for p in sub.params if hasattr(p, "type_descriptor")]
    deferred = [p for p in params if isinstance(p._runtime_param, DeferredRuntimeParam)]
    assert deferred and any(plain_text(p.type_descriptor) for p in deferred)
    for param in deferred:
        typers_param = build_runtime_param(param.type_descriptor)
        for value in VALUES:
            ours = _coerced(param._runtime_param, param, ctx, value)
            typers = _coerced(typers_param, param, ctx, value)
            assert ours == typers and type(ours[1]) is type(typers[1]), (param.name, value)


def test_other_values_go_through_typer(store_cli: Cli, tmp_path: Path) -> None:
    bad = store_cli("inventory", "import", "--max-file-mb", "abc", str(tmp_path / "x.csv"))
    assert bad.exit_code == 2 and "Input should be a valid number" in bad.stderr
    out = tmp_path / "summary.json"
    res = store_cli("report", "summary", "--format", "json", "--out", str(out))
    assert res.exit_code == 0 and out.exists(), res.stderr
