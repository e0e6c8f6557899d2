"""`govops agent power`: serve device power, energy and room PUE to Prometheus."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Annotated

import typer

from govops.agent.power import PowerCollector
from govops.agent.power_config import load_config
from govops.agent.power_serve import run


def power(
    config: Annotated[Path, typer.Option("--config", help="Power agent YAML: rooms and devices (docs/power.md).")],
    listen: Annotated[str | None, typer.Option("--listen", help="host:port for /metrics (default: config's).")] = None,
) -> None:
    """Poll UPSes, PDUs, meters and BMCs; export power, energy and each room's PUE (机房 PUE)."""
    cfg = load_config(config)
    logging.getLogger("govops").info("power agent: %d rooms", len(cfg.rooms))
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(PowerCollector(cfg), listen or cfg.listen))
