"""A store device the lab gave its access fails when the lab is down or serves it elsewhere now (`make demo` after
`lab down` starts it on new ports and tells only the demo store): `discover snmp` and `discover ssh` say so and what
to run, and change nothing stored."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from govops.lab import registry
from govops.lab.process import free_port
from govops.lab.runner import Lab
from govops.lab.service import LabDevice, ServiceState
from govops.store.db import make_engine, session_scope
from govops.store.models import Device
from tests.conftest import Cli
from tests.unit.lab.test_runner import OwnProcessService

NAME = "sw-01"


class ServesOne(OwnProcessService):
    """A lab service serving device ``sw-01`` on ``port`` (its only process this test process: always running)."""

    def __init__(self, protocol: str, port: int) -> None:
        super().__init__("t")
        self.protocol, self.port = protocol, port

    def start(self, workdir: Path) -> ServiceState:
        access: dict[str, Any] = {"port": self.port}
        dev = LabDevice(NAME, "switch", "127.0.0.1", self.name, **{self.protocol: access})
        return ServiceState(self.name, (os.getpid(),), (), (dev,))


def _stored(cli: Cli, protocol: str, port: int, *, lab: bool) -> None:
    """Device ``sw-01`` at 127.0.0.1 with ``protocol`` access on ``port`` (nothing listens there)."""
    access: dict[str, Any] = (
        {"version": "2c", "port": port, "community": {"env": "LAB_HINT_SECRET"}} if protocol == "snmp"
        else {"username": "u", "port": port, "password": {"env": "LAB_HINT_SECRET"}}
    )
    with session_scope(make_engine(cli.db_url)) as session:
        session.add(Device(name=NAME, kind="switch", mgmt_ip="127.0.0.1", platform="huawei_vrp",
                           facts={"lab": {"service": "t"}} if lab else {}, **{protocol: access}))


def _discover(cli: Cli, protocol: str) -> str:
    flags = ["--timeout", "0.3", "--retries", "0"] if protocol == "snmp" else ["--timeout", "2"]
    res = cli("discover", protocol, *flags, env={"LAB_HINT_SECRET": "x"})
    assert res.exit_code == 1, res.stderr
    return res.stderr


PROTOCOLS = pytest.mark.parametrize("protocol", ["snmp", "ssh"])


def _port(protocol: str) -> int:
    import socket

    return free_port(socket.SOCK_DGRAM if protocol == "snmp" else socket.SOCK_STREAM)


@PROTOCOLS
def test_a_lab_device_the_lab_serves_elsewhere_says_so_and_what_to_run(
    store_cli: Cli, protocol: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = _port(protocol)
    services = {"t": ServesOne(protocol, stored + 1 if stored < 65535 else stored - 1)}
    monkeypatch.setattr(registry, "build_registry", lambda: services)
    Lab(store_cli.home, services).up(None)  # no store: the lab restarted for another store
    _stored(store_cli, protocol, stored, lab=True)
    err = _discover(store_cli, protocol)
    assert "the lab serves this device on another address or port than the store holds" in err, err
    assert "`govops lab up` gives this store the lab's current access" in err
    with session_scope(make_engine(store_cli.db_url)) as session:
        device = session.query(Device).filter_by(name=NAME).one()
        assert getattr(device, protocol)["port"] == stored, "the hint changes nothing stored"


@PROTOCOLS
def test_a_lab_device_while_the_lab_is_down_says_to_start_it(store_cli: Cli, protocol: str) -> None:
    _stored(store_cli, protocol, _port(protocol), lab=True)
    err = _discover(store_cli, protocol)
    assert "the lab gave this device its access and does not serve it now" in err, err
    assert "`govops lab up` starts it" in err


@PROTOCOLS
def test_no_lab_hint_where_the_lab_serves_it_as_stored(
    store_cli: Cli, protocol: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = _port(protocol)
    services = {"t": ServesOne(protocol, stored)}
    monkeypatch.setattr(registry, "build_registry", lambda: services)
    Lab(store_cli.home, services).up(None)
    _stored(store_cli, protocol, stored, lab=True)
    assert "hint" not in _discover(store_cli, protocol)  # served as stored: the device's own failure


@PROTOCOLS
def test_no_lab_hint_for_a_device_the_lab_never_gave_access(store_cli: Cli, protocol: str) -> None:
    _stored(store_cli, protocol, _port(protocol), lab=False)
    assert "hint" not in _discover(store_cli, protocol)
