"""Headline figures over time: recorded by scans and ``report --record``, shown month by month.

Other parts of govops (a scan finishing) call ``record_figures`` with the
figures they computed; ``govops report trend FIGURE`` reads them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.reports.changes import day_start
from govops.reports.common import new_report
from govops.reports.context import ReportContext
from govops.reports.model import Chart, Column, Report, Section, Table, ValueKind
from govops.store.models import FigureRecord, utcnow


def flatten_figures(figures: Mapping[str, Any], prefix: str = "") -> dict[str, float | None]:
    """Keep the numeric figures, flattening objects as ``name.key``.

    >>> flatten_figures({"a": 1, "b": {"x": 2}, "c": "text", "d": None, "e": True})
    {'a': 1.0, 'b.x': 2.0, 'd': None}
    """
    out: dict[str, float | None] = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten_figures(value, prefix=f"{name}."))
        elif value is None:
            out[name] = None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[name] = float(value)
    return out


def record_figures(
    session: Session,
    figures: Mapping[str, Any],
    source: str,
    *,
    scope: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Store the numeric headline figures (added to the caller's transaction).

    Args:
        session: The open session; the caller commits.
        figures: Figures as in a report's ``figures`` (nested objects are flattened).
        source: Who recorded them: ``report``, ``scan`` ...
        scope: A department code, or None for the whole city.
        at: When; default now.

    Returns:
        How many figures were stored.
    """
    when = at or utcnow()
    flat = flatten_figures(figures)
    session.add_all(
        FigureRecord(at=when, name=name, value=value, scope=scope, source=source) for name, value in flat.items()
    )
    return len(flat)


def build_trend(ctx: ReportContext, figure: str) -> Report:
    """Build the month-by-month trend of one recorded figure (last value of each month)."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "trend")
    rep.title = f"{t('report.trend')}: {figure}"
    scope_cond = FigureRecord.scope.is_(None) if ctx.department is None else FigureRecord.scope == ctx.department
    rows = s.execute(
        select(FigureRecord.at, FigureRecord.value)
        .where(FigureRecord.name == figure, scope_cond, FigureRecord.at < day_start(ctx.as_of + dt.timedelta(days=1)))
        .order_by(FigureRecord.at, FigureRecord.id)
    ).all()
    months: dict[str, float | None] = {}
    for at, value in rows:
        months[at.strftime("%Y-%m")] = value  # later records of a month win
    kind: ValueKind = "share" if figure.endswith("_share") else ("pue" if "pue" in figure else "float")
    rep.figures = {"figure": figure, "months": months}
    section = Section(
        "trend",
        rep.title,
        tables=[
            Table(
                "trend",
                rep.title,
                [Column("month", t("month")), Column("value", t("value"), kind)],
                [{"month": m, "value": v} for m, v in months.items()],
            )
        ],
        charts=[Chart("trend", figure, "line", list(months), list(months.values()), kind)],
    )
    if not months:
        section.notes.append(t("trend.none", name=figure))
    rep.sections.append(section)
    return rep
