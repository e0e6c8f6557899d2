"""PartialReads: a request refused or dropped is asked again in parts, once, at once; what a part does not answer is
given up on, positions kept; a device silent to sysUpTime.0 too has gone silent and fails as before."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from govops.discovery.snmp_parts import PartialReads
from govops.errors import AuthenticationFailed, DeviceError, DeviceUnreachable
from govops.snmp import SnmpCredentials
from govops.snmp.credentials import SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import Oid, VarBind, parse_oid

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
