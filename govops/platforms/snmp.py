"""SNMP identification rules as data: which platform an agent is, and where its facts are.

Each platform folder's ``snmp.yaml`` holds its rows (``platforms/hp_comware/snmp.yaml``
has one row for H3C-branded and one for HPE-branded Comware): the sysObjectID
prefixes and sysDescr patterns that select the row, the device kind, the vendor,
and ordered extraction rules saying where model, serial and OS version come from
(a sysDescr pattern, a vendor MIB scalar, or the ENTITY-MIB chassis entity). A
row's ``platform`` is its folder's name, the same name SSH and the inventory use.
``snmp_standard.yaml`` holds the row ``generic``, applied to every device after its
own platform's rows, for the fields still unknown. Users add or replace rows with
catalogue files (``GOVOPS_CATALOG``) holding an ``snmp_platforms:`` table.

A row that reads the same MIB objects as another row (a second way of selecting the same
agent, another brand on the same card) names that row in ``extract_from`` instead of
repeating its rules: see ``share_extract``; ``kinds_from`` does the same for kind rules (``share_kinds``).
Rules several rows read after rules of their own are held once, in a row the others name in ``extract_after``.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from govops.config import user_catalog_files
from govops.errors import CatalogError, InputError
from govops.platforms.registry import PLATFORMS_DIR, all_platform_names, platform_dir
from govops.platforms.releases import BY_PLATFORM as RELEASES
from govops.util.compiled import load_documents
from govops.util.hints import did_you_mean
from govops.util.limits import SNMP_MATCH_MAX_CHARS, TEXT_MAX_CHARS
from govops.util.oid import index_under, oid_arcs
from govops.util.placeholders import is_placeholder, is_placeholder_serial
from govops.util.schema import build
from govops.vocab.table import DeviceKind

# manufacturer: the maker a MIB's identity group states; hardware_maker: the maker of the hardware beneath (a
# host's DMI system manufacturer); release: the firmware or OS release a host states (its distro script's line).
FactField = Literal["model", "serial", "os_version", "hardware_rev", "manufacturer", "hardware_maker", "release"]
EntityField = Literal[
    "descr", "name", "hardware_rev", "firmware_rev", "software_rev", "serial", "mfg_name", "model_name", "board_serial",
    "board_software_rev", "board_firmware_rev",
]
GENERIC = "generic"
RELATIVE_KEY = "sysObjectID."  # a relative rule's value is kept under this prefix and its suffix
# The facts the catalogued scalars of a maker's MIB state (``govops.catalog.serials``).
CATALOGUE_FIELDS = ("serial", "model", "os_version")


def catalogue_key(field: str) -> str:
    """Where the vendor values keep the answer of the catalogued scalar that states ``field``."""
    return f"catalogue:{field}"


def catalogue_object_key(field: str) -> str:
    """Where the vendor values keep the object that gave ``catalogue_key(field)`` (for the evidence)."""
    return f"catalogue:{field}[object]"


TABLE = "snmp_platforms"
SNMP_FILE = "snmp.yaml"
STANDARD_FILE = PLATFORMS_DIR / "snmp_standard.yaml"
# A model number's shape: a letter and a digit ('FD1104S', 'DS-2CD2347G2-LU', 'V1600D8').
MODEL_NUMBER = re.compile(r"(?=.*[A-Za-z])(?=.*\d)", re.DOTALL)
MAX_FLAGS = 32  # the widest INTEGER flags an ``unless`` statement reads (an SMIv2 INTEGER or Unsigned32: 32 bits)
SCALAR_OID = re.compile(r"(?:0|[1-9]\d{0,9})(?:\.(?:0|[1-9]\d{0,9})){2,127}")  # an ``unlike`` object


@dataclass(frozen=True)
class ExtractRule:
    """Where one fact comes from: exactly one of ``sys_descr`` (a regex), ``oid`` or ``entity``.

    A regex's named group ``value`` (else its first group, else the whole match)
    is the value; ``format`` joins several named groups, e.g. ``"{ver} ({rel})"``.
    ``regex`` filters/extracts from an ``oid`` or ``entity`` value the same way.
    ``next: true`` reads the first row below ``oid`` (GETNEXT) instead of the scalar.
    ``index`` names a scalar whose number is the row to read in the column ``oid`` (a type
    code, then its name in the vendor's type table: TIMETRA-CHASSIS-MIB tmnxChassisType).
    ``relative: true`` makes ``oid`` a suffix under the device's own sysObjectID: makers whose
    product MIB is rooted at the product's identity (Moxa's industrialEthernet.<product>.swMgmt,
    Terra's terraProducts.<product>.info) state the same object there for every product.
    ``active`` names a TruthValue column of the same table: the row read in the column ``oid`` is
    the first whose flag is true(1) (the running image of a firmware table: MDS-SYSTEM-MIB
    mSysFirmwareVersionTable's mSysActive), or an enumeration whose value 1 is the row meant
    (JUNIPER-VIRTUALCHASSIS-MIB jnxVirtualChassisMemberRole master(1): the master member's model).
    ``when_entity`` and ``when`` (a regex) make the rule apply only where that chassis field matches: a switch SDK
    that names itself as the chassis's maker (Aricent's ISS) fills the revisions its own way.
    ``unlike`` names a scalar (read with the vendor values) whose value, when it equals this rule's, makes this rule's
    no value: an agent that answers one object with another's value (a Catalyst 3550's IOS answers CISCO-STACK-MIB
    chassisModel with its hardware revision, OLD-CISCO-CHASSIS-MIB chassisVersion 'D0').
    ``model_number: true`` keeps a model only in a model number's shape (``is_model_number``): an object some agents
    fill with the device's type in words ('EPON OLT', 'IPCamera') or a type code ('3').
    ``join`` lists further scalars whose values, after ``oid``'s, fill ``format``'s numbered fields (``{0}`` is
    ``oid``'s): a version an agent states only in parts (ATEN-IPMI-MIB's major, minor and build numbers). No value
    unless every part answers.
    ``catalogue: true`` (a serial, model or version, the source instead of ``oid``): the scalar the device's maker
    defines in its MIB as that fact (``govops.catalog.serials``, generated from the MIBs), the first answered of those
    under the sysObjectID's enterprise arc.
    ``host: true`` makes the rule apply only to a general-purpose host: a device whose sysObjectID, and every enterprise
    arc it answers, is agent software's or an operating system project's (``AGENT_ENTERPRISES``: net-snmp, UCD-SNMP;
    ``SYSTEM_ENTERPRISES``: FreeBSD, OpenBSD), no maker's, or whose maker the standard row's kind rules file as
    servers only (``snmp_identify.host_judgement`` judges it). A uname banner's machine class and kernel release are a
    host's hardware and system; an appliance built on the same kernel answers under its maker's number, and its model
    and release are its maker's, not the kernel's. Judged only where no platform row recognises the system or a
    ``broad`` row does (one keyed to agent software's numbers, which places hosts and appliances alike): a row keyed
    to a maker's product line has placed the device, and the standard layer follows it as written.
    ``host_agent`` names the MIB of a server maker's own host agent whose object the rule reads ('MIB-Dell-10892',
    OpenManage's): an agent that runs on that maker's servers only, so the enterprise arc it answers under names the
    hardware beneath a host's system, not an appliance's maker (``snmp_identify.host_judgement``). The list of those
    arcs is these rules': the standard row's, and a platform row's that adds its maker's agent. Only on an ``oid`` rule
    below a maker's enterprise arc.
    ``platform_release: true`` (an ``os_version`` read from ``oid`` or ``entity``, instead of ``regex``): the value is
    the first OS release figure in the text that no word or number runs into, in the shape the row's platform states
    its release on every surface (``platforms.releases``, which its CLI facts read by too): one regex for both.
    """

    field: FactField
    sys_descr: str | None = None
    oid: str | None = None
    next: bool = False
    relative: bool = False
    index: str | None = None
    active: str | None = None
    entity: EntityField | None = None
    regex: str | None = None
    format: str | None = None
    when_entity: EntityField | None = None
    when: str | None = None
    unlike: str | None = None
    model_number: bool = False
    join: tuple[str, ...] = ()
    catalogue: bool = False
    host: bool = False
    platform_release: bool = False
    host_agent: str | None = None

    @cached_property
    def key(self) -> str:
        """Where this rule's value is kept among the values read (the OID, or column and index scalar)."""
        if self.catalogue:
            return catalogue_key(self.field)
        if self.relative:
            return relative_key(self.oid or "")
        if self.active:
            return flagged_key(self.oid or "", self.active)
        return indexed_key(self.oid or "", self.index) if self.index else self.oid or ""

    @cached_property
    def key_of_kind(self) -> str:
        """Where the kind of value read for ``key`` is kept (``kind_key``): read for every rule on every device."""
        return kind_key(self.key)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled regex of this rule (``sys_descr`` or ``regex``)."""
        text = self.sys_descr or self.regex
        return re.compile(text, re.MULTILINE) if text else None

    @cached_property
    def when_pattern(self) -> re.Pattern[str] | None:
        """The compiled ``when`` regex, if any."""
        return re.compile(self.when) if self.when else None

    def applies(self, chassis: Mapping[str, str | None]) -> bool:
        """Whether the ``when`` condition (if any) holds for the chassis entity's fields."""
        pat = self.when_pattern
        if pat is None or self.when_entity is None:
            return True
        text = clean_value(chassis.get(self.when_entity))
        return text is not None and pat.search(text[:SNMP_MATCH_MAX_CHARS]) is not None

    def read(
        self, sys_descr: str, values: Mapping[str, str | None], chassis: Mapping[str, str | None] = MappingProxyType({})
    ) -> str | None:
        """This rule's value from what was read: the sysDescr, the vendor values (by ``key``) or the chassis entity.

        None where the rule gives none, where its value is its ``unlike`` object's (the agent answered another
        object's value here), or where a model or serial object was answered with an OID or an address.

        >>> ExtractRule("model", oid="1.3.6.1.4.1.9.9.1.0").read("", {"1.3.6.1.4.1.9.9.1.0": " X100 "})
        'X100'
        """
        if self.sys_descr:
            value = self.pick(sys_descr)
        elif self.catalogue:
            value = self.pick(values.get(self.key))
        elif self.oid:
            if self.field in ("model", "serial") and values.get(self.key_of_kind) in NOT_A_NAME:
                return None
            value = self.pick(self._joined(values) if self.join else values.get(self.key))
        else:
            value = self.pick(chassis.get(self.entity or ""))
        if value is not None and self.unlike and value == clean_value(values.get(self.unlike)):
            return None
        return value

    def _joined(self, values: Mapping[str, str | None]) -> str | None:
        """``format`` filled with the values of ``oid`` and the ``join`` scalars, in that order; None if one is missing.

        >>> ExtractRule("os_version", oid="1.5.1.0", join=("1.5.2.0",), format="{0}.{1}").read(
        ...     "", {"1.5.1.0": "3", "1.5.2.0": "0"})
        '3.0'
        """
        # Each part as written (a 0 is a part, not a placeholder); the whole is cleaned as any value is.
        parts = [" ".join((values.get(o) or "").split()) for o in (self.oid or "", *self.join)]
        # ``validate`` keeps a join's format to the fields 0..len(join), so every field has its part.
        return (self.format or "").format(*parts) if all(parts) else None

    def pick(self, text: str | None) -> str | None:
        """Apply the pattern (if any) to ``text`` and return the cleaned value (a serial's fill pattern, or text too
        long for a serial, is none)."""
        value = self._picked(text)
        if value is None or (self.field == "serial" and is_placeholder_serial(value)):
            return None
        return None if self.model_number and not is_model_number(value) else value

    def _picked(self, text: str | None) -> str | None:
        if text is None:
            return None
        pat = self.pattern
        if pat is None:
            return clean_value(text)
        m = pat.search(text[:SNMP_MATCH_MAX_CHARS])
        if m is None:
            return None
        if self.format:
            try:
                return clean_value(self.format.format(**{k: v or "" for k, v in m.groupdict().items()}))
            except (KeyError, IndexError):
                return None
        if "value" in pat.groupindex:
            return clean_value(m.group("value"))
        return clean_value(m.group(1) if pat.groups else m.group(0))


@dataclass(frozen=True)
class UnlessStated:
    """A statement of the device's own that keeps a kind rule from applying (``KindRule.unless``): the scalar is stated
    with every bit of ``clear`` clear.

    ``bits_of`` names a scalar of SYNTAX BITS (bit 0 the most significant bit of the first octet, as for
    ``KindRule.bits_of``), stated when the agent answers it with at least one octet; ``flags_of`` an INTEGER whose
    value is a sum of powers of two (bit n is 2^n: SNMPv2-MIB sysServices, 2^(L-1) for each layer L served) and
    ``width`` how many bits its SYNTAX holds (sysServices INTEGER (0..127): 7), stated when the agent answers a whole
    number from 0 to 2^width - 1.
    """

    clear: tuple[int, ...]
    bits_of: str | None = None
    flags_of: str | None = None
    width: int | None = None

    @property
    def scalar(self) -> str:
        """The scalar the statement is read from."""
        return self.bits_of or self.flags_of or ""

    def stated(self, values: Mapping[str, str | None]) -> bool:
        """Whether ``values`` (the vendor values read) state the scalar with every bit of ``clear`` clear."""
        if self.bits_of:
            octets = values.get(bits_key(self.bits_of))
            return bool(octets) and set_bits(octets).isdisjoint(self.clear)
        try:
            number = int(values.get(self.flags_of or "") or "")
        except ValueError:
            return False
        return 0 <= number < 1 << (self.width or 0) and not any(number >> bit & 1 for bit in self.clear)


@dataclass(frozen=True)
class KindRule:
    """Device kind for a sysObjectID prefix, a sysDescr pattern, a model pattern and/or a MIB subtree that answers.

    ``answers`` names a subtree (``1.3.6.1.2.1.33.1.1``, UPS-MIB upsIdent): the rule applies
    when the agent returns anything under it, which is how a kind is told from the MIBs a
    device implements rather than from a default.
    ``model`` (a regex) is matched against the model identification found (ENTITY-MIB, a vendor object, the sysDescr
    or the registration MIB): a product line's kind where the sysDescr does not name the model ('H3C Comware
    Platform Software, ...' alone on an SR8800 router whose chassis row names it).
    ``release`` (a regex) is matched against the release line a host states (the ``release`` fact: a firmware
    distribution's name and version, 'OpenWrt 21.02.0'): what a general-purpose OS was built into.
    ``value_of`` names a scalar (read with the vendor values) and ``value`` a regex its whole value must match: a
    standard object whose value says what the device is (SNMPv2-MIB sysServices, the layers it serves). With
    ``next: true`` ``value_of`` is a column and its first row holding a value is read, as an extraction rule's is (the
    unit table's first unit, at whatever index the next device numbers it). A number is a value, 0 included (an
    enumeration's first label: rackPdu(0)); text is none where blank or a placeholder (``stated_value``). With
    ``relative: true`` ``value_of`` is a suffix under the device's own sysObjectID, read as a relative extraction
    rule's is (``SnmpPlatform.relative_oids``): a maker whose product MIBs each sit under the product's own
    identity, so the device type object follows a product the row does not list.
    ``when_entity`` and ``when`` (a regex, case-sensitive) are matched against a field of the chassis entity: a
    chassis description that says what the device is ('Acme Turbo NAS XS-8', 'XS-2400 Gigabit Ethernet Switch').
    ``bits_of`` names a scalar of SYNTAX BITS (read with the vendor values) and ``bits`` the bit numbers that must all
    be set in it: the device's own statement of its roles (LLDP-MIB lldpLocSysCapEnabled). Bit 0 is the most
    significant bit of the first octet (RFC 2578 7.1.4); ``clear`` the bit numbers that must all be clear in it.
    ``if_types`` lists IANAifType numbers and ``at_least`` how many of the device's interfaces (IF-MIB ifType) must be
    of one of them: what its interfaces are made of (optical channels, SDH paths, DSL or PON lines).
    ``entity_classes`` lists PhysicalClass numbers (ENTITY-MIB, RFC 6933: port 10, powerSupply 6 ...) and ``at_least``
    how many of the device's physical entities (entPhysicalClass) must be of one of them, where a device lists its
    hardware in ENTITY-MIB and not its interfaces in IF-MIB. A rule counts one of the two, not both.
    ``over_defaults`` (the standard layer's rules only) lists the platform default kinds the rule is looked at before:
    a device's own statement of one role narrows a default that only guesses among several ('switch' for a maker's
    routers and switches alike); a rule without it comes after every platform's default. ``over_broad: true`` (the
    standard layer's rules only) puts the rule before a broad row's default kind, whatever it is (``narrows_default``):
    that row places hosts and appliances built on an agent alike, so its default guesses where a standard MIB that
    only a kind of appliance answers (UPS-MIB) states it.
    ``unless`` lists statements (``UnlessStated``) any one of which keeps the rule from applying: a count that the
    device's own word contradicts (eight Ethernet ports on a device whose sysServices states no datalink layer).
    ``last`` (the standard layer's rules only) puts the rule after every other kind evidence: every row's rules and
    defaults, and the power catalogue's objects discovery asks of a device nothing else named; the weakest evidence.
    ``host: true`` makes the rule apply only to a general-purpose host, as ``ExtractRule.host`` (judged by
    ``snmp_identify.HostGate``): evidence that a general-purpose system runs (HOST-RESOURCES-MIB's process table, a
    BSD's uname banner), which an appliance built on that system states too, under its maker's number.
    """

    kind: DeviceKind
    sys_object_id: str | None = None
    sys_descr: str | None = None
    answers: str | None = None
    model: str | None = None
    release: str | None = None
    value_of: str | None = None
    value: str | None = None
    next: bool = False
    relative: bool = False
    when_entity: EntityField | None = None
    when: str | None = None
    bits_of: str | None = None
    bits: tuple[int, ...] = ()
    clear: tuple[int, ...] = ()
    if_types: tuple[int, ...] = ()
    entity_classes: tuple[int, ...] = ()
    at_least: int = 1
    over_defaults: tuple[DeviceKind, ...] = ()
    over_broad: bool = False
    # None where not given: an empty list is a catalogue error, as a statement without bits is.
    unless: tuple[UnlessStated, ...] | None = None
    last: bool = False
    host: bool = False

    def keys_match(
        self, sys_object_id: str, sys_descr: str, model: str | None = None, *, release: str | None = None,
        values: Mapping[str, str | None] | None = None, chassis: Mapping[str, str | None] | None = None,
        if_types: Mapping[int, int] | None = None, entity_classes: Mapping[int, int] | None = None,
    ) -> bool:
        """Whether the sysObjectID, sysDescr, model, release, value, bits and interface keys (those given) match;
        ``answers`` is the caller's to check.

        A rule with a model, release, value, bits, chassis or interface key never matches where that is not known
        (None, or ``values`` without the scalar, ``chassis`` without the field, ``if_types`` or ``entity_classes``
        None); ``unless`` keeps
        it from matching only where ``values`` state so.
        """
        if self.unless and values and any(u.stated(values) for u in self.unless):
            return False
        if self.bits_of:
            roles = set_bits((values or {}).get(bits_key(self.bits_of)))
            if not set(self.bits) <= roles or not roles.isdisjoint(self.clear):
                return False
        if self.if_types and not _at_least(if_types, self.if_types, self.at_least):
            return False
        if self.entity_classes and not _at_least(entity_classes, self.entity_classes, self.at_least):
            return False
        if self.sys_object_id and index_under(oid_arcs(sys_object_id), oid_arcs(self.sys_object_id)) is None:
            return False
        if self.model and (model is None or re.search(self.model, model[:SNMP_MATCH_MAX_CHARS], re.IGNORECASE) is None):
            return False
        if self.release and (release is None
                             or re.search(self.release, release[:SNMP_MATCH_MAX_CHARS], re.IGNORECASE) is None):
            return False
        if self.value_of and self.value is not None:
            given, key = values or {}, self.value_key
            stated = stated_value(given.get(key), given.get(kind_key(key)))
            if stated is None or re.fullmatch(self.value, stated[:SNMP_MATCH_MAX_CHARS]) is None:
                return False
        if self.when_entity and self.when is not None:
            text = clean_value((chassis or {}).get(self.when_entity))
            if text is None or re.search(self.when, text[:SNMP_MATCH_MAX_CHARS]) is None:
                return False
        if not self.sys_descr:
            return True
        return re.search(self.sys_descr, sys_descr[:SNMP_MATCH_MAX_CHARS], re.IGNORECASE) is not None

    @property
    def value_key(self) -> str:
        """Where ``value_of``'s value is kept among the values read (a relative one under ``relative_key``)."""
        return relative_key(self.value_of or "") if self.relative else self.value_of or ""


def _at_least(counts: Mapping[int, int] | None, numbers: Sequence[int], least: int) -> bool:
    """Whether ``counts`` (how many of each number a device has; None: not read) holds ``least`` of ``numbers``."""
    return counts is not None and sum(counts.get(n, 0) for n in numbers) >= least


@dataclass(frozen=True)
class SnmpPlatform:
    """One platform's detection keys, kind and extraction rules, with its source."""

    id: str
    source: str
    platform: str = ""
    vendor: str | None = None
    os: str | None = None
    kind: DeviceKind | None = None
    priority: int = 0
    sys_object_id: tuple[str, ...] = ()
    sys_descr: tuple[str, ...] = ()
    # Subtrees of which the agent must answer at least one (a vendor MIB that tells makers apart
    # when they share a standards body's sysObjectID arc).
    answers: tuple[str, ...] = ()
    kinds: tuple[KindRule, ...] = ()
    extract: tuple[ExtractRule, ...] = field(default=())
    # Another row whose extract rules this row takes for every field it gives no rule of its own
    # (resolved at load by ``share_extract``; ``extract`` then holds both).
    extract_from: str | None = None
    # Rows whose extract rules, for every field, follow this row's own, in the order named (resolved at load by
    # ``share_extract``): rules several rows read after rules of their own (a maker's MIB objects, read where the
    # sysDescr names nothing), held once. A row without selection keys is never selected: it only holds such rules.
    extract_after: tuple[str, ...] = ()
    # Another row whose kind rules follow this row's own (resolved at load by ``share_kinds``; ``kinds`` then holds
    # both): two ways of selecting one maker's product lines (a banner, an enterprise arc) that tell kinds apart alike.
    kinds_from: str | None = None
    # Keyed to agent software's numbers and a system's banner (net-snmp on Linux), not to a maker's product line: it
    # places any host or appliance built on that system, so the host rules (``ExtractRule.host``, its own and the
    # standard row's) judge a device it matched as where no row did. Only for rows with no maker's number among their
    # keys and no ``answers`` (tests/unit/discovery/test_snmp_general_layers.py checks the built-in rows).
    broad: bool = False

    @cached_property
    def descr_patterns(self) -> tuple[re.Pattern[str], ...]:
        """Compiled sysDescr patterns (case-insensitive)."""
        return tuple(re.compile(p, re.IGNORECASE) for p in self.sys_descr)

    def match(self, sys_object_id: str, sys_descr: str, answered: Iterable[str] | None = None) -> int | None:
        """Return a match score (higher is more specific), or None if this platform does not apply.

        Every given key must match: a sysObjectID prefix, a sysDescr pattern, a subtree that answers
        (``answered`` None means nobody asked: such a row does not match).
        """
        return self._score(sys_object_id.lstrip(".") + ".", sys_descr, answered)

    @cached_property
    def _oid_keys(self) -> tuple[tuple[str, int], ...]:
        """Each sysObjectID key as a dotted prefix ending in a dot, with the key's length as written (its score)."""
        return tuple((p.lstrip(".") + ".", len(p)) for p in self.sys_object_id)

    @cached_property
    def _key_heads(self) -> tuple[str, ...]:
        """The enterprise arcs ('1.3.6.1.4.1.<PEN>.') of the sysObjectID keys that reach below the enterprise number
        (a product line's key, not a maker's whole number): where ``mib_arcs`` and ``relative_groups`` look."""
        return tuple(dict.fromkeys(head for k in self.sys_object_id
                                   if (head := _enterprise_head(k.strip(".") + ".")) is not None))

    @cached_property
    def mib_arcs(self) -> tuple[str, ...]:
        """The groups of the maker's MIB the row reads (``mib_arc_rows``), most-read first: for each object it reads
        below the enterprise number of a sysObjectID key (a key that is more than the enterprise number), the arc an
        agent implementing that object answers under. Not the key arc itself: another product line of the maker
        answers other groups below it (MikroTik's SwOS answers MIKROTIK-MIB port groups under RouterOS's 14988.1) and
        is no device the row can read. Ties keep the order read."""
        heads = self._key_heads
        if not heads:
            return ()
        subtrees = [o.strip(".") for o in (*self.answers, *(k.answers for k in self.kinds if k.answers))]
        objects = [_object_group(r.oid.strip("."), column=bool(r.next or r.index or r.active))
                   for r in self.extract if r.oid and not r.relative]
        groups = [g for g in (*subtrees, *objects) if g.startswith(heads) and _enterprise_head(g + ".") is not None
                  and not (g + ".").startswith(SHARED_MAKER_GROUPS)]
        return tuple(g for g, _n in Counter(groups).most_common())  # ties keep the order read

    @cached_property
    def relative_groups(self) -> tuple[str, ...]:
        """The groups, as suffixes under the device's own sysObjectID, that the row's relative rules read (a maker
        whose every product's MIB is rooted at the product's sysObjectID, with the same groups under each: W&T's
        manufacturer group .3.3, TERRA's info group .4): an unseen product line of the maker whose agent answers one
        of them under its own sysObjectID implements the MIB shape the row reads (``mib_arc_rows``). Most-read first;
        a scalar right under the sysObjectID names no group."""
        if not self._key_heads:
            return ()
        groups = [g for r in self.extract if r.oid and r.relative
                  if (g := _object_group(r.oid.strip("."), column=bool(r.next)))]
        return tuple(g for g, _n in Counter(groups).most_common())  # ties keep the order read

    @cached_property
    def _oid_prefixes(self) -> tuple[str, ...]:
        return tuple(prefix for prefix, _n in self._oid_keys)

    def _score(
        self, dotted: str, sys_descr: str, answered: Iterable[str] | None, *, mib_arc: tuple[str, ...] = ()
    ) -> int | None:
        """``match`` for a sysObjectID already without its leading dot and with a trailing one (``dotted``):
        selection runs this for every row of the table, twice per device. ``mib_arc``: the row's MIB arcs asked
        (``mib_arc_rows``); the sysObjectID keys are met by an answer under one of them instead, scored as a key of
        that arc's length."""
        if not self.sys_object_id and not self.sys_descr:
            return None
        # A row selected by a group of its maker's MIB (no key of its own matched) takes no priority: the priority
        # ranks rows whose keys match, and a row whose own keys match the device, its banner among them, outranks an
        # answer there (an IOS banner under an unseen Cisco product stays IOS when the agent answers CISCOSB-MIB).
        score = 0 if mib_arc else self.priority * 1000
        if mib_arc:
            arcs = set(mib_arc) & set(answered or ())
            if not arcs:
                return None
            score += max(len(arc) for arc in arcs)
        elif self.sys_object_id:
            if not dotted.startswith(self._oid_prefixes):  # most rows: one C-level test
                return None
            best = max((n for prefix, n in self._oid_keys if dotted.startswith(prefix)), default=-1)
            if best < 0:
                return None
            score += best
        if self.answers and (answered is None or frozenset(self.answers).isdisjoint(answered)):
            return None
        if self.sys_descr:
            if not any(p.search(sys_descr) for p in self.descr_patterns):
                return None
            score += 500
        return score

    def extract_for(self, sys_object_id: str) -> tuple[ExtractRule, ...]:
        """The extract rules in the order identification reads them for a device of ``sys_object_id``: the row's
        order, except that a field's rules reading the MIB under the sysObjectID itself (``own_mib``) move up to where
        the field's first rule reading any of the maker's MIBs stands; every other rule keeps its order.

        A maker that roots each product line's MIB at its identity names by the sysObjectID the MIB the device
        implements: Eaton's managed ePDUs answer 534.6.6.6 and EATON-EPDU-MA-MIB there, its G3 ePDUs 534.6.6.7 and
        EATON-EPDU-MIB there. A row covering both lines lists one first, and a G3 would otherwise be read (and,
        when the older line's objects go unanswered, judged not read) by that line's objects first.

        >>> row = SnmpPlatform("x", "X", extract=(ExtractRule("model", sys_descr="(M.*)"),
        ...     ExtractRule("model", oid="1.3.6.1.4.1.534.6.6.6.1.12.0"),
        ...     ExtractRule("model", oid="1.3.6.1.2.1.33.1.1.2.0"),
        ...     ExtractRule("model", oid="1.3.6.1.4.1.534.6.6.7.1.3", next=True)))
        >>> [r.sys_descr or r.oid for r in row.extract_for(".1.3.6.1.4.1.534.6.6.7")]
        ['(M.*)', '1.3.6.1.4.1.534.6.6.7.1.3', '1.3.6.1.4.1.534.6.6.6.1.12.0', '1.3.6.1.2.1.33.1.1.2.0']
        >>> row.extract_for("1.3.6.1.4.1.534.6.6.6") == row.extract == row.extract_for("")
        True
        """
        # Most devices' sysObjectID roots none of the row's objects: the rules in their own order, with no rule
        # looked at (this runs for the platform's row and the standard row's 135 rules, twice per device).
        dotted = sys_object_id.strip(".") + "."
        objects = self._maker_objects
        at = bisect_left(objects, dotted)
        if at == len(objects) or not objects[at].startswith(dotted):
            return self.extract

        # Each rule's MIB judged once: True under the sysObjectID, False the maker's other MIBs, None neither.
        mibs = [own_mib(r.oid, sys_object_id) if r.oid and not r.relative else None for r in self.extract]
        own = [r for r, m in zip(self.extract, mibs, strict=True) if m]
        if not own:
            return self.extract
        out: list[ExtractRule] = []
        placed: set[str] = set()
        for rule, m in zip(self.extract, mibs, strict=True):
            if m is not None and rule.field not in placed:  # the field's first maker-MIB rule: own ones here
                placed.add(rule.field)
                out += [r for r in own if r.field == rule.field]
            if not m:
                out.append(rule)
        return tuple(out)

    @cached_property
    def _maker_objects(self) -> tuple[str, ...]:
        """The objects under an enterprise number the rules read as written (not relative), dotted with a trailing
        dot and sorted: ``extract_for`` reorders only where the sysObjectID is a prefix of one (``own_mib``)."""
        return tuple(sorted({o for r in self.extract if r.oid and not r.relative
                             if (o := r.oid.strip(".") + ".").startswith(ENTERPRISES_DOTTED)}))

    def probes(self) -> list[str]:
        """Subtrees whose presence this row's selection or kind rules ask about."""
        return [*self.answers, *(r.answers for r in self.kinds if r.answers)]

    # The reads below are the row's, the same for every device: each built once (discovery asks them per device).
    @cached_property
    def oids(self) -> tuple[tuple[str, bool], ...]:
        """Vendor-MIB OIDs the extraction rules read first: (oid, read with GETNEXT); an indexed rule's index; the
        scalars kind rules look at."""
        own = [(r.index, False) if r.index else (r.oid, r.next) for r in self.extract
               if r.oid and not r.relative and not r.active]
        return (*own, *((o, False) for r in self.extract for o in r.join),
                *((r.unlike, False) for r in self.extract if r.unlike),
                *((k.value_of, k.next) for k in self.kinds if k.value_of and not k.relative),
                *((k.bits_of, False) for k in self.kinds if k.bits_of),
                *((u.scalar, False) for k in self.kinds for u in k.unless or ()))

    def reads_catalogue(self) -> bool:
        """Whether a rule of this row reads a catalogued scalar (serial, model, version) of the device's maker."""
        return bool(self.catalogue_fields)

    @cached_property
    def catalogue_fields(self) -> frozenset[str]:
        """The fields a rule of this row reads from the maker's catalogued scalars (``ExtractRule.catalogue``)."""
        return frozenset(r.field for r in self.extract if r.catalogue)

    @cached_property
    def bits_scalars(self) -> tuple[str, ...]:
        """The BITS scalars the kind rules look at (their octets are kept, not their text)."""
        return (*(k.bits_of for k in self.kinds if k.bits_of),
                *(u.bits_of for k in self.kinds for u in k.unless or () if u.bits_of))

    @cached_property
    def relative_oids(self) -> tuple[tuple[str, bool], ...]:
        """Suffixes under the device's sysObjectID the extraction and kind rules read: (suffix, read with GETNEXT)."""
        return (*((r.oid, r.next) for r in self.extract if r.oid and r.relative),
                *((k.value_of, k.next) for k in self.kinds if k.value_of and k.relative))

    @cached_property
    def flagged(self) -> tuple[tuple[str, str], ...]:
        """(column, TruthValue column) of the rules that read the row whose flag is true."""
        return tuple((r.oid, r.active) for r in self.extract if r.oid and r.active)

    @cached_property
    def indexed(self) -> tuple[tuple[str, str], ...]:
        """(column, index scalar) of the rules that read a row chosen by another value."""
        return tuple((r.oid, r.index) for r in self.extract if r.oid and r.index)


def narrows_default(rule: KindRule, platform: SnmpPlatform) -> bool:
    """Whether the standard layer's ``rule`` is looked at before ``platform``'s default kind: one of the defaults it
    lists (``over_defaults``), or any broad row's default where it says so (``over_broad``).

    >>> ups = KindRule(kind="ups", answers="1.3.6.1.2.1.33.1.1", over_broad=True)
    >>> [narrows_default(ups, SnmpPlatform("linux", "x", kind="server", broad=b)) for b in (True, False)]
    [True, False]
    """
    return platform.kind in rule.over_defaults or (rule.over_broad and platform.broad)


BITS_SUFFIX = "[bits]"  # the vendor values keep a BITS scalar's octets, as hex, under its OID and this
KIND_SUFFIX = "[kind]"  # ... and the kind of value each object was answered with (govops.snmp.values.ValueKind)
# Kinds of answer that name no model and no serial: an OBJECT IDENTIFIER or an address where a DisplayString is
# meant is another object's value. Not a number: some makers' MIBs define the unit's serial as an INTEGER.
NOT_A_NAME = frozenset({"oid", "ip"})


def is_model_number(text: str) -> bool:
    """Whether ``text`` names a letter and a digit, as a model number does; a device type in words or a number alone
    (a type code) does not.

    >>> [is_model_number(t) for t in ("FD1104S", "DS-2CD2347G2-LU", "EPON OLT", "IPCamera", "3")]
    [True, True, False, False, False]
    """
    return MODEL_NUMBER.match(text) is not None


def bits_key(oid: str) -> str:
    """Where the vendor values keep the octets (hex) of the BITS scalar ``oid``."""
    return oid + BITS_SUFFIX


def flagged_key(column: str, flag: str) -> str:
    """Where the vendor values keep the value in ``column`` of the first row whose TruthValue ``flag`` is true."""
    return f"{column}[active {flag}]"


def indexed_key(column: str, index: str) -> str:
    """Where the vendor values keep the value in ``column`` of the row named by the value of the scalar ``index``."""
    return f"{column}[{index}]"


def relative_key(suffix: str) -> str:
    """Where the vendor values keep the value read at ``suffix`` under the device's own sysObjectID."""
    return RELATIVE_KEY + suffix


def kind_key(key: str) -> str:
    """Where the vendor values keep the kind of value (``int``, ``octets``, ``oid`` ...) read for ``key``."""
    return key + KIND_SUFFIX


def set_bits(octets: str | None) -> frozenset[int]:
    """The bit numbers set in a BITS value given as hex octets ('28', '28:00'): bit 0 is the most significant bit of
    the first octet (RFC 2578 7.1.4). Nothing for None or text that is no hex.

    >>> sorted(set_bits("28:00")), sorted(set_bits("00:01")), set_bits(None), set_bits("zz")
    ([2, 4], [15], frozenset(), frozenset())
    """
    try:
        raw = bytes.fromhex((octets or "").replace(":", "").replace(" ", ""))
    except ValueError:
        return frozenset()
    return frozenset(i * 8 + b for i, octet in enumerate(raw) for b in range(8) if octet & (0x80 >> b))


def clean_value(text: str | None) -> str | None:
    """Collapse whitespace and NULs; None for a placeholder (blank, ``N/A``, zeros ...), or for text longer than any
    ledger field holds (``TEXT_MAX_CHARS``): a model or version of kilobytes is a dump, not a value, and kept it could
    not go through an inventory export and import."""
    if text is None:
        return None
    text = " ".join(text.replace("\x00", " ").split())
    return None if len(text) > TEXT_MAX_CHARS or is_placeholder(text) else text


def stated_value(text: str | None, kind: str | None) -> str | None:
    """A value as the agent stated it, None where it states nothing: a number (``kind`` ``int``) is a value whatever
    it is, 0 included (an enumeration's first label: Sentry4-MIB masterPdu(0), PDU2-MIB rackPdu(0)); text goes
    through ``clean_value`` (blank, 'N/A', a string of zeros are placeholders).

    >>> stated_value("0", "int"), stated_value("0", "octets"), stated_value(" 3 ", "int"), stated_value("N/A", None)
    ('0', None, '3', None)
    """
    if kind == "int" and text is not None:
        return text.strip() or None
    return clean_value(text)


def clean_serial(text: str | None) -> str | None:
    """``clean_value`` for a serial: a fill pattern ('FFFFFFFF', 'XXXXXXXXXX') or text too long for one is none."""
    value = clean_value(text)
    return None if value is None or is_placeholder_serial(value) else value


def format_problem(template: str, joined: int, groups: Collection[str] | None = None) -> str | None:
    """What is wrong with an extract rule's ``format`` (None if nothing): it joins values and nothing else, so its
    fields are plain group names, or the numbers 0..``joined`` of a ``join`` rule; no attribute, index, conversion or
    spec (a catalogue file a user adds is data too, never a template that reaches into the values). A format with
    no field is a fixed label. With ``groups`` (the rule's regex's named groups), each field must be one of them: a
    field no match can fill would make the rule answer nothing, ever."""
    try:
        fields = [(name, spec, conv) for _text, name, spec, conv in string.Formatter().parse(template)
                  if name is not None]
    except ValueError as exc:
        return f"not a format ({exc})"
    for name, spec, conv in fields:
        if spec or conv or not re.fullmatch(r"[A-Za-z_]\w*|\d+", name):
            return f"field {{{name}}} is not a plain name or number"
        if joined and not (name.isdigit() and int(name) <= joined):
            return f"field {{{name}}} is not one of 0..{joined} (the oid and the join scalars)"
        if groups is not None and name not in groups:
            return f"field {{{name}}} is no named group of the regex"
    return None


def validate(platforms: Iterable[SnmpPlatform], *, patterns: bool = True) -> list[SnmpPlatform]:
    """Check every rule names exactly one source and (with ``patterns``) every regex compiles.

    Rows read from a compiled form skip the regexes: that form was written only after these
    exact files passed, and compiling a few hundred patterns is most of what loading costs;
    each pattern is compiled when a device first needs it.

    Raises:
        CatalogError: Naming the platform and rule.
    """
    out = list(platforms)
    ids = {p.id for p in out}
    if GENERIC not in ids:
        raise CatalogError(f"snmp_platforms: the `{GENERIC}` row is missing")
    for p in out:
        for i, rule in enumerate(p.extract, 1):
            sources = [s for s in (rule.sys_descr, rule.oid, rule.entity, rule.catalogue) if s]
            if len(sources) != 1:
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): give exactly one of sys_descr, "
                                   "oid, entity, catalogue")
            if rule.catalogue and (rule.field not in CATALOGUE_FIELDS or rule.next or rule.index or rule.relative
                                   or rule.active or rule.join):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): catalogue reads a serial, "
                                   "model or os_version (no next, index, relative, active or join)")
            if rule.index and (rule.next or not rule.oid):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): index needs oid, not next")
            if rule.active and (not rule.oid or rule.next or rule.index or rule.relative):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): active needs oid (a column), "
                                   "not next, index or relative")
            if rule.relative and (not rule.oid or rule.index or not p.sys_object_id):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): relative needs oid (a "
                                   "suffix), no index, and a row keyed to sysObjectID prefixes")
            if rule.unlike is not None and not SCALAR_OID.fullmatch(rule.unlike):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): unlike {rule.unlike!r} is no "
                                   "scalar OID (digits and dots, ending in the instance, e.g. 1.3.6.1.4.1.9.3.6.2.0)")
            if rule.format is not None and (problem := format_problem(rule.format, len(rule.join))):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): format {rule.format!r}: "
                                   f"{problem}")
            if rule.format is not None and not rule.join and not (rule.sys_descr or rule.regex):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): format needs a regex (or "
                                   "join) whose parts it joins")
            if rule.join and (not rule.oid or rule.next or rule.index or rule.relative or rule.active
                              or rule.regex or not rule.format
                              or not all(SCALAR_OID.fullmatch(o) for o in rule.join)):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): join needs oid and format "
                                   "(no regex, next, index, relative or active) and lists scalar OIDs")
            if rule.host_agent is not None and (not rule.host_agent.strip() or not rule.oid or rule.relative
                                                or _enterprise_head(rule.oid.strip(".") + ".") is None):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): host_agent names the MIB "
                                   "(not blank) of the object oid reads, below a maker's enterprise arc "
                                   "(1.3.6.1.4.1.<PEN>.<...>; not relative)")
            if rule.model_number and rule.field != "model":
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): model_number is for a model")
            if (rule.when_entity is None) != (rule.when is None):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): when_entity and when go "
                                   "together")
            if not patterns:
                continue
            try:
                _ = rule.pattern, rule.when_pattern
            except re.error as exc:
                raise CatalogError(f"snmp_platforms {p.id} extract #{i}: bad regex: {exc}") from exc
            if (rule.format is not None and rule.pattern is not None
                    and (problem := format_problem(rule.format, 0, rule.pattern.groupindex))):
                raise CatalogError(f"snmp_platforms {p.id} extract #{i} ({rule.field}): format {rule.format!r}: "
                                   f"{problem}")
        if not patterns:
            continue
        try:
            _ = p.descr_patterns
        except re.error as exc:
            raise CatalogError(f"snmp_platforms {p.id}: bad sys_descr regex: {exc}") from exc
        for j, kind_rule in enumerate(p.kinds, 1):
            _check_value_keys(p.id, j, kind_rule)
            if kind_rule.relative and not (kind_rule.value_of and p.sys_object_id):
                raise CatalogError(f"snmp_platforms {p.id} kinds #{j}: relative needs value_of (a suffix under the "
                                   "device's sysObjectID, e.g. 3.3.5.0) and a row keyed to sysObjectID prefixes")
            for key, text in (("sys_descr", kind_rule.sys_descr), ("model", kind_rule.model),
                              ("release", kind_rule.release), ("value", kind_rule.value), ("when", kind_rule.when)):
                try:
                    _ = re.compile(text) if text else None
                except re.error as exc:
                    raise CatalogError(f"snmp_platforms {p.id} kinds #{j}: bad {key} regex: {exc}") from exc
    return out


def share_kinds(rows: Mapping[str, SnmpPlatform], places: Mapping[str, str]) -> list[SnmpPlatform]:
    """Resolve ``kinds_from``: a row's own kind rules come first, then every kind rule of the named row, in order.

    The named row must exist, be another row and take no kind rules itself (no chains, so no cycles).

    Args:
        rows: Every row by id, after users' rows replaced built-in ones.
        places: ``file:line`` of each row, for the errors.

    Raises:
        CatalogError: Naming the row's place, the row and the row it names.
    """
    return _resolve(rows, places, "kinds_from", lambda row: row.kinds_from, _take_kinds)


def _take_kinds(row: SnmpPlatform, source: SnmpPlatform, where: str) -> SnmpPlatform:
    if source.kinds_from is not None:
        raise CatalogError(f"{where}: {source.id} takes kind rules from {source.kinds_from} in turn "
                           "(kinds_from does not chain)")
    if not source.kinds:
        raise CatalogError(f"{where}: {source.id} has no kind rules; drop kinds_from")
    return replace(row, kinds=(*row.kinds, *source.kinds))


def _check_value_keys(row: str, number: int, rule: KindRule) -> None:
    """A kind rule's ``value_of`` and ``value`` go together, and ``value_of`` is a scalar OID; ``when_entity`` and
    ``when`` go together; ``bits_of`` (a scalar OID) and ``bits`` go together, ``clear`` needs them; ``at_least``
    counts ``if_types``; ``over_defaults`` (or ``over_broad``) and ``last`` are the generic row's, not both;
    ``unless`` lists statements, each checked by ``_check_statement``.

    Raises:
        CatalogError: Naming the row and the kind rule.
    """
    where = f"snmp_platforms {row} kinds #{number}"
    # oid_arcs reads text that is no OID as (), the root every OID lies under: a typo here would match every device.
    if rule.sys_object_id is not None and not oid_arcs(rule.sys_object_id):
        raise CatalogError(f"{where}: sys_object_id {rule.sys_object_id!r} is no OID (digits and dots, e.g. "
                           "1.3.6.1.4.1.2011)")
    if (rule.value_of is None) != (rule.value is None):
        raise CatalogError(f"{where}: value_of and value go together (the scalar, and the regex its value matches)")
    if (rule.when_entity is None) != (rule.when is None):
        raise CatalogError(f"{where}: when_entity and when go together (the chassis field, and the regex it matches)")
    if rule.value_of is not None and not SCALAR_OID.fullmatch(rule.value_of):
        raise CatalogError(f"{where}: value_of {rule.value_of!r} is no scalar OID (digits and dots, ending in the "
                           "instance, e.g. 1.3.6.1.2.1.1.7.0)")
    if rule.next and rule.value_of is None:
        raise CatalogError(f"{where}: next reads the first row of the column value_of names (no value_of given)")
    if (rule.bits_of is None) != (not rule.bits) or any(b < 0 for b in (*rule.bits, *rule.clear)) or (
            rule.clear and rule.bits_of is None):
        raise CatalogError(f"{where}: bits_of and bits go together (the BITS scalar, and the bit numbers, from 0, "
                           "that must be set), and clear needs them (the bit numbers that must be clear)")
    if (rule.over_defaults or rule.over_broad) and row != GENERIC:
        raise CatalogError(f"{where}: over_defaults and over_broad are for the standard layer's rules ({GENERIC}), "
                           "looked at before a platform's default kind; a platform's own rules come before its "
                           "default already")
    if rule.bits_of is not None and not SCALAR_OID.fullmatch(rule.bits_of):
        raise CatalogError(f"{where}: bits_of {rule.bits_of!r} is no scalar OID (digits and dots, ending in the "
                           "instance, e.g. 1.0.8802.1.1.2.1.3.6.0)")
    counted = [numbers for numbers in (rule.if_types, rule.entity_classes) if numbers]
    if rule.at_least < 1 or (rule.at_least != 1 and not counted) or len(counted) > 1 or any(
            t < 1 for numbers in counted for t in numbers):
        raise CatalogError(f"{where}: at_least (1 or more) counts the interfaces of the if_types listed (IANAifType "
                           "numbers) or the physical entities of the entity_classes listed (PhysicalClass numbers), "
                           "one of the two")
    if rule.last and (row != GENERIC or rule.over_defaults or rule.over_broad):
        raise CatalogError(f"{where}: last is for the standard layer's rules ({GENERIC}), looked at after every "
                           "other kind evidence, so never before a platform's default (no over_defaults, over_broad)")
    if rule.unless is not None and not rule.unless:
        raise CatalogError(f"{where}: unless lists the statements that keep the rule from applying (none: drop it)")
    for k, statement in enumerate(rule.unless or (), 1):
        _check_statement(f"{where} unless #{k}", statement)


def _check_statement(where: str, statement: UnlessStated) -> None:
    """An ``unless`` statement names one scalar OID, BITS (``bits_of``) or INTEGER flags (``flags_of``, with its
    ``width``), and the bit numbers, at least one, that must be clear; a flags bit lies within the width.

    Raises:
        CatalogError: Naming the row, the kind rule and the statement (``where``).
    """
    if (statement.bits_of is None) == (statement.flags_of is None):
        raise CatalogError(f"{where}: name one scalar, bits_of (SYNTAX BITS) or flags_of (an INTEGER sum of powers "
                           "of two)")
    if not SCALAR_OID.fullmatch(statement.scalar):
        raise CatalogError(f"{where}: {statement.scalar!r} is no scalar OID (digits and dots, ending in the instance, "
                           "e.g. 1.3.6.1.2.1.1.7.0)")
    if (statement.width is None) != (statement.flags_of is None) or (
            statement.width is not None and not 1 <= statement.width <= MAX_FLAGS):
        raise CatalogError(f"{where}: flags_of and width go together (how many bits the INTEGER's SYNTAX holds, 1 to "
                           f"{MAX_FLAGS})")
    if not statement.clear or any(b < 0 or (statement.width and b >= statement.width) for b in statement.clear):
        raise CatalogError(f"{where}: clear lists the bit numbers, from 0 (and below a flags width), that must be "
                           "clear")


def _rows_in(doc: Any, path: Path, platform: str | None) -> list[tuple[SnmpPlatform, str]]:
    """One file's ``snmp_platforms`` rows with their place (``file:line``); a platform folder's rows take the
    folder's name."""
    try:
        rows = doc.get(TABLE) if isinstance(doc, dict) else None
        if not isinstance(rows, list):
            raise CatalogError(f"{path}: expected a mapping with a `{TABLE}:` list")
        out = []
        for raw in rows:
            line = getattr(raw, "line", None)
            row = build(SnmpPlatform, raw, where=str(path), line=line)
            if platform is not None and row.platform not in ("", platform):
                raise CatalogError(f"{path}: row {row.id} names platform {row.platform!r}, not its folder {platform!r}")
            place = f"{path}:{line}" if line else str(path)
            row = replace(row, platform=platform or row.platform or row.id)
            out.append((_with_platform_release(row, place), place))
    except InputError as exc:
        raise CatalogError(str(exc)) from exc
    return out


def release_regex(release: str) -> str:
    """A ``platform_release`` rule's regex: the first figure in the ``release`` shape that no word or number runs
    into.

    >>> import re
    >>> from govops.platforms.releases import JUNOS
    >>> re.search(release_regex(JUNOS), "JUNOS Base OS Software Suite [15.1R7.9]")["value"]
    '15.1R7.9'
    """
    return rf"(?<![\w.])(?P<value>{release})"


def _with_platform_release(row: SnmpPlatform, place: str) -> SnmpPlatform:
    """``row`` with each ``platform_release`` rule's regex made from its platform's release shape (``releases``).

    Raises:
        CatalogError: Naming the place, for such a rule that is no ``os_version`` read from an object, gives a regex
            of its own, or whose platform states no release shape.
    """
    if not any(rule.platform_release for rule in row.extract):
        return row
    release = RELEASES.get(row.platform)
    for i, rule in enumerate(row.extract, 1):
        if rule.platform_release and (rule.field != "os_version" or rule.regex or not (rule.oid or rule.entity)):
            raise CatalogError(f"{place}: snmp_platforms {row.id} extract #{i} ({rule.field}): platform_release reads "
                               "an os_version from an oid or entity, with no regex of its own")
        if rule.platform_release and release is None:
            raise CatalogError(f"{place}: snmp_platforms {row.id} extract #{i} ({rule.field}): platform_release needs "
                               "a platform whose release shape govops/platforms/releases.py states; "
                               f"{row.platform!r} states none")
    regex = release_regex(release or "")
    return replace(row, extract=tuple(replace(r, regex=regex) if r.platform_release else r for r in row.extract))


def _resolve(
    rows: Mapping[str, SnmpPlatform],
    places: Mapping[str, str],
    key: str,
    named: Callable[[SnmpPlatform], str | None],
    take: Callable[[SnmpPlatform, SnmpPlatform, str], SnmpPlatform],
) -> list[SnmpPlatform]:
    """Every row, each that names another row in ``key`` (``named`` reads it) replaced by ``take(row, that row,
    the place for errors)``."""
    out = []
    for row in rows.values():
        name = named(row)
        out.append(row if name is None else take(row, *_named_row(rows, places, row, key, name)))
    return out


def _named_row(
    rows: Mapping[str, SnmpPlatform], places: Mapping[str, str], row: SnmpPlatform, key: str, name: str
) -> tuple[SnmpPlatform, str]:
    """The other row that ``row``'s ``key`` (``extract_from``, ``kinds_from``) names, and the place for errors.

    Raises:
        CatalogError: Where the name is no row (with the nearest name) or the row itself.
    """
    where = f"{places.get(row.id, TABLE)}: snmp_platforms {row.id}: {key} {name!r}"
    source = rows.get(name)
    if source is None:
        hint = did_you_mean(name, (other for other in rows if other != row.id))
        raise CatalogError(f"{where} names no row{f' ({hint})' if hint else ''}")
    if source.id == row.id:
        raise CatalogError(f"{where} names the row itself")
    return source, where


def share_extract(rows: Mapping[str, SnmpPlatform], places: Mapping[str, str]) -> list[SnmpPlatform]:
    """Resolve ``extract_from`` and ``extract_after``: the rules a row takes from the rows it names.

    ``extract_from``: the row's own rules come first and replace the named row's for their fields (an IOS-XE row
    states its version its own way and takes the IOS row's model and serial rules); the named row's rules for the
    other fields follow, in their order. The named row must exist, be another row and take no rules itself (no
    chains, so no cycles: a row to share from is one whose rules are all its own), and must leave this row at least
    one rule.

    ``extract_after``: every rule of each named row follows the row's own, whatever its field, in the order the rows
    are named (Huawei's VRP, YunShan and bare-banner rows read the sysDescr their own ways, then the same
    HUAWEI-ENTITY-EXTENT-MIB and HUAWEI-DEVICE-EXT-MIB objects). Each named row must exist, be another row, be named
    once, have rules and take none itself; a row names one of the two keys, not both.

    Args:
        rows: Every row by id, after users' rows replaced built-in ones.
        places: ``file:line`` of each row, for the errors.

    Raises:
        CatalogError: Naming the row's place, the row and the row it names.
    """
    out = []
    for row in _resolve(rows, places, "extract_from", lambda row: row.extract_from, _take_extract):
        if row.extract_after and row.extract_from is not None:
            raise CatalogError(f"{places.get(row.id, TABLE)}: snmp_platforms {row.id}: name extract_from or "
                               "extract_after, not both")
        taken: list[ExtractRule] = []
        for i, name in enumerate(row.extract_after):
            source, where = _named_row(rows, places, row, "extract_after", name)
            if name in row.extract_after[:i]:
                raise CatalogError(f"{where} is named twice")
            if source.extract_from is not None or source.extract_after:
                raise CatalogError(f"{where}: {name} takes extract rules from "
                                   f"{source.extract_from or ', '.join(source.extract_after)} itself; name a row "
                                   "whose rules are all its own (extract_after does not chain)")
            if not source.extract:
                raise CatalogError(f"{where}: {name} has no extract rules; drop it from extract_after")
            taken += source.extract
        out.append(replace(row, extract=(*row.extract, *taken)) if taken else row)
    return out


def _take_extract(row: SnmpPlatform, source: SnmpPlatform, where: str) -> SnmpPlatform:
    name = source.id
    if source.extract_from == row.id or row.id in source.extract_after:
        raise CatalogError(f"{where}: {name} takes its extract rules from {row.id} in turn (a cycle)")
    if source.extract_from is not None:
        raise CatalogError(f"{where}: {name} takes its own extract rules from {source.extract_from}; "
                           f"name {source.extract_from} here (extract_from does not chain)")
    if source.extract_after:
        raise CatalogError(f"{where}: {name} takes extract rules from {', '.join(source.extract_after)}; name a row "
                           "whose rules are all its own (extract_from does not chain)")
    own = {rule.field for rule in row.extract}
    taken = tuple(rule for rule in source.extract if rule.field not in own)
    if not taken:
        raise CatalogError(f"{where}: the row has its own rules for every field {name} reads; drop extract_from")
    return replace(row, extract=(*row.extract, *taken))


def check_table_columns(rows: Sequence[SnmpPlatform], places: Mapping[str, str]) -> None:
    """Refuse a row whose columns read for their first row (``next``) discovery would take for one table's and are
    not: discovery reads the columns of one table from one row, the device's, and tells a table by a column's parent
    OID, the table's entry (SMI: ``xEntry ::= { xTable 1 }``, a column ``xEntry.N``). Two such reads of a row, or of a
    row and the standard layer (read beside every row), whose shared parent's last arc is not 1 are no columns of one
    table (a table's or a group's OIDs): discovery would make them answer from one row and lose one silently. A read
    alone under its parent is never grouped (a column read from a given index on: cisco_viptela's). Suffixes under
    the device's sysObjectID (``relative``) are grouped among themselves.

    Raises:
        CatalogError: Naming the row's place (``file:line``), the row, both OIDs and their parent.
    """
    generic = next((p for p in rows if p.id == GENERIC), None)
    standard: dict[str, str] = {}  # parent -> the first OID read under it, of the standard layer's reads
    if generic is not None:
        _table_columns(generic, [o for o, nxt in generic.oids if nxt], standard, places)
    for row in rows:
        if row is not generic:
            _table_columns(row, [o for o, nxt in row.oids if nxt], dict(standard), places)
        _table_columns(row, [suffix for suffix, nxt in row.relative_oids if nxt], {}, places)


def _table_columns(row: SnmpPlatform, reads: Iterable[str], seen: dict[str, str], places: Mapping[str, str]) -> None:
    """``check_table_columns`` for one row's ``reads``, beside those already ``seen`` (parent -> first OID read)."""
    for read in reads:
        oid = read.strip(".")
        parent = oid.rpartition(".")[0]
        other = seen.setdefault(parent, oid)
        if other != oid and parent.rpartition(".")[2] != "1":
            raise CatalogError(
                f"{places.get(row.id, TABLE)}: snmp_platforms {row.id}: {other} and {oid} are read for their first row "
                f"(next) as columns of one table, but their parent {parent or '(the sysObjectID)'} is no table's entry "
                "(its last arc is not 1): read a table's columns, <table>.1.<column>")


def builtin_files() -> list[tuple[Path, str | None]]:
    """The built-in row files: ``snmp_standard.yaml``, then each registered platform's ``snmp.yaml``."""
    files: list[tuple[Path, str | None]] = [(STANDARD_FILE, None)]
    files += [(platform_dir(name) / SNMP_FILE, name) for name in all_platform_names()]
    return files


def load_platforms(extra: Iterable[Path] = ()) -> list[SnmpPlatform]:
    """Load and validate the built-in rows plus the user's catalogue files (a row with the same id replaces).

    Raises:
        CatalogError: Naming the file of a bad row, a duplicate id or a missing built-in file.
    """
    builtin = builtin_files()
    users = [*user_catalog_files(), *extra]

    def rows_of(documents: list[Any], patterns: bool = True) -> list[SnmpPlatform]:
        by_id: dict[str, SnmpPlatform] = {}
        places: dict[str, str] = {}
        for (path, platform), doc in zip(builtin, documents, strict=False):
            for row, place in _rows_in(doc, path, platform):
                if row.id in by_id:
                    raise CatalogError(f"{path}: duplicate SNMP row id {row.id!r} (also in {by_id[row.id].platform})")
                by_id[row.id], places[row.id] = row, place
        for path, doc in zip(users, documents[len(builtin) :], strict=True):
            if isinstance(doc, dict) and TABLE in doc:
                for row, place in _rows_in(doc, path, None):
                    by_id[row.id], places[row.id] = row, place
        shared = {row.id: row for row in share_extract(by_id, places)}
        out = validate(share_kinds(shared, places), patterns=patterns)
        check_table_columns(out, places)
        return out

    try:
        return load_documents(
            "snmp-platforms", [p for p, _ in builtin] + users, rows_of, compiled=lambda docs: rows_of(docs, False)
        )
    except InputError as exc:
        _raise_if_missing([p for p, _ in builtin], users)  # looked for only now: 170 stats cost a load ~2 ms
        raise CatalogError(str(exc)) from exc


def _raise_if_missing(builtin: list[Path], users: list[Path]) -> None:
    """Name the first file that is not there, a built-in one as part of govops, a user's as theirs."""
    for path in builtin:
        if not path.exists():
            raise CatalogError(f"built-in SNMP identification file {path} is missing")
    for path in users:
        if not path.exists():
            raise CatalogError(f"catalogue file {path} does not exist")


@lru_cache(maxsize=1)
def default_platforms() -> tuple[SnmpPlatform, ...]:
    """The platform table of this process, loaded once."""
    return tuple(load_platforms())


_ARC_PREFIX = re.compile(r"(?:\d+\.)+")  # a sysObjectID prefix as ``_oid_keys`` holds it: arcs, each with its dot
ENTERPRISES_DOTTED = "1.3.6.1.4.1."
# Groups of a maker's MIB that every line of the maker answers: an answer there says nothing about which line a
# device is, so they never select a row for an unseen product (``SnmpPlatform.mib_arcs``). HP-httpManageable-MIB's
# 'net citizen' group (hpHttpMgNetCitizen 11.2.36.1.1.2: serial, version, device type) is answered by HP's
# switches, storage and JetDirect printers alike.
SHARED_MAKER_GROUPS: tuple[str, ...] = ("1.3.6.1.4.1.11.2.36.1.1.2.",)
MAX_MIB_ARC_PROBES = 16  # MIB arcs an unseen product arc asks about (``mib_arc_rows``): one selection PDU's varbinds
MAX_INDEXED_TABLES = 8  # platform tables whose index is kept (a process has one; tests build a few)


@dataclass(frozen=True)
class _TableIndex:
    """A platform table's rows by sysObjectID prefix: selection looks at the rows whose prefix the device's
    sysObjectID starts with (about 15 dictionary look-ups) and at the rows without one, not at all 258 rows."""

    rows: tuple[SnmpPlatform, ...]
    by_prefix: Mapping[str, tuple[int, ...]]  # dotted prefix with its trailing dot -> positions of its rows
    always: tuple[int, ...]  # rows without a sysObjectID key (or with one that is not plain arcs): always looked at
    generic: SnmpPlatform | None
    # enterprise prefix ('1.3.6.1.4.1.<PEN>.') -> positions of the rows keyed to an arc below it
    by_enterprise: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # The last sysObjectID ``candidates`` was asked about -> its rows.
    last: dict[str, tuple[SnmpPlatform, ...]] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def contested_arcs(self) -> frozenset[str]:
        """``contested_arcs`` of the table, worked out at the first unseen product (not at load)."""
        return contested_arcs(self.rows)

    @classmethod
    def of(cls, rows: tuple[SnmpPlatform, ...]) -> _TableIndex:
        by_prefix: dict[str, list[int]] = {}
        by_enterprise: dict[str, list[int]] = {}
        always: list[int] = []
        for i, row in enumerate(rows):
            prefixes = row._oid_prefixes
            if not prefixes or not all(_ARC_PREFIX.fullmatch(prefix) for prefix in prefixes):
                always.append(i)
                continue
            for prefix in dict.fromkeys(prefixes):
                by_prefix.setdefault(prefix, []).append(i)
            for head in _asked_heads(row):
                by_enterprise.setdefault(head, []).append(i)
        generic = next((row for row in rows if row.id == GENERIC), None)
        return cls(rows, {k: tuple(v) for k, v in by_prefix.items()}, tuple(always), generic,
                   {k: tuple(v) for k, v in by_enterprise.items()})

    def candidates(self, dotted: str) -> tuple[SnmpPlatform, ...]:
        """The rows that may match a sysObjectID (``dotted``: no leading dot, a trailing one), in table order. The
        last device's are kept: selection asks for them four times a device."""
        last = self.last.get(dotted)
        if last is not None:
            return last
        hits = set(self.always)
        by_prefix = self.by_prefix
        end = dotted.find(".")
        while end >= 0:
            found = by_prefix.get(dotted[: end + 1])
            if found is not None:
                hits.update(found)
            end = dotted.find(".", end + 1)
        rows = self.rows
        matching = tuple(rows[i] for i in sorted(hits))
        self.last.clear()  # one entry: the device being selected
        self.last[dotted] = matching
        return matching


_indexes: dict[int, _TableIndex] = {}


def _table(platforms: Iterable[SnmpPlatform]) -> Sequence[SnmpPlatform]:
    """The table as selection reads it, more than once: a tuple (``default_platforms``, indexed) or a list as given,
    any other iterable (a generator) read once into a list, so its rows are all there at every reading."""
    return platforms if isinstance(platforms, Sequence) else list(platforms)


def _rows_for(platforms: Sequence[SnmpPlatform], dotted: str) -> Iterable[SnmpPlatform]:
    """The rows of ``platforms`` that may match ``dotted``, in order: from the table's index when the table is a
    tuple (``default_platforms``: it cannot change under the index), else all of them."""
    if not isinstance(platforms, tuple):
        return platforms
    return _table_index(platforms).candidates(dotted)


def _table_index(platforms: tuple[SnmpPlatform, ...]) -> _TableIndex:
    index = _indexes.get(id(platforms))
    if index is None or index.rows is not platforms:
        if len(_indexes) >= MAX_INDEXED_TABLES:
            _indexes.clear()
        index = _indexes[id(platforms)] = _TableIndex.of(platforms)
    return index


def generic_row(platforms: Iterable[SnmpPlatform]) -> SnmpPlatform | None:
    """The ``generic`` row of a table (the standard MIBs' rules, applied after the platform's), or None."""
    if isinstance(platforms, tuple):
        return _table_index(platforms).generic
    return next((p for p in platforms if p.id == GENERIC), None)


def own_mib(oid: str, sys_object_id: str) -> bool | None:
    """Whether an object of the device's maker lies in the MIB its sysObjectID names (True: under the sysObjectID, as
    a maker that roots each product line's MIB at its identity places it) or in another MIB of that maker (False:
    under the sysObjectID's enterprise arc only); None for an object outside that arc (a standard MIB, another
    maker's) or a sysObjectID under no enterprise number. Where two of the maker's MIBs state the same fact, the
    device's own is the one it implements (``SnmpPlatform.extract_for``, the power catalogue's rows).

    >>> [own_mib(o, ".1.3.6.1.4.1.534.6.6.7") for o in ("1.3.6.1.4.1.534.6.6.7.1.2.1.3", "1.3.6.1.4.1.534.6.6.6.1.0",
    ...                                                  "1.3.6.1.4.1.534.6.6.70.1", "1.3.6.1.2.1.33.1.1.2.0")]
    [True, False, False, None]
    >>> own_mib("1.3.6.1.4.1.27662.1.0", "1.3.6.1.4.1.27662"), own_mib("1.3.6.1.4.1.9.1.0", "")
    (True, None)
    """
    dotted = sys_object_id.strip(".") + "."
    if not dotted.startswith(ENTERPRISES_DOTTED) or dotted == ENTERPRISES_DOTTED:
        return None
    head = dotted[: dotted.index(".", len(ENTERPRISES_DOTTED))]  # '1.3.6.1.4.1.<PEN>'
    arcs = oid_arcs(oid)
    if index_under(arcs, oid_arcs(head)) is None:
        return None
    return index_under(arcs, oid_arcs(dotted[:-1])) is not None


def _enterprise_head(dotted: str) -> str | None:
    """The enterprise arc ('1.3.6.1.4.1.<PEN>.') of a dotted prefix with its trailing dot that reaches below it.

    >>> _enterprise_head("1.3.6.1.4.1.14988.1."), _enterprise_head("1.3.6.1.4.1.14988."), _enterprise_head("1.3.6.")
    ('1.3.6.1.4.1.14988.', None, None)
    """
    if not dotted.startswith(ENTERPRISES_DOTTED):
        return None
    end = dotted.find(".", len(ENTERPRISES_DOTTED))
    return dotted[: end + 1] if 0 < end < len(dotted) - 1 else None


def _asked_heads(row: SnmpPlatform) -> list[str]:
    """The enterprise arcs under which ``mib_arc_rows`` may ask about the row: those of its MIB arcs, and of its keys
    when it reads relative to the sysObjectID (``SnmpPlatform.relative_groups``)."""
    heads = (_enterprise_head(arc + ".") for arc in row.mib_arcs)
    return list(dict.fromkeys([*(h for h in heads if h is not None), *(row._key_heads if row.relative_groups else ())]))


def _object_group(oid: str, *, column: bool) -> str:
    """The arc an agent answers under when it implements the object at ``oid`` (dotted, no leading dot): a scalar
    instance ``X.0``'s group (X's parent); a column (``column``: read with GETNEXT, by an index or a flag) its table
    (the entry's parent); a column's instance (its index in the OID) its table where the index is one arc, else the
    entry or the column (answered alike: only where the table has rows). A suffix under a device's sysObjectID (a
    relative rule's) may have the sysObjectID itself as its group ('').

    >>> _object_group("1.3.6.1.4.1.14988.1.1.7.3.0", column=False), _object_group("1.3.6.1.4.1.9.2.1.5", column=True)
    ('1.3.6.1.4.1.14988.1.1.7', '1.3.6.1.4.1.9.2')
    >>> _object_group("1.3.6.1.4.1.9.2.1.5.1", column=False)
    '1.3.6.1.4.1.9.2'
    >>> _object_group("3.3.6.0", column=False), _object_group("4.0", column=False)
    ('3.3', '')
    """
    drop = 2 if column or oid.endswith(".0") else 3
    return ".".join(oid.split(".")[:-drop])


def contested_arcs(rows: Sequence[SnmpPlatform]) -> frozenset[str]:
    """The MIB arcs of ``rows`` (``SnmpPlatform.mib_arcs``) under which a row of another vendor reads objects too:
    an answer there does not tell the two apart, so it selects neither for an unseen product."""
    reads: dict[str, list[tuple[str, str]]] = {}  # enterprise head -> (vendor, object) of every row
    for p in rows:
        for r in p.extract:
            if r.oid and not r.relative and p.vendor and (head := _enterprise_head(r.oid.strip(".") + ".")):
                reads.setdefault(head, []).append((p.vendor, r.oid.strip(".")))
    out: set[str] = set()
    for p in rows:
        for arc in p.mib_arcs:
            head = _enterprise_head(arc + ".")
            if p.vendor and head and any(v != p.vendor and index_under(oid_arcs(o), oid_arcs(arc)) is not None
                                          for v, o in reads.get(head, ())):
                out.add(arc)
    return frozenset(out)


def mib_arc_rows(platforms: Iterable[SnmpPlatform], sys_object_id: str) -> list[tuple[SnmpPlatform, tuple[str, ...]]]:
    """The rows an unseen product of a known maker may still select, each with the arcs of its maker's MIB to ask.

    The next device of a line often answers a sysObjectID no row's key holds (registered after the rows were
    written). A row keyed to an arc below the maker's enterprise number selects such a device where the agent answers
    a group of the maker's MIB the row reads (``SnmpPlatform.mib_arcs``: MIKROTIK-MIB's 14988.1.1.7 for RouterOS's
    serial, Nokia 1830's groups at 7483.2 apart from its key 7483.1; a product's registration reads nothing below the
    maker's number): the device implements what the row reads. So does a row reading relative to the sysObjectID, where
    the agent answers one of its groups under the device's own sysObjectID (``SnmpPlatform.relative_groups``: a maker
    that roots each product's MIB at the product's arc, with the same groups under each, as W&T and TERRA do). It
    scores as a sysObjectID key of that arc's length, above a row keyed to the enterprise number alone. Only where no
    row's key below the enterprise number is a prefix of the device's (a device a product line's key places keeps its
    row). Each arc under the device's enterprise number (not another maker's MIB a row also reads) costs a varbind in
    the selection probe, up to ``MAX_MIB_ARC_PROBES``: every row's most-read group (in table order) before any row's
    second.
    """
    platforms = _table(platforms)
    dotted = sys_object_id.lstrip(".") + "."
    head = _enterprise_head(dotted)
    if head is None:
        return []
    placed = (prefix for p in _rows_for(platforms, dotted) for prefix in p._oid_prefixes if dotted.startswith(prefix))
    if any(len(prefix) > len(head) for prefix in placed):
        return []  # a key below the enterprise number (a product line's arc) places the device
    if isinstance(platforms, tuple):
        index = _table_index(platforms)
        found = [index.rows[i] for i in index.by_enterprise.get(head, ())]
        contested = index.contested_arcs
    else:
        found = [p for p in platforms if head in _asked_heads(p)]
        contested = contested_arcs(platforms)
    # Not another maker's MIB, nor a group a row of another brand reads too (H3C's own Comware devices answer the
    # HH3C entity group the HPE-branded Comware row reads: answering it says nothing of the brand). A row reading
    # relative to the sysObjectID asks its groups under the device's own (no other row reads there).
    ours = [(*(arc for arc in p.mib_arcs if arc.startswith(head) and arc not in contested),
             *((dotted + g for g in p.relative_groups)
               if head in p._key_heads else ())) for p in found]
    asked: dict[str, None] = {}
    taken: list[list[str]] = [[] for _ in found]
    for rank in range(max(map(len, ours), default=0)):
        for row_arcs, arcs in zip(ours, taken, strict=True):
            if rank >= len(row_arcs):
                continue
            arc = row_arcs[rank]
            if arc not in asked and len(asked) >= MAX_MIB_ARC_PROBES:
                continue  # an arc another row asks already costs nothing
            asked[arc] = None
            arcs.append(arc)
    return [(row, tuple(arcs)) for row, arcs in zip(found, taken, strict=True) if arcs]


def selection_probes(platforms: Iterable[SnmpPlatform], sys_object_id: str, sys_descr: str) -> list[str]:
    """Subtrees to ask about before selecting: the ``answers`` keys of rows whose other keys match, and the MIB arcs
    ``mib_arc_rows`` gives (whether the agent answers a group of the maker's MIB a row reads)."""
    platforms = _table(platforms)
    out: dict[str, None] = {}
    dotted = sys_object_id.lstrip(".") + "."
    for p in _rows_for(platforms, dotted):
        if p.answers and p._score(dotted, sys_descr, p.answers) is not None:
            out.update(dict.fromkeys(p.answers))
    for p, arcs in mib_arc_rows(platforms, sys_object_id):
        out.update(dict.fromkeys(arcs))
        if p.answers and p._score(dotted, sys_descr, [*p.answers, *arcs], mib_arc=arcs) is not None:
            out.update(dict.fromkeys(p.answers))
    return list(out)


def select_platform(
    platforms: Iterable[SnmpPlatform], sys_object_id: str, sys_descr: str, answered: Iterable[str] | None = None
) -> SnmpPlatform | None:
    """The most specific matching platform (priority, then longest OID prefix), or None."""
    platforms = _table(platforms)
    seen = None if answered is None else frozenset(answered)
    dotted = sys_object_id.lstrip(".") + "."
    sys_descr = sys_descr[:SNMP_MATCH_MAX_CHARS]
    best: tuple[int, SnmpPlatform] | None = None
    for p in _rows_for(platforms, dotted):
        if p.sys_object_id and not dotted.startswith(p._oid_prefixes):
            continue  # a row the index could not leave out (a prefix that is not plain arcs)
        score = p._score(dotted, sys_descr, seen)
        if score is not None and (best is None or score > best[0]):
            best = (score, p)
    for p, arcs in mib_arc_rows(platforms, sys_object_id):
        score = p._score(dotted, sys_descr, seen, mib_arc=arcs)
        if score is not None and (best is None or score > best[0]):
            best = (score, p)
    return best[1] if best else None
