"""Simulated switches whose interface counters move at known rates, served by snmpsim.

Walks recorded from real devices are frozen. ``moving_recording`` rewrites one so that
snmpsim's ``numeric`` variation module advances sysUpTime and every interface counter at
a rate chosen here (returned, so tests and benchmarks know the truth), optionally with
32-bit counters only (wrapping at 2**32) and a chosen number of interfaces. ``Snmpsim``
runs them with the lab's snmpsim runner on a free loopback port. Restarting snmpsim restarts every numeric value,
which is exactly what a device reboot looks like to a poller.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from govops.lab.process import free_port
from govops.lab.snmpsim import SnmpsimServer, V3User, start_snmpsim

IF_TABLE = "1.3.6.1.2.1.2.2.1."
IFX_TABLE = "1.3.6.1.2.1.31.1.1.1."
_HC_IN, _HC_OUT = "1.3.6.1.2.1.31.1.1.1.6", "1.3.6.1.2.1.31.1.1.1.10"
_IN, _OUT = "1.3.6.1.2.1.2.2.1.10", "1.3.6.1.2.1.2.2.1.16"
_IN_DISC, _IN_ERR = "1.3.6.1.2.1.2.2.1.13", "1.3.6.1.2.1.2.2.1.14"
_OUT_DISC, _OUT_ERR = "1.3.6.1.2.1.2.2.1.19", "1.3.6.1.2.1.2.2.1.20"
_OPER = "1.3.6.1.2.1.2.2.1.8"
_SPEED, _HIGH_SPEED = "1.3.6.1.2.1.2.2.1.5", "1.3.6.1.2.1.31.1.1.1.15"
_UPTIME, _IF_NUMBER = "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.2.1.0"
_LAST_CHANGE = "1.3.6.1.2.1.31.1.5.0"


@dataclass(frozen=True)
class IfRates:
    """The simulated traffic of one interface, in bytes/s and packets/s."""

    if_index: int
    in_bytes: float
    out_bytes: float
    in_errors: float
    out_errors: float


def _oid_key(oid: str) -> tuple[int, ...]:
    return tuple(int(p) for p in oid.strip(".").split("."))


def _read_snmprec(path: Path) -> dict[str, str]:
    records: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if "|" not in line:
            continue
        oid, rest = line.split("|", 1)
        records[oid.strip().lstrip(".")] = rest
    return records


def moving_recording(
    source: Path,
    target: Path,
    *,
    hc: bool = True,
    max_interfaces: int | None = None,
    base_rate: float = 1_250_000.0,
    wrap_soon: bool = False,
    oper_writable: Iterable[int] = (),
    speed_override: dict[int, tuple[int, int]] | None = None,
    renumber: int = 0,
    uptime_initial: int | None = None,
    counter_offset: int = 0,
) -> dict[int, IfRates]:
    """Write a copy of a real walk whose counters move at known rates; return those rates.

    Args:
        source: A real ``.snmprec`` walk with an IF-MIB ifTable/ifXTable.
        target: Where to write the new ``.snmprec`` (its stem is the snmpsim community).
        hc: Keep 64-bit ifHC*Octets; False removes them so only Counter32 ifIn/OutOctets exist.
        max_interfaces: Keep only the first N interfaces (by ifIndex).
        base_rate: Bytes/s of the first interface; interface k runs ``base_rate * (1 + k/10)`` in and
            half of that out, capped at a tenth of its speed.
        wrap_soon: Start 32-bit octet counters a few seconds before 2**32 so they wrap during a test.
        oper_writable: ifIndexes whose ifOperStatus accepts SNMP SET (snmpsim ``writecache``).
        speed_override: ifIndex -> (ifSpeed, ifHighSpeed) to simulate odd speeds (0, 4294967295).
        renumber: Add this to every ifIndex (what some devices do after a reboot).
        uptime_initial: sysUpTime (ticks) when snmpsim starts; default the recorded value.
        counter_offset: Added to every counter's starting value.
    """
    records = _read_snmprec(source)
    indexes = sorted(
        int(oid.rsplit(".", 1)[1]) for oid in records if oid.startswith("1.3.6.1.2.1.2.2.1.2.")
    )
    if max_interfaces is not None:
        indexes = indexes[:max_interfaces]
    keep = set(indexes)
    out: dict[str, str] = {}
    for oid, rest in records.items():
        table = IF_TABLE if oid.startswith(IF_TABLE) else IFX_TABLE if oid.startswith(IFX_TABLE) else None
        if table is None:
            out[oid] = rest
            continue
        col, _, row_index = oid.rpartition(".")
        if row_index.isdigit() and int(row_index) in keep and "." not in oid[len(table):].split(".", 1)[1]:
            out[f"{col}.{int(row_index) + renumber}"] = rest
    # A recording that already moves (the lab's generated walks) has no plain value: give uptime_initial.
    uptime = uptime_initial if uptime_initial is not None else int(records.get(_UPTIME, "67|0").split("|")[-1] or 0)
    out[_UPTIME] = f"67:numeric|rate=100,initial={uptime % 2**31}"
    out[_IF_NUMBER] = f"2|{len(indexes)}"
    # ifTableLastChange, settable over SNMP (writecache) so a test can announce a table change.
    out[_LAST_CHANGE] = "67:writecache|value=4200"
    writable = set(oper_writable)
    rates: dict[int, IfRates] = {}
    for k, idx in enumerate(indexes):
        new = idx + renumber
        speed = _speed_bps(records, idx)
        if speed_override and idx in speed_override:
            low, high = speed_override[idx]
            out[f"{_SPEED}.{new}"] = f"66|{low}"
            out[f"{_HIGH_SPEED}.{new}"] = f"66|{high}"
        rate_in = base_rate * (1 + k / 10)
        if speed:
            rate_in = min(rate_in, speed / 8 / 10)
        r = IfRates(new, rate_in, rate_in / 2, 2.0, 1.0)
        rates[new] = r
        if hc:
            out[f"{_HC_IN}.{new}"] = f"70:numeric|rate={r.in_bytes:g},initial={1_000_000 + k + counter_offset}"
            out[f"{_HC_OUT}.{new}"] = f"70:numeric|rate={r.out_bytes:g},initial={2_000_000 + k + counter_offset}"
        else:
            out.pop(f"{_HC_IN}.{new}", None)
            out.pop(f"{_HC_OUT}.{new}", None)
        start = 2**32 - int(r.in_bytes * 4) if wrap_soon else 3_000_000 + k + counter_offset
        start_out = 2**32 - int(r.out_bytes * 4) if wrap_soon else 4_000_000 + k + counter_offset
        wrap = "max=4294967296,wrap=1"
        out[f"{_IN}.{new}"] = f"65:numeric|rate={r.in_bytes:g},initial={start},{wrap}"
        out[f"{_OUT}.{new}"] = f"65:numeric|rate={r.out_bytes:g},initial={start_out},{wrap}"
        out[f"{_IN_ERR}.{new}"] = f"65:numeric|rate={r.in_errors:g},initial=10,{wrap}"
        out[f"{_OUT_ERR}.{new}"] = f"65:numeric|rate={r.out_errors:g},initial=20,{wrap}"
        out[f"{_IN_DISC}.{new}"] = f"65|{5 + k}"
        out[f"{_OUT_DISC}.{new}"] = f"65|{7 + k}"
        if new in writable:
            out[f"{_OPER}.{new}"] = "2:writecache|value=1"
    lines = [f"{oid}|{rest}" for oid, rest in sorted(out.items(), key=lambda kv: _oid_key(kv[0]))]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target.chmod(0o644)
    return rates


def _speed_bps(records: dict[str, str], idx: int) -> float | None:
    high = records.get(f"{_HIGH_SPEED}.{idx}", "").split("|")[-1]
    if high.isdigit() and int(high):
        return int(high) * 1e6
    low = records.get(f"{_SPEED}.{idx}", "").split("|")[-1]
    if low.isdigit() and 0 < int(low) < 4294967295:
        return float(low)
    return None


class Snmpsim:
    """snmpsim (via ``govops.lab.snmpsim``) serving every ``<community>.snmprec`` of a directory.

    A thin handle over the lab's ``start_snmpsim`` that can stop and start again on the same
    port, which is how the tests reboot a simulated device.
    """

    def __init__(self, data_dir: Path, port: int | None = None, v3_user: V3User | None = None) -> None:
        self.data_dir = data_dir
        self.v3_user = v3_user
        self.port = port or free_port()
        self.server: SnmpsimServer | None = None
        self._work = Path(tempfile.mkdtemp(prefix="govops-ifsim-"))

    def start(self, ready_community: str | None = None, timeout: float = 60.0) -> Snmpsim:
        """Start snmpsim over the directory's recordings and wait until it answers."""
        del ready_community  # start_snmpsim checks every community it serves
        recordings = {p.name.split(".snmprec")[0]: p for p in sorted(self.data_dir.glob("*.snmprec"))}
        shutil.rmtree(self._work, ignore_errors=True)
        self.server = start_snmpsim(
            recordings, self._work, port=self.port, v3_user=self.v3_user, ready_timeout=timeout
        )
        return self

    def stop(self) -> None:
        """Stop snmpsim (the port stays ours to reuse for a 'rebooted' device)."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def cleanup(self) -> None:
        """Stop snmpsim and remove its working directory."""
        self.stop()
        shutil.rmtree(self._work, ignore_errors=True)

    def __enter__(self) -> Snmpsim:
        return self.start()

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        self.cleanup()
