"""The ``migration`` report: systems on the cloud against the plan.

``as_of`` is the date against which plans are judged late (default today).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select

from govops.reports.common import count_if, new_report, system_active, system_on_cloud, system_overdue
from govops.reports.context import ReportContext, share
from govops.reports.kpi import kpi_figure, kpi_map
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store import tables
from govops.store.tables import MIGRATION_STATUSES, Department, System
from govops.vocab.values import as_given


def _group_rows(ctx: ReportContext, key: Any) -> list[Any]:
    s = ctx.session
    q = (
        select(
            key.label("k"),
            func.count().label("total"),
            count_if(system_on_cloud()).label("on_cloud"),
            count_if(system_overdue(ctx.as_of)).label("overdue"),
        )
        .select_from(tables.systems)
        .where(system_active(), ctx.scope(System.department_id))
        .group_by(key)
    )
    return list(s.execute(q).all())


def build_migration(ctx: ReportContext) -> Report:
    """Build the migration report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "migration")
    base = and_(system_active(), ctx.scope(System.department_id))
    row = s.execute(
        select(
            func.count(),
            count_if(system_on_cloud()),
            count_if(system_overdue(ctx.as_of)),
            count_if(System.migration_status == "exempt"),
            count_if(System.migration_status.in_(("planned", "adapting", "migrating"))),
        ).where(base)
    ).one()
    total, on_cloud, overdue, exempt, planned = (int(v or 0) for v in row)
    cloud_rate = kpi_map(ctx, ("cloud_rate",))["cloud_rate"]  # 上云率 as the catalogue defines it
    figs = {
        "systems_total": total,
        "systems_on_cloud": on_cloud,
        "systems_on_cloud_share": share(on_cloud, total),
        "systems_overdue": overdue,
        "systems_exempt": exempt,
        "systems_planned": planned,
        "self_built_open_total": cloud_rate.denominator,
        "self_built_open_on_cloud_share": cloud_rate.value,
    }
    rep.figures = figs
    overview = Section(
        "overview",
        t("sec.migration_overview"),
        figures=[
            Figure("systems_total", t("fig.systems_total"), total),
            Figure("systems_on_cloud", t("fig.systems_on_cloud"), on_cloud),
            Figure("systems_on_cloud_share", t("fig.systems_on_cloud_share"), figs["systems_on_cloud_share"], "share"),
            kpi_figure(ctx, "cloud_rate"),
            Figure("systems_overdue", t("fig.systems_overdue"), overdue),
            Figure("systems_exempt", t("fig.systems_exempt"), exempt),
        ],
    )
    if total == 0:
        overview.notes.append(t("empty_store"))
    rep.sections.append(overview)

    group_cols = [
        Column("systems", t("col.systems"), "int"),
        Column("on_cloud", t("col.on_cloud"), "int"),
        Column("share", t("col.on_cloud_share"), "share"),
        Column("overdue", t("col.overdue"), "int"),
    ]

    def group_table(key: str, title: str, first: Column, rows: list[dict[str, Any]]) -> Table:
        return Table(key, title, [first, *group_cols], rows)

    def as_rows(raw: list[Any], named: Any) -> list[dict[str, Any]]:
        """A group row: its code under the field's own key and its translated label under ``group`` (``named``)."""
        return [
            {
                **named(r.k),
                "systems": int(r.total),
                "on_cloud": int(r.on_cloud),
                "share": share(int(r.on_cloud), int(r.total)),
                "overdue": int(r.overdue),
            }
            for r in raw
        ]

    dept_rows = as_rows(_group_rows(ctx, System.department_id), ctx.department_group)
    dept_rows.sort(key=lambda r: (-r["systems"], r["group"]))
    rep.sections.append(
        Section(
            "by_department",
            t("sec.migration_by_department"),
            tables=[
                group_table(
                    "by_department", t("sec.migration_by_department"), Column("group", t("department")), dept_rows
                )
            ],
        )
    )
    origin_rows = as_rows(_group_rows(ctx, System.origin), lambda o: {"origin": o, "group": t.value("origin", o)})
    rep.sections.append(
        Section(
            "by_origin",
            t("sec.migration_by_origin"),
            tables=[
                group_table("by_origin", t("sec.migration_by_origin"), Column("group", t("col.origin")), origin_rows)
            ],
            charts=[
                Chart(
                    "origin_share",
                    t("chart.migration_origin"),
                    "bar",
                    [r["group"] for r in origin_rows],
                    [r["share"] for r in origin_rows],
                    "share",
                    target=cloud_rate.kpi.target,
                )
            ],
        )
    )
    wave_raw = sorted(_group_rows(ctx, System.migration_wave), key=lambda r: (r.k is None, r.k or 0))
    wave_rows = as_rows(wave_raw, lambda w: {"wave": w, "group": t("wave.none") if w is None else str(w)})
    rep.sections.append(
        Section(
            "by_wave",
            t("sec.migration_by_wave"),
            tables=[group_table("by_wave", t("sec.migration_by_wave"), Column("group", t("col.wave")), wave_rows)],
        )
    )
    status_counts: dict[str, int] = dict(
        s.execute(select(System.migration_status, func.count()).where(base).group_by(System.migration_status)).all()
    )
    statuses = [st for st in MIGRATION_STATUSES if st != "retired"]
    status_rows: list[dict[str, Any]] = [
        {
            "migration_status": st,
            "group": t.value("migration_status", st),
            "systems": status_counts.get(st, 0),
            "share": share(status_counts.get(st, 0), total),
        }
        for st in statuses
    ]
    rep.sections.append(
        Section(
            "by_status",
            t("sec.migration_by_status"),
            tables=[
                Table(
                    "by_status",
                    t("sec.migration_by_status"),
                    [
                        Column("group", t("col.migration_status")),
                        Column("systems", t("col.systems"), "int"),
                        Column("share", t("share"), "share"),
                    ],
                    status_rows,
                )
            ],
            charts=[
                Chart(
                    "status",
                    t("chart.migration_status"),
                    "pie",
                    [r["group"] for r in status_rows],
                    [float(r["systems"]) for r in status_rows],
                )
            ],
        )
    )
    rep.sections.append(_overdue_section(ctx, base))
    rep.sections.append(_exempt_section(ctx, base))
    return rep


def _overdue_section(ctx: ReportContext, base: Any) -> Section:
    t, s = ctx.t, ctx.session
    cond = and_(base, system_overdue(ctx.as_of))
    total = int(s.execute(select(func.count()).select_from(tables.systems).where(cond)).scalar_one())
    rows = s.execute(
        select(
            System.name,
            Department.code,
            System.migration_planned,
            System.migration_status,
            System.migration_wave,
            System.migration_note,
            System.date_precision,
        )
        .outerjoin(tables.departments, System.department_id == Department.id)
        .where(cond)
        .order_by(System.migration_planned, System.name)
        .limit(ctx.settings.max_rows)
    ).all()
    table = Table(
        "overdue",
        t("sec.migration_overdue"),
        [
            Column("name", t("name")),
            Column("department", t("department"), "department"),
            Column("planned", t("col.planned_date"), "date"),
            Column("days_late", t("col.days_late"), "int"),
            Column("status", t("col.migration_status"), vocab="migration_status"),
            Column("wave", t("col.wave")),
            Column("note", t("col.reason")),
        ],
        [
            {
                "name": r.name,
                "department": r.code,
                "planned": as_given(r.migration_planned, r.date_precision, "migration_planned"),
                "days_late": (ctx.as_of - r.migration_planned).days,
                "status": r.migration_status,
                "wave": r.migration_wave,
                "note": r.migration_note,
            }
            for r in rows
        ],
        total_rows=total,
    )
    return Section("overdue", t("sec.migration_overdue"), tables=[table])


def _exempt_section(ctx: ReportContext, base: Any) -> Section:
    t, s = ctx.t, ctx.session
    cond = and_(base, System.migration_status == "exempt")
    total = int(s.execute(select(func.count()).select_from(tables.systems).where(cond)).scalar_one())
    rows = s.execute(
        select(System.name, Department.code, System.classified, System.migration_note)
        .outerjoin(tables.departments, System.department_id == Department.id)
        .where(cond)
        .order_by(System.name)
        .limit(ctx.settings.max_rows)
    ).all()
    table = Table(
        "exempt",
        t("sec.migration_exempt"),
        [
            Column("name", t("name")),
            Column("department", t("department"), "department"),
            Column("reason", t("col.reason")),
        ],
        [{"name": r.name, "department": r.code, "reason": r.migration_note} for r in rows],
        total_rows=total,
    )
    return Section("exempt", t("sec.migration_exempt"), tables=[table])
