"""The demo's power step: the room PUE table says what it measures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from govops.cli import demo, output
from govops.cli.demo import DemoContext
from govops.cli.demo_power import print_rooms


def test_room_table_names_its_figure_apart_from_the_measured_kpi(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = Console(width=300, record=True, file=io.StringIO())
    monkeypatch.setattr(output, "console", wide)
    monkeypatch.setattr(demo, "console", wide)
    room = {"room": "X9", "category": "2", "facility_w": 900.0, "it_w": 600.0, "pue": 1.5, "state": "有效 valid"}
    print_rooms(DemoContext(home=tmp_path, city=tmp_path, quiet=False), [room])
    text = wide.export_text()
    # The category says where IT power is read, not a bare number.
    assert "2 PDU 输出 PDU output" in text
    # A power ratio now, not the KPI "机房平均 PUE（实测）" (energy over a window, from Prometheus) under its word.
    assert "machine-room PUE now" in text and "PUE（实测）/" not in text
    assert "room_pue_measured) is the 30d energy ratio" in text


def test_the_step_title_does_not_take_the_kpis_word() -> None:
    title = next(step.title for step in demo.STEPS if step.name == "power")
    assert "实测" not in title and "now" in title  # 机房平均 PUE（实测） is the KPI's, from Prometheus
