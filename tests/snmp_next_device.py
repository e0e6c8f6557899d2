"""The "next device" probe: does identification follow a value it read, or did a rule memorise it?

The issue's acceptance check runs on walks of devices in none of our folders. A rule that fits one walk's value
(a literal model, a pattern only that value's characters match) scores on that walk and fails on the next device of
its family. The probe catches that directly: for each development walk and each field (hardware, version, serial)
where govops agrees with LibreNMS and the value occurs in the walk's string values, it makes a variant walk in which
every occurrence is replaced by a value of the same shape (each digit another digit, each letter another letter of
the same case, punctuation and length kept: ``S5720-28X-EI`` -> ``T6831-39Y-FJ``), identifies the variant, and asks
whether govops now reports the variant.

Outcomes:
- followed: govops reports the variant (the rule reads the value wherever the device states it);
- old: govops still reports the old value, which the variant walk no longer states (a memorised value);
- table: the old value, from the vendor's registration MIB (sysObjectID -> product name, data read from the
  vendor's MIB): the walk's strings never gave it, so it cannot follow them, rightly;
- lost: no value (a rule anchored on the value's exact characters or shape);
- other: another value.

The same probe runs on the values govops reports where LibreNMS states none (missing or anonymised): a value no rule
should report (an operating system's name taken for a model) follows the walk no better.

A second, gentler variant changes digits only: a model pattern may rightly require the family's letter prefix
(Huawei's ``S\\d{4}``), which the shape variant changes. Only OCTET STRING values are changed: an OID (sysObjectID)
or a number is not a string the device states a name in.

Besides the whole value, each token of govops's value (3 characters or more, with a digit) is replaced wherever the
walk states it: a value composed from a sysDescr's parts (``Version 5.120 (AR1220 V200R003C01SPC900)`` gives
``5.120 (V200R003C01SPC900)``), or a series stated apart from the model (``S5800 software (S5800 8TF12S)``), changes
as the next device's would; the expected value is govops's with the same tokens replaced.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from govops.catalog.products import REGISTRY_FILE as PRODUCTS_FILE
from govops.catalog.products import product_of
from govops.catalog.vendors import MAKER_ARCS
from govops.discovery.observation import Observation
from govops.platforms.snmp import SnmpPlatform
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import VarBind
from govops.util.oid import Oid, oid_str, parse_oid
from tests.snmp_agreement import (
    FIELD_KEYS,
    agrees,
    comparable,
    expected_of,
    held_out,
    identify_all,
    norm,
    split_family,
    walk_reader,
    walks,
)

MODES = ("shape", "digits")
OUTCOMES = ("followed", "old", "table", "lost", "other")
IDENTITY = ("platform", "vendor_id", "kind")
MIN_TOKEN = 3  # a shorter value or token occurs by chance in too many strings to say where it was read
# Evidence of a model the vendor's registration MIB gives for the sysObjectID (``snmp_identify._registered_model``).
TABLE_EVIDENCE = "registration MIB:"


def _shift(ch: str, base: str, size: int) -> str:
    return chr(ord(base) + (ord(ch) - ord(base) + 1) % size)


def variant(text: str, *, digits_only: bool = False) -> str:
    """The same shape with other characters: each ASCII digit the next digit, each ASCII letter the next letter of
    its case (wrapping), the rest kept. ``digits_only`` keeps the letters. A ``v`` before a digit at the start of a
    token is kept: it marks a version (``v2.11`` is version 2.11), it is not part of the value.

    >>> variant("S5720-28X-EI"), variant("S5720-28X-EI", digits_only=True), variant("v9.0z")
    ('T6831-39Y-FJ', 'S6831-39X-EI', 'v0.1a')
    """
    out = []
    for i, ch in enumerate(text):
        marks_version = ch in "vV" and (i == 0 or not text[i - 1].isalnum()) and text[i + 1 : i + 2].isdigit()
        if "0" <= ch <= "9":
            out.append(_shift(ch, "0", 10))
        elif digits_only or not ch.isascii() or not ch.isalpha() or marks_version:
            out.append(ch)
        else:
            out.append(_shift(ch, "a" if ch.islower() else "A", 26))
    return "".join(out)


def _pattern(targets: Sequence[str]) -> re.Pattern[str]:
    """Any target, case aside, wherever it occurs: inside a longer word too (``V6.2.0eT183`` states version
    ``6.2.0eT183``, a product code ``RUT950002XXX`` the model ``RUT950``), so that no string still states it."""
    alts = "|".join(re.escape(t) for t in sorted(targets, key=len, reverse=True))
    return re.compile(alts, re.IGNORECASE | re.ASCII)


def substitute(text: str, targets: Sequence[str], *, digits_only: bool = False) -> str:
    """``text`` with each occurrence of a target replaced by its variant (each occurrence's own case kept)."""
    return _pattern(targets).sub(lambda m: variant(m.group(0), digits_only=digits_only), text)


def _as_bytes_text(value: str) -> str:
    """A value as the walk's bytes read one to one (latin-1), so a pattern finds it in any OCTET STRING."""
    return value.encode("utf-8", "surrogateescape").decode("latin-1")


def strings_of(varbinds: Mapping[Oid, VarBind]) -> dict[Oid, str]:
    """The walk's OCTET STRING values, bytes read one to one (latin-1: replacing ASCII keeps every other byte), and
    its numbers as text: an all-digit value may be stated as a number (a serial as a Gauge32). OIDs are left out:
    a sysObjectID names a product in the vendor's registration, it states no value."""
    out: dict[Oid, str] = {}
    for oid, vb in varbinds.items():
        if vb.kind == "octets" and isinstance(vb.value, bytes):
            out[oid] = vb.value.decode("latin-1")
        elif vb.kind == "int" and isinstance(vb.value, int) and vb.value >= 0:
            out[oid] = str(vb.value)
    return out


def occurs(strings: Mapping[Oid, str], targets: Sequence[str]) -> bool:
    pattern = _pattern([_as_bytes_text(t) for t in targets])
    return any(pattern.search(text) for text in strings.values())


def variant_walk(
    varbinds: Mapping[Oid, VarBind], strings: Mapping[Oid, str], targets: Sequence[str], *, digits_only: bool
) -> dict[Oid, VarBind]:
    """The walk with every string occurrence of the targets replaced by its variant (OIDs and numbers kept)."""
    out = dict(varbinds)
    pattern = _pattern([_as_bytes_text(t) for t in targets])
    for oid, text in strings.items():
        if varbinds[oid].kind == "int":
            if pattern.fullmatch(text):  # a number changes only where it is the whole value, and stays a number
                out[oid] = VarBind(oid, "int", int(variant(text)))
        elif pattern.search(text):
            new = pattern.sub(lambda m: variant(m.group(0), digits_only=digits_only), text)
            out[oid] = VarBind(oid, "octets", new.encode("latin-1"))
    return out


def probe_targets(ours: str, theirs: str, strings: Mapping[Oid, str]) -> list[str] | None:
    """What to replace in the walk: govops's value where the walk states it whole, else LibreNMS's, and the tokens
    of govops's value the walk states apart (the next device states its own series wherever this one states its
    series: 'S5800 software (S5800 8TF12S)'); None where the walk states none of them."""
    # A value's parts are its tokens with a digit: its words may be a format's labels ('AOS {aos} / App {app}'),
    # which any string may contain. The variant is made character by character, so a token's variant is the part of
    # the whole's variant it stands for: the variant walk is consistent.
    tokens = [t for t in dict.fromkeys(re.split(r"[\s()\[\],;:/_-]+", ours))
              if len(t) >= MIN_TOKEN and any(c.isdigit() for c in t) and occurs(strings, [t])]
    whole = next((w for w in (ours, theirs) if len(w) >= MIN_TOKEN and occurs(strings, [w])), None)
    targets = list(dict.fromkeys([*([whole] if whole else []), *tokens]))
    return targets or None


@dataclass(frozen=True)
class Probe:
    stem: str
    family: str
    field: str
    mode: str
    old: str
    expected: str
    new: str | None
    outcome: str
    rule: str
    new_rule: str
    # The identity facts (``IDENTITY``) the variant changed: a platform row, maker or kind keyed to the value's
    # characters (the next device of the line would be another platform, maker or kind).
    moved: tuple[str, ...] = ()


def outcome_of(new: Any, old: str, expected: str, new_rule: str) -> str:
    """Which of ``OUTCOMES`` a variant's identification is (see the module's docstring)."""
    if new is None:
        return "lost"
    if agrees(new, expected) and not agrees(new, old):
        return "followed"
    if agrees(new, old):
        return "table" if new_rule.startswith(TABLE_EVIDENCE) else "old"
    return "other"


@dataclass
class Walk:
    """A development walk to probe: its varbinds (as discovery reads them), its identification, LibreNMS's record."""

    stem: str
    family: str
    varbinds: dict[Oid, VarBind]
    obs: Observation
    expected: Mapping[str, Any]


Recordings = dict[str, tuple[dict[Oid, VarBind], Path | None]]


def development_recordings(corpus: Path, platforms: Sequence[SnmpPlatform]) -> Recordings:
    """Every development walk with LibreNMS's record, read as discovery with ``platforms`` reads it (never a held-out
    one: rules are not written from them, and the probe's report names values)."""
    out: Recordings = {}
    read = walk_reader(platforms)
    for stem, (path, expected) in walks(corpus).items():
        if expected is None or not expected.exists() or held_out(split_family(stem, expected)):
            continue
        out[stem] = (read(path), expected)
    return out


def identified_walks(recordings: Recordings, platforms: Sequence[SnmpPlatform]) -> list[Walk]:
    """The recordings identified with ``platforms`` (a table whose subtrees the recordings were read with, or less)."""
    identified = identify_all({stem: (RecordedAgent(vbs), Path(), exp) for stem, (vbs, exp) in recordings.items()},
                              platforms)
    return [Walk(stem, split_family(stem, exp), vbs, identified[stem][0], expected_of(exp) if exp else {})
            for stem, (vbs, exp) in recordings.items()]


@dataclass(frozen=True)
class Unstated:
    """An agreeing value the walk states nowhere (not probed): a label, a table's value, or a value put together."""

    stem: str
    field: str
    value: str
    rule: str


def probes_of(
    walk: Walk, platforms: Sequence[SnmpPlatform], *, unchecked: bool = False
) -> tuple[list[Probe], list[Unstated]]:
    """Every probe of one walk (each agreeing field whose value the walk states, in both modes), and the agreeing
    values the walk states nowhere (not probed). ``unchecked``: instead, the values govops reports where LibreNMS
    states none to compare (a value no rule should report then fails to follow the walk as well)."""
    if not walk.obs.ok:
        return [], []
    strings = strings_of(walk.varbinds)
    evidence = walk.obs.device.get("evidence") or {}
    plans: list[tuple[str, str, list[str], str, bool]] = []  # field, old value, targets, mode, digits only
    unstated: list[Unstated] = []
    for field, key in FIELD_KEYS.items():
        ours, theirs = walk.obs.device.get(key), walk.expected.get(field)
        if unchecked and ours is not None and not comparable(theirs):
            theirs = ours
        elif unchecked or ours is None or not comparable(theirs) or not agrees(ours, theirs):
            continue
        targets = probe_targets(str(ours), str(theirs), strings)
        if targets is None:
            unstated.append(Unstated(walk.stem, field, str(ours), str(evidence.get(key, ""))))
            continue
        value = str(ours)
        for mode in MODES:
            digits = mode == "digits"
            if all(variant(t, digits_only=digits) == t for t in targets):
                continue  # nothing to change in this mode (no digit)
            plans.append((field, value, targets, mode, digits))
    if not plans:
        return [], unstated
    agents = {f"{i}": (RecordedAgent(variant_walk(walk.varbinds, strings, targets, digits_only=digits)), Path(), None)
              for i, (_f, _v, targets, _m, digits) in enumerate(plans)}
    results = identify_all(agents, platforms)
    out = []
    for i, (field, value, targets, mode, digits) in enumerate(plans):
        obs = results[f"{i}"][0]
        key = FIELD_KEYS[field]
        new = obs.device.get(key) if obs.ok else None
        new_rule = str((obs.device.get("evidence") or {}).get(key, "")) if obs.ok else ""
        # The value the variant states: the variant of govops's whole value where it lies inside a target replaced
        # (as govops keeps it: runs of spaces collapsed), else govops's with the replaced tokens' variants.
        collapsed = [" ".join(t.split()) for t in targets]
        if any(value.casefold() in t.casefold() for t in collapsed):
            expected = variant(value, digits_only=digits)
        else:
            expected = substitute(value, targets, digits_only=digits)
        moved = tuple(k for k in IDENTITY if obs.ok and obs.device.get(k) != walk.obs.device.get(k))
        out.append(Probe(walk.stem, walk.family, field, mode, value, expected, None if new is None else str(new),
                         outcome_of(new, value, expected, new_rule), str(evidence.get(key, "")), new_rule, moved))
    return out, unstated


def probe_all(
    walks_: Sequence[Walk], platforms: Sequence[SnmpPlatform], *, unchecked: bool = False
) -> tuple[list[Probe], list[Unstated]]:
    """The probes of every walk, and the values the walks state nowhere (not probed); see ``probes_of``."""
    probes: list[Probe] = []
    unstated: list[Unstated] = []
    for walk in walks_:
        found, not_stated = probes_of(walk, platforms, unchecked=unchecked)
        probes += found
        unstated += not_stated
    return probes, unstated


def tally(probes: Sequence[Probe]) -> Counter[str]:
    return Counter(p.outcome for p in probes)


def followed_share(probes: Sequence[Probe]) -> float:
    """Share of the probes that followed, tables left out (a table's value cannot follow the walk's strings)."""
    judged = [p for p in probes if p.outcome != "table"]
    return sum(p.outcome == "followed" for p in judged) / len(judged) if judged else 1.0


JudgeKey = tuple[str, str]  # (stem, field): the one value a judgement names, in every probe and variant


@dataclass(frozen=True)
class Judged:
    """Non-following probes looked at and judged legitimate, with the reason: one walk's value (stem, field), or
    every value of a rule (its evidence's opening: a rule whose values are a closed vocabulary)."""

    values: Mapping[JudgeKey, str]
    rules: Mapping[str, str]

    def why(self, probe: Probe) -> str | None:
        """Why ``probe``, which did not follow, is legitimate (a table's value always is), or None."""
        if probe.outcome == "followed":
            return None
        if probe.outcome == "table":
            return "the registration MIB's product for the sysObjectID: the next device has its own sysObjectID"
        return self.values.get((probe.stem, probe.field)) or next(
            (reason for rule, reason in self.rules.items() if probe.rule.startswith(rule)), None)

    def stale_rules(self, probes: Sequence[Probe]) -> list[str]:
        """The rule judgements no probe needs any more (its values follow now): to remove. The values' judgements are
        checked as every probe's are (``check_judged``)."""
        failed = [p for p in probes if p.outcome not in ("followed", "table")]
        return [rule for rule in self.rules if not any(p.rule.startswith(rule) for p in failed)]

    def failures(self, probes: Sequence[Probe]) -> list[tuple[JudgeKey, bool]]:
        """The probes that did not follow, a table's value left out (``check_judged``): each with whether a rule's
        judgement makes it legitimate."""
        return [((p.stem, p.field), any(p.rule.startswith(rule) for rule in self.rules)) for p in probes
                if p.outcome not in ("followed", "table")]


def check_judged(what: str, failures: Iterable[tuple[JudgeKey, bool]], judged: Collection[JudgeKey]) -> None:
    """The one check of a probe's judgements: every value not kept (or not followed) is judged legitimate, and every
    judgement still has a value it excuses. ``failures``: each such value's key, with whether a general reason (a
    table's product, a rule's closed vocabulary) already makes it legitimate; ``judged``: the judgements, one by one.

    >>> check_judged("probe", [(("a", "model"), False), (("b", "serial"), True)], {("a", "model")})
    >>> check_judged("probe", [(("a", "model"), False)], {})
    Traceback (most recent call last):
    AssertionError: probe: values not kept, not judged legitimate (a rule to widen?): [('a', 'model')]
    >>> check_judged("probe", [], {("a", "model")})
    Traceback (most recent call last):
    AssertionError: probe: judged legitimate, but kept now (remove them): [('a', 'model')]
    """
    found = list(failures)
    unjudged = sorted({key for key, general in found if not general} - set(judged))
    assert not unjudged, f"{what}: values not kept, not judged legitimate (a rule to widen?): {unjudged}"
    stale = sorted(set(judged) - {key for key, _general in found})
    assert not stale, f"{what}: judged legitimate, but kept now (remove them): {stale}"


def render_probes(
    title: str,
    probes: Sequence[Probe],
    unstated: Sequence[Unstated],
    legitimate: Judged,
    *,
    details: bool = True,
) -> str:
    """The report: per mode and field, then (``details``) per family and every probe that did not follow with the
    rule behind it and why it is legitimate."""
    head = "| {} | probed | " + " | ".join(OUTCOMES) + " | followed (tables left out) | identity moved |"
    rule = "|---" * (len(OUTCOMES) + 4) + "|"
    lines = [f"# {title}", "",
             f"Agreeing values the walk states nowhere, not probed: {len(unstated)} (listed at the end). Probes that "
             f"did not follow: {sum(p.outcome != 'followed' for p in probes)}, of which judged legitimate (a table's "
             f"value, a product line's name or a vocabulary the rule rightly anchors on): "
             f"{sum(legitimate.why(p) is not None for p in probes)}.", ""]

    def row(label: str, sel: Sequence[Probe]) -> str:
        counts = tally(sel)
        return (f"| {label} | {len(sel)} | " + " | ".join(str(counts[o]) for o in OUTCOMES)
                + f" | {followed_share(sel):.1%} | {sum(bool(p.moved) for p in sel)} |")

    for mode in MODES:
        sel = [p for p in probes if p.mode == mode]
        lines += [f"## Variant: {'letters and digits' if mode == 'shape' else 'digits only'} ({mode})", "",
                  head.format("field"), rule]
        lines += [row(field, [p for p in sel if p.field == field]) for field in FIELD_KEYS]
        lines.append(row("all", sel))
        lines.append("")
    if not details:
        return "\n".join(lines)
    lines += ["## Per family (both variants)", "", head.format("family"), rule]
    for fam in sorted({p.family for p in probes}):
        sel = [p for p in probes if p.family == fam]
        if any(p.outcome != "followed" or p.moved for p in sel):
            lines.append(row(fam, sel))
    lines += ["", "(families whose every probe followed, the identity kept, are left out)", "",
              "## Probes that did not follow", ""]
    for p in sorted(probes, key=lambda p: (p.outcome, p.field, p.stem, p.mode)):
        if p.outcome == "followed":
            continue
        why = legitimate.why(p) or "NOT JUDGED"
        lines.append(f"- {p.outcome} {p.stem} {p.field} [{p.mode}]: {p.old!r} -> {p.new!r} (expected "
                     f"{p.expected!r}); rule: {p.rule or '?'}" + (f"; variant's rule: {p.new_rule or 'none'}"
                                                                  if p.new_rule != p.rule else "") + f" ({why})")
    lines += ["", "## Probes whose variant moved the platform, maker or kind", "",
              "A selection or kind rule keyed to the value's letters (a product line's name) moves with the "
              "letters-and-digits variant; none may move with the digits variant.", ""]
    for p in sorted(probes, key=lambda p: (p.mode, p.stem, p.field)):
        if p.moved:
            lines.append(f"- {p.stem} {p.field} [{p.mode}]: {', '.join(p.moved)} moved")
    lines += ["", "## Agreeing values the walk states nowhere (not probed)", ""]
    lines += [f"- {u.stem} {u.field}: {u.value!r}; rule: {u.rule or '?'}" for u in unstated]
    return "\n".join(lines) + "\n"


# The unseen-product variant. The next device of a family very often answers a sysObjectID no table of ours holds:
# the maker registered it after the MIBs the tables were generated from. The variant keeps the walk and its
# enterprise number but replaces the sysObjectID's last arc (the product, among its registration arc's siblings) by
# one above every sibling any table knows (the product tables, the platform rows' and kind rules' keys), so the
# registration arc a row or rule keys on stays and a key on the whole product OID no longer matches. What should
# survive: the maker and its verdict, the platform (the enterprise number and the sysDescr name them), the kind (from
# the product line's arc, else the standard data: sysServices, the MIBs that answer, the sysDescr's words), and
# every value the walk states in its own objects.

ENTERPRISE_ARCS = (1, 3, 6, 1, 4, 1)
SYS_OBJECT_ID: Oid = (1, 3, 6, 1, 2, 1, 1, 2, 0)
# Fields compared (the device fact each is read from; domestic is the verdict's word).
UNSEEN_FIELDS = ("vendor", "domestic", "platform", "kind", "model", "version", "serial")
UNSEEN_KEYS = {"version": "os_version"}
SURVIVAL = ("kept", "changed", "lost")


def table_oids(platforms: Sequence[SnmpPlatform]) -> frozenset[Oid]:
    """Every OID a table keys on: the product table's sysObjectIDs, the platform rows' and kind rules' prefixes."""
    dotted: set[str] = set()
    for line in PRODUCTS_FILE.read_text(encoding="utf-8").splitlines():
        if line[:1].isdigit():
            dotted.add(line.split("\t", 1)[0])
    for row in platforms:
        dotted.update(row.sys_object_id)
        dotted.update(rule.sys_object_id for rule in row.kinds if rule.sys_object_id)
    return frozenset(tuple(int(a) for a in d.strip(".").split(".")) for d in dotted)


def unseen_product(sys_object_id: str, known: frozenset[Oid], *, line: bool = False) -> str | None:
    """The sysObjectID with its last arc replaced by one above every arc a table knows under the same parent, or
    None where it names no product under an enterprise (no arc after the enterprise number, or only the arc a card
    maker's number gives the equipment maker in: ``MAKER_ARCS``). ``line``: every arc after the enterprise number
    replaced by one above every arc a table knows there (a product line no row knows).

    >>> known = frozenset({(1, 3, 6, 1, 4, 1, 64999, 2, 12, 1)})
    >>> unseen_product("1.3.6.1.4.1.64999.2.7", known), unseen_product("1.3.6.1.4.1.64999.2.7", known, line=True)
    ('1.3.6.1.4.1.64999.2.13', '1.3.6.1.4.1.64999.3')
    """
    try:
        arcs = tuple(int(a) for a in sys_object_id.strip().strip(".").split("."))
    except ValueError:
        return None
    if arcs[:6] != ENTERPRISE_ARCS or len(arcs) < 8 or (arcs[6] in MAKER_ARCS and (line or len(arcs) == 8)):
        return None
    parent = arcs[:7] if line else arcs[:-1]
    siblings = [oid[len(parent)] for oid in known if len(oid) > len(parent) and oid[: len(parent)] == parent]
    new = (*parent, max([arcs[len(parent)], *siblings]) + 1)
    assert product_of(".".join(map(str, new))) is None and not any(oid[: len(new)] == new for oid in known)
    return ".".join(map(str, new))


def unseen_walk(varbinds: Mapping[Oid, VarBind], old: str, new: str) -> dict[Oid, VarBind]:
    """The walk answering ``new`` as its sysObjectID, and wherever it states ``old`` as an OID value. The objects it
    answers under ``old`` are answered under ``new`` as well: a maker that puts its objects under each product's arc
    (a row's ``relative`` rules) does so on the next product too, and one whose sysObjectID is its MIB's root keeps
    the MIB where it is (which of the two the walk is, the walk cannot say)."""
    old_arcs, new_arcs = tuple(map(int, old.split("."))), tuple(map(int, new.split(".")))
    out: dict[Oid, VarBind] = {}
    for oid, stated in varbinds.items():
        vb = VarBind(oid, "oid", new) if stated.kind == "oid" and str(stated.value).strip(".") == old else stated
        out[oid] = vb
        if oid[: len(old_arcs)] == old_arcs:
            moved = (*new_arcs, *oid[len(old_arcs):])
            out[moved] = VarBind(moved, vb.kind, vb.value)
    return out


@dataclass(frozen=True)
class Survival:
    """One field of one walk, identified again with an unseen product arc: kept, changed or lost."""

    stem: str
    family: str
    field: str
    old: str
    new: str | None
    outcome: str
    rule: str  # the rule that gave the original value
    new_rule: str
    stated: bool  # whether the walk states the original value in a string (a model a table gave)


def _fact(obs: Observation, field: str) -> tuple[str | None, str]:
    """A field's value as identification reported it, and the rule that gave it."""
    if not obs.ok:
        return None, ""
    verdict = obs.classification
    if field in ("vendor", "domestic"):
        why = "; ".join(f"{e.field}: {e.rule}" for e in (verdict.evidence if verdict else ()))
        value = obs.device.get("vendor") if field == "vendor" else (verdict.verdict if verdict else None)
        return (None if value is None else str(value)), why
    if field == "platform":
        value = obs.device.get("platform")
        return (None if value is None else str(value)), ""
    key = UNSEEN_KEYS.get(field, field)
    value = obs.device.get(key)
    return (None if value is None else str(value)), str((obs.device.get("evidence") or {}).get(key, ""))


def _platform_rule(platforms: Sequence[SnmpPlatform], obs: Observation) -> str:
    """Which key selected the platform: the row of that platform whose sysObjectID prefix matches, else its sysDescr."""
    oid = str(obs.device.get("sys_object_id") or "") + "."
    rows = [p for p in platforms if p.platform == obs.device.get("platform")]
    keyed = [(len(prefix), p.id, prefix) for p in rows for prefix in p.sys_object_id if oid.startswith(prefix + ".")]
    if keyed:
        _n, row, prefix = max(keyed)
        return f"{row}: sysObjectID {prefix}" + (" (the whole OID)" if prefix + "." == oid else "")
    return "sysDescr or subtrees answered: " + ", ".join(p.id for p in rows[:3])


def survivals(walks_: Sequence[Walk], platforms: Sequence[SnmpPlatform], *, line: bool = False) -> list[Survival]:
    """Every walk identified again with an unseen product arc (``unseen_product``; ``line``: an unseen product line),
    each field it had a value of."""
    known = table_oids(platforms)
    plans: dict[str, tuple[Walk, dict[Oid, VarBind]]] = {}
    for walk in walks_:
        sys_oid = str(walk.obs.device.get("sys_object_id") or "") if walk.obs.ok else ""
        unseen = unseen_product(sys_oid, known, line=line) if sys_oid else None
        if unseen is not None:
            plans[walk.stem] = (walk, unseen_walk(walk.varbinds, sys_oid.strip("."), unseen))
    results = identify_all({stem: (RecordedAgent(vbs), Path(), None) for stem, (_w, vbs) in plans.items()}, platforms)
    return [s for stem, (walk, _vbs) in plans.items()
            for s in compared(walk, results[stem][0], platforms, strings_of(walk.varbinds))]


def compared(
    walk: Walk, again: Observation, platforms: Sequence[SnmpPlatform], strings: Mapping[Oid, str] | None = None
) -> list[Survival]:
    """Each field ``walk`` had a value of, as identified ``again`` from a variant of it: kept, changed or lost, with
    the rules that gave both; ``strings``: the walk's, to say whether it states the value (None: not asked)."""
    out = []
    for field in UNSEEN_FIELDS:
        old, rule = _fact(walk.obs, field)
        if old is None:
            continue
        new, new_rule = _fact(again, field)
        if field == "platform":
            rule = _platform_rule(platforms, walk.obs)
            new_rule = _platform_rule(platforms, again) if new else ""
        outcome = "lost" if new is None else "kept" if new == old else "changed"
        stated = strings is None or (len(old) >= MIN_TOKEN and occurs(strings, [old]))
        out.append(Survival(walk.stem, walk.family, field, old, new, outcome, rule, new_rule, stated))
    return out


def survived_share(found: Sequence[Survival], field: str) -> float:
    """Share of a field's values identification kept under an unseen product arc."""
    sel = [s for s in found if s.field == field]
    return sum(s.outcome == "kept" for s in sel) / len(sel) if sel else 1.0


# A model the product table gave, stated nowhere in the walk's strings: the next product has its own table row (or
# none); the walk never gave it.
TABLE_ONLY = "the registration MIB's product for the sysObjectID, stated nowhere else in the walk"


def survival_why(item: Survival, judged: Mapping[JudgeKey, str]) -> str | None:
    """Why a value not kept under an unseen product arc is legitimately so, or None."""
    if item.outcome == "kept":
        return None
    if item.field == "model" and item.rule.startswith(TABLE_EVIDENCE) and not item.stated:
        return TABLE_ONLY
    return judged.get((item.stem, item.field))


UNSEEN_TITLES = {
    False: ("Unseen product arc: what survives a sysObjectID no table holds (development walks)",
            "walks whose sysObjectID is under an enterprise arc, identified again with its last arc above every "
            "sibling a table knows (objects under the old arc answered under the new one too)."),
    True: ("Unseen product line: what survives a sysObjectID whose every arc after the maker's is new",
           "walks whose sysObjectID is under an enterprise arc, identified again with the arcs after the enterprise "
           "number replaced by one above every arc a table knows there (objects under the old arc answered under the "
           "new one too)."),
}


def render_survivals(
    found: Sequence[Survival], judged: Mapping[JudgeKey, str] | None, *, details: bool = True,
    line: bool = False, fields: Collection[str] = UNSEEN_FIELDS, heading: tuple[str, str] | None = None,
) -> str:
    """The unseen-product section: per field kept / changed / lost, then (``details``) per family the fields not kept,
    and every value not kept with the rule that gave it and why it is legitimate (``judged`` None, or a field not in
    ``fields``: not judged one by one, floors only)."""
    walks_ = len({s.stem for s in found})
    title, how = heading or UNSEEN_TITLES[line]
    lines = [f"# {title}", "", f"{walks_} {how}", "",
             "| field | values | " + " | ".join(SURVIVAL) + " | kept share | not kept, judged legitimate |",
             "|---" * (len(SURVIVAL) + 4) + "|"]
    for field in UNSEEN_FIELDS:
        sel = [s for s in found if s.field == field]
        counts = Counter(s.outcome for s in sel)
        why = "" if judged is None or field not in fields else sum(survival_why(s, judged) is not None for s in sel)
        lines.append(f"| {field} | {len(sel)} | " + " | ".join(str(counts[o]) for o in SURVIVAL)
                     + f" | {survived_share(found, field):.1%} | {why} |")
    if not details:
        return "\n".join(lines) + "\n"
    lines += ["", "## Per family: fields changed or lost (changed/lost)", "",
              "| family | " + " | ".join(UNSEEN_FIELDS) + " |", "|---" * (len(UNSEEN_FIELDS) + 1) + "|"]
    for fam in sorted({s.family for s in found if s.outcome != "kept"}):
        cells = []
        for field in UNSEEN_FIELDS:
            counts = Counter(s.outcome for s in found if s.family == fam and s.field == field)
            cells.append(f"{counts['changed']}/{counts['lost']}" if counts["changed"] or counts["lost"] else "")
        lines.append(f"| {fam} | " + " | ".join(cells) + " |")
    lines += ["", "## Values not kept", ""]
    for s in sorted(found, key=lambda s: (s.field, s.outcome, s.stem)):
        if s.outcome != "kept":
            lines.append(f"- {s.outcome} {s.stem} {s.field}: {s.old!r} -> {s.new!r}; rule: {s.rule or '?'}"
                         + (f"; now: {s.new_rule}" if s.new_rule else "")
                         + ("" if judged is None or s.field not in fields
                            else f" ({survival_why(s, judged) or 'NOT JUDGED'})"))
    return "\n".join(lines) + "\n"


# The renumbered-index variant. The next device of a family very often holds the same rows at other table indices:
# ENTITY-MIB's chassis at 1, 149 or 67108867, a stack's members, a board in another slot, a vendor table whose device
# row is 2 or 1000. Each development walk is identified once with an agent that notes the table rows it answered (a
# GET, or the GETNEXT of a column), then again with those tables' rows at other indices:
# - shift: every row of each table read moves up by ``INDEX_SHIFT``, the order of the rows kept;
# - last: each row read moves above every row of the tables read, so it is listed after the rows not read.
# The renumbering is one map of index values for every table read: tables sharing an index (ENTITY-MIB's
# entPhysicalTable and a maker's extension of entPhysicalIndex) stay consistent, and so do the values that name a row
# (entPhysicalContainedIn; the scalar a rule's ``index`` reads). What never moves: a scalar (``.0``), an index that is
# a string (net-snmp's extend tables), and the tables whose index is a value with a meaning of its own (``FIXED_INDEX``:
# the system group, IF-MIB's ifIndex, an IP address, LLDP's local port).

INDEX_VARIANTS = ("shift", "last")
INDEX_SHIFT = 1000
MAX_INDEX_ARCS = 4  # index lengths looked at for a row's table (``table_of``)
FIXED_INDEX: tuple[Oid, ...] = (
    (1, 3, 6, 1, 2, 1, 1), (1, 3, 6, 1, 2, 1, 2), (1, 3, 6, 1, 2, 1, 4), (1, 3, 6, 1, 2, 1, 31), (1, 0, 8802),
    (1, 3, 6, 1, 2, 1, 25, 4), (1, 3, 6, 1, 2, 1, 17), (1, 3, 6, 1, 2, 1, 15),
)
ENT_CONTAINED_IN: Oid = (1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 4)
# Groups of scalars some agents answer at the object's own OID, without the .0 instance, which a walk cannot tell from
# a table's rows: their MIBs (as the rows reading them say) define scalars, so nothing there is a row to move. A row
# reading both ``X`` and ``X.0`` says so itself (``scalars_without_instance``).
SCALAR_GROUPS: dict[Oid, str] = {
    (1, 3, 6, 1, 4, 1, 43296, 3, 1): "EXALINK-FUSION-MIB fusionInfo: scalars the agent answers without the .0 instance",
    (1, 3, 6, 1, 4, 1, 3845, 31, 4, 2, 2, 12, 1): "CITRIX-NetScaler-SD-WAN-MIB sdWANStatsAppliance: objects answered "
    "at their own OIDs, no index below them",
}
MIN_STRING_INDEX = 2  # a length-prefixed run of printable characters this long is a string index


class ReadLog(RecordedAgent):
    """A recorded agent noting each row it answered: a GET's answers, a GETNEXT's answers within the OID asked (a
    column's row; a GETNEXT whose answer lies past what it asked reads no row of it)."""

    def __init__(self, varbinds: dict[Oid, VarBind]) -> None:
        super().__init__(varbinds)
        self.rows: set[Oid] = set()

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        got = await super().get(target, creds, oids)
        self.rows.update(got)
        return got

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        got = await super().get_next(target, creds, oids)
        self.rows.update(vb.oid for asked, vb in zip(oids, got, strict=False)
                         if vb.present and vb.oid[: len(asked)] == asked and len(vb.oid) > len(asked))
        return got


def string_indexed(oid: Oid) -> bool:
    """Whether the OID ends in a string index (its length, then that many printable characters), perhaps followed by
    one more arc (a line of an extend output table).

    >>> string_indexed((1, 3, 6, 1, 4, 1, 8072, 1, 3, 2, 3, 1, 1, 6, 100, 105, 115, 116, 114, 111))
    True
    >>> string_indexed((1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 2, 1))
    False
    """
    for extra in (0, 1):
        for size in range(MIN_STRING_INDEX, len(oid) - extra):
            at = len(oid) - extra - size - 1
            if at >= 0 and oid[at] == size and all(32 <= a < 127 for a in oid[at + 1 : len(oid) - extra]):
                return True
    return False


def scalars_without_instance(platforms: Sequence[SnmpPlatform]) -> tuple[Oid, ...]:
    """The objects answered as scalars without their .0 instance: ``SCALAR_GROUPS``, and each OID a row reads both
    as itself and with .0 (the row says its agent answers there)."""
    read = {r.oid for p in platforms for r in p.extract if r.oid and not r.relative}
    return (*SCALAR_GROUPS, *(parse_oid(o) for o in sorted(read) if f"{o}.0" in read))


def table_of(oid: Oid, order: Sequence[Oid], scalars: Sequence[Oid] = ()) -> tuple[Oid, int] | None:
    """The table of a row read: (its entry, its index's length), or None where the row is not moved (a scalar, a
    string index, a table of ``FIXED_INDEX``). The index's length is the one whose index the most other columns of
    the entry hold (``order``: the walk's OIDs, sorted), the shortest among equals: a column with one row answers as
    a one-arc index. ``scalars``: objects answered without their .0 instance (not rows)."""
    if oid[-1] == 0 or string_indexed(oid) or any(oid[: len(t)] == t for t in (*FIXED_INDEX, *scalars)):
        return None

    def columns_holding(n: int) -> int:
        entry, index = oid[: -(n + 1)], oid[-n:]
        start = bisect.bisect_left(order, entry)
        end = bisect.bisect_left(order, (*entry[:-1], entry[-1] + 1))
        return len({o[len(entry)] for o in order[start:end] if len(o) == len(oid) and o[-n:] == index})

    lengths = range(1, min(MAX_INDEX_ARCS, len(oid) - 8) + 1)
    if not lengths:
        return None
    n = max(lengths, key=lambda k: (columns_holding(k), -k))
    return oid[: -(n + 1)], n


@dataclass(frozen=True)
class Renumbered:
    """A walk with its tables renumbered: the varbinds served, and the entries of the tables moved."""

    varbinds: dict[Oid, VarBind]
    tables: frozenset[Oid]


def renumbered_walk(
    varbinds: Mapping[Oid, VarBind], rows: Iterable[Oid], platforms: Sequence[SnmpPlatform], *, variant_: str
) -> Renumbered | None:
    """The walk with the tables of ``rows`` (the rows identification read) renumbered (see above), or None where no
    row read can move. A row's index is renumbered in its last arc (the row within its parent, for an index of
    several arcs); one map of values serves every table read."""
    rows = set(rows)
    order = sorted(varbinds)
    scalars = scalars_without_instance(platforms)
    tables = {t for row in rows if (t := table_of(row, order, scalars)) is not None}
    if not tables:
        return None

    def in_table(oid: Oid, entry: Oid, n: int) -> bool:
        return len(oid) == len(entry) + 1 + n and oid[: len(entry)] == entry and oid[-1] != 0

    moved = {oid for oid in varbinds if any(in_table(oid, entry, n) for entry, n in tables)}
    read = sorted({row[-1] for row in rows if row in moved})
    top = max(oid[-1] for oid in moved) + 1
    rank = {value: top + i for i, value in enumerate(read)}

    def new(value: int) -> int:
        if value == 0:
            return 0
        return value + INDEX_SHIFT if variant_ == "shift" else rank.get(value, value)

    # Values naming a row of a table moved: a chassis's parent, the scalar whose value is the row a rule reads.
    references = [ENT_CONTAINED_IN] if any(e == ENT_CONTAINED_IN[:-1] for e, _n in tables) else []
    for row in platforms:
        for column, index in row.indexed:
            under = parse_oid(column)
            if any(o[: len(under)] == under for o in moved):
                references.append(parse_oid(index))
    out: dict[Oid, VarBind] = {}
    for oid, vb in varbinds.items():
        target = (*oid[:-1], new(oid[-1])) if oid in moved else oid
        value = vb.value
        if vb.kind == "int" and isinstance(value, int) and value > 0 and any(oid[: len(r)] == r for r in references):
            value = new(value)
        out[target] = VarBind(target, vb.kind, value)
    if out == dict(varbinds):
        return None
    return Renumbered(out, frozenset(entry for entry, _n in tables))


def rows_read(walks_: Sequence[Walk], platforms: Sequence[SnmpPlatform]) -> dict[str, set[Oid]]:
    """Each walk's table rows identification read (``ReadLog``)."""
    agents = {walk.stem: ReadLog(walk.varbinds) for walk in walks_}
    identify_all({stem: (agent, Path(), None) for stem, agent in agents.items()}, platforms)
    return {stem: agent.rows for stem, agent in agents.items()}


def renumbered(
    walks_: Sequence[Walk], platforms: Sequence[SnmpPlatform], *, variant_: str
) -> tuple[list[Survival], dict[str, frozenset[Oid]]]:
    """Every walk identified again with the tables it was identified from renumbered (``renumbered_walk``), each field
    it had a value of: kept, changed or lost; and the tables moved, per walk."""
    read = rows_read(walks_, platforms)
    plans = {walk.stem: (walk, plan) for walk in walks_ if walk.obs.ok
             and (plan := renumbered_walk(walk.varbinds, read[walk.stem], platforms, variant_=variant_)) is not None}
    results = identify_all({stem: (RecordedAgent(plan.varbinds), Path(), None) for stem, (_w, plan) in plans.items()},
                           platforms)
    out = [s for stem, (walk, _plan) in plans.items() for s in compared(walk, results[stem][0], platforms)]
    return out, {stem: plan.tables for stem, (_w, plan) in plans.items()}


ENT_PHYSICAL_ENTRY: Oid = ENT_CONTAINED_IN[:-1]
INDEX_TITLES = {
    "shift": ("Renumbered indices, order kept: every row of each table read moved up by "
              f"{INDEX_SHIFT} (development walks)",
              "walks identified again with the rows of every table identification read (a GET, or a column's GETNEXT) "
              f"at index + {INDEX_SHIFT}, the same map in every table and in the values naming a row "
              "(entPhysicalContainedIn, a rule's index scalar); scalars, string indices, ifIndex, addresses never "
              "move."),
    "last": ("Renumbered indices, rows read listed last: each row read moved above every row of its table "
             "(development walks)",
             "walks identified again with each row identification read moved above every row of the tables read "
             "(listed after the rows it did not read), the same map in every table and in the values naming a row."),
}


def render_renumbered(
    found: Sequence[Survival], tables: Mapping[str, frozenset[Oid]], judged: Mapping[JudgeKey, str] | None,
    *, variant_: str, details: bool = True,
) -> str:
    """One renumbered variant's section: the tables moved, then as ``render_survivals``."""
    entity = sum(ENT_PHYSICAL_ENTRY in t for t in tables.values())
    others = Counter(".".join(map(str, e)) for t in tables.values() for e in t if e != ENT_PHYSICAL_ENTRY)
    head = (f"Tables moved: ENTITY-MIB entPhysicalTable on {entity} walks; {len(others)} other tables "
            f"on {sum(any(e != ENT_PHYSICAL_ENTRY for e in t) for t in tables.values())} walks.\n")
    title, rest = render_survivals(found, judged, details=details, heading=INDEX_TITLES[variant_]).split("\n\n", 1)
    return f"{title}\n\n{head}\n{rest}"


# The re-encoded variant. The next device of a family states the same facts in other bytes: an OCTET STRING padded
# with NULs or spaces to a fixed width, a value a recorder wrote as a Hex-STRING (snmprec type 4x), CR LF line ends
# in sysDescr, a version with a leading 'V' or without the one this device writes, and, on the city's domestic
# devices, sysName/sysLocation/sysContact and ENTITY-MIB descriptions in GB18030 (GBK's superset) rather than UTF-8.
# Each development walk is identified again once per encoding, only the values it names re-encoded:
# - nul, spaces, hex: every OCTET STRING stating a model, version or serial identification read (NULs appended;
#   spaces up to ``PAD_WIDTH``; NULs up to it, written as a Hex-STRING, a 4x line, read back through the parser);
# - crlf: sysDescr's line ends written CR LF (one appended where it has none);
# - vprefix: the version, where an object's whole value is the version, with a 'V' put before it, or its 'v'/'V'
#   dropped (a banner's words are the firmware's format: there the rule rightly anchors on them); the version is
#   reported as stated, so 'V2.6' for '2.6' is kept (the same version, as the agreement compares them);
# - gb18030: sysName, sysLocation, sysContact and the ENTITY-MIB descriptions and names stating no value read,
#   with Chinese words before the text, in GB18030 (GBK's characters, one of GB18030's two-byte additions and one
#   four-byte character). sysName must then come out as that Chinese text.
# Every field identification gave must be kept (compared as under an unseen product arc).

ENCODINGS = ("nul", "spaces", "hex", "crlf", "vprefix", "gb18030")
PAD_WIDTH = 32  # a fixed-width field's octets (a model or serial padded with spaces to it)
NULS = 4
CHINESE = "政务云机房 刘䶮 𠀀"  # two-byte GBK, GB18030's two-byte addition (U+4DAE), a four-byte character
SYS_DESCR_OID: Oid = (1, 3, 6, 1, 2, 1, 1, 1, 0)
SYS_NAME_OID: Oid = (1, 3, 6, 1, 2, 1, 1, 5, 0)
CHINESE_SCALARS: tuple[Oid, ...] = ((1, 3, 6, 1, 2, 1, 1, 4, 0), SYS_NAME_OID, (1, 3, 6, 1, 2, 1, 1, 6, 0))
ENT_TEXT_COLUMNS: tuple[Oid, ...] = ((*ENT_CONTAINED_IN[:-1], 2), (*ENT_CONTAINED_IN[:-1], 7))  # descr, name
READ_FIELDS = ("model", "os_version", "serial")


def chinese(text: str) -> str:
    """The text a Chinese agent states instead: Chinese words before it (``CHINESE``)."""
    return f"{CHINESE} {text}".strip()


def _stating(strings: Mapping[Oid, str], values: Sequence[str]) -> set[Oid]:
    pattern = _pattern([_as_bytes_text(v) for v in values])
    return {oid for oid, text in strings.items() if pattern.search(text)}


def _hex_line(oid: Oid, raw: bytes) -> VarBind:
    """The value as a recorder writing a Hex-STRING stores it (type 4x), read back through the parser."""
    return parse_snmprec([f"{oid_str(oid)}|4x|{raw.hex()}"], source="<re-encoded>")[oid]


def _version_flipped(text: str, version: str) -> str:
    """``text`` with ``version`` written with a 'V' before it where it had none, without where it had one."""
    pattern = re.compile(r"(?<![A-Za-z0-9.])([vV]?)(" + re.escape(version) + r")(?![0-9])")
    return pattern.sub(lambda m: m.group(2) if m.group(1) else "V" + m.group(2), text)


def reencoded_walk(walk: Walk, encoding: str) -> dict[Oid, VarBind] | None:
    """The walk with the values ``encoding`` concerns re-encoded (see above), or None where it changes nothing."""
    vbs = walk.varbinds
    out = dict(vbs)
    strings = {oid: text for oid, text in strings_of(vbs).items() if vbs[oid].kind == "octets"}
    values = [v for key in READ_FIELDS if len(v := str(walk.obs.device.get(key) or "")) >= MIN_TOKEN]
    if encoding in ("nul", "spaces", "hex"):
        for oid in _stating(strings, values) if values else ():
            raw = vbs[oid].value
            assert isinstance(raw, bytes)
            raw = raw.rstrip(b"\x00")  # an agent pads with NULs or with spaces, not both
            width = max(PAD_WIDTH, len(raw) + 1)
            out[oid] = (VarBind(oid, "octets", raw + b"\x00" * NULS) if encoding == "nul"
                        else VarBind(oid, "octets", raw.ljust(width)) if encoding == "spaces"
                        else _hex_line(oid, raw.ljust(width, b"\x00")))
    elif encoding == "crlf":
        raw = vbs[SYS_DESCR_OID].value if SYS_DESCR_OID in strings else None
        if isinstance(raw, bytes):
            lines = raw.replace(b"\r\n", b"\n").split(b"\n")
            out[SYS_DESCR_OID] = VarBind(SYS_DESCR_OID, "octets", b"\r\n".join(lines if len(lines) > 1 else
                                                                                  [*lines, b""]))
    elif encoding == "vprefix":
        version = re.sub(r"\A[vV](?=\d)", "", str(walk.obs.device.get("os_version") or ""))
        if len(version) >= MIN_TOKEN and version[:1].isdigit():
            whole = re.compile(r"[vV]?" + re.escape(_as_bytes_text(version)), re.IGNORECASE)
            for oid in _stating(strings, [version]):
                if whole.fullmatch(strings[oid].strip(" \x00")):  # a version object's value, not a banner's words
                    text = _version_flipped(strings[oid], _as_bytes_text(version))
                    out[oid] = VarBind(oid, "octets", text.encode("latin-1"))
    elif encoding == "gb18030":
        read = _stating(strings, values) if values else set()
        for oid in strings:
            names = oid in CHINESE_SCALARS or (any(oid[: len(c)] == c for c in ENT_TEXT_COLUMNS) and oid not in read)
            if names:
                shown = vbs[oid].text() or ""
                out[oid] = VarBind(oid, "octets", chinese(shown).encode("gb18030"))
    else:
        raise ValueError(f"no encoding {encoding!r}")
    return None if out == dict(vbs) else out


@dataclass(frozen=True)
class Reencoded:
    """One field of one walk identified again with the walk's values re-encoded: kept, changed or lost."""

    encoding: str
    survival: Survival


def reencoded(
    walks_: Sequence[Walk], platforms: Sequence[SnmpPlatform]
) -> tuple[list[Reencoded], list[tuple[str, str | None, str]]]:
    """Every walk identified again per encoding (``reencoded_walk``), each field it had a value of; and, for the
    GB18030 variant, each sysName that did not come out as the Chinese text stated (stem, got, expected)."""
    plans = {f"{enc}\t{walk.stem}": (enc, walk, vbs) for walk in walks_ if walk.obs.ok for enc in ENCODINGS
             if (vbs := reencoded_walk(walk, enc)) is not None}
    results = identify_all({key: (RecordedAgent(vbs), Path(), None) for key, (_e, _w, vbs) in plans.items()},
                           platforms)
    out: list[Reencoded] = []
    names: list[tuple[str, str | None, str]] = []
    for key, (enc, walk, vbs) in plans.items():
        again = results[key][0]
        # 'V2.6' and '2.6' are the same version (``agrees``): reported as stated, with or without its V.
        out += [Reencoded(enc, replace(s, outcome="kept") if enc == "vprefix" and s.field == "version"
                          and s.new is not None and norm(s.new) == norm(s.old) else s)
                for s in compared(walk, again, platforms)]
        if enc == "gb18030" and SYS_NAME_OID in vbs:
            want = chinese(walk.varbinds[SYS_NAME_OID].text() or "")
            got = again.device.get("sys_name") if again.ok else None
            if got != want:
                names.append((walk.stem, got, want))
    return out, names


def render_reencoded(found: Sequence[Reencoded], judged: Mapping[str, Mapping[JudgeKey, str]]) -> str:
    """The re-encoded section: per encoding and field the values kept out of those compared, then every value not
    kept with the rule that gave it and why it is legitimate."""
    lines = ["# Re-encoded values: the same facts in other bytes (development walks)", "",
             f"{len({r.survival.stem for r in found})} walks identified again once per encoding (NULs, spaces to "
             f"{PAD_WIDTH} octets, Hex-STRING, CR LF in sysDescr, a version's V put or dropped, GB18030 names); cells "
             "are kept/values, then changed and lost.", "",
             "| encoding | walks | " + " | ".join(UNSEEN_FIELDS) + " |", "|---" * (len(UNSEEN_FIELDS) + 2) + "|"]
    for enc in ENCODINGS:
        sel = [r.survival for r in found if r.encoding == enc]
        cells = []
        for field in UNSEEN_FIELDS:
            counts = Counter(s.outcome for s in sel if s.field == field)
            extra = f" ({counts['changed']} changed, {counts['lost']} lost)" if counts["changed"] or counts["lost"] \
                else ""
            cells.append(f"{counts['kept']}/{counts.total()}{extra}")
        lines.append(f"| {enc} | {len({s.stem for s in sel})} | " + " | ".join(cells) + " |")
    lines += ["", "## Values not kept", ""]
    for r in sorted(found, key=lambda r: (r.encoding, r.survival.field, r.survival.stem)):
        s = r.survival
        if s.outcome != "kept":
            why = judged.get(r.encoding, {}).get((s.stem, s.field), "NOT JUDGED")
            lines.append(f"- {r.encoding} {s.outcome} {s.stem} {s.field}: {s.old!r} -> {s.new!r}; rule: "
                         f"{s.rule or '?'}" + (f"; now: {s.new_rule}" if s.new_rule else "") + f" ({why})")
    return "\n".join(lines) + "\n"
