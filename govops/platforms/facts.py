"""Turn parsed records into one device's facts: the same shape for every platform.

Field names differ per template; each platform's ``FactCommand.fields`` maps them
to the normalised names used here, so no vendor condition appears in this code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from govops.errors import GovopsError
from govops.platforms.base import Fact, FactCommand, Platform
from govops.util.placeholders import is_placeholder, is_placeholder_serial

Record = Mapping[str, Any]


@dataclass(frozen=True)
class InterfaceFact:
    """One interface as the device reported it."""

    name: str
    status: str | None = None
    protocol: str | None = None
    description: str | None = None
    speed: str | None = None
    speed_mbps: float | None = None
    ips: tuple[str, ...] = ()
    mac: str | None = None


@dataclass(frozen=True)
class NeighborFact:
    """One LLDP neighbour seen on a local port."""

    local_port: str
    remote_name: str | None = None
    remote_port: str | None = None
    remote_chassis_id: str | None = None


@dataclass(frozen=True)
class PowerFact:
    """One power supply slot."""

    name: str
    status: str | None = None
    model: str | None = None
    serial: str | None = None


@dataclass
class DeviceFacts:
    """Everything read from one device; ``errors`` names each fact that could not be read."""

    platform: str
    variant: str | None = None
    hostname: str | None = None
    vendor: str | None = None
    model: str | None = None
    serial: str | None = None
    version: str | None = None
    image: str | None = None  # the software image the version command names (IOS's 'CAT9K_IOSXE')
    uptime: str | None = None
    interfaces: list[InterfaceFact] = field(default_factory=list)
    neighbors: list[NeighborFact] = field(default_factory=list)
    power: list[PowerFact] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


def scalar(value: Any) -> str | None:
    """Return a template value as one stripped string (first element of a list), or None.

    >>> scalar(["", " FOC123 "])
    'FOC123'
    >>> scalar("") is None
    True
    """
    if isinstance(value, list):
        value = next((v for v in value if str(v).strip()), None)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _pick(record: Record, cmd: FactCommand, name: str) -> Any:
    key = cmd.fields.get(name)
    return record.get(key.lower()) if key else None


_SPEED = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[kKmMgGtT])?(?:b(?:it)?(?:ps|/s)?|bps)?", re.IGNORECASE)
_UNIT = {"k": 0.001, "m": 1.0, "g": 1000.0, "t": 1_000_000.0}


def speed_mbps(speed: str | None) -> float | None:
    """Convert a speed as devices print it to Mbit/s; bare numbers are Mbit/s (Huawei).

    >>> [speed_mbps(s) for s in ("1000", "10Gbps-speed", "1000000 Kbit", "25 Gb/s", "Auto", "1000M")]
    [1000.0, 10000.0, 1000.0, 25000.0, None, 1000.0]
    """
    if not speed:
        return None
    m = _SPEED.search(speed)
    if not m:
        return None
    unit = (m.group("unit") or "m").lower()
    return float(m.group("num")) * _UNIT[unit]


_MODEL_SUFFIX = re.compile(r"\s+(Routing\s+Switch|Router|Switch)$", re.IGNORECASE)


def clean_model(model: str | None) -> str | None:
    """Drop the product-class words some firmware appends to the model.

    >>> clean_model("S5720-28X-SI-AC Routing Switch")
    'S5720-28X-SI-AC'
    """
    return _MODEL_SUFFIX.sub("", model).strip() if model else None


def _ips(record: Record, cmd: FactCommand) -> tuple[str, ...]:
    raw = _pick(record, cmd, "ip")
    values = [str(v).strip() for v in (raw if isinstance(raw, list) else [raw]) if v and str(v).strip()]
    prefix = scalar(_pick(record, cmd, "prefix"))
    return tuple(v if "/" in v or not prefix else f"{v}/{prefix}" for v in values)


def interfaces_from(cmd: FactCommand, records: Sequence[Record]) -> list[InterfaceFact]:
    """Build interface facts from one command's records (logical sub-units without status skipped)."""
    out: list[InterfaceFact] = []
    for rec in records:
        name = scalar(_pick(rec, cmd, "name"))
        if not name:
            continue
        speed = scalar(_pick(rec, cmd, "speed"))
        status = scalar(_pick(rec, cmd, "status"))
        out.append(
            InterfaceFact(
                name=name,
                status=status.lower() if status else None,
                protocol=(scalar(_pick(rec, cmd, "protocol")) or "").lower() or None,
                description=scalar(_pick(rec, cmd, "description")),
                speed=speed,
                speed_mbps=speed_mbps(speed),
                ips=_ips(rec, cmd),
                mac=scalar(_pick(rec, cmd, "mac")),
            )
        )
    return out


def neighbors_from(cmd: FactCommand, records: Sequence[Record]) -> list[NeighborFact]:
    """Build LLDP neighbour facts from one command's records."""
    out = []
    for rec in records:
        local = scalar(_pick(rec, cmd, "local_port"))
        if not local:
            continue
        out.append(
            NeighborFact(
                local_port=local,
                remote_name=scalar(_pick(rec, cmd, "remote_name")),
                remote_port=scalar(_pick(rec, cmd, "remote_port")),
                remote_chassis_id=scalar(_pick(rec, cmd, "remote_chassis_id")),
            )
        )
    return out


def power_from(cmd: FactCommand, records: Sequence[Record]) -> list[PowerFact]:
    """Build power-supply facts; records of other inventory items (no name) are skipped."""
    out = []
    for rec in records:
        name = scalar(_pick(rec, cmd, "name"))
        if not name:
            continue
        slot = scalar(_pick(rec, cmd, "slot"))
        out.append(
            PowerFact(
                name=f"{slot}/{name}" if slot else name,
                status=scalar(_pick(rec, cmd, "status")),
                model=scalar(_pick(rec, cmd, "model")),
                serial=scalar(_pick(rec, cmd, "serial")),
            )
        )
    return out


def stated_in(text: str, pattern: str) -> str | None:
    r"""The value (group ``value`` of ``pattern``) the most lines of ``text`` state; None when no line states one or
    two values are stated equally often (no guess between them).

    >>> bracketed = r"\[(?P<value>[\d.]+)\]"
    >>> stated_in("a [1.1]\nb [2.0]\nc [1.1]", bracketed), stated_in("a [1.1]\nb [2.0]", bracketed)
    ('1.1', None)
    """
    counts = Counter(m.group("value") for line in text.splitlines() if (m := re.search(pattern, line)))
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def apply_scalars(facts: DeviceFacts, cmd: FactCommand, records: Sequence[Record], text: str = "") -> bool:
    """Fill version/serial facts from the first record (a field it leaves empty from what the lines of ``text``
    state, ``cmd.stated``); return True when the wanted value was found."""
    if not records:
        return False
    rec = records[0]
    values = {name: scalar(_pick(rec, cmd, name)) for name in cmd.fields}
    for name, pattern in cmd.stated.items():
        values[name] = values.get(name) or stated_in(text, pattern)
    if cmd.fact == "version":
        version, release = values.get("version"), values.get("release")
        facts.version = facts.version or (f"{version} ({release})" if version and release else version)
        facts.image = facts.image or values.get("image")
        facts.uptime = facts.uptime or values.get("uptime")
        facts.hostname = facts.hostname or values.get("hostname")
    # The vendor a command states replaces the one before: the version banner's brand, then the box's manufacture
    # record (Comware's 'display device manuinfo' VENDOR_NAME: H3C builds the same hardware under HPE's brand, and a
    # box flashed with the other brand's image keeps its own record). A placeholder ('NONE', 'N/A') states no brand.
    vendor = values.get("vendor")
    facts.vendor = vendor if vendor is not None and not is_placeholder(vendor) else facts.vendor
    facts.model = facts.model or clean_model(values.get("model"))
    serial = values.get("serial")
    # A placeholder or fill pattern ('N/A', 'FFFFFFFF') names no device: reconcile finds devices by serial first.
    serial = None if serial is None or is_placeholder_serial(serial) else serial
    facts.serial = facts.serial or serial
    return bool(values.get("version") if cmd.fact == "version" else serial)


def detect_variant(platform: Platform, version_output: str) -> str | None:
    """Return the OS variant named by ``version_output`` (highest priority match), or None.

    >>> from govops.platforms.registry import get_platform
    >>> detect_variant(get_platform("huawei_vrp"), "VRP (R) software, Version 8.180 (CE6850 V200R005C10)")
    'vrp8'
    """
    best: tuple[int, str] | None = None
    for variant in platform.variants:
        if re.search(variant.pattern, version_output) and (best is None or variant.priority > best[0]):
            best = (variant.priority, variant.name)
    return best[1] if best else None


def hostname_from_prompt(platform: Platform, prompt: str) -> str | None:
    """Extract the hostname from a prompt line such as ``HRP_M<fw-01>`` or ``netops@sw1>``.

    >>> from govops.platforms.registry import get_platform
    >>> hostname_from_prompt(get_platform("huawei_vrp"), "HRP_M<GZ-FW-01>")
    'GZ-FW-01'
    """
    text = prompt.strip()
    text = re.sub(r"^(?:HRP|RBM)_[MSP]", "", text)
    text = text.split("@", 1)[-1]
    text = text.strip("<>[]#%$ ")
    text = re.sub(r"\(config[^)]*\)$", "", text)
    return text or None


class CommandRejected(Exception):
    """The device answered a command with its error text (not a govops error: handled per fact)."""

    def __init__(self, command: str, line: str) -> None:
        super().__init__(f"{command!r} rejected by the device: {line}")
        self.command = command
        self.line = line


def collect_facts(
    platform: Platform,
    run: Callable[[str], str],
    *,
    prompt: str | None = None,
    facts: Sequence[Fact] = ("version", "serial", "interfaces", "lldp", "power"),
) -> DeviceFacts:
    """Read every fact by running the platform's commands through ``run``.

    Each fact tries its commands in order; a rejected command or a parse failure
    moves to the next one and is recorded in ``errors`` only when none works,
    so one missing template gives a partial result, never a failed device.

    Args:
        platform: The platform whose commands are used.
        run: Runs one command and returns its output (live session or captured files);
            raises ``CommandRejected`` when the device refuses the command.
        prompt: The session prompt, for the hostname when output names none.
        facts: Which facts to read.

    Returns:
        The facts read, with per-fact errors.
    """
    from govops.platforms.parse import parse

    result = DeviceFacts(platform=platform.name, vendor=platform.vendor)
    if prompt:
        result.hostname = hostname_from_prompt(platform, prompt)
    version_text = ""
    for fact in facts:
        if fact == "serial" and result.serial:
            continue  # `show version` already named it (Cisco, Junos, Ruijie)
        variant = result.variant
        last_error: str | None = None
        found = False
        for cmd in platform.commands_for(fact, variant):
            try:
                text = run(cmd.command)
                records = parse(platform, cmd.command, text)
            except CommandRejected as exc:
                last_error = str(exc)
                continue
            except GovopsError as exc:
                last_error = str(exc).splitlines()[0]
                continue
            if fact == "version":
                version_text = text
                result.variant = detect_variant(platform, version_text)
            found = _apply(result, cmd, records, text) or found
            if found:
                last_error = None
                break
            last_error = last_error or f"{cmd.command!r}: no {fact} in the output"
        if not found and last_error:
            result.errors[fact] = last_error
    # The figure in the platform's one form, as its SNMP rows give it (``Platform.version_form``).
    result.version = platform.os_version(result.version, result.image)
    return result


def _apply(result: DeviceFacts, cmd: FactCommand, records: Sequence[Record], text: str) -> bool:
    if cmd.fact in ("version", "serial"):
        return apply_scalars(result, cmd, records, text)
    if cmd.fact == "interfaces":
        result.interfaces = interfaces_from(cmd, records)
        return True
    if cmd.fact == "lldp":
        result.neighbors = neighbors_from(cmd, records)
        return True
    if cmd.fact == "power":
        result.power = power_from(cmd, records)
        return True
    return False
