"""Tables on a narrow terminal: every value shown whole, wrapped rather than cut."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from govops.cli import output


def test_a_long_identifier_is_folded_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rule id or a Chinese system name is what the reader acts on: `cisco_ios.snmp_def…` named no rule.
    narrow = Console(width=40, file=io.StringIO(), color_system=None)
    monkeypatch.setattr(output, "console", narrow)
    rule, name = "cisco_ios.snmp_default_community", "白沙县卫生健康局视频会议系统"
    output.print_table([{"severity": "critical", "rule": rule, "subject": name}], ["severity", "rule", "subject"])
    text = narrow.file.getvalue()  # type: ignore[attr-defined]
    assert "…" not in text
    cells = ["".join(line.split("│")[i].strip() for line in text.splitlines() if line.count("│") == 4)
             for i in (2, 3)]
    assert cells == [rule, name]
