"""The vendor catalogue and the SNMP platform table, tested as data; the classifier's verdicts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

import pytest

from govops.catalog.declared import classify_vendor_text
from govops.catalog.loader import DATA_DIR
from govops.catalog.vendors import VendorCatalog, classify_device, load_vendors
from govops.discovery.snmp_identify import RawIdentity, _kind
from govops.errors import CatalogError
from govops.platforms.registry import get_platform
from govops.platforms.releases import JUNOS
from govops.platforms.snmp import (
    GENERIC,
    NOT_A_NAME,
    ExtractRule,
    SnmpPlatform,
    builtin_files,
    default_platforms,
    load_platforms,
    release_regex,
    select_platform,
    selection_probes,
)
from govops.snmp.values import ValueKind
from govops.store.models import DEVICE_KINDS
from govops.util.limits import SNMP_MATCH_MAX_CHARS
from govops.util.yamlio import load_yaml_file


def snmp_row_files() -> list[Path]:
    return [path for path, _ in builtin_files()]


@pytest.mark.parametrize(
    "path", [DATA_DIR / "vendors.yaml", *snmp_row_files()], ids=lambda p: p.parent.name + "/" + p.name
)
def test_rows_sorted_unique_and_sourced(path: Path) -> None:
    doc = load_yaml_file(path)
    rows = list(doc["vendors" if "vendors" in doc else "snmp_platforms"])
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids), "keep rows sorted by id"
    assert len(ids) == len(set(ids))
    assert all(str(r.get("source") or "").strip() for r in rows), "every row needs a source"


def test_vendor_aliases_and_enterprises_unique() -> None:
    catalog = load_vendors()  # raises CatalogError on a shared alias or enterprise number
    seen: dict[str, str] = {}
    for row in catalog.rows.values():
        for name in (row.name, *row.aliases):
            assert seen.setdefault(name.casefold(), row.id) == row.id, name
        if row.country is None:  # a maker whose country is not established: no verdict either way
            assert row.domestic is None, row.id
            continue
        assert re.fullmatch(r"[A-Z]{2}", row.country), row.id
        # domestic means headquartered in the People's Republic of China
        assert row.domestic == (row.country == "CN"), row.id


def test_platform_rows_refer_to_known_vendors_and_kinds() -> None:
    vendors = load_vendors()
    platforms = load_platforms()
    assert any(p.id == GENERIC for p in platforms)
    for p in platforms:
        assert p.vendor is None or vendors.get(p.vendor) is not None, p.id
        assert p.kind is None or p.kind in DEVICE_KINDS, p.id
        assert all(k.kind in DEVICE_KINDS for k in p.kinds), p.id


@pytest.mark.parametrize(
    ("oid", "descr", "platform", "verdict"),
    [
        ("1.3.6.1.4.1.2011.2.23.291", "S5720 Huawei Versatile Routing Platform Software", "huawei_vrp", "domestic"),
        ("1.3.6.1.4.1.2011.2.23.1247", "Huawei YunShan OS Version 1.24", "huawei_vrp", "domestic"),
        ("1.3.6.1.4.1.25506.1.578", "H3C Switch E528 Software Version 5.20", "hp_comware", "domestic"),
        ("1.3.6.1.4.1.25506.11.1.24", "HP Comware Platform Software", "hp_comware", "foreign"),
        ("1.3.6.1.4.1.8072.3.2.10", "Linux GSE200M 2.6.27", "huawei_smu", "domestic"),
        ("1.3.6.1.4.1.8072.3.2.10", "Linux web01 5.10.0", "net_snmp_linux", "unknown"),
        ("1.3.6.1.4.1.9.1.1208", "Cisco IOS Software, C2960X", "cisco_ios", "foreign"),
        ("1.3.6.1.4.1.2636.1.1.1.2.29", "Juniper Networks, Inc. mx80 internet router", "juniper_junos", "foreign"),
        ("1.3.6.1.4.1.30803", "Netentsec NGFW", "netentsec_ngfw", "domestic"),
        # FiberHome switches answer under their parent WRI's arc 3807.1 (or FiberHome's own PEN 11408).
        ("1.3.6.1.4.1.3807.1.482816", "S4820-28T-X", "fiberhome", "domestic"),
        ("1.3.6.1.4.1.28557.1.22", "SG-6000-E6160", "hillstone_stoneos", "domestic"),
        ("1.3.6.1.4.1.13742.6", "Raritan PX3", "raritan_pdu", "foreign"),
    ],
)
def test_platform_and_verdict(oid: str, descr: str, platform: str, verdict: str) -> None:
    vendors, platforms = load_vendors(), load_platforms()
    p = select_platform(platforms, oid, descr)
    assert p is not None and p.platform == platform
    v = classify_device(vendors, sys_object_id=oid, texts={"sys_descr": descr},
                        platform=(p.id, p.vendor, p.source) if p.vendor else None)
    assert v.verdict == verdict
    if verdict != "unknown":
        assert v.evidence and all(e.source for e in v.evidence)


def test_a_vendor_without_a_known_country_is_named_with_an_unknown_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    v = classify_device(load_vendors(), sys_object_id="1.3.6.1.4.1.34652.2")
    assert (v.verdict, v.subject) == ("unknown", "volius") and v.evidence[0].rule == "vendor:volius enterprise 34652"
    assert classify_vendor_text("Volius", None, load_vendors(), "ledger").verdict == "unknown"
    # The country is stated or explicitly null: a row that leaves out domestic is refused.
    user = tmp_path / "half.yaml"
    user.write_text("vendors:\n  - {id: x, name: X, country: null, source: s}\n")
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    with pytest.raises(CatalogError, match=r"half.yaml.*domestic"):
        load_vendors()


def test_unknown_enterprise_is_unknown_not_invented() -> None:
    v = classify_device(load_vendors(), sys_object_id="1.3.6.1.4.1.99999.1", texts={"sys_descr": "box"})
    assert v.verdict == "unknown" and v.subject is None
    assert [e.rule for e in v.evidence] == ["enterprise 99999 is not in the registry"]


def test_user_catalogue_extends_and_corrects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "vendors:\n"
        "  - {id: inspur, name: Inspur Group, aliases: [Inspur, 浪潮], enterprises: [37945], country: CN,"
        " domestic: true, source: our asset register}\n"
        "  - {id: acme-cn, name: Acme Shenzhen, enterprises: [64999], country: CN, domestic: true,"
        " source: contract 2024-17}\n"
    )
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    catalog = load_vendors()
    assert catalog.get("inspur").name == "Inspur Group"  # type: ignore[union-attr]
    v = classify_device(catalog, sys_object_id="1.3.6.1.4.1.64999.2")
    assert v.verdict == "domestic" and v.evidence[0].source == "contract 2024-17"


def test_bad_user_catalogue_row_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text("vendors:\n  - id: x\n    name: X\n    country: CN\n    domestic: maybe\n    source: s\n")
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    with pytest.raises(CatalogError, match=r"bad.yaml:5.*domestic"):
        load_vendors()


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ({"aliases": ("Same",)}, {"aliases": ("same",)}, "vendor name/alias 'same' is claimed by vendors a and b"),
        ({"enterprises": (9, 2011)}, {"enterprises": (2011,)}, "enterprise number 2011 is claimed by vendors a and b"),
        ({"name_zh": "甲"}, {"aliases_zh": ("甲",)}, "Chinese vendor name '甲' is claimed by vendors a and b"),
    ],
)
def test_a_name_or_number_two_rows_claim_is_a_catalogue_error(
    first: dict[str, Any], second: dict[str, Any], message: str
) -> None:
    from govops.catalog.vendors import VendorRow

    rows = [VendorRow("a", "A", "CN", True, "s", **first), VendorRow("b", "B", "US", False, "s", **second)]
    with pytest.raises(CatalogError, match=f"^{re.escape(message)}$"):
        VendorCatalog(rows)
    assert VendorCatalog(rows[:1]).rows == {"a": rows[0]}  # one row alone claims nothing twice


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{field: model, oid: 1.3.6.1.4.1.9.1, next: true, index: 1.3.6.1.4.1.9.2.0}", "index needs oid, not next"),
        ("{field: model, sys_descr: 'x', oid: 1.3.6.1.4.1.9.1}", "exactly one of"),
        ("{field: model, sys_descr: '(?<=a+)b'}", "bad regex"),
        ("{field: model, oid: 1.3.6.1.4.1.9.5.1.2.16.0, unlike: chassisVersion}", r"unlike 'chassisVersion' is no "),
        ("{field: model, oid: 1.3.6.1.4.1.9.5.1.2.16.0, unlike: '1.3.6..2.0'}", r"unlike '1.3.6..2.0' is no "),
        ("{field: model, oid: 1.3.6.1.4.1.9.5.1.2.16.0, unlike: [1.3.6.1]}",
         r"field `unlike`: not understood.*\(accepted: text\)"),
        ("{field: serial, oid: 1.3.6.1.4.1.9.5.1.2.19.0, model_number: true}", r"model_number is for a model"),
        ("{field: os_version, oid: 1.3.6.1.4.1.9.1.0, join: [1.3.6.1.4.1.9.2.0]}", r"join needs oid and format"),
        ("{field: os_version, oid: 1.3.6.1.4.1.9.1.0, join: [minor], format: '{0}.{1}'}", r"join needs oid and format"),
        ("{field: os_version, oid: 1.3.6.1.4.1.9.1.0, join: [1.3.6.1.4.1.9.2.0], format: '{0}.{1}', regex: 'x'}",
         r"join needs oid and format"),
        ("{field: os_version, sys_descr: 'x', join: [1.3.6.1.4.1.9.2.0], format: '{0}'}", r"join needs oid and format"),
        # A format joins values and nothing else: no attribute, index, conversion or spec; a join's fields are its
        # numbered parts.
        ("{field: model, sys_descr: '(?P<m>x)', format: '{m.__class__}'}", r"field \{m.__class__\} is not a plain"),
        ("{field: model, sys_descr: '(?P<m>x)', format: '{m[0]}'}", r"is not a plain name"),
        ("{field: model, sys_descr: '(?P<m>x)', format: '{m!r}'}", r"is not a plain name"),
        ("{field: model, sys_descr: '(?P<m>x)', format: '{m:>99999}'}", r"is not a plain name"),
        ("{field: model, sys_descr: '(?P<m>x)', format: '{m'}", r"not a format"),
        ("{field: os_version, oid: 1.3.6.1.4.1.9.1.0, join: [1.3.6.1.4.1.9.2.0], format: '{0}.{2}'}",
         r"field \{2\} is not one of 0..1"),
        # ... and a field no match can fill (a numbered part without join, a name the regex does not define), or a
        # format with nothing to join, would leave the rule answering nothing, ever.
        ("{field: model, sys_descr: '(?P<m>x)', format: '{0}'}", r"field \{0\} is no named group of the regex"),
        ("{field: model, sys_descr: '(?P<ver>x) (?P<rel>y)', format: '{ver} ({release})'}",
         r"field \{release\} is no named group"),
        ("{field: model, oid: 1.3.6.1.4.1.9.1.0, format: 'x {value}'}", r"format needs a regex \(or join\)"),
        # The row's platform ('mine', no CLI record) states no release shape: the rule would read nothing.
        ("{field: os_version, oid: 1.3.6.1.4.1.9.1.0, platform_release: true}",
         r"rows.yaml:2: snmp_platforms mine extract #1 \(os_version\): platform_release needs a platform whose "
         r"release shape govops/platforms/releases.py states; 'mine' states none"),
        ("{field: model, oid: 1.3.6.1.4.1.9.1.0, platform_release: true}",
         r"extract #1 \(model\): platform_release reads an os_version from an oid or entity"),
        ("{field: os_version, oid: 1.3.6.1.4.1.9.1.0, regex: 'x', platform_release: true}",
         r"platform_release reads an os_version from an oid or entity, with no regex of its own"),
    ],
)
def test_bad_user_extraction_rule_is_a_catalogue_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule: str, message: str
) -> None:
    user = tmp_path / "rows.yaml"
    row = f"{{id: mine, source: s, sys_object_id: [1.3.6.1.4.1.9], extract: [{rule}]}}"
    user.write_text(f"snmp_platforms:\n  - {row}\n")
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    with pytest.raises(CatalogError, match=message):
        load_platforms()


@pytest.mark.parametrize(
    ("kind_rule", "message"),
    [
        ("{model: '(?<=a+)b', kind: router}", r"snmp_platforms mine kinds #1: bad model regex"),
        ("{sys_descr: 'x', kind: switch}, {model: '[unclosed', kind: router}",
         r"snmp_platforms mine kinds #2: bad model regex"),
        ("{sys_descr: '(unclosed', kind: router}", r"snmp_platforms mine kinds #1: bad sys_descr regex"),
        ("{release: '(unclosed', kind: router}", r"snmp_platforms mine kinds #1: bad release regex"),
        ("{value_of: 1.3.6.1.2.1.1.7.0, value: '[23', kind: switch}", r"snmp_platforms mine kinds #1: bad value regex"),
        ("{value_of: 1.3.6.1.2.1.1.7.0, kind: switch}", r"kinds #1: value_of and value go together"),
        ("{value: '[23]', kind: switch}", r"kinds #1: value_of and value go together"),
        ("{sys_object_id: 1.3.6.1.4.1.x, kind: switch}", r"kinds #1: sys_object_id '1.3.6.1.4.1.x' is no OID"),
        ("{sys_object_id: '', kind: switch}", r"kinds #1: sys_object_id '' is no OID"),
        ("{value_of: sysServices, value: '[23]', kind: switch}", r"kinds #1: value_of 'sysServices' is no scalar OID"),
        ("{value_of: '1.3.6..7.0', value: '[23]', kind: switch}", r"kinds #1: value_of '1.3.6..7.0' is no scalar OID"),
        ("{value_of: [1.3.6.1], value: '[23]', kind: switch}", r"field `value_of`: not understood.*\(accepted: text\)"),
        ("{next: true, sys_descr: 'x', kind: switch}", r"kinds #1: next reads the first row of the column value_of"),
        ("{when_entity: descr, kind: storage}", r"kinds #1: when_entity and when go together"),
        ("{when: 'NAS', kind: storage}", r"kinds #1: when_entity and when go together"),
        ("{when_entity: descr, when: '(NAS', kind: storage}", r"snmp_platforms mine kinds #1: bad when regex"),
        ("{when_entity: colour, when: 'NAS', kind: storage}", r"when_entity"),
    ],
    ids=["model-lookbehind", "model-unclosed-class", "sys-descr-unclosed-group", "release-unclosed-group",
         "value-unclosed-class", "value-of-alone", "value-alone", "sys-object-id-a-name", "sys-object-id-empty",
         "value-of-a-name", "value-of-empty-arc",
         "value-of-a-list", "next-without-value-of", "when-entity-alone", "when-alone", "when-unclosed-group",
         "when-entity-no-field"],
)
def test_a_kind_rule_whose_pattern_is_no_regex_is_refused_at_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind_rule: str, message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        load_user_kinds(tmp_path, monkeypatch, kind_rule)


def load_user_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kinds: str) -> list[SnmpPlatform]:
    """The table with a user's row ``mine`` whose kind rules are ``kinds`` (YAML flow items)."""
    user = tmp_path / "rows.yaml"
    user.write_text(f"snmp_platforms:\n  - {{id: mine, source: s, sys_object_id: [1.3.6.1.4.1.9], kinds: [{kinds}]}}\n")
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    return load_platforms()


LLDP = "1.0.8802.1.1.2.1.3.6.0"  # LLDP-MIB lldpLocSysCapEnabled
PORTS = "if_types: [6], at_least: 8, kind: switch"


@pytest.mark.parametrize(
    ("unless", "message"),
    [
        ("[]", r"snmp_platforms mine kinds #1: unless lists the statements"),
        ("[{clear: [2]}]", r"snmp_platforms mine kinds #1 unless #1: name one scalar"),
        (f"[{{bits_of: {LLDP}, flags_of: 1.3.6.1.2.1.1.7.0, width: 7, clear: [2]}}]",
         r"kinds #1 unless #1: name one scalar"),
        (f"[{{bits_of: {LLDP}, clear: [2]}}, {{bits_of: lldpLocSysCapEnabled, clear: [2]}}]",
         r"kinds #1 unless #2: 'lldpLocSysCapEnabled' is no scalar OID"),
        ("[{flags_of: 1.3.6.1.2.1.1.7.0, clear: [1]}]", r"kinds #1 unless #1: flags_of and width go together"),
        (f"[{{bits_of: {LLDP}, width: 8, clear: [2]}}]", r"kinds #1 unless #1: flags_of and width go together"),
        ("[{flags_of: 1.3.6.1.2.1.1.7.0, width: 0, clear: [0]}]", r"unless #1: flags_of and width go together"),
        ("[{flags_of: 1.3.6.1.2.1.1.7.0, width: 33, clear: [1]}]", r"unless #1: flags_of and width go together"),
        (f"[{{bits_of: {LLDP}, clear: []}}]", r"kinds #1 unless #1: clear lists the bit numbers"),
        (f"[{{bits_of: {LLDP}, clear: [-2]}}]", r"kinds #1 unless #1: clear lists the bit numbers"),
        ("[{flags_of: 1.3.6.1.2.1.1.7.0, width: 7, clear: [7]}]", r"unless #1: clear lists the bit numbers"),
        (f"[{{bits_of: {LLDP}}}]", r"row 'mine': missing required field `clear`"),
        (f"[{{bits_of: {LLDP}, bits: [2], clear: [4]}}]", r"row 'mine': unknown field `bits`"),
        (f"{{bits_of: {LLDP}, clear: [2]}}", r"row 'mine': field `unless`: not understood.*\(accepted: a list\)"),
        (f"[{{bits_of: {LLDP}, clear: 2}}]", r"row 'mine': field `clear`: not understood.*\(accepted: a list\)"),
        ("[{flags_of: 1.3.6.1.2.1.1.7.0, width: seven, clear: [1]}]",
         r"field `width`: not understood.*\(accepted: an integer\)"),
        (f"[{LLDP}]", r"row 'mine': field `unless`: not understood.*\(accepted: a mapping\)"),
    ],
    ids=["empty", "no-scalar", "two-scalars", "second-not-an-oid", "flags-without-width", "width-without-flags",
         "width-0", "width-33", "clear-empty", "clear-negative", "clear-past-width", "clear-missing",
         "unknown-key", "not-a-list", "clear-not-a-list", "width-not-a-number", "statement-not-a-mapping"],
)
def test_a_bad_unless_statement_is_a_catalogue_error_naming_the_row_and_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unless: str, message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        load_user_kinds(tmp_path, monkeypatch, f"{{{PORTS}, unless: {unless}}}")


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (f"{{{PORTS}, last: true}}", r"snmp_platforms mine kinds #1: last is for the standard layer's rules"),
        (f"{{sys_descr: x, kind: router}}, {{{PORTS}, last: 'yes'}}",
         r"row 'mine': field `last`: not understood.*\(accepted: true or false\)"),
    ],
    ids=["platform-row", "not-a-bool"],
)
def test_a_rule_looked_at_last_is_the_standard_layers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule: str, message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        load_user_kinds(tmp_path, monkeypatch, rule)


def test_a_well_formed_unless_statement_loads_and_its_scalar_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = load_user_kinds(tmp_path, monkeypatch, f"{{{PORTS}, unless: [{{bits_of: 1.3.6.1.4.1.9.9.1.0, clear: [2]}}, "
                                                  "{flags_of: 1.3.6.1.4.1.9.9.2.0, width: 8, clear: [0, 7]}]}")
    mine = next(p for p in rows if p.id == "mine")
    # Read with the vendor values, the BITS scalar as octets.
    assert {("1.3.6.1.4.1.9.9.1.0", False), ("1.3.6.1.4.1.9.9.2.0", False)} <= set(mine.oids)
    assert mine.bits_scalars == ("1.3.6.1.4.1.9.9.1.0",)


SHARING_ROWS = """snmp_platforms:
  - id: maker_a
    source: s
    sys_object_id: [1.3.6.1.4.1.99990]
    extract:
      - {field: model, oid: 1.3.6.1.4.1.99990.1.0}
      - {field: serial, oid: 1.3.6.1.4.1.99990.2.0}
      - {field: model, sys_descr: 'Model (\\S+)'}
      - {field: os_version, sys_descr: 'Version (\\S+)'}
  - id: maker_a_rebadged
    source: s
    sys_descr: [Rebadged]
    extract_from: maker_a
    extract:
      - {field: model, sys_descr: 'Rebadged (\\S+)'}
"""


def rows_by_id(path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> dict[str, SnmpPlatform]:
    path.write_text(text)
    monkeypatch.setenv("GOVOPS_CATALOG", str(path))
    return {p.id: p for p in load_platforms()}


def test_a_row_takes_the_named_rows_rules_for_every_field_it_does_not_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = rows_by_id(tmp_path / "rows.yaml", monkeypatch, SHARING_ROWS)
    a, rebadged = rows["maker_a"], rows["maker_a_rebadged"]
    # Its own model rule replaces both of maker_a's; serial and version follow in maker_a's order.
    assert [(r.field, r.sys_descr or r.oid) for r in rebadged.extract] == [
        ("model", r"Rebadged (\S+)"), ("serial", "1.3.6.1.4.1.99990.2.0"), ("os_version", r"Version (\S+)"),
    ]
    assert rebadged.extract[1:] == (a.extract[1], a.extract[3])
    assert rebadged.extract_from == "maker_a" and rebadged.oids == (("1.3.6.1.4.1.99990.2.0", False),)


def test_built_in_rows_that_share_rules_read_the_same_objects() -> None:
    rows = {p.id: p for p in load_platforms()}
    ios, xe = rows["cisco_ios"], rows["cisco_iosxe"]
    own = [r for r in xe.extract if r.field == "os_version"]  # the image's version, else IOS-XE 3.x's bare version
    assert len(own) == 2 and xe.extract[:2] == tuple(own) and not any(r in ios.extract for r in own)
    assert xe.extract[2:] == tuple(r for r in ios.extract if r.field != "os_version")
    for taker in ("apc_mge", "eaton_mge"):
        assert rows[taker].extract == rows["mge_ups"].extract


def test_a_users_row_replacing_the_named_row_gives_its_rules_to_the_rows_that_take_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = ("{id: mge_ups, source: s, sys_object_id: [1.3.6.1.4.1.705], "
            "extract: [{field: serial, oid: 1.3.6.1.4.1.705.9.0}]}")
    rows = rows_by_id(tmp_path / "rows.yaml", monkeypatch, f"snmp_platforms:\n  - {mine}\n")
    assert [r.oid for r in rows["eaton_mge"].extract] == ["1.3.6.1.4.1.705.9.0"]


# Rows whose rules are the same by design, not one row's rules copied into another: the reason.
SAME_RULES_APART = {
    frozenset({"generex_cs141", "phoenixtec_netagent"}): "two makers' cards, each reading the standard UPS-MIB "
    "upsIdent (model, agent software) ahead of the generic layer's order; neither row's rules are the other's",
}


def field_rules(row: SnmpPlatform, name: str) -> tuple[ExtractRule, ...]:
    return tuple(r for r in row.extract if r.field == name)


def field_source(rows: dict[str, SnmpPlatform], row: SnmpPlatform, name: str) -> str:
    """The row whose rules ``row`` uses for field ``name``: the row it names in ``extract_from`` where it took them
    from there (it has no rules of its own for the field), else its own."""
    named = rows.get(row.extract_from or "")
    if named is not None and field_rules(row, name) == field_rules(named, name):
        return named.id
    return row.id


def test_no_row_repeats_another_rows_rules_instead_of_naming_it() -> None:
    """Two rows with the same extract list (two rules or more), or the same rules for one field, share them through
    ``extract_from`` (one names the other, or both name a third); so does a row whose rules for a field are another
    row's (two rules or more) with more after them: a copy extended, where the shared row can hold the addition."""
    rows = {p.id: p for p in load_platforms()}
    groups: dict[tuple[object, ...], list[str]] = {}
    for p in rows.values():
        if len(p.extract) >= 2:
            groups.setdefault(("all", p.extract), []).append(p.id)
    repeated = set()
    for ids in groups.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                source_a, source_b = rows[a].extract_from or a, rows[b].extract_from or b
                if source_a != source_b and frozenset({a, b}) not in SAME_RULES_APART:
                    repeated.add(f"{a} / {b}")
    for row in rows.values():
        for name in {r.field for r in row.extract}:
            mine = field_rules(row, name)
            if len(mine) < 2:
                continue
            for other in rows.values():
                theirs = field_rules(other, name)
                if (other.id == row.id or theirs[: len(mine)] != mine
                        or frozenset({row.id, other.id}) in SAME_RULES_APART
                        or field_source(rows, row, name) == field_source(rows, other, name)):
                    continue
                repeated.add(" / ".join(sorted((row.id, other.id))) + f" ({name})")
    assert not repeated, f"rows repeating each other's rules: name one in the other's extract_from: {sorted(repeated)}"


def row_b(extract_from: str, more: str = "") -> str:
    return f"  - id: maker_b\n    source: s\n    sys_descr: [B]\n    extract_from: {extract_from}\n{more}"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (row_b("nothing_here"), r"rows\.yaml:\d+: snmp_platforms maker_b: extract_from 'nothing_here' names no row$"),
        (row_b("maker_a_rebadge"), r"'maker_a_rebadge' names no row \(did you mean `maker_a_rebadged`\?\)"),
        (row_b("maker_b"), r"rows\.yaml:\d+: snmp_platforms maker_b: extract_from 'maker_b' names the row itself"),
        (row_b("maker_a_rebadged"), r"maker_b: extract_from 'maker_a_rebadged': maker_a_rebadged takes its own "
                                    r"extract rules from maker_a; name maker_a here \(extract_from does not chain\)"),
        (row_b("maker_c") + "  - id: maker_c\n    source: s\n    sys_descr: [C]\n    extract_from: maker_b\n",
         r"maker_b: extract_from 'maker_c': maker_c takes its extract rules from maker_b in turn \(a cycle\)"),
        (row_b("maker_a", "    extract: [{field: model, oid: 1.3.6.1.4.1.99990.9.0}, {field: serial, oid: "
                          "1.3.6.1.4.1.99990.8.0}, {field: os_version, oid: 1.3.6.1.4.1.99990.7.0}]\n"),
         r"maker_b: extract_from 'maker_a': the row has its own rules for every field maker_a reads; "
         r"drop extract_from"),
        (row_b("[maker_a]"),
         r"rows\.yaml:\d+: row 'maker_b': field `extract_from`: not understood.*\(accepted: text\)"),
    ],
    ids=["unknown", "misspelt", "itself", "chain", "cycle", "nothing-taken", "not-text"],
)
def test_a_bad_extract_from_is_a_catalogue_error_naming_the_row_and_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        rows_by_id(tmp_path / "rows.yaml", monkeypatch, SHARING_ROWS + rows)


KIND_ROWS = """snmp_platforms:
  - id: maker_k
    source: s
    sys_object_id: [1.3.6.1.4.1.99991]
    kind: other
    kinds:
      - {sys_descr: 'Firewall', kind: firewall}
      - {sys_object_id: 1.3.6.1.4.1.99991.2, kind: router}
  - id: maker_k_banner
    source: s
    sys_descr: [K Banner]
    kind: switch
    kinds_from: maker_k
    kinds:
      - {sys_descr: 'Controller', kind: wireless_controller}
"""


def test_a_row_takes_the_named_rows_kind_rules_after_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = rows_by_id(tmp_path / "rows.yaml", monkeypatch, KIND_ROWS)
    k, banner = rows["maker_k"], rows["maker_k_banner"]
    assert [r.kind for r in banner.kinds] == ["wireless_controller", "firewall", "router"]
    assert banner.kinds[1:] == k.kinds and banner.kind == "switch"
    assert _kind_of(banner, "1.3.6.1.4.1.99991.2.1", "K Banner") == "router"
    assert _kind_of(banner, "1.3.6.1.4.1.99991.2.1", "K Banner Controller Firewall") == "wireless_controller"
    assert _kind_of(banner, "1.3.6.1.4.1.99991.3", "K Banner") == "switch"


def _kind_of(row: SnmpPlatform, sys_object_id: str, sys_descr: str) -> object:
    """The kind discovery's own kind step gives a device this row identifies (no generic row)."""
    raw = RawIdentity(sys_descr=sys_descr, sys_object_id=sys_object_id, sys_name=None, uptime_ticks=None)
    return _kind(row, None, raw)[0]


def test_huawei_vrp_takes_huawei_datacoms_kind_rules() -> None:
    rows = {p.id: p for p in load_platforms()}
    vrp, datacom = rows["huawei_vrp"], rows["huawei_datacom"]
    assert vrp.kinds_from == "huawei_datacom" and vrp.kinds == datacom.kinds and vrp.kinds


def row_k(kinds_from: str, more: str = "") -> str:
    return f"  - id: maker_j\n    source: s\n    sys_descr: [J]\n    kinds_from: {kinds_from}\n{more}"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (row_k("nothing_here"), r"rows\.yaml:\d+: snmp_platforms maker_j: kinds_from 'nothing_here' names no row$"),
        (row_k("maker_k_baner"), r"'maker_k_baner' names no row \(did you mean `maker_k_banner`\?\)"),
        (row_k("maker_j"), r"rows\.yaml:\d+: snmp_platforms maker_j: kinds_from 'maker_j' names the row itself"),
        (row_k("maker_k_banner"), r"maker_j: kinds_from 'maker_k_banner': maker_k_banner takes kind rules from "
                                  r"maker_k in turn \(kinds_from does not chain\)"),
        (row_k("maker_none") + "  - id: maker_none\n    source: s\n    sys_descr: [N]\n",
         r"maker_j: kinds_from 'maker_none': maker_none has no kind rules; drop kinds_from"),
        (row_k("[maker_k]"), r"rows\.yaml:\d+: row 'maker_j': field `kinds_from`: not understood.*\(accepted: text\)"),
    ],
    ids=["unknown", "misspelt", "itself", "chain", "no-rules", "not-text"],
)
def test_a_bad_kinds_from_is_a_catalogue_error_naming_the_row_and_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        rows_by_id(tmp_path / "rows.yaml", monkeypatch, KIND_ROWS + rows)


AFTER_ROWS = """snmp_platforms:
  - id: maker_m
    source: s
    sys_object_id: [1.3.6.1.4.1.99992]
    extract_after: [maker_m_ids, maker_m_release]
    extract:
      - {field: model, sys_descr: 'M Model (\\S+)'}
  - id: maker_m_ids
    source: s
    extract:
      - {field: model, oid: 1.3.6.1.4.1.99992.1.0}
      - {field: serial, oid: 1.3.6.1.4.1.99992.2.0}
  - id: maker_m_release
    source: s
    extract:
      - {field: os_version, oid: 1.3.6.1.4.1.99992.3.0}
"""


def test_a_row_reads_the_rules_of_the_rows_it_names_in_extract_after_after_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = rows_by_id(tmp_path / "rows.yaml", monkeypatch, AFTER_ROWS)
    m, ids, release = rows["maker_m"], rows["maker_m_ids"], rows["maker_m_release"]
    # Unlike extract_from, the named row's model rule follows the row's own model rule instead of being dropped.
    assert [(r.field, r.sys_descr or r.oid) for r in m.extract] == [
        ("model", r"M Model (\S+)"), ("model", "1.3.6.1.4.1.99992.1.0"), ("serial", "1.3.6.1.4.1.99992.2.0"),
        ("os_version", "1.3.6.1.4.1.99992.3.0"),
    ]
    assert m.extract[1:] == (*ids.extract, *release.extract)
    # A row without selection keys only holds rules: no device selects it.
    assert select_platform(list(rows.values()), "1.3.6.1.4.1.99992.5", "M Model X1") is m
    assert ids.match("1.3.6.1.4.1.99992.5", "") is None and release.match("1.3.6.1.4.1.99992", "M") is None


def test_built_in_rows_read_the_shared_rules_they_name_after_their_own() -> None:
    rows = {p.id: p for p in load_platforms()}
    system, release = rows["huawei_system_ids"].extract, rows["huawei_release_ids"].extract
    for taker in ("huawei_datacom", "huawei_vrp"):
        assert rows[taker].extract[-len(system) - len(release):] == (*system, *release)
    # YunShan states its release in the banner only: it takes the system objects, not the release objects.
    yunshan = rows["huawei_yunshan"].extract
    assert yunshan[-len(system):] == system and not set(release) & set(yunshan)
    ats2, ats1 = rows["eaton_ats_mge"].extract, rows["eaton_ats1_ids"].extract
    assert rows["eaton_ups"].extract[-len(ats2) - len(ats1):] == (*ats2, *ats1)
    # XUPS-MIB's identity (xupsIdentModel, xupsIdentSoftwareVersion, xupsIdentSerialNumber) first.
    assert [r.oid for r in rows["eaton_ups"].extract[:3]] == [f"1.3.6.1.4.1.534.1.1.{n}.0" for n in (2, 3, 6)]


def row_n(extract_after: str, more: str = "") -> str:
    return f"  - id: maker_n\n    source: s\n    sys_descr: [N]\n    extract_after: {extract_after}\n{more}"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (row_n("[nothing_here]"),
         r"rows\.yaml:\d+: snmp_platforms maker_n: extract_after 'nothing_here' names no row$"),
        (row_n("[maker_m_id]"), r"'maker_m_id' names no row \(did you mean `maker_m_ids`\?\)"),
        (row_n("[maker_n]"), r"rows\.yaml:\d+: snmp_platforms maker_n: extract_after 'maker_n' names the row itself"),
        (row_n("[maker_m_ids, maker_m_ids]"), r"maker_n: extract_after 'maker_m_ids' is named twice"),
        (row_n("[maker_m]"), r"maker_n: extract_after 'maker_m': maker_m takes extract rules from maker_m_ids, "
                             r"maker_m_release itself; name a row whose rules are all its own \(extract_after does "
                             r"not chain\)"),
        (row_n("[maker_o]") + "  - id: maker_o\n    source: s\n    extract_from: maker_m_ids\n",
         r"maker_n: extract_after 'maker_o': maker_o takes extract rules from maker_m_ids itself"),
        (row_n("[maker_none]") + "  - id: maker_none\n    source: s\n    sys_descr: [X]\n",
         r"maker_n: extract_after 'maker_none': maker_none has no extract rules; drop it from extract_after"),
        (row_n("[maker_m_ids]", "    extract_from: maker_m_release\n"),
         r"rows\.yaml:\d+: snmp_platforms maker_n: name extract_from or extract_after, not both"),
        ("  - id: maker_p\n    source: s\n    sys_descr: [P]\n    extract_from: maker_m\n",
         r"maker_p: extract_from 'maker_m': maker_m takes extract rules from maker_m_ids, maker_m_release; name a "
         r"row whose rules are all its own \(extract_from does not chain\)"),
        (row_n("[{id: maker_m_ids}]"), r"rows\.yaml:\d+: row 'maker_n': field `extract_after`"),
    ],
    ids=["unknown", "misspelt", "itself", "twice", "chain", "chain-from", "no-rules", "both-keys",
         "from-a-taker", "not-names"],
)
def test_a_bad_extract_after_is_a_catalogue_error_naming_the_row_and_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        rows_by_id(tmp_path / "rows.yaml", monkeypatch, AFTER_ROWS + rows)


def test_the_maker_a_device_states_outranks_its_cards_enterprise_number() -> None:
    vendors = load_vendors()
    # A Phoenixtec NetAgent card (PEN 935, a catalogue vendor) in a UPS whose UPS-MIB upsIdentManufacturer says INVT.
    card = ("phoenixtec_netagent", "phoenixtec", "NetAgent cards")
    v = classify_device(vendors, sys_object_id="1.3.6.1.4.1.935", platform=card,
                        texts={"manufacturer": "INVT CO., LTD", "sys_descr": "NET Agent II"})
    assert (v.subject, v.verdict) == ("invt", "domestic") and v.evidence[0].field == "manufacturer"
    # Without a stated maker the card's number still names its maker; entPhysicalMfgName is no identity object.
    v = classify_device(vendors, sys_object_id="1.3.6.1.4.1.935", platform=card, texts={"mfg_name": "INVT"})
    assert v.subject == "phoenixtec"


def test_docsis_sysdescr_states_the_modems_maker() -> None:
    generic = next(p for p in load_platforms() if p.id == "generic")
    descr = "<<HW_REV: 1; VENDOR: Motorola Corporation; BOOTR: 2164; SW_REV: SB5101E-2.6.2.0; MODEL: SB5101E>>"
    picked = [r.pick(descr) for r in generic.extract if r.field == "manufacturer" and r.sys_descr]
    assert "Motorola Corporation" in picked
    v = classify_device(load_vendors(), sys_object_id="1.3.6.1.4.1.1166.1.450", texts={"manufacturer": picked[-1]})
    assert (v.subject, v.verdict) == ("motorola", "foreign")


@pytest.mark.parametrize(
    ("oid", "subject"),
    [
        ("1.3.6.1.4.1.9839.2606.3311", "rittal"),  # a Rittal LCP's pCOWeb card: Rittal's PEN after CAREL's
        ("1.3.6.1.4.1.9839.2.1", "carel"),  # CAREL's own MIB tree (arc 2 is IBM's PEN, not a maker here)
        ("1.3.6.1.4.1.9839.9839.1", "carel"),
        ("1.3.6.1.4.1.9839.99999.1", "carel"),  # no catalogue vendor owns the arc: the card's maker
        ("1.3.6.1.4.1.9839", "carel"),
        ("1.3.6.1.4.1.9839.x.1", "carel"),  # a malformed arc names nobody else
        ("1.3.6.1.4.1.9839.99999999999999999999.1", "carel"),
    ],
)
def test_pcoweb_names_the_equipment_maker_in_the_arc_after_carels(oid: str, subject: str) -> None:
    assert classify_device(load_vendors(), sys_object_id=oid).subject == subject


@pytest.mark.parametrize("hostile", ["<<" * 50_000, "<< SW_REV:" + " " * 100_000, "<<VENDOR: " + "a" * 100_000])
def test_identification_patterns_search_a_bounded_text(hostile: str) -> None:
    platforms = load_platforms()
    # A sysDescr far beyond SNMPv2-MIB's 255 characters: every pattern sees its first SNMP_MATCH_MAX_CHARS only.
    assert all(r.pick(hostile) is None for p in platforms for r in p.extract if r.sys_descr and "<<" in r.sys_descr)
    select_platform(platforms, "1.3.6.1.4.1.4491.2.4.1", hostile)
    docsis = "<<HW_REV: 1; VENDOR: Motorola; MODEL: SB5101E>>"
    generic = next(p for p in platforms if p.id == "generic")
    vendor = next(r for r in generic.extract if r.field == "manufacturer" and r.sys_descr and "VENDOR" in r.sys_descr)
    assert vendor.pick(docsis) == "Motorola"
    assert vendor.pick(" " * SNMP_MATCH_MAX_CHARS + docsis) is None


def _row(row_id: str, *, oids: tuple[str, ...] = (), descr: tuple[str, ...] = (), priority: int = 0,
         answers: tuple[str, ...] = ()) -> SnmpPlatform:
    return SnmpPlatform(row_id, "made up", sys_object_id=oids, sys_descr=descr, priority=priority, answers=answers)


@pytest.mark.parametrize(
    ("oid", "descr", "answered", "chosen", "probes"),
    [
        ("1.3.6.1.4.1.9.1.1208", "Cisco IOS", (), "cisco_model", []),
        ("1.3.6.1.4.1.9.12", "Cisco IOS", (), "cisco", []),
        (".1.3.6.1.4.1.9.12", "anything", (), "cisco", []),
        ("1.3.6.1.4.1.99", "Cisco IOS", (), None, []),  # 99 is no 9: a prefix ends on an arc
        ("1.3.6.1.4.1.8072.3.2.10", "Linux box", (), "linux_descr", ["1.3.6.1.4.1.6574"]),
        ("1.3.6.1.4.1.8072.3.2.10", "Linux box", ("1.3.6.1.4.1.6574",), "synology", ["1.3.6.1.4.1.6574"]),
        ("1.3.6.1.4.1.2011.2.23.1", "S5720", (), "first_of_two", []),  # a tie: the first row in the table
        ("1.3.6.1.4.1.2011.2.23.1", "special build", (), "special", []),  # priority outranks a longer prefix
        ("", "Linux box", (), "linux_descr", []),
        ("not an oid", "nothing", (), None, []),
    ],
)
def test_selection_through_the_prefix_index_is_the_selection_of_the_whole_table(
    oid: str, descr: str, answered: tuple[str, ...], chosen: str | None, probes: list[str]
) -> None:
    """A tuple table is searched through its sysObjectID prefix index; a list is scanned row by row: same rows."""
    rows = [
        _row("cisco", oids=("1.3.6.1.4.1.9",)),
        _row("cisco_model", oids=("1.3.6.1.4.1.9.1", ".1.3.6.1.4.1.5")),
        _row("first_of_two", oids=("1.3.6.1.4.1.2011.2.23",)),
        _row("second_of_two", oids=("1.3.6.1.4.1.2011.2.23",)),
        _row("special", oids=("1.3.6.1.4.1.2011",), descr=("special",), priority=2),
        _row("synology", oids=("1.3.6.1.4.1.8072.3.2.10",), answers=("1.3.6.1.4.1.6574",), priority=1),
        _row("linux_descr", descr=("^Linux",)),
    ]
    for table in (rows, tuple(rows)):
        got = select_platform(table, oid, descr, answered)
        assert (got.id if got else None) == chosen, type(table).__name__
        assert selection_probes(table, oid, descr) == probes, type(table).__name__


# A made-up maker (PEN 64998): a row keyed to the arc its MIB lives under (its rules read there), a row keyed to a
# product's registration only (it reads no maker's object), a maker-wide row, and another maker's row.
MIB_ROW = SnmpPlatform("acme_os", "made up", sys_object_id=("1.3.6.1.4.1.64998.1",),
                       extract=(ExtractRule("serial", oid="1.3.6.1.4.1.64998.1.3.2.0"),))
PRODUCT_ROW = SnmpPlatform("acme_box", "made up", sys_object_id=("1.3.6.1.4.1.64998.2.17",),
                           extract=(ExtractRule("serial", oid="1.3.6.1.2.1.47.1.1.1.1.11.1"),))
MAKER_ROW = SnmpPlatform("acme_any", "made up", sys_object_id=("1.3.6.1.4.1.64998",), answers=("1.3.6.1.4.1.64998.5",))
OTHER_ROW = SnmpPlatform("other_os", "made up", sys_object_id=("1.3.6.1.4.1.64997.1",),
                         extract=(ExtractRule("serial", oid="1.3.6.1.4.1.64997.1.1.0"),))


@pytest.mark.parametrize(
    ("oid", "answered", "chosen", "probes"),
    [
        # The arc its MIB lives under, as sysObjectID: selected by the key (the maker-wide row's subtree is asked).
        ("1.3.6.1.4.1.64998.1", (), "acme_os", ["1.3.6.1.4.1.64998.5"]),
        # An unseen product of the maker that answers the group the row reads: selected by the answer (above the
        # maker-wide row).
        ("1.3.6.1.4.1.64998.7", ("1.3.6.1.4.1.64998.1.3", "1.3.6.1.4.1.64998.5"), "acme_os",
         ["1.3.6.1.4.1.64998.5", "1.3.6.1.4.1.64998.1.3"]),
        ("1.3.6.1.4.1.64998.7", ("1.3.6.1.4.1.64998.5",), "acme_any", ["1.3.6.1.4.1.64998.5", "1.3.6.1.4.1.64998.1.3"]),
        ("1.3.6.1.4.1.64998.7", (), None, ["1.3.6.1.4.1.64998.5", "1.3.6.1.4.1.64998.1.3"]),
        # A product line's key that places the device keeps it: no MIB arc asked.
        ("1.3.6.1.4.1.64998.2.17.4", ("1.3.6.1.4.1.64998.1.3",), "acme_box", ["1.3.6.1.4.1.64998.5"]),
        # Another maker's MIB answering names nobody here; a product registration (nothing read below it) is not asked.
        ("1.3.6.1.4.1.64997.8", ("1.3.6.1.4.1.64998.1.3",), None, ["1.3.6.1.4.1.64997.1"]),
        ("1.3.6.1.4.1.64998.2.18", ("1.3.6.1.4.1.64998.2.17",), None,
         ["1.3.6.1.4.1.64998.5", "1.3.6.1.4.1.64998.1.3"]),
        ("1.3.6.1.4.1.64998", ("1.3.6.1.4.1.64998.1.3",), None, ["1.3.6.1.4.1.64998.5"]),  # no arc after the maker's
    ],
)
def test_an_unseen_product_of_a_maker_is_selected_by_the_mib_its_row_reads(
    oid: str, answered: tuple[str, ...], chosen: str | None, probes: list[str]
) -> None:
    """A sysObjectID no key holds (a product registered after the rows were written): a row keyed to the arc its own
    rules read the maker's MIB under selects it where the agent answers there, indexed table or not."""
    rows = [MIB_ROW, PRODUCT_ROW, MAKER_ROW, OTHER_ROW]
    assert MIB_ROW.mib_arcs == ("1.3.6.1.4.1.64998.1.3",) and PRODUCT_ROW.mib_arcs == () == MAKER_ROW.mib_arcs
    for table in (rows, tuple(rows)):
        got = select_platform(table, oid, "", answered)
        assert (got.id if got else None) == chosen, type(table).__name__
        assert selection_probes(table, oid, "") == probes, type(table).__name__
    assert select_platform(rows, "1.3.6.1.4.1.64998.7", "", None) is None  # nobody asked: no answer selects


def test_a_row_whose_line_mib_lives_apart_from_its_key_is_selected_by_the_objects_it_reads() -> None:
    """A row keyed to a product line's registration arc whose MIB lives elsewhere under the maker's number: an unseen
    line of the maker that answers an object the row reads selects it; a relative read or another maker's object
    asks nothing."""
    line = SnmpPlatform("acme_line", "made up", sys_object_id=("1.3.6.1.4.1.64998.3",),
                        extract=(ExtractRule("serial", oid="1.3.6.1.4.1.64998.8.1.2.0"),
                                 ExtractRule("model", oid="1.3.6.1.4.1.64998.8.4.1.7.1"),
                                 ExtractRule("os_version", oid="4.0", relative=True),
                                 ExtractRule("hardware_rev", oid="1.3.6.1.4.1.9.9.1.0")))
    assert line.mib_arcs == ("1.3.6.1.4.1.64998.8.1", "1.3.6.1.4.1.64998.8.4")
    for table in ([line, MAKER_ROW], (line, MAKER_ROW)):
        assert selection_probes(table, "1.3.6.1.4.1.64998.11.2", "") == [
            "1.3.6.1.4.1.64998.5", "1.3.6.1.4.1.64998.8.1", "1.3.6.1.4.1.64998.8.4"]
        assert select_platform(table, "1.3.6.1.4.1.64998.11.2", "", ("1.3.6.1.4.1.64998.8.4",)) is line
        assert select_platform(table, "1.3.6.1.4.1.64998.11.2", "", ()) is None


@pytest.mark.parametrize(
    ("oid", "descr", "answered", "platform", "kind"),
    [
        # An OceanStor under a HUAWEI-MIB product arc no row knows answers its storage MIB (34774).
        ("1.3.6.1.4.1.2011.2.999", "", ("1.3.6.1.4.1.34774.4.1.1",), "huawei_oceanstor", "storage"),
        ("1.3.6.1.4.1.2011.2.999", "", (), "huawei_vrp", "other"),
        # An EdgeRouter under another Ubiquiti arc names its OS in the banner.
        ("1.3.6.1.4.1.41112.1.99", "EdgeOS v2.0.9-hotfix.7.5622731.230615.0857", (), "ubiquiti_edge", "router"),
        ("1.3.6.1.4.1.41112.1.99", "EdgeRouter X 5-Port", (), "ubiquiti_edge", "router"),
    ],
)
def test_a_maker_line_is_selected_under_an_unseen_product_arc(
    oid: str, descr: str, answered: tuple[str, ...], platform: str, kind: str
) -> None:
    table = default_platforms()
    row = select_platform(table, oid, descr, answered)
    assert row is not None and (row.platform, row.kind) == (platform, kind)


def test_the_built_in_table_selects_the_same_rows_through_its_index() -> None:
    """Every built-in row's own sysObjectID keys (and one arc below them), with and without its sysDescr's words."""
    table = tuple(load_platforms())
    asked = 0
    for row in table:
        for prefix in row.sys_object_id:
            for oid in (prefix, prefix + ".7"):
                for descr in ("", row.sys_descr[0].strip("^$\\b()") if row.sys_descr else "x"):
                    assert select_platform(table, oid, descr, row.answers) is select_platform(
                        list(table), oid, descr, row.answers), (row.id, oid, descr)
                    asked += 1
    assert asked > 400


def test_the_kinds_that_name_nothing_are_value_kinds() -> None:
    """NOT_A_NAME is compared with the kinds discovery records (govops.snmp.values.ValueKind), which the platform
    layer may not import: a kind misspelt there would never match, and an OID would pass for a model."""
    kinds = set(get_args(ValueKind))
    assert NOT_A_NAME and NOT_A_NAME.issubset(kinds), NOT_A_NAME - kinds


@pytest.mark.parametrize(
    ("extract", "refused"),
    [
        # Two tables of one group (their OIDs, not columns): discovery would read both from one row.
        ("{field: model, oid: 1.3.6.1.4.1.64998.2.1, next: true}, "
         "{field: serial, oid: 1.3.6.1.4.1.64998.2.3, next: true}",
         r"1\.3\.6\.1\.4\.1\.64998\.2\.1 and 1\.3\.6\.1\.4\.1\.64998\.2\.3 are read .* their parent "
         r"1\.3\.6\.1\.4\.1\.64998\.2 is no table's entry"),
        # A kind rule's column beside a rule's, in one group.
        ("{field: serial, oid: 1.3.6.1.4.1.64998.3.7, next: true}]\n    kinds: [{value_of: 1.3.6.1.4.1.64998.3.9, "
         "next: true, value: '1', kind: pdu}", r"1\.3\.6\.1\.4\.1\.64998\.3\.7 and 1\.3\.6\.1\.4\.1\.64998\.3\.9"),
        # Suffixes under the device's sysObjectID, of one group.
        ("{field: model, oid: '4.2', next: true, relative: true}, {field: serial, oid: '4.5', next: true, "
         "relative: true}", r"4\.2 and 4\.5 are read .* their parent 4 is no table's entry"),
        # Columns of one table (its entry .1): one row, the device's.
        ("{field: model, oid: 1.3.6.1.4.1.64998.2.1.1.2, next: true}, "
         "{field: serial, oid: 1.3.6.1.4.1.64998.2.1.1.5, next: true}", None),
        # One read alone under its parent, and a scalar beside it: nothing is grouped with it.
        ("{field: serial, oid: 1.3.6.1.4.1.64998.2.3, next: true}, {field: model, oid: 1.3.6.1.4.1.64998.2.4.0}",
         None),
    ],
    ids=["two-tables", "kind-and-rule", "relative", "one-table", "alone"],
)
def test_next_reads_discovery_would_take_for_one_tables_columns_and_are_not_are_refused_at_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extract: str, refused: str | None
) -> None:
    """Discovery reads the columns of one table (one parent, the table's entry) from one row, the device's: two reads
    sharing a parent that is no entry would answer from one row and one would be lost, silently."""
    user = tmp_path / "rows.yaml"
    user.write_text("snmp_platforms:\n  - id: mine\n    source: s\n    sys_object_id: [1.3.6.1.4.1.64998.1]\n"
                    f"    extract: [{extract}]\n")
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    if refused is None:
        assert "mine" in {p.id for p in load_platforms()}
        return
    with pytest.raises(CatalogError, match=rf"rows\.yaml:2: snmp_platforms mine: {refused}"):
        load_platforms()


def test_a_platform_release_rule_reads_the_release_in_the_shape_the_platforms_cli_facts_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One regex of a Junos release (releases.JUNOS) for both surfaces: the CLI's package lines and the SNMP rows, a
    # user's row naming the platform too; before, each surface wrote it out.
    assert JUNOS in get_platform("juniper_junos").commands[0].stated["version"]
    (builtin,) = [r for r in {p.id: p for p in load_platforms()}["junos"].extract if r.platform_release]
    assert builtin.regex == release_regex(JUNOS)
    user = tmp_path / "rows.yaml"
    rule = "{field: os_version, oid: 1.3.6.1.4.1.2636.9.0, platform_release: true}"
    user.write_text("snmp_platforms:\n  - {id: mine, source: s, platform: juniper_junos, "
                    f"sys_object_id: [1.3.6.1.4.1.2636.9], extract: [{rule}]}}\n")
    monkeypatch.setenv("GOVOPS_CATALOG", str(user))
    (mine,) = {p.id: p for p in load_platforms()}["mine"].extract
    read = {"1.3.6.1.4.1.2636.9.0": "JUNOS Base OS boot [21.1X3.3] build 7 and 1.2R3 later"}
    assert mine.read("", read) == "21.1X3.3"
    assert mine.read("", {"1.3.6.1.4.1.2636.9.0": "build 20220825.064945"}) is None  # no letter: no release
