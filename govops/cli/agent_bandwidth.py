"""`govops agent bandwidth`: serve interface and WAN-link counters and probes on /metrics."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from govops.cli.state import state


def bandwidth(
    ctx: typer.Context,
    config: Path | None = typer.Option(  # noqa: B008
        None, "--config", "-c", help="YAML file of targets and links (default: devices and links from the store)."
    ),
    listen: str = typer.Option("0.0.0.0:9120", "--listen", help="HOST:PORT to serve /metrics on."),
    shard: str | None = typer.Option(None, "--shard", help="I/N: poll only the targets of shard I of N."),
    check: bool = typer.Option(False, "--check", help="Validate the configuration, print the targets, exit."),
) -> None:
    """Poll switch, router and firewall interfaces over SNMP and serve them to Prometheus."""
    from govops.agent.bandwidth import parse_listen, serve
    from govops.collectors.bandwidth_targets import (
        config_from_store,
        load_config,
        parse_shard,
        select_shard,
    )

    cfg = load_config(config) if config else config_from_store(state(ctx).engine())
    if shard:
        index, count = parse_shard(shard)
        cfg = select_shard(cfg, index, count)
    parse_listen(listen)
    if check:
        for t in cfg.targets:
            typer.echo(f"{t.name}\t{t.address}:{t.port}\tlinks={','.join(lk.name for lk in t.links) or '-'}")
        typer.echo(f"{len(cfg.targets)} targets, {len(cfg.links)} links")
        return
    asyncio.run(serve(cfg, listen))
