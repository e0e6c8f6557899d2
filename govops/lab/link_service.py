"""The far ends of the demo city's WAN links, so the bandwidth agent's probes measure RTT and loss.

A store link's far end is a department or the carrier's network, nothing the lab simulates as a
device; the city declares where each link is probed (``links.yaml``: ``probe.address``, loopback).
The lab listens there on one TCP port chosen at ``lab up`` (``govops.lab.link_far_end``) and the
runner writes that port into the store's ``links.probe.tcp_port`` (``ServiceState.extra["link_probes"]``).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from govops.lab.city import DEMO_CITY, LINKS_FILE, declared_links, lab_address
from govops.lab.process import LabError, free_port_on_all, start_ready_process
from govops.lab.process_service import ProcessService, accepts_tcp
from govops.lab.service import Endpoint, ServiceState

# ServiceState.extra key: ``{link name: {"address": ..., "tcp_port": ...}}``, what the runner writes to the store.
LINK_PROBES = "link_probes"


def city_probe_addresses(city: Path = DEMO_CITY) -> dict[str, str]:
    """``{link name: probe address}`` of the city's links that declare one, in file order.

    Raises:
        LabError: If an address is not a loopback address (the lab binds nothing else) or is shared.
    """
    out: dict[str, str] = {}
    taken: dict[str, str] = {}
    for link in declared_links(city):
        probe = link.get("probe")
        if not isinstance(probe, dict) or not probe.get("address"):
            continue
        name, address = str(link.get("name", "")), str(probe["address"])
        lab_address(city / LINKS_FILE, f"link {name}", "probe address", address, taken)
        out[name] = address
    return out


@dataclass
class LinkProbeService(ProcessService):
    """Accept TCP on each city link's probe address, on one port chosen at start."""

    city: Path = DEMO_CITY

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "links"

    def start(self, workdir: Path) -> ServiceState:
        """Start ``govops.lab.link_far_end`` on the city's probe addresses; record each link's probe."""
        probes = city_probe_addresses(self.city)
        if not probes:
            raise LabError(f"{self.city / LINKS_FILE}: no link declares a probe address to serve")
        hosts = list(probes.values())
        port = free_port_on_all(hosts, socket.SOCK_STREAM)
        pid, _ready = start_ready_process("govops.lab.link_far_end", {"hosts": hosts, "port": port}, workdir,
                                          what="the far ends of the city's links")  # fmt: skip
        return ServiceState(name=self.name, pids=(pid,), endpoints=(Endpoint("tcp", hosts[0], port),), devices=(),
                            extra={LINK_PROBES: {n: {"address": a, "tcp_port": port} for n, a in probes.items()}})

    def answers(self, state: ServiceState) -> bool:
        """The first far end accepts a TCP connection."""
        return accepts_tcp(state.endpoints[0])

    def far_ends(self, state: ServiceState) -> int:
        """The links whose probes it answers, as recorded at start (the far ends are no devices)."""
        return len(state.extra.get(LINK_PROBES, {}))
