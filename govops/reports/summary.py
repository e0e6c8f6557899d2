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
- a device whose ``domestic`` verdict is null (not yet classified) or
  ``unknown`` counts as unknown, never as foreign: it is in the denominator but
  not in the numerator of a domestic share, and ``*_domestic_unknown`` says how
  many there are;
- a system is on the cloud when its migration status is ``migrated`` or its
  hosting names a cloud; it is overdue when its planned date lies before
  ``as_of`` and it is not migrated, exempt or retired;
- 等保 level 3 passed means level >= 3 and passed;
- ``pue_average`` is the mean declared PUE of rooms that are not closed;
- a link is without backup when it is not itself a backup and no backup link of
  the same kind reaches the same far end (department).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

# The same conditions and scoping as every other report, so a figure never differs between two of them.
from govops.reports.common import NETWORK_KINDS, count_if, system_on_cloud, system_overdue
from govops.reports.context import department_scope
from govops.store.models import Device, Link, Room, System

BACKUP_PRESENT = ("local", "offsite", "local+offsite")
BACKUP_OFFSITE = ("offsite", "local+offsite")


def _share(part: int, total: int) -> float | None:
    return round(part / total, 6) if total else None


def _counts(session: Session, stmt: Select[str, int]) -> dict[str, int]:
    return {str(key): int(n) for key, n in session.execute(stmt)}


def compute_summary(
    session: Session, *, as_of: dt.date | None = None, department: str | None = None
) -> dict[str, Any]:
    """Compute the headline figures of the inventory.

    Args:
        session: An open store session (read only).
        as_of: The day overdue migrations are judged against (default: today).
            The figures describe the store as it is now.
        department: A department code; figures then cover it and every department below it.

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
    return {"as_of": day.isoformat(), "department": department, "figures": figures}


def _room_figures(session: Session, where: ColumnElement[bool]) -> dict[str, Any]:
    by_lifecycle = _counts(session, select(Room.lifecycle, func.count()).where(where).group_by(Room.lifecycle))
    pue = session.execute(
        select(func.avg(Room.pue_declared)).where(where, Room.lifecycle != "closed", Room.pue_declared.is_not(None))
    ).scalar()
    return {
        "rooms_total": sum(by_lifecycle.values()),
        "rooms_by_lifecycle": dict(sorted(by_lifecycle.items())),
        "pue_average": round(float(pue), 3) if pue is not None else None,
    }


def _device_figures(session: Session, where: ColumnElement[bool]) -> dict[str, Any]:
    live = and_(where, Device.status != "retired")
    by_kind = _counts(session, select(Device.kind, func.count()).where(live).group_by(Device.kind))
    network = Device.kind.in_(NETWORK_KINDS)
    server = Device.kind == "server"

    unknown = or_(Device.domestic.is_(None), Device.domestic.not_in(("domestic", "foreign")))
    row = session.execute(
        select(
            count_if(and_(server, Device.domestic == "domestic")),
            count_if(and_(server, unknown)),
            count_if(network),
            count_if(and_(network, Device.domestic == "domestic")),
            count_if(and_(network, unknown)),
        ).where(live)
    ).one()
    servers_total = by_kind.get("server", 0)
    srv_dom, srv_unknown, net_total, net_dom, net_unknown = (int(v) for v in row)
    return {
        "devices_total": sum(by_kind.values()),
        "devices_by_kind": dict(sorted(by_kind.items())),
        "servers_total": servers_total,
        "servers_domestic": srv_dom,
        "servers_domestic_unknown": srv_unknown,
        "servers_domestic_share": _share(srv_dom, servers_total),
        "network_devices_total": net_total,
        "network_devices_domestic": net_dom,
        "network_devices_domestic_unknown": net_unknown,
        "network_devices_domestic_share": _share(net_dom, net_total),
    }


def _system_figures(session: Session, where: ColumnElement[bool], day: dt.date) -> dict[str, Any]:
    live = and_(where, System.migration_status != "retired")

    on_cloud = system_on_cloud()
    overdue = system_overdue(day)
    level3 = and_(System.dengbao_level >= 3, System.dengbao_passed.is_(True))
    row = session.execute(
        select(
            func.count(),
            count_if(on_cloud),
            count_if(overdue),
            count_if(level3),
            count_if(System.backup.in_(BACKUP_PRESENT)),
            count_if(System.backup.in_(BACKUP_OFFSITE)),
        ).where(live)
    ).one()
    total, cloud, late, passed, backup, offsite = (int(v) for v in row)
    by_status = _counts(
        session, select(System.migration_status, func.count()).where(live).group_by(System.migration_status)
    )
    return {
        "systems_total": total,
        "systems_by_migration_status": dict(sorted(by_status.items())),
        "systems_on_cloud": cloud,
        "systems_on_cloud_share": _share(cloud, total),
        "systems_overdue": late,
        "dengbao_level3_passed": passed,
        "dengbao_level3_passed_share": _share(passed, total),
        "systems_with_backup": backup,
        "backup_share": _share(backup, total),
        "systems_with_offsite_backup": offsite,
        "backup_offsite_share": _share(offsite, total),
    }


def _link_figures(session: Session, scope: frozenset[int] | None) -> dict[str, Any]:
    where: ColumnElement[bool] = Link.z_department_id.in_(scope) if scope is not None else and_(True)
    backup = aliased(Link)
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
    total = session.execute(select(func.count()).select_from(Link).where(where)).scalar_one()
    without = session.execute(
        select(func.count())
        .select_from(Link)
        .where(where, or_(Link.role.is_(None), Link.role != "backup"), ~has_backup)
    ).scalar_one()
    return {"links_total": int(total), "links_without_backup": int(without)}
