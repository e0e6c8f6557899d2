"""Every OS and CPU file of the real-device corpus classifies right.

Each corpus file belongs to exactly one case below; a new file in the corpus without a
case fails `test_every_corpus_file_has_a_case`, so nothing is silently skipped. The
Ansible fixtures carry Ansible's own answer: we assert ours and print where they differ.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from govops.catalog.server_config import default_catalog
from govops.catalog.server_text import (
    CpuFacts,
    find_kernel_release,
    parse_cpuid_dump,
    parse_hwloc_topology,
)
from govops.catalog.servers import ServerClassification, ServerTexts, classify_server

CAT = default_catalog()

# ----------------------------------------------------------------------------- CPU


@dataclass(frozen=True)
class CpuCase:
    files: tuple[str, ...]  # relative to corpus/cpu; the first is what is read
    reader: str  # text | hwloc | cpuid_tar | hwloc_test | lscpu_tar | machine_dir
    verdict: str
    row: str | None
    arch: str | None


def C(reader: str, verdict: str, row: str | None, arch: str | None, *files: str) -> CpuCase:
    return CpuCase(tuple(files), reader, verdict, row, arch)


HW = "hwloc_x86_cpuid/"
UL = "util-linux_lscpu/"
TC = "text_captures/"
KP = "kunpeng920_hwloc_XA320V2/"
CPU_CASES = [
    C("text", "domestic", "loongson-loongarch", "loongarch64", "extracted/cpu_features_loongson.1.proc_cpuinfo"),
    C("text", "domestic", "loongson-loongarch", "loongarch64", "extracted/cpu_features_loongson.2.proc_cpuinfo"),
    C("text", "domestic", "loongson-mips", "mips64", "extracted/loongson3a3000_mips64el.1.proc_cpuinfo"),
    C("text", "domestic", "loongson-loongarch", "loongarch64",
      "extracted/loongson3a5000_loongarch64_newworld.1.proc_cpuinfo"),
    C("text", "domestic", "loongson-loongarch", "loongarch64",
      "extracted/loongson3a5000_loongarch64_oldworld.1.proc_cpuinfo"),
    C("hwloc", "domestic", "hygon-c86", "x86_64", HW + "Hygon-Dhyana-32cores.xml"),
    C("cpuid_tar", "domestic", "hygon-c86", "x86_64", HW + "Hygon-Dhyana-32cores.tar.bz2"),
    C("hwloc_test", "domestic", "hygon-c86", "x86_64", HW + "Hygon-Dhyana-32cores.test"),
    C("hwloc", "domestic", "zhaoxin-centaur", "x86_64", HW + "Zhaoxin-2xCentaurHauls-KaiSheng-KH-40000.xml"),
    C("cpuid_tar", "domestic", "zhaoxin-centaur", "x86_64", HW + "Zhaoxin-2xCentaurHauls-KaiSheng-KH-40000.tar.bz2"),
    C("hwloc_test", "domestic", "zhaoxin-centaur", "x86_64", HW + "Zhaoxin-2xCentaurHauls-KaiSheng-KH-40000.test"),
    C("hwloc", "domestic", "zhaoxin-centaur", "x86_64", HW + "Zhaoxin-CentaurHauls-ZXD-4600.xml"),
    C("cpuid_tar", "domestic", "zhaoxin-centaur", "x86_64", HW + "Zhaoxin-CentaurHauls-ZXD-4600.tar.bz2"),
    C("hwloc_test", "domestic", "zhaoxin-centaur", "x86_64", HW + "Zhaoxin-CentaurHauls-ZXD-4600.test"),
    C("hwloc", "domestic", "zhaoxin-shanghai", "x86_64", HW + "Zhaoxin-Shanghai-KaiSheng-ZXC+-FC1081.xml"),
    C("cpuid_tar", "domestic", "zhaoxin-shanghai", "x86_64", HW + "Zhaoxin-Shanghai-KaiSheng-ZXC+-FC1081.tar.bz2"),
    C("hwloc_test", "domestic", "zhaoxin-shanghai", "x86_64", HW + "Zhaoxin-Shanghai-KaiSheng-ZXC+-FC1081.test"),
    C("hwloc", "domestic", "hisilicon-kunpeng-920", "aarch64", KP + "hwloc_lstopo.console"),
    C("machine_dir", "domestic", "hisilicon-kunpeng-920", "aarch64", KP + "proc_cpuinfo", KP + "proc_meminfo",
      KP + "proc_version", *(f"{KP}dmi_id/{n}" for n in (
          "bios_date", "bios_release", "bios_vendor", "bios_version", "board_asset_tag", "board_name",
          "board_serial", "board_vendor", "board_version", "chassis_asset_tag", "chassis_serial", "chassis_type",
          "chassis_vendor", "chassis_version", "modalias", "product_family", "product_name", "product_serial",
          "product_sku", "product_uuid", "product_version", "sys_vendor", "uevent"))),
    C("text", "domestic", "hygon-c86", "x86_64", TC + "hygon_c86_7280_lscpu_zh_CN.txt"),
    # lscpu of this vintage prints no vendor on ARM: aarch64 alone names no maker, so unknown is right.
    C("text", "unknown", None, "aarch64", TC + "kunpeng920_4826_lscpu_numactl.txt"),
    C("text", "domestic", "phytium-ftc660", "aarch64", TC + "phytium_ft1500a_proc_cpuinfo_head.txt"),
    C("text", "domestic", "phytium-ftc662", "aarch64", TC + "phytium_ft2000_proc_cpuinfo_head.txt"),
    C("text", "domestic", "phytium-ftc663", "aarch64", TC + "phytium_ft2500_dmidecode_processor_and_midr.txt"),
    C("text", "unknown", None, "aarch64", TC + "phytium_ft2500_lscpu.txt"),
    C("text", "domestic", "zhaoxin-centaur", "x86_64", TC + "zhaoxin_kx-u6780a_proc_cpuinfo.email-wrapped.txt"),
    C("text", "domestic", "zhaoxin-centaur", "x86_64", TC + "zhaoxin_kx-u6780a_proc_cpuinfo.unwrapped.txt"),
    C("text", "domestic", "loongson-loongarch", "loongarch64", UL + "loongarch-kvm_on_loongson_3c6000.proc_cpuinfo"),
    C("lscpu_tar", "domestic", "loongson-loongarch", "loongarch64", UL + "loongarch-kvm_on_loongson_3c6000.tar.gz"),
    C("text", "domestic", "loongson-loongarch", "loongarch64", UL + "lscpu-loongarch-kvm_on_loongson_3c6000.expected"),
    C("text", "domestic", "loongson-loongarch", "loongarch64", UL + "loongarch-loongson_3a5000_hv.proc_cpuinfo"),
    C("lscpu_tar", "domestic", "loongson-loongarch", "loongarch64", UL + "loongarch-loongson_3a5000_hv.tar.gz"),
    C("text", "domestic", "loongson-loongarch", "loongarch64", UL + "lscpu-loongarch-loongson_3a5000_hv.expected"),
    C("text", "foreign", "intel-x86", "x86_64", UL + "lscpu-x86_64-dell_e4310.expected"),
    C("text", "foreign", "intel-x86", "x86_64", UL + "x86_64-dell_e4310.proc_cpuinfo"),
    C("text", "foreign", "amd-x86", "x86_64", UL + "lscpu-x86_64-epyc_7451.expected"),
    C("text", "foreign", "amd-x86", "x86_64", UL + "x86_64-epyc_7451.proc_cpuinfo"),
]


def _read_cpu_case(root: Path, case: CpuCase) -> ServerTexts:
    path = root / case.files[0]
    readers: dict[str, Callable[[], ServerTexts]] = {
        "text": lambda: ServerTexts(cpu_texts={str(path): path.read_text()}),
        "hwloc": lambda: ServerTexts(cpu_facts=(parse_hwloc_topology(path.read_text()),)),
        "cpuid_tar": lambda: ServerTexts(cpu_facts=(_cpuid_from_tar(path),)),
        "hwloc_test": lambda: ServerTexts(cpu_facts=(_hwloc_test_target(path),)),
        "lscpu_tar": lambda: ServerTexts(cpu_texts={str(path): _member(path, "/proc/cpuinfo")}),
        "machine_dir": lambda: ServerTexts(
            cpu_texts={str(path): path.read_text()},
            kernel_release=(root / case.files[2]).read_text().split()[2],
            dmi={p.name: p.read_text().strip() for p in (path.parent / "dmi_id").iterdir()},
        ),
    }
    return readers[case.reader]()


def _member(tar: Path, suffix: str) -> str:
    with tarfile.open(tar) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith(suffix))
        fh = tf.extractfile(member)
        assert fh is not None
        return fh.read().decode()


def _cpuid_from_tar(tar: Path) -> CpuFacts:
    return parse_cpuid_dump(_member(tar, "/pu0"))


def _hwloc_test_target(test: Path) -> CpuFacts:
    # hwloc's .test files name the dump ("source:") and the expected topology ("target:").
    target = re.search(r"^target:\s*(\S+)", test.read_text(), re.MULTILINE)
    assert target, f"{test}: no target line"
    return parse_hwloc_topology((test.parent / target.group(1)).read_text())


@pytest.mark.parametrize("case", CPU_CASES, ids=[c.files[0] for c in CPU_CASES])
def test_cpu_corpus_file_classifies_right(corpus: Path, case: CpuCase) -> None:
    result = classify_server(_read_cpu_case(corpus / "cpu", case), catalog=CAT)
    assert result.cpu.verdict.verdict == case.verdict, result.cpu
    assert result.cpu.row_id == case.row
    assert result.cpu.arch == case.arch
    assert result.cpu.verdict.evidence, "every verdict carries its evidence"


def test_kunpeng_machine_dir_gives_hardware_and_counts(corpus: Path) -> None:
    case = next(c for c in CPU_CASES if c.reader == "machine_dir")
    result = classify_server(_read_cpu_case(corpus / "cpu", case), catalog=CAT)
    assert result.hardware.row_id == "huawei"
    assert result.hardware.verdict.verdict == "domestic"
    assert result.hardware.serial == "2102312MEA10K9000003"
    assert result.hardware.product == "XA320 V2"
    assert result.cpu.logical == 128
    assert result.verdict == "unknown"  # no OS in a CPU dump: the default policy needs both


# ----------------------------------------------------------------------------- OS


@dataclass(frozen=True)
class OsCase:
    files: tuple[str, ...]
    verdict: str
    os_id: str | None
    version: str | None


OS_CASES = [
    OsCase(("almalinux_8_3_beta.json",), "foreign", "almalinux", "8.3"),
    OsCase(("centos_6.7.json",), "foreign", "centos", "6.7"),
    OsCase(("centos_8_1.json",), "foreign", "centos", "8.1.1911"),
    OsCase(("centos_stream_8.json",), "foreign", "centos", "8"),
    OsCase(("debian_10.json",), "foreign", "debian", "10"),
    OsCase(("deepin_20.4.json",), "domestic", "deepin", "20.4"),
    OsCase(("kylin_linux_advanced_server_v10.json",), "domestic", "kylin", "V10"),
    OsCase(("miracle_linux_9.json",), "foreign", "miraclelinux", "9.2"),
    OsCase(("openeuler_20.03.json",), "domestic", "openeuler", "20.03"),
    OsCase(("redhat_7.2.json",), "foreign", "rhel", "7.2"),
    OsCase(("redhat_7.7.json",), "foreign", "rhel", "7.7"),
    OsCase(("rockylinux_8_3.json",), "foreign", "rocky", "8.3"),
    OsCase(("tencentos_3_1.json",), "domestic", "tencentos", "3.1"),
    OsCase(("ubuntu_18.04.json",), "foreign", "ubuntu", "18.04"),
    OsCase(("uniontech_os_server_20_uel20.json",), "domestic", "uos-server-uel", "20"),
    OsCase(("uniontech_os_server_20_uelc20.json",), "domestic", "uos-server-uelc", "20"),
    OsCase(("uos_20.json",), "domestic", "uos", "20"),
    OsCase(tuple(f"python-distro_centos7/etc/{n}" for n in ("os-release", "centos-release", "redhat-release",
                                                            "system-release")), "foreign", "centos", "7.1.1503"),
    OsCase(("captures/alinux_3_soaring_falcon_os-release.txt",), "domestic", "alinux", "3"),
    OsCase(("captures/alinux_4_pro_os-release.txt",), "domestic", "alinux", "4"),
    OsCase(("captures/anolis_23_loongarch64_os-release_uname.txt",), "domestic", "anolis", "23"),
    OsCase(("captures/anolis_7.9_os-release.txt",), "domestic", "anolis", "7.9"),
    OsCase(("captures/anolis_8.8_os-release.txt",), "domestic", "anolis", "8.8"),
    OsCase(("captures/euleros_2.0_sp10_os-release.txt",), "domestic", "euleros", "2.0"),
    OsCase(("captures/euleros_2.0_sp8_aarch64_os-release.txt",), "domestic", "euleros", "2.0"),
    OsCase(("captures/euleros_2.0_sp9x86_64_os-release.txt",), "domestic", "euleros", "2.0"),
    OsCase(("captures/neokylin_6.5_lsb_release_issue.txt",), "domestic", "neokylin", "6.5"),
    OsCase(("captures/neokylin_v7update6_etc-release.txt",), "domestic", "neokylin", "V7Update6"),
    OsCase(("captures/neokylin_v7update6_productinfo_nkvers.txt",), "domestic", "neokylin", "V7Update6"),
    OsCase(("captures/opencloudos_8.5_os-release_uname.txt",), "domestic", "opencloudos", "8.5"),
    OsCase(("captures/opencloudos_8.6_os-release.txt",), "domestic", "opencloudos", "8.6"),
    OsCase(("captures/opencloudos_9.0_container_os-release.txt",), "domestic", "opencloudos", "9.0"),
    OsCase(("captures/opencloudos_stream_23_riscv64_os-release.txt",), "domestic", "opencloudos", "23"),
]


def _read_os_case(root: Path, case: OsCase) -> tuple[ServerTexts, dict[str, str]]:
    first = root / case.files[0]
    if first.suffix == ".json":
        doc = json.loads(first.read_text())
        files: dict[str, str] = doc["input"]
        os_release = files.get("/etc/os-release") or files.get("/usr/lib/os-release")
        others = {k: v for k, v in files.items() if not k.endswith("os-release")}
        texts = ServerTexts(os_release=os_release, release_files=others, kernel_release=doc.get("platform.release"))
        return texts, doc["result"]
    if first.name == "os-release":
        others = {str(root / f): (root / f).read_text() for f in case.files[1:]}
        return ServerTexts(os_release=first.read_text(), release_files=others), {}
    # A terminal capture: os-release lines, release statements and uname output in one paste.
    text = first.read_text()
    return ServerTexts(os_release=text, release_files={str(first): text},
                       kernel_release=find_kernel_release(text)), {}


def _differences(ours: ServerClassification, ansible: dict[str, str]) -> list[str]:
    notes = []
    if ansible.get("distribution_version") != ours.os.version:
        notes.append(f"version: Ansible {ansible.get('distribution_version')!r}, govops {ours.os.version!r}")
    family = {"rpm": "RedHat", "deb": "Debian"}.get(ours.os.family or "")
    if family and ansible.get("os_family") != family:
        notes.append(f"family: Ansible {ansible.get('os_family')!r}, govops {ours.os.family!r}")
    if ours.os.family is None:
        notes.append(f"family: Ansible says {ansible.get('os_family')!r}; govops leaves it open (no PLATFORM_ID)")
    notes.append(f"domestic: Ansible has no such fact; govops {ours.os.verdict.verdict}")
    return notes


@pytest.mark.parametrize("case", OS_CASES, ids=[c.files[0] for c in OS_CASES])
def test_os_corpus_file_classifies_right(corpus: Path, case: OsCase) -> None:
    texts, ansible = _read_os_case(corpus / "os", case)
    result = classify_server(texts, catalog=CAT)
    assert result.os.verdict.verdict == case.verdict, result.os
    assert result.os.id == case.os_id
    assert result.os.version == case.version
    assert result.os.verdict.evidence
    if ansible:
        for note in _differences(result, ansible):
            print(f"{case.files[0]}: {note}")


def test_uos_family_is_where_ansible_goes_wrong(corpus: Path) -> None:
    texts, ansible = _read_os_case(corpus / "os", OsCase(("uniontech_os_server_20_uel20.json",), "", None, None))
    result = classify_server(texts, catalog=CAT)
    assert result.os.family == "rpm"
    assert ansible["os_family"] == "RedHat"
    texts, ansible = _read_os_case(corpus / "os", OsCase(("uos_20.json",), "", None, None))
    assert ansible["os_family"] == "Debian"  # Ansible's guess; without PLATFORM_ID govops does not guess
    assert classify_server(texts, catalog=CAT).os.family is None


# ----------------------------------------------------------------------------- coverage


def test_every_corpus_file_has_a_case(corpus: Path) -> None:
    def files(sub: str) -> set[str]:
        root = corpus / sub
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != "SOURCES.tsv"}

    cpu_cases = {f for c in CPU_CASES for f in c.files}
    os_cases = {f for c in OS_CASES for f in c.files}
    assert files("cpu") - cpu_cases == set()
    assert files("os") - os_cases == set()
    assert cpu_cases - files("cpu") == set()
    assert os_cases - files("os") == set()
