"""`lab up` with a registry smaller than the one that wrote the state file."""

from __future__ import annotations

import os
from pathlib import Path

from govops.lab.runner import Lab
from govops.lab.service import LabDevice, ServiceState, ServiceStatus
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device


class OwnProcessService:
    """A lab service whose only process is this test process (always running)."""

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    def start(self, workdir: Path) -> ServiceState:
        dev = LabDevice(name=f"dev-{self._name}", kind="switch", mgmt_ip="127.0.0.1", service=self._name)
        return ServiceState(self._name, (os.getpid(),), (), (dev,))

    def stop(self, state: ServiceState) -> None:
        return None

    def status(self, state: ServiceState) -> ServiceStatus:
        return ServiceStatus(self._name, True, state.pids, state.endpoints, len(state.devices))

    def devices(self, state: ServiceState) -> tuple[LabDevice, ...]:
        return state.devices


def test_up_with_a_subset_registry_registers_only_known_services(tmp_path: Path, store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    Lab(tmp_path, {"a": OwnProcessService("a"), "b": OwnProcessService("b")}).up(None)
    report = Lab(tmp_path, {"a": OwnProcessService("a")}).up(engine)
    assert report.already_running == ("a",)
    with session_scope(engine) as session:
        assert [d.name for d in session.query(Device).all()] == ["dev-a"]
