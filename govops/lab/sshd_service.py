"""The lab's servers: one real sshd on loopback, one store server per impersonated machine.

Every lab server (Kunpeng + Kylin, Phytium + UOS, Hygon + openEuler ...) reaches the same
sshd; its ``Device.ssh`` carries the impersonation root the fact module reads, so
`govops discover servers` (no --inventory: the store's servers) runs real Ansible over
real SSH and classifies each one differently.
"""

from __future__ import annotations

import logging
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from govops.errors import GovopsError
from govops.lab.process import LOOPBACK, LabError
from govops.lab.process_service import ProcessService
from govops.lab.recordings import corpus_dir
from govops.lab.server_profiles import PROFILES, Profile, build_root
from govops.lab.service import Endpoint, LabDevice, ServiceState
from govops.lab.sshd import start_sshd

log = logging.getLogger(__name__)


@dataclass
class SshdService(ProcessService):
    """Serve the machine ``profiles`` behind one sshd on a free loopback TCP port."""

    profiles: tuple[Profile, ...] = PROFILES
    host: str = LOOPBACK
    skipped: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "sshd"

    def start(self, workdir: Path) -> ServiceState:
        """Build each profile's root from the corpus, start sshd, describe the servers."""
        corpus = corpus_dir()
        roots: dict[str, Path] = {}
        for prof in self.profiles:
            try:
                roots[prof.name] = build_root(corpus, prof, workdir / "roots" / prof.name)
            except (OSError, GovopsError) as exc:  # a ConfigError names the missing corpus file
                log.warning("lab: server profile %s skipped: %s", prof.name, exc)
                self.skipped.append(prof.name)
        if not roots:
            raise LabError(f"no server profile could be built from the corpus at {corpus}",
                           hint="set GOVOPS_CORPUS to the real-device corpus")
        server = start_sshd(workdir / "sshd", host=self.host)
        devices = tuple(
            LabDevice(
                name=f"lab-srv-{name}",
                kind="server",
                mgmt_ip=server.host,
                service=self.name,
                ssh={
                    "user": server.user,
                    "port": server.port,
                    "key_file": str(server.client_key),
                    "ssh_args": server.ssh_args(),
                    # The loopback "machine" runs the fact module with govops' own interpreter.
                    "python": sys.executable,
                    "root": str(root),
                },
                facts={"profile": name},
            )
            for name, root in roots.items()
        )
        return ServiceState(
            name=self.name,
            pids=(server.process.pid,),
            endpoints=(Endpoint("tcp", server.host, server.port),),
            devices=devices,
        )

    silent_detail = "process alive but no SSH banner"

    def answers(self, state: ServiceState) -> bool:
        """An SSH banner from sshd."""
        return _banner(state.endpoints[0])

def _banner(ep: Endpoint) -> bool:
    try:
        with socket.create_connection((ep.host, ep.port), timeout=2.0) as sock:
            return sock.recv(64).startswith(b"SSH-")
    except OSError:
        return False
