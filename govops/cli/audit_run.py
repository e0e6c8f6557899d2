"""`govops audit` without a subcommand: every check in one run, for cron.

Exit codes: 0 nothing at or above ``--fail-on``, 1 findings at or above it,
2 the audit itself could not run (the store missing or locked, bad options).
With ``--textfile DIR`` the findings are also written as Prometheus metrics,
atomically, and a failed run writes ``govops_audit_success 0`` before exiting 2.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import typer

from govops.cli.output import print_json, print_table
from govops.cli.report import parse_day
from govops.cli.state import state
from govops.config import load_config_file
from govops.discovery.config_audit import run_config_audit
from govops.errors import GovopsError, InputError
from govops.reports.audit import AuditFinding, exit_code_for, metrics_text, run_audit, severity_rank, write_textfile
from govops.reports.build import make_context
from govops.reports.context import report_settings
from govops.reports.i18n import check_lang
from govops.store.busy import store_errors
from govops.store.db import session_scope

DETAIL_ROWS = 100
FailOnOpt = typer.Option("critical", "--fail-on", help="Exit 1 when a finding is at or above: info, warning, critical.")
FormatOpt = typer.Option("table", "--format", "-f", help="table or json.")
TextfileOpt = typer.Option(None, "--textfile", help="Also write findings as Prometheus metrics into DIR (atomically).")
AsOfOpt = typer.Option(None, "--as-of", help="Judge periods and expiry on this date (default today).")
LangOpt = typer.Option("en", "--lang", help="Language of the computed findings' titles: zh or en.")


def _collect(ctx: typer.Context, as_of: str | None, lang: str) -> list[AuditFinding]:
    try:
        language = check_lang(lang)
    except ValueError as exc:
        raise InputError(str(exc), where="--lang") from exc
    day = parse_day(as_of, "--as-of")
    st = state(ctx)
    settings = report_settings(load_config_file(st.settings.home))
    with store_errors("run the audit"), session_scope(st.engine()) as session:
        run_config_audit(session)  # issue 4: re-evaluate stored configurations, open/resolve their findings
        rctx = make_context(session, lang=language, as_of=day, settings=settings)
        return run_audit(rctx)


def run(  # noqa: PLR0917 (Typer passes options by position)
    ctx: typer.Context,
    fail_on: str = FailOnOpt,
    fmt: str = FormatOpt,
    textfile: Path | None = TextfileOpt,
    as_of: str | None = AsOfOpt,
    lang: str = LangOpt,
) -> None:
    """Run every audit check: configuration findings, default credentials, compliance (exit 1 on findings)."""
    if ctx.invoked_subcommand is not None:
        return
    severity_rank(fail_on)
    if fmt not in ("table", "json"):
        raise InputError(f"unknown format {fmt!r}", where="--format", hint="table or json")
    if textfile is not None and not textfile.is_dir():
        raise InputError("directory does not exist", where=f"--textfile {textfile}")
    try:
        findings = _collect(ctx, as_of, lang)
    except GovopsError:
        if textfile is not None:
            write_textfile(textfile, metrics_text(None, time.time()))
        raise
    if textfile is not None:
        write_textfile(textfile, metrics_text(findings, time.time()))
    code = exit_code_for(findings, fail_on)
    counts = Counter(f.severity for f in findings)
    if fmt == "json":
        print_json({"fail_on": fail_on, "exit_code": code, "counts": dict(counts),
                    "findings": [f.to_dict() for f in findings]})  # fmt: skip
    elif findings:
        title = f"audit: {len(findings)} finding(s) " + ", ".join(
            f"{n} {sev}" for sev, n in sorted(counts.items(), key=lambda kv: -severity_rank(kv[0]))
        )
        by_rule = Counter((f.severity, f.source, f.rule, f.title) for f in findings)
        summary = [
            {"severity": sev, "source": src, "rule": rule, "title": ttl, "count": n}
            for (sev, src, rule, ttl), n in sorted(by_rule.items(), key=lambda kv: (-severity_rank(kv[0][0]), -kv[1]))
        ]
        print_table(summary, ["severity", "source", "rule", "title", "count"], title=title)
        shown = findings[:DETAIL_ROWS]
        print_table(
            [f.to_dict() for f in shown],
            ["severity", "rule", "subject_kind", "subject", "evidence"],
            title=f"details ({len(shown)} of {len(findings)}; all of them with --format json)",
        )
    else:
        typer.echo("audit: no findings")
    raise typer.Exit(code)
