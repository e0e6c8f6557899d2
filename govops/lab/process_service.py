"""The part every process-backed lab service shares: stop, status and devices.

A service names itself, starts its processes, and says how to tell that they answer
(``answers``); stopping them, judging their status and listing their devices is the
same for all of them.
"""

from __future__ import annotations

import socket

from govops.lab.process import pid_alive, stop_pid
from govops.lab.service import Endpoint, LabDevice, ServiceState, ServiceStatus


def accepts_tcp(ep: Endpoint, timeout: float = 2.0) -> bool:
    """Whether ``ep`` accepts a TCP connection (a service that answers by accepting)."""
    try:
        with socket.create_connection((ep.host, ep.port), timeout=timeout):
            return True
    except OSError:
        return False


class ProcessService:
    """Base of lab services whose state is a set of processes and the devices they serve."""

    #: What ``status`` says when the processes live but ``answers`` is false.
    silent_detail = "process alive but not answering"

    @property
    def name(self) -> str:
        """Stable short name; subclasses override."""
        raise NotImplementedError

    def answers(self, state: ServiceState) -> bool:
        """Whether the running service answers on its first endpoint; subclasses override."""
        raise NotImplementedError

    def stop(self, state: ServiceState) -> None:
        """Stop the processes recorded in ``state``; already gone is fine."""
        for pid in state.pids:
            stop_pid(pid)

    def status(self, state: ServiceState) -> ServiceStatus:
        """Running means every recorded process is alive and the service answers."""
        alive = all(pid_alive(p) for p in state.pids)
        answering = alive and bool(state.endpoints) and self.answers(state)
        detail = None if answering else ("process gone" if not alive else self.silent_detail)
        return ServiceStatus(self.name, answering, state.pids, state.endpoints, len(state.devices), detail,
                             self.far_ends(state))

    def far_ends(self, state: ServiceState) -> int:
        """How many link far ends the service serves; none unless a subclass says so."""
        return 0

    def devices(self, state: ServiceState) -> tuple[LabDevice, ...]:
        """The devices recorded when the service started."""
        return state.devices
