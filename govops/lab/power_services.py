"""Lab power equipment beside snmpsim's UPS/PDU walks: a Modbus facility meter and a Redfish BMC.

Both run as their own processes on free loopback ports (``python -m
govops.lab.power_meter`` and ``python -m govops.lab.redfish``); the Redfish
server reads the DMTF mockup from the corpus in place.
"""

from __future__ import annotations

import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from govops.lab.process import LOOPBACK, LabError, free_tcp_port, log_tail, spawn, stop_pid
from govops.lab.process_service import ProcessService
from govops.lab.recordings import corpus_dir
from govops.lab.service import Endpoint, LabDevice, ServiceState


def _tcp_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _start(argv: list[str], workdir: Path, name: str, port: int) -> int:
    log = workdir / f"{name}.log"
    proc = spawn(argv, log_file=log, cwd=workdir)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _tcp_open(LOOPBACK, port):
            return proc.pid
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    stop_pid(proc.pid)
    raise LabError(f"lab {name} did not start on port {port}: {log_tail(log)}")


@dataclass
class ModbusMeterService(ProcessService):
    """A facility meter (Eastron SDM630 register map) with moving readings."""

    # Sized for the lab room: the lab's APC rack PDU draws 312 W, so the room's PUE is about 1.44.
    watts: float = 450.0
    meter: str = "eastron_sdm630"

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "modbus-meter"

    def start(self, workdir: Path) -> ServiceState:
        """Start the simulated meter."""
        workdir.mkdir(parents=True, exist_ok=True)
        port = free_tcp_port()
        pid = _start([sys.executable, "-m", "govops.lab.power_meter", "--port", str(port), "--meter", self.meter,
                      "--watts", str(self.watts)], workdir, self.name, port)
        device = LabDevice(name="lab-facility-meter", kind="meter", mgmt_ip=LOOPBACK, service=self.name,
                           facts={"modbus": {"port": port, "meter": self.meter, "unit": 1},
                                  "power": {"measures": "facility"}})
        return ServiceState(self.name, (pid,), (Endpoint("tcp", LOOPBACK, port),), (device,))

    def answers(self, state: ServiceState) -> bool:
        """Accepts TCP connections on its port."""
        return _tcp_open(state.endpoints[0].host, state.endpoints[0].port)

@dataclass
class RedfishService(ProcessService):
    """A BMC serving the DMTF public-rackmount1 mockup (read in place from the corpus)."""

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "redfish"

    def start(self, workdir: Path) -> ServiceState:
        """Start the mockup server; skipped (no devices) when the corpus is absent."""
        workdir.mkdir(parents=True, exist_ok=True)
        base = corpus_dir()
        root = base / "redfish" / "dmtf_public-rackmount1" if base else None
        if root is None or not root.is_dir():
            raise LabError("Redfish mockup not found in the corpus (set GOVOPS_CORPUS)")
        port = free_tcp_port()
        pid = _start([sys.executable, "-m", "govops.lab.redfish", "--root", str(root), "--port", str(port)],
                     workdir, self.name, port)
        device = LabDevice(name="lab-redfish-bmc", kind="bmc", mgmt_ip=LOOPBACK, service=self.name,
                           facts={"redfish": {"url": f"http://{LOOPBACK}:{port}"}, "power": {"measures": "it"}})
        return ServiceState(self.name, (pid,), (Endpoint("http", LOOPBACK, port),), (device,))

    def answers(self, state: ServiceState) -> bool:
        """Accepts TCP connections on its port."""
        return _tcp_open(state.endpoints[0].host, state.endpoints[0].port)
