"""`govops discover snmp`'s table: every header in the vocabulary's Chinese beside the field name."""

from __future__ import annotations

import datetime as dt

import pytest

from govops.cli.discover_snmp import _render
from govops.discovery.observation import Observation
from govops.vocab import header_label


def test_every_header_has_its_chinese_label(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    obs = Observation(
        "192.0.2.7:161", "snmp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), True,
        device={"sys_name": "ats-1", "vendor": "Maker", "model": "M1", "kind": "ats", "serial": "S1"},
    )  # fmt: skip
    _render([obs])
    head = next(line for line in capsys.readouterr().out.splitlines() if "target" in line)
    for field in ("name", "vendor", "model", "os", "kind", "serial", "domestic"):
        assert f"{header_label(field)} {field}" in head
    for label in ("目标 target", "接口数 ifs", "错误 error"):
        assert label in head
