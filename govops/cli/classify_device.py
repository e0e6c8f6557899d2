"""`govops classify device NAME`: why a stored device is domestic, foreign or unknown."""

from __future__ import annotations

import typer

from govops.catalog.record import DIMENSIONS
from govops.cli.options import JsonOpt
from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.reports.device_verdict import explain_device
from govops.vocab import enum_label


def device(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Device name in the inventory."),
    json_out: bool = JsonOpt,
) -> None:
    """Explain a stored device's domestic verdict with the evidence (field, value, catalogue rule, source)."""
    result = explain_device(state(ctx).engine(), name)
    if json_out:
        print_json(result)
        return
    verdict = result["domestic"]
    record = result["classification"]
    kind = str(result["kind"])
    typer.echo(f"{result['device']}: {verdict} / {enum_label('verdict', verdict)}  (vendor {result['vendor'] or '-'}, "
               f"model {result['model'] or '-'}, kind {kind} / {enum_label('device_kind', kind)})")
    vendor = result["catalogue_vendor"]
    if vendor:
        typer.echo(f"catalogue: {vendor['id']} {vendor['name']} {vendor['name_zh'] or ''} country={vendor['country']} "
                   f"domestic={vendor['domestic']}")
    policy = record.get("policy")
    if policy:
        others = [f"{d} {record[d]['verdict']}" for d in DIMENSIONS if d in record and d not in policy]
        typer.echo(f"policy: {', '.join(policy)} decide" + (f" (not: {', '.join(others)})" if others else ""))
    # The evidence of the dimensions that decide: the policy's for a server, the maker's otherwise.
    evidence = [e for d in policy or ["vendor"] for e in record[d]["evidence"]]
    print_table(evidence, ["field", "value", "rule", "source"], title="evidence / 依据")
    stored = result["stored"]["domestic"]
    if stored and stored != verdict:
        typer.echo(f"note: the store says {stored}; the catalogue now says {verdict} (rescan or edit to update)")
