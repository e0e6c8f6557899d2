"""`lab up` with a registry smaller than the one that wrote the state file; what it writes to the store."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from govops.lab.link_service import city_probe_addresses
from govops.lab.process import LabError
from govops.lab.runner import Lab, register_link_probes
from govops.lab.service import LabDevice, ServiceState, ServiceStatus
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device, HistoryEntry, Link


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


def test_link_probes_go_only_to_links_declared_with_that_probe_address(tmp_path: Path, store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    with session_scope(engine) as session:
        session.add_all([
            Link(name="lk-a", kind="internet", probe={"address": "127.30.0.2", "tcp_port": 443}),
            Link(name="lk-b", kind="internet", probe={"address": "192.0.2.9", "tcp_port": 443}),  # probed elsewhere
            Link(name="lk-c", kind="internet"),  # declares no probe: the lab does not give it one
        ])  # fmt: skip
    lab = {n: {"address": a, "tcp_port": 40123} for n, a in
           (("lk-a", "127.30.0.2"), ("lk-b", "127.30.0.3"), ("lk-c", "127.30.0.4"), ("lk-z", "127.30.0.5"))}
    assert register_link_probes(engine, lab) == (1, 3)
    assert register_link_probes(engine, lab) == (1, 3)  # again: the same, nothing new recorded
    with session_scope(engine) as session:
        probes = {lk.name: lk.probe for lk in session.query(Link).all()}
        recorded = [(h.entity_key, h.field, h.new) for h in session.query(HistoryEntry).filter_by(entity_kind="link")]
    assert recorded == [("lk-a", "probe", {"address": "127.30.0.2", "tcp_port": 40123})]  # once, by the first run
    assert probes == {"lk-a": {"address": "127.30.0.2", "tcp_port": 40123},
                      "lk-b": {"address": "192.0.2.9", "tcp_port": 443}, "lk-c": None}  # fmt: skip


def test_city_probe_addresses_must_be_loopback_and_distinct(tmp_path: Path) -> None:
    def city(*addresses: str) -> Path:
        rows = "".join(f"  - {{name: lk-{i}, kind: internet, probe: {{address: '{a}'}}}}\n"
                       for i, a in enumerate(addresses))  # fmt: skip
        (tmp_path / "links.yaml").write_text(f"links:\n{rows}  - {{name: bare, kind: internet}}\n", encoding="utf-8")
        return tmp_path

    assert city_probe_addresses(city("127.30.0.2", "127.30.0.3")) == {"lk-0": "127.30.0.2", "lk-1": "127.30.0.3"}
    with pytest.raises(LabError, match=re.escape("lk-1: probe address '10.0.0.1' is not a loopback")):
        city_probe_addresses(city("127.30.0.2", "10.0.0.1"))
    with pytest.raises(LabError, match=re.escape("lk-1 shares its probe address 127.30.0.2")):
        city_probe_addresses(city("127.30.0.2", "127.30.0.2"))
