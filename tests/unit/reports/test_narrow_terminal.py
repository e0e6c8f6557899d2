"""Report and inventory tables where they are read: on an 80- or 120-column terminal (an SSH session) nothing wider
than the terminal, no key broken, names readable and the columns left out named; piped (cron, `less -S`), every
column and no row folded (``govops.cli.fit``)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from govops.cli.fit import READABLE
from govops.cli.output import console
from govops.reports.trends import record_figures
from govops.store.db import make_engine, session_scope
from tests.conftest import Cli

ROOT = Path(__file__).resolve().parents[3]

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


REPORTS = ["kpi", "summary", "migration", "xinchuang", "rooms", "links", "compliance", "dengbao", "changes", "trend"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 120])
def test_every_report_fits_terminals_without_breaking_a_kpi_key(
    city: Cli, lang: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "width", width)
    keys = [row["key"] for row in city("report", "kpi", "--json").json()["sections"][0]["tables"][0]["rows"]]
    for kind in REPORTS:
        res = city("report", kind, "--lang", lang, env={**NARROW, "COLUMNS": str(width)})
        assert res.exit_code == 0, res.stderr
        shown = ANSI.sub("", res.stdout)
        assert max(cell_len(line) for line in shown.splitlines()) <= width, kind
    shown = ANSI.sub("", city("report", "kpi", "--lang", lang, env={**NARROW, "COLUMNS": str(width)}).stdout)
    # On 120 columns rich laid the KPI table out itself and broke the keys (`dengbao_l3_pass_ra` / `te`).
    assert all(key in shown for key in keys)
    # The indicator names get a readable column: at their longest word alone (11 cells) they took 3 to 6 lines.
    header = next(line for line in shown.splitlines() if "Indicator" in line or "指标 " in line)
    cells = [cell for cell in header.split("┃") if cell.strip() in ("Indicator", "指标")]
    assert cells and cell_len(cells[0]) - 2 >= READABLE


def _piped(city: Cli, *args: str, columns: str | None = None) -> str:
    """stdout of `govops ARGS` run as a process writing into a pipe, no terminal anywhere (as from cron)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TTY_COMPATIBLE", "FORCE_COLOR")}
    env.update({"GOVOPS_HOME": str(city.home), "GOVOPS_DB": city.db_url, "PYTHONPATH": str(ROOT)})
    if columns is not None:
        env["COLUMNS"] = columns
    command = [sys.executable, "-c", "from govops.cli.launch import entry; entry()", *args]
    res = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
                         check=False)  # fmt: skip
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_piped_report_folds_no_row(city: Cli, lang: str) -> None:
    # A cron run piped to a file folded every table at 80 columns: a KPI over up to ten lines, `less -S` no help.
    rows = city("report", "kpi", "--json", "--lang", lang).json()["sections"][0]["tables"][0]["rows"]
    lines = _piped(city, "report", "kpi", "--lang", lang).splitlines()
    for row in rows:
        assert any(row["key"] in line and row["label"] in line for line in lines), row["key"]
    assert max(cell_len(line) for line in lines) > 80
    assert not any("hidden" in line or "列宽隐藏" in line for line in lines)


def test_a_piped_table_honours_columns(city: Cli) -> None:
    lines = _piped(city, "report", "kpi", "--lang", "en", columns="100").splitlines()
    assert max(cell_len(line) for line in lines) <= 100
    assert next(line for line in lines if line.startswith("┏")).count("┳") == 7  # all 8 KPI columns
    assert not any("hidden to fit" in line for line in lines)


def test_a_piped_cli_table_folds_no_row(city: Cli) -> None:
    # print_table (every table outside the reports) goes through the same place.
    devices = city("inventory", "list", "devices", "--json").json()
    lines = _piped(city, "inventory", "list", "devices").splitlines()
    shown = [(d["name"], d["kind"], d.get("model") or "") for d in devices]
    assert devices and all(any(all(v in line for v in values) for line in lines) for values in shown)
    assert len(lines) == len(devices) + 5  # the title, the header between three rules, one line a device, the last


def test_trend_keeps_the_figures_that_have_records(city_rw: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # After `report dengbao --record` the one recorded figure (dengbao_l3_pass_rate) was hidden at 80 columns and
    # the table showed only empty columns; a figure without records is already named in a note above the table.
    with session_scope(make_engine(city_rw.db_url)) as s:
        record_figures(s, {"backup_rate": 0.5}, "report", at=dt.datetime(2024, 5, 3, tzinfo=dt.UTC))
    monkeypatch.setattr(console, "width", 80)
    shown = ANSI.sub("", city_rw("report", "trend", "--lang", "en", env=NARROW).stdout)
    row = next(line for line in shown.splitlines() if line.startswith("│ 2024-05"))
    assert "50.0%" in row, shown
    assert "hidden to fit 80 columns" in shown


def test_piped_notes_are_not_folded(city: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    # Piped (cron mail, a file) the tables are whole but the notes were folded at 80: the trend's hint split
    # its command, "govops report summary" on one line and "--record" on the next.
    monkeypatch.setattr(console, "width", 80)
    res = city("report", "trend", "--lang", "en", env={"COLUMNS": ""})
    assert res.exit_code == 0, res.stderr
    notes = [line for line in res.stdout.splitlines() if "No records of" in line]
    assert notes and all(line.rstrip().endswith("first.") for line in notes), res.stdout
