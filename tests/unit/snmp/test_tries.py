"""Messages count a request's tries in English: '1 try', '2 tries' (they said '1 tries' with --retries 0)."""

from __future__ import annotations

import time

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


@pytest.mark.parametrize(("seconds", "retries", "timeout"),
                         [(2.0, 1, 0.8), (2.0, 0, 1.6), (3.0, 2, 0.8), (0.01, 1, 0.05)])
def test_a_target_lasting_n_seconds_ends_its_tries_within_them(seconds: float, retries: int, timeout: float) -> None:
    target = SnmpTarget.lasting("192.0.2.7", 161, seconds, retries=retries)
    assert (target.timeout, target.retries) == pytest.approx((timeout, retries))


def test_a_deadline_shortens_the_tries_only_where_they_would_not_fit() -> None:
    target = SnmpTarget("192.0.2.7", timeout=2.0, retries=1)
    assert target.before(None) is target  # no poll waits: the full try timeout
    assert target.before(time.monotonic() + 60) is target  # two tries of 2 s fit
    late = target.before(time.monotonic() + 0.5)
    assert 0.15 < late.timeout <= 0.2 and late.retries == 1  # two tries end before the deadline, a fifth spare
    assert late.before(time.monotonic() + 60) is late  # never lengthened
    assert target.before(time.monotonic() - 1).timeout == 0.05  # past it: the shortest tries, still asked
