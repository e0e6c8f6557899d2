"""Laying a table out for where it is printed, the same way for every table the CLI prints (``print_fitted``).

On a terminal the table is fitted to its width (an 80-column SSH session). The first column names the row and always
stays. A column of words (a name, an indicator, a recommendation) gets at least ``READABLE`` cells, or its whole width
when less, so a name wraps onto a few lines, not one word a line; numbers and codes are not wrapped. When the table
cannot be laid out so, columns are hidden until it can, the lowest-ranked first (a report column's ``narrow`` rank;
otherwise the rightmost first), and one footer line names them; when even the first column and one more do not fit,
each row becomes a block of ``label: value`` lines. The room left is shared evenly among the columns short of their
natural width, one wanting less than its share made whole first: a number, a code or a name a few cells short is
completed, and columns of long text share the rest (rich's own shrinking broke a code such as a KPI key to fit).

Off a terminal (a pipe, cron, a file, ``--out``) nothing is hidden and no row is folded: the table takes its natural
width, as ``less -S``, grep and diff want, however wide. ``COLUMNS=N`` asks for N columns there: the table is laid out
as on a terminal that wide, still with every column (rich folds one whose columns cannot all fit unbroken).
"""

from __future__ import annotations

import copy
import dataclasses
import os
from collections.abc import Callable, Sequence

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.segment import Segments
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
# The least a column of words is given (about three English words, ten Chinese characters): at its longest word
# alone, `Domestic share of network and security devices` took five lines in an 80-column `report kpi --lang en`.
READABLE = 20
# Off a terminal without COLUMNS: wider than any table, so rich lays each out at its natural width.
UNFOLDED = 100_000


def _ranges(console: Console, table: Table, readable: int = READABLE) -> list[tuple[int, int]]:
    """Each column's (least, natural) content width.

    The least: its header's longest word, and its cells' whole width up to ``readable`` (or their longest word, at most
    ``WORD_CAP``, when wider); a ``no_wrap`` column's is its natural width.
    """
    wide = console.options.update_width(10**6)
    out = []
    for col in table.columns:
        head = Measurement.get(console, wide, col.header)
        cells = [Measurement.get(console, wide, cell) for cell in col.cells]
        text = max((m.maximum for m in cells), default=0)
        most = max(head.maximum, text)
        word = min(max((m.minimum for m in cells), default=0), WORD_CAP)
        least = most if col.no_wrap else max(min(head.minimum, WORD_CAP), min(text, max(word, readable)))
        out.append((min(least, most), most))
    return out


def _label(header: RenderableType) -> str:
    return header.plain if isinstance(header, Text) else str(header)


def _subset(table: Table, shown: Sequence[int], widths: Sequence[int]) -> Table:
    """A copy of ``table`` (title, caption, styles) with the columns ``shown`` (indexes, in order) at those widths."""
    out = copy.copy(table)
    out.columns = [dataclasses.replace(table.columns[i], width=width, _index=n)
                   for n, (i, width) in enumerate(zip(shown, widths, strict=True))]  # fmt: skip
    return out


def _widths(ranges: Sequence[tuple[int, int]], room: int) -> list[int]:
    """Content widths within ``room`` cells: each column its least, then the rest shared evenly among the columns short
    of their natural width, a column wanting less than its share made whole first (a number, a code or a name a few
    cells short is completed; long text columns share what is left)."""
    widths = [least for least, _ in ranges]
    left = room - sum(widths)
    short = [i for i, (_, most) in enumerate(ranges) if widths[i] < most]
    while short and left > 0:
        share = left // len(short)
        whole = [i for i in short if ranges[i][1] - widths[i] <= share]
        if not whole:
            for n, i in enumerate(short):
                grow = share + (n < left - share * len(short))  # the remainder to the leftmost
                widths[i] += grow
            break
        for i in whole:
            left -= ranges[i][1] - widths[i]
            widths[i] = ranges[i][1]
        short = [i for i in short if i not in whole]
    return widths


def _records(table: Table) -> Table:
    """One block per row: a bold first cell, then ``label: value`` lines (a blank line between rows)."""
    out = Table.grid(padding=(0, 1))
    out.add_column(overflow="fold")
    if table.title:
        out.add_row(Text(str(table.title)) if isinstance(table.title, str) else table.title)
    labels = [_label(col.header) for col in table.columns]
    for i, cells in enumerate(zip(*(list(col.cells) for col in table.columns), strict=True)):
        if i:
            out.add_row("")
        out.add_row(Text(f"{labels[0]}: ", style="bold") + Text(_label(cells[0]), style="bold"))
        for label, cell in zip(labels[1:], cells[1:], strict=True):
            out.add_row(Text(f"  {label}: ") + Text(_label(cell)))
    return out


def fitted(
    console: Console,
    table: Table,
    footer: Footer = english_footer,
    ranks: Sequence[int] | None = None,
    *,
    width: int | None = None,
    hide: bool = True,
    readable: int = READABLE,
) -> Sequence[RenderableType]:
    """What to print for ``table`` in ``width`` columns (default the console's): itself, or a narrower layout and
    the footer naming what it hides.

    ``ranks`` (one per column, default all 0) say which columns stay longest: the lowest rank goes first, the
    rightmost of a rank first; the first column always stays. With ``hide`` false nothing is hidden: a table whose
    columns cannot all be laid out unbroken is left to rich. ``readable``: the least a column of words is given, for a
    table whose every column is a short name or code (``READABLE`` is for prose).
    """
    width = console.width if width is None else width
    ranges = _ranges(console, table, readable)
    # Borders (one more than the columns) and a cell's padding on each side. A table that fits at its natural width
    # is left to rich as it always was.
    if sum(most for _, most in ranges) + 3 * len(ranges) + 1 <= width:
        return [table]
    if len(ranges) < 2:  # one column has nothing to hide or lay out as records: rich wraps it, as it always did
        return [table]
    rank = list(ranks or [0] * len(ranges))
    dropping = sorted(range(1, len(ranges)), key=lambda i: (rank[i], -i))
    shown = list(range(len(ranges)))
    while len(shown) >= 2 and sum(ranges[i][0] for i in shown) + 3 * len(shown) + 1 > width:
        if not hide:
            return [table]
        shown.remove(dropping.pop(0))
    if len(shown) < 2:
        return [_records(table)]
    laid = _subset(table, shown, _widths([ranges[i] for i in shown], width - 3 * len(shown) - 1))
    hidden = [_label(col.header) for i, col in enumerate(table.columns) if i not in shown]
    return [laid, Text(footer(len(hidden), width, ", ".join(hidden)))] if hidden else [laid]


def columns_asked() -> int | None:
    """The width ``COLUMNS`` asks for off a terminal, if it is set to one."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def unfolded(console: Console) -> bool:
    """Whether lines go out whole, as tables do: off a terminal (a pipe, cron, a file) without ``COLUMNS``."""
    return not console.is_terminal and columns_asked() is None


def print_fitted(
    console: Console,
    table: Table,
    footer: Footer = english_footer,
    ranks: Sequence[int] | None = None,
    readable: int = READABLE,
) -> None:
    """Print ``table``: fitted to a terminal; elsewhere whole and unfolded, or in ``COLUMNS`` columns when set."""
    if console.is_terminal:
        for part in fitted(console, table, footer, ranks, readable=readable):
            console.print(part)
        return
    asked = columns_asked()
    if asked is not None:
        width = asked
        parts = fitted(console, table, footer, ranks, width=width, hide=False, readable=readable)
    else:  # whole and unfolded: nothing to measure (fitted would measure every cell to find it fits UNFOLDED)
        width, parts = UNFOLDED, [table]
    for part in parts:
        # Rendered here at that width: console.print would fold and crop it to the console's own (80 in cron).
        console.print(Segments(console.render(part, console.options.update_width(width))), crop=False, end="")
