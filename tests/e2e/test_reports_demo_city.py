"""Every report in every format on the demo city (inventory/demo-city), imported for real."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from govops.reports.i18n import LABELS
from tests.conftest import REPO, Cli
from tests.storetools import StoreFactory

DEMO = REPO / "inventory" / "demo-city"
KINDS = ["summary", "migration", "xinchuang", "rooms", "links", "compliance", "changes"]
FORMATS = ["table", "json", "csv", "markdown", "html"]
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, store_factory: StoreFactory) -> Cli:
    if not (DEMO / "rooms.yaml").exists():
        pytest.fail(f"the demo city is missing at {DEMO}")
    home = tmp_path_factory.mktemp("demo") / "home"
    cli = Cli(home, store_factory(home, migrated=True))
    assert cli("init").exit_code == 0
    res = cli("inventory", "import", str(DEMO))
    assert res.exit_code == 0, res.stderr
    return cli


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_report_and_format(demo: Cli, kind: str, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.{fmt}"
    res = demo("report", kind, "--format", fmt, "--lang", "zh", "--out", str(out))
    assert res.exit_code == 0, res.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["kind"] == kind
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(text)))) > 3
    elif fmt == "html":
        assert text.count("<h2>") >= 1 and "</html>" in text
    else:  # table and markdown: the Chinese title, not just any text
        assert LABELS[f"report.{kind}"][0] in text and len(text) > 200


def test_demo_city_headline_figures(demo: Cli) -> None:
    """The figures the plans quote (issue 2 describes the demo city)."""
    f = demo("report", "summary", "--format", "json").json()["figures"]
    assert f["rooms_total"] == 57
    assert f["servers_total"] == 318
    assert f["systems_total"] == 182
    assert f["systems_on_cloud"] == 20
    assert f["pue_average"] > 2.2
    # KPI dengbao_l3_pass_rate counts passes within the last 365 days: the demo city's six level-3
    # passes (2021-05 .. 2024-02) are all older than that today.
    assert f["dengbao_level3_passed"] == 0
    rooms = demo("report", "rooms", "--format", "json").json()["figures"]
    assert rooms["rooms_total"] == 57 and rooms["rooms_self_built_share"] == pytest.approx(29 / 49)  # open rooms (KPI)
    changes = demo("report", "changes", "--format", "json").json()["figures"]
    assert changes["changes_total"] > 0 and changes["changes_by_entity"]["room"] >= 57
