"""A date a ledger gave to the month or year reads as given (2026-11, 2026) wherever history is shown to people.

``date_precision`` is an internal column: it is folded into its date, never listed as a changed field (``--json``
keeps the entry). Through the CLI on the store the suite starts (SQLite; PostgreSQL with ``GOVOPS_TEST_DB``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update

from govops.store.db import make_engine
from govops.store.history import record
from govops.store.models import HistoryEntry
from govops.store.writes import run_write
from tests.conftest import Cli


def _changes_rows(cli: Cli, *extra: str) -> list[dict[str, Any]]:
    res = cli("report", "changes", "--format", "json", *extra)
    assert res.exit_code == 0, res.stderr
    rows: list[dict[str, Any]] = next(s for s in res.json()["sections"] if s["key"] == "list")["tables"][0]["rows"]
    return rows


def test_track_and_history_show_a_month_as_given(city_rw: Cli) -> None:
    first = city_rw("track", "system", "S2", "--planned", "2025年6月")
    assert first.exit_code == 0, first.stderr
    assert "2025-06" in first.stdout and "2025-06-01" not in first.stdout and "date_precision" not in first.stdout
    # Month to month: the precision does not change, the dates still read as given.
    res = city_rw("track", "system", "S2", "--planned", "2026年11月", "--json")
    assert res.exit_code == 0, res.stderr
    assert res.json()["changes"] == [
        {"entity": "system", "key": "S2", "field": "migration_planned", "old": "2025-06", "new": "2026-11"}
    ]
    shown = city_rw("inventory", "history", "--key", "S2")
    assert shown.exit_code == 0, shown.stderr
    assert "2026-11" in shown.stdout and "2025-06" in shown.stdout
    assert "2026-11-01" not in shown.stdout and "2025-06-01" not in shown.stdout
    assert "date_precision" not in shown.stdout
    # --json keeps the entry (its shape unchanged): the precision the month was given to.
    raw = city_rw("inventory", "history", "--key", "S2", "--json").json()
    assert [(e["field"], e["old"], e["new"]) for e in raw if e["field"] == "date_precision"] == [
        ("date_precision", None, {"migration_planned": "month"})
    ]
    # A date given to the day again reads to the day, the month before it as a month.
    precise = city_rw("track", "system", "S2", "--planned", "2026-11-30", "--json")
    assert [(c["field"], c["old"], c["new"]) for c in precise.json()["changes"]] == [
        ("migration_planned", "2026-11", "2026-11-30"), ("date_precision", {"migration_planned": "month"}, None)]


def test_only_the_precision_changing_is_a_change_of_the_date(city_rw: Cli) -> None:
    assert city_rw("track", "system", "S2", "--planned", "2026-11-01").exit_code == 0
    res = city_rw("track", "system", "S2", "--planned", "2026年11月")
    assert res.exit_code == 0, res.stderr
    assert "migration_planned" in res.stdout and "2026-11-01" in res.stdout and "date_precision" not in res.stdout
    rows = [r for r in _changes_rows(city_rw) if r["key"] == "S2"]
    assert [(r["field_raw"], r["old"], r["new"]) for r in rows] == [
        ("migration_planned", "2026-11-01", "2026-11"), ("migration_planned", "2024-03-31", "2026-11-01")]


def test_import_history_and_dry_run_show_a_purchase_month(city_rw: Cli) -> None:
    ledger = city_rw.home / "ledger.yaml"
    ledger.write_text("devices:\n  - {name: nas9, kind: storage, purchased: 2026-11}\n",
                      encoding="utf-8")  # fmt: skip
    assert city_rw("inventory", "import", str(ledger)).exit_code == 0
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("2026-11", "2027"), encoding="utf-8")
    dry = city_rw("inventory", "import", str(ledger), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "nas9 purchased: 2026-11 -> 2027\n" in dry.stdout and "date_precision" not in dry.stdout
    assert city_rw("inventory", "import", str(ledger)).exit_code == 0
    shown = city_rw("inventory", "history", "--key", "nas9")
    assert "2026-11" in shown.stdout and "2027" in shown.stdout
    assert "2026-11-01" not in shown.stdout and "2027-01-01" not in shown.stdout
    assert "date_precision" not in shown.stdout
    rows = [r for r in _changes_rows(city_rw) if r["key"] == "nas9" and r["action"] == "update"]
    assert [(r["field_raw"], r["old"], r["new"]) for r in rows] == [("purchased", "2026-11", "2027")]
    created = next(r for r in _changes_rows(city_rw) if r["key"] == "nas9" and r["action"] == "create")
    assert '"purchased": "2026-11"' in created["new"] and "date_precision" not in created["new"]
    html = city_rw("report", "changes", "--format", "html", "--lang", "zh")
    assert "date_precision" not in html.stdout and "2027-01-01" not in html.stdout


def test_history_written_before_dates_kept_their_precision_reads_as_given(city_rw: Cli) -> None:
    # Earlier versions wrote the first day and a date_precision entry beside it, at the same moment.
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def write(session: Any) -> None:
        common: dict[str, Any] = {"source": "user", "action": "update", "entity_kind": "system", "entity_key": "S3",
                                  "actor": "ops", "at": at}  # fmt: skip
        record(session, field="migration_planned", old="2025-06-01", new="2026-11-01", **common)
        record(session, field="date_precision", old={"migration_planned": "month"},
               new={"migration_planned": "month"}, **common)  # fmt: skip

    run_write(make_engine(city_rw.db_url), write, what="old history")
    rows = [r for r in _changes_rows(city_rw) if r["key"] == "S3"]
    assert [(r["field_raw"], r["old"], r["new"]) for r in rows] == [("migration_planned", "2025-06", "2026-11")]
    shown = city_rw("inventory", "history", "--key", "S3")
    assert "2026-11" in shown.stdout and "2026-11-01" not in shown.stdout and "date_precision" not in shown.stdout
    with make_engine(city_rw.db_url).connect() as conn:
        assert conn.execute(select(HistoryEntry.field).where(HistoryEntry.entity_key == "S3")).scalars().all()


def test_a_report_as_of_before_a_month_change_rewinds_to_it_and_shows_it_as_given(city_rw: Cli) -> None:
    assert city_rw("track", "system", "S2", "--planned", "2025年6月").exit_code == 0
    ten_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    with make_engine(city_rw.db_url).begin() as conn:  # the store's whole history so far happened ten days ago
        conn.execute(update(HistoryEntry).values(at=ten_days_ago))
    assert city_rw("track", "system", "S2", "--planned", "2027年3月").exit_code == 0
    five_days_ago = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    res = city_rw("report", "migration", "--format", "markdown", "--as-of", five_days_ago)
    assert res.exit_code == 0, res.stderr
    line = next(x for x in res.stdout.splitlines() if x.startswith("| S2 "))
    assert "| 2025-06 |" in line, line
    body = city_rw("report", "migration", "--format", "json", "--as-of", five_days_ago).json()
    overdue = next(s for s in body["sections"] if s["key"] == "overdue")["tables"][0]["rows"]
    assert next(r["planned"] for r in overdue if r["name"] == "S2") == "2025-06-01"  # JSON keeps the day


def test_reports_show_eol_and_assessment_months_as_given(city_rw: Cli) -> None:
    ledger = city_rw.home / "fw.yaml"
    ledger.write_text("devices:\n  - {name: fw9, kind: firewall, room: R1, department: D1, domestic: foreign, "
                      "status: in_service, vendor: Cisco, eol: 2027-03}\n", encoding="utf-8")  # fmt: skip
    assert city_rw("inventory", "import", str(ledger)).exit_code == 0
    for fmt in ("markdown", "csv", "html"):
        res = city_rw("report", "xinchuang", "--format", fmt, "--lang", "zh")
        assert res.exit_code == 0, res.stderr
        line = next(x for x in res.stdout.splitlines() if "fw9" in x)
        assert "2027-03" in line and "2027-03-01" not in line, (fmt, line)
    body = city_rw("report", "xinchuang", "--format", "json").json()
    backlog = next(s for s in body["sections"] if s["key"] == "backlog")["tables"][0]["rows"]
    assert next(r["eol"] for r in backlog if r["device"] == "fw9") == "2027-03-01"
    assert city_rw("track", "system", "S2", "--dengbao-level", "3", "--assessed", "2026年1月").exit_code == 0
    res = city_rw("report", "compliance", "--format", "markdown")
    assert res.exit_code == 0, res.stderr
    line = next(x for x in res.stdout.splitlines() if x.startswith("| S2 "))
    assert "| 2026-01 |" in line, line
