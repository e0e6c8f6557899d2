"""One rendering of yes/no on every human surface: the vocabulary's ``是 yes`` / ``否 no`` that `inventory list` shows,
never Python's True/False (`inventory history` and `show`, import's dry run, `classify device`'s catalogue line)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govops.cli.inventory import _history_rows
from govops.vocab import labelled_field, yes_no_cell
from tests.conftest import Cli


def _entry(field: str, old: object, new: object) -> dict[str, object]:
    return {"at": dt.datetime(2026, 12, 5, 9, 0), "source": "import", "actor": "t", "action": "update",
            "kind": "room", "key": "R1", "field": field, "old": old, "new": new}  # fmt: skip


def test_history_cells_say_yes_and_no_as_the_list_does() -> None:
    row = _history_rows([_entry("self_built", True, False)], "zh")[0]
    assert (row["old"], row["new"]) == (labelled_field("rooms", "self_built", True), "否 no") == ("是 yes", "否 no")


def test_a_yes_no_inside_a_large_setting_is_said_alike() -> None:
    filler = {f"if{n}": {"alias": f"uplink port {n}"} for n in range(20)}
    old, new = {"snmp": {"lldp": True, "ifs": filler}}, {"snmp": {"lldp": False, "ifs": filler}}
    row = _history_rows([_entry("facts", old, new)], "zh")[0]
    assert (row["old"], row["new"]) == ("snmp.lldp: 是 yes", "snmp.lldp: 否 no")


ROOMS = "rooms:\n  - {{code: R1, name: 机房一, self_built: {}}}\n"


def test_history_show_and_dry_run_print_no_true_or_false(store_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rooms.yaml"
    path.write_text(ROOMS.format("true"), encoding="utf-8")
    assert store_cli("inventory", "import", str(path)).exit_code == 0
    path.write_text(ROOMS.format("false"), encoding="utf-8")
    dry = store_cli("inventory", "import", str(path), "--dry-run")
    assert "self_built: 是 yes -> 否 no" in dry.stdout, dry.stdout
    assert store_cli("inventory", "import", str(path)).exit_code == 0
    for args in (("inventory", "history"), ("inventory", "show", "R1")):
        out = store_cli(*args).stdout
        assert "是 yes" in out and "否 no" in out and "True" not in out and "False" not in out, out


def test_classify_device_says_the_catalogue_flag_as_tables_do(store_cli: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "devices.csv"
    ledger.write_text("name,kind,vendor\nsw-1,switch,Huawei\nrt-1,router,Cisco\n", encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    lines = {name: store_cli("classify", "device", name).stdout.splitlines()[1] for name in ("sw-1", "rt-1")}
    assert lines["sw-1"].endswith(f"domestic {yes_no_cell(True)})") and "True" not in lines["sw-1"], lines
    assert lines["rt-1"].endswith(f"domestic {yes_no_cell(False)})") and "False" not in lines["rt-1"], lines
