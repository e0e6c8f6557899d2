"""The inventory agent: progress gauges from the store for the leadership dashboard."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from govops.agent.config import AgentConfig, load_agent_config
from govops.agent.runtime import build_collectors, run_configured_agent
from govops.agent.web import load_web_config
from govops.collectors.inventory import FindingCounter, InventoryCollector
from govops.errors import GovopsError
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


def check_inventory_agent(engine: Engine, findings: FindingCounter,
                          config: Path | None = None) -> tuple[AgentConfig, list[Family]]:
    """Load the config and web config and read the store once, as every poll will (``--check``); return both.

    Raises:
        ConfigError: Bad config or web config (file:line).
        GovopsError: The store cannot be read (missing, not migrated, refused).
    """
    cfg = load_inventory_config(config)
    load_web_config(cfg.web_config_file)
    ensure_current(engine)
    families: list[Family] = []
    for collector in build_collectors(cfg, {"inventory": lambda cc: InventoryCollector(cc, engine, findings=findings)}):
        if isinstance(collector, InventoryCollector):
            try:
                families += collector.read()
            except SQLAlchemyError as exc:
                raise GovopsError(f"cannot read the store: {str(exc).splitlines()[0]}",
                                  hint="check GOVOPS_DB / --db and run `govops init`") from exc
    return cfg, families


def run_inventory_agent(engine: Engine, findings: FindingCounter, config: Path | None = None,
                        listen: str | None = None) -> int:
    """Serve the store's progress gauges until SIGTERM.

    ``findings`` counts open findings as ``govops audit`` does (the caller passes the reports layer's count).

    Raises:
        ConfigError: Bad config, web config, certificate or port.
    """
    cfg = load_inventory_config(config)
    collectors = build_collectors(cfg, {"inventory": lambda cc: InventoryCollector(cc, engine, findings=findings)})
    return run_configured_agent(cfg, collectors, listen=listen)
