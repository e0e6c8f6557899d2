"""The SNMP discovery guide names every device kind the vocabulary has (its list is the reader's only one)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govops.vocab.table import DEVICE_KINDS

GUIDE = Path(__file__).resolve().parents[3] / "docs/discovery-snmp.md"


@pytest.mark.parametrize("kind", DEVICE_KINDS)
def test_the_discovery_guide_names_the_kind(kind: str) -> None:
    assert re.search(rf"\b{kind}\b", GUIDE.read_text(encoding="utf-8")), f"docs/discovery-snmp.md never names {kind}"
