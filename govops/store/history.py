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
    for name, new in values.items():
        old = getattr(obj, name)
        if old == new:
            continue
        setattr(obj, name, new)
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
