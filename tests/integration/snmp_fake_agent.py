"""A tiny real SNMP agent on a loopback UDP port for behaviour snmpsim cannot show.

snmpsim serves recordings faithfully; broken agents do not. This responder
answers real SNMP packets over UDP (encoded with pysnmp's protocol API) from a
behaviour object, so tests can meet an SNMPv1-only agent, a walk that never
ends, OIDs that do not increase and an agent answering an error status (tooBig, noSuchName, genErr).
"""

from __future__ import annotations

import bisect
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api, rfc1902

from govops.snmp import mib

Oid = tuple[int, ...]


def system_group(descr: str, object_id: str, name: str | None = None) -> dict[Oid, Any]:
    """The system group an agent answers first (sysDescr, sysObjectID, sysUpTime, sysName when given)."""
    rows: dict[Oid, Any] = {
        mib.SYS_DESCR: rfc1902.OctetString(descr.encode()),
        mib.SYS_OBJECT_ID: rfc1902.ObjectIdentifier(object_id),
        mib.SYS_UPTIME: rfc1902.TimeTicks(500),
    }
    if name is not None:
        rows[mib.SYS_NAME] = rfc1902.OctetString(name.encode())
    return rows


@dataclass
class Table:
    """Sorted OID -> value table; ``next_of`` gives the following OID (lexicographic)."""

    values: dict[Oid, Any]
    keys: list[Oid] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = sorted(self.values)

    def get(self, oid: Oid) -> Any:
        return self.values.get(oid)

    def next_of(self, oid: Oid) -> tuple[Oid, Any] | None:
        i = bisect.bisect_right(self.keys, oid)
        if i >= len(self.keys):
            return None
        k = self.keys[i]
        return k, self.values[k]


NextFn = Callable[[Oid], "tuple[Oid, Any] | None"]
# (request kind: "get", "next" or "bulk"; its OIDs) -> error status to answer with (0: answer), error index
RefuseFn = Callable[[str, "list[Oid]"], "tuple[int, int]"]
# (request kind; its OIDs) -> True to leave the request unanswered
DropFn = Callable[[str, "list[Oid]"], bool]
# Error statuses a refusal answers with (RFC 3416; noSuchName is SNMPv1's).
TOO_BIG, NO_SUCH_NAME, GEN_ERR = 1, 2, 5


class FakeAgent:
    """Answer GET/GETNEXT/GETBULK from ``get`` and ``next_of`` callables.

    Args:
        get: OID -> value (pysnmp/pyasn1 object) or None (absent).
        next_of: OID -> (next OID, value) or None (end of MIB).
        versions: Message versions answered (0 = v1, 1 = v2c); others are dropped.
        community: Only this community is answered.
        refuse: (request kind, its OIDs) -> (error status, error index) to answer instead of values; (0, 0) answers.
            The refusal carries the request's varbinds unchanged, as RFC 3416 has an agent do.
        drop: (request kind, its OIDs) -> True to leave the request unanswered (an agent dropping what it does not
            know, or a subagent that hung); counted in ``dropped``, not in ``requests``.
    """

    def __init__(
        self,
        get: Callable[[Oid], Any],
        next_of: NextFn,
        *,
        versions: tuple[int, ...] = (0, 1),
        community: str = "public",
        refuse: RefuseFn | None = None,
        drop: DropFn | None = None,
    ) -> None:
        self.get = get
        self.next_of = next_of
        self.versions = versions
        self.community = community
        self.refuse = refuse
        self.drop = drop
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests = 0
        self.dropped = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> FakeAgent:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, addr = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            self._received(data, addr)

    def _received(self, data: bytes, addr: Any) -> None:
        """Answer one request as it arrives (a subclass may hold it back)."""
        try:
            reply = self._answer(data)
        except Exception:  # a broken request is dropped, as real agents do
            reply = None
        if reply is not None:
            self.sock.sendto(reply, addr)

    def _answer(self, data: bytes) -> bytes | None:
        version = int(api.decodeMessageVersion(data))
        if version not in self.versions:
            return None
        p_mod = api.PROTOCOL_MODULES[version]
        msg, _ = decoder.decode(data, asn1Spec=p_mod.Message())
        if str(p_mod.apiMessage.get_community(msg)) != self.community:
            return None
        req = p_mod.apiMessage.get_pdu(msg)
        oids = [tuple(oid) for oid, _ in p_mod.apiPDU.get_varbinds(req)]
        kind = ("get" if req.isSameTypeWith(p_mod.GetRequestPDU()) else
                "next" if req.isSameTypeWith(p_mod.GetNextRequestPDU()) else "bulk")
        if self.drop is not None and self.drop(kind, oids):
            self.dropped += 1
            return None
        self.requests += 1
        rsp = p_mod.apiPDU.get_response(req)
        out: list[tuple[Oid, Any]] = []
        error_status, error_index = 0, 0
        refused = self.refuse(kind, oids) if self.refuse else (0, 0)
        if refused[0]:
            p_mod.apiPDU.set_varbinds(rsp, [(oid, p_mod.Null("")) for oid in oids])
            p_mod.apiPDU.set_error_status(rsp, refused[0])
            p_mod.apiPDU.set_error_index(rsp, refused[1])
            p_mod.apiMessage.set_pdu(msg, rsp)
            return bytes(encoder.encode(msg))
        if req.isSameTypeWith(p_mod.GetRequestPDU()):
            for i, oid in enumerate(oids):
                value = self.get(oid)
                if value is None:
                    if version == 0:
                        error_status, error_index = 2, i + 1
                        value = p_mod.Null("")
                    else:
                        value = api.PROTOCOL_MODULES[1].NoSuchInstance("")
                out.append((oid, value))
        elif req.isSameTypeWith(p_mod.GetNextRequestPDU()):
            for i, oid in enumerate(oids):
                nxt = self.next_of(oid)
                if nxt is None:
                    if version == 0:
                        error_status, error_index = 2, i + 1
                        out.append((oid, p_mod.Null("")))
                    else:
                        out.append((oid, api.PROTOCOL_MODULES[1].EndOfMibView("")))
                else:
                    out.append(nxt)
        elif version == 1 and req.isSameTypeWith(p_mod.GetBulkRequestPDU()):
            reps = int(p_mod.apiBulkPDU.get_max_repetitions(req))
            cursor = list(oids)
            for _ in range(min(reps, 50)):
                for j, oid in enumerate(cursor):
                    nxt = self.next_of(oid)
                    if nxt is None:
                        out.append((oid, p_mod.EndOfMibView("")))
                    else:
                        out.append(nxt)
                        cursor[j] = nxt[0]
        else:
            return None
        p_mod.apiPDU.set_varbinds(rsp, out)
        if error_status:
            p_mod.apiPDU.set_error_status(rsp, error_status)
            p_mod.apiPDU.set_error_index(rsp, error_index)
        p_mod.apiMessage.set_pdu(msg, rsp)
        return bytes(encoder.encode(msg))


class GoesSilent(FakeAgent):
    """Answers its first ``answers`` requests from ``table``, then none (a device that dies, or whose path drops,
    part way through a poll); ``seen`` counts every request received, the retries included."""

    def __init__(self, table: Table, answers: int) -> None:
        super().__init__(table.get, table.next_of)
        self.answers, self.seen = answers, 0

    def _answer(self, data: bytes) -> bytes | None:
        self.seen += 1
        return super()._answer(data) if self.seen <= self.answers else None
