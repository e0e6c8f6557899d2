"""`govops classify device NAME`: why a stored device is domestic, foreign or unknown."""

from __future__ import annotations

import typer

from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.reports.device_verdict import explain_device
from govops.vocab import enum_label


def device(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Device name in the inventory."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Explain a stored device's domestic verdict with the evidence (field, value, catalogue rule, source)."""
    result = explain_device(state(ctx).engine(), name)
    if json_out:
        print_json(result)
        return
    verdict = result["domestic"]["verdict"]
    kind = str(result["kind"])
    typer.echo(f"{result['device']}: {verdict} / {enum_label('verdict', verdict)}  (vendor {result['vendor'] or '-'}, "
               f"model {result['model'] or '-'}, kind {kind} / {enum_label('device_kind', kind)})")
    vendor = result["catalogue_vendor"]
    if vendor:
        typer.echo(f"catalogue: {vendor['id']} {vendor['name']} {vendor['name_zh'] or ''} country={vendor['country']} "
                   f"domestic={vendor['domestic']}")
    if result["policy"]:
        others = [f"{d} {v['verdict']}" for d, v in result["dimensions"].items() if d not in result["policy"]]
        typer.echo(f"policy: {', '.join(result['policy'])} decide" + (f" (not: {', '.join(others)})" if others else ""))
    print_table(result["domestic"]["evidence"], ["field", "value", "rule", "source"], title="evidence / 依据")
    stored = result["stored"]["domestic"]
    if stored and stored != verdict:
        typer.echo(f"note: the store says {stored}; the catalogue now says {verdict} (rescan or edit to update)")
