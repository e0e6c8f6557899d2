"""The lab's sshd service: the city's servers behind real sshds, read by real Ansible from the store.

Only the sshd service runs here, through the same Lab runner `govops lab up` uses; discovery
exports the store's servers as the inventory (no --inventory): served servers are read, the
others are skipped with their reason, and each verdict is the one the city declares. The lab hands
its servers' host keys over (``Device.ssh.known_hosts``): they are checked there, never learnt into
the user's own ~/.ssh/known_hosts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from govops.lab.city import DEMO_CITY
from govops.lab.process import pid_alive
from govops.lab.runner import Lab
from govops.lab.sshd import session_pids
from govops.lab.sshd_service import SshdService
from govops.store.db import make_engine, session_scope
from govops.store.models import Device
from tests.conftest import Cli
from tests.sshtools import user_known

pytestmark = pytest.mark.integration


def test_city_servers_discovered_from_store(
    store_cli: Cli, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVOPS_SSH_PASSWORD", raising=False)
    assert store_cli("inventory", "import", str(DEMO_CITY)).exit_code == 0
    engine = make_engine(store_cli.db_url)
    served = SshdService().city_devices()
    kunpeng = next(d for d in served if d.facts["cpu_vendor"] == "HiSilicon")
    intel = next(d for d in served if d.facts["cpu_vendor"] == "GenuineIntel")
    runner = Lab(home, {"sshd": SshdService()})
    orphans: list[int] = []
    report = runner.up(engine)
    assert report.started == ("sshd",) and report.devices_updated == 16 and report.devices_not_in_store == 0
    try:
        (status, devices) = runner.status()[0]
        assert status.running and {d.mgmt_ip for d in devices} == {d.mgmt_ip for d in served}
        # This run's addresses and port: no earlier run's entry can match them.
        names = [f"[{d.mgmt_ip}]:{status.endpoints[0].port}" for d in served]
        res = store_cli("discover", "servers", "--limit", f"{kunpeng.name},{intel.name}", "--json", "--save")
        assert user_known(names) == [], "the lab's host keys were learnt into the user's ~/.ssh/known_hosts"
        assert res.exit_code == 0, res.stdout + res.stderr
        # Where they were checked instead: the lab's file, one line per server it serves, nothing learnt.
        access = next(d.ssh for d in devices if d.name == kunpeng.name)
        assert access is not None
        lab_known = Path(access["known_hosts"])
        handed_over = lab_known.read_text()
        assert sorted(ln.split()[0] for ln in handed_over.splitlines()) == sorted(names)
        verdicts = {h["host"]: h["domestic"] for h in res.json()["hosts"]}
        assert verdicts == {kunpeng.name: "domestic", intel.name: "foreign"}
        summary = res.json()["summary"]
        assert summary["found"] == 2 and summary["unreachable"] == 0
        reasons = summary["skipped_by_reason"]
        assert reasons["Windows server: reached over WinRM, not SSH"] > 50
        assert reasons["ssh.password: environment variable GOVOPS_SSH_PASSWORD is not set"] > 100
        with session_scope(engine) as s:
            dev = s.scalars(select(Device).where(Device.name == kunpeng.name)).one()
            assert dev.domestic == "domestic" and dev.serial == kunpeng.serial
            assert dev.facts is not None and dev.facts["ansible"]["cpu_logical"] == kunpeng.facts["cpu_cores"]
        # Checked, not trusted: another key for the server in the lab's file is refused as a changed one.
        other = tmp_path / "other_ed25519"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
        (kunpeng_line,) = [ln for ln in handed_over.splitlines() if ln.startswith(f"[{kunpeng.mgmt_ip}]:")]
        forged = " ".join([kunpeng_line.split()[0], *other.with_suffix(".pub").read_text().split()[:2]])
        lab_known.write_text(handed_over.replace(kunpeng_line, forged))
        res = store_cli("discover", "servers", "--limit", kunpeng.name, "--json")
        (host,) = res.json()["hosts"]
        assert host["status"] != "ok" and "host key" in (host["error"] or "").lower(), host
        assert user_known(names) == []
        # A session's process its ended connection left behind (a module blocked in a read when its client gave
        # up), on a served address other than the sshd's first: `lab down` ends it with the sshd.
        other_dev = next(d for d in devices if d.mgmt_ip != status.endpoints[0].host and d.ssh)
        ssh = other_dev.ssh or {}
        started = subprocess.run(
            ["ssh", "-p", str(ssh["port"]), "-i", ssh["key_file"], "-o", f"UserKnownHostsFile={ssh['known_hosts']}",
             "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", f"{ssh['username']}@{other_dev.mgmt_ip}",
             "sleep 300 </dev/null >/dev/null 2>&1 &"],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=20, check=False)
        assert started.returncode == 0, started.stderr
        orphans = session_pids(ssh["port"], [other_dev.mgmt_ip])
        assert orphans, "the session left nothing running"
    finally:
        runner.down()
        alive = [pid for pid in orphans if pid_alive(pid)]
        for pid in alive:  # this lab's sessions: ours
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert not pid_alive(status.pids[0])
    assert not alive, "a session's process outlived `lab down`"
