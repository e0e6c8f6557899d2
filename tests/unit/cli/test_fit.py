"""Tables laid out for where they go: on a narrow terminal hidden columns are named, nothing is wider than the
terminal and no word is broken; a wide terminal gets the table as rich draws it; a pipe or a file gets every column
and no folded row (COLUMNS, when set, its width)."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from govops.cli.fit import READABLE, fitted, print_fitted

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


def test_one_column_wider_than_the_terminal_stays_a_table() -> None:
    table = Table(title="notes")
    table.add_column("note", overflow="fold")
    table.add_row("word " * 30)
    assert _print(table, 40, terminal=True) == _plain(table, 40, terminal=True)


def test_wide_terminal_unchanged() -> None:
    assert _print(_table(13), 200, terminal=True) == _plain(_table(13), 200, terminal=True)


def _piped(table: Table, monkeypatch: pytest.MonkeyPatch, columns: str | None) -> str:
    """``table`` printed off a terminal (an 80-column console, as rich makes one in cron) with COLUMNS as given."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    out = io.StringIO()
    print_fitted(Console(file=out, width=80, force_terminal=False), table)
    return out.getvalue()


def test_pipe_gets_every_column_and_no_folded_row(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cron audit piped to a file was folded at 80 columns: each row over several lines, `less -S` no help.
    text = _piped(_table(13), monkeypatch, None)
    assert _widest(text) > 80
    assert len(text.splitlines()) == 6  # title, three rule lines, the header and the one row
    assert "hidden" not in text and "column 12" in text and text.count("┳") == 12


def test_pipe_honours_columns_and_still_hides_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _piped(_table(13), monkeypatch, "100")
    assert _widest(text) <= 100
    assert "hidden" not in text and text.count("┳") == 12  # all 13 columns


def _kpis() -> Table:
    """A table as `report kpi --lang en` prints: a long code first, a column of names, then figures."""
    table = Table(title="Plan indicators", header_style="bold")
    for header in ("Key", "Indicator", "Value", "Numerator", "Denominator", "Undetermined", "Target", "Meets target"):
        table.add_column(header, overflow="fold", justify="left" if header in ("Key", "Indicator") else "right")
    table.add_row("dengbao_technical_ready_rate", "Share of level-3 systems technically ready for MLPS", "0.0%",
                  "0", "10", "—", "—", "—")  # fmt: skip
    table.add_row("domestic_network_rate", "Domestic share of network and security devices", "66.3%", "118", "178",
                  "0", "80.0%", "no")  # fmt: skip
    return table


def _column_width(text: str, header: str) -> int:
    line = next(line for line in text.splitlines() if header in line)
    return next(cell_len(cell) - 2 for cell in line.split("┃") if cell.strip() == header)


@pytest.mark.parametrize("width", [80, 120])
def test_a_column_of_names_is_not_squeezed_to_its_longest_word(width: int) -> None:
    # On 80 columns the indicators were 11 cells wide: "Domestic share of network and security devices" took five
    # lines. On 120 rich laid the table out itself and broke the key: `dengbao_technical_` / `ready_rate`.
    text = ANSI.sub("", _print(_kpis(), width, terminal=True))
    assert _widest(text) <= width
    assert _column_width(text, "Indicator") >= READABLE
    assert "dengbao_technical_ready_rate" in text and "domestic_network_rate" in text
    assert "0.0%" in text and "66.3%" in text  # the value stays (the rightmost columns go first)


def test_a_name_a_few_cells_short_is_made_whole() -> None:
    table = Table()
    table.add_column("name", overflow="fold")
    table.add_column("note", overflow="fold")
    table.add_row("东湖区人民政府办公室视频会议系统", "created " * 30)
    text = ANSI.sub("", _print(table, 80, terminal=True))
    assert "东湖区人民政府办公室视频会议系统" in text  # 32 cells: more than a word may take, but the note can give
    assert _widest(text) <= 80


def test_ranked_columns_stay_longest() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True, no_color=True)
    ranks = [0] * 12 + [1]  # the last column matters more than the ones before it
    for part in fitted(console, _table(13), ranks=ranks):
        console.print(part)
    text = ANSI.sub("", out.getvalue())
    hidden = " ".join(text.split("hidden to fit", 1)[1].split()).split(": ", 1)[1].split(";")[0].split(", ")
    assert "column 11" in hidden and "column 12" not in hidden and "column 1" not in hidden
