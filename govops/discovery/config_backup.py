"""Read stored configuration versions: show one as of a date, diff two, list them.

Versions are written by ``ssh_store.store_config`` (only when the masked text
changed); everything here is read-only.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.errors import InputError
from govops.store.models import ConfigBackup, Device
from govops.util.hints import did_you_mean


@dataclass(frozen=True)
class ConfigVersion:
    """One stored configuration version."""

    device: str
    taken_at: dt.datetime
    sha256: str
    source: str
    text: str


def parse_when(text: str, *, where: str, end_of_day: bool = True) -> dt.datetime:
    """Parse ``YYYY-MM-DD`` or an ISO datetime as UTC; a bare date means the end of that day.

    >>> parse_when("2024-05-01", where="--at").isoformat()
    '2024-05-01T23:59:59.999999+00:00'
    """
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"not a date: {text!r}", where=where, hint="use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _device(session: Session, name: str) -> Device:
    dev = session.scalars(select(Device).where(Device.name == name)).first()
    if dev is None:
        names = list(session.scalars(select(Device.name)))
        raise InputError(f"no device named {name!r}", where="DEVICE", hint=did_you_mean(name, names))
    return dev


def _aware(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes even for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def versions(session: Session, name: str) -> list[ConfigVersion]:
    """Return every stored version of a device's configuration, oldest first."""
    dev = _device(session, name)
    rows = session.scalars(
        select(ConfigBackup).where(ConfigBackup.device_id == dev.id).order_by(ConfigBackup.taken_at, ConfigBackup.id)
    )
    return [ConfigVersion(dev.name, _aware(r.taken_at), r.sha256, r.source, r.text) for r in rows]


def version_at(session: Session, name: str, at: dt.datetime | None = None) -> ConfigVersion:
    """Return the version in force at ``at`` (the newest when ``at`` is None).

    Raises:
        InputError: When the device is unknown or had no stored configuration by then.
    """
    found = [v for v in versions(session, name) if at is None or v.taken_at <= at]
    if not found:
        when = f" on or before {at.isoformat()}" if at else ""
        raise InputError(
            f"no stored configuration{when}", where=name, hint="run `govops discover ssh ... --save` to take one"
        )
    return found[-1]


def diff_versions(
    session: Session, name: str, start: dt.datetime | None, end: dt.datetime | None
) -> tuple[ConfigVersion, ConfigVersion, str]:
    """Diff two versions: the one in force at ``start`` (default: the one before ``end``'s) and at ``end``.

    Returns:
        (older version, newer version, unified diff text; empty when identical).
    """
    newer = version_at(session, name, end)
    if start is None:
        all_versions = [v for v in versions(session, name) if v.taken_at <= newer.taken_at]
        older = all_versions[-2] if len(all_versions) > 1 else newer
    else:
        older = version_at(session, name, start)
    diff = difflib.unified_diff(
        older.text.splitlines(keepends=True),
        newer.text.splitlines(keepends=True),
        fromfile=f"{name}@{older.taken_at.isoformat()}",
        tofile=f"{name}@{newer.taken_at.isoformat()}",
    )
    return older, newer, "".join(diff)
