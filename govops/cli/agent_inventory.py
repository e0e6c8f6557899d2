"""`govops agent inventory`: progress gauges from the store for Prometheus."""

from __future__ import annotations

from pathlib import Path

import typer

from govops.cli.state import state


def inventory(
    ctx: typer.Context,
    listen: str | None = typer.Option(None, "--listen", help="host:port to serve on (default :9123)."),
    config: str | None = typer.Option(None, "--config", help="Agent config (YAML); see agents/inventory.example.yml."),
) -> None:
    """Serve systems, devices, rooms, 等保, backup and findings counts from the store on /metrics."""
    engine = state(ctx).engine()
    from govops.agent.inventoryagent import run_inventory_agent  # lazy: keeps CLI start-up fast

    raise typer.Exit(run_inventory_agent(engine, Path(config) if config else None, listen))
