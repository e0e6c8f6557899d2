"""The ``rooms`` report: lifecycle, what each room still hosts, PUE, and what could close.

PUE comes from the power agent's ``govops_room_pue{room,category}`` series when
``prometheus_url`` is configured (query configurable as ``[reports] pue_query``),
else from the declared value; the source is shown per room. ``as_of`` is the
date of the report; live PUE is always the current value.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from govops.reports.common import count_if, device_active, new_report, system_active, system_on_cloud
from govops.reports.context import ReportContext, share
from govops.reports.live import LiveUnavailable, query
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store.models import ROOM_LIFECYCLES, Device, Room, System

MOVING = ("planned", "adapting", "migrating")


def pue_grade(pue: float | None, bounds: tuple[float, ...]) -> int | None:
    """Return the GB 40879 grade (1 best) of ``pue``, ``len(bounds)+1`` above the limit, None if unknown.

    >>> pue_grade(1.25, (1.2, 1.3, 1.5))
    2
    >>> pue_grade(2.3, (1.2, 1.3, 1.5))
    4
    """
    if pue is None:
        return None
    for i, bound in enumerate(bounds):
        if pue <= bound:
            return i + 1
    return len(bounds) + 1


def live_pue(ctx: ReportContext) -> tuple[dict[str, tuple[float, str | None]], str | None]:
    """Return room code -> (PUE, category) from Prometheus, and a note for the reader.

    Where a room has several categories, the best measured (highest category) wins.
    """
    t = ctx.t
    if not ctx.prometheus_url:
        return {}, t("live.not_configured")
    try:
        samples = query(ctx.prometheus_url, ctx.settings.pue_query)
    except LiveUnavailable as exc:
        return {}, t("live.missing", url=ctx.prometheus_url, error=exc.message)
    out: dict[str, tuple[float, str | None]] = {}
    for smp in samples:
        room = smp.labels.get("room")
        if not room:
            continue
        cat = smp.labels.get("category")
        prev = out.get(room)
        if prev is None or (cat or "") > (prev[1] or ""):
            out[room] = (smp.value, cat)
    return out, t("live.used", url=ctx.prometheus_url)


def build_rooms(ctx: ReportContext) -> Report:
    """Build the machine-room report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "rooms")
    servers = dict(
        s.execute(
            select(Device.room_id, func.count())
            .where(device_active(), Device.kind == "server", Device.room_id.is_not(None))
            .group_by(Device.room_id)
        ).all()
    )
    hosted = {
        r.room_id: r
        for r in s.execute(
            select(
                System.room_id,
                func.count().label("n"),
                count_if(System.migration_status.in_(MOVING)).label("moving"),
                func.max(System.migration_planned).label("last_planned"),
            )
            .where(system_active(), ~system_on_cloud(), System.room_id.is_not(None))
            .group_by(System.room_id)
        ).all()
    }
    live, live_note = live_pue(ctx)
    rooms = s.execute(
        select(Room.id, Room.code, Room.name, Room.lifecycle, Room.self_built, Room.pue_declared, Room.pue_target)
        .where(ctx.scope(Room.department_id))
        .order_by(Room.code)
    ).all()
    bounds = ctx.settings.pue_grades
    rows: list[dict[str, Any]] = []
    for r in rooms:
        h = hosted.get(r.id)
        source: str | None
        period: str | None
        if r.code in live:
            pue, cat = live[r.code]
            source, period = t("pue.live"), ctx.settings.pue_period or t("pue.period_live")
        else:
            pue, cat = r.pue_declared, None
            source, period = (t("pue.declared"), t("pue.period_declared")) if pue is not None else (None, None)
        grade = pue_grade(pue, bounds)
        rows.append(
            {
                "code": r.code,
                "name": r.name,
                "lifecycle_raw": r.lifecycle,
                "lifecycle": t.value("lifecycle", r.lifecycle),
                "self_built": r.self_built,
                "servers": int(servers.get(r.id, 0)),
                "systems": int(h.n) if h else 0,
                "moving": int(h.moving) if h else 0,
                "last_planned": h.last_planned if h else None,
                "pue": pue,
                "pue_source": source,
                "category": cat,
                "period": period,
                "grade": None if grade is None else (t("pue.grade_over") if grade > len(bounds) else str(grade)),
                "pue_target": r.pue_target,
            }
        )
    counted = [r for r in rows if r["lifecycle_raw"] != "closed"]
    pues = [r["pue"] for r in counted if r["pue"] is not None]
    by_lifecycle = {lc: sum(1 for r in rows if r["lifecycle_raw"] == lc) for lc in ROOM_LIFECYCLES}
    closable = [
        r for r in counted if r["lifecycle_raw"] in ("active", "closing", "converting") and r["systems"] == r["moving"]
    ]
    rep.figures = {
        "rooms_total": len(rows),
        "rooms_by_lifecycle": by_lifecycle,
        "rooms_self_built_share": share(sum(1 for r in rows if r["self_built"]), len(rows)),
        "pue_average": round(sum(pues) / len(pues), 3) if pues else None,
        "rooms_pue_known": len(pues),
        "rooms_closable": len(closable),
        "pue_live": bool(live),
    }
    overview = Section(
        "overview",
        t("sec.rooms_overview"),
        figures=[
            Figure("rooms_total", t("fig.rooms_total"), len(rows)),
            Figure(
                "rooms_self_built_share",
                t("fig.rooms_self_built_share"),
                rep.figures["rooms_self_built_share"],
                "share",
            ),
            Figure("pue_average", t("fig.pue_average"), rep.figures["pue_average"], "pue"),
            Figure("rooms_pue_known", t("fig.rooms_pue_known"), len(pues)),
            Figure("rooms_closable", t("fig.rooms_closable"), len(closable)),
        ],
        charts=[
            Chart(
                "lifecycle",
                t("chart.rooms_lifecycle"),
                "pie",
                [t.value("lifecycle", lc) for lc in ROOM_LIFECYCLES],
                [float(by_lifecycle[lc]) for lc in ROOM_LIFECYCLES],
            )
        ],
    )
    if live_note:
        overview.notes.append(live_note)
        rep.notes.append(live_note)
    if not rows:
        overview.notes.append(t("empty_store"))
    rep.sections.append(overview)
    limit = ctx.settings.max_rows
    cols = [
        Column("code", t("code")),
        Column("name", t("name")),
        Column("lifecycle", t("col.lifecycle")),
        Column("servers", t("col.servers"), "int"),
        Column("systems", t("col.systems_hosted"), "int"),
        Column("pue", t("col.pue"), "pue"),
        Column("category", t("col.pue_category")),
        Column("period", t("col.pue_period")),
        Column("pue_source", t("col.pue_source")),
        Column("grade", t("col.pue_grade")),
        Column("pue_target", t("col.pue_target"), "pue"),
    ]
    rep.sections.append(
        Section(
            "list",
            t("sec.rooms_list"),
            tables=[Table("rooms", t("sec.rooms_list"), cols, rows[:limit], total_rows=len(rows))],
        )
    )
    ranking = sorted(counted, key=lambda r: (r["pue"] is None, -(r["pue"] or 0.0), r["systems"], r["code"]))
    ranked = [{**r, "rank": i + 1} for i, r in enumerate(ranking)]
    top = [r for r in ranked if r["pue"] is not None][:15]
    rep.sections.append(
        Section(
            "ranking",
            t("sec.rooms_ranking"),
            tables=[
                Table(
                    "ranking",
                    t("sec.rooms_ranking"),
                    [
                        Column("rank", t("col.rank"), "int"),
                        Column("code", t("code")),
                        Column("name", t("name")),
                        Column("pue", t("col.pue"), "pue"),
                        Column("systems", t("col.systems_hosted"), "int"),
                        Column("servers", t("col.servers"), "int"),
                        Column("lifecycle", t("col.lifecycle")),
                    ],
                    ranked[:limit],
                    total_rows=len(ranked),
                )
            ],
            charts=[
                Chart(
                    "pue",
                    t("chart.rooms_pue"),
                    "bar",
                    [f"{r['code']} {r['name']}" for r in top],
                    [r["pue"] for r in top],
                    "pue",
                    target=bounds[1] if len(bounds) > 1 else None,
                )
            ],
        )
    )
    rep.sections.append(
        Section(
            "closable",
            t("sec.rooms_closable"),
            tables=[
                Table(
                    "closable",
                    t("sec.rooms_closable"),
                    [
                        Column("code", t("code")),
                        Column("name", t("name")),
                        Column("lifecycle", t("col.lifecycle")),
                        Column("systems", t("col.systems_hosted"), "int"),
                        Column("last_planned", t("col.close_after"), "date"),
                        Column("pue", t("col.pue"), "pue"),
                    ],
                    closable[:limit],
                    total_rows=len(closable),
                )
            ],
        )
    )
    return rep
