"""Host identity for govops_host_info: the 3.7 port of the classifier's CPU/OS scoring.

The port runs inside the zipapp where ``govops.catalog.servers`` (Python 3.10+) cannot; the
conformance test holds it to that classifier over every /proc/cpuinfo and os-release file of
the corpus, and runs as soon as the classifier (issue 5) is on the branch.
"""

from __future__ import annotations

from pathlib import Path

from govops.collectors.hostclass import (
    classify_cpu_facts,
    classify_host,
    classify_os_release,
    parse_cpuinfo,
    parse_os_release,
)

CPU_ROWS = [
    {"id": "huawei-kunpeng", "vendor": "HiSilicon", "family": "Kunpeng", "domestic": True, "archs": ["aarch64"],
     "implementer": "0x48", "parts": ["0xd01"]},
    {"id": "intel-x86", "vendor": "Intel", "family": "Xeon", "domestic": False, "archs": ["x86_64"],
     "vendor_ids": ["GenuineIntel"]},
    {"id": "loongson-la", "vendor": "Loongson", "family": "3A5000", "domestic": True, "archs": ["loongarch64"],
     "model_names": ["Loongson-3A5", "Loongson-3C5"]},
    {"id": "phytium", "vendor": "Phytium", "family": "FT", "domestic": True, "archs": ["aarch64"],
     "implementer": "0x70"},
    {"id": "zhaoxin", "vendor": "Zhaoxin", "family": "KX", "domestic": True, "vendor_ids": ["CentaurHauls",
     "Shanghai"], "model_names": ["ZHAOXIN"]},
    {"id": "via", "vendor": "VIA", "family": "Nano", "domestic": False, "vendor_ids": ["CentaurHauls"],
     "model_names": ["VIA"]},
]
OS_ROWS = [
    {"id": "anolis", "name": "Anolis OS", "domestic": True, "ids": ["anolis"], "name_patterns": ["Anolis OS"],
     "kernel_suffixes": ["an8"]},
    {"id": "kylin", "name": "Kylin", "domestic": True, "ids": ["kylin"], "kernel_suffixes": ["ky10"]},
    {"id": "debian", "name": "Debian", "domestic": False, "ids": ["debian"]},
]


def test_parse_and_match_corpus_cpus(corpus: Path) -> None:
    cases = {
        "cpu/extracted/loongson3a5000_loongarch64_newworld.1.proc_cpuinfo": ("loongson-la", "loongarch64"),
        "cpu/text_captures/phytium_ft2000_proc_cpuinfo_head.txt": ("phytium", "aarch64"),
        "cpu/text_captures/zhaoxin_kx-u6780a_proc_cpuinfo.unwrapped.txt": ("zhaoxin", "x86_64"),
    }
    for rel, (row_id, arch) in cases.items():
        facts = parse_cpuinfo((corpus / rel).read_text(errors="replace"))
        assert facts.get("arch") == arch, rel
        row = classify_cpu_facts(facts, CPU_ROWS)
        assert row is not None and row["id"] == row_id, (rel, facts)


def test_contradicting_keys_rule_a_row_out() -> None:
    kunpeng = {"implementer": "0x48", "part": "0xd01", "arch": "aarch64"}
    assert classify_cpu_facts(kunpeng, CPU_ROWS)["id"] == "huawei-kunpeng"  # type: ignore[index]
    assert classify_cpu_facts({"implementer": "0x48", "part": "0xd99"}, CPU_ROWS) is None
    assert classify_cpu_facts({"vendor": "GenuineIntel", "arch": "aarch64"}, CPU_ROWS) is None
    assert classify_cpu_facts({}, CPU_ROWS) is None


def test_os_release_scoring(corpus: Path) -> None:
    release = parse_os_release((corpus / "os/captures/anolis_8.8_os-release.txt").read_text())
    assert release["ID"] == "anolis"
    assert classify_os_release(release, None, OS_ROWS)["id"] == "anolis"  # type: ignore[index]
    # The kernel suffix alone still names Kylin when os-release is missing.
    assert classify_os_release({}, "4.19.90-24.4.v2101.ky10.aarch64", OS_ROWS)["id"] == "kylin"  # type: ignore[index]
    assert classify_os_release({"ID": "plan9"}, None, OS_ROWS) is None


def test_unknown_without_catalogue_data_is_not_a_crash() -> None:
    h = classify_host("vendor_id\t: GenuineIntel\nmodel name\t: Xeon\n", "ID=debian\nVERSION_ID=12\n", None, "x86_64",
                      prefer_port=True)
    assert (h.arch, h.os_version, h.classifier) == ("x86_64", "12", "port")
    assert h.domestic_cpu in ("foreign", "unknown")


def _corpus_pairs(corpus: Path) -> list[Path]:
    cpus = sorted((corpus / "cpu").rglob("*proc_cpuinfo*"))
    return [p for p in cpus if p.suffix != ".gz"]


def test_port_agrees_with_the_inventory_classifier(corpus: Path) -> None:
    checked = 0
    for path in _corpus_pairs(corpus):
        text = path.read_text(errors="replace")
        full = classify_host(text, "", None, "")
        port = classify_host(text, "", None, "", prefer_port=True)
        # The inventory's classifier must really have run, or the port is compared with itself.
        assert (full.classifier, port.classifier) == ("catalog", "port"), path
        assert (port.domestic_cpu, port.cpu_vendor) == (full.domestic_cpu, full.cpu_vendor), path
        checked += 1
    for path in sorted((corpus / "os" / "captures").glob("*os-release*")):
        text = path.read_text(errors="replace")
        full = classify_host("", text, None, "")
        port = classify_host("", text, None, "", prefer_port=True)
        assert (full.classifier, port.classifier) == ("catalog", "port"), path
        assert (port.domestic_os, port.os_id) == (full.domestic_os, full.os_id), path
        checked += 1
    assert checked > 10
