"""The hint a failed explicit TARGET gets when it is a store device with access of its own (``discover snmp``,
``discover ssh``): a TARGET is asked with the options' access only, so its failure says how to use the stored one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from govops.discovery.store_targets import stored_address
from govops.errors import GovopsError


def stored_access_hints(
    failed: Sequence[tuple[str, str, int]], held: Callable[[], Iterable[tuple[str, str, int]]], protocol: str
) -> dict[str, str]:
    """Failed target label -> the end of its failure line, for each of ``failed`` (label, host, port) that is one of
    the store devices ``held`` (name, management address, port) with ``protocol`` access of their own. A target is
    that device when it is its address and port, or, given by host name, when the name is the device's name (case
    aside): the store holds addresses, and the hint resolves no name through DNS. An address whose store devices
    listen on other ports (the lab, a city's non-standard ports) names them and their ports: the plain address is
    what a user types first. ``held`` reads the store only when a target failed; no store (or one that cannot be
    read) is no hint, never an error of the run."""
    if not failed:
        return {}
    try:
        devices = sorted((name, address, port) for name, host, port in held()
                         if name and (address := stored_address(host)) is not None)  # fmt: skip
    except GovopsError:
        return {}
    by_name = {name.casefold(): name for name, _, _ in devices}
    hints: dict[str, str] = {}
    for label, host, port in failed:
        address = stored_address(host)
        if address is None:
            name = by_name.get(host.casefold())
            if name is not None:
                hints[label] = _stored_hint(name, protocol)
            continue
        there = [(name, p) for name, a, p in devices if a == address]
        same = [name for name, p in there if p == port]
        if same:
            hints[label] = _stored_hint(same[0], protocol)
        elif there:
            hints[label] = _other_port_hint(address, there, protocol)
    return hints


def _command(protocol: str, pick: str) -> str:
    return f"`govops discover {protocol.lower()} --device {pick}`"


def _stored_hint(name: str, protocol: str) -> str:
    """The end of a failed target's line when it is store device ``name`` with access of its own."""
    return f"; hint: store device {name} has its own {protocol} access, which TARGET does not use: " \
           f"{_command(protocol, name)}"


def _other_port_hint(address: str, devices: list[tuple[str, int]], protocol: str) -> str:
    """The end of a failed target's line when store ``devices`` (name, port) have its address, each with access of
    its own on another port: one device is picked by name, several by the address (``--device`` takes both)."""
    if len(devices) == 1:
        ((name, port),) = devices
        return f"; hint: store device {name} at this address answers {protocol} on port {port} with its own " \
               f"access, which TARGET does not use: {_command(protocol, name)}"
    named = ", ".join(f"{name} (port {port})" for name, port in devices)
    return f"; hint: store devices {named} at this address answer {protocol} with their own access, which TARGET " \
           f"does not use: {_command(protocol, address)}"
