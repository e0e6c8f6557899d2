"""Which CPU and OS this host has, and whether each is domestic (国产), for ``govops_host_info``.

``classify_host`` is the one call the host agent makes. Where the package's own
server classifier (``govops.catalog.servers``, the one the inventory uses)
imports, it answers. Inside the host-agent zipapp on Python 3.7 it cannot (it
needs 3.10+), so this module carries a port of its CPU and OS scoring that
reads the same catalogue tables (``catalog/data/cpus.yaml`` and ``os.yaml``,
bundled in the zipapp); ``tests/unit/collectors/test_hostclass.py`` holds the
port to the classifier's verdicts over every file of the corpus.

This module runs on Python 3.6 inside the host-agent zipapp (standard library and PyYAML only).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govops.util.yamlio import load_yaml_text


@dataclass(frozen=True)
class HostClass:
    """The labels of ``govops_host_info``; verdicts are ``domestic``, ``foreign`` or ``unknown``."""

    arch: str
    cpu_vendor: str
    cpu_model: str
    os_id: str
    os_version: str
    domestic_cpu: str
    domestic_os: str
    classifier: str


# --------------------------------------------------------------------------------------- parsing

_CPU_LABELS = {
    "vendor_id": "vendor",
    "model name": "model",
    "cpu model": "mips_model",
    "cpu implementer": "implementer",
    "cpu part": "part",
    "isa": "isa",
}


def _hex(value: str) -> str | None:
    try:
        return hex(int(value.strip(), 16))
    except ValueError:
        return None


def parse_cpuinfo(text: str) -> dict[str, str]:
    """Read vendor, model, implementer, part and arch from /proc/cpuinfo (first value wins).

    >>> parse_cpuinfo("processor\\t: 0\\nCPU implementer\\t: 0x48\\nCPU part\\t: 0xd01\\n")["part"]
    '0xd01'
    """
    first: dict[str, str] = {}
    for line in text.splitlines():
        label, sep, value = line.partition(":")
        if not sep:
            continue
        name = _CPU_LABELS.get(label.strip().lower())
        if name is not None and name not in first and value.strip():
            first[name] = value.strip() if name != "vendor" else value.strip(" \t")
    facts: dict[str, str] = {}
    if "vendor" in first:
        facts["vendor"] = first["vendor"]
    model = first.get("model") or first.get("mips_model")
    if model:
        facts["model"] = model
    for key in ("implementer", "part"):
        hexed = _hex(first[key]) if key in first else None
        if hexed is not None:
            facts[key] = hexed
    isa = first.get("isa", "")
    arch: str | None = "loongarch64" if "loongarch64" in isa else ("mips64" if "mips64" in isa else None)
    if arch is None and "implementer" in facts:
        arch = "aarch64"
    if arch is None and "vendor" in first:
        arch = "x86_64"
    if arch:
        facts["arch"] = arch
    return facts


def parse_os_release(text: str) -> dict[str, str]:
    """Parse os-release ``KEY=value`` lines (shell quoting), skipping anything else.

    >>> parse_os_release('NAME="Kylin Linux Advanced Server"\\nID=kylin\\n')["NAME"]
    'Kylin Linux Advanced Server'
    """
    result: dict[str, str] = {}
    for raw in text.splitlines():
        m = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", raw.strip())
        if not m:
            continue
        try:
            words = shlex.split(m.group(2))
        except ValueError:
            words = [m.group(2).strip("\"'")]
        result.setdefault(m.group(1), " ".join(words))
    return result


# --------------------------------------------------------------------------------------- the port


def _norm(value: Any) -> str:
    return str(value).strip().lower()


@functools.lru_cache(maxsize=None)
def _rows(table: str) -> tuple[Mapping[str, Any], ...]:
    """Load a built-in catalogue table as plain rows, once per process (works inside a zipapp)."""
    try:
        data = pkgutil.get_data("govops.catalog", f"data/{table}.yaml")
    except OSError:  # a catalogue without this table: every verdict is unknown
        return ()
    if data is None:
        return ()
    doc = load_yaml_text(data.decode("utf-8"), f"catalog/data/{table}.yaml") or {}
    rows = doc.get(table) or []
    return tuple(r for r in rows if isinstance(r, Mapping))


def _cpu_score(row: Mapping[str, Any], facts: Mapping[str, str]) -> tuple[int, int] | None:
    matched = 0
    bonus = 0
    vendors = {_norm(v) for v in [*row.get("vendor_ids", ()), *row.get("lscpu_vendors", ())]}
    if vendors and "vendor" in facts:
        if _norm(facts["vendor"]) not in vendors:
            return None
        matched += 1
    implementer = row.get("implementer")
    if implementer and "implementer" in facts:
        if int(str(implementer), 16) != int(facts["implementer"], 16):
            return None
        matched += 1
    parts = row.get("parts") or ()
    if parts and "part" in facts:
        if int(facts["part"], 16) not in {int(str(p), 16) for p in parts}:
            return None
        matched += 1
        bonus += 1
    longest = 0
    model_names = row.get("model_names") or ()
    if model_names and "model" in facts:
        hits = [str(m) for m in model_names if str(m).lower() in facts["model"].lower()]
        if not hits:
            if row.get("vendor_ids") or not (implementer or row.get("lscpu_vendors")):
                return None
        else:
            longest = max(len(h) for h in hits)
            matched += 1
    if not matched:
        return None
    score = matched + bonus
    archs = row.get("archs") or ()
    if archs and "arch" in facts:
        if facts["arch"] not in archs:
            return None
        score += 1
    return score, longest


def classify_cpu_facts(facts: Mapping[str, str], rows: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """Return the CPU row with the most agreeing keys, or None."""
    best: tuple[tuple[int, int, int], Mapping[str, Any]] | None = None
    for index, row in enumerate(rows):
        scored = _cpu_score(row, facts)
        if scored is None:
            continue
        key = (scored[0], scored[1], -index)
        if best is None or key > best[0]:
            best = (key, row)
    return best[1] if best else None


_OS_WEIGHTS = {"ID": 8, "PLATFORM_ID": 4, "name": 2, "kernel": 1}


def _word_in(pattern: str, text: str) -> bool:
    return re.search(r"(?<![A-Za-z])" + re.escape(pattern) + r"(?![A-Za-z])", text, re.IGNORECASE) is not None


def classify_os_release(
    release: Mapping[str, str], kernel: str | None, rows: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """Return the OS row scoring highest on ID, PLATFORM_ID, name and kernel suffix, or None."""
    names = [release[k] for k in ("NAME", "PRETTY_NAME") if release.get(k)]
    tokens = [t for t in re.split(r"[.\-+]", kernel.strip()) if t] if kernel else []
    best: tuple[tuple[int, int, int, int], Mapping[str, Any]] | None = None
    for index, row in enumerate(rows):
        score = 0
        longest = 0
        os_id = release.get("ID")
        if os_id and _norm(os_id) in {_norm(i) for i in row.get("ids") or ()}:
            score += _OS_WEIGHTS["ID"]
        platform = release.get("PLATFORM_ID", "")
        platform = platform[len("platform:"):] if platform.startswith("platform:") else platform
        if platform and _norm(platform) in {_norm(p) for p in row.get("platform_ids") or ()}:
            score += _OS_WEIGHTS["PLATFORM_ID"]
        hits = [str(p) for p in row.get("name_patterns") or () for text in names if _word_in(str(p), text)]
        if hits:
            longest = max(len(h) for h in hits)
            score += _OS_WEIGHTS["name"]
        suffixes = {_norm(s) for s in row.get("kernel_suffixes") or ()}
        if any(_norm(t) in suffixes for t in tokens):
            score += _OS_WEIGHTS["kernel"]
        if not score:
            continue
        kinds = sum(bool(row.get(k)) for k in ("ids", "platform_ids", "name_patterns", "kernel_suffixes"))
        key = (score, longest, -kinds, -index)
        if best is None or key > best[0]:
            best = (key, row)
    return best[1] if best else None


def _verdict(domestic: Any) -> str:
    if domestic is None:
        return "unknown"
    return "domestic" if domestic else "foreign"


def _classify_with_port(cpuinfo: str, os_release: str, kernel: str | None, arch: str) -> HostClass:
    facts = parse_cpuinfo(cpuinfo)
    if arch:
        facts["arch"] = arch
    release = parse_os_release(os_release)
    cpu_row = classify_cpu_facts(facts, _rows("cpus"))
    os_row = classify_os_release(release, kernel, _rows("os"))
    model = facts.get("model") or (str(cpu_row.get("family", "")) if cpu_row else "")
    return HostClass(
        arch=facts.get("arch", arch),
        cpu_vendor=str(cpu_row["vendor"]) if cpu_row else facts.get("vendor", ""),
        cpu_model=model,
        os_id=str(os_row["id"]) if os_row else _norm(release.get("ID", "")),
        os_version=release.get("VERSION_ID") or release.get("VERSION", ""),
        domestic_cpu=_verdict(cpu_row.get("domestic")) if cpu_row else "unknown",
        domestic_os=_verdict(os_row.get("domestic")) if os_row else "unknown",
        classifier="port",
    )


def _classify_with_catalog(cpuinfo: str, os_release: str, kernel: str | None, arch: str) -> HostClass | None:
    """Use ``govops.catalog.servers`` (the inventory's classifier) when it imports."""
    try:
        servers: Any = importlib.import_module("govops.catalog.servers")
    except (ImportError, SyntaxError, TypeError):
        return None
    texts = servers.ServerTexts(
        cpu_texts={"/proc/cpuinfo": cpuinfo},
        os_release=os_release or None,
        kernel_release=kernel,
        arch=arch or None,
    )
    result = servers.classify_server(texts)
    cpu, osv = result.cpu, result.os
    return HostClass(
        arch=cpu.arch or arch,
        cpu_vendor=cpu.vendor or "",
        cpu_model=cpu.model or "",
        os_id=osv.id or "",
        os_version=osv.version or "",
        domestic_cpu=cpu.verdict.verdict,
        domestic_os=osv.verdict.verdict,
        classifier="catalog",
    )


def classify_host(
    cpuinfo: str, os_release: str, kernel: str | None = None, arch: str = "", *, prefer_port: bool = False
) -> HostClass:
    """Classify this host's CPU and OS from raw texts.

    Args:
        cpuinfo: Text of /proc/cpuinfo.
        os_release: Text of /etc/os-release ('' when missing).
        kernel: ``uname -r``.
        arch: ``uname -m``.
        prefer_port: Use the 3.7 port even where the full classifier imports (tests).
    """
    if not prefer_port:
        full = _classify_with_catalog(cpuinfo, os_release, kernel, arch)
        if full is not None:
            return full
    return _classify_with_port(cpuinfo, os_release, kernel, arch)
