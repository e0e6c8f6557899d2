"""`govops agent power`: serve device power, energy and room PUE to Prometheus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def power(
    config: Annotated[Path, typer.Option("--config", help="Agent config with `rooms:` (agents/power.example.yml).")],
    listen: Annotated[str | None, typer.Option("--listen", help="host:port for /metrics (default :9122).")] = None,
) -> None:
    """Poll UPSes, PDUs, meters and BMCs; export power, energy and each room's PUE (机房 PUE)."""
    from govops.agent.power_agent import run_power_agent  # the runtime and pysnmp load only when it runs

    raise typer.Exit(run_power_agent(config, listen))
