"""Every report names a group the same way: its code under the field's own key, its translated label under ``group``;
a row without a department has one label in every report and format (the catalogue's ``unassigned``)."""

from __future__ import annotations

from typing import Any

import pytest

from govops.reports.i18n import LANGS, Lang, Translator
from govops.store.db import make_engine, session_scope
from govops.store.models import Device, System
from tests.conftest import Cli
from tests.unit.reports.city import AS_OF
from tests.unit.reports.vocab_cells import check_vocab_cells

KINDS = ("summary", "migration", "xinchuang", "rooms", "links", "compliance", "dengbao")
# The key naming each group table's group (the vocabulary's value, a department's code, a KPI's key).
GROUP_KEYS = {
    "rooms_by_lifecycle": "lifecycle", "devices_by_kind": "kind", "by_department": "department",
    "by_origin": "origin", "by_wave": "wave", "by_status": "migration_status", "by_kind": "kind",
    "by_dimension": "dimension", "by_department_class": "department", "coverage": "level", "tiers": "level",
    "backup": "backup", "ipv6": "kpi",
}  # fmt: skip


@pytest.fixture
def homeless(city_rw: Cli) -> Cli:
    """The city plus a server and a level-3 system that belong to no department."""
    with session_scope(make_engine(city_rw.db_url)) as s:
        s.add(Device(name="srv9", kind="server", domestic="domestic"))
        s.add(System(name="S9", origin="self_built", classified=False, migration_status="planned", dengbao_level=3))
    return city_rw


def tables(cli: Cli, kind: str, lang: Lang) -> dict[str, dict[str, Any]]:
    res = cli("report", kind, "--format", "json", "--as-of", AS_OF, "--lang", lang)
    assert res.exit_code == 0, res.stderr
    return {tb["key"]: tb for s in res.json()["sections"] for tb in s["tables"]}


@pytest.mark.parametrize("lang", LANGS)
def test_group_rows_carry_their_code_beside_the_label(city: Cli, lang: Lang) -> None:
    seen = set()
    for kind in KINDS:
        for key, table in tables(city, kind, lang).items():
            if not any(c["key"] == "group" for c in table["columns"]):
                continue
            seen.add(key)
            assert key in GROUP_KEYS, (kind, key)
            for row in table["rows"]:
                assert GROUP_KEYS[key] in row and row["group"], (kind, key, row)
    assert seen == set(GROUP_KEYS)
    rows = tables(city, "migration", lang)["by_department"]["rows"]
    assert {r["department"] for r in rows} == {"D1", "D2", "D5"}  # S1, S2; S3, S4, S7; S5


@pytest.mark.parametrize("lang", LANGS)
def test_no_department_has_one_label_in_every_report(homeless: Cli, lang: Lang) -> None:
    label = Translator(lang)("unassigned")
    mig = tables(homeless, "migration", lang)
    xc = tables(homeless, "xinchuang", lang)
    groups = [r["group"] for tb in (mig["by_department"], xc["by_department"], xc["by_department_class"])
              for r in tb["rows"] if r["department"] is None]  # fmt: skip
    assert groups == [label] * 3
    # A department column's empty cell (a list of systems or devices) reads the same, in JSON still null.
    missing = tables(homeless, "compliance", lang)["missing"]["rows"]
    assert next(r for r in missing if r["name"] == "S9")["department"] is None
    for kind in ("compliance", "dengbao", "migration", "xinchuang"):
        for fmt in ("markdown", "html", "table"):
            out = homeless("report", kind, "--format", fmt, "--as-of", AS_OF, "--lang", lang).stdout
            assert label in out, (kind, fmt)


def test_undetermined_is_one_word(city: Cli) -> None:
    # The verdict the KPIs count as undetermined is called so in the by-kind columns, the matrix and the evidence.
    for lang in LANGS:
        t = Translator(lang)
        assert t("col.undetermined").lower() == t.value("verdict", "unknown").lower()
    xc = tables(city, "xinchuang", "en")
    assert {c["label"] for c in xc["by_kind"]["columns"] if c["key"] == "unknown"} == {"Undetermined"}


# The list columns holding a vocabulary's codes that the hand-made city fills (table key, column key).
CODE_COLUMNS = {
    ("overdue", "status"), ("backlog", "kind"), ("rooms", "lifecycle"), ("rooms", "grade"), ("rooms", "action"),
    ("ranking", "action"), ("egress", "role"), ("no_backup", "kind"), ("no_backup", "level"), ("no_backup", "role"),
    ("links", "kind"), ("links", "level"), ("links", "role"), ("findings", "severity"),
    ("default_credentials", "source"), ("counts", "entity"), ("counts", "action"), ("counts", "source"),
    ("changes", "entity"), ("changes", "action"), ("changes", "source"),
}  # fmt: skip


def test_list_rows_hold_codes_and_print_labels(city_rw: Cli) -> None:
    # JSON: a list row's kind, status, role ... is the vocabulary's code, in zh as in en, as group rows' codes are;
    # HTML, Markdown and CSV print its label (tests/unit/reports/vocab_cells.py).
    filled: set[tuple[str, str]] = set()
    for kind in KINDS:
        filled |= check_vocab_cells(city_rw, kind, "--as-of", AS_OF)
    xc, rooms = tables(city_rw, "xinchuang", "zh"), tables(city_rw, "rooms", "zh")
    assert {r["kind"] for r in xc["backlog"]["rows"]} == {"server", "switch"}
    r1 = next(r for r in rooms["rooms"]["rows"] if r["code"] == "R1")
    assert (r1["lifecycle"], r1["grade"], r1["action"]) == ("active", "over", "close")
    assert "lifecycle_raw" not in r1 and "action_raw" not in r1  # the code is under the field's own key now
    link = tables(city_rw, "links", "zh")["links"]["rows"][0]
    assert {link["kind"], link["role"]} <= {"internet", "extranet", "primary", "backup"}
    text = city_rw("report", "xinchuang", "--format", "markdown", "--as-of", AS_OF, "--lang", "zh").stdout
    assert "| 交换机 |" in text and "| switch |" not in text
    # The changes report (after a change today: the city's own rows have no history).
    assert city_rw("track", "system", "S4", "--status", "migrated").exit_code == 0
    filled |= check_vocab_cells(city_rw, "changes")
    assert filled == CODE_COLUMNS
    changed = city_rw("report", "changes", "--format", "json", "--lang", "zh").json()["sections"][1]["tables"][0]
    assert (changed["rows"][0]["entity"], changed["rows"][0]["action"]) == ("system", "update")
