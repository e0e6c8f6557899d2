"""The lab's power equipment for the demo city's metered rooms: facility meters and server BMCs.

A room's PUE is measured where the city declares a facility meter (``kind: meter``). For each
such room the lab serves its meter over Modbus-TCP (the catalogue register map of its model)
at the meter's address, and a Redfish BMC for every server of the room at the server's own
address, all from one process (``govops.lab.power_lab``). The physics are the inventory's:
a server draws what its cores and memory suggest, the room's meter reads the room's declared
PUE times the sum of its servers, so the PUE the power agent measures is checkable.

The store gets, under ``Device.facts.lab``, how to reach each one (``modbus``: port, unit,
register map; ``redfish``: URL, user and the password *file*): secrets by reference only.
"""

from __future__ import annotations

import secrets
import socket
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govops.collectors.power_store import meter_for_model
from govops.lab.city import DEMO_CITY, CityDevice, load_city, measured_rooms
from govops.lab.process import LabError, free_port_on_all, start_ready_process
from govops.lab.process_service import ProcessService, accepts_tcp
from govops.lab.service import Endpoint, LabDevice, ServiceState
from govops.lab.snmp_service import write_secret

BMC_USER = "govops"
# The load curve every reading of the lab follows: +-2 % over a minute, the same phase everywhere.
AMPLITUDE, PERIOD_S = 0.02, 60.0


def server_watts(dev: CityDevice) -> float:
    """A server's mean input power from what the inventory declares: cores, memory, idle or not."""
    cores = int(dev.facts.get("cpu_cores") or 8)
    memory_gb = int(dev.facts.get("memory_mb") or 16384) / 1024
    spread = zlib.crc32(dev.name.encode()) % 40  # servers of one build differ a little
    watts = 90.0 + 9.0 * cores + 0.35 * memory_gb + spread
    return round(watts * (0.6 if dev.facts.get("status") == "idle" else 1.0), 1)


def meter_map(dev: CityDevice) -> str:
    """The catalogue register map of a declared meter (by model).

    Raises:
        LabError: If the catalogue has no Modbus map for the meter's model.
    """
    meter = meter_for_model(dev.model)
    if meter is not None:
        return meter
    raise LabError(f"meter {dev.name}: no Modbus register map for model {dev.model!r} in the power catalogue")


@dataclass(frozen=True)
class MeteredRoom:
    """A room whose PUE is measured: its meter, its servers, and the PUE the lab makes true."""

    code: str
    pue: float
    meter: CityDevice
    servers: tuple[CityDevice, ...]

    @property
    def facility_watts(self) -> float:
        """What the meter reads on average: PUE times the servers' power."""
        return round(self.pue * sum(server_watts(s) for s in self.servers), 1)


def metered_rooms(city: Path = DEMO_CITY) -> list[MeteredRoom]:
    """Each metered room of the city with its meter and servers.

    Raises:
        LabError: If a metered room declares no PUE to make true.
    """
    devices = load_city(city)
    out: list[MeteredRoom] = []
    for room in measured_rooms(city):
        code = str(room["code"])
        pue = room.get("pue_declared")
        if not isinstance(pue, int | float) or pue < 1:
            raise LabError(f"{city}: metered room {code} declares no pue_declared >= 1 for its meter to read")
        meter = next(d for d in devices if d.room == code and d.kind == "meter")
        servers = tuple(d for d in devices if d.room == code and d.kind == "server")
        out.append(MeteredRoom(code, float(pue), meter, servers))
    return out


@dataclass
class PowerService(ProcessService):
    """Serve the metered rooms' facility meters (Modbus-TCP) and their servers' BMCs (Redfish over HTTP)."""

    city: Path = DEMO_CITY

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "power"

    def start(self, workdir: Path) -> ServiceState:
        """Write the spec, start ``govops.lab.power_lab`` on it, describe the meters and BMCs."""
        rooms = metered_rooms(self.city)
        if not rooms:
            raise LabError(f"{self.city}: no room with a facility meter (kind: meter) to serve")
        meters = [r.meter for r in rooms]
        servers = [s for r in rooms for s in r.servers]
        modbus_port = free_port_on_all([m.mgmt_ip for m in meters], socket.SOCK_STREAM)
        http_port = free_port_on_all([s.mgmt_ip for s in servers], socket.SOCK_STREAM) if servers else 0
        password = write_secret(workdir / "secrets" / "bmc.password", secrets.token_urlsafe(12))
        spec: dict[str, Any] = {
            "t0": time.time(), "amplitude": AMPLITUDE, "period": PERIOD_S, "username": BMC_USER,
            "password_file": str(password),
            "meters": [{"name": r.meter.name, "host": r.meter.mgmt_ip, "port": modbus_port,
                        "meter": meter_map(r.meter), "watts": r.facility_watts} for r in rooms],
            "bmcs": [{"name": s.name, "host": s.mgmt_ip, "port": http_port, "vendor": s.vendor, "model": s.model,
                      "serial": s.serial, "watts": server_watts(s)} for s in servers],
        }  # fmt: skip
        pid, _ready = start_ready_process("govops.lab.power_lab", spec, workdir, what="the lab's meters and BMCs")
        devices = tuple(
            LabDevice(name=r.meter.name, kind="meter", mgmt_ip=r.meter.mgmt_ip, service=self.name,
                      facts={"modbus": {"port": modbus_port, "unit": 1, "meter": meter_map(r.meter)}})
            for r in rooms
        ) + tuple(
            LabDevice(name=s.name, kind="server", mgmt_ip=s.mgmt_ip, service=self.name,
                      facts={"redfish": {"url": f"http://{s.mgmt_ip}:{http_port}", "username": BMC_USER,
                                         "password": {"file": str(password)}}})
            for s in servers
        )  # fmt: skip
        endpoints = [Endpoint("tcp", meters[0].mgmt_ip, modbus_port)]
        if servers:
            endpoints.append(Endpoint("http", servers[0].mgmt_ip, http_port))
        return ServiceState(name=self.name, pids=(pid,), endpoints=tuple(endpoints), devices=devices,
                            extra={"rooms": {r.code: r.pue for r in rooms}})  # fmt: skip

    def answers(self, state: ServiceState) -> bool:
        """The first meter accepts a TCP connection."""
        return accepts_tcp(state.endpoints[0])

