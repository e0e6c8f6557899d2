"""What the bandwidth agent polls: devices, interface filters and declared WAN links.

Targets come from a YAML file (``govops agent bandwidth --config``) or from the store
(devices with SNMP access and a management address; links with their a-end device and
interface and the contracted bandwidth). ``--shard I/N`` keeps the targets whose name
hashes to I, with a hash that is stable across processes and Python versions.

Config file::

    interval_seconds: 60          # poll period
    timeout_seconds: 10           # per-device deadline (kept well below the interval)
    table_refresh_seconds: 3600   # re-learn each interface table at least this often
    max_concurrency: 256          # at most this many devices at once (adapts below it)
    targets:
      - name: city-core-1
        address: 10.0.0.1         # host, host:port or [IPv6]:port (default port 161)
        snmp: {version: 2c, community: {env: CITY_CORE_COMMUNITY}}
        interfaces: {include: ["^(Gigabit|Ten|XGiga|100GE)"], exclude: ["\\\\.\\\\d+$"]}
    links:
      - name: city-egress-telecom
        device: city-core-1
        interface: XGigabitEthernet0/0/1
        carrier: 中国电信
        role: primary
        level: city
        site: city                # primary and backup of one site share it
        bandwidth_mbps: 10000
        probe: {address: 202.96.0.1, tcp_port: 443}
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from govops.errors import ConfigError, GovopsError, InputError
from govops.snmp.credentials import DEFAULT_PORT, SnmpCredentials
from govops.util.address import parse_address
from govops.util.schema import build
from govops.util.shard import shard_of
from govops.util.yamlio import load_yaml_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InterfaceFilter:
    """Regular expressions on the interface name (ifName, else ifDescr); empty include = all."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def compiled(self, where: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        """Compile the patterns; a bad one is a ``ConfigError`` naming it."""
        try:
            return [re.compile(p) for p in self.include], [re.compile(p) for p in self.exclude]
        except re.error as exc:
            raise ConfigError(f"{where}: bad interface pattern {exc.pattern!r}: {exc}") from exc


@dataclass(frozen=True)
class ProbeSpec:
    """Where to probe a WAN link's far end: ICMP echo, or TCP connect to ``tcp_port``."""

    address: str
    tcp_port: int = 443


@dataclass(frozen=True)
class LinkSpec:
    """A declared WAN link: its a-end interface and its contract.

    ``site`` names the place the link serves (the z-end department): the primary and the
    backup link of one site form a pair for the "primary down, backup carrying" alert.
    """

    name: str
    device: str
    interface: str
    carrier: str = ""
    role: Literal["primary", "backup", ""] = ""
    level: str = ""
    site: str = ""
    bandwidth_mbps: float | None = None
    probe: ProbeSpec | None = None


@dataclass(frozen=True)
class TargetSpec:
    """One SNMP device to poll."""

    name: str
    address: str
    snmp: SnmpCredentials
    port: int = 161
    interfaces: InterfaceFilter = field(default_factory=InterfaceFilter)
    max_varbinds: int = 40
    links: tuple[LinkSpec, ...] = ()


@dataclass(frozen=True)
class BandwidthConfig:
    """The whole agent configuration after validation."""

    targets: tuple[TargetSpec, ...] = ()
    links: tuple[LinkSpec, ...] = ()
    interval_seconds: float = 60.0
    timeout_seconds: float = 10.0
    table_refresh_seconds: float = 3600.0
    max_concurrency: int = 256
    probe_count: int = 3
    skipped: tuple[tuple[str, str], ...] = ()
    """Store devices left out, with the reason (``govops_target_skipped`` reports them)."""


def select_shard(config: BandwidthConfig, index: int, count: int) -> BandwidthConfig:
    """Keep the targets (and their links) of one shard."""
    targets = tuple(t for t in config.targets if shard_of(t.name, count) == index)
    names = {t.name for t in targets}
    return replace(config, targets=targets, links=tuple(lk for lk in config.links if lk.device in names))


@dataclass(frozen=True)
class _RawConfig:
    # The agent runtime's own keys are validated by govops.agent.config; accepted here as they are.
    listen: Any = None
    web_config_file: Any = None
    log_format: Any = None
    log_level: Any = None
    failure_threshold: Any = None
    defaults: Any = None
    collectors: Any = None
    targets: tuple[Any, ...] = ()
    links: tuple[Any, ...] = ()
    interval_seconds: float = 60.0
    timeout_seconds: float = 10.0
    table_refresh_seconds: float = 3600.0
    max_concurrency: int = 256
    probe_count: int = 3


def _attach_links(targets: Sequence[TargetSpec], links: Sequence[LinkSpec], where: str) -> tuple[TargetSpec, ...]:
    by_name = {t.name: t for t in targets}
    for link in links:
        if link.device not in by_name:
            raise ConfigError(
                f"{where}: link {link.name!r} names device {link.device!r}, which is not a target",
                hint=f"known targets: {', '.join(sorted(by_name)) or 'none'}",
            )
    return tuple(replace(t, links=tuple(lk for lk in links if lk.device == t.name)) for t in targets)


def validate(config: BandwidthConfig, where: str) -> BandwidthConfig:
    """Check cross-field rules: unique names, sane timing, links pointing at targets.

    Raises:
        ConfigError: Naming the file and the rule broken.
    """
    seen: set[str] = set()
    for target in config.targets:
        if target.name in seen:
            raise ConfigError(f"{where}: target {target.name!r} is declared twice")
        seen.add(target.name)
        target.interfaces.compiled(f"{where}: target {target.name}")
        if not 1 <= target.max_varbinds <= 1000:
            raise ConfigError(f"{where}: target {target.name!r}: max_varbinds must be 1..1000")
    if config.interval_seconds <= 0 or config.timeout_seconds <= 0:
        raise ConfigError(f"{where}: interval_seconds and timeout_seconds must be positive")
    if config.timeout_seconds >= config.interval_seconds:
        raise ConfigError(
            f"{where}: timeout_seconds ({config.timeout_seconds:g}) must be below interval_seconds "
            f"({config.interval_seconds:g})",
            hint="a device deadline longer than the poll period would let one slow device delay the next cycle",
        )
    link_names = [lk.name for lk in config.links]
    dupes = sorted({n for n in link_names if link_names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{where}: link {dupes[0]!r} is declared twice")
    return replace(config, targets=_attach_links(config.targets, config.links, where))


def load_config(path: Path) -> BandwidthConfig:
    """Load and validate a bandwidth agent YAML file; errors name ``file:line``.

    Raises:
        InputError: A field is unknown, missing or of the wrong type (with file:line).
        ConfigError: A cross-field rule is broken.
    """
    data = load_yaml_file(path)
    where = str(path)
    if not isinstance(data, Mapping):
        raise InputError("expected a mapping with `targets` and `links`", where=where)
    raw = build(_RawConfig, data, where=where)
    targets = tuple(_target(t, where) for t in _mappings(raw.targets, "targets", where))
    links = tuple(link_spec(lk, where) for lk in _mappings(raw.links, "links", where))
    config = BandwidthConfig(
        targets=targets,
        links=links,
        interval_seconds=raw.interval_seconds,
        timeout_seconds=raw.timeout_seconds,
        table_refresh_seconds=raw.table_refresh_seconds,
        max_concurrency=raw.max_concurrency,
        probe_count=raw.probe_count,
    )
    return validate(config, where)


@dataclass(frozen=True)
class _RawTarget:
    name: str
    address: str
    snmp: Any
    port: int | None = None
    interfaces: InterfaceFilter = field(default_factory=InterfaceFilter)
    max_varbinds: int = 40


def _target(data: Mapping[str, Any], where: str) -> TargetSpec:
    raw = build(_RawTarget, data, where=where)
    line_of = getattr(data, "line_of", lambda _k: None)
    line = line_of("snmp")
    place = f"{where}:{line}" if line else where
    if not isinstance(raw.snmp, Mapping):
        raise InputError("field `snmp`: expected a mapping such as {version: 2c, community: {env: VAR}}", where=place)
    creds = SnmpCredentials.from_json(raw.snmp, where=f"{place}: target {raw.name}")
    host, port = target_address(raw.address, raw.port, where=_place(where, line_of("address")))
    return TargetSpec(raw.name, host, creds, port, raw.interfaces, raw.max_varbinds)


def link_spec(data: Mapping[str, Any], where: str) -> LinkSpec:
    """Build one WAN link, a config file's entry or a store link's: its ``probe.address`` must be an IP address.

    The probe goes to that address through a socket; a name would make every probe round wait on DNS.

    Raises:
        InputError: A field is unknown, missing or of the wrong type, or the probe address is no IP address.
    """
    link = build(LinkSpec, data, where=where)
    if link.probe is None:
        return link
    line_of = getattr(data, "line_of", lambda _k: None)
    place = f"{_place(where, line_of('probe'))}: link {link.name}"
    try:
        address = str(ipaddress.ip_address(link.probe.address))
    except ValueError:
        raise InputError(f"field `probe.address`: expected an IP address, got {link.probe.address!r}",
                         where=place) from None
    if not 1 <= link.probe.tcp_port <= 65535:
        raise InputError(f"field `probe.tcp_port`: expected 1..65535, got {link.probe.tcp_port}", where=place)
    return replace(link, probe=replace(link.probe, address=address))


def _place(where: str, line: int | None) -> str:
    return f"{where}:{line}" if line else where


def target_address(address: str, port: int | None, *, where: str) -> tuple[str, int]:
    """Read a target's ``address`` (host, host:port, [v6]:port) and optional ``port``; they must agree.

    Raises:
        InputError: The address does not parse, or names another port than ``port``.
    """
    host, parsed = parse_address(address, port if port is not None else DEFAULT_PORT, where=where)
    if port is not None and parsed != port:
        raise InputError(f"address {address!r} names port {parsed} but `port` says {port}", where=where)
    return host, parsed


def _mappings(items: Iterable[Any], key: str, where: str) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for item in items:
        if not isinstance(item, Mapping):
            raise InputError(f"every entry of `{key}` must be a mapping, got {item!r}", where=where)
        out.append(item)
    return out


def config_from_store(engine: Any, base: BandwidthConfig | None = None) -> BandwidthConfig:
    """Build targets from the store: in-service network devices with SNMP access and a management address.

    The rule is ``store.inventory.query.bandwidth_polled``, which the bandwidth file_sd export uses too.

    ``Device.snmp`` holds ``{"version": "2c", "community": {"env": "VAR"}, "port": 161}`` (secrets by
    reference only). Links with an a-end device and interface become WAN links; their contracted
    ``bandwidth_mbps`` becomes ``govops_link_capacity_bytes_per_second``, and their ``probe``
    (``{address, tcp_port}``, as a config file link's) is where ``link_probe`` measures RTT and loss.

    Raises:
        ConfigError: A device's SNMP settings are malformed (names the device).
    """
    from sqlalchemy import select

    from govops.store.db import session_scope
    from govops.store.inventory.query import bandwidth_polled
    from govops.store.models import Device, Link

    base = base or BandwidthConfig()
    targets: list[TargetSpec] = []
    links: list[LinkSpec] = []
    skipped: list[tuple[str, str]] = []
    with session_scope(engine) as session:
        devices = session.scalars(select(Device).where(bandwidth_polled())).all()
        for dev in devices:
            try:
                targets.append(_store_target(dev.name, str(dev.mgmt_ip), dict(dev.snmp or {})))
            except GovopsError as exc:
                # One device without usable SNMP settings must not stop the agent polling the others.
                log.warning("skipping store device %s: %s", dev.name, str(exc).splitlines()[0])
                skipped.append((dev.name, str(exc).splitlines()[0]))
        names = {t.name for t in targets}
        for link in session.scalars(select(Link).where(Link.a_device_id.is_not(None))).all():
            if link.a_device is None or link.a_device.name not in names or not link.a_interface:
                continue
            role = link.role if link.role in ("primary", "backup") else ""
            data = {"name": link.name, "device": link.a_device.name, "interface": link.a_interface,
                    "carrier": link.carrier or "", "role": role, "level": link.level or "",
                    "bandwidth_mbps": link.bandwidth_mbps, "probe": link.probe,
                    "site": link.z_department.code if link.z_department else ""}
            try:
                links.append(link_spec(data, f"store link {link.name}"))
            except GovopsError as exc:
                # The import checks the probe address; a row written around it loses its probe, not the link.
                log.warning("store link %s: probe left out: %s", link.name, str(exc).splitlines()[0])
                links.append(link_spec({**data, "probe": None}, f"store link {link.name}"))
    return validate(replace(base, targets=tuple(targets), links=tuple(links), skipped=tuple(skipped)), "store")


def _store_target(name: str, mgmt_ip: str, snmp: dict[str, Any]) -> TargetSpec:
    where = f"store device {name}"
    access = SnmpCredentials.from_json(snmp, where=where)
    port = snmp.get("port")
    if port is not None and (not isinstance(port, int) or isinstance(port, bool)):
        raise ConfigError(f"{where}: snmp.port must be a number, got {port!r}")
    host, port = target_address(mgmt_ip, port, where=where)
    return TargetSpec(name=name, address=host, snmp=access, port=port)


def runtime_problems(config: BandwidthConfig) -> list[str]:
    """What would fail at run time although the file parses: unresolvable hosts, unset secrets.

    ``--check`` refuses a config with any; the agent itself reports them per target and polls the rest.
    """
    problems: list[str] = []
    for t in config.targets:
        try:
            socket.getaddrinfo(t.address, t.port, type=socket.SOCK_DGRAM)
        except (OSError, UnicodeError) as exc:
            problems.append(f"target {t.name}: cannot resolve {t.address}: {exc}")
        for ref in (t.snmp.community, t.snmp.auth_key, t.snmp.priv_key):
            if ref is None:
                continue
            try:
                ref.resolve()
            except GovopsError as exc:
                problems.append(f"target {t.name}: {str(exc).splitlines()[0]}")
    return problems
