"""Machine roots of the demo city's servers, generated from the declared inventory.

A served server is one directory tree (``proc/``, ``sys/``, ``etc/``) that the Ansible fact
module reads through its ``root`` parameter, written from what the city declares about
the machine: its CPU (an x86 ``vendor_id``/``model name`` or an ARM implementer/part),
cores and sockets, memory, DMI vendor/model/serial, and the OS release files its
distribution ships. Windows servers are not served: discovery reaches servers over SSH.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from govops.lab.city import CityDevice
from govops.lab.dengbao_settings import lay_settings

# ARM CPUs as /proc/cpuinfo names them (implementer, part): Linux arch/arm64 cputype.h and util-linux lscpu-arm.
ARM_PARTS = {"HiSilicon": ("0x48", "0xd01"), "Phytium": ("0x70", "0x663")}
# x86 CPUs as the kernel names them (vendor_id, cpu family): the inventory names the vendor, not the CPUID string.
X86_IDS = {"Hygon": ("HygonGenuine", 24), "AMD": ("AuthenticAMD", 23), "GenuineIntel": ("GenuineIntel", 6)}
# (os, version) -> files of that distribution (os-release format, or a release file of its own).
RELEASES: dict[str, dict[str, str]] = {
    "CentOS 7": {"/etc/os-release": 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\n'
                                    'VERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\n',
                 "/etc/centos-release": "CentOS Linux release {v} (Core)\n"},
    "CentOS 6": {"/etc/centos-release": "CentOS release {v} (Final)\n",
                 "/etc/redhat-release": "CentOS release {v} (Final)\n"},
    "Red Hat Enterprise Linux 6": {"/etc/redhat-release": "Red Hat Enterprise Linux Server release {v} (Santiago)\n"},
    "Kylin V10": {"/etc/os-release": 'NAME="Kylin Linux Advanced Server"\nVERSION="V10 (Sword)"\nID="kylin"\n'
                                     'VERSION_ID="V10"\nPRETTY_NAME="Kylin Linux Advanced Server V10 (Sword)"\n',
                  "/etc/kylin-release": "Kylin Linux Advanced Server release V10 (Sword)\n"},
    "UOS 20": {"/etc/os-release": 'NAME="UnionTech OS Server 20"\nVERSION="20"\nID="uos"\nVERSION_ID="20"\n'
                                  'PRETTY_NAME="UnionTech OS Server 20"\n'},
    "openEuler 20": {"/etc/os-release": 'NAME="openEuler"\nVERSION="20.03 (LTS)"\nID="openEuler"\n'
                                        'VERSION_ID="20.03"\nPRETTY_NAME="openEuler 20.03 (LTS)"\n',
                     "/etc/openEuler-release": "openEuler release 20.03 (LTS)\n"},
}  # fmt: skip
KERNELS = {"CentOS 7": "3.10.0-957.el7", "CentOS 6": "2.6.32-642.el6", "Red Hat Enterprise Linux 6": "2.6.32-431.el6",
           "Kylin V10": "4.19.90-24.4.v2101.ky10", "UOS 20": "4.19.90-2106.3.0.0095.up2.uel20",
           "openEuler 20": "4.19.90-2003.4.0.0036.oe1"}  # fmt: skip
# A CentOS 7 minor release as its release file states it (the build: year and month of the upstream release it
# rebuilds) and its kernel: the CentOS 7 release notes (wiki.centos.org/Manuals/ReleaseNotes/CentOS7.<build>) and
# RHEL 7's kernel per minor release. The ledger says '7.9'; the machine says 7.9.2009 and runs 3.10.0-1160.
CENTOS7_BUILDS = {"7.0": ("1406", "3.10.0-123.el7"), "7.1": ("1503", "3.10.0-229.el7"),
                  "7.2": ("1511", "3.10.0-327.el7"), "7.3": ("1611", "3.10.0-514.el7"),
                  "7.4": ("1708", "3.10.0-693.el7"), "7.5": ("1804", "3.10.0-862.el7"),
                  "7.6": ("1810", "3.10.0-957.el7"), "7.7": ("1908", "3.10.0-1062.el7"),
                  "7.8": ("2003", "3.10.0-1127.el7"), "7.9": ("2009", "3.10.0-1160.el7")}  # fmt: skip


def release_key(dev: CityDevice) -> str | None:
    """The RELEASES key of ``dev``'s OS (None: not a Linux the lab serves, e.g. Windows)."""
    version = str(dev.os_version or "")
    for key in RELEASES:
        name, _, major = key.rpartition(" ")
        if dev.os == name and version.split(".", maxsplit=1)[0].split(" ", maxsplit=1)[0] == major:
            return key
        if dev.os == name and version.startswith(major):
            return key
    return None


def release_version(key: str, declared: str) -> tuple[str, str]:
    """The version ``key``'s release files state for the ``declared`` one, and the kernel that release runs.

    The first word of what the ledger declares ('V10 SP2' -> 'V10'), but a CentOS 7 minor release with its build,
    as CentOS writes it ('7.9' -> '7.9.2009', not a build of another minor release).
    """
    version = declared.split(" ", maxsplit=1)[0]
    if key == "CentOS 7" and version in CENTOS7_BUILDS:
        build, kernel = CENTOS7_BUILDS[version]
        return f"{version}.{build}", kernel
    return version, KERNELS[key]


def servable(dev: CityDevice) -> bool:
    """A Linux server the lab can impersonate."""
    return dev.kind == "server" and release_key(dev) is not None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def cpuinfo(dev: CityDevice) -> str:
    """``/proc/cpuinfo`` of the declared CPU: one block per core, sockets numbered."""
    facts = dev.facts
    sockets = int(facts.get("cpu_sockets") or 1)
    cores = int(facts.get("cpu_cores") or 1)
    per_socket = max(1, cores // sockets)
    arm = ARM_PARTS.get(str(facts.get("cpu_vendor")))
    blocks = []
    for n in range(cores):
        if arm:
            blocks.append(f"processor\t: {n}\nBogoMIPS\t: 200.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 "
                          f"crc32\nCPU implementer\t: {arm[0]}\nCPU architecture: 8\nCPU variant\t: 0x1\n"
                          f"CPU part\t: {arm[1]}\nCPU revision\t: 0\n")  # fmt: skip
        else:
            vendor_id, family = X86_IDS.get(str(facts.get("cpu_vendor")), (str(facts.get("cpu_vendor")), 6))
            blocks.append(f"processor\t: {n}\nvendor_id\t: {vendor_id}\ncpu family\t: {family}\n"
                          f"model name\t: {facts.get('cpu_model')}\nphysical id\t: {n // per_socket}\n"
                          f"cpu cores\t: {per_socket}\n")  # fmt: skip
    return "\n".join(blocks) + "\n"


def dengbao_level(dev: CityDevice) -> str:
    """The 等保 settings a server carries: new domestic machines hardened, 6.x-era systems legacy,
    the rest partial or factory default (alternating by name, so the city shows a spread)."""
    if dev.facts.get("domestic") == "domestic":
        return "hardened"
    if str(dev.os_version or "").startswith("6"):
        return "legacy"
    return "partial" if sum(dev.name.encode()) % 2 else "default"


def build_server_root(dev: CityDevice, root: Path) -> Path:
    """Lay ``dev`` out under ``root`` as the fact module reads a machine; return ``root``."""
    key = release_key(dev)
    if key is None:
        raise ValueError(f"{dev.name}: {dev.os} {dev.os_version} is not served by the lab")
    version, kernel = release_version(key, str(dev.os_version or ""))
    for target, text in RELEASES[key].items():
        _write(root / target.lstrip("/"), text.format(v=version))
    arch = str(dev.facts.get("arch") or "x86_64")
    _write(root / "proc/cpuinfo", cpuinfo(dev))
    memory_kb = int(dev.facts.get("memory_mb") or 8192) * 1024
    _write(root / "proc/meminfo", f"MemTotal:       {memory_kb} kB\nMemFree:        1024 kB\n")
    _write(root / "proc/sys/kernel/osrelease", f"{kernel}.{arch}\n")
    _write(root / "proc/sys/kernel/arch", arch + "\n")
    if ARM_PARTS.get(str(dev.facts.get("cpu_vendor"))):
        sockets = int(dev.facts.get("cpu_sockets") or 1)
        cores = int(dev.facts.get("cpu_cores") or 1)
        for n in range(cores):
            _write(root / f"sys/devices/system/cpu/cpu{n}/topology/physical_package_id",
                   f"{n * sockets // max(cores, 1)}\n")  # fmt: skip
    for name, value in (("sys_vendor", dev.vendor), ("product_name", dev.model), ("product_serial", dev.serial)):
        _write(root / "sys/class/dmi/id" / name, value + "\n")
    _write(root / "sys/block/sda/size", "1875385008\n")
    _write(root / "sys/block/sda/queue/rotational", "1\n")
    _write(root / "sys/class/net/eth0/address", "52:54:00:" + dev.serial[-6:].lower().rjust(6, "0")[:2] + ":00:01\n")
    _write(root / "sys/class/net/eth0/operstate", "up\n")
    _write(root / "sys/class/net/eth0/speed", "1000\n")
    lay_settings(root, dengbao_level(dev))
    return root


def sample(devices: list[CityDevice], size: int, first: Sequence[str] = ()) -> list[CityDevice]:
    """Up to ``size`` servable servers, in file order.

    Chosen in this order: the servers named in ``first`` (the machines level-3 systems run on, whose
    checks the 等保 remediation report needs), then one per distinct CPU and OS (Kunpeng + Kylin,
    Phytium + UOS, Hygon + openEuler, Intel + each CentOS/RHEL), then one per distinct hardware model,
    then the rest in file order.
    """
    servers = [d for d in devices if servable(d)]
    by_name = {d.name: d for d in servers}
    chosen = [by_name[n] for n in dict.fromkeys(first) if n in by_name][:size]
    for key in (lambda d: (d.facts.get("cpu_vendor"), d.os, d.os_version), lambda d: (d.vendor, d.model)):
        seen = {key(d) for d in chosen}
        for dev in servers:
            if key(dev) not in seen and len(chosen) < size:
                seen.add(key(dev))
                chosen.append(dev)
    chosen += [d for d in servers if d not in chosen][: max(0, size - len(chosen))]
    names = {d.name for d in chosen}
    return [d for d in servers if d.name in names]
