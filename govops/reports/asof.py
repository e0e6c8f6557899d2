"""Rewind the inventory to the end of a past day from history, inside a transaction that is rolled back.

A report ``--as-of`` a past day runs its usual SQL on the inventory as it stood
then: every change recorded after that day is undone in the session (plain
columns get their old value back; systems and devices created later are marked
retired, which every report excludes), the report is built, and the caller rolls
the transaction back. Changes of references (a system's department or room, a
device's room) are not rewound: history keeps them as codes, not ids.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, Table, select, update

from govops.store import tables
from govops.vocab.values import parse_date

if TYPE_CHECKING:
    from govops.store.db import Reader

HistoryEntry = tables.history.c  # its columns (Core: a report never loads the ORM)
TABLES: dict[str, Table] = {"system": tables.systems, "device": tables.devices, "room": tables.rooms,
                            "link": tables.links}  # fmt: skip
KEY_COLUMN = {"system": "name", "device": "name", "room": "code", "link": "name"}
# Entities created after the day are hidden by marking them retired, which every report excludes.
HIDE = {"system": ("migration_status", "retired"), "device": ("status", "retired")}
CHUNK = 500


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def _plain_columns(table: Table) -> dict[str, Any]:
    """Columns that hold values (not ids or foreign keys), by name."""
    return {c.name: c for c in table.columns if not c.primary_key and not c.foreign_keys}


def _typed(column: Any, value: Any) -> Any:
    """History keeps dates as ISO strings (``2026-11``, ``2026`` at a ledger's precision): back to the column's type."""
    if value is None or not isinstance(value, str):
        return value
    if isinstance(column.type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else parse_date(value)[0]
    return value


def rewind(session: Reader, day: dt.date) -> int:
    """Undo, in ``session``, every change recorded after ``day``; return how many entries were undone.

    The caller must roll the transaction back afterwards (nothing here commits).
    """
    entries = session.execute(
        select(HistoryEntry.entity_kind, HistoryEntry.entity_key, HistoryEntry.action, HistoryEntry.field,
               HistoryEntry.old)
        .where(HistoryEntry.at >= _end_of(day), HistoryEntry.entity_kind.in_(sorted(TABLES)))
        .order_by(HistoryEntry.at, HistoryEntry.id)
    ).all()  # fmt: skip
    # The value a field had at the end of the day is the "old" of the first change after it.
    first_old: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    created: dict[str, set[str]] = defaultdict(set)
    for kind, key, action, field, old in entries:
        if action == "create":
            created[kind].add(key)
        elif action == "update" and field and field not in first_old[(kind, key)]:
            first_old[(kind, key)][field] = old
    by_column: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for (kind, key), fields in first_old.items():
        if key in created[kind]:
            continue  # hidden below; its values do not matter
        columns = _plain_columns(TABLES[kind])
        for field, old in fields.items():
            if field in columns:
                by_column[(kind, field)].append({"k": key, "v": _typed(columns[field], old)})
    for (kind, field), rows in by_column.items():
        table = TABLES[kind]
        key_col = table.c[KEY_COLUMN[kind]]
        for row in rows:
            session.execute(update(table).where(key_col == row["k"]).values({field: row["v"]}))
    for kind, keys in created.items():
        if kind not in HIDE:
            continue
        table, (field, value) = TABLES[kind], HIDE[kind]
        key_col = table.c[KEY_COLUMN[kind]]
        ordered = sorted(keys)
        for i in range(0, len(ordered), CHUNK):
            session.execute(update(table).where(key_col.in_(ordered[i : i + CHUNK])).values({field: value}))
    return len(entries)
