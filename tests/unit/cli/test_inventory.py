"""`govops inventory` on an 80-column terminal: the history says what changed before who and what kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govops.cli.output import console
from tests.conftest import Cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NARROW = {"COLUMNS": "80", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
ROOMS = "rooms:\n  - {{code: R1, name: 机房一, area_m2: {}}}\n"


def test_show_s_history_keeps_field_old_and_new_at_80_columns(store_cli: Cli, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # At 80 columns `inventory show` kept time, source, actor, action and kind, and hid field, old and new: six
    # discovery updates of one server read as six identical lines.
    path = tmp_path / "rooms.yaml"
    for area in (40, 65):
        path.write_text(ROOMS.format(area), encoding="utf-8")
        assert store_cli("inventory", "import", str(path)).exit_code == 0
    monkeypatch.setattr(console, "width", 80)
    shown = ANSI.sub("", store_cli("inventory", "show", "R1", env=NARROW).stdout)
    header = next(line for line in shown.splitlines() if "时间 at" in line)
    assert all(word in header for word in ("field", "old", "new")), shown
    update = next(line for line in shown.splitlines() if "修改 update" in line)
    assert "area_m2" in update and "40" in update and "65" in update, shown
