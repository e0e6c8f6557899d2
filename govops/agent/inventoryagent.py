"""The inventory agent: progress gauges from the store for the leadership dashboard."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from govops.agent.config import AgentConfig, load_agent_config
from govops.agent.runtime import build_collectors, run_configured_agent
from govops.collectors.inventory import InventoryCollector
from govops.errors import GovopsError

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


def check_inventory_agent(engine: Engine, config: Path | None = None) -> None:
    """Load the config and read the store once, as every poll will (``--check``).

    Raises:
        ConfigError: Bad config (file:line).
        GovopsError: The store cannot be read (missing, not migrated, refused).
    """
    cfg = load_inventory_config(config)
    for collector in build_collectors(cfg, {"inventory": lambda cc: InventoryCollector(cc, engine)}):
        if isinstance(collector, InventoryCollector):
            try:
                collector.read()
            except SQLAlchemyError as exc:
                raise GovopsError(f"cannot read the store: {str(exc).splitlines()[0]}",
                                  hint="check GOVOPS_DB / --db and run `govops init`") from exc


def run_inventory_agent(engine: Engine, config: Path | None = None, listen: str | None = None) -> int:
    """Serve the store's progress gauges until SIGTERM.

    Raises:
        ConfigError: Bad config, web config, certificate or port.
    """
    cfg = load_inventory_config(config)
    collectors = build_collectors(cfg, {"inventory": lambda cc: InventoryCollector(cc, engine)})
    return run_configured_agent(cfg, collectors, listen=listen)
