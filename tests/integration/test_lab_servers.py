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
    engine = make_engine(store_cli.db_url)
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

