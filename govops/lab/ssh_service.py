"""The lab's SSH network devices: the demo city's switches, routers and firewalls with a CLI platform."""

from __future__ import annotations

import dataclasses
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govops.lab.city import DEMO_CITY, CityDevice, load_city
from govops.lab.city_snmp import device_version
from govops.lab.process import LOOPBACK, LabError, free_port_on_all, start_ready_process
from govops.lab.process_service import ProcessService
from govops.lab.service import Endpoint, LabDevice, ServiceState
from govops.lab.snmp_service import write_secret
from govops.lab.sshd import known_hosts_lines
from govops.lab.sshsim import SimDevice, default_hostname, transcripts_for

USERNAME = "netops"


def start_sim_process(spec: dict[str, Any], workdir: Path, *, timeout: float = 30.0) -> tuple[int, dict[str, int]]:
    """Start ``python -m govops.lab.sshsim`` on ``spec``; return its pid and device ports.

    Raises:
        LabError: When it does not become ready (the process is stopped, its log quoted).
    """
    pid, ready = start_ready_process("govops.lab.sshsim", spec, workdir, what="SSH simulator", timeout=timeout)
    return pid, {k: int(v) for k, v in ready["ports"].items()}


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0) as sock:
            return sock.recv(4).startswith(b"SSH-")
    except OSError:
        return False


def transcript_identity(platform: str) -> dict[str, str]:
    """Hostname, model, serial and OS version the platform's lab transcripts state (read as SSH discovery reads
    them, the version as the transcript writes it: before the platform's version form, so it is text to replace)."""
    from govops.platforms.facts import collect_facts
    from govops.platforms.registry import get_platform

    plat = dataclasses.replace(get_platform(platform), version_form=None)
    responses = transcripts_for(platform)
    sim = SimDevice(platform=plat, responses=responses)

    facts = collect_facts(plat, transcript_runner(sim), facts=("version", "serial"))
    found = {"hostname": default_hostname(responses), "model": facts.model or "", "serial": facts.serial or "",
             "version": facts.version or ""}  # fmt: skip
    return {k: v for k, v in found.items() if v}


def transcript_runner(sim: SimDevice) -> Callable[[str], str]:
    """Run commands on ``sim`` without a session: its answers as SSH discovery's fact collection reads them."""
    from govops.platforms.facts import CommandRejected

    def run(command: str) -> str:
        text = sim.answer(command)
        if text is None:
            raise CommandRejected(command, "no transcript")
        return text

    return run


def substitutions(identity: dict[str, str], dev: CityDevice) -> list[tuple[str, str]]:
    """Replace the transcript's own hostname, model, serial and OS version by the device's (longest first).

    The version is the one the device's SNMP walk states (``city_snmp.device_version``): one truth per device.
    """
    new = {"hostname": dev.name, "model": dev.model, "serial": dev.serial, "version": device_version(dev)}
    pairs = [(old, new[key]) for key, old in identity.items() if new.get(key)]
    return sorted(pairs, key=lambda p: -len(p[0]))


def device_spec(dev: CityDevice, identity: dict[str, str]) -> dict[str, Any]:
    """The simulator's spec of city device ``dev`` (what ``sshsim.device_from_spec`` builds it from): its platform's
    transcripts, answering with its own hostname, model, serial and OS version in place of those the transcripts
    state (``identity``, from ``transcript_identity``). Access (address, port, login) is the caller's to add."""
    return {"name": dev.name, "platform": dev.platform, "hostname": dev.name,
            "substitutions": substitutions(identity, dev)}  # fmt: skip


@dataclass
class SshsimService(ProcessService):
    """Serve every network device of the demo city that has a CLI platform, over SSH at its own address.

    One simulator process answers them all on one TCP port, each from its platform's
    transcripts with its own hostname, model and serial; one random password per lab,
    written to ``secrets/netops.password`` (0600), referenced from the store.
    """

    city: Path = DEMO_CITY
    limit: int | None = None

    @property
    def name(self) -> str:
        """Service name in state and output."""
        return "sshsim"

    def city_devices(self) -> list[CityDevice]:
        """The devices this service serves: declared SSH access and a platform with lab transcripts."""
        devices = [d for d in load_city(self.city) if d.ssh and d.platform and d.kind != "server"
                   and transcripts_for(str(d.platform)).is_dir()]  # fmt: skip
        return devices[: self.limit] if self.limit is not None else devices

    def start(self, workdir: Path) -> ServiceState:
        """Write the password file, start the simulator and describe its devices."""
        devices = self.city_devices()
        if not devices:
            raise LabError(f"{self.city}: no network device with an SSH platform to serve")
        password_file = workdir / "secrets" / "netops.password"
        if not password_file.exists():
            write_secret(password_file, os.urandom(9).hex())
        identities = {p: transcript_identity(p) for p in sorted({str(d.platform) for d in devices})}
        port = free_port_on_all([d.mgmt_ip for d in devices], socket.SOCK_STREAM)
        spec = {
            "host": LOOPBACK,
            "host_key": str(workdir / "host_key"),
            "devices": [
                {**device_spec(d, identities[str(d.platform)]), "host": d.mgmt_ip, "port": port,
                 "username": USERNAME, "password_file": str(password_file)}
                for d in devices
            ],
        }  # fmt: skip
        pid, _ports = start_sim_process(spec, workdir)
        lab_devices = tuple(
            LabDevice(
                name=d.name, kind=d.kind, mgmt_ip=d.mgmt_ip, service=self.name,
                ssh={"username": USERNAME, "port": port, "password": {"file": str(password_file)}},
                facts={"platform": d.platform},
            )
            for d in devices
        )  # fmt: skip
        return ServiceState(
            name=self.name,
            pids=(pid,),
            endpoints=(Endpoint("tcp", devices[0].mgmt_ip, port),),
            devices=lab_devices,
            extra={"known_hosts": known_hosts_lines(workdir / "host_key", [d.mgmt_ip for d in devices], port)},
        )

    def answers(self, state: ServiceState) -> bool:
        """An SSH banner from the first simulated device."""
        return _answers(state.endpoints[0].host, state.endpoints[0].port)
