"""The ``dengbao`` report: 等保 整改 (remediation) per level-3 system from technical evidence.

For every active system at the KPI's ``min_level`` (3) and above in scope: the servers
and network devices it runs on (``runs_on``), how many are ready, the failing and unknown
checks and the clauses they fall under, so an official sees how far each system is from
passing. Readiness is :mod:`govops.kpi.technical`, the same definition the KPI
``dengbao_technical_ready_rate`` counts with, so the table and the figure agree.
Servers' evidence is ``host_checks`` (``govops audit hosts``); network devices' is the
open configuration-audit findings of rules mapped onto the same 等保 rule ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import and_, select

from govops.catalog.dengbao import default_ruleset
from govops.kpi.technical import device_applies, device_ready, network_rule_map, system_technically_ready
from govops.reports.common import new_report, system_active
from govops.reports.context import ReportContext
from govops.reports.kpi import kpi_figure
from govops.reports.model import Column, Figure, Report, Section, Table
from govops.store import tables
from govops.store.tables import ConfigBackup, Department, Device, Finding, HostCheck, System, SystemHost

KPI_KEY = "dengbao_technical_ready_rate"


def _min_level(ctx: ReportContext) -> int:
    for k in ctx.settings.kpis:
        if k.key == KPI_KEY:
            return int(k.params["min_level"])
    return 3


class _Evidence:
    """Non-passing checks of the devices in view, keyed by device id."""

    def __init__(self, ctx: ReportContext, device_ids: list[int]) -> None:
        s = ctx.session
        self.problems: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.checked: set[int] = set(
            s.scalars(select(HostCheck.device_id).where(HostCheck.device_id.in_(device_ids)).distinct())
        )
        self.checked |= set(
            s.scalars(select(ConfigBackup.device_id).where(ConfigBackup.device_id.in_(device_ids)).distinct())
        )
        for c in s.execute(
            select(tables.host_checks).where(HostCheck.device_id.in_(device_ids), HostCheck.status != "pass")
        ):
            # Every piece: a check may store what passed before what failed (auditd enabled, then no rules).
            self.problems[c.device_id].append({"rule": c.rule, "clause": c.clause, "status": c.status,
                                               "evidence": "; ".join(_place(e) for e in c.evidence or [])})  # fmt: skip
        rules = default_ruleset()
        mapped = network_rule_map()
        by_rule = {cfg: dengbao for per in mapped.values() for cfg, dengbao in per.items()}
        rows = s.execute(
            select(Finding.device_id, Finding.rule_id, Finding.evidence).where(
                Finding.device_id.in_(device_ids), Finding.source == "config_audit", Finding.status == "open",
                Finding.rule_id.in_(sorted(by_rule)),
            )
        ).all()  # fmt: skip
        for device_id, rule_id, ev in rows:
            rule = rules.rule(by_rule[rule_id])
            self.problems[device_id or 0].append({"rule": rule.id, "clause": rule.clause, "status": "fail",
                                                  "evidence": f"{rule_id}: {(ev or '').splitlines()[0][:160]}"
                                                  if ev else rule_id})  # fmt: skip


def _place(e: dict[str, Any]) -> str:
    file, line, value = e.get("file") or "", e.get("line"), e.get("value") or ""
    return f"{file}:{line} {value}" if line else f"{file} {value}".strip()


def build_dengbao(ctx: ReportContext) -> Report:
    """Build the 等保 remediation report."""
    t, s = ctx.t, ctx.session
    rep = new_report(ctx, "dengbao")
    level = _min_level(ctx)
    systems = s.execute(
        select(System.id, System.name, Department.code, System.dengbao_level,
               system_technically_ready().label("ready"))
        .outerjoin(tables.departments, System.department_id == Department.id)
        .where(system_active(), System.dengbao_level >= level, ctx.scope(System.department_id))
        .order_by(System.name)
    ).all()  # fmt: skip
    ids = [r.id for r in systems]
    devices = s.execute(
        select(SystemHost.system_id, Device.id, Device.name, Device.kind, device_ready().label("ready"))
        .join(tables.devices, Device.id == SystemHost.device_id)
        .where(SystemHost.system_id.in_(ids), and_(device_applies()))
        .order_by(Device.name)
    ).all()
    evidence = _Evidence(ctx, sorted({d.id for d in devices}))
    on_system: dict[int, list[Any]] = defaultdict(list)
    for d in devices:
        on_system[d.system_id].append(d)
    rows, details = [], []
    by_clause: dict[tuple[str, str], dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for sysrow in systems:
        devs = on_system.get(sysrow.id, [])
        problems = [(d, p) for d in devs for p in evidence.problems.get(d.id, [])]
        unchecked = [d for d in devs if d.id not in evidence.checked]
        for d, p in problems:
            by_clause[(p["clause"], p["rule"])][p["status"]].add(d.id)
            by_clause[(p["clause"], p["rule"])]["systems"].add(sysrow.id)
            details.append({"system": sysrow.name, "device": d.name, "kind": d.kind,
                            "clause": p["clause"], "rule": p["rule"], "status": p["status"],
                            "evidence": p["evidence"]})  # fmt: skip
        for d in unchecked:
            details.append({"system": sysrow.name, "device": d.name, "kind": d.kind,
                            "clause": "", "rule": "", "status": "unchecked",
                            "evidence": ""})  # fmt: skip
        counts = Counter(p["status"] for _, p in problems)
        rows.append({
            "system": sysrow.name, "department": sysrow.code, "level": sysrow.dengbao_level,
            "devices": len(devs), "ready_devices": sum(1 for d in devs if d.ready),
            "unchecked": len(unchecked), "failing": counts.get("fail", 0), "unknown": counts.get("unknown", 0),
            "clauses": ", ".join(sorted({p["clause"] for _, p in problems})),
            "ready": bool(sysrow.ready),
        })  # fmt: skip
    rows.sort(key=lambda r: (r["ready"], -(r["failing"] + r["unknown"] + r["unchecked"]), r["system"]))
    ready = sum(1 for r in rows if r["ready"])
    rep.figures = {
        "dengbao_l3_systems": len(rows),
        "dengbao_technical_ready_systems": ready,
        "dengbao_failing_checks": sum(r["failing"] for r in rows),
        "dengbao_unchecked_devices": sum(r["unchecked"] for r in rows),
    }
    f = rep.figures
    head = Section("dengbao_systems", t("sec.dengbao_systems"), figures=[
        Figure("dengbao_l3_systems", t("fig.dengbao_l3_systems"), len(rows)),
        Figure("dengbao_technical_ready_systems", t("fig.dengbao_technical_ready_systems"), ready),
        kpi_figure(ctx, "dengbao_technical_ready_rate"),  # ready over the rows above: its value under its key
        Figure("dengbao_failing_checks", t("fig.dengbao_failing_checks"), f["dengbao_failing_checks"]),
        Figure("dengbao_unchecked_devices", t("fig.dengbao_unchecked_devices"), f["dengbao_unchecked_devices"]),
    ])  # fmt: skip
    cols = [Column("system", t("col.system")), Column("department", t("department"), "department"),
            Column("level", t("col.dengbao_level"), "int"), Column("devices", t("col.dengbao_devices"), "int"),
            Column("ready_devices", t("col.dengbao_ready_devices"), "int"),
            Column("unchecked", t("col.dengbao_unchecked"), "int"), Column("failing", t("col.dengbao_failing"), "int"),
            Column("unknown", t("col.dengbao_unknown"), "int"), Column("clauses", t("col.dengbao_clauses")),
            Column("ready", t("col.dengbao_ready"), "bool")]  # fmt: skip
    head.tables.append(_limited(ctx, Table("dengbao_systems", t("sec.dengbao_systems"), cols, rows)))
    if not rows:
        head.notes.append(t("dengbao.none"))
    rep.sections.append(head)
    rules = default_ruleset()
    clause_rows = [
        {"clause": clause, "rule": rule, "title": getattr(rules.rule(rule), f"title_{ctx.lang}"),
         "failing": len(v.get("fail", ())), "unknown": len(v.get("unknown", ())), "systems": len(v["systems"]),
         "advice": getattr(rules.rule(rule), f"advice_{ctx.lang}")}
        for (clause, rule), v in sorted(by_clause.items())
    ]  # fmt: skip
    clause_cols = [Column("clause", t("col.dengbao_clause")), Column("rule", t("col.rule")),
                   Column("title", t("col.dengbao_check")), Column("failing", t("col.dengbao_failing_devices"), "int"),
                   Column("unknown", t("col.dengbao_unknown_devices"), "int"),
                   Column("systems", t("col.systems"), "int"), Column("advice", t("col.advice"))]  # fmt: skip
    rep.sections.append(
        Section(
            "dengbao_clauses",
            t("sec.dengbao_clauses"),
            tables=[Table("dengbao_clauses", t("sec.dengbao_clauses"), clause_cols, clause_rows)],
        )
    )
    detail_cols = [Column("system", t("col.system")), Column("device", t("col.device")),
                   Column("kind", t("kind"), vocab="device_kind"),
                   Column("clause", t("col.dengbao_clause")), Column("rule", t("col.rule")),
                   Column("status", t("status"), vocab="check"), Column("evidence", t("col.evidence"))]  # fmt: skip
    rep.sections.append(Section("dengbao_details", t("sec.dengbao_details"), tables=[
        _limited(ctx, Table("dengbao_details", t("sec.dengbao_details"), detail_cols, details))]))  # fmt: skip
    return rep


def _limited(ctx: ReportContext, table: Table) -> Table:
    if len(table.rows) > ctx.settings.max_rows:
        table.total_rows = len(table.rows)
        table.rows = table.rows[: ctx.settings.max_rows]
    return table
