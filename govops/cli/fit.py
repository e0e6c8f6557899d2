"""Fitting a table to a narrow terminal (an 80-column SSH session), the same way for every table the CLI prints.

Columns are listed in order of importance, the first naming the row. When the table cannot be laid out without
breaking a word (a device name, a Chinese room name, a number), the rightmost columns are hidden until it can and
one footer line names them; when even the first column and one more do not fit, each row becomes a block of
``label: value`` lines. Nothing is lost without a word, and only a terminal is fitted: a pipe, a file or ``--out``
gets the whole table exactly as before (rich folds it to COLUMNS, 80 by default).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

# The footer naming hidden columns: (count, width, labels) -> line; the report renderer passes a translated one.
Footer = Callable[[int, int, str], str]


def english_footer(n: int, width: int, labels: str) -> str:
    """The CLI's footer (its tables print English and Chinese labels): what is hidden and how to see it."""
    return f"hidden to fit {width} columns ({n}): {labels}; the JSON output or a wider terminal shows all"


# A word wider than this may be broken: CJK prose has no spaces, so a sentence measures as one "word"; a name
# (a device, 中国联通澄州数据中心政务专区) is narrower and stays whole.
WORD_CAP = 30


def _ranges(console: Console, table: Table) -> list[tuple[int, int]]:
    """Each column's (least, natural) content width: its longest word (at most WORD_CAP) and its longest line."""
    wide = console.options.update_width(10**6)
    out = []
    for col in table.columns:
        sizes = [Measurement.get(console, wide, cell) for cell in [col.header, *col.cells]]
        most = max(m.maximum for m in sizes)
        out.append((min(max(m.minimum for m in sizes), WORD_CAP, most), most))
    return out


def _label(header: RenderableType) -> str:
    return header.plain if isinstance(header, Text) else str(header)


def _subset(table: Table, widths: Sequence[int]) -> Table:
    """A copy of ``table`` with its first ``len(widths)`` columns at those content widths."""
    out = Table(title=table.title, header_style=table.header_style, title_justify=table.title_justify)
    columns = table.columns[: len(widths)]
    for col, width in zip(columns, widths, strict=True):
        out.add_column(col.header, justify=col.justify, overflow=col.overflow, width=width)
    for cells in zip(*(list(col.cells) for col in columns), strict=True):
        out.add_row(*cells)
    return out


def _widths(ranges: Sequence[tuple[int, int]], room: int) -> list[int]:
    """Content widths within ``room`` cells: each column its least, then the rest to the narrowest wants first
    (a number or a code reaches its natural width; the prose column takes what is left)."""
    widths = [least for least, _ in ranges]
    left = room - sum(widths)
    for i in sorted(range(len(ranges)), key=lambda i: ranges[i][1] - ranges[i][0]):
        grow = min(ranges[i][1] - widths[i], left)
        widths[i] += grow
        left -= grow
    return widths


def _records(table: Table) -> Table:
    """One block per row: a bold first cell, then ``label: value`` lines (a blank line between rows)."""
    out = Table.grid(padding=(0, 1))
    out.add_column(overflow="fold")
    if table.title:
        out.add_row(Text.from_markup(str(table.title)) if isinstance(table.title, str) else table.title)
    labels = [_label(col.header) for col in table.columns]
    for i, cells in enumerate(zip(*(list(col.cells) for col in table.columns), strict=True)):
        if i:
            out.add_row("")
        out.add_row(Text(f"{labels[0]}: ", style="bold") + Text(_label(cells[0]), style="bold"))
        for label, cell in zip(labels[1:], cells[1:], strict=True):
            out.add_row(Text(f"  {label}: ") + Text(_label(cell)))
    return out


def fitted(console: Console, table: Table, footer: Footer = english_footer) -> Sequence[RenderableType]:
    """What to print for ``table`` on ``console``: itself, or a narrower form and the footer naming what it hides."""
    width = console.width
    if not console.is_terminal:
        return [table]
    ranges = _ranges(console, table)
    keep = len(ranges)
    # Borders (one more than the columns) and a cell's padding on each side. A table that fits unbroken is left
    # to rich as it always was.
    while keep >= 2 and sum(least for least, _ in ranges[:keep]) + 3 * keep + 1 > width:
        keep -= 1
    if keep == len(ranges):
        return [table]
    if keep < 2:
        return [_records(table)]
    narrow = _subset(table, _widths(ranges[:keep], width - 3 * keep - 1))
    hidden = [_label(col.header) for col in table.columns[keep:]]
    return [narrow, Text(footer(len(hidden), width, ", ".join(hidden)))] if hidden else [narrow]
