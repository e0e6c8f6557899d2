"""Issue 16: store failures are messages (exit 2, nothing half-written); the store is 0600; reads
work from a read-only home. Read-only and full file systems are real: a private mount namespace
(unshare) with a read-only bind mount or a tiny tmpfs."""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import Cli, missing_part
from tests.storetools import store_backend

REPO = Path(__file__).resolve().parents[2]
# The store file, its lock and its file system: SQLite only (PostgreSQL: tests/e2e/test_concurrency.py).
pytestmark = pytest.mark.skipif(store_backend() != "sqlite", reason="SQLite's file, lock and file system")
GOVOPS = f"{shlex.quote(sys.executable)} -c 'from govops.cli.main import entry; entry()'"
SMALL = REPO / "tests" / "data" / "inventory" / "small.yaml"


def _in_namespace(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        missing_part(f"cannot make a mount namespace here: {probe.stderr.decode().strip()}")
    env = {**os.environ, "GOVOPS_HOME": str(home), "GOVOPS_DB": ""}
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_store_is_created_owner_only(store_cli: Cli) -> None:
    assert stat.S_IMODE((store_cli.home / "govops.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(store_cli.home.stat().st_mode) == 0o700


def test_a_locked_store_is_a_message_and_nothing_is_written(store_cli: Cli, tmp_path: Path) -> None:
    held = threading.Event()

    def hold_lock() -> None:
        conn = sqlite3.connect(store_cli.home / "govops.db", isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        held.set()
        time.sleep(7)  # past the store's 5 s busy timeout
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    held.wait(5)
    res = store_cli("inventory", "import", str(SMALL))
    thread.join()
    assert res.exit_code == 2 and "locked by another govops process" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
    assert store_cli("inventory", "list", "devices", "--json").json() == []


def test_read_only_home_reads_and_refuses_writes_clearly(store_cli: Cli, tmp_path: Path) -> None:
    assert store_cli("inventory", "import", str(SMALL)).exit_code == 0
    changed = tmp_path / "changed.yaml"
    changed.write_text(SMALL.read_text().replace("NE40E", "NE5000E"))
    home = shlex.quote(str(store_cli.home))
    res = _in_namespace(
        f"mount --bind {home} {home} && mount -o remount,bind,ro {home} && "
        f"{GOVOPS} inventory list devices --json && {GOVOPS} report summary --format json >/dev/null && "
        # A check and a dry run plan in a copy of the store (they write under a savepoint, then roll back).
        f"{GOVOPS} inventory check {shlex.quote(str(changed))} && "
        f"{GOVOPS} inventory import --dry-run --json {shlex.quote(str(changed))} && "
        f"{GOVOPS} inventory import {shlex.quote(str(changed))}", store_cli.home)
    assert res.returncode == 2, res.stdout + res.stderr
    assert '"core-rt-01"' in res.stdout  # the reads worked
    assert "ok 检查通过" in res.stdout and '"NE5000E"' in res.stdout  # the check and the dry run worked
    assert "the store is read-only here" in res.stderr and "Traceback" not in res.stderr


def test_a_full_disk_is_a_message_and_nothing_is_half_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    q = shlex.quote(str(home))
    res = _in_namespace(
        f"mount -t tmpfs -o size=700k tmpfs {q} && {GOVOPS} init >/dev/null && "
        f"{GOVOPS} inventory import {shlex.quote(str(REPO / 'inventory' / 'demo-city'))}; echo rc=$?; "
        f"{GOVOPS} inventory list devices --json", home)
    assert "rc=2" in res.stdout, res.stdout + res.stderr
    assert "the disk holding the store is full" in res.stderr and "Traceback" not in res.stderr
    assert res.stdout.strip().endswith("[]")  # nothing of the import was kept
