"""SQL expressions and helpers the report builders share.

Definitions used in every report (and in the audit):

- a system is *active* unless its migration status is ``retired``; a device is
  active unless its status is ``retired``; retired things are excluded everywhere;
- a system is *on the cloud* when it names a cloud or its migration status is ``migrated``;
- a system is *overdue* when its planned date is before ``as_of`` and it is neither
  on the cloud nor exempt;
- a level-3 system is *covered* when it passed an assessment within the period
  (``dengbao_period_days`` before ``as_of``); its assessment *expires* one period
  after the assessment date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func

# The activity and cloud conditions are the KPI catalogue's, so a report never counts differently.
from govops.kpi.compute import device_active, system_active, system_on_cloud
from govops.reports.context import ReportContext
from govops.reports.model import Report
from govops.store.tables import System, utcnow


def new_report(ctx: ReportContext, kind: str) -> Report:
    """Start an empty report of ``kind`` with its translated title."""
    return Report(
        kind=kind,
        title=ctx.t(f"report.{kind}"),
        lang=ctx.lang,
        as_of=ctx.as_of,
        generated_at=utcnow(),
        department=ctx.department,
    )


def system_overdue(as_of: dt.date) -> ColumnElement[bool]:
    """Systems whose planned migration date has passed without them moving."""
    return and_(
        System.migration_planned.is_not(None),
        System.migration_planned < as_of,
        System.cloud.is_(None),
        System.migration_status.not_in(("migrated", "exempt", "retired")),
    )


def level3() -> ColumnElement[bool]:
    """Systems classified at 等保 level 3 or above (the important systems)."""
    return System.dengbao_level >= 3


def dengbao_covered(ctx: ReportContext) -> ColumnElement[bool]:
    """Level-3 systems assessed within the period before ``as_of`` and passed."""
    start = ctx.as_of - dt.timedelta(days=ctx.settings.dengbao_period_days)
    return and_(
        System.dengbao_assessed.is_not(None),
        System.dengbao_assessed > start,
        System.dengbao_assessed <= ctx.as_of,
        System.dengbao_passed.is_(True),
    )


def dengbao_expiring(ctx: ReportContext) -> ColumnElement[bool]:
    """Covered assessments that expire within ``expiry_warning_days`` after ``as_of``."""
    period = ctx.settings.dengbao_period_days
    last_ok = ctx.as_of - dt.timedelta(days=period)
    warn_until = ctx.as_of + dt.timedelta(days=ctx.settings.expiry_warning_days - period)
    return and_(dengbao_covered(ctx), System.dengbao_assessed > last_ok, System.dengbao_assessed <= warn_until)


__all__ = ["device_active", "system_active", "system_on_cloud"]


def count_if(cond: ColumnElement[bool]) -> ColumnElement[Any]:
    """``SUM(CASE WHEN cond THEN 1 ELSE 0 END)``: count rows matching ``cond`` in one pass."""
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def expires_on(assessed: dt.date | None, ctx: ReportContext) -> dt.date | None:
    """The date an assessment made on ``assessed`` stops covering the system."""
    return None if assessed is None else assessed + dt.timedelta(days=ctx.settings.dengbao_period_days)
