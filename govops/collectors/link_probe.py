"""Latency and loss of WAN links: ICMP echo without root where allowed, TCP connect otherwise.

Linux lets unprivileged processes send ICMP echo through ``SOCK_DGRAM``/``IPPROTO_ICMP``
sockets when their group is inside ``net.ipv4.ping_group_range`` (Debian's default
``1 0`` allows nobody). The agent never needs root or CAP_NET_RAW: when ICMP sockets
are refused it measures the TCP handshake to the link's ``tcp_port`` instead (a
refused or unanswered connection is a lost probe, so the port must be one that
accepts connections across the link).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import socket
import statistics
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from govops.collectors.bandwidth_targets import LinkSpec
from govops.util.exposition import Family

log = logging.getLogger(__name__)

Method = Literal["icmp", "tcp"]
_LABELS = ["link", "carrier", "role", "level", "site", "method"]


def icmp_allowed() -> bool:
    """Tell whether this process may open an unprivileged ICMP echo socket."""
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    except OSError:
        return False
    sock.close()
    return True


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    total = int(sum(struct.unpack(f"!{len(data) // 2}H", data)))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


async def icmp_rtt(address: str, *, timeout: float, seq: int) -> float | None:
    """Send one ICMP echo through an unprivileged socket; return the RTT in seconds or None if lost."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    sock.setblocking(False)
    try:
        payload = b"govops-probe"
        header = struct.pack("!BBHHH", 8, 0, 0, 0, seq & 0xFFFF)
        packet = struct.pack("!BBHHH", 8, 0, _checksum(header + payload), 0, seq & 0xFFFF) + payload
        start = time.perf_counter()
        await loop.sock_sendto(sock, packet, (address, 0))
        deadline = start + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            try:
                data = await asyncio.wait_for(loop.sock_recv(sock, 2048), remaining)
            except TimeoutError:
                return None
            # The kernel strips the IP header and rewrites the identifier; match type and sequence.
            if len(data) >= 8 and data[0] == 0 and struct.unpack("!H", data[6:8])[0] == seq & 0xFFFF:
                return time.perf_counter() - start
    except OSError as exc:
        log.debug("ICMP probe to %s failed: %s", address, exc)
        return None
    finally:
        sock.close()


async def tcp_rtt(address: str, port: int, *, timeout: float) -> float | None:
    """Time a TCP handshake; return the RTT in seconds or None when refused or unanswered."""
    start = time.perf_counter()
    try:
        _reader, writer = await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
    except (TimeoutError, OSError):
        return None
    rtt = time.perf_counter() - start
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return rtt


@dataclass(frozen=True)
class ProbeResult:
    """The outcome of one round of probes of one link."""

    link: LinkSpec
    method: Method
    sent: int
    received: int
    rtt_s: float | None


class LinkProbeCollector:
    """The ``link_probe`` collector: RTT and loss per declared WAN link with a ``probe``."""

    name = "link_probe"

    def __init__(
        self,
        links: Sequence[LinkSpec],
        *,
        interval_seconds: float = 30.0,
        count: int = 3,
        probe_timeout: float = 1.0,
        method: Method | None = None,
    ) -> None:
        self.links = [lk for lk in links if lk.probe is not None]
        self.interval_seconds = interval_seconds
        self.count = max(1, count)
        self.probe_timeout = probe_timeout
        self.timeout_seconds = min(interval_seconds * 0.9, probe_timeout * self.count + 1.0)
        self.method: Method = method or ("icmp" if icmp_allowed() else "tcp")
        self._seq = itertools.count(os.getpid() & 0xFF00)
        self._results: tuple[ProbeResult, ...] = ()

    async def _probe(self, link: LinkSpec) -> ProbeResult:
        probe = link.probe
        if probe is None:  # filtered in __init__
            return ProbeResult(link, self.method, 0, 0, None)
        rtts: list[float] = []
        for _ in range(self.count):
            if self.method == "icmp":
                rtt = await icmp_rtt(probe.address, timeout=self.probe_timeout, seq=next(self._seq))
            else:
                rtt = await tcp_rtt(probe.address, probe.tcp_port, timeout=self.probe_timeout)
            if rtt is not None:
                rtts.append(rtt)
        return ProbeResult(link, self.method, self.count, len(rtts), statistics.median(rtts) if rtts else None)

    async def poll(self) -> None:
        """Probe every link (in parallel) and swap in the results."""
        self._results = tuple(await asyncio.gather(*(self._probe(lk) for lk in self.links)))

    def results(self) -> tuple[ProbeResult, ...]:
        """Return the last results."""
        return self._results

    def describe(self) -> list[Family]:
        """Return the (empty) families."""
        return _families()

    def collect(self) -> list[Family]:
        """Yield RTT and loss of the last round; no I/O."""
        rtt, loss = _families()
        for r in self._results:
            labels = [r.link.name, r.link.carrier, r.link.role, r.link.level, r.link.site, r.method]
            loss.add(labels, 1.0 - r.received / r.sent if r.sent else 1.0)
            if r.rtt_s is not None:
                rtt.add(labels, r.rtt_s)
        return [rtt, loss]


def _families() -> list[Family]:
    return [
        Family("govops_link_rtt_seconds", "Median round-trip time of the last probes of the WAN link.", "gauge",
               _LABELS),
        Family("govops_link_probe_loss_ratio", "Share of the last probes of the WAN link that got no answer.",
               "gauge", _LABELS),
    ]
