"""`govops audit config`: configuration audit of stored configurations (rules as data per platform)."""

from __future__ import annotations

import typer

from govops.cli.audit_run import LangOpt
from govops.cli.options import JsonOpt, chosen_lang
from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.errors import EXIT_FINDINGS
from govops.vocab import labelled


def config(
    ctx: typer.Context,
    *,
    json_out: bool = JsonOpt,
    require_ipv6: bool = typer.Option(False, "--require-ipv6", help="Also flag devices without IPv6 configured."),
    fail_on: str = typer.Option(
        "critical", "--fail-on", help="Exit 1 when a finding is at or above: info|warning|critical."
    ),
    lang: str | None = LangOpt,
) -> None:
    """Audit every device's newest stored configuration; show open findings (exit 1 at --fail-on)."""
    from sqlalchemy import select

    from govops.catalog.dengbao import default_ruleset
    from govops.discovery.config_audit import open_findings, run_config_audit
    from govops.kpi.technical import network_rule_map
    from govops.reports.audit import severity_rank, stored_title
    from govops.store.db import session_scope
    from govops.store.models import Device

    threshold = severity_rank(fail_on)
    language = chosen_lang(ctx, lang)  # a bad --lang is refused before the audit writes
    with session_scope(state(ctx).engine()) as session:
        summary = run_config_audit(session, require_ipv6=require_ipv6)
        findings = open_findings(session)
        names = {row[0]: row[1] for row in session.execute(select(Device.id, Device.name))}
        # The 等保 rule a configuration check gives evidence for, and its clause (docs/dengbao.md).
        dengbao = {cfg: rule for per in network_rule_map().values() for cfg, rule in per.items()}
        clauses = {r.id: r.clause for r in default_ruleset().rules}
        rows = [
            {
                "device": names.get(f.device_id or 0),
                "severity": f.severity,
                "rule": f.rule_id,
                "dengbao": dengbao.get(f.rule_id),
                "clause": clauses.get(dengbao.get(f.rule_id, "")),
                "title": stored_title(f.source, f.rule_id, f.title, language),
                "advice": f.advice,
                "evidence": f.evidence,
                "first_seen": f.first_seen,
                "last_seen": f.last_seen,
            }
            for f in findings
        ]
        # The table's title cell in both languages, as `govops audit`'s (--json holds the --lang one).
        cells = [stored_title(f.source, f.rule_id, f.title) for f in findings]
    if json_out:
        print_json({"summary": summary.__dict__, "findings": rows})
    else:
        print_table(
            [{**r, "severity": labelled("severity", str(r["severity"])), "title": cell}
             for r, cell in zip(rows, cells, strict=True)],
            ["device", "severity", "rule", "clause", "title", "evidence"],
            title="配置审计 Configuration audit",
            labels={"clause": "等保条款"},
        )
        typer.echo(
            f"{summary.devices} configurations audited: {summary.opened} new, {summary.still_open} still open, "
            f"{summary.resolved} resolved"
        )
    if any(severity_rank(str(r["severity"])) >= threshold for r in rows):
        raise typer.Exit(EXIT_FINDINGS)
