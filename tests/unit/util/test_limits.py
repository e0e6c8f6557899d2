"""Issue 16: one limits policy; YAML aliases bounded; errors show a short prefix and never a secret."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from govops.errors import InputError
from govops.util.limits import (
    NAME_MAX_CHARS,
    SHOWN_VALUE_CHARS,
    TEXT_MAX_CHARS,
    cut_to,
    name_problem,
    shown,
    shown_text,
    spreadsheet_cell,
    text_problem,
)
from govops.util.yamlio import load_yaml_file, load_yaml_text
from tests.conftest import Cli

# Nine levels of nine aliases in one field: 354 bytes that expand to 9^9 strings.
BOMB = "devices:\n- name: a\n  kind: server\n  notes: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"  x{i}: &{b} [{', '.join(['*' + a] * 9)}]\n" for i, (a, b) in enumerate(zip("abcdefgh", "bcdefghi", strict=True))
)


def test_alias_bomb_is_a_short_error_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError) as err:
        load_yaml_file(path)
    message = str(err.value)
    assert message.startswith(f"{path}:") and "alias" in message and len(message) < 300
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB: nothing was expanded


def test_alias_bomb_through_the_importer(store_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 2 and "bomb.yaml:" in res.stderr and len(res.stderr) < 400


def test_self_referring_alias_and_deep_nesting_are_refused() -> None:
    with pytest.raises(InputError, match="refers to the collection"):
        load_yaml_text("a: &x [1, *x]\n", "x.yaml")
    with pytest.raises(InputError, match="nest"):
        load_yaml_text("a: &x 1\nb: " + "[" * 5000 + "]" * 5000 + "\n", "x.yaml")
    with pytest.raises(InputError, match="nest"):
        load_yaml_text("b: " + "[" * 50000 + "]" * 50000 + "\n", "x.yaml")


def test_a_few_aliases_are_fine() -> None:
    doc = load_yaml_text("base: &b {port: 161}\na: *b\nc: *b\n", "x.yaml")
    assert doc["a"] == doc["c"] == {"port": 161}


def test_a_literal_secret_is_never_echoed(store_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "devices.yaml"
    path.write_text("devices:\n- name: sw-01\n  kind: switch\n  ssh: {password: Hunter2Lit}\n"
                    "- name: sw-02\n  kind: switch\n  snmp: {community: Hunter3Lit}\n")
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 2 and "devices.yaml:" in res.stderr and "password" in res.stderr
    assert "Hunter2Lit" not in res.stderr + res.stdout


def test_shown_is_short_and_escaped() -> None:
    assert len(shown("x" * 100_000)) < 60
    assert "\x1b" not in shown("a\x1b[31mb") and "\\x1b" in shown("a\x1b[31mb")
    deep: list[object] = ["lol"] * 9
    for _ in range(9):
        deep = [deep] * 9
    assert len(shown(deep)) < 60  # never expands a shared structure
    assert shown("public", "snmp.community") == "<hidden>"


class _LongRepr:
    def __repr__(self) -> str:
        return "<" + "r" * 100 + ">"


def test_shown_cuts_as_cut_to_cuts() -> None:
    # One cutter, one mark: a long value keeps its start and ends in '…', as a cell or a label does (reprlib's own
    # cut kept both ends around '...').
    text = "核心交换机" * 20
    assert shown(text) == repr(cut_to(text, SHOWN_VALUE_CHARS))
    assert shown(10**60) == cut_to(str(10**60), SHOWN_VALUE_CHARS)
    assert shown(_LongRepr()) == cut_to(repr(_LongRepr()), SHOWN_VALUE_CHARS)
    for value in (text, 10**60, _LongRepr(), ["a"] * 9, {"k": "v" * 60}, "\x1b" * 100):
        assert "..." not in shown(value) and len(shown(value)) <= SHOWN_VALUE_CHARS + 8


def test_shown_names_an_integer_too_long_to_print() -> None:
    # YAML reads 0xfff... as an integer whatever its length; Python refuses to print one past 4,300 digits.
    huge = int("f" * 5000, 16)
    assert shown(huge) == "<int of 20000 bits>" and shown([huge]) == "[<int of 20000 bits>]"


# Hostile ledgers: an integer past the store's 64 bits, YAML's (a hex one of any length, a decimal one past Python's
# 4,300 digits) and a CSV cell's, was a traceback (ValueError, or SQLite's OverflowError on writing) naming no place.
@pytest.mark.parametrize(("name", "text", "place"), [
    ("hex.yaml", "devices:\n- name: 0x" + "f" * 5000 + "\n  kind: server\n", "hex.yaml:2:"),
    ("long.yaml", "devices:\n- name: sw-1\n  kind: server\n  memory_mb: " + "1" * 5000 + "\n", "long.yaml:4:"),
    ("wide.yaml", "devices:\n- name: sw-1\n  kind: server\n  memory_mb: " + "9" * 30 + "\n", "wide.yaml:4:"),
    ("wide.csv", "name,kind,memory_mb\nsw-1,server," + "9" * 30 + "\n", "wide.csv:2"),
])
def test_an_integer_past_64_bits_is_refused_at_its_place(store_cli: Cli, tmp_path: Path, name: str, text: str,
                                                          place: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    res = store_cli("inventory", "import", str(path), "--kind", "devices")
    assert res.exit_code == 2 and place in res.stderr and "64 bits" in res.stderr, res.stderr[-600:]
    assert len(res.stderr) < 600


def test_names_and_text() -> None:
    assert name_problem("核心交换机-01") is None and name_problem("OA系统（内网）", strict=False) is None
    assert name_problem("x" * (NAME_MAX_CHARS + 1)) is not None
    assert "control" in (name_problem("a\u202eb", strict=False) or "")  # bidi override is a format character
    assert text_problem("line one\nline two\tend") is None and text_problem("a\x00b") is not None


def test_length_limits_take_their_maximum_and_refuse_one_more() -> None:
    assert name_problem("x" * NAME_MAX_CHARS) is None
    assert f"names take at most {NAME_MAX_CHARS}" in (name_problem("x" * (NAME_MAX_CHARS + 1)) or "")
    assert text_problem("x" * TEXT_MAX_CHARS) is None
    assert f"a field takes at most {TEXT_MAX_CHARS}" in (text_problem("x" * (TEXT_MAX_CHARS + 1)) or "")


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert spreadsheet_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-3", "+1.5", "1e5", "sw-01", "", 7, None, "10.0.0.1"])
def test_data_cells_stay(cell: object) -> None:
    assert spreadsheet_cell(cell) == cell


@pytest.mark.parametrize(
    ("text", "chars", "expected"),
    [
        ("", 5, ""),
        ("abcde", 5, "abcde"),  # exactly the limit: whole, no mark
        ("abcdef", 5, "abcd…"),  # one more: cut, the mark counted in the limit
        ("交换机核心层", 4, "交换机…"),  # characters counted, never octets
        ("x" * 300, 80, "x" * 79 + "…"),
        ("abc…defg", 5, "abc…"),  # cut just after a cut text's own mark: that mark says it, once
    ],
)
def test_cut_to_keeps_the_limit_with_its_mark(text: str, chars: int, expected: str) -> None:
    out = cut_to(text, chars)
    assert out == expected and len(out) <= chars


def test_a_cut_inside_a_cut_value_shows_one_mark() -> None:
    # A long text inside a mapping or list is cut, then the whole rendering: never '……' where the two cuts meet.
    for n in range(1, 3 * SHOWN_VALUE_CHARS):
        text = "z" * n
        for value in ({"k": text, "j": text}, [text], [[text] * 5] * 5, (text, text)):
            assert "……" not in shown(value) and "……" not in shown_text(value), (n, value)
