"""The ``rooms`` report: what each room hosts, declared and measured PUE, and what to do with it.

PUE is shown side by side: declared (from the inventory) and measured as energy-based PUE
(facility energy / IT energy) over 1 day and 30 days, from the power agent's recording
rules ``govops:room_pue:energy1d|30d`` when ``prometheus_url`` is configured. The GB 40879
grade uses the 30-day measurement where there is one, else the declared value; closed
rooms get no PUE and no grade.

Each room gets a recommendation with its reasons:

- ``closed``: already closed;
- ``retain``: the e-government cloud room (a room hosting servers that cloud systems run
  on, one listed in ``[reports] cloud_rooms``, or one whose name has a word of
  ``cloud_room_words``), a room declared ``retained``, or a room still hosting systems
  with no move planned (named);
- ``convert``: a room that terminates WAN links becomes an aggregation node (汇聚节点)
  once the systems it hosts (named) have moved;
- ``close``: everything else, naming the systems that must move first.

Power freed (可释放电力) says what a close or a convert gives back. Closing frees the room's
whole facility power: measured, its mean over ``[reports] power_window`` (the rate of the
power agent's facility energy counters), else estimated as servers × ``[reports]
server_watts`` × PUE (30-day measured, else declared). Converting keeps the network node powered and frees the
servers' share only (the estimate). Without a PUE the estimate is IT power only, and says so.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from govops.reports.common import device_active, new_report, system_active, system_on_cloud
from govops.reports.context import ReportContext
from govops.reports.kpi import REPORT_KPIS, kpi_figure, kpi_map
from govops.reports.live import LiveUnavailable, query
from govops.reports.model import Chart, Column, Report, Section, Table
from govops.reports.render import format_value
from govops.store import tables
from govops.store.tables import ROOM_LIFECYCLES, Device, Link, Room, System, SystemHost

MOVING = ("planned", "adapting", "migrating")
WINDOWS = ("1d", "30d")
MAX_NAMED = 5  # systems named in a reason; the rest are counted


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


def measured_pue(ctx: ReportContext) -> tuple[dict[str, dict[str, float]], str | None]:
    """Room code -> window -> energy-based PUE (and ``facility_w``, mean power) from Prometheus, and a note."""
    t = ctx.t
    if not ctx.prometheus_url:
        return {}, t("live.not_configured")
    out: dict[str, dict[str, float]] = defaultdict(dict)
    series = [(f"govops:room_pue:energy{w}", w) for w in WINDOWS]
    window = ctx.settings.power_window
    series.append((f'sum by (room) (rate(govops_energy_joules_total{{role="facility"}}[{window}]))', "facility_w"))
    try:
        for expr, key in series:
            for smp in query(ctx.prometheus_url, expr):
                room = smp.labels.get("room")
                if room:
                    out[room][key] = smp.value
    except LiveUnavailable as exc:
        return {}, t("live.missing", url=ctx.prometheus_url, error=exc.message)
    return dict(out), t("live.used", url=ctx.prometheus_url)


def _named(names: list[str], t: Any) -> str:
    shown = "、".join(names[:MAX_NAMED])
    return shown + (t("rooms.and_more", n=len(names) - MAX_NAMED) if len(names) > MAX_NAMED else "")


def _hosted_systems(ctx: ReportContext) -> dict[int, list[tuple[str, str]]]:
    """Room id -> (system name, migration status) of the active systems still hosted there (not on the cloud)."""
    rows = ctx.session.execute(
        select(System.room_id, System.name, System.migration_status)
        .where(system_active(), ~system_on_cloud(), System.room_id.is_not(None))
        .order_by(System.name)
    ).all()
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        out[r.room_id].append((r.name, r.migration_status))
    return out


def _cloud_rooms(ctx: ReportContext, rooms: list[Any]) -> set[int]:
    """Rooms of the e-government cloud: hosting what cloud systems run on, configured, or named so."""
    s = ctx.session
    hosting = {
        room
        for room in s.scalars(
            select(Device.room_id)
            .join(tables.system_hosts, SystemHost.device_id == Device.id)
            .join(tables.systems, System.id == SystemHost.system_id)
            .where(system_on_cloud(), system_active(), Device.room_id.is_not(None))
            .distinct()
        )
        if room is not None
    }
    configured = set(ctx.settings.cloud_rooms)
    words = ctx.settings.cloud_room_words
    return hosting | {r.id for r in rooms if r.code in configured or any(w and w in (r.name or "") for w in words)}


def power_freed(
    action: str, servers: int, measured: dict[str, float], pue: float | None, server_watts: float
) -> tuple[float | None, str | None]:
    """Watts a recommendation frees, and its basis (``measured``, ``estimated``, ``estimated_it``).

    >>> power_freed("close", 10, {"facility_w": 12000.0}, None, 400)
    (12000.0, 'measured')
    >>> power_freed("convert", 10, {"facility_w": 1.0}, 1.5, 400)
    (6000.0, 'estimated')
    >>> power_freed("close", 10, {}, None, 400)
    (4000.0, 'estimated_it')
    >>> power_freed("retain", 10, {}, 1.5, 400)
    (None, None)
    """
    if action == "close" and measured.get("facility_w") is not None:
        return measured["facility_w"], "measured"
    if action not in ("close", "convert") or not servers:
        return None, None
    it = float(servers * server_watts)
    return (it * pue, "estimated") if pue is not None else (it, "estimated_it")


def _recommend(  # noqa: PLR0917 (one room's facts)
    ctx: ReportContext, r: Any, hosted: list[tuple[str, str]], links: int, servers: int, cloud: bool
) -> tuple[str, list[str]]:
    t = ctx.t
    moving = [n for n, st in hosted if st in MOVING]
    staying = [n for n, st in hosted if st not in MOVING]
    if r.lifecycle == "closed":
        return "closed", []
    if cloud:
        return "retain", [t("rooms.why_cloud")]
    if r.lifecycle == "retained":
        return "retain", [t("rooms.why_retained")]
    if staying:
        reasons = [t("rooms.why_staying", n=len(staying), names=_named(staying, t))]
        if links:
            reasons.append(t("rooms.why_links", n=links))
        return "retain", reasons
    reasons = []
    if moving:
        reasons.append(t("rooms.move_first", n=len(moving), names=_named(moving, t)))
    if servers:
        reasons.append(t("rooms.servers_left", n=servers))
    if links:
        return "convert", [t("rooms.why_links", n=links), *reasons]
    if r.self_built is False:
        reasons.append(t("rooms.not_self_built"))
    return "close", reasons


def build_rooms(ctx: ReportContext) -> Report:
    """Build the machine-room report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "rooms")
    servers: dict[int, int] = dict(
        s.execute(
            select(Device.room_id, func.count())
            .where(device_active(), Device.kind == "server", Device.room_id.is_not(None))
            .group_by(Device.room_id)
        ).all()
    )
    links: dict[int, int] = dict(
        s.execute(
            select(Device.room_id, func.count(Link.id))
            .join(tables.links, Link.a_device_id == Device.id)
            .where(Device.room_id.is_not(None))
            .group_by(Device.room_id)
        ).all()
    )
    hosted = _hosted_systems(ctx)
    measured, live_note = measured_pue(ctx)
    rooms = s.execute(
        select(Room.id, Room.code, Room.name, Room.lifecycle, Room.self_built, Room.pue_declared, Room.pue_target)
        .where(ctx.scope(Room.department_id))
        .order_by(Room.code)
    ).all()
    cloud = _cloud_rooms(ctx, list(rooms))
    bounds = ctx.settings.pue_grades
    rows: list[dict[str, Any]] = []
    for r in rooms:
        closed = r.lifecycle == "closed"
        m = {} if closed else measured.get(r.code, {})
        declared = None if closed else r.pue_declared
        graded = m.get("30d", declared)
        grade = None if closed else pue_grade(graded, bounds)
        systems = hosted.get(r.id, [])
        action, reasons = _recommend(ctx, r, systems, int(links.get(r.id, 0)), int(servers.get(r.id, 0)), r.id in cloud)
        watts, basis = power_freed(action, int(servers.get(r.id, 0)), m, graded, ctx.settings.server_watts)
        if watts is not None:
            # As the power-freed column prints it (format_value: one decimal, thousands separated).
            reasons.append(t(f"rooms.power_freed_{basis}", kw=format_value(watts / 1000, "float", t)))
        rows.append(
            {
                "code": r.code,
                "name": r.name,
                "lifecycle": r.lifecycle,
                "self_built": r.self_built,
                "servers": int(servers.get(r.id, 0)),
                "systems": len(systems),
                "moving": sum(1 for _, st in systems if st in MOVING),
                "links": int(links.get(r.id, 0)),
                "pue_declared": declared,
                "pue_1d": m.get("1d"),
                "pue_30d": m.get("30d"),
                "pue": graded,
                "grade": None if grade is None else ("over" if grade > len(bounds) else str(grade)),
                "pue_target": r.pue_target,
                "power_freed_kw": None if watts is None else round(watts / 1000, 1),
                "action": action,
                "reasons": "；".join(reasons) if ctx.lang == "zh" else "; ".join(reasons),
            }
        )
    by_lifecycle = {lc: sum(1 for r in rows if r["lifecycle"] == lc) for lc in ROOM_LIFECYCLES}
    by_action = {a: sum(1 for r in rows if r["action"] == a) for a in ("retain", "convert", "close", "closed")}
    kpi_map(ctx, REPORT_KPIS["rooms"])  # the KPI figures below, counted in one go; their values are under their keys
    rep.figures = {
        "rooms_total": len(rows),
        "rooms_by_lifecycle": by_lifecycle,
        "rooms_pue_known": sum(1 for r in rows if r["pue"] is not None),
        "rooms_closable": by_action["close"],
        "rooms_by_recommendation": by_action,
        "pue_live": bool(measured),
    }
    rep.sections.append(_overview(ctx, rep, by_lifecycle, by_action, live_note))
    rep.sections.append(_list_section(ctx, rows))
    rep.sections.append(_pue_section(ctx, rows, bounds))
    return rep


def _overview(
    ctx: ReportContext, rep: Report, by_lifecycle: dict[str, int], by_action: dict[str, int], note: str | None
) -> Section:
    t = ctx.t
    actions = ("retain", "convert", "close", "closed")
    section = Section(
        "overview",
        t("sec.rooms_overview"),
        figures=[
            kpi_figure(ctx, "self_built_room_rate"),
            kpi_figure(ctx, "room_pue_declared"),
            kpi_figure(ctx, "room_pue_measured"),
        ],
        charts=[
            Chart("lifecycle", t("chart.rooms_lifecycle"), "pie",
                  [t.value("lifecycle", lc) for lc in ROOM_LIFECYCLES],
                  [float(by_lifecycle[lc]) for lc in ROOM_LIFECYCLES]),
            Chart("recommendation", t("chart.rooms_recommendation"), "bar",
                  [t.value("room_action", a) for a in actions], [float(by_action[a]) for a in actions]),
        ],
    )  # fmt: skip
    if note:
        section.notes.append(note)
        rep.notes.append(note)
    if not rep.figures["rooms_total"]:
        section.notes.append(t("empty_store"))
    return section


def _list_section(ctx: ReportContext, rows: list[dict[str, Any]]) -> Section:
    t = ctx.t
    cols = [
        Column("code", t("code")),
        Column("name", t("name"), narrow=2),
        Column("lifecycle", t("col.lifecycle"), vocab="lifecycle"),
        Column("servers", t("col.servers"), "int"),
        Column("systems", t("col.systems_hosted"), "int", narrow=1),
        Column("links", t("col.links_terminated"), "int"),
        Column("pue_declared", t("col.pue_declared"), "pue", narrow=1),
        Column("pue_1d", t("col.pue_1d"), "pue"),
        Column("pue_30d", t("col.pue_30d"), "pue"),
        Column("grade", t("col.pue_grade"), vocab="pue_grade"),
        Column("action", t("col.recommendation"), vocab="room_action", narrow=2),
        Column("power_freed_kw", t("col.power_freed_kw"), "float"),
        Column("reasons", t("col.reasons")),
    ]
    limit = ctx.settings.max_rows
    return Section(
        "list", t("sec.rooms_list"), tables=[Table("rooms", t("sec.rooms_list"), cols, rows[:limit], len(rows))]
    )


def _pue_section(ctx: ReportContext, rows: list[dict[str, Any]], bounds: tuple[float, ...]) -> Section:
    """PUE by room, highest first: the 30-day measurement where there is one, else the declared value."""
    t = ctx.t
    ranked = sorted((r for r in rows if r["pue"] is not None), key=lambda r: (-r["pue"], r["code"]))
    ranked = [{**r, "rank": i + 1} for i, r in enumerate(ranked)]
    top = ranked[:20]
    return Section(
        "ranking",
        t("sec.rooms_ranking"),
        tables=[
            Table(
                "ranking",
                t("sec.rooms_ranking"),
                [
                    Column("rank", t("col.rank"), "int"),
                    Column("code", t("code")),
                    Column("name", t("name"), narrow=2),
                    Column("pue_declared", t("col.pue_declared"), "pue", narrow=1),
                    Column("pue_30d", t("col.pue_30d"), "pue"),
                    Column("systems", t("col.systems_hosted"), "int", narrow=1),
                    Column("action", t("col.recommendation"), vocab="room_action", narrow=2),
                ],
                ranked[: ctx.settings.max_rows],
                total_rows=len(ranked),
            )
        ],
        charts=[
            Chart("pue", t("chart.rooms_pue"), "bar", [f"{r['code']} {r['name']}" for r in top],
                  [r["pue"] for r in top], "pue", target=bounds[-1] if bounds else None)
        ],
    )  # fmt: skip
