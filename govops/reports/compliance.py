"""The ``compliance`` report: 等保 coverage, expiring assessments, backup, audit findings, IPv6.

``as_of`` is the date the assessment period and expiry windows are measured from.
Coverage counts level-3 (and above) systems that passed an assessment in the
``dengbao_period_days`` before ``as_of``; the target is ``dengbao_target`` (90%).
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import and_, func, select

from govops.reports.audit import AuditTally, computed_groups, count_open_findings, findings_scope, stored_title
from govops.reports.common import (
    count_if,
    dengbao_covered,
    dengbao_expiring,
    expires_on,
    level3,
    new_report,
    system_active,
)
from govops.reports.context import ReportContext, share
from govops.reports.kpi import REPORT_KPIS, kpi_figure, kpi_map
from govops.reports.model import Chart, Column, Figure, Report, Section, Table
from govops.store import tables
from govops.store.tables import BACKUP_KINDS, SEVERITIES, Department, Device, Finding, System
from govops.vocab.values import as_given

CREDENTIAL_SOURCES = ("credentials", "default_credentials")


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
        ).where(base)
    ).one()
    total, l3, covered, expiring = (int(v or 0) for v in row)
    kpi = kpi_map(ctx, REPORT_KPIS["compliance"])
    # Grouped by the column itself (PostgreSQL refuses a GROUP BY of coalesce() with the literal bound
    # twice); an absent backup counts as "none".
    backups: dict[str, int] = {}
    for backup, n in s.execute(select(System.backup, func.count()).where(base).group_by(System.backup)).all():
        backups[backup or "none"] = backups.get(backup or "none", 0) + int(n)
    # The audit's count (stored findings and computed compliance checks), the figure of every surface.
    tally = count_open_findings(ctx)
    sev: dict[str, int] = dict(tally.by_severity)
    open_findings = _open_findings(ctx)
    creds = len({f["device"] for f in open_findings if is_default_credential(f["source"], f["rule_id"])})
    rep.figures = {
        "systems_total": total,
        "dengbao_level3_total": l3,
        "dengbao_level3_covered": covered,
        "dengbao_expiring": expiring,
        "findings_open": sum(sev.values()),
        "findings_critical": sev.get("critical", 0),
        "default_credentials": creds,
    }
    dengbao = Section(
        "dengbao",
        t("sec.dengbao"),
        figures=[
            Figure("dengbao_level3_total", t("fig.dengbao_level3_total"), l3),
            Figure("dengbao_level3_covered", t("fig.dengbao_level3_covered"), covered),
            kpi_figure(ctx, "dengbao_coverage_rate"),
            kpi_figure(ctx, "dengbao_l3_pass_rate"),
            Figure("dengbao_expiring", t("fig.dengbao_expiring"), expiring),
        ],
    )
    if total == 0:
        dengbao.notes.append(t("empty_store"))
    rep.sections.append(dengbao)
    rep.sections.append(_expiring_section(ctx, base))
    rep.sections.append(_missing_section(ctx, base))
    backup_rows: list[dict[str, Any]] = [
        {"backup": b, "group": t.value("backup", b), "systems": backups.get(b, 0),
         "share": share(backups.get(b, 0), total)}
        for b in BACKUP_KINDS
    ]
    rep.sections.append(
        Section(
            "backup",
            t("sec.backup"),
            figures=[
                kpi_figure(ctx, "backup_rate"),
                kpi_figure(ctx, "offsite_backup_rate"),
            ],
            tables=[
                Table(
                    "backup",
                    t("sec.backup"),
                    [
                        Column("group", t("col.backup")),
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
                    [r["group"] for r in backup_rows],
                    [float(r["systems"]) for r in backup_rows],
                )
            ],
        )
    )
    rep.sections.append(_findings_section(ctx, tally, creds, open_findings))
    ipv6_rows = [
        {"kpi": key, "group": kpi[key].kpi.label(ctx.lang), "total": kpi[key].denominator, "ready": kpi[key].numerator,
         "share": kpi[key].value}
        for key in ("ipv6_system_rate", "ipv6_network_device_rate", "link_ipv6_rate")
    ]  # fmt: skip
    rep.sections.append(
        Section(
            "ipv6",
            t("sec.ipv6"),
            tables=[
                Table(
                    "ipv6",
                    t("sec.ipv6"),
                    [
                        Column("group", t("col.scope")),
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
    total = int(s.execute(select(func.count()).select_from(tables.systems).where(cond)).scalar_one())
    rows = s.execute(
        select(System.name, Department.code, System.dengbao_level, System.dengbao_assessed, System.dengbao_passed,
               System.date_precision)
        .outerjoin(tables.departments, System.department_id == Department.id)
        .where(cond)
        .order_by(System.dengbao_assessed, System.name)
        .limit(ctx.settings.max_rows)
    ).all()
    return [
        {
            "name": r.name,
            "department": r.code,
            "level": r.dengbao_level,
            "assessed": as_given(r.dengbao_assessed, r.date_precision, "dengbao_assessed"),
            "expires": expires_on(r.dengbao_assessed, ctx),
            "passed": r.dengbao_passed,
        }
        for r in rows
    ], total


def _dengbao_columns(ctx: ReportContext) -> list[Column]:
    t = ctx.t
    return [
        Column("name", t("name")),
        Column("department", t("department"), "department"),
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


def rule_name(rule_id: str) -> str:
    """The rule without its platform (``huawei_vrp.telnet_enabled`` -> ``telnet_enabled``): one row per rule."""
    return rule_id.split(".", 1)[-1]


def is_default_credential(source: str, rule_id: str) -> bool:
    """A default password proven by a login, or a factory-default account or community in the configuration."""
    return source in CREDENTIAL_SOURCES or "default" in rule_name(rule_id)


def title_in(finding: dict[str, Any], lang: str) -> str:
    """A stored finding's title in the reader's language, as ``govops audit --lang`` gives it (``stored_title``)."""
    return stored_title(finding["source"], finding["rule_id"], str(finding["title"]), lang)


SUBJECTS_SHOWN = 10


def _device_names(t: Any, items: list[dict[str, Any]], shown: int = SUBJECTS_SHOWN) -> str:
    names = sorted({i["device"] for i in items})
    more = t("rooms.and_more", n=len(names) - shown) if len(names) > shown else ""
    return "、".join(names[:shown]) + more


def _open_findings(ctx: ReportContext) -> list[dict[str, Any]]:
    rows = ctx.session.execute(
        select(Finding.source, Finding.rule_id, Finding.severity, Finding.title, Device.name, System.name)
        .outerjoin(tables.devices, Finding.device_id == Device.id)
        .outerjoin(tables.systems, Finding.system_id == System.id)
        .where(findings_scope(ctx))
    ).all()
    return [
        {"source": r[0], "rule_id": r[1], "severity": r[2], "title": r[3], "device": r[4] or r[5] or "—"} for r in rows
    ]


def _computed_rows(ctx: ReportContext, tally: AuditTally) -> list[dict[str, Any]]:
    """One row per computed compliance check with findings: its count and its first subjects (listed in order)."""
    rows = []
    for g in computed_groups(ctx):
        n = tally.by_rule.get((g.source, g.rule, g.severity), 0)
        if n:
            names = [f.subject for f in itertools.islice(g.rows(), SUBJECTS_SHOWN)]
            more = ctx.t("rooms.and_more", n=n - len(names)) if n > len(names) else ""
            rows.append({"severity": g.severity, "rule": g.rule, "title": ctx.t(f"audit.rule.{g.rule}"), "count": n,
                         "devices": "、".join(names) + more})  # fmt: skip
    return rows


def _findings_section(ctx: ReportContext, tally: AuditTally, creds: int, findings: list[dict[str, Any]]) -> Section:
    """One row per rule across platforms: its name in the reader's language, how many, and on which subjects."""
    t = ctx.t
    sev = tally.by_severity
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for f in findings:
        groups.setdefault((rule_name(f["rule_id"]), f["severity"]), []).append(f)
    rank = {sv: i for i, sv in enumerate(reversed(SEVERITIES))}
    rows = sorted(
        [
            *(
                {
                    "severity": severity,
                    "rule": rule,
                    "title": title_in(items[0], ctx.lang),
                    "count": len(items),
                    "devices": _device_names(t, items),
                }
                for (rule, severity), items in groups.items()
            ),
            *_computed_rows(ctx, tally),
        ],
        key=lambda r: (rank.get(str(r["severity"]), 9), -int(str(r["count"])), str(r["rule"])),
    )[: ctx.settings.max_rows]
    cred_rows = sorted(
        (
            {"device": f["device"], "title": title_in(f, ctx.lang), "source": f["source"]}
            for f in findings
            if is_default_credential(f["source"], f["rule_id"])
        ),
        key=lambda r: (r["device"], r["title"]),
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
                    Column("severity", t("col.severity"), vocab="severity"),
                    Column("title", t("col.title")),
                    Column("count", t("count"), "int"),
                    Column("devices", t("col.devices")),
                    Column("rule", t("col.rule")),
                ],
                rows,
            ),
            Table(
                "default_credentials",
                t("tab.default_credentials"),
                [
                    Column("device", t("col.device")),
                    Column("title", t("col.title")),
                    Column("source", t("col.source"), vocab="source"),
                ],
                cred_rows[: ctx.settings.max_rows],
                len(cred_rows),
            ),
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
