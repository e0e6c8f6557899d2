"""Tracking: people record progress on systems, rooms and devices, one at a time or from a spreadsheet.

Every change goes through ``history.apply_values`` (source ``user``) so the
changes report and trends see who changed what and when. Values arrive as text
(command line, CSV cells) or typed (Excel cells) and are validated here, with
errors that name the place (``--status``, ``file.csv:3:状态``).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.errors import InputError
from govops.store.history import Change, apply_values
from govops.store.inventory.fields import header_to_field
from govops.store.models import (
    BACKUP_KINDS,
    DEVICE_STATUSES,
    MIGRATION_STATUSES,
    MIGRATION_STRATEGIES,
    ROOM_LIFECYCLES,
    Device,
    Room,
    System,
)

EntityKind = Literal["system", "room", "device"]
FieldType = Literal["enum", "date", "int", "float", "bool", "text"]

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "通过", "已通过", "有"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "未通过", "不通过", "无"})


@dataclass(frozen=True)
class TrackField:
    """A field people may set: its column, type, allowed values and spreadsheet header aliases."""

    name: str
    column: str
    type: FieldType
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    value_aliases: tuple[tuple[str, str], ...] = ()
    lo: float | None = None
    hi: float | None = None
    import_field: str | None = None


MIGRATION_STATUS_ALIASES = (
    ("未评估", "not_assessed"), ("已计划", "planned"), ("计划", "planned"), ("适配中", "adapting"),
    ("迁移中", "migrating"), ("已迁移", "migrated"), ("已上云", "migrated"), ("豁免", "exempt"),
    ("已下线", "retired"), ("下线", "retired"),
)  # fmt: skip
BACKUP_ALIASES = (("无", "none"), ("无备份", "none"), ("本地", "local"), ("本地备份", "local"), ("异地", "offsite"),
                  ("异地备份", "offsite"), ("本地+异地", "local+offsite"))  # fmt: skip
LIFECYCLE_ALIASES = (("在用", "active"), ("保留", "retained"), ("改造", "converting"), ("改造中", "converting"),
                     ("关停中", "closing"), ("已关停", "closed"), ("关停", "closed"))  # fmt: skip
DEVICE_STATUS_ALIASES = (("在用", "in_service"), ("闲置", "idle"), ("利旧", "idle"), ("报废", "retired"),
                         ("已报废", "retired"))  # fmt: skip

FIELDS: dict[EntityKind, tuple[TrackField, ...]] = {
    "system": (
        TrackField(
            "status",
            "migration_status",
            "enum",
            MIGRATION_STATUSES,
            ("迁移状态", "状态", "migration_status"),
            MIGRATION_STATUS_ALIASES,
        ),
        TrackField("strategy", "migration_strategy", "enum", MIGRATION_STRATEGIES, ("迁移策略", "策略")),
        TrackField("wave", "migration_wave", "int", aliases=("批次", "迁移批次"), lo=0, hi=1000),
        TrackField("planned", "migration_planned", "date", aliases=("计划日期", "计划迁移日期", "计划完成日期")),
        TrackField("done", "migration_done", "date", aliases=("完成日期", "实际完成日期", "迁移完成日期")),
        TrackField("note", "migration_note", "text", aliases=("reason", "备注", "原因", "说明")),
        TrackField("dengbao_level", "dengbao_level", "int", aliases=("等保级别", "等保等级", "定级"), lo=1, hi=5),
        TrackField("assessed", "dengbao_assessed", "date", aliases=("测评日期", "等保测评日期")),
        TrackField("passed", "dengbao_passed", "bool", aliases=("是否通过", "测评结果", "通过")),
        TrackField("backup", "backup", "enum", BACKUP_KINDS, ("备份", "备份方式"), BACKUP_ALIASES),
        TrackField("cloud", "cloud", "text", aliases=("云平台", "所在云")),
        TrackField("ipv6", "ipv6", "bool", aliases=("IPv6", "支持IPv6")),
    ),
    "room": (
        TrackField("lifecycle", "lifecycle", "enum", ROOM_LIFECYCLES, ("生命周期", "状态"), LIFECYCLE_ALIASES),
        TrackField("pue", "pue_declared", "float", aliases=("PUE", "申报PUE"), lo=1.0, hi=10.0),
        TrackField("pue_target", "pue_target", "float", aliases=("PUE目标", "目标PUE"), lo=1.0, hi=10.0),
    ),
    "device": (
        TrackField("status", "status", "enum", DEVICE_STATUSES, ("状态", "设备状态"), DEVICE_STATUS_ALIASES),
        TrackField("eol", "eol", "date", aliases=("停保日期", "EOL", "维保到期")),
        TrackField("ipv6", "ipv6", "bool", aliases=("IPv6", "支持IPv6")),
    ),
}
# The same field in the canonical import format (``govops inventory import``), whose
# Chinese header labels the tracking spreadsheets accept too (one label table for both).
IMPORT_FIELDS: dict[EntityKind, dict[str, str]] = {
    "system": {
        "status": "migration.status", "strategy": "migration.strategy", "wave": "migration.wave",
        "planned": "migration.planned", "done": "migration.done", "note": "migration.note",
        "dengbao_level": "dengbao.level", "assessed": "dengbao.assessed", "passed": "dengbao.passed",
        "backup": "backup", "cloud": "hosting.cloud", "ipv6": "ipv6",
    },
    "room": {"lifecycle": "lifecycle", "pue": "pue_declared", "pue_target": "pue_target"},
    "device": {"status": "status", "eol": "eol", "ipv6": "ipv6"},
}  # fmt: skip
PLURAL: dict[EntityKind, str] = {"system": "systems", "room": "rooms", "device": "devices"}
KEY_HEADERS: dict[EntityKind, tuple[str, ...]] = {
    "system": ("name", "名称", "系统名称", "业务系统"),
    "room": ("code", "name", "编码", "机房编码", "机房"),
    "device": ("name", "名称", "设备名称", "设备"),
}
MODELS: dict[EntityKind, Any] = {"system": System, "room": Room, "device": Device}


def field_by_name(kind: EntityKind, name: str) -> TrackField:
    """Return the field ``name`` (or a header alias) of ``kind``.

    Raises:
        InputError: For an unknown field, with a did-you-mean.
    """
    wanted = name.strip().replace("-", "_")
    for f in FIELDS[kind]:
        if wanted == f.name or wanted in f.aliases or wanted.lower() in (a.lower() for a in f.aliases):
            return f
    dotted = header_to_field(PLURAL[kind], name)
    by_import = {v: k for k, v in IMPORT_FIELDS[kind].items()}
    if dotted in by_import:
        return next(f for f in FIELDS[kind] if f.name == by_import[dotted])
    known = [f.name for f in FIELDS[kind]]
    close = difflib.get_close_matches(wanted, known + [a for f in FIELDS[kind] for a in f.aliases], n=1)
    hint = f"did you mean {close[0]}?" if close else f"{kind} fields: {', '.join(known)}"
    raise InputError(f"unknown {kind} field {name!r}", hint=hint)


def parse_value(f: TrackField, raw: Any, *, where: str) -> Any:
    """Convert one raw value (text or an Excel-typed cell) to the column's type.

    Raises:
        InputError: Naming ``where``, with the allowed values.
    """
    if f.type == "text":
        return str(raw).strip()
    if f.type == "enum":
        text = str(raw).strip()
        value = dict(f.value_aliases).get(text, text.lower().replace(" ", "_").replace("-", "_"))
        if text.lower() == "local+offsite":
            value = "local+offsite"
        if value not in f.choices:
            close = difflib.get_close_matches(text, list(f.choices), n=1)
            hint = f"did you mean {close[0]}?" if close else f"one of {', '.join(f.choices)}"
            raise InputError(f"{text!r} is not a valid {f.name}", where=where, hint=hint)
        return value
    if f.type == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError as exc:
            raise InputError(f"{raw!r} is not a date", where=where, hint="use YYYY-MM-DD") from exc
    if f.type == "bool":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise InputError(f"{raw!r} is not yes or no", where=where, hint="use yes/no, true/false or 是/否")
    number: float
    try:
        number = float(raw) if f.type == "float" else int(str(raw).strip().removesuffix(".0"))
    except (TypeError, ValueError) as exc:
        raise InputError(f"{raw!r} is not a {'number' if f.type == 'float' else 'whole number'}", where=where) from exc
    if (f.lo is not None and number < f.lo) or (f.hi is not None and number > f.hi):
        raise InputError(f"{raw!r} is out of range {f.lo:g}..{f.hi:g}", where=where)
    return number


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
    return apply_values(session, obj, values, entity_kind=kind, entity_key=key, source="user", actor=actor)
