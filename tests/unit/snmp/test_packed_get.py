"""The packed GET codec: OID encoding, response decoding, malformed input."""

from __future__ import annotations

import pytest

from govops.snmp import packed_get
from govops.snmp.packed_get import GetPlan, Missing, decode_response, encode_get_request, encode_oid


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


@pytest.mark.parametrize(
    ("oid", "body"),
    [
        ("2.47.1", "7f01"),  # 40*2+47 = 127: still one byte
        ("2.48", "8100"),  # 128: the first subidentifier needs two bytes
        ("2.999.3", "883703"),  # X.690's own example: 1079 = 0x88 0x37
        ("2.25.329800735698586629295641978511506172918", None),  # a UUID OID, huge second arc
    ],
)
def test_first_subidentifier_above_127_is_base128(oid: str, body: str | None) -> None:
    encoded = encode_oid(oid)
    if body is not None:
        assert encoded[2:].hex() == body
    assert ".".join(map(str, packed_get.decode_oid(encoded))) == oid


@pytest.mark.parametrize("oid", ["1", "3.1", "0.40", "1.40.2", "1.3.-6", (1, 3, -1), "2.-1"])
def test_unencodable_oids_raise_value_error(oid: str | tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="OID"):
        encode_oid(oid)


@pytest.mark.parametrize(
    "oid", ["1.3.6.1.2.1.1.1.0", "1.3.6.1.4.1.2011.5.25.31.1.1.1.1.7.16842753", "1.3.6.1.4.1.4294967295", "0.0"]
)
def test_decode_oid_inverts_encode_oid(oid: str) -> None:
    assert ".".join(map(str, packed_get.decode_oid(encode_oid(oid)))) == oid


@pytest.mark.parametrize("encoded", [b"", b"\x06", b"\x06\x00", b"\x04\x01\x2b", b"\x06\x02\x2b\x86", b"\x06\x05\x2b"])
def test_malformed_oids_raise_value_error(encoded: bytes) -> None:
    with pytest.raises(ValueError):
        packed_get.decode_oid(encoded)


def test_value_running_past_the_end_is_truncated() -> None:
    req = encode_get_request(b"public", ["1.3.6.1.2.1.1.5.0"], request_id=7)
    reply = response_of(req, [b"\x04\x05ab"])  # says 5 bytes, carries 2
    with pytest.raises(ValueError, match="truncated"):
        decode_response(reply)


def test_getbulk_request_is_what_pysnmp_reads() -> None:
    """The GETBULK the discovery client sends decodes, with pysnmp's own codec, to the fields asked for."""
    from pyasn1.codec.ber import decoder
    from pysnmp.proto import api

    head = packed_get._encode_int(1) + packed_get._tlv(0x04, b"public")
    oids = [encode_oid("1.3.6.1.2.1.2.2.1.2"), encode_oid("1.3.6.1.2.1.31.1.1.1.1")]
    body = packed_get._tlv(0x30, b"".join(packed_get._tlv(0x30, o + b"\x05\x00") for o in oids))
    fields = b"\x02\x01\x00" + packed_get._encode_int(25)
    wire = packed_get._message((head, body), 99, packed_get.PDU_TAGS["bulk"], fields)
    msg, rest = decoder.decode(wire, asn1Spec=api.PROTOCOL_MODULES[api.SNMP_VERSION_2C].Message())
    pdu = api.v2c.apiMessage.get_pdu(msg)
    assert rest == b"" and pdu.tagSet == api.v2c.GetBulkRequestPDU.tagSet
    assert api.v2c.apiBulkPDU.get_max_repetitions(pdu) == 25 and api.v2c.apiBulkPDU.get_request_id(pdu) == 99
    asked = [str(o) for o, _ in api.v2c.apiBulkPDU.get_varbinds(pdu)]
    assert asked == ["1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.31.1.1.1.1"]


def _walk_response(oids: list[str], values: list[bytes]) -> bytes:
    return response_of(encode_get_request(b"public", oids, request_id=77), values)


DESCR, SPEED = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2), (1, 3, 6, 1, 2, 1, 2, 2, 1, 5)


def _columns(*roots: tuple[int, ...]) -> list[tuple[bytes | None, tuple[int, ...]]]:
    from govops.snmp.client import _root_body

    return [(_root_body(root), root) for root in roots]


def test_walk_decoding_leaves_varbinds_past_their_column_undecoded() -> None:
    from govops.snmp.packed_get import BEYOND, decode_varbinds

    oids = ["1.3.6.1.2.1.2.2.1.2.10101", "1.3.6.1.2.1.2.2.1.5.10101", "1.3.6.1.2.1.2.2.1.3.1",
            "1.3.6.1.2.1.2.2.1.6.1", "1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.2.2.1.5.7"]
    values = [b"\x04\x04eth0", b"\x42\x02\x03\xe8", b"\x02\x01\x06", b"\x04\x01x", b"\x02\x01\x00",
              b"\x42\x01\x0a"]
    response, got, last = decode_varbinds(_walk_response(oids, values), _columns(DESCR, SPEED))
    assert (response.request_id, response.error_status, response.error_index) == (77, 0, 0)
    # The last row of each column, encoded as received: the next request starts from it.
    assert last == [((*DESCR, 10101), encode_oid(oids[0])), ((*SPEED, 7), encode_oid(oids[5]))]
    assert got[0] == ((*DESCR, 10101), "octets", b"eth0") and got[1] == ((*SPEED, 10101), "int", 1000)
    # ifType.1 follows ifDescr (past its end); ifPhysAddress.1 follows ifSpeed; the bare entry is no row.
    assert got[2] == got[3] == got[4] == BEYOND
    assert got[5] == ((*SPEED, 7), "int", 10)
    _, whole, none = decode_varbinds(_walk_response(oids, values))  # no columns: all decoded
    assert whole[2].oid == (1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1) and whole[4].oid == DESCR and none == []


def test_walk_decoding_remembers_each_columns_oids_apart() -> None:
    """A row's OID is remembered per column: the same answer decodes the same twice, and an OID under one column
    is still past the end of another."""
    from govops.snmp.packed_get import BEYOND, decode_varbinds

    oids = ["1.3.6.1.2.1.2.2.1.2.4242", "1.3.6.1.2.1.2.2.1.5.4242"]
    values = [b"\x04\x02e1", b"\x42\x01\x0a"]
    first = decode_varbinds(_walk_response(oids, values), _columns(DESCR, SPEED))
    again = decode_varbinds(_walk_response(oids, values), _columns(DESCR, SPEED))
    assert first[1:] == again[1:] and again[1][1] == ((*SPEED, 4242), "int", 10)
    _, swapped, last = decode_varbinds(_walk_response(oids, values), _columns(SPEED, DESCR))
    assert swapped == [BEYOND, BEYOND] and last == [None, None]


def test_decode_varbinds_gives_every_kind() -> None:
    from govops.snmp.packed_get import decode_varbinds

    oids = [f"1.3.6.1.2.1.1.{i}.0" for i in range(1, 12)]
    values = [b"\x02\x01\xff", b"\x41\x05\x00\xff\xff\xff\xff", b"\x46\x01\x07", b"\x04\x03abc",
              b"\x06\x03\x2b\x06\x01", b"\x40\x04\x0a\x00\x00\x01", b"\x40\x02\x0a\x00",
              b"\x80\x00", b"\x82\x00", b"\x05\x00", b"\x44\x02\x9f\x78"]
    _, got, _ = decode_varbinds(_walk_response(oids, values))
    assert [(vb.kind, vb.value) for vb in got] == [
        ("int", -1), ("int", 2**32 - 1), ("int", 7), ("octets", b"abc"), ("oid", "1.3.6.1"), ("ip", "10.0.0.1"),
        ("ip", "0a:00"), ("missing", None), ("end", None), ("null", None), ("octets", b"\x9f\x78"),
    ]
    assert got[0].oid == (1, 3, 6, 1, 2, 1, 1, 1, 0)


def test_walk_decoding_of_long_and_multi_byte_oids() -> None:
    from govops.snmp.packed_get import BEYOND, decode_varbinds

    # An index of arcs above 127 (base-128), and an OID so long that its length takes two bytes.
    long_index = ".".join(["200"] * 70)
    oids = ["1.3.6.1.2.1.2.2.1.2.300.5", f"1.3.6.1.2.1.2.2.1.2.{long_index}", f"1.3.6.1.2.1.2.2.1.3.{long_index}"]
    values = [b"\x04\x01a", b"\x04\x01b", b"\x04\x01c"]
    _, got, last = decode_varbinds(_walk_response(oids, values), _columns(DESCR))
    assert got[0].oid == (*DESCR, 300, 5) and got[1].oid == (*DESCR, *([200] * 70)) and got[2] == BEYOND
    assert last == [((*DESCR, 300, 5), encode_oid(oids[0]))]  # a long OID is not kept: it is encoded anew


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: m[:-1],  # the last value cut short
        lambda m: m[:-3],  # cut inside the last varbind's header
        lambda m: m.replace(b"\x06\x0b\x2b", b"\x04\x0b\x2b", 1),  # a varbind without an OID
        lambda m: m.replace(b"\x02\x81\x01\x04", b"\x02\x81\x81\x04", 1),  # an index that ends inside an arc
    ],
)
def test_malformed_walk_answers_raise_value_error(damage: object) -> None:
    from govops.snmp.packed_get import decode_varbinds

    msg = _walk_response(["1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.2.129"], [b"\x04\x01a", b"\x04\x01b"])
    assert len(decode_varbinds(msg, _columns(DESCR))[1]) == 2
    broken = damage(msg)  # type: ignore[operator]
    assert broken != msg
    with pytest.raises(ValueError):
        decode_varbinds(broken, _columns(DESCR))


def test_suffix_arcs_reject_a_cut_arc() -> None:
    assert packed_get.suffix_arcs(b"") == ()
    with pytest.raises(ValueError):
        packed_get.suffix_arcs(b"\x81")


@pytest.mark.parametrize("body_length", [1, 9, 123, 124, 125, 126, 200])
def test_request_varbinds_have_the_right_length_form_on_both_sides_of_one_byte(body_length: int) -> None:
    """A varbind (OID, NULL) of up to 127 bytes has a one-byte length; one longer, the long form (X.690 8.1.3)."""
    from govops.snmp.packed_get import encode_request

    oid = bytes((0x06, body_length)) if body_length < 0x80 else bytes((0x06, 0x81, body_length))
    oid += b"\x2b" + b"\x01" * (body_length - 1)
    _tag, _fields, varbinds = encode_request("get", [oid, oid])
    inner = len(oid) + 2
    header = bytes((0x30, inner)) if inner < 0x80 else bytes((0x30, 0x81, inner))
    one = header + oid + b"\x05\x00"
    assert varbinds == bytes((0x30,)) + packed_get._encode_length(2 * len(one)) + 2 * one
