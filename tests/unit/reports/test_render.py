"""Every report kind renders in every format and language; labels exist in both languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from govops.reports.html import render_html
from govops.reports.i18n import LABELS
from govops.reports.model import Column, Report, Section, Table
from tests.conftest import Cli
from tests.unit.reports.city import AS_OF

KINDS = ["summary", "migration", "xinchuang", "rooms", "links", "compliance", "changes"]
FORMATS = ["table", "json", "csv", "markdown", "html"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_label_has_both_languages() -> None:
    for key, (zh, en) in LABELS.items():
        assert zh.strip() and en.strip(), key
        # English labels are English, except where the Chinese term is what readers search for.
        assert not CJK.search(en) or key in {"sec.dengbao"}, key


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_kind_renders_in_format(city: Cli, kind: str, fmt: str) -> None:
    res = city("report", kind, "--format", fmt, "--as-of", AS_OF, "--lang", "en")
    assert res.exit_code == 0, res.stderr
    out = res.stdout
    if fmt == "json":
        body = json.loads(out)
        assert body["kind"] == kind and body["sections"]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0][1] == f"As of: {AS_OF}"
    elif fmt == "markdown":
        assert out.startswith("# ") and "\n## " in out
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "</html>" in out
    else:
        assert "As of: " + AS_OF in out


def test_zh_labels_are_chinese(city: Cli) -> None:
    res = city("report", "migration", "--format", "markdown", "--as-of", AS_OF, "--lang", "zh")
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("# 业务系统上云进展")
    for label in ("截至日期", "按部门", "逾期系统", "豁免系统及原因", "上云率", "逾期天数"):
        assert label in res.stdout
    en = city("report", "migration", "--format", "markdown", "--as-of", AS_OF, "--lang", "en")
    assert "Overdue systems" in en.stdout and "逾期天数" not in en.stdout
    table = city("report", "compliance", "--as-of", AS_OF, "--lang", "zh")
    for label in ("等级保护", "备份覆盖", "IPv6 就绪", "严重"):
        assert label in table.stdout


def test_html_is_self_contained(city: Cli) -> None:
    res = city("report", "rooms", "--format", "html", "--as-of", AS_OF, "--lang", "zh")
    html = res.stdout
    assert '<html lang="zh-CN">' in html and "<h1>机房整合与能效（PUE）</h1>" in html
    assert "<svg" in html and "@media print" in html
    # Nothing fetched: the only URL is the SVG namespace.
    urls = set(re.findall(r"https?://[^\s\"')]+", html))
    assert urls == {"http://www.w3.org/2000/svg"}
    assert "<script" not in html and "@import" not in html and "<link" not in html


def test_csv_keeps_raw_values(city: Cli) -> None:
    res = city("report", "compliance", "--format", "csv", "--as-of", AS_OF, "--lang", "en")
    rows = list(csv.reader(io.StringIO(res.stdout)))
    figs: dict[str, str] = {}
    for r in rows[2:]:
        if len(r) == 3:
            figs.setdefault(r[0], r[2])  # the figures come first; later 3-column tables do not override them
    assert figs["dengbao_coverage_rate"] == "0.4"


def test_out_writes_file(city: Cli, tmp_path: Path) -> None:
    target = tmp_path / "rooms.html"
    res = city("report", "rooms", "--format", "html", "--as-of", AS_OF, "--out", str(target))
    assert res.exit_code == 0, res.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    bad = city("report", "rooms", "--out", str(tmp_path / "missing" / "x.html"))
    assert bad.exit_code == 2 and "does not exist" in bad.stderr


def test_bad_format_and_lang(city: Cli) -> None:
    res = city("report", "rooms", "--format", "pdf")
    assert res.exit_code == 2 and "--format" in res.stderr
    res = city("report", "rooms", "--lang", "fr")
    assert res.exit_code == 2 and "--lang" in res.stderr
    res = city("report", "rooms", "--as-of", "2024-02-30")
    assert res.exit_code == 2 and "--as-of" in res.stderr and "not a date" in res.stderr


def test_html_keeps_a_column_of_short_cells_on_one_line() -> None:
    # Beside a long evidence column the browser squeezed the dengbao worklist's device to "srv-/r37-/233" and
    # its kind 服务器 and status 不符合 to one character a line.
    cols = [Column("device", "Device"), Column("kind", "Kind"), Column("evidence", "Evidence")]
    rows = [{"device": "srv-r37-233", "kind": "服务器", "evidence": "/etc/pam.d/system-auth:4 password requisite "
             "pam_pwquality.so try_first_pass local_users_only retry=3"}]
    report = Report("dengbao", "T", "zh", dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    sections=[Section("s", "S", tables=[Table("t", "T", cols, rows)])])
    cells = re.findall(r"<td([^>]*)>([^<]*)</td>", render_html(report))
    short = {text for attrs, text in cells if "short" in attrs}
    assert short == {"srv-r37-233", "服务器"}
    assert "td.short { white-space: nowrap; }" in render_html(report)
