"""The bandwidth agent: interface/WAN-link counters and link probes served on ``/metrics``.

``build_collectors`` makes the two collectors (``bandwidth``, ``link_probe``) from a
validated config. ``serve`` runs them: each collector's ``poll()`` on one asyncio loop on
its own schedule with its own deadline, and prometheus_client's HTTP server (another
thread) calling only ``collect()``, so a scrape never waits for a device.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
import time
from collections.abc import Iterable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric

from govops.collectors.bandwidth_targets import BandwidthConfig
from govops.collectors.if_counters import BandwidthCollector
from govops.collectors.link_probe import LinkProbeCollector
from govops.errors import ConfigError

log = logging.getLogger(__name__)


class Collector(Protocol):
    """What the agent schedules (the shared agent runtime's collector contract)."""

    name: str
    interval_seconds: float
    timeout_seconds: float

    async def poll(self) -> None:
        """Refresh the collector's snapshot."""
        ...

    def collect(self) -> Iterable[Metric]:
        """Yield metric families from the last snapshot, without I/O."""
        ...

    def describe(self) -> Iterable[Metric]:
        """Yield the metric families (empty)."""
        ...


def build_collectors(config: BandwidthConfig) -> list[Collector]:
    """Return the bandwidth collector and, if any link has a probe, the link-probe collector."""
    collectors: list[Collector] = [BandwidthCollector(config)]
    if any(lk.probe for lk in config.links):
        collectors.append(
            LinkProbeCollector(
                config.links,
                interval_seconds=min(30.0, config.interval_seconds),
                count=config.probe_count,
            )
        )
    return collectors


class _Health:
    """Per-collector health: poll duration, success and last success, as the runtime exports them."""

    def __init__(self, collectors: Sequence[Collector]) -> None:
        self.state: dict[str, tuple[float, bool, float | None]] = {c.name: (0.0, False, None) for c in collectors}

    def collect(self) -> Iterable[Metric]:
        dur = GaugeMetricFamily("govops_collector_poll_duration_seconds", "Duration of the last poll.",
                                labels=["collector"])
        ok = GaugeMetricFamily("govops_collector_success", "1 if the last poll finished in time.",
                               labels=["collector"])
        last = GaugeMetricFamily("govops_collector_last_success_timestamp_seconds",
                                 "Unix time of the last poll that finished in time.", labels=["collector"])
        for name, (d, s, t) in sorted(self.state.items()):
            dur.add_metric([name], d)
            ok.add_metric([name], 1.0 if s else 0.0)
            if t is not None:
                last.add_metric([name], t)
        return [dur, ok, last]

    def describe(self) -> Iterable[Metric]:
        return []


async def _schedule(collector: Collector, health: _Health, stop: asyncio.Event) -> None:
    while not stop.is_set():
        start = time.monotonic()
        ok = True
        try:
            await asyncio.wait_for(collector.poll(), collector.timeout_seconds)
        except TimeoutError:
            ok = False
            log.warning("%s: poll exceeded %g s", collector.name, collector.timeout_seconds)
        except Exception:  # one collector's bug must not stop the others
            ok = False
            log.exception("%s: poll failed", collector.name)
        took = time.monotonic() - start
        prev = health.state[collector.name][2]
        health.state[collector.name] = (took, ok, time.time() if ok else prev)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0.0, collector.interval_seconds - took))


def parse_listen(listen: str) -> tuple[str, int]:
    """Parse ``HOST:PORT`` (``[v6]:port`` too).

    >>> parse_listen("127.0.0.1:9120")
    ('127.0.0.1', 9120)
    """
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit():
        raise ConfigError(f"--listen {listen!r}: expected HOST:PORT, e.g. 0.0.0.0:9120")
    return host.strip("[]") or "0.0.0.0", int(port)  # noqa: S104 - an agent listens where it is told


class _Handler(BaseHTTPRequestHandler):
    """``/metrics`` (fast text of the bandwidth collector + prometheus_client for the rest), ``/healthz``."""

    fast: tuple[BandwidthCollector, ...] = ()
    registry: CollectorRegistry = CollectorRegistry(auto_describe=False)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self._reply(200, b"ok\n", "text/plain; charset=utf-8")
        elif path == "/metrics":
            parts = [c.exposition().encode("utf-8") for c in self.fast]
            parts.append(generate_latest(self.registry))
            self._reply(200, b"".join(parts), CONTENT_TYPE_LATEST)
        else:
            self._reply(404, b"not found: try /metrics\n", "text/plain; charset=utf-8")

    def _reply(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("http: " + format, *args)


def start_server(host: str, port: int, collectors: Sequence[Collector], health: _Health) -> ThreadingHTTPServer:
    """Serve ``/metrics`` and ``/healthz`` from a thread; scrapes only read snapshots."""
    registry = CollectorRegistry(auto_describe=False)
    fast = tuple(c for c in collectors if isinstance(c, BandwidthCollector))
    for c in collectors:
        if not isinstance(c, BandwidthCollector):
            registry.register(c)
    registry.register(health)
    handler = type("BandwidthHandler", (_Handler,), {"fast": fast, "registry": registry})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="metrics-http", daemon=True).start()
    return server


async def serve(config: BandwidthConfig, listen: str, *, stop: asyncio.Event | None = None) -> None:
    """Run the agent until ``stop`` is set (or SIGTERM/SIGINT)."""
    collectors = build_collectors(config)
    health = _Health(collectors)
    host, port = parse_listen(listen)
    try:
        server = start_server(host, port, collectors, health)
    except OSError as exc:
        raise ConfigError(f"--listen {listen}: cannot listen: {exc.strerror}") from exc
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    log.info("bandwidth agent: %d targets, serving http://%s:%d/metrics", len(config.targets), host, port)
    try:
        await asyncio.gather(*(_schedule(c, health, stop) for c in collectors))
    finally:
        server.shutdown()
        server.server_close()
