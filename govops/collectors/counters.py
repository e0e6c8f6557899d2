"""Pure counter arithmetic for SNMP interface counters: wraps, reboots, resets, line-rate sanity.

An SNMP counter is a device-side integer that wraps (Counter32 at 2**32, Counter64 at
2**64), restarts at zero when the device reboots, and may be cleared by an operator
(``clear counters`` / ``reset counters interface``) without a reboot. Prometheus'
``rate()`` treats every decrease as a reset, which is right for a reboot but turns a
32-bit wrap into a lost interval, and it cannot see an ifIndex renumbered after a reboot
(the same ``interface`` label suddenly reading another port's larger counter: a fake
spike).

Decision: the agent exports *agent-side monotonic accumulations* (``_total``) of the
increments it judged genuine, starting at zero when the agent starts. Each increment
passes the checks below; anything that is not a plausible increment (reboot, operator
reset, counter going backwards, a jump beyond line rate) contributes nothing and is
counted as a discontinuity instead. Prometheus still sees a true counter (monotonic,
reset only when the agent restarts), so ``rate()`` and ``increase()`` work unchanged, and
no device quirk ever becomes a negative or absurd rate.

Everything here is pure (no I/O, no clock): the poller passes the elapsed time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

COUNTER32_MODULO = 2**32
COUNTER64_MODULO = 2**64
TIMETICKS_MODULO = 2**32
# ifSpeed saturates at 4294967295 for links faster than ~4.29 Gbit/s; ifHighSpeed (Mbit/s) then holds the speed.
IF_SPEED_SATURATED = 4_294_967_295
# A counter may legitimately run a little over nominal line rate (polling jitter: the device
# samples its counters a few milliseconds before or after it stamps the response).
LINE_RATE_TOLERANCE = 1.5
# Without a known speed the ceiling is the fastest interface in service anywhere (800 GbE).
UNKNOWN_SPEED_CEILING_BPS = 800e9
# The smallest Ethernet frame bounds how many packets (errors, discards) fit in a second.
MIN_FRAME_BYTES = 64


class Discontinuity(Enum):
    """Why an interval contributed nothing: exported as the ``reason`` label."""

    REBOOT = "reboot"
    COUNTER_RESET = "counter_reset"
    IMPLAUSIBLE = "implausible"


def speed_bits_per_second(if_speed: int | None, if_high_speed_mbps: int | None) -> float | None:
    """Return the interface speed in bit/s, or ``None`` when the device does not know it.

    ``ifHighSpeed`` (Mbit/s) wins when present and non-zero; ``ifSpeed`` is used only when it is
    neither 0 (unknown, common on virtual and tunnel interfaces) nor saturated at 4294967295.

    >>> speed_bits_per_second(4294967295, 10000)
    10000000000.0
    >>> speed_bits_per_second(100000000, None)
    100000000.0
    >>> speed_bits_per_second(0, 0) is None
    True
    >>> speed_bits_per_second(4294967295, 0) is None
    True
    """
    if if_high_speed_mbps:
        return float(if_high_speed_mbps) * 1e6
    if if_speed and if_speed != IF_SPEED_SATURATED:
        return float(if_speed)
    return None


def max_plausible_bytes(speed_bps: float | None, elapsed_s: float) -> float:
    """Return the largest octet increment an interface can make in ``elapsed_s``.

    >>> max_plausible_bytes(8e6, 10.0)
    15000000.0
    """
    speed = speed_bps if speed_bps else UNKNOWN_SPEED_CEILING_BPS
    return speed / 8.0 * elapsed_s * LINE_RATE_TOLERANCE


def max_plausible_packets(speed_bps: float | None, elapsed_s: float) -> float:
    """Return the largest packet-counter increment (errors, discards) possible in ``elapsed_s``.

    >>> max_plausible_packets(8e6 * 64, 1.0)
    1500000.0
    """
    return max_plausible_bytes(speed_bps, elapsed_s) / MIN_FRAME_BYTES


def device_rebooted(uptime_prev: int, uptime_now: int, elapsed_s: float) -> bool:
    """Tell whether sysUpTime (TimeTicks, 1/100 s) shows a reboot between two polls.

    sysUpTime going back is a reboot, except the 497-day wrap of TimeTicks: a decrease that
    matches the elapsed wall time modulo 2**32 ticks (within a minute) is a wrap.

    >>> device_rebooted(1000, 500, 10.0)
    True
    >>> device_rebooted(1000, 2000, 10.0)
    False
    >>> device_rebooted(2**32 - 500, 500, 10.0)
    False
    """
    if uptime_now >= uptime_prev:
        return False
    wrapped_ticks = uptime_now + TIMETICKS_MODULO - uptime_prev
    return abs(wrapped_ticks / 100.0 - elapsed_s) > 60.0


def counter_increment(
    prev: int, now: int, *, bits: int, ceiling: float
) -> tuple[int, Discontinuity | None]:
    """Return the genuine increment between two readings of one counter, and why it is 0 if it is.

    Args:
        prev: The previous reading.
        now: The current reading.
        bits: 32 or 64: the counter's width.
        ceiling: The largest increment physically possible in the interval (see ``max_plausible_*``).

    Returns:
        ``(increment, None)`` for a genuine increment (a 32-bit wrap included when the wrapped
        increment fits under ``ceiling``), else ``(0, reason)``.

    >>> counter_increment(100, 250, bits=64, ceiling=1e9)
    (150, None)
    >>> counter_increment(2**32 - 100, 50, bits=32, ceiling=1e9)
    (150, None)
    >>> counter_increment(2**32 - 100, 50, bits=32, ceiling=100)
    (0, <Discontinuity.COUNTER_RESET: 'counter_reset'>)
    >>> counter_increment(5000, 10, bits=64, ceiling=1e20)
    (0, <Discontinuity.COUNTER_RESET: 'counter_reset'>)
    >>> counter_increment(0, 10**12, bits=64, ceiling=1e9)
    (0, <Discontinuity.IMPLAUSIBLE: 'implausible'>)
    """
    if now >= prev:
        delta = now - prev
        if delta > ceiling:
            return 0, Discontinuity.IMPLAUSIBLE
        return delta, None
    if bits == 32:
        wrapped = now + COUNTER32_MODULO - prev
        # A wrap is believable only if the traffic it implies fits the line; else the counter was cleared.
        if wrapped <= ceiling:
            return wrapped, None
    # A Counter64 never wraps in practice (centuries at 100 Gbit/s): going back is a reset.
    return 0, Discontinuity.COUNTER_RESET


@dataclass(frozen=True, slots=True)
class CounterReading:
    """One poll's raw readings for one interface; ``None`` where the device gave nothing."""

    in_octets: int | None
    out_octets: int | None
    in_errors: int | None
    out_errors: int | None
    in_discards: int | None
    out_discards: int | None
    octet_bits: int = 64


@dataclass(frozen=True, slots=True)
class Totals:
    """Agent-side monotonic totals for one interface (what ``_total`` metrics export)."""

    in_octets: float = 0.0
    out_octets: float = 0.0
    in_errors: float = 0.0
    out_errors: float = 0.0
    in_discards: float = 0.0
    out_discards: float = 0.0


def accumulate(
    totals: Totals,
    prev: CounterReading | None,
    now: CounterReading,
    *,
    speed_bps: float | None,
    elapsed_s: float,
    rebooted: bool,
) -> tuple[Totals, list[Discontinuity]]:
    """Advance one interface's totals by the genuine increments between two readings.

    A first reading, a reboot, or a change of counter width (HC counters appearing or vanishing)
    only sets the baseline. Errors and discards are Counter32 in IF-MIB.

    Returns:
        The new totals and the discontinuities seen (one per affected counter; empty when clean).
    """
    if prev is None or elapsed_s <= 0:
        return totals, []
    if rebooted:
        return totals, [Discontinuity.REBOOT]
    if prev.octet_bits != now.octet_bits:
        return totals, [Discontinuity.COUNTER_RESET]
    byte_ceiling = max_plausible_bytes(speed_bps, elapsed_s)
    packet_ceiling = max_plausible_packets(speed_bps, elapsed_s)
    seen: list[Discontinuity] = []
    # Six explicit steps (not a loop over field names): this runs for every interface of every poll.
    in_o = _step(totals.in_octets, prev.in_octets, now.in_octets, now.octet_bits, byte_ceiling, seen)
    out_o = _step(totals.out_octets, prev.out_octets, now.out_octets, now.octet_bits, byte_ceiling, seen)
    in_e = _step(totals.in_errors, prev.in_errors, now.in_errors, 32, packet_ceiling, seen)
    out_e = _step(totals.out_errors, prev.out_errors, now.out_errors, 32, packet_ceiling, seen)
    in_d = _step(totals.in_discards, prev.in_discards, now.in_discards, 32, packet_ceiling, seen)
    out_d = _step(totals.out_discards, prev.out_discards, now.out_discards, 32, packet_ceiling, seen)
    return Totals(in_o, out_o, in_e, out_e, in_d, out_d), seen


def _step(  # noqa: PLR0917 - the six values of one counter step, on the hot path
    total: float, old: int | None, new: int | None, bits: int, ceiling: float, seen: list[Discontinuity]
) -> float:
    """One counter of ``accumulate``: the total advanced by the genuine increment (a reason noted if none)."""
    if old is None or new is None:
        return total
    if new >= old and new - old <= ceiling:  # the common case, without a call
        return total + (new - old)
    inc, why = counter_increment(old, new, bits=bits, ceiling=ceiling)
    if why is not None:
        seen.append(why)
    return total + inc
