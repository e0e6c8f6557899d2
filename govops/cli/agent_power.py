"""`govops agent power`: serve device power, energy and room PUE to Prometheus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def power(
    config: Annotated[Path, typer.Option("--config", help="Agent config with `rooms:` (agents/power.example.yml).")],
    listen: Annotated[str | None, typer.Option("--listen", help="host:port for /metrics (default :9122).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Validate the config (addresses resolve, secrets set), "
                                        "exit 2 naming each problem.")] = False,
) -> None:
    """Poll UPSes, PDUs, meters and BMCs; export power, energy and each room's PUE (机房 PUE)."""
    from govops.agent.power_agent import check_power_config, run_power_agent  # the runtime loads only when it runs

    if check:
        problems = check_power_config(config)
        for problem in problems:
            typer.echo(f"error: {problem}", err=True)
        typer.echo(f"{config}: {'problems found' if problems else 'ok'}")
        raise typer.Exit(2 if problems else 0)
    raise typer.Exit(run_power_agent(config, listen))
