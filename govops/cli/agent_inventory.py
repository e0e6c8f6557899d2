"""`govops agent inventory`: progress gauges from the store for Prometheus."""

from __future__ import annotations

from pathlib import Path

import typer

from govops.cli.state import state


def inventory(
    ctx: typer.Context,
    listen: str | None = typer.Option(None, "--listen", help="host:port to serve on (default :9123)."),
    config: str | None = typer.Option(None, "--config", help="Agent config (YAML); see agents/inventory.example.yml."),
    check: bool = typer.Option(False, "--check", help="Validate the config and read the store once, then exit."),
) -> None:
    """Serve systems, devices, rooms, 等保, backup and findings counts from the store on /metrics."""
    engine = state(ctx).engine()
    from govops.agent.inventoryagent import check_inventory_agent, run_inventory_agent  # lazy: fast start-up

    if check:
        check_inventory_agent(engine, Path(config) if config else None)
        typer.echo(f"{config or 'defaults'}: ok, the store answers")
        return

    raise typer.Exit(run_inventory_agent(engine, Path(config) if config else None, listen))
