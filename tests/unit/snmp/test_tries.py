"""Messages count a request's tries in English: '1 try', '2 tries' (they said '1 tries' with --retries 0)."""

from __future__ import annotations

import pytest

from govops.errors import DeviceUnreachable
from govops.snmp.client import WalkResult, require_answers
from govops.snmp.credentials import SnmpTarget, tries_text


@pytest.mark.parametrize(("n", "text"), [(1, "1 try"), (2, "2 tries"), (5, "5 tries")])
def test_tries_text(n: int, text: str) -> None:
    assert tries_text(n) == text
    assert SnmpTarget("192.0.2.7", retries=n - 1).tries == text


@pytest.mark.parametrize(("retries", "tail"), [(0, "within 0.5 s x 1 try)"), (1, "within 0.5 s x 2 tries)")])
def test_a_walk_cut_short_by_silence_counts_its_tries(retries: int, tail: str) -> None:
    target = SnmpTarget("192.0.2.7", timeout=0.5, retries=retries)
    with pytest.raises(DeviceUnreachable) as err:
        require_answers(target, WalkResult({}, "no_answer", "agent stopped answering during 2 columns", requests=1))
    assert err.value.message.endswith(tail), err.value.message
