"""The lab's sshd service: the city's servers behind real sshds, read by real Ansible from the store.

Only the sshd service runs here, through the same Lab runner `govops lab up` uses; discovery
exports the store's servers as the inventory (no --inventory): served servers are read, the
others are skipped with their reason, and each verdict is the one the city declares.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from govops.lab.city import DEMO_CITY
from govops.lab.process import pid_alive
from govops.lab.runner import Lab
from govops.lab.sshd_service import SshdService
from govops.store.db import make_engine, session_scope
from govops.store.models import Device
from tests.conftest import Cli

pytestmark = pytest.mark.integration


def test_city_servers_discovered_from_store(store_cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVOPS_SSH_PASSWORD", raising=False)
    assert store_cli("inventory", "import", str(DEMO_CITY)).exit_code == 0
    engine = make_engine(store_cli.db_url)
    served = SshdService().city_devices()
    kunpeng = next(d for d in served if d.facts["cpu_vendor"] == "HiSilicon")
    intel = next(d for d in served if d.facts["cpu_vendor"] == "GenuineIntel")
    runner = Lab(home, {"sshd": SshdService()})
    report = runner.up(engine)
    assert report.started == ("sshd",) and report.devices_updated == 16 and report.devices_not_in_store == 0
    try:
        (status, devices) = runner.status()[0]
        assert status.running and {d.mgmt_ip for d in devices} == {d.mgmt_ip for d in served}
        res = store_cli("discover", "servers", "--limit", f"{kunpeng.name},{intel.name}", "--json", "--save")
        assert res.exit_code == 0, res.stdout + res.stderr
        verdicts = {h["host"]: h["verdict"] for h in res.json()["hosts"]}
        assert verdicts == {kunpeng.name: "domestic", intel.name: "foreign"}
        summary = res.json()["summary"]
        assert summary["found"] == 2 and summary["unreachable"] == 0
        reasons = summary["skipped_by_reason"]
        assert reasons["Windows server: reached over WinRM, not SSH"] > 50
        assert reasons["credential not available: environment variable GOVOPS_SSH_PASSWORD is not set"] > 100
        with session_scope(engine) as s:
            dev = s.scalars(select(Device).where(Device.name == kunpeng.name)).one()
            assert dev.domestic == "domestic" and dev.serial == kunpeng.serial
            assert dev.facts is not None and dev.facts["ansible"]["cpu_logical"] == kunpeng.facts["cpu_cores"]
    finally:
        runner.down()
    assert not pid_alive(status.pids[0])
