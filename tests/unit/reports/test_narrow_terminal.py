"""The widest report and inventory tables, read on an 80-column terminal (an SSH session): nothing wider than the
terminal, and the columns left out are named (``govops.cli.fit``)."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from govops.cli.output import console
from tests.conftest import Cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# A terminal (rich's TTY_COMPATIBLE) without colours; the CLI's console is 80 columns wide.
NARROW = {"COLUMNS": "80", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}


@pytest.mark.parametrize("args", [("report", "rooms"), ("report", "kpi"), ("inventory", "list", "devices")])
def test_wide_commands_fit_80_columns(city: Cli, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 80)
    res = city(*args, env=NARROW)
    assert res.exit_code == 0, res.stderr
    shown = ANSI.sub("", res.stdout)
    assert max(cell_len(line) for line in shown.splitlines()) <= 80
    assert "hidden to fit 80 columns" in shown or "80 列宽隐藏了" in shown


def test_pipe_output_is_not_fitted(city: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 80)
    res = city("report", "rooms", env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.stderr  # an empty stdout would pass the check below
    assert res.stdout.strip()
    # Neither language's footer (the default language may be set to en in config.toml).
    assert "80 列宽隐藏了" not in res.stdout and "hidden to fit" not in res.stdout
    assert "hidden to fit" not in city("report", "rooms", "--lang", "en", env={"COLUMNS": "80"}).stdout


def test_kpi_keeps_value_and_target_and_json_has_no_layout_hint(city: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 80)
    shown = ANSI.sub("", city("report", "kpi", "--lang", "en", env=NARROW).stdout)
    header = next(line for line in shown.splitlines() if "Key" in line and "Value" in line)
    assert "Target" in header
    assert "Undetermined" in shown.split("hidden to fit 80 columns", 1)[1]
    doc = city("report", "kpi", "--format", "json").json()
    assert all("narrow" not in c for s in doc["sections"] for t in s["tables"] for c in t["columns"])
