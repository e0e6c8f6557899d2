"""`govops audit host`: 等保 2.0 technical checks on one captured host file tree (offline)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from govops.catalog.dengbao import HostFinding
from govops.cli.options import JsonOpt, chosen_lang, lang_option
from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.errors import EXIT_FINDINGS, EXIT_OK
from govops.reports.audit import severity_rank
from govops.store.models import SEVERITIES
from govops.vocab import labelled, with_clause

if TYPE_CHECKING:
    from govops.discovery.host_audit import HostAudit

# The columns of the checks' table; a check's result is a cell in the vocabulary's style (`符合 pass`).
COLUMNS = ["status", "rule", "clause", "severity", "evidence"]
# Both commands' tables: the Chinese name, then the English one (等保 is MLPS in English, as elsewhere).
TITLE = "主机等保技术检查 MLPS host checks"
LABELS = {"status": "结果", "rule": "检查项"}
FailOn = Annotated[str, typer.Option("--fail-on", help="Exit 1 when a failed or unknown check is at or above: "
                                                      "info, warning, critical.")]
LangOpt = lang_option("Language of the advice column")


def exit_code(findings: list[HostFinding], threshold: int) -> int:
    """1 when a check that did not pass (fail or unknown) is at or above the threshold: unknown is never fine."""
    bad = (f for f in findings if f.status != "pass")
    return EXIT_FINDINGS if any(SEVERITIES.index(f.severity) >= threshold for f in bad) else EXIT_OK


def evidence_text(finding: HostFinding, limit: int = 3) -> str:
    """The first pieces of evidence, one per line: ``file:line value``."""
    parts = []
    for e in finding.evidence[:limit]:
        place = f"{e['file']}:{e['line']}" if e["line"] else e["file"]
        parts.append(f"{place} {e['value']}".strip())
    return "\n".join(parts)


def finding_rows(findings: list[HostFinding], lang: str) -> list[dict[str, str]]:
    """Table rows, failures first."""
    order = {"fail": 0, "unknown": 1, "pass": 2}
    return [
        {"status": labelled("check_result", f.status), "rule": f.rule, "clause": f.clause,
         "severity": labelled("severity", f.severity),
         "evidence": evidence_text(f), "advice": (f.advice_zh if lang == "zh" else f.advice_en) if f.status != "pass"
         else ""}
        for f in sorted(findings, key=lambda f: (order[f.status], -SEVERITIES.index(f.severity), f.rule))
    ]


def host_row(audit: HostAudit) -> dict[str, object]:
    """One server's row of the `audit hosts` table: how reaching it ended, its counts, and the rules it fails."""
    c = audit.counts()
    failing = ", ".join(with_clause(f.rule, f.clause) for f in audit.findings if f.status == "fail")
    return {"host": audit.host, "status": labelled("host_status", audit.status), "pass": c["pass"], "fail": c["fail"],
            "unknown": c["unknown"], "failing": failing or (audit.error or "")[:120]}  # fmt: skip


def host(
    ctx: typer.Context,
    root: Annotated[Path, typer.Option("--root", help="A captured host tree (etc/ inside), read as if it were /.")],
    json_out: bool = JsonOpt,
    fail_on: FailOn = "critical",
    lang: str | None = LangOpt,
) -> None:
    """Check a captured server file tree against the 等保 2.0 level-3 technical rules (GB/T 22239-2019 8.1.4).

    Every rule is listed: pass, fail, or unknown (a file missing or unreadable: never a pass),
    with the evidence (file, line, value). Exit 1 when a check that did not pass is at or
    above --fail-on, 2 on bad input. --json holds every rule too, passes included, with all their evidence,
    --fail-on and the exit code. Example: govops audit host --root /srv/captures/web01 --json
    """
    from govops.catalog.dengbao import audit_root

    threshold = severity_rank(fail_on)
    language = chosen_lang(ctx, lang)
    findings = audit_root(root)
    code = exit_code(findings, threshold)
    if json_out:
        print_json({"root": str(root), "fail_on": fail_on, "exit_code": code,
                    "findings": [f.to_dict() for f in findings]})
    else:
        counts = {s: sum(1 for f in findings if f.status == s) for s in ("pass", "fail", "unknown")}
        rows = finding_rows(findings, language)
        print_table(rows, COLUMNS, labels=LABELS, title=TITLE)
        # The totals with the root on a line of their own: a table title would cut a long path short.
        typer.echo(f"{root}: {counts['pass']} pass, {counts['fail']} fail, {counts['unknown']} unknown")
        for row in rows:
            if row["advice"]:
                typer.echo(f"{with_clause(row['rule'], row['clause'])}: {row['advice']}")
    raise typer.Exit(code)


def hosts(  # noqa: PLR0917
    ctx: typer.Context,
    inventory: Annotated[
        Path | None,
        typer.Option("--inventory", "-i", help="Ansible inventory file (default: the store's servers)."),
    ] = None,
    limit: Annotated[str | None, typer.Option("--limit", "-l", help="Ansible host pattern.")] = None,
    forks: Annotated[int, typer.Option("--forks", "-f", min=1, max=500, help="Hosts checked in parallel.")] = 10,
    json_out: bool = JsonOpt,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Store results and findings per server (matched by name).")
    ] = True,
    fail_on: FailOn = "critical",
) -> None:
    """Run the 等保 host checks on servers through Ansible (read-only module), and store them.

    Results are saved per server (matched by name): every rule's latest status and evidence,
    and failures as findings with a lifecycle (open, resolved) that `govops audit` reports.
    Exit 1 when a host could not be checked, or a rule that did not pass is at or above
    --fail-on; 2 on bad input. Host keys are checked as `discover servers` checks them (ssh's
    accept-new; a stored server's ssh.known_hosts). --json holds every host and rule, with evidence, and what was
    saved. Example: govops audit hosts --limit 'web*' --fail-on warning
    """
    from govops.catalog.dengbao import default_ruleset
    from govops.cli.output import progress_bar
    from govops.discovery.host_audit import audit_hosts, save_host_audits
    from govops.discovery.servers import inventory_size, store_inventory
    from govops.store.db import session_scope

    threshold = severity_rank(fail_on)
    st = state(ctx)
    engine = st.engine() if save or inventory is None else None
    # Servers not reachable over SSH from here (Windows, no credential) are left out, as discovery does.
    source = inventory if inventory is not None else store_inventory(st.engine())[0]
    # A bar on a terminal, as `discover servers` draws it; nothing off one: cron mailed a "started" line per host
    # and task (twice per host) and one per result, which the table below says once.
    with progress_bar(inventory_size(source), "audit hosts") as advance:
        audits = audit_hosts(source, workdir=st.settings.home / "ansible-runner", limit=limit, forks=forks,
                             progress=lambda *_: advance(), ruleset=default_ruleset())
    saved = None
    if engine is not None and save:
        with session_scope(engine) as session:
            saved = save_host_audits(session, audits)
    bad_hosts = any(a.status != "ok" for a in audits)
    code = EXIT_FINDINGS if bad_hosts else max((exit_code(list(a.findings), threshold) for a in audits), default=0)
    if json_out:
        doc: dict[str, object] = {"fail_on": fail_on, "exit_code": code, "hosts": [a.to_dict() for a in audits]}
        if saved is not None:
            doc["saved"] = saved.to_json()
        print_json(doc)
    else:
        print_table([host_row(a) for a in audits], ["host", "status", "pass", "fail", "unknown", "failing"],
                    title=TITLE)
        if saved is not None:
            typer.echo(f"saved {len(saved.saved)} host(s): {saved.opened} findings opened, {saved.still_open} still "
                       f"open, {saved.resolved} resolved; not in the store: {len(saved.not_in_store)}, "
                       f"not checked: {len(saved.not_checked)}")
    raise typer.Exit(code)
