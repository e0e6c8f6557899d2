"""The shared row validator names the file, line and field of every bad input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import pytest

from govops.errors import InputError
from govops.util.schema import _converter, build, coerce
from govops.util.yamlio import load_yaml_text


@dataclass(frozen=True)
class Row:
    name: str
    kind: Literal["switch", "router"]
    ports: int | None = None
    eol: dt.date | None = None
    tags: tuple[str, ...] = ()


def rows(text: str) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = load_yaml_text(text, "f.yaml")
    return loaded


def test_builds_typed_row() -> None:
    (r,) = rows("- {name: a, kind: switch, ports: 48, eol: 2024-12-31, tags: [x]}")
    row = build(Row, r, where="f.yaml")
    assert row == Row("a", "switch", 48, dt.date(2024, 12, 31), ("x",))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- name: a\n  kind: switch\n  prots: 4\n", "f.yaml:3: unknown field `prots`"),
        ("- name: a\n  kind: swich\n", "f.yaml:2: field `kind`: not understood, got 'swich' (accepted: one of"),
        ("- name: a\n  kind: switch\n  ports: many\n",
         "f.yaml:3: field `ports`: not understood, got 'many' (accepted: an integer)"),
        ("- name: a\n  kind: switch\n  eol: 31/12/2024\n",
         "f.yaml:3: field `eol`: not understood, got '31/12/2024' (accepted: an ISO date"),
        ("- kind: switch\n", "f.yaml:1: missing required field `name`"),
    ],
)
def test_errors_name_line_and_field(text: str, needle: str) -> None:
    with pytest.raises(InputError) as exc:
        build(Row, rows(text)[0], where="f.yaml")
    assert needle in str(exc.value)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Literal["switch", "router"]


@dataclass(frozen=True)
class Platform:
    id: str
    rules: tuple[Rule, ...] = ()
    tags: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- id: p1\n  rules:\n    - id: r1\n      kind: swich\n",
         "f.yaml:4: row 'p1': row 'r1': field `kind`: not understood, got 'swich' (accepted: one of switch, router)"),
        ("- id: p1\n  tags: 3\n", "f.yaml:2: row 'p1': field `tags`: not understood, got '3' (accepted: a list)"),
        ("- id: p1\n  tagz: [a]\n", "f.yaml:2: row 'p1': unknown field `tagz`"),
        ("- id: 7\n  rules:\n    - kind: switch\n", "f.yaml:3: row 7: missing required field `id`"),
    ],
)
def test_errors_name_the_row_id(text: str, needle: str) -> None:
    # A catalogue row is found by its id: the message names it beside file and line (a nested row by both ids).
    with pytest.raises(InputError) as exc:
        build(Platform, rows(text)[0], where="f.yaml")
    assert needle in str(exc.value)


def test_unknown_field_suggests_closest() -> None:
    with pytest.raises(InputError) as exc:
        build(Row, rows("- {name: a, kind: switch, prots: 4}")[0], where="f.yaml")
    assert exc.value.hint == "did you mean `ports`?"


def test_yaml_syntax_error_names_line() -> None:
    with pytest.raises(InputError) as exc:
        load_yaml_text("a: [1, 2\nb: 3\n", "bad.yaml")
    assert "bad.yaml:" in str(exc.value)


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(InputError) as exc:
        load_yaml_text("a: 1\na: 2\n", "dup.yaml")
    assert "duplicate key 'a'" in str(exc.value)


class Text(str):
    pass


@dataclass(frozen=True)
class Inner:
    n: int


TYPES = [str, int, float, bool, dt.date, Literal["switch", "router"], Literal[1, 2], int | None, str | None,
         tuple[str, ...], list[int], tuple[Inner, ...], Inner | None, int | str]
VALUES = [None, "", "switch", Text("router"), 0, 1, True, False, 2.5, [1, "2"], ("a",), {"n": 3}, {"n": "x"},
          [{"n": 1}], dt.date(2024, 1, 2), "2024-01-02", [[1]], {"switch"}]


@pytest.mark.parametrize("tp", TYPES, ids=str)
def test_each_types_converter_answers_as_coerce_does(tp: object) -> None:
    """The per-type converters build uses are shortcuts: every value converts (or fails) exactly as ``coerce``."""
    for value in VALUES:
        try:
            expected: object = coerce(value, tp, field="f", where="w.yaml", line=3)
        except InputError as exc:
            expected = ("error", str(exc), exc.hint)
        try:
            got: object = _converter(tp)(value, "f", "w.yaml", 3)
        except InputError as exc:
            got = ("error", str(exc), exc.hint)
        assert got == expected and type(got) is type(expected), (tp, value)
