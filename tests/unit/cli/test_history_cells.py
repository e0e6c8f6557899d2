"""`inventory history` shows which keys of a large setting (a device's facts) changed, not only its top keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govops.cli.inventory import _CELL_CHARS, _history_rows
from tests.conftest import Cli


def _entry(old: object, new: object) -> dict[str, object]:
    return {"at": dt.datetime(2026, 12, 5, 9, 0), "source": "snmp", "actor": "t", "action": "update",
            "kind": "device", "key": "sw-1", "field": "facts", "old": old, "new": new}  # fmt: skip


def _facts(version: str, extra: dict[str, object] | None = None) -> dict[str, object]:
    filler = {f"if{n}": {"speed": 1000, "alias": f"uplink port {n}"} for n in range(20)}
    return {"lab": {"room": "R1"}, "snmp": {"os_version": version, "interfaces": filler, **(extra or {})}}


def test_changed_key_is_shown_with_both_values() -> None:
    row = _history_rows([_entry(_facts("7.1"), _facts("7.2"))], "en")[0]
    assert row["old"] == "snmp.os_version: '7.1'"
    assert row["new"] == "snmp.os_version: '7.2'"


def test_added_key_and_many_changes_stay_bounded() -> None:
    old = _facts("7.1")
    new = _facts("7.2", {"contact": "ops"})
    new["snmp"]["interfaces"] = {k: {**v, "speed": 10} for k, v in old["snmp"]["interfaces"].items()}  # type: ignore[index]
    row = _history_rows([_entry(old, new)], "en")[0]
    assert row["old"].startswith("snmp.os_version: '7.1'; snmp.interfaces.if0.speed: 1000")
    assert row["new"].endswith("more (--json)")
    assert "snmp.contact" not in row["new"]  # cut: the count is left to --json
    for cell in (row["old"], row["new"]):
        assert len(cell) <= _CELL_CHARS + 24


def test_short_values_unchanged() -> None:
    row = _history_rows([_entry({"a": 1}, {"a": 2})], "en")[0]
    assert (row["old"], row["new"]) == ('{"a": 1}', '{"a": 2}')


def test_long_texts_show_where_they_differ() -> None:
    """A long text cut at the cell's end showed the same start on both sides; made-up banner, release deep inside."""
    banner = "Acme Switching Software, Version 9.3 (Build {}) Copyright (c) 2001-2026 Acme Networks Inc."
    row = _history_rows([_entry(_facts("9.3", {"sys_descr": banner.format(1000)}),
                                _facts("9.3", {"sys_descr": banner.format(1017)}))], "en")[0]
    assert row["old"] == "snmp.sys_descr: '…on 9.3 (Build 1000) Copyright (c…'"
    assert row["new"] == "snmp.sys_descr: '…on 9.3 (Build 1017) Copyright (c…'"
    # A difference near the start: the window starts with the text (no leading …).
    row = _history_rows([_entry(_facts("9.3", {"sys_descr": "1" + banner}), _facts("9.3", {"sys_descr": banner}))],
                        "en")[0]
    assert (row["old"], row["new"]) == ("snmp.sys_descr: '1Acme Switching Software, Versio…'",
                                        "snmp.sys_descr: 'Acme Switching Software, Version…'")


def test_a_part_added_whole_is_shown_by_its_keys_never_cut_mid_value() -> None:
    """A discovery over a new protocol adds its facts whole (``ssh``: absent before): the cell cut its JSON at the
    cell's end, mid-word and with no mark (``ssh: {"name": ..., "evid``)."""
    ssh = {"name": "sw-1", "variant": "comware7", "power": [{"name": "1/1", "state": "ok"}] * 4,
           "evidence": {"model": "show version line 3", "serial": "show device manuinfo"}}
    row = _history_rows([_entry(_facts("7.1"), {**_facts("7.1"), "ssh": ssh})], "en")[0]
    assert row["old"] == "ssh: (none)"
    assert row["new"] == "ssh: {name, variant, power, evidence} (--json)"


def test_an_item_longer_than_the_cell_ends_with_a_mark() -> None:
    """Keys that do not fit either: the cell is cut with …, never silently."""
    ssh = {f"fact_number_{n}": n for n in range(12)}
    row = _history_rows([_entry(_facts("7.1"), {**_facts("7.1"), "ssh": ssh})], "en")[0]
    assert row["new"].startswith("ssh: {fact_number_0, fact_number_1")
    assert row["new"].endswith("…")
    assert len(row["new"]) == _CELL_CHARS


def test_source_action_and_kind_cells_in_both_languages() -> None:
    """A user's pass: the headers read '来源 source', '操作 action', '类型 kind' and the cells 'scan', 'update',
    'device' in English alone; the Chinese words are the changes report's (one vocabulary). --json keeps the stored
    words (history_of's entries are not changed)."""
    entry = {**_entry({"a": 1}, {"a": 2}), "source": "scan"}
    row = _history_rows([entry], "en")[0]
    assert (row["source"], row["action"], row["kind"]) == ("扫描 scan", "修改 update", "设备 device")
    assert (entry["source"], entry["action"], entry["kind"]) == ("scan", "update", "device")


def test_the_cells_notes_are_in_the_language_asked_for() -> None:
    """`inventory history` had no --lang where its siblings do: its notes were English alone whatever the reader's."""
    ssh = {"name": "sw-1", "variant": "comware7", "power": [{"name": "1/1", "state": "ok"}] * 4,
           "evidence": {"model": "show version line 3", "serial": "show device manuinfo"}}
    entries = [_entry(_facts("7.1"), {**_facts("7.1"), "ssh": ssh}), {**_entry(None, None), "action": "create"}]
    cells = {lang: [(r["old"], r["new"]) for r in _history_rows(entries, lang)] for lang in ("zh", "en")}
    assert cells["en"] == [("ssh: (none)", "ssh: {name, variant, power, evidence} (--json)"), (None, "(created)")]
    assert cells["zh"] == [("ssh: （无）", "ssh: {name, variant, power, evidence}（见 --json）"), (None, "（新增）")]


def test_history_lang_defaults_as_every_lang_does(store_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rooms.yaml"
    path.write_text("rooms:\n  - {code: R1, name: 机房一}\n", encoding="utf-8")
    assert store_cli("inventory", "import", str(path)).exit_code == 0
    assert "（新增）" in store_cli("inventory", "history").stdout  # zh, DEFAULT_LANG
    assert "(created)" in store_cli("inventory", "history", "--lang", "en").stdout
    (store_cli.home / "config.toml").write_text('lang = "en"\n', encoding="utf-8")
    for args in (("inventory", "history"), ("inventory", "show", "R1")):
        assert "(created)" in store_cli(*args).stdout, args
    bad = store_cli("inventory", "history", "--lang", "fr")
    assert bad.exit_code == 2 and "--lang" in bad.stderr
