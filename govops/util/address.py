"""The one parser of network addresses: ``host``, ``host:port``, ``[v6]``, ``[v6]:port``, ``:port``.

Every config file (agent ``listen:``, bandwidth and power ``address:``, link
probes) and every command line goes through ``parse_address``, so an address
that ``--check`` accepts is the address the agent uses at run time. A bare IPv6
address without brackets (``::1``, ``fe80::1``) is read as a host with the
default port, never as ``host:port``.

Runs on Python 3.6 inside the host-agent zipapp (standard library only).
"""

import functools
import ipaddress
import re
from typing import Optional, Tuple

from govops.errors import InputError

_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$")


def _port(text: str, address: str, where: str, allow_zero: bool) -> int:
    low = 0 if allow_zero else 1
    if not text.isdigit() or not low <= int(text) <= 65535:
        raise _error(
            f"{_at(where)}address {address!r}: port {text!r} is not a number from {low} to 65535",
            hint="write host, host:port or [IPv6]:port, e.g. 10.0.0.1:161 or [2001:db8::1]:161",
        )
    return int(text)


def _at(where: str) -> str:
    return where + ": " if where else ""


def _error(message: str, hint: str = "write host, host:port or [IPv6]:port") -> InputError:
    return InputError(message, hint=hint)


def _check_host(host: str, address: str, where: str) -> str:
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise _error(f"{_at(where)}address {address!r}: {host!r} is not an IPv6 address") from None
        return host
    if not _HOSTNAME.match(host):
        raise _error(
            f"{_at(where)}address {address!r}: {host!r} is not a host name or IP address",
            hint="write host, host:port or [IPv6]:port, e.g. 10.0.0.1:161 or [2001:db8::1]:161",
        )
    return host


def parse_address(
    address: str,
    default_port: Optional[int],
    *,
    where: str = "",
    empty_host: Optional[str] = None,
    allow_zero_port: bool = False,
) -> Tuple[str, int]:
    """Split an address into ``(host, port)``.

    Args:
        address: ``host``, ``host:port``, ``[v6]``, ``[v6]:port``, a bare IPv6 address, or ``:port``.
        default_port: The port when the address names none; None makes the port required.
        where: Place for error messages (``file:line``, ``--listen``).
        empty_host: Host for ``:port`` (e.g. ``0.0.0.0`` for a listen address); None refuses it.
        allow_zero_port: Accept port 0 (listen on a free port).

    Raises:
        InputError: Naming the place, the address and what is wrong.

    >>> parse_address("10.0.0.1:1161", 161), parse_address("pdu-3", 161), parse_address("[::1]:9", 161)
    (('10.0.0.1', 1161), ('pdu-3', 161), ('::1', 9))
    >>> parse_address("fe80::1", 161), parse_address(":9120", None, empty_host="0.0.0.0")
    (('fe80::1', 161), ('0.0.0.0', 9120))
    """
    text = address.strip() if isinstance(address, str) else ""
    if not text:
        raise _error(f"{_at(where)}empty address", hint="write host, host:port or [IPv6]:port")
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise _error(f"{_at(where)}address {address!r}: expected [IPv6]:port")
        port_text = rest[1:] if rest else ""
        if rest and not port_text:
            raise _error(f"{_at(where)}address {address!r}: nothing after ':'")
        if ":" not in host:
            raise _error(f"{_at(where)}address {address!r}: brackets are for IPv6 addresses")
    elif text.count(":") > 1:
        host, port_text = text, ""  # a bare IPv6 address: no port
    else:
        host, sep, port_text = text.partition(":")
        if sep and not port_text:
            raise _error(f"{_at(where)}address {address!r}: nothing after ':'")
    if not host:
        if empty_host is None:
            raise _error(f"{_at(where)}address {address!r} names no host")
        host = empty_host
    else:
        host = _check_host(host, address, where)
    if port_text:
        return host, _port(port_text, address, where, allow_zero_port)
    if default_port is None:
        raise _error(f"{_at(where)}address {address!r} names no port", hint="e.g. 127.0.0.1:9120 or :9120")
    return host, default_port


def format_address(host: str, port: int) -> str:
    """Write ``(host, port)`` back as text, bracketing IPv6.

    >>> format_address("::1", 161), format_address("10.0.0.1", 161)
    ('[::1]:161', '10.0.0.1:161')
    """
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def target_matches(name: str, host: str, port: int, asked: str, default_port: int) -> bool:
    """Whether ``asked`` (a ``/probe?target=`` value) names this target: its name, or its address.

    >>> target_matches("c1", "10.0.0.1", 161, "10.0.0.1", 161), target_matches("c1", "10.0.0.1", 1161, "10.0.0.1", 161)
    (True, False)
    >>> target_matches("core-1", "10.0.0.1", 161, "core-1", 161), target_matches("x", "::1", 161, "[::1]:161", 161)
    (True, True)
    """
    return asked == name or _asked_address(asked, default_port) == (host, port)


@functools.lru_cache(maxsize=64)  # within one probe every target asks the same: a few suffice
def _asked_address(asked: str, default_port: int) -> Optional[Tuple[str, int]]:
    """``asked`` as an address (None when it is none, e.g. ``ROOM/NAME``): parsed once for every target a probe
    compares it with, not once per target (the agents' ``/probe`` scans all of theirs)."""
    try:
        return parse_address(asked, default_port)
    except InputError:
        return None
