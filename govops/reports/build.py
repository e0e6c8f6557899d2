"""Build any report by kind: scope, dates and thresholds resolved once, then the kind's builder.

What ``as_of`` means (default: today, UTC):

- ``summary``, ``migration``, ``compliance``, ``xinchuang``, ``rooms``, ``links``: the
  inventory as it stood at the end of ``as_of``, rewound from history inside a
  transaction that is rolled back (``asof.rewind``), judged on that date: overdue
  plans, assessment periods and expiry windows, device age and end of life are
  measured from it;
- ``changes``: the end of the period (``--since`` is its start);
- ``trend``: the last month shown.

An ``as_of`` before the store's first history entry is refused: the store knows
nothing about that time.
"""

from __future__ import annotations

import datetime as dt
import importlib
import typing
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from govops.errors import InputError
from govops.reports.context import ReportContext, ReportSettings, department_scope
from govops.reports.i18n import Lang
from govops.reports.kpi import attach_kpis, kpi_map, report_kpi_keys
from govops.reports.model import Report
from govops.store.tables import HistoryEntry

if TYPE_CHECKING:
    from govops.store.db import Reader


# kind -> "module:function". A report command imports its own builder only: each module (and what
# it imports: the 等保 host rules, the history diff ...) is start-up time of every other report.
BUILDERS: dict[str, str] = {
    "changes": "govops.reports.changes:build_changes",
    "compliance": "govops.reports.compliance:build_compliance",
    "dengbao": "govops.reports.dengbao:build_dengbao",
    "kpi": "govops.reports.kpi:build_kpi",
    "links": "govops.reports.links:build_links",
    "migration": "govops.reports.migration:build_migration",
    "rooms": "govops.reports.rooms:build_rooms",
    "summary": "govops.reports.summary_report:build_summary",
    "xinchuang": "govops.reports.xinchuang:build_xinchuang",
}
KINDS = tuple(sorted(BUILDERS))


def builder_of(kind: str) -> Callable[[ReportContext], Report] | None:
    """The function that builds report ``kind`` (None for an unknown kind), imported on first use."""
    target = BUILDERS.get(kind)
    if target is None:
        return None
    module, name = target.split(":")
    return typing.cast(Callable[[ReportContext], Report], getattr(importlib.import_module(module), name))


def first_history_date(session: Reader) -> dt.date | None:
    """The day of the oldest history entry, or None when the store has no history."""
    first = session.execute(select(func.min(HistoryEntry.at))).scalar_one_or_none()
    if first is None:
        return None
    return first.date() if isinstance(first, dt.datetime) else dt.date.fromisoformat(str(first)[:10])


def make_context(
    session: Reader,
    *,
    lang: Lang,
    as_of: dt.date | None = None,
    department: str | None = None,
    settings: ReportSettings | None = None,
    prometheus_url: str | None = None,
    since: dt.date | None = None,
    include_reachability: bool = False,
) -> ReportContext:
    """Resolve the scope and dates of a report.

    Raises:
        InputError: For an unknown department, an ``as_of`` before any history, or ``since`` after ``as_of``.
    """
    settings = settings or ReportSettings()
    today = dt.datetime.now(settings.tz).date()  # "today" where the report's readers are
    day = as_of or today
    if as_of is not None:
        first = first_history_date(session)
        if first is not None and as_of < first:
            raise InputError(
                f"{as_of.isoformat()} is before the store's history, which starts on {first.isoformat()}",
                where="--as-of",
                hint=f"use a date on or after {first.isoformat()}",
            )
    if since is not None and since > day:
        raise InputError(f"{since.isoformat()} is after --as-of {day.isoformat()}", where="--since")
    ids = department_scope(session, department)
    return ReportContext(
        session=session,
        lang=lang,
        as_of=day,
        settings=settings,
        department=department,
        department_ids=ids,
        prometheus_url=prometheus_url,
        since=since,
        include_reachability=include_reachability,
    )


def build_report(ctx: ReportContext, kind: str, *, figures: Sequence[str] = ()) -> Report:
    """Build the report ``kind`` (or the trend of ``figures`` when ``kind`` is ``trend``).

    Raises:
        InputError: For an unknown kind.
    """
    if kind == "trend":
        from govops.reports.trends import build_trend

        return build_trend(ctx, figures) if figures else build_trend(ctx)
    builder = builder_of(kind)
    if builder is None:
        raise InputError(f"unknown report {kind!r}", where="KIND", hint=f"choose one of {', '.join(KINDS)}, trend")
    rewound = 0
    if kind != "changes" and changes_after(ctx.session, ctx.as_of):
        from govops.reports.asof import rewind

        rewound = rewind(ctx.session, ctx.as_of)
    try:
        # The report's KPIs first, together: one grouped count per table for all of them.
        kpi_map(ctx, report_kpi_keys(kind, ctx.settings.kpis))
        report = builder(ctx)
        if kind != "kpi":
            # Every report shows its KPIs from the one catalogue, so a figure reads the same everywhere.
            attach_kpis(ctx, report)
    finally:
        if rewound:
            # The rewind lives only in this transaction: nothing of it may reach the store.
            ctx.session.rollback()
    if rewound:
        report.notes.append(ctx.t("asof.rewound", n=rewound, day=ctx.as_of.isoformat()))
    return report


def changes_after(session: Reader, day: dt.date) -> int:
    """How many history entries were recorded after the end of ``day``."""
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    return int(session.execute(select(func.count()).where(HistoryEntry.at >= end)).scalar_one())
