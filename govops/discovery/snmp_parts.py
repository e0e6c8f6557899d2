"""Identification reads an agent may refuse or drop in part: what it answers identifies the device, the rest is
recorded as not read.

Some embedded agents drop a whole request (no answer) when it holds an OID they do not know, or one under a subagent
that hung; others refuse it with an error status for the whole PDU (genErr, noSuchName), or tooBig down to a single
varbind. Identification's reads of maker MIBs (the vendor values, other makers' identity objects, the power MIB
probes: ``discovery.snmp``) meet them: without this, one such object failed the device that had answered everything
else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

from govops.errors import AuthenticationFailed, DeviceError, DeviceUnreachable
from govops.snmp import mib
from govops.snmp.client import SnmpAccess, WalkResult, answers_text, part_size, require_answers, split
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.values import VarBind
from govops.util.failure import FailureKind, failure_kind
from govops.util.oid import Oid, index_under

_Answer = TypeVar("_Answer", dict[Oid, VarBind], list[VarBind])
_Ask = Callable[[SnmpTarget, SnmpCredentials, Sequence[Oid]], Awaitable[_Answer]]


class PartialReads:
    """An ``SnmpAccess`` for one identification step whose requests may be refused or dropped in part.

    A GET or GETNEXT that fails (no answer, or an error status the client does not resolve itself) is asked once more
    in parts (``part_size``: four OIDs, as the client asks a tooBig request again), all at once; what a part does not
    answer is given up on (``unread``: OID -> "KIND: message") and comes back as nothing there (left out of a GET,
    ``end`` for a GETNEXT), so the step goes on with the rest. With the parts of a request that went unanswered goes a
    GET of sysUpTime.0 (answered by every agent that answered the system group): left unanswered too, the device has
    gone silent, and the first failure is raised as before (the device fails as unreachable, naming the step). So a
    request costs at most two rounds of the target's timeout x tries, the requests of one round sent together;
    credentials refused (SNMPv3) are raised as they come.
    """

    def __init__(self, client: SnmpAccess) -> None:
        self.client = client
        self.unread: dict[Oid, str] = {}
        self._alive: asyncio.Future[bool] | None = None  # the liveness GET in flight, shared by a round's retries

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        """GET; what the agent would not answer is left out (and in ``unread``)."""
        out: dict[Oid, VarBind] = {}
        for _part, answer in await self._read(self.client.get, target, creds, oids):
            out.update(answer or {})
        return out

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        """GETNEXT; nothing there (``end``) after an OID the agent would not answer (and in ``unread``)."""
        parts = await self._read(self.client.get_next, target, creds, oids)
        if len(parts) == 1 and parts[0][1] is not None:
            return parts[0][1]  # answered whole, as the agent gave it
        out: list[VarBind] = []
        for part, answer in parts:  # a GETNEXT's answer is positional: each part's in its place
            got = list(answer or ())[: len(part)]
            out += [*got, *(VarBind(oid, "end", None) for oid in part[len(got):])]
        return out

    async def walk_columns(self, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid],
                           **bounds: Any) -> WalkResult:
        """A walk, as the client does it (identification steps read no table whole)."""
        return await self.client.walk_columns(target, creds, roots, **bounds)

    async def _read(self, ask: _Ask[_Answer], target: SnmpTarget, creds: SnmpCredentials,
                    oids: Sequence[Oid]) -> list[tuple[Sequence[Oid], _Answer | None]]:
        """``oids`` in the parts asked, in order, each with its answer (None: given up on)."""
        try:
            return [(oids, await ask(target, creds, oids))]
        except AuthenticationFailed:
            raise
        except DeviceError as exc:
            first = exc
        parts = split(oids, part_size(oids)) if len(oids) > 1 else []  # as the client splits a tooBig request
        silent = isinstance(first, DeviceUnreachable)
        tried = await asyncio.gather(*(ask(target, creds, h) for h in parts),
                                     *([self._is_alive(target, creds)] if silent else []), return_exceptions=True)
        got = tried[: len(parts)]
        if silent and tried[-1] is not True:
            raise first  # nothing answers now: the device went silent, as a dead one does
        if not silent and any(isinstance(r, DeviceUnreachable) for r in got) and not await self._is_alive(
                target, creds):
            raise next(r for r in got if isinstance(r, DeviceUnreachable))
        if not parts:
            self._give_up(oids, first)
            return [(oids, None)]
        out: list[tuple[Sequence[Oid], _Answer | None]] = []
        for part, result in zip(parts, got, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, DeviceError) or isinstance(result, AuthenticationFailed):
                    raise result
                self._give_up(part, result)
                out.append((part, None))
            else:
                out.append((part, cast(_Answer, result)))
        return out

    def _give_up(self, oids: Sequence[Oid], exc: DeviceError) -> None:
        for oid in oids:
            self.unread.setdefault(oid, _why(exc))

    async def _is_alive(self, target: SnmpTarget, creds: SnmpCredentials) -> bool:
        """Whether the agent still answers (a GET of sysUpTime.0; any answer counts), one GET for the retries sent
        together."""
        if self._alive is None or self._alive.done():
            self._alive = asyncio.ensure_future(still_answers(self.client, target, creds))
        return await asyncio.shield(self._alive)


def not_read_because(kind: FailureKind, message: str) -> str:
    """Why a part was not read, as every ``unread`` entry and discover's not-read lines state it: "KIND: message".

    >>> not_read_because("device", "192.0.2.5:161: SNMP walk: error status 5")
    'device: 192.0.2.5:161: SNMP walk: error status 5'
    """
    return f"{kind}: {message}"


def _why(exc: DeviceError) -> str:
    """Why a part was not read, from the failure that stopped it."""
    return not_read_because(failure_kind(exc), exc.message)


async def still_answers(client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials) -> bool:
    """Whether the agent still answers: a GET of sysUpTime.0 (answered by every agent that answered the system group);
    any answer counts, a refusal too."""
    try:
        await client.get(target, creds, [mib.SYS_UPTIME])
    except DeviceUnreachable:
        return False
    except DeviceError:
        return True  # refused, but answered
    return True


async def walk_part(client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid],
                    **bounds: Any) -> tuple[WalkResult, str | None]:
    """A table walk identification reads (ENTITY-MIB, IF-MIB, IP-MIB) that the agent may stop answering midway (a
    large table, an overloaded agent) or refuse (genErr, tooBig down to one varbind), from its first request or
    midway, while the rest answers: the rows read, and why the table is not whole ("KIND: message"; None when the
    walk ended or met one of its own bounds).

    Silence is asked about once (``still_answers``): left unanswered too, the device has gone silent and fails as
    unreachable, as before. A walk is not asked again: its next request is the one that went unanswered.
    """
    try:
        walk = await client.walk_columns(target, creds, roots, **bounds)
    except AuthenticationFailed:
        raise
    except DeviceError as exc:
        if isinstance(exc, DeviceUnreachable) and not await still_answers(client, target, creds):
            raise
        return WalkResult({root: [] for root in roots}), _why(exc)
    if walk.stopped == "refused":  # refused after some answers: the rows read are kept, as after a silence
        return walk, not_read_because("device", f"{target}: {walk.detail or 'refused'}")
    if walk.stopped != "no_answer":
        return walk, None
    if not await still_answers(client, target, creds):
        require_answers(target, walk)  # raises: the device went silent, as a dead one does
    return walk, not_read_because("unreachable", f"{walk.detail} (after {answers_text(walk.requests)})")


def under(oid: Oid, roots: Sequence[Oid]) -> bool:
    """Whether ``oid`` is one of ``roots`` or lies below one."""
    return any(index_under(oid, root) is not None for root in roots)


def unread_under(unread: Mapping[Oid, str], roots: Sequence[Oid]) -> str | None:
    """Why the first OID given up on (``PartialReads.unread``: OID -> why) under one of ``roots`` was not read; None
    when none was given up on."""
    return next((why for oid, why in unread.items() if under(oid, roots)), None)
