"""The SNMP client shared by discovery and the agents (pysnmp 7 on asyncio).

One ``SnmpClient`` per event loop (``get_client()``). SNMPv1/v2c requests go
through the packed BER codec and the one UDP socket of ``govops.snmp.packed_get``
(the bandwidth agent's path: no pyasn1 objects, a few µs per varbind instead of
~150); the pysnmp v3arch ``SnmpEngine`` (about 80 ms to create) is made only
when a v3 target is first used.

Walks use GETBULK (GETNEXT for SNMPv1) over several table columns at once, with
a row budget and a deadline, and stop on an OID that does not increase, so a
broken or endless agent costs bounded time. Every failure is a
``DeviceUnreachable``, ``AuthenticationFailed`` or ``DeviceError`` naming the
target and the OID.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import logging
import operator
import socket
import time
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

from pysnmp.error import PySnmpError
from pysnmp.proto import errind

from govops.errors import AuthenticationFailed, DeviceError, DeviceUnreachable, HostNotFound
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.packed_get import (
    BEYOND,
    Column,
    PackedGetClient,
    Request,
    decode_varbinds,
    encode_oid,
    encode_request,
)
from govops.snmp.values import VarBind, decode_value
from govops.util.oid import Oid, index_under, oid_str

log = logging.getLogger(__name__)

# no_answer: the agent answered the walk's first request, then not one within its timeout and retries.
# refused: the agent answered the walk's first request, then refused one with an error status.
StopReason = Literal["end", "max_rows", "deadline", "not_increasing", "no_answer", "refused"]

# v1 errorStatus noSuchName: on GET one OID is absent; on GETNEXT the walk is over.
_NO_SUCH_NAME = 2
_TOO_BIG = 1
# Varbinds one GETBULK asks for at most (max-repetitions x columns): agents whose messages
# are smaller send fewer, as RFC 3416 4.2.3 lets them.
_MAX_BULK_VARBINDS = 1000
# Varbinds per request when a GET or GETNEXT was refused as tooBig and is asked again in parts, all at once (one more
# round trip): four values outgrow the smallest buffers in use (Cisco IOS's 1,500 bytes by default) only when they
# average some 350 bytes, past a DisplayString's 255. A part refused again is halved, down to single varbinds.
_TOO_BIG_PART = 4
_WALK_VARBINDS = 64
_MAX_TRANSPORTS = 65_536

_KIND = operator.itemgetter(1)  # VarBind.kind
_OID = operator.itemgetter(0)  # VarBind.oid

_AUTH_ERRORS: tuple[type[errind.ErrorIndication], ...] = (
    errind.UnknownUserName,
    errind.WrongDigest,
    errind.AuthenticationError,
    errind.AuthenticationFailure,
    errind.DecryptionError,
    errind.UnknownSecurityName,
    errind.UnsupportedSecurityLevel,
    errind.UnknownCommunityName,
    errind.NotInTimeWindow,
)


@dataclass(frozen=True)
class WalkResult:
    """Rows of one or more columns, and why the walk stopped.

    ``columns`` maps each requested root to its rows in agent order.
    ``stopped`` is ``end`` for a complete walk; anything else means partial.
    """

    columns: dict[Oid, list[VarBind]]
    stopped: StopReason = "end"
    detail: str | None = None
    requests: int = 0

    @property
    def complete(self) -> bool:
        """True when every column was walked to its end."""
        return self.stopped == "end"

    def rows(self, root: Oid) -> list[VarBind]:
        """Rows of one column (empty if the column was not requested or is absent)."""
        return self.columns.get(root, [])

    @property
    def varbinds(self) -> int:
        """Number of varbinds received in all columns."""
        return sum(len(v) for v in self.columns.values())


# The device errors that are no refusal of the request itself: no answer, or SNMPv3 credentials refused. Asking
# again in parts or in another form changes nothing and, without an answer, waits out the timeout again; every
# fallback that retries a refused request lets these through (``except NOT_A_REFUSAL: raise``).
NOT_A_REFUSAL = (DeviceUnreachable, AuthenticationFailed)


def require_answers(target: SnmpTarget, walk: WalkResult) -> WalkResult:
    """``walk``, unless the agent stopped answering part way: then the device is unreachable, as when its first
    request goes unanswered; or refused a request part way: then the walk fails as when its first request is refused.
    Every consumer but identification's table walks (``discovery.snmp_parts.walk_part``) treats it so: the rows so far
    are no table (a partial interface table or power reading would pass for a complete one), and another request to
    the device would wait out the timeout again.

    Raises:
        DeviceUnreachable: The walk stopped ``no_answer``; the message names the walk and the answers it got.
        DeviceError: The walk stopped ``refused``; the message names the walk, the error status and the answers it
            got before.
    """
    if walk.stopped == "no_answer":
        raise DeviceUnreachable(
            f"{walk.detail} (after {answers_text(walk.requests)}; no answer within "
            f"{target.timeout:g} s x {target.tries})",
            device=str(target),
        )
    if walk.stopped == "refused":
        raise DeviceError(walk.detail or "SNMP walk refused", device=str(target))
    return walk


def answers_text(n: int) -> str:
    """``1 answer``, ``2 answers``: the answers a walk took before it stopped, as messages say it."""
    return f"{n} answer" if n == 1 else f"{n} answers"


class SnmpAccess(Protocol):
    """What discovery asks of an agent: the client's three operations (a recorded walk answers them too)."""

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        """GET scalars; absent OIDs are left out."""
        ...

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        """GETNEXT."""
        ...

    async def walk_columns(
        self,
        target: SnmpTarget,
        creds: SnmpCredentials,
        roots: Sequence[Oid],
        *,
        max_rows: int = 10_000,
        deadline: float | None = None,
        rows_hint: int | None = None,
    ) -> WalkResult:
        """Walk columns side by side."""
        ...


# A walk's columns in request order, for the packed decoder: (encoded root body or None, root).
_Within = Sequence[Column]
# One request (operation, OIDs, max-repetitions, the walk's columns) and its answer
# (errorStatus, errorIndex, varbinds).
_Pdu = tuple[Literal["get", "next", "bulk"], Sequence[Oid], int, "_Within | None"]
_SECRET_TTL = 30.0  # seconds a resolved community is reused (a secret file is not read per request)
_Answer = tuple[int, int, list[VarBind]]
_Part = TypeVar("_Part", dict[Oid, VarBind], list[VarBind])


async def _in_parts(
    ask: Callable[[SnmpTarget, SnmpCredentials, Sequence[Oid]], Awaitable[_Part]],
    target: SnmpTarget,
    creds: SnmpCredentials,
    oids: Sequence[Oid],
    size: int,
    *,
    together: bool,
) -> list[_Part]:
    """``ask`` for ``oids`` in parts of at most ``size`` (``split``), the answers in order; all in
    flight at once (``together``) or each after the one before. Every part runs to its end before the first failure
    is raised."""
    parts = split(oids, size)
    if not together:
        return [await ask(target, creds, part) for part in parts]
    answers = await asyncio.gather(*(ask(target, creds, part) for part in parts), return_exceptions=True)
    out: list[_Part] = []
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
        out.append(answer)
    return out


def split(oids: Sequence[Oid], size: int) -> list[Sequence[Oid]]:
    """The one way a request is split: ``oids`` in order, in parts of at most ``size``."""
    return [oids[i : i + size] for i in range(0, len(oids), size)]


def part_size(oids: Sequence[Oid]) -> int:
    """The part size a refused request is asked again in (tooBig here; any refusal or silence of identification's
    vendor-MIB reads, ``discovery.snmp_parts``): ``_TOO_BIG_PART`` OIDs, half of them when fewer."""
    return min(_TOO_BIG_PART, (len(oids) + 1) // 2)


async def next_apart(
    access: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]
) -> list[VarBind]:
    """What follows each of ``oids``, OIDs that stand apart (one GETNEXT): an agent refusing it (an error status the
    client does not resolve itself, a malformed answer) is asked each half in turn, and has nothing (``end``) after an
    OID it refuses alone.

    Raises:
        DeviceUnreachable: No answer: raised as it comes, never split (halves of a request a device did not answer
            would each wait out the timeout too: some 2N-1 timeouts for N OIDs).
        AuthenticationFailed: SNMPv3 credentials refused (fewer OIDs change nothing).
    """
    if not oids:
        return []
    try:
        return await access.get_next(target, creds, oids)
    except NOT_A_REFUSAL:
        raise
    except DeviceError:
        if len(oids) < 2:
            return [VarBind(oid, "end", None) for oid in oids]

    async def ask(target: SnmpTarget, creds: SnmpCredentials, part: Sequence[Oid]) -> list[VarBind]:
        return await next_apart(access, target, creds, part)

    return [vb for part in await _in_parts(ask, target, creds, oids, (len(oids) + 1) // 2, together=False)
            for vb in part]


@dataclass
class _Stats:
    requests: int = 0
    varbinds: int = 0  # received, including the rows a walk reads past a column's end
    values: int = 0  # handed to the caller: present GET values, GETNEXT answers, walk rows


@dataclass
class SnmpClient:
    """Asynchronous SNMP GET, GETNEXT and walks over many targets with one engine.

    Create it inside a running event loop (or use ``get_client()``), share it
    between tasks, and ``close()`` it when the loop ends.
    """

    max_repetitions: int = 25
    stats: _Stats = field(default_factory=_Stats)
    _packed: PackedGetClient | None = field(default=None, repr=False)
    _engine: Any = field(default=None, repr=False)
    _transports: dict[SnmpTarget, Any] = field(default_factory=dict, repr=False)
    _addresses: dict[str, str] = field(default_factory=dict, repr=False)
    _communities: dict[SnmpCredentials, tuple[float, bytes]] = field(default_factory=dict, repr=False)

    # --- engines -----------------------------------------------------------------------------

    def _v3(self) -> Any:
        if self._engine is None:
            from pysnmp.hlapi.v3arch.asyncio import SnmpEngine

            self._engine = SnmpEngine()
        return self._engine

    def close(self) -> None:
        """Close the packed v1/v2c socket and the v3 engine."""
        if self._packed is not None:
            self._packed.close()
            self._packed = None
        if self._engine is not None:
            self._engine.close_dispatcher()
            self._engine = None

    @property
    def round_trips(self) -> int:
        """v1/v2c requests sent while no other was waiting for its answer (one agent asked at a time: its round
        trips; requests sent together count once)."""
        return self._packed.round_trips if self._packed is not None else 0

    @property
    def largest_answer(self) -> int:
        """The largest v1/v2c answer to a GET or GETNEXT received since the client began or this was last set (to 0),
        in bytes: past an agent's buffer such an answer is refused as tooBig (a GETBULK answer is cut short)."""
        return self._packed.largest_answer if self._packed is not None else 0

    @largest_answer.setter
    def largest_answer(self, size: int) -> None:
        self._packed_client().largest_answer = size

    # --- transport ---------------------------------------------------------------------------

    async def _transport(self, target: SnmpTarget) -> Any:
        """The pysnmp v3 transport target, built once per target (no resolver call for IP literals)."""
        cached = self._transports.get(target)
        if cached is not None:
            return cached
        from pysnmp.hlapi.v3arch.asyncio import Udp6TransportTarget, UdpTransportTarget

        cls = Udp6TransportTarget if ":" in target.host else UdpTransportTarget
        try:
            ipaddress.ip_address(target.host)
        except ValueError:
            try:
                transport = await cls.create((target.host, target.port), timeout=target.timeout, retries=target.retries)
            except PySnmpError as exc:
                raise DeviceUnreachable(f"cannot resolve or open {target}: {exc}", device=str(target)) from exc
        else:
            # pysnmp's create() sends even an address literal through the thread-pool resolver;
            # for thousands of CIDR targets that costs more than the SNMP request itself.
            transport = cls.__new__(cls)
            transport.transport_address = (target.host, target.port)
            transport.__init__(timeout=target.timeout, retries=target.retries)
        if len(self._transports) >= _MAX_TRANSPORTS:
            self._transports.clear()
        self._transports[target] = transport
        return transport

    def _usm(self, creds: SnmpCredentials) -> Any:
        from pysnmp.hlapi.v3arch.asyncio import (
            USM_AUTH_HMAC96_MD5,
            USM_AUTH_HMAC96_SHA,
            USM_AUTH_HMAC192_SHA256,
            USM_PRIV_CBC56_DES,
            USM_PRIV_CFB128_AES,
            USM_PRIV_CFB256_AES,
            UsmUserData,
        )

        auth_protos = {"md5": USM_AUTH_HMAC96_MD5, "sha": USM_AUTH_HMAC96_SHA, "sha256": USM_AUTH_HMAC192_SHA256}
        priv_protos = {"aes": USM_PRIV_CFB128_AES, "aes256": USM_PRIV_CFB256_AES, "des": USM_PRIV_CBC56_DES}
        auth_key = creds.auth_key.resolve() if creds.auth_key else None
        priv_key = creds.priv_key.resolve() if creds.priv_key else None
        return UsmUserData(
            creds.user,
            authKey=auth_key,
            privKey=priv_key,
            authProtocol=auth_protos[creds.auth] if creds.auth else None,
            privProtocol=priv_protos[creds.priv] if creds.priv else None,
        )

    # --- one request -------------------------------------------------------------------------

    async def _request(
        self,
        op: Literal["get", "next", "bulk"],
        target: SnmpTarget,
        creds: SnmpCredentials,
        oids: Sequence[Oid],
        max_repetitions: int = 0,
        *,
        within: _Within | None = None,
    ) -> _Answer:
        """Send one PDU; return (errorStatus, errorIndex, decoded varbinds) or raise a DeviceError.

        ``within`` (walks) names the column each varbind belongs to: a varbind outside it comes
        back as ``BEYOND`` (kind ``end``) without being decoded.
        """
        if not oids:
            return 0, 0, []
        if creds.version != "3" and target.host not in self._addresses:
            # Outside the try: a name that does not resolve says so, not 'no SNMP answer' (a typo, not a dead agent).
            await self._address(target)
        try:
            send = self._request_v3 if creds.version == "3" else self._request_packed
            status, index, out = await send(target, creds, (op, oids, max_repetitions, within))
        except DeviceUnreachable as exc:
            raise _no_answer(op, oids, target) from exc
        self.stats.requests += 1
        self.stats.varbinds += len(out)
        return status, index, out

    async def _request_packed(self, target: SnmpTarget, creds: SnmpCredentials, pdu: _Pdu) -> _Answer:
        """SNMPv1/v2c through the packed BER codec the bandwidth agent uses (no pyasn1 objects)."""
        op, oids, max_repetitions, within = pdu
        resolved = self._addresses.get(target.host)
        data = await self._packed_client().request(
            (resolved, target.port) if resolved is not None else await self._address(target),
            self._community(creds),
            op,
            [_encoded(oid) for oid in oids],
            version=0 if creds.version == "1" else 1,
            max_repetitions=max_repetitions,
            timeout=target.timeout,
            retries=target.retries,
            device=str(target),
        )
        try:
            response, out, _last = decode_varbinds(data, within or ())
        except ValueError as exc:
            raise DeviceError(f"SNMP {op} {oid_str(oids[0])}: malformed response: {exc}", device=str(target)) from exc
        return response.error_status, response.error_index, out

    def _packed_client(self) -> PackedGetClient:
        if self._packed is None:
            self._packed = PackedGetClient()
        return self._packed

    def _community(self, creds: SnmpCredentials) -> bytes:
        """The community as sent, resolved at most every ``_SECRET_TTL`` seconds (a file or variable may change)."""
        now = time.monotonic()
        hit = self._communities.get(creds)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = creds.community.resolve().encode("utf-8") if creds.community else b""
        if len(self._communities) >= _MAX_TRANSPORTS:
            self._communities.clear()
        self._communities[creds] = (now + _SECRET_TTL, value)
        return value

    async def _address(self, target: SnmpTarget) -> tuple[str, int]:
        """The target's socket address; a host name is resolved once per client."""
        cached = self._addresses.get(target.host)
        if cached is not None:
            return cached, target.port
        try:
            ipaddress.ip_address(target.host)
        except ValueError:
            loop = asyncio.get_running_loop()
            try:
                infos = await loop.getaddrinfo(target.host, target.port, type=socket.SOCK_DGRAM)
            except OSError as exc:
                raise HostNotFound(f"cannot resolve {target}: {exc}", device=str(target),
                                   hint="check the name (DNS, /etc/hosts) or give the address") from exc
            cached = str(infos[0][4][0])
        else:
            cached = target.host
        if len(self._addresses) >= _MAX_TRANSPORTS:
            self._addresses.clear()
        self._addresses[target.host] = cached
        return cached, target.port

    async def _request_v3(self, target: SnmpTarget, creds: SnmpCredentials, pdu: _Pdu) -> _Answer:
        """SNMPv3 through pysnmp's v3arch engine (USM authentication and privacy)."""
        op, oids, max_repetitions, within = pdu
        from pysnmp.hlapi.v3arch import asyncio as v3a

        transport = await self._transport(target)
        vbs = [v3a.ObjectType(v3a.ObjectIdentity(oid)) for oid in oids]
        args = (self._v3(), self._usm(creds), transport, v3a.ContextData(contextName=creds.context or ""))
        try:
            if op == "get":
                ind, status, index, varbinds = await v3a.get_cmd(*args, *vbs, lookupMib=False)
            elif op == "next":
                ind, status, index, varbinds = await v3a.next_cmd(*args, *vbs, lookupMib=False)
            else:
                ind, status, index, varbinds = await v3a.bulk_cmd(*args, 0, max_repetitions, *vbs, lookupMib=False)
        except PySnmpError as exc:
            raise DeviceError(f"SNMP {op} {oid_str(oids[0])} failed: {exc}", device=str(target)) from exc
        if ind:
            first = oid_str(oids[0]) + (f" (+{len(oids) - 1} more)" if len(oids) > 1 else "")
            if isinstance(ind, errind.RequestTimedOut):
                raise DeviceUnreachable(f"no SNMP answer to {op} {first}", device=str(target))
            if isinstance(ind, _AUTH_ERRORS):
                raise AuthenticationFailed(f"SNMP {op} {first} refused: {ind}", device=str(target))
            raise DeviceError(f"SNMP {op} {first} failed: {ind}", device=str(target))
        out = [VarBind(tuple(vb[0]), *decode_value(vb[1])) for vb in _flatten(varbinds)]
        return int(status), int(index), _outside_as_beyond(out, within) if within else out

    # --- public operations -------------------------------------------------------------------

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        """GET scalars; absent OIDs are left out of the result.

        SNMPv1 answers ``noSuchName`` for the whole PDU when one OID is absent;
        that OID is dropped and the rest asked again. An agent whose answer would outgrow its buffer
        (tooBig) is asked again in parts of ``_TOO_BIG_PART`` OIDs, all at once: one more round trip.

        Raises:
            DeviceUnreachable: No answer within the target's timeout and retries.
            AuthenticationFailed: SNMPv3 credentials refused.
            DeviceError: The agent answered with another error status.
        """
        pending = list(oids)
        result: dict[Oid, VarBind] = {}
        while pending:
            status, index, varbinds = await self._request("get", target, creds, pending)
            if status == _NO_SUCH_NAME and 0 < index <= len(pending):
                del pending[index - 1]
                continue
            if status == _TOO_BIG and len(pending) > 1:
                for part in await _in_parts(self.get, target, creds, pending, part_size(pending), together=True):
                    result.update(part)
                return result  # each part counted its own values
            if status:
                where = oid_str(pending[index - 1]) if 0 < index <= len(pending) else oid_str(pending[0])
                raise DeviceError(f"SNMP get {where}: agent answered error status {status}", device=str(target))
            for vb in varbinds:
                if vb.kind not in ("missing", "end"):
                    result[vb.oid] = vb
            break
        self.stats.values += len(result)
        return result

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        """GETNEXT: the varbind following each OID (``end`` kind past the last one).

        An agent that cannot send that many answers at once (tooBig) is asked again in parts, as ``get`` does.
        """
        status, _index, varbinds = await self._request("next", target, creds, oids)
        if status == _TOO_BIG and len(oids) > 1:
            parts = await _in_parts(self.get_next, target, creds, oids, part_size(oids), together=True)
            return [vb for part in parts for vb in part]
        if status == _NO_SUCH_NAME:
            return [VarBind(oid, "end", None) for oid in oids]
        if status:
            raise DeviceError(f"SNMP getnext {oid_str(oids[0])}: error status {status}", device=str(target))
        self.stats.values += len(varbinds)
        return varbinds

    async def bulk_walk(
        self,
        target: SnmpTarget,
        creds: SnmpCredentials,
        root: Oid,
        *,
        max_rows: int = 10_000,
        deadline: float | None = None,
    ) -> WalkResult:
        """Walk one subtree; see ``walk_columns``."""
        return await self.walk_columns(target, creds, [root], max_rows=max_rows, deadline=deadline)

    async def walk_columns(
        self,
        target: SnmpTarget,
        creds: SnmpCredentials,
        roots: Sequence[Oid],
        *,
        max_rows: int = 10_000,
        deadline: float | None = None,
        rows_hint: int | None = None,
    ) -> WalkResult:
        """Walk several subtrees (table columns) side by side with GETBULK (GETNEXT for v1).

        Args:
            target: The agent.
            creds: Credentials; SNMPv1 walks with GETNEXT.
            roots: Subtrees to walk, e.g. the columns of ``ifTable``.
            max_rows: Budget of rows per column; more makes the result partial (``max_rows``).
            deadline: ``time.monotonic()`` value after which the walk stops (``deadline``).
            rows_hint: How many rows the agent says the table has (``ifNumber`` for ``ifTable``):
                GETBULK then asks for that many plus one, so the walk usually ends in one request
                that reads one row past the end instead of up to ``max_repetitions``. A wrong
                hint costs only requests: past it the walk sizes its requests as without one.

        Returns:
            The rows per root; ``stopped`` says whether the walk ended or was cut short,
            including ``not_increasing`` when the agent returned an OID that did not increase.

        Raises:
            DeviceUnreachable: If the first request gets no answer (a later one unanswered gives the rows so far,
                stopped ``no_answer``).
            DeviceError: If the first request is refused with an error status (a later one refused gives the rows so
                far, stopped ``refused``).
            AuthenticationFailed: SNMPv3 credentials refused.
        """
        walk = _Walk(
            roots, v1=creds.version == "1", max_repetitions=self.max_repetitions, max_rows=max_rows,
            deadline=deadline, rows_hint=rows_hint, device=str(target),
        )
        try:
            if creds.version == "3":
                while (pdu := walk.next_pdu()) is not None:
                    op, want, n, within = pdu
                    walk.take(*await self._request(op, target, creds, want, n, within=within))
            else:
                await self._walk_packed(target, creds, walk)
        except DeviceUnreachable:
            if walk.requests == 0:
                raise
            walk.stop("no_answer", f"agent stopped answering during {_names(walk.active)}")
        finally:
            self.stats.values += walk.kept
        return walk.result or WalkResult(walk.columns, "end", None, walk.requests)

    async def _walk_packed(self, target: SnmpTarget, creds: SnmpCredentials, walk: _Walk) -> None:
        """A v1/v2c walk run from the socket's callback: each answer is decoded and the next request sent
        there, without a task switch per request."""
        spoken = _PackedWalk(walk)
        try:
            await self._packed_client().converse(
                await self._address(target),
                self._community(creds),
                spoken,
                version=0 if walk.v1 else 1,
                timeout=target.timeout,
                retries=target.retries,
                device=str(target),
            )
        except DeviceUnreachable as exc:
            raise _no_answer("next" if walk.v1 else "bulk", walk.active, target) from exc
        finally:
            self.stats.requests += walk.requests
            self.stats.varbinds += spoken.received


class _Walk:
    """One walk of table columns side by side: what to ask next, and what the answers gave.

    No I/O here: the v1/v2c path runs it from the socket's callback (``_PackedWalk``), SNMPv3 from a
    loop of awaited requests. See ``SnmpClient.walk_columns`` for what it does.
    """

    def __init__(
        self,
        roots: Sequence[Oid],
        *,
        v1: bool,
        max_repetitions: int,
        max_rows: int,
        deadline: float | None,
        rows_hint: int | None,
        device: str,
    ) -> None:
        self.columns: dict[Oid, list[VarBind]] = {root: [] for root in roots}
        self.cursor: dict[Oid, Oid] = {root: root for root in roots}
        self.active = list(dict.fromkeys(roots))
        self.bodies = {root: _root_body(root) for root in self.active}
        self.v1, self.max_rows, self.deadline, self.rows_hint, self.device = v1, max_rows, deadline, rows_hint, device
        self.requests = 0  # answers taken
        self.kept = 0  # rows handed to the caller
        self.result: WalkResult | None = None
        # Start small and double: a short or absent table (no LLDP, two ports) then costs a few
        # varbinds instead of max_repetitions x columns of rows from beyond its end.
        # A table of one or two columns may ask for more rows per request, up to _WALK_VARBINDS
        # varbinds (what a 1,500-byte answer holds of short values), so its rows cost fewer requests.
        self.cap = max(max_repetitions, _WALK_VARBINDS // max(1, len(self.active)))
        self.reps = min(self.cap, 8)
        self.n = self.reps  # max-repetitions of the request out
        self.ceiling = _MAX_BULK_VARBINDS  # varbinds per request; lowered for good after a tooBig

    def stop(self, stopped: StopReason, detail: str | None) -> None:
        self.result = WalkResult(self.columns, stopped, detail, self.requests)

    def next_pdu(self) -> _Pdu | None:
        """The next request, or None when the walk is over (``result`` says how)."""
        if self.result is not None:
            return None
        active = self.active
        if not active:
            self.stop("end", None)
            return None
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stop("deadline", f"walk of {_names(active)} ran out of time")
            return None
        want = [self.cursor[r] for r in active]
        within = [(self.bodies[r], r) for r in active]
        if self.v1:
            return "next", want, 0, within
        done_rows = min(len(self.columns[r]) for r in active)
        if self.rows_hint is not None and done_rows < self.rows_hint:
            n = self.rows_hint - done_rows + 1  # the rest, and one row to see the end
        else:
            n = self.reps
            self.reps = min(self.cap, self.reps * 2)
        self.n = max(1, min(n, self.max_rows - done_rows, self.ceiling // len(active)))
        return "bulk", want, self.n, within

    def take(self, status: int, index: int, varbinds: list[VarBind]) -> None:
        """The answer to the request ``next_pdu`` gave.

        Raises:
            DeviceError: The agent answered the walk's first request with an error status (a later one stops the
                walk ``refused``: the rows read are kept, as when a later request goes unanswered).
        """
        self.requests += 1
        active = self.active
        if self.v1 and status == _NO_SUCH_NAME:
            # SNMPv1 signals "past the end of the MIB" as an error for the whole PDU:
            # that column is complete; ask again for the others.
            finished = active[index - 1] if 0 < index <= len(active) else None
            self.active = [r for r in active if r != finished] if finished else []
            return
        if status == _TOO_BIG and not self.v1 and self.n > 1:
            # The agent cannot send that many: never ask for more again (the hint included).
            self.cap = self.reps = max(1, self.n // 2)
            self.ceiling = max(1, min(self.ceiling, self.cap * len(active)))
            return
        if status:
            message = f"SNMP walk {_names(active)}: error status {status}"
            if self.requests == 1:
                raise DeviceError(message, device=self.device)
            self.stop("refused", f"{message} (after {answers_text(self.requests - 1)})")
            return
        if not varbinds:
            self.active = []
            return
        done = self._take_clean(varbinds)
        if done is None:
            done = self._take_each(varbinds)
            if done is None:
                return
        self.active = [r for r in active if r not in done]

    def _take_clean(self, varbinds: list[VarBind]) -> set[Oid] | None:
        """Take the answer a column at a time (slices, C-level comparisons) when it is clean: every column's
        rows increase, from its cursor on, and stay within ``max_rows``. Otherwise take nothing and return
        None; else the columns that ended."""
        active, columns, cursor = self.active, self.columns, self.cursor
        width = len(active)
        taken: list[tuple[Oid, list[VarBind]]] = []
        done: set[Oid] = set()
        for j, root in enumerate(active):
            column = varbinds[j::width] if width > 1 else varbinds
            kinds = list(map(_KIND, column))
            if "end" in kinds:  # past the column's end (BEYOND), or endOfMibView
                column = column[: kinds.index("end")]
                done.add(root)
            if column:
                oids = list(map(_OID, column))
                if not (oids[0] > cursor[root] and all(map(operator.lt, oids, itertools.islice(oids, 1, None)))):
                    return None
                if len(columns[root]) + len(column) >= self.max_rows:
                    return None
                taken.append((root, column))
        for root, column in taken:
            columns[root].extend(column)
            cursor[root] = column[-1].oid
            self.kept += len(column)
        return done

    def _take_each(self, varbinds: list[VarBind]) -> set[Oid] | None:
        """Take the answer varbind by varbind, in the agent's order, up to the first that does not increase or
        fills a column's ``max_rows`` (then the walk stops: None); else the columns that ended."""
        active = self.active
        done: set[Oid] = set()
        width = len(active)
        columns, cursor, max_rows = self.columns, self.cursor, self.max_rows
        kept = 0
        try:
            # The decoder gave every varbind outside its column as kind "end" (BEYOND).
            for i, vb in enumerate(varbinds):
                root = active[i % width]
                if root in done:
                    continue
                if vb.kind == "end":
                    done.add(root)
                    continue
                oid = vb.oid
                if oid <= cursor[root]:
                    self.stop("not_increasing", f"agent returned {oid_str(oid)} after {oid_str(cursor[root])} in "
                              f"{oid_str(root)}")
                    return None
                cursor[root] = oid
                rows = columns[root]
                rows.append(vb)
                kept += 1
                if len(rows) >= max_rows:
                    self.stop("max_rows", f"{oid_str(root)} has more than {max_rows} rows")
                    return None
        finally:
            self.kept += kept
        return done


class _PackedWalk:
    """A walk spoken through the packed codec: its requests encoded, its answers decoded straight to rows.

    A column's next request starts from the encoding of the row it read last, as the decoder found it.
    """

    __slots__ = ("encodings", "received", "walk", "within")

    def __init__(self, walk: _Walk) -> None:
        self.walk = walk
        self.within: _Within = ()
        self.encodings: dict[Oid, bytes] = {}
        self.received = 0  # varbinds, including the rows read past a column's end

    def next_request(self) -> Request | None:
        pdu = self.walk.next_pdu()
        if pdu is None:
            return None
        op, want, n, within = pdu
        self.within = within or ()
        encodings = self.encodings
        return encode_request(op, [encodings.get(oid) or _encoded(oid) for oid in want], n)

    def answer(self, data: bytes) -> None:
        try:
            response, out, last = decode_varbinds(data, self.within)
        except ValueError as exc:
            walk = self.walk
            raise DeviceError(
                f"SNMP walk {_names(walk.active)}: malformed response: {exc}", device=walk.device
            ) from exc
        self.received += len(out)
        self.encodings = dict(row for row in last if row is not None)
        self.walk.take(response.error_status, response.error_index, out)


def _no_answer(op: str, oids: Sequence[Oid], target: SnmpTarget) -> DeviceUnreachable:
    first = oid_str(oids[0]) + (f" (+{len(oids) - 1} more)" if len(oids) > 1 else "")
    return DeviceUnreachable(
        f"no SNMP answer to {op} {first} within {target.timeout:g} s x {target.tries}",
        device=str(target),
        hint="check address, port and that the agent runs; with SNMPv1/v2c a wrong community also looks like no answer",
    )


def _outside_as_beyond(varbinds: list[VarBind], within: _Within) -> list[VarBind]:
    """A walk's varbinds with those outside their column (or the root itself) as ``BEYOND``, as the
    packed decoder gives them."""
    width = len(within)
    out = []
    for i, vb in enumerate(varbinds):
        root = within[i % width][1]
        out.append(vb if index_under(vb.oid, root) else BEYOND)  # strictly below: a non-empty index
    return out


_ENCODED_CACHE = 4_096
_encoded_oids: dict[Oid, bytes] = {}


def _encoded(oid: Oid) -> bytes:
    """The BER encoding of an OID a request asks for; the fixed ones (system group, probes, walk roots)
    are encoded once per process."""
    hit = _encoded_oids.get(oid)
    if hit is None:
        hit = encode_oid(oid)
        if len(_encoded_oids) >= _ENCODED_CACHE:
            _encoded_oids.clear()
        _encoded_oids[oid] = hit
    return hit


def _root_body(root: Oid) -> bytes | None:
    """The encoded body of a walk's root (no tag and length), or None when it needs a long length."""
    encoded = _encoded(root)  # every device walks the same roots: encoded once per process
    return encoded[2:] if encoded[1] < 0x80 else None


def _flatten(varbinds: Any) -> list[Any]:
    out: list[Any] = []
    for vb in varbinds or ():
        if isinstance(vb, list | tuple) and vb and isinstance(vb[0], list | tuple):
            out.extend(vb)
        else:
            out.append(vb)
    return out


def _names(roots: Sequence[Oid]) -> str:
    return ", ".join(oid_str(r) for r in roots[:3]) + (" ..." if len(roots) > 3 else "")


_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SnmpClient] = weakref.WeakKeyDictionary()


def get_client() -> SnmpClient:
    """Return the one client of the running event loop, creating it on first use.

    pysnmp binds its sockets to the loop that opened them, so the client is
    kept per loop; call ``close_client()`` before the loop ends.
    """
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        client = SnmpClient()
        _clients[loop] = client
    return client


def close_client() -> None:
    """Close the client of the running event loop, if any."""
    loop = asyncio.get_running_loop()
    client = _clients.pop(loop, None)
    if client is not None:
        client.close()
