"""Tracking: people record progress on systems, rooms and devices, one at a time or from a spreadsheet.

Every change goes through ``history.apply_values`` (source ``user``) so the
changes report and trends see who changed what and when. Values arrive as text
(command line, CSV cells) or typed (Excel cells) and are validated here, with
errors that name the place (``--status``, ``file.csv:3:状态``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.errors import InputError
from govops.store.history import Change, apply_values
from govops.store.inventory.fields import FLAT_FIELDS, LABELS, header_to_field
from govops.store.models import Device, Room, System
from govops.util.hints import did_you_mean
from govops.vocab import ENUMS, enum_for
from govops.vocab.cells import EMPTY, CellParser, cell_parser
from govops.vocab.values import PRECISION, split_precision

EntityKind = Literal["system", "room", "device"]


@dataclass(frozen=True)
class TrackField:
    """A field people may set: the option name, its store column and its field in the import format.

    Its words, labels and value forms are the import's (``govops.vocab``): track and import accept the same.
    """

    name: str
    column: str
    import_field: str


FIELDS: dict[EntityKind, tuple[TrackField, ...]] = {
    "system": (
        TrackField("status", "migration_status", "migration.status"),
        TrackField("strategy", "migration_strategy", "migration.strategy"),
        TrackField("wave", "migration_wave", "migration.wave"),
        TrackField("planned", "migration_planned", "migration.planned"),
        TrackField("done", "migration_done", "migration.done"),
        TrackField("note", "migration_note", "migration.note"),
        TrackField("dengbao_level", "dengbao_level", "dengbao.level"),
        TrackField("assessed", "dengbao_assessed", "dengbao.assessed"),
        TrackField("passed", "dengbao_passed", "dengbao.passed"),
        TrackField("backup", "backup", "backup"),
        TrackField("cloud", "cloud", "hosting.cloud"),
        TrackField("ipv6", "ipv6", "ipv6"),
    ),
    "room": (
        TrackField("lifecycle", "lifecycle", "lifecycle"),
        TrackField("pue", "pue_declared", "pue_declared"),
        TrackField("pue_target", "pue_target", "pue_target"),
    ),
    "device": (
        TrackField("status", "status", "status"),
        TrackField("eol", "eol", "eol"),
        TrackField("ipv6", "ipv6", "ipv6"),
    ),
}
PLURAL: dict[EntityKind, str] = {"system": "systems", "room": "rooms", "device": "devices"}
KEY_FIELDS: dict[EntityKind, tuple[str, ...]] = {"system": ("name",), "room": ("code", "name"), "device": ("name",)}


def is_key_header(kind: EntityKind, header: str) -> bool:
    """Return True when a spreadsheet header names the entity (its name, or a room's code).

    >>> is_key_header("room", "机房编码"), is_key_header("system", "系统名称"), is_key_header("device", "状态")
    (True, True, False)
    """
    return header_to_field(PLURAL[kind], header) in KEY_FIELDS[kind]


MODELS: dict[EntityKind, Any] = {"system": System, "room": Room, "device": Device}


def field_by_name(kind: EntityKind, name: str) -> TrackField:
    """Return the field ``name`` (an option name, or any header the import accepts for it) of ``kind``.

    Raises:
        InputError: For an unknown field, with a did-you-mean.
    """
    wanted = name.strip().replace("-", "_")
    for f in FIELDS[kind]:
        if wanted in (f.name, f.column):
            return f
    dotted = header_to_field(PLURAL[kind], name)
    for f in FIELDS[kind]:
        if dotted == f.import_field:
            return f
    known = [f.name for f in FIELDS[kind]]
    labels = [LABELS[f.import_field] for f in FIELDS[kind]]
    close = difflib.get_close_matches(wanted, known + labels, n=1)
    hint = f"did you mean {close[0]}?" if close else f"{kind} fields: {', '.join(known)}"
    raise InputError(f"unknown {kind} field {name!r}", hint=hint)


@functools.cache
def _parser(kind: EntityKind, f: TrackField) -> CellParser:
    plural = PLURAL[kind]
    return cell_parser(plural, f.import_field, FLAT_FIELDS[plural][f.import_field])


def parse_value(f: TrackField, raw: Any, *, where: str, kind: EntityKind | None = None) -> Any:
    """Convert one raw value (option text or a spreadsheet cell) as the import would.

    Raises:
        InputError: Naming ``where``, with what is accepted.
    """
    owner: EntityKind = kind if kind is not None else next(k for k, fs in FIELDS.items() if f in fs)
    try:
        value = _parser(owner, f)(raw)
    except ValueError as exc:
        enum = enum_for(PLURAL[owner], f.import_field)
        if enum is None:
            raise InputError(f"{raw!r} is not {exc}", where=where) from None
        words = [w.value for w in ENUMS[enum]] + [w.zh for w in ENUMS[enum]]
        hint = did_you_mean(str(raw).strip(), words) or f"accepted: {exc}"
        raise InputError(f"{raw!r} is not a valid {f.name}", where=where, hint=hint) from None
    if value is EMPTY:
        raise InputError(f"{raw!r} gives no {f.name}", where=where, hint="leave the cell empty to keep the value")
    return value


def check_consistency(kind: EntityKind, values: Mapping[str, Any], *, where: str) -> None:
    """Refuse combinations that cannot be true (a migration done in the future).

    Raises:
        InputError: Naming ``where``.
    """
    done = values.get("migration_done")
    if kind == "system" and isinstance(done, dt.date) and done > dt.datetime.now(dt.UTC).date():
        raise InputError(f"migration done date {done.isoformat()} is in the future", where=where)
    assessed = values.get("dengbao_assessed")
    if kind == "system" and isinstance(assessed, dt.date) and assessed > dt.datetime.now(dt.UTC).date():
        raise InputError(f"assessment date {assessed.isoformat()} is in the future", where=where)


def find_entity(session: Session, kind: EntityKind, key: str, *, where: str) -> Any:
    """Return the system (by name), room (by code) or device (by name) ``key``.

    Raises:
        InputError: When it does not exist, with close names.
    """
    model = MODELS[kind]
    column = model.code if kind == "room" else model.name
    obj = session.execute(select(model).where(column == key)).scalar_one_or_none()
    if obj is None and kind == "room":
        # Office spreadsheets name rooms (一号机房) more often than they give the code.
        named = session.execute(select(model).where(model.name == key).limit(2)).scalars().all()
        obj = named[0] if len(named) == 1 else None
    if obj is not None:
        return obj
    prefix = key[:1]
    candidates = session.execute(select(column).where(column.like(f"{prefix}%")).limit(5000)).scalars().all()
    close = difflib.get_close_matches(key, list(candidates), n=3)
    hint = f"did you mean {', '.join(close)}?" if close else f"list them with govops inventory list {kind}s"
    raise InputError(f"no {kind} {key!r} in the store", where=where, hint=hint)


def track(
    session: Session,
    kind: EntityKind,
    key: str,
    values: Mapping[str, Any],
    *,
    actor: str | None = None,
    where: str | None = None,
) -> list[Change]:
    """Apply typed ``values`` (column -> value) to one entity, recording history as the user.

    Returns:
        The changes actually made (a value already equal is no change).
    """
    obj = find_entity(session, kind, key, where=where or kind)
    return apply_values(
        session, obj, _with_precision(obj, values), entity_kind=kind, entity_key=key, source="user", actor=actor
    )


def _with_precision(obj: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """Keep a date given to the month or year (``--planned 2025年6月``) as the import keeps it."""
    dates = [c for c, v in values.items() if isinstance(v, dt.date) and hasattr(obj, PRECISION)]
    if not dates:
        return dict(values)
    out, merged = split_precision(values, dates, obj.date_precision)
    if merged != (obj.date_precision or None):
        out[PRECISION] = merged
    return out
