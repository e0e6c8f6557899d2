"""The lab's servers: a sample of the demo city's Linux servers behind real sshds on their own addresses."""

from __future__ import annotations

import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from govops.errors import GovopsError
from govops.lab.city import DEMO_CITY, CityDevice, graded_hosts, load_city
from govops.lab.city_servers import build_server_root, sample
from govops.lab.process import LabError
from govops.lab.process_service import ProcessService
from govops.lab.service import Endpoint, LabDevice, ServiceState
from govops.lab.sshd import MAX_LISTEN, Sshd, start_sshd, stop_sshd

# How many of the city's servers the lab serves by default. Each costs Ansible one SSH login and a
# fact-module run (about a second of CPU); 16 fill one sshd (its listen-socket limit). On the demo city they
# hold every Linux server a level-3 system runs on and still every distinct CPU + OS and hardware model
# (tests/unit/lab/test_city_sample.py). `--servers N|all`.
DEFAULT_SERVERS = 16


@dataclass
class SshdService(ProcessService):
    """Serve a sample of the city's Linux servers behind real sshds, each at its own address.

    Every served server is a machine root generated from the inventory; its ``Device.ssh`` names
    that root, so `govops discover servers` runs real Ansible over real SSH and reads each one.
    """

    city: Path = DEMO_CITY
    size: int | None = DEFAULT_SERVERS

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "sshd"

    def city_devices(self) -> list[CityDevice]:
        """The servers this service serves (``size`` None: every servable server), level-3 systems' first."""
        devices = load_city(self.city)
        size = self.size if self.size is not None else len(devices)
        return sample(devices, size, first=graded_hosts(self.city))

    def start(self, workdir: Path) -> ServiceState:
        """Build each server's root, start one sshd per 16 servers, describe the servers."""
        devices = self.city_devices()
        if not devices:
            raise LabError(f"{self.city}: no Linux server to serve")
        roots = {d.name: build_server_root(d, workdir / "roots" / d.name) for d in devices}
        groups = [devices[i : i + MAX_LISTEN] for i in range(0, len(devices), MAX_LISTEN)]
        servers: list[Sshd] = []
        try:
            for n, group in enumerate(groups):
                servers.append(start_sshd(workdir / f"sshd-{n}", host=group[0].mgmt_ip,
                                          extra_hosts=[d.mgmt_ip for d in group[1:]]))  # fmt: skip
        except GovopsError:
            for server in servers:
                server.stop()
            raise
        lab_devices = tuple(
            LabDevice(
                name=dev.name, kind="server", mgmt_ip=dev.mgmt_ip, service=self.name,
                # The schema's words (govops.store.inventory.fields.SshAccess), so an export re-imports;
                # the loopback "machine" runs the fact module with govops' own interpreter; its host key
                # is checked against the sshd's known_hosts, never learnt into the user's ~/.ssh.
                ssh={"username": server.user, "port": server.port, "key_file": str(server.client_key),
                     "python": sys.executable, "root": str(roots[dev.name]), "known_hosts": str(server.known_hosts)},
            )
            for server, group in zip(servers, groups, strict=True)
            for dev in group
        )  # fmt: skip
        return ServiceState(
            name=self.name,
            pids=tuple(s.process.pid for s in servers),
            endpoints=tuple(Endpoint("tcp", s.host, s.port) for s in servers),
            devices=lab_devices,
        )

    silent_detail = "process alive but no SSH banner"

    def stop(self, state: ServiceState) -> None:
        """Stop each sshd and every process of its sessions (orphans of ended connections too)."""
        for pid, ep in zip(state.pids, state.endpoints, strict=True):  # start() records one of each per sshd
            hosts = [d.mgmt_ip for d in state.devices if d.ssh and d.ssh.get("port") == ep.port]
            stop_sshd(pid, ep.port, [ep.host, *hosts])

    def answers(self, state: ServiceState) -> bool:
        """An SSH banner from sshd."""
        return _banner(state.endpoints[0])

def _banner(ep: Endpoint) -> bool:
    try:
        with socket.create_connection((ep.host, ep.port), timeout=2.0) as sock:
            return sock.recv(64).startswith(b"SSH-")
    except OSError:
        return False
