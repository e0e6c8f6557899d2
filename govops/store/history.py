"""Every change to the inventory is kept: what, old, new, when, source and actor.

Importers, reconciliation (scans) and tracking all change rows through
``apply_values`` so history is written in one place, in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

from govops.store.bulk import bulk_insert
from govops.store.models import HistoryEntry, utcnow
from govops.vocab.values import PRECISION, dates_at, precision_change

Source = Literal["import", "scan", "user"]


@dataclass(frozen=True)
class Change:
    """One field that changed on one entity."""

    entity_kind: str
    entity_key: str
    field: str
    old: Any
    new: Any


def current_actor() -> str:
    """Return who is making a change: ``GOVOPS_ACTOR``, else the login name."""
    try:
        return os.environ.get("GOVOPS_ACTOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def dates_as_given(
    diff: Mapping[str, tuple[Any, Any]], precision: Mapping[str, str] | None, row: Mapping[str, Any] | Any = None
) -> dict[str, tuple[Any, Any]]:
    """One row's changes (column -> (old, new)) with each date at the precision it had before and after.

    ``precision`` is the row's ``date_precision`` after the change; before it, the diff's own old value when the
    precision changed too (``2025年6月`` then ``2025-06-30``: ``2025-06 -> 2025-06-30``). A date whose precision
    alone changed (``2025-06-01`` then ``2025年6月``) is a change of that date too: its value is read from ``row``
    (a mapping or an object).
    """
    after = dict((diff[PRECISION][1] if PRECISION in diff else precision) or {})
    before = dict((diff[PRECISION][0] if PRECISION in diff else after) or {})
    if not after and not before:
        return dict(diff)
    out = {c: dates_at(c, old, new, (before, after)) for c, (old, new) in diff.items()}
    for col in sorted(set(before) ^ set(after) | {c for c in before if before[c] != after.get(c)}):
        value = row.get(col) if isinstance(row, Mapping) else getattr(row, col, None)
        if col not in out and value is not None:
            out[col] = dates_at(col, value, value, (before, after))
    return out


def for_people(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """History entries (``at``, ``kind``, ``key``, ``field``, ``old``, ``new``) as people read them.

    A ``date_precision`` entry is no field of its own: it is folded into the dates changed with it (same moment,
    same entity), which then read ``2026-11`` rather than ``2026-11-01``, and left out. ``--json`` keeps it.
    """
    entries = list(entries)
    changed = {(e["at"], e["kind"], e["key"]): precision_change(e["old"], e["new"])
               for e in entries if e["field"] == PRECISION}  # fmt: skip
    out = []
    for e in entries:
        if e["field"] == PRECISION:
            continue
        change = changed.get((e["at"], e["kind"], e["key"]))
        if change is None or not e["field"]:
            out.append(e)
            continue
        old, new = dates_at(e["field"], e["old"], e["new"], change)
        out.append({**e, "old": old, "new": new})
    return out


def record(
    session: Session,
    *,
    source: Source,
    action: Literal["create", "update", "delete"],
    entity_kind: str,
    entity_key: str,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    actor: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Add one history entry to the session (committed with the caller's transaction)."""
    session.add(
        HistoryEntry(
            at=at or utcnow(),
            source=source,
            actor=actor or current_actor(),
            action=action,
            entity_kind=entity_kind,
            entity_key=entity_key,
            field=field,
            old=_jsonable(old),
            new=_jsonable(new),
        )
    )


def apply_values(
    session: Session,
    obj: Any,
    values: Mapping[str, Any],
    *,
    entity_kind: str,
    entity_key: str,
    source: Source,
    actor: str | None = None,
    at: dt.datetime | None = None,
) -> list[Change]:
    """Set attributes on ``obj`` and record one history entry per field that really changed.

    Returns:
        The changes made, empty when every value was already equal.
    """
    changes: list[Change] = []
    # One change, one moment and one actor for all its fields (and one login lookup, not one per field).
    actor = actor or current_actor()
    at = at or utcnow()
    diff = {name: (getattr(obj, name), new) for name, new in values.items() if getattr(obj, name) != new}
    # History and the changes returned say a date as it was given (2026-11), as `inventory show` does.
    shown = dates_as_given(diff, getattr(obj, PRECISION, None), obj) if hasattr(obj, PRECISION) else diff
    for name, (old, new) in shown.items():
        if name in diff:
            setattr(obj, name, diff[name][1])
        changes.append(Change(entity_kind, entity_key, name, old, new))
        record(
            session,
            source=source,
            action="update",
            entity_kind=entity_kind,
            entity_key=entity_key,
            field=name,
            old=old,
            new=new,
            actor=actor,
            at=at,
        )
    return changes



@dataclass(frozen=True)
class Entry:
    """One history entry to write in bulk: ``field`` is None for a whole-entity create or delete."""

    action: Literal["create", "update", "delete"]
    entity_kind: str
    entity_key: str
    field: str | None = None
    old: Any = None
    new: Any = None


def record_many(
    session: Session,
    entries: Iterable[Entry],
    *,
    source: Source,
    actor: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Write many history entries with one bulk INSERT (importers of 100,000 rows need this).

    Returns:
        How many entries were written.
    """
    when = at or utcnow()
    who = actor or current_actor()
    rows = [
        {
            "at": when,
            "source": source,
            "actor": who,
            "action": e.action,
            "entity_kind": e.entity_kind,
            "entity_key": e.entity_key,
            "field": e.field,
            "old": e.old,
            "new": e.new,
        }
        for e in entries
    ]
    bulk_insert(session, HistoryEntry, rows)
    return len(rows)
