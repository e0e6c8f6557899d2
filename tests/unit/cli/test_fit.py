"""Wide tables on a narrow terminal: hidden columns are named, nothing is wider than the terminal, and
anything that is not a narrow terminal (a wide one, a pipe, a file) gets the table exactly as before."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from govops.cli.fit import fitted

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _table(columns: int) -> Table:
    table = Table(title="rooms", header_style="bold")
    for i in range(columns):
        table.add_column(f"column {i}" if i else "name", overflow="fold")
    table.add_row("市人力资源和社会保障局机房", *(f"{i * 1.5:.2f} kW" for i in range(1, columns)))
    return table


def _print(table: Table, width: int, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=terminal, no_color=True)
    for part in fitted(console, table):
        console.print(part)
    return out.getvalue()


def _plain(table: Table, width: int, terminal: bool) -> str:
    out = io.StringIO()
    Console(file=out, width=width, force_terminal=terminal, no_color=True).print(table)
    return out.getvalue()


def _widest(text: str) -> int:
    return max(cell_len(ANSI.sub("", line)) for line in text.splitlines())


def test_narrow_terminal_hides_rightmost_columns_and_names_them() -> None:
    text = _print(_table(13), 80, terminal=True)
    assert _widest(text) <= 80
    assert "市人力资源和社会保障局机房" in ANSI.sub("", text)  # the name is not folded
    footer = " ".join(ANSI.sub("", text).split("hidden to fit 80 columns (", 1)[1].split())
    hidden = footer.split(": ", 1)[1].split(";")[0].split(", ")
    assert footer.startswith(f"{len(hidden)}):") and len(hidden) >= 2
    assert hidden == [f"column {i}" for i in range(13 - len(hidden), 13)]


def test_record_layout_when_two_columns_do_not_fit() -> None:
    text = ANSI.sub("", _print(_table(3), 36, terminal=True))
    assert _widest(text) <= 36
    assert "name: 市人力资源和社会保障局机房" in text
    assert "column 2: 3.00 kW" in text


@pytest.mark.parametrize(("width", "terminal"), [(200, True), (80, False), (40, False)])
def test_wide_terminal_and_pipes_unchanged(width: int, terminal: bool) -> None:
    assert _print(_table(13), width, terminal) == _plain(_table(13), width, terminal)


def test_ranked_columns_stay_longest() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, no_color=True)
    ranks = [0] * 12 + [1]  # the last column matters more than the ones before it
    for part in fitted(console, _table(13), ranks=ranks):
        console.print(part)
    text = ANSI.sub("", out.getvalue())
    hidden = " ".join(text.split("hidden to fit", 1)[1].split()).split(": ", 1)[1].split(";")[0].split(", ")
    assert "column 11" in hidden and "column 12" not in hidden and "column 1" not in hidden
