"""Comparing what govops identified with LibreNMS's expected results, shared by the agreement tests.

Normalisation before comparing (LibreNMS decorates values; govops keeps them plain):
- case-folded, runs of whitespace collapsed, surrounding quotes and spaces dropped;
- values agree when equal, or when one is contained in the other on token
  boundaries (LibreNMS appends revisions and patch levels: hardware
  ``AP7900B B2`` for model ``AP7900B``; version ``5.170 (V200R010C00SPC600) [unlocked]``
  for ``5.170 (V200R010C00SPC600)``); containment needs at least 3 characters;
- a LibreNMS value that appears nowhere in the recording (a label LibreNMS makes up,
  such as hardware ``Generic x86 64-bit`` for a Linux host) cannot be read from the
  device: it is listed, and counted in the "all" figure, but not in the "readable" one;
- ports: LibreNMS's default filters (``bad_if``, ``bad_iftype``, ``bad_if_regexp``: voice
  and DS1 types, ``unrouted``, ``bluetooth``, ``virtual-``, ``sl0`` ...) and, here, interfaces
  whose ifOperStatus is ``notPresent`` or that have no ifDescr, ifName or ifAlias are left out
  of our side before comparing names and count: govops reports every interface; port names
  of which some appear nowhere in the recording (LibreNMS read them from a vendor table or
  another walk) count as not readable, like the other fields.
"""

from __future__ import annotations

import bz2
import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def norm(value: Any) -> str:
    text = str(value).replace("\u00a0", " ")
    return " ".join(text.split()).strip(" \"'").casefold()


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


# LibreNMS's default port filters (its config defaults ``bad_if``, ``bad_iftype``, ``bad_if_regexp``):
# govops reports every interface; these are left out of our side before comparing with LibreNMS.
LIBRENMS_BAD_IF = ("voip-null", "virtual-", "unrouted", "eobc", "lp0", "-atm layer", "-atm subif", "-shdsl",
                   "-aal5", "-atm", "container", "async", "plip", "-physical", "bluetooth", "isatap", "ras",
                   "qos", "span rp", "span sp", "sslvpn", "pppoe-")
LIBRENMS_BAD_IFTYPE = {"voiceEncap": 103, "voiceFXO": 101, "voiceFXS": 102, "voiceOverAtm": 152,
                       "voiceOverFrameRelay": 153, "voiceOverIp": 104, "ds0": 81, "ds1": 18, "ds3": 30, "isdn": 63,
                       "lapd": 77, "sonet": 39, "atmSubInterface": 134, "aal5": 49, "shdsl": 169, "mpls": 166}
LIBRENMS_BAD_IF_REGEXP = (re.compile(r"^ng[0-9]+$"), re.compile(r"^sl[0-9]"))


def librenms_port(iface: Any) -> bool:
    """Would LibreNMS list this interface (see the module docstring)?"""
    if not iface.descr and not iface.alias and iface.name == str(iface.index):
        return False  # no ifDescr, ifName or ifAlias: LibreNMS's is_port_valid() drops it (govops names it by index)
    label = (iface.descr or iface.name).casefold()
    bad_types = {*LIBRENMS_BAD_IFTYPE, *(str(n) for n in LIBRENMS_BAD_IFTYPE.values())}
    return (
        iface.type not in bad_types
        and iface.oper_status != "notPresent"
        and not any(word in label for word in LIBRENMS_BAD_IF)
        and not any(rx.search(label) for rx in LIBRENMS_BAD_IF_REGEXP)
    )


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
        "| field | agree (readable) | compared (readable) | share (readable) | share (all) |",
        "|---|---|---|---|---|",
    ]
    for field in fields:
        sel = [r for r in rows if r.field == field]
        rd = [r for r in sel if r.readable]
        ok, ok_rd = sum(r.ok for r in sel), sum(r.ok for r in rd)
        if sel and rd:
            all_share = f"{ok / len(sel):.1%} ({ok}/{len(sel)})"
            lines.append(f"| {field} | {ok_rd} | {len(rd)} | {ok_rd / len(rd):.1%} | {all_share} |")
    families = sorted({r.family for r in rows if r.family})
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
    lines += ["", "## Disagreements", ""]
    for r in rows:
        if not r.ok:
            reason = accepted.get((r.stem, r.field), "NOT ACCEPTED")
            if r.stem in held:  # a held-out walk's values are not shown: rules must not be written from them
                lines.append(f"- {r.stem} {r.field}: [held out] ({reason})")
                continue
            ours = r.ours if r.field != "port_names" else f"{len(r.ours)} names"
            theirs = r.theirs if r.field != "port_names" else f"{len(r.theirs)} names"
            where = "" if r.readable else " [LibreNMS value not in the walk]"
            lines.append(f"- {r.stem} {r.field}: ours={ours!r} librenms={theirs!r}{where} ({reason})")
    return "\n".join(lines) + "\n"
