"""SNMP identification rules as data: which platform an agent is, and where its facts are.

``catalog/data/snmp_platforms.yaml`` holds one row per platform (an OS dialect
such as ``huawei_vrp`` or ``hp_comware``): the sysObjectID prefixes and sysDescr
patterns that select it, the device kind, and ordered extraction rules saying
where model, serial and OS version come from (a sysDescr pattern, a vendor MIB
scalar, or the ENTITY-MIB chassis entity). The row ``generic`` applies to every
device after its own platform, for the fields still unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from govops.catalog.loader import load_table
from govops.errors import CatalogError

FactField = Literal["model", "serial", "os_version", "hardware_rev", "manufacturer"]
DeviceKind = Literal["server", "switch", "router", "firewall", "storage", "pdu", "ups", "meter", "bmc", "other"]
EntityField = Literal[
    "descr", "name", "hardware_rev", "firmware_rev", "software_rev", "serial", "mfg_name", "model_name"
]
GENERIC = "generic"


@dataclass(frozen=True)
class ExtractRule:
    """Where one fact comes from: exactly one of ``sys_descr`` (a regex), ``oid`` or ``entity``.

    A regex's named group ``value`` (else its first group, else the whole match)
    is the value; ``format`` joins several named groups, e.g. ``"{ver} ({rel})"``.
    ``regex`` filters/extracts from an ``oid`` or ``entity`` value the same way.
    ``next: true`` reads the first row below ``oid`` (GETNEXT) instead of the scalar.
    """

    field: FactField
    sys_descr: str | None = None
    oid: str | None = None
    next: bool = False
    entity: EntityField | None = None
    regex: str | None = None
    format: str | None = None

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled regex of this rule (``sys_descr`` or ``regex``)."""
        text = self.sys_descr or self.regex
        return re.compile(text, re.MULTILINE) if text else None

    def pick(self, text: str | None) -> str | None:
        """Apply the pattern (if any) to ``text`` and return the cleaned value."""
        if text is None:
            return None
        pat = self.pattern
        if pat is None:
            return _clean(text)
        m = pat.search(text)
        if m is None:
            return None
        if self.format:
            try:
                return _clean(self.format.format(**{k: v or "" for k, v in m.groupdict().items()}))
            except (KeyError, IndexError):
                return None
        if "value" in pat.groupindex:
            return _clean(m.group("value"))
        return _clean(m.group(1) if pat.groups else m.group(0))


@dataclass(frozen=True)
class KindRule:
    """Device kind for a sysObjectID prefix or a sysDescr pattern within a platform."""

    kind: DeviceKind
    sys_object_id: str | None = None
    sys_descr: str | None = None


@dataclass(frozen=True)
class SnmpPlatform:
    """One platform's detection keys, kind and extraction rules, with its source."""

    id: str
    source: str
    vendor: str | None = None
    os: str | None = None
    kind: DeviceKind | None = None
    priority: int = 0
    sys_object_id: tuple[str, ...] = ()
    sys_descr: tuple[str, ...] = ()
    kinds: tuple[KindRule, ...] = ()
    extract: tuple[ExtractRule, ...] = field(default=())

    @cached_property
    def descr_patterns(self) -> tuple[re.Pattern[str], ...]:
        """Compiled sysDescr patterns (case-insensitive)."""
        return tuple(re.compile(p, re.IGNORECASE) for p in self.sys_descr)

    def match(self, sys_object_id: str, sys_descr: str) -> int | None:
        """Return a match score (higher is more specific), or None if this platform does not apply.

        Every given key must match: a sysObjectID prefix and/or a sysDescr pattern.
        """
        if not self.sys_object_id and not self.sys_descr:
            return None
        score = self.priority * 1000
        if self.sys_object_id:
            best = max((len(p) for p in self.sys_object_id if _oid_prefix(sys_object_id, p)), default=-1)
            if best < 0:
                return None
            score += best
        if self.sys_descr:
            if not any(p.search(sys_descr) for p in self.descr_patterns):
                return None
            score += 500
        return score

    def kind_for(self, sys_object_id: str, sys_descr: str) -> DeviceKind | None:
        """The first matching kind rule's kind, else the platform's kind."""
        for rule in self.kinds:
            if rule.sys_object_id and not _oid_prefix(sys_object_id, rule.sys_object_id):
                continue
            if rule.sys_descr and not re.search(rule.sys_descr, sys_descr, re.IGNORECASE):
                continue
            return rule.kind
        return self.kind

    def oids(self) -> list[tuple[str, bool]]:
        """Vendor-MIB OIDs the extraction rules need: (oid, read with GETNEXT)."""
        return [(r.oid, r.next) for r in self.extract if r.oid]


def _oid_prefix(oid: str, prefix: str) -> bool:
    oid, prefix = oid.lstrip("."), prefix.lstrip(".")
    return oid == prefix or oid.startswith(prefix + ".")


_JUNK = re.compile(r"^[\s\x00]*$")


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.replace("\x00", " ").split())
    return None if _JUNK.match(text) else text


def validate(platforms: Iterable[SnmpPlatform]) -> list[SnmpPlatform]:
    """Check every rule names exactly one source and every regex compiles.

    Raises:
        CatalogError: Naming the platform and rule.
    """
    out = list(platforms)
    ids = {p.id for p in out}
    if GENERIC not in ids:
        raise CatalogError(f"snmp_platforms: the `{GENERIC}` row is missing")
    for p in out:
        for i, rule in enumerate(p.extract, 1):
            sources = [s for s in (rule.sys_descr, rule.oid, rule.entity) if s]
            if len(sources) != 1:
                raise CatalogError(
                    f"snmp_platforms {p.id} extract #{i} ({rule.field}): give exactly one of sys_descr, oid, entity"
                )
            try:
                _ = rule.pattern
            except re.error as exc:
                raise CatalogError(f"snmp_platforms {p.id} extract #{i}: bad regex: {exc}") from exc
        try:
            _ = p.descr_patterns
        except re.error as exc:
            raise CatalogError(f"snmp_platforms {p.id}: bad sys_descr regex: {exc}") from exc
    return out


def load_platforms(extra: Iterable[Path] = ()) -> list[SnmpPlatform]:
    """Load and validate the built-in platform table plus the user's catalogue files."""
    return validate(load_table("snmp_platforms", SnmpPlatform, extra=extra))


@lru_cache(maxsize=1)
def default_platforms() -> tuple[SnmpPlatform, ...]:
    """The platform table of this process, loaded once."""
    return tuple(load_platforms())


def select_platform(
    platforms: Iterable[SnmpPlatform], sys_object_id: str, sys_descr: str
) -> SnmpPlatform | None:
    """The most specific matching platform (priority, then longest OID prefix), or None."""
    best: tuple[int, SnmpPlatform] | None = None
    for p in platforms:
        score = p.match(sys_object_id, sys_descr)
        if score is not None and (best is None or score > best[0]):
            best = (score, p)
    return best[1] if best else None
