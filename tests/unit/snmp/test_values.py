"""Decoding SNMP values and credentials handling (no network)."""

from __future__ import annotations

import pytest
from pysnmp.proto import rfc1902, rfc1905

from govops.errors import ConfigError
from govops.snmp import SecretRef, SnmpCredentials, VarBind, display_text, parse_oid, to_int, to_text
from govops.snmp.values import decode_value


@pytest.mark.parametrize(
    ("value", "kind", "decoded"),
    [
        (rfc1902.Integer32(-1), "int", -1),
        (rfc1902.Counter64(2**63), "int", 2**63),
        (rfc1902.TimeTicks(100), "int", 100),
        (rfc1902.OctetString(b"abc"), "octets", b"abc"),
        (rfc1902.IpAddress("10.1.2.3"), "ip", "10.1.2.3"),
        (rfc1902.ObjectIdentifier("1.3.6.1.4.1.2011"), "oid", "1.3.6.1.4.1.2011"),
        (rfc1905.NoSuchInstance(""), "missing", None),
        (rfc1905.NoSuchObject(""), "missing", None),
        (rfc1905.EndOfMibView(""), "end", None),
    ],
)
def test_decode_value(value: object, kind: str, decoded: object) -> None:
    assert decode_value(value) == (kind, decoded)


def test_gbk_text_is_decoded() -> None:
    raw = "华为交换机 S5720 机房A".encode("gbk")
    assert to_text(raw) == "华为交换机 S5720 机房A"
    assert VarBind((1,), "octets", raw).text() == "华为交换机 S5720 机房A"


def test_binary_is_hex_and_text_stays_text() -> None:
    assert display_text(bytes([0x00, 0x1E, 0xC9, 0x01, 0x02, 0x03])) == "00:1e:c9:01:02:03"
    assert display_text(b"GigabitEthernet0/0/1\x00") == "GigabitEthernet0/0/1"
    assert VarBind((1,), "octets", b"ABCDEF").hex() == "41:42:43:44:45:46"


def test_latin1_fallback() -> None:
    assert to_text(b"caf\xe9 \xff\xfe") == "café ÿþ"


@pytest.mark.parametrize(("value", "expected"), [(b"-1", -1), (b"", None), (b"12 ", 12), ("abc", None), (None, None)])
def test_to_int_accepts_numeric_text_only(value: object, expected: object) -> None:
    assert to_int(value) == expected  # type: ignore[arg-type]


def test_parse_oid_rejects_garbage() -> None:
    assert parse_oid(".1.3.6") == (1, 3, 6)
    for bad in ("", "1.x.3", "1..3"):
        with pytest.raises(ValueError):
            parse_oid(bad)


def test_secret_ref_never_shows_literal(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    ref = SecretRef(literal="s3cret")
    assert "s3cret" not in repr(ref) and "s3cret" not in repr(SnmpCredentials.v2c("s3cret"))
    with pytest.raises(ConfigError):
        ref.to_json()
    monkeypatch.delenv("NOPE_VAR", raising=False)
    with pytest.raises(ConfigError, match="NOPE_VAR"):
        SecretRef(env="NOPE_VAR").resolve()


def test_credentials_round_trip_and_validation(tmp_path: object) -> None:
    data = {
        "version": "3",
        "user": "u",
        "auth": "sha256",
        "auth_key": {"env": "A"},
        "priv": "aes256",
        "priv_key": {"file": "/etc/k"},
    }
    creds = SnmpCredentials.from_json(data, where="device core-sw")
    assert creds.to_json() == data
    with pytest.raises(ConfigError, match="device x"):
        SnmpCredentials.from_json({"version": "3", "user": "u", "auth": "sha1"}, where="device x")
    with pytest.raises(ConfigError, match="reference"):
        SnmpCredentials.from_json({"version": "2c", "community": "public"}, where="device y")
    with pytest.raises(ConfigError):
        SnmpCredentials(version="3", user="u", priv="aes", priv_key=SecretRef(env="P"))


def test_text_reads_every_value_as_display_text_does() -> None:
    # VarBind.text has a fast path for printable ASCII; it must give what the full decoder gives.
    import random

    rnd = random.Random(16)
    edges = [0, 9, 10, 13, 32, 65, 0x7F, 0x1B, 0x80, 0xFF, 0xC3, 0xA9, 0xE4, 0xB8, 0xAD]
    samples = [b"", b"\x00\x00", b" S5720 \x00", b"a\tb\r\n", b"\x1b[0m", "华为".encode("gbk"), "é".encode()]
    samples += [bytes(rnd.choice(edges) if rnd.random() < 0.6 else rnd.randrange(256) for _ in range(rnd.randrange(7)))
                for _ in range(3_000)]
    for raw in samples:
        assert VarBind((1, 3), "octets", raw).text() == display_text(raw), raw
