"""The ``changes`` report: what changed in the inventory between two dates, from history.

The period runs from ``since`` (default: 30 days before ``as_of``) to the end of
the ``as_of`` day, both in UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from govops.reports.common import new_report
from govops.reports.context import ReportContext
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store.models import HistoryEntry

DEFAULT_PERIOD_DAYS = 30


def day_start(day: dt.date) -> dt.datetime:
    """Midnight UTC at the start of ``day``."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _short(value: Any) -> Any:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def build_changes(ctx: ReportContext) -> Report:
    """Build the changes report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "changes")
    since = ctx.since or ctx.as_of - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
    start, end = day_start(since), day_start(ctx.as_of + dt.timedelta(days=1))
    window = (HistoryEntry.at >= start, HistoryEntry.at < end)
    counts = s.execute(
        select(HistoryEntry.entity_kind, HistoryEntry.action, HistoryEntry.source, func.count())
        .where(*window)
        .group_by(HistoryEntry.entity_kind, HistoryEntry.action, HistoryEntry.source)
        .order_by(HistoryEntry.entity_kind, HistoryEntry.action, HistoryEntry.source)
    ).all()
    total = sum(int(r[3]) for r in counts)
    by_entity: dict[str, int] = {}
    for kind, _, _, n in counts:
        by_entity[kind] = by_entity.get(kind, 0) + int(n)
    rep.figures = {"changes_total": total, "since": since.isoformat(), "changes_by_entity": by_entity}
    overview = Section(
        "overview",
        t("sec.changes_overview"),
        figures=[Figure("changes_total", t("fig.changes_total"), total)],
        notes=[t("changes.period", since=since.isoformat(), until=ctx.as_of.isoformat())],
        tables=[
            Table(
                "counts",
                t("sec.changes_overview"),
                [
                    Column("entity", t("col.entity")),
                    Column("action", t("col.action")),
                    Column("source", t("col.source")),
                    Column("count", t("count"), "int"),
                ],
                [
                    {
                        "entity": t.value("entity", k),
                        "action": t.value("action", a),
                        "source": t.value("source", src),
                        "count": int(n),
                    }
                    for k, a, src, n in counts
                ],
            )
        ],
        charts=[
            Chart(
                "by_entity",
                t("sec.changes_overview"),
                "bar",
                [t.value("entity", k) for k in by_entity],
                [float(v) for v in by_entity.values()],
            )
        ],
    )
    rep.sections.append(overview)
    rows = (
        s.execute(
            select(HistoryEntry)
            .where(*window)
            .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
            .limit(ctx.settings.max_rows)
        )
        .scalars()
        .all()
    )
    rep.sections.append(
        Section(
            "list",
            t("sec.changes_list"),
            tables=[
                Table(
                    "changes",
                    t("sec.changes_list"),
                    [
                        Column("at", t("col.at"), "date"),
                        Column("entity", t("col.entity")),
                        Column("key", t("name")),
                        Column("action", t("col.action")),
                        Column("field", t("col.field")),
                        Column("old", t("col.old")),
                        Column("new", t("col.new")),
                        Column("source", t("col.source")),
                        Column("actor", t("col.actor")),
                    ],
                    [
                        {
                            "at": h.at,
                            "entity": t.value("entity", h.entity_kind),
                            "key": h.entity_key,
                            "action": t.value("action", h.action),
                            "field": h.field,
                            "old": _short(h.old),
                            "new": _short(h.new),
                            "source": t.value("source", h.source),
                            "actor": h.actor,
                        }
                        for h in rows
                    ],
                    total_rows=total,
                )
            ],
        )
    )
    return rep
