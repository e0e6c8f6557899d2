"""`govops agent inventory`: progress gauges from the store for Prometheus."""

from __future__ import annotations

from pathlib import Path

import typer

from govops.cli.output import report_check
from govops.cli.state import state


def inventory(
    ctx: typer.Context,
    listen: str | None = typer.Option(None, "--listen", help="host:port to serve on (default :9123)."),
    config: str | None = typer.Option(None, "--config", help="Agent config (YAML); see agents/inventory.example.yml."),
    check: bool = typer.Option(False, "--check", help="Validate the config and web config, read the store once "
                               "(as every scrape's figures are computed), print the figures' count, exit."),
) -> None:
    """Serve systems, devices, rooms, 等保, backup and findings counts from the store on /metrics."""
    engine = state(ctx).engine()
    from govops.agent.inventoryagent import check_inventory_agent, run_inventory_agent  # lazy: CLI start-up

    path = Path(config) if config else None
    if check:
        cfg, families = check_inventory_agent(engine, path)
        report_check([f"{f.name}\t{len(f.samples)} series" for f in families], [],
                     f"{len(families)} families from the store, listening on {listen or cfg.listen}", [])  # fmt: skip
        return
    raise typer.Exit(run_inventory_agent(engine, path, listen))
