"""The lean SNMP v1/v2c path: pre-encoded requests, a small BER reader, one UDP socket.

Why not pysnmp here: pysnmp spends ~150 µs of CPU per varbind building and parsing
generic ASN.1 objects. The bandwidth agent sends the *same* GET requests every cycle
(the same OIDs for the same interfaces): it encodes each request's varbind list once,
changes only the request-id per send, and compares response OIDs as raw bytes against
what was asked. The shared client (``govops.snmp.client``) sends its v1/v2c GET, GETNEXT
and GETBULK requests through the same codec and socket (``PackedGetClient.request``);
SNMPv3 stays with pysnmp.

All requests of a process share one UDP socket per address family; responses are
matched to waiting requests by request-id and source address.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import re
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from govops.errors import DeviceError, DeviceUnreachable
from govops.snmp.credentials import SnmpTarget, tries_text
from govops.snmp.values import SnmpValue, ValueKind, VarBind, to_hex
from govops.util.oid import index_under, oid_str

log = logging.getLogger(__name__)

# ASN.1 / SNMP tags.
_INTEGER = 0x02
_OCTET_STRING = 0x04
_NULL = 0x05
_OID = 0x06
_SEQUENCE = 0x30
_IPADDRESS = 0x40
_COUNTER32 = 0x41
_GAUGE32 = 0x42
_TIMETICKS = 0x43
_OPAQUE = 0x44
_COUNTER64 = 0x46
_GET_REQUEST = 0xA0
_GET_NEXT_REQUEST = 0xA1
_GET_RESPONSE = 0xA2
_GET_BULK_REQUEST = 0xA5
PDU_TAGS = {"get": _GET_REQUEST, "next": _GET_NEXT_REQUEST, "bulk": _GET_BULK_REQUEST}
NO_SUCH_OBJECT = 0x80
NO_SUCH_INSTANCE = 0x81
END_OF_MIB_VIEW = 0x82

_MULTI_BYTE = re.compile(rb"[\x80-\xff]")  # a byte with the continuation bit: a subidentifier >= 128
_NO_ERROR = b"\x02\x01\x00\x02\x01\x00"  # error-status 0, error-index 0
_UNSIGNED_TAGS = frozenset((_COUNTER32, _GAUGE32, _TIMETICKS, _COUNTER64))
ERROR_TOO_BIG = 1
ERROR_NO_SUCH_NAME = 2

# A GET response of this many varbinds stays below one 1,500-byte Ethernet frame for IF-MIB
# counters (~30 bytes per varbind); devices that accept less say so with tooBig.
DEFAULT_MAX_VARBINDS = 40


class Missing:
    """A varbind the device could not answer (noSuchObject/noSuchInstance, or v1 noSuchName)."""

    __slots__ = ("tag",)

    def __init__(self, tag: int) -> None:
        self.tag = tag

    def __repr__(self) -> str:
        return f"Missing(0x{self.tag:02x})"


Value = int | bytes | Missing


def _encode_length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes((tag,)) + _encode_length(len(body)) + body


def _encode_int(value: int) -> bytes:
    return _tlv(_INTEGER, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True))


def encode_oid(oid: str | Sequence[int]) -> bytes:
    """Return the BER encoding (tag, length, body) of an OID.

    The first two arcs X.Y travel as one subidentifier 40*X+Y (X.690 8.19.4), base-128 like
    every other arc: 2.999 is the two bytes 0x88 0x37.

    >>> encode_oid("1.3.6.1.2.1.1.3.0").hex()
    '06082b06010201010300'
    >>> encode_oid("2.999.3").hex()
    '0603883703'

    Raises:
        ValueError: If the OID has fewer than two arcs, a negative arc, a first arc other than
            0, 1 or 2, or a second arc above 39 under 0 or 1.
    """
    parts = [int(p) for p in oid.strip(".").split(".")] if isinstance(oid, str) else list(oid)
    if len(parts) < 2:
        raise ValueError(f"OID {oid!r} has fewer than two arcs")
    first, second = parts[0], parts[1]
    if first not in (0, 1, 2) or second < 0 or (first < 2 and second > 39):
        raise ValueError(f"OID {oid!r}: first arcs {first}.{second} are not encodable (0.0-1.39 or 2.x)")
    try:  # every arc below 128 (most OIDs a walk asks for): one byte each
        short = bytes((first * 40 + second, *parts[2:]))
    except ValueError:
        pass
    else:
        if _MULTI_BYTE.search(short) is None:
            return _tlv(_OID, short)
    body = bytearray()
    for arc in (first * 40 + second, *parts[2:]):
        if arc < 0x80:
            if arc < 0:
                raise ValueError(f"OID {oid!r} has a negative arc")
            body.append(arc)
            continue
        septets = []
        rest = arc
        while rest:
            septets.append(rest & 0x7F)
            rest >>= 7
        septets.reverse()
        body.extend([c | 0x80 for c in septets[:-1]] + [septets[-1]])
    return _tlv(_OID, bytes(body))


def decode_oid(encoded: bytes) -> tuple[int, ...]:
    """Return the arcs of an encoded OID (tag, length, body), the inverse of ``encode_oid``.

    >>> decode_oid(encode_oid("1.3.6.1.4.1.2011.300"))
    (1, 3, 6, 1, 4, 1, 2011, 300)

    Raises:
        ValueError: If it is not a whole OBJECT IDENTIFIER.
    """
    if len(encoded) > 2 and encoded[0] == _OID and encoded[1] == len(encoded) - 2:
        return body_arcs(encoded[2:])  # short form: the length is one byte
    if len(encoded) < 2 or encoded[0] != _OID:
        raise ValueError("not an OBJECT IDENTIFIER")
    length, pos = _read_length(encoded, 1)
    if pos + length != len(encoded):
        raise ValueError("OID length does not match its encoding")
    return body_arcs(encoded[pos:])


def body_arcs(body: bytes) -> tuple[int, ...]:
    """Return the arcs of an OID body (an OBJECT IDENTIFIER value without tag and length), as BER encodes them (a
    dotted OID's are ``util.oid.oid_arcs``).

    >>> body_arcs(bytes.fromhex("2b0601020102020101ce15"))
    (1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 10005)

    Raises:
        ValueError: If the body is empty or ends inside an arc.
    """
    if not body:
        raise ValueError("empty OID")
    if body[-1] & 0x80:
        raise ValueError("OID ends inside an arc")
    high = _MULTI_BYTE.search(body)
    first = body[0]
    head = (first // 40, first % 40) if first < 80 else (2, first - 80)
    if high is None:  # every arc below 128: one byte each (most OIDs of the standard MIBs)
        return head + tuple(body[1:])
    start = high.start()
    if start == 0:  # the first subidentifier is itself multi-byte (2.x with x >= 48)
        arcs = suffix_arcs(body)
        first = arcs[0]
        return (*((first // 40, first % 40) if first < 80 else (2, first - 80)), *arcs[1:])
    # Arcs before the first multi-byte one are single bytes; only the rest (usually a
    # table index such as ifIndex 10101) needs the base-128 loop.
    return head + tuple(body[1:start]) + suffix_arcs(body[start:])


def suffix_arcs(data: bytes) -> tuple[int, ...]:
    """The arcs of the part of an OID body after a known prefix (a table row's index), base-128 each.

    >>> suffix_arcs(bytes.fromhex("01ce15"))
    (1, 10005)

    Raises:
        ValueError: If the data ends inside an arc.
    """
    if data and data[-1] & 0x80:
        raise ValueError("OID ends inside an arc")
    if _MULTI_BYTE.search(data) is None:
        return tuple(data)
    arcs: list[int] = []
    arc = 0
    for byte in data:
        arc = (arc << 7) | (byte & 0x7F)
        if byte < 0x80:
            arcs.append(arc)
            arc = 0
    return tuple(arcs)


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    n = first & 0x7F
    return int.from_bytes(data[pos : pos + n], "big"), pos + n


@dataclass(frozen=True)
class Response:
    """A decoded GetResponse: request-id, error status/index and the varbinds in order.

    ``oids`` are the encoded OIDs (tag and length included); ``tags`` the BER tag of each
    value, which tells an OCTET STRING from an OBJECT IDENTIFIER or an IpAddress.
    """

    request_id: int
    error_status: int
    error_index: int
    oids: list[bytes]
    values: list[Value]
    tags: list[int] = field(default_factory=list)


def _pdu_header(data: bytes) -> tuple[int, int, int, int]:
    """Request-id, error status, error index of a GetResponse message, and where its varbinds start.

    Raises:
        ValueError: If the message is not a GetResponse.
        IndexError: If it ends inside the header.
    """
    if data[0] != _SEQUENCE:
        raise ValueError("message is not a SEQUENCE")
    _, pos = _read_length(data, 1)
    # version, community
    for expected in (_INTEGER, _OCTET_STRING):
        if data[pos] != expected:
            raise ValueError("bad message header")
        length, pos = _read_length(data, pos + 1)
        pos += length
    if data[pos] != _GET_RESPONSE:
        raise ValueError(f"PDU type 0x{data[pos]:02x} is not a GetResponse")
    _, pos = _read_length(data, pos + 1)
    header: list[int] = []
    for _ in range(3):
        length, pos = _read_length(data, pos + 1)
        header.append(int.from_bytes(data[pos : pos + length], "big", signed=True))
        pos += length
    _, pos = _read_length(data, pos + 1)  # varbind list
    return header[0], header[1], header[2], pos


def decode_response(data: bytes) -> Response:
    """Decode an SNMP v1/v2c GetResponse message.

    Raises:
        ValueError: If the message is not a well-formed GetResponse.
    """
    try:
        request_id, error_status, error_index, pos = _pdu_header(data)
        oids: list[bytes] = []
        values: list[Value] = []
        tags: list[int] = []
        end = len(data)
        while pos < end:
            # Short (one-byte) lengths inline: nearly every varbind of a counter poll has only those.
            length = data[pos + 1]  # varbind SEQUENCE
            pos = pos + 2 if length < 0x80 else _read_length(data, pos + 1)[1]
            oid_start = pos
            length = data[pos + 1]
            pos = pos + 2 + length if length < 0x80 else sum(_read_length(data, pos + 1))
            oids.append(data[oid_start:pos])
            tag = data[pos]
            tags.append(tag)
            length = data[pos + 1]
            if length < 0x80:
                pos += 2
            else:
                length, pos = _read_length(data, pos + 1)
            raw = data[pos : pos + length]
            pos += length
            if tag in _UNSIGNED_TAGS:
                values.append(int.from_bytes(raw, "big"))
            elif tag == _INTEGER:
                values.append(int.from_bytes(raw, "big", signed=True))
            elif tag in (NO_SUCH_OBJECT, NO_SUCH_INSTANCE, END_OF_MIB_VIEW, _NULL):
                values.append(Missing(tag))
            else:
                values.append(raw)
        if pos > end:
            raise ValueError("truncated message: the last value runs past the end")
        return Response(request_id, error_status, error_index, oids, values, tags)
    except IndexError as exc:
        raise ValueError("truncated message") from exc


# A walk's column as the decoder compares it: the encoded body of its root OID (no tag and
# length; None when that needs a long length) and the root's arcs.
Column = tuple[bytes | None, tuple[int, ...]]
BEYOND = VarBind((), "end", None)  # a walk's varbind past its column's end, left undecoded
_NOT_A_VALUE: dict[int, tuple[ValueKind, None]] = {
    END_OF_MIB_VIEW: ("end", None), NO_SUCH_OBJECT: ("missing", None), NO_SUCH_INSTANCE: ("missing", None),
    _NULL: ("null", None),
}


def decode_varbinds(
    data: bytes, columns: Sequence[Column] = ()
) -> tuple[Response, list[VarBind], list[tuple[tuple[int, ...], bytes] | None]]:
    """Decode a GetResponse straight to ``VarBind`` s (OID arcs, kind, value): the shared client's reader.

    One pass over the message, with the common cases first (a walk's INTEGERs, counters and
    strings): this runs once per value discovery reads. For a walk, ``columns`` names the column
    of varbind i (``columns[i % len(columns)]``): a varbind inside it is decoded as the root's
    arcs plus its index; one past the column's end (the rest of a GETBULK that overshot)
    is compared as bytes and left undecoded (``BEYOND``). BER encodes each arc on its own, so an
    OID lies under a root exactly when its body starts with the root's body.

    Returns:
        The response's header (``oids``, ``values`` and ``tags`` left empty), the varbinds, and
        per column the arcs and encoding of its last row in this response (the walk's next
        request starts from it), or None.

    Raises:
        ValueError: If the message is not a well-formed GetResponse, or an OID is malformed.
    """
    try:
        request_id, error_status, error_index, pos = _pdu_header(data)
        if columns:
            out, last = _walk_varbinds(data, pos, columns)
        else:
            out, last = _varbinds(data, pos), []
    except IndexError as exc:
        raise ValueError("truncated message") from exc
    return Response(request_id, error_status, error_index, [], []), out, last


def _varbinds(data: bytes, pos: int) -> list[VarBind]:
    """The varbinds of a GET or GETNEXT answer from ``pos`` on (``decode_varbinds`` without columns)."""
    out: list[VarBind] = []
    append = out.append
    new = tuple.__new__
    known = _OID_ARCS  # the same scalars and probes come back from every device
    end = len(data)
    while pos < end:
        length = data[pos + 1]  # varbind SEQUENCE: skip its header
        pos = pos + 2 if length < 0x80 else _read_length(data, pos + 1)[1]
        if data[pos] != _OID:
            raise ValueError("a varbind does not start with an OBJECT IDENTIFIER")
        length = data[pos + 1]
        if length < 0x80:
            oid_start = pos + 2
        else:
            length, oid_start = _read_length(data, pos + 1)
        pos = oid_start + length
        body = data[oid_start:pos]
        arcs = known.get(body) or _remembered(known, body, body_arcs)
        tag = data[pos]
        length = data[pos + 1]
        if length < 0x80:
            pos += 2
        else:
            length, pos = _read_length(data, pos + 1)
        start = pos
        pos += length
        if tag == _INTEGER:
            append(new(VarBind, (arcs, "int", int.from_bytes(data[start:pos], "big", signed=True))))
        elif tag == _OCTET_STRING:
            append(new(VarBind, (arcs, "octets", data[start:pos])))
        elif tag in _UNSIGNED_TAGS:
            append(new(VarBind, (arcs, "int", int.from_bytes(data[start:pos], "big"))))
        elif tag in _NOT_A_VALUE:  # a GET's absent objects (a vendor MIB's scalars the agent lacks)
            append(new(VarBind, (arcs, *_NOT_A_VALUE[tag])))
        else:
            append(new(VarBind, (arcs, *_other_value(tag, data[start:pos]))))
    if pos > end:
        raise ValueError("truncated message: the last value runs past the end")
    return out


def _walk_varbinds(
    data: bytes, pos: int, columns: Sequence[Column]
) -> tuple[list[VarBind], list[tuple[tuple[int, ...], bytes] | None]]:
    """The varbinds of a walk's GETBULK (or GETNEXT) answer from ``pos`` on, and each column's last row."""
    out: list[VarBind] = []
    append = out.append
    new = tuple.__new__
    width = len(columns)
    # Per column: each OID body met -> its arcs, or () outside the column (a row's OID recurs from device to device).
    rows = [_column_rows(column) for column in columns]
    last: list[bytes | None] = [None] * width  # the OID body of each column's last row in this answer
    k = 0  # the column of the next varbind
    end = len(data)
    while pos < end:
        length = data[pos + 1]  # varbind SEQUENCE: skip its header
        pos = pos + 2 if length < 0x80 else _read_length(data, pos + 1)[1]
        if data[pos] != _OID:
            raise ValueError("a varbind does not start with an OBJECT IDENTIFIER")
        length = data[pos + 1]
        if length < 0x80:
            oid_start = pos + 2
            pos = oid_start + length
            body = data[oid_start:pos]
            arcs = rows[k].get(body)
            if arcs is None:
                arcs = _in_column(body, columns[k], rows[k])
            if arcs:
                last[k] = body
        else:  # a long OID: decoded whole, never the start of the next request
            length, oid_start = _read_length(data, pos + 1)
            pos = oid_start + length
            arcs = _under(body_arcs(data[oid_start:pos]), columns[k][1])
        k = k + 1 if k + 1 < width else 0
        tag = data[pos]
        length = data[pos + 1]
        if length < 0x80:
            pos += 2
        else:
            length, pos = _read_length(data, pos + 1)
        start = pos
        pos += length
        if not arcs:
            append(BEYOND)
        elif tag == _INTEGER:
            append(new(VarBind, (arcs, "int", int.from_bytes(data[start:pos], "big", signed=True))))
        elif tag == _OCTET_STRING:
            append(new(VarBind, (arcs, "octets", data[start:pos])))
        elif tag in _UNSIGNED_TAGS:
            append(new(VarBind, (arcs, "int", int.from_bytes(data[start:pos], "big"))))
        else:
            append(new(VarBind, (arcs, *_other_value(tag, data[start:pos]))))
    if pos > end:
        raise ValueError("truncated message: the last value runs past the end")
    return out, [(rows[j][body], bytes((_OID, len(body))) + body) if body is not None else None
                 for j, body in enumerate(last)]


def _other_value(tag: int, raw: bytes) -> tuple[ValueKind, SnmpValue]:
    """The kind and value of a varbind that is no INTEGER, counter or OCTET STRING (the decoders' rare cases)."""
    if tag in _NOT_A_VALUE:
        return _NOT_A_VALUE[tag]
    if tag == _OID:
        return "oid", oid_str(body_arcs(raw))
    if tag == _IPADDRESS:
        return "ip", ".".join(map(str, raw)) if len(raw) == 4 else to_hex(raw)
    return "octets", raw  # Opaque, BITS and other strings: bytes, as OCTET STRINGs


def _under(arcs: tuple[int, ...], root: tuple[int, ...]) -> tuple[int, ...]:
    """``arcs`` when they lie strictly under ``root``, else ()."""
    return arcs if index_under(arcs, root) else ()


def _in_column(body: bytes, column: Column, rows: dict[bytes, tuple[int, ...]]) -> tuple[int, ...]:
    """The arcs of an OID body when it lies under the column's root, else (); kept in ``rows`` for the next answer.

    Raises:
        ValueError: If the OID is under the root but ends inside an arc.
    """
    root_body, root = column
    if root_body is None:
        arcs = _under(body_arcs(body), root)
    elif len(body) > len(root_body) and body.startswith(root_body):
        index = body[len(root_body) :]
        suffix = _INDEX_ARCS.get(index)
        arcs = root + (suffix if suffix is not None else _remembered(_INDEX_ARCS, index, suffix_arcs))
    else:
        arcs = ()
    if len(rows) >= _ARCS_CACHE_MAX:
        rows.clear()
    rows[body] = arcs
    return arcs


def _column_rows(column: Column) -> dict[bytes, tuple[int, ...]]:
    """The OID bodies met under one column's walks so far (see ``_walk_varbinds``)."""
    rows = _COLUMN_ROWS.get(column)
    if rows is None:
        if len(_COLUMN_ROWS) >= MAX_COLUMNS_REMEMBERED:
            _COLUMN_ROWS.clear()
        rows = _COLUMN_ROWS[column] = {}
    return rows


_ARCS_CACHE_MAX = 16_384  # entries of each cache below (a few hundred per device; bounded all the same)
MAX_COLUMNS_REMEMBERED = 256  # columns whose OIDs are kept (discovery walks some 20; an agent's polls a few more)
# A row's index recurs in every column of a walk; the scalars and probes of a GET or GETNEXT come back
# from every device: their arcs are decoded once.
_INDEX_ARCS: dict[bytes, tuple[int, ...]] = {}
_OID_ARCS: dict[bytes, tuple[int, ...]] = {}
_COLUMN_ROWS: dict[Column, dict[bytes, tuple[int, ...]]] = {}


def _remembered(
    cache: dict[bytes, tuple[int, ...]], key: bytes, decode: Callable[[bytes], tuple[int, ...]]
) -> tuple[int, ...]:
    """``decode(key)``, kept in ``cache`` (cleared when full) for the next answer carrying the same bytes."""
    arcs = decode(key)
    if len(cache) >= _ARCS_CACHE_MAX:
        cache.clear()
    cache[key] = arcs
    return arcs


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, client: PackedGetClient) -> None:
        self.client = client

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        self.client._on_datagram(data, addr)

    def error_received(self, exc: Exception) -> None:
        # ICMP port unreachable for one device must not disturb the others: the request times out.
        log.debug("UDP error: %s", exc)


@dataclass
class GetPlan:
    """The pre-encoded GET requests for one device: OIDs split into PDUs of at most ``max_varbinds``.

    ``max_varbinds`` shrinks when the device answers tooBig and is kept for the next cycle.
    """

    oids: list[bytes]
    max_varbinds: int = DEFAULT_MAX_VARBINDS
    _chunks: list[tuple[int, int, bytes]] = field(default_factory=list)

    def chunks(self) -> list[tuple[int, int, bytes]]:
        """Return ``(start, stop, encoded varbind list)`` per PDU, encoding once per size."""
        if not self._chunks:
            step = max(1, self.max_varbinds)
            for start in range(0, len(self.oids), step):
                stop = min(start + step, len(self.oids))
                body = b"".join(_tlv(_SEQUENCE, oid + b"\x05\x00") for oid in self.oids[start:stop])
                self._chunks.append((start, stop, _tlv(_SEQUENCE, body)))
        return self._chunks

    def shrink(self) -> bool:
        """Halve the varbinds per PDU after a tooBig; return False when already at one."""
        if self.max_varbinds <= 1:
            return False
        self.max_varbinds = max(1, min(self.max_varbinds, len(self.oids)) // 2)
        self._chunks = []
        return True


# A request as the conversation gives it: PDU tag, the two INTEGERs after the request-id (error status and
# index, or GETBULK's non-repeaters and max-repetitions), the encoded varbind list. The version, community and
# request-id around it are added per try.
Request = tuple[int, bytes, bytes]


_SHORT_VARBIND = 0x7E  # an encoded OID shorter than this makes a varbind (OID, NULL) with a one-byte length


def encode_request(pdu: Literal["get", "next", "bulk"], oids: Sequence[bytes], max_repetitions: int = 0) -> Request:
    """A GET, GETNEXT or GETBULK (non-repeaters 0) of encoded OIDs."""
    # Each varbind's SEQUENCE header written in place for the usual short OID (one bytes format, not three calls):
    # discovery asks some 150 OIDs a device.
    varbinds = _tlv(_SEQUENCE, b"".join([
        b"\x30%c%b\x05\x00" % (len(oid) + 2, oid) if len(oid) < _SHORT_VARBIND else _tlv(_SEQUENCE, oid + b"\x05\x00")
        for oid in oids
    ]))
    fields = b"\x02\x01\x00" + _encode_int(max_repetitions) if pdu == "bulk" else _NO_ERROR
    return PDU_TAGS[pdu], fields, varbinds


class Conversation(Protocol):
    """Requests to one agent, each chosen from the answer to the one before (a walk)."""

    def next_request(self) -> Request | None:
        """The next request, or None when the conversation is over."""
        ...

    def answer(self, data: bytes) -> None:
        """Take the agent's response message; an exception raised here ends the conversation with it."""
        ...


class _OneRequest:
    """A conversation of one request; ``data`` is its answer."""

    __slots__ = ("data", "request")

    def __init__(self, request: Request) -> None:
        self.request: Request | None = request
        self.data = b""

    def next_request(self) -> Request | None:
        request, self.request = self.request, None
        return request

    def answer(self, data: bytes) -> None:
        self.data = data


class _Run:
    """A conversation in flight: the tries of its current request, one timer, the future its caller awaits.

    Every try stays registered until the request is answered: a slow device's answer to the first try still
    counts after the retry went out (dropping it would make a busy device answer twice for nothing). The
    timer is set once and moved only when it fires: a request answered in time costs no timer of its own.
    """

    __slots__ = ("address", "conversation", "future", "head", "ids", "loop", "owner", "request", "retries",
                 "sent_at", "timeout", "timer", "transport")

    def __init__(
        self,
        owner: PackedGetClient,
        conversation: Conversation,
        *,
        transport: asyncio.DatagramTransport,
        address: tuple[str, int],
        head: bytes,
        timeout: float,
        retries: int,
    ) -> None:
        self.owner, self.loop, self.transport, self.address = owner, asyncio.get_running_loop(), transport, address
        self.head, self.conversation, self.timeout, self.retries = head, conversation, timeout, retries
        self.future: asyncio.Future[None] = self.loop.create_future()
        self.ids: list[int] = []
        self.request: Request = (0, b"", b"")
        self.sent_at = 0.0
        self.timer: asyncio.TimerHandle | None = None

    def next(self) -> None:
        """Send the conversation's next request, or end the run when there is none."""
        try:
            request = self.conversation.next_request()
        except Exception as exc:  # handed to the caller awaiting the run
            self.end(exc)
            return
        if request is None:
            self.end(None)
            return
        self.request = request
        self.send()

    def send(self) -> None:
        """One try of the current request, under a new request-id."""
        owner = self.owner
        request_id = next(owner._ids) & 0x7FFFFFFF
        if not owner._waiting:
            owner.round_trips += 1
        self.ids.append(request_id)
        owner._waiting[request_id] = (self, self.address)
        tag, fields, varbinds = self.request
        self.transport.sendto(_message((self.head, varbinds), request_id, tag, fields), self.address)
        self.sent_at = self.loop.time()
        if self.timer is None:
            self.timer = self.loop.call_at(self.sent_at + self.timeout, self.expired)

    def expired(self) -> None:
        """The timer: a try unanswered for ``timeout`` is retried, or the run fails; else it waits on."""
        self.timer = None
        if self.future.done():
            return
        due = self.sent_at + self.timeout
        if self.loop.time() < due:  # the request it was set for was answered; a later one is out
            self.timer = self.loop.call_at(due, self.expired)
        elif len(self.ids) <= self.retries:
            self.send()
        else:
            self.end(TimeoutError())

    def answered(self, data: bytes) -> None:
        """The agent answered the current request (any of its tries)."""
        self.forget()
        if self.request[0] != _GET_BULK_REQUEST:  # an agent cuts a GETBULK answer to fit; the others it refuses
            self.owner.largest_answer = max(self.owner.largest_answer, len(data))
        if self.future.done():
            return  # the caller stopped waiting
        try:
            self.conversation.answer(data)
        except Exception as exc:  # handed to the caller awaiting the run
            self.end(exc)
            return
        self.next()

    def forget(self) -> None:
        waiting = self.owner._waiting
        for request_id in self.ids:
            waiting.pop(request_id, None)
        self.ids.clear()

    def end(self, exc: BaseException | None) -> None:
        """Unregister the tries, stop the timer and hand the result (or ``exc``) to the caller."""
        self.forget()
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.future.done():
            if exc is None:
                self.future.set_result(None)
            else:
                self.future.set_exception(exc)


class PackedGetClient:
    """Send pre-encoded SNMP v1/v2c requests over one shared UDP socket per address family.

    Use one per process (like the pysnmp engine); ``close()`` when the agent stops.
    """

    def __init__(self) -> None:
        self._transports: dict[int, asyncio.DatagramTransport] = {}
        self._waiting: dict[int, tuple[_Run, tuple[str, int]]] = {}
        self._ids = itertools.count(random.randint(1, 2**30))  # noqa: S311 - request ids, not secrets
        # Requests sent while no other was waiting for its answer: with one agent asked at a time, the round trips
        # it cost (requests sent together count once); and the largest answer to a GET or GETNEXT, in bytes (an
        # agent refuses those as tooBig past its buffer, where it cuts a GETBULK answer short).
        self.round_trips = 0
        self.largest_answer = 0
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def _transport(self, family: int) -> asyncio.DatagramTransport:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # A socket belongs to the loop that made it: a new loop (tests, a restarted agent) gets new ones.
            self._transports = {}
            self._lock = asyncio.Lock()
            self._loop = loop
        transport = self._transports.get(family)
        if transport is None or transport.is_closing():
            async with self._lock:
                transport = self._transports.get(family)
                if transport is None or transport.is_closing():
                    local = ("0.0.0.0", 0) if family == socket.AF_INET else ("::", 0)  # noqa: S104 - client socket
                    transport, _ = await loop.create_datagram_endpoint(
                        lambda: _Protocol(self), local_addr=local, family=family
                    )
                    self._transports[family] = transport
        return transport

    def _on_datagram(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        try:
            request_id = _peek_request_id(data)
        except (ValueError, IndexError):
            log.debug("ignoring malformed datagram from %s", addr)
            return
        waiting = self._waiting.get(request_id)
        if waiting is None:
            return  # a late answer to a request that was answered or gave up
        run, expected = waiting
        if (addr[0], addr[1]) != expected and not _same_host(expected[0], str(addr[0])):
            return
        run.answered(data)

    def close(self) -> None:
        """Close the sockets; pending requests fail as unreachable."""
        for transport in self._transports.values():
            transport.close()
        self._transports.clear()

    async def converse(
        self,
        address: tuple[str, int],
        community: bytes,
        conversation: Conversation,
        *,
        version: int = 1,
        timeout: float = 2.0,
        retries: int = 1,
        device: str = "",
    ) -> None:
        """Run a conversation with one agent: send its requests one after the other, each retried on silence.

        The next request goes out from the socket's callback that received the answer to the last one, so a
        walk of many requests costs its caller one task switch, not one per request.

        Raises:
            DeviceUnreachable: A request went unanswered after its retries.
            Exception: Whatever the conversation raised on an answer.
        """
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        loop = asyncio.get_running_loop()
        transport = self._transports.get(family) if self._loop is loop else None
        if transport is None or transport.is_closing():
            transport = await self._transport(family)
        head = _encode_int(version) + _tlv(_OCTET_STRING, community)
        run = _Run(
            self, conversation, transport=transport, address=address, head=head, timeout=timeout, retries=retries
        )
        run.next()
        try:
            await run.future
        except TimeoutError:
            raise DeviceUnreachable(
                f"no SNMP answer from {address[0]}:{address[1]} after {tries_text(retries + 1)} of {timeout:.1f} s",
                device=device,
                hint="check the address, the community and that UDP/161 is allowed from this agent",
            ) from None
        finally:
            run.end(None)  # a cancelled caller: nothing stays registered

    async def _ask(
        self, address: tuple[str, int], community: bytes, request: Request, *, version: int, timeout: float,
        retries: int, device: str,
    ) -> bytes:
        """One request; return the answer as received."""
        one = _OneRequest(request)
        await self.converse(address, community, one, version=version, timeout=timeout, retries=retries, device=device)
        return one.data

    async def request(
        self,
        address: tuple[str, int],
        community: bytes,
        pdu: Literal["get", "next", "bulk"],
        oids: Sequence[bytes],
        *,
        version: int = 1,
        max_repetitions: int = 0,
        timeout: float = 2.0,
        retries: int = 1,
        device: str = "",
    ) -> bytes:
        """Send one GET, GETNEXT or GETBULK (non-repeaters 0) of encoded OIDs; return the response message
        undecoded (``decode_varbinds`` reads it).

        Raises:
            DeviceUnreachable: No answer after the retries.
        """
        one = _OneRequest(encode_request(pdu, oids, max_repetitions))
        await self.converse(address, community, one, version=version, timeout=timeout, retries=retries, device=device)
        return one.data

    async def get(
        self,
        target: SnmpTarget,
        community: bytes,
        plan: GetPlan,
        *,
        version: int = 1,
        in_flight: int = 2,
        device: str = "",
    ) -> list[Value]:
        """GET every OID of ``plan`` from one device, in as few PDUs as it accepts.

        Args:
            target: The agent (its host an address, resolved) and how long to wait for each PDU's answer, how
                often (``SnmpTarget.before``: the tries end before a poll's deadline).
            community: The community string.
            plan: The OIDs (pre-encoded) and the device's varbinds-per-PDU limit.
            version: 0 for SNMPv1, 1 for SNMPv2c (the message version field).
            in_flight: How many PDUs of this device may be outstanding at once.
            device: Name used in errors.

        Returns:
            One value per OID of ``plan``, in order (``Missing`` where the device has none).

        Raises:
            DeviceUnreachable: A PDU went unanswered after its retries.
            DeviceError: The device answered with an SNMP error or a malformed message.
        """
        while True:
            results: list[Value] = [Missing(NO_SUCH_INSTANCE)] * len(plan.oids)
            chunks = iter(plan.chunks())

            async def worker(out: list[Value] = results, chunks: Iterator[tuple[int, int, bytes]] = chunks) -> int:
                # ``in_flight`` workers take the next PDU from one shared iterator: at most that many
                # outstanding, with no task or semaphore per PDU.
                status = 0
                for start, stop, varbinds in chunks:
                    data = await self._ask(
                        (target.host, target.port), community, (_GET_REQUEST, _NO_ERROR, varbinds), version=version,
                        timeout=target.timeout, retries=target.retries, device=device,
                    )
                    try:
                        response = decode_response(data)
                    except ValueError as exc:
                        raise DeviceError(f"malformed SNMP response: {exc}", device=device) from exc
                    status = max(status, _fill(out, plan, (start, stop), response, version=version, device=device))
                return status

            workers = [asyncio.ensure_future(worker()) for _ in range(min(max(1, in_flight), len(plan.chunks())))]
            try:
                statuses = await asyncio.gather(*workers)
            finally:
                # A PDU unanswered (or refused) fails the whole GET: the other worker sends nothing more to the device.
                for task in workers:
                    task.cancel()
            if ERROR_TOO_BIG in statuses:
                if plan.shrink():
                    log.info("%s: tooBig, now %d varbinds per PDU", device, plan.max_varbinds)
                    continue
                raise DeviceError("answers tooBig even to a single varbind", device=device)
            return results


def _fill(
    out: list[Value], plan: GetPlan, span: tuple[int, int], response: Response, *, version: int, device: str
) -> int:
    start, stop = span
    if response.error_status == ERROR_TOO_BIG:
        return ERROR_TOO_BIG
    if response.error_status == ERROR_NO_SUCH_NAME and version == 0:
        # SNMPv1 fails the whole PDU for one unknown OID: the caller sees Missing for all of it.
        return 0
    if response.error_status:
        raise DeviceError(f"SNMP error status {response.error_status} at varbind {response.error_index}", device=device)
    if len(response.values) != stop - start:
        raise DeviceError(f"asked {stop - start} varbinds, got {len(response.values)}", device=device)
    for offset, (oid, value) in enumerate(zip(response.oids, response.values, strict=True)):
        if oid != plan.oids[start + offset]:
            raise DeviceError("response varbinds are not the OIDs asked for", device=device)
        out[start + offset] = value
    return 0


def _message(parts: Sequence[bytes], request_id: int, tag: int = _GET_REQUEST, fields: bytes = _NO_ERROR) -> bytes:
    """The whole message: ``parts`` is (version + community, varbind list); ``fields`` the two
    INTEGERs after the request-id (error status and index, or GETBULK's non-repeaters and
    max-repetitions)."""
    head, varbinds = parts
    pdu = _tlv(tag, _encode_int(request_id) + fields + varbinds)
    return _tlv(_SEQUENCE, head + pdu)


def encode_get_request(community: bytes, oids: Sequence[str], *, request_id: int, version: int = 1) -> bytes:
    """Encode one complete GetRequest message (used by readiness checks and tests)."""
    body = b"".join(_tlv(_SEQUENCE, encode_oid(o) + b"\x05\x00") for o in oids)
    head = _encode_int(version) + _tlv(_OCTET_STRING, community)
    return _message((head, _tlv(_SEQUENCE, body)), request_id)


def _peek_request_id(data: bytes) -> int:
    _, pos = _read_length(data, 1)
    for _ in range(2):
        length, pos = _read_length(data, pos + 1)
        pos += length
    _, pos = _read_length(data, pos + 1)
    length, pos = _read_length(data, pos + 1)
    return int.from_bytes(data[pos : pos + length], "big", signed=True)


def _same_host(expected: str, got: str) -> bool:
    # An IPv4 agent answering through a dual-stack socket shows up as ::ffff:a.b.c.d.
    return got.removeprefix("::ffff:") == expected.removeprefix("::ffff:")
