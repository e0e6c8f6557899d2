"""The bandwidth agent: interface/WAN-link counters and link probes, on the shared agent runtime.

Collectors: ``bandwidth`` (``collectors.if_counters``) and ``link_probe``
(``collectors.link_probe``, only when a link declares a ``probe``), enabled by the
config's ``collectors:`` section like every agent's (both by default). The runtime
(``agent.runtime``) schedules their polls on one asyncio loop, renders each snapshot
once per completed poll, and serves ``/metrics`` and ``/healthz`` (TLS and basic auth
through an exporter-toolkit web config), so a scrape never waits for a device.

The config file is the runtime's agent config plus the bandwidth keys::

    listen: ":9121"
    web_config_file: web.yml            # optional, TLS / basic auth
    interval_seconds: 60                # the bandwidth poll period
    timeout_seconds: 10                 # per-device deadline
    targets: [...]                      # see collectors.bandwidth_targets
    links: [...]
"""

from __future__ import annotations

from pathlib import Path

from govops.agent.config import AgentConfig, CollectorConfig, CollectorFactory, load_agent_config
from govops.agent.runtime import Collector, run_configured_agent
from govops.collectors.bandwidth_targets import BandwidthConfig
from govops.collectors.if_counters import BandwidthCollector
from govops.collectors.link_probe import LinkProbeCollector

DEFAULT_LISTEN = ":9121"
COLLECTORS = ("bandwidth", "link_probe")
BANDWIDTH_KEYS = (
    "targets",
    "links",
    "interval_seconds",
    "timeout_seconds",
    "table_refresh_seconds",
    "max_concurrency",
    "probe_count",
)


def bandwidth_factories(config: BandwidthConfig) -> dict[str, CollectorFactory]:
    """The bandwidth agent's collectors by name; the config's ``collectors:`` section picks among them.

    The poll period and per-device deadline are the file's top-level ``interval_seconds`` and
    ``timeout_seconds`` (they also bound each device); link probes run at most every 30 s.
    """

    def bandwidth(cc: CollectorConfig) -> Collector:
        cc.check_options(())
        return BandwidthCollector(config)

    def link_probe(cc: CollectorConfig) -> Collector:
        cc.check_options(())
        return LinkProbeCollector(config.links, interval_seconds=min(30.0, config.interval_seconds),
                                  count=config.probe_count)

    return {"bandwidth": bandwidth, "link_probe": link_probe}


def build_collectors(config: BandwidthConfig, runtime: AgentConfig) -> list[Collector]:
    """Build the collectors the ``collectors:`` section enables (default: both); probes only if a link has one."""
    factories = bandwidth_factories(config)
    has_probes = any(lk.probe for lk in config.links)
    return [factories[cc.name](cc) for cc in runtime.collectors if cc.name != "link_probe" or has_probes]


def load_runtime_config(path: Path | None) -> AgentConfig:
    """Read the runtime part of the agent config (listen, TLS/auth, logs); bandwidth keys pass through.

    Raises:
        ConfigError: Naming file:line.
    """
    return load_agent_config(
        path,
        agent="bandwidth",
        known_collectors=COLLECTORS,
        default_collectors=COLLECTORS,
        default_listen=DEFAULT_LISTEN,
        extra_keys=BANDWIDTH_KEYS,
    )


def run_bandwidth_agent(config: BandwidthConfig, runtime: AgentConfig, listen: str | None = None) -> int:
    """Serve the bandwidth agent until SIGTERM/SIGINT; return the exit code."""
    return run_configured_agent(runtime, build_collectors(config, runtime), listen)
