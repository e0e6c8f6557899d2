"""Read a table as offices keep it (a 台账): find the header, skip what is not data, parse every cell.

A sheet may open with a merged title and a 填报单位/填报人/日期 line, carry a
two-row header (group cells such as 基本情况 over the field labels), a 序号
column, section rows (一、市本级), blank spacers, a 合计 row and a 注： footnote.
The header is the row (or pair of rows) whose cells name the most fields of a
kind; everything else that is not a data row is skipped and said (``--explain``).
Every bad cell becomes a ``Problem``: one pass finds them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from govops.errors import NOT_UNDERSTOOD, InputError, Place, Problem
from govops.store.inventory.fields import FLAT_FIELDS, KEY_FIELD, KINDS, header_hint, header_match, unflatten
from govops.util.limits import MAX_TABLE_ROWS, cut_to, shown_text
from govops.vocab import FIELD_UNITS, is_ignored_header, non_data_row
from govops.vocab.cells import EMPTY, CellParser, cell_parser
from govops.vocab.values import CANONICAL_UNIT, UNITS, clean_text

# The header is looked for in the first rows only: titles and form lines never run longer.
HEADER_WINDOW = 30
REQUIRED: dict[str, tuple[str, ...]] = {"departments": ("code", "name", "level"), "rooms": ("code", "name"),
                                        "devices": ("name", "kind"), "links": ("name", "kind"), "systems": ("name",)}
# A key a ledger often leaves out: a room or department without a code is known by its name.
KEY_FROM_NAME = ("departments", "rooms")
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十]+[部分章节])"
)

CellRef = Callable[[int, int], Place]


@dataclass(frozen=True)
class Note:
    """Something skipped or assumed while reading, for ``--explain``."""

    where: str
    text: str
    # Shown on every import (a column or sheet ignored), not only with --explain (rows skipped).
    always: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass
class Table:
    """What one sheet or CSV holds: its kind, typed rows, problems and notes.

    ``rows`` is read as it is iterated (a CSV streams): the problems and notes of the rows are
    complete once it has been walked to the end.
    """

    kind: str | None
    rows: Iterable[tuple[int, dict[str, Any]]] = ()
    # Line -> fields of that row whose cells were refused (already a problem: not "missing" as well).
    failed: dict[int, frozenset[str]] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class _Column:
    index: int
    field: str
    parse: CellParser


def _text(value: Any) -> str:
    return "" if value is None else clean_text(value)


def _cells(values: Sequence[Any]) -> list[str]:
    # Every cell of every row passes here: plain text takes the short way.
    return [v.strip() if v.__class__ is str else _text(v) for v in values]


def _score(kind: str, cells: list[str]) -> int:
    return sum(1 for c in cells if c and header_match(kind, c) is not None)


def find_header(
    kind: str | None, head: list[tuple[int, list[str]]], prefer: str | None = None
) -> tuple[str, int, int] | None:
    """Return (kind, first header row index, last header row index) within ``head``, or None.

    ``kind`` is certain (the sheet's name says it); ``prefer`` only breaks a tie (the name mentions it).
    """
    kinds = [kind] if kind else sorted(KINDS, key=lambda k: k != prefer)
    best: tuple[int, int, str] | None = None
    tied = False
    for pos, (_, cells) in enumerate(head):
        for k in kinds:
            score = _score(k, cells)
            if best is not None and score == best[0] and pos == best[1] and best[2] != prefer:
                tied = True  # `name, kind` could be devices or links: the sheet's name must say
            if score and (best is None or score > best[0]):
                best, tied = (score, pos, k), False
    if best is None or best[0] < (1 if kind else 2) or tied:
        return None
    score, pos, k = best
    first = last = pos
    # A two-row header: the row below (or above) names fields, or holds 序号, where this row has a group
    # cell or nothing (a label merged down over two rows sits in the upper row only).
    for other in (pos + 1, pos - 1):
        if 0 <= other < len(head) and _completes(k, head[pos][1], head[other][1]):
            first, last = min(first, other), max(last, other)
            break
    return k, first, last


def _completes(kind: str, mine: list[str], theirs: list[str]) -> bool:
    hits = [i for i, c in enumerate(theirs) if c and (header_match(kind, c) is not None or is_ignored_header(c))]
    return bool(hits) and all(i >= len(mine) or not mine[i] or header_match(kind, mine[i]) is None for i in hits)


def _merged_header(kind: str, rows: list[list[str]]) -> list[str]:
    """Combine header rows column by column: the lowest cell that names a field, else the lowest text."""
    width = max(len(r) for r in rows)
    out = []
    for i in range(width):
        cells = [r[i] for r in rows if i < len(r) and r[i]]
        named = [c for c in cells if header_match(kind, c) is not None or is_ignored_header(c)]
        out.append((named or cells or [""])[-1])
    return out


def read_table(
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    kind: str | None,
    where: str,
    cell_ref: CellRef,
    strict: bool = False,
    prefer: str | None = None,
    merged: Sequence[tuple[int, int, int, int]] = (),
) -> Table:
    """Read one sheet or CSV; ``kind`` is known from its name or found from its header.

    Args:
        rows: (line number, cell values) of every row.
        kind: The kind its name says, if any.
        where: The place, for notes and problems (``book.xlsx[设备]``).
        cell_ref: Names a cell from (column index, line).
        strict: Make an unknown column a problem instead of a note.
        prefer: The kind its name mentions, when it does not say it (附件1：市级机房设备清单).
        merged: Merged ranges (first column, first row, last column, last row): a value merged down over
            several data rows (one room for five devices) belongs to each of them.
    """
    iterator = iter(rows)
    head: list[tuple[int, list[str]]] = []
    raw_head: list[tuple[int, Sequence[Any]]] = []
    for line, values in iterator:
        cells = _cells(values)
        raw_head.append((line, values))
        if any(cells):
            head.append((line, cells))
            if len(head) >= HEADER_WINDOW:
                break
    if not head:
        return Table(kind, notes=[Note(where, "empty sheet: ignored", always=True)])
    found = find_header(kind, head, prefer)
    if found is None:
        table = Table(kind)
        if kind:
            table.problems.append(Problem(Place(where), f"no header row naming {kind} fields in the first "
                                          f"{HEADER_WINDOW} rows", expected=_header_examples(kind)))
        else:
            table.notes.append(Note(where, "no header row of any kind found: sheet ignored", always=True))
        return table
    kind, first, last = found
    table = Table(kind)
    for line, cells in head[:first]:
        table.notes.append(Note(f"{where}:{line}", f"skipped title/form row {_shorten(cells)}"))
    header_lines = [head[i][0] for i in range(first, last + 1)]
    header = _merged_header(kind, [head[i][1] for i in range(first, last + 1)])
    if last > first:
        table.notes.append(Note(f"{where}:{header_lines[0]}-{header_lines[-1]}",
                                "two-row header: group cells above the field labels are not fields"))
    columns, ignored = _map_columns(kind, header, header_lines[-1], where=where, cell_ref=cell_ref, table=table,
                                    strict=strict)
    body = ([(line, values) for line, values in raw_head if line > header_lines[-1]], iterator)
    fill = _fill_down(merged, header_lines[-1])
    table.rows = _read_rows(kind, header, columns, ignored, body, where=where, cell_ref=cell_ref, table=table,
                            fill=fill)
    return table


def _header_examples(kind: str) -> str:
    from govops.store.inventory.fields import LABELS

    return ", ".join(f"{LABELS[f]}/{f}" for f in REQUIRED[kind])


def _shorten(cells: list[str]) -> str:
    text = " ".join(c for c in cells if c)
    return repr(cut_to(text, 40))


def _map_columns(
    kind: str, header: list[str], line: int, *, where: str, cell_ref: CellRef, table: Table, strict: bool
) -> tuple[list[_Column], set[int]]:
    types_of = FLAT_FIELDS[kind]
    columns: list[_Column] = []
    ignored: set[int] = set()
    seen: dict[str, str] = {}
    for i, text in enumerate(header):
        if not text:
            continue
        ref = cell_ref(i, line)
        if is_ignored_header(text):
            ignored.add(i)
            table.notes.append(Note(str(ref), f"column `{text}` is not a field: ignored"))
            continue
        match = header_match(kind, text)
        if match is None:
            hint = header_hint(kind, text)
            message = f"unknown column `{text}` for {kind}" + (f" ({hint})" if hint else "")
            if strict:
                table.problems.append(Problem(ref, message, expected="a field name, its label or an alias"))
            else:
                table.notes.append(Note(str(ref), message + ": ignored", always=True))
            ignored.add(i)
            continue
        if match.field in seen:
            table.problems.append(Problem(ref, f"column `{text}` repeats field `{match.field}` (first at "
                                               f"{seen[match.field]})", field=match.field))
            continue
        seen[match.field] = str(ref)
        # The canonical header (内存(MB), memory_mb) means the canonical unit; a bare alias (内存) the usual one.
        quantity = FIELD_UNITS.get(match.field)
        unit = CANONICAL_UNIT[quantity] if match.canonical and quantity else match.unit
        if quantity and unit is not None and unit not in UNITS[quantity]:
            # 机柜数(必填), 面积(约): words in parentheses that are no unit say nothing about the numbers.
            table.notes.append(Note(str(ref), f"`({match.unit})` in column `{text}` is not a unit: ignored"))
            unit = None
        try:
            parse = cell_parser(kind, match.field, types_of[match.field], unit)
            parse(None)
        except ValueError as exc:
            table.problems.append(Problem(ref, f"unit ({match.unit}) of column `{text}`", field=match.field,
                                          expected=str(exc)))
            continue
        columns.append(_Column(i, match.field, parse))
        table.columns[match.field] = i
        table.columns.setdefault(match.field.split(".")[0], i)
    for name in REQUIRED[kind]:
        if name in seen or (name == KEY_FIELD[kind] and kind in KEY_FROM_NAME and "name" in seen):
            continue
        table.problems.append(Problem(Place.at(where, line), f"no `{name}` column", field=name,
                                      expected=_header_examples(kind)))
    if kind in KEY_FROM_NAME and "code" not in seen and "name" in seen:
        table.notes.append(Note(f"{where}:{line}", f"no code column: each of the {kind} is known by its name"))
    return columns, ignored


def _read_rows(
    kind: str,
    header: list[str],
    columns: list[_Column],
    ignored: set[int],
    body: tuple[list[tuple[int, Sequence[Any]]], Iterator[tuple[int, Sequence[Any]]]],
    *,
    where: str,
    cell_ref: CellRef,
    table: Table,
    fill: dict[int, list[tuple[int, int]]],
) -> Iterator[tuple[int, dict[str, Any]]]:
    key = KEY_FIELD[kind]
    active: dict[int, tuple[int, Any]] = {}  # column -> (last row of its merge, the merged value)
    key_col = table.columns.get(key, table.columns.get("name"))
    code_from_name = kind in KEY_FROM_NAME and "code" not in table.columns
    blank_lines: list[int] = []
    count = 0
    for chunk in body:
        for line, cells in chunk:
            count += 1
            if count > MAX_TABLE_ROWS:
                raise InputError(f"more than {MAX_TABLE_ROWS:,} rows", where=where, hint="split the table into files")
            values = _filled(line, cells, fill, active) if fill or active else cells
            kind_of_row = _row_kind(kind, values, header, ignored)
            if kind_of_row == "blank":
                blank_lines.append(line)
                continue
            if kind_of_row is not None:
                table.notes.append(Note(f"{where}:{line}", f"skipped {kind_of_row} row {_shorten(_cells(values))}"))
                continue
            flat: dict[str, Any] = {}
            failed: list[str] = []
            width = len(values)
            for col in columns:
                value = values[col.index] if col.index < width else None
                try:
                    got = col.parse(value)
                except ValueError as exc:
                    table.problems.append(Problem(cell_ref(col.index, line), NOT_UNDERSTOOD, field=col.field,
                                                  value=shown_text(_text(value), col.field), expected=str(exc)))
                    failed.append(col.field)
                    continue
                if got is not EMPTY:
                    flat[col.field] = got
            if code_from_name and "name" in flat:
                flat["code"] = flat["name"]
            if failed:
                table.failed[line] = frozenset(failed)
            if key not in flat and key not in failed:
                ref = cell_ref(key_col, line) if key_col is not None else Place.at(where, line)
                table.problems.append(Problem(ref, f"the row has no {key}", field=key,
                                              expected=f"every {kind[:-1]} row names its {key}"))
                continue
            if key in flat:
                yield line, flat
    if blank_lines:
        table.notes.append(Note(where, f"skipped {len(blank_lines)} blank row(s): {_ranges(blank_lines)}"))


def _fill_down(merged: Sequence[tuple[int, int, int, int]], header_end: int) -> dict[int, list[tuple[int, int]]]:
    """Return first row -> [(column, last row)] of the ranges merged down over data rows."""
    out: dict[int, list[tuple[int, int]]] = {}
    for c1, r1, _c2, r2 in merged:
        if r2 > r1 > header_end:
            out.setdefault(r1, []).append((c1, r2))
    return out


def _filled(
    line: int, values: Sequence[Any], fill: dict[int, list[tuple[int, int]]], active: dict[int, tuple[int, Any]]
) -> Sequence[Any]:
    """Give a row the values merged down over it from a row above."""
    out = list(values)
    for col, (last, value) in list(active.items()):
        if line > last:
            del active[col]
        elif col < len(out) and out[col] is None:
            out[col] = value
        elif col >= len(out):
            out.extend([None] * (col - len(out)) + [value])
    for col, last in fill.get(line, ()):
        active[col] = (last, out[col] if col < len(out) else None)
    return out


def _row_kind(kind: str, values: Sequence[Any], header: list[str], ignored: set[int]) -> str | None:
    """Return why a row is not data (``blank``, ``total``, ``note``, ``section``, ``header``), or None."""
    cells = _cells(values)
    data = [c for i, c in enumerate(cells) if c and i not in ignored]
    first = next((c for c in cells if c), "")
    why = non_data_row(first) if first else None
    if why is not None:
        return why
    if not data:
        # A row with only its 序号 filled is an unused template line; other text there is a section title.
        extra = [c for c in cells if c and not c.replace(".", "").isdigit()]
        return "section" if extra else "blank"
    # A lone cell is a section title (一、市本级) unless a row of this kind can be one cell long.
    if len(data) == 1 and (_SECTION.match(data[0]) or len(REQUIRED[kind]) > 1):
        return "section"
    if cells[: len(header)] == header[: len(cells)]:
        return "header"
    return None


def _ranges(lines: list[int]) -> str:
    """Write line numbers as ranges.

    >>> _ranges([3, 4, 5, 9])
    '3-5, 9'
    """
    out: list[str] = []
    start = prev = lines[0]
    for n in [*lines[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def records_data(table: Table) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line, row data) with dotted fields opened into nested mappings when needed."""
    nested = any("." in name for name in table.columns)
    for line, flat in table.rows:
        yield line, (unflatten(flat) if nested else flat)

