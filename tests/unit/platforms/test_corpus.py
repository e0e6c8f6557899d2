"""Every real capture in the corpus for a supported platform goes through `govops parse`.

The corpus (``../shared/corpus/cli``, read in place) holds ntc-templates' own test
captures with their expected records, and NAPALM's Huawei VRP mock data.
Run with ``-s`` to see the match rates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from govops.platforms.facts import collect_facts
from govops.platforms.parse import parse
from govops.platforms.registry import PLATFORMS, get_platform
from tests.conftest import Cli, corpus_root

SUPPORTED_IN_CORPUS = ("cisco_ios", "cisco_nxos", "hp_comware", "huawei_vrp", "juniper_junos", "zte_zxros")


def _cases() -> list[Path]:
    root = corpus_root() / "cli"
    return sorted(p for plat in SUPPORTED_IN_CORPUS for p in (root / plat).glob("*/*.raw"))


CASES = _cases()


def _command(raw: Path) -> str:
    return raw.parent.name.replace("_", " ")


def _expected(raw: Path) -> list[dict[str, object]]:
    return list(yaml.safe_load(raw.with_suffix(".yml").read_text(encoding="utf-8"))["parsed_sample"])


@pytest.mark.parametrize("raw", CASES, ids=[f"{c.parts[-3]}/{c.parent.name}/{c.stem}" for c in CASES])
def test_corpus_capture_through_govops_parse(corpus: Path, cli: Cli, raw: Path) -> None:
    res = cli("parse", "--platform", raw.parts[-3], "--command", _command(raw), str(raw), "--json")
    assert res.exit_code == 0, res.stderr
    got = res.json()["files"][0]["records"]
    expected = _expected(raw)
    assert len(got) == len(expected)
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        for field, value in e.items():
            assert g.get(field) == value, f"record {i} field {field}"


def test_corpus_match_rates(corpus: Path) -> None:
    assert CASES, "no corpus captures found"
    files_ok = fields_ok = fields_total = 0
    per_platform: dict[str, list[int]] = {}
    for raw in CASES:
        expected = _expected(raw)
        got = parse(raw.parts[-3], _command(raw), raw.read_text(encoding="utf-8"))
        ok = got == expected
        files_ok += ok
        per_platform.setdefault(raw.parts[-3], [0, 0])
        per_platform[raw.parts[-3]][0] += ok
        per_platform[raw.parts[-3]][1] += 1
        for i, e in enumerate(expected):
            for field, value in e.items():
                fields_total += 1
                fields_ok += i < len(got) and got[i].get(field) == value
    print(f"\ncorpus files matched: {files_ok}/{len(CASES)} = {files_ok / len(CASES):.1%}")
    print(f"corpus fields matched: {fields_ok}/{fields_total} = {fields_ok / fields_total:.1%}")
    for plat, (matched, n) in sorted(per_platform.items()):
        print(f"  {plat}: {matched}/{n}")
    assert files_ok == len(CASES)


NAPALM = "cli/napalm_huawei_vrp/mocked_data"


def _napalm_mac(mac: str) -> str:
    hexes = mac.replace("-", "").upper()
    return ":".join(hexes[i : i + 2] for i in range(0, len(hexes), 2))


@pytest.mark.parametrize("variant", ["vrp5", "vrp8"])
def test_napalm_huawei_interfaces(corpus: Path, variant: str) -> None:
    case = corpus / NAPALM / "test_get_interfaces" / variant
    expected = json.loads((case / "expected_result.json").read_text())
    text = (case / "display_interface.txt").read_text()
    records = {r["interface"]: r for r in parse("huawei_vrp", "display interface", text)}
    checked = matched = 0
    for name, exp in expected.items():
        rec = records[name]
        # NAPALM's is_up follows the line protocol, not the physical state.
        got = {
            "is_up": rec["protocol_status"].upper().startswith("UP"),
            "description": rec["interface_description"],
            "mac_address": _napalm_mac(rec["mac_address"]) if rec["mac_address"] else "",
            "mtu": int(rec["mtu"]),
        }
        for field, value in got.items():
            checked += 1
            matched += value == exp[field]
            assert value == exp[field], f"{name} {field}"
    print(f"\nNAPALM huawei_vrp {variant} interfaces: {matched}/{checked} fields")


@pytest.mark.parametrize("case", ["ne40e", "vrp5", "vrp8"])
def test_napalm_huawei_version_and_serial(corpus: Path, case: str) -> None:
    # NAPALM's expected_result.json for get_facts is a Cisco placeholder copied between
    # drivers, so the Huawei captures are checked against values read from them by hand.
    folder = corpus / NAPALM / "test_get_facts" / case
    files = {
        "display version": (folder / "display_version.txt").read_text(),
        "display esn": (folder / "display_esn.txt").read_text(),
        "display interface": "",
        "display lldp neighbor": "",
    }
    facts = collect_facts(get_platform("huawei_vrp"), lambda cmd: files.get(cmd, ""), facts=("version", "serial"))
    # 'Version 8.211 (NE40E V800R021C10SPC600)' in huawei_vrp's one version form, as its SNMP rows write it.
    assert facts.version == "8.211 (V800R021C10SPC600)"
    assert facts.model == "NE40E-X8A"
    assert facts.serial == "2102550AFWP0H6000080"
    assert facts.variant == "vrp8"
    assert re.match(r"405 days", facts.uptime or "")


def test_napalm_lldp_mock_data_is_not_huawei(corpus: Path) -> None:
    # Recorded so the note can say why LLDP is not checked against NAPALM: its
    # huawei_vrp LLDP mocks hold Cisco `show lldp neighbors` output.
    text = (corpus / NAPALM / "test_get_lldp_neighbors" / "vrp8" / "show_lldp_neighbors.txt").read_text()
    assert "Device ID" in text and "Local Intf" in text
    assert "huawei_vrp" in PLATFORMS


def test_every_junos_show_version_capture_gives_a_version(corpus: Path) -> None:
    """VM-host boxes (NFX) print no 'Junos:' line: the release comes from their package lines."""
    raws = sorted((corpus_root() / "cli" / "juniper_junos" / "show_version").glob("*.raw"))
    assert raws
    for raw in raws:
        text = raw.read_text(encoding="utf-8")

        def run(command: str, text: str = text) -> str:
            return text

        facts = collect_facts(get_platform("juniper_junos"), run, facts=("version",))
        assert facts.version and not facts.errors, (raw.name, facts.errors)
