"""`govops agent host`: serve this machine's metrics for Prometheus."""

from __future__ import annotations

from pathlib import Path

import typer


def host(
    listen: str | None = typer.Option(None, "--listen", help="host:port to serve on (default :9120)."),
    config: str | None = typer.Option(None, "--config", help="Agent config (YAML); see agents/host.example.yml."),
) -> None:
    """Serve CPU, memory, filesystem, disk, network, load, uptime and host identity on /metrics."""
    from govops.agent.hostagent import run_host_agent  # lazy: keeps CLI start-up fast

    raise typer.Exit(run_host_agent(Path(config) if config else None, listen))
