"""Machine profiles that impersonate domestic and foreign servers, built from the real corpus.

Each profile names corpus files (a CPU capture, an OS fixture, optionally a DMI dump)
and a little synthetic state (a running database, an install directory, a package),
and :func:`build_root` lays them out as a directory tree (``proc/``, ``sys/``, ``etc/``,
``opt/`` ...) that the fact module reads through its ``root`` parameter. Roots are
built at run time in a temporary directory; corpus files are never copied into the
repository.
"""

from __future__ import annotations

import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from govops.catalog.server_text import find_kernel_release, parse_cpuid_dump
from govops.errors import ConfigError
from govops.lab.dengbao_settings import lay_settings


@dataclass(frozen=True)
class Process:
    """A process the impersonated machine runs: ``/proc/<pid>/comm`` and ``cmdline``."""

    pid: int
    argv: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """One impersonated machine.

    Attributes:
        cpu: Corpus path (under ``cpu/``) of a /proc/cpuinfo capture, or of an hwloc CPUID
            dump tarball (``.tar.bz2``) from which a cpuinfo is derived.
        os: Corpus path (under ``os/``) of an Ansible distribution fixture (``.json``), a
            terminal capture (``.txt``) or an ``etc`` directory.
        dmi: Corpus path of a ``dmi_id`` directory, or None.
        dmi_values: Synthetic DMI values (when the corpus has no dump for this machine).
        arch: ``uname -m`` of the machine.
    """

    name: str
    cpu: str
    os: str
    arch: str
    dmi: str | None = None
    dmi_values: dict[str, str] = field(default_factory=dict)
    processes: tuple[Process, ...] = ()
    dirs: tuple[str, ...] = ()
    dpkg: tuple[str, ...] = ()
    memory_kb: int = 65_536_000
    kernel: str | None = None
    dengbao: str = "default"  # the 等保 settings it carries (govops.lab.dengbao_settings.LEVELS)


PROFILES: tuple[Profile, ...] = (
    Profile(
        "kunpeng-kylin", dengbao="hardened",
        cpu="kunpeng920_hwloc_XA320V2/proc_cpuinfo", os="kylin_linux_advanced_server_v10.json",
        arch="aarch64", dmi="kunpeng920_hwloc_XA320V2/dmi_id",
        processes=(Process(2101, ("/opt/dmdbms/bin/dmserver", "/opt/dmdbms/data/DAMENG/dm.ini", "-noconsole")),),
        dirs=("opt/dmdbms",),
    ),
    Profile(
        "phytium-uos", dengbao="partial",
        cpu="text_captures/phytium_ft2000_proc_cpuinfo_head.txt",
        os="uniontech_os_server_20_uel20.json", arch="aarch64",
        processes=(
            Process(3101, ("/opt/Kingbase/ES/V8/Server/bin/kingbase", "-D", "/opt/Kingbase/ES/V8/data")),
            Process(3102, ("/opt/TongWeb7/jdk/bin/java", "-server", "-classpath", "/opt/TongWeb7/lib/*",
                           "com.tongweb.server.TongServer", "start")),
        ),
        dirs=("opt/Kingbase", "opt/TongWeb7"),
        kernel="4.19.90-2106.3.0.0095.up2.uel20.aarch64",
    ),
    Profile(
        "hygon-openeuler", dengbao="hardened",
        cpu="hwloc_x86_cpuid/Hygon-Dhyana-32cores.tar.bz2", os="openeuler_20.03.json",
        arch="x86_64", dmi_values={"sys_vendor": "Sugon", "product_name": "I620-G30", "product_serial": "SG-LAB-0003"},
        processes=(Process(4101, ("/usr/local/opengauss/bin/gaussdb", "-D", "/var/lib/opengauss/data")),),
        kernel="4.19.90-2003.4.0.0036.oe1.x86_64",
    ),
    Profile(
        "loongson-anolis", dengbao="partial",
        cpu="util-linux_lscpu/loongarch-loongson_3a5000_hv.proc_cpuinfo",
        os="captures/anolis_23_loongarch64_os-release_uname.txt", arch="loongarch64",
    ),
    Profile(
        "zhaoxin-opencloudos", dengbao="default",
        cpu="text_captures/zhaoxin_kx-u6780a_proc_cpuinfo.unwrapped.txt",
        os="captures/opencloudos_8.6_os-release.txt", arch="x86_64",
        processes=(Process(5101, ("/home/admin/oceanbase/bin/observer", "-p", "2881")),),
    ),
    Profile(
        "loongson3a3000-neokylin", cpu="extracted/loongson3a3000_mips64el.1.proc_cpuinfo",
        os="captures/neokylin_v7update6_etc-release.txt", arch="mips64",
    ),
    Profile(
        "kunpeng-centos8", cpu="kunpeng920_hwloc_XA320V2/proc_cpuinfo", os="centos_8_1.json", arch="aarch64",
    ),
    Profile(
        "intel-centos7", dengbao="legacy",
        cpu="util-linux_lscpu/x86_64-dell_e4310.proc_cpuinfo", os="python-distro_centos7/etc",
        arch="x86_64", dmi_values={"sys_vendor": "Dell Inc.", "product_name": "PowerEdge R740",
                                   "product_serial": "DELL-LAB-0007"},
        processes=(
            Process(7101, ("ora_pmon_ORCL",)),
            Process(7102, ("/u01/oracle/jdk/bin/java", "-Dweblogic.Name=AdminServer", "weblogic.Server")),
        ),
        dirs=("u01/app/oracle",),
        kernel="3.10.0-229.el7.x86_64",
    ),
    Profile(
        "amd-ubuntu", dengbao="default",
        cpu="util-linux_lscpu/x86_64-epyc_7451.proc_cpuinfo", os="ubuntu_18.04.json", arch="x86_64",
        dmi_values={"sys_vendor": "Supermicro", "product_name": "AS-2023US-TR4", "product_serial": "SM-LAB-0008"},
        processes=(Process(8101, ("/usr/sbin/mysqld", "--daemonize")),),
        dpkg=("mysql-server-5.7", "openssh-server"),
        kernel="4.15.0-58-generic",
    ),
)


def profile(name: str) -> Profile:
    """Return the profile called ``name``."""
    for p in PROFILES:
        if p.name == name:
            return p
    raise ConfigError(f"no server profile {name!r}", hint=", ".join(p.name for p in PROFILES))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _cpuinfo(corpus: Path, rel: str) -> str:
    path = corpus / "cpu" / rel
    if not rel.endswith(".tar.bz2"):
        return path.read_text()
    # A CPUID register dump: derive the two lines /proc/cpuinfo would print for each PU.
    lines: list[str] = []
    with tarfile.open(path) as tf:
        pus = sorted((m for m in tf.getmembers() if m.name.rsplit("/", 1)[-1].startswith("pu")),
                     key=lambda m: int(m.name.rsplit("pu", 1)[-1]))
        for index, member in enumerate(pus):
            fh = tf.extractfile(member)
            if fh is None:
                continue
            facts = parse_cpuid_dump(fh.read().decode())
            lines += [f"processor\t: {index}", f"vendor_id\t: {facts.vendor}", f"model name\t: {facts.model}",
                      "physical id\t: 0", ""]
    return "\n".join(lines)


def _os_files(corpus: Path, rel: str) -> tuple[dict[str, str], str | None]:
    """Return (files by absolute target path, kernel release) for an OS source."""
    path = corpus / "os" / rel
    if path.suffix == ".json":
        doc = json.loads(path.read_text())
        return dict(doc["input"]), doc.get("platform.release")
    if path.is_dir():
        return {f"/etc/{p.name}": p.read_text() for p in path.iterdir() if p.is_file()}, None
    text = path.read_text()
    os_lines = [ln for ln in text.splitlines() if "=" in ln and ln.split("=", 1)[0].isupper()]
    return {"/etc/os-release": "\n".join(os_lines) + "\n"}, find_kernel_release(text)


def build_root(corpus: Path, prof: Profile, root: Path) -> Path:
    """Lay ``prof`` out under ``root`` and return ``root``.

    Raises:
        ConfigError: If a corpus file the profile names is missing.
    """
    try:
        cpuinfo = _cpuinfo(corpus, prof.cpu)
        os_files, kernel = _os_files(corpus, prof.os)
    except FileNotFoundError as exc:
        raise ConfigError(f"profile {prof.name}: corpus file missing: {exc.filename}",
                          hint="set GOVOPS_CORPUS to the real-device corpus") from exc
    _write(root / "proc/cpuinfo", cpuinfo)
    _write(root / "proc/meminfo", f"MemTotal:       {prof.memory_kb} kB\nMemFree:        1024 kB\n")
    _write(root / "proc/sys/kernel/osrelease", (prof.kernel or kernel or "0.0.0-unknown") + "\n")
    _write(root / "proc/sys/kernel/arch", prof.arch + "\n")
    for target, text in os_files.items():
        _write(root / target.lstrip("/"), text)
    dmi = dict(prof.dmi_values)
    if prof.dmi:
        dmi.update({p.name: p.read_text() for p in (corpus / "cpu" / prof.dmi).iterdir() if p.is_file()})
    for name, value in dmi.items():
        _write(root / "sys/class/dmi/id" / name, value if value.endswith("\n") else value + "\n")
    _write(root / "sys/block/sda/size", "3750748848\n")
    _write(root / "sys/block/sda/queue/rotational", "0\n")
    _write(root / "sys/class/net/eth0/address", "52:54:00:12:34:56\n")
    _write(root / "sys/class/net/eth0/operstate", "up\n")
    _write(root / "sys/class/net/eth0/speed", "10000\n")
    for proc in prof.processes:
        _write(root / f"proc/{proc.pid}/cmdline", "\0".join(proc.argv) + "\0")
        _write(root / f"proc/{proc.pid}/comm", Path(proc.argv[0]).name[:15] + "\n")
    for d in prof.dirs:
        (root / d).mkdir(parents=True, exist_ok=True)
    if prof.dpkg:
        _write(root / "var/lib/dpkg/status",
               "".join(f"Package: {n}\nStatus: install ok installed\nVersion: 1\n\n" for n in prof.dpkg))
    lay_settings(root, prof.dengbao)
    return root
