"""`govops agent bandwidth`: serve interface and WAN-link counters and probes on /metrics."""

from __future__ import annotations

from pathlib import Path

import typer

from govops.cli.output import report_check
from govops.cli.state import state


def bandwidth(
    ctx: typer.Context,
    config: Path | None = typer.Option(  # noqa: B008
        None, "--config", "-c",
        help="YAML file of targets and links (without `targets:`: settings only, targets from the store).",
    ),
    listen: str | None = typer.Option(None, "--listen", help="HOST:PORT to serve /metrics on (default :9121)."),
    shard: str | None = typer.Option(None, "--shard", help="I/N: poll only the targets of shard I of N."),
    check: bool = typer.Option(
        False, "--check", help="Validate the config (addresses resolve, secrets set), print the targets, exit."
    ),
) -> None:
    """Poll switch, router and firewall interfaces over SNMP and serve them to Prometheus."""
    from govops.agent.bandwidth import load_runtime_config, run_bandwidth_agent
    from govops.collectors.bandwidth_targets import (
        config_from_store,
        load_config,
        runtime_problems,
        select_shard,
    )
    from govops.util.address import format_address
    from govops.util.shard import parse_shard

    runtime = load_runtime_config(config)
    cfg = load_config(config) if config else None
    if cfg is None or not _lists_targets(config):
        # No file, or a file of settings only (interval, timeouts): the targets and links come from the store.
        cfg = config_from_store(state(ctx).engine(), base=cfg)
    if shard:
        index, count = parse_shard(shard)
        cfg = select_shard(cfg, index, count)
    if check:
        lines = [f"{t.name}\t{format_address(t.address, t.port)}\tlinks={','.join(lk.name for lk in t.links) or '-'}"
                 for t in cfg.targets]  # fmt: skip
        total = f"{len(cfg.targets)} targets, {len(cfg.links)} links, {len(cfg.skipped)} skipped"
        report_check(lines, cfg.skipped, total, runtime_problems(cfg))
        return
    raise typer.Exit(run_bandwidth_agent(cfg, runtime, listen))


def _lists_targets(config: Path | None) -> bool:
    """Whether the config file has a ``targets`` key (else it only sets the poll settings)."""
    from collections.abc import Mapping

    from govops.util.yamlio import load_yaml_file

    data = load_yaml_file(config) if config else None
    return isinstance(data, Mapping) and "targets" in data
