"""The vendor table and the device classifier (domestic / foreign / unknown, with evidence).

Data lives in ``catalog/data/vendors.yaml``; users extend or correct it with
their own file (see ``govops.catalog.loader``). Lookups are by IANA enterprise
number (from ``sysObjectID``), by vendor id, and by name or alias (from a
declared vendor, ``sysDescr`` or ``entPhysicalMfgName``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TypeVar

from govops.catalog.enterprises import (
    AGENT_ENTERPRISES,
    enterprise_name,
    enterprise_of,
    oem_number,
    registry_date,
)
from govops.catalog.loader import load_table
from govops.catalog.verdict import UNKNOWN, Evidence, Verdict, VerdictName
from govops.errors import CatalogError

ENTERPRISES = (1, 3, 6, 1, 4, 1)
# The field in which a device states the maker of the system its sysObjectID names (UPS-MIB
# upsIdentManufacturer, a vendor MIB's identity scalar). entPhysicalMfgName ("mfg_name") names the
# hardware, which on a white box or an appliance is someone else.
IDENTITY_FIELDS = ("manufacturer",)
# Fields that name a maker only by the name they open with: a release line ('ASUSWRT-Merlin 386.7') says whose
# firmware runs; a name further on ('Debian GNU/Linux 12 (Raspberry Pi OS)') names a project, not the device's maker.
LEADING_FIELDS = ("release",)
# The organisation the IEEE assigned most of the device's interface addresses to (``govops.catalog.ouis``), matched
# by the name it opens with: whoever put the device on the market, where no enterprise number names a maker.
ADDRESS_FIELD = "mac_maker"
# Card makers whose agent puts the equipment maker's enterprise number in the arc after their own:
# {card PEN: (lowest arc that is a maker's PEN, why)}. CAREL's pCOWeb (HVAC controllers' SNMP card) reports
# 1.3.6.1.4.1.9839.<maker PEN>.<device> (Rittal chillers: 9839.2606.x); its own MIB tree uses arcs 1 and 2.
MAKER_ARCS: dict[int, tuple[int, str]] = {
    9839: (10, "CAREL pCOWeb card: the arc after 9839 is the equipment maker's enterprise number"),
}
# Makers of chips whose name a white-label box carries where its maker's should be (entPhysicalMfgName, the
# OUI of on-chip interfaces): their name says which part is inside, never who made the equipment.
CHIP_MAKERS = frozenset({"aricent", "broadcom", "espressif", "intel", "marvell", "mediatek", "mellanox", "microchip",
                         "qualcomm", "realtek", "texas", "vitesse"})


def first_word(name: str) -> str:
    """A maker's name's first word as the maker sets match it (``CHIP_MAKERS``): case-folded, without a trailing
    comma or full stop ("Intel, Corp." -> "intel"). ``name`` holds a word."""
    return name.split(maxsplit=1)[0].strip(",.").casefold()


LEADING_NOISE = " \t\"'\\"  # quotes and escapes some agents put before sysDescr's first word
# Free text a device writes about itself (sysDescr), where a maker's name may stand beside ordinary words. There
# an alias the catalogue writes in capitals ('EAST', 'VENUS', 'NEC') is a brand only in capitals: 'Middle East'
# and Victron's 'Venus OS' name no maker. So is one that opens with a small letter before capitals ('iLO',
# 'eSpace'): 'ilo' or 'Espace' is another word. Fields that name a maker (upsIdentManufacturer,
# entPhysicalMfgName, a declared vendor) match any case.
FREE_TEXT_FIELDS = ("sys_descr",)


def kept_as_written(name: str) -> bool:
    """Whether a name is a brand in free text only as written: all capitals, or a small letter before capitals.

    >>> [kept_as_written(n) for n in ("EAST", "iLO", "eSpace", "Huawei", "CloudEngine", "ilo")]
    [True, True, True, False, False, False]
    """
    return name.isupper() or (name[:1].islower() and any(c.isupper() for c in name))
# A uname banner, net-snmp's default sysDescr ('Linux dell-backup 5.10.0-21-amd64 #1 SMP ... x86_64'): system name,
# then the name someone gave the host, which names no maker ('dell-backup', 'huawei-gw').
UNAME_SYSTEMS = "Linux|FreeBSD|NetBSD|OpenBSD|DragonFly|SunOS|Darwin|AIX|HP-UX|GNU/kFreeBSD"
UNAME_HOST = re.compile(rf"\A([\s\"']*(?:{UNAME_SYSTEMS})\s+)\S+")


def maker_text(field: str, text: str | None) -> str | None:
    """The part of a field that may name a maker: a uname banner's host name is left out.

    >>> maker_text("sys_descr", "Linux dell-backup 5.10.0 #1 SMP x86_64"), maker_text("mfg_name", "Linux dell")
    ('Linux  5.10.0 #1 SMP x86_64', 'Linux dell')
    """
    if text is None or field not in FREE_TEXT_FIELDS:
        return text
    return UNAME_HOST.sub(r"\1", text, count=1)


@dataclass(frozen=True)
class VendorRow:
    """One vendor: names, IANA enterprise numbers, country and the domestic flag, with its source."""

    id: str
    name: str
    # None: the maker is named (its brand, its numbers) but its country is not established: verdict unknown.
    country: str | None
    domestic: bool | None
    source: str
    aliases: tuple[str, ...] = ()
    enterprises: tuple[int, ...] = ()
    name_zh: str | None = None
    # Other Chinese names ledgers write (华三 for 新华三, 思科 for Cisco): read in declared words only, never in
    # SNMP text; the display name stays ``name_zh`` (or ``name``).
    aliases_zh: tuple[str, ...] = ()


@dataclass(frozen=True)
class VendorMatch:
    """A vendor found for a device, and why."""

    vendor: VendorRow
    evidence: Evidence


_Key = TypeVar("_Key", int, str)  # an index's key: an enterprise number or a name
_Row = TypeVar("_Row")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def contains_name(text: str, term: str) -> bool:
    """``term`` in ``text``: a whole word for Latin names (``UOS`` not in ``CUOSX``), a substring for Chinese."""
    if not term.strip():
        return False
    if _ASCII_WORD.search(term) and term.isascii():
        return re.search(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", text, re.IGNORECASE) is not None
    return term in text


def longest_named(text: str, candidates: Iterable[tuple[str, _Row]]) -> tuple[str, _Row] | None:
    """The longest candidate term found in ``text`` (longest: ``Kylin Linux Advanced Server`` over ``Kylin``)."""
    hits = [(term, row) for term, row in candidates if contains_name(text, term)]
    return max(hits, key=lambda h: len(h[0])) if hits else None


def _claim(index: dict[_Key, VendorRow], key: _Key, row: VendorRow, what: str, given: str | int) -> None:
    """Index ``row`` under ``key``: the name or number ``given`` (``what``: which), as the row writes it.

    Raises:
        CatalogError: If another row claims the key already: one name or number names one maker.
    """
    other = index.get(key)
    if other is not None and other.id != row.id:
        raise CatalogError(f"{what} {given!r} is claimed by vendors {other.id} and {row.id}")
    index[key] = row


class VendorCatalog:
    """Indexes over the vendor rows; build with ``load_vendors()``.

    Raises:
        CatalogError: If two rows claim one enterprise number or one alias.
    """

    def __init__(self, rows: Iterable[VendorRow]) -> None:
        self.rows: dict[str, VendorRow] = {}
        self.by_enterprise: dict[int, VendorRow] = {}
        self.by_name: dict[str, VendorRow] = {}
        self.by_name_zh: dict[str, VendorRow] = {}
        for row in rows:
            self.rows[row.id] = row
            for name in filter(None, (row.name_zh, *row.aliases_zh)):
                _claim(self.by_name_zh, name, row, "Chinese vendor name", name)
            for pen in row.enterprises:
                _claim(self.by_enterprise, pen, row, "enterprise number", pen)
            for name in (row.id, row.name, *row.aliases):
                _claim(self.by_name, name.casefold(), row, "vendor name/alias", name)

    @cached_property
    def _alias_re(self) -> re.Pattern[str]:
        """Every name and alias as one pattern, compiled on the first text lookup (hundreds of names:
        compiling it is a good part of loading the catalogue, which most commands load without it)."""
        return self._names_pattern(caps_as_written=False)

    @cached_property
    def _free_text_alias_re(self) -> re.Pattern[str]:
        """``_alias_re`` for free text (``FREE_TEXT_FIELDS``): a name written in capitals matches only in capitals."""
        return self._names_pattern(caps_as_written=True)

    def _names_pattern(self, *, caps_as_written: bool) -> re.Pattern[str]:
        # Longest names first so "New H3C" wins over "H3C" and "HP" never shadows "HPE".
        written = {key: key for key in self.by_name}
        if caps_as_written:  # a name all rows write one way, kept as written ('EAST', 'iLO'; not 'HUAWEI' and 'Huawei')
            forms: dict[str, set[str]] = {}
            for row in self.rows.values():
                for name in (row.name, *row.aliases):
                    forms.setdefault(name.casefold(), set()).add(name)
            one_way = {key: next(iter(f)) for key, f in forms.items() if len(f) == 1}
            written.update({key: name for key, name in one_way.items() if kept_as_written(name)})
        names = sorted(written, key=len, reverse=True)
        alternatives = (f"(?-i:{re.escape(written[n])})" if written[n] != n else re.escape(n) for n in names)
        return re.compile(r"(?<![A-Za-z0-9])(" + "|".join(alternatives) + r")(?![A-Za-z0-9])", re.IGNORECASE)

    def _pattern_for(self, field: str) -> re.Pattern[str]:
        return self._free_text_alias_re if field in FREE_TEXT_FIELDS else self._alias_re

    def get(self, vendor_id: str) -> VendorRow | None:
        """The row with this id."""
        return self.rows.get(vendor_id)

    def by_sys_object_id(self, sys_object_id: str | None) -> VendorMatch | None:
        """Vendor owning the enterprise arc of a ``sysObjectID`` (1.3.6.1.4.1.<PEN>...)."""
        if not sys_object_id:
            return None
        parts = sys_object_id.strip().lstrip(".").split(".")
        if len(parts) < 7 or tuple(int(p) for p in parts[:6] if p.isdigit()) != ENTERPRISES:
            return None
        try:
            pen = int(parts[6])
        except ValueError:
            return None
        maker = self._maker_arc(pen, parts[7:8])
        if maker is not None:
            return VendorMatch(maker[0], Evidence("sys_object_id", sys_object_id, maker[1], maker[0].source))
        row = self.by_enterprise.get(pen)
        if row is None:
            return None
        return VendorMatch(
            row, Evidence("sys_object_id", sys_object_id, f"vendor:{row.id} enterprise {pen}", row.source)
        )

    def _maker_arc(self, pen: int, following: list[str]) -> tuple[VendorRow, str] | None:
        """The equipment maker a card maker's sysObjectID names in its next arc (``MAKER_ARCS``), with the rule."""
        if pen not in MAKER_ARCS or not following or not following[0].isdigit():
            return None
        lowest, why = MAKER_ARCS[pen]
        arc = int(following[0])
        row = self.by_enterprise.get(arc) if arc >= lowest and arc != pen else None
        return (row, f"vendor:{row.id} enterprise {arc}: {why}") if row is not None else None

    def by_enterprise_mib(self, pen: int) -> VendorMatch | None:
        """Vendor whose enterprise MIB the agent answers (agent-software numbers name nobody)."""
        row = self.by_enterprise.get(pen) if pen not in AGENT_ENTERPRISES else None
        if row is None:
            return None
        oid = ".".join(map(str, (*ENTERPRISES, pen)))
        return VendorMatch(row, Evidence("enterprise_mib", oid, f"vendor:{row.id} answers its MIB {oid}", row.source))

    def by_text(self, field: str, text: str | None) -> VendorMatch | None:
        """First vendor name or alias found as a whole word in ``text``."""
        if not text:
            return None
        m = self._pattern_for(field).search(text)
        if m is None:
            return None
        row = self.by_name[m.group(1).casefold()]
        return VendorMatch(row, Evidence(field, m.group(1), f"vendor:{row.id} alias {m.group(1)!r}", row.source))

    def by_leading_text(self, field: str, text: str | None) -> VendorMatch | None:
        """The vendor whose name or alias ``text`` opens with: the brand a device's self-description starts with
        ('West Mountain Radio RIGrunner 4005i', 'EdgeSwitch 8XP, 2.1.0'), never one it mentions further on."""
        if not text:
            return None
        m = self._pattern_for(field).match(text.lstrip(LEADING_NOISE))
        if m is None:
            return None
        row = self.by_name[m.group(1).casefold()]
        rule = f"vendor:{row.id} alias {m.group(1)!r} opens {field}"
        return VendorMatch(row, Evidence(field, m.group(1), rule, row.source))

    def name_for(self, word: str | None) -> str | None:
        """The catalogue's one name for the maker ``word`` names (its name, id or an alias: 'H3C' -> 'New H3C
        Technologies'), so every surface shows and stores one name per maker; a word it does not know, as written."""
        row = self.maker_named(word)
        return row.name if row is not None else word

    def maker_named(self, word: str | None) -> VendorRow | None:
        """The maker a declared vendor word names: ``by_declared``, or the Chinese name it holds (``by_chinese``);
        None for a word the catalogue does not know. The importer, reconcile and the classification all use it."""
        match = self.by_declared(word)
        if match is not None:
            return match.vendor
        found = self.by_chinese(word)
        return found[1] if found is not None else None

    def by_chinese(self, text: str | None) -> tuple[str, VendorRow] | None:
        """The longest Chinese maker name in ``text`` with its row: ledgers write the maker's name whole ('华为')
        or inside a company name ('华为技术有限公司'); the longest wins ('新华三' over '华三')."""
        return longest_named(text, self.by_name_zh.items()) if text else None

    def by_declared(self, name: str | None) -> VendorMatch | None:
        """A vendor name as people declare it (exact name, id or alias, any case)."""
        if not name:
            return None
        row = self.by_name.get(name.strip().casefold())
        if row is None:
            return self.by_text("vendor", name)
        return VendorMatch(row, Evidence("vendor", name, f"vendor:{row.id} name", row.source))


def classify_device(
    catalog: VendorCatalog,
    *,
    vendor: str | None = None,
    sys_object_id: str | None = None,
    texts: Mapping[str, str | None] | None = None,
    platform: tuple[str, str, str] | None = None,
    enterprises: Sequence[int] = (),
) -> Verdict:
    """Classify a device by its vendor: the maker it states, then declared vendor, sysObjectID, then text.

    Args:
        catalog: The vendor catalogue.
        vendor: Vendor id or name already known (discovered or declared).
        sys_object_id: The agent's sysObjectID.
        texts: Other fields to search for vendor names (``sys_descr``, ``mfg_name`` ...; ``mac_maker``: the
            organisation of the device's interface addresses, see ``ADDRESS_FIELD``).
        platform: ``(platform id, vendor id, source)`` of a detection rule that named the vendor.
        enterprises: Enterprise arcs under which the agent answers (its vendor MIBs), in order.

    Returns:
        ``domestic``/``foreign`` with every piece of evidence that agrees, or ``unknown``: no maker found, its
        country not known, or fields that name makers of the other verdict as often as the chosen one (the maker
        is kept as the subject, the disagreeing evidence follows the agreeing one).
    """
    texts = texts or {}
    # The maker a device states in its identity group (UPS-MIB upsIdentManufacturer, a vendor MIB's vendor
    # object, DOCSIS's sysDescr VENDOR field) outranks the enterprise number: OEM cards and modules answer
    # under their own maker's number inside someone else's product.
    identity = [catalog.by_text(f, texts.get(f)) for f in IDENTITY_FIELDS]
    candidates: list[VendorMatch | None] = [*identity]
    # The maker its interface addresses were assigned to (ADDRESS_FIELD): first after the stated maker on an OEM
    # maker's number (``oem_number``: the UPS maker bought the card with its own OUI), last where no number names a
    # maker (neither sysObjectID's nor a vendor MIB's).
    by_address = catalog.by_leading_text(ADDRESS_FIELD, texts.get(ADDRESS_FIELD))
    oem_card = oem_number(sys_object_id, enterprises) is not None
    if oem_card:
        candidates.append(by_address)
    if platform is not None:
        row = catalog.get(platform[1])
        if row is None:
            raise CatalogError(f"platform {platform[0]} names unknown vendor {platform[1]!r}")
        rule = f"snmp_platform:{platform[0]} vendor:{row.id}"
        candidates.append(VendorMatch(row, Evidence("platform", platform[0], rule, platform[2])))
    by_oid = catalog.by_sys_object_id(sys_object_id)
    candidates += [catalog.by_declared(vendor), by_oid]
    mibs = [catalog.by_enterprise_mib(pen) for pen in enterprises]
    releases = [catalog.by_leading_text(f, texts.get(f)) for f in LEADING_FIELDS]
    if by_oid is None and registry_vendor(sys_object_id) is not None:
        # Only the registry names the sysObjectID's owner (often a card or chip maker, or a number
        # borrowed): a catalogue vendor outranks it where the device itself says so (the maker its
        # identity group states, the brand its sysDescr opens with, the vendor MIB it answers), but a
        # name mentioned further on in free text does not (a VM's sysDescr names its hypervisor), nor the
        # chassis's entPhysicalMfgName (a white box's hardware maker under a network OS's number).
        descr = maker_text("sys_descr", texts.get("sys_descr"))
        candidates += [catalog.by_leading_text("sys_descr", descr), *mibs, *releases]
    else:
        skip = (*IDENTITY_FIELDS, *LEADING_FIELDS, ADDRESS_FIELD)
        others = (catalog.by_text(f, maker_text(f, text)) for f, text in texts.items() if f not in skip)
        # The interfaces' maker comes last, and only where no vendor MIB the agent answers is registered to anyone.
        registered_mib = any(registry_vendor(f"1.3.6.1.4.1.{pen}") for pen in enterprises)
        candidates += [*mibs, *releases, *others, None if oem_card or registered_mib else by_address]
    found = [c for c in candidates if c is not None]
    if not found:
        known = registry_evidence(sys_object_id)
        return Verdict("unknown", evidence=(known,)) if known else UNKNOWN
    first = found[0]
    evidence = tuple(c.evidence for c in found if c.vendor.id == first.vendor.id)
    row = first.vendor
    # A domestic/foreign verdict needs its evidence to agree: where fields name makers of the other verdict (a
    # sysObjectID borrowed by another maker's product, a rebadged device's brand in its sysDescr, the interfaces'
    # addresses of the maker that built it) at least as often as they name the chosen one, the country is in doubt
    # and the verdict is unknown, the maker kept. The maker the identity group states decides alone (see above), as
    # does a platform row's: its detection rule was written to tell that family's maker from its OEM parts.
    named = [*found, by_address] if by_address is not None and by_address not in found else found
    against = [c for c in named if c.vendor.domestic is not None and vendor_verdict(c.vendor) != vendor_verdict(row)]
    decided = first.evidence.field in (*IDENTITY_FIELDS, "platform")
    if row.domestic is not None and against and not decided and len(against) >= len(evidence):
        return Verdict("unknown", subject=row.id, evidence=(*evidence, *(conflict_evidence(c, row) for c in against)))
    return Verdict(vendor_verdict(row), subject=row.id, evidence=evidence)


def conflict_evidence(match: VendorMatch, chosen: VendorRow) -> Evidence:
    """``match``'s evidence restated as the conflict it makes with the ``chosen`` maker's verdict."""
    e = match.evidence
    return Evidence(e.field, e.value, f"{e.rule}: disagrees with vendor:{chosen.id}, country in doubt", e.source)


def vendor_verdict(row: VendorRow) -> VerdictName:
    """The verdict a vendor row gives: its ``domestic`` flag, or unknown where its country is not known."""
    if row.domestic is None:
        return "unknown"
    return "domestic" if row.domestic else "foreign"


def registry_evidence(sys_object_id: str | None) -> Evidence | None:
    """Why a ``sysObjectID`` gives no verdict: its enterprise per the IANA registry, or its absence.

    The registry names an organisation but not its country, so this is evidence for an
    ``unknown`` verdict that says who the device is from, never a domestic/foreign one.
    """
    pen = enterprise_of(sys_object_id)
    if pen is None or sys_object_id is None:
        return None
    source = f"IANA PEN registry {registry_date()}"
    name = enterprise_name(pen)
    if name is None:
        return Evidence("sys_object_id", sys_object_id, f"enterprise {pen} is not in the registry", source)
    if pen in AGENT_ENTERPRISES:
        rule = f"enterprise {pen} {name}: {AGENT_ENTERPRISES[pen]}; it names no maker"
        return Evidence("sys_object_id", sys_object_id, rule, source)
    rule = f"enterprise {pen} {name}: its country is not in the vendor catalogue"
    return Evidence("sys_object_id", sys_object_id, rule, source)


def registry_vendor(sys_object_id: str | None) -> str | None:
    """The organisation the IANA registry gives for a ``sysObjectID`` (None for agent-software numbers)."""
    pen = enterprise_of(sys_object_id)
    if pen is None or pen in AGENT_ENTERPRISES:
        return None
    return enterprise_name(pen)


def load_vendors(extra: Iterable[Path] = ()) -> VendorCatalog:
    """Load the built-in vendor table plus the user's catalogue files."""
    return VendorCatalog(load_table("vendors", VendorRow, extra=extra))


@lru_cache(maxsize=1)
def default_vendors() -> VendorCatalog:
    """The vendor catalogue of this process (built-in plus user files), loaded once."""
    return load_vendors()
