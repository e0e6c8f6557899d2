"""`govops lab up|status|down` with the real snmpsim, tracked by pid, devices in the store."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from govops.lab.process import pid_alive
from govops.lab.snmpsim import probe
from govops.store.db import make_engine
from govops.store.models import Device, HistoryEntry

pytestmark = pytest.mark.integration


def test_lab_up_twice_status_down(store_cli: Any, home: Path) -> None:
    res = store_cli("lab", "up", "--json")
    assert res.exit_code == 0, res.stderr
    first = res.json()
    assert "snmpsim" in first["started"] and first["devices_created"] >= 10
    try:
        again = store_cli("lab", "up", "--json").json()
        assert again["started"] == [] and "snmpsim" in again["already_running"]
        assert again["devices_created"] == 0

        status = store_cli("lab", "status", "--json").json()
        svc = next(s for s in status["services"] if s["name"] == "snmpsim")
        assert svc["running"] is True and len(svc["pids"]) == 1
        pid = svc["pids"][0]
        dev = {d["name"]: d for d in svc["devices"]}["lab-huawei-s5720"]
        community_file = Path(dev["snmp"]["community"]["file"])
        assert community_file.stat().st_mode & 0o077 == 0
        assert probe(dev["mgmt_ip"], dev["port"], community_file.read_text().strip())

        engine = make_engine(f"sqlite:///{home / 'govops.db'}")
        with engine.connect() as conn:
            rows = {d.name: d for d in conn.execute(select(Device)).all()}
            history = conn.execute(select(HistoryEntry)).all()
        row = rows["lab-huawei-s5720"]
        assert row.mgmt_ip == "127.0.0.1" and row.snmp["port"] == dev["port"]
        assert "community" in row.snmp and "lab-huawei-s5720" not in json.dumps(row.snmp).replace(
            str(community_file), ""
        )
        assert any(h.entity_key == "lab-huawei-s5720" and h.action == "create" for h in history)

        # The lab's SSH devices (issue 4) are discovered from the store, credentials by reference.
        ssh = store_cli("discover", "ssh", "--json", "--no-config", "--accept-new-host-key")
        found = {d["target"]: d for d in ssh.json()["devices"]}
        assert sum(1 for d in found.values() if d["ok"]) == 7, ssh.stderr
        assert found["lab-ssh-huawei"]["facts"]["serial"] == "021TRJ10H1000123"

        text = store_cli("lab", "status")
        assert "running" in text.stdout and "lab-huawei-s5720" in text.stdout
    finally:
        down = store_cli("lab", "down")
    assert down.exit_code == 0 and "snmpsim" in down.stdout
    assert not pid_alive(pid)
    assert store_cli("lab", "status", "--json").json() == {"services": []}


def test_lab_restarts_a_dead_service(cli: Any, home: Path) -> None:
    up = cli("lab", "up", "--no-store", "--json")
    assert up.exit_code == 0, up.stderr
    pid = cli("lab", "status", "--json").json()["services"][0]["pids"][0]
    try:
        os.killpg(pid, 9)
        status = cli("lab", "status", "--json").json()["services"][0]
        assert status["running"] is False
        again = cli("lab", "up", "--no-store", "--json").json()
        assert again["started"] == ["snmpsim"]
    finally:
        cli("lab", "down")


def test_lab_up_without_store_is_a_clear_error(cli: Any) -> None:
    res = cli("lab", "up")
    assert res.exit_code == 2 and "govops init" in res.stderr
    assert cli("lab", "status", "--json").json() == {"services": []}
