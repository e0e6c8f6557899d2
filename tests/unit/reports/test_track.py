"""`govops track`: single changes and spreadsheets, each change in history; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Engine, select

from govops.store.db import make_engine
from govops.store.models import Device, HistoryEntry, Room, System
from tests.conftest import Cli


def db(cli: Cli) -> Engine:
    return make_engine(cli.db_url)


def history(cli: Cli) -> list[tuple[Any, ...]]:
    with db(cli).connect() as conn:
        rows = conn.execute(
            select(
                HistoryEntry.source,
                HistoryEntry.actor,
                HistoryEntry.entity_kind,
                HistoryEntry.entity_key,
                HistoryEntry.field,
                HistoryEntry.old,
                HistoryEntry.new,
            ).order_by(HistoryEntry.id)
        ).all()
    return [tuple(r) for r in rows]


def test_track_system_records_history(city_rw: Cli) -> None:
    res = city_rw(
        "track",
        "system",
        "S2",
        "--status",
        "migrated",
        "--done",
        "2024-05-20",
        "--cloud",
        "市政务云",
        "--by",
        "张三",
        "--json",
    )
    assert res.exit_code == 0, res.stderr
    assert {c["field"] for c in res.json()["changes"]} == {"migration_status", "migration_done", "cloud"}
    assert history(city_rw) == [
        ("user", "张三", "system", "S2", "migration_status", "planned", "migrated"),
        ("user", "张三", "system", "S2", "migration_done", None, "2024-05-20"),
        ("user", "张三", "system", "S2", "cloud", None, "市政务云"),
    ]
    with db(city_rw).connect() as conn:
        row = conn.execute(select(System.migration_status, System.migration_done).where(System.name == "S2")).one()
    assert row == ("migrated", dt.date(2024, 5, 20))
    again = city_rw("track", "system", "S2", "--status", "migrated")
    assert "no change" in again.stdout and len(history(city_rw)) == 3


def test_track_every_system_option(city_rw: Cli) -> None:
    res = city_rw(
        "track",
        "system",
        "S5",
        "--strategy",
        "rehost",
        "--wave",
        "3",
        "--planned",
        "2025-03-31",
        "--reason",
        "等待国垂系统对接",
        "--dengbao-level",
        "3",
        "--assessed",
        "2024-04-01",
        "--failed",
        "--backup",
        "local+offsite",
        "--no-ipv6",
        "--json",
    )
    assert res.exit_code == 0, res.stderr
    with db(city_rw).connect() as conn:
        s = conn.execute(select(System).where(System.name == "S5")).one()
    assert (s.migration_strategy, s.migration_wave, s.migration_planned) == ("rehost", 3, dt.date(2025, 3, 31))
    assert (s.migration_note, s.dengbao_level, s.dengbao_passed) == ("等待国垂系统对接", 3, False)
    assert (s.backup, s.ipv6) == ("local+offsite", False)


def test_track_room_and_device(city_rw: Cli) -> None:
    assert city_rw("track", "room", "R2", "--lifecycle", "closed", "--pue", "1.6").exit_code == 0
    assert city_rw("track", "device", "srv3", "--status", "idle", "--eol", "2025-01-01").exit_code == 0
    with db(city_rw).connect() as conn:
        assert conn.execute(select(Room.lifecycle, Room.pue_declared).where(Room.code == "R2")).one() == ("closed", 1.6)
        assert conn.execute(select(Device.status).where(Device.name == "srv3")).scalar() == "idle"
    kinds = {(h[2], h[4]) for h in history(city_rw)}
    assert kinds == {("room", "lifecycle"), ("room", "pue_declared"), ("device", "status"), ("device", "eol")}


def test_track_bad_values_name_the_option(city_rw: Cli) -> None:
    cases = [
        (("system", "S2", "--status", "migratd"), "--status: 'migratd' is not a valid status",
         "did you mean `migrated`"),
        (("system", "S2", "--done", "2024-13-01"), "--done: '2024-13-01' is not a date", "2019-03-01"),
        (("system", "S2", "--done", "2099-01-01"), "is in the future", ""),
        (("system", "S2", "--dengbao-level", "7"), "--dengbao-level: '7' is not a valid dengbao_level", ""),
        (("system", "S2", "--backup", "tape"), "--backup: 'tape' is not a valid backup", ""),
        (("system", "S22", "--status", "planned"), "no system 'S22' in the store", "did you mean"),
        (("room", "R2", "--lifecycle", "demolished"), "--lifecycle", ""),
        (("device", "srv1", "--status", "broken"), "--status", "in_service"),
        (("system", "S2"), "nothing to change", ""),
    ]
    for args, message, hint in cases:
        res = city_rw("track", *args)
        assert res.exit_code == 2, args
        assert message in res.stderr and hint in res.stderr, (args, res.stderr)
    assert history(city_rw) == []


def test_bulk_csv_chinese_headers_gbk(city_rw: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "systems.csv"
    sheet.write_bytes("名称,迁移状态,计划日期,备份方式\nS4,已上云,2024-01-01,异地\nS5,planned,,\n".encode("gbk"))
    res = city_rw("track", "bulk", str(sheet), "--json")
    assert res.exit_code == 0, res.stderr
    changes = {(c["key"], c["field"]): c["new"] for c in res.json()["changes"]}
    assert changes == {
        ("S4", "migration_status"): "migrated",
        ("S4", "migration_planned"): "2024-01-01",
        ("S4", "backup"): "offsite",
        ("S5", "migration_status"): "planned",
    }
    assert all(h[0] == "user" for h in history(city_rw))


def test_bulk_is_all_or_nothing_and_names_row_and_column(city_rw: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "systems.csv"
    sheet.write_text(
        "name,status,planned,dengbao_level\nS4,migrated,2024-01-01,3\nS5,planed,2024-13-01,9\nS99,planned,,\n",
        encoding="utf-8",
    )
    res = city_rw("track", "bulk", str(sheet))
    assert res.exit_code == 2
    err = res.stderr
    assert "4 problem(s), nothing was changed" in err
    assert f"{sheet}:3:2 (status): 'planed' is not a valid status" in err
    assert f"{sheet}:3:3 (planned): '2024-13-01' is not a date" in err
    assert f"{sheet}:3:4 (dengbao_level): '9' is not a valid dengbao_level" in err
    assert f"{sheet}:4:name: no system 'S99'" in err
    assert history(city_rw) == []


def test_bulk_xlsx_sheets_per_kind_and_dry_run(city_rw: Cli, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "机房"
    ws.append(["机房编码", "生命周期", "PUE"])
    ws.append(["R1", "关停中", 2.2])
    dev = wb.create_sheet("devices")
    dev.append(["设备名称", "状态", "停保日期"])
    dev.append(["srv2", "闲置", dt.datetime(2026, 1, 1)])
    path = tmp_path / "updates.xlsx"
    wb.save(path)
    dry = city_rw("track", "bulk", str(path), "--dry-run", "--json")
    assert dry.exit_code == 0, dry.stderr
    assert len(dry.json()["changes"]) == 4 and history(city_rw) == []
    res = city_rw("track", "bulk", str(path), "--json")
    assert res.exit_code == 0, res.stderr
    with db(city_rw).connect() as conn:
        assert conn.execute(select(Room.lifecycle, Room.pue_declared).where(Room.code == "R1")).one() == (
            "closing",
            2.2,
        )
        assert conn.execute(select(Device.status, Device.eol).where(Device.name == "srv2")).one() == (
            "idle",
            dt.date(2026, 1, 1),
        )


def test_bulk_xlsx_bad_cell_names_column_letter(city_rw: Cli, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "systems"
    ws.append(["name", "status", "wave"])
    ws.append(["S4", "migrated", "two"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    res = city_rw("track", "bulk", str(path))
    assert res.exit_code == 2
    assert f"{path}!systems:2:C (wave): 'two' is not a number" in res.stderr
    unknown = tmp_path / "x.csv"
    unknown.write_text("name,stauts\nS4,migrated\n", encoding="utf-8")
    res = city_rw("track", "bulk", str(unknown), "--kind", "system")
    assert res.exit_code == 2 and "unknown system field 'stauts'" in res.stderr and "did you mean status" in res.stderr
    assert history(city_rw) == []


def test_track_keeps_a_month_as_the_import_does(city_rw: Cli) -> None:
    res = city_rw("track", "system", "S2", "--planned", "2025年6月", "--json")
    assert res.exit_code == 0, res.stderr
    shown = city_rw("inventory", "show", "S2", "--json").json()
    assert shown["entity"]["migration"]["planned"] == "2025-06"
    again = city_rw("track", "system", "S2", "--planned", "2025-06-30", "--json")
    assert again.exit_code == 0, again.stderr
    assert city_rw("inventory", "show", "S2", "--json").json()["entity"]["migration"]["planned"] == "2025-06-30"
