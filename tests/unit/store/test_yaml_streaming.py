"""Issue 18: inventory YAML is read a row at a time, means what the whole-file loader makes of it, and
refuses hostile or broken files with the place named and nothing written (on SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from govops.errors import InputError
from govops.lab.city import DEMO_CITY
from govops.store.inventory import yaml_sections
from govops.store.inventory.fields import KINDS
from govops.store.inventory.yaml_sections import YamlSections
from govops.util.limits import YAML_MAX_MAPPING_KEYS, YAML_MAX_ROW_VALUES, YAML_MAX_SCALAR_CHARS
from govops.util.yamlio import LineDict, load_yaml_text
from tests.conftest import Cli
from tests.e2e.test_inventory import SMALL, snapshot
from tests.unit.fuzz.test_fuzz_inputs import FUZZ, documents, yaml_like
from tests.unit.util.test_limits import BOMB

# Everything a hand-written file may use: anchors and merge keys within a row, explicit tags, YAML 1.1
# words, block scalars, quoted and numeric keys, comments, an empty section, an indentless list.
FEATURES = """\
# a hand-written ledger
departments:
- {code: D1, name: 大数据局, level: city}
- code: '010'
  name: "县局 \\u4e00"
  level: county
  parent: D1
rooms: ~
devices:
  - &base {name: a, kind: server, ipv6: yes, cpu_cores: 0x10, memory_mb: 1_024}
  - name: b
    <<: {kind: switch, vendor: Huawei}
    notes: |
      two
      lines
    serial: !!str 0123
    7: seven
  - {name: c, kind: router, rack: null, model: 'it''s', eol: 2030-01-01, x: [1, [2, {y: .inf}]]}
links: []
systems:
  - name: s
    runs_on: [a, b]
    migration: {status: planned}
"""


def sections_rows(text: str, where: str = "f.yaml") -> dict[str, list[Any]]:
    sections = YamlSections(where, lambda: io.StringIO(text))
    out = {kind: [row for row, _ in sections.rows(kind)] for kind in KINDS}
    sections.finish()
    return {kind: rows for kind, rows in out.items() if rows}


def same(a: Any, b: Any) -> bool:
    """Equal values, types and (for mappings) the line of the mapping and of each key."""
    if isinstance(a, LineDict) or isinstance(b, LineDict):
        return (isinstance(a, LineDict) and isinstance(b, LineDict) and list(a) == list(b)
                and (a.line, a.key_lines) == (b.line, b.key_lines) and all(same(a[k], b[k]) for k in a))  # fmt: skip
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("path", [SMALL, *sorted(DEMO_CITY.glob("*.yaml"))], ids=lambda p: p.name)
def test_rows_are_what_the_whole_file_loader_makes_of_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    whole = {k: v for k, v in load_yaml_text(text, str(path)).items() if v}
    assert whole and same(sections_rows(text), whole)


def test_every_yaml_feature_a_row_may_use_means_the_same() -> None:
    whole = {k: v for k, v in load_yaml_text(FEATURES, "f.yaml").items() if v}
    rows = sections_rows(FEATURES)
    assert same(rows, whole)
    a, b, c = rows["devices"]
    assert (a["ipv6"], a["cpu_cores"], a["memory_mb"]) == (True, 16, 1024)
    assert (b["kind"], b["serial"], b["7"], b.line, b.key_lines["notes"]) == ("switch", "0123", "seven", 11, 13)
    assert c["eol"] == "2030-01-01" and c["x"][1][1]["y"] == float("inf")


def whole_file_rows(text: str) -> dict[str, list[Any]] | None:
    """The rows the whole-file loader finds, or None when it refuses the text."""
    try:
        doc = load_yaml_text(text, "f.yaml")
    except InputError:
        return None
    return {k: v for k, v in doc.items() if v} if isinstance(doc, dict) else None


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 40))  # each example dumps YAML in pure Python: slow
@given(documents, st.booleans())
def test_streamed_rows_equal_the_whole_file_rows(doc: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow)
    try:
        rows = sections_rows(text)
    except InputError:  # an unknown section, a section that is not a list, or what the loader refuses (an integer
        # beyond 64 bits)
        assert any(k not in KINDS or not isinstance(v, list | None) for k, v in doc.items()) or (
            whole_file_rows(text) is None)
        return
    assert same(rows, whole_file_rows(text))


@FUZZ
@given(yaml_like)
def test_what_the_stream_accepts_the_whole_file_loader_reads_alike(text: str) -> None:
    try:
        rows = sections_rows(text)
    except InputError:
        return  # refused with its place (the fuzz test of the importer checks the message)
    assert same(rows, whole_file_rows(text)), text


def test_sections_in_any_order_are_handed_out_kind_by_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    passes: list[int] = []
    opened = yaml_sections._Pass.__init__

    def counting(self: Any, *args: Any) -> None:
        passes.append(1)
        opened(self, *args)

    monkeypatch.setattr(yaml_sections._Pass, "__init__", counting)
    in_order = "departments:\n- {code: D1}\nrooms:\n- {code: R1}\ndevices:\n- {name: a}\nsystems:\n- {name: s}\n"
    assert [len(v) for v in sections_rows(in_order).values()] == [1, 1, 1, 1]
    assert len(passes) == 1  # one reading of the file, start to end
    passes.clear()
    assert list(sections_rows("systems:\n- {name: s, department: D1}\n")) == ["systems"]
    assert len(passes) == 1  # a file of one kind is not searched for the others
    passes.clear()
    shuffled = "systems:\n- {name: s}\ndevices:\n- {name: a}\ndepartments:\n- {code: D1}\n- {code: D2}\n"
    rows = sections_rows(shuffled)
    assert list(rows) == ["departments", "devices", "systems"] and len(rows["departments"]) == 2
    assert rows["systems"][0].line == 2 and rows["departments"][1].line == 7


def test_a_file_in_another_order_imports(store_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    path.write_text("systems:\n- {name: S1, department: D1, runs_on: [sw-1]}\ndevices:\n- {name: sw-1, kind: switch, "
                    "department: D1}\ndepartments:\n- {code: D1, name: 大数据局, level: city}\n", encoding="utf-8")
    res = store_cli("inventory", "import", str(path), "--json")
    assert res.exit_code == 0, res.stderr
    assert [res.json()["counts"][k]["created"] for k in ("departments", "devices", "systems")] == [1, 1, 1]


DEEP = "[" * 70 + "]" * 70
HOSTILE = {
    "truncated.yaml": ("devices:\n  - {name: a, kind: server}\n  - {name: b, kind: ser",
                       ["truncated.yaml:4", "invalid YAML", "flow mapping at line 3"]),
    "truncated-block.yaml": ("devices:\n  - name: a\n    kind: server\n  - name: b\n    kin",
                             ["truncated-block.yaml:6", "invalid YAML", "at line 5"]),
    "bomb.yaml": (BOMB, ["bomb.yaml:", "alias"]),
    "crossing.yaml": ("devices:\n  - &a {name: a, kind: server}\n  - *a\n", ["crossing.yaml:3", "its own row"]),
    "anchored-section.yaml": ("devices: &d\n  - {name: a, kind: server}\n",
                              ["anchored-section.yaml:1", "inside a row"]),
    "huge.yaml": ("devices:\n  - {name: a, kind: server, model: " + "x" * (YAML_MAX_SCALAR_CHARS + 1) + "}\n",
                  ["huge.yaml:2", f"field `model`: a value longer than {YAML_MAX_SCALAR_CHARS:,} characters"]),
    "huge-row.yaml": ("devices:\n  - [x, " + "y" * (YAML_MAX_SCALAR_CHARS + 1) + "]\n",
                      ["huge-row.yaml:2", f"a value longer than {YAML_MAX_SCALAR_CHARS:,} characters"]),
    "deep.yaml": (f"devices:\n  - {{name: a, kind: server, model: {DEEP}}}\n",
                  ["deep.yaml:2", "nested deeper than 64"]),
    "keys.yaml": ("devices:\n  - {" + ", ".join(f"k{i}: 1" for i in range(YAML_MAX_MAPPING_KEYS + 1)) + "}\n",
                  ["keys.yaml:2", f"more than {YAML_MAX_MAPPING_KEYS:,} keys"]),
    "values.yaml": ("devices:\n  - {name: a, kind: server, x: [" + "1," * YAML_MAX_ROW_VALUES + "]}\n",
                    ["values.yaml:2", f"more than {YAML_MAX_ROW_VALUES:,} values"]),
    "documents.yaml": ("devices:\n  - {name: z, kind: server}\n---\ndevices: []\n---\n",
                       ["documents.yaml:3", "second document"]),
    "list.yaml": ("- {name: a, kind: server}\n", ["list.yaml:1", "top level", "not a list"]),
    "scalar.yaml": ("devices\n", ["scalar.yaml:1", "top level"]),
    "mapping-section.yaml": ("devices: {name: a, kind: server}\n",
                             ["mapping-section.yaml:1", "must be a list of rows"]),
    "scalar-row.yaml": ("devices:\n  - {name: a, kind: server}\n  - just text\n",
                        ["scalar-row.yaml:3", "must be a mapping"]),
    "tabs.yaml": ("devices:\n\t- {name: a, kind: server}\n", ["tabs.yaml:2", "invalid YAML"]),
    "indent.yaml": ("devices:\n  - name: a\n   kind: server\n", ["indent.yaml:3", "invalid YAML"]),
    "later-section.yaml": ("devices:\n  - {name: z, kind: server}\nextras: []\n",
                           ["later-section.yaml:3", "unknown section `extras`"]),
    "twice.yaml": ("devices:\n  - {name: z, kind: server}\ndevices: []\n", ["twice.yaml:3", "duplicate key 'devices'"]),
}


def test_hostile_and_broken_yaml_names_the_place_and_writes_nothing(store_cli: Cli, tmp_path: Path) -> None:
    assert store_cli("inventory", "import", str(SMALL)).exit_code == 0
    before = snapshot(store_cli)
    for name, (content, expected) in HOSTILE.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        res = store_cli("inventory", "import", str(SMALL), str(path))  # good rows first: all or nothing
        assert res.exit_code == 2, (name, res.stdout)
        for part in expected:
            assert part in res.stderr, (name, part, res.stderr)
        assert "Traceback" not in res.stderr and len(res.stderr) < 600, (name, res.stderr)
        assert snapshot(store_cli) == before, name


def test_yaml_words_and_encodings_as_before(store_cli: Cli, tmp_path: Path) -> None:
    yes = tmp_path / "yes.yaml"  # YAML 1.1: `yes` is true, as PyYAML has always read it
    yes.write_text("devices:\n  - {name: b, kind: server, ipv6: yes}\n", encoding="utf-8")
    gbk = tmp_path / "gbk.yaml"  # saved by a Chinese Windows editor
    gbk.write_bytes("devices:\n  - {name: 服务器-1, kind: server, vendor: 华为}\n".encode("gb18030"))
    res = store_cli("inventory", "import", str(yes), str(gbk), "--json")
    assert res.exit_code == 0, res.stderr
    assert any("GBK" in note for note in res.json()["notes"])
    # 华为 read right is stored as the catalogue's word for that maker.
    listed = {d["name"]: d for d in store_cli("inventory", "list", "devices", "--json").json()}
    assert listed["b"]["ipv6"] is True and listed["服务器-1"]["vendor"] == "Huawei Technologies"



def test_a_name_given_again_a_few_batches_later_is_placed_in_the_yaml(
    store_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govops.store.inventory import importer

    monkeypatch.setattr(importer, "WRITE_BATCH", 10)
    path = tmp_path / "devices.yaml"
    rows = [f"  - {{name: dev-{i:02d}, kind: switch}}\n" for i in range(25)] + ["  - name: dev-03\n    kind: router\n"]
    path.write_text("devices:\n" + "".join(rows), encoding="utf-8")
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 2
    assert f"{path}:27" in res.stderr and f"duplicate name 'dev-03' in devices (first at {path}:5)" in res.stderr
    assert store_cli("inventory", "list", "devices", "--json").json() == []
