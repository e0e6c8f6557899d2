"""`govops demo`'s closing lines and its headline's note (the run itself: tests/e2e/test_readme_flow.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from govops.cli import demo
from govops.cli.demo import DemoContext, closing
from govops.reports.i18n import both_languages
from govops.store.db import make_engine
from tests.unit.reports.conftest import make_city_cli


def test_the_demo_says_the_lab_it_leaves_running_and_how_to_stop_it() -> None:
    explore = "GOVOPS_DB=sqlite:////h/demo/govops.db govops inventory list rooms"
    lines = closing(explore).strip().splitlines()
    assert lines[0] == f"explore it: {explore}  (or govops report kpi, report dengbao)"
    assert lines[1].endswith("stop it with: govops lab down")


def test_the_headline_says_why_a_measured_kpi_has_no_value_in_both_languages(
    home: Path, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    city = make_city_cli(home, store_url)
    # Worded from the KPI report's note label in each language, as every other line of the demo is bilingual.
    ctx = DemoContext(home=tmp_path, city=tmp_path, quiet=True, engine=make_engine(city.db_url))
    demo.summary(ctx)
    assert ctx.results["kpi_note"] == both_languages("kpi.unmeasured")
    wide = Console(width=300, record=True, file=io.StringIO())
    monkeypatch.setattr(demo, "console", wide)
    demo.print_kpis(ctx.results["kpis"], ctx.results["kpi_note"])
    caption = next(line.strip() for line in wide.export_text().splitlines() if line.strip().startswith("—"))
    assert caption == ("— 实测指标需配置 prometheus_url（GOVOPS_PROMETHEUS_URL） measured figures need prometheus_url "
                       "(GOVOPS_PROMETHEUS_URL)")
