"""The lab's extension point: a ``LabService`` starts simulated equipment on loopback.

A service (snmpsim, the SSH device simulator, sshd, a Modbus meter, a Redfish
HTTP server ...) is one class implementing ``LabService`` plus one line in
``govops.lab.registry.build_registry``. The lab runner owns the state file, the
store writes and the ``up``/``status``/``down`` flow; a service only starts its
processes, reports them, and lists the devices it simulates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class LabDevice:
    """A simulated device as the store should know it.

    ``snmp`` and ``ssh`` hold access settings with secrets by reference only,
    e.g. ``{"version": "2c", "port": 16100, "community": {"file": ".../x.community"}}``.
    ``facts`` are written to ``Device.facts`` under ``lab`` (which recording, which service).
    """

    name: str
    kind: str
    mgmt_ip: str
    service: str
    snmp: dict[str, Any] | None = None
    ssh: dict[str, Any] | None = None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Endpoint:
    """Where a service listens: protocol, address and port."""

    proto: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.proto}://{self.host}:{self.port}"


@dataclass(frozen=True)
class ServiceState:
    """What the runner records about a started service (persisted in ``state.json``)."""

    name: str
    pids: tuple[int, ...]
    endpoints: tuple[Endpoint, ...]
    devices: tuple[LabDevice, ...]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ServiceStatus:
    """Live status of one service: is each process still running?"""

    name: str
    running: bool
    pids: tuple[int, ...]
    endpoints: tuple[Endpoint, ...]
    devices: int
    detail: str | None = None
    # Link far ends it serves: listeners the city's links are probed at, which are no devices (the `links` service).
    far_ends: int = 0
    # protocol -> every ``address:port`` it answers at (``runner.served_addresses``): ``endpoints`` are one per
    # process, and one snmpsim answers hundreds of addresses.
    served: dict[str, tuple[str, ...]] = field(default_factory=dict)


class LabService(Protocol):
    """One kind of simulated equipment in the lab.

    Implementations must not write to the store; the runner does that from
    ``ServiceState.devices``. ``start`` must leave nothing running when it
    raises (clean up its own half-started processes).
    """

    @property
    def name(self) -> str:
        """Stable short name (``snmpsim``, ``sshsim`` ...); used in state and output."""
        ...

    def start(self, workdir: Path) -> ServiceState:
        """Start the processes under ``workdir`` (``$GOVOPS_HOME/lab/<name>``) and report them.

        Raises:
            GovopsError: If the service cannot start; nothing is left running.
        """
        ...

    def stop(self, state: ServiceState) -> None:
        """Stop the processes recorded in ``state``; already gone is fine."""
        ...

    def status(self, state: ServiceState) -> ServiceStatus:
        """Check whether the processes recorded in ``state`` are alive and answering."""
        ...

    def devices(self, state: ServiceState) -> tuple[LabDevice, ...]:
        """The devices this service simulates, with their endpoints."""
        ...
