"""`govops audit credentials`: factory defaults tried once per account, accepting devices are critical."""

from __future__ import annotations

import collections
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govops.lab.process import closed_tcp_port
from govops.lab.sshsim import SimDevice, transcripts_for
from govops.platforms.factory_defaults import all_defaults, logins_to_try
from govops.platforms.registry import PLATFORMS, get_platform
from tests.conftest import Cli
from tests.storetools import store_bytes

pytestmark = pytest.mark.integration


def test_defaults_table_is_data_for_known_platforms() -> None:
    assert set(all_defaults()) <= set(PLATFORMS)
    for logins in all_defaults().values():
        assert all(login.source for login in logins)
    names = [login.username for login in logins_to_try(None)]
    assert len(names) == len(set(names))  # one password per account name


def test_refused_without_authorisation(cli: Cli) -> None:
    res = cli("audit", "credentials", "127.0.0.1:1")
    assert res.exit_code == 2 and "--i-am-authorised" in res.stderr


def test_accepting_device_is_critical_once_per_account(sshsim: Any, store_cli: Cli) -> None:
    huawei = get_platform("huawei_vrp")
    weak = sshsim.add(SimDevice(huawei, transcripts_for("huawei_vrp"), username="admin", password="admin@huawei.com"))
    strong = sshsim.add(SimDevice(huawei, transcripts_for("huawei_vrp"), username="admin", password="Zw-2024-only-us"))
    unknown = sshsim.add(SimDevice(get_platform("cisco_ios"), transcripts_for("cisco_ios"), password="x9-Long-Pass"))
    res = store_cli(
        "audit",
        "credentials",
        f"127.0.0.1:{weak}",
        f"127.0.0.1:{strong}",
        "--platform",
        "huawei_vrp",
        "--i-am-authorised",
        "--save",
        "--json",
    )
    assert res.exit_code == 1, res.stderr
    rows = {r["target"]: r for r in res.json()}
    assert rows[f"127.0.0.1:{weak}"]["accepted"] == ["admin"]
    assert rows[f"127.0.0.1:{strong}"]["accepted"] == []
    for port in (weak, strong):
        counts = collections.Counter(sshsim.attempts[port])
        assert counts and max(counts.values()) == 1, counts  # never more than once per account
    assert "admin@huawei.com" not in res.stdout + res.stderr
    table = store_cli("audit", "credentials", f"127.0.0.1:{weak}", f"127.0.0.1:{strong}", "--platform", "huawei_vrp",
                      "--i-am-authorised")  # fmt: skip
    assert "严重 CRITICAL" in table.stdout and "正常 ok" in table.stdout, table.stdout

    res = store_cli("audit", "credentials", f"127.0.0.1:{unknown}", "--i-am-authorised", "--json")
    assert res.exit_code == 0
    counts = collections.Counter(sshsim.attempts[unknown])
    assert set(counts) == {login.username for login in logins_to_try(None)}
    assert max(counts.values()) == 1

    db = store_bytes(store_cli.db_url)
    assert b"factory_default_login" in db and b"admin@huawei.com" not in db


@pytest.fixture
def mute_port() -> Iterator[int]:
    """A port that accepts TCP and hangs up at once: no SSH behind it (a dead forward, a wedged daemon)."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                conn, _ = server.accept()
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(server.getsockname()[1])
    stop.set()
    server.close()
    thread.join(timeout=5)


def test_devices_not_checked_fail_the_run_with_their_reason(mute_port: int, tmp_path: Path) -> None:
    # The real executable's logging (an in-process run shares pytest's log handlers instead).
    with closed_tcp_port() as refused:
        targets = [f"127.0.0.1:{refused}", f"127.0.0.1:{mute_port}"]
        res = subprocess.run(
            [
                sys.executable,
                "-c",
                "from govops.cli.main import entry; entry()",
                "audit",
                "credentials",
                *targets,
                "--i-am-authorised",
                "--json",
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "GOVOPS_HOME": str(tmp_path)},
        )
    assert res.returncode == 1, res.stderr  # not "ok": cron must hear that nothing was checked
    errors = {r["target"]: r["error"] for r in json.loads(res.stdout)}
    assert "Unable to connect" in errors[targets[0]]  # why, not only the exception's class
    assert "banner" in errors[targets[1]]
    assert "Traceback" not in res.stderr and "paramiko" not in res.stderr
