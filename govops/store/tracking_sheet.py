"""Bulk tracking from a spreadsheet (CSV or Excel): all rows are checked first, then applied at once.

Columns are the entity's key (``name``/名称, or ``code``/编码 for rooms) and any
tracking fields, by English name or Chinese label. Empty cells leave a value
unchanged. A CSV names its kind with ``--kind`` or its file name (``systems.csv``);
a workbook's sheets are named ``systems``/``rooms``/``devices`` (or 业务系统/机房/设备).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govops.errors import InputError, column_letter
from govops.store.history import Change
from govops.store.inventory.fields import kind_of_name
from govops.store.tracking import (
    EntityKind,
    TrackField,
    check_consistency,
    field_by_name,
    find_entity,
    is_key_header,
    parse_value,
    track,
)
from govops.util.limits import MAX_TABLE_ROWS

SINGULAR: dict[str, EntityKind] = {"systems": "system", "rooms": "room", "devices": "device"}


@dataclass
class PlannedRow:
    """One validated row: which entity, which typed values, and where it came from."""

    kind: EntityKind
    key: str
    values: dict[str, Any]
    where: str


@dataclass
class BulkPlan:
    """Every validated row of a file, ready to apply in one transaction."""

    rows: list[PlannedRow] = field(default_factory=list)


def kind_of(name: str, *, where: str) -> EntityKind:
    """Map a sheet or file name (``systems``, ``机房``) to an entity kind.

    Raises:
        InputError: When the name says no kind.
    """
    kind = SINGULAR.get(kind_of_name(name) or "") or SINGULAR.get(kind_of_name(name.strip() + "s") or "")
    if kind is None:
        raise InputError(
            f"cannot tell what {name!r} tracks", where=where, hint="name it systems, rooms or devices, or pass --kind"
        )
    return kind


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError("cannot decode the file as UTF-8 or GBK", where=str(path))
    return [row for row in csv.reader(text.splitlines())]


def _sheets(path: Path, kind: EntityKind | None) -> Iterator[tuple[EntityKind, str, list[list[Any]], bool]]:
    """Yield (kind, place name, rows, is_excel) for each sheet of the file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield kind or kind_of(path.stem, where=str(path)), str(path), _read_csv(path), False
        return
    if suffix not in (".xlsx", ".xlsm"):
        raise InputError(f"unsupported file type {suffix or '(none)'}", where=str(path), hint="use .csv or .xlsx")
    from govops.store.inventory.readers import open_workbook, worksheet_rows

    wb = open_workbook(path)
    try:
        names = list(wb.sheetnames)
        for name in names:
            sheet_kind = kind if kind is not None and len(names) == 1 else kind_of(name, where=f"{path}!{name}")
            rows = [values for _, values in itertools.islice(worksheet_rows(wb[name]), MAX_TABLE_ROWS + 1)]
            if len(rows) > MAX_TABLE_ROWS:
                raise InputError(f"more than {MAX_TABLE_ROWS:,} rows", where=f"{path}!{name}")
            yield sheet_kind, f"{path}!{name}", rows, True
    finally:
        wb.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def plan_bulk(session: Session, path: Path, *, kind: EntityKind | None = None) -> BulkPlan:
    """Read and validate every row; nothing is changed.

    Raises:
        InputError: Listing every problem, each with file, row and column.
    """
    if not path.is_file():
        raise InputError("no such file", where=str(path))
    plan = BulkPlan()
    errors: list[str] = []
    for sheet_kind, place, rows, excel in _sheets(path, kind):
        if not rows or all(_blank(c) for c in rows[0]):
            errors.append(f"{place}: the sheet is empty (expected a header row)")
            continue
        header = ["" if c is None else str(c).strip() for c in rows[0]]
        key_col = next((i for i, h in enumerate(header) if h and is_key_header(sheet_kind, h)), None)
        if key_col is None:
            errors.append(f"{place}:1: no key column (名称/name, or 编码/code for rooms)")
            continue
        fields: dict[int, TrackField] = {}
        for i, h in enumerate(header):
            if i == key_col or not h:
                continue
            col = column_letter(i) if excel else str(i + 1)
            try:
                fields[i] = field_by_name(sheet_kind, h)
            except InputError as exc:
                errors.append(f"{place}:1:{col} ({h}): {exc}")
        seen: dict[str, int] = {}
        for n, row in enumerate(rows[1:], start=2):
            if all(_blank(c) for c in row):
                continue
            key_raw = row[key_col] if key_col < len(row) else None
            if _blank(key_raw):
                errors.append(f"{place}:{n}: {header[key_col]} is empty")
                continue
            key = str(key_raw).strip()
            if key in seen:
                errors.append(f"{place}:{n}: {key!r} also on row {seen[key]}")
                continue
            seen[key] = n
            values: dict[str, Any] = {}
            for i, f in fields.items():
                raw = row[i] if i < len(row) else None
                if _blank(raw):
                    continue
                col = column_letter(i) if excel else str(i + 1)
                where = f"{place}:{n}:{col} ({header[i]})"
                try:
                    values[f.column] = parse_value(f, raw, where=where)
                except InputError as exc:
                    errors.append(str(exc))
            try:
                check_consistency(sheet_kind, values, where=f"{place}:{n}")
                find_entity(session, sheet_kind, key, where=f"{place}:{n}:{header[key_col]}")
            except InputError as exc:
                errors.append(str(exc))
                continue
            plan.rows.append(PlannedRow(sheet_kind, key, values, f"{place}:{n}"))
    if errors:
        # Every problem at once, as the import does: one round of corrections, not twenty.
        raise InputError(f"{len(errors)} problem(s), nothing was changed:\n  " + "\n  ".join(errors), where=str(path))
    return plan


def apply_bulk(session: Session, plan: BulkPlan, *, actor: str | None = None) -> list[Change]:
    """Apply a validated plan in the caller's transaction; return every change made."""
    changes: list[Change] = []
    for row in plan.rows:
        changes += track(session, row.kind, row.key, row.values, actor=actor, where=row.where)
    return changes
