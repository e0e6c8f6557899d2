"""The bureau chief's one page: headline figures of the inventory.

``compute_summary`` returns ``{"as_of", "figures": {...}}`` with exactly the
figures of the summary JSON contract (issue 9) plus a few counts that make the
shares auditable. Everything is computed with aggregate SQL so it stays fast on
100,000 devices.

Conventions (documented in ``docs/inventory.md``):

- retired devices (``status = retired``) and retired systems
  (``migration_status = retired``) are excluded everywhere; rooms are all counted
  and ``rooms_by_lifecycle`` shows the closed ones;
- a share is a fraction 0..1 over the total named in it, and ``None`` when that
  total is zero;
- the shares that are KPIs of the catalogue (domestic shares, 等保 level 3
  passed, backup, PUE, cloud rate) are the KPI's value from ``govops.kpi.compute``,
  under the KPI's key (``domestic_server_rate``, ``backup_rate`` ...): a
  device whose verdict is null or ``unknown`` is undetermined, in neither the
  numerator nor the denominator of a domestic share, and ``*_domestic_unknown``
  says how many there are; level 3 passed counts assessments within the period;
- a system is on the cloud when its migration status is ``migrated`` or its
  hosting names a cloud; ``systems_on_cloud`` counts every active system, while the
  KPI ``cloud_rate`` counts active, non-classified systems of the origins it names;
  a system is overdue when its planned date lies before ``as_of`` and it is not
  migrated, exempt or retired;
- ``room_pue_declared`` is the mean declared PUE of rooms that are not closed;
- a link is without backup when it is not itself a backup and no backup link of
  the same kind reaches the same far end (department).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

# The same conditions and scoping as every other report, so a figure never differs between two of them.
from govops.kpi.compute import KpiValue, compute_kpis
from govops.kpi.definitions import Kpi, kpi_catalogue
from govops.reports.common import count_if, system_on_cloud, system_overdue
from govops.reports.context import department_scope
from govops.store import tables
from govops.store.tables import Device, Link, Room, System

if TYPE_CHECKING:
    from govops.store.db import Reader
from govops.vocab import NETWORK_KINDS

# Summary figures that are parts of a KPI of the catalogue: (figure, KPI key, part of the KPI). A KPI's value is
# published under the KPI's own key only (one name per figure); old names are read as aliases by `report trend`
# (govops/reports/trends.py FIGURE_ALIASES).
FROM_KPIS: tuple[tuple[str, str, str], ...] = (
    ("servers_domestic", "domestic_server_rate", "numerator"),
    ("servers_domestic_unknown", "domestic_server_rate", "undetermined"),
    ("domestic_server_rate", "domestic_server_rate", "value"),
    ("network_devices_domestic", "domestic_network_rate", "numerator"),
    ("network_devices_domestic_unknown", "domestic_network_rate", "undetermined"),
    ("domestic_network_rate", "domestic_network_rate", "value"),
    ("dengbao_level3_passed", "dengbao_l3_pass_rate", "numerator"),
    ("dengbao_l3_pass_rate", "dengbao_l3_pass_rate", "value"),
    ("systems_with_backup", "backup_rate", "numerator"),
    ("backup_rate", "backup_rate", "value"),
    ("systems_with_offsite_backup", "offsite_backup_rate", "numerator"),
    ("offsite_backup_rate", "offsite_backup_rate", "value"),
    ("room_pue_declared", "room_pue_declared", "value"),
    ("cloud_rate", "cloud_rate", "value"),
)


KPI_KEYS = tuple(sorted({key for _, key, _ in FROM_KPIS}))


def _counts(session: Reader, stmt: Select[str, int]) -> dict[str, int]:
    return {str(key): int(n) for key, n in session.execute(stmt)}


def compute_summary(
    session: Reader,
    *,
    as_of: dt.date | None = None,
    department: str | None = None,
    kpis: list[Kpi] | None = None,
    kpi_values: Sequence[KpiValue] | None = None,
) -> dict[str, Any]:
    """Compute the headline figures of the inventory.

    Args:
        session: An open store session (read only).
        as_of: The day overdue migrations are judged against (default: today).
            The figures describe the store as it is now.
        department: A department code; figures then cover it and every department below it.
        kpis: The KPI catalogue in force (default: the built-in one).
        kpi_values: The KPIs already computed in this scope (a report computes them once for all its parts).

    Returns:
        ``{"as_of": "YYYY-MM-DD", "department": code or None, "figures": {...}}``.

    Raises:
        InputError: If ``department`` names no department.
    """
    day = as_of or dt.date.today()
    scope = department_scope(session, department) if department else None

    def in_scope(column: Any) -> ColumnElement[bool]:
        return column.in_(scope) if scope is not None else and_(True)

    figures: dict[str, Any] = {}
    figures.update(_room_figures(session, in_scope(Room.department_id)))
    figures.update(_device_figures(session, in_scope(Device.department_id)))
    figures.update(_system_figures(session, in_scope(System.department_id), day))
    figures.update(_link_figures(session, scope))
    if kpi_values is None:
        catalogue = [k for k in (kpis or kpi_catalogue()) if k.subject != "prometheus"]
        kpi_values = compute_kpis(session, catalogue, as_of=day, scope=scope)
    figures.update(_kpi_figures(kpi_values))
    return {"as_of": day.isoformat(), "department": department, "figures": figures}


def _kpi_figures(values: Sequence[KpiValue]) -> dict[str, Any]:
    by_key = {v.kpi.key: v for v in values}
    out: dict[str, Any] = {}
    for figure, key, part in FROM_KPIS:
        v = by_key.get(key)
        got = getattr(v, part) if v is not None else None
        if part != "value" and got is not None:
            got = int(got)
        out[figure] = got  # as the KPI and the other reports give it: one value per figure name (report trend)
    return out


def _room_figures(session: Reader, where: ColumnElement[bool]) -> dict[str, Any]:
    by_lifecycle = _counts(session, select(Room.lifecycle, func.count()).where(where).group_by(Room.lifecycle))
    return {"rooms_total": sum(by_lifecycle.values()), "rooms_by_lifecycle": dict(sorted(by_lifecycle.items()))}


def _device_figures(session: Reader, where: ColumnElement[bool]) -> dict[str, Any]:
    live = and_(where, Device.status != "retired")
    by_kind = _counts(session, select(Device.kind, func.count()).where(live).group_by(Device.kind))
    network_total = session.execute(select(func.count()).where(live, Device.kind.in_(NETWORK_KINDS))).scalar_one()
    return {
        "devices_total": sum(by_kind.values()),
        "devices_by_kind": dict(sorted(by_kind.items())),
        "servers_total": by_kind.get("server", 0),
        "network_devices_total": int(network_total),
    }


def _system_figures(session: Reader, where: ColumnElement[bool], day: dt.date) -> dict[str, Any]:
    live = and_(where, System.migration_status != "retired")

    row = session.execute(
        select(func.count(), count_if(system_on_cloud()), count_if(system_overdue(day))).where(live)
    ).one()
    total, cloud, late = (int(v) for v in row)
    by_status = _counts(
        session, select(System.migration_status, func.count()).where(live).group_by(System.migration_status)
    )
    return {
        "systems_total": total,
        "systems_by_migration_status": dict(sorted(by_status.items())),
        # A count over every active system; the share on the page is the KPI cloud_rate (self-built, not
        # classified), so the migration report's systems_on_cloud_share is not repeated here beside it.
        "systems_on_cloud": cloud,
        "systems_overdue": late,
    }


def _link_figures(session: Reader, scope: frozenset[int] | None) -> dict[str, Any]:
    where: ColumnElement[bool] = Link.z_department_id.in_(scope) if scope is not None else and_(True)
    backup = tables.links.alias().c
    has_backup = (
        select(backup.id)
        .where(
            backup.role == "backup",
            backup.kind == Link.kind,
            or_(
                backup.z_department_id == Link.z_department_id,
                and_(backup.z_department_id.is_(None), Link.z_department_id.is_(None)),
            ),
        )
        .exists()
    )
    total = session.execute(select(func.count()).select_from(tables.links).where(where)).scalar_one()
    without = session.execute(
        select(func.count())
        .select_from(tables.links)
        .where(where, or_(Link.role.is_(None), Link.role != "backup"), ~has_backup)
    ).scalar_one()
    return {"links_total": int(total), "links_without_backup": int(without)}
