"""Issue 15: office 台账 import as they are kept. Each quirk its own test, then one ledger with all of them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govops.errors import InputProblems
from govops.store.inventory.importer import ImportResult, import_paths
from govops.store.inventory.query import list_entities
from govops.store.models import Device, HistoryEntry
from tests.unit.store import office_ledger


def book(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "台账.xlsx") -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        sheet = wb.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


ROOMS = [["机房编码", "机房名称"], ["R1", "一号机房"], ["R2", "二号机房"]]


def devices(session: Session, path: Path) -> dict[str, dict[str, Any]]:
    import_paths(session, [path])
    return {d["name"]: d for d in list_entities(session, "devices")}


def one_device(session: Session, tmp_path: Path, header: str, value: Any, *, kind: str = "server") -> dict[str, Any]:
    path = book(tmp_path, {"设备": [["设备名称", "设备类型", header], ["d1", kind, value]]})
    return devices(session, path)["d1"]


# --- layout --------------------------------------------------------------------------------------


def test_title_and_form_rows_above_the_header_are_skipped_and_said(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["2024年设备台账"], ["填报单位：市大数据局", None, "填报人：李四"], [],
                                    ["设备名称", "设备类型"], ["sw-1", "交换机"]]})
    result = import_paths(session, [path])
    assert result.counts["devices"].created == 1
    assert any(":1: skipped title/form row" in line for line in result.explained)
    assert any(":2: skipped title/form row" in line and "填报单位" in line for line in result.explained)


def test_two_row_merged_header_group_cells_are_not_fields(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["序号", "设备名称", "基本情况", None, "配置", None],
                                    [None, None, "设备类型", "品牌", "CPU核数", "内存"],
                                    [1, "srv-1", "服务器", "浪潮", "32核", "256G"]]})
    got = devices(session, path)["srv-1"]
    # 浪潮 is stored as the catalogue's word for that maker.
    assert (got["kind"], got["vendor"], got["cpu_cores"], got["memory_mb"]) == ("server", "Inspur", 32, 256 * 1024)


def test_serial_number_column_is_ignored(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["序号", "设备名称", "设备类型"], [1, "a", "服务器"], [2, "b", "服务器"]]})
    result = import_paths(session, [path])
    assert result.counts["devices"].created == 2
    assert any("`序号` is not a field" in line for line in result.explained)


def test_section_rows_are_skipped(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["序号", "设备名称", "设备类型"], ["一、市本级"], [1, "a", "服务器"],
                                    [None, "（二）县（区）"], [2, "b", "交换机"], ["第三部分 乡镇"]]})
    result = import_paths(session, [path])
    assert result.counts["devices"].created == 2
    assert sum("skipped section row" in line for line in result.explained) == 3


def test_blank_rows_and_numbered_empty_template_rows_are_skipped(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["序号", "设备名称", "设备类型"], [1, "a", "服务器"], [], [None, "  ", None],
                                    [2, None, None], [3, "b", "服务器"]]})
    result = import_paths(session, [path])
    assert result.counts["devices"].created == 2
    assert any("skipped 3 blank row(s): 3-5" in line for line in result.explained)


def test_total_and_footnote_rows_are_skipped(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"机房": [["机房编码", "机房名称", "机柜数"], ["R1", "一号", 10], ["合  计", None, 10],
                                    ["注：机柜数单位为个"], ["说明：数据截至2024年"]]})
    result = import_paths(session, [path])
    assert result.counts["rooms"].created == 1
    kinds = [line.split("skipped ")[1].split(" row")[0] for line in result.explained if "skipped" in line]
    assert kinds == ["total", "note", "note"]


def test_a_room_merged_down_over_its_devices_belongs_to_each(session: Session, tmp_path: Path) -> None:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "设备"
    for row in [["序号", "设备名称", "设备类型", "所在机房"], ["一、市本级"], [1, "a", "服务器", "R1"],
                [2, "b", "服务器", None], [3, "c", "交换机", None], [4, "d", "服务器", "R2"]]:
        sheet.append(row)
    sheet.merge_cells("A2:D2")  # the section title across the row: still a section, never data
    sheet.merge_cells("D3:D5")  # R1 for a, b and c
    rooms = wb.create_sheet("机房")
    for row in ROOMS:
        rooms.append(row)
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    result = import_paths(session, [path])
    assert {d["name"]: d.get("room") for d in list_entities(session, "devices")} == {
        "a": "R1", "b": "R1", "c": "R1", "d": "R2"}
    assert any("skipped section row '一、市本级'" in line for line in result.explained)


def test_extra_sheets_are_ignored_with_a_note(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"填表说明": [["1. 请如实填写"], ["2. 日期写到月"]], "Sheet1": [],
                           "设备": [["设备名称", "设备类型"], ["a", "服务器"]]})
    result = import_paths(session, [path])
    assert result.counts["devices"].created == 1
    assert any("[填表说明]" in n and "ignored" in n for n in result.notes)
    assert any("[Sheet1]" in n and "ignored" in n for n in result.notes)


@pytest.mark.parametrize("title", ["2024年设备", "设备台账", "设备清单（2024）", "devices-2024", "Sheet2"])
def test_sheet_names_and_headers_say_the_kind(session: Session, tmp_path: Path, title: str) -> None:
    path = book(tmp_path, {title: [["设备名称", "设备类型", "管理IP"], ["a", "服务器", "10.0.0.1"]]})
    assert import_paths(session, [path]).counts["devices"].created == 1


def test_unknown_columns_are_noted_or_refused_with_strict(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["设备名称", "设备类型", "用途", "厂家商"], ["a", "服务器", "数据库", "H3C"]]})
    result = import_paths(session, [path], dry_run=True)
    assert any("`用途`" in n for n in result.notes) and any("did you mean `厂商`" in n for n in result.notes)
    with pytest.raises(InputProblems) as exc:
        import_paths(session, [path], strict=True)
    assert {p.where.rsplit("!", 1)[1] for p in exc.value.problems} == {"C1", "D1"}


# --- values --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2019年3月", "2019-03"), ("2019.03.01", dt.date(2019, 3, 1)), ("2019/3/1", dt.date(2019, 3, 1)),
     ("2019年3月1日", dt.date(2019, 3, 1)), ("2016年", "2016"), ("2014.6", "2014-06"), ("2019.3", "2019-03"),
     (2014.6, "2014-06"), (2016, "2016"), ("2018/11/20", dt.date(2018, 11, 20)),
     ("２０１９－０３－０１", dt.date(2019, 3, 1)), (dt.datetime(2019, 3, 1, 8, 30), dt.date(2019, 3, 1)),
     ("20190301", dt.date(2019, 3, 1)), (43525, dt.date(2019, 3, 1)), ("19年3月", "2019-03"),
     ("2019年3月底", "2019-03"), ("2019年3月1号", dt.date(2019, 3, 1)), ("2020年初", "2020")],
)
def test_dates_as_people_write_them(session: Session, tmp_path: Path, cell: object, expected: object) -> None:
    """A date written to the month or year keeps that precision (the store holds its first day)."""
    assert one_device(session, tmp_path, "购置日期", cell)["purchased"] == expected
    stored = session.execute(select(Device.purchased, Device.date_precision)).one()
    if isinstance(expected, str):
        assert stored == (dt.date(int(expected[:4]), int(expected[5:7] or 1), 1),
                          {"purchased": "month" if len(expected) == 7 else "year"})
    else:
        assert stored == (expected, None)


def test_a_precise_date_replaces_a_month_and_others_keep_theirs(session: Session, tmp_path: Path) -> None:
    first = book(tmp_path, {"设备": [["设备名称", "设备类型", "购置日期", "维保到期"],
                                     ["d1", "服务器", "2019年3月", "2024年"]]})
    import_paths(session, [first])
    second = book(tmp_path, {"设备": [["设备名称", "购置日期", "设备类型"], ["d1", "2019-03-15", "服务器"]]}, "b.xlsx")
    result = import_paths(session, [second])
    assert result.counts["devices"].changed == 1
    dev = list_entities(session, "devices")[0]
    assert (dev["purchased"], dev["eol"]) == (dt.date(2019, 3, 15), "2024")
    again = import_paths(session, [second])
    assert again.counts["devices"].unchanged == 1


@pytest.mark.parametrize(
    ("cell", "mbps"),
    [("3000M", 3000), ("1G", 1000), ("100Mbps", 100), ("10Gbps", 10000), ("100兆", 100), ("千兆", 1000),
     ("万兆", 10000), (" 2 G ", 2000), (200, 200), ("１００Ｍ", 100)],
)
def test_bandwidth_with_units(session: Session, tmp_path: Path, cell: object, mbps: int) -> None:
    path = book(tmp_path, {"链路": [["链路名称", "链路类型", "带宽"], ["l1", "政务外网", cell]]})
    import_paths(session, [path])
    assert list_entities(session, "links")[0]["bandwidth_mbps"] == mbps


def test_areas_counts_and_sizes_with_units(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"机房": [["机房编码", "机房名称", "面积", "机柜数量"], ["R1", "一号", "120㎡", "20个"],
                                    ["R2", "二号", "80平方米", "12 架"]],
                           "设备": [["设备名称", "设备类型", "CPU核数", "内存(GB)", "CPU数量"],
                                    ["s1", "服务器", "32核", 256, "2路"], ["s2", "服务器", 64, "1T", 2]]})
    import_paths(session, [path])
    rooms = {r["code"]: r for r in list_entities(session, "rooms")}
    assert (rooms["R1"]["area_m2"], rooms["R1"]["racks"], rooms["R2"]["area_m2"]) == (120, 20, 80)
    devs = {d["name"]: d for d in list_entities(session, "devices")}
    assert (devs["s1"]["cpu_cores"], devs["s1"]["memory_mb"], devs["s1"]["cpu_sockets"]) == (32, 262144, 2)
    assert devs["s2"]["memory_mb"] == 1024 * 1024


def test_approximate_figures_and_words_in_header_parentheses(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"机房": [["机房编码", "机房名称", "面积（约）", "机柜数(必填)", "PUE"],
                                    ["R1", "一号", "约120㎡", "20个", "1.6左右"]]})
    result = import_paths(session, [path])
    room = list_entities(session, "rooms")[0]
    assert (room["area_m2"], room["racks"], room["pue_declared"]) == (120, 20, 1.6)
    assert any("`(必填)`" in line and "not a unit" in line for line in result.explained)


def test_sheet_names_with_attachment_numbers_and_a_remark_after_the_address(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"附件1：市级机房设备清单": [["设备名称", "设备类型", "管理IP"],
                                                      ["d1", "服务器", "10.20.0.11（管理）"]],
                           "附件2：说明": [["本表由各单位填报"]]})
    result = import_paths(session, [path])
    assert list_entities(session, "devices")[0]["mgmt_ip"] == "10.20.0.11"
    assert any("附件2" in n and "ignored" in n for n in result.notes)


def test_full_width_digits_and_punctuation(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"机房": [["机房编码", "机房名称", "PUE"], ["R1", "一号", "２．１"]],
                           "设备": [["设备名称", "设备类型", "管理IP", "序列号"],
                                    ["d1", "服务器", "10。20。0。11", "ＳＮ１２３"]]})
    import_paths(session, [path])
    assert list_entities(session, "rooms")[0]["pue_declared"] == 2.1
    dev = list_entities(session, "devices")[0]
    assert (dev["mgmt_ip"], dev["serial"]) == ("10.20.0.11", "SN123")


@pytest.mark.parametrize("placeholder", ["无", "-", "/", "空", "N/A", "n/a", "——", "暂无"])
def test_placeholders_are_empty_never_a_serial(session: Session, tmp_path: Path, placeholder: str) -> None:
    assert "serial" not in one_device(session, tmp_path, "序列号", placeholder)
    assert session.execute(select(func.count()).where(Device.serial.is_not(None))).scalar() == 0


def test_placeholder_words_that_mean_something_in_their_field(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"业务系统": [["系统名称", "备份方式", "是否支持IPv6"], ["s1", "无", "无"]]})
    import_paths(session, [path])
    system = list_entities(session, "systems")[0]
    assert (system["backup"], system["ipv6"]) == ("none", False)


@pytest.mark.parametrize(
    ("header", "cell", "field", "value"),
    [("设备类型", "交换机", "kind", "switch"), ("设备类型", "UPS", "kind", "ups"),
     ("设备类型", "电表", "kind", "meter"), ("设备类型", "核心交换机", "kind", "switch"),
     ("使用状态", "在用", "status", "in_service"),
     ("使用状态", "利旧", "status", "idle"), ("是否国产", "国产", "domestic", "domestic")],
)
def test_chinese_words_for_device_choices(
    session: Session, tmp_path: Path, header: str, cell: str, field: str, value: object
) -> None:
    extra = ([], []) if field == "kind" else (["设备类型"], ["服务器"])
    rows = [["设备名称", header, *extra[0]], ["d1", cell, *extra[1]]]
    assert devices(session, book(tmp_path, {"设备": rows}))["d1"][field] == value


@pytest.mark.parametrize(
    ("header", "cell", "path", "value"),
    [("上云状态", "计划迁移", ("migration", "status"), "planned"),
     ("上云状态", "不上云（涉密）", ("migration", "status"), "exempt"), ("上云状态", "已上云", ("migration", "status"),
                                                                  "migrated"),
     ("等保定级", "第三级", ("dengbao", "level"), 3), ("等保定级", "三级", ("dengbao", "level"), 3),
     ("测评结论", "通过", ("dengbao", "passed"), True), ("测评结论", "√", ("dengbao", "passed"), True),
     ("测评结论", "未通过", ("dengbao", "passed"), False), ("建设方式", "省垂", ("origin",), "provincial"),
     ("备份方式", "本地+异地", ("backup",), "local+offsite"), ("是否涉密", "涉密", ("classified",), True)],
)
def test_chinese_words_for_system_choices(
    session: Session, tmp_path: Path, header: str, cell: str, path: tuple[str, ...], value: object
) -> None:
    import_paths(session, [book(tmp_path, {"业务系统": [["系统名称", header], ["s1", cell]]})])
    got: Any = list_entities(session, "systems")[0]
    for key in path:
        got = got[key]
    assert got == value


def test_link_words(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"链路": [["链路名称", "网络类型", "主/备", "级别"], ["l1", "互联网", "主", "市级"],
                                    ["l2", "政务外网", "备用", "县（区）"]]})
    import_paths(session, [path])
    links = {link["name"]: link for link in list_entities(session, "links")}
    assert (links["l1"]["kind"], links["l1"]["role"], links["l1"]["level"]) == ("internet", "primary", "city")
    assert (links["l2"]["kind"], links["l2"]["role"], links["l2"]["level"]) == ("extranet", "backup", "county")


def test_trailing_spaces_everywhere(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"机房": [[" 机房编码 ", "机房名称\u3000"], ["R1 ", " 一号机房 "]],
                           "设备": [["设备名称 ", " 设备类型"], ["d1\u3000", " 服务器 "]]})
    import_paths(session, [path])
    assert list_entities(session, "rooms")[0]["code"] == "R1"
    assert list_entities(session, "devices")[0]["name"] == "d1"


def test_references_by_name_and_rooms_without_codes(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"部门": [["单位名称", "单位编码", "级别"], ["市大数据局", "D01", "市级"]],
                           "机房": [["机房名称", "所属单位"], ["一号机房", "市大数据局"]],
                           "设备": [["设备名称", "设备类型", "所在机房", "使用单位"],
                                    ["d1", "服务器", "一号机房", "市大数据局"]]})
    import_paths(session, [path])
    assert list_entities(session, "rooms")[0] == {"code": "一号机房", "name": "一号机房", "department": "D01",
                                                  "lifecycle": "active"}
    assert list_entities(session, "devices")[0]["department"] == "D01"


def test_bad_address_is_refused_with_the_cell_named(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["设备名称", "设备类型", "管理IP"], ["d1", "服务器", "10.20.0.300"],
                                    ["d2", "服务器", "10.20.0.1, 10.20.0.2"]]})
    with pytest.raises(InputProblems) as exc:
        import_paths(session, [path])
    got = [(p.where.rsplit("!", 1)[1], p.field) for p in exc.value.problems]
    assert got == [("C2", "mgmt_ip"), ("C3", "mgmt_ip")]
    assert "IPv4 or IPv6 address" in str(exc.value)


def _not_a_known_hosts_file(tmp_path: Path, case: str) -> str:
    if case == "fifo":
        os.mkfifo(tmp_path / "kh")
        return str(tmp_path / "kh")
    if case == "link to /dev/null":
        (tmp_path / "kh").symlink_to("/dev/null")
        return str(tmp_path / "kh")
    return {"directory": str(tmp_path), "relative": "known_hosts", "too long": "/" + "k" * 300,
            "no such directory": str(tmp_path / "gone" / "kh"), "device": "/dev/null"}[case]


BAD_KNOWN_HOSTS = ["device", "fifo", "link to /dev/null", "directory", "relative", "too long", "no such directory"]


@pytest.mark.parametrize("case", BAD_KNOWN_HOSTS)
def test_a_known_hosts_that_checks_nothing_is_refused_with_the_cell_named(
    session: Session, tmp_path: Path, case: str
) -> None:
    # With accept-new, /dev/null (a device, a FIFO, a directory) as known_hosts accepts any host key every time.
    path = book(tmp_path, {"设备": [["设备名称", "设备类型", "ssh.known_hosts"],
                                    ["d1", "服务器", _not_a_known_hosts_file(tmp_path, case)]]})
    with pytest.raises(InputProblems) as exc:
        import_paths(session, [path])
    [problem] = exc.value.problems
    assert (problem.where.rsplit("!", 1)[1], problem.field) == ("C2", "ssh.known_hosts")
    assert "absolute path of a known_hosts file" in (problem.expected or "")
    assert session.execute(select(func.count()).select_from(Device)).scalar() == 0


@pytest.mark.parametrize("case", BAD_KNOWN_HOSTS)
def test_a_yaml_known_hosts_that_checks_nothing_is_refused_with_the_row_named(
    session: Session, tmp_path: Path, case: str
) -> None:
    ssh = {"known_hosts": _not_a_known_hosts_file(tmp_path, case)}
    doc = {"devices": [{"name": "d1", "kind": "server", "ssh": ssh}]}
    path = tmp_path / "inventory.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(InputProblems) as exc:
        import_paths(session, [path])
    [problem] = exc.value.problems
    assert problem.field == "ssh.known_hosts" and str(path) in problem.where, problem


def test_a_known_hosts_file_or_a_new_one_is_taken(session: Session, tmp_path: Path) -> None:
    (tmp_path / "lab_known_hosts").write_text("")
    path = book(tmp_path, {"设备": [["设备名称", "设备类型", "ssh.known_hosts"],
                                    ["d1", "服务器", str(tmp_path / "lab_known_hosts")],
                                    ["d2", "服务器", str(tmp_path / "not_yet")]]})
    got = devices(session, path)
    assert got["d1"]["ssh"] == {"known_hosts": str(tmp_path / "lab_known_hosts")}
    assert got["d2"]["ssh"] == {"known_hosts": str(tmp_path / "not_yet")}


# --- all errors in one pass ----------------------------------------------------------------------


def test_a_ledger_with_100_errors_lists_all_100_and_writes_nothing(session: Session, tmp_path: Path) -> None:
    rows: list[list[Any]] = [["设备名称", "设备类型", "管理IP", "购置日期", "内存", "所在机房"]]
    for i in range(25):  # four bad cells per row: kind, address, date, memory; the room is fine
        rows.append([f"d{i}", "服务機", f"10.0.{i}.256", "2019/13/01", "很多", "R1"])
    path = book(tmp_path, {"机房": ROOMS, "设备": rows})
    with pytest.raises(InputProblems) as exc:
        import_paths(session, [path])
    problems = exc.value.problems
    assert len(problems) == 100
    assert {p.field for p in problems} == {"kind", "mgmt_ip", "purchased", "memory_mb"}
    assert all(p.where.startswith(f"{path}[设备]!") and p.expected for p in problems)
    assert session.execute(select(func.count()).select_from(HistoryEntry)).scalar() == 0
    assert session.execute(select(func.count()).select_from(Device)).scalar() == 0


def test_cell_reference_duplicate_and_missing_key_problems_come_together(session: Session, tmp_path: Path) -> None:
    path = book(tmp_path, {"设备": [["设备名称", "设备类型", "所在机房"], ["d1", "服务器", "R9"],
                                    ["d1", "服务器", None], [None, "服务器", "R9"], ["d2", "飞船", None]]})
    with pytest.raises(InputProblems) as exc:
        import_paths(session, [path])
    messages = [f"{p.where.rsplit('!', 1)[1]} {p.message}" for p in exc.value.problems]
    assert len(messages) == 4, messages
    assert any(m.startswith("A3 duplicate name") for m in messages)
    assert any(m.startswith("A4 the row has no name") for m in messages)
    assert any(m.startswith("B5 not understood") for m in messages)
    assert any(m == "C2 no such room in this import or in the store" for m in messages)
    assert [p.value for p in exc.value.problems if p.field == "room"] == ["R9"]


# --- the whole ledger ----------------------------------------------------------------------------


def test_the_whole_office_ledger_imports_unedited(session: Session, tmp_path: Path) -> None:
    path = office_ledger.build(tmp_path / "市级政务信息化台账.xlsx")
    result: ImportResult = import_paths(session, [path])
    assert {k: c.created for k, c in result.counts.items()} == {
        "departments": 4, "rooms": 5, "devices": 8, "links": 6, "systems": 4}
    devs = {d["name"]: d for d in list_entities(session, "devices")}
    core = devs["核心交换机-01"]
    assert (core["kind"], core["room"], core["serial"], core["mgmt_ip"], core["platform"]) == (
        "switch", "一号机房", "210235A", "10.20.0.11", "huawei_vrp")
    assert (core["purchased"], core["eol"], core["domestic"]) == ("2019-03", "2024-06", "domestic")
    assert "serial" not in devs["sw-jf01-02"] and devs["sw-jf01-02"]["mgmt_ip"] == "10.20.0.12"
    assert devs["sw-jf01-02"]["platform"] == "hp_comware"
    assert (devs["srv-db-01"]["cpu_cores"], devs["srv-db-01"]["memory_mb"]) == (32, 262144)
    assert devs["srv-app-02"]["mgmt_ip"] == "10.20.1.22" and devs["srv-app-02"]["status"] == "idle"
    assert devs["ups-01"]["purchased"] == "2014-06" and devs["meter-01"]["status"] == "retired"
    assert devs["srv-app-02"]["purchased"] == "2016" and devs["pdu-01"]["purchased"] == dt.date(2020, 5, 1)
    rooms = {r["code"]: r for r in list_entities(session, "rooms")}
    assert rooms["一号机房"]["pue_declared"] == 1.6 and rooms["市政务云"]["area_m2"] == 1200
    assert rooms["JF_01"]["lifecycle"] == "closing" and rooms["JF-01"]["department"] == "D11"
    links = {link["name"]: link for link in list_entities(session, "links")}
    assert [links[n]["bandwidth_mbps"] for n in ("市-东城区 主", "市-东城区 备", "互联网出口", "东城-西山")] == [
        1000, 300, 10000, 100]
    systems = {s["name"]: s for s in list_entities(session, "systems")}
    assert systems["一网通办平台"]["dengbao"] == {"level": 3, "assessed": "2023-10", "passed": True}
    assert systems["涉密公文系统"]["migration"]["status"] == "exempt" and systems["涉密公文系统"]["classified"]
    assert systems["教育管理系统"]["migration"]["planned"] == "2025-06"
    assert systems["教育管理系统"]["dengbao"]["assessed"] == dt.date(2022, 11, 20)
    assert any("[填表说明]" in n for n in result.notes)
    again = import_paths(session, [path])
    assert all(c.created == c.changed == 0 for c in again.counts.values())
