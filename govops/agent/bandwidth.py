"""The bandwidth agent: interface/WAN-link counters and link probes, on the shared agent runtime.

Collectors: ``bandwidth`` (``collectors.if_counters``) and ``link_probe``
(``collectors.link_probe``, only when a link declares a ``probe``). The runtime
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

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from govops.agent.config import AgentConfig, load_agent_config
from govops.agent.runtime import Collector, run_configured_agent
from govops.collectors.bandwidth_targets import BandwidthConfig
from govops.collectors.if_counters import BandwidthCollector
from govops.collectors.link_probe import LinkProbeCollector
from govops.util.exposition import Family

DEFAULT_LISTEN = ":9121"
BANDWIDTH_KEYS = (
    "targets",
    "links",
    "interval_seconds",
    "timeout_seconds",
    "table_refresh_seconds",
    "max_concurrency",
    "probe_count",
)


class RuntimeBandwidth:
    """Adapts ``BandwidthCollector`` to the runtime with pre-rendered label text (no per-sample escaping)."""

    def __init__(self, inner: BandwidthCollector) -> None:
        self.inner = inner
        self.name = inner.name
        self.interval_seconds = inner.interval_seconds
        self.timeout_seconds = inner.timeout_seconds

    async def poll(self) -> None:
        """Poll every target (see ``BandwidthCollector.poll``)."""
        await self.inner.poll()

    def collect(self) -> Iterable[Family]:
        """Yield runtime families built from the last snapshots; no I/O."""
        out: list[Family] = []
        for name, doc, mtype, samples in self.inner.text_families():
            fam = Family(name, doc, mtype)
            fam.samples = samples
            out.append(fam)
        return out

    def describe(self) -> Iterable[Any]:
        """Yield the (empty) families, for the runtime's duplicate-name check."""
        return self.inner.describe()


def build_collectors(config: BandwidthConfig) -> list[Collector]:
    """Return the bandwidth collector and, if any link has a probe, the link-probe collector."""
    collectors: list[Collector] = [RuntimeBandwidth(BandwidthCollector(config))]
    if any(lk.probe for lk in config.links):
        collectors.append(
            LinkProbeCollector(
                config.links,
                interval_seconds=min(30.0, config.interval_seconds),
                count=config.probe_count,
            )
        )
    return collectors


def load_runtime_config(path: Path | None) -> AgentConfig:
    """Read the runtime part of the agent config (listen, TLS/auth, logs); bandwidth keys pass through.

    Raises:
        ConfigError: Naming file:line.
    """
    return load_agent_config(
        path,
        agent="bandwidth",
        known_collectors=("bandwidth", "link_probe"),
        default_collectors=(),
        default_listen=DEFAULT_LISTEN,
        extra_keys=BANDWIDTH_KEYS,
    )


def run_bandwidth_agent(config: BandwidthConfig, runtime: AgentConfig, listen: str | None = None) -> int:
    """Serve the bandwidth agent until SIGTERM/SIGINT; return the exit code."""
    return run_configured_agent(runtime, build_collectors(config), listen)
