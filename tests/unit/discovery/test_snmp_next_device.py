"""The next-device probe (``tests/snmp_next_device.py``): identification must follow a value it read when the device
states another of the same shape. Over the development walks the table is printed (``-s``) and written to
``build/snmp-next-device.md``; a floor on the share followed makes a memorised value, or a pattern fitted to one
walk's characters, fail here. The probe's own parts are tested on made-up walks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from govops.platforms.snmp import ExtractRule, SnmpPlatform, default_platforms
from govops.snmp.recorded import RecordedAgent
from govops.snmp.values import ValueKind, VarBind
from govops.util.oid import Oid
from tests.snmp_agreement import general_layers, identify_all
from tests.snmp_next_device import (
    CHINESE,
    ENCODINGS,
    ENT_PHYSICAL_ENTRY,
    INDEX_VARIANTS,
    MODES,
    Judged,
    JudgeKey,
    Walk,
    check_judged,
    development_recordings,
    followed_share,
    identified_walks,
    outcome_of,
    probe_all,
    probes_of,
    reencoded,
    reencoded_walk,
    render_probes,
    render_reencoded,
    render_renumbered,
    render_survivals,
    renumbered,
    renumbered_walk,
    string_indexed,
    strings_of,
    substitute,
    survival_why,
    survivals,
    survived_share,
    table_of,
    unseen_product,
    unseen_walk,
    variant,
    variant_walk,
)

REPO = Path(__file__).resolve().parents[3]
REPORT = REPO / "build" / "snmp-next-device.md"

SECTION = "\n<!-- unseen product arc -->\n"  # between the two tests' sections of the report


def write_section(part: int, text: str) -> None:
    """Write one part of the report (0: the next-device probe, 1: the unseen product arc, 2: the unseen product
    line, 3: the renumbered indices, 4: the re-encoded values), keeping the others (the tests may run apart, or in
    either order)."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    parts = [*(REPORT.read_text().split(SECTION) if REPORT.exists() else []), "", "", "", "", ""][:5]
    parts[part] = text
    REPORT.write_text(SECTION.join(parts))


# Share of the probes (tables left out) that must follow, per variant: measured; raise as rules generalise.
# shape 0.977 -> 0.979 since s16: A10's model is the word after the series banner (no literal edition names).
# The standard layer alone: letters and digits 388/401, digits only 388/396 (s16). The values LibreNMS states none
# of: 141/159 and 136/146 (s16), most of the rest machine architectures.
FLOORS = {"full": {"shape": 0.979, "digits": 0.989}, "general": {"shape": 0.966, "digits": 0.979},
          "unchecked": {"shape": 0.886, "digits": 0.931}}

# Non-following probes looked at and judged legitimate, with the reason (development walks only).
# Each is a word of a closed vocabulary (a CPU architecture), or the product line's name or the release notation the
# rule rightly anchors on, which the letters-and-digits variant changes (the digits variant follows wherever the
# value has digits). A table's value (the registration MIB's product for the sysObjectID) needs no entry: the walk's
# strings never gave it, and the next device has its own sysObjectID.
# Rules whose values are a closed vocabulary: a machine architecture (uname -m: amd64, i386, armv7l ...), which
# LibreNMS and govops write as a hardware class ('Generic x86 64-bit'); a variant of it names no architecture.
ARCH = "a machine architecture, a closed vocabulary (written as a hardware class): a variant of it names none"
UNAME = r"generic: sysDescr /\A(?:Linux|OpenBSD|NetBSD|SunOS|DragonFly) \S+ .*\b"
LEGITIMATE_RULES: dict[str, str] = {
    UNAME + "x86_64": ARCH,
    UNAME + "armv": ARCH,
    r"generic: sysDescr /\bFreeBSD\b.*\s(?P<value>amd64|i386": ARCH,
}
LEGITIMATE_VALUES: dict[JudgeKey, str] = {
    ("snmp-more/edgeos_erl", "hardware"): "Ubiquiti's models are 'EdgeRouter <name>': the rule anchors on the product "
    "line's name (no digit for the digits variant to change)",
    ("snmp-more/edgeswitch", "hardware"): "Ubiquiti's 'EdgeSwitch <ports>-Port ...': the rule anchors on the product "
    "line's name; the digits variant follows",
    ("snmp-more/fortiweb", "hardware"): "Fortinet names every product Forti<line>: the rule anchors on that prefix (no "
    "digit for the digits variant to change)",
    ("snmp/smartax", "hardware"): "Huawei's SmartAX access nodes are MA56xx and EA58xx: the rule anchors on the line's "
    "letters; the digits variant follows",
    ("snmp-more/fujitsuiRMC_rx300", "version"): "'iRMC S<generation>': iRMC is the controller's name; the digits "
    "variant follows",
    ("snmp-more/ibm-i", "version"): "IBM i's release notation V<version>R<release>M<modification>: the letters are the "
    "notation; the digits variant follows",
    ("snmp/vrp_ar169sfp", "version"): "VRP's release notation V<nnn>R<nnn>C<nn>SPC<nnn>: the letters are the notation; "
    "the digits variant follows",
    ("snmp-more/netscaler", "version"): "NetScaler's release string opens with NS ('NS12.0: Build 57.19.nc'); the "
    "digits variant follows",
    # The standard layer's release notations (the release shapes makers share, read where no row knows the maker).
    ("snmp/huawei-optixrtn_optixrtn905", "version"): "Huawei's release notation V<nnn>R<nnn>C<nn>SPC<nnn> (standard "
    "layer): the letters are the notation; the digits variant follows",
    ("snmp-more/nokia-1830_psd", "version"): "a release written R<major>.<minor> (standard layer): the R is the "
    "notation; the digits variant follows",
    ("snmp-more/nokia-isam", "version"): "see nokia-1830_psd",
    # Values LibreNMS states none of (the unchecked pass).
    ("snmp-more/iqnos_mtc6", "version"): "see nokia-1830_psd",
    ("snmp-more/unifi-usp_rps", "hardware"): "Ubiquiti's UniFi SmartPower models are USP-<name>: the rule anchors on "
    "the line's prefix (no digit for the digits variant to change)",
    ("snmp/zxa10_c320", "hardware"): "ZTE's ZXA10 access nodes are C<nnn> and F<nnn>: the rule anchors on the line's "
    "letter; the digits variant follows",
}
LEGITIMATE = Judged(LEGITIMATE_VALUES, LEGITIMATE_RULES)

# The unseen-product variant: share of each field's values kept when the sysObjectID's last arc is one no table holds
# (measured, slightly below). s17: platform 291/312 -> 312/312, kind 382/398 -> 397/398, model 345/355 -> 352/355,
# version 340/354 -> 354/354, serial 180/188 -> 188/188 (rows keyed to the arc their maker's MIB lives under select
# a device of the maker that answers the MIB; OceanStor by its storage MIB, EdgeOS by its banner); then platform
# 312/312 -> 310/311, kind 397/398 -> 396/398: a row is selected by the groups of the maker's MIB it reads, not by its
# key arc (MikroTik's SwOS is no longer made a RouterOS router, so it has no platform to keep; RouterOS's ltap-mini
# answers none of the groups the row reads, judged below). Floors unchanged.
UNSEEN_FLOORS = {"vendor": 0.995, "domestic": 0.995, "platform": 0.99, "kind": 0.99, "model": 0.985,
                 "version": 0.99, "serial": 0.99}
# The harder variant: every arc after the enterprise number new (a product line no row knows). Its losses are listed
# in the report; platforms are judged one by one (below), the other fields have floors. A row keyed to a line's arc
# whose MIB lives elsewhere under the maker is lost with the line where the walk answers none of the objects the row
# reads (HP's 11.2.3.7.11 switches read their sysDescr only, before s18). s17: kind 368/395 -> 376/396 (sysDescr
# words: 'Integrated Lights-Out', 'WLC880R', 'OfficeConnect Switch 1820', 'AIX version') -> 377/396; platform 279/311
# -> 288/311, model 336/355 -> 342/355, version 344/354 -> 350/354, serial 178/188 -> 183/188 (a row whose line's MIB
# lives apart from its key, under the maker's number, is selected by the objects it reads: Nokia 1830, ADVA XG300,
# Calix ONT, iLO ...); vendor and domestic 100%. Then platform 288/311 -> 286/310, kind 377/396 -> 376/396 (selection
# by the groups a row reads: SwOS has no platform to keep, RouterOS's ltap-mini is lost, Brocade NOS is lost instead
# of made Fabric OS). Floors unchanged. s18: platform 286/310 -> 304/310, kind 376/396 -> 385/396, model 342/355 ->
# 352/355, version 350/354 -> 354/354, serial 183/188 -> 188/188 (a row reading relative to the sysObjectID selects a
# device answering its groups under its own: W&T, TERRA, Eaton SC; a banner the maker documents, under its own number:
# ProVision/OfficeConnect/Instant On, AIX, Network OS, RackSwitch, Onboard Administrator, IPOS and the 6500's;
# OceanStor by its storage MIB under any Huawei arc). The platforms still lost are judged one by one
# (UNSEEN_LINE_LEGITIMATE). s19: model 0.99 -> 0.988 (measured 0.9886, one value fewer): the SPA112
# under an unseen line keeps no platform (judged) and so no 'Generic ARMv5' either: a uname banner's CPU class is the
# model of a host only, and the SPA answers Cisco's number. s19: kind 385/396 -> 390/396, floor 0.97 -> 0.98: a
# line's kind told by the maker's MIB group it answers, not by its product arc (APC's EMU and Environmental Manager
# by their environmentalMonitor branches, FortiExtender by fextInfo, LCOS SX by LCOS-SX-GENERAL-MIB's monitoring
# group). Left: ICT's line MIB is its sysObjectID itself (39145.<line>), so a new line's objects say nothing of kind.
UNSEEN_LINE_FLOORS = {"vendor": 0.995, "domestic": 0.995, "platform": 0.98, "kind": 0.98, "model": 0.988,
                      "version": 0.995, "serial": 0.995}
# Platforms not kept under an unseen product line, looked at and judged legitimate (development walks only): the
# family states itself nowhere a general rule could read, or its maker registers no product outside the row's key.
# The other fields of the line variant have floors only.
UNSEEN_LINE_JUDGED = ("platform",)
SPA = ("Cisco registers its products under ciscoProducts (9.1, CISCO-SMI) and the Small Business line under ciscoSB "
       "(9.6.1, CISCOSB-MIB; the row's key): no product line lives outside them. The SPA's banner is Linux's uname "
       "('Linux SPA<model> <kernel> ...'), naming no family, and the walk answers none of the CISCOSB groups the row "
       "reads")
UNSEEN_LINE_LEGITIMATE: dict[JudgeKey, str] = {
    ("snmp-more/ciscospa", "platform"): SPA,
    ("snmp-more/ciscospa_spa112", "platform"): SPA,
    ("snmp-more/ciscospa_spa112-1", "platform"): SPA,
    ("snmp-more/exa", "platform"): "the E7's sysDescr is its bare model ('E7-<n>') and the walk answers no "
    "E7-Calix-MIB group: a rule on the model's own letters would be fitted to the product, not a statement of the "
    "family",
    ("snmp-more/juniper-mss", "platform"): "TRAPEZE-NETWORKS-ROOT-MIB registers every product under trpzRegistration "
    "(14525.3, the row's key; the maker's other arcs hold MIBs, traps and management applications), and the MSS "
    "banner ('<maker> <model> <release> REL') names the controller, not the OS",
    ("snmp-more/routeros_ltap-mini", "platform"): "see the unseen product arc: the walk answers none of the "
    "MIKROTIK-MIB groups the RouterOS row reads, and the real device under another MikroTik line (SwOS) is no RouterOS",
}
# Values not kept under an unseen product arc, looked at and judged legitimate (development walks only). A model the
# product table gave and the walk states nowhere else needs no entry (``survival_why``).
UNSEEN_LEGITIMATE: dict[JudgeKey, str] = {
    ("snmp-more/ict-swi", "kind"): "ICT sends each product line's MIB root as sysObjectID (39145.12 inverters, .13 "
    "power systems): a line arc no row knows is a line of unknown kind, the row's default kind (pdu) stands",
    # A synthetic variant: RouterOS's walk under a line arc no MikroTik product states is not a real device. The
    # real device under another MikroTik line arc, SwOS (14988.2), answers other groups under MIKROTIK-MIB's 14988.1
    # and is no RouterOS: the row is selected only where a group it reads answers, which this walk's doesn't.
    ("snmp-more/routeros_ltap-mini", "platform"): "the walk answers none of the MIKROTIK-MIB groups the RouterOS row "
    "reads (14988.1.1.7 serial, 14988.1.1.4 version); under a new line arc it is a synthetic variant, not a real "
    "device, and the real one there (SwOS) is no RouterOS",
    ("snmp-more/routeros_ltap-mini", "kind"): "see its platform: no row, so RouterOS's default kind (router) is not "
    "given",
    ("snmp/smartax-mdu", "model"): "the walk states the model only inside a software revision ('MA5620V800R308C0', "
    "a release name), which no rule reads as a model; the table's product was its only statement",
}


# Renumbered indices: share of each field's values kept when the tables identification read hold their rows at other
# indices (measured, slightly below). s18, before -> after the fixed-instance rows that meant a table's first row read
# it (``next: true``): order kept, model 148/157 -> 155/157, version 147/156 -> 156/156, serial 107/117 -> 115/117;
# rows read listed last, model 147/157 -> 154/157, version 145/156 -> 154/156, serial 101/117 -> 109/117. Vendor,
# verdict, platform and kind kept everywhere (the ENTITY-MIB chassis is chosen by class and containment, not index).
INDEX_FLOORS = {
    "shift": {"vendor": 1.0, "domestic": 1.0, "platform": 1.0, "kind": 1.0, "model": 0.985, "version": 1.0,
              "serial": 0.98},
    "last": {"vendor": 1.0, "domestic": 1.0, "platform": 1.0, "kind": 1.0, "model": 0.98, "version": 0.985,
             "serial": 0.93},
}
# Values not kept with the rows at other indices, looked at and judged legitimate (development walks only), for both
# variants. A table whose rows are the device's members (boards, units, control units): the first row is the one the
# maker's tools and LibreNMS read; listed after the others (the "last" variant), another member's value is read.
MEMBERS = ("the table's rows are the device's members and the first is read, as the maker's tools and LibreNMS do; "
           "listed after the others, another member's value is read ('last' only)")
INDEX_LEGITIMATE: dict[JudgeKey, str] = {
    ("snmp-more/awplus", "model"): "AT-RESOURCE-MIB's board table: " + MEMBERS,
    ("snmp-more/awplus", "serial"): "AT-RESOURCE-MIB's board table: " + MEMBERS,
    ("snmp-more/exa_e7-2", "serial"): "the E7's card table: " + MEMBERS,
    ("snmp-more/hwg-wld_wld2", "serial"): "the WLD's sensor-bus table (the row reads the first bus): " + MEMBERS,
    ("snmp-more/timos", "serial"): "TIMETRA-CHASSIS-MIB's hardware table, whose index encodes the class (TmnxHwIndex: "
    "class << 24 | number), read at chassis 1's row; the chassis-class reader looks at 16 rows, and 'last' lists "
    "the chassis after all of them",
    ("snmp-more/timos_7705", "serial"): "see timos",
    ("snmp-more/timos_7705-pmc", "serial"): "see timos",
    ("snmp-more/timos_7705", "model"): "tmnxChassisType of chassis 1 names the type table's row; the chassis table "
    "numbers a system's chassis from 1, so a single-chassis system's is 1 (the probe moves it anyway); the model "
    "falls back to the registration MIB's product",
    ("snmp-more/timos_7705-pmc", "model"): "see timos_7705",
    ("snmp-more/ericsson-ipos_ssr8020", "serial"): "the backplane's entPhysicalDescr row (2), which states the "
    "chassis serial; no rule reads an ENTITY-MIB row by its class other than the chassis (left: one family)",
    ("snmp/huawei-optixrtn_optixrtn905", "serial"): "the NE table's row 255, the NE itself in the walk's only row; "
    "whether other rows are boards the MIB at hand does not say, so the row is read where the source names it",
}
# The judgements that hold in the 'last' variant only (rows listed after the others): in 'shift' these values must be
# kept, so a loss there is not taken as judged.
INDEX_LAST_ONLY = frozenset({("snmp-more/awplus", "model"), ("snmp-more/awplus", "serial"),
                             ("snmp-more/exa_e7-2", "serial"), ("snmp-more/hwg-wld_wld2", "serial"),
                             ("snmp-more/timos", "serial"), ("snmp-more/timos_7705", "serial"),
                             ("snmp-more/timos_7705-pmc", "serial")})


def index_judged(variant_: str) -> dict[JudgeKey, str]:
    """``INDEX_LEGITIMATE`` as it holds in one renumbered variant."""
    return {key: why for key, why in INDEX_LEGITIMATE.items() if variant_ == "last" or key not in INDEX_LAST_ONLY}


def test_next_device_probe(corpus: Path) -> None:
    """The full table, then the standard layer alone (what decides a device whose maker no row knows)."""
    started = time.monotonic()
    table = default_platforms()
    recordings = development_recordings(corpus, table)  # the full table reads a superset of the standard layer's
    full = identified_walks(recordings, table)
    passes = {"full": probe_all(full, table),
              "general": probe_all(identified_walks(recordings, general_layers(table)), general_layers(table)),
              "unchecked": probe_all(full, table, unchecked=True)}
    titles = {"full": "Next-device probe: does identification follow a value it read? (development walks)",
              "general": "The same with the standard layer alone (no platform row)",
              "unchecked": "The values govops reports where LibreNMS states none (full table)"}
    write_section(0, "\n".join(render_probes(titles[name], *found, LEGITIMATE) for name, found in passes.items()))
    print("\n" + "\n".join(render_probes(titles[name], *found, LEGITIMATE, details=False)
                            for name, found in passes.items()) + f"\n({time.monotonic() - started:.1f} s)")
    everything = [p for probes, _unstated in passes.values() for p in probes]
    check_judged("next-device probe", LEGITIMATE.failures(everything), LEGITIMATE.values)
    stale = LEGITIMATE.stale_rules(everything)
    assert not stale, f"rules judged legitimate, but no probe fails through them any more (remove them): {stale}"
    # A digit of the model, version or serial never picks the platform, maker or kind: a row keyed to one model's
    # number would not select the next model of its line.
    moved = [(p.stem, p.field, p.moved) for p in everything if p.mode == "digits" and p.moved]
    assert not moved, f"the digits variant moved the platform, maker or kind: {moved}"
    for name, floors in FLOORS.items():
        probes = passes[name][0]
        assert len(probes) > 200, f"the {name} probe must probe"
        for mode, floor in floors.items():
            share = followed_share([p for p in probes if p.mode == mode])
            assert share >= floor, (name, mode, share, floor)


def test_unseen_product_probe(corpus: Path) -> None:
    """Each development walk under an enterprise arc identified again with a product arc no table holds: the maker,
    its verdict and the platform survive, the kind falls back to general data, values the walk states stay."""
    table = default_platforms()
    walks_ = identified_walks(development_recordings(corpus, table), table)
    found = survivals(walks_, table)
    lines = survivals(walks_, table, line=True)
    write_section(1, render_survivals(found, UNSEEN_LEGITIMATE))
    write_section(2, render_survivals(lines, UNSEEN_LINE_LEGITIMATE, line=True, fields=UNSEEN_LINE_JUDGED))
    print("\n" + render_survivals(found, UNSEEN_LEGITIMATE, details=False)
          + "\n" + render_survivals(lines, UNSEEN_LINE_LEGITIMATE, details=False, line=True, fields=UNSEEN_LINE_JUDGED))
    assert len({s.stem for s in found}) > 300, "the unseen-product probe must probe"
    # A field with no values has a share of 1.0 (``survived_share``): a floored field must have values to floor.
    for name, got, floors in (("product", found, UNSEEN_FLOORS), ("line", lines, UNSEEN_LINE_FLOORS)):
        empty = [field for field in floors if not any(s.field == field for s in got)]
        assert not empty, f"no values to compare under an unseen {name} arc: {empty}"
    for name, got, judged in (("product arc", found, UNSEEN_LEGITIMATE),
                              ("product line", [s for s in lines if s.field in UNSEEN_LINE_JUDGED],
                               UNSEEN_LINE_LEGITIMATE)):
        check_judged(f"unseen {name}", [((s.stem, s.field), survival_why(s, {}) is not None) for s in got
                                        if s.outcome != "kept"], judged)
    for field, floor in UNSEEN_FLOORS.items():
        assert survived_share(found, field) >= floor, (field, survived_share(found, field), floor)
    for field, floor in UNSEEN_LINE_FLOORS.items():
        assert survived_share(lines, field) >= floor, ("line", field, survived_share(lines, field), floor)


def test_renumbered_index_probe(corpus: Path) -> None:
    """Each development walk identified again with the tables identification read holding their rows at other
    indices: what a rule keyed to one fixed instance loses on the next device of its family."""
    table = default_platforms()
    walks_ = identified_walks(development_recordings(corpus, table), table)
    found = {v: renumbered(walks_, table, variant_=v) for v in INDEX_VARIANTS}
    write_section(3, "\n".join(render_renumbered(*found[v], index_judged(v), variant_=v) for v in INDEX_VARIANTS))
    print("\n" + "\n".join(render_renumbered(*found[v], index_judged(v), variant_=v, details=False)
                            for v in INDEX_VARIANTS))
    for v, (survivals_, tables) in found.items():
        assert len(tables) > 150, f"the {v} probe must renumber"
        assert sum(ENT_PHYSICAL_ENTRY in t for t in tables.values()) > 80, "ENTITY-MIB must be among the tables moved"
        empty = [field for field in INDEX_FLOORS[v] if not any(s.field == field for s in survivals_)]
        assert not empty, f"no values to compare with renumbered indices: {empty}"
        for field, floor in INDEX_FLOORS[v].items():
            assert survived_share(survivals_, field) >= floor, (v, field, survived_share(survivals_, field), floor)
        check_judged(f"renumbered indices ({v})", [((s.stem, s.field), False) for s in survivals_
                                                   if s.outcome != "kept"], index_judged(v))


ENT: Oid = (1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1)
EXT: Oid = (1, 3, 6, 1, 4, 1, 64999, 5, 1, 1)  # a maker's extension of entPhysicalTable, indexed by entPhysicalIndex
UNIT: Oid = (1, 3, 6, 1, 4, 1, 64999, 7, 1, 1)  # a maker's device table (one row per stack unit)


def entity_walk() -> dict[Oid, VarBind]:
    """A chassis (1) holding a module (2); the maker's extension states both rows; a unit table with one unit."""
    vbs = made_up_walk()
    rows: list[tuple[Oid, ValueKind, Any]] = [
        ((*ENT, 2, 1), "octets", b"Acmenet QX-210 chassis"), ((*ENT, 2, 2), "octets", b"uplink module"),
        ((*ENT, 4, 1), "int", 0), ((*ENT, 4, 2), "int", 1), ((*ENT, 5, 1), "int", 3), ((*ENT, 5, 2), "int", 9),
        ((*ENT, 11, 1), "octets", b"QX4711210"), ((*ENT, 11, 2), "octets", b"MOD0815"),
        ((*EXT, 3, 1), "octets", b"chassis ext"), ((*EXT, 3, 2), "octets", b"module ext"),
        ((*UNIT, 4, 1), "octets", b"SN-UNIT-1"), ((*UNIT, 5, 0), "octets", b"index 0 stays"),
        ((1, 3, 6, 1, 4, 1, 8072, 1, 3, 2, 3, 1, 1, 6, 115, 101, 114, 105, 97, 108), "octets", b"string index"),
        ((1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1), "octets", b"eth0"),
    ]
    return {**vbs, **{oid: VarBind(oid, kind, value) for oid, kind, value in rows}}


def test_string_index_and_table_of() -> None:
    assert string_indexed((1, 3, 6, 1, 4, 1, 8072, 1, 3, 2, 3, 1, 1, 6, 115, 101, 114, 105, 97, 108))
    assert string_indexed((1, 3, 6, 1, 4, 1, 2021, 7890, 4, 4, 1, 2, 6, 115, 101, 114, 105, 97, 108, 1))  # a line
    assert string_indexed((1, 3, 6, 1, 4, 1, 2011, 2, 235, 1, 1, 11, 50, 1, 4, 11, 65, 99, 116, 105, 118, 101, 32, 105,
                           66, 77, 67))  # 'Active iBMC': a space is a character too
    assert not string_indexed((*ENT, 11, 1))
    order = sorted(entity_walk())
    assert table_of((*ENT, 11, 2), order) == (ENT, 1)
    assert table_of((*UNIT, 4, 1), order) == (UNIT, 1)
    assert table_of((*UNIT, 5, 0), order) is None  # .0 never moves
    assert table_of((1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1), order) is None  # ifIndex means an interface elsewhere
    assert table_of((*UNIT, 4, 1), order, [UNIT]) is None  # scalars answered without their .0 instance
    # Two index arcs (chassis, slot): the columns holding the same pair tell the index's length.
    two = {oid: VarBind(oid, "octets", b"x") for oid in ((*UNIT, 2, 1, 5), (*UNIT, 3, 1, 5), (*UNIT, 4, 1, 5))}
    assert table_of((*UNIT, 3, 1, 5), sorted(two)) == (UNIT, 2)


def test_renumbered_walk_moves_shared_indices_and_references_together() -> None:
    vbs = entity_walk()
    rows = {(*ENT, 11, 1), (*EXT, 3, 1), (*UNIT, 4, 1)}
    shifted = renumbered_walk(vbs, rows, (), variant_="shift")
    assert shifted is not None and shifted.tables == {ENT, EXT, UNIT}
    out = shifted.varbinds
    assert out[(*ENT, 11, 1001)].value == b"QX4711210" and (*ENT, 11, 1) not in out
    assert out[(*ENT, 11, 1002)].value == b"MOD0815"  # the order of the rows kept
    assert out[(*EXT, 3, 1001)].value == b"chassis ext"  # the extension follows entPhysicalIndex
    assert out[(*ENT, 4, 1002)].value == 1001 and out[(*ENT, 4, 1001)].value == 0  # the module's parent follows
    assert out[(*UNIT, 5, 0)].value == b"index 0 stays"
    assert out[SYS_DESCR] == vbs[SYS_DESCR] and out[(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1)].value == b"eth0"
    assert out[(1, 3, 6, 1, 4, 1, 8072, 1, 3, 2, 3, 1, 1, 6, 115, 101, 114, 105, 97, 108)].value == b"string index"
    last = renumbered_walk(vbs, rows, (), variant_="last")
    assert last is not None
    out = last.varbinds
    assert out[(*ENT, 11, 3)].value == b"QX4711210" and out[(*ENT, 11, 2)].value == b"MOD0815"  # read: listed last
    assert out[(*ENT, 4, 2)].value == 3 and out[(*UNIT, 4, 3)].value == b"SN-UNIT-1"
    assert renumbered_walk(vbs, {SYS_DESCR, (*UNIT, 5, 0)}, (), variant_="shift") is None  # nothing to move


def test_renumbered_probe_catches_a_fixed_instance_and_keeps_the_first_row() -> None:
    """A rule keyed to row 1 of a unit table loses the serial when the unit is row 1001; the first row's rule keeps
    it. The ENTITY-MIB chassis, chosen by class and containment, is found at any index."""
    vbs = entity_walk()
    fixed = acme(ExtractRule("serial", oid=".".join(map(str, (*UNIT, 4, 1)))), ExtractRule("model", entity="descr"))
    first = acme(ExtractRule("serial", oid=".".join(map(str, (*UNIT, 4))), next=True),
                 ExtractRule("model", entity="descr"))
    for platforms, outcome in ((fixed, "lost"), (first, "kept")):
        obs = identify_all({"acme": (RecordedAgent(vbs), Path(), None)}, platforms)["acme"][0]
        assert obs.device["serial"] == "SN-UNIT-1" and obs.device["model"] == "Acmenet QX-210 chassis"
        walk = Walk("acme", "acme", vbs, obs, {})
        for variant_ in INDEX_VARIANTS:
            found = {s.field: s.outcome for s in renumbered([walk], platforms, variant_=variant_)[0]}
            assert found["serial"] == outcome, (variant_, found)
            assert found["model"] == "kept", (variant_, found)


def test_unseen_product_is_above_every_sibling_a_table_knows() -> None:
    known = frozenset({(1, 3, 6, 1, 4, 1, 64999, 2, 12, 1), (1, 3, 6, 1, 4, 1, 64999, 2, 40),
                       (1, 3, 6, 1, 4, 1, 64999, 3, 99)})
    assert unseen_product("1.3.6.1.4.1.64999.2.7", known) == "1.3.6.1.4.1.64999.2.41"
    assert unseen_product("1.3.6.1.4.1.64999.2.7", known, line=True) == "1.3.6.1.4.1.64999.4"  # above 3.99's arc
    assert unseen_product("1.3.6.1.4.1.9839.10.1", known, line=True) is None  # the arc after names the maker
    assert unseen_product(".1.3.6.1.4.1.64999.5", known) == "1.3.6.1.4.1.64999.6"  # a product right under the maker
    assert unseen_product("1.3.6.1.4.1.64999", known) is None  # the enterprise alone names no product
    assert unseen_product("1.3.6.1.4.1.9839.10", known) is None  # a card maker's arc names the equipment maker
    assert unseen_product("1.3.6.1.2.1.1", known) is None  # not under an enterprise
    assert unseen_product("not an oid", known) is None


def test_unseen_walk_answers_the_new_arc_wherever_the_old_one_was() -> None:
    old, new = "1.3.6.1.4.1.64999.1.210", "1.3.6.1.4.1.64999.1.211"
    below: Oid = (1, 3, 6, 1, 4, 1, 64999, 1, 210, 4, 1, 0)
    vendor_type: Oid = (1, 3, 6, 1, 2, 1, 47, 1, 1, 1, 1, 3, 1)
    vbs = {**made_up_walk(), below: VarBind(below, "octets", b"7.1.3"),
           vendor_type: VarBind(vendor_type, "oid", old)}
    out = unseen_walk(vbs, old, new)
    assert out[SYS_OID].value == new and out[vendor_type].value == new
    moved: Oid = (1, 3, 6, 1, 4, 1, 64999, 1, 211, 4, 1, 0)
    assert out[below].value == out[moved].value == b"7.1.3"  # answered under both arcs
    assert out[SERIAL] == vbs[SERIAL]


def test_variant_keeps_the_shape() -> None:
    assert variant("S5720-28X-EI") == "T6831-39Y-FJ"
    assert variant("S5720-28X-EI", digits_only=True) == "S6831-39X-EI"
    assert variant("z9Z") == "a0A"  # wraps within its class
    assert variant("v2.11 (V200R003)") == "v3.22 (V311S114)"  # a version's leading v is not the value
    assert variant("Büro-7") == "Cüsp-8"  # a non-ASCII letter is kept
    assert substitute("AR1220 V200 ar1220", ["AR1220"]) == "BS2331 V200 bs2331"  # every case kept


SYS_DESCR: Oid = (1, 3, 6, 1, 2, 1, 1, 1, 0)
SYS_OID: Oid = (1, 3, 6, 1, 2, 1, 1, 2, 0)
SERIAL: Oid = (1, 3, 6, 1, 4, 1, 64999, 1, 1, 0)
SERIAL_TEXT: Oid = (1, 3, 6, 1, 4, 1, 64999, 1, 2, 0)


def made_up_walk(descr: str = "Acmenet QX-210 Router, firmware 7.1.3") -> dict[Oid, VarBind]:
    return {
        SYS_DESCR: VarBind(SYS_DESCR, "octets", descr.encode()),
        SYS_OID: VarBind(SYS_OID, "oid", "1.3.6.1.4.1.64999.1.210"),
        SERIAL: VarBind(SERIAL, "int", 4711210),
        SERIAL_TEXT: VarBind(SERIAL_TEXT, "octets", b"SN4711210"),
    }


def test_variant_walk_changes_strings_and_whole_numbers_never_oids() -> None:
    vbs = made_up_walk()
    out = variant_walk(vbs, strings_of(vbs), ["210"], digits_only=False)
    assert out[SYS_DESCR].value == b"Acmenet QX-321 Router, firmware 7.1.3"
    assert out[SYS_OID] == vbs[SYS_OID]  # a sysObjectID names a product, it states no value
    assert out[SERIAL] == vbs[SERIAL]  # '210' is not the whole number
    assert out[SERIAL_TEXT].value == b"SN4711321"  # inside a longer word too
    out = variant_walk(vbs, strings_of(vbs), ["4711210"], digits_only=True)
    assert out[SERIAL] == VarBind(SERIAL, "int", 5822321)


def test_outcomes() -> None:
    assert outcome_of("RQ-321", "QX-210", "RY-321", "") == "other"
    assert outcome_of("RY-321", "QX-210", "RY-321", "") == "followed"
    assert outcome_of("QX-210", "QX-210", "RY-321", "acme: sysDescr /.../") == "old"
    assert outcome_of("QX-210", "QX-210", "RY-321", "registration MIB: sysObjectID ...") == "table"
    assert outcome_of(None, "QX-210", "RY-321", "") == "lost"


def acme(*rules: ExtractRule) -> tuple[SnmpPlatform, ...]:
    return (SnmpPlatform("acme", "made up", platform="acme", sys_object_id=("1.3.6.1.4.1.64999",), extract=rules),)


def probe(
    platforms: tuple[SnmpPlatform, ...], descr: str | None = None, model: str = "QX-210"
) -> dict[tuple[str, str], str]:
    """Each probe's outcome by (field, mode), for the made-up walk identified with ``platforms``."""
    vbs = made_up_walk(descr) if descr else made_up_walk()
    obs = identify_all({"acme": (RecordedAgent(vbs), Path(), None)}, platforms)["acme"][0]
    walk = Walk("acme", "acme", vbs, obs, {"hardware": model, "version": "7.1.3", "serial": "4711210"})
    probes, unstated = probes_of(walk, platforms)
    assert not unstated
    return {(p.field, p.mode): p.outcome for p in probes}


def test_probe_follows_a_rule_that_reads_the_value() -> None:
    shaped = acme(ExtractRule("model", sys_descr=r"\bAcmenet (?P<value>[A-Z]{2}-\d+)\b"),
                  ExtractRule("os_version", sys_descr=r"\bfirmware (?P<value>\d+(?:\.\d+)+)"),
                  ExtractRule("serial", oid="1.3.6.1.4.1.64999.1.1.0"))
    assert probe(shaped) == {(f, m): "followed" for f in ("hardware", "version", "serial") for m in MODES}


def test_probe_catches_a_memorised_value_and_a_pattern_fitted_to_one_walk() -> None:
    fitted = acme(ExtractRule("model", sys_descr=r"\b(?P<value>QX-210)\b"),  # the seen value's characters
                  ExtractRule("os_version", sys_descr=r"\bfirmware", format="7.1.3"),  # a literal value
                  ExtractRule("serial", oid="1.3.6.1.4.1.64999.1.1.0"))
    outcomes = probe(fitted)
    assert outcomes[("hardware", "shape")] == outcomes[("hardware", "digits")] == "lost"
    assert outcomes[("version", "shape")] == outcomes[("version", "digits")] == "old"
    assert outcomes[("serial", "digits")] == "followed"


def test_probe_changes_a_series_wherever_the_walk_states_it() -> None:
    """The next device states its own series wherever this one states its series: a rule that reads the model as
    the series stated twice follows."""
    series = acme(ExtractRule("model", sys_descr=r"\b(?P<s>[A-Z]+\d+) software \((?P<value>(?P=s) \w+)\)"))
    outcomes = probe(series, "Acmeos software, QX210 software (QX210 8TF12S), firmware 7.1.3", "QX210 8TF12S")
    assert outcomes == {("hardware", "shape"): "followed", ("hardware", "digits"): "followed"}


# Re-encoded values: fields not kept when the walk states its values in other bytes, looked at and judged legitimate
# (development walks only), per encoding. s18 before -> after the decoding rules (GB18030, not GBK;
# a version's V dropped; RMON2's probeSoftwareRev read with either V): sysName in GB18030 came out as hex on every walk
# (420), now Chinese; a version object's V put or dropped: 2 lost -> 0 (RMON2).
ENCODING_LEGITIMATE: dict[str, dict[JudgeKey, str]] = {"gb18030": {
    ("snmp-more/eltex-mes24xx_mes2424bac", "model"): "the chassis's description is the generic label "
    "'Network Element', which the standard layer passes over; the variant's Chinese words before it make a label "
    "no vocabulary holds, read as a model (a Chinese agent's own generic label would be too; left: one walk)",
}}


def test_reencoded_probe(corpus: Path) -> None:
    """Each development walk identified again with its values in other bytes (``ENCODINGS``): every field kept, and a
    GB18030 sysName reported as its Chinese text."""
    table = default_platforms()
    walks_ = identified_walks(development_recordings(corpus, table), table)
    found, names = reencoded(walks_, table)
    write_section(4, render_reencoded(found, ENCODING_LEGITIMATE))
    print("\n" + render_reencoded(found, ENCODING_LEGITIMATE).split("\n## ")[0])
    for enc in ENCODINGS:
        assert len({r.survival.stem for r in found if r.encoding == enc}) > 100, f"the {enc} variant must probe"
    assert not names, f"GB18030 sysNames not reported as their Chinese text: {len(names)}, first {names[:3]}"
    assert set(ENCODING_LEGITIMATE) <= set(ENCODINGS), "judgements of an encoding the probe does not make"
    for enc in ENCODINGS:
        check_judged(f"re-encoded ({enc})", [((r.survival.stem, r.survival.field), False) for r in found
                                             if r.encoding == enc and r.survival.outcome != "kept"],
                     ENCODING_LEGITIMATE.get(enc, {}))


def test_reencoded_walk_changes_only_the_values_read() -> None:
    vbs = made_up_walk("Acmenet QX-210 Router\nfirmware 7.1.3")
    name: Oid = (1, 3, 6, 1, 2, 1, 1, 5, 0)
    version: Oid = (1, 3, 6, 1, 4, 1, 64999, 1, 3, 0)
    vbs[name] = VarBind(name, "octets", b"core-1")
    vbs[version] = VarBind(version, "octets", b"V7.1.3")
    rules = acme(ExtractRule("model", sys_descr=r"\bAcmenet (?P<value>[A-Z]{2}-\d+)\b"),
                 ExtractRule("os_version", oid=".".join(map(str, version))),
                 ExtractRule("serial", oid=".".join(map(str, SERIAL_TEXT))))
    obs = identify_all({"acme": (RecordedAgent(vbs), Path(), None)}, rules)["acme"][0]
    assert obs.device["os_version"] == "V7.1.3" and obs.device["serial"] == "SN4711210"
    walk = Walk("acme", "acme", vbs, obs, {})
    out = {enc: reencoded_walk(walk, enc) for enc in ENCODINGS}
    nul, spaces, hexed = out["nul"], out["spaces"], out["hex"]
    assert nul is not None and nul[SERIAL_TEXT].value == b"SN4711210\x00\x00\x00\x00"
    assert spaces is not None and spaces[SERIAL_TEXT].value == b"SN4711210".ljust(32)
    assert hexed is not None and hexed[SERIAL_TEXT].value == b"SN4711210".ljust(32, b"\x00")
    assert nul[name] == vbs[name] and nul[SERIAL] == vbs[SERIAL]  # a value not read, a number: unchanged
    crlf = out["crlf"]
    assert crlf is not None and crlf[SYS_DESCR].value == b"Acmenet QX-210 Router\r\nfirmware 7.1.3"
    vprefix = out["vprefix"]
    assert vprefix is not None and vprefix[version].value == b"7.1.3"  # its V dropped
    assert vprefix[SYS_DESCR] == vbs[SYS_DESCR]  # a banner's words are left
    gb = out["gb18030"]
    assert gb is not None and gb[name].value == f"{CHINESE} core-1".encode("gb18030")
    found, names = reencoded([walk], rules)
    assert not names and {r.survival.outcome for r in found} == {"kept"}


def test_reencoded_probe_catches_a_version_rule_that_allows_no_v() -> None:
    """A version object read with a pattern that must open with a digit loses the version when the next device writes
    'V7.1.3'; the same object read whole keeps it ('V7.1.3' is the same version, reported as stated)."""
    vbs = made_up_walk()
    version: Oid = (1, 3, 6, 1, 4, 1, 64999, 1, 3, 0)
    vbs[version] = VarBind(version, "octets", b"7.1.3")
    oid = ".".join(map(str, version))
    for rule, outcome in ((ExtractRule("os_version", oid=oid, regex=r"\A(?P<value>\d+(?:\.\d+)+)"), "lost"),
                          (ExtractRule("os_version", oid=oid), "kept")):
        rules = acme(rule)
        obs = identify_all({"acme": (RecordedAgent(vbs), Path(), None)}, rules)["acme"][0]
        assert obs.device["os_version"] == "7.1.3"
        found, _names = reencoded([Walk("acme", "acme", vbs, obs, {})], rules)
        assert [r.survival.outcome for r in found if r.encoding == "vprefix" and r.survival.field == "version"] \
            == [outcome]
