"""`govops audit` without a subcommand: every check in one run, for cron.

Exit codes: 0 nothing at or above ``--fail-on``, 1 findings at or above it,
2 the audit itself could not run (the store missing or locked, bad options).
With ``--textfile DIR`` the findings are also written as Prometheus metrics,
atomically, and a failed run writes ``govops_audit_success 0`` before exiting 2.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from govops.cli.options import JsonOpt, chosen_format, chosen_lang, format_option, lang_option
from govops.cli.output import print_table, write_json_array
from govops.cli.report import parse_day
from govops.cli.state import state
from govops.config import load_config_file
from govops.discovery.config_audit import run_config_audit
from govops.errors import GovopsError, InputError
from govops.reports.audit import (
    AuditFinding,
    AuditTally,
    exit_code_for,
    iter_audit,
    metrics_text,
    severity_rank,
    title_cell,
    write_textfile,
)
from govops.reports.build import make_context
from govops.reports.context import report_settings
from govops.reports.i18n import Lang
from govops.store.busy import store_errors
from govops.store.db import session_scope
from govops.store.writes import run_write
from govops.vocab import labelled

DETAIL_ROWS = 100
FailOnOpt = typer.Option("critical", "--fail-on", help="Exit 1 when a finding is at or above: info, warning, critical.")
FORMATS = ("table", "json")
FormatOpt = format_option("table", FORMATS)
TextfileOpt = typer.Option(None, "--textfile", help="Also write findings as Prometheus metrics into DIR (atomically).")
AsOfOpt = typer.Option(None, "--as-of", help="Judge periods and expiry on this date (default today).")
# Every audit command's --lang: stored and computed findings' titles alike (``reports.audit.stored_title``).
LangOpt = lang_option("Language of the findings' titles in --json (the table shows both)")


def run(  # noqa: PLR0917 (Typer passes options by position)
    ctx: typer.Context,
    fail_on: str = FailOnOpt,
    fmt: str = FormatOpt,
    textfile: Path | None = TextfileOpt,
    as_of: str | None = AsOfOpt,
    lang: str | None = LangOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Run every audit check: configuration findings, default credentials, compliance (exit 1 on findings)."""
    if ctx.invoked_subcommand is not None:
        return
    severity_rank(fail_on)
    fmt = chosen_format(ctx, fmt, json_out, FORMATS)
    if textfile is not None and not textfile.is_dir():
        raise InputError("directory does not exist", where=f"--textfile {textfile}")
    try:
        tally = _audit(ctx, as_of, chosen_lang(ctx, lang), fmt, fail_on)  # a bad config.toml lang: success 0
    except GovopsError:
        if textfile is not None:
            write_textfile(textfile, metrics_text(None, time.time()))
        raise
    if textfile is not None:
        write_textfile(textfile, metrics_text(tally, time.time()))
    raise typer.Exit(exit_code_for(tally, fail_on))


def _audit(ctx: typer.Context, as_of: str | None, language: Lang, fmt: str, fail_on: str) -> AuditTally:
    day = parse_day(as_of, "--as-of")
    st = state(ctx)
    settings = report_settings(load_config_file(st.settings.home))
    # Issue 4: re-evaluate stored configurations, open/resolve their findings, as one write
    # transaction of its own. In the read session below, SQLite refused the upgrade to a write at
    # once while a scan held the lock (exit 2 with no wait: a deferred read cannot become a write
    # while another writer holds the lock). A write transaction waits for the lock up to the busy
    # timeout (SQLite) or runs SERIALIZABLE and is rerun on a conflict (PostgreSQL), as every
    # other writer does; the findings are then streamed from what it committed.
    with store_errors("run the audit"):
        engine = st.engine()
        run_write(engine, run_config_audit, what="run the audit")
        with session_scope(engine) as session:
            rctx = make_context(session, lang=language, as_of=day, settings=settings)
            return _emit(iter_audit(rctx), fmt, fail_on)


def _emit(findings: Iterator[AuditFinding], fmt: str, fail_on: str) -> AuditTally:
    """Write the findings as they stream from the store (JSON), or their summary and first rows (table)."""
    tally = AuditTally()
    if fmt == "json":

        def counted() -> Iterator[dict[str, Any]]:
            for f in findings:
                tally.add(f)
                yield f.to_dict()

        # The findings first, then what they add up to: the counts are known once the last one is out.
        sys.stdout.write(f'{{"fail_on": {json.dumps(fail_on)}, "findings": ')
        write_json_array(counted())
        totals = json.dumps(dict(tally.by_severity), ensure_ascii=False)
        sys.stdout.write(f', "counts": {totals}, "exit_code": {exit_code_for(tally, fail_on)}}}\n')
        sys.stdout.flush()
        return tally
    by_rule: Counter[tuple[str, str, str, str]] = Counter()
    shown: list[AuditFinding] = []
    for f in findings:
        tally.add(f)
        by_rule[(f.severity, f.source, f.rule, title_cell(f))] += 1
        if len(shown) < DETAIL_ROWS:
            shown.append(f)
    if not shown:
        typer.echo("audit: no findings")
        return tally
    title = f"审计 audit: {tally.total} finding(s): " + ", ".join(
        f"{n} {labelled('severity', sev)}"
        for sev, n in sorted(tally.by_severity.items(), key=lambda kv: -severity_rank(kv[0]))
    )
    summary = [
        {"severity": labelled("severity", sev), "source": src, "rule": rule, "title": ttl, "count": n}
        for (sev, src, rule, ttl), n in sorted(by_rule.items(), key=lambda kv: (-severity_rank(kv[0][0]), -kv[1]))
    ]
    # On a narrow terminal the count (the summary's figure) and the subject (which device) stay longest; the
    # severity may wrap so that a subject (a system's Chinese name) and its rule both fit in 80 columns.
    print_table(summary, ["severity", "source", "rule", "title", "count"], title=title,
                keep=("count", "rule", "title"), give_way=("source",), whole=("rule",))
    print_table(
        [{**f.to_dict(), "severity": labelled("severity", f.severity)} for f in shown],
        ["severity", "rule", "subject_kind", "subject", "evidence"],
        title=f"明细 details ({len(shown)} of {tally.total}; all of them with --json)",
        keep=("subject", "rule", "evidence"), give_way=("subject_kind",), whole=("rule",), readable=10,
    )
    return tally
