"""PartialReads: a request refused or dropped is asked again in parts, once, at once; what a part does not answer is
given up on, positions kept; a device silent to sysUpTime.0 too has gone silent and fails as before. walk_part: a
table walk refused, or gone silent midway, gives the rows read and why, unless sysUpTime.0 goes unanswered too."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from govops.discovery.snmp_parts import PartialReads, walk_part
from govops.errors import AuthenticationFailed, DeviceError, DeviceUnreachable
from govops.snmp import SnmpCredentials
from govops.snmp.client import WalkResult
from govops.snmp.credentials import SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import VarBind
from govops.util.oid import Oid, parse_oid

# Made up: a system group and six scalars of a MIB under enterprise 99999, the fourth of which the agent refuses.
LINES = ["1.3.6.1.2.1.1.3.0|67|500", *(f"1.3.6.1.4.1.99999.1.{i}.0|4|v{i}" for i in range(1, 7))]
OIDS = [parse_oid(f"1.3.6.1.4.1.99999.1.{i}.0") for i in range(1, 7)]
BAD = OIDS[3]
TARGET = SnmpTarget("192.0.2.5", 161, 0.1, 0)
CREDS = SnmpCredentials.v2c("public")


class Refusing(RecordedAgent):
    """Fails any request holding ``BAD`` (or the OID a GETNEXT of it asks) as ``failure`` says; ``dead``: fails every
    request so (silent)."""

    def __init__(self, failure: type[DeviceError], *, dead: bool = False) -> None:
        super().__init__(parse_snmprec(LINES))
        self.failure, self.dead = failure, dead
        self.asked: list[list[Oid]] = []

    def _check(self, oids: Sequence[Oid]) -> None:
        self.asked.append(list(oids))
        if self.dead or any(oid[: len(BAD) - 1] == BAD[:-1] for oid in oids):  # the object, or its GETNEXT
            raise self.failure("refused", device=str(TARGET))

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        self._check(oids)
        return await super().get(target, creds, oids)

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        self._check(oids)
        return await super().get_next(target, creds, oids)


@pytest.mark.parametrize("failure", [DeviceError, DeviceUnreachable], ids=["refused", "dropped"])
def test_a_refused_request_is_asked_again_in_parts_and_only_the_part_holding_the_refused_oid_is_given_up(
        failure: type[DeviceError]) -> None:
    agent = Refusing(failure)
    reads = PartialReads(agent)
    got = asyncio.run(reads.get(TARGET, CREDS, OIDS))
    assert sorted(got) == OIDS[:3]  # asked again in parts of three: the second, holding the refused OID, given up
    assert sorted(reads.unread) == OIDS[3:] and all(why.endswith("refused") for why in reads.unread.values())
    assert agent.asked[1:] == [OIDS[:3], OIDS[3:], *([[parse_oid("1.3.6.1.2.1.1.3.0")]] if failure is
                                                     DeviceUnreachable else [])]
    # GETNEXT: each answer in its asked place, nothing there after an OID given up on.
    reads = PartialReads(Refusing(failure))
    roots = [oid[:-1] for oid in OIDS]
    nexts = asyncio.run(reads.get_next(TARGET, CREDS, roots))
    assert [vb.oid for vb in nexts[:3]] == OIDS[:3] and all(vb.kind == "end" for vb in nexts[3:])


def test_a_silent_device_fails_with_the_first_error_after_one_round() -> None:
    agent = Refusing(DeviceUnreachable, dead=True)
    with pytest.raises(DeviceUnreachable):
        asyncio.run(PartialReads(agent).get(TARGET, CREDS, OIDS))
    assert agent.asked == [OIDS, OIDS[:3], OIDS[3:], [parse_oid("1.3.6.1.2.1.1.3.0")]]


def test_refused_credentials_are_raised_as_they_come() -> None:
    agent = Refusing(AuthenticationFailed)
    with pytest.raises(AuthenticationFailed):
        asyncio.run(PartialReads(agent).get(TARGET, CREDS, OIDS))
    assert agent.asked == [OIDS]


# Made up: a column of six rows under enterprise 99999.
COLUMN = parse_oid("1.3.6.1.4.1.99999.2.1")
ROWS = [f"1.3.6.1.4.1.99999.2.1.{i}|2|{i}" for i in range(1, 7)]


class Walking(RecordedAgent):
    """Walks ``ROWS``: whole, refused (``fail``), or stopped unanswered (``cut``) or refused (``refused``) after its
    first answer (two rows);
    ``dead``: sysUpTime.0 goes unanswered too."""

    def __init__(self, *, fail: type[DeviceError] | None = None, cut: bool = False, refused: bool = False,
                 dead: bool = False) -> None:
        super().__init__(parse_snmprec(["1.3.6.1.2.1.1.3.0|67|500", *ROWS]))
        self.fail, self.cut, self.refused, self.dead = fail, cut, refused, dead
        self.asked: list[list[Oid]] = []

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        self.asked.append(list(oids))
        if self.dead:
            raise DeviceUnreachable("no SNMP answer to get", device=str(target))
        return await super().get(target, creds, oids)

    async def walk_columns(self, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid],
                           **bounds: Any) -> WalkResult:
        self.asked.append(list(roots))
        if self.fail is not None:
            raise self.fail("SNMP walk: error status 5", device=str(target))
        whole = await super().walk_columns(target, creds, roots, **bounds)
        if self.refused:  # as the client gives a walk refused after its first answer
            return WalkResult({r: whole.rows(r)[:2] for r in roots}, "refused",
                              "SNMP walk: error status 5 (after 1 answer)", requests=2)
        if not self.cut:
            return whole
        return WalkResult({r: whole.rows(r)[:2] for r in roots}, "no_answer", "agent stopped answering during it",
                          requests=1)


UPTIME = [parse_oid("1.3.6.1.2.1.1.3.0")]


@pytest.mark.parametrize(("agent", "rows", "why", "asked"), [
    (Walking(), 6, None, [[COLUMN]]),
    (Walking(fail=DeviceError), 0, "device: 192.0.2.5:161: SNMP walk: error status 5", [[COLUMN]]),
    (Walking(fail=DeviceUnreachable), 0, "unreachable: 192.0.2.5:161: SNMP walk: error status 5", [[COLUMN], UPTIME]),
    (Walking(cut=True), 2, "unreachable: agent stopped answering during it (after 1 answer)", [[COLUMN], UPTIME]),
    # Refused midway: the rows read, no timeout waited, nothing more asked (the device answered).
    (Walking(refused=True), 2, "device: 192.0.2.5:161: SNMP walk: error status 5 (after 1 answer)", [[COLUMN]]),
], ids=["whole", "refused", "unanswered", "silent-midway", "refused-midway"])
def test_a_table_walk_gives_the_rows_read_and_why_it_is_not_whole(
        agent: Walking, rows: int, why: str | None, asked: list[list[Oid]]) -> None:
    walk, reason = asyncio.run(walk_part(agent, TARGET, CREDS, [COLUMN]))
    assert (len(walk.rows(COLUMN)), reason, agent.asked) == (rows, why, asked)


@pytest.mark.parametrize("agent", [Walking(fail=DeviceUnreachable, dead=True), Walking(cut=True, dead=True)],
                         ids=["unanswered", "silent-midway"])
def test_a_table_walk_of_a_device_gone_silent_fails_it(agent: Walking) -> None:
    with pytest.raises(DeviceUnreachable):
        asyncio.run(walk_part(agent, TARGET, CREDS, [COLUMN]))
    assert agent.asked == [[COLUMN], UPTIME]


def test_a_table_walk_refused_credentials_are_raised() -> None:
    with pytest.raises(AuthenticationFailed):
        asyncio.run(walk_part(Walking(fail=AuthenticationFailed), TARGET, CREDS, [COLUMN]))
