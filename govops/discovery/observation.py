"""Observations: what a collector saw on one target, frozen, with source and time.

Every collector (SNMP, SSH, Ansible) returns these; ``discovery.reconcile`` is
the only code that turns them into inventory rows. A target that failed is an
observation too (``ok=False`` with the error), never an exception crossing the
worker pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govops.catalog.record import dimension, make_record
from govops.catalog.verdict import Verdict
from govops.util.failure import FailureKind

# Why a target failed: the agents' vocabulary (``util.failure``), so a word means the same in discovery's report and
# in an agent's ``error`` label (a deadline passed while the device answered is ``timeout`` in both).
ErrorKind = FailureKind

# Device facts that map onto ``Device`` columns; anything else goes to ``Device.facts[source]``.
DEVICE_COLUMNS = ("vendor", "model", "serial", "os", "os_version", "kind", "platform", "mgmt_ip",
                  "cpu_vendor", "cpu_model", "arch", "cpu_sockets", "cpu_cores", "memory_mb")


@dataclass(frozen=True, slots=True)
class InterfaceObs:
    """One interface as observed (slots: discovery makes one per interface, a quarter faster than with a dict)."""

    index: int | None
    name: str
    descr: str | None = None
    alias: str | None = None
    type: str | None = None
    speed_mbps: float | None = None
    admin_status: str | None = None
    oper_status: str | None = None
    mac: str | None = None
    ips: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape of an interface (the output contract; ``ips`` not included)."""
        return {
            "index": self.index,
            "name": self.name,
            "descr": self.descr,
            "alias": self.alias,
            "type": self.type,
            "speed_mbps": self.speed_mbps,
            "admin_status": self.admin_status,
            "oper_status": self.oper_status,
            "mac": self.mac,
        }


@dataclass(frozen=True)
class NeighborObs:
    """One LLDP (or CDP) neighbour seen from a local port."""

    local_port: str | None
    remote_name: str | None
    remote_port: str | None
    remote_chassis_id: str | None
    source: str = "lldp"

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` shape of a neighbour."""
        return {
            "local_port": self.local_port,
            "remote_name": self.remote_name,
            "remote_port": self.remote_port,
            "remote_chassis_id": self.remote_chassis_id,
            "source": self.source,
        }


@dataclass(frozen=True)
class Observation:
    """What one collector saw on one target.

    Attributes:
        target: What was asked (``host:port``, a host name ...).
        source: The collector: ``snmp``, ``ssh``, ``ansible``.
        observed_at: When (UTC).
        ok: False when the target could not be read; ``error`` says why.
        device: Facts about the device. Keys in ``DEVICE_COLUMNS`` go to their columns,
            ``name`` (the device's own name, e.g. sysName) helps matching, the rest go to
            ``Device.facts[source]``.
        classification: The domestic verdict with its evidence, if the collector classified it.
        record: The whole classification record (``govops.catalog.record``) when the collector
            judged several dimensions (servers: vendor, cpu, os, software); by default reconcile
            records ``classification`` as the vendor dimension.
        interfaces / neighbors: Replaced as a whole on the matched device when not None.
        store_name: Name of the store device this target was read for (discovery without targets).
        mgmt_ip: The address that answered.
        warnings: Partial results (a walk cut short ...), kept with the facts.
        unread: The parts an optional step failed to read (``cpu_model``, ``neighbors`` -> "KIND: message
            (step: ...)"), and the identity fields (``model``, ``serial``, ``os_version``) an object the agent would
            not answer might have given, and the tables identification walks that the agent, still answering, did
            not give whole (``entities``, ``interfaces``, ``addresses``, ``enterprises``); also among the warnings: the
            store keeps what it holds for them.
        partial: The tables whose walk was cut short (``interfaces``, ``neighbors`` -> the reason: "row limit
            5000", "deadline 60 s"): their rows here are the first ones. Saved, marked partial, only where the
            store holds no whole table of the part; a whole table stored is kept.
    """

    target: str
    source: str
    observed_at: dt.datetime
    ok: bool
    error: str | None = None
    error_kind: ErrorKind | None = None
    device: Mapping[str, Any] = field(default_factory=dict)
    classification: Verdict | None = None
    record: Mapping[str, Any] | None = None
    interfaces: tuple[InterfaceObs, ...] | None = None
    neighbors: tuple[NeighborObs, ...] | None = None
    store_name: str | None = None
    mgmt_ip: str | None = None
    warnings: tuple[str, ...] = ()
    unread: Mapping[str, str] = field(default_factory=dict)
    partial: Mapping[str, str] = field(default_factory=dict)

    def classification_record(self) -> dict[str, Any] | None:
        """The classification record this observation gives (None when it judged nothing).

        Its own record, or its verdict as the vendor dimension: what ``--save`` stores in
        ``Device.classification`` and what ``--json`` shows under ``classification``.
        """
        if self.record is not None:
            return dict(self.record)
        if self.classification is None:
            return None
        return make_record(self.classification.verdict, self.source,
                           {"vendor": dimension(self.classification, self.source)})
