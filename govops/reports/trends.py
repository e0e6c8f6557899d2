"""Headline figures over time: recorded by scans and ``report --record``, shown month by month.

Other parts of govops (a scan finishing) call ``record_figures`` with the
figures they computed; ``govops report trend FIGURE`` reads them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.reports.changes import day_start
from govops.reports.common import new_report
from govops.reports.context import ReportContext
from govops.reports.i18n import LABELS
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


HEADLINE_FIGURES = (
    "cloud_rate",
    "servers_domestic_share",
    "pue_average",
    "dengbao_level3_passed_share",
    "backup_share",
)


def _kind_of(figure: str) -> ValueKind:
    if figure.endswith(("_share", "_rate")):
        return "share"
    return "pue" if "pue" in figure else "float"


def _label(t: Any, figure: str) -> str:
    key = f"fig.{figure}"
    return f"{t(key)} ({figure})" if key in LABELS else figure


def build_trend(ctx: ReportContext, figures: Sequence[str] = HEADLINE_FIGURES) -> Report:
    """Build the month-by-month trend of recorded figures (the last value of each month).

    Without figures it shows the headline ones: migration, domestic share, PUE, 等保 and backup coverage.
    """
    t, s = ctx.t, ctx.session
    names = list(dict.fromkeys(figures)) or list(HEADLINE_FIGURES)
    rep = new_report(ctx, "trend")
    if len(names) == 1:
        rep.title = f"{t('report.trend')}: {_label(t, names[0])}"
    scope_cond = FigureRecord.scope.is_(None) if ctx.department is None else FigureRecord.scope == ctx.department
    rows = s.execute(
        select(FigureRecord.name, FigureRecord.at, FigureRecord.value)
        .where(
            FigureRecord.name.in_(names),
            scope_cond,
            FigureRecord.at < day_start(ctx.as_of + dt.timedelta(days=1)),
        )
        .order_by(FigureRecord.at, FigureRecord.id)
    ).all()
    series: dict[str, dict[str, float | None]] = {name: {} for name in names}
    for name, at, value in rows:
        series[name][at.strftime("%Y-%m")] = value  # later records of a month win
    months = sorted({m for by_month in series.values() for m in by_month})
    rep.figures = {"series": series}
    section = Section(
        "trend",
        t("report.trend"),
        tables=[
            Table(
                "trend",
                t("report.trend"),
                [Column("month", t("month")), *(Column(n, _label(t, n), _kind_of(n)) for n in names)],
                [{"month": m, **{n: series[n].get(m) for n in names}} for m in months],
            )
        ],
        charts=[
            Chart(f"trend_{n}", _label(t, n), "line", list(series[n]), list(series[n].values()), _kind_of(n))
            for n in names
            if series[n]
        ],
    )
    section.notes += [t("trend.none", name=n) for n in names if not series[n]]
    rep.sections.append(section)
    return rep
