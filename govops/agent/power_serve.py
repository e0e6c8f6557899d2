"""Serve the power collector: poll on schedule, expose ``/metrics``.

A minimal runner (prometheus_client's own HTTP server, one process, one asyncio
loop) used until the shared agent runtime (``govops.agent.runtime``) is merged;
the collector already implements that runtime's ``Collector`` protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from prometheus_client import CollectorRegistry, start_http_server

from govops.agent.power import PowerCollector
from govops.collectors.power_read import split_host_port
from govops.errors import ConfigError

log = logging.getLogger(__name__)


def parse_listen(listen: str) -> tuple[str, int]:
    """Split ``host:port`` for the HTTP listener."""
    host, port = split_host_port(listen, 0)
    if port == 0:
        raise ConfigError(f"--listen {listen!r}: give host:port, e.g. 127.0.0.1:9841")
    return host, port


async def run(collector: PowerCollector, listen: str, *, stop: asyncio.Event | None = None) -> None:
    """Serve ``/metrics`` on ``listen`` and poll every ``interval_seconds`` until ``stop`` is set."""
    host, port = parse_listen(listen)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    try:
        server, _thread = start_http_server(port, addr=host, registry=registry)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {listen}: {exc.strerror}") from exc
    stop = stop or asyncio.Event()
    try:
        while not stop.is_set():
            started = time.monotonic()
            await collector.poll()
            elapsed = time.monotonic() - started
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=max(0.0, collector.interval_seconds - elapsed))
    finally:
        server.shutdown()
