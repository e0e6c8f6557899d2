"""Compute every KPI of the catalogue from the store: the one place a figure is counted.

Each KPI is counted per department in one grouped query per table, and a scope
(the city, or a department and those below it) is the sum of its departments.
The inventory agent exports exactly these per-department counts
(``govops_kpi_numerator`` / ``_denominator`` / ``_undetermined``) and the
recording rules divide their sums, so a figure is the same on every surface.

Rules shared by every KPI:

- *active* systems are those not retired (``migration_status != retired``);
  devices not retired count (in service or idle); closed rooms are left out of
  room figures;
- a device verdict other than ``domestic`` or ``foreign`` (null or ``unknown``)
  is *undetermined*: it is in neither the numerator nor the denominator of a
  domestic share and is counted beside it, never as foreign;
- a share whose denominator is zero has no value (``None``), never 0 %.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ColumnElement, and_, case, false, func, or_, select, true
from sqlalchemy.sql.util import ClauseAdapter

from govops.kpi.definitions import Kpi
from govops.store.tables import Device, Link, Room, System

if TYPE_CHECKING:
    from govops.store.db import Reader


DeptId = int | None

BACKUP_PRESENT = ("local", "offsite", "local+offsite")
BACKUP_OFFSITE = ("offsite", "local+offsite")
DETERMINED = ("domestic", "foreign")


@dataclass(frozen=True)
class Rule:
    """What a KPI counts on its table.

    ``population`` is the denominator's rows; ``hit`` the numerator's rows among
    them; ``measure`` (instead of ``hit``) a column summed over the population;
    ``undetermined`` rows counted beside the figure.
    """

    population: ColumnElement[bool]
    hit: ColumnElement[bool] | None = None
    measure: Any = None  # a numeric column or expression
    undetermined: ColumnElement[bool] | None = None


@dataclass
class Counts:
    """Numerator, denominator and undetermined count of one KPI in one department (or a sum of them)."""

    numerator: float = 0.0
    denominator: float | None = None
    undetermined: int | None = None

    def add(self, other: Counts) -> None:
        """Add another department's counts."""
        self.numerator += other.numerator
        if other.denominator is not None:
            self.denominator = (self.denominator or 0.0) + other.denominator
        if other.undetermined is not None:
            self.undetermined = (self.undetermined or 0) + other.undetermined


@dataclass(frozen=True)
class KpiValue:
    """A KPI's value in a scope, with its numerator and denominator."""

    kpi: Kpi
    value: float | None
    numerator: float | None
    denominator: float | None
    undetermined: int | None = None
    note: str | None = None

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """The ``report kpi --format json`` shape of one KPI."""
        k = self.kpi
        return {
            "key": k.key,
            "label_zh": k.label_zh,
            "label_en": k.label_en,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "undetermined": self.undetermined,
            "unit": k.unit,
            "target": k.target,
            "direction": k.direction,
            "meets_target": k.meets(self.value),
            "definition": k.definition(lang),
            "source": k.source,
            "note": self.note,
        }


def system_active() -> ColumnElement[bool]:
    """Systems that count: not retired."""
    return System.migration_status != "retired"


def device_active() -> ColumnElement[bool]:
    """Devices that count: not retired (in service or idle)."""
    return Device.status != "retired"


def system_on_cloud() -> ColumnElement[bool]:
    """Systems hosted on the e-government cloud: migrated, or naming a cloud."""
    return or_(System.cloud.is_not(None), System.migration_status == "migrated")


def assessed_within(as_of: dt.date, days: int) -> ColumnElement[bool]:
    """Systems whose last 等保 assessment passed in the ``days`` before the end of ``as_of``."""
    return and_(
        System.dengbao_assessed.is_not(None),
        System.dengbao_assessed > as_of - dt.timedelta(days=days),
        System.dengbao_assessed <= as_of,
        System.dengbao_passed.is_(True),
    )


def dengbao_current(as_of: dt.date, period_l3: int, period_l2: int) -> ColumnElement[bool]:
    """Passed within the period of the system's level (level 3 and above, or below)."""
    return or_(
        and_(System.dengbao_level >= 3, assessed_within(as_of, period_l3)),
        and_(or_(System.dengbao_level < 3, System.dengbao_level.is_(None)), assessed_within(as_of, period_l2)),
    )


def _cloud_rule(k: Kpi, _as_of: dt.date) -> Rule:
    scope = and_(system_active(), System.classified.is_not(True), System.origin.in_(list(k.params["origins"])))
    return Rule(scope, system_on_cloud())


def _l3_pass_rule(k: Kpi, as_of: dt.date) -> Rule:
    hit = and_(System.dengbao_level >= k.params["min_level"], assessed_within(as_of, k.params["period_days"]))
    return Rule(system_active(), hit)


def _coverage_rule(k: Kpi, as_of: dt.date) -> Rule:
    p = k.params
    graded = and_(system_active(), System.dengbao_level >= p["min_level"])
    return Rule(graded, dengbao_current(as_of, p["period_days_l3"], p["period_days_l2"]))


def _domestic_rule(k: Kpi, _as_of: dt.date) -> Rule:
    kinds = and_(device_active(), Device.kind.in_(list(k.params["kinds"])))
    determined = Device.domestic.in_(DETERMINED)
    # NULL is undetermined too (NOT IN alone would drop NULL rows).
    undetermined = or_(Device.domestic.is_(None), Device.domestic.not_in(DETERMINED))
    return Rule(and_(kinds, determined), Device.domestic == "domestic", undetermined=and_(kinds, undetermined))


def _device_ipv6_rule(k: Kpi, _as_of: dt.date) -> Rule:
    return Rule(and_(device_active(), Device.kind.in_(list(k.params["kinds"]))), Device.ipv6.is_(True))


def _egress_rule(k: Kpi, _as_of: dt.date) -> Rule:
    role = Link.role == k.params["role"]
    if k.params["role"] == "primary":
        role = or_(role, Link.role.is_(None))
    return Rule(and_(Link.kind == "internet", role), measure=func.coalesce(Link.bandwidth_mbps, 0) / 1000.0)


def _technical_rule(k: Kpi, _as_of: dt.date) -> Rule:
    # The platforms' audit rules (what readiness reads) load only for the reports that show this KPI.
    from govops.kpi.technical import system_technically_ready

    return Rule(and_(system_active(), System.dengbao_level >= k.params["min_level"]), system_technically_ready())


RULES: dict[str, Callable[[Kpi, dt.date], Rule]] = {
    "cloud_rate": _cloud_rule,
    "dengbao_l3_pass_rate": _l3_pass_rule,
    "dengbao_coverage_rate": _coverage_rule,
    "dengbao_technical_ready_rate": _technical_rule,
    "backup_rate": lambda k, d: Rule(system_active(), System.backup.in_(BACKUP_PRESENT)),
    "offsite_backup_rate": lambda k, d: Rule(system_active(), System.backup.in_(BACKUP_OFFSITE)),
    "ipv6_system_rate": lambda k, d: Rule(system_active(), System.ipv6.is_(True)),
    "domestic_server_rate": _domestic_rule,
    "domestic_network_rate": _domestic_rule,
    "domestic_switch_rate": _domestic_rule,
    "domestic_router_rate": _domestic_rule,
    "domestic_firewall_rate": _domestic_rule,
    "domestic_storage_rate": _domestic_rule,
    "domestic_facility_rate": _domestic_rule,
    "ipv6_network_device_rate": _device_ipv6_rule,
    "self_built_room_rate": lambda k, d: Rule(Room.lifecycle != "closed", Room.self_built.is_(True)),
    "room_pue_declared": lambda k, d: Rule(
        and_(Room.lifecycle != "closed", Room.pue_declared.is_not(None)), measure=Room.pue_declared
    ),
    "link_ipv6_rate": lambda k, d: Rule(true(), Link.ipv6.is_(True)),
    "egress_capacity_gbps": _egress_rule,
    "egress_backup_capacity_gbps": _egress_rule,
}

DEPARTMENT_COLUMN: dict[str, Column[Any]] = {
    "systems": System.department_id,
    "devices": Device.department_id,
    "rooms": Room.department_id,
    "links": Link.z_department_id,
}


# Sums of decimal measures (declared PUE, bandwidth) are kept to this many decimals: the last
# bits of a float sum depend on the order rows are added, which differs between SQLite and
# PostgreSQL, and the same store must give the same figure on both.
SUM_DECIMALS = 9


def settle(x: float) -> float:
    """A float sum without the noise of its addition order.

    >>> settle(116.32999999999997) == settle(116.32999999999998) == 116.33
    True
    """
    return round(x, SUM_DECIMALS)


def _sum_if(cond: ColumnElement[bool], value: ColumnElement[Any] | int) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((cond, value), else_=0)), 0)


# Tables whose KPI rules read only a few low-cardinality columns: the rows are first counted by
# department and those columns (ix_devices_report_kind covers them: an index-only scan), then each
# rule is a sum over a few hundred groups instead of a CASE per KPI on every one of 1,000,000 rows.
GROUPED_COLUMNS: dict[str, tuple[Column[Any], ...]] = {
    "devices": (Device.kind, Device.department_id, Device.domestic, Device.status, Device.ipv6),
}


def _count_table(session: Reader, subject: str, kpis: list[Kpi], as_of: dt.date) -> dict[str, dict[DeptId, Counts]]:
    """One grouped query counting every KPI of one table by department."""
    column = DEPARTMENT_COLUMN[subject]
    grouped_by = GROUPED_COLUMNS.get(subject)
    adapter: ClauseAdapter | None = None
    weight: ColumnElement[Any] | int = 1
    if grouped_by is not None:
        groups = select(*grouped_by, func.count().label("n")).group_by(*grouped_by).subquery("kpi_groups")
        # The rules are written on the table's columns; here they read the same columns of the groups.
        adapter = ClauseAdapter(groups)
        weight = groups.c.n

    def adapt(expr: Any) -> Any:
        return expr if adapter is None else adapter.traverse(expr)

    cols: list[ColumnElement[Any]] = []
    layout: list[tuple[str, str]] = []
    for k in kpis:
        rule = RULES[k.key](k, as_of)
        population = adapt(rule.population)
        if rule.measure is not None:
            if grouped_by is not None:
                raise ValueError(f"KPI {k.key}: a measure is summed over rows, not over groups of {subject}")
            cols.append(_sum_if(population, rule.measure))
        else:
            cols.append(_sum_if(and_(population, adapt(rule.hit) if rule.hit is not None else false()), weight))
        layout.append((k.key, "numerator"))
        if k.unit != "gbps":
            cols.append(_sum_if(population, weight))
            layout.append((k.key, "denominator"))
        if rule.undetermined is not None:
            cols.append(_sum_if(adapt(rule.undetermined), weight))
            layout.append((k.key, "undetermined"))
    out: dict[str, dict[DeptId, Counts]] = {k.key: {} for k in kpis}
    # "+ 0": grouping by the bare column makes SQLite walk its index and read every row in index
    # order, twice as slow as a plain scan for 100,000 devices; PostgreSQL groups either the same way.
    dept = adapt(column + 0).label("department_id")
    for row in session.execute(select(dept, *cols).group_by(dept)):
        dept = row[0]
        for (key, part), raw in zip(layout, row[1:], strict=True):
            c = out[key].setdefault(dept, Counts())
            if part == "numerator":
                c.numerator = settle(float(raw or 0))
            elif part == "denominator":
                c.denominator = float(raw or 0)
            else:
                c.undetermined = int(raw or 0)
    return out


def count_by_department(session: Reader, kpis: Iterable[Kpi], as_of: dt.date) -> dict[str, dict[DeptId, Counts]]:
    """Per-department counts of every store-computed KPI (KPIs measured by agents are left out).

    Args:
        session: An open store session.
        kpis: The catalogue in force.
        as_of: The day assessment periods are judged against.
    """
    by_subject: dict[str, list[Kpi]] = {}
    for k in kpis:
        if k.subject != "prometheus":
            by_subject.setdefault(k.subject, []).append(k)
    out: dict[str, dict[DeptId, Counts]] = {}
    for subject, group in by_subject.items():
        out.update(_count_table(session, subject, group, as_of))
    return out


def total(per_dept: Mapping[DeptId, Counts], scope: frozenset[int] | None, kpi: Kpi) -> Counts:
    """Sum a KPI's department counts over ``scope`` (None: the whole city, unassigned rows included)."""
    acc = Counts(denominator=None if kpi.unit == "gbps" else 0.0)
    # In a fixed order (backends return groups in different orders), settled after the sum.
    for dept, c in sorted(per_dept.items(), key=lambda item: (item[0] is not None, item[0] or 0)):
        if scope is None or dept in scope:
            acc.add(c)
    acc.numerator = settle(acc.numerator)
    return acc


def _plain(x: float | None) -> float | None:
    """Counts print as whole numbers, sums keep their decimals."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 6)  # sums of decimals: no float noise


def value_of(kpi: Kpi, c: Counts) -> float | None:
    """The figure from its counts: numerator / denominator, or the sum itself for capacities."""
    if kpi.unit == "gbps":
        return c.numerator
    if not c.denominator:
        return None
    return c.numerator / c.denominator


# A measured figure: (kpi) -> {room code: value}; supplied by the reports layer, which talks to Prometheus.
Measure = Callable[[Kpi], Mapping[str, float]]


def _measured(session: Reader, kpi: Kpi, measure: Measure, scope: frozenset[int] | None) -> KpiValue:
    rooms = session.execute(select(Room.code, Room.department_id, Room.lifecycle)).all()
    open_in_scope = {r.code for r in rooms if r.lifecycle != "closed" and (scope is None or r.department_id in scope)}
    values = [v for room, v in measure(kpi).items() if room in open_in_scope]
    if not values:
        return KpiValue(kpi, None, None, None)
    num = sum(values)
    return KpiValue(kpi, num / len(values), num, len(values))


def compute_kpis(
    session: Reader,
    kpis: list[Kpi],
    *,
    as_of: dt.date,
    scope: frozenset[int] | None = None,
    measure: Measure | None = None,
    unmeasured_note: str | None = None,
    counts: Mapping[str, Mapping[DeptId, Counts]] | None = None,
) -> list[KpiValue]:
    """Every KPI's value in ``scope``, in catalogue order.

    Args:
        session: An open store session.
        kpis: The catalogue in force.
        as_of: The day assessment periods are judged against.
        scope: Department ids (a department and those below it), or None for the city.
        measure: Reads measured figures (PUE) from Prometheus; None leaves them without a value.
        unmeasured_note: Why a measured figure has no value (shown in its ``note``).
        counts: Per-department counts already made (``count_by_department``) for every store-computed KPI.
    """
    if counts is None:
        counts = count_by_department(session, kpis, as_of)
    out: list[KpiValue] = []
    for k in kpis:
        if k.subject == "prometheus":
            if measure is None:
                out.append(KpiValue(k, None, None, None, note=unmeasured_note))
            else:
                out.append(_measured(session, k, measure, scope))
            continue
        c = total(counts[k.key], scope, k)
        out.append(KpiValue(k, value_of(k, c), _plain(c.numerator), _plain(c.denominator), c.undetermined))
    return out
