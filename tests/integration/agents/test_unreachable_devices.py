"""A device that does not answer, or stops answering part way, as the bandwidth and power agents export it.

Real agent processes, scraped over HTTP; the devices are real UDP sockets: one that never answers, and fake agents
that answer a poll's first requests and then nothing. Both agents must say the same thing the same way: the device's
up gauge 0, one ``*_poll_error`` series with ``error="unreachable"``, no values read before the silence, one log line
naming the device and the step, and no request to the device after the unanswered one.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pysnmp.proto import api

from govops.collectors.power import Discovery
from govops.collectors.power_snmp_access import SharedSnmp
from govops.errors import DeviceUnreachable
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from tests.agenttools import AgentProcess, fetch, parse_samples
from tests.integration.snmp_fake_agent import FakeAgent, GoesSilent, Table

pytestmark = pytest.mark.integration

_V2 = api.PROTOCOL_MODULES[1]
_IF_DESCR, _IF_TYPE, _IF_NAME, _IF_HC_IN = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2), (1, 3, 6, 1, 2, 1, 2, 2, 1, 3), \
    (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1), (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6)
_UPS_OUTPUT_POWER = (1, 3, 6, 1, 2, 1, 33, 1, 4, 4, 1, 4)
_PORTS = 60  # more rows than the fake agent sends in one GETBULK (50): the interface walk takes several requests


def _table() -> Table:
    """A made-up switch with a UPS-MIB output table: what both agents read."""
    rows: dict[tuple[int, ...], Any] = {
        (1, 3, 6, 1, 2, 1, 1, 2, 0): _V2.ObjectIdentifier((1, 3, 6, 1, 4, 1, 99999, 1)),
        (1, 3, 6, 1, 2, 1, 1, 3, 0): _V2.TimeTicks(123_456),
        (1, 3, 6, 1, 2, 1, 2, 1, 0): _V2.Integer(_PORTS),
    }
    for i in range(1, _PORTS + 1):
        rows[(*_IF_DESCR, i)] = _V2.OctetString(f"port {i}")
        rows[(*_IF_TYPE, i)] = _V2.Integer(6)
        rows[(*_IF_NAME, i)] = _V2.OctetString(f"p{i}")
        rows[(*_IF_HC_IN, i)] = _V2.Counter64(1000 * i)
    for i in (1, 2, 3):
        rows[(*_UPS_OUTPUT_POWER, i)] = _V2.Integer(1000 + i)
    return Table(rows)


class _Silent:
    """A bound UDP socket that never answers; ``seen()`` counts the datagrams it was sent."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.count = 0

    def seen(self) -> int:
        while True:
            try:
                self.sock.recv(65535)
            except BlockingIOError:
                return self.count
            self.count += 1


@pytest.fixture
def devices() -> Iterator[dict[str, Any]]:
    table = _table()
    silent = _Silent()
    with GoesSilent(table, answers=2) as mid, FakeAgent(table.get, table.next_of) as healthy:
        yield {"silent": silent, "mid": mid, "healthy": healthy}
    silent.sock.close()


def _agent(kind: str, cfg: Path) -> AgentProcess:
    return AgentProcess(["-c", "from govops.cli.main import entry; entry()", "agent", kind, "--config", str(cfg),
                         "--listen", "127.0.0.1:0"], env={"GOVOPS_TEST_COMMUNITY": "public"})


# A guard only (a passing run returns within seconds): generous, as the agent's start and a silent device's
# timeouts stretch on a loaded 2-core CI machine.
SCRAPE_DEADLINE = 90.0


def _scrape_until(base: str, ready: Callable[[dict[str, float]], bool]) -> dict[str, float]:
    deadline = time.monotonic() + SCRAPE_DEADLINE
    while True:
        status, body = fetch(f"{base}/metrics", user=None, password=None)
        samples = parse_samples(body) if status == 200 else {}
        if ready(samples):
            return samples
        if time.monotonic() > deadline:
            assert status == 200, body
            polls = {k: v for k, v in samples.items() if k.startswith(("govops_target_up", "govops_target_poll_error"))}
            raise AssertionError(f"not ready after {SCRAPE_DEADLINE:.0f} s; the targets' state: {polls}")
        time.sleep(0.1)


def _warnings(proc: AgentProcess, device: str) -> list[str]:
    return [r["msg"] for r in proc.records() if r.get("level") in ("warning", "WARNING")
            and str(r.get("msg", "")).startswith(f"{device}: ")]


def test_bandwidth_agent_exports_a_silent_and_a_mid_walk_silent_device_as_unreachable(
    tmp_path: Path, devices: dict[str, Any]
) -> None:
    cfg = tmp_path / "bandwidth.yml"
    snmp = "{version: 2c, community: {env: GOVOPS_TEST_COMMUNITY}}"
    cfg.write_text(
        "interval_seconds: 60\ntimeout_seconds: 2\ncollectors: {bandwidth: {}}\ntargets:\n"
        + "".join(f"  - {{name: {name}, address: '127.0.0.1:{dev.port}', snmp: {snmp}}}\n"
                  for name, dev in devices.items())
    )
    proc = _agent("bandwidth", cfg)
    try:
        base = f"http://127.0.0.1:{proc.port}"
        error = 'govops_target_poll_error{error="unreachable",target="%s"}'
        samples = _scrape_until(base, lambda s: all(error % n in s for n in ("silent", "mid"))
                                and s.get('govops_target_up{target="healthy"}') == 1)
        time.sleep(2.5)  # what the poll's unanswered requests, or a walk left running, would still send
        for name in ("silent", "mid"):
            assert samples[f'govops_target_up{{target="{name}"}}'] == 0
            assert samples[error % name] == 1
            assert not [k for k in samples if k.startswith("govops_interface_") and f'target="{name}"' in k]
            (line,) = _warnings(proc, name)
            assert line.startswith(f"{name}: unreachable: 127.0.0.1:") and line.endswith(
                "(step: interface table walk)"), line
        assert "no SNMP answer to get 1.3.6.1.2.1.1.3.0 (+1 more)" in _warnings(proc, "silent")[0]
        assert "agent stopped answering during" in _warnings(proc, "mid")[0]  # after the walk's first answer
        assert samples['govops_target_interfaces{target="healthy"}'] == _PORTS  # the control: read and exported
        assert 'govops_interface_receive_bytes_total{interface="p2",target="healthy"}' in samples
        assert not [k for k in samples if k.startswith("govops_target_poll_error") and "healthy" in k]
        # Two tries of the one request that went unanswered, and nothing after it.
        assert devices["silent"].seen() == 2
        assert devices["mid"].seen == 2 + 2  # sysUpTime/ifNumber, the walk's first GETBULK; its second, twice
        status, body = fetch(f"{base}/probe?target=silent", user=None, password=None)
        probed = parse_samples(body)
        assert status == 200 and probed[error % "silent"] == 1 and probed['govops_target_up{target="silent"}'] == 0
    finally:
        proc.stop()


def test_power_agent_exports_a_silent_and_a_mid_discovery_silent_device_as_unreachable(
    tmp_path: Path, devices: dict[str, Any]
) -> None:
    cfg = tmp_path / "power.yml"
    cfg.write_text(
        "defaults: {interval_seconds: 60, timeout_seconds: 2}\ncollectors: {power: {}}\nrooms:\n  - room: R1\n"
        "    devices:\n"
        + "".join(f"      - {{name: {name}, kind: snmp, address: '127.0.0.1:{dev.port}', "
                  "community: {env: GOVOPS_TEST_COMMUNITY}, measures: it, point: ups_output}\n"
                  for name, dev in devices.items())
    )
    proc = _agent("power", cfg)
    try:
        base = f"http://127.0.0.1:{proc.port}"
        error = 'govops_power_poll_error{error="unreachable",room="R1",target="%s"}'
        samples = _scrape_until(base, lambda s: all(error % n in s for n in ("silent", "mid"))
                                and s.get('govops_power_up{room="R1",target="healthy"}') == 1)
        time.sleep(2.5)
        for name in ("silent", "mid"):
            assert samples[f'govops_power_up{{room="R1",target="{name}"}}'] == 0
            assert samples[error % name] == 1
            assert not [k for k in samples if k.startswith(("govops_power_watts", "govops_energy_"))
                        and f'target="{name}"' in k]
            (line,) = _warnings(proc, name)
            assert line.startswith(f"{name}: unreachable: 127.0.0.1:") and line.endswith(
                "(step: power discovery)"), line
        assert samples['govops_power_watts{point="ups_output",room="R1",target="healthy"}'] == 1001 + 1002 + 1003
        assert not [k for k in samples if k.startswith("govops_power_poll_error") and "healthy" in k]
        assert devices["silent"].seen() == 2
        # The catalogued scalars and the model's, answered; then the model rules' first read of a column (a server
        # agent's chassis table, read for its first row, one column after another before the power columns): it
        # waits out its two tries, within the poll, and nothing further is asked.
        assert devices["mid"].seen == 2 + 2
    finally:
        proc.stop()


def test_power_snmp_requests_end_within_the_waiting_polls_deadline() -> None:
    """A request begun late in a poll (the device answered its first ones, then went silent) is given only what is
    left of the poll's deadline for its two tries, so the device is unreachable within that poll: the deadline the
    poll hands in to its GET (``SharedSnmp.until``) or to the discovery it waits for (``Discovery.wait``); with no
    poll waiting, the full try timeout."""
    silent = _Silent()
    try:
        access = SharedSnmp(SnmpTarget("127.0.0.1", silent.port, timeout=2.0, retries=1), SnmpCredentials.v2c("public"))
        unreachable = r"within 0\.[1-4]\d* s x 2 tries"

        async def poll_get() -> float:
            start = time.monotonic()
            with pytest.raises(DeviceUnreachable, match=unreachable):
                await access.until(start + 0.5).get(["1.3.6.1.2.1.1.3.0"])
            return time.monotonic() - start

        async def wait_for_discovery() -> tuple[float, Discovery]:
            start = time.monotonic()
            found = Discovery(access)
            with pytest.raises(DeviceUnreachable, match=unreachable):
                await found.wait(start + 0.5)
            return time.monotonic() - start, found

        took = asyncio.run(poll_get())
        assert took < 0.5, took  # before the deadline (two full tries would take 4 s)
        assert silent.seen() == 2
        took, found = asyncio.run(wait_for_discovery())
        assert took < 0.5, took
        assert silent.seen() == 4  # the discovery's first GET, its two tries
        # No poll waits for it now: a request it made would ask at the full try timeout.
        assert found.waited_until is None
        assert access.until(found.waited_until)._bounded().timeout == access._bounded().timeout == 2.0
    finally:
        silent.sock.close()
