"""Small SNMP walks written for table tests: a system group, ENTITY-MIB chassis rows, and discovery over them."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from govops.catalog.vendors import default_vendors
from govops.catalog.verdict import Verdict
from govops.discovery.observation import Observation
from govops.discovery.snmp import DiscoveryOptions, discover_target
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.platforms.snmp import SnmpPlatform, default_platforms
from govops.snmp import SnmpCredentials
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from tests.snmp_agreement import general_layers

ENT = "1.3.6.1.2.1.47.1.1.1.1"


def run(lines: list[str]) -> Observation:
    return discover(RecordedAgent(parse_snmprec(lines)))


def discover(agent: RecordedAgent, table: Sequence[SnmpPlatform] | None = None) -> Observation:
    """Discovery over ``agent`` (a recorded walk, or one that records what it is asked) with ``table`` as the platform
    rows, the default table if none."""
    target = DiscoveryTarget("walk", 161, SnmpCredentials.v2c("public"))
    return asyncio.run(discover_target(agent, target, DiscoveryOptions(neighbors=False),
                                       default_platforms() if table is None else table, default_vendors()))



def general(lines: list[str]) -> Observation:
    """Discovery with the standard layer as the only row: a device of a product no platform row knows."""
    return discover(RecordedAgent(parse_snmprec(lines)), general_layers(default_platforms()))


def classified(obs: Observation) -> Verdict:
    """The walk's domestic verdict, which the test expects discovery to have given (none fails here)."""
    assert obs.classification is not None, obs.error
    return obs.classification

def system(descr: str, oid: str) -> list[str]:
    return [f"1.3.6.1.2.1.1.1.0|4|{descr}", f"1.3.6.1.2.1.1.2.0|6|{oid}", "1.3.6.1.2.1.1.5.0|4|dev"]


def chassis(index: int, *, model: str, serial: str, parent: int = 0, cls: int = 3) -> list[str]:
    return [
        f"{ENT}.2.{index}|4|{model} chassis",
        f"{ENT}.4.{index}|2|{parent}",
        f"{ENT}.5.{index}|2|{cls}",
        f"{ENT}.11.{index}|4|{serial}",
        f"{ENT}.13.{index}|4|{model}",
    ]


def identity(obs: Observation) -> tuple[str | None, ...]:
    return (
        obs.device["vendor_id"],
        obs.device["kind"],
        obs.device["model"],
        obs.device["os_version"],
        obs.device["serial"],
    )


def ports(*macs: str) -> list[str]:
    """IF-MIB rows of Ethernet ports whose ifPhysAddress values are ``macs`` (12 hex digits each)."""
    lines = []
    for i, mac in enumerate(macs, start=1):
        lines += [f"1.3.6.1.2.1.2.2.1.1.{i}|2|{i}", f"1.3.6.1.2.1.2.2.1.2.{i}|4|port{i}",
                  f"1.3.6.1.2.1.2.2.1.3.{i}|2|6", f"1.3.6.1.2.1.2.2.1.6.{i}|4x|{mac}"]
    return lines
