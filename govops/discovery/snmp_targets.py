"""SNMP discovery targets: the addresses to ask, from command-line specs (hosts, ``host:port``, CIDR networks).

Targets for the store's devices are built in ``govops.discovery.store_targets``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

from govops.errors import InputError
from govops.snmp.credentials import SnmpCredentials
from govops.util.address import format_address, parse_address

MAX_CIDR_ADDRESSES = 65_536


@dataclass(frozen=True)
class DiscoveryTarget:
    """One address to ask, with its credentials and, when it came from the store, its device name."""

    host: str
    port: int
    credentials: SnmpCredentials
    store_name: str | None = None
    # Addresses swept from a CIDR are not asked SNMPv1 alongside SNMPv2c: that would double the packets a sweep sends
    # to its silent addresses (and ask each v2c agent once more).
    v1_fallback: bool = True

    @property
    def label(self) -> str:
        """``host:port`` as shown in results."""
        return format_address(self.host, self.port)


def parse_target_specs(
    specs: Sequence[str], *, port: int, credentials: SnmpCredentials
) -> list[DiscoveryTarget]:
    """Expand ``host``, ``host:port``, ``[v6]:port`` and CIDR specs into targets.

    Raises:
        InputError: Naming the spec that is not an address, a port or a network,
            or a network larger than ``MAX_CIDR_ADDRESSES``.
    """
    out: list[DiscoveryTarget] = []
    for spec in specs:
        text = spec.strip()
        if "/" in text:
            try:
                net = ipaddress.ip_network(text, strict=False)
            except ValueError as exc:
                raise InputError(f"not a network: {exc}", where=f"target {spec!r}") from exc
            if net.num_addresses > MAX_CIDR_ADDRESSES:
                raise InputError(
                    f"network has {net.num_addresses} addresses, more than {MAX_CIDR_ADDRESSES}",
                    where=f"target {spec!r}",
                    hint="split it into smaller networks",
                )
            hosts = list(net.hosts()) if net.num_addresses > 2 else list(net)
            out.extend(DiscoveryTarget(str(a), port, credentials, v1_fallback=False) for a in hosts)
            continue
        host, p = parse_address(text, port, where=f"target {spec!r}")
        out.append(DiscoveryTarget(host, p, credentials))
    return out
