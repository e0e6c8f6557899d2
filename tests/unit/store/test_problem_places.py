"""Import problems carry the file and row they were found at (``Place``), set by the reader that placed them, and are
listed by those fields: files in the order given, then rows (row 10 after row 2, which sorting the text would not)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.orm import Session

from govops.errors import InputError, InputProblems, Place, Problem
from govops.store.inventory.importer import import_paths


def test_a_problem_from_each_reader_sorts_by_its_file_and_row(session: Session, tmp_path: Path) -> None:
    yaml_file = tmp_path / "more.yaml"  # a record reader's problems: the key's own line
    yaml_file.write_text("devices:\n- {name: y1, kind: server, room: NOPE}\n- name: y2\n  kind: server\n"
                         "  colour: red\n", encoding="utf-8")  # fmt: skip
    csv_file = tmp_path / "devices.csv"  # a bad date read as the cell is read, an unknown room found later
    rows = [f"c{i},server,{'NOWHERE' if i == 10 else ''},{'2020/02/30' if i == 2 else ''}" for i in range(2, 11)]
    csv_file.write_text("\n".join(["name,kind,room,purchased", *rows]) + "\n", encoding="utf-8")
    wb = Workbook()
    wb.remove(wb.active)
    sheet = wb.create_sheet("设备")
    sheet.append(["设备名称", "设备类型", "机房"])
    for i in range(2, 12):
        sheet.append([f"x{i}", "server", "ELSEWHERE" if i in (3, 11) else None])
    wb.save(tmp_path / "book.xlsx")

    with pytest.raises(InputProblems) as caught:
        import_paths(session, [yaml_file, csv_file, tmp_path / "book.xlsx"])
    got = [(p.where.removeprefix(f"{tmp_path}/"), p.file.removeprefix(f"{tmp_path}/"), p.row)
           for p in caught.value.problems]  # fmt: skip
    assert got == [
        ("more.yaml:2", "more.yaml", 2), ("more.yaml:5", "more.yaml", 5),
        ("devices.csv:2 column D", "devices.csv", 2), ("devices.csv:10 column C", "devices.csv", 10),
        ("book.xlsx[设备]!C3", "book.xlsx[设备]", 3), ("book.xlsx[设备]!C11", "book.xlsx[设备]", 11),
    ]  # fmt: skip


def test_a_place_keeps_its_file_row_and_column_across_processes_and_is_written_one_way() -> None:
    place = pickle.loads(pickle.dumps(Place("b.xlsx[设备]", 12, 5, sheet=True)))
    assert (str(place), place.file, place.row, place.column) == ("b.xlsx[设备]!F12", "b.xlsx[设备]", 12, 5)
    problem = pickle.loads(pickle.dumps(Problem(place, "not understood")))
    assert (problem.where, problem.file, problem.row, type(problem.where)) == (str(place), place.file, 12, str)
    assert str(problem) == "b.xlsx[设备]!F12: not understood"
    assert (str(Place.at("c.yaml", 3)), Place.at("c.yaml", 3).row, Place.at("c.yaml", None).row) == ("c.yaml:3", 3, 0)
    assert str(Place("a.csv", 9, 2)) == "a.csv:9 column C"  # a CSV cell: the line, then the column's letter
    whole = Problem(Place("d.csv"), "empty sheet")
    assert (whole.where, whole.file, whole.row) == ("d.csv", "d.csv", 0)


def test_a_place_is_a_value_not_text() -> None:
    # Compared and hashed by what it is (file, row, column), never equal to its text: a text cannot stand in for it,
    # as a text row (sorted as row 0) once could.
    assert Place.at("a.csv", 9) == Place("a.csv", 9) != Place("a.csv", 9, 0)
    assert Place("a.csv", 9) != "a.csv:9"  # type: ignore[comparison-overlap]
    assert not isinstance(Place("a.csv", 9), str)
    assert len({Place("a.csv", 9), Place.at("a.csv", 9), Place("a.csv", 10)}) == 2
    error = InputError("not understood", where=Place("a.csv", 9, 2))
    assert (str(error), error.detail, error.where) == ("a.csv:9 column C: not understood", "not understood",
                                                       Place("a.csv", 9, 2))


def test_a_guess_reads_as_a_guess_not_as_what_is_accepted(session: Session, tmp_path: Path) -> None:
    """A user's pass over `inventory check`: a did-you-mean was printed as the accepted value ('(accepted: did you
    mean `R49`?)'), and an unknown room's value was in the message only (--json's value was null)."""
    ledger = tmp_path / "r.yaml"
    ledger.write_text("rooms:\n- {code: R49, name: 机房49}\ndevices:\n- {name: c1, kind: server, room: R48}\n"
                      "- {name: y1, kind: sever}\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputProblems) as caught:
        import_paths(session, [ledger])
    room, kind = caught.value.problems
    assert room.as_dict() | {"where": ""} == {
        "where": "", "field": "room", "value": "R48", "message": "no such room in this import or in the store",
        "expected": "the code or name of a room", "hint": "did you mean `R49`?"}
    assert str(room).endswith(": field `room`: no such room in this import or in the store, got 'R48' "
                              "(accepted: the code or name of a room; did you mean `R49`?)")
    assert (kind.field, kind.value, kind.hint) == ("kind", "sever", "did you mean `server`?")
    assert kind.expected is not None and kind.expected.startswith("one of ")
    assert str(kind).endswith(", ats, other; did you mean `server`?)")
    assert "accepted: did you mean" not in str(kind)


def test_a_rows_problems_sort_by_column(session: Session, tmp_path: Path) -> None:
    """A cell refused as it is read (F) and a reference checked later (C), in one row: listed C then F, as a reader
    goes along the row (they were listed in the order found)."""
    csv_file = tmp_path / "rooms.csv"
    csv_file.write_text("code,name,department,racks,self_built,lifecycle\nR1,机房一,D999,3,是,wrongword\n"
                        "R2,机房二,D999,x,是,active\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputProblems) as caught:
        import_paths(session, [csv_file])
    got = [(p.where.removeprefix(f"{tmp_path}/"), p.field) for p in caught.value.problems]
    assert got == [("rooms.csv:2 column C", "department"), ("rooms.csv:2 column F", "lifecycle"),
                   ("rooms.csv:3 column C", "department"), ("rooms.csv:3 column D", "racks")]  # fmt: skip


def test_a_bad_value_is_worded_alike_by_every_reader(session: Session, tmp_path: Path) -> None:
    """The YAML reader said `field `racks`: expected an integer, got 'abc'` (field and value null in --json) where a
    CSV or 台账 cell said `field `racks`: not understood, got 'abc' (accepted: ...)`: one wording, one shape."""
    (tmp_path / "a.yaml").write_text("rooms:\n- {code: R1, name: 机房一, racks: abc}\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("code,name,racks\nR2,机房二,abc\n", encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        import_paths(session, [tmp_path / "a.yaml", tmp_path / "b.csv"])
    yaml_one, csv_one = caught.value.problems
    for problem in (yaml_one, csv_one):
        said = problem.as_dict()
        assert (said["field"], said["value"], said["message"]) == ("racks", "abc", "not understood"), said
        said_text = f"field `racks`: not understood, got 'abc' (accepted: {problem.expected})"
        assert str(problem) == f"{problem.where}: {said_text}"
    assert yaml_one.expected == "an integer"  # each reader says what it takes: YAML a number, a cell a unit too


def test_a_yaml_row_tells_every_bad_field_as_a_csv_row_tells_every_bad_cell(session: Session, tmp_path: Path) -> None:
    ledger = tmp_path / "r.yaml"  # each bad field on its own line, a nested mapping's too
    ledger.write_text("rooms:\n- code: R1\n  name: 机房1\n  racks: abc\n  self_built: maybe\n  area_m2: big\n"
                      "devices:\n- name: d1\n  kind: server\n  snmp: {port: x, version: '9'}\n", encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        import_paths(session, [ledger])
    got = [(p.row, p.field, p.value, p.expected) for p in caught.value.problems]
    assert got == [(4, "racks", "abc", "an integer"), (5, "self_built", "maybe", "true or false"),
                   (6, "area_m2", "big", "a number"), (10, "port", "x", "an integer"),
                   (10, "version", "9", "one of 1, 2c, 3")]  # fmt: skip
    said = f"{ledger}:4: field `racks`: not understood, got 'abc' (accepted: an integer)"
    assert str(caught.value.problems[0]) == said  # the CSV cell's words


def test_a_yaml_row_keeps_the_ranges_a_cell_keeps(session: Session, tmp_path: Path) -> None:
    # The ranges a CSV or 台账 cell is held to (vocab.cells.RANGES) held no YAML row: an SNMP port 70000, an SSH port
    # -5 and 等保 level 9 were imported.
    ledger = tmp_path / "r.yaml"
    ledger.write_text("devices:\n- name: d1\n  kind: switch\n  snmp: {port: 70000}\n  ssh: {port: -5}\n"
                      "systems:\n- name: s1\n  dengbao: {level: 9}\n", encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        import_paths(session, [ledger])
    got = [(p.row, p.field, p.value, p.expected) for p in caught.value.problems]
    assert got == [(4, "snmp.port", "70000", "a value from 1 to 65535"),
                   (5, "ssh.port", "-5", "a value from 1 to 65535"),
                   (8, "dengbao.level", "9", "a value from 1 to 5")]  # fmt: skip
    csv = tmp_path / "d.csv"
    csv.write_text("name,kind,snmp.port\nd2,switch,70000\n", encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        import_paths(session, [csv])
    assert [(p.field, p.expected) for p in caught.value.problems] == [("snmp.port", "a value from 1 to 65535")]
