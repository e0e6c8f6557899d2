"""The lab's SNMP devices: every device of the demo city with SNMP access, each at its own address.

One snmpsim serves them all on one UDP port at every device's loopback address; each
device's walk is generated from the inventory (``govops.lab.city_snmp``) and selected by
its community, a per-lab random string written to ``secrets/<name>.community`` (0600):
the store gets only a reference to that file.
"""

from __future__ import annotations

import os
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from govops.lab.city import DEMO_CITY, CityDevice, load_city
from govops.lab.city_snmp import snmprec
from govops.lab.process import LabError, free_port_on_all
from govops.lab.process_service import ProcessService
from govops.lab.service import Endpoint, LabDevice, ServiceState
from govops.lab.snmpsim import SnmpsimServer, probe, start_snmpsim


def write_secret(path: Path, value: str) -> Path:
    """Write ``value`` to ``path`` readable by its owner only; return ``path``."""
    path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return path


MAX_SHARDS = 4


@dataclass
class SnmpsimService(ProcessService):
    """Serve the city's SNMP devices (all of them, or the first ``limit``) over one snmpsim."""

    city: Path = DEMO_CITY
    limit: int | None = None

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "snmpsim"

    def city_devices(self) -> list[CityDevice]:
        """The devices this service serves."""
        devices = [d for d in load_city(self.city) if d.snmp]
        return devices[: self.limit] if self.limit is not None else devices

    def start(self, workdir: Path) -> ServiceState:
        """Generate every device's walk, start snmpsim on all their addresses, describe them."""
        devices = self.city_devices()
        if not devices:
            raise LabError(f"{self.city}: no device with SNMP access to serve")
        token = secrets.token_hex(6)
        walks = workdir / "walks"
        shutil.rmtree(walks, ignore_errors=True)
        walks.mkdir(parents=True)
        files: dict[str, Path] = {}
        for dev in devices:
            path = walks / f"{dev.name}.snmprec"
            path.write_text(snmprec(dev), encoding="utf-8")
            files[f"{dev.name}-{token}"] = path
        servers = self._start_shards(devices, files, workdir)
        port = servers[0].port
        lab_devices = tuple(
            LabDevice(
                name=dev.name, kind=dev.kind, mgmt_ip=dev.mgmt_ip, service=self.name,
                snmp={"version": "2c", "port": port, "community": {
                    "file": str(write_secret(workdir / "secrets" / f"{dev.name}.community", community))}},
                facts={"walk": str(walks / f"{dev.name}.snmprec")},
            )
            for dev, community in zip(devices, files, strict=True)
        )  # fmt: skip
        return ServiceState(
            name=self.name,
            pids=tuple(s.pid for s in servers),
            endpoints=tuple(Endpoint("udp", s.host, s.port) for s in servers),
            devices=lab_devices,
            extra={"probe_community": next(iter(files)), "scratch": [str(s.scratch or "") for s in servers],
                   "addresses": len(devices)},
        )

    def _start_shards(
        self, devices: list[CityDevice], files: dict[str, Path], workdir: Path
    ) -> list[SnmpsimServer]:
        """One snmpsim per CPU (snmpsim answers on one core), each for a slice of the addresses, one port."""
        shards = max(1, min(MAX_SHARDS, os.cpu_count() or 1, len(devices)))
        port = free_port_on_all([d.mgmt_ip for d in devices])
        slices = [list(range(i, len(devices), shards)) for i in range(shards)]
        names = list(files)

        def start(n: int) -> SnmpsimServer:
            hosts = [devices[i].mgmt_ip for i in slices[n]]
            return start_snmpsim({names[i]: files[names[i]] for i in slices[n]}, workdir / f"snmpsim-{n}",
                                 host=hosts[0], extra_hosts=hosts[1:], port=port)  # fmt: skip

        with ThreadPoolExecutor(shards) as pool:
            futures = [pool.submit(start, n) for n in range(shards)]
        started = [f.result() for f in futures if f.exception() is None]
        failed = [f.exception() for f in futures if f.exception() is not None]
        if failed:
            for server in started:
                server.stop()
            raise failed[0]  # type: ignore[misc]
        return started

    def answers(self, state: ServiceState) -> bool:
        """An SNMP answer for the probe community; a few tries, since a loaded machine can delay one."""
        ep = state.endpoints[0]
        community = str(state.extra.get("probe_community", ""))
        return any(probe(ep.host, ep.port, community, timeout=1.0) for _ in range(3))

    def stop(self, state: ServiceState) -> None:
        """Stop snmpsim and remove its scratch copy, if any."""
        super().stop(state)
        scratch = state.extra.get("scratch") or []
        for path in [scratch] if isinstance(scratch, str) else scratch:
            if path:
                shutil.rmtree(path, ignore_errors=True)
