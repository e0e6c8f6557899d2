"""The ``links`` report: extranet coverage, bandwidth tiers, backups, IPv6 and utilisation.

- coverage: departments of each level that are the far end of at least one extranet link;
- tier compliance: a link meets its tier when its contracted bandwidth is at least
  ``[reports] bandwidth_tiers_mbps`` of its level (10G city and county, 1G township, 100M village);
- a primary link has a backup when a ``backup`` link of the same kind reaches the same
  department (or, for links without a far end, the same level);
- utilisation (when ``prometheus_url`` is set): the larger of in/out bit rates over the
  bandwidth agent's ``govops_link_{receive,transmit}_bytes_total{link=...}`` divided by the contract;
- egress capacity is the KPI ``egress_capacity_gbps`` (primary internet links), with
  ``egress_backup_capacity_gbps`` beside it, never added;
- egress health: the a-end interface up or down (``govops_link_oper_up``), the probe loss
  averaged over the utilisation window and the last median round-trip time (the link probe's
  ``govops_link_probe_loss_ratio`` and ``govops_link_rtt_seconds``); a link that is up but
  loses at least ``[reports] probe_loss_warning`` of its probes is ``lossy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from govops.reports.common import new_report
from govops.reports.context import ReportContext, share
from govops.reports.kpi import REPORT_KPIS, kpi_figure, kpi_map
from govops.reports.live import LiveUnavailable, query
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store import tables
from govops.store.tables import DEPARTMENT_LEVELS, Department, Link


def _utilisation(ctx: ReportContext, capacity: dict[str, float | None]) -> tuple[dict[str, float], str | None]:
    t = ctx.t
    if not ctx.prometheus_url:
        return {}, t("live.not_configured")
    window = ctx.settings.link_utilisation_window
    rates: dict[str, float] = {}
    try:
        for direction in ("receive", "transmit"):
            promql = f"max by (link) (rate(govops_link_{direction}_bytes_total[{window}]) * 8)"
            for smp in query(ctx.prometheus_url, promql):
                link = smp.labels.get("link")
                if link:
                    rates[link] = max(rates.get(link, 0.0), smp.value)
    except LiveUnavailable as exc:
        return {}, t("live.missing", url=ctx.prometheus_url, error=exc.message)
    out = {}
    for link, bps in rates.items():
        cap = capacity.get(link)
        if cap:
            out[link] = bps / (cap * 1e6)
    return out, t("live.used", url=ctx.prometheus_url)


def _by_link(ctx: ReportContext, promql: str) -> dict[str, float]:
    """Link -> the value of one live query (empty without Prometheus, or when it cannot be reached)."""
    if not ctx.prometheus_url:
        return {}
    try:
        samples = query(ctx.prometheus_url, promql)
    except LiveUnavailable:
        return {}  # the utilisation note already says Prometheus is missing
    return {smp.labels["link"]: smp.value for smp in samples if smp.labels.get("link")}


def _health(up: bool | None, loss: float | None, warning: float) -> str | None:
    """``down``, ``lossy`` (up, but losing probes), ``ok``, or None when nothing is measured.

    >>> _health(True, 0.2, 0.05), _health(False, 0.0, 0.05), _health(None, 0.01, 0.05), _health(None, None, 0.05)
    ('lossy', 'down', 'ok', None)
    """
    if up is False:
        return "down"
    if loss is not None and loss >= warning:
        return "lossy"
    return "ok" if up or loss is not None else None


def _egress_section(ctx: ReportContext, rep: Report, rows: Sequence[Any], util: dict[str, float]) -> Section:
    """Internet egress, primary and backup side by side: capacity, live utilisation, headroom, health."""
    t = ctx.t
    window = ctx.settings.link_utilisation_window
    up = {link: v >= 1 for link, v in _by_link(ctx, "max by (link) (govops_link_oper_up)").items()}
    loss = _by_link(ctx, f"max by (link) (avg_over_time(govops_link_probe_loss_ratio[{window}]))")
    rtt = _by_link(ctx, "max by (link) (govops_link_rtt_seconds)")
    warning = ctx.settings.probe_loss_warning
    egress = sorted((r for r in rows if r.kind == "internet"), key=lambda r: (r.role == "backup", r.name))
    table_rows = []
    for r in egress:
        u = util.get(r.name)
        cap = r.bandwidth_mbps
        table_rows.append(
            {
                "name": r.name,
                "carrier": r.carrier,
                "role": r.role,
                "bandwidth_mbps": cap,
                "utilisation": u,
                "headroom_mbps": None if u is None or cap is None else cap * (1 - u),
                "up": up.get(r.name),
                "probe_loss": loss.get(r.name),
                "rtt_ms": None if r.name not in rtt else round(rtt[r.name] * 1000, 1),
                "health": _health(up.get(r.name), loss.get(r.name), warning),
            }
        )
    primary = [r for r in egress if r.role != "backup" and r.bandwidth_mbps]
    measured = [r for r in primary if r.name in util]
    peak = sum(util[r.name] * r.bandwidth_mbps for r in measured)
    cap_measured = sum(r.bandwidth_mbps for r in measured)
    rep.figures["egress_primary_utilisation"] = peak / cap_measured if measured and cap_measured else None
    rep.figures["egress_headroom_mbps"] = cap_measured - peak if measured else None
    names = {r.name for r in egress}
    rep.figures["egress_links_down"] = sorted(name for name, ok in up.items() if not ok and name in names)
    rep.figures["egress_links_lossy"] = sorted(r["name"] for r in table_rows if r["health"] == "lossy")
    cols = [
        Column("name", t("name")),
        Column("carrier", t("col.carrier")),
        Column("role", t("col.role"), vocab="link_role"),
        Column("bandwidth_mbps", t("col.bandwidth_mbps"), "int"),
        Column("utilisation", t("col.utilisation"), "share"),
        Column("headroom_mbps", t("col.headroom_mbps"), "int"),
        Column("up", t("col.link_up"), "bool"),
        Column("probe_loss", t("col.probe_loss"), "share"),
        Column("rtt_ms", t("col.rtt_ms"), "float"),
        Column("health", t("col.link_health"), vocab="link_health"),
    ]
    return Section(
        "egress",
        t("sec.links_egress"),
        figures=[
            kpi_figure(ctx, "egress_capacity_gbps"),
            kpi_figure(ctx, "egress_backup_capacity_gbps"),
            Figure("egress_primary_utilisation", t("fig.egress_primary_utilisation"),
                   rep.figures["egress_primary_utilisation"], "share"),
            Figure("egress_headroom_mbps", t("col.headroom_mbps"), rep.figures["egress_headroom_mbps"], "int"),
        ],
        tables=[Table("egress", t("sec.links_egress"), cols, table_rows)],
    )  # fmt: skip


def links_without_backup(rows: Sequence[Any]) -> list[Any]:
    """Return the primary links for which no backup link of the same kind reaches the same place."""
    covered = {
        (r.kind, r.z_department_id if r.z_department_id is not None else f"level:{r.level}")
        for r in rows
        if r.role == "backup"
    }
    return [
        r
        for r in rows
        if r.role != "backup"
        and (r.kind, r.z_department_id if r.z_department_id is not None else f"level:{r.level}") not in covered
    ]


def build_links(ctx: ReportContext) -> Report:
    """Build the WAN-link report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "links")
    rows = s.execute(
        select(
            Link.name,
            Link.kind,
            Link.level,
            Link.carrier,
            Link.role,
            Link.bandwidth_mbps,
            Link.ipv6,
            Link.z_department_id,
            Department.code.label("z_code"),
        )
        .outerjoin(tables.departments, Link.z_department_id == Department.id)
        .where(ctx.scope(Link.z_department_id))
        .order_by(Link.name)
    ).all()
    tiers = ctx.settings.bandwidth_tiers_mbps
    no_backup = links_without_backup(rows)
    extranet = [r for r in rows if r.kind == "extranet"]
    tiered = [r for r in extranet if r.level in tiers]
    compliant = [r for r in tiered if (r.bandwidth_mbps or 0) >= tiers[r.level]]
    kpi_map(ctx, REPORT_KPIS["links"])  # the KPI figures below, counted in one go; their values are under their keys
    util, live_note = _utilisation(ctx, {r.name: r.bandwidth_mbps for r in rows})
    rep.figures = {
        "links_total": len(rows),
        "links_without_backup": len(no_backup),
        "links_tier_compliant_share": share(len(compliant), len(tiered)),
        "utilisation_live": bool(util),
    }
    overview = Section(
        "overview",
        t("sec.links_overview"),
        figures=[
            Figure("links_total", t("fig.links_total"), len(rows)),
            Figure("links_without_backup", t("fig.links_without_backup"), len(no_backup)),
            Figure(
                "links_tier_compliant_share",
                t("fig.links_tier_compliant_share"),
                rep.figures["links_tier_compliant_share"],
                "share",
            ),
            kpi_figure(ctx, "link_ipv6_rate"),
        ],
    )
    if live_note:
        overview.notes.append(live_note)
        rep.notes.append(live_note)
    if not rows:
        overview.notes.append(t("empty_store"))
    rep.sections.append(overview)
    rep.sections.append(_egress_section(ctx, rep, rows, util))

    # Coverage: departments by level reached by an extranet link.
    dept_q = select(Department.level, func.count()).where(ctx.scope(Department.id)).group_by(Department.level)
    depts: dict[str, int] = dict(s.execute(dept_q).all())
    reached_q = (
        select(Department.level, func.count(func.distinct(Department.id)))
        .join(tables.links, Link.z_department_id == Department.id)
        .where(Link.kind == "extranet", ctx.scope(Department.id))
        .group_by(Department.level)
    )
    reached: dict[str, int] = dict(s.execute(reached_q).all())
    cov_rows = [
        {
            "level": lv,
            "group": t.value("level", lv),
            "departments": depts.get(lv, 0),
            "connected": reached.get(lv, 0),
            "coverage": share(reached.get(lv, 0), depts.get(lv, 0)),
        }
        for lv in DEPARTMENT_LEVELS
        if depts.get(lv)
    ]
    rep.sections.append(
        Section(
            "coverage",
            t("sec.links_coverage"),
            tables=[
                Table(
                    "coverage",
                    t("sec.links_coverage"),
                    [
                        Column("group", t("level")),
                        Column("departments", t("col.departments"), "int"),
                        Column("connected", t("col.connected"), "int"),
                        Column("coverage", t("col.coverage"), "share"),
                    ],
                    cov_rows,
                )
            ],
            notes=[t("note.links_coverage")],
        )
    )
    tier_rows: list[dict[str, Any]] = []
    for lv in DEPARTMENT_LEVELS:
        at_level = [r for r in tiered if r.level == lv]
        if not at_level:
            continue
        ok = sum(1 for r in at_level if (r.bandwidth_mbps or 0) >= tiers[lv])
        tier_rows.append(
            {
                "level": lv,
                "group": t.value("level", lv),
                "tier": tiers[lv],
                "links": len(at_level),
                "compliant": ok,
                "share": share(ok, len(at_level)),
            }
        )
    rep.sections.append(
        Section(
            "tiers",
            t("sec.links_tiers"),
            tables=[
                Table(
                    "tiers",
                    t("sec.links_tiers"),
                    [
                        Column("group", t("level")),
                        Column("tier", t("col.tier_mbps"), "int"),
                        Column("links", t("col.links"), "int"),
                        Column("compliant", t("col.compliant"), "int"),
                        Column("share", t("col.compliant_share"), "share"),
                    ],
                    tier_rows,
                )
            ],
            charts=[
                Chart(
                    "tiers",
                    t("chart.links_tiers"),
                    "bar",
                    [r["group"] for r in tier_rows],
                    [r["share"] for r in tier_rows],
                    "share",
                )
            ],
        )
    )
    limit = ctx.settings.max_rows

    def link_row(r: Any) -> dict[str, Any]:
        tier = tiers.get(r.level) if r.kind == "extranet" else None
        return {
            "name": r.name,
            "kind": r.kind,
            "level": r.level,
            "carrier": r.carrier,
            "role": r.role,
            "bandwidth": r.bandwidth_mbps,
            "compliant": None if tier is None else (r.bandwidth_mbps or 0) >= tier,
            "ipv6": r.ipv6,
            "z_end": r.z_code,
            "utilisation": util.get(r.name),
        }

    link_cols = [
        Column("name", t("name")),
        Column("kind", t("kind"), vocab="link_kind"),
        Column("level", t("level"), vocab="level"),
        Column("carrier", t("col.carrier")),
        Column("role", t("col.role"), vocab="link_role"),
        Column("bandwidth", t("col.bandwidth_mbps"), "int"),
        Column("compliant", t("col.compliant"), "bool"),
        Column("ipv6", t("col.ipv6"), "bool"),
        Column("z_end", t("col.z_end")),
        Column("utilisation", t("col.utilisation"), "share"),
    ]
    rep.sections.append(
        Section(
            "no_backup",
            t("sec.links_no_backup"),
            tables=[
                Table(
                    "no_backup",
                    t("sec.links_no_backup"),
                    link_cols,
                    [link_row(r) for r in no_backup[:limit]],
                    total_rows=len(no_backup),
                )
            ],
        )
    )
    rep.sections.append(
        Section(
            "list",
            t("sec.links_list"),
            tables=[
                Table(
                    "links", t("sec.links_list"), link_cols, [link_row(r) for r in rows[:limit]], total_rows=len(rows)
                )
            ],
        )
    )
    return rep
