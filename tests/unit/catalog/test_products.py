"""Vendors' registration MIBs as data: sysObjectID -> product (made-up MIB text, OIDs and descriptors)."""

from __future__ import annotations

import re

import pytest

from govops.catalog import products
from govops.catalog.products import normalise_oid, product_of
from govops.catalog.vendors import default_vendors
from govops.discovery.snmp_identify import RawIdentity, identify
from govops.errors import CatalogError
from govops.platforms.snmp import default_platforms
from tests.scripts import load_script

GEN = load_script("gen_products")

# A made-up vendor's registration MIB, in the shapes real ones use: plain assignments, OBJECT-IDENTITY with a
# DESCRIPTION that holds '--' and '::=', comments (to the line's end and closed by '--'), an arc below the products
# arc that is no product, and an assignment whose parent this module never reaches.
MIB = """
-- Copyright (c) 2099 Example Networks. All rights reserved.
EXAMPLE-PRODUCTS-MIB DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY FROM SNMPv2-SMI
    exampleRoot FROM EXAMPLE-SMI;
exampleProductsMIB MODULE-IDENTITY
    LAST-UPDATED "209901010000Z"
    DESCRIPTION "Added: exGhost2 OBJECT IDENTIFIER ::= { exProducts 7 } -- in a revision note"
    ::= { exProducts 0 }
exProducts OBJECT IDENTIFIER ::= { exampleRoot 1 }
exSwitch24 OBJECT IDENTIFIER ::= { exProducts 1 }   -- a 24-port switch
exRouter9000 OBJECT-IDENTITY
    STATUS current
    DESCRIPTION "The 9000 router -- not { exProducts 99 } ::= anything"
    ::= { exProducts 2 }
-- exGhost OBJECT IDENTIFIER ::= { exProducts 3 }
exFw-100 OBJECT IDENTIFIER -- inline comment -- ::= { exProducts 4 }
exOemArc OBJECT IDENTIFIER ::= { exProducts 5 }
exOemBox OBJECT IDENTIFIER ::= { exOemArc 1 }
exOrphan OBJECT IDENTIFIER ::= { elsewhere 7 }
ex OBJECT IDENTIFIER ::= { exProducts 6 }
END
"""


def _source(**kw: object) -> object:
    base: dict[str, object] = dict(
        vendor="example", mib="EXAMPLE-PRODUCTS-MIB", file="EXAMPLE-PRODUCTS-MIB", repository="example/mibs",
        path="EXAMPLE-PRODUCTS-MIB.my", commit="0" * 40, revision="209901010000Z",
        copyright="Copyright (c) 2099 Example Networks. All rights reserved.",
        roots={"exampleRoot": "1.3.6.1.4.1.99999"}, arcs=("exProducts",), strip=("ex",),
        exclude={"exOemArc": "an arc for OEM products", "exampleProductsMIB": "the module's identity"},
    )
    base.update(kw)
    return GEN.Source(**base)


def test_products_are_the_direct_children_of_the_products_arc() -> None:
    rows = GEN.products(MIB, _source())
    assert sorted(rows) == [
        ("1.3.6.1.4.1.99999.1.1", "exSwitch24"),
        ("1.3.6.1.4.1.99999.1.2", "exRouter9000"),
        ("1.3.6.1.4.1.99999.1.4", "exFw-100"),
        ("1.3.6.1.4.1.99999.1.6", "ex"),
    ]


def test_the_model_is_the_descriptor_without_the_vendors_prefix() -> None:
    text = GEN.render([(_source(), GEN.products(MIB, _source()))])
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == [
        "1.3.6.1.4.1.99999.1.1\tSwitch24\tEXAMPLE-PRODUCTS-MIB::exSwitch24",
        "1.3.6.1.4.1.99999.1.2\tRouter9000\tEXAMPLE-PRODUCTS-MIB::exRouter9000",
        "1.3.6.1.4.1.99999.1.4\tFw-100\tEXAMPLE-PRODUCTS-MIB::exFw-100",
        "1.3.6.1.4.1.99999.1.6\tex\tEXAMPLE-PRODUCTS-MIB::ex",  # the prefix alone stays whole
    ]
    assert GEN.model_of("summitStack", _source(strip=("summit",))) == "summitStack"  # no model number: whose it is
    # A prefix that names a product line keeps its place before a bare number, which names nothing alone.
    line = _source(strip=("acme",), upper="first", line_prefix=True)
    assert (GEN.model_of("acmeX100-8t", line), GEN.model_of("acme48", line), GEN.model_of("acme200-24", line)) == (
        "X100-8t", "Acme48", "Acme200-24")
    assert GEN.model_of("acme48", _source(strip=("acme",))) == "48"  # a vendor's prefix (cisco2811 is the 2811)
    head = text.split("\n")[2]
    assert "EXAMPLE-PRODUCTS-MIB (revision 209901010000Z) from example/mibs EXAMPLE-PRODUCTS-MIB.my at " in head
    assert "the MIB says: Copyright (c) 2099 Example Networks. All rights reserved." in head
    assert GEN.model_of("hh3c-s5500-28C-EI", _source(strip=("hh3c-",), upper="first")) == "S5500-28C-EI"
    assert GEN.model_of("ar1220", _source(strip=(), upper="prefix")) == "AR1220"
    assert GEN.model_of("cX600-X8", _source(strip=(), upper="prefix")) == "CX600-X8"
    assert GEN.model_of("wlanAp6010DN", _source(strip=("wlan",), upper="prefix")) == "AP6010DN"
    assert GEN.model_of("e6000", _source(strip=(), upper="prefix")) == "E6000"
    assert GEN.model_of("jnxProductNameMX480", _source(strip=("jnxProductName",))) == "MX480"


def test_a_product_line_is_set_off_as_the_vendor_writes_its_models() -> None:
    """A prefix and an ending dropped ('acmeModel...Reg'), the product line set off by a hyphen and a series number
    before it by a space: a line with no digit after it is still a model; a rest without a line keeps its letters."""
    source = _source(strip=("acmeModel",), suffix=("Reg",), lines=("GW", "GWX", "SW"))
    models = [GEN.model_of(d, source) for d in
              ("acmeModelGW12Reg", "acmeModel9100GWX4bReg", "acmeModelSWsReg", "acmeModel77MXP3Reg",
               "acmeModelGWReg", "acmeModelVirtualReg", "acmeModelReg")]
    assert models == ["GW-12", "9100 GWX-4b", "SW-s", "77MXP3", "acmeModelGWReg", "acmeModelVirtualReg",
                      "acmeModelReg"]
    # A descriptor that opens with a line keeps it, before any prefix is tried ('gw12' is no 'g' + 'w12').
    own = _source(strip=("g",), lines=("gw", "rgw"), upper="all")
    assert [GEN.model_of(d, own) for d in ("gw12", "rgw3n", "g7200", "gwX")] == ["GW-12", "RGW-3N", "7200", "GW-X"]
    head = GEN.Source.header(source)
    assert "and its ending 'Reg'" in head and "opens with a product line (GW, GWX, SW)" in head
    # Without lines or an ending the rule and the header say what they said before.
    plain = GEN.Source.header(_source())
    assert "ending" not in plain and "product line" not in plain


COMPILED = """
exampleProductsMIB = ModuleIdentity(
    (1, 3, 6, 1, 4, 1, 99999, 4, 1)
)
_ExBox_1_ObjectIdentity = ObjectIdentity
exBox_1 = _ExBox_1_ObjectIdentity(
    (1, 3, 6, 1, 4, 1, 99999, 1, 1)
)
_EX_R20_ObjectIdentity = ObjectIdentity
EX_R20 = _EX_R20_ObjectIdentity((1, 3, 6, 1, 4, 1, 99999, 2, 7))
_ExElsewhere_ObjectIdentity = ObjectIdentity
exElsewhere = _ExElsewhere_ObjectIdentity(
    (1, 3, 6, 1, 4, 1, 99999, 3, 1)
)
"""


def test_a_compiled_module_gives_the_objectidentities_under_its_product_arcs() -> None:
    source = _source(roots={"exSwitches": "1.3.6.1.4.1.99999.1", "exRouters": "1.3.6.1.4.1.99999.2"},
                     arcs=("exSwitches", "exRouters"), strip=(), compiled=True, upper="prefix")
    # pysmi writes a descriptor's '-' as '_': 'exBox-1', 'EX-R20'; the module identity and other arcs are no product.
    assert GEN.products(COMPILED, source) == [("1.3.6.1.4.1.99999.1.1", "exBox-1"),
                                              ("1.3.6.1.4.1.99999.2.7", "EX-R20")]
    assert GEN.model_of("rsr20-14", source) == "RSR20-14"  # the letters before the first digit upper-cased
    with pytest.raises(ValueError, match="no ObjectIdentity under the product arc"):
        GEN.products(COMPILED, _source(roots={"exNone": "1.3.6.1.4.1.99999.9"}, arcs=("exNone",), compiled=True))


def test_a_mib_that_contradicts_itself_or_lacks_its_arc_is_refused() -> None:
    with pytest.raises(ValueError, match="exSwitch24 is assigned twice"):
        GEN.products(MIB + "exSwitch24 OBJECT IDENTIFIER ::= { exProducts 9 }\n", _source())
    with pytest.raises(ValueError, match="no assignment of the product arc"):
        GEN.products(MIB, _source(arcs=("exMissing",)))
    twice = [(_source(), [("1.3.6.1.4.1.99999.1.1", "exA")]), (_source(), [("1.3.6.1.4.1.99999.1.1", "exB")])]
    with pytest.raises(ValueError, match="assigned twice"):
        GEN.render(twice)
    with pytest.raises(ValueError, match="not a one-line name"):
        GEN.render([(_source(strip=()), [("1.3.6.1.4.1.99999.1.1", "x" * 65)])])


def test_the_committed_table_is_current_with_its_generator() -> None:
    """Regenerating from the committed rows' descriptors with the generator's sources and rules gives the file:
    a changed rule, source or header without a new table fails here."""
    text = products.REGISTRY_FILE.read_text(encoding="utf-8")
    rows = GEN.committed_rows(text)  # every row a source (of its MIB, under its roots)
    assert all(pairs for _source, pairs in rows), "every source has rows"
    assert GEN.render(rows) == text, "run scripts/gen_products.py --mibs DIR"


def test_every_source_names_its_origin_and_licence_line() -> None:
    for s in GEN.SOURCES:
        assert len(s.commit) == 40 and s.repository.count("/") == 1 and s.revision and s.arcs
        assert "copyright" in s.copyright.casefold() or "licen" in s.copyright.casefold()


def test_a_registered_sys_object_id_names_its_product() -> None:
    p = product_of(".1.3.6.1.4.1.25506.1.1")
    assert p is not None and (p.model, p.mib, p.descriptor) == ("S5500-28C-EI", "HH3C-PRODUCT-ID-MIB",
                                                               "hh3c-s5500-28C-EI")
    assert p.rule == "sysObjectID 1.3.6.1.4.1.25506.1.1 \u2192 HH3C-PRODUCT-ID-MIB::hh3c-s5500-28C-EI"


def test_junos_answers_its_registered_product_name() -> None:
    """JUNIPER-CHASSIS-DEFINES-MIB jnxProductName (2636.1.1.1.2): the descriptor without 'jnxProductName'."""
    p = product_of("1.3.6.1.4.1.2636.1.1.1.2.21")
    assert p is not None and (p.model, p.descriptor) == ("MX960", "jnxProductNameMX960")
    # A name without a model number (a family, a role, a virtual product) is left out: QFXSwitch, VSRX.
    assert product_of("1.3.6.1.4.1.2636.1.1.1.2.82") is None and product_of("1.3.6.1.4.1.2636.1.1.1.2.129") is None


def test_fortinet_management_appliances_answer_their_registered_model() -> None:
    """FORTINET-FORTIMANAGER-FORTIANALYZER-MIB fmModel (12356.103.1), faModel (12356.103.3); the VMs name no model."""
    p = product_of("1.3.6.1.4.1.12356.103.3.30004")
    assert p is not None and (p.model, p.descriptor) == ("FAZ3000D", "faz3000D")
    p = product_of("1.3.6.1.4.1.12356.103.1.50011")
    assert p is not None and (p.model, p.descriptor) == ("FMG5001A", "fmg5001A")
    assert product_of("1.3.6.1.4.1.12356.103.1.64") is None and product_of("1.3.6.1.4.1.12356.103.3.64") is None


def test_a_joiner_sets_off_the_series_code_as_the_devices_write_it() -> None:
    source = _source(strip=(), upper="all", series=r"[A-Za-z]+(?=[0-9])", joiner="_")
    models = [GEN.model_of(d, source) for d in ("xyz60F", "xyz120g", "xy3HD", "xyzVM", "77xyz")]
    assert models == ["XYZ_60F", "XYZ_120G", "XY_3HD", "XYZVM", "77XYZ"]  # no code before a digit: nothing to join
    assert "'_' after a series /[A-Za-z]+(?=[0-9])/ that opens it" in GEN.Source.header(source)
    assert "after a series" not in GEN.Source.header(_source())


def test_fortigates_answer_their_registered_model() -> None:
    """FORTINET-FORTIGATE-MIB fgModel (12356.101.1): FortiGate, FortiWiFi, FortiGate Rugged and FortiFirewall models
    as the FortiGate's ENTITY-MIB writes them; a number Fortinet assigned to another product before, an abbreviated
    code and a virtual machine name none."""
    _assert_registered({"1.3.6.1.4.1.12356.101.1.644": ("FGT_60F", "fgt60F"),
                        "1.3.6.1.4.1.12356.101.1.1201": ("FGT_120G", "fgt120g"),
                        "1.3.6.1.4.1.12356.101.1.848": ("FWF_80F", "fwf80F"),
                        "1.3.6.1.4.1.12356.101.1.643": ("FGR_60F", "fgr60F"),
                        "1.3.6.1.4.1.12356.101.1.15004": ("FFW_1801F", "ffw1801F"),
                        "1.3.6.1.4.1.12356.101.1.642": ("FGT_60EPOE", "fgt60EPOE")})
    for oid in ("1.3.6.1.4.1.12356.101.1.1000", "1.3.6.1.4.1.12356.101.1.646",  # fgt100 in 2013; fg60EI before
                "1.3.6.1.4.1.12356.101.1.443", "1.3.6.1.4.1.12356.101.1.30",  # fg40FI; fgtVM64
                "1.3.6.1.4.1.12356.101.1.625", "1.3.6.1.4.1.12356.101.1"):  # not in this revision; the arc
        assert product_of(oid) is None, oid
    # The FortiGate's own ENTITY-MIB model outranks the table; without it the table names the box.
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.12356.101.1.644", model_name="FGT_60F-LAB"),
                                          default_platforms(), default_vendors())
    assert facts["model"] == "FGT_60F-LAB"
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.12356.101.1.644"), default_platforms(), default_vendors())
    assert facts["model"] == "FGT_60F" and "FORTINET-FORTIGATE-MIB::fgt60F" in facts["evidence"]["model"]


def test_a_product_name_is_written_before_the_model_number() -> None:
    source = _source(product="Acme Box-", numbered=True)
    assert [GEN.model_of(d, source) for d in ("ex20D", "exF11A")] == ["Acme Box-20D", "Acme Box-F11A"]
    assert "written after 'Acme Box-'" in GEN.Source.header(source)
    assert [d for _, d in GEN.products(MIB, source)] == ["exSwitch24", "exRouter9000", "exFw-100"]  # not the bare 'ex'


def test_fortiextenders_answer_their_registered_model() -> None:
    """FORTINET-FORTIEXTENDER-MIB fextModel (12356.121.200): 'FortiExtender-201E', as the device's fextInfo names it;
    a number assigned twice, another line's code and 'Unknown' or the VM name none."""
    _assert_registered({"1.3.6.1.4.1.12356.121.200.201": ("FortiExtender-201E", "fext201E"),
                        "1.3.6.1.4.1.12356.121.200.511": ("FortiExtender-511F", "fext511F")})
    for oid in ("1.3.6.1.4.1.12356.121.200.2121", "1.3.6.1.4.1.12356.121.200.2112", "1.3.6.1.4.1.12356.121.200.1",
                "1.3.6.1.4.1.12356.121.200.10"):
        assert product_of(oid) is None, oid


def test_palo_alto_firewalls_answer_their_registered_model() -> None:
    """PAN-PRODUCTS-MIB panProductsMibs (25461.2.3): 'panPA-3020' is the PA-3020; a zero-touch-provisioning variant is
    its model; Panorama, the VM and the card arcs name none."""
    _assert_registered({"1.3.6.1.4.1.25461.2.3.18": ("PA-3020", "panPA-3020"),
                        "1.3.6.1.4.1.25461.2.3.30": ("M-100", "panM-100"),
                        "1.3.6.1.4.1.25461.2.3.46": ("PA-220", "panPA-220-ZTP"),
                        "1.3.6.1.4.1.25461.2.3.60": ("WF-500-B", "panWF-500-B")})
    for oid in ("1.3.6.1.4.1.25461.2.3.7", "1.3.6.1.4.1.25461.2.3.29", "1.3.6.1.4.1.25461.2.3.100",
                "1.3.6.1.4.1.25461.2.3.100.1"):
        assert product_of(oid) is None, oid


COMMENTED = """
-- ACME-9-4X 1RU 4-port switch, with -- a dash
acmeACME94X OBJECT IDENTIFIER ::= { acmeProducts 3 9 4 }
-- ACME-SW
acmeSW OBJECT IDENTIFIER ::= { acmeProducts 7 }
-- ACME-7-CH Chassis
acmeACME7CH OBJECT IDENTIFIER ::= { acmeProducts 3 7 }
acmeUncommented OBJECT IDENTIFIER ::= { acmeProducts 3 8 }
-- ACME-1
acmeACME1 OBJECT IDENTIFIER ::= { acmeOther 1 }
"""


def test_a_model_stated_in_the_comment_before_the_assignment_keeps_its_hyphens() -> None:
    """The comment's first word is the model where it spells the descriptor but for hyphens; a value of several arcs
    is read whole; software without a model number, an uncommented assignment and another arc's are no product."""
    source = _source(roots={"acmeProducts": "1.3.6.1.4.1.99999.1"}, arcs=("acmeProducts",), strip=("acme",),
                     stated="before", numbered=True)
    rows = GEN.products(COMMENTED, source)
    assert rows == [("1.3.6.1.4.1.99999.1.3.9.4", "acmeACME94X", "ACME-9-4X"),
                    ("1.3.6.1.4.1.99999.1.3.7", "acmeACME7CH", "ACME-7-CH")]
    lines = [line for line in GEN.render([(source, rows)]).splitlines() if not line.startswith("#")]
    assert lines[0] == "1.3.6.1.4.1.99999.1.3.7\tACME-7-CH\tEXAMPLE-PRODUCTS-MIB::acmeACME7CH"
    assert "the first word of the comment line before the assignment" in GEN.Source.header(source)
    with pytest.raises(ValueError, match="does not spell the descriptor"):
        GEN.products(COMMENTED.replace("-- ACME-7-CH", "-- ACME-7-CX"), source)
    with pytest.raises(ValueError, match="does not spell the descriptor"):  # a stale committed model, too
        GEN.render([(source, [("1.3.6.1.4.1.99999.1.3.7", "acmeACME7CH", "ACME-8-CH")])])


def test_arista_switches_answer_the_model_arista_writes() -> None:
    """ARISTA-PRODUCTS-MIB (30065.1.<arcs>): 'aristaDCS7050TX64' is the DCS-7050TX-64, as the MIB's comment names it;
    CloudVision eXchange and vEOS (software) name none."""
    _assert_registered({"1.3.6.1.4.1.30065.1.3011.7050.1958.64": ("DCS-7050TX-64", "aristaDCS7050TX64"),
                        "1.3.6.1.4.1.30065.1.3011.7280.3735.3.1810.48.1654.8.3648.3282": (
                            "DCS-7280SR3MK-48YC8A-S", "aristaDCS7280SR3MK48YC8AS"),
                        "1.3.6.1.4.1.30065.1.2546.720.858.48.2137.2.2878.3282": (
                            "CCS-720XP-48TXH-2C-S", "aristaCCS720XP48TXH2CS"),
                        "1.3.6.1.4.1.30065.1.3011.7508.1359": ("DCS-7508N", "aristaDCS7508N")})
    for oid in ("1.3.6.1.4.1.30065.1.2682", "1.3.6.1.4.1.30065.1.2759", "1.3.6.1.4.1.30065.1.3011",
                "1.3.6.1.4.1.30065.1.3011.7050.1958"):
        assert product_of(oid) is None, oid


def test_lenovo_switches_answer_their_registered_model() -> None:
    """LENOVO-PRODUCTS-MIB tor (19046.1.7) and flex (19046.1.18): the RackSwitch and ThinkSystem switches; a switch
    registered again for CNOS is the same model; the server arc names none."""
    _assert_registered({"1.3.6.1.4.1.19046.1.7.33": ("NE1032T", "ne1032t"),
                        "1.3.6.1.4.1.19046.1.7.30": ("G8272", "g8272-cnos"),
                        "1.3.6.1.4.1.19046.1.18.23": ("SI4091", "si4091")})
    for oid in ("1.3.6.1.4.1.19046.1.11", "1.3.6.1.4.1.19046.1.7", "1.3.6.1.4.1.19046.1.7.35"):
        assert product_of(oid) is None, oid


def test_an_upper_cased_model_sets_off_the_vendors_endings() -> None:
    source = _source(strip=(), upper="all", endings=("ON", "DC"))
    models = [GEN.model_of(d, source) for d in ("x4810on", "x50ndc", "x4048t", "xon", "m-on", "x9-dc")]
    assert models == ["X4810-ON", "X50N-DC", "X4048T", "XON", "M-ON", "X9-DC"]  # no model number, or set off already
    assert GEN.Source.header(source).count("upper-cased, an ending 'ON' or 'DC' set off by a hyphen") == 1


def test_a_series_pattern_puts_back_the_hyphen_the_descriptor_lost() -> None:
    source = _source(strip=("ex",), series=r"(?:q|ZZ)\d{3}(?:L)?(?=\d)")
    models = [GEN.model_of(d, source) for d in ("exq12324GT", "exZZ400L8P", "exq123", "exRq12324", "q77712X")]
    assert models == ["q123-24GT", "ZZ400L-8P", "q123", "Rq12324", "q777-12X"]  # only a series that opens the model
    assert "'-' after a series /(?:q|ZZ)" in GEN.Source.header(source)


def test_a_numbered_source_leaves_out_descriptors_without_a_model_number() -> None:
    """Service modules and roles registered under a product arc ('exSecpoint', the bare 'ex') are no products where
    the source says so; a prefix's own digits ('ex9' in 'ex9Box') do not count, the rest after it does."""
    mib = MIB + "exSecpoint OBJECT IDENTIFIER ::= { exProducts 8 }\n"
    plain = GEN.products(mib, _source())
    assert ("1.3.6.1.4.1.99999.1.8", "exSecpoint") in plain  # every descriptor without the rule
    numbered = GEN.products(mib, _source(numbered=True))
    assert sorted(d for _, d in numbered) == ["exFw-100", "exRouter9000", "exSwitch24"]
    nine = _source(strip=("ex9",), numbered=True)
    assert (GEN.numbered("ex9Box", nine), GEN.numbered("ex9Box24", nine), GEN.numbered("ex9Box", _source())) == (
        False, True, True)
    assert "without a model number after its prefix is no product" in GEN.Source.header(_source(numbered=True))


def test_the_lower_case_prefix_rule_upper_cases_only_an_all_lower_case_series() -> None:
    source = _source(strip=("ex-", "ex"), upper="lower_prefix")
    models = [GEN.model_of(d, source) for d in ("ex-msr30-60", "ex-neoceanIX1000", "ex-secBlade-LSQ1", "exS5560X-30C",
                                                "ex-wcm-wx5002", "ex-secpath1000F", "ex-abcd12")]
    assert models == ["MSR30-60", "NeoceanIX1000", "SecBlade-LSQ1", "S5560X-30C", "Wcm-wx5002", "Secpath1000F",
                      "Abcd12"]  # a lower-case word longer than a series code takes a capital only


def _assert_registered(expected: dict[str, tuple[str, str]]) -> None:
    """Each sysObjectID names its (model, descriptor)."""
    for oid, want in expected.items():
        p = product_of(oid)
        assert p is not None and (p.model, p.descriptor) == want, oid


def test_h3c_products_answer_their_registered_model() -> None:
    """HH3C-PRODUCT-ID-MIB V1.59 hh3cProductId (25506.1): the models of 2009-2018 too; a series written lower-case is
    upper-cased ('hh3c-msr30-60'); service modules without a model number, and the OEM arc, are no product."""
    expected = {"1.3.6.1.4.1.25506.1.1460": ("S5560X-30C-EI", "hh3cS5560X-30C-EI"),
                "1.3.6.1.4.1.25506.1.921": ("SR8808X", "hh3cSR8808X"),
                "1.3.6.1.4.1.25506.1.1752": ("F1000-AK135", "hh3cF1000-AK135"),
                "1.3.6.1.4.1.25506.1.2033": ("WX2510H-PWR-WiNet", "hh3cWX2510H-PWR-WiNet"),
                "1.3.6.1.4.1.25506.1.75": ("MSR30-60", "hh3c-msr30-60"),
                "1.3.6.1.4.1.25506.1.994": ("WA2620EX", "hh3CWA2620EX"),  # no port block: as registered
                "1.3.6.1.4.1.25506.1.748": ("S5120-28SC-HI", "hh3cS512028SCHI"),  # hyphens put back
                "1.3.6.1.4.1.25506.1.836": ("S5500-58C-PWR-HI", "hh3cS550058CPWRHI"),
                "1.3.6.1.4.1.25506.1.876": ("S12508", "hh3cS12508"),  # a bare series
                "1.3.6.1.4.1.25506.1.340": ("S5820X-28C", "hh3c-S5820X-28C")}  # renamed from S5800X-28C in V1.39
    _assert_registered(expected)
    for oid in ("1.3.6.1.4.1.25506.1.122", "1.3.6.1.4.1.25506.1.890", "1.3.6.1.4.1.25506.1.218",
                "1.3.6.1.4.1.25506.1.1358"):  # hh3c-secpoint, hh3cVSR, the OEM arc, not assigned
        assert product_of(oid) is None, oid


def test_a_hyphen_shape_puts_back_the_hyphens_of_a_model_registered_without_them() -> None:
    """Series, port block and endings set off where the whole model is the shape; anything else as registered."""
    shape = GEN.HyphenShape(codes=("Q", "ZX"), wide=("Q995",), ports=("P", "TP", "T"),
                            endings=("EI", "PWR", "HPWR", "D"))
    source = _source(strip=("ex",), hyphens=shape)
    descriptors = {
        "exQ123428PPWREI": "Q1234-28P-PWR-EI",
        "exZX20008TPHPWRD": "ZX2000-8TP-HPWR-D",  # the longest port type and ending: TP, HPWR
        "exQ1234V252TEI": "Q1234V2-52T-EI",  # a version belongs to the series
        "exQ1234E24PEI": "Q1234E-24P-EI",  # so does a letter after the number
        "exQ9950824PD": "Q99508-24P-D",  # a five-digit series
        "exQ99508": "Q99508",  # a bare series: nothing to set off
        "exQ1234EI": "Q1234EI",  # no port block
        "exQ123428PXX": "Q123428PXX",  # an ending the shape does not know
        "exR123428PEI": "R123428PEI",  # a series code it does not know
        "exQ1234-28P-EI": "Q1234-28P-EI",  # registered with its hyphens
    }
    assert {d: GEN.model_of(d, source) for d in descriptors} == descriptors
    assert "its hyphens put back where it has none and is the whole shape" in GEN.Source.header(source)


def _h3c_hyphenated_models() -> list[str]:
    """The models H3C registered with their hyphens (its descriptor holds one after the prefix)."""
    h3c = next(s for s in GEN.SOURCES if s.mib == "HH3C-PRODUCT-ID-MIB")
    rows = [line.split("\t") for line in products.REGISTRY_FILE.read_text(encoding="utf-8").splitlines()
            if "\tHH3C-PRODUCT-ID-MIB::" in line]
    return [model for _oid, model, evidence in rows
            if "-" in next(d[len(p):] for p in h3c.strip if (d := evidence.split("::")[1]).startswith(p))]


def test_h3c_hyphen_shape_gives_back_its_own_hyphenated_models() -> None:
    """The measure of the H3C hyphen rule: every model H3C registered with its hyphens, hyphens stripped, comes back
    exactly where the shape reads it, at least 98% of the time; and the shape reads most of its switch models. Each
    code, port type and ending is written by at least two of those models, so no word of it is one name's."""
    h3c = next(s for s in GEN.SOURCES if s.mib == "HH3C-PRODUCT-ID-MIB")
    assert h3c.hyphens is not None
    models = _h3c_hyphenated_models()
    assert len(models) > 900
    restored = [(m, h3c.hyphens.restore(m.replace("-", ""))) for m in models]  # a row each
    read = [(m, r) for m, r in restored if r is not None]
    exact = [m for m, r in read if r == m]
    assert len(read) >= 350 and len(exact) / len(read) >= 0.98, (len(exact), len(read))
    # the models of the shape, read or not: a series, then a port block
    parts = [p for m in models if len(p := m.split("-")) > 1 and re.fullmatch("[A-Z]+[0-9]{4,5}[A-Z0-9]*", p[0])
             and re.fullmatch("[0-9]{1,2}[A-Z]+", p[1])]
    for code in h3c.hyphens.codes:
        assert sum(re.fullmatch(re.escape(code) + "[0-9].*", p[0]) is not None for p in parts) >= 2, code
    for port in h3c.hyphens.ports:
        assert sum(re.fullmatch("[0-9]+" + re.escape(port), p[1]) is not None for p in parts) >= 2, port
    for ending in h3c.hyphens.endings:
        assert sum(ending in p[2:] for p in parts) >= 2, ending


def test_huawei_3com_products_answer_their_registered_model() -> None:
    """HUAWEI-PRODUCT-ID-MIB h3cProductId (2011.10.1): Huawei-3Com's products; its OEM arcs and reserved numbers name
    none, and its assignments under Huawei's own arcs are not read."""
    _assert_registered({"1.3.6.1.4.1.2011.10.1.13": ("S3928P-EI", "s3928P-EI"),
                        "1.3.6.1.4.1.2011.10.1.26": ("Secpath1000F", "secpath1000F"),
                        "1.3.6.1.4.1.2011.10.1.65": ("AR18-21", "ar18-21"),
                        "1.3.6.1.4.1.2011.10.1.244": ("AR29-11", "ar29-11")})
    for oid in ("1.3.6.1.4.1.2011.10.1.54", "1.3.6.1.4.1.2011.10.1.54.1", "1.3.6.1.4.1.2011.10.1.135",
                "1.3.6.1.4.1.2011.10.1.34"):  # Wellhope's OEM arc and a product under it, Intransa's arc, reserved
        assert product_of(oid) is None, oid
    p = product_of("1.3.6.1.4.1.2011.1.1.1.1600")  # quidway1600, under Huawei's arc: HUAWEI-MIB's, if anyone's
    assert p is None or p.mib != "HUAWEI-PRODUCT-ID-MIB"


def test_hillstone_and_maipu_products_answer_their_registered_model() -> None:
    """HILLSTONE-PRODUCTS-MIB hillstoneProducts (28557.1); MAIPU-PRODUCTS mpProducts (5651.1) and its series arcs."""
    expected = {"1.3.6.1.4.1.28557.1.1": ("SA5020", "hillstoneSA5020"),
                "1.3.6.1.4.1.28557.1.21": ("SG-6000-X5100", "SG-6000-X5100"),
                "1.3.6.1.4.1.28557.1.52": ("SC-1000-M3108", "SC-1000-M3108"),
                "1.3.6.1.4.1.5651.1.1": ("MP2600", "mp2600"),
                "1.3.6.1.4.1.5651.1.71": ("S6803", "mpS6803"),
                "1.3.6.1.4.1.5651.1.101.1": ("MP1700E", "mp1700E"),
                "1.3.6.1.4.1.5651.1.102.1": ("S4152M", "mpS4152M"),
                "1.3.6.1.4.1.5651.1.35.3": ("VPN3020", "mpVPN3020")}
    _assert_registered(expected)
    # A code name, a series arc, a role without a model number, a note saying no such model, another model named.
    for oid in ("1.3.6.1.4.1.28557.1.54", "1.3.6.1.4.1.5651.1.102", "1.3.6.1.4.1.5651.1.28", "1.3.6.1.4.1.5651.1.35.7",
                "1.3.6.1.4.1.5651.1.56"):
        assert product_of(oid) is None, oid


def test_allied_telesis_products_answer_their_registered_model() -> None:
    """AT-PRODUCT-MIB (207.1.<arc>): the series hyphen the 2017 revision dropped is put back; routers lose 'Router'."""
    for oid, want in {"1.3.6.1.4.1.207.1.14.114": ("SBx8106", "atSBx8106"),
                      "1.3.6.1.4.1.207.1.14.118": ("x930-28GTX", "atx93028GTX"),
                      "1.3.6.1.4.1.207.1.1.85": ("AR4050S", "atAR4050SRouter"),
                      "1.3.6.1.4.1.207.1.24.14": ("IE340L-18GP", "atIE340L18GP")}.items():
        p = product_of(oid)
        assert p is not None and (p.model, p.descriptor) == want, oid
    assert product_of("1.3.6.1.4.1.207.1.26.1") is None  # a virtual appliance: no hardware


def test_dell_networking_os9_switches_answer_their_registered_model() -> None:
    """DELL-NETWORKING-PRODUCTS-MIB (6027.1.<series>): Dell Networking OS 9 / Force10 sysObjectIDs."""
    for oid, want in {"1.3.6.1.4.1.6027.1.5.2": ("Z9100", "z9100"), "1.3.6.1.4.1.6027.1.3.22": ("S4048-ON", "s4048on"),
                      "1.3.6.1.4.1.6027.1.3.14": ("S4810", "s4810")}.items():
        p = product_of(oid)
        assert p is not None and (p.model, p.descriptor) == want, oid
    assert product_of("1.3.6.1.4.1.6027.1.3") is None  # the S series arc
    # DELLEMC-OS10-PRODUCTS-MIB (674.11000.5000.100.2.<series>): OS10's.
    p = product_of("1.3.6.1.4.1.674.11000.5000.100.2.1.6")
    assert p is not None and (p.model, p.descriptor) == ("S4148F-ON", "s4148Fon")


def test_procurve_and_aruba_switches_answer_their_product_number() -> None:
    """HP-ICF-OID hpEtherSwitch (11.2.3.7.11) and its Aruba family arcs: the model is HPE's product number; a
    stacking module or a family arc is no product; a number-only name keeps the switch-line prefix."""
    expected = {"1.3.6.1.4.1.11.2.3.7.11.155": ("J9729A", "hpSwitchJ9729A"),
                "1.3.6.1.4.1.11.2.3.7.11.181.21": ("JL256A", "arubaSwitchJL256A"),
                "1.3.6.1.4.1.11.2.3.7.11.174.1": ("JL071A", "arubaJL071A"),
                "1.3.6.1.4.1.11.2.3.7.11.11": ("hpSwitch2424", "hpSwitch2424")}
    for oid, want in expected.items():
        p = product_of(oid)
        assert p is not None and (p.model, p.descriptor) == want, oid
    assert product_of("1.3.6.1.4.1.11.2.3.7.11.128") is None and product_of("1.3.6.1.4.1.11.2.3.7.11.181") is None


def test_aruba_controllers_and_access_points_answer_their_registered_model() -> None:
    """ARUBA-MIB switchProducts (14823.1.1) and apProducts (14823.1.2); reserved arcs and 'undefined' name none."""
    for oid, want in {"1.3.6.1.4.1.14823.1.1.32": ("7210", "a7210"), "1.3.6.1.4.1.14823.1.2.59": ("AP-225", "ap225"),
                      "1.3.6.1.4.1.14823.1.2.51": ("RAP-3WN", "rap3wn"),
                      "1.3.6.1.4.1.14823.1.1.24": ("S3500-24P", "s3500-24P")}.items():
        p = product_of(oid)
        assert p is not None and (p.model, p.descriptor) == want, oid
    assert product_of("1.3.6.1.4.1.14823.1.1.21") is None and product_of("1.3.6.1.4.1.14823.1.2.9999") is None


def test_nokia_sr_sar_and_sas_answer_their_registered_model() -> None:
    """TIMETRA-GLOBAL-MIB (7750 SR, 6527.1.3), ALU-SAR-GLOBAL-MIB (7705 SAR, 6527.6.1.1.2), TIMETRA-SAS-GLOBAL-MIB
    (7210 SAS, 6527.6.2.1.2 and its per-family arcs); the virtual router and the family arcs name no model."""
    expected = {"1.3.6.1.4.1.6527.1.3.3": ("SR-12", "tmnxModelSR12Reg"),
                "1.3.6.1.4.1.6527.1.15.3": ("7950 XRS-20E", "tmnxModel7950XRS20EReg"),
                "1.3.6.1.4.1.6527.6.1.1.2.1": ("7705 SAR-8", "aluSARModel7705SAR8Reg"),
                "1.3.6.1.4.1.6527.6.2.1.2.6.1": ("7210 SAS-R6", "timetraSASModel7210SASR6Reg")}
    for oid, want in expected.items():
        p = product_of(oid)
        assert p is not None and (p.model, p.descriptor) == want, oid
    assert product_of("1.3.6.1.4.1.6527.1.19.1") is None and product_of("1.3.6.1.4.1.6527.6.2.1.2.6") is None


@pytest.mark.parametrize(
    "oid",
    [
        "1.3.6.1.4.1.25506.1",  # the products arc itself
        "1.3.6.1.4.1.25506.1.218",  # an arc the MIB reserves for OEM products
        "1.3.6.1.4.1.25506.1.1.0",  # below a product
        "1.3.6.1.4.1.25506.1.99999",  # not assigned
        "1.3.6.1.4.1.25506.1.1x",
        "",
        None,
        "1." * 10_000,  # hostile length: not searched
    ],
)
def test_anything_else_names_no_product(oid: str | None) -> None:
    assert product_of(oid) is None


def test_oids_are_compared_without_their_leading_dot_or_spaces() -> None:
    assert normalise_oid(" .1.3.6.1.4.1.9.1.1 ") == "1.3.6.1.4.1.9.1.1"
    assert normalise_oid("1.3.6.1") is None  # too short to be under an enterprise


def test_a_malformed_table_line_is_an_error_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = b"# header\n1.3.6.1.4.1.99999.1.1\tSwitch24\tno-descriptor\n"
    monkeypatch.setattr(products, "_registry_bytes", lambda: bad)
    product_of.cache_clear()
    try:
        with pytest.raises(CatalogError, match=r"products\.tsv: the line of 1\.3\.6\.1\.4\.1\.99999\.1\.1"):
            product_of("1.3.6.1.4.1.99999.1.1")
    finally:
        product_of.cache_clear()


def _raw(sys_object_id: str, sys_descr: str = "", model_name: str | None = None) -> RawIdentity:
    return RawIdentity(sys_descr=sys_descr, sys_object_id=sys_object_id, sys_name=None, uptime_ticks=None,
                       chassis={"model_name": model_name})


def test_identification_uses_the_registered_product_where_nothing_else_states_a_model() -> None:
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.25506.1.461"), default_platforms(), default_vendors())
    assert facts["model"] == "S5120-20P-SI"
    assert facts["evidence"]["model"] == ("registration MIB: sysObjectID 1.3.6.1.4.1.25506.1.461 \u2192 "
                                          "HH3C-PRODUCT-ID-MIB::hh3c-S5120-20P-SI (scripts/gen_products.py)")


def test_a_junos_box_whose_sysdescr_was_set_and_that_answers_no_juniper_mib_is_named_by_its_sysobjectid() -> None:
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.2636.1.1.1.2.135", "edge firewall 3"), default_platforms(),
                                          default_vendors())
    assert facts["model"] == "SRX340"
    assert "JUNIPER-CHASSIS-DEFINES-MIB::jnxProductNameSRX340" in facts["evidence"]["model"]


def test_the_registered_product_outranks_a_sysdescr_shape_of_the_standard_row() -> None:
    """A sysDescr is free text an operator may set: a host name of a model's shape ('core-sw-01') set as the Junos
    'snmp description' is no model where the sysObjectID names the product; the platform's own banner still is."""
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.2636.1.1.1.2.63", "core-sw-01"), default_platforms(),
                                          default_vendors())
    assert (facts["model"], facts["kind"]) == ("EX4300", "switch")
    assert facts["evidence"]["model"].startswith("registration MIB: ")
    banner = "Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 21.4R3.15"
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.2636.1.1.1.2.63", banner), default_platforms(),
                                          default_vendors())
    assert facts["model"] == "ex4300-48t" and facts["evidence"]["model"].startswith("junos: sysDescr")
    # Without a registered product the standard row's sysDescr shapes still apply.
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.99999.1", "XR-2000"), default_platforms(),
                                          default_vendors())
    assert facts["model"] == "XR-2000" and facts["evidence"]["model"].startswith("generic: sysDescr")


def test_the_devices_own_model_outranks_the_registered_product() -> None:
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.25506.1.461", model_name="LS-5120-20P-SI"),
                                          default_platforms(), default_vendors())
    assert facts["model"] == "LS-5120-20P-SI" and "ENTITY-MIB" in facts["evidence"]["model"]


def test_a_descriptor_registered_twice_is_read_at_each_oid() -> None:
    """A product the MIB registers again under a new number (Huawei's USG6635F, fw 284 and 402) answers either."""
    again = MIB.replace("END", "exSwitch24 OBJECT IDENTIFIER ::= { exProducts 9 }\nEND")
    rows = GEN.products(again, _source(twice={"exSwitch24": "registered again"}))
    assert [oid for oid, name in rows if name == "exSwitch24"] == ["1.3.6.1.4.1.99999.1.1", "1.3.6.1.4.1.99999.1.9"]
    # A name said to be assigned twice that is not: the source's data is stale.
    with pytest.raises(ValueError, match="exRouter9000 not assigned twice"):
        GEN.products(MIB, _source(twice={"exRouter9000": "registered again"}))


def test_a_brand_word_keeps_its_case_and_a_variant_ending_is_dropped() -> None:
    source = _source(strip=("wlan",), upper="all", brands=("AcmeBrand",), variants=("-SEA", "sw"))
    models = [GEN.model_of(d, source) for d in ("wlanAcmeBrand12-ab", "acmebrand9e-g3-ac", "x12-ab-sea", "x12sea",
                                                 "x12-ab", "x708sw", "xsw", "x12-sw")]
    # Not a variant: an ending that is all there is besides the number, or a word of its own after a hyphen.
    assert models == ["AcmeBrand12-AB", "AcmeBrand9E-G3-AC", "X12-AB", "X12SEA", "X12-AB", "X708", "XSW", "X12-SW"]
    head = GEN.Source.header(source)
    assert "without a variant ending '-SEA' or 'sw', upper-cased but for a brand word it opens with (AcmeBrand)" in head


def test_current_huawei_products_answer_their_registered_model() -> None:
    """HUAWEI-MIB V7.21 (2011.2.<product line>): NetEngine 8000, CloudEngine, AirEngine, USG, S-series, NE40E."""
    expected = {
        "1.3.6.1.4.1.2011.2.360.1.3": ("NetEngine8000-X8", "NetEngine8000-X8"),  # NetEngine8000SysOid 3
        "1.3.6.1.4.1.2011.2.239.113": ("CE6882-48S8CQ", "ce6882-48S8CQ"),  # dcswitch 113, added in V7.21
        "1.3.6.1.4.1.2011.2.39.166": ("AirEngine5762-10", "wlanAirEngine5762-10"),  # wlanAp 166
        "1.3.6.1.4.1.2011.2.240.26": ("AirEngine9700-H", "AirEngine9700-H"),  # wlan 26, a WLAN controller
        "1.3.6.1.4.1.2011.2.321.1.284": ("USG6635F", "USG6635F"),  # fw 284 ...
        "1.3.6.1.4.1.2011.2.321.1.402": ("USG6635F", "USG6635F"),  # ... and fw 402
        "1.3.6.1.4.1.2011.2.321.1.160": ("Eudemon1000E-G3-AC", "eudemon1000e-g3-ac"),
        "1.3.6.1.4.1.2011.2.23.416": ("S5720-28P-PWR-LI-ACF", "s5720-28P-PWR-LI-ACF"),
        "1.3.6.1.4.1.2011.2.23.576": ("S5720-28P-LI-AC", "s5720-28P-LI-AC-SEA"),  # the licence variant's model
        "1.3.6.1.4.1.2011.2.23.1051": ("S5732-H48UM4Y2CZ-V2", "S5732-H48UM4Y2CZ-V2"),
        "1.3.6.1.4.1.2011.2.62.2.18": ("NE40E-X8A", "ne40E-X8A"),  # ne5000SysOid 18
        "1.3.6.1.4.1.2011.2.224.111": ("AR531G-U-D-H", "ar531g-u-d-h"),  # ar 91 in V3.03, ar 111 since
        "1.3.6.1.4.1.2011.2.390.26": ("NetEngine-A835T", "NetEngine-A835T"),
        "1.3.6.1.4.1.2011.2.294": ("MA5800-X17", "ma5800-x17"),  # an OLT registered directly under hwProducts
    }
    _assert_registered(expected)
    # A product line's arc, an arc of family-wide OIDs (an OptiX RTN 905 answers transmission 1), the U2000's reserved
    # numbers, a virtual cluster, a number the MIB moved away from: no model.
    for oid in ("1.3.6.1.4.1.2011.2.360.1", "1.3.6.1.4.1.2011.2.25.1", "1.3.6.1.4.1.2011.2.23.495",
                "1.3.6.1.4.1.2011.2.62.2.20", "1.3.6.1.4.1.2011.2.224.91", "1.3.6.1.4.1.2011.2.23"):
        assert product_of(oid) is None, oid


def test_a_huawei_router_whose_sysdescr_names_no_model_is_named_by_its_sysobjectid() -> None:
    descr = "Huawei Versatile Routing Platform Software\r\nVRP (R) software, Version 8.180"
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.2011.2.360.1.3", descr), default_platforms(),
                                          default_vendors())
    assert facts["model"] == "NetEngine8000-X8"
    assert "HUAWEI-MIB::NetEngine8000-X8" in facts["evidence"]["model"]
    # The banner's own model outranks it.
    _platform, facts, _verdict = identify(_raw("1.3.6.1.4.1.2011.2.360.1.3", "NE8000-X8-LAB\r\n" + descr),
                                          default_platforms(), default_vendors())
    assert facts["model"] == "NE8000-X8-LAB"


def test_a_product_arc_below_another_is_read_not_taken_as_a_product() -> None:
    rows = GEN.products(MIB, _source(arcs=("exProducts", "exOemArc"), exclude={"exampleProductsMIB": "identity"}))
    names = {name for _oid, name in rows}
    assert "exOemBox" in names and "exOemArc" not in names


# A made-up vendor's module whose descriptions state each device's model, as ALE's ALCATEL-IND1-DEVICES does.
STATED = """
EXAMPLE-DEVICES DEFINITIONS ::= BEGIN
exChassis OBJECT-IDENTITY
    STATUS current
    DESCRIPTION
        "Branch for the chassis.
        Model Name: EX-ARC"
    ::= { exampleRoot 1 }
exBox1210 OBJECT-IDENTITY
    STATUS current
    DESCRIPTION
        "A 10-port box.
        Model Name: EX-1210-C10
        sysObjectID: 1.3.6.1.4.1.99999.1.1"
    ::= { exChassis 1 }
exBox12 OBJECT-IDENTITY
    STATUS current
    DESCRIPTION
        "A box whose model is not stated.
        Model Number:
        Assembly:"
    ::= { exChassis 2 }
exBox13 OBJECT-IDENTITY
    STATUS current
    DESCRIPTION
    "Model Number:EX-13-ITEMP  "
    ::= { exChassis 3 }
exFan OBJECT-IDENTITY
    STATUS current
    DESCRIPTION
        "A fan tray, under another arc.
        Model Name: EX-FAN"
    ::= { exampleRoot 2 }
END
"""


def test_a_model_the_description_states_is_taken_as_written() -> None:
    """A source with model labels takes the text after 'Model Name:' / 'Model Number:' (the descriptor may drop part
    of it); a device that states none is no product, an arc is none, and the rows carry the model to the table."""
    source = _source(roots={"exampleRoot": "1.3.6.1.4.1.99999"}, arcs=("exChassis",), strip=(),
                     stated="within", model_labels=("Model Name:", "Model Number:"))
    rows = GEN.products(STATED, source)
    assert rows == [("1.3.6.1.4.1.99999.1.1", "exBox1210", "EX-1210-C10"),
                    ("1.3.6.1.4.1.99999.1.3", "exBox13", "EX-13-ITEMP")]
    text = GEN.render([(source, rows)])
    assert "1.3.6.1.4.1.99999.1.1\tEX-1210-C10\tEXAMPLE-PRODUCTS-MIB::exBox1210" in text
    assert "the model its DESCRIPTION states after 'Model Name:' or 'Model Number:'" in text
    with pytest.raises(ValueError, match="stated model"):  # a computed model where the MIB states one, and back
        GEN.render([(source, [("1.3.6.1.4.1.99999.1.1", "exBox1210")])])
    with pytest.raises(ValueError, match="stated model"):
        GEN.render([(_source(), [("1.3.6.1.4.1.99999.1.1", "exBox1210", "EX-1210-C10")])])


def test_committed_rows_go_to_the_source_whose_roots_hold_them() -> None:
    """Two sources of one module name (two software trains' editions) split its rows by OID; a row no source holds
    is an error."""
    old = _source(vendor="ex_old", roots={"r": "1.3.6.1.4.1.99999.800"}, stated="within", model_labels=("Model Name:",))
    new = _source(vendor="ex_new", roots={"r": "1.3.6.1.4.1.99999.801"})
    table = ("# head\n1.3.6.1.4.1.99999.800.1.1\tEX-1\tEXAMPLE-PRODUCTS-MIB::exOne\n"
             "1.3.6.1.4.1.99999.801.1.1\tTwo2\tEXAMPLE-PRODUCTS-MIB::exTwo2\n")
    assert GEN.committed_rows(table, (old, new)) == [
        (old, [("1.3.6.1.4.1.99999.800.1.1", "exOne", "EX-1")]), (new, [("1.3.6.1.4.1.99999.801.1.1", "exTwo2")])]
    with pytest.raises(ValueError, match="0 sources"):
        GEN.committed_rows(table + "1.3.6.1.4.1.99999.802.1\tX1\tEXAMPLE-PRODUCTS-MIB::exX1\n", (old, new))


def test_omniswitches_answer_the_model_their_registration_states() -> None:
    """ALCATEL-IND1-DEVICES, AOS 6 (6486.800.1.1.2.1) and AOS 7 (6486.801.1.1.2.1): each chassis device's 'Model
    Name:' / 'Model Number:' line; a device that states none (OS6800, 6850 'LU') and a chassis arc are no product."""
    _assert_registered({
        "1.3.6.1.4.1.6486.800.1.1.2.1.7.1.44": ("OS6850E-C48", "deviceOmniSwitch6850E48"),
        "1.3.6.1.4.1.6486.800.1.1.2.1.11.2.1": ("OS6250-24", "deviceOmniSwitch625024ENT"),
        "1.3.6.1.4.1.6486.800.1.1.2.1.12.1.22": ("OS6450-U24SXM", "deviceOmniSwitch6450U24SXM"),
        "1.3.6.1.4.1.6486.800.1.1.2.1.13.1.5": ("OS6350-10", "deviceOmniSwitch6350C10"),
        "1.3.6.1.4.1.6486.801.1.1.2.1.11.1.9": ("OS6860E-U28", "deviceOmniSwitch6860E-U28"),
        "1.3.6.1.4.1.6486.801.1.1.2.1.10.1.6": ("OS6900-X72", "deviceOmniSwitch6900X72"),
        "1.3.6.1.4.1.6486.801.1.1.2.1.9.1.1": ("OS10000", "deviceOmniSwitch10000")})
    for oid in ("1.3.6.1.4.1.6486.800.1.1.2.1.6.1.1", "1.3.6.1.4.1.6486.800.1.1.2.1.7.1.19",
                "1.3.6.1.4.1.6486.801.1.1.2.1.10.1", "1.3.6.1.4.1.6486.801.1.1.2.1.10.3.1"):
        assert product_of(oid) is None, oid  # OS6824, OS6850-24 LU, the 6900 chassis arc, a 6900 power supply


def test_a_stated_name_in_a_comment_counts_and_a_role_of_several_words_does_not() -> None:
    """Enterasys-style: the model is a '--  Name' comment between STATUS and DESCRIPTION, quoted (a closing quote may
    be missing); 'Name' does not match 'Named', and a name of several words ('... Management Entity') is no model."""
    mib = ('exA OBJECT-IDENTITY\n    STATUS current\n--  Name        "EX-A1-24"\n--  Date "2099"\n'
           '    DESCRIPTION\n        "Named box."\n    ::= { exDev 1 }\n'
           'exB OBJECT-IDENTITY\n    STATUS current\n--  Name      "EX-B2\n    DESCRIPTION "x"\n    ::= { exDev 2 }\n'
           'exC OBJECT-IDENTITY\n    STATUS current\n--  Name      "Ex C Management Entity"\n'
           '    DESCRIPTION "x"\n    ::= { exDev 3 }\n'
           'exD OBJECT-IDENTITY\n    STATUS current\n    DESCRIPTION\n        "Named after nothing."\n'
           '    ::= { exDev 4 }\n'
           'exE OBJECT-IDENTITY\n    STATUS current\n--  Name "EX-E5"\n    DESCRIPTION "x"\n    REFERENCE "y"\n'
           '    ::= { exDev 5 }\n')
    stated = GEN.stated_models(mib, _source(stated="within", model_labels=("Name",)))
    assert stated == [("exA", ("exDev", "1"), "EX-A1-24"), ("exB", ("exDev", "2"), "EX-B2"),
                      ("exE", ("exDev", "5"), "EX-E5")]
    for wrong in ({"stated": "within"}, {"stated": "before", "model_labels": ("Name",)}, {"stated": "after"}):
        with pytest.raises(ValueError, match="stated="):  # labels say which line within, and only there
            _source(**wrong)


def test_enterasys_devices_answer_the_part_number_their_registration_names() -> None:
    """ENTERASYS-OIDS-MIB etsysOidDevice (5624.2.1): each device's '--  Name' comment, renamed ones as renamed; a
    management entity, a withdrawn (deprecated) assignment, a virtual appliance and a contradicted name are none."""
    _assert_registered({"1.3.6.1.4.1.5624.2.1.137": ("B5G124-48P2", "etsysOidDevB5G124x48P2"),
                        "1.3.6.1.4.1.5624.2.1.192": ("SSA-T8028-0652", "etsysOidDevSSAxT8028x0652"),
                        "1.3.6.1.4.1.5624.2.1.18": ("5H102-48", "etsysOidDev6H002x48"),
                        "1.3.6.1.4.1.5624.2.1.178": ("08G20G2-08", "etsysOidDev08G20G4x08"),
                        "1.3.6.1.4.1.5624.2.1.93": ("NSTAG-GE250-TX", "etsysOidDevNSTAGxGE250xTX")})
    for oid in ("1.3.6.1.4.1.5624.2.1.52", "1.3.6.1.4.1.5624.2.1.171", "1.3.6.1.4.1.5624.2.1.54",
                "1.3.6.1.4.1.5624.2.1.153", "1.3.6.1.4.1.5624.2.1.182", "1.3.6.1.4.1.5624.2.1.1"):
        assert product_of(oid) is None, oid  # Matrix N7 entity, S1 entity, XSR-1100, NAC-V, 08G20G4-48, reserved


def test_a_version_ending_a_model_number_stays_lower_case() -> None:
    source = _source(strip=(), upper="all", version_suffix=True)
    models = [GEN.model_of(d, source) for d in ("ex716tv2", "exfv318v3", "exgfv338", "exv2", "ex12v10")]
    assert models == ["EX716Tv2", "EXFV318v3", "EXGFV338", "EXV2", "EX12V10"]  # a version needs a number before it
    assert "a version ('v2') ending a model number lower-case" in GEN.Source.header(source)


def test_netgear_switches_answer_their_registered_model() -> None:
    """NETGEAR-REF-MIB: the pre-NMS100 product-line arcs (4526.1, .4, .6) and productID's categories (4526.100.<n>);
    an 'i' OID is the same switch on the generic MIB; the M5300's lost hyphens are put back; a category arc is none."""
    _assert_registered({"1.3.6.1.4.1.4526.100.4.32": ("GS724Tv4", "gs724tv4"),
                        "1.3.6.1.4.1.4526.100.11.19": ("M4100-26G-POE", "m4100-26g-poe"),
                        "1.3.6.1.4.1.4526.100.3.5": ("GSM7312", "gsm7312i"),
                        "1.3.6.1.4.1.4526.100.1.16": ("M5300-28G-POE", "m530028gpoe"),
                        "1.3.6.1.4.1.4526.100.1.20": ("M5300-28GF3", "m530028gf3"),
                        "1.3.6.1.4.1.4526.100.6.6": ("DGFV338", "dgfv338"),
                        "1.3.6.1.4.1.4526.4.6": ("WG302v2", "wg302v2")})
    for oid in ("1.3.6.1.4.1.4526.100.4", "1.3.6.1.4.1.4526.100.10.8", "1.3.6.1.4.1.4526.10"):
        assert product_of(oid) is None, oid  # the smartswitch arc, 'gs752tstps', an NMS100 function arc


def test_voss_switches_answer_their_registered_model() -> None:
    """RAPID-CITY rapidCity's chassis registrations (2272.<n>): the VSP line set off as the switches write it; the
    MIB-object arc, the Accelar/Passport 'A' numbers and the spelled-out PWRPLUS models are none."""
    _assert_registered({"1.3.6.1.4.1.2272.208": ("VSP-8404", "rcVSP8404"),
                        "1.3.6.1.4.1.2272.220": ("VSP-8404C", "rcVSP8404C"),
                        "1.3.6.1.4.1.2272.205": ("VSP-8284XSQ", "rcVSP8284XSQ")})
    for oid in ("1.3.6.1.4.1.2272.1", "1.3.6.1.4.1.2272.30", "1.3.6.1.4.1.2272.203", "1.3.6.1.4.1.2272.213"):
        assert product_of(oid) is None, oid  # rcMgmt, rcA8610, rcVSP4850GTSPWRPLUS, an APLS device
