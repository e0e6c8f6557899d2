"""The ``changes`` report: what changed in the inventory between two dates, from history.

The period runs from ``since`` (default: 30 days before ``as_of``) to the end of
the ``as_of`` day, in the report's time zone (``[reports] timezone``, default
Asia/Shanghai), and times are shown in it. Field names and changed values are
the vocabulary's labels; a row's entity, action and source are codes, printed as
labels. What scans record about reachability (``reachability``, ``last_seen``) is
left out unless asked for (``--reachability``): it would bury the edits people made.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select

from govops.reports.common import new_report
from govops.reports.context import ReportContext
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store import tables
from govops.store.tables import HistoryEntry
from govops.util.limits import cut_to
from govops.vocab import enum_for, header_label
from govops.vocab.values import PRECISION, PrecisionChange, dates_at, precision_change, values_as_given

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Row


DEFAULT_PERIOD_DAYS = 30
REACHABILITY_FIELDS = ("reachability", "last_seen")
# History names columns; the vocabulary names some of them with a dot (migration.status).
DOTTED_PREFIXES = ("migration_", "dengbao_", "snmp_", "ssh_")


def day_start(day: dt.date, tz: dt.tzinfo = dt.UTC) -> dt.datetime:
    """Midnight at the start of ``day`` in ``tz``."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def vocab_field(column: str | None) -> str | None:
    """The vocabulary's name of a history column (``migration_status`` -> ``migration.status``)."""
    if column is None:
        return None
    for prefix in DOTTED_PREFIXES:
        if column.startswith(prefix):
            return prefix[:-1] + "." + column[len(prefix) :]
    return column


def _local(at: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    # SQLite hands back naive datetimes: the store writes UTC.
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(tz)


def _short(value: Any) -> Any:
    # A created entity's values or a setting (ssh, snmp) read as JSON, as `inventory history` shows them: Python's
    # repr ({'name': 'sw-1'}) was in the bureau's table and in --json.
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = "" if value is None else str(value)
    return cut_to(text, 80)


def build_changes(ctx: ReportContext) -> Report:
    """Build the changes report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "changes")
    since = ctx.since or ctx.as_of - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
    tz = ctx.settings.tz
    start, end = day_start(since, tz), day_start(ctx.as_of + dt.timedelta(days=1), tz)
    # A date's precision (date_precision) is part of that date's change (2026-11), never a change of its own.
    window = (HistoryEntry.at >= start.astimezone(dt.UTC), HistoryEntry.at < end.astimezone(dt.UTC),
              HistoryEntry.field.is_(None) | (HistoryEntry.field != PRECISION))  # fmt: skip
    counts, hidden = _counts(ctx, window)
    total = sum(n for *_, n in counts)
    by_entity: dict[str, int] = {}
    for kind, _, _, n in counts:
        by_entity[kind] = by_entity.get(kind, 0) + n
    rep.figures = {
        "changes_total": total,
        "since": since.isoformat(),
        "changes_by_entity": by_entity,
        "reachability_hidden": hidden,
    }
    notes = [t("changes.period", since=since.isoformat(), until=ctx.as_of.isoformat()) + f" ({ctx.settings.timezone})"]
    if hidden:
        notes.append(t("changes.reachability_hidden", n=hidden))
    overview = Section(
        "overview",
        t("sec.changes_overview"),
        figures=[Figure("changes_total", t("fig.changes_total"), total)],
        notes=notes,
        tables=[
            Table(
                "counts",
                t("sec.changes_overview"),
                [
                    Column("entity", t("col.entity"), vocab="entity"),
                    Column("action", t("col.action"), vocab="history_action"),
                    Column("source", t("col.source"), vocab="history_source"),
                    Column("count", t("count"), "int"),
                ],
                [
                    {
                        "entity": k,
                        "action": a,
                        "source": src,
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
    listed = select(tables.history).where(*window)
    if not ctx.include_reachability:
        listed = listed.where(HistoryEntry.field.is_(None) | HistoryEntry.field.not_in(REACHABILITY_FIELDS))
    # Newest first: the index on (at, id) gives them in order, so only these rows are read.
    newest = listed.order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc()).limit(ctx.settings.max_rows)
    rows = s.execute(newest).all()
    precision = _precision_changes(ctx, rows)
    rep.sections.append(
        Section(
            "list",
            t("sec.changes_list"),
            tables=[
                Table(
                    "changes",
                    t("sec.changes_list"),
                    [
                        Column("at", t("col.at")),
                        Column("entity", t("col.entity"), vocab="entity"),
                        Column("key", t("name")),
                        Column("action", t("col.action"), vocab="history_action"),
                        Column("field", t("col.field")),
                        Column("old", t("col.old")),
                        Column("new", t("col.new")),
                        Column("source", t("col.source"), vocab="history_source"),
                        Column("actor", t("col.actor")),
                    ],
                    [_change_row(ctx, h, tz, precision) for h in rows],
                    total_rows=total,
                )
            ],
        )
    )
    return rep


def _counts(ctx: ReportContext, window: tuple[Any, ...]) -> tuple[list[tuple[str, str, str, int]], int]:
    """Entries in ``window`` by (entity, action, source), and how many of them are hidden scan results.

    One grouped read of the period: at a million entries each pass over them is seconds.
    """
    # Grouped by its label: PostgreSQL takes the expression, rendered again with new parameters, for another one.
    scan = case((HistoryEntry.field.in_(REACHABILITY_FIELDS), 1), else_=0).label("scan")
    group = (HistoryEntry.entity_kind, HistoryEntry.action, HistoryEntry.source)
    grouped = ctx.session.execute(
        select(*group, scan, func.count()).where(*window).group_by(*group, scan).order_by(*group, scan)
    )
    counts: dict[tuple[str, str, str], int] = {}
    hidden = 0
    for kind, action, source, is_scan, n in grouped:
        if is_scan and not ctx.include_reachability:
            hidden += int(n)
        else:
            counts[kind, action, source] = counts.get((kind, action, source), 0) + int(n)
    return [(*key, n) for key, n in counts.items()], hidden


# (at, entity, key) -> the date_precision before and after a change made then.
PrecisionChanges = dict[tuple[Any, ...], PrecisionChange]


def _precision_changes(ctx: ReportContext, rows: Sequence[Row[Any]]) -> PrecisionChanges:
    """The date_precision changes made with the listed rows: (at, entity, key) -> (before, after).

    History written since dates keep their precision holds ``2026-11`` already; older history holds ``2026-11-01``
    and this entry beside it.
    """
    ats = sorted({h.at for h in rows if h.field})
    found: PrecisionChanges = {}
    for i in range(0, len(ats), 500):
        for h in ctx.session.execute(
            select(tables.history).where(HistoryEntry.field == PRECISION, HistoryEntry.at.in_(ats[i : i + 500]))
        ):
            found[h.at, h.entity_kind, h.entity_key] = precision_change(h.old, h.new)
    return found


def _change_row(
    ctx: ReportContext, h: Row[Any], tz: dt.tzinfo, precision: PrecisionChanges
) -> dict[str, Any]:
    """One history entry for people: local time, the field's label, enumerated values in words, dates as given."""
    t = ctx.t
    field = vocab_field(h.field)
    old, new = dates_at(h.field, h.old, h.new, precision.get((h.at, h.entity_kind, h.entity_key)))
    enum = enum_for(f"{h.entity_kind}s", field) if field else None

    def shown(value: Any) -> Any:
        if enum is not None and isinstance(value, str):
            return t.value(enum, value)
        if isinstance(value, bool):
            return t("yes") if value else t("no")
        return _short(value)

    return {
        "at": _local(h.at, tz).strftime("%Y-%m-%d %H:%M"),
        "entity": h.entity_kind,
        "key": h.entity_key,
        "action": h.action,
        "field": header_label(field, ctx.lang) if field else None,
        "field_raw": h.field,
        "old": shown(old),
        "new": shown(values_as_given(new)),
        "source": h.source,
        "actor": h.actor,
    }
