"""``govops lab up|status|down``: start, report and stop the registered lab services.

State lives in ``$GOVOPS_HOME/lab/state.json`` (pids, endpoints, devices per
service) and every operation holds ``$GOVOPS_HOME/lab/lock``, so two ``lab up``
at once, or twice in a row, never start a second set. The lab simulates the demo
city's own devices: it creates none in the store, it only gives the declared ones
(same name, same management address) their SNMP/SSH access (secrets by reference
only), in one transaction.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from govops.errors import GovopsError
from govops.lab.link_service import LINK_PROBES
from govops.lab.process import LabError
from govops.lab.service import Endpoint, LabDevice, LabService, ServiceState, ServiceStatus
from govops.store.db import session_scope
from govops.store.history import apply_values
from govops.store.models import Device, Link
from govops.util.address import format_address
from govops.util.files import write_atomically

log = logging.getLogger(__name__)

LAB_ACTOR = "govops lab"
# The known_hosts file SSH discovery reads (govops.cli.discover_ssh: $GOVOPS_HOME/ssh_known_hosts).
KNOWN_HOSTS = "ssh_known_hosts"


@dataclass(frozen=True)
class UpReport:
    """What ``lab up`` did: which services it started, which were already running."""

    started: tuple[str, ...]
    already_running: tuple[str, ...]
    devices_updated: int
    devices_unchanged: int
    devices_not_in_store: int
    links_probed: int = 0  # store links whose probe now points at the lab's far end (updated or unchanged)
    links_not_in_store: int = 0  # lab far ends with no store link of that name and probe address


class Lab:
    """The lab under one state directory, with an explicit registry of services."""

    def __init__(self, home: Path, services: Mapping[str, LabService]) -> None:
        self.dir = home / "lab"
        self.services = dict(services)

    @property
    def state_file(self) -> Path:
        """Where pids, endpoints and devices of running services are kept."""
        return self.dir / "state.json"

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        with (self.dir / "lock").open("w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # --- state -----------------------------------------------------------------------------

    def load_state(self) -> dict[str, ServiceState]:
        """Read the state file (absent: nothing running).

        Raises:
            LabError: If the state file is corrupt (with the command that resets it).
        """
        if not self.state_file.exists():
            return {}
        try:
            raw = json.loads(self.state_file.read_text())
            return {name: _state_from_json(data) for name, data in raw.get("services", {}).items()}
        except (ValueError, KeyError, TypeError) as exc:
            raise LabError(
                f"{self.state_file}: unreadable lab state ({exc})",
                hint="stop leftover processes by pid, then delete the file",
            ) from exc

    def _save_state(self, states: Mapping[str, ServiceState]) -> None:
        write_atomically(self.state_file, json.dumps({"services": {n: asdict(s) for n, s in states.items()}}, indent=2))

    # --- operations -------------------------------------------------------------------------

    def up(self, engine: Engine | None) -> UpReport:
        """Start every registered service that is not running; register devices in the store.

        A service whose recorded processes died is stopped and started again.
        If a service fails to start, the ones started by this call are stopped
        again and nothing is written to the store.

        Raises:
            GovopsError: The failing service's error.
        """
        with self._locked():
            states = self.load_state()
            started: list[str] = []
            running: list[str] = []
            try:
                for name, svc in self.services.items():
                    old = states.get(name)
                    if old is not None:
                        if svc.status(old).running:
                            running.append(name)
                            continue
                        svc.stop(old)
                        del states[name]
                    workdir = self.dir / name
                    workdir.mkdir(parents=True, exist_ok=True)
                    states[name] = svc.start(workdir)
                    started.append(name)
                counts: tuple[int, ...] = (0, 0, 0, 0, 0)
                if engine is not None:
                    # A state may also hold services started with a larger registry (another
                    # govops version, or a test's subset): register only what this lab knows.
                    devices = [
                        d for s in states.values() if s.name in self.services for d in self.services[s.name].devices(s)
                    ]
                    probes = {name: probe for s in states.values() if s.name in self.services
                              for name, probe in (s.extra.get(LINK_PROBES) or {}).items()}  # fmt: skip
                    counts = (*register_devices(engine, devices), *register_link_probes(engine, probes))
            except GovopsError:
                for name in started:
                    self.services[name].stop(states.pop(name))
                self._save_state(states)
                raise
            self._save_state(states)
            self._trust_host_keys(states)
            return UpReport(tuple(started), tuple(running), *counts)

    def _trust_host_keys(self, states: Mapping[str, ServiceState]) -> None:
        """Add the lab devices' SSH host keys to govops' known_hosts (``$GOVOPS_HOME/ssh_known_hosts``).

        Only names not yet present are appended: a key already stored for an address is never
        replaced (a changed key stays a refusal, as discovery's own accept-new rule says).
        """
        path = self.dir.parent / KNOWN_HOSTS
        lines = [str(line) for s in states.values() for line in s.extra.get("known_hosts") or ()]
        if not lines:
            return
        known = {line.split(" ", 1)[0] for line in path.read_text(encoding="ascii").splitlines()} if path.exists() \
            else set()  # fmt: skip
        new = [line for line in lines if line.split(" ", 1)[0] not in known]
        if new:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="ascii") as fh:
                fh.write("".join(line + "\n" for line in new))

    def status(self) -> list[tuple[ServiceStatus, tuple[LabDevice, ...]]]:
        """Live status of each recorded service, with its devices."""
        states = self.load_state()
        out: list[tuple[ServiceStatus, tuple[LabDevice, ...]]] = []
        for name, st in states.items():
            svc = self.services.get(name)
            if svc is None:
                out.append((ServiceStatus(name, False, st.pids, st.endpoints, len(st.devices), "not registered",
                                          served=served_addresses(st)), ()))  # fmt: skip
                continue
            out.append((replace(svc.status(st), served=served_addresses(st)), svc.devices(st)))
        return out

    def served(self, protocol: Literal["snmp", "ssh"]) -> dict[str, tuple[str, int]]:
        """Where the lab serves each of its devices over ``protocol`` now: name -> (address, port), running services
        only (empty: the lab is down)."""
        served: dict[str, tuple[str, int]] = {}
        for st, devices in self.status():
            for dev in devices if st.running else ():
                access = dev.snmp if protocol == "snmp" else dev.ssh
                if access and isinstance(access.get("port"), int):
                    served[dev.name] = (dev.mgmt_ip, access["port"])
        return served

    def down(self) -> list[str]:
        """Stop every recorded service (in reverse start order) and clear the state."""
        with self._locked():
            states = self.load_state()
            stopped = []
            for name in reversed(list(states)):
                svc = self.services.get(name)
                if svc is not None:
                    svc.stop(states[name])
                else:
                    from govops.lab.process import stop_pid

                    for pid in states[name].pids:
                        stop_pid(pid)
                stopped.append(name)
            self._save_state({})
            return stopped


def register_devices(engine: Engine, devices: list[LabDevice]) -> tuple[int, int, int]:
    """Give declared devices the lab's access settings, in one transaction; return (updated, unchanged, missing).

    A lab device is registered on the store device of the same name *and* management
    address (the demo city imported); only its SNMP/SSH access and ``facts.lab`` are
    written, what discovery finds later is left alone. Devices the store does not
    declare are counted as missing, never created: the lab holds no devices of its own.
    """
    updated = unchanged = missing = 0
    devices = merge_by_name(devices)
    with session_scope(engine) as session:
        rows = {d.name: d for d in session.scalars(select(Device).where(Device.name.in_([x.name for x in devices])))}
        for dev in devices:
            row = rows.get(dev.name)
            if row is None or row.mgmt_ip != dev.mgmt_ip:
                missing += 1
                continue
            values: dict[str, Any] = {"facts": {**(row.facts or {}), "lab": {"service": dev.service, **dev.facts}}}
            if dev.snmp is not None:
                values["snmp"] = dev.snmp
            if dev.ssh is not None:
                values["ssh"] = dev.ssh
            if apply_values(
                session, row, values, entity_kind="device", entity_key=dev.name, source="import", actor=LAB_ACTOR
            ):
                updated += 1
            else:
                unchanged += 1
    return updated, unchanged, missing


def register_link_probes(engine: Engine, probes: Mapping[str, Mapping[str, Any]]) -> tuple[int, int]:
    """Point declared links' probes at the lab's far ends, in one transaction; return (probed, missing).

    ``probes``: ``{link name: {"address", "tcp_port"}}``. As for devices, only a store link of the same
    name whose declared probe has the same address is written (its ``tcp_port``, chosen at ``lab up``);
    links are never created, and one declared elsewhere or without a probe is counted as missing.
    """
    probed = missing = 0
    with session_scope(engine) as session:
        rows = {lk.name: lk for lk in session.scalars(select(Link).where(Link.name.in_(list(probes))))}
        for name, probe in probes.items():
            row = rows.get(name)
            if row is None or not row.probe or row.probe.get("address") != probe["address"]:
                missing += 1
                continue
            apply_values(session, row, {"probe": dict(probe)}, entity_kind="link", entity_key=name, source="import",
                         actor=LAB_ACTOR)  # fmt: skip
            probed += 1
    return probed, missing


def merge_by_name(devices: list[LabDevice]) -> list[LabDevice]:
    """One record per device: a server behind the lab's sshd whose BMC the lab also serves is one device.

    Services are joined with ``+`` in ``facts.lab.service``; access and facts of each are kept.
    """
    merged: dict[str, LabDevice] = {}
    for dev in devices:
        seen = merged.get(dev.name)
        if seen is None or seen.mgmt_ip != dev.mgmt_ip:
            merged.setdefault(dev.name, dev)
            continue
        merged[dev.name] = replace(seen, service=f"{seen.service}+{dev.service}", snmp=seen.snmp or dev.snmp,
                                   ssh=seen.ssh or dev.ssh, facts={**seen.facts, **dev.facts})  # fmt: skip
    return list(merged.values())


def served_addresses(state: ServiceState) -> dict[str, tuple[str, ...]]:
    """Every ``address:port`` a started service answers at, by protocol (sorted): its devices' SNMP, SSH, Modbus
    and Redfish access and its link far ends, as recorded at start."""
    served: dict[str, set[str]] = {}
    for dev in state.devices:
        redfish = urlsplit(str((dev.facts.get("redfish") or {}).get("url") or ""))
        for proto, host, port in (
            ("snmp", dev.mgmt_ip, (dev.snmp or {}).get("port")), ("ssh", dev.mgmt_ip, (dev.ssh or {}).get("port")),
            ("modbus", dev.mgmt_ip, (dev.facts.get("modbus") or {}).get("port")),
            ("redfish", redfish.hostname, redfish.port),
        ):  # fmt: skip
            if host and isinstance(port, int):
                served.setdefault(proto, set()).add(format_address(host, port))
    for probe in (state.extra.get(LINK_PROBES) or {}).values():
        served.setdefault("tcp", set()).add(format_address(str(probe["address"]), int(probe["tcp_port"])))
    return {proto: tuple(sorted(addresses)) for proto, addresses in sorted(served.items())}


def _state_from_json(data: Mapping[str, Any]) -> ServiceState:
    return ServiceState(
        name=data["name"],
        pids=tuple(int(p) for p in data["pids"]),
        endpoints=tuple(Endpoint(**e) for e in data["endpoints"]),
        devices=tuple(LabDevice(**d) for d in data["devices"]),
        extra=dict(data.get("extra") or {}),
    )
