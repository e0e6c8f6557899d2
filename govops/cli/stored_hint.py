"""The hints a failed target of ``discover snmp`` and ``discover ssh`` gets: an explicit TARGET that is a store
device with access of its own (a TARGET is asked with the options' access only, so its failure says how to use the
stored one), and a store device the lab gave its access when the lab is down or serves it elsewhere now."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from govops.discovery.store_targets import lab_given, stored_address
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


# Without a hint, a lab restarted on new ports (``make demo`` after ``lab down`` tells only the demo store) leaves
# every lab device of this store "unreachable", as a dead network would.
_LAB_DOWN = "; hint: the lab gave this device its access and does not serve it now (`govops lab status` says " \
            "why): `govops lab up` starts it and gives the store its access again"
_LAB_MOVED = "; hint: the lab serves this device on another address or port than the store holds (the lab was " \
             "started again, e.g. by `make demo`, which tells only the demo store): `govops lab up` gives this " \
             "store the lab's current access"


def lab_access_hints(
    failed: Sequence[tuple[str, str, str, int]], engine: Callable[[], Engine], home: Path,
    protocol: Literal["snmp", "ssh"],
) -> dict[str, str]:
    """Failed target label -> the end of its failure line, for each of ``failed`` (label, store device name, host,
    port), asked with its stored access, that the lab under ``home`` gave that access: the lab does not serve it now,
    or serves it on another address or port. The store is only read: ``govops lab up`` writes the lab's current
    access, as the hint says. The store (``engine`` opens it) and the lab state are read only when a store device
    failed; one that cannot be read is no hint, never an error of the run (a run of TARGETs needs no store)."""
    if not failed:
        return {}
    try:
        ours = lab_given(engine(), sorted({name for _, name, _, _ in failed}))
        served = _lab_served(home, protocol) if ours else {}
    except GovopsError:
        return {}
    hints: dict[str, str] = {}
    for label, name, host, port in failed:
        if name not in ours:
            continue
        now = served.get(name)
        if now is None:
            hints[label] = _LAB_DOWN
        elif (stored_address(now[0]), now[1]) != (stored_address(host), port):
            hints[label] = _LAB_MOVED
    return hints


def _lab_served(home: Path, protocol: Literal["snmp", "ssh"]) -> dict[str, tuple[str, int]]:
    # Imported here: the registry pulls in asyncssh and every simulator, needed only when a lab device failed.
    from govops.lab.registry import build_registry
    from govops.lab.runner import Lab

    return Lab(home, build_registry()).served(protocol)
