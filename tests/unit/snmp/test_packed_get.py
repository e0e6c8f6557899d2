"""The packed GET codec: OID encoding, response decoding, malformed input."""

from __future__ import annotations

import doctest

import pytest

from govops.snmp import packed_get
from govops.snmp.packed_get import GetPlan, Missing, decode_response, encode_get_request, encode_oid


def test_doctests() -> None:
    assert doctest.testmod(packed_get).failed == 0


def test_oid_arcs_above_127_use_base128() -> None:
    assert encode_oid("1.3.6.1.4.1.2011").hex() == "06072b06010401 8f5b".replace(" ", "")
    assert encode_oid((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 300)).hex().endswith("822c")  # 300 = 2*128 + 44


def response_of(request: bytes, values: list[bytes]) -> bytes:
    """Build a GetResponse for ``request`` with raw value TLVs (what an agent would send)."""
    from govops.snmp.packed_get import _tlv

    resp = bytearray(request)
    # Re-encode: take the varbind OIDs from the request and put the given values in.
    decoded = decode_response(bytes(resp[:0]) + _as_response(request))
    body = b"".join(_tlv(0x30, oid + val) for oid, val in zip(decoded.oids, values, strict=True))
    head = encode_get_request(b"public", [], request_id=decoded.request_id)
    msg = head.replace(b"\xa0", b"\xa2", 1)
    # head ends with an empty varbind list (30 00): swap it for ours and fix the outer lengths.
    inner = msg[2:]
    pdu_at = inner.index(b"\xa2")
    pdu_body = inner[pdu_at + 2 : -2] + _tlv(0x30, body)
    return _tlv(0x30, inner[:pdu_at] + _tlv(0xA2, pdu_body))


def _as_response(request: bytes) -> bytes:
    data = bytearray(request)
    data[data.index(0xA0)] = 0xA2
    return bytes(data)


def test_decode_values_of_every_kind() -> None:
    req = encode_get_request(b"public", ["1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.31.1.1.1.6.1", "1.3.6.1.2.1.2.2.1.8.1",
                                         "1.3.6.1.2.1.2.2.1.14.9"], request_id=4242)
    reply = response_of(req, [b"\x43\x04\x01\x02\x03\x04", b"\x46\x09\x00\xff\xff\xff\xff\xff\xff\xff\xff",
                              b"\x02\x01\x01", b"\x81\x00"])
    r = decode_response(reply)
    assert r.request_id == 4242 and r.error_status == 0
    assert r.values[:3] == [0x01020304, 2**64 - 1, 1]
    assert isinstance(r.values[3], Missing)


@pytest.mark.parametrize("garbage", [b"", b"\x30", b"\x04\x03abc", b"\x30\x03\x02\x01\x01", b"\x30\x82\xff"])
def test_malformed_messages_raise_value_error(garbage: bytes) -> None:
    with pytest.raises(ValueError):
        decode_response(garbage)


def test_plan_shrinks_to_one_and_no_further() -> None:
    plan = GetPlan([encode_oid(f"1.3.6.1.2.1.2.2.1.10.{i}") for i in range(1, 10)], max_varbinds=40)
    assert [c[:2] for c in plan.chunks()] == [(0, 9)]
    sizes = []
    while plan.shrink():
        sizes.append(plan.max_varbinds)
    assert sizes == [4, 2, 1]
    assert len(plan.chunks()) == 9
