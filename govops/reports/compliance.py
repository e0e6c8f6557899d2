"""The ``compliance`` report: 等保 coverage, expiring assessments, backup, audit findings, IPv6.

``as_of`` is the date the assessment period and expiry windows are measured from.
Coverage counts level-3 (and above) systems that passed an assessment in the
``dengbao_period_days`` before ``as_of``; the target is ``dengbao_target`` (90%).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, or_, select

from govops.reports.common import (
    count_if,
    dengbao_covered,
    dengbao_expiring,
    device_active,
    expires_on,
    level3,
    new_report,
    system_active,
)
from govops.reports.context import ReportContext, share
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store.models import BACKUP_KINDS, SEVERITIES, Department, Device, Finding, Link, System

CREDENTIAL_SOURCES = ("credentials", "default_credentials")


def findings_scope(ctx: ReportContext) -> Any:
    """Open findings on devices or systems inside the report's scope."""
    if ctx.department_ids is None:
        return Finding.status == "open"
    ids = sorted(ctx.department_ids)
    return and_(
        Finding.status == "open",
        or_(
            Finding.device_id.in_(select(Device.id).where(Device.department_id.in_(ids))),
            Finding.system_id.in_(select(System.id).where(System.department_id.in_(ids))),
        ),
    )


def build_compliance(ctx: ReportContext) -> Report:
    """Build the compliance report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "compliance")
    base = and_(system_active(), ctx.scope(System.department_id))
    row = s.execute(
        select(
            func.count(),
            count_if(level3()),
            count_if(and_(level3(), dengbao_covered(ctx))),
            count_if(and_(level3(), dengbao_expiring(ctx))),
            count_if(System.ipv6.is_(True)),
        ).where(base)
    ).one()
    total, l3, covered, expiring, sys_v6 = (int(v or 0) for v in row)
    # Grouped by the column itself (PostgreSQL refuses a GROUP BY of coalesce() with the literal bound
    # twice); an absent backup counts as "none".
    backups: dict[str, int] = {}
    for backup, n in s.execute(select(System.backup, func.count()).where(base).group_by(System.backup)).all():
        backups[backup or "none"] = backups.get(backup or "none", 0) + int(n)
    with_backup = total - backups.get("none", 0)
    offsite = backups.get("offsite", 0) + backups.get("local+offsite", 0)
    dev = s.execute(
        select(func.count(), count_if(Device.ipv6.is_(True))).where(device_active(), ctx.scope(Device.department_id))
    ).one()
    links = s.execute(select(func.count(), count_if(Link.ipv6.is_(True))).where(ctx.scope(Link.z_department_id))).one()
    sev = dict(
        s.execute(select(Finding.severity, func.count()).where(findings_scope(ctx)).group_by(Finding.severity)).all()
    )
    creds = int(
        s.execute(
            select(func.count(func.distinct(Finding.device_id))).where(
                findings_scope(ctx), Finding.source.in_(CREDENTIAL_SOURCES)
            )
        ).scalar_one()
    )
    rep.figures = {
        "systems_total": total,
        "dengbao_level3_total": l3,
        "dengbao_level3_covered": covered,
        "dengbao_coverage_share": share(covered, l3),
        "dengbao_expiring": expiring,
        "backup_share": share(with_backup, total),
        "backup_offsite_share": share(offsite, total),
        "findings_open": sum(sev.values()),
        "findings_critical": sev.get("critical", 0),
        "default_credentials": creds,
        "systems_ipv6_share": share(sys_v6, total),
        "devices_ipv6_share": share(int(dev[1]), int(dev[0])),
        "links_ipv6_share": share(int(links[1]), int(links[0])),
    }
    f = rep.figures
    dengbao = Section(
        "dengbao",
        t("sec.dengbao"),
        figures=[
            Figure("dengbao_level3_total", t("fig.dengbao_level3_total"), l3),
            Figure("dengbao_level3_covered", t("fig.dengbao_level3_covered"), covered),
            Figure(
                "dengbao_coverage_share",
                t("fig.dengbao_coverage_share"),
                f["dengbao_coverage_share"],
                "share",
                target=ctx.settings.dengbao_target,
            ),
            Figure("dengbao_expiring", t("fig.dengbao_expiring"), expiring),
        ],
    )
    if total == 0:
        dengbao.notes.append(t("empty_store"))
    rep.sections.append(dengbao)
    rep.sections.append(_expiring_section(ctx, base))
    rep.sections.append(_missing_section(ctx, base))
    backup_rows: list[dict[str, Any]] = [
        {"backup": t.value("backup", b), "systems": backups.get(b, 0), "share": share(backups.get(b, 0), total)}
        for b in BACKUP_KINDS
    ]
    rep.sections.append(
        Section(
            "backup",
            t("sec.backup"),
            figures=[
                Figure("backup_share", t("fig.backup_share"), f["backup_share"], "share"),
                Figure("backup_offsite_share", t("fig.backup_offsite_share"), f["backup_offsite_share"], "share"),
            ],
            tables=[
                Table(
                    "backup",
                    t("sec.backup"),
                    [
                        Column("backup", t("col.backup")),
                        Column("systems", t("col.systems"), "int"),
                        Column("share", t("share"), "share"),
                    ],
                    backup_rows,
                )
            ],
            charts=[
                Chart(
                    "backup",
                    t("chart.backup"),
                    "pie",
                    [r["backup"] for r in backup_rows],
                    [float(r["systems"]) for r in backup_rows],
                )
            ],
        )
    )
    rep.sections.append(_findings_section(ctx, sev, creds))
    ipv6_rows = [
        {"scope": t("scope.systems"), "total": total, "ready": sys_v6, "share": f["systems_ipv6_share"]},
        {"scope": t("scope.devices"), "total": int(dev[0]), "ready": int(dev[1]), "share": f["devices_ipv6_share"]},
        {"scope": t("scope.links"), "total": int(links[0]), "ready": int(links[1]), "share": f["links_ipv6_share"]},
    ]
    rep.sections.append(
        Section(
            "ipv6",
            t("sec.ipv6"),
            tables=[
                Table(
                    "ipv6",
                    t("sec.ipv6"),
                    [
                        Column("scope", t("col.scope")),
                        Column("total", t("total"), "int"),
                        Column("ready", t("col.ready"), "int"),
                        Column("share", t("share"), "share"),
                    ],
                    ipv6_rows,
                )
            ],
        )
    )
    return rep


def _system_rows(ctx: ReportContext, cond: Any) -> tuple[list[dict[str, Any]], int]:
    s = ctx.session
    total = int(s.execute(select(func.count()).select_from(System).where(cond)).scalar_one())
    rows = s.execute(
        select(System.name, Department.code, System.dengbao_level, System.dengbao_assessed, System.dengbao_passed)
        .outerjoin(Department, System.department_id == Department.id)
        .where(cond)
        .order_by(System.dengbao_assessed, System.name)
        .limit(ctx.settings.max_rows)
    ).all()
    return [
        {
            "name": r.name,
            "department": r.code,
            "level": r.dengbao_level,
            "assessed": r.dengbao_assessed,
            "expires": expires_on(r.dengbao_assessed, ctx),
            "passed": r.dengbao_passed,
        }
        for r in rows
    ], total


def _dengbao_columns(ctx: ReportContext) -> list[Column]:
    t = ctx.t
    return [
        Column("name", t("name")),
        Column("department", t("department")),
        Column("level", t("col.dengbao_level"), "int"),
        Column("assessed", t("col.assessed"), "date"),
        Column("expires", t("col.expires"), "date"),
        Column("passed", t("col.passed"), "bool"),
    ]


def _expiring_section(ctx: ReportContext, base: Any) -> Section:
    rows, total = _system_rows(ctx, and_(base, level3(), dengbao_expiring(ctx)))
    t = ctx.t
    return Section(
        "expiring",
        t("sec.dengbao_expiring"),
        tables=[Table("expiring", t("sec.dengbao_expiring"), _dengbao_columns(ctx), rows, total_rows=total)],
    )


def _missing_section(ctx: ReportContext, base: Any) -> Section:
    rows, total = _system_rows(ctx, and_(base, level3(), ~dengbao_covered(ctx)))
    t = ctx.t
    return Section(
        "missing",
        t("sec.dengbao_missing"),
        tables=[Table("missing", t("sec.dengbao_missing"), _dengbao_columns(ctx), rows, total_rows=total)],
    )


def _findings_section(ctx: ReportContext, sev: dict[str, int], creds: int) -> Section:
    t, s = ctx.t, ctx.session
    by_rule = s.execute(
        select(
            Finding.source,
            Finding.rule_id,
            Finding.severity,
            func.min(Finding.title).label("title"),
            func.count().label("n"),
        )
        .where(findings_scope(ctx))
        .group_by(Finding.source, Finding.rule_id, Finding.severity)
        .order_by(func.count().desc())
        .limit(ctx.settings.max_rows)
    ).all()
    rank = {sv: i for i, sv in enumerate(reversed(SEVERITIES))}
    rows = sorted(
        (
            {
                "severity": t.value("severity", r.severity),
                "sev_raw": r.severity,
                "source": t.value("source", r.source),
                "rule": r.rule_id,
                "title": r.title,
                "count": int(r.n),
            }
            for r in by_rule
        ),
        key=lambda r: (rank.get(r["sev_raw"], 9), -r["count"]),
    )
    return Section(
        "findings",
        t("sec.findings"),
        figures=[
            Figure("findings_open", t("fig.findings_open"), sum(sev.values())),
            Figure("findings_critical", t("fig.findings_critical"), sev.get("critical", 0)),
            Figure("default_credentials", t("fig.default_credentials"), creds),
        ],
        tables=[
            Table(
                "findings",
                t("sec.findings"),
                [
                    Column("severity", t("col.severity")),
                    Column("source", t("col.source")),
                    Column("rule", t("col.rule")),
                    Column("title", t("col.title")),
                    Column("count", t("count"), "int"),
                ],
                rows,
            )
        ],
        charts=[
            Chart(
                "findings",
                t("chart.findings"),
                "bar",
                [t.value("severity", sv) for sv in reversed(SEVERITIES)],
                [float(sev.get(sv, 0)) for sv in reversed(SEVERITIES)],
            )
        ],
    )
