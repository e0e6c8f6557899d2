"""The ``summary`` report: the one page for the bureau chief.

Its figures are exactly ``compute_summary`` (``govops/reports/summary.py``, the
JSON contract of ``report summary --format json``); this module only lays them out.
"""

from __future__ import annotations

from typing import Any

from govops.reports.common import new_report
from govops.reports.context import ReportContext
from govops.reports.kpi import kpi_figure, kpi_map
from govops.reports.model import Chart, Column, Figure, Report, Section, Table, ValueKind
from govops.store.tables import DEVICE_KINDS, ROOM_LIFECYCLES

# (section, ((figure, kind), ...)); kind None marks a KPI of the catalogue: it is shown as `report kpi` shows it
# (the catalogue's label, unit and target), from the same value the JSON gives under the KPI's key.
LAYOUT: tuple[tuple[str, tuple[tuple[str, ValueKind | None], ...]], ...] = (
    ("sec.summary_rooms", (("rooms_total", "int"), ("room_pue_declared", None))),
    (
        "sec.summary_devices",
        (
            ("devices_total", "int"),
            ("servers_total", "int"),
            ("domestic_server_rate", None),
            ("domestic_network_rate", None),
        ),
    ),
    (
        "sec.summary_systems",
        (
            ("systems_total", "int"),
            ("systems_on_cloud", "int"),
            ("cloud_rate", None),
            ("systems_overdue", "int"),
        ),
    ),
    (
        "sec.summary_compliance",
        (
            ("dengbao_level3_passed", "int"),
            ("dengbao_l3_pass_rate", None),
            ("backup_rate", None),
            ("offsite_backup_rate", None),
        ),
    ),
    ("sec.summary_links", (("links_total", "int"), ("links_without_backup", "int"))),
)


def layout_summary(ctx: ReportContext, figures: dict[str, Any]) -> Report:
    """Lay the summary figures out as a report."""
    t = ctx.t
    rep = new_report(ctx, "summary")
    rep.figures = figures
    for title_key, figs in LAYOUT:
        section = Section(title_key.removeprefix("sec."), t(title_key))
        section.figures = [
            Figure(k, t(f"fig.{k}"), figures.get(k), kind) if kind else kpi_figure(ctx, k) for k, kind in figs
        ]
        rep.sections.append(section)
    rooms = rep.sections[0]
    by_lc = figures.get("rooms_by_lifecycle") or {}
    rooms.charts.append(
        Chart(
            "rooms_by_lifecycle",
            t("fig.rooms_by_lifecycle"),
            "pie",
            [t.value("lifecycle", lc) for lc in ROOM_LIFECYCLES],
            [float(by_lc.get(lc, 0)) for lc in ROOM_LIFECYCLES],
        )
    )
    rooms.tables.append(
        Table(
            "rooms_by_lifecycle",
            t("fig.rooms_by_lifecycle"),
            [Column("group", t("col.lifecycle")), Column("count", t("count"), "int")],
            [{"lifecycle": lc, "group": t.value("lifecycle", lc), "count": by_lc.get(lc, 0)} for lc in ROOM_LIFECYCLES],
        )
    )
    devices = rep.sections[1]
    by_kind = figures.get("devices_by_kind") or {}
    kinds = [k for k in DEVICE_KINDS if by_kind.get(k)] + sorted(k for k in by_kind if k not in DEVICE_KINDS)
    devices.charts.append(
        Chart(
            "devices_by_kind",
            t("fig.devices_by_kind"),
            "bar",
            [t.value("device_kind", k) for k in kinds],
            [float(by_kind[k]) for k in kinds],
        )
    )
    devices.tables.append(
        Table(
            "devices_by_kind",
            t("fig.devices_by_kind"),
            [Column("group", t("kind")), Column("count", t("count"), "int")],
            [{"kind": k, "group": t.value("device_kind", k), "count": by_kind[k]} for k in kinds],
        )
    )
    systems = rep.sections[2]
    # The chart is the headline's KPI: its own numerator over its own denominator, so its share is the 上云率 above
    # it (not systems_on_cloud over every active system, which also counts classified and non-self-built ones).
    cloud = kpi_map(ctx, ("cloud_rate",))["cloud_rate"]
    on_cloud, in_scope = int(cloud.numerator or 0), int(cloud.denominator or 0)
    systems.charts.append(
        Chart(
            "cloud_rate",
            cloud.kpi.label(ctx.lang),
            "pie",
            [t("col.on_cloud"), t("col.not_on_cloud")],
            [float(on_cloud), float(max(in_scope - on_cloud, 0))],
        )
    )
    total = figures.get("systems_total") or 0
    if not figures.get("rooms_total") and not figures.get("devices_total") and not total:
        rep.notes.append(t("empty_store"))
    return rep


def build_summary(ctx: ReportContext) -> Report:
    """Build the summary report from ``compute_summary``."""
    from govops.reports.summary import KPI_KEYS, compute_summary

    # The KPI section (attach_kpis) uses the same values: one grouped count per table, not two.
    result = compute_summary(ctx.session, as_of=ctx.as_of, department=ctx.department, kpis=list(ctx.settings.kpis),
                             kpi_values=list(kpi_map(ctx, KPI_KEYS).values()))  # fmt: skip
    return layout_summary(ctx, dict(result["figures"]))
