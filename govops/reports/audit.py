"""All audit checks in one run: stored findings (configuration audit, default credentials) plus
compliance checks computed from the inventory, and their Prometheus textfile.

Computed rules (source ``compliance``), judged on ``as_of``:

============================  ========  =====================================================
rule                          severity  when
============================  ========  =====================================================
dengbao_not_assessed          critical  a level-3+ system has no passed assessment in the period
dengbao_failed                critical  its assessment in the period did not pass
dengbao_expiring              warning   its assessment expires within ``expiry_warning_days``
no_backup                     warning   an active system has no backup
device_past_eol               warning   an in-service device is past its end of life
link_no_backup                warning   a primary link has no backup link to the same place
link_no_ipv6                  warning   an internet or extranet link does not carry IPv6
system_no_ipv6                warning   an internet-facing system (zone ``internet``) lacks IPv6
============================  ========  =====================================================
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import or_, select

from govops.errors import InputError
from govops.reports.common import (
    dengbao_covered,
    dengbao_expiring,
    device_active,
    expires_on,
    level3,
    system_active,
)
from govops.reports.context import ReportContext
from govops.reports.links import links_without_backup
from govops.store.models import SEVERITIES, Department, Device, Finding, Link, System
from govops.util.files import write_atomically

TEXTFILE_NAME = "govops_audit.prom"


@dataclass(frozen=True)
class AuditFinding:
    """One finding of the run, stored or computed."""

    source: str
    rule: str
    severity: str
    subject_kind: str
    subject: str
    title: str
    evidence: str | None = None
    advice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape."""
        return asdict(self)


def severity_rank(severity: str) -> int:
    """Order of severities: info 0, warning 1, critical 2.

    Raises:
        InputError: For an unknown severity.
    """
    if severity not in SEVERITIES:
        raise InputError(f"unknown severity {severity!r}", where="--fail-on", hint=f"one of {', '.join(SEVERITIES)}")
    return SEVERITIES.index(severity)


def stored_findings(ctx: ReportContext) -> list[AuditFinding]:
    """Open findings written by other checks (configuration audit, default credentials)."""
    rows = ctx.session.execute(
        select(Finding, Device.name.label("device"), System.name.label("system"))
        .outerjoin(Device, Finding.device_id == Device.id)
        .outerjoin(System, Finding.system_id == System.id)
        .where(Finding.status == "open")
        .order_by(Finding.id)
    ).all()
    out = []
    for f, device, system in rows:
        kind, subject = ("device", device) if device else ("system", system or "")
        out.append(AuditFinding(f.source, f.rule_id, f.severity, kind, subject, f.title, f.evidence, f.advice))
    return out


def _rule(ctx: ReportContext, rule: str) -> str:
    return ctx.t(f"audit.rule.{rule}")


def computed_findings(ctx: ReportContext) -> list[AuditFinding]:
    """Compliance checks computed from the inventory (see the module docstring)."""
    s, out = ctx.session, []
    period_start = ctx.as_of - dt.timedelta(days=ctx.settings.dengbao_period_days)
    l3 = s.execute(
        select(System.name, System.dengbao_assessed, System.dengbao_passed).where(
            system_active(), level3(), ~dengbao_covered(ctx)
        )
    ).all()
    for name, assessed, passed in l3:
        failed = passed is False and assessed is not None and period_start < assessed <= ctx.as_of
        rule = "dengbao_failed" if failed else "dengbao_not_assessed"
        ev = f"assessed={assessed.isoformat() if assessed else None} passed={passed}"
        out.append(AuditFinding("compliance", rule, "critical", "system", name, _rule(ctx, rule), ev))
    for name, assessed in s.execute(
        select(System.name, System.dengbao_assessed).where(system_active(), level3(), dengbao_expiring(ctx))
    ).all():
        ev = f"assessed={assessed} expires={expires_on(assessed, ctx)}"
        out.append(AuditFinding("compliance", "dengbao_expiring", "warning", "system", name,
                                _rule(ctx, "dengbao_expiring"), ev))  # fmt: skip
    for (name,) in s.execute(
        select(System.name).where(system_active(), or_(System.backup.is_(None), System.backup == "none"))
    ).all():
        out.append(AuditFinding("compliance", "no_backup", "warning", "system", name, _rule(ctx, "no_backup")))
    for name, eol in s.execute(
        select(Device.name, Device.eol).where(device_active(), Device.status == "in_service", Device.eol < ctx.as_of)
    ).all():
        out.append(AuditFinding("compliance", "device_past_eol", "warning", "device", name,
                                _rule(ctx, "device_past_eol"), f"eol={eol}"))  # fmt: skip
    links = s.execute(
        select(Link.name, Link.kind, Link.level, Link.role, Link.ipv6, Link.z_department_id,
               Department.code.label("z_code"))
        .outerjoin(Department, Link.z_department_id == Department.id)
    ).all()  # fmt: skip
    for r in links_without_backup(links):
        out.append(
            AuditFinding(
                "compliance",
                "link_no_backup",
                "warning",
                "link",
                r.name,
                _rule(ctx, "link_no_backup"),
                f"kind={r.kind} level={r.level} z_end={r.z_code}",
            )
        )
    for r in links:
        if r.kind in ("internet", "extranet") and r.ipv6 is not True:
            out.append(
                AuditFinding("compliance", "link_no_ipv6", "warning", "link", r.name, _rule(ctx, "link_no_ipv6"))
            )
    for (name,) in s.execute(
        select(System.name).where(system_active(), System.zone == "internet", or_(System.ipv6.is_(None), ~System.ipv6))
    ).all():
        out.append(
            AuditFinding("compliance", "system_no_ipv6", "warning", "system", name, _rule(ctx, "system_no_ipv6"))
        )
    return out


def run_audit(ctx: ReportContext) -> list[AuditFinding]:
    """Every finding of one run, most severe first."""
    findings = stored_findings(ctx) + computed_findings(ctx)
    return sorted(findings, key=lambda f: (-SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 1,
                                           f.source, f.rule, f.subject))  # fmt: skip


def exit_code_for(findings: list[AuditFinding], fail_on: str) -> int:
    """0 when nothing is at or above ``fail_on``, else 1."""
    threshold = severity_rank(fail_on)
    return 1 if any(f.severity in SEVERITIES and SEVERITIES.index(f.severity) >= threshold for f in findings) else 0


class _AuditCollector(Collector):
    def __init__(self, findings: list[AuditFinding] | None, now: float) -> None:
        self.findings, self.now = findings, now

    def collect(self) -> Any:
        ok = GaugeMetricFamily("govops_audit_success", "Whether the last audit run completed (1) or failed (0).")
        ok.add_metric([], 1.0 if self.findings is not None else 0.0)
        yield ok
        ts = GaugeMetricFamily("govops_audit_last_run_timestamp_seconds", "When the last audit run ended.")
        ts.add_metric([], self.now)
        yield ts
        if self.findings is None:
            return
        counts = Counter((f.source, f.rule, f.severity) for f in self.findings)
        fam = GaugeMetricFamily(
            "govops_audit_findings", "Findings of the last audit run by source, rule and severity.",
            labels=["source", "rule", "severity"],
        )  # fmt: skip
        for (source, rule, severity), n in sorted(counts.items()):
            fam.add_metric([source, rule, severity], float(n))
        yield fam
        sev = GaugeMetricFamily("govops_audit_findings_by_severity", "Findings of the last audit run by severity.",
                                labels=["severity"])  # fmt: skip
        by_sev = Counter(f.severity for f in self.findings)
        for severity in SEVERITIES:
            sev.add_metric([severity], float(by_sev.get(severity, 0)))
        yield sev


def metrics_text(findings: list[AuditFinding] | None, now: float) -> str:
    """The Prometheus exposition of a run; ``findings`` None means the run failed."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_AuditCollector(findings, now))
    return generate_latest(registry).decode("utf-8")


def write_textfile(directory: Path, text: str) -> Path:
    """Write ``govops_audit.prom`` into ``directory`` atomically (temporary file, then rename).

    The node_exporter textfile collector reads ``*.prom`` only, so the temporary
    name ends in ``.tmp`` and a scrape never sees half a file.

    Raises:
        InputError: When the directory does not exist or cannot be written.
    """
    if not directory.is_dir():
        raise InputError("directory does not exist", where=f"--textfile {directory}")
    target = directory / TEXTFILE_NAME
    try:
        write_atomically(target, text)
    except OSError as exc:
        raise InputError(f"cannot write there: {exc.strerror}", where=f"--textfile {directory}") from exc
    return target
