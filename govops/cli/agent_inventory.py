"""`govops agent inventory`: progress gauges from the store for Prometheus."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

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
    findings = _finding_counter(ctx)
    if check:
        cfg, families = check_inventory_agent(engine, findings, path)
        report_check([f"{f.name}\t{len(f.samples)} series" for f in families], [],
                     f"{len(families)} families from the store, listening on {listen or cfg.listen}", [])  # fmt: skip
        return
    raise typer.Exit(run_inventory_agent(engine, findings, path, listen))


def _finding_counter(ctx: typer.Context) -> Callable[[Any], Mapping[str, int]]:
    """Open findings counted as `govops audit` counts them, with the same config.toml report settings."""
    from govops.config import load_config_file
    from govops.reports.audit import open_findings_by_severity
    from govops.reports.context import report_settings

    settings = report_settings(load_config_file(state(ctx).settings.home))
    return functools.partial(open_findings_by_severity, settings=settings)
