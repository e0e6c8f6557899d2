"""Issue 16: xlsx size and rows are measured, never taken from the file's own claims."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from govops.errors import InputError
from govops.store.inventory import ledger, readers
from govops.store.inventory.readers import read_paths


def _workbook(path: Path, rows: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "departments"
    sheet.append(["code", "name", "level"])
    for i in range(rows):
        sheet.append([f"D{i}", f"dept {i}", "city"])
    book.save(path)
    return path


def _rewrite_member(path: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    members[name] = change(members[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members.items():
            out.writestr(member, data)


def test_a_wrong_dimension_does_not_truncate(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", 5)
    _rewrite_member(path, "xl/worksheets/sheet1.xml",
                    lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', xml))
    assert len(read_paths([path]).every_record()) == 5


def test_inflated_size_is_measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "XLSX_MAX_UNCOMPRESSED_BYTES", 2_000_000)
    path = _workbook(tmp_path / "book.xlsx", 5)
    _rewrite_member(path, "docProps/app.xml", lambda xml: xml + b" " * 3_000_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="inflates to more than 2 MB"):
        read_paths([path])


def test_rows_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "MAX_TABLE_ROWS", 10)  # the one table reader counts rows
    with pytest.raises(InputError, match="more than 10 rows"):
        read_paths([_workbook(tmp_path / "book.xlsx", 11)])
    csv_path = tmp_path / "departments.csv"
    csv_path.write_text("code,name,level\n" + "".join(f"D{i},d,city\n" for i in range(11)))
    with pytest.raises(InputError, match="more than 10 rows"):
        read_paths([csv_path]).every_record()  # a CSV streams: its rows are counted as they are read
    assert len(read_paths([_workbook(tmp_path / "ok.xlsx", 10)]).every_record()) == 10


def test_mixed_utf8_and_gbk_rows_are_decoded_per_row(tmp_path: Path) -> None:
    path = tmp_path / "departments.csv"
    path.write_bytes(b"code,name,level\n" + "D1,市大数据局,city\n".encode()
                     + "D2,县政务服务中心,county\n".encode("gbk"))
    result = read_paths([path])
    assert [r.data["name"] for r in result.every_record()] == ["市大数据局", "县政务服务中心"]
    assert any("lines 3 decoded as GBK" in note for note in result.notes)


def test_plain_gbk_still_decodes_whole(tmp_path: Path) -> None:
    path = tmp_path / "departments.csv"
    path.write_bytes("编码,名称,级别\nD1,市政务服务和大数据管理局,city\n".encode("gbk"))
    result = read_paths([path])
    assert result.every_record()[0].data["name"] == "市政务服务和大数据管理局"
