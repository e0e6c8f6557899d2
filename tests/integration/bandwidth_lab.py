"""Helpers for integration tests against snmpsim: a faulty UDP path in front of it, or a small agent's buffer."""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class FaultyUdpProxy:
    """A UDP relay on loopback between the poller and snmpsim that can go silent or slow.

    ``mode``: ``pass`` relays, ``drop`` never answers (a device that stopped answering),
    ``slow`` answers after ``delay`` seconds (a device whose CPU is busy).
    ``max_answer_bytes`` makes it an agent with a small buffer (Cisco IOS: ``snmp-server packetsize``, 1,500 bytes
    by default): an answer to GET or GETNEXT that would be larger becomes tooBig, a GETBULK answer loses varbinds
    from its end until it fits (RFC 3416 4.2.1 and 4.2.3); ``too_big`` and ``truncated`` count them.
    """

    max_varbinds: int | None = None
    max_answer_bytes: int | None = None

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        self.mode = "pass"
        self.delay = 0.0
        self.too_big = 0
        self.truncated = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _relay(self, data: bytes, client: tuple[str, int]) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as up:
            up.settimeout(5)
            up.sendto(data, self.upstream)
            try:
                answer = up.recv(65535)
            except OSError:
                return
        limit = self.max_answer_bytes
        if limit is not None and len(answer) > limit:
            tag, _ = _pdu_offsets(data)
            if data[tag] == GETBULK_TAG:
                answer = truncated(answer, limit)
                self.truncated += 1
            else:
                answer = too_big(data)
                self.too_big += 1
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode != "drop" and not self._stop.is_set():
            try:
                self.sock.sendto(answer, client)
            except OSError:
                return  # the proxy closed while a slow answer was in flight

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.sock], [], [], 0.1)
            if not ready:
                continue
            data, client = self.sock.recvfrom(65535)
            if self.mode == "drop":
                continue
            if self.max_varbinds is not None and count_varbinds(data) > self.max_varbinds:
                self.sock.sendto(too_big(data), client)
                continue
            threading.Thread(target=self._relay, args=(data, client), daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@contextmanager
def faulty_proxy(upstream_port: int) -> Iterator[FaultyUdpProxy]:
    proxy = FaultyUdpProxy(upstream_port)
    try:
        yield proxy
    finally:
        proxy.close()


def _pdu_offsets(msg: bytes) -> tuple[int, int]:
    """Return the offsets of the PDU tag and of the error-status value in a v1/v2c message."""
    from govops.snmp.packed_get import _read_length

    _, pos = _read_length(msg, 1)
    for _ in range(2):  # version, community
        length, pos = _read_length(msg, pos + 1)
        pos += length
    pdu_tag = pos
    _, pos = _read_length(msg, pos + 1)
    length, pos = _read_length(msg, pos + 1)  # request-id
    pos += length
    _, value_at = _read_length(msg, pos + 1)  # error-status INTEGER
    return pdu_tag, value_at


def count_varbinds(msg: bytes) -> int:
    from govops.snmp.packed_get import decode_response

    tag, _ = _pdu_offsets(msg)
    as_response = bytearray(msg)
    as_response[tag] = 0xA2
    return len(decode_response(bytes(as_response)).values)


def too_big(request: bytes) -> bytes:
    """What a device with a small buffer answers: the request echoed as a GetResponse, error tooBig(1)."""
    tag, status = _pdu_offsets(request)
    reply = bytearray(request)
    reply[tag] = 0xA2
    reply[status] = 1
    return bytes(reply)


GETBULK_TAG = 0xA5


def _elements(data: bytes, pos: int, end: int) -> list[bytes]:
    """The whole TLVs (tag, length, body) between ``pos`` and ``end``."""
    from govops.snmp.packed_get import _read_length

    out = []
    while pos < end:
        length, body = _read_length(data, pos + 1)
        out.append(data[pos : body + length])
        pos = body + length
    return out


def _body(tlv: bytes) -> tuple[int, int]:
    from govops.snmp.packed_get import _read_length

    length, start = _read_length(tlv, 1)
    return start, start + length


def truncated(answer: bytes, limit: int) -> bytes:
    """A GetBulk answer without the varbinds at its end that do not fit ``limit`` bytes (RFC 3416 4.2.3)."""
    from govops.snmp.packed_get import _tlv

    version, community, pdu = _elements(answer, *_body(answer))
    request_id, status, index, varbind_list = _elements(pdu, *_body(pdu))
    varbinds = _elements(varbind_list, *_body(varbind_list))
    while True:
        body = request_id + status + index + _tlv(0x30, b"".join(varbinds))
        message = _tlv(0x30, version + community + _tlv(pdu[0], body))
        if len(message) <= limit or not varbinds:
            return message
        varbinds.pop()
