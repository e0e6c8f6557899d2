"""The zipapp's YAML reader gives what PyYAML gives on every shipped file, and refuses the rest with file:line:col."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Any

import pytest

from govops.errors import InputError
from govops.util.miniyaml import load
from govops.util.yamlio import LineDict
from govops.util.yamlpy import load_yaml_text as pyyaml_load

REPO = Path(__file__).resolve().parents[3]
SHIPPED = sorted(
    [*REPO.glob("agents/*.yml"), *REPO.glob("govops/catalog/data/cpus.yaml"), *REPO.glob("govops/catalog/data/os.yaml")]
)

CASES = [
    "a: 1\nb: [x, 'y z', \"q\\tr\"]\nc: {d: ~, e: yes, f: Off}\n",
    "- a\n- b: 1\n  c: 2\n- [1, 2]\n-\n  - nested\n",
    "key:\n- one\n- two\nother: 3\n",
    "k: 'it''s'   # comment\n# full comment\nn: -0x1F\no: 010\np: 1_000\nq: 1.5e+3\nr: .inf\ns: 2024-01-01\n",
    "---\nflow: {a: [1, 2,\n   3], b: {c: d}}\nafter: x\n",
    "url: http://x:80/a#b\nhash: a#b\nempty:\nquoted_key: {'a b': 1}\n'x y': 2\n",
    "uni: \"\\u4e2d\\x41\"\nzh: 中国电信\ncolon: a:b\n",
    "",
    "# only a comment\n",
    "- {name: a, address: '127.0.0.1:1161'}\n- {name: b}\n",
    "a:\n  b:\n    c: [ ]\n    d: { }\n  e: true\n",
    "a: [1 2, x y]\n",
]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _lines(a: Any, b: Any) -> bool:
    if isinstance(a, LineDict):
        assert isinstance(b, LineDict) and a.line == b.line, (a.line, b.line)
        return a.key_lines == b.key_lines and all(_lines(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_lines(x, y) for x, y in zip(a, b, strict=True))
    return True


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_reads_as_pyyaml_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _same(load(text, str(path)), pyyaml_load(text, str(path)))
    assert _lines(load(text, str(path)), pyyaml_load(text, str(path)))


@pytest.mark.parametrize("text", CASES)
def test_cases_read_as_pyyaml_reads_them(text: str) -> None:
    got, want = load(text, "t.yml"), pyyaml_load(text, "t.yml")
    assert _same(got, want), (got, want)
    assert _lines(got, want)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: &x 1\nb: *x\n", "t.yml:1:4", "anchors"),
        ("a: !!str 1\n", "t.yml:1:4", "tags"),
        ("a: |\n  text\n", "t.yml:1:4", "block scalars"),
        ("a: 1\na: 2\n", "t.yml:2:1", "duplicate key 'a'"),
        ("a: 1\n   b: 2\n", "t.yml:2:4", "bad indentation"),
        ("a: 'open\n", "t.yml:1:4", "unclosed quoted string"),
        ("a: [1, 2\n", "t.yml:", "unclosed flow collection"),
        ("a: {b 1}\n", "t.yml:1:", "expected ':'"),
        ("a: \"\\q\"\n", "t.yml:1:", "unknown escape"),
        ("\ta: 1\n", "t.yml:1:1", "tabs"),
        ("a: 1\n---\nb: 2\n", "t.yml:2:1", "expected `key: value`"),
        ("a: plain\n  more\n", "t.yml:2:3", "bad indentation"),
        ("- a\n  - b\n", "t.yml:2:3", "bad indentation"),
        ("just text\nmore: 1\n", "t.yml:2:1", "unexpected text"),
        ("a: " + "[" * 200 + "]" * 200 + "\n", "t.yml:1:", "nested deeper"),
    ],
)
def test_broken_input_is_named(text: str, where: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load(text, "t.yml")
    assert str(err.value).startswith(where) and message in str(err.value), str(err.value)


def test_truncated_shipped_files_never_crash() -> None:
    """Every prefix of a shipped file is data or a clear InputError, never another exception."""
    text = (REPO / "agents" / "host.example.yml").read_text(encoding="utf-8")
    for cut in range(0, len(text), 7):
        with contextlib.suppress(InputError):
            load(text[:cut], "t.yml")


HUGE_INTS = [
    ("n: " + "1" * 5000 + "\n", "t.yml:1:4"),  # past Python 3.11+'s 4,300-digit conversion limit
    ("n: 0x" + "f" * 5000 + "\n", "t.yml:1:4"),  # hex has no conversion limit: 20,000 bits
    ("a: 1\nn: [1, -" + "9" * 30 + "]\n", "t.yml:2:8"),
    ("- {a: 1, n: 0b1" + "0" * 63 + "}\n", "t.yml:1:13"),
    ("n: 1" + ":59" * 2000 + "\n", "t.yml:1:4"),  # sexagesimal: many small parts
    ("n: 9223372036854775808\n", "t.yml:1:4"),
]


@pytest.mark.parametrize(("text", "where"), HUGE_INTS)
def test_an_integer_beyond_64_bits_is_refused_where_pyyaml_refuses_it(text: str, where: str) -> None:
    """The host agent's reader refuses what the main loader refuses (INT64_MAX), at the same line and column."""
    for reader in (load, pyyaml_load):
        with pytest.raises(InputError) as err:
            reader(text, "t.yml")
        assert str(err.value).startswith(where) and "an integer beyond 64 bits" in str(err.value), str(err.value)


def test_integers_at_the_64_bit_edges_read_as_pyyaml_reads_them() -> None:
    text = "a: 9223372036854775807\nb: -9223372036854775808\nc: -0x8000000000000000\nd: " + "0" * 100 + "7\n"
    assert load(text, "t.yml") == pyyaml_load(text, "t.yml") == {
        "a": 2**63 - 1, "b": -(2**63), "c": -(2**63), "d": 7}
