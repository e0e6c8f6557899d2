"""`lab up` with a registry smaller than the one that wrote the state file; what it writes to the store."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from govops.lab.city import _load_city, _parsed_links, declared_links, load_city
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
    with pytest.raises(LabError, match=re.escape("links.yaml: link lk-1: probe address '10.0.0.1' is not a loopback")):
        city_probe_addresses(city("127.30.0.2", "10.0.0.1"))
    with pytest.raises(LabError, match=re.escape("links.yaml: link lk-1: probe address 'far-end' is not an address")):
        city_probe_addresses(city("127.30.0.2", "far-end"))
    with pytest.raises(LabError, match=re.escape("links.yaml: link lk-0 and link lk-1 share probe address 127.30.0.2")):
        city_probe_addresses(city("127.30.0.2", "127.30.0.2"))


def test_city_devices_must_be_at_their_own_loopback_address(tmp_path: Path) -> None:
    """The same checks as the links' probe addresses, on the devices' mgmt_ip (`lab_address`)."""

    def city(*addresses: str) -> Path:
        # A folder per city, each with its own errors (load_city keeps a parse per folder and text).
        folder = tmp_path / "-".join(addresses)
        folder.mkdir()
        rows = "".join(f"  - {{name: sw-{i}, kind: switch, mgmt_ip: '{a}'}}\n" for i, a in enumerate(addresses))
        (folder / "devices.yaml").write_text(f"devices:\n{rows}", encoding="utf-8")
        return folder

    assert [(d.name, d.mgmt_ip) for d in load_city(city("127.31.0.2", "127.31.0.3"))] == [
        ("sw-0", "127.31.0.2"), ("sw-1", "127.31.0.3")]  # fmt: skip
    with pytest.raises(LabError, match=re.escape("devices.yaml: device sw-1: mgmt_ip '10.0.0.1' is not a loopback")):
        load_city(city("127.31.0.2", "10.0.0.1"))
    with pytest.raises(LabError, match=re.escape("devices.yaml: device sw-1: mgmt_ip 'sw-1.lan' is not an address")):
        load_city(city("127.31.0.2", "sw-1.lan"))
    with pytest.raises(LabError, match=re.escape("devices.yaml: device sw-0 and device sw-1 share mgmt_ip 127.31.0.9")):
        load_city(city("127.31.0.9", "127.31.0.9"))


def test_declared_links_are_parsed_once_per_text_and_handed_out_as_copies(tmp_path: Path) -> None:
    (tmp_path / "links.yaml").write_text("links:\n  - {name: lk-a, probe: {address: 127.30.0.2}}\n", encoding="utf-8")
    first = declared_links(tmp_path)
    first[0]["probe"]["address"] = "changed by a caller"
    parsed = _parsed_links.cache_info().misses
    assert declared_links(tmp_path) == [{"name": "lk-a", "probe": {"address": "127.30.0.2"}}]
    assert _parsed_links.cache_info().misses == parsed  # the same text: not parsed again
    (tmp_path / "links.yaml").write_text("links:\n  - {name: lk-b}\n", encoding="utf-8")
    assert declared_links(tmp_path) == [{"name": "lk-b"}]  # a new text is read anew, whatever its mtime


def test_the_city_is_parsed_once_per_text_of_its_files_whatever_their_mtime(tmp_path: Path) -> None:
    """load_city keys its parse as declared_links does: on the text. A rewrite within one clock tick (the same
    modification time) is a new city; the same text is not parsed again."""
    devices, links = tmp_path / "devices.yaml", tmp_path / "links.yaml"
    devices.write_text("devices:\n  - {name: sw-a, kind: switch, mgmt_ip: 127.32.0.2}\n", encoding="utf-8")
    links.write_text("links:\n  - {name: lk, a_end: {device: sw-a, interface: ge-1}}\n", encoding="utf-8")
    assert [(d.name, d.link_interfaces) for d in load_city(tmp_path)] == [("sw-a", ("ge-1",))]
    parsed = _load_city.cache_info().misses
    assert [d.name for d in load_city(tmp_path)] == ["sw-a"]
    assert _load_city.cache_info().misses == parsed  # the same text: not parsed again
    stamp = devices.stat().st_mtime_ns, links.stat().st_mtime_ns
    devices.write_text("devices:\n  - {name: sw-b, kind: switch, mgmt_ip: 127.32.0.2}\n", encoding="utf-8")
    links.write_text("links:\n  - {name: lk, a_end: {device: sw-b, interface: ge-2}}\n", encoding="utf-8")
    os.utime(devices, ns=(stamp[0], stamp[0]))
    os.utime(links, ns=(stamp[1], stamp[1]))
    assert [(d.name, d.link_interfaces) for d in load_city(tmp_path)] == [("sw-b", ("ge-2",))]
