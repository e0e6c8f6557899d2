"""An unseen product of a known maker selects a row by the groups of the maker's MIB the row reads, not by the row's
key arc: another product line of the maker may answer other groups under that arc and is no device the row can read.
Walks made up in a maker MIB's shape (enterprise 64998, nobody's)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govops.platforms.snmp import (
    MAX_MIB_ARC_PROBES,
    ExtractRule,
    SnmpPlatform,
    default_platforms,
    generic_row,
    mib_arc_rows,
    select_platform,
    selection_probes,
)
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from tests.snmp_cases import discover, run, system

MIB = "1.3.6.1.4.1.64998.1"  # the row's key: the arc its maker's MIB lives under
SERIAL = f"{MIB}.2.3.0"  # in the MIB's hardware group (.2)
VERSION = f"{MIB}.5.1.0"  # in its software group (.5)
ROW = SnmpPlatform("acme_os", "made up", platform="acme_os", kind="router", sys_object_id=(MIB,),
                   extract=(ExtractRule("serial", oid=SERIAL), ExtractRule("os_version", oid=VERSION)))


def identify(lines: list[str]) -> Mapping[str, Any]:
    generic = generic_row(default_platforms())
    table = (*([generic] if generic else []), ROW)
    obs = discover(RecordedAgent(parse_snmprec(lines)), table)
    assert obs.device is not None, obs.error
    return obs.device


def test_the_rows_arcs_are_the_groups_it_reads() -> None:
    assert ROW.mib_arcs == (f"{MIB}.2", f"{MIB}.5")
    assert selection_probes((ROW,), "1.3.6.1.4.1.64998.9", "") == [f"{MIB}.2", f"{MIB}.5"]


def test_a_sibling_line_answering_another_group_under_the_key_arc_is_not_moved_to_the_row() -> None:
    """Another product line of the maker (its own line arc) whose agent answers the MIB's port statistics under the
    row's key arc, and none of the groups the row reads: no platform, no router."""
    device = identify([*system("QS-8P switch fw 3.4", "1.3.6.1.4.1.64998.2"),
                       f"{MIB}.9.1.1.2.1|65|72113", f"{MIB}.9.1.1.2.2|65|1187"])
    assert (device["platform"], device["kind"], device["serial"]) == (None, None, None)


def test_an_unseen_product_answering_a_group_the_row_reads_is_moved_to_it() -> None:
    device = identify([*system("QX-90 router", "1.3.6.1.4.1.64998.7"),
                       f"{SERIAL}|4|QX9000417", f"{MIB}.9.1.1.2.1|65|72113"])
    assert (device["platform"], device["kind"], device["serial"]) == ("acme_os", "router", "QX9000417")


def test_over_the_budget_every_row_asks_its_most_read_group_first() -> None:
    """Rows whose groups exceed one selection PDU: each row's group read by most of its objects is asked before any
    row's second group; an arc two rows read costs one varbind."""
    rows = tuple(
        SnmpPlatform(f"acme_{n}", "made up", sys_object_id=(f"1.3.6.1.4.1.64998.{n}",), extract=(
            ExtractRule("serial", oid=f"1.3.6.1.4.1.64998.{n}.9.1.0"),  # its own group, read once
            ExtractRule("model", oid="1.3.6.1.4.1.64998.50.1.2.0"),  # a group every row reads ...
            ExtractRule("os_version", oid=f"1.3.6.1.4.1.64998.{n}.3.1.0"),  # ... and its group read twice
            ExtractRule("hardware_rev", oid=f"1.3.6.1.4.1.64998.{n}.3.2.0")))
        for n in range(1, MAX_MIB_ARC_PROBES + 2))
    assert rows[0].mib_arcs == ("1.3.6.1.4.1.64998.1.3", "1.3.6.1.4.1.64998.1.9", "1.3.6.1.4.1.64998.50.1")
    for table in (rows, list(rows)):
        chosen = mib_arc_rows(table, "1.3.6.1.4.1.64998.99")
        asked = selection_probes(table, "1.3.6.1.4.1.64998.99", "")
        assert len(asked) == MAX_MIB_ARC_PROBES
        assert [row.id for row, _arcs in chosen] == [row.id for row in rows[:MAX_MIB_ARC_PROBES]]
        assert all(arcs == (row.mib_arcs[0],) for row, arcs in chosen)
    few = rows[:6]  # 6 groups of their own, 6 more, one they share: 13 varbinds
    assert [arcs for _row, arcs in mib_arc_rows(few, "1.3.6.1.4.1.64998.99")] == [row.mib_arcs for row in few]
    assert len(selection_probes(few, "1.3.6.1.4.1.64998.99", "")) == 13


def test_a_group_every_line_of_the_maker_answers_selects_no_row() -> None:
    """An HP device of a line no row is keyed to (a JetDirect printer's registration, 11.2.3.9.1) answering
    HP-httpManageable-MIB's net citizen group, which HP's switches, storage and printers all answer: not a ProCurve
    switch. A device answering ProCurve's own NETSWITCH-MIB group still is."""
    citizen = ["1.3.6.1.4.1.11.2.36.1.1.2.6.0|4|2409A", "1.3.6.1.4.1.11.2.36.1.1.2.9.0|4|CNB7K12345"]
    table = default_platforms()
    assert all(not arc.startswith("1.3.6.1.4.1.11.2.36.") for row, arcs in mib_arc_rows(table, "1.3.6.1.4.1.11.2.3.9.1")
               for arc in arcs)
    agent = RecordedAgent(parse_snmprec([*system("HP ETHERNET MULTI-ENVIRONMENT", "1.3.6.1.4.1.11.2.3.9.1"),
                                         *citizen]))
    obs = discover(agent, table)
    assert obs.device is not None, obs.error
    assert (obs.device["platform"], obs.device["kind"]) != ("hpe_procurve", "switch")
    agent = RecordedAgent(parse_snmprec([*system("HP switch", "1.3.6.1.4.1.11.2.3.9.1"), *citizen,
                                         "1.3.6.1.4.1.11.2.14.11.5.1.1.3.0|4|YA.16.10.0003"]))
    obs = discover(agent, table)
    assert obs.device is not None and obs.device["platform"] == "hpe_procurve", obs.error


def test_a_group_rows_of_two_brands_read_does_not_move_a_device_to_either() -> None:
    """An H3C device of a product H3C registered after our tables (under its own line, 25506.1) whose banner does not
    open with the brand answers the HH3C entity group that the HPE-branded Comware row reads too: it stays H3C's
    (domestic), not HPE's."""
    lines = [*system("Comware Platform Software, Software Version 7.1.070, Release 6616\r\nS6850-56HF",
                     "1.3.6.1.4.1.25506.1.99999"),
             "1.3.6.1.4.1.25506.2.6.1.2.1.1.2.1|4|210235A1XYZ0001"]
    obs = run(lines)
    assert obs.device is not None and obs.classification is not None, obs.error
    assert obs.device["vendor_id"] == "h3c" and obs.classification.verdict == "domestic"


def test_a_rows_own_banner_outranks_a_group_answer_of_a_row_of_higher_priority() -> None:
    """A row selected only by a group of the maker's MIB it reads takes no priority over a row whose own keys, a
    banner among them, match the device; without the banner the group answer still selects it."""
    group = f"{MIB}.2"
    ranked = SnmpPlatform("acme_sb", "made up", priority=1, sys_object_id=(f"{MIB}.1",),
                          extract=(ExtractRule("serial", oid=SERIAL),))
    banner = SnmpPlatform("acme_nos", "made up", sys_object_id=("1.3.6.1.4.1.64998",), sys_descr=(r"\bAcmeNOS\b",))
    for table in ([ranked, banner], (ranked, banner)):
        assert select_platform(table, "1.3.6.1.4.1.64998.7", "AcmeNOS 4.2 (QX-90)", (group,)) is banner
        assert select_platform(table, "1.3.6.1.4.1.64998.7", "QX-90 managed switch", (group,)) is ranked
        assert select_platform(table, f"{MIB}.1.9", "AcmeNOS 4.2 (QX-90)", (group,)) is ranked  # its key: priority


def test_an_ios_device_under_an_unseen_cisco_product_answering_the_small_business_mib_stays_ios() -> None:
    """cisco_sb (priority 1) reads CISCOSB-MIB's unit table; a Cisco device no key places whose banner is IOS's is
    IOS whatever else it answers, and a Small Business switch there (its banner names no OS) is still cisco_sb."""
    unit = "1.3.6.1.4.1.9.6.1.101.53.14.1"
    table = [f"{unit}.2.1|4|3.0.0.61", f"{unit}.5.1|4|PSZ20391K7Q", f"{unit}.11.1|4|CBS350-24FP-4G"]
    ios = run([*system("Cisco IOS Software, C1000 Software (C1000-ENTSERVICESK9-M), Version 15.2(7)E8, RELEASE "
                       "SOFTWARE (fc1)", "1.3.6.1.4.1.9.1.65000"), *table])
    assert ios.device is not None, ios.error
    assert (ios.device["platform"], ios.device["os_version"]) == ("cisco_ios", "15.2(7)E8")
    sb = run([*system("CBS350-24FP-4G 24-Port Gigabit PoE Managed Switch", "1.3.6.1.4.1.9.1.65000"), *table])
    assert sb.device is not None, sb.error
    assert (sb.device["platform"], sb.device["serial"]) == ("cisco_sb", "PSZ20391K7Q")


def test_a_table_given_as_a_generator_selects_as_the_same_table_given_as_a_tuple() -> None:
    """Selection reads its table more than once (the keys, then the MIB arcs of an unseen product): a generator is
    read once, so its rows are all there at each reading. Before, the second reading found none: no row selected."""
    generic = generic_row(default_platforms())
    rows = (*([generic] if generic else []), ROW)
    unseen, answered = "1.3.6.1.4.1.64998.7", (f"{MIB}.2",)
    assert select_platform(rows, unseen, "QX-90 router", answered) is ROW
    assert select_platform((r for r in rows), unseen, "QX-90 router", answered) is ROW
    assert selection_probes(iter(rows), unseen, "") == selection_probes(rows, unseen, "") == [f"{MIB}.2", f"{MIB}.5"]
    assert mib_arc_rows((r for r in rows), unseen) == mib_arc_rows(rows, unseen) == [(ROW, (f"{MIB}.2", f"{MIB}.5"))]
