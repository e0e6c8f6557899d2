"""Bad input: empty store, unknown department, --as-of before history, locked store, missing store."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.conftest import Cli
from tests.storetools import store_backend
from tests.unit.reports.city import AS_OF

KINDS = ["summary", "migration", "xinchuang", "rooms", "links", "compliance", "changes"]


@pytest.mark.parametrize("kind", KINDS)
def test_report_on_empty_store_renders_with_a_note(store_cli: Cli, kind: str) -> None:
    res = store_cli("report", kind, "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.stderr
    body = res.json()
    assert body["kind"] == kind
    if kind != "changes":
        text = json.dumps(body)
        assert "holds no inventory yet" in text
    html = store_cli("report", kind, "--format", "html")
    assert html.exit_code == 0 and "</html>" in html.stdout


def test_empty_store_shares_are_null_not_zero(store_cli: Cli) -> None:
    f = store_cli("report", "migration", "--format", "json").json()["figures"]
    assert f["systems_total"] == 0 and f["systems_on_cloud_share"] is None


def test_unknown_department(city: Cli) -> None:
    res = city("report", "migration", "--department", "D9")
    assert res.exit_code == 2
    assert "--department: no department with code 'D9'" in res.stderr
    assert "did you mean" in res.stderr
    assert "Traceback" not in res.stdout + res.stderr


def test_as_of_before_history(city_rw: Cli) -> None:
    assert city_rw("track", "system", "S4", "--status", "migrated").exit_code == 0
    res = city_rw("report", "changes", "--as-of", "2001-01-01")
    assert res.exit_code == 2
    assert "--as-of: 2001-01-01 is before the store's history, which starts on" in res.stderr
    res = city_rw("report", "migration", "--as-of", "2001-01-01")
    assert res.exit_code == 2
    ok = city_rw("report", "changes", "--format", "json")
    assert ok.json()["figures"]["changes_total"] == 1


def test_since_after_as_of(city: Cli) -> None:
    res = city("report", "changes", "--since", "2024-07-01", "--as-of", AS_OF)
    assert res.exit_code == 2 and "--since" in res.stderr


def test_missing_store_is_exit_2(cli: Cli) -> None:
    res = cli("report", "summary")
    assert res.exit_code == 2 and "govops init" in res.stderr


@pytest.mark.skipif(store_backend() != "sqlite", reason="SQLite write lock (PostgreSQL: e2e/test_concurrency.py)")
def test_locked_store(city_rw: Cli) -> None:
    """A scan holds the write lock: reports still read (WAL); writers fail cleanly after the busy timeout."""
    scan = sqlite3.connect(city_rw.home / "govops.db", isolation_level=None)
    try:
        scan.execute("BEGIN IMMEDIATE")
        scan.execute("UPDATE devices SET reachability = 'reachable'")
        read = city_rw("report", "rooms", "--format", "json", "--as-of", AS_OF)
        assert read.exit_code == 0, read.stderr
        write = city_rw("track", "system", "S4", "--status", "migrated")
        assert write.exit_code == 2
        assert "locked by another govops process" in write.stderr and "nothing was changed" in write.stderr
        assert "Traceback" not in write.stderr + write.stdout
        record = city_rw("report", "rooms", "--record", "--format", "json")
        assert record.exit_code == 2 and "locked" in record.stderr
        assert record.stdout == ""  # nothing half-written
    finally:
        scan.execute("ROLLBACK")
        scan.close()
    again = city_rw("track", "system", "S4", "--status", "migrated")
    assert again.exit_code == 0, again.stderr
