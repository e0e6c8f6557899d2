"""SNMP identification: what a device is, from what discovery read of it (no I/O).

``identify`` takes a ``RawIdentity`` (the system group, the vendor-MIB values, the ENTITY-MIB chassis and stack,
the enterprise arcs and interface addresses the agent answered) and picks the platform row, the facts (vendor,
model, serial, os, os_version, kind, with the rule that gave each as evidence) and the domestic verdict: the
platform's extraction and kind rules first, then the ``generic`` row's; the maker from the vendor catalogue, else
the device's own word, else a registry (IANA, IEEE). ``govops.discovery.snmp`` reads the device and calls it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal

from govops.catalog.enterprises import (
    OEM_ENTERPRISES,
    enterprise_of,
    oem_number,
    software_number,
)
from govops.catalog.ouis import SOURCE as OUI_SOURCE
from govops.catalog.ouis import OuiMaker, maker_oui
from govops.catalog.products import GENERATOR as PRODUCTS_GENERATOR
from govops.catalog.products import product_of
from govops.catalog.serials import GENERATOR as SERIALS_GENERATOR
from govops.catalog.vendors import (
    ADDRESS_FIELD,
    CHIP_MAKERS,
    VendorCatalog,
    VendorRow,
    classify_device,
    first_word,
    registry_vendor,
)
from govops.catalog.verdict import Evidence, Verdict
from govops.platforms.registry import os_version_in_form
from govops.platforms.snmp import (
    ExtractRule,
    KindRule,
    SnmpPlatform,
    catalogue_object_key,
    clean_serial,
    clean_value,
    generic_row,
    narrows_default,
    select_platform,
)


@dataclass(frozen=True)
class RawIdentity:
    """What identification reads: the system group, vendor-MIB values, the chassis entity."""

    sys_descr: str
    sys_object_id: str
    sys_name: str | None
    uptime_ticks: int | None
    vendor_values: Mapping[str, str | None] = field(default_factory=dict)
    chassis: Mapping[str, str | None] = field(default_factory=dict)
    # Subtrees (dotted) the agent answered under, for kind rules keyed on the MIBs a device implements.
    answered: frozenset[str] = frozenset()
    # Every chassis entity of a stack (its ENTITY-MIB fields), the reported one first.
    stack: tuple[Mapping[str, str | None], ...] = ()
    # Enterprise arcs the agent answers under (its vendor MIBs), read when sysObjectID names no maker.
    enterprises: tuple[int, ...] = ()
    # The interfaces' MAC addresses (IF-MIB ifPhysAddress), for the maker their OUI names.
    addresses: tuple[str, ...] = ()
    # How many interfaces are of each IANAifType (IF-MIB ifType), for kind rules keyed on what the interfaces are;
    # None where the interfaces were not read.
    if_types: Mapping[int, int] | None = None
    # How many physical entities are of each PhysicalClass (ENTITY-MIB entPhysicalClass), likewise; None where not read.
    entity_classes: Mapping[int, int] | None = None


def _registry_maker(raw: RawIdentity, by_address: OuiMaker | None = None) -> str | None:
    """The maker a registry gives: IANA's for sysObjectID, else for the first vendor MIB the agent answers, else
    IEEE's for most interface addresses (whoever sold the interfaces: on an appliance built on a server, the
    maker of its network card). An OEM maker's number (``oem_number``: a card or firmware inside other brands'
    products) yields to the addresses' maker, the brand that sold the product."""
    for oid in (raw.sys_object_id, *(f"1.3.6.1.4.1.{pen}" for pen in raw.enterprises)):
        name = registry_vendor(oid)
        if name is None:
            continue
        # The OEM maker's own product carries its own OUI: the registry's name for it stays.
        if by_address is not None and first_word(by_address.name) != first_word(name) and oem_number(
                raw.sys_object_id, raw.enterprises) is not None:
            return by_address.name
        return name
    return by_address.name if by_address is not None else None


def _host_agent_arcs(raw: RawIdentity, rows: Sequence[SnmpPlatform | None]) -> dict[int, str]:
    """The enterprise arcs the device answers as a server maker's host agent, each with its MIB: those of the rules
    of ``rows`` (the standard row's, and a platform row's that adds one) that name the agent's MIB
    (``ExtractRule.host_agent``: OpenManage, the iDRAC group, Insight, SuperDoctor, each its maker's own agent, on that
    maker's servers only) whose object answered, even blank. Such an arc names the hardware beneath a host's system,
    not an appliance's maker."""
    agents: dict[int, str] = {}
    for rule in (rule for row in rows if row is not None for rule in row.extract):
        if rule.host_agent and rule.oid and raw.vendor_values.get(rule.key) is not None and (
                pen := enterprise_of(rule.oid)) is not None:
            agents.setdefault(pen, rule.host_agent)
    return agents


def _first_maker(raw: RawIdentity, rows: Sequence[SnmpPlatform | None]) -> tuple[str, int] | None:
    """The first of the device's numbers that is a maker's, not agent software's or an operating system project's
    (``software_number``) nor an arc answered as a server maker's host agent (``_host_agent_arcs``): where it was
    read ('sysObjectID' or 'arc') and the number; None if there is none. ``rows``: those whose host agents count."""
    own = enterprise_of(raw.sys_object_id)
    if own is not None and not software_number(own):
        return "sysObjectID", own
    arcs = [pen for pen in raw.enterprises if not software_number(pen)]
    agents = _host_agent_arcs(raw, rows) if arcs else {}  # judged only for an arc that would count
    arc = next((pen for pen in arcs if pen not in agents), None)
    return None if arc is None else ("arc", arc)


@dataclass(frozen=True)
class HostJudgement:
    """Whether a device is a general-purpose host, for the rules with ``host: true``, and the case that decided it
    in words (which number or arc), for the evidence of a host rule given or passed over."""

    host: bool
    case: str


def host_judgement(raw: RawIdentity, generic: SnmpPlatform | None,
                   platform: SnmpPlatform | None = None) -> HostJudgement:
    """Whether a device no maker's platform row recognises is a general-purpose host or an appliance: an appliance
    where its sysObjectID, or an enterprise arc it answers, is a maker's number (``_first_maker``), unless that
    maker's number the standard layer files as servers only (a kind rule keyed to its sysObjectID: Nutanix's
    controller VMs), whose uname banner states their hardware class and system as any host's does. The server makers'
    host agents are the standard row's and ``platform``'s (the broad row judged)."""
    maker = _first_maker(raw, (platform, generic))
    if maker is None:
        arcs = ", ".join(map(str, raw.enterprises))
        mibs = _host_agent_arcs(raw, (platform, generic))
        # each a server maker's host agent
        agents = [f"{pen} {mibs.get(pen, '')}".strip() for pen in raw.enterprises if not software_number(pen)]
        return HostJudgement(True, f"sysObjectID {raw.sys_object_id}" + (f" and arcs {arcs}" if arcs else "")
                             + ": agent software's or an operating system project's numbers"
                             + (f" and a server maker's host agent ({', '.join(agents)}), no appliance "
                                "maker's" if agents else ", no maker's"))
    where, pen = maker
    kinds = generic.kinds if generic is not None else ()
    servers = next((k for k in kinds if k.kind == "server" and k.sys_object_id
                    and k.keys_match(raw.sys_object_id, raw.sys_descr)), None)
    if servers is not None:
        maker_name = registry_vendor(raw.sys_object_id) or "its maker"
        return HostJudgement(True, f"sysObjectID {raw.sys_object_id}: {maker_name}'s number, which the standard layer "
                                   f"files as servers only (sysObjectID {servers.sys_object_id})")
    said = f"sysObjectID {raw.sys_object_id}" if where == "sysObjectID" else f"the agent answers arc {pen}"
    return HostJudgement(False, f"{said}, {registry_vendor(f'1.3.6.1.4.1.{pen}') or 'a maker'}'s number")


def _address_evidence(maker: OuiMaker, row: VendorRow | None, raw: RawIdentity) -> Evidence:
    said = f"vendor:{row.id}" if row else "its country is not in the vendor catalogue"
    oem = oem_number(raw.sys_object_id, raw.enterprises)
    if oem is not None:
        said += f"; the agent's number {oem} is an OEM maker's ({OEM_ENTERPRISES[oem]})"
    return Evidence("mac_address", maker.oui, f"{maker.rule} assigned to {maker.name}: {said}", OUI_SOURCE)


# What an identity object holds when it names nobody, beyond the placeholders ``clean_value`` drops for every
# field (blank, N/A, unknown, none, null, "To be filled by O.E.M.", dashes): words that stand for a maker, or a
# BIOS's default (the chip makers whose SDK fills entPhysicalMfgName in many white-label boxes: ``CHIP_MAKERS``).
NO_MAKER = frozenset({"default", "manufacturer", "vendor", "oem", "system manufacturer", "generic"})
MAX_MAKER_NAME = 64


def _stated_maker(
    by_mib: str | None, mfg_name: str | None, facts: Mapping[str, Any], raw: RawIdentity
) -> Evidence | None:
    """The maker the device names in its identity objects when no catalogue vendor matched, or None.

    The chassis's entPhysicalMfgName counts only when the registry names no owner of the sysObjectID
    (it names the hardware under someone else's system). The value must read as a name: letters more
    than digits, not a placeholder or a chip maker, not the model or serial read beside it (some agents
    fill entPhysicalMfgName with either).
    """
    stated = [("manufacturer", by_mib)]
    if _registry_maker(raw) is None:
        stated.append(("mfg_name", mfg_name))
    for field_name, text in stated:
        name = clean_value(text)
        if name is None or len(name) > MAX_MAKER_NAME or name.casefold() in NO_MAKER:
            continue
        if first_word(name) in CHIP_MAKERS:
            continue
        letters, digits = sum(c.isalpha() for c in name), sum(c.isdigit() for c in name)
        if letters < 2 or digits >= letters or name in (facts.get("model"), facts.get("serial")):
            continue
        rule = "the device names its maker; its country is not in the vendor catalogue"
        return Evidence(field_name, name, rule, "ENTITY-MIB entPhysicalMfgName / UPS-MIB upsIdentManufacturer")
    return None


def _without_maker(model: str, mfg_name: str | None) -> tuple[str, str]:
    """A chassis model name that opens with the chassis's own maker name ('Linksys LGS318P' beside
    entPhysicalMfgName 'Linksys'): the model without it, and a note for the evidence; else as it was."""
    maker = clean_value(mfg_name)
    if maker is None or len(maker) > MAX_MAKER_NAME:
        return model, ""
    rest = model[len(maker) + 1 :].strip()
    if rest and model[: len(maker) + 1].casefold() == maker.casefold() + " ":
        return rest, f" (its maker's name {maker!r} dropped)"
    return model, ""


# The chassis labels an agent may fill with the host's name (entPhysicalName, entPhysicalDescr): an upper-case host
# name ('SW-CORE-01') has a model number's shape. The model name and serial are kept: a device whose default host name
# is its model or serial states them there rightly.
HOST_LABELS = ("name", "descr")
DOMAIN_SUFFIX = re.compile(r"(?:\.[A-Za-z][A-Za-z0-9-]*)+\Z")  # '.city.gov.cn', never a version's '.1'
# SNMPv2-MIB sysName is SIZE (0..255): a longer text names no host (and the suffix pattern, tried at each position of
# a hostile text, costs its length squared).
HOST_NAME_MAX_CHARS = 255


def _host_part(text: str) -> str:
    return DOMAIN_SUFFIX.sub("", text).casefold()


def names_the_host(value: str | None, sys_name: str | None) -> bool:
    """Whether an entity's label is the device's host name: sysName, case aside, with or without a domain suffix.

    >>> names_the_host("SW-CORE-01", "sw-core-01.city.example"), names_the_host("XS-4800P", "sw-core-01")
    (True, False)
    """
    text, host = clean_value(value), clean_value(sys_name)
    if text is None or host is None or max(len(text), len(host)) > HOST_NAME_MAX_CHARS:
        return False
    return text.casefold() == host.casefold() or _host_part(text) == _host_part(host) != ""


def _without_host_name(raw: RawIdentity) -> RawIdentity:
    """``raw`` with every chassis label that is the host's name left out: it never names a model or a serial."""
    def cleaned(entity: Mapping[str, str | None]) -> Mapping[str, str | None]:
        drop = [key for key in HOST_LABELS if names_the_host(entity.get(key), raw.sys_name)]
        return {**entity, **dict.fromkeys(drop)} if drop else entity

    if not raw.sys_name or not (raw.chassis or raw.stack):
        return raw
    return replace(raw, chassis=cleaned(raw.chassis), stack=tuple(cleaned(member) for member in raw.stack))


def _rule_text(rule: ExtractRule, host: str = "") -> str:
    """A rule in words, for the evidence; ``host``: a host rule's condition as it held for the device
    (``HostGate.said``)."""
    when = f" where the chassis {rule.when_entity} is /{rule.when}/" if rule.when else ""
    when = (" in a model number's shape" if rule.model_number else "") + when + (host if rule.host else "")
    if rule.sys_descr:
        return f"sysDescr /{rule.sys_descr}/{when}"
    if rule.catalogue:
        return f"the {rule.field} scalar the maker's MIB defines"
    if rule.oid:
        row = f" row named by {rule.index}" if rule.index else ""
        row = f" row whose {rule.active} is true" if rule.active else row
        where = f"sysObjectID.{rule.oid}" if rule.relative else rule.oid
        where += f" with {', '.join(rule.join)} as {rule.format!r}" if rule.join else ""
        return f"OID {where}{row}" + (f" /{rule.regex}/" if rule.regex else "") + when
    return f"ENTITY-MIB chassis {rule.entity}" + (f" /{rule.regex}/" if rule.regex else "") + when


def _kind_steps(
    platform: SnmpPlatform | None, generic: SnmpPlatform | None, *, default: bool = True, first: bool = True,
    last: bool = False,
) -> Iterator[tuple[SnmpPlatform, KindRule | None]]:
    """Where a kind may come from, in the order it is looked for, the one place that decides which kind rules are
    looked at (identification, the subtrees discovery asks, the fields a cut IF-MIB walk leaves open): ``first``, the
    platform's rules, the standard MIBs' rules that narrow the platform's default kind (``over_defaults``), that
    default (None), then the standard MIBs' rules (the generic row); ``last``, the standard MIBs' rules looked at after
    all of those (``KindRule.last``), which discovery looks at once the power catalogue's objects named no kind
    either. ``default``: whether the platform's default kind applies (``default_kind_applies``)."""
    if first:
        if platform is not None:
            yield from ((platform, rule) for rule in platform.kinds)
            if platform.kind is not None and default:
                if generic is not None:
                    yield from ((generic, rule) for rule in generic.kinds if narrows_default(rule, platform))
                yield platform, None
        if generic is not None:
            yield from ((generic, rule) for rule in generic.kinds if not rule.last)
    if last and generic is not None:
        yield from ((generic, rule) for rule in generic.kinds if rule.last)


def default_kind_applies(platform: SnmpPlatform | None, judgement: Callable[[], HostJudgement] | None) -> bool:
    """Whether ``platform``'s default kind applies: not a broad row's (a Linux host's 'server') on an appliance, whose
    kind the general kind rules (its maker's number, UPS-MIB, ENTITY-MIB ...) give, or none. ``judgement`` gives the
    host judgement where it is needed (a broad row with a default); None where it is not made yet (the arcs that decide
    it not read): a broad row's default is then taken not to apply, so the rules past it are looked at too.

    >>> linux = SnmpPlatform("linux", "net-snmp", kind="server", broad=True)
    >>> default_kind_applies(None, None), default_kind_applies(linux, None)
    (True, False)
    """
    if platform is None or not platform.broad or platform.kind is None:
        return True
    return judgement is not None and judgement().host


def _kind_matches(rule: KindRule, raw: RawIdentity, model: str | None, release: str | None) -> bool:
    """Whether ``rule`` gives the device's kind from ``raw`` and the model and release found."""
    return rule.keys_match(raw.sys_object_id, raw.sys_descr, model, release=release, values=raw.vendor_values,
                           chassis=raw.chassis, if_types=raw.if_types, entity_classes=raw.entity_classes) and (
        not rule.answers or rule.answers in raw.answered)


def _kind(
    platform: SnmpPlatform | None, generic: SnmpPlatform | None, raw: RawIdentity, model: str | None = None,
    release: str | None = None, *, last: bool = False, default: bool = True, gate: HostGate | None = None,
) -> tuple[Any, str | None]:
    """The device kind and the rule that gave it: the platform's rules and default (unless not ``default``), then the
    standard MIBs (with ``last``, the standard MIBs' rules looked at last instead); ``model`` and ``release`` are the
    model identification and release line found, for the rules keyed to them. A host rule (``KindRule.host``) that
    matches an appliance (``gate``, judged from ``raw`` where not given) is passed over, and said so after the rule that
    gave the kind, if any."""
    gate = gate if gate is not None else HostGate(raw, platform, generic)
    passed: list[str] = []
    for row, rule in _kind_steps(platform, generic, default=default, first=not last, last=last):
        if rule is None:
            return row.kind, "; ".join([f"{row.id} default kind", *passed])
        if not _kind_matches(rule, raw, model, release):
            continue
        if not gate.admits(rule):
            passed.append(f"{row.id} kind rule {_kind_keys(rule)} left out on an appliance ({gate.judgement.case}): "
                          "a general-purpose system states it, and appliances built on one state it too")
            continue
        # Said only where the default applies: on an appliance a broad row's default was not looked at (and is said
        # left out).
        narrows = f", before {platform.id}'s default kind {platform.kind}" if (
            default and platform is not None and row is not platform and narrows_default(rule, platform)) else ""
        given = f"{row.id} kind rule {_kind_keys(rule)}{narrows}" + (gate.said if rule.host else "")
        return rule.kind, "; ".join([given, *passed])
    return None, "; ".join(passed) or None


def named_by_addresses(found: Identification, vendors: VendorCatalog) -> bool:
    """Whether the interfaces' addresses (the maker most of them carry, ``maker_oui``) are the only source of the
    vendor ``_identify`` named (``found``): without them the maker's sources it read name another maker, or none."""
    vendor, raw = found.facts["vendor"], found.gate.raw
    if vendor is None or not raw.addresses:
        return False
    return bool(_maker(raw, found.platform, found.facts, vendors, brand_on_chassis=found.brand_on_chassis,
                       addresses=False)[1] != vendor)


# The tables whose rows kind rules count (``KindRule.if_types``, ``KindRule.entity_classes``): their MIB's name.
CountedTable = Literal["interfaces", "entities"]
COUNTED_MIBS: Mapping[CountedTable, str] = {"interfaces": "IF-MIB", "entities": "ENTITY-MIB"}


def _with_more_rows(raw: RawIdentity, rule: KindRule, table: CountedTable) -> RawIdentity | None:
    """``raw`` as if the rows of ``table`` not read held enough of what ``rule`` counts there to match it (its other
    keys as the device states them); None where ``rule`` counts nothing in ``table``."""
    if table == "interfaces" and rule.if_types:
        return replace(raw, if_types={rule.if_types[0]: rule.at_least})
    if table == "entities" and rule.entity_classes:
        return replace(raw, entity_classes={rule.entity_classes[0]: rule.at_least})
    return None


def fields_table_decides(
    gate: HostGate, facts: Mapping[str, Any], table: CountedTable, *, last: bool = True, by_addresses: bool = False
) -> dict[str, str | None]:
    """The fields that more rows of ``table`` might have given otherwise, for a device whose walk of it was not read
    whole (these are marked not read): for IF-MIB, the vendor when it is empty or ``by_addresses`` named it (the
    makers of the interfaces' addresses, ``maker_oui``, are its last source: the rows not read may carry another maker,
    most of them, ``named_by_addresses``); for either table, the kind when a rule counting its rows (interface types,
    ``KindRule.if_types``; entity classes, ``KindRule.entity_classes``) looked at before the step that gave it (every
    rule, where none did) would match with enough rows of what it counts, its other keys as the device states them; a
    kind a platform's default gave may be wrong, not only an empty one.
    ``gate``: identification's (``Identification.gate``: the device as identified, its platform, the host judgement
    made once); ``last``: the rules looked at last were (nothing before them, the power catalogue's objects included,
    gave the kind). Field -> the counting rule that might apply (None for the vendor)."""
    raw = gate.raw
    out: dict[str, str | None] = (
        {"vendor": None} if table == "interfaces" and (facts.get("vendor") is None or by_addresses) else {})
    model, release = facts.get("model"), facts.get("release")
    for row, rule in _kind_steps(gate.platform, gate.generic, default=gate.default_kind_applies, last=last):
        if rule is not None and not gate.admits(rule):
            continue
        # A default, or a rule matching the rows read (a rule counting rows matches more rows too): the kind was given
        # there, whatever the rules after it would say.
        if rule is None or _kind_matches(rule, raw, model, release):
            break
        more = _with_more_rows(raw, rule, table)
        if more is not None and _kind_matches(rule, more, model, release):
            out["kind"] = f"{row.id} kind rule {_kind_keys(rule)}"
            break
    return out


def _kind_probes_to_ask(
    platform: SnmpPlatform | None, generic: SnmpPlatform | None, sys_object_id: str, sys_descr: str,
    *, asked: Collection[str], answered: Collection[str],
) -> list[str]:
    """The subtrees not ``asked`` yet whose answer may decide the kind: those of the rules reached before one decides
    it without asking (a sysObjectID or sysDescr rule, the platform's default, a subtree known to answer).

    A rule keyed to a subtree (BRIDGE-MIB, BGP4-MIB ...) is looked at only when nothing before it gave the kind, so a
    device the platform's rows or a stronger rule names is never asked about it: what follows an absent subtree is
    whatever the agent has next, which may be a large value. A broad row's default decides nothing here: the arcs that
    say whether it applies (``HostGate``) are read in the same round trip as these subtrees. A host rule
    (``KindRule.host``) decides where ``HostGate`` admits it judged from the sysObjectID alone: where a maker's line's
    row placed the device, or the sysObjectID is agent software's or an operating system project's (most such devices
    are hosts: the subtrees after it are not asked of every server; an arc read with them may still make it an
    appliance, whose kind then comes from what was asked); it decides nothing under a maker's number.
    """
    out: list[str] = []
    gate = HostGate(RawIdentity(sys_descr, sys_object_id, None, None), platform, generic)  # no arc read yet
    for _row, rule in _kind_steps(platform, generic, default=default_kind_applies(platform, None), last=True):
        if rule is None:
            break
        if not rule.keys_match(sys_object_id, sys_descr):
            continue
        if gate.admits(rule) and (not rule.answers or rule.answers in answered):
            break
        if rule.answers and rule.answers not in asked:
            out.append(rule.answers)
    return list(dict.fromkeys(out))


def _kind_keys(rule: KindRule) -> str:
    """The keys of ``rule`` as evidence text: each key's name and value as written, a pattern without the spaces it
    may end with (a pattern ending at a word's end, '\\A(?:FreeBSD|OpenBSD) ', would leave a double space)."""

    def pattern(text: str | None) -> str | None:
        return text.rstrip(" ") if text else text

    keys = [("sysObjectID", rule.sys_object_id), ("sysDescr", pattern(rule.sys_descr)), ("model", pattern(rule.model)),
            ("release", pattern(rule.release)), ("chassis " + (rule.when_entity or ""), pattern(rule.when)),
            ("answers", rule.answers),
            ("value of", f"{'the first row of ' if rule.next else ''}{rule.value_key} /{rule.value}/"
                         if rule.value_of else None),
            ("bits", f"{','.join(map(str, rule.bits))} of {rule.bits_of}" if rule.bits_of else None),
            ("clear", ",".join(map(str, rule.clear)) if rule.clear else None),
            ("ifType", f"{','.join(map(str, rule.if_types))} on at least {rule.at_least} interface"
                       f"{'s' if rule.at_least > 1 else ''}" if rule.if_types else None),
            ("entPhysicalClass", f"{','.join(map(str, rule.entity_classes))} on at least {rule.at_least} "
                                 f"entit{'ies' if rule.at_least > 1 else 'y'}" if rule.entity_classes else None),
            ("unless", " or ".join(f"{u.scalar} states bit{'s' if len(u.clear) > 1 else ''} "
                                   f"{','.join(map(str, u.clear))} clear" for u in rule.unless or ()) or None),
            ("looked at", "last, nothing else naming a kind" if rule.last else None)]
    return ", ".join(f"{k} {v}" for k, v in keys if v)


def _registered_model(
    raw: RawIdentity, facts: dict[str, Any], evidence: dict[str, str], *, numbered: bool = False
) -> bool:
    """Set the model the vendor's registration MIB assigns to the sysObjectID, if it names one; whether it did.

    ``numbered``: only a product with a model number (a digit): a descriptor kept whole because it names a role or a
    family ('ciscoGatewayServer') says whose the device is, not which model it is.
    """
    product = product_of(raw.sys_object_id)
    if product is None or (numbered and not any(c.isdigit() for c in product.model)):
        return False
    facts["model"] = product.model
    evidence["model"] = f"registration MIB: {product.rule} ({PRODUCTS_GENERATOR})"
    return True


def identify(
    raw: RawIdentity, platforms: Sequence[SnmpPlatform], vendors: VendorCatalog
) -> tuple[SnmpPlatform | None, dict[str, Any], Verdict]:
    """Pick the platform and the facts (vendor, model, serial, os, os_version, kind) from ``raw``.

    Returns:
        The platform (None if none matched), the device facts, and the domestic verdict.
    """
    found = _identify(raw, select_platform(platforms, raw.sys_object_id, raw.sys_descr, raw.answered), platforms,
                      vendors)
    return found.platform, found.facts, found.verdict


@dataclass(frozen=True)
class Identification:
    """What ``_identify`` decided for one device, with what a later step judges it by (an IF-MIB walk cut:
    ``named_by_addresses``, ``fields_table_decides``) without identifying the device again: the host judgement
    (``gate``, which holds the device as identified) and whether the platform's row read the brand from the chassis."""

    platform: SnmpPlatform | None
    facts: dict[str, Any]
    verdict: Verdict
    gate: HostGate
    brand_on_chassis: bool


def _identify(
    raw: RawIdentity, platform: SnmpPlatform | None, platforms: Sequence[SnmpPlatform], vendors: VendorCatalog
) -> Identification:
    """``identify`` with the platform ``select_platform`` gave for ``raw`` (discovery selected it already)."""
    raw = _without_host_name(raw)  # the one place a chassis label is judged against the host's name
    generic = generic_row(platforms)
    facts: dict[str, Any] = dict.fromkeys(
        ("model", "serial", "os_version", "hardware_rev", "manufacturer", "hardware_maker", "release")
    )
    evidence: dict[str, str] = {}
    brand_on_chassis = False  # the platform's own row reads its brand from the chassis's entPhysicalMfgName
    registration_tried = False
    given: set[str] = set()  # the fields with a value: their later rules are passed over
    gate = HostGate(raw, platform, generic)
    for p, rule, free_text_model in _extract_steps(platform, generic, raw, skip=given, gate=gate):
        if free_text_model and not registration_tried:
            # The vendor's registration MIB before the standard row's sysDescr shapes: a sysDescr is free text
            # an operator may set ('snmp description core-sw-01' on Junos), the sysObjectID is the product.
            registration_tried = True
            if _registered_model(raw, facts, evidence, numbered=True):
                given.add("model")
                continue
        value = rule.read(raw.sys_descr, raw.vendor_values, raw.chassis)
        if value is not None and free_text_model and names_the_host(value, raw.sys_name):
            # A sysDescr is free text: one that opens with the host's name (a mesh node's '<node name>
            # <version> ...', a description an operator set) names no model by it, as a chassis label does not.
            continue
        if value is not None:
            note = ""
            if rule.field == "model" and rule.entity == "model_name":
                value, note = _without_maker(value, raw.chassis.get("mfg_name"))
            if rule.catalogue:
                note = f": {raw.vendor_values.get(catalogue_object_key(rule.field))} ({SERIALS_GENERATOR})"
            facts[rule.field] = value
            given.add(rule.field)
            evidence[rule.field] = f"{p.id}: {_rule_text(rule, gate.said if rule.host else '')}{note}"
            if rule.field == "manufacturer" and rule.entity == "mfg_name" and p is platform:
                brand_on_chassis = True
    for field_name, why in gate.left_out_evidence().items():
        if facts[field_name] is None:  # an object read (not the banner) may have given it still
            evidence[field_name] = why
    if facts["os_version"] is not None and platform is not None:
        # The figure in the one form the platform's CLI states it in too (SSH discovery reads the same string).
        stated = facts["os_version"]
        facts["os_version"] = os_version_in_form(platform.platform, stated)
        if facts["os_version"] != stated:
            evidence["os_version"] += f"; {stated!r} in {platform.platform}'s version form"
    if facts["model"] is None:
        # Last: the product the vendor's registration MIB assigns to the sysObjectID, where neither ENTITY-MIB,
        # the vendor's objects nor the sysDescr state a model.
        _registered_model(raw, facts, evidence)
    verdict, name, vendor_row = _maker(raw, platform, facts, vendors, brand_on_chassis=brand_on_chassis)
    facts["vendor"] = name
    facts["vendor_id"] = vendor_row.id if vendor_row else None
    facts["os"] = platform.os if platform else None
    facts["platform"] = platform.platform if platform else None
    facts["kind"], kind_rule = _kind(platform, generic, raw, facts["model"], facts["release"],
                                     default=gate.default_kind_applies, gate=gate)
    if kind_rule or not gate.default_kind_applies:
        evidence["kind"] = kind_evidence(kind_rule, gate.default_kind_left_out)
    if len(raw.stack) > 1:
        facts["stack_members"] = [_member(member, generic, platform) for member in raw.stack]
    facts["evidence"] = evidence
    return Identification(platform, facts, verdict, gate, brand_on_chassis)


def _maker(
    raw: RawIdentity, platform: SnmpPlatform | None, facts: Mapping[str, Any], vendors: VendorCatalog, *,
    brand_on_chassis: bool, addresses: bool = True,
) -> tuple[Verdict, str | None, VendorRow | None]:
    """The domestic verdict, the maker's name and its catalogue row, from what ``raw`` and the ``facts`` read state;
    ``brand_on_chassis``: the platform's own row read the brand from the chassis; ``addresses``: whether the
    interfaces' addresses count (``named_by_addresses`` asks without them)."""
    mfg_name = clean_value(raw.chassis.get("mfg_name"))
    # ``manufacturer`` is the maker a MIB's identity group states (UPS-MIB upsIdentManufacturer, a vendor
    # MIB's scalar); the chassis's entPhysicalMfgName is kept apart: it names the hardware, which on a
    # white box or an appliance is not who made the system the sysObjectID names. A platform whose own row reads
    # it (not the generic row) says that on its devices it names the brand (Comware's manufacture information,
    # 'H3C' or 'HP'/'HPE', on makers that build the same hardware under two brands): then it is the maker stated.
    stated_by_mib = facts["manufacturer"] if facts["manufacturer"] != mfg_name or brand_on_chassis else None
    by_address = maker_oui(raw.addresses) if addresses else None
    verdict = classify_device(
        vendors,
        platform=(platform.id, platform.vendor, platform.source) if platform and platform.vendor else None,
        sys_object_id=raw.sys_object_id,
        texts={"manufacturer": stated_by_mib, "mfg_name": mfg_name, "sys_descr": raw.sys_descr,
               "hardware_maker": facts["hardware_maker"], "release": facts["release"],
               ADDRESS_FIELD: by_address.name if by_address else None},
        enterprises=raw.enterprises,
    )
    vendor_row = vendors.get(verdict.subject) if verdict.subject else None
    stated = None if vendor_row else _stated_maker(stated_by_mib, mfg_name or facts["hardware_maker"], facts, raw)
    if stated is not None:
        verdict = replace(verdict, evidence=(stated, *verdict.evidence))
    # Without a catalogue row the device's own word, else a registry, still names the maker; its country stays
    # unknown.
    name = vendor_row.name if vendor_row else stated.value if stated else _registry_maker(raw, by_address)
    if by_address is not None and (
        any(e.field == ADDRESS_FIELD for e in verdict.evidence)
        or (name == by_address.name and _registry_maker(raw) != name)
    ):
        # The addresses' own maker: the one chosen, or the one that disagrees with it (``classify_device``).
        said_by_address = vendors.by_leading_text(ADDRESS_FIELD, by_address.name)
        address_row = said_by_address.vendor if said_by_address else None
        verdict = replace(verdict, evidence=(_address_evidence(by_address, address_row, raw), *verdict.evidence))
    return verdict, name, vendor_row


def catalogue_fields_read(raw: RawIdentity, platform: SnmpPlatform | None,
                          platforms: Sequence[SnmpPlatform]) -> frozenset[str]:
    """The fields whose catalogued scalar (``catalogue: true``) identification reaches from ``raw``: those no rule
    before it (in the platform's row, then the standard row) gives. A field a stronger source already gave (an
    ENTITY-MIB chassis serial) needs no catalogued scalar asked of other makers' arcs. A standard-row sysDescr model
    rule is never counted as giving: ``_identify`` may pass over its value (the host's name, the registration first).
    """
    rows = (platform, generic_row(platforms))
    fields = frozenset(f for row in rows if row is not None for f in row.catalogue_fields)
    if not fields:
        return fields
    return fields_reaching(raw, platform, platforms, lambda rule: rule.catalogue, fields=fields)


def fields_reaching(raw: RawIdentity, platform: SnmpPlatform | None, platforms: Sequence[SnmpPlatform],
                    reaches: Callable[[ExtractRule], bool], *, fields: Collection[str] | None = None) -> frozenset[str]:
    """The fields for which identification, in its order, reaches a rule that ``reaches`` before any rule gives a
    value from ``raw``: a catalogued scalar (``catalogue_fields_read``), or a rule reading an object the agent would
    not answer (the value taken for the field, if any, may not be the one a whole answer gives). ``fields``: the
    only fields asked about (the others' rules are not read, and the walk ends once these are settled)."""
    raw = _without_host_name(raw)
    settled: set[str] = set()  # given before, or the rule reached: what later rules say does not matter here
    reached: set[str] = set()
    for _row, rule, free_text_model in _extract_steps(platform, generic_row(platforms), raw, skip=settled,
                                                      only=fields):
        if reaches(rule):
            reached.add(rule.field)
        elif free_text_model or rule.read(raw.sys_descr, raw.vendor_values, raw.chassis) is None:
            continue
        settled.add(rule.field)
        if fields is not None and settled.issuperset(fields):
            break
    return frozenset(reached)


def kind_evidence(kind_rule: str | None, left_out: str | None) -> str:
    """The kind's evidence: the rule that gave it, and why a broad row's default kind did not
    (``HostGate.default_kind_left_out``), either alone where the other is None."""
    return "; ".join(part for part in (kind_rule, left_out) if part)


class HostGate:
    """The host rules (``ExtractRule.host``) for one device: whether they apply, judged once, when the first comes
    (most devices meet none), and the fields a host rule's banner left empty on an appliance (``left_out``).

    They are judged where no platform row recognises the system or a broad row does (``SnmpPlatform.broad``: one
    keyed to agent software's numbers and a system's banner, which places hosts and appliances built on it alike);
    a row keyed to a maker's product line has placed the device, and its rules and the standard layer's apply."""

    def __init__(self, raw: RawIdentity, platform: SnmpPlatform | None, generic: SnmpPlatform | None) -> None:
        self.raw, self.platform, self.generic = raw, platform, generic
        self.placed_by = platform.id if platform is not None and not platform.broad else None  # a maker's line's row
        self.judged = self.placed_by is None
        # field -> the row and host rule whose banner matched on an appliance: the field is settled empty from it
        self.left_out: dict[str, tuple[SnmpPlatform, ExtractRule]] = {}

    @cached_property
    def judgement(self) -> HostJudgement:
        return host_judgement(self.raw, self.generic, self.platform)

    def passes(self, row: SnmpPlatform, rule: ExtractRule) -> bool:
        """Whether ``rule`` (of ``row``) is read for this device: any rule but a host rule judged for an appliance."""
        if not rule.host or not self.judged or self.judgement.host:
            return True
        if rule.field not in self.left_out and rule.pick(self.raw.sys_descr) is not None:
            self.left_out[rule.field] = (row, rule)
        return False

    def admits(self, rule: KindRule) -> bool:
        """Whether the kind rule ``rule`` is looked at for this device: any rule but a host rule (``KindRule.host``)
        judged for an appliance."""
        return not rule.host or not self.judged or self.judgement.host

    @property
    def default_kind_applies(self) -> bool:
        """Whether the platform's default kind applies for this device (``default_kind_applies``), judged once."""
        return default_kind_applies(self.platform, lambda: self.judgement)

    @property
    def default_kind_left_out(self) -> str | None:
        """Why the broad row's default kind was left out, naming the number that decided; None where it applies."""
        if self.default_kind_applies or self.platform is None:
            return None
        return (f"{self.platform.id} default kind {self.platform.kind} left out on an appliance "
                f"({self.judgement.case}): the row places hosts and appliances built on the agent alike")

    @property
    def said(self) -> str:
        """A host rule's condition as it held for this device, for the evidence of a value it gave."""
        if self.judged:
            return f" on a general-purpose host ({self.judgement.case})"
        return f" (a host rule, read as written: the {self.placed_by} row placed the device)"

    def left_out_evidence(self) -> dict[str, str]:
        """For each field a host rule's banner left empty on an appliance, why, naming the number that decided."""
        return {field_name: f"{row.id}: {_rule_text(rule)} left out on an appliance ({self.judgement.case}): the "
                            "uname banner names the kernel it is built on, not its model or release"
                for field_name, (row, rule) in self.left_out.items()}


def _extract_steps(
    platform: SnmpPlatform | None, generic: SnmpPlatform | None, raw: RawIdentity, *,
    skip: Collection[str] = (), only: Collection[str] | None = None, gate: HostGate | None = None,
) -> Iterator[tuple[SnmpPlatform, ExtractRule, bool]]:
    """The extract rules in the order identification reads them, the first to give a field giving it: the platform's
    row, then the standard row (``generic``), each in its own order; a rule for another chassis (``applies``), or for a
    host where the device is an appliance (``HostGate``), left out.
    With each, whether it is the standard row's sysDescr model (free text: the registration MIB goes before it, and a
    sysDescr naming the host names no model). ``skip``: fields whose rules are left out, looked at as each rule comes
    (the caller adds a field once it is given); ``only``: the fields whose rules are given, when not all.
    A host rule passed over for an appliance whose sysDescr it matches settles its field from the sysDescr as empty:
    the banner is the kernel's, so no later sysDescr rule reads the field from it (rules reading objects still do)."""
    gate = gate if gate is not None else HostGate(raw, platform, generic)
    for row in (platform, generic):
        if row is None:
            continue
        for rule in row.extract_for(raw.sys_object_id):
            if rule.field in skip or (only is not None and rule.field not in only) or not rule.applies(raw.chassis):
                continue
            if rule.sys_descr and rule.field in gate.left_out:
                continue
            if not gate.passes(row, rule):
                continue
            yield row, rule, row is generic and rule.field == "model" and bool(rule.sys_descr)


MEMBER_MODEL_FIELDS = frozenset({"model_name", "descr", "name"})  # a member's model: the chassis rules of these


def _member(entity: Mapping[str, str | None], generic: SnmpPlatform | None,
            platform: SnmpPlatform | None) -> dict[str, str | None]:
    """A stack member as reported: its model by the generic row's chassis rules (the model name, else what its
    description or name states, as for the device), its serial and revisions, placeholders dropped; its software
    revision in the platform's version form, as the device's os_version (one figure per release, whichever member
    or surface states it)."""
    model = None
    for rule in generic.extract if generic is not None else ():
        if rule.field == "model" and rule.entity in MEMBER_MODEL_FIELDS and rule.applies(entity):
            model = rule.pick(entity.get(rule.entity))
            if model is not None:
                if rule.entity == "model_name":
                    model, _note = _without_maker(model, entity.get("mfg_name"))
                break
    return {"model": model, "serial": clean_serial(entity.get("serial")),
            "hardware_rev": clean_value(entity.get("hardware_rev")),
            "software_rev": os_version_in_form(platform.platform if platform else None,
                                               clean_value(entity.get("software_rev")))}
