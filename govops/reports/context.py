"""What every report builder needs: the session, the language, the date, the scope, the thresholds.

Thresholds come from ``$GOVOPS_HOME/config.toml`` ``[reports]`` with the defaults
below (the figures the plans and national policy use)::

    [reports]
    cloud_target = 0.8            # self-built non-classified systems on the cloud
    dengbao_target = 0.9          # level-3 systems assessed and passed in the period
    dengbao_period_days = 365     # a level-3 system is assessed every year
    expiry_warning_days = 90
    bandwidth_tiers_mbps = {city = 10000, county = 10000, township = 1000, village = 100}
    pue_grades = [1.2, 1.3, 1.5]  # GB 40879 grade 1, 2, 3 upper bounds
    timezone = "Asia/Shanghai"    # times and day boundaries of reports
    cloud_rooms = []              # room codes of the e-government cloud (always retained)
    cloud_room_words = ["政务云"]  # a room whose name has one of these words is a cloud room
    link_utilisation_window = "5m"
    server_watts = 400            # assumed power of one server where a room has no meter (power freed)
    power_window = "1d"           # measured facility power is its mean over this window (power freed)
    probe_loss_warning = 0.05     # an egress link losing this share of its probes is lossy

Targets and parameters of the KPIs live under ``[kpi.<key>]`` (see
``govops/kpi/definitions.py``); ``cloud_target``, ``dengbao_target`` and
``dengbao_period_days`` here are their older names and still apply.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, select, true

from govops.errors import ConfigError, InputError
from govops.kpi.definitions import Kpi, kpi_catalogue
from govops.reports.i18n import Lang, Translator
from govops.store.tables import Department

if TYPE_CHECKING:
    from govops.store.db import Reader


DEFAULT_TIERS: dict[str, float] = {"province": 10000, "city": 10000, "county": 10000, "township": 1000, "village": 100}


@dataclass(frozen=True)
class ReportSettings:
    """Thresholds and targets, configurable under ``[reports]``."""

    cloud_target: float = 0.8
    dengbao_target: float = 0.9
    dengbao_period_days: int = 365
    expiry_warning_days: int = 90
    bandwidth_tiers_mbps: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TIERS))
    pue_grades: tuple[float, ...] = (1.2, 1.3, 1.5)
    timezone: str = "Asia/Shanghai"
    cloud_rooms: tuple[str, ...] = ()
    cloud_room_words: tuple[str, ...] = ("政务云",)
    link_utilisation_window: str = "5m"
    server_watts: float = 400.0
    power_window: str = "1d"
    probe_loss_warning: float = 0.05
    max_rows: int = 200
    kpis: tuple[Kpi, ...] = field(default_factory=lambda: tuple(kpi_catalogue()))

    @property
    def tz(self) -> dt.tzinfo:
        """The time zone reports show times and judge day boundaries in."""
        return zoneinfo.ZoneInfo(self.timezone)


def _number(section: dict[str, Any], key: str, default: float, *, lo: float, hi: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise ConfigError(f"config.toml [reports] {key} = {value!r}: expected a number between {lo} and {hi}")
    return float(value)


def _timezone(section: dict[str, Any]) -> str:
    name = section.get("timezone", "Asia/Shanghai")
    try:
        zoneinfo.ZoneInfo(str(name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"config.toml [reports] timezone = {name!r}: not a time zone (e.g. Asia/Shanghai, UTC)"
        ) from exc
    return str(name)


_DURATION = re.compile(r"[1-9][0-9]{0,5}[smhdw]")


def _duration(section: dict[str, Any], key: str, default: str) -> str:
    """A PromQL range (``5m``, ``1d``): checked, since it goes into a query."""
    value = section.get(key, default)
    if not isinstance(value, str) or not _DURATION.fullmatch(value):
        raise ConfigError(f"config.toml [reports] {key} = {value!r}: expected a duration such as 5m, 1h or 1d")
    return value


def _words(section: dict[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = section.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) and 0 < len(v) <= 64 for v in value):
        raise ConfigError(f"config.toml [reports] {key} must be a list of short strings")
    return tuple(value)


def report_settings(cfg: dict[str, Any]) -> ReportSettings:
    """Read ``[reports]`` from a loaded config file, validating each value.

    Raises:
        ConfigError: Naming the key that is wrong.
    """
    section = cfg.get("reports", {})
    if not isinstance(section, dict):
        raise ConfigError("config.toml [reports] must be a table")
    known = set(ReportSettings.__dataclass_fields__)
    for key in section:
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(sorted(known))}"
            raise ConfigError(f"config.toml [reports]: unknown key {key!r}", hint=hint)
    tiers: dict[str, float] = {k: float(v) for k, v in DEFAULT_TIERS.items()}
    raw_tiers = section.get("bandwidth_tiers_mbps", {})
    if not isinstance(raw_tiers, dict):
        raise ConfigError("config.toml [reports] bandwidth_tiers_mbps must be a table of level = Mbps")
    for level in raw_tiers:
        tiers[str(level)] = _number(raw_tiers, level, 0, lo=0, hi=1e9)
    grades = section.get("pue_grades", [1.2, 1.3, 1.5])
    if not isinstance(grades, list) or not all(isinstance(g, int | float) and g >= 1 for g in grades):
        raise ConfigError("config.toml [reports] pue_grades must be a list of PUE upper bounds >= 1")
    return ReportSettings(
        cloud_target=_number(section, "cloud_target", 0.8, lo=0, hi=1),
        dengbao_target=_number(section, "dengbao_target", 0.9, lo=0, hi=1),
        dengbao_period_days=int(_number(section, "dengbao_period_days", 365, lo=1, hi=3650)),
        expiry_warning_days=int(_number(section, "expiry_warning_days", 90, lo=0, hi=3650)),
        bandwidth_tiers_mbps=tiers,
        pue_grades=tuple(sorted(float(g) for g in grades)),
        timezone=_timezone(section),
        cloud_rooms=_words(section, "cloud_rooms", ()),
        cloud_room_words=_words(section, "cloud_room_words", ("政务云",)),
        link_utilisation_window=_duration(section, "link_utilisation_window", "5m"),
        server_watts=_number(section, "server_watts", 400, lo=1, hi=100000),
        power_window=_duration(section, "power_window", "1d"),
        probe_loss_warning=_number(section, "probe_loss_warning", 0.05, lo=0.0001, hi=1),
        max_rows=int(_number(section, "max_rows", 200, lo=1, hi=1e6)),
        kpis=tuple(kpi_catalogue(cfg)),
    )


@dataclass
class ReportContext:
    """Inputs shared by every report builder.

    ``department_ids`` is the department and all departments under it, or None
    for the whole city.
    """

    session: Reader
    lang: Lang
    as_of: dt.date
    settings: ReportSettings = field(default_factory=ReportSettings)
    department: str | None = None
    department_ids: frozenset[int] | None = None
    prometheus_url: str | None = None
    since: dt.date | None = None
    include_reachability: bool = False  # changes: show what scans recorded about reachability
    cache: dict[str, Any] = field(default_factory=dict)  # per-report memo (the KPI values, computed once)

    @property
    def t(self) -> Translator:
        """The translator of this report's language."""
        return Translator(self.lang)

    def department_group(self, department_id: int | None) -> dict[str, str | None]:
        """How every report's department row names its department: ``department`` (the code, None for rows with
        no department) and ``group``, the translated label (``name (code)``, or the one no-department label).

        The departments are read once per report.
        """
        names: dict[int, tuple[str, str]] | None = self.cache.get("department_names")
        if names is None:
            rows = self.session.execute(select(Department.id, Department.code, Department.name)).all()
            names = self.cache["department_names"] = {r.id: (r.code, r.name) for r in rows}
        if department_id is None or department_id not in names:
            return {"department": None, "group": self.t("unassigned")}
        code, name = names[department_id]
        return {"department": code, "group": f"{name} ({code})"}

    def scope(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        """Return a WHERE clause limiting ``column`` (a department id) to the scope."""
        if self.department_ids is None:
            return true()
        return column.in_(sorted(self.department_ids))


def department_scope(session: Reader, code: str | None) -> frozenset[int] | None:
    """Return the ids of department ``code`` and every department below it.

    Raises:
        InputError: If no department has that code (with a did-you-mean).
    """
    if code is None:
        return None
    rows = session.execute(select(Department.id, Department.code, Department.parent_id)).all()
    by_code = {r.code: r.id for r in rows}
    if code not in by_code:
        close = difflib.get_close_matches(code, sorted(by_code), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else "list them with govops inventory list departments"
        raise InputError(f"no department with code {code!r}", where="--department", hint=hint)
    children: dict[int | None, list[int]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r.id)
    found: set[int] = set()
    todo = [by_code[code]]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        todo.extend(children.get(current, []))
    return frozenset(found)


def share(part: float | None, whole: float | None) -> float | None:
    """Return ``part / whole`` as a fraction, or None when there is nothing to divide by.

    >>> share(1, 4)
    0.25
    >>> share(0, 0) is None
    True
    """
    if not whole or part is None:
        return None
    return part / whole


def domestic_share(domestic: int, foreign: int) -> float | None:
    """The domestic share (国产化率) as the KPI catalogue defines it: domestic over the verdicts that are determined
    (domestic or foreign); undetermined verdicts are counted beside it, never as foreign. Every report row and figure
    of a domestic share uses this one definition.

    >>> domestic_share(3, 1), domestic_share(0, 0) is None
    (0.75, True)
    """
    return share(domestic, domestic + foreign)
