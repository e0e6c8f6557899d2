"""The one vocabulary: tables consistent with the contract, and every surface reading the same words."""

from __future__ import annotations

import typing

import pytest

from govops.catalog import dengbao
from govops.catalog.record import DIMENSIONS
from govops.discovery import servers
from govops.reports.i18n import LABELS as REPORT_LABELS
from govops.store import history, models
from govops.store.inventory.fields import FLAT_FIELDS, KINDS, LABELS, header_to_field
from govops.store.tracking import FIELDS, PLURAL, EntityKind, parse_value
from govops.vocab import ENUMS, enum_for, enum_value, header_index, normalise_word, table, values, yes_no
from govops.vocab.cells import EMPTY, cell_parser


def test_every_choice_field_has_one_enumeration_equal_to_the_contract() -> None:
    for kind, flat in FLAT_FIELDS.items():
        for name, tp in flat.items():
            if typing.get_origin(tp) is typing.Literal:
                enum = enum_for(kind, name)
                assert enum is not None, (kind, name)
                assert [w.value for w in ENUMS[enum]] == list(typing.get_args(tp)), (kind, name)
    assert [w.value for w in ENUMS["lifecycle"]] == list(models.ROOM_LIFECYCLES)
    assert [w.value for w in ENUMS["device_kind"]] == list(models.DEVICE_KINDS)
    assert [w.value for w in ENUMS["migration_status"]] == list(models.MIGRATION_STATUSES)
    assert [w.value for w in ENUMS["backup"]] == list(models.BACKUP_KINDS)
    # The words of the CLI's tables that are not inventory fields: a new outcome or result needs its labels here.
    assert [w.value for w in ENUMS["host_status"]] == list(typing.get_args(servers.Status))
    assert [w.value for w in ENUMS["check_result"]] == list(typing.get_args(dengbao.Status))
    assert [w.value for w in ENUMS["severity"]] == list(models.SEVERITIES)
    assert [w.value for w in ENUMS["dimension"]] == list(DIMENSIONS)
    # `inventory history`'s source and action cells: a new source or action would show its bare word.
    assert [w.value for w in ENUMS["history_source"]] == list(typing.get_args(history.Source))
    actions = typing.get_args(typing.get_type_hints(history.Entry)["action"])
    assert [w.value for w in ENUMS["history_action"]] == list(actions)


def test_words_are_unique_within_each_enumeration_and_header_index() -> None:
    for enum in ENUMS:
        for word in ENUMS[enum]:
            for text in (word.value, word.zh, word.en, *word.words):
                assert enum_value(enum, text) == word.value, (enum, text)
    for kind in KINDS:
        index = header_index(kind, FLAT_FIELDS[kind])  # raises on a header meaning two fields
        assert set(index.values()) == set(FLAT_FIELDS[kind])


def test_yes_and_no_never_overlap() -> None:
    for field in (None, *table.FIELD_YES_NO):
        yes = {normalise_word(w) for w in (*table.YES, *table.FIELD_YES_NO.get(field or "", ((), ()))[0])}
        no = {normalise_word(w) for w in (*table.NO, *table.FIELD_YES_NO.get(field or "", ((), ()))[1])}
        assert not yes & no, field


def test_every_field_has_a_label_and_the_reports_use_the_enum_labels() -> None:
    assert all(LABELS[f] != f for flat in FLAT_FIELDS.values() for f in flat)
    for enum, words in ENUMS.items():
        for word in words:
            assert REPORT_LABELS[f"{enum}.{word.value}"] == (word.zh, word.en)


def test_track_and_import_accept_the_same_words() -> None:
    """Every word the vocabulary lists for a tracked field means the same to `track` and to import."""
    for entity, fields in FIELDS.items():
        plural = PLURAL[entity]
        for f in fields:
            parse = cell_parser(plural, f.import_field, FLAT_FIELDS[plural][f.import_field])
            enum = enum_for(plural, f.import_field)
            words = [t for w in ENUMS[enum] for t in (w.value, w.zh, *w.words)] if enum else []
            if FLAT_FIELDS[plural][f.import_field] is bool:
                words = list(table.YES + table.NO + sum(table.FIELD_YES_NO.get(f.import_field, ((), ())), ()))
            for word in words:
                expected = parse(word)
                if expected is EMPTY:
                    continue
                assert parse_value(f, word, where="t", kind=entity) == expected, (entity, f.name, word)


@pytest.mark.parametrize(
    ("entity", "field", "word", "expected"),
    [("room", "lifecycle", "在用", "active"), ("room", "lifecycle", "已关停", "closed"),
     ("system", "passed", "通过", True), ("system", "passed", "√", True), ("system", "passed", "未通过", False),
     ("system", "backup", "无", "none"), ("system", "status", "不上云（涉密）", "exempt"),
     ("system", "dengbao_level", "第三级", 3), ("system", "dengbao_level", "三级", 3),
     ("device", "status", "利旧", "idle"), ("system", "planned", "2019年3月", values.PartialDate(2019, 3, 1, "month"))],
)
def test_words_of_the_issue(entity: EntityKind, field: str, word: str, expected: object) -> None:
    f = next(x for x in FIELDS[entity] if x.name == field)
    assert parse_value(f, word, where="t", kind=entity) == expected
    assert cell_parser(PLURAL[entity], f.import_field, FLAT_FIELDS[PLURAL[entity]][f.import_field])(word) == expected


def test_scoped_words_mean_nothing_elsewhere() -> None:
    assert yes_no("通过") is None and yes_no("通过", "dengbao.passed") is True
    assert header_to_field("rooms", "状态") == "lifecycle"
    assert header_to_field("devices", "状态") == "status"
    assert header_to_field("systems", "状态") == "migration.status"
    assert header_to_field("links", "类型") == "kind" and enum_for("links", "kind") == "link_kind"


def test_a_cell_parser_remembers_words_but_never_errors_or_mutable_values() -> None:
    """A column's repeated words are parsed once; a refused cell is refused every time; lists are fresh."""
    backup = cell_parser("systems", "backup", str)
    assert backup("本地+异地") == backup("本地+异地") == "local+offsite"
    for _ in range(2):
        with pytest.raises(ValueError, match="one of"):
            backup("磁带库")
    runs_on = cell_parser("systems", "runs_on", list[str])
    first = runs_on("srv-1、srv-2")
    first.append("changed by the importer")
    assert runs_on("srv-1、srv-2") == ["srv-1", "srv-2"]
    assert cell_parser("devices", "serial", str)(" 无 ") is EMPTY


def test_how_much_was_read_has_one_pair_of_words() -> None:
    # SSH discovery's read status and a stored table's said 完整 'complete' and 完整 'whole': one meaning, two words.
    def labels(enum: str) -> list[tuple[str, str]]:
        return [(w.zh, w.en) for w in ENUMS[enum]]

    assert labels("table_read") == labels("read_status") == [("完整", "complete"), ("部分", "partial")]
