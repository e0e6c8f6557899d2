"""The lab's sshd service: `lab up` registers the servers, `discover servers --save` classifies them.

Only the sshd service runs here (the SNMP side has its own test), through the same
LabRunner `govops lab up` uses; discovery then exports the store's servers as the
inventory (no --inventory) and runs real Ansible over real SSH.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from govops.lab.process import pid_alive
from govops.lab.runner import Lab
from govops.lab.sshd_service import SshdService
from govops.store.db import make_engine, session_scope
from govops.store.models import Device
from tests.conftest import Cli

pytestmark = pytest.mark.integration


def test_lab_sshd_servers_discovered_from_store(store_cli: Cli, home: Path, corpus: Path) -> None:
    engine = make_engine(f"sqlite:///{home / 'govops.db'}")
    runner = Lab(home, {"sshd": SshdService()})
    report = runner.up(engine)
    assert report.started == ("sshd",) and report.devices_created == 9
    try:
        (status, devices) = runner.status()[0]
        assert status.running and len(devices) == 9
        res = store_cli("discover", "servers", "--limit", "lab-srv-kunpeng-kylin,lab-srv-amd-ubuntu",
                        "--json", "--save")
        assert res.exit_code == 0, res.stdout
        verdicts = {h["host"]: h["verdict"] for h in res.json()["hosts"]}
        assert verdicts == {"lab-srv-kunpeng-kylin": "domestic", "lab-srv-amd-ubuntu": "foreign"}
        with session_scope(engine) as s:
            dev = s.scalars(select(Device).where(Device.name == "lab-srv-kunpeng-kylin")).one()
            assert dev.domestic == "domestic" and dev.os == "Kylin Linux Advanced Server (银河麒麟)"
            assert dev.facts is not None and dev.facts["lab"]["profile"] == "kunpeng-kylin"
            assert dev.facts["ansible"]["cpu_logical"] == 128
    finally:
        runner.down()
    assert not pid_alive(status.pids[0])


def test_demo_step_discovers_and_leaves_nothing_running(tmp_path: Path, corpus: Path) -> None:
    from dataclasses import dataclass, field
    from typing import Any

    from sqlalchemy import Engine

    from govops.cli.demo_servers import discover_lab_servers
    from govops.store.db import upgrade_store

    @dataclass
    class Ctx:
        home: Path
        engine: Engine | None
        results: dict[str, Any] = field(default_factory=dict)
        said: list[str] = field(default_factory=list)

        def say(self, text: str) -> None:
            self.said.append(text)

    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade_store(engine)
    ctx = Ctx(tmp_path, engine)
    discover_lab_servers(ctx)
    assert ctx.results["servers"]["lab-srv-phytium-uos"] == "domestic"
    assert ctx.results["servers"]["lab-srv-intel-centos7"] == "foreign"
    assert len(ctx.results["servers"]) == 9
    assert Lab(tmp_path / "servers", {"sshd": SshdService()}).status() == []
