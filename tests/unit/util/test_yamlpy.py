"""YAML errors a person can act on: a tab where YAML wants spaces is named as one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli

TAB_BEFORE_ROW = "rooms:\n\t- {code: R99, name: x}\n"  # libyaml: "found character that cannot start any token"
TAB_IN_ROW = "rooms:\n  - code: R99\n\tname: x\n"  # "found a tab character that violates indentation"
HINT = "  hint: YAML indents with spaces, never tabs: replace the tab there"


@pytest.mark.parametrize(
    ("text", "place"), [(TAB_BEFORE_ROW, ":2:1: invalid YAML: "), (TAB_IN_ROW, ":3:1: invalid YAML: ")]
)
def test_a_tab_indent_is_named_with_its_place(tmp_path: Path, text: str, place: str) -> None:
    # Editors on Windows indent with tabs; the message named the place but not the tab.
    cli = Cli(tmp_path / "home")
    assert cli("init").exit_code == 0
    ledger = tmp_path / "rooms.yaml"
    ledger.write_text(text, encoding="utf-8")
    res = cli("inventory", "import", str(ledger), "--dry-run")
    assert res.exit_code == 2
    first, hint = res.stderr.splitlines()
    assert first.startswith(f"error: {ledger}{place}") and hint == HINT, res.stderr


def test_other_syntax_errors_carry_no_tab_hint(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    assert cli("init").exit_code == 0
    ledger = tmp_path / "rooms.yaml"
    ledger.write_text("rooms:\n  - {code: R99 name: x}\n", encoding="utf-8")
    res = cli("inventory", "import", str(ledger), "--dry-run")
    assert res.exit_code == 2 and "tab" not in res.stderr, res.stderr
