"""Comparing what govops identified with LibreNMS's expected results, shared by the agreement tests.

Normalisation before comparing (LibreNMS decorates values; govops keeps them plain):
- case-folded, runs of whitespace collapsed, surrounding quotes and spaces dropped, a leading
  ``v`` before a digit dropped (``v2.11`` and ``2.11`` are the same version);
- values agree when equal, or when one is contained in the other on token
  boundaries (LibreNMS appends revisions and patch levels: hardware
  ``AP7900B B2`` for model ``AP7900B``; version ``5.170 (V200R010C00SPC600) [unlocked]``
  for ``5.170 (V200R010C00SPC600)``); containment needs at least 3 characters;
- a LibreNMS value that appears nowhere in the recording (a label LibreNMS makes up,
  such as hardware ``Generic x86 64-bit`` for a Linux host) cannot be read from the
  device: it is listed, and counted in the "all" figure, but not in the "readable" one;
- ports: LibreNMS's port filters (its ``is_port_valid``) are applied to our side before comparing
  names and count, govops reports every interface: the defaults (``bad_if``, ``bad_iftype`` by type
  name substring, ``bad_if_regexp``: voice, DS1 and SONET types, ``unrouted``, ``bluetooth``, ``virtual-``,
  ``sl0`` ...; ifOperStatus ``notPresent``; no ifDescr, ifName or ifAlias; a blank ifDescr), plus the OS's
  own settings (``empty_ifdescr``, ``good_if``, ``bad_if``, ``bad_iftype``, ``bad_ifname_regexp``) transcribed in
  ``LIBRENMS_OS_PORTS`` from LibreNMS's OS definitions; port names
  of which some appear nowhere in the recording (LibreNMS read them from a vendor table or
  another walk) count as not readable, like the other fields.
"""

from __future__ import annotations

import asyncio
import bz2
import contextlib
import json
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govops.catalog.vendors import default_vendors
from govops.discovery.observation import Observation
from govops.discovery.snmp import ENTERPRISE_HEADS, DiscoveryOptions, discover_target, subtrees_read
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.lab.recordings import snmpsim_data_dir
from govops.platforms.snmp import GENERIC, SnmpPlatform
from govops.snmp import SnmpCredentials
from govops.snmp.recorded import RecordedAgent, read_snmprec
from govops.snmp.values import VarBind
from govops.util.oid import Oid


def norm(value: Any) -> str:
    text = str(value).replace("\u00a0", " ")
    text = " ".join(text.split()).strip(" \"'").casefold()
    return re.sub(r"\Av(?=\d)", "", text)  # 'v2.11' and '2.11' are the same version


def agrees(ours: Any, theirs: Any) -> bool:
    if ours is None:
        return False
    a, b = norm(ours), norm(theirs)
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 3:
        return False
    return re.search(r"(?<![a-z0-9])" + re.escape(short) + r"(?![a-z0-9])", long_) is not None


# LibreNMS's field -> the device fact govops compares with it.
FIELD_KEYS = {"hardware": "model", "version": "os_version", "serial": "serial"}

# LibreNMS's test data replaces private values (serials, names) with this: nothing to compare against.
ANONYMISED = "<private>"


def comparable(theirs: Any) -> bool:
    """Whether LibreNMS states a value to compare with (not blank, not anonymised)."""
    return theirs not in (None, "") and ANONYMISED not in str(theirs)


@dataclass
class Row:
    stem: str
    field: str
    ours: Any
    theirs: Any
    ok: bool
    readable: bool = True
    family: str = ""


def open_walk(path: Path) -> Any:
    if path.name.endswith(".bz2"):
        return bz2.open(path, "rt", errors="replace")
    return path.open(errors="replace")


def recording_text(path: Path) -> str:
    """All values of a recording, hex strings decoded, for the "is it in the walk" check."""
    out = []
    with open_walk(path) as fh:
        for line in fh:
            parts = line.rstrip("\n").split("|", 2)
            if len(parts) != 3:
                continue
            value = parts[2]
            if parts[1].endswith("x"):
                with contextlib.suppress(ValueError):
                    value = bytes.fromhex(value).decode("utf-8", "replace")
            out.append(value)
    return "\n".join(out).casefold()


def readable(theirs: Any, walk_text: str) -> bool:
    value = norm(theirs)
    return value in walk_text or all(tok in walk_text for tok in value.replace("/", " ").split() if len(tok) >= 3)


# LibreNMS's default port filters (``bad_if``, ``bad_iftype``, ``bad_if_regexp`` in its misc/config_definitions.json,
# which the test data's recordings were made with: ``irtual`` drops '... Virtual Interface' entries; ISDN and LAPD
# interfaces are kept, as they carry signalling): govops reports every interface; these are left out of our side
# before comparing with LibreNMS.
LIBRENMS_BAD_IF = ("voip-null", "virtual-", "unrouted", "eobc", "lp0", "-atm", "faith0", "container", "async", "plip",
                   "-physical", "bluetooth", "isatap", "ras", "qos", "span rp", "span sp", "sslvpn", "pppoe-", "irtual")
LIBRENMS_BAD_IFTYPE = ("voiceEncap", "voiceFXO", "voiceFXS", "voiceOverAtm", "voiceOverFrameRelay", "voiceOverIp",
                       "ds0", "ds1", "ds3", "sonet", "atmSubInterface", "aal5", "shdsl", "mpls")
LIBRENMS_BAD_IF_REGEXP = (r"^ng[0-9]+$", r"^sl[0-9]")

# IANAifType names of the types the filters name or contain (LibreNMS compares the type's name, as a substring:
# its "sonet" also drops sonetPath and sonetVT); govops keeps an unnamed type as its number.
IANA_IFTYPE_NAMES = {
    18: "ds1", 22: "propPointToPointSerial", 24: "softwareLoopback", 28: "slip", 30: "ds3", 39: "sonet", 49: "aal5",
    50: "sonetPath", 51: "sonetVT", 63: "isdn", 75: "isdnS", 76: "isdnU", 77: "lapd", 81: "ds0", 82: "ds0Bundle",
    101: "voiceFXO", 102: "voiceFXS", 103: "voiceEncap", 104: "voiceOverIp", 131: "tunnel", 134: "atmSubInterface",
    135: "l2vlan", 150: "mplsTunnel", 152: "voiceOverAtm", 153: "voiceOverFrameRelay", 161: "ieee8023adLag",
    166: "mpls", 169: "shdsl", 170: "ds1FDL", 185: "sonetOverheadChannel", 209: "bridge", 250: "gpon",
    270: "aluGponOnu", 271: "aluGponPhysicalUni",
}


@dataclass(frozen=True)
class PortFilters:
    """One LibreNMS OS definition's port settings (``includes/definitions/<os>.yaml``), added to the defaults."""

    good_if: tuple[str, ...] = ()
    bad_if: tuple[str, ...] = ()
    bad_if_regexp: tuple[str, ...] = ()
    bad_ifname_regexp: tuple[str, ...] = ()
    bad_iftype: tuple[str, ...] = ()
    empty_ifdescr: bool = False  # keep an interface whose ifDescr is blank (its ifName or ifAlias names it)


# LibreNMS's per-OS port settings, transcribed from its OS definitions for the OS families of this corpus whose
# port comparison they change (keyed by LibreNMS's OS name); any other OS gets the defaults alone.
LIBRENMS_OS_PORTS: dict[str, PortFilters] = {
    # VOSS ports are 'Extreme Networks Virtual Services Platform ...', which the default bad_if 'irtual' would drop.
    "voss": PortFilters(good_if=("Virtual Services Platform",)),
    "edgeos": PortFilters(bad_if_regexp=(r"^npi[0-9]", r"^loop[0-9]", r"^gre[0-9]", r"^gretap[0-9]")),
    "weos": PortFilters(good_if=("1/1", "1/2")),
    "nokia-isam": PortFilters(bad_iftype=("aluGponOnu", "bridge", "ieee8023adLag", "l2vlan", "slip",
                                          "softwareLoopback")),
    "eltex-mes21xx": PortFilters(bad_iftype=("tunnel", "softwareLoopback", "propPointToPointSerial")),
    "eltex-mes23xx": PortFilters(bad_iftype=("tunnel", "softwareLoopback", "propPointToPointSerial")),
    # Every Hatteras ifDescr names the maker, which the default bad_if "ras" would drop: good_if "ras" keeps all.
    "hatteras": PortFilters(good_if=("ras",), bad_if=("notPresent", "serConsole")),
    "ciena-sds": PortFilters(bad_ifname_regexp=(r"^$",)),
    "ibos": PortFilters(bad_if=("downstream0", "Lo0", "Null0", "system0")),
    "ntron": PortFilters(bad_ifname_regexp=(r"^cpu",)),
    # Agents that leave every ifDescr blank and name ports in ifName alone: the definition sets empty_ifdescr.
    "fortigate": PortFilters(empty_ifdescr=True),
    "exa": PortFilters(empty_ifdescr=True),
    "f5os": PortFilters(empty_ifdescr=True),
    "zxa10": PortFilters(empty_ifdescr=True),
}
NO_FILTERS = PortFilters()


def iftype_name(value: str | None) -> str:
    """The IANAifType name of an interface's type as govops reports it (a name, or a number it has no name for)."""
    if value is None:
        return ""
    return IANA_IFTYPE_NAMES.get(int(value), value) if value.isdigit() else value


def librenms_port(iface: Any, os: str | None = None, if_name: str | None = None) -> bool:
    """Would LibreNMS list this interface (its ``is_port_valid``: the defaults plus the OS's own settings)?

    ``if_name`` is the agent's ifName as sent (govops names an interface by ifDescr when ifName is blank),
    needed only for an OS with ``bad_ifname_regexp``.
    """
    osf = LIBRENMS_OS_PORTS.get(os or "", NO_FILTERS)
    descr = iface.descr or ""
    if not descr:
        # is_port_valid checks blanks first: no ifDescr, ifName or ifAlias (govops then names it by index) is
        # never a port; a blank ifDescr is one only where the OS definition sets empty_ifdescr.
        if not iface.alias and iface.name == str(iface.index):
            return False
        if not osf.empty_ifdescr:
            return False
    low = descr.casefold()
    if any(word.casefold() in low for word in osf.good_if):
        return True
    name = iface.name if if_name is None else if_name
    kind = iftype_name(iface.type)
    return (
        iface.oper_status != "notPresent"
        and not any(word.casefold() in low for word in (*LIBRENMS_BAD_IF, *osf.bad_if))
        and not any(re.search(rx, descr, re.IGNORECASE) for rx in (*LIBRENMS_BAD_IF_REGEXP, *osf.bad_if_regexp))
        and not any(re.search(rx, name, re.IGNORECASE) for rx in osf.bad_ifname_regexp)
        and not any(word in kind for word in (*LIBRENMS_BAD_IFTYPE, *osf.bad_iftype))
    )


IF_NAME_COLUMN = "1.3.6.1.2.1.31.1.1.1.1."


def if_names(path: Path) -> dict[int, str]:
    """ifName as the recording holds it (blank included), by ifIndex."""
    out: dict[int, str] = {}
    with open_walk(path) as fh:
        for line in fh:
            if line.startswith(IF_NAME_COLUMN):
                oid, kind, value = [*line.rstrip("\n").split("|", 2), "", ""][:3]
                if kind.endswith("x"):
                    with contextlib.suppress(ValueError):
                        value = bytes.fromhex(value).decode("utf-8", "replace")
                with contextlib.suppress(ValueError):
                    out[int(oid[len(IF_NAME_COLUMN):])] = value.strip()
    return out


def expected_of(path: Path) -> dict[str, Any]:
    """LibreNMS's expected device record (``os`` block) and ports, from ``<stem>.expected.json``."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    dev = data["os"]["discovery"]["devices"][0]
    ports = None
    if isinstance(data.get("ports"), dict):
        ports = (data["ports"].get("discovery") or {}).get("ports")
    return {**dev, "ports": ports}


def agreement(rows: list[Row], fields: tuple[str, ...]) -> dict[str, float]:
    out = {}
    for field in fields:
        sel = [r for r in rows if r.field == field]
        out[field] = sum(r.ok for r in sel) / len(sel) if sel else 1.0
    return out


def accepted_count(rows: list[Row], accepted: dict[tuple[str, str], str]) -> int:
    """Disagreements accepted with a reason: LibreNMS's value is not the device's (a label, a placeholder, another
    object, a brand the walk never names). The readable share is reported with and without them."""
    return sum(1 for r in rows if not r.ok and (r.stem, r.field) in accepted)


def agreement_judged(
    rows: list[Row], fields: tuple[str, ...], accepted: dict[tuple[str, str], str]
) -> dict[str, float]:
    """``agreement`` over the readable values with the accepted disagreements left out of the comparison."""
    out = {}
    for field in fields:
        sel = [r for r in rows if r.field == field and r.readable]
        judged = len(sel) - accepted_count(sel, accepted)
        out[field] = sum(r.ok for r in sel) / judged if judged else 1.0
    return out


def render(
    title: str,
    rows: list[Row],
    fields: tuple[str, ...],
    accepted: dict[tuple[str, str], str],
    *,
    details: bool = True,
    held: frozenset[str] = frozenset(),
) -> str:
    lines = [
        f"# {title}",
        "",
        "| field | agree (readable) | compared (readable) | share (readable) | share (all) "
        "| share (readable, accepted left out) |",
        "|---|---|---|---|---|---|",
    ]
    for field in fields:
        sel = [r for r in rows if r.field == field]
        rd = [r for r in sel if r.readable]
        ok, ok_rd = sum(r.ok for r in sel), sum(r.ok for r in rd)
        if sel and rd:
            all_share = f"{ok / len(sel):.1%} ({ok}/{len(sel)})"
            judged = len(rd) - accepted_count(rd, accepted)
            judged_share = f"{ok_rd / judged:.1%} ({ok_rd}/{judged})" if judged else ""
            lines.append(f"| {field} | {ok_rd} | {len(rd)} | {ok_rd / len(rd):.1%} | {all_share} | {judged_share} |")
    # Held-out walks are counted in the totals but never named, per family or per value: rules must not be written
    # from them, so the output does not point at them.
    hidden_families = {r.family for r in rows if r.stem in held}
    families = sorted({r.family for r in rows if r.family} - hidden_families)
    if not details:
        return "\n".join(lines) + "\n"
    if families:
        lines += ["", "## Per family (readable values agreeing / compared)", "",
                  "| family | " + " | ".join(fields) + " |", "|---" * (len(fields) + 1) + "|"]
        for fam in families:
            cells = []
            for field in fields:
                sel = [r for r in rows if r.family == fam and r.field == field and r.readable]
                cells.append(f"{sum(r.ok for r in sel)}/{len(sel)}" if sel else "")
            lines.append(f"| {fam} | " + " | ".join(cells) + " |")
        if hidden_families:
            cells = []
            for field in fields:
                sel = [r for r in rows if r.stem in held and r.field == field and r.readable]
                cells.append(f"{sum(r.ok for r in sel)}/{len(sel)}" if sel else "")
            lines.append(f"| ({len(hidden_families)} held-out families) | " + " | ".join(cells) + " |")
    lines += ["", "## Disagreements", ""]
    hidden_misses: dict[str, int] = {}
    for r in rows:
        if not r.ok:
            reason = accepted.get((r.stem, r.field), "NOT ACCEPTED")
            if r.stem in held:
                hidden_misses[r.field] = hidden_misses.get(r.field, 0) + 1
                continue
            ours = r.ours if r.field != "port_names" else f"{len(r.ours)} names"
            theirs = r.theirs if r.field != "port_names" else f"{len(r.theirs)} names"
            where = "" if r.readable else " [LibreNMS value not in the walk]"
            lines.append(f"- {r.stem} {r.field}: ours={ours!r} librenms={theirs!r}{where} ({reason})")
    if hidden_misses:
        counts = ", ".join(f"{field} {n}" for field, n in sorted(hidden_misses.items()))
        lines.append(f"- held-out walks (not named): {counts}")
    return "\n".join(lines) + "\n"


def split_family(stem: str, expected: Path | None) -> str:
    """The key the development/held-out split is made on: LibreNMS's OS family, else the maker word of the file."""
    exp = expected_of(expected) if expected is not None else {}
    if exp.get("os"):
        return str(exp["os"])
    return stem.rsplit("/", 1)[-1].split("-", maxsplit=1)[0].split("_", maxsplit=1)[0].casefold()


def held_out(family: str) -> bool:
    """Deterministic quarter of the OS families whose walks rules are never written from (CRC-32 of the family,
    3 modulo 4). It was half (odd CRC-32) until the development half was exhausted; the quarter kept is a subset
    of that half, so it has never been looked at."""
    return zlib.crc32(family.encode()) % 4 == 3


# snmpsim-data walks larger than this (17 of 116: 0.9-8 MB of bz2, up to 150 MB of text) take 0.5-6 s
# each to decompress; they are left out here to keep the suite fast (bench/ and the snmpsim test read some).
MAX_COMPRESSED_WALK = 600_000


def walks(corpus: Path) -> dict[str, tuple[Path, Path | None]]:
    """stem -> (walk, LibreNMS expected.json or None): ``snmp/``, ``snmp-more/`` and the snmpsim-data walks."""
    out: dict[str, tuple[Path, Path | None]] = {}
    for folder in ("snmp", "snmp-more"):
        for path in sorted((corpus / folder).glob("*.snmprec")):
            stem = path.name.removesuffix(".snmprec")
            out[f"{folder}/{stem}"] = (path, path.with_name(stem + ".expected.json"))
    data = snmpsim_data_dir()
    assert data is not None, "snmpsim-data is a test dependency"
    for path in sorted(data.rglob("*.snmprec*")):
        if path.stat().st_size > MAX_COMPRESSED_WALK:
            continue
        out["snmpsim-data/" + str(path.relative_to(data)).split(".snmprec")[0]] = (path, None)
    return out


def walk_reader(platforms: Sequence[SnmpPlatform]) -> Callable[[Path], dict[Oid, VarBind]]:
    """How a walk is read for discovery with ``platforms``: the subtrees it walks, enterprise arcs as it sees them
    (one definition for the agreement test and the next-device probe)."""
    prefixes = subtrees_read(platforms)
    return lambda path: read_snmprec(path, prefixes=prefixes, skipped=[], arc_heads=ENTERPRISE_HEADS)


Identified = dict[str, tuple[Observation, Path, Path | None]]


def general_layers(platforms: tuple[SnmpPlatform, ...]) -> tuple[SnmpPlatform, ...]:
    """The table with every platform row removed but the standard layer (``snmp_standard.yaml``'s ``generic``):
    discovery as for a device whose maker no row knows. The vendor catalogue (enterprise numbers, product tables)
    stays: it is general knowledge, not rows written against walks."""
    return tuple(p for p in platforms if p.platform == GENERIC)


def identify_all(
    agents: Mapping[str, tuple[RecordedAgent, Path, Path | None]], platforms: Sequence[SnmpPlatform]
) -> Identified:
    """Discovery's own code (``discover_target``) on each recorded agent, in process."""
    vendors = default_vendors()
    options = DiscoveryOptions(v1_fallback=False, neighbors=False)
    creds = SnmpCredentials.v2c("public")

    async def run_all() -> Identified:
        out = {}
        for stem, (agent, walk, expected) in agents.items():
            obs = await discover_target(agent, DiscoveryTarget(stem, 161, creds), options, platforms, vendors)
            out[stem] = (obs, walk, expected)
        return out

    return asyncio.run(run_all())
