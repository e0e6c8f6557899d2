"""Issue 16: no export writes a spreadsheet formula (OWASP's CSV-injection rule), reports included."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from tests.conftest import Cli
from tests.storetools import store_backend

FORMULAS = {"vendor": "=HYPERLINK(\"http://x\",\"y\")", "model": "+SUM(1,1)", "serial": "-2+3",
            "rack": "@cmd", "os": "\tTAB"}


def _load(store_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "inv.yaml"
    path.write_text(yaml.safe_dump({
        "departments": [{"code": "D1", "name": "=1+1", "level": "city"}],
        "rooms": [{"code": "R1", "name": "=cmd|' /C calc'!A0", "department": "D1"}],
        "devices": [{"name": "sw-01", "kind": "switch", "room": "R1", **FORMULAS}],
    }, allow_unicode=True))
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 0, res.stderr


def test_csv_export_quotes_formula_cells_and_reimports_them(store_cli: Cli, tmp_path: Path) -> None:
    _load(store_cli, tmp_path)
    out = tmp_path / "csv"
    assert store_cli("inventory", "export", "--format", "csv", "--out", str(out)).exit_code == 0
    cells = [c for p in out.glob("*.csv") for row in csv.reader(p.open(encoding="utf-8-sig")) for c in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells
    # The quote is not data: the export imports back to the same values.
    assert store_cli("inventory", "import", str(out)).exit_code == 0
    dev = store_cli("inventory", "list", "devices", "--json").json()[0]
    kept = {k: v for k, v in FORMULAS.items() if k != "os"}  # CSV cells are stripped of spaces on import
    assert {k: dev[k] for k in kept} == kept


def test_xlsx_export_writes_text_not_formulas(store_cli: Cli, tmp_path: Path) -> None:
    _load(store_cli, tmp_path)
    out = tmp_path / "inv.xlsx"
    assert store_cli("inventory", "export", "--format", "xlsx", "--out", str(out)).exit_code == 0
    book = load_workbook(out)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "=HYPERLINK(\"http://x\",\"y\")" in [c.value for c in cells]


def test_report_csv_quotes_formula_cells(store_cli: Cli, tmp_path: Path) -> None:
    _load(store_cli, tmp_path)
    res = store_cli("report", "rooms", "--format", "csv")
    assert res.exit_code == 0, res.stderr
    cells = [c for row in csv.reader(res.stdout.splitlines()) for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]


@pytest.mark.skipif(store_backend() != "sqlite", reason="PostgreSQL refuses such a row (NUL in text)")
def test_xlsx_export_survives_control_characters_from_devices(store_cli: Cli, tmp_path: Path) -> None:
    from govops.store.db import make_engine, session_scope
    from govops.store.models import Device

    engine = make_engine(store_cli.db_url)
    with session_scope(engine) as session:  # as SNMP discovery could store a sysDescr
        session.add(Device(name="sw-01", kind="switch", model="S5720\x00\x1b[31m", os="VRP\x07"))
    out = tmp_path / "inv.xlsx"
    res = store_cli("inventory", "export", "--format", "xlsx", "--out", str(out))
    assert res.exit_code == 0, res.stderr
    values = [c.value for s in load_workbook(out).worksheets for row in s.iter_rows() for c in row]
    assert "S5720\\x00\\x1b[31m" in values
