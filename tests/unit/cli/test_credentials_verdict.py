"""`audit credentials` names each device's verdict in both languages, as every table does."""

from __future__ import annotations

from govops.cli.audit_credentials import _verdict


def test_verdicts() -> None:
    assert _verdict({"accepted": ["admin"], "error": None}) == "严重 CRITICAL"
    assert _verdict({"accepted": [], "error": "banner not read"}) == "错误 error"
    assert _verdict({"accepted": [], "error": None}) == "正常 ok"
