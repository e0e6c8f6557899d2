"""The IEEE OUI registry as data, and the maker a device's interface addresses name (with made-up addresses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.catalog import ouis
from govops.catalog.ouis import maker_oui, oui_name, oui_of
from govops.catalog.vendors import ADDRESS_FIELD, classify_device, load_vendors
from govops.errors import CatalogError
from tests.conftest import missing_part
from tests.scripts import load_script

SYSTEM_REGISTRY = Path("/usr/share/wireshark/manuf")


def test_registry_names_assigned_ouis_and_not_the_ieee_subdivided_blocks() -> None:
    assert oui_name("00000C") == "Cisco Systems, Inc"
    assert oui_name("00e0fc") == "Huawei Technologies Co.,Ltd"
    assert oui_name("000FE2") == "Hangzhou H3C Technologies Co., Limited"
    text = ouis.REGISTRY_FILE.read_text(encoding="utf-8")
    assert "IEEE Registration Authority" not in text  # /28 and /36 blocks name nobody at 24 bits
    keys = [line.split("\t", 1)[0] for line in text.splitlines()[1:]]
    assert len(keys) > 30_000 and keys == sorted(set(keys)), "one line per OUI, sorted"
    assert all(len(k) == 6 and k == k.upper() for k in keys)


def test_generated_copy_is_current() -> None:
    if not SYSTEM_REGISTRY.exists():
        missing_part(f"libwireshark-data is not installed ({SYSTEM_REGISTRY})")
    gen = load_script("gen_ouis")
    assert gen.generate(SYSTEM_REGISTRY) == ouis.REGISTRY_FILE.read_text(encoding="utf-8"), "run scripts/gen_ouis.py"


@pytest.mark.parametrize(
    ("address", "oui"),
    [
        ("00:1b:4d:01:02:03", "001B4D"),
        ("00-1B-4D-01-02-03", "001B4D"),
        ("001b.4d01.0203", "001B4D"),
        ("001B4D010203", "001B4D"),
        ("01:00:5e:00:00:01", None),  # group (multicast) address
        ("02:42:ac:11:00:02", None),  # locally administered (a container's bridge)
        ("ff:ff:ff:ff:ff:ff", None),
        ("00:00:00:00:00:00", None),  # unset
        ("00:00:00:12:34:56", None),
        ("00:1b:4d:01:02", None),  # five octets
        ("00:1b:4d:01:02:03:04:05", None),  # eight (an EUI-64 is no interface MAC here)
        ("zz:1b:4d:01:02:03", None),
        ("", None),
        (None, None),
        ("0" * 100_000, None),  # hostile length: not scanned
    ],
)
def test_oui_of_a_globally_unique_unicast_address_only(address: str | None, oui: str | None) -> None:
    assert oui_of(address) == oui


@pytest.mark.parametrize("oui", ["", "00", "00000", "0000000", "GGGGGG", "00:00:0C", "\n0000C"])
def test_a_malformed_oui_names_nobody(oui: str) -> None:
    assert oui_name(oui) is None


def test_the_maker_most_addresses_carry_leaving_out_chips_and_hypervisors() -> None:
    huawei, cisco = "00:e0:fc:00:00:0{}", "00:00:0c:00:00:0{}"
    assert maker_oui([cisco.format(1), huawei.format(1), huawei.format(2)]) == ouis.OuiMaker(
        "00E0FC", "Huawei Technologies Co.,Ltd", 2
    )
    # On a tie, the first address met.
    maker = maker_oui([cisco.format(1), huawei.format(1)])
    assert maker is not None and maker.oui == "00000C" and maker.rule == "IEEE OUI 00:00:0C of 1 interface address(es)"
    # VMware (a virtual machine's interfaces) and Intel (a network chip) name no maker, however many.
    vm = ["00:50:56:00:00:01", "00:50:56:00:00:02", "00:1b:21:00:00:01"]
    assert maker_oui(vm) is None
    assert maker_oui([*vm, huawei.format(3)]) == ouis.OuiMaker("00E0FC", "Huawei Technologies Co.,Ltd", 1)
    assert maker_oui([]) is None and maker_oui([None, "", "02:00:00:00:00:01"]) is None


def test_addresses_name_the_maker_only_where_no_number_does() -> None:
    cat = load_vendors()
    # A chip SDK's default sysObjectID names nobody: the interfaces' maker does.
    v = classify_device(cat, sys_object_id="1.3.6.1.4.1.27282.3.2.10", texts={ADDRESS_FIELD: "Ubiquiti Inc"})
    assert v.subject == "ubiquiti" and v.evidence[0].field == ADDRESS_FIELD
    # A catalogue maker's number, or one the registry gives an owner, outranks the addresses.
    v = classify_device(cat, sys_object_id="1.3.6.1.4.1.2011.2.23.1", texts={ADDRESS_FIELD: "Ubiquiti Inc"})
    assert v.subject == "huawei"
    v = classify_device(cat, sys_object_id="1.3.6.1.4.1.14752.1", texts={ADDRESS_FIELD: "Ubiquiti Inc"})
    assert v.subject is None and v.verdict == "unknown"
    # ... and so does a vendor MIB the agent answers that the registry gives an owner (an appliance's own MIB on
    # a server whose network card's maker the addresses name).
    v = classify_device(cat, sys_object_id="1.3.6.1.4.1.8072.3.2.10", texts={ADDRESS_FIELD: "Ubiquiti Inc"},
                        enterprises=(14752,))
    assert v.subject is None
    # A name merely containing a maker's alias further on names nobody.
    v = classify_device(cat, sys_object_id="1.3.6.1.4.1.8072.3.2.10", texts={ADDRESS_FIELD: "Acme for Huawei"})
    assert v.subject is None


def test_an_oem_cards_number_yields_to_the_ups_maker_its_addresses_name() -> None:
    cat = load_vendors()
    card = "1.3.6.1.4.1.935.10.2"  # a Phoenixtec NetAgent card
    v = classify_device(cat, sys_object_id=card, texts={ADDRESS_FIELD: "Eaton Corporation"},
                        platform=("phoenixtec_netagent", "phoenixtec", "test"))
    assert v.subject == "eaton"
    assert classify_device(cat, sys_object_id=card, platform=("phoenixtec_netagent", "phoenixtec", "t")).subject == (
        "phoenixtec"
    )
    # The maker the UPS states outranks both.
    v = classify_device(cat, sys_object_id=card, texts={"manufacturer": "INVT", ADDRESS_FIELD: "Eaton Corporation"})
    assert v.subject == "invt"
    # Not a card's number: the platform's maker stays.
    v = classify_device(cat, sys_object_id="1.3.6.1.4.1.318.1", texts={ADDRESS_FIELD: "Eaton Corporation"},
                        platform=("apc_powernet", "apc", "test"))
    assert v.subject == "apc"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read the OUI registry"),
        (b"", ":1: not the generated registry"),
        (b"00000C\tCisco\n", ":1: not the generated registry"),
        (b"# IEEE MA-L\n00000C\tCisco\n00E0FC\tHua\xffwei\n", ":3: not UTF-8 text"),
    ],
)
def test_a_broken_registry_is_a_catalogue_error_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None, message: str
) -> None:
    path = tmp_path / "ouis.tsv"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(ouis, "REGISTRY_FILE", path)
    ouis._registry_bytes.cache_clear()
    ouis.oui_name.cache_clear()
    try:
        with pytest.raises(CatalogError, match=message) as exc:
            oui_name("00E0FC")
        assert str(path) in str(exc.value)
    finally:
        ouis._registry_bytes.cache_clear()
        ouis.oui_name.cache_clear()
