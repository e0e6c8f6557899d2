"""The one address parser: every form it accepts, and every broken one named in its error."""

from __future__ import annotations

import pytest

from govops.errors import InputError
from govops.util.address import format_address, parse_address


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0.0.1", ("10.0.0.1", 161)),
        ("10.0.0.1:1161", ("10.0.0.1", 1161)),
        (" sw-core.city.gov.cn:162 ", ("sw-core.city.gov.cn", 162)),
        ("[2001:db8::1]:1161", ("2001:db8::1", 1161)),
        ("[::1]", ("::1", 161)),
        ("fe80::1", ("fe80::1", 161)),  # bare IPv6: never host:port
        ("fe80::1%eth0", ("fe80::1%eth0", 161)),
        ("127.0.0.1:65535", ("127.0.0.1", 65535)),
    ],
)
def test_accepted_forms(text: str, expected: tuple[str, int]) -> None:
    assert parse_address(text, 161) == expected
    host, port = expected
    assert parse_address(format_address(host, port), 1) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty address"),
        ("   ", "empty address"),
        ("10.0.0.1:", "nothing after ':'"),
        ("10.0.0.1:x", "port 'x' is not a number"),
        ("10.0.0.1:0", "port '0' is not a number from 1"),
        ("10.0.0.1:65536", "65536"),
        ("10.0.0.1:-1", "port '-1'"),
        (":161", "names no host"),
        ("[::1", "expected [IPv6]:port"),
        ("[::1]x", "expected [IPv6]:port"),
        ("[::1]:", "nothing after ':'"),
        ("[10.0.0.1]:161", "brackets are for IPv6"),
        ("[zz::1]:161", "is not an IPv6 address"),
        ("gg::1::2", "is not an IPv6 address"),
        ("bad host:161", "is not a host name"),
        ("host;rm -rf /", "is not a host name"),
        ("a" * 300, "is not a host name"),
        ("http://x", "port '//x'"),
    ],
)
def test_broken_addresses_are_named(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_address(text, 161, where="cfg.yml:7")
    assert message in str(err.value)
    assert str(err.value).startswith("cfg.yml:7: ")


def test_listen_forms() -> None:
    assert parse_address(":9120", None, empty_host="0.0.0.0") == ("0.0.0.0", 9120)
    assert parse_address("127.0.0.1:0", None, allow_zero_port=True) == ("127.0.0.1", 0)
    with pytest.raises(InputError, match="names no port"):
        parse_address("127.0.0.1", None)


def test_non_string_is_an_error() -> None:
    with pytest.raises(InputError, match="empty address"):
        parse_address(1161, 161)  # type: ignore[arg-type]
