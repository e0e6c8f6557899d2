"""The lab's SSH devices: one simulator process serving a device per supported platform."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govops.lab.process import LOOPBACK, LabError, log_tail, spawn, stop_pid
from govops.lab.process_service import ProcessService
from govops.lab.service import Endpoint, LabDevice, ServiceState
from govops.lab.sshsim import default_hostname, transcripts_for

# (device name, platform, kind): one per dialect, answers from govops/platforms/<platform>/transcripts/.
LAB_SSH_DEVICES: tuple[tuple[str, str, str], ...] = (
    ("lab-ssh-huawei", "huawei_vrp", "switch"),
    ("lab-ssh-h3c", "hp_comware", "switch"),
    ("lab-ssh-ruijie", "ruijie_os", "switch"),
    ("lab-ssh-zte", "zte_zxros", "router"),
    ("lab-ssh-cisco", "cisco_ios", "switch"),
    ("lab-ssh-nxos", "cisco_nxos", "switch"),
    ("lab-ssh-junos", "juniper_junos", "switch"),
)
USERNAME = "netops"


def start_sim_process(spec: dict[str, Any], workdir: Path, *, timeout: float = 30.0) -> tuple[int, dict[str, int]]:
    """Start ``python -m govops.lab.sshsim`` on ``spec``; return its pid and device ports.

    Raises:
        LabError: When it does not become ready (the process is stopped, its log quoted).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    spec_path, ready = workdir / "spec.json", workdir / "ready.json"
    ready.unlink(missing_ok=True)
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    log_file = workdir / "sshsim.log"
    proc = spawn([sys.executable, "-m", "govops.lab.sshsim", str(spec_path), str(ready)], log_file=log_file)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.exists():
            return proc.pid, {k: int(v) for k, v in json.loads(ready.read_text())["ports"].items()}
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    stop_pid(proc.pid)
    raise LabError(f"SSH simulator did not start:\n{log_tail(log_file)}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=1.0) as sock:
            return sock.recv(4).startswith(b"SSH-")
    except OSError:
        return False


@dataclass
class SshsimService(ProcessService):
    """Serve one simulated network device per platform over SSH on loopback."""

    devices_spec: tuple[tuple[str, str, str], ...] = LAB_SSH_DEVICES

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "sshsim"

    def start(self, workdir: Path) -> ServiceState:
        """Write the password file, start the simulator and describe its devices."""
        secrets = workdir / "secrets"
        secrets.mkdir(parents=True, mode=0o700, exist_ok=True)
        password_file = secrets / "netops.password"
        if not password_file.exists():
            fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(os.urandom(9).hex() + "\n")
        spec = {
            "host": LOOPBACK,
            "host_key": str(workdir / "host_key"),
            "devices": [
                {"name": n, "platform": p, "username": USERNAME, "password_file": str(password_file)}
                for n, p, _ in self.devices_spec
            ],
        }
        pid, ports = start_sim_process(spec, workdir)
        devices = tuple(
            LabDevice(
                name=n,
                kind=kind,
                mgmt_ip=LOOPBACK,
                service=self.name,
                ssh={"username": USERNAME, "port": ports[n], "password": {"file": str(password_file)}},
                facts={"platform": p, "hostname": default_hostname(transcripts_for(p))},
            )
            for n, p, kind in self.devices_spec
        )
        return ServiceState(
            name=self.name,
            pids=(pid,),
            endpoints=tuple(Endpoint("tcp", LOOPBACK, ports[n]) for n, _, _ in self.devices_spec),
            devices=devices,
        )

    def answers(self, state: ServiceState) -> bool:
        """An SSH banner from the first simulated device."""
        return _answers(state.endpoints[0].port)
