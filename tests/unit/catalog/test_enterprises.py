"""The IANA enterprise registry as data: complete, current, and never a country it does not know."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.catalog import enterprises
from govops.catalog.enterprises import AGENT_ENTERPRISES, enterprise_names, enterprise_of, registry_date
from govops.catalog.vendors import classify_device, load_vendors, registry_vendor
from govops.errors import CatalogError
from tests.conftest import missing_part
from tests.scripts import load_script

SYSTEM_REGISTRY = Path("/usr/share/wireshark/enterprises.tsv")


def test_registry_names_every_assigned_number() -> None:
    names = enterprise_names()
    assert len(names) > 60_000
    assert names[2011].startswith("HUAWEI") and names[25506] == "H3C" and names[9] == "ciscoSystems"
    assert registry_date() >= "2024-01-01"
    # The source's third column ("# formerly ...") is a remark, not part of the name.
    assert names[9303] == "Waystream AB"
    assert not [n for n in names.values() if "\t" in n or "# formerly" in n]


def test_generated_copy_is_current() -> None:
    if not SYSTEM_REGISTRY.exists():
        missing_part(f"libwireshark-data is not installed ({SYSTEM_REGISTRY})")
    gen = load_script("gen_enterprises")
    fresh = gen.generate(SYSTEM_REGISTRY).splitlines()[1:]
    assert [f"{k}\t{v}" for k, v in enterprise_names().items()] == fresh, "run scripts/gen_enterprises.py"


def test_every_catalogue_enterprise_is_registered_and_no_agent_number_is_a_vendor() -> None:
    names = enterprise_names()
    for row in load_vendors().rows.values():
        for pen in row.enterprises:
            assert pen in names or pen > 999_999, (row.id, pen)  # Dahua answers an unregistered 1004849
            assert pen not in AGENT_ENTERPRISES, (row.id, pen)


def test_registered_maker_without_country_is_named_but_unknown() -> None:
    oid = "1.3.6.1.4.1.14752.1"  # Proware (RAID subsystems): registered, country not in the catalogue
    v = classify_device(load_vendors(), sys_object_id=oid, texts={"sys_descr": "Linux vmware-hosted appliance"})
    assert v.verdict == "unknown" and v.subject is None
    assert "Proware" in v.evidence[0].rule and "country is not in the vendor catalogue" in v.evidence[0].rule
    assert registry_vendor(oid) == "Proware Technology Corp."


@pytest.mark.parametrize("oid", ["1.3.6.1.4.1.8072.3.2.10", "1.3.6.1.4.1.4413", "1.3.6.1.4.1.6603.0", "1.3.6.1.4.1.0"])
def test_agent_software_numbers_name_no_maker(oid: str) -> None:
    assert registry_vendor(oid) is None
    v = classify_device(load_vendors(), sys_object_id=oid)
    assert v.verdict == "unknown" and "names no maker" in v.evidence[0].rule


@pytest.mark.parametrize("oid", ["", "1.3.6.1.2.1.33", "1.3.6.1.4.1", "1.3.6.1.4.1.x", ".1.3.6.1.4.1.-5", "garbage"])
def test_malformed_sys_object_id_has_no_enterprise(oid: str) -> None:
    assert enterprise_of(oid) is None
    assert classify_device(load_vendors(), sys_object_id=oid).evidence == ()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the enterprise registry"),
        (b"", ":1: not the generated registry"),
        (b"9\tciscoSystems\n", ":1: not the generated registry"),
        (b"# IANA registry of 2024-08-23, from x\n9\tcisco\n2011\tHUA\xffWEI\n", ":3: not UTF-8 text"),
    ],
)
def test_a_broken_registry_is_a_catalogue_error_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None, message: str
) -> None:
    path = tmp_path / "enterprises.tsv"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(enterprises, "REGISTRY_FILE", path)
    enterprises._registry_bytes.cache_clear()
    enterprises.enterprise_name.cache_clear()
    try:
        with pytest.raises(CatalogError, match=message) as exc:
            enterprises.enterprise_name(2011)
        assert str(path) in str(exc.value)
    finally:
        enterprises._registry_bytes.cache_clear()
        enterprises.enterprise_name.cache_clear()


def test_a_registry_beyond_its_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "enterprises.tsv"
    path.write_bytes(b"# IANA registry of 2024-08-23, from x\n9\tcisco\n")
    monkeypatch.setattr(enterprises, "MAX_REGISTRY_BYTES", 16)
    with pytest.raises(CatalogError, match=r"enterprises\.tsv: the enterprise registry is 46 bytes, more than the 16"):
        enterprises.read_registry(path, "enterprise registry", "scripts/gen_enterprises.py")
    monkeypatch.setattr(enterprises, "MAX_REGISTRY_BYTES", 46)  # at the limit: read
    assert enterprises.read_registry(path, "enterprise registry", "scripts/gen_enterprises.py").endswith(b"cisco\n")


def test_a_lookup_reads_the_line_of_that_number_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "enterprises.tsv"
    path.write_bytes(b"# IANA registry of 2024-08-23, from x\n1\tOne\n11\tEleven\n111\tOne hundred and eleven")
    monkeypatch.setattr(enterprises, "REGISTRY_FILE", path)
    enterprises._registry_bytes.cache_clear()
    enterprises.enterprise_name.cache_clear()
    try:
        assert [enterprises.enterprise_name(n) for n in (1, 11, 111, 2, 1111)] == [
            "One", "Eleven", "One hundred and eleven", None, None
        ]
    finally:
        enterprises._registry_bytes.cache_clear()
        enterprises.enterprise_name.cache_clear()
