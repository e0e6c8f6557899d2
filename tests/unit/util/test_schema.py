"""The shared row validator names the file, line and field of every bad input."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pytest

from govops.errors import InputError
from govops.util.schema import build
from govops.util.yamlio import load_yaml_text


@dataclass(frozen=True)
class Row:
    name: str
    kind: Literal["switch", "router"]
    ports: int | None = None
    eol: dt.date | None = None
    tags: tuple[str, ...] = ()


def rows(text: str) -> list[dict]:
    return load_yaml_text(text, "f.yaml")


def test_builds_typed_row() -> None:
    (r,) = rows("- {name: a, kind: switch, ports: 48, eol: 2024-12-31, tags: [x]}")
    row = build(Row, r, where="f.yaml")
    assert row == Row("a", "switch", 48, dt.date(2024, 12, 31), ("x",))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- name: a\n  kind: switch\n  prots: 4\n", "f.yaml:3: unknown field `prots`"),
        ("- name: a\n  kind: swich\n", "f.yaml:2: field `kind`: 'swich' is not one of"),
        ("- name: a\n  kind: switch\n  ports: many\n", "f.yaml:3: field `ports`: expected an integer"),
        ("- name: a\n  kind: switch\n  eol: 31/12/2024\n", "f.yaml:3: field `eol`: expected an ISO date"),
        ("- kind: switch\n", "f.yaml:1: missing required field `name`"),
    ],
)
def test_errors_name_line_and_field(text: str, needle: str) -> None:
    with pytest.raises(InputError) as exc:
        build(Row, rows(text)[0], where="f.yaml")
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
