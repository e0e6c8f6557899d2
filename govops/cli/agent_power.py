"""`govops agent power`: serve device power, energy and room PUE to Prometheus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from govops.cli.output import report_check
from govops.cli.state import state


def power(
    ctx: typer.Context,
    config: Annotated[Path, typer.Option("--config", help="Agent config with `rooms:` (agents/power.example.yml).")],
    listen: Annotated[str | None, typer.Option("--listen", help="host:port for /metrics (default :9122).")] = None,
    shard: Annotated[str | None, typer.Option("--shard", help="I/N: only the rooms of shard I of N (a room's "
                                              "meters stay together; as `inventory export --shard`).")] = None,
    check: Annotated[bool, typer.Option("--check", help="Validate the config (rooms from the store, secrets "
                                        "readable, addresses resolve, web config), print the devices, exit.")] = False,
) -> None:
    """Poll UPSes, PDUs, meters and BMCs; export power, energy and each room's PUE (机房 PUE).

    A room listed without `devices:` polls the store's meters and server BMCs of that room
    (the store of --db / GOVOPS_DB / $GOVOPS_HOME, as every command).
    """
    from govops.agent.power_agent import check_problems, load_power_agent, run_power_agent
    from govops.util.shard import parse_shard

    def engine() -> Engine:  # the store opens only when a room takes its devices from it
        return state(ctx).engine()

    site = parse_shard(shard) if shard is not None else None
    if not check:
        raise typer.Exit(run_power_agent(config, listen, engine, site))
    setup = load_power_agent(config, engine, site)
    rooms = [room for c in setup.collectors for room in c.config.rooms]
    lines = [f"{room.room}\t{dev.name}\t{dev.kind}\t{dev.address}\t{dev.measures}"
             for room in rooms for dev in room.devices]  # fmt: skip
    total = f"{len(rooms)} rooms, {len(lines)} devices, {len(setup.skipped)} skipped"
    report_check(lines, setup.skipped, total, check_problems(setup))
