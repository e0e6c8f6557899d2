"""`govops classify device NAME`: why a stored device is domestic, foreign or unknown."""

from __future__ import annotations

import typer

from govops.catalog.record import DIMENSIONS
from govops.cli.options import JsonOpt, chosen_lang, lang_option
from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.reports.device_verdict import explain_device
from govops.reports.i18n import Lang, Translator
from govops.vocab import header_label, labelled, with_label, yes_no_cell

LangOpt = lang_option("Language of the missing facts' notes")


def device(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Device name in the inventory."),
    json_out: bool = JsonOpt,
    lang: str | None = LangOpt,
) -> None:
    """Explain a stored device's domestic verdict with the evidence (field, value, catalogue rule, source).

    A deciding dimension with no evidence (a ledger row without CPU or OS) is listed as missing: the ledger columns
    that would declare it and the scan that would observe it (``missing`` in --json).
    """
    result = explain_device(state(ctx).engine(), name)
    if json_out:
        print_json(result)
        return
    verdict = result["domestic"]
    record = result["classification"]
    kind = str(result["kind"])
    typer.echo(f"{result['device']}: {labelled('verdict', verdict)}  (vendor {result['vendor'] or '-'}, "
               f"model {result['model'] or '-'}, kind {labelled('device_kind', kind)})")
    vendor = result["catalogue_vendor"]
    if vendor:
        # The row's flag as every table shows yes/no (是 yes), in the line above's style; '-' where it states none.
        flag = "-" if vendor["domestic"] is None else yes_no_cell(vendor["domestic"])
        name = " ".join(str(n) for n in (vendor["name"], vendor["name_zh"]) if n)
        typer.echo(f"catalogue: {vendor['id']} {name}  (country {vendor['country'] or '-'}, domestic {flag})")
    policy = record.get("policy")
    if policy:
        # Dimensions and verdicts as every table shows them (厂商 vendor 国外 foreign), not the bare --json words.
        deciding = ", ".join(labelled("dimension", d) for d in policy)
        others = [f"{labelled('dimension', d)} {labelled('verdict', record[d]['verdict'])}"
                  for d in DIMENSIONS if d in record and d not in policy]
        typer.echo(f"policy: {deciding} decide" + (f" (not: {', '.join(others)})" if others else ""))
    # The evidence of the dimensions that decide: the policy's for a server, the maker's otherwise.
    evidence = [e for d in policy or ["vendor"] for e in record[d]["evidence"]]
    if evidence:
        print_table(evidence, ["field", "value", "rule", "source"], title="依据 evidence")
    if result["missing"]:
        _print_missing(result["missing"], chosen_lang(ctx, lang))
    stored = result["stored"]["domestic"]
    if stored and stored != verdict:
        typer.echo(f"note: the store says {stored}; the catalogue now says {verdict} (rescan or edit to update)")


def _print_missing(missing: list[dict[str, object]], lang: Lang) -> None:
    """The deciding dimensions nothing declared or observed, each with the ledger columns and scan that settle it."""
    t = Translator(lang)
    rows = []
    for m in missing:
        columns = [str(c) for c in m["ledger_columns"]]  # type: ignore[attr-defined]
        scan = str(m["command"])
        if m["needs"]:
            scan += f" ({t('missing.needs', column=header_label(str(m['needs']), lang))})"
        rows.append({
            "dimension": labelled("dimension", str(m["dimension"])),
            "ledger": ", ".join(with_label(header_label(c), c) for c in columns) or t("missing.no_column"),
            "scan": scan,
        })
    # Headers and words in both languages, as every table's; the notes (scan's needs, none) in the language asked for.
    print_table(rows, ["dimension", "ledger", "scan"], labels={"ledger": "台账填写", "scan": "或采集"},
                title=t("missing.title"))
