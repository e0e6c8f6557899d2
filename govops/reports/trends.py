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

from govops.errors import InputError
from govops.kpi.definitions import Kpi
from govops.reports.changes import day_start
from govops.reports.common import new_report
from govops.reports.context import ReportContext
from govops.reports.i18n import LABELS
from govops.reports.kpi import UNIT_KIND
from govops.reports.model import Chart, Column, Report, Section, Table, ValueKind
from govops.store.models import FigureRecord, utcnow
from govops.util.hints import did_you_mean


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
    "domestic_server_rate",
    "room_pue_declared",
    "dengbao_l3_pass_rate",
    "backup_rate",
)

# Names reports used to record a KPI's value under, before each figure had one name (its KPI key). Stored
# history keeps them: `report trend` reads an old name as the KPI's and the KPI's series includes the old
# records. The one place old names are known (docs/reports.md "Figure names").
FIGURE_ALIASES: dict[str, str] = {
    "servers_domestic_share": "domestic_server_rate",
    "network_devices_domestic_share": "domestic_network_rate",
    "dengbao_level3_passed_share": "dengbao_l3_pass_rate",
    "dengbao_coverage_share": "dengbao_coverage_rate",
    "dengbao_technical_ready_share": "dengbao_technical_ready_rate",
    "backup_share": "backup_rate",
    "backup_offsite_share": "offsite_backup_rate",
    "pue_average": "room_pue_declared",
    "pue_measured_average": "room_pue_measured",
    "rooms_self_built_share": "self_built_room_rate",
    "systems_ipv6_share": "ipv6_system_rate",
    "devices_ipv6_share": "ipv6_network_device_rate",
    "links_ipv6_share": "link_ipv6_rate",
}


def recorded_names(figure: str) -> list[str]:
    """The names ``figure`` (a current name or an old one) may be stored under, its current name first."""
    name = FIGURE_ALIASES.get(figure, figure)
    return [name, *(old for old, new in FIGURE_ALIASES.items() if new == name)]


def _kpi(ctx: ReportContext, figure: str) -> Kpi | None:
    return next((k for k in ctx.settings.kpis if k.key == figure), None)


def _kind_of(ctx: ReportContext, figure: str) -> ValueKind:
    kpi = _kpi(ctx, figure)
    if kpi is not None:
        return UNIT_KIND[kpi.unit]
    if figure.endswith(("_share", "_rate")):
        return "share"
    return "pue" if "pue" in figure else "float"


def _label(ctx: ReportContext, figure: str) -> str:
    kpi = _kpi(ctx, figure)
    if kpi is not None:
        return f"{kpi.label(ctx.lang)} ({figure})"
    key = f"fig.{figure}"
    return f"{ctx.t(key)} ({figure})" if key in LABELS else figure


def _refuse_unknown(ctx: ReportContext, names: Sequence[str], stored: Mapping[str, str]) -> None:
    """Refuse a name that is no KPI and was never recorded (any scope): a typo would show an empty trend.

    Raises:
        InputError: Naming the figure, with the closest known name.
    """
    kpis = {k.key for k in ctx.settings.kpis}
    unsure = [n for n in names if n not in kpis]
    if not unsure:
        return
    found = set(
        ctx.session.execute(select(FigureRecord.name).where(FigureRecord.name.in_(stored)).distinct()).scalars()
    )
    missing = [n for n in unsure if not any(old in found for old in recorded_names(n))]
    if not missing:
        return
    recorded = ctx.session.execute(select(FigureRecord.name).distinct()).scalars()
    close = did_you_mean(missing[0], [*kpis, *FIGURE_ALIASES, *recorded])
    record = "a report's figures are kept from its first `govops report KIND --record` on; KPI keys: govops report kpi"
    raise InputError(
        f"{missing[0]!r} is no KPI and no figure of that name has been recorded",
        where="FIGURES",
        hint=f"{close} ({record})" if close else record,
    )


def build_trend(ctx: ReportContext, figures: Sequence[str] = HEADLINE_FIGURES) -> Report:
    """Build the month-by-month trend of recorded figures (the last value of each month).

    Without figures it shows the headline ones: migration, domestic share, PUE, 等保 and backup coverage.

    Raises:
        InputError: A figure that is no KPI and was never recorded (a mistyped name).
    """
    t, s = ctx.t, ctx.session
    # An old name of a KPI's value is read as the KPI's key (FIGURE_ALIASES).
    names = list(dict.fromkeys(FIGURE_ALIASES.get(f, f) for f in figures)) or list(HEADLINE_FIGURES)
    stored = {old: name for name in names for old in recorded_names(name)}
    _refuse_unknown(ctx, names, stored)
    rep = new_report(ctx, "trend")
    if len(names) == 1:
        rep.title = f"{t('report.trend')}: {_label(ctx, names[0])}"
    scope_cond = FigureRecord.scope.is_(None) if ctx.department is None else FigureRecord.scope == ctx.department
    rows = s.execute(
        select(FigureRecord.name, FigureRecord.at, FigureRecord.value)
        .where(
            FigureRecord.name.in_(stored),
            scope_cond,
            FigureRecord.at < day_start(ctx.as_of + dt.timedelta(days=1)),
        )
        .order_by(FigureRecord.at, FigureRecord.id)
    ).all()
    series: dict[str, dict[str, float | None]] = {name: {} for name in names}
    for name, at, value in rows:
        series[stored[name]][at.strftime("%Y-%m")] = value  # later records of a month win
    months = sorted({m for by_month in series.values() for m in by_month})
    rep.figures = {"series": series}
    section = Section(
        "trend",
        t("report.trend"),
        tables=[
            Table(
                "trend",
                t("report.trend"),
                # On a narrow terminal a figure with records outlasts an empty one (a note above names those).
                [Column("month", t("month")),
                 *(Column(n, _label(ctx, n), _kind_of(ctx, n), narrow=1 if series[n] else 0) for n in names)],
                [{"month": m, **{n: series[n].get(m) for n in names}} for m in months],
            )
        ],
        charts=[
            Chart(f"trend_{n}", _label(ctx, n), "line", list(series[n]), list(series[n].values()), _kind_of(ctx, n))
            for n in names
            if series[n]
        ],
    )
    section.notes += [t("trend.none", name=n) for n in names if not series[n]]
    rep.sections.append(section)
    return rep
