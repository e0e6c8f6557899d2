"""The demo city's calendar: its dates are written as seen on one day, and the demo moves them to its own.

A city directory may declare, in ``city.toml``, the day its dates were written as seen on
(``dated = YYYY-MM-DD``). `govops demo` then imports a copy with every date moved by
(run day - dated): an assessment passed "four months ago" stays four months old, a plan
overdue by a year stays overdue by a year, whatever year the demo runs. Without the
declaration the city is imported as written. `govops inventory import` never moves dates:
a ledger is what it says.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path
from typing import Any

import yaml

from govops.lab.process import LabError

CALENDAR_FILE = "city.toml"
# The declaration is a few lines; anything bigger is not ours.
MAX_CALENDAR_BYTES = 4096
YAML_SUFFIXES = (".yaml", ".yml")
OTHER_INVENTORY_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def city_dated(city: Path) -> dt.date | None:
    """The day ``city``'s dates are written as seen on (``city.toml``: ``dated``), or None when undeclared.

    Raises:
        LabError: If the declaration is unreadable, too big, or ``dated`` is not a date.
    """
    path = city / CALENDAR_FILE
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_CALENDAR_BYTES:
            raise LabError(f"{path}: {len(raw)} bytes, more than {MAX_CALENDAR_BYTES} for a date declaration")
        doc = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LabError(f"{path}: cannot read the city's calendar ({exc})") from exc
    dated = doc.get("dated")
    if not isinstance(dated, dt.date) or isinstance(dated, dt.datetime):
        raise LabError(f"{path}: 'dated' must be a date (dated = YYYY-MM-DD), not {dated!r}")
    return dated


def _moved(value: Any, shift: dt.timedelta) -> Any:
    """``value`` with every date (and date-time) in it moved by ``shift``."""
    if isinstance(value, dt.date):
        return value + shift
    if isinstance(value, dict):
        return {k: _moved(v, shift) for k, v in value.items()}
    if isinstance(value, list):
        return [_moved(v, shift) for v in value]
    return value


def redate_city(city: Path, out: Path, day: dt.date) -> Path:
    """Write ``city``'s YAML files to ``out`` with every date moved to be seen on ``day``; return ``out``.

    A city that declares no ``dated`` is returned as it is (nothing is copied).

    Raises:
        LabError: If the calendar is invalid, the city holds CSV/Excel files (only YAML is moved),
            or a file cannot be read.
    """
    dated = city_dated(city)
    if dated is None:
        return city
    others = sorted(p.name for p in city.rglob("*") if p.suffix.lower() in OTHER_INVENTORY_SUFFIXES)
    if others:
        raise LabError(f"{city}: only YAML files can be moved to the run day, not {', '.join(others[:5])}",
                       hint=f"remove {CALENDAR_FILE} to import the city with its dates as written")  # fmt: skip
    shift = day - dated
    shutil.rmtree(out, ignore_errors=True)
    for path in sorted(p for p in city.rglob("*") if p.is_file() and p.suffix.lower() in YAML_SUFFIXES):
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise LabError(f"{path}: cannot read the city ({exc})") from exc
        note = f"# {path} as seen on {day.isoformat()} (its dates moved by {shift.days} days from {dated}).\n"
        text = yaml.dump(_moved(doc, shift), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1 << 20)
        target = out / path.relative_to(city)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(note + text, encoding="utf-8")
    return out
