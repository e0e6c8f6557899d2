"""Run the power agent on the shared agent runtime (``govops.agent.runtime``).

The config file is an ordinary agent config (``listen``, ``web_config_file``,
``log_format``, ``failure_threshold``, ``defaults``, ``collectors``) plus the
power agent's own ``rooms:`` list; see ``agents/power.example.yml`` and
``docs/power.md``.
"""

from __future__ import annotations

from pathlib import Path

from govops.agent.config import AgentConfig, load_agent_config
from govops.agent.runtime import run_configured_agent
from govops.collectors.power import PowerCollector
from govops.collectors.power_config import PowerAgentConfig, parse_rooms, runtime_problems
from govops.errors import ConfigError
from govops.util.section import CollectorConfig

DEFAULT_LISTEN = ":9122"


def build_power_collector(cc: CollectorConfig, rooms_raw: object, where: str) -> PowerCollector:
    """Build the collector from its runtime section (schedule, options) and the rooms list."""
    opts = cc.check_options(("concurrency", "stale_after_polls"))
    cfg = PowerAgentConfig(
        rooms=parse_rooms(rooms_raw, where),
        interval_seconds=cc.interval_seconds,
        timeout_seconds=cc.timeout_seconds,
        concurrency=opts.get_int("concurrency", 64, minimum=1),
        stale_after_polls=opts.get_float("stale_after_polls", 2.5, minimum=1),
    )
    return PowerCollector(cfg)


def _load(config: Path) -> tuple[AgentConfig, list[PowerCollector]]:
    cfg = load_agent_config(config, agent="power", known_collectors=["power"], default_collectors=["power"],
                            default_listen=DEFAULT_LISTEN, extra_keys=["rooms"])
    if not cfg.root.has("rooms"):
        raise ConfigError(f"{config}: no `rooms:`; the power agent needs at least one room and its devices")
    return cfg, [build_power_collector(cc, cfg.root.raw("rooms"), str(config)) for cc in cfg.collectors]


def check_power_config(config: Path) -> list[str]:
    """Load the config as the agent would and list what would fail at run time (``--check``).

    Raises:
        ConfigError: Bad config (file:line).
    """
    _cfg, collectors = _load(config)
    return [problem for c in collectors for problem in runtime_problems(c.config.rooms)]


def run_power_agent(config: Path, listen: str | None = None) -> int:
    """Load the config and serve until SIGTERM.

    Raises:
        ConfigError: Bad config (file:line), web config, certificate or port.
    """
    cfg, collectors = _load(config)
    return run_configured_agent(cfg, list(collectors), listen=listen)
