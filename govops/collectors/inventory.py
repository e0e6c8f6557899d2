"""Progress gauges from the inventory store, for the leadership dashboard.

Counts by department and state, computed on a schedule with a handful of
``GROUP BY`` queries on the agent's thread pool, never per scrape: however large
the store, a scrape serves the cached text. Read-only.

Series (all gauges, counts of rows), within a cardinality budget: a few thousand
series however large the store. The breakdowns are city-wide; only the KPI counts
carry a department, because the per-department figure the plans ask for is a KPI
(上云率, 国产化率 ... by department) and its counts add up to the city's value:

- ``govops_inventory_systems{origin,migration_status}``
- ``govops_inventory_devices{kind,domestic}`` (retired devices excluded)
- ``govops_inventory_rooms{lifecycle}``
- ``govops_inventory_systems_dengbao{level,status}``: 等保 (MLPS) coverage;
  ``status`` is ``passed``, ``failed``, ``overdue`` (level 3+ older than a year,
  level 2 older than two) or ``not_assessed``; ``level`` is ``none`` when unset
- ``govops_inventory_systems_backup{backup}`` (``unknown`` when unset)
- ``govops_inventory_findings_open{severity}``: every open finding ``govops audit`` lists, counted by the
  function it uses (``findings``, given by the command that starts the agent: stored findings plus the
  compliance checks computed from the inventory), so the alert, the dashboard and the audit agree
- ``govops_inventory_links{kind,level,carrier,role}``
- ``govops_kpi_numerator{kpi,department}``, ``govops_kpi_denominator{kpi,department}``:
  the KPI catalogue's counts per department, from ``govops.kpi.compute`` (the code every
  report uses); the recording rules divide their sums (``kpi:govops_kpi:value``),
  so the dashboard shows the report's value. Only departments with rows for a KPI
  appear, and at most ``max_departments`` (default 100) of them, the largest; the
  rest are summed into ``department="other_departments"``, so city-wide sums stay exact.
- ``govops_kpi_undetermined{kpi}`` and ``govops_kpi_target{kpi}``: city-wide.

While the store is unreachable the last counts stay served for ``stale_after_seconds``
(default an hour; the runtime's rule, see ``agent.runtime``), then withdrawn.

Measured KPIs (PUE) are not here: the power agent measures them. The series count is
held by ``tests/unit/collectors/test_inventory.py`` on a generated 100,000-device city.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govops.config import load_config_file
from govops.kpi.compute import Counts, count_by_department
from govops.kpi.definitions import Kpi, kpi_catalogue
from govops.store.models import Department, Device, Link, Room, System
from govops.util.exposition import Family
from govops.util.section import CollectorConfig

UNASSIGNED = "unassigned"
OTHER_DEPARTMENTS = "other_departments"
DEFAULT_MAX_DEPARTMENTS = 100
DEFAULT_STALE_AFTER_SECONDS = 3600.0

# Open findings by severity, every severity present: ``govops.reports.audit.open_findings_by_severity``.
FindingCounter = Callable[[Session], Mapping[str, int]]

SPEC = (
    ("govops_inventory_systems", "Business systems (业务系统) by origin and migration status.",
     ("origin", "migration_status")),
    ("govops_inventory_devices", "Devices in service or idle by kind and domestic (国产) verdict.",
     ("kind", "domestic")),
    ("govops_inventory_rooms", "Machine rooms (机房) by lifecycle.", ("lifecycle",)),
    ("govops_inventory_systems_dengbao", "Systems by 等保 (MLPS 2.0) level and assessment status.",
     ("level", "status")),
    ("govops_inventory_systems_backup", "Systems by backup coverage (none, local, offsite, local+offsite).",
     ("backup",)),
    ("govops_inventory_findings_open", "Open findings by severity, as `govops audit` lists them (stored and "
     "computed compliance checks).", ("severity",)),
    ("govops_inventory_links", "WAN links by kind, level, carrier and role.", ("kind", "level", "carrier", "role")),
    ("govops_kpi_numerator", "Numerator of each KPI of the catalogue (govops report kpi), by department "
     "(the largest max_departments; the rest summed as other_departments).", ("kpi", "department")),
    ("govops_kpi_denominator", "Denominator of each ratio or mean KPI, by department (as the numerator).",
     ("kpi", "department")),
    ("govops_kpi_undetermined", "Rows left out of a KPI because their verdict is undetermined, city-wide.",
     ("kpi",)),
    ("govops_kpi_target", "Target of each KPI that has one (config.toml [kpi.<key>] target).", ("kpi",)),
)


def _label(value: Any, default: str = UNASSIGNED) -> str:
    return default if value is None or value == "" else str(value)


def _add_counts(fam: Family, counts: Iterable[tuple[tuple[str, ...], Any]]) -> None:
    """Add counts, summing rows that map to the same labels (NULL and 'unknown' both say unknown)."""
    merged: dict[tuple[str, ...], float] = {}
    for labels, n in counts:
        merged[labels] = merged.get(labels, 0.0) + float(n)
    for labels, n in sorted(merged.items()):
        fam.add(labels, n)


def dengbao_status(level: int | None, assessed: dt.date | None, passed: bool | None, today: dt.date) -> str:
    """Return ``passed``, ``failed``, ``overdue`` or ``not_assessed`` for one system.

    Level 3 and 4 systems are assessed every year, level 2 every two years (GB/T 22239-2019 practice).

    >>> dengbao_status(3, dt.date(2024, 1, 1), True, dt.date(2025, 6, 1))
    'overdue'
    >>> dengbao_status(2, dt.date(2024, 1, 1), True, dt.date(2025, 6, 1))
    'passed'
    """
    if assessed is None:
        return "not_assessed"
    period = 365 if (level or 0) >= 3 else 730
    if (today - assessed).days > period:
        return "overdue"
    return "passed" if passed else "failed"


class InventoryCollector:
    """Counts from the store; one poll runs a few GROUP BY queries in a worker thread."""

    name = "inventory"

    def __init__(self, cc: CollectorConfig | None, engine: Engine, *, findings: FindingCounter,
                 kpis: list[Kpi] | None = None) -> None:
        self.interval_seconds, self.timeout_seconds = 60.0, 30.0
        self.max_departments = DEFAULT_MAX_DEPARTMENTS
        # Counts move with imports and discovery runs, not by the minute: an hour of store outage keeps the
        # leadership dashboard drawn (its age is govops_collector_last_success_timestamp_seconds), then they go.
        self.stale_after_seconds = DEFAULT_STALE_AFTER_SECONDS
        if cc is not None:
            opts = cc.check_options(("max_departments", "stale_after_seconds"))
            self.interval_seconds = cc.interval_seconds if cc.options.has("interval_seconds") else 60.0
            self.timeout_seconds = cc.timeout_seconds if cc.options.has("timeout_seconds") else 30.0
            self.max_departments = opts.get_int("max_departments", DEFAULT_MAX_DEPARTMENTS, minimum=1)
            self.stale_after_seconds = opts.get_float("stale_after_seconds", DEFAULT_STALE_AFTER_SECONDS,
                                                      minimum=self.interval_seconds)
        self.engine = engine
        # The audit's own count (reports layer, above this one), handed down by the command that starts the agent.
        self.findings = findings
        # The same catalogue and config.toml [kpi.*] settings as `govops report kpi`.
        self.kpis = kpis if kpis is not None else kpi_catalogue(load_config_file())
        self._snapshot: list[Family] = []

    def describe(self) -> list[Family]:
        """Return the families without samples."""
        return [Family(name, doc, "gauge", labels) for name, doc, labels in SPEC]

    async def poll(self) -> None:
        """Query the store on the thread pool and swap in the counts."""
        self._snapshot = await asyncio.get_event_loop().run_in_executor(None, self.read)

    def collect(self) -> list[Family]:
        """Return the last counts."""
        return self._snapshot

    def read(self) -> list[Family]:
        """Run the queries (blocking)."""
        fams = {f.name: f for f in self.describe()}
        today = dt.date.today()
        with Session(self.engine) as s:
            depts: dict[int, str] = {i: n for i, n in s.execute(select(Department.id, Department.name)).all()}

            def dept(dept_id: int | None) -> str:
                return depts.get(dept_id, UNASSIGNED) if dept_id is not None else UNASSIGNED

            rows: Iterable[Any] = s.execute(
                select(System.origin, System.migration_status, func.count())
                .group_by(System.origin, System.migration_status)
            ).all()
            _add_counts(
                fams["govops_inventory_systems"],
                (((_label(o, "unknown"), _label(st, "not_assessed")), n) for o, st, n in rows),
            )

            rows = s.execute(
                select(Device.kind, Device.domestic, func.count())
                .where(Device.status != "retired")
                .group_by(Device.kind, Device.domestic)
            ).all()
            _add_counts(
                fams["govops_inventory_devices"],
                (((_label(kind, "other"), _label(domestic, "unknown")), n) for kind, domestic, n in rows),
            )
            rows = s.execute(select(Room.lifecycle, func.count()).group_by(Room.lifecycle)).all()
            _add_counts(fams["govops_inventory_rooms"], (((_label(lc, "active"),), n) for lc, n in rows))

            counts: dict[tuple[str, str], int] = {}
            for level, assessed, passed, n in s.execute(
                select(System.dengbao_level, System.dengbao_assessed, System.dengbao_passed, func.count())
                .group_by(System.dengbao_level, System.dengbao_assessed, System.dengbao_passed)
            ).all():
                key = (str(level) if level else "none", dengbao_status(level, assessed, passed, today))
                counts[key] = counts.get(key, 0) + n
            _add_counts(fams["govops_inventory_systems_dengbao"], counts.items())
            rows = s.execute(select(System.backup, func.count()).group_by(System.backup)).all()
            backups = (((_label(b, "unknown"),), n) for b, n in rows)
            _add_counts(fams["govops_inventory_systems_backup"], backups)

            fam = fams["govops_inventory_findings_open"]
            for severity, n in sorted(self.findings(s).items()):
                fam.add((severity,), float(n))

            rows = s.execute(
                select(Link.kind, Link.level, Link.carrier, Link.role, func.count())
                .group_by(Link.kind, Link.level, Link.carrier, Link.role)
            ).all()
            _add_counts(
                fams["govops_inventory_links"],
                (((_label(k), _label(lv), _label(c), _label(r)), n) for k, lv, c, r, n in rows),
            )
            self._add_kpis(s, fams, dept, today)
        return list(fams.values())

    def _add_kpis(self, s: Session, fams: dict[str, Family], dept: Callable[[int | None], str],
                  today: dt.date) -> None:
        counts = count_by_department(s, self.kpis, today)
        shown = self._shown_departments(counts)
        num, den, und = [], [], []
        for k in self.kpis:
            for d, c in counts.get(k.key, {}).items():
                labels = (k.key, dept(d) if d in shown else OTHER_DEPARTMENTS)
                num.append((labels, c.numerator))
                if c.denominator is not None:
                    den.append((labels, c.denominator))
                if c.undetermined is not None:
                    und.append(((k.key,), c.undetermined))
        _add_counts(fams["govops_kpi_numerator"], num)
        _add_counts(fams["govops_kpi_denominator"], den)
        _add_counts(fams["govops_kpi_undetermined"], und)
        for k in self.kpis:
            if k.target is not None:
                fams["govops_kpi_target"].add((k.key,), k.target)

    def _shown_departments(self, counts: Mapping[str, Mapping[int | None, Counts]]) -> set[int | None]:
        """The ``max_departments`` departments with the most rows over all KPIs (ties by id); unassigned always."""
        size: dict[int | None, float] = {}
        for per_dept in counts.values():
            for d, c in per_dept.items():
                size[d] = size.get(d, 0.0) + abs(c.numerator) + abs(c.denominator or 0.0)
        ranked = sorted((d for d in size if d is not None), key=lambda d: (-size[d], d))
        return {None, *ranked[: self.max_departments]}
