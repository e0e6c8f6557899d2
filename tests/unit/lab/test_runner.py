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
    with session_scope(engine) as session:
        session.add_all([Device(name=n, kind="switch", mgmt_ip="127.0.0.1") for n in ("dev-a", "dev-b")])
    Lab(tmp_path, {"a": OwnProcessService("a"), "b": OwnProcessService("b")}).up(None)
    report = Lab(tmp_path, {"a": OwnProcessService("a")}).up(engine)
    assert report.already_running == ("a",)
    assert (report.devices_updated, report.devices_unchanged, report.devices_not_in_store) == (1, 0, 0)
    with session_scope(engine) as session:
        lab = {d.name: (d.facts or {}).get("lab") for d in session.query(Device).all()}
    assert lab == {"dev-a": {"service": "a"}, "dev-b": None}


def test_lab_creates_no_device_and_skips_a_different_address(tmp_path: Path, store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    with session_scope(engine) as session:
        session.add(Device(name="dev-b", kind="switch", mgmt_ip="127.0.0.2"))  # declared elsewhere: not the lab's
    report = Lab(tmp_path, {"a": OwnProcessService("a"), "b": OwnProcessService("b")}).up(engine)
    assert (report.devices_updated, report.devices_not_in_store) == (0, 2)
    with session_scope(engine) as session:
        assert [(d.name, d.facts) for d in session.query(Device).all()] == [("dev-b", None)]
