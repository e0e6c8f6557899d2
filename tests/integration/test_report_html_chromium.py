"""The HTML report rendered by a real browser (Debian's headless Chromium): headings, tables, charts, print."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.reports.city import AS_OF
from tests.unit.reports.conftest import make_city_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.integration


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed (scripts/install-system-deps.sh installs it)")
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={tmp / 'chromium-profile'}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("html")
    cli = make_city_cli(root / "home")
    for kind in ("migration", "compliance", "rooms"):
        res = cli(
            "report", kind, "--format", "html", "--lang", "zh", "--as-of", AS_OF, "--out", str(root / f"{kind}.html")
        )
        assert res.exit_code == 0, res.stderr
    return root


@pytest.mark.parametrize(
    ("kind", "h1", "h2s"),
    [
        (
            "migration",
            "业务系统上云进展",
            ["总体进展", "按部门", "按来源（国垂/省垂/自建）", "逾期系统", "豁免系统及原因"],
        ),
        (
            "compliance",
            "合规：等保、备份、审计与 IPv6",
            ["等级保护（等保）", "备份覆盖", "配置审计与默认口令", "IPv6 就绪"],
        ),
    ],
)
def test_browser_dom_has_headings_tables_charts(reports: Path, kind: str, h1: str, h2s: list[str]) -> None:
    res = chromium(reports, "--dump-dom", (reports / f"{kind}.html").as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    assert f"<h1>{h1}</h1>" in dom
    found = re.findall(r"<h2>(.*?)</h2>", dom)
    assert all(h in found for h in h2s), found
    assert dom.count("<table") >= 3
    assert dom.count("<svg") >= 2 and ("<path" in dom or "<rect" in dom)
    assert "<script" not in dom


def test_screenshot_and_print(reports: Path) -> None:
    shot = reports / "migration.png"
    res = chromium(reports, "--window-size=1200,2400", f"--screenshot={shot}", (reports / "migration.html").as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a real picture, not a blank page
    pdf = reports / "compliance.pdf"
    res = chromium(reports, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", (reports / "compliance.html").as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    body = pdf.read_bytes()
    assert body[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page[^s]", body)) >= 2  # A4 pages, print CSS applied
