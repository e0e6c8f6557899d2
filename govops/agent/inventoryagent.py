"""The inventory agent: progress gauges from the store for the leadership dashboard."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from govops.agent.config import AgentConfig, load_agent_config
from govops.agent.runtime import build_collectors, run_configured_agent
from govops.agent.web import load_web_config
from govops.collectors.inventory import InventoryCollector
from govops.store.db import ensure_current
from govops.util.exposition import Family

DEFAULT_LISTEN = ":9123"


def load_inventory_config(path: Path | None) -> AgentConfig:
    """Read the inventory agent's config (defaults without a file).

    Raises:
        ConfigError: Naming file:line.
    """
    return load_agent_config(
        path,
        agent="inventory",
        known_collectors=("inventory",),
        default_collectors=("inventory",),
        default_listen=DEFAULT_LISTEN,
    )


def check_inventory_agent(engine: Engine, config: Path | None = None) -> tuple[AgentConfig, list[Family]]:
    """Validate the config and web config and compute the figures once from the store; return both.

    Raises:
        ConfigError: Bad config or web config (file:line).
        GovopsError: The store cannot be read (not initialised, not reachable).
    """
    cfg = load_inventory_config(config)
    collector = InventoryCollector(cfg.collectors[0] if cfg.collectors else None, engine)
    load_web_config(cfg.web_config_file)
    ensure_current(engine)
    return cfg, collector.read()


def run_inventory_agent(engine: Engine, config: Path | None = None, listen: str | None = None) -> int:
    """Serve the store's progress gauges until SIGTERM.

    Raises:
        ConfigError: Bad config, web config, certificate or port.
    """
    cfg = load_inventory_config(config)
    collectors = build_collectors(cfg, {"inventory": lambda cc: InventoryCollector(cc, engine)})
    return run_configured_agent(cfg, collectors, listen=listen)
