"""SNMP access for the power collector, over the shared client (``govops.snmp``).

The power collector needs two operations, :class:`SnmpAccess`; :class:`SharedSnmp`
provides them with the process's one pysnmp engine per event loop, for v1, v2c
and v3 credentials alike. Values come back as ``int`` (INTEGER, Gauge,
Counter, TimeTicks), ``str`` (OCTET STRING as text, OIDs, addresses) or
``None`` (NULL); absent instances are left out of a walk and map to ``None``
in a GET.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from govops.errors import DeviceError
from govops.snmp.client import SnmpAccess as SnmpReader
from govops.snmp.client import get_client, require_answers
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.values import VarBind
from govops.util.oid import oid_str, parse_oid

SnmpValue = int | str | None


class SnmpAccess(Protocol):
    """What the power collector needs from an SNMP client."""

    async def get(self, oids: Sequence[str]) -> dict[str, SnmpValue]:
        """Fetch scalars/instances; missing ones map to ``None``."""
        ...

    async def walk(self, oid: str) -> dict[str, SnmpValue]:
        """Walk a subtree; keys are full dotted OIDs without a leading dot."""
        ...


# A recorded walk answers whoever asks: target and credentials are placeholders.
_NO_TARGET = SnmpTarget("recorded", 161)
_NO_CREDS = SnmpCredentials.v2c("recorded")


def _value(vb: VarBind) -> SnmpValue:
    if isinstance(vb.value, bool) or vb.value is None:
        return None
    if isinstance(vb.value, int):
        return vb.value
    return vb.text()


@dataclass(frozen=True)
class SharedSnmp:
    """One agent reached through the shared SNMP client.

    ``deadline`` (monotonic seconds, or None: none) is when the poll waiting for these requests gives up, handed in
    by the poll (``until``): each request's tries are shortened to end before it, so a device that answers a poll's
    first requests and then goes silent fails as unreachable within that poll, not as a timeout reported again as
    unreachable a poll later.
    """

    target: SnmpTarget
    creds: SnmpCredentials
    deadline: float | None = None

    def until(self, deadline: float | None) -> SharedSnmp:
        """This agent, its requests bounded by a poll's ``deadline``."""
        return replace(self, deadline=deadline)

    def _bounded(self) -> SnmpTarget:
        return self.target.before(self.deadline)

    @property
    def name(self) -> str:
        """``host:port`` for messages (credentials never appear)."""
        return str(self.target)

    async def get(self, oids: Sequence[str]) -> dict[str, SnmpValue]:
        """GET; OIDs the agent does not have map to ``None``."""
        got = await get_client().get(self._bounded(), self.creds, [parse_oid(o) for o in oids])
        by_text = {oid_str(k).lstrip("."): _value(v) for k, v in got.items()}
        return {o: by_text.get(o) for o in oids}

    async def walk(self, oid: str) -> dict[str, SnmpValue]:
        """Walk one subtree to its end.

        Raises:
            DeviceUnreachable: No answer, or none after the walk's first answers.
            DeviceError: The walk stopped early otherwise (a partial table would make a wrong total).
        """
        target = self._bounded()
        res = require_answers(target, await get_client().bulk_walk(target, self.creds, parse_oid(oid)))
        if not res.complete:
            raise DeviceError(f"walk of {oid} stopped early ({res.stopped}: {res.detail})", device=self.name)
        return {oid_str(vb.oid).lstrip("."): _value(vb) for vb in res.rows(parse_oid(oid))}


def v2c(host: str, port: int, community: str, *, timeout: float = 2.0, retries: int = 1) -> SharedSnmp:
    """Access with a literal v2c community (from a flag or a resolved config reference)."""
    return SharedSnmp(SnmpTarget(host, port, timeout=timeout, retries=retries), SnmpCredentials.v2c(community))


@dataclass(frozen=True)
class RecordedAccess:
    """A recorded walk (``govops.snmp.recorded.RecordedAgent``) with the power collector's interface."""

    agent: SnmpReader
    name: str = "walk"

    async def get(self, oids: Sequence[str]) -> dict[str, SnmpValue]:
        """GET from the recording; absent OIDs map to ``None``."""
        got = await self.agent.get(_NO_TARGET, _NO_CREDS, [parse_oid(o) for o in oids])
        by_text = {oid_str(k): _value(v) for k, v in got.items()}
        return {o: by_text.get(o) for o in oids}

    async def walk(self, oid: str) -> dict[str, SnmpValue]:
        """Every recorded row under ``oid``."""
        root = parse_oid(oid)
        res = await self.agent.walk_columns(_NO_TARGET, _NO_CREDS, [root])
        return {oid_str(vb.oid): _value(vb) for vb in res.rows(root)}
