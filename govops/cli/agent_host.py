"""`govops agent host`: serve this machine's metrics for Prometheus."""

from __future__ import annotations

from pathlib import Path

import typer

from govops.cli.output import report_check


def host(
    listen: str | None = typer.Option(None, "--listen", help="host:port to serve on (default :9120)."),
    config: str | None = typer.Option(None, "--config", help="Agent config (YAML); see agents/host.example.yml."),
    check: bool = typer.Option(False, "--check", help="Validate the config, its collectors' options and the web "
                               "config (certificate against key), print the collectors, exit."),
) -> None:
    """Serve CPU, memory, filesystem, disk, network, load, uptime and host identity on /metrics."""
    from govops.agent.hostagent import check_host_config, run_host_agent  # lazy: keeps CLI start-up fast

    path = Path(config) if config else None
    if check:
        cfg, collectors = check_host_config(path)
        report_check([f"{c.name}\tevery {c.interval_seconds:g} s" for c in collectors], [],
                     f"{len(collectors)} collectors, listening on {listen or cfg.listen}", [])  # fmt: skip
        return
    raise typer.Exit(run_host_agent(path, listen))
