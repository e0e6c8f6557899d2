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
import functools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import and_, func, or_, select

from govops.catalog.dengbao import default_ruleset
from govops.errors import InputError
from govops.platforms.audit_rules import rules_for
from govops.platforms.factory_defaults import LOGIN_RULE, LOGIN_TITLES
from govops.platforms.registry import PLATFORMS
from govops.reports.build import make_context
from govops.reports.common import (
    dengbao_covered,
    dengbao_expiring,
    device_active,
    expires_on,
    level3,
    system_active,
)
from govops.reports.context import ReportContext, ReportSettings
from govops.reports.i18n import LABELS
from govops.reports.links import links_without_backup
from govops.store import tables
from govops.store.db import STREAM_BATCH, dialect_of
from govops.store.tables import SEVERITIES, Department, Device, Finding, Link, System
from govops.util.files import write_atomically
from govops.vocab import RuleTitles

if TYPE_CHECKING:
    from govops.store.db import Reader

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


# A group of findings with one severity, source and rule: ``rows`` yields them ordered by subject, ``count``
# counts them (the same rows: one statement or one list behind both).
@dataclass(frozen=True)
class Group:
    """One rule's findings: listed (``rows``) or only counted (``count``)."""

    severity: str
    source: str
    rule: str
    rows: Callable[[], Iterator[AuditFinding]]
    count: Callable[[], int]


def group_order(severity: str, source: str, rule: str) -> tuple[int, str, str]:
    """Most severe first, then by source and rule (the order of every surface)."""
    return (-SEVERITIES.index(severity) if severity in SEVERITIES else 1, source, rule)


def by_subject(ctx: ReportContext, col: Any) -> Any:
    """ORDER BY a name in code-point order on both backends (SQLite's BINARY; PostgreSQL's "C", not the locale)."""
    return col.collate("C") if dialect_of(ctx.session) == "postgresql" else col


def findings_scope(ctx: ReportContext) -> Any:
    """Open stored findings on devices or systems inside the context's department scope."""
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


def stored_groups(ctx: ReportContext) -> list[Group]:
    """Open findings written by other checks (configuration audit, default credentials), one group per rule."""
    counts = ctx.session.execute(
        select(Finding.severity, Finding.source, Finding.rule_id, func.count())
        .where(findings_scope(ctx))
        .group_by(Finding.severity, Finding.source, Finding.rule_id)
    ).all()
    return [
        Group(sev, src, rule, functools.partial(_stored_rows, ctx, sev, src, rule), functools.partial(int, n))
        for sev, src, rule, n in counts
    ]


def _stored_rows(ctx: ReportContext, severity: str, source: str, rule: str) -> Iterator[AuditFinding]:
    subject = func.coalesce(Device.name, System.name, "")
    rows = ctx.session.execute(
        select(Finding.title, Finding.evidence, Finding.advice, Device.name, System.name)
        .outerjoin(tables.devices, Finding.device_id == Device.id)
        .outerjoin(tables.systems, Finding.system_id == System.id)
        .where(findings_scope(ctx), Finding.severity == severity, Finding.source == source,
               Finding.rule_id == rule)
        .order_by(by_subject(ctx, subject), Finding.id)
        .execution_options(yield_per=STREAM_BATCH)
    )  # fmt: skip
    for title, evidence, advice, device, system in rows:
        kind, name = ("device", device) if device else ("system", system or "")
        yield AuditFinding(source, rule, severity, kind, name, stored_title(source, rule, title, ctx.lang), evidence,
                           advice)


def _rule(ctx: ReportContext, rule: str) -> str:
    return ctx.t(f"audit.rule.{rule}")


@functools.cache
def _known_titles() -> dict[tuple[str, str], RuleTitles]:
    """(source, rule id) -> titles, for every rule this release writes findings for (but default logins)."""
    out = {("compliance", k.removeprefix("audit.rule.")): RuleTitles(*v)
           for k, v in LABELS.items() if k.startswith("audit.rule.")}
    out |= {("dengbao_host", r.id): r.titles for r in default_ruleset().rules}
    out |= {("config_audit", r.id): r.titles for p in PLATFORMS for r in rules_for(p)}
    return out  # fmt: skip


def rule_titles(source: str, rule: str) -> RuleTitles | None:
    """The titles of the rule a finding names, looked up by its source and id: this release's words, whatever text
    a stored finding was written with (``English / 中文`` before session 20). None for a rule this release does not
    know: its stored text is shown as it is."""
    if source == "default_credentials" and rule.rpartition(".")[2] == LOGIN_RULE:  # one rule per platform
        return LOGIN_TITLES
    return _known_titles().get((source, rule))


def stored_title(source: str, rule: str, stored: str, lang: str | None = None) -> str:
    """A stored finding's title: its rule's (this release's words, looked up by source and id) in ``lang``, or both
    as a table shows them, ``中文 English`` (``lang`` None); a finding of a rule this release does not know, as stored
    (every surface: ``audit``, ``audit config``, ``report compliance``)."""
    titles = rule_titles(source, rule)
    if titles is None:
        return stored
    return titles.cell() if lang is None else titles.in_lang(lang)


def title_cell(finding: AuditFinding) -> str:
    """A finding's title as a table shows it (``stored_title`` in both languages; --json keeps the one ``--lang``
    chose)."""
    return stored_title(finding.source, finding.rule, finding.title)


# A computed rule: its statement (subjects in order, scoped) and how one row becomes a finding.
Statement = Callable[[ReportContext], Any]
Finder = Callable[[ReportContext, str, str, Any], AuditFinding]


def _sql_group(ctx: ReportContext, rule: str, severity: str, stmt: Statement, finding: Finder) -> Group:
    """A rule whose subjects are one SELECT: listed by streaming it, counted by COUNT(*) over it."""

    def rows() -> Iterator[AuditFinding]:
        for row in ctx.session.execute(stmt(ctx).execution_options(yield_per=STREAM_BATCH)):
            yield finding(ctx, rule, severity, row)

    def count() -> int:
        inner = stmt(ctx).order_by(None).subquery()
        return int(ctx.session.execute(select(func.count()).select_from(inner)).scalar_one())

    return Group(severity, "compliance", rule, rows, count)


def _list_group(ctx: ReportContext, rule: str, severity: str,
                rows: Callable[[ReportContext, str], Iterator[AuditFinding]]) -> Group:
    """A rule judged in Python over few rows (links): counted by listing."""
    return Group(severity, "compliance", rule, functools.partial(rows, ctx, rule),
                 lambda: sum(1 for _ in rows(ctx, rule)))  # fmt: skip


def computed_groups(ctx: ReportContext) -> list[Group]:
    """Compliance checks computed from the inventory (see the module docstring), one group per rule."""
    return [
        _sql_group(ctx, "dengbao_failed", "critical", functools.partial(_dengbao_unmet, failed=True), _dengbao_row),
        _sql_group(ctx, "dengbao_not_assessed", "critical", functools.partial(_dengbao_unmet, failed=False),
                   _dengbao_row),
        _sql_group(ctx, "dengbao_expiring", "warning", _dengbao_expiring, _expiring_row),
        _sql_group(ctx, "no_backup", "warning", _no_backup, _system_row),
        _sql_group(ctx, "device_past_eol", "warning", _past_eol, _eol_row),
        _list_group(ctx, "link_no_backup", "warning", _link_findings),
        _list_group(ctx, "link_no_ipv6", "warning", _link_findings),
        _sql_group(ctx, "system_no_ipv6", "warning", _system_no_ipv6, _system_row),
    ]  # fmt: skip


def _dengbao_unmet(ctx: ReportContext, *, failed: bool) -> Any:
    """Level-3 systems not covered: ``failed`` those whose assessment in the period did not pass, else the rest."""
    period_start = ctx.as_of - dt.timedelta(days=ctx.settings.dengbao_period_days)
    # Never NULL: IS tests and a NULL date short-circuit to false, so ~failed_in_period is exactly "the rest".
    failed_in_period = and_(System.dengbao_passed.is_(False), System.dengbao_assessed.is_not(None),
                            System.dengbao_assessed > period_start, System.dengbao_assessed <= ctx.as_of)
    return (select(System.name, System.dengbao_assessed, System.dengbao_passed)
            .where(system_active(), level3(), ~dengbao_covered(ctx), ctx.scope(System.department_id),
                   failed_in_period if failed else ~failed_in_period)
            .order_by(by_subject(ctx, System.name)))  # fmt: skip


def _dengbao_row(ctx: ReportContext, rule: str, severity: str, row: Any) -> AuditFinding:
    name, assessed, passed = row
    ev = f"assessed={assessed.isoformat() if assessed else None} passed={passed}"
    return AuditFinding("compliance", rule, severity, "system", name, _rule(ctx, rule), ev)


def _dengbao_expiring(ctx: ReportContext) -> Any:
    return (select(System.name, System.dengbao_assessed)
            .where(system_active(), level3(), dengbao_expiring(ctx), ctx.scope(System.department_id))
            .order_by(by_subject(ctx, System.name)))  # fmt: skip


def _expiring_row(ctx: ReportContext, rule: str, severity: str, row: Any) -> AuditFinding:
    name, assessed = row
    ev = f"assessed={assessed} expires={expires_on(assessed, ctx)}"
    return AuditFinding("compliance", rule, severity, "system", name, _rule(ctx, rule), ev)


def _system_row(ctx: ReportContext, rule: str, severity: str, row: Any) -> AuditFinding:
    return AuditFinding("compliance", rule, severity, "system", row[0], _rule(ctx, rule))


def _no_backup(ctx: ReportContext) -> Any:
    return (select(System.name)
            .where(system_active(), or_(System.backup.is_(None), System.backup == "none"),
                   ctx.scope(System.department_id))
            .order_by(by_subject(ctx, System.name)))  # fmt: skip


def _past_eol(ctx: ReportContext) -> Any:
    return (select(Device.name, Device.eol)
            .where(device_active(), Device.status == "in_service", Device.eol < ctx.as_of,
                   ctx.scope(Device.department_id))
            .order_by(by_subject(ctx, Device.name)))  # fmt: skip


def _eol_row(ctx: ReportContext, rule: str, severity: str, row: Any) -> AuditFinding:
    name, eol = row
    return AuditFinding("compliance", rule, severity, "device", name, _rule(ctx, rule), f"eol={eol}")


def _link_findings(ctx: ReportContext, rule: str) -> Iterator[AuditFinding]:
    """link_no_backup and link_no_ipv6: links are few (hundreds), judged together and sorted here.

    Scoped by the far end's department, as the links report is.
    """
    links = ctx.session.execute(
        select(Link.name, Link.kind, Link.level, Link.role, Link.ipv6, Link.z_department_id,
               Department.code.label("z_code"))
        .outerjoin(tables.departments, Link.z_department_id == Department.id)
        .where(ctx.scope(Link.z_department_id))
    ).all()  # fmt: skip
    if rule == "link_no_backup":
        for r in sorted(links_without_backup(links), key=lambda r: r.name):
            yield AuditFinding("compliance", rule, "warning", "link", r.name, _rule(ctx, rule),
                               f"kind={r.kind} level={r.level} z_end={r.z_code}")  # fmt: skip
        return
    for r in sorted(links, key=lambda r: r.name):
        if r.kind in ("internet", "extranet") and r.ipv6 is not True:
            yield AuditFinding("compliance", rule, "warning", "link", r.name, _rule(ctx, rule))


def _system_no_ipv6(ctx: ReportContext) -> Any:
    return (select(System.name)
            .where(system_active(), System.zone == "internet", or_(System.ipv6.is_(None), ~System.ipv6),
                   ctx.scope(System.department_id))
            .order_by(by_subject(ctx, System.name)))  # fmt: skip


def audit_groups(ctx: ReportContext) -> list[Group]:
    """Every rule of a run, stored and computed, most severe first, then by source and rule."""
    return sorted([*stored_groups(ctx), *computed_groups(ctx)], key=lambda g: group_order(g.severity, g.source, g.rule))


def iter_audit(ctx: ReportContext) -> Iterator[AuditFinding]:
    """Every finding of one run, most severe first, then by source, rule and subject, one at a time.

    Each rule's findings come from the store in subject order (fetched in batches), so a run over
    1,000,000 devices holds one batch, not every finding.
    """
    for group in audit_groups(ctx):
        yield from group.rows()


def run_audit(ctx: ReportContext) -> list[AuditFinding]:
    """Every finding of one run, most severe first (``iter_audit`` as a list)."""
    return list(iter_audit(ctx))


def count_open_findings(ctx: ReportContext) -> AuditTally:
    """The open findings govops knows, counted: the one definition of "open findings" and "critical findings".

    Exactly what ``iter_audit`` lists (stored findings of the configuration audit, default credentials and
    等保 host checks, plus the compliance checks computed from the inventory on ``ctx.as_of``), within the
    context's department scope, counted without listing: one COUNT per rule. ``govops audit`` (which
    tallies the list it writes), ``report compliance`` (``findings_open``, ``findings_critical``) and the
    inventory agent (``govops_inventory_findings_open``) all give this figure.
    """
    tally = AuditTally()
    for g in audit_groups(ctx):
        n = g.count()
        if n:
            tally.by_rule[(g.source, g.rule, g.severity)] += n
    return tally


def open_findings_by_severity(session: Reader, settings: ReportSettings) -> dict[str, int]:
    """``count_open_findings`` city-wide as of today (as ``govops audit`` judges it): the inventory agent's figure,
    every severity present (0 when none)."""
    by_sev = count_open_findings(make_context(session, lang="en", settings=settings)).by_severity
    return {sev: by_sev.get(sev, 0) for sev in sorted(set(SEVERITIES) | set(by_sev))}


@dataclass
class AuditTally:
    """What a run found, counted as the findings stream past: by (source, rule, severity)."""

    by_rule: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def add(self, finding: AuditFinding) -> None:
        """Count one finding."""
        self.by_rule[(finding.source, finding.rule, finding.severity)] += 1

    @property
    def by_severity(self) -> Counter[str]:
        """Findings per severity."""
        out: Counter[str] = Counter()
        for (_source, _rule, severity), n in self.by_rule.items():
            out[severity] += n
        return out

    @property
    def total(self) -> int:
        """Every finding of the run."""
        return sum(self.by_rule.values())


def exit_code_for(tally: AuditTally, fail_on: str) -> int:
    """0 when nothing is at or above ``fail_on``, else 1."""
    threshold = severity_rank(fail_on)
    return 1 if any(sev in SEVERITIES and SEVERITIES.index(sev) >= threshold for sev in tally.by_severity) else 0


class _AuditCollector(Collector):
    def __init__(self, tally: AuditTally | None, now: float) -> None:
        self.tally, self.now = tally, now

    def collect(self) -> Any:
        ok = GaugeMetricFamily("govops_audit_success", "Whether the last audit run completed (1) or failed (0).")
        ok.add_metric([], 1.0 if self.tally is not None else 0.0)
        yield ok
        ts = GaugeMetricFamily("govops_audit_last_run_timestamp_seconds", "When the last audit run ended.")
        ts.add_metric([], self.now)
        yield ts
        if self.tally is None:
            return
        fam = GaugeMetricFamily(
            "govops_audit_findings", "Findings of the last audit run by source, rule and severity.",
            labels=["source", "rule", "severity"],
        )  # fmt: skip
        for (source, rule, severity), n in sorted(self.tally.by_rule.items()):
            fam.add_metric([source, rule, severity], float(n))
        yield fam
        sev = GaugeMetricFamily("govops_audit_findings_by_severity", "Findings of the last audit run by severity.",
                                labels=["severity"])  # fmt: skip
        by_sev = self.tally.by_severity
        for severity in SEVERITIES:
            sev.add_metric([severity], float(by_sev.get(severity, 0)))
        yield sev


def metrics_text(tally: AuditTally | None, now: float) -> str:
    """The Prometheus exposition of a run; ``tally`` None means the run failed."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_AuditCollector(tally, now))
    return generate_latest(registry).decode("utf-8")


def write_textfile(directory: Path, text: str) -> Path:
    """Write ``govops_audit.prom`` into ``directory`` atomically (temporary file, then rename).

    The node_exporter textfile collector reads ``*.prom`` only, so the temporary
    name ends in ``.tmp`` and a scrape never sees half a file. The file is 0644 whatever the
    umask: node_exporter runs as another user, and a cron user's umask 077 made it unreadable.

    Raises:
        InputError: When the directory does not exist or cannot be written.
    """
    if not directory.is_dir():
        raise InputError("directory does not exist", where=f"--textfile {directory}")
    target = directory / TEXTFILE_NAME
    try:
        write_atomically(target, text, mode=0o644)  # counts only, nothing secret
    except OSError as exc:
        raise InputError(f"cannot write there: {exc.strerror}", where=f"--textfile {directory}") from exc
    return target
