"""The lab's first service: snmpsim serving real recordings, one community per device."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from govops.lab.process import LOOPBACK
from govops.lab.process_service import ProcessService
from govops.lab.recordings import LAB_SNMP_DEVICES, SnmpRecording, resolve
from govops.lab.service import Endpoint, LabDevice, ServiceState
from govops.lab.snmpsim import probe, start_snmpsim

log = logging.getLogger(__name__)


@dataclass
class SnmpsimService(ProcessService):
    """Serve ``recordings`` over one snmpsim on a free loopback UDP port.

    Each device's community is written to ``<workdir>/secrets/<name>.community``
    (mode 0600) and the store gets only a reference to that file.
    """

    recordings: tuple[SnmpRecording, ...] = LAB_SNMP_DEVICES
    host: str = LOOPBACK
    skipped: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "snmpsim"

    def start(self, workdir: Path) -> ServiceState:
        """Copy the available recordings, start snmpsim and describe its devices."""
        files: dict[str, Path] = {}
        chosen: list[SnmpRecording] = []
        for rec in self.recordings:
            path = resolve(rec)
            if path is None:
                log.warning("lab: recording %s (%s) not available, %s skipped", rec.path, rec.source, rec.name)
                self.skipped.append(rec.name)
                continue
            files[rec.community] = path
            chosen.append(rec)
        server = start_snmpsim(files, workdir, host=self.host)
        secrets = workdir / "secrets"
        secrets.mkdir(mode=0o700, exist_ok=True)
        devices = []
        for rec in chosen:
            secret = secrets / f"{rec.name}.community"
            fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(rec.community + "\n")
            devices.append(
                LabDevice(
                    name=rec.name,
                    kind=rec.kind,
                    mgmt_ip=server.host,
                    service=self.name,
                    snmp={"version": "2c", "port": server.port, "community": {"file": str(secret)}},
                    facts={"recording": f"{rec.source}:{rec.path}"},
                )
            )
        return ServiceState(
            name=self.name,
            pids=(server.pid,),
            endpoints=(Endpoint("udp", server.host, server.port),),
            devices=tuple(devices),
            extra={"probe_community": chosen[0].community, "scratch": str(server.scratch or "")},
        )

    def answers(self, state: ServiceState) -> bool:
        """An SNMP answer for the probe community; a few tries, since a loaded machine can delay one."""
        ep = state.endpoints[0]
        community = str(state.extra.get("probe_community", ""))
        return any(probe(ep.host, ep.port, community, timeout=1.0) for _ in range(3))

    def stop(self, state: ServiceState) -> None:
        """Stop snmpsim and remove its scratch copy, if any."""
        super().stop(state)
        scratch = state.extra.get("scratch")
        if scratch:
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
