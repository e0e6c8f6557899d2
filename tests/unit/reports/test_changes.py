"""The changes report for officials: Chinese labels, local time, scan reachability out of the way."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from govops.store.db import make_engine
from govops.store.history import Entry, record_many
from govops.vocab import enum_label, header_label
from tests.conftest import Cli


def test_labels_local_time_and_hidden_reachability(city_rw: Cli) -> None:
    assert city_rw("track", "system", "S4", "--status", "migrated").exit_code == 0
    engine = make_engine(city_rw.db_url)
    with Session(engine) as s:
        scans = [Entry("update", "device", "srv1", "reachability", "unknown", "reachable") for _ in range(5)]
        record_many(s, scans, source="scan", actor="scan")
        record_many(s, [Entry("create", "device", "sw9", None, None, {"name": "sw9", "vendor": "华为"})],
                    source="import", actor="ops")  # fmt: skip
        s.commit()
    engine.dispose()
    body = city_rw("report", "changes", "--format", "json", "--lang", "zh").json()
    assert body["figures"]["changes_total"] == 2 and body["figures"]["reachability_hidden"] == 5
    rows = next(s for s in body["sections"] if s["key"] == "list")["tables"][0]["rows"]
    created = next(r for r in rows if r["key"] == "sw9")
    assert created["new"] == '{"name": "sw9", "vendor": "华为"}'  # JSON as `inventory history` shows it, not repr
    assert any("--reachability" in n for n in body["sections"][0]["notes"])
    row = next(r for r in rows if r["key"] == "S4")
    assert row["field"] == header_label("migration.status", "zh") != "migration_status"
    assert row["new"] == "已迁移" or row["new"] != "migrated"
    # Shown in Asia/Shanghai (UTC+8): within a minute of now there.
    shown = dt.datetime.strptime(row["at"], "%Y-%m-%d %H:%M")
    now_cst = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=8)
    assert abs((shown - now_cst).total_seconds()) < 120
    every = city_rw("report", "changes", "--format", "json", "--reachability").json()
    assert every["figures"]["changes_total"] == 7


def test_timezone_is_configurable_and_checked(city_rw: Cli) -> None:
    (city_rw.home / "config.toml").write_text('[reports]\ntimezone = "UTC"\n', encoding="utf-8")
    assert city_rw("track", "system", "S4", "--status", "migrated").exit_code == 0
    row = next(
        s for s in city_rw("report", "changes", "--format", "json").json()["sections"] if s["key"] == "list"
    )["tables"][0]["rows"][0]
    shown = dt.datetime.strptime(row["at"], "%Y-%m-%d %H:%M")
    assert abs((shown - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds()) < 120
    (city_rw.home / "config.toml").write_text('[reports]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    res = city_rw("report", "changes")
    assert res.exit_code == 2 and "not a time zone" in res.stderr


def test_source_and_action_words_are_the_vocabulary_s(city_rw: Cli) -> None:
    """The report and `inventory history` word a history entry from one list (vocab history_source/history_action):
    before, the report said 扫描 and created where `inventory history` said 发现 and create."""
    engine = make_engine(city_rw.db_url)
    with Session(engine) as s:
        record_many(s, [Entry("create", "device", "sw9", None, None, {"name": "sw9"})], source="scan", actor="scan")
        s.commit()
    engine.dispose()
    for lang in ("zh", "en"):
        text = city_rw("report", "changes", "--format", "markdown", "--lang", lang).stdout
        row = next(line for line in text.splitlines() if "| sw9 |" in line)
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert enum_label("history_source", "scan", lang) in cells, row
        assert enum_label("history_action", "create", lang) in cells, row
    assert (enum_label("history_source", "scan"), enum_label("history_action", "create", "en")) == ("扫描", "created")
