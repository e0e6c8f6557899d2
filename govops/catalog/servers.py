"""Classify a server as domestic (国产) or foreign, per dimension and overall, with evidence.

Dimensions: the maker (``vendor``, from DMI), CPU, operating system and key software.
Every decision comes from catalogue rows (``catalog/data/cpus.yaml``, ``os.yaml``,
``software.yaml``, ``vendors.yaml``) matched against raw texts the machine produced,
never from Ansible's derived facts (which call Kylin V10 ``V10``/``NA`` and UOS Server
Debian). The overall verdict follows a :class:`ServerPolicy` the user can change.

The one classifier: ``govops classify``, ``discover servers`` and the host agent (inside
its zipapp, on Python 3.6 to 3.13) all run this module. It is pure and 3.6-safe once
``govops.agent.py36`` strips its annotations: loading the tables and the policy from
files lives in ``govops.catalog.server_config``.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from govops.catalog.record import dimension, make_record
from govops.catalog.server_text import (
    CpuFacts,
    kernel_tokens,
    parse_cpu_text,
    parse_os_release,
    release_lines,
)
from govops.catalog.verdict import Evidence, Verdict
from govops.errors import CatalogError
from govops.util.placeholders import is_placeholder, is_placeholder_serial

if TYPE_CHECKING:
    from govops.catalog.vendors import VendorCatalog, VendorMatch
    from govops.catalog.verdict import VerdictName

if sys.version_info >= (3, 8):
    from typing import Literal  # novermin

    Dimension = Literal["vendor", "cpu", "os", "software"]
    SoftwareKind = Literal["process", "cmdline", "package", "path"]


# ----------------------------------------------------------------------------- catalogue rows


@dataclass(frozen=True)
class CpuRow:
    """One CPU identifier row of ``cpus.yaml``."""

    id: str
    vendor: str
    family: str
    domestic: bool
    source: str
    names: tuple[str, ...] = ()
    archs: tuple[str, ...] = ()
    vendor_ids: tuple[str, ...] = ()
    implementer: str | None = None
    parts: tuple[str, ...] = ()
    lscpu_vendors: tuple[str, ...] = ()
    model_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class OsRow:
    """One operating-system row of ``os.yaml``."""

    id: str
    name: str
    vendor: str
    domestic: bool
    source: str
    ids: tuple[str, ...] = ()
    platform_ids: tuple[str, ...] = ()
    name_patterns: tuple[str, ...] = ()
    kernel_suffixes: tuple[str, ...] = ()
    family: Literal["rpm", "deb", "windows"] | None = None


@dataclass(frozen=True)
class SoftwareRow:
    """One database or middleware row of ``software.yaml``."""

    id: str
    name: str
    vendor: str
    kind: Literal["database", "middleware"]
    domestic: bool
    source: str
    processes: tuple[str, ...] = ()
    cmdline: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """The tables the server classifier reads (hardware vendors: the shared vendor table)."""

    cpus: tuple[CpuRow, ...]
    os: tuple[OsRow, ...]
    software: tuple[SoftwareRow, ...]
    vendors: VendorCatalog


def plain_rows(cls: type, rows: Iterable[Mapping[str, Any]]) -> tuple[Any, ...]:
    """Rows of a built-in table as read by YAML, without the schema checks of ``server_config``.

    The host agent's zipapp has no ``govops.util.schema`` (it needs 3.10): it builds the rows
    of ``cpus.yaml`` and ``os.yaml`` this way, lists as tuples and scalars as text. The
    tables are checked by the schema in CI, and a test holds both ways equal on them.
    """
    names = [f.name for f in fields(cls)]
    out = []
    for row in rows:
        values: dict[str, Any] = {}
        for name in names:
            if name not in row:
                continue
            value = row[name]
            if isinstance(value, list):
                value = tuple(str(v) for v in value)
            elif value is not None and not isinstance(value, bool):
                value = str(value)
            values[name] = value
        out.append(cls(**values))
    return tuple(out)


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class SoftwareSeen:
    """One sign of software on a host: a process, a command line, a package or a path."""

    kind: SoftwareKind
    value: str


@dataclass(frozen=True)
class ServerTexts:
    """The raw material of a verdict, as read from the machine.

    Attributes:
        cpu_texts: /proc/cpuinfo, lscpu or dmidecode texts, keyed by where they came from.
        cpu_facts: Already decoded CPU identity (hwloc topology, CPUID dump), merged after texts.
        os_release: Text of /etc/os-release (or /usr/lib/os-release); None when missing.
        release_files: Other release texts (/etc/system-release, lsb_release ...) by path.
        kernel_release: ``uname -r``.
        arch: ``uname -m``.
        dmi: /sys/class/dmi/id values by file name (sys_vendor, product_name, product_serial ...).
        software: What the fact module found running or installed.
    """

    cpu_texts: Mapping[str, str] = field(default_factory=dict)
    cpu_facts: tuple[CpuFacts, ...] = ()
    os_release: str | None = None
    os_release_path: str = "/etc/os-release"
    release_files: Mapping[str, str] = field(default_factory=dict)
    kernel_release: str | None = None
    arch: str | None = None
    dmi: Mapping[str, str] = field(default_factory=dict)
    software: tuple[SoftwareSeen, ...] = ()


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CpuVerdict:
    """CPU dimension: who made it, which model, which architecture."""

    verdict: Verdict
    vendor: str | None
    model: str | None
    arch: str | None
    row_id: str | None
    sockets: int | None = None
    cores: int | None = None
    logical: int | None = None

    @property
    def name(self) -> str:
        """Maker and model for people, the maker once: a model name usually starts with it ("Intel(R) Xeon(R) ...")."""
        v, m = self.vendor, self.model
        if v and m and m.casefold().startswith(v.casefold()) and not m[len(v) : len(v) + 1].isalnum():
            return m
        return " ".join(x for x in (self.vendor, self.model) if x)


@dataclass(frozen=True)
class OsVerdict:
    """Operating-system dimension."""

    verdict: Verdict
    id: str | None
    name: str | None
    version: str | None
    family: str | None = None
    variant: str | None = None
    kernel: str | None = None


@dataclass(frozen=True)
class HardwareVerdict:
    """Hardware-vendor dimension from DMI."""

    verdict: Verdict
    vendor: str | None
    product: str | None
    serial: str | None
    row_id: str | None


@dataclass(frozen=True)
class SoftwareFinding:
    """One key software product found on the host."""

    id: str
    name: str
    kind: str
    domestic: bool
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ServerClassification:
    """Everything the classifier says about one server."""

    verdict: VerdictName
    cpu: CpuVerdict
    os: OsVerdict
    hardware: HardwareVerdict
    software: tuple[SoftwareFinding, ...]
    software_verdict: Verdict
    policy: ServerPolicy

    def to_dict(self, source: str) -> dict[str, Any]:
        """Return the classification record (``govops.catalog.record``): ``classify --json`` and the store."""
        sw = self.software_verdict
        return make_record(self.verdict, source, {
            "vendor": dimension(self.hardware.verdict, source, vendor=self.hardware.vendor,
                                product=self.hardware.product, serial=self.hardware.serial),
            "cpu": dimension(self.cpu.verdict, source, vendor=self.cpu.vendor, model=self.cpu.model,
                             arch=self.cpu.arch),
            "os": dimension(self.os.verdict, source, id=self.os.id, name=self.os.name, version=self.os.version),
            "software": dimension(sw, source, items=[
                {"id": s.id, "name": s.name, "kind": s.kind, "verdict": _name(s.domestic),
                 "evidence": [_ev(e) for e in s.evidence]}
                for s in self.software
            ]),
        }, policy=self.policy.require)


def _ev(e: Evidence) -> dict[str, Any]:
    return {"field": e.field, "value": e.value, "rule": e.rule, "source": e.source}


def _name(domestic: bool | None) -> VerdictName:
    if domestic is None:
        return "unknown"
    return "domestic" if domestic else "foreign"


# ----------------------------------------------------------------------------- policy


@dataclass(frozen=True)
class ServerPolicy:
    """When a server counts as domestic overall.

    ``require`` lists the dimensions that must all be domestic; the server is foreign
    when any of them is foreign, and unknown otherwise. Default: CPU and OS (the
    replacement plans count 信创 servers by CPU and operating system).
    """

    require: tuple[Dimension, ...] = ("cpu", "os")


DEFAULT_POLICY = ServerPolicy()


def overall_verdict(dimensions: Mapping[Dimension, Verdict], policy: ServerPolicy) -> VerdictName:
    """Combine the dimension verdicts by the policy.

    >>> d = {"cpu": Verdict("domestic"), "os": Verdict("foreign")}
    >>> overall_verdict(d, ServerPolicy(require=("cpu", "os")))
    'foreign'
    >>> overall_verdict(d, ServerPolicy(require=("cpu",)))
    'domestic'
    """
    names = [dimensions[d].verdict for d in policy.require]
    if any(n == "foreign" for n in names):
        return "foreign"
    if all(n == "domestic" for n in names):
        return "domestic"
    return "unknown"


# ----------------------------------------------------------------------------- CPU


def _norm(value: str) -> str:
    return value.strip().lower()


def _cpu_score(row: CpuRow, facts: CpuFacts) -> tuple[int, int, list[Evidence]] | None:
    """Score a row: None when a key the row lists contradicts what was observed."""
    rule = f"cpus:{row.id}"
    evidence: list[Evidence] = []
    bonus = 0
    vendors = {_norm(v) for v in (*row.vendor_ids, *row.lscpu_vendors)}
    if vendors and facts.vendor is not None:
        if _norm(facts.vendor) not in vendors:
            return None
        evidence.append(Evidence("vendor", facts.lines.get("vendor", facts.vendor), f"{rule} vendor", row.source))
    if row.implementer and facts.implementer is not None:
        if int(row.implementer, 16) != int(facts.implementer, 16):
            return None
        evidence.append(Evidence("CPU implementer", facts.lines.get("implementer", facts.implementer),
                                 f"{rule} implementer {row.implementer}", row.source))
    if row.parts and facts.part is not None:
        if int(facts.part, 16) not in {int(p, 16) for p in row.parts}:
            return None
        evidence.append(Evidence("CPU part", facts.lines.get("part", facts.part),
                                 f"{rule} part {', '.join(row.parts)}", row.source))
        # A part number names the exact core; it outweighs a model-name substring.
        bonus += 1
    longest = 0
    if row.model_names and facts.model is not None:
        hits = [m for m in row.model_names if m.lower() in facts.model.lower()]
        if not hits:
            # A model name the row does not know contradicts it only where the vendor
            # string is shared by different makers (CentaurHauls: VIA or Zhaoxin).
            if row.vendor_ids or not (row.implementer or row.lscpu_vendors):
                return None
        else:
            longest = max(len(h) for h in hits)
            evidence.append(Evidence("model name", facts.lines.get("model", facts.model),
                                     f"{rule} model name contains {max(hits, key=len)!r}", row.source))
    if not evidence:
        return None
    score = len(evidence) + bonus
    if row.archs and facts.arch is not None:
        if facts.arch not in row.archs:
            return None
        score += 1
    return score, longest, evidence


def classify_cpu(facts: CpuFacts, rows: Sequence[CpuRow]) -> CpuVerdict:
    """Classify CPU facts against the CPU table.

    The row with the most agreeing keys wins (implementer and part beat implementer
    alone); a row that any observed key contradicts is out.
    """
    best: tuple[int, int, int, CpuRow, list[Evidence]] | None = None
    for index, row in enumerate(rows):
        scored = _cpu_score(row, facts)
        if scored is None:
            continue
        score, longest, evidence = scored
        key = (score, longest, -index)
        if best is None or key > best[:3]:
            best = (*key, row, evidence)
    counts = {"sockets": facts.sockets, "cores": facts.cores, "logical": facts.logical}
    if best is None:
        observed = [
            Evidence(label, facts.lines.get(key, str(getattr(facts, key))), "no CPU row matches")
            for key, label in (("vendor", "vendor"), ("implementer", "CPU implementer"), ("part", "CPU part"),
                               ("model", "model name"), ("arch", "architecture"))
            if getattr(facts, key) is not None
        ]
        if facts.vendor is None and facts.implementer is None and facts.model is None:
            observed.insert(0, Evidence("cpuinfo", "no vendor_id, CPU implementer or model name",
                                        "missing, empty or truncated CPU information (an architecture alone "
                                        "does not tell who made the CPU)"))
        return CpuVerdict(Verdict("unknown", None, tuple(observed)), facts.vendor, facts.model, facts.arch,
                          None, **counts)
    row, evidence = best[3], best[4]
    model = facts.model or row.family
    arch = facts.arch or (row.archs[0] if len(row.archs) == 1 else None)
    return CpuVerdict(Verdict(_name(row.domestic), row.id, tuple(evidence)), row.vendor, model, arch, row.id,
                      **counts)


# ----------------------------------------------------------------------------- OS

_WEIGHTS = {"ID": 8, "PLATFORM_ID": 4, "name": 2, "kernel": 1}


def _word_in(pattern: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z]){re.escape(pattern)}(?![A-Za-z])", text, re.IGNORECASE) is not None


def _os_candidates(row: OsRow, release: Mapping[str, str], names: Sequence[tuple[str, str]],
                   tokens: Sequence[str], *, kernel: str | None, where: str) -> tuple[int, int, list[Evidence]] | None:
    rule = f"os:{row.id}"
    score = 0
    longest = 0
    evidence: list[Evidence] = []
    os_id = release.get("ID")
    if os_id and _norm(os_id) in {_norm(i) for i in row.ids}:
        score += _WEIGHTS["ID"]
        evidence.append(Evidence(f"{where} ID", os_id, f"{rule} ids", row.source))
    platform = release.get("PLATFORM_ID", "")
    platform = platform[len("platform:"):] if platform.startswith("platform:") else platform
    if platform and _norm(platform) in {_norm(p) for p in row.platform_ids}:
        score += _WEIGHTS["PLATFORM_ID"]
        evidence.append(Evidence(f"{where} PLATFORM_ID", release["PLATFORM_ID"], f"{rule} platform_ids",
                                 row.source))
    hits = [(p, label, text) for p in row.name_patterns for label, text in names if _word_in(p, text)]
    if hits:
        pattern, label, text = max(hits, key=lambda h: len(h[0]))
        longest = len(pattern)
        score += _WEIGHTS["name"]
        evidence.append(Evidence(label, text, f"{rule} name {pattern!r}", row.source))
    suffixes = {_norm(s) for s in row.kernel_suffixes}
    token = next((t for t in tokens if _norm(t) in suffixes), None)
    if token is not None:
        score += _WEIGHTS["kernel"]
        evidence.append(Evidence("kernel release", kernel or "", f"{rule} kernel suffix {token!r}", row.source))
    if not score:
        return None
    return score, longest, evidence


def _key_kinds(row: OsRow) -> int:
    return sum(bool(k) for k in (row.ids, row.platform_ids, row.name_patterns, row.kernel_suffixes))


def classify_os(texts: ServerTexts, rows: Sequence[OsRow]) -> OsVerdict:
    """Classify the operating system from os-release, release files and the kernel release.

    os-release ``ID`` weighs most, then ``PLATFORM_ID``, a product name, the kernel
    suffix; on a tie the more general row wins. Missing, empty or unknown os-release
    gives ``unknown`` with what was seen.
    """
    where = texts.os_release_path
    release = parse_os_release(texts.os_release or "")
    lines = release_lines(dict(texts.release_files))
    names: list[tuple[str, str]] = [
        (f"{where} {key}", release[key]) for key in ("NAME", "PRETTY_NAME") if release.get(key)
    ]
    names += [(f"{ln.where}", ln.line) for ln in lines]
    tokens = kernel_tokens(texts.kernel_release) if texts.kernel_release else []
    best: tuple[int, int, int, int, OsRow, list[Evidence]] | None = None
    for index, row in enumerate(rows):
        scored = _os_candidates(row, release, names, tokens, kernel=texts.kernel_release, where=where)
        if scored is None:
            continue
        score, longest, evidence = scored
        key = (score, longest, -_key_kinds(row), -index)
        if best is None or key > best[:4]:
            best = (*key, row, evidence)
    version = release.get("VERSION_ID") or (lines[0].version if lines else None)
    kernel = texts.kernel_release
    if best is None:
        if texts.os_release is None:
            why = Evidence(where, "missing", "no os-release file and no release file names a known system")
        elif not texts.os_release.strip():
            why = Evidence(where, "empty", "os-release is empty")
        else:
            why = Evidence(f"{where} ID", release.get("ID", "(none)"), "no OS row knows this distribution")
        seen = [Evidence(label, text, "no OS row matches") for label, text in names]
        return OsVerdict(Verdict("unknown", None, (why, *seen)), _norm(release["ID"]) if release.get("ID") else None,
                         release.get("NAME") or (lines[0].name if lines else None), version,
                         variant=release.get("VARIANT"), kernel=kernel)
    row, evidence = best[4], best[5]
    if version is None:
        version = release.get("VERSION")
    # /etc/os-release of CentOS 8 says 8; /etc/redhat-release says 8.1.1911: keep the longer one.
    longer = [ln.version for ln in lines if version and ln.version.startswith(f"{version}.")]
    if longer:
        version = max(longer, key=len)
    return OsVerdict(Verdict(_name(row.domestic), row.id, tuple(evidence)), row.id, row.name, version,
                     family=row.family, variant=release.get("VARIANT"), kernel=kernel)


# ----------------------------------------------------------------------------- hardware


def lookup_hardware_vendor(dmi_vendor: str, catalog: Catalog, where: str = "dmi sys_vendor") -> VendorMatch | None:
    """Find the hardware vendor of a DMI vendor string in the shared vendor table (name or alias).

    The one place the hardware dimension looks vendors up (``catalog/data/vendors.yaml``,
    the table SNMP discovery uses too), so a server and its BMC agree on their maker.
    """
    match = catalog.vendors.by_declared(dmi_vendor)
    if match is None:
        return None
    row = match.vendor
    return replace(match, evidence=Evidence(where, dmi_vendor, f"vendor:{row.id} name or alias", row.source))


def _dmi_value(dmi: Mapping[str, str], key: str, placeholder: Callable[[str], bool] = is_placeholder) -> str | None:
    value = (dmi.get(key) or "").strip()
    return None if placeholder(value) else value


def classify_hardware(dmi: Mapping[str, str], catalog: Catalog) -> HardwareVerdict:
    """Classify the hardware vendor from DMI (sys_vendor, else board_vendor)."""
    product = _dmi_value(dmi, "product_name")
    serial = _dmi_value(dmi, "product_serial", is_placeholder_serial)  # a fill pattern ('XXXXXXXXXX') too
    for key in ("sys_vendor", "board_vendor", "chassis_vendor"):
        vendor = _dmi_value(dmi, key)
        if vendor is None:
            continue
        match = lookup_hardware_vendor(vendor, catalog, f"dmi {key}")
        if match is not None:
            row = match.vendor
            name = f"{row.name} ({row.name_zh})" if row.name_zh else row.name
            verdict = Verdict(_name(row.domestic), row.id, (match.evidence,))
            return HardwareVerdict(verdict, name, product, serial, row.id)
        ev = Evidence(f"dmi {key}", vendor, "no vendor row matches (virtual machine, or add it to vendors.yaml)")
        return HardwareVerdict(Verdict("unknown", None, (ev,)), vendor, product, serial, None)
    ev = Evidence("dmi", "missing", "no DMI vendor (no /sys/class/dmi/id, or a board without SMBIOS)")
    return HardwareVerdict(Verdict("unknown", None, (ev,)), None, product, serial, None)


# ----------------------------------------------------------------------------- software


def _software_hits(row: SoftwareRow, seen: SoftwareSeen) -> str | None:
    patterns = {"process": row.processes, "cmdline": row.cmdline, "package": row.packages, "path": row.paths}
    for pattern in patterns[seen.kind]:
        if fnmatch.fnmatchcase(seen.value, pattern):
            return pattern
    return None


def classify_software(seen: Sequence[SoftwareSeen], rows: Sequence[SoftwareRow]) -> tuple[SoftwareFinding, ...]:
    """Name the key software behind what the fact module saw, sorted by id."""
    found: dict[str, list[Evidence]] = {}
    for item in seen:
        for row in rows:
            pattern = _software_hits(row, item)
            if pattern is not None:
                found.setdefault(row.id, []).append(
                    Evidence(item.kind, item.value, f"software:{row.id} {item.kind} {pattern!r}", row.source)
                )
    by_id = {r.id: r for r in rows}
    return tuple(
        SoftwareFinding(rid, by_id[rid].name, by_id[rid].kind, by_id[rid].domestic, tuple(ev))
        for rid, ev in sorted(found.items())
    )


def software_verdict(findings: Sequence[SoftwareFinding]) -> Verdict:
    """Domestic when every key product found is domestic, foreign when any is foreign."""
    if not findings:
        return Verdict("unknown", None, (Evidence("software", "none found", "no key database or middleware"),))
    evidence = tuple(e for f in findings for e in f.evidence[:1])
    foreign = [f.id for f in findings if not f.domestic]
    if foreign:
        return Verdict("foreign", ",".join(foreign), evidence)
    return Verdict("domestic", ",".join(f.id for f in findings), evidence)


# ----------------------------------------------------------------------------- entry point


def cpu_facts_of(texts: ServerTexts) -> CpuFacts:
    """Merge CPU facts from every CPU text and decoded record; ``uname -m`` fills the arch."""
    facts = CpuFacts()
    for _where, text in texts.cpu_texts.items():
        facts = facts.merged(parse_cpu_text(text))
    for extra in texts.cpu_facts:
        facts = facts.merged(extra)
    if texts.arch:
        facts = replace(facts, arch=texts.arch)
    return facts


def classify_server(
    texts: ServerTexts, *, catalog: Catalog, policy: ServerPolicy = DEFAULT_POLICY
) -> ServerClassification:
    """Classify one server from its raw texts against ``catalog`` (``server_config.default_catalog()``).

    Raises:
        CatalogError: If the CPU or OS table is empty.
    """
    cat = catalog
    if not cat.cpus or not cat.os:
        raise CatalogError("the CPU or OS catalogue table is empty")
    cpu = classify_cpu(cpu_facts_of(texts), cat.cpus)
    osv = classify_os(texts, cat.os)
    hw = classify_hardware(texts.dmi, cat)
    findings = classify_software(texts.software, cat.software)
    sw = software_verdict(findings)
    dims: dict[Dimension, Verdict] = {"vendor": hw.verdict, "cpu": cpu.verdict, "os": osv.verdict, "software": sw}
    return ServerClassification(overall_verdict(dims, policy), cpu, osv, hw, findings, sw, policy)
