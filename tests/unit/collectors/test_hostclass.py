"""Host identity for govops_host_info: the inventory's own classifier on the built-in rows.

``classify_host`` runs ``govops.catalog.servers`` (no port): these tests hold its labels to
``classify_server`` over every /proc/cpuinfo and os-release file of the corpus. The same
module under real Python 3.6 to 3.13 inside the zipapp is
``tests/integration/agents/test_zipapp_pythons.py::test_zipapp_classifies_like_the_inventory``.
"""

from __future__ import annotations

from pathlib import Path

from govops.catalog.server_config import default_catalog
from govops.catalog.servers import ServerTexts, classify_server
from govops.collectors.hostclass import classify_host, host_rows


def test_unknown_input_is_a_verdict_not_a_crash() -> None:
    h = classify_host("vendor_id\t: GenuineIntel\nmodel name\t: Xeon\n", "ID=debian\nVERSION_ID=12\n", None, "x86_64")
    assert (h.arch, h.os_version, h.domestic_cpu, h.domestic_os) == ("x86_64", "12", "foreign", "foreign")
    empty = classify_host("", "", None, "")
    assert (empty.domestic_cpu, empty.domestic_os, empty.os_id) == ("unknown", "unknown", "")


def test_host_rows_are_the_built_in_tables() -> None:
    cpus, oses = host_rows()
    assert cpus == default_catalog().cpus and oses == default_catalog().os


def corpus_texts(corpus: Path) -> list[tuple[str, str]]:
    """(cpuinfo, os-release) pairs: every plain cpuinfo and os-release capture of the corpus."""
    cpus = [p for p in sorted((corpus / "cpu").rglob("*proc_cpuinfo*")) if p.suffix != ".gz"]
    oses = sorted((corpus / "os" / "captures").glob("*os-release*"))
    return [(p.read_text(errors="replace"), "") for p in cpus] + [("", p.read_text(errors="replace")) for p in oses]


def expected_labels(cpuinfo: str, os_release: str) -> tuple[str, str, str, str]:
    """What the inventory's classifier says of the same texts."""
    texts = ServerTexts(cpu_texts={"/proc/cpuinfo": cpuinfo}, os_release=os_release or None)
    full = classify_server(texts, catalog=default_catalog())
    return (full.cpu.vendor or "", full.cpu.verdict.verdict, full.os.id or "", full.os.verdict.verdict)


def test_host_labels_are_the_inventory_verdicts(corpus: Path) -> None:
    pairs = corpus_texts(corpus)
    assert len(pairs) > 10
    for cpuinfo, os_release in pairs:
        h = classify_host(cpuinfo, os_release)
        assert (h.cpu_vendor, h.domestic_cpu, h.os_id, h.domestic_os) == expected_labels(cpuinfo, os_release)
