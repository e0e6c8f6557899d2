"""The agreement measurement's own scoring (tests/snmp_agreement.py): what counts as the same value.

The floors in test_snmp_agreement.py only fail when agreement drops; a scoring rule grown too lenient would raise
every figure and fail nothing, so its edges are pinned here.
"""

from __future__ import annotations

import pytest

from tests.snmp_agreement import agrees, norm


def test_norm_folds_case_spacing_quotes_and_a_version_prefix() -> None:
    assert norm('  "V2.11\u00a0 Build  5" ') == "2.11 build 5"
    assert norm("Ver 2") == "ver 2" and norm("vrp") == "vrp"  # only a 'v' before a digit is a prefix


@pytest.mark.parametrize(
    ("ours", "theirs", "ok"),
    [
        ("S5720-28X", "s5720-28x", True),
        ("v5.170", "5.170", True),
        ("5.170", "Version 5.170 (S5720 V200R011)", True),  # a whole token of the longer value
        ("5.17", "Version 5.170", False),  # a prefix of a token is not that token
        ("ab", "ab cd", False),  # shorter than three characters: only an exact match counts
        ("abc", "abc cd", True),
        ("", "anything", False),
        (None, "anything", False),  # nothing said never agrees
        ("x", None, False),
    ],
)
def test_agrees(ours: str | None, theirs: str | None, ok: bool) -> None:
    assert agrees(ours, theirs) is ok
