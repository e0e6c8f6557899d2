"""Counter arithmetic: wraps, reboots, resets, odd speeds, never negative or absurd."""

from __future__ import annotations

import itertools

import pytest

from govops.collectors import counters
from govops.collectors.counters import (
    CounterReading,
    Discontinuity,
    Totals,
    accumulate,
    counter_increment,
    device_rebooted,
    speed_bits_per_second,
)


def reading(in_o: int, out_o: int, *, bits: int = 64, err: int = 0) -> CounterReading:
    return CounterReading(in_o, out_o, err, err, 0, 0, octet_bits=bits)


@pytest.mark.parametrize(
    ("if_speed", "high", "expected"),
    [
        (0, 0, None),  # unknown: no speed, no sample
        (4294967295, 0, None),  # saturated ifSpeed and no ifHighSpeed
        (4294967295, 10000, 10e9),
        (0, 100000, 100e9),
        (100_000_000, None, 100e6),
        (None, None, None),
    ],
)
def test_speed_of_odd_values(if_speed: int | None, high: int | None, expected: float | None) -> None:
    assert speed_bits_per_second(if_speed, high) == expected


def test_32bit_wrap_counts_the_wrapped_traffic() -> None:
    totals, seen = accumulate(
        Totals(), reading(2**32 - 1000, 10, bits=32), reading(500, 20, bits=32), speed_bps=1e9, elapsed_s=10,
        rebooted=False,
    )
    assert (totals.in_octets, totals.out_octets, seen) == (1500, 10, [])


def test_32bit_wrap_exactly_at_the_ceiling_is_traffic_one_more_octet_a_reset() -> None:
    # 100 octets before the wrap and 50 after: 150 wrapped octets, whatever the ceiling's margin.
    assert counter_increment(2**32 - 100, 50, bits=32, ceiling=150) == (150, None)
    assert counter_increment(2**32 - 100, 50, bits=32, ceiling=149) == (0, Discontinuity.COUNTER_RESET)
    assert counter_increment(100, 250, bits=32, ceiling=150) == (150, None)
    assert counter_increment(100, 251, bits=32, ceiling=150) == (0, Discontinuity.IMPLAUSIBLE)


def test_32bit_decrease_beyond_line_rate_is_a_reset_not_a_wrap() -> None:
    # 100 Mbit/s for 10 s moves at most ~190 MB: a "wrap" of ~4 GB is an operator's clear counters.
    totals, seen = accumulate(
        Totals(), reading(3_000_000_000, 0, bits=32), reading(1000, 0, bits=32), speed_bps=100e6, elapsed_s=10,
        rebooted=False,
    )
    assert totals.in_octets == 0
    assert Discontinuity.COUNTER_RESET in seen


def test_64bit_going_backwards_is_a_reset() -> None:
    totals, seen = accumulate(Totals(7, 7), reading(10**12, 5), reading(10**6, 9), speed_bps=1e9, elapsed_s=10,
                              rebooted=False)
    assert totals.in_octets == 7 and totals.out_octets == 11
    assert seen == [Discontinuity.COUNTER_RESET]


def test_reboot_only_rebaselines() -> None:
    totals, seen = accumulate(Totals(1, 2), reading(10**9, 10**9), reading(10, 10), speed_bps=1e9, elapsed_s=60,
                              rebooted=True)
    assert totals == Totals(1, 2)
    assert seen == [Discontinuity.REBOOT]


def test_jump_beyond_line_rate_is_dropped() -> None:
    totals, seen = accumulate(
        Totals(), reading(0, 0), reading(10**12, 100), speed_bps=1e9, elapsed_s=10, rebooted=False
    )
    assert totals.in_octets == 0 and totals.out_octets == 100
    assert seen == [Discontinuity.IMPLAUSIBLE]


def test_unknown_speed_still_has_a_ceiling() -> None:
    inc, why = counter_increment(0, 10**15, bits=64, ceiling=counters.max_plausible_bytes(None, 10))
    assert (inc, why) == (0, Discontinuity.IMPLAUSIBLE)


def test_counter_width_change_rebaselines() -> None:
    totals, seen = accumulate(Totals(), reading(5, 5, bits=32), reading(10**9, 10**9), speed_bps=1e9, elapsed_s=10,
                              rebooted=False)
    assert totals == Totals() and seen == [Discontinuity.COUNTER_RESET]


def test_uptime_wrap_is_not_a_reboot_but_going_back_is() -> None:
    assert not device_rebooted(2**32 - 100, 900, 10.0)
    assert device_rebooted(2**32 - 100, 900, 3600.0)
    assert device_rebooted(500_000, 100, 10.0)


def test_totals_never_decrease_over_a_hostile_sequence() -> None:
    seq = [0, 2**31, 2**32 - 5, 3, 10**6, 7, 2**32 - 1, 0, 10**9]
    totals, prev = Totals(), None
    history = []
    for value in seq:
        now = reading(value, value, bits=32)
        totals, _ = accumulate(totals, prev, now, speed_bps=10e9, elapsed_s=5, rebooted=False)
        prev = now
        history.append(totals.in_octets)
    assert history == sorted(history)
    assert all(b - a <= counters.max_plausible_bytes(10e9, 5) for a, b in itertools.pairwise(history))
