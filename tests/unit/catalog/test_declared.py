"""The declared-facts classifier: ledger words -> the catalogue's verdicts, with the row as evidence."""

from __future__ import annotations

import pytest

from govops.catalog.declared import Declared, classify_declared


@pytest.mark.parametrize(
    ("declared", "verdict", "subjects"),
    [
        (Declared("server", "Huawei", "TaiShan 200", "HiSilicon", "Kunpeng 920", "Kylin", "V10"), "domestic",
         {"vendor": "huawei", "cpu": "hisilicon-kunpeng-920", "os": "kylin"}),
        (Declared("server", "Sugon", "I620-G30", "Hygon", "C86 7285", "openEuler", "22.03 LTS"), "domestic",
         {"cpu": "hygon-c86", "os": "openeuler"}),
        (Declared("server", "浪潮", "NF5280M5", None, "海光 7285", "统信 UOS", "20"), "domestic",
         {"vendor": "inspur", "cpu": "hygon-c86", "os": "uos"}),
        (Declared("server", "Dell", "R740", "GenuineIntel", "Intel(R) Xeon(R) Gold 6248", "CentOS", "7.9"), "foreign",
         {"vendor": "dell", "cpu": "intel-x86", "os": "centos"}),
        # Domestic CPU, OS not declared: the server policy (CPU and OS) cannot decide.
        (Declared("server", "Huawei", None, None, "Kunpeng 920"), "unknown", {"cpu": "hisilicon-kunpeng-920"}),
        (Declared("switch", "新华三", "S5560X"), "domestic", {"vendor": "h3c"}),
        # The short and Chinese names ledgers write: 华三 for 新华三, 中兴 for 中兴通讯, foreign makers by theirs.
        (Declared("switch", "华三"), "domestic", {"vendor": "h3c"}),
        (Declared("router", "中兴"), "domestic", {"vendor": "zte"}),
        (Declared("switch", "思科"), "foreign", {"vendor": "cisco"}),
        (Declared("ups", "山特"), "foreign", {"vendor": "eaton"}),
        (Declared("firewall", "飞塔防火墙"), "foreign", {"vendor": "fortinet"}),
        (Declared("firewall", "Hillstone", "SG-6000-E3960"), "domestic", {"vendor": "hillstone"}),
        (Declared("switch", "Cisco", "Catalyst 9300"), "foreign", {"vendor": "cisco"}),
        (Declared("switch", "Acme Widgets"), "unknown", {}),
    ],
)  # fmt: skip
def test_declared_words_get_the_catalogue_verdict(declared: Declared, verdict: str, subjects: dict[str, str]) -> None:
    rec = classify_declared(Declared(**{**declared.__dict__, "where": "devices.csv:7"}))
    assert rec is not None
    assert rec["verdict"] == verdict and rec["source"] == "declared" and rec["where"] == "devices.csv:7"
    assert {dim: rec[dim]["subject"] for dim in subjects} == subjects
    for dim in subjects:
        assert rec[dim]["evidence"] and rec[dim]["evidence"][0]["rule"]


def test_nothing_declared_is_no_record() -> None:
    assert classify_declared(Declared("switch")) is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 10_000, "Kylin" * 1000, "\x00\x1b[31m", "{os}", "'; DROP TABLE devices; --", "Ｋｙｌｉｎ"],
)
def test_hostile_text_is_unknown_never_a_crash(text: str) -> None:
    rec = classify_declared(Declared("server", text, text, text, text, text, text))
    assert rec is None or rec["verdict"] in ("unknown", "foreign", "domestic")
    if len(text) > 200 and rec is not None:
        assert rec["verdict"] == "unknown"  # a paragraph is not a name


def test_a_word_inside_another_is_not_a_match() -> None:
    rec = classify_declared(Declared("server", None, None, None, None, "CUOSX Linux", None))
    assert rec is not None and rec["os"]["verdict"] == "unknown"


def test_a_chinese_name_names_one_maker() -> None:
    from govops.catalog.vendors import VendorCatalog, VendorRow
    from govops.errors import CatalogError

    rows = [
        VendorRow("a", "A", "CN", True, "s", name_zh="甲"),
        VendorRow("b", "B", "US", False, "s", aliases_zh=("甲",)),
    ]
    with pytest.raises(CatalogError, match="甲"):
        VendorCatalog(rows)
