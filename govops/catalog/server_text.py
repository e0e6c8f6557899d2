"""Parse what a server says about itself: cpuinfo, lscpu, dmidecode, os-release, release files.

Pure functions over raw text, so the same code reads a live host's files (through the
fact module), a file an engineer copied off a machine nobody can reach, and the corpus.
Captures pasted from terminals carry prompts and quote markers; lines that are not
``key: value`` / ``KEY=value`` are skipped rather than rejected.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace

# Field labels of /proc/cpuinfo, lscpu (English and zh_CN locale) and dmidecode -t processor,
# mapped to one name. Lower-cased before lookup: cpuinfo says `model name` on x86 and
# `Model Name` on LoongArch; lscpu says `Model name`.
_CPU_LABELS: dict[str, str] = {
    "vendor_id": "vendor",
    "vendor id": "vendor",
    "厂商 id": "vendor",
    "model name": "model",
    "型号名称": "model",
    "cpu model": "mips_model",
    "cpu implementer": "implementer",
    "cpu part": "part",
    "architecture": "arch",
    "架构": "arch",
    "socket(s)": "sockets",
    "座": "sockets",
    "core(s) per socket": "cores_per_socket",
    "每个座的核数": "cores_per_socket",
    "cpu cores": "cores_per_socket",
    "cpu(s)": "logical",
    "isa": "isa",
    "manufacturer": "manufacturer",
    "version": "dmi_version",
}

_MIDR = re.compile(r"midr_el1\s*\n[>\s]*(0x[0-9a-fA-F]+)")
_HWLOC_ATTR = re.compile(r"\b(CPUVendor|CPUModel|CPUImplementer|CPUPart|DMISysVendor)=(\"[^\"]*\"|\S+)")
_HWLOC_INFO = re.compile(r'<info name="(CPUVendor|CPUModel|CPUImplementer|CPUPart)" value="([^"]*)"')


@dataclass(frozen=True)
class CpuFacts:
    """CPU identity as read from raw text; every field may be missing.

    ``vendor`` is the x86 vendor string (``GenuineIntel``), lscpu's vendor name on ARM
    (``HiSilicon``) or dmidecode's processor manufacturer (``PHYTIUM``).
    """

    vendor: str | None = None
    model: str | None = None
    implementer: str | None = None
    part: str | None = None
    arch: str | None = None
    sockets: int | None = None
    cores: int | None = None
    logical: int | None = None
    lines: dict[str, str] = field(default_factory=dict)
    """Which raw line each field came from, quoted as evidence."""

    def merged(self, other: CpuFacts) -> CpuFacts:
        """Fill this record's gaps from ``other`` (this record wins)."""
        values = {name: getattr(self, name) if getattr(self, name) is not None else getattr(other, name)
                  for name in ("vendor", "model", "implementer", "part", "arch", "sockets", "cores", "logical")}
        return replace(self, **values, lines={**other.lines, **self.lines})


def _clean_line(line: str) -> str:
    # Mail and Markdown captures quote lines with "> "; keep the rest as it was.
    return re.sub(r"^\s*>\s?", "", line).rstrip()


def _split_label(line: str) -> tuple[str, str] | None:
    m = re.match(r"^\s*([^:：]+?)\s*[:：]\s?(.*)$", line)
    if not m:
        return None
    return m.group(1).strip().lower(), m.group(2)


def _hex(value: str) -> str | None:
    try:
        return hex(int(value.strip(), 16))
    except ValueError:
        return None


def _int(value: str) -> int | None:
    m = re.match(r"\s*(\d+)", value)
    return int(m.group(1)) if m else None


def _arch_from_isa(isa: str) -> str | None:
    if "loongarch64" in isa:
        return "loongarch64"
    if "mips64" in isa:
        return "mips64"
    return None


def parse_cpu_text(text: str) -> CpuFacts:
    """Read CPU identity from /proc/cpuinfo, lscpu or dmidecode text (or a paste of several).

    The first value of each field wins (the first processor block); processors, sockets
    and cores are counted over the whole text.

    >>> f = parse_cpu_text("processor\\t: 0\\nCPU implementer\\t: 0x48\\nCPU part\\t: 0xd01\\n")
    >>> (f.implementer, f.part, f.arch, f.logical)
    ('0x48', '0xd01', 'aarch64', 1)
    """
    first: dict[str, str] = {}
    lines: dict[str, str] = {}
    processors = 0
    socket_ids: set[str] = set()
    in_dmi_processor = False
    for raw in text.splitlines():
        line = _clean_line(raw)
        if line.strip() == "Processor Information":
            in_dmi_processor = True
            continue
        parts = _split_label(line)
        if parts is None:
            continue
        label, value = parts
        if label == "processor":
            processors += 1
            continue
        if label in ("physical id", "package"):
            socket_ids.add(value.strip())
            continue
        name = _CPU_LABELS.get(label)
        if name is None or (name in ("manufacturer", "dmi_version") and not in_dmi_processor):
            continue
        if name not in first and value.strip():
            first[name] = value.strip() if name != "vendor" else value.strip(" \t")
            lines[name] = re.sub(r"\s+", " ", line.strip())
    midr = _MIDR.search("\n".join(_clean_line(x) for x in text.splitlines()))
    implementer = _hex(first["implementer"]) if "implementer" in first else None
    part = _hex(first["part"]) if "part" in first else None
    if midr:
        midr_value = int(midr.group(1), 16)
        implementer = implementer or hex((midr_value >> 24) & 0xFF)
        part = part or hex((midr_value >> 4) & 0xFFF)
        lines.setdefault("implementer", f"midr_el1 {midr.group(1)}")
        lines.setdefault("part", f"midr_el1 {midr.group(1)}")
    vendor = first.get("vendor") or first.get("manufacturer")
    if "vendor" not in lines and "manufacturer" in lines:
        lines["vendor"] = lines["manufacturer"]
    model = first.get("model") or first.get("mips_model") or first.get("dmi_version")
    for key in ("mips_model", "dmi_version"):
        if "model" not in lines and key in lines:
            lines["model"] = lines[key]
    arch = first.get("arch") or _arch_from_isa(first.get("isa", ""))
    if arch is None and implementer is not None:
        arch = "aarch64"
    if arch is None and first.get("vendor"):
        arch = "x86_64"
    sockets = _int(first["sockets"]) if "sockets" in first else (len(socket_ids) or None)
    per_socket = _int(first["cores_per_socket"]) if "cores_per_socket" in first else None
    logical = _int(first["logical"]) if "logical" in first else (processors or None)
    # Without `cpu cores` (ARM, LoongArch) every processor is a core: those chips have no SMT.
    cores = per_socket * (sockets or 1) if per_socket else logical
    return CpuFacts(
        vendor=vendor, model=model, implementer=implementer, part=part, arch=arch,
        sockets=sockets, cores=cores, logical=logical, lines=lines,
    )


def parse_hwloc_topology(text: str) -> CpuFacts:
    """Read CPU identity from an hwloc topology (XML ``<info>`` or lstopo console attributes)."""
    found: dict[str, str] = {}
    for m in _HWLOC_INFO.finditer(text):
        found.setdefault(m.group(1), m.group(2))
    for m in _HWLOC_ATTR.finditer(text):
        found.setdefault(m.group(1), m.group(2).strip('"'))
    implementer = _hex(found["CPUImplementer"]) if "CPUImplementer" in found else None
    vendor = found.get("CPUVendor")
    return CpuFacts(
        vendor=vendor,
        model=found.get("CPUModel", "").strip() or None,
        implementer=implementer,
        part=_hex(found["CPUPart"]) if "CPUPart" in found else None,
        arch="aarch64" if implementer else ("x86_64" if vendor else None),
        lines={k: f"hwloc {k}={v!r}" for k, v in found.items()},
    )


def _regs_text(regs: list[int]) -> str:
    return b"".join(r.to_bytes(4, "little") for r in regs).decode("ascii", "replace")


def parse_cpuid_dump(text: str) -> CpuFacts:
    """Decode vendor and brand string from an ``hwloc-gather-cpuid`` register dump of one PU.

    Lines read ``mask eax ebx ecx edx => eax ebx ecx edx`` in hex; leaf 0 holds the
    vendor (EBX, EDX, ECX), leaves 0x80000002-4 the brand string.
    """
    leaves: dict[int, list[int]] = {}
    for line in text.splitlines():
        if "=>" not in line or line.startswith("#"):
            continue
        left, right = line.split("=>", 1)
        try:
            inputs = [int(x, 16) for x in left.split()]
            outputs = [int(x, 16) for x in right.split()]
        except ValueError:
            continue
        if len(inputs) >= 2 and len(outputs) == 4:
            leaves.setdefault(inputs[1], outputs)
    vendor = None
    if 0 in leaves:
        _, ebx, ecx, edx = leaves[0]
        vendor = _regs_text([ebx, edx, ecx])
    brand = "".join(_regs_text(leaves[leaf]) for leaf in (0x80000002, 0x80000003, 0x80000004) if leaf in leaves)
    model = brand.replace("\x00", "").strip() or None
    lines = {}
    if vendor is not None:
        lines["vendor"] = f"CPUID leaf 0 vendor {vendor!r}"
    if model is not None:
        lines["model"] = f"CPUID leaves 0x80000002-4 brand {model!r}"
    return CpuFacts(vendor=vendor, model=model, arch="x86_64" if vendor else None, lines=lines)


def parse_os_release(text: str) -> dict[str, str]:
    """Parse os-release ``KEY=value`` lines (shell quoting), skipping anything else.

    >>> parse_os_release('NAME="Kylin Linux Advanced Server"\\nID=kylin\\n$ junk')["ID"]
    'kylin'
    """
    result: dict[str, str] = {}
    for raw in text.splitlines():
        line = _clean_line(raw).strip()
        m = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if not m:
            continue
        try:
            words = shlex.split(m.group(2))
        except ValueError:
            words = [m.group(2).strip("\"'")]
        result.setdefault(m.group(1), " ".join(words))
    return result


_RELEASE_LINE = re.compile(r"^(?P<name>[A-Za-z][\w .+/()-]*?)\s+release\s+(?P<version>\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class ReleaseLine:
    """A ``<name> release <version>`` line from a release file, lsb_release or /etc/issue."""

    name: str
    version: str
    line: str
    where: str


def release_lines(files: dict[str, str]) -> list[ReleaseLine]:
    """Find ``Name release Version`` statements in release-file texts (keyed by path).

    lsb_release output (``Description: NeoKylin ... release 6.5``) counts too.

    >>> release_lines({"/etc/redhat-release": "CentOS release 6.7 (Final)"})[0].version
    '6.7'
    """
    found: list[ReleaseLine] = []
    for where, text in files.items():
        for raw in text.splitlines():
            line = _clean_line(raw).strip()
            label = _split_label(line)
            if label and label[0] in ("description", "distributor id"):
                line = label[1].strip()
            m = _RELEASE_LINE.match(line)
            if m:
                found.append(ReleaseLine(m.group("name").strip(), m.group("version"), line, where))
    return found


def kernel_tokens(kernel_release: str) -> list[str]:
    """Split a kernel release into its dot/dash tokens.

    >>> kernel_tokens("4.19.90-24.4.v2101.ky10.aarch64")[-2:]
    ['ky10', 'aarch64']
    """
    return [t for t in re.split(r"[.\-+]", kernel_release.strip()) if t]


def find_kernel_release(text: str) -> str | None:
    """Find a kernel release in ``uname -r``/``uname -a`` output pasted in a capture."""
    m = re.search(r"\b(\d+\.\d+\.\d+-[\w.\-+]+)", text)
    return m.group(1) if m else None
