"""Discovery reports a failure with the agents' words (``util.failure``): each way a device can fail gives the same kind
in discovery's observation (stderr line, ``--json`` ``error_kind``) as in an agent's ``poll_error`` ``error`` label."""

from __future__ import annotations

import asyncio
import typing
from collections.abc import Sequence
from typing import Any

import pytest

from govops.catalog.vendors import default_vendors
from govops.discovery import observation
from govops.discovery.snmp import DiscoveryOptions, discover_target, observation_json
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.errors import AuthenticationFailed, ConfigError, DeviceError, DeviceUnreachable
from govops.platforms.snmp import default_platforms
from govops.snmp import SnmpCredentials
from govops.snmp.client import WalkResult
from govops.snmp.credentials import SnmpTarget
from govops.snmp.values import VarBind
from govops.util.failure import FailureKind, failure_kind
from govops.util.oid import Oid
from tests.unit.discovery.test_snmp_silence import HOST, Silencing

# One row per word of the vocabulary: what the client (or a bug) raises, and the kind both places report.
RAISED: list[tuple[BaseException, str]] = [
    (DeviceUnreachable("no SNMP answer to get", device="192.0.2.7:161"), "unreachable"),
    (ConnectionRefusedError("port unreachable"), "unreachable"),  # a socket error: no answer, as the agents say
    (AuthenticationFailed("wrong community", device="192.0.2.7:161"), "auth"),
    (DeviceError("SNMP get: error status 5", device="192.0.2.7:161"), "device"),
    (TimeoutError(), "timeout"),
    (ConfigError("environment variable CITY_COMMUNITY is not set"), "config"),
    (KeyError("x"), "internal"),
]


def test_discovery_and_the_agents_share_one_vocabulary() -> None:
    assert observation.ErrorKind is FailureKind
    assert {kind for _, kind in RAISED} == set(typing.get_args(FailureKind))  # every word is exercised below


class Raising(Silencing):
    """A recorded host that raises ``exc`` at its request number ``at`` (0 is the system group's first)."""

    def __init__(self, exc: BaseException, at: int) -> None:
        super().__init__(HOST, answers=10**6)
        self.exc, self.at = exc, at

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        self._maybe_raise()
        return await super().get(target, creds, oids)

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        self._maybe_raise()
        return await super().get_next(target, creds, oids)

    async def walk_columns(
        self, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid], **bounds: Any
    ) -> WalkResult:
        self._maybe_raise()
        return await super().walk_columns(target, creds, roots, **bounds)

    def _maybe_raise(self) -> None:
        if self.sent == self.at:
            raise self.exc


def _discover(agent: Silencing, options: DiscoveryOptions | None = None) -> observation.Observation:
    target = DiscoveryTarget("192.0.2.7", 161, SnmpCredentials.v2c("public"))
    return asyncio.run(discover_target(agent, target, options or DiscoveryOptions(v1_fallback=False),
                                       default_platforms(), default_vendors()))


@pytest.mark.parametrize(("exc", "kind"), RAISED, ids=[f"{type(e).__name__}-{k}" for e, k in RAISED])
def test_a_failure_while_identifying_has_the_agents_kind(exc: BaseException, kind: str) -> None:
    obs = _discover(Raising(exc, at=0))
    assert not obs.ok
    assert obs.error_kind == failure_kind(exc) == kind
    assert observation_json(obs)["error_kind"] == kind


class Slow(Silencing):
    """Answers every request, each after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        super().__init__(HOST, answers=10**6)
        self.delay = delay

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        await asyncio.sleep(self.delay)
        return await super().get_next(target, creds, oids)


def test_a_deadline_passed_while_the_device_answers_is_a_timeout_as_in_the_agents() -> None:
    # Before: 'unreachable' here while an agent said 'timeout' for the same thing (and the summary counted silence).
    # No race with the machine: the deadline's timer (0.1 s) and the answer's (0.5 s) are on the one loop, due in that
    # order however long the process is held, and the first request is the system group's.
    options = DiscoveryOptions(v1_fallback=False, timeout=0.05, retries=0, target_deadline=0.05)
    obs = _discover(Slow(delay=0.5), options)
    assert (obs.ok, obs.error_kind) == (False, failure_kind(TimeoutError()))
    assert obs.error_kind == "timeout"
    assert "did not finish within its deadline (step: system group)" in (obs.error or "")


@pytest.mark.parametrize(("exc", "kind"), [(e, k) for e, k in RAISED if isinstance(e, DeviceError)],
                         ids=lambda v: v if isinstance(v, str) else type(v).__name__)
def test_an_optional_step_records_the_agents_kind(exc: BaseException, kind: str) -> None:
    requests = Silencing(HOST, answers=10**6)
    assert _discover(requests).ok
    last = requests.sent - 1  # the LLDP-MIB walk's request, the last optional step
    assert requests.steps[last] in ("next", "walk")
    obs = _discover(Raising(exc, at=last))
    assert obs.ok and obs.unread
    assert all(v.startswith(f"{kind}: ") for v in obs.unread.values()), obs.unread
