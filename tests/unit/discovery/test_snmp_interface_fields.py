"""Which fields an IF-MIB or ENTITY-MIB walk not read whole leaves undecided (``fields_table_decides``): for IF-MIB
the vendor, empty or named by the interfaces' addresses alone (``named_by_addresses``: they are its last source); for
either the kind when a rule counting the table's rows (interface types, entity classes), looked at before the step
that gave it (a platform's default, a weaker rule) or that found none, could match with more rows, its other keys as
the device states them. Rows and devices made up."""

from __future__ import annotations

from typing import Any

import pytest

from govops.catalog.vendors import default_vendors
from govops.discovery.snmp_identify import (
    CountedTable,
    HostGate,
    RawIdentity,
    _identify,
    fields_table_decides,
    named_by_addresses,
)
from govops.platforms.snmp import KindRule, SnmpPlatform, default_platforms, select_platform
from govops.vocab.table import DeviceKind

GENERIC = SnmpPlatform(id="generic", source="test", kinds=(
    # An access node only where the sysDescr says so, and a port count looked at last.
    KindRule(kind="switch", sys_descr="access node", if_types=(94,), at_least=8),
    KindRule(kind="switch", if_types=(6,), at_least=8, last=True),
))
ONLY_ACCESS = SnmpPlatform(id="generic", source="test", kinds=GENERIC.kinds[:1])
WITH_ROUTER = SnmpPlatform(id="generic", source="test", kinds=(KindRule(kind="router", sys_descr="Acme"),
                                                                  *GENERIC.kinds))


@pytest.mark.parametrize(("generic", "descr", "facts", "fields"), [
    (GENERIC, "Acme box", {}, ("vendor", "kind")),  # more ports could make it a switch, more addresses name its maker
    # Both given, the kind by a rule looked at before the ones keyed to interfaces: the rows not read change neither.
    (WITH_ROUTER, "Acme box", {"vendor": "Acme", "kind": "router"}, ()),
    (GENERIC, "Acme box", {"vendor": "Acme"}, ("kind",)),
    # The one rule keyed to interface types needs a sysDescr this device does not state: more rows change nothing.
    (ONLY_ACCESS, "Acme box", {}, ("vendor",)),
    (ONLY_ACCESS, "Acme access node", {}, ("vendor", "kind")),
    (None, "Acme box", {}, ("vendor",)),  # no rule keyed to interface types at all
])
def test_the_empty_fields_more_interface_rows_might_have_given(
        generic: SnmpPlatform | None, descr: str, facts: dict[str, Any], fields: tuple[str, ...]) -> None:
    raw = RawIdentity(sys_descr=descr, sys_object_id="1.3.6.1.4.1.99999.3", sys_name="box-1", uptime_ticks=500,
                      if_types={6: 2})  # the two ports read
    assert tuple(fields_table_decides(HostGate(raw, None, generic), facts, "interfaces")) == fields


# Optical channels narrow a default that guesses (server, other), looked at before it; not a default naming a network
# kind (switch). The process table and the port count come after every default.
STANDARD = SnmpPlatform(id="generic", source="test", kinds=(
    KindRule(kind="transport", if_types=(195,), over_defaults=("server", "other")),
    KindRule(kind="server", answers="1.3.6.1.2.1.25.4.2.1"),
    KindRule(kind="switch", if_types=(6,), at_least=8, last=True),
))
TRANSPORT = "generic kind rule ifType 195 on at least 1 interface"


def _row(kind: DeviceKind) -> SnmpPlatform:
    return SnmpPlatform(id="acme_os", source="test", vendor="acme", kind=kind)


@pytest.mark.parametrize(("platform", "if_types", "answered", "kind", "last", "marked"), [
    # Before, only an empty kind was marked: a platform's default (a guess) stood as if the rows not read could not
    # have narrowed it.
    (_row("server"), {6: 2}, (), "server", False, TRANSPORT),
    (_row("other"), {6: 2}, (), "other", False, TRANSPORT),
    (_row("switch"), {6: 2}, (), "switch", False, None),  # a default the interface rule is not looked at before
    (_row("server"), {6: 1, 195: 1}, (), "transport", False, None),  # the rule matched the rows read
    # No default: the process table gave it, after the interface rule (the rows not read may be optical channels).
    (None, {6: 2}, ("1.3.6.1.2.1.25.4.2.1",), "server", False, TRANSPORT),
    (None, {6: 2}, (), None, True, TRANSPORT),  # nothing gave it: the first rule more rows would match
    # The port count gave it with the rows read; the optical rule before it might still apply to the rest.
    (None, {6: 9}, (), "switch", True, TRANSPORT),
    # The power catalogue's objects gave it (``last`` False): the rules looked at last were not, the optical rule was.
    (None, {6: 2}, (), "ups", False, TRANSPORT),
])
def test_a_kind_given_after_a_rule_keyed_to_interfaces_is_not_settled(
        platform: SnmpPlatform | None, if_types: dict[int, int], answered: tuple[str, ...], kind: str | None,
        last: bool, marked: str | None) -> None:
    raw = RawIdentity(sys_descr="Acme box", sys_object_id="1.3.6.1.4.1.99999.3", sys_name="box-1", uptime_ticks=500,
                      if_types=if_types, answered=frozenset(answered))
    decided = fields_table_decides(HostGate(raw, platform, STANDARD), {"vendor": "Acme", "kind": kind}, "interfaces",
                                   last=last)
    assert decided.get("kind", "settled") == (marked or "settled")


def test_the_power_catalogue_kind_is_not_unsettled_by_a_rule_looked_at_after_it() -> None:
    only_last = SnmpPlatform(id="generic", source="test", kinds=STANDARD.kinds[2:])
    raw = RawIdentity(sys_descr="Acme box", sys_object_id="1.3.6.1.4.1.99999.3", sys_name="box-1", uptime_ticks=500,
                      if_types={6: 2})
    facts = {"vendor": "Acme", "kind": "ups"}
    assert fields_table_decides(HostGate(raw, None, only_last), facts, "interfaces", last=False) == {}
    decided = fields_table_decides(HostGate(raw, None, only_last), facts, "interfaces", last=True)
    assert str(decided["kind"]).startswith("generic kind rule ifType 6 on at least 8 interfaces")


@pytest.mark.parametrize(("sys_object_id", "addresses", "named"), [
    # A number no one is known by: the maker most addresses carry is the vendor's only source.
    ("1.3.6.1.4.1.99999.3", ("00000c000001", "00000c000002"), True),
    # A maker's number the catalogue knows names the vendor, the addresses agreeing or not.
    ("1.3.6.1.4.1.2011.99999.3", ("00000c000001", "00000c000002"), False),
    ("1.3.6.1.4.1.99999.3", (), False),  # no addresses read: nothing they named
])
def test_a_vendor_named_by_the_interfaces_addresses_alone(
        sys_object_id: str, addresses: tuple[str, ...], named: bool) -> None:
    raw = RawIdentity(sys_descr="Acme box", sys_object_id=sys_object_id, sys_name="box-1", uptime_ticks=500,
                      addresses=addresses, if_types={6: len(addresses)})
    platforms, vendors = default_platforms(), default_vendors()
    found = _identify(raw, select_platform(platforms, sys_object_id, raw.sys_descr, raw.answered), platforms, vendors)
    facts = found.facts
    assert named_by_addresses(found, vendors) is named
    # Marked for the rows not read (which may carry another maker) only then, or when none is named.
    marked = "vendor" in fields_table_decides(found.gate, facts, "interfaces", by_addresses=named)
    assert marked is (named or facts["vendor"] is None)


@pytest.mark.parametrize(("enterprises", "marked"), [
    ((), False),  # a host: the broad row's default kind (server) gave it, before the port count
    ((99999,), True),  # an appliance (its maker's arc answered): no default; the port count, looked at last, may
])
def test_a_broad_rows_default_settles_a_hosts_kind_not_an_appliances(enterprises: tuple[int, ...],
                                                                     marked: bool) -> None:
    broad = SnmpPlatform(id="linux_row", source="test", kind="server", broad=True)
    raw = RawIdentity(sys_descr="Linux box 5.10.0", sys_object_id="1.3.6.1.4.1.8072.3.2.10", sys_name="box-1",
                      uptime_ticks=500, if_types={6: 2}, enterprises=enterprises)
    decided = fields_table_decides(HostGate(raw, broad, GENERIC), {"vendor": "Acme", "kind": None}, "interfaces",
                                   last=True)
    assert ("kind" in decided) is marked, decided


# The port count of each table, as the standard row has them: interfaces first, then entities.
PORT_COUNTS = SnmpPlatform(id="generic", source="test", kinds=(
    KindRule(kind="network", if_types=(6,), at_least=8, last=True),
    KindRule(kind="network", entity_classes=(10,), at_least=8, last=True),
))


@pytest.mark.parametrize(("table", "entity_classes", "kind", "marked"), [
    # Before, a cut ENTITY-MIB walk left the kind as if its two ports were all: nothing was marked.
    ("entities", {3: 1, 10: 2}, None, "generic kind rule entPhysicalClass 10 on at least 8 entities"),
    ("entities", {3: 1, 10: 9}, "network", None),  # the rule matched the rows read
    # A cut IF-MIB walk: the interface count is looked at first, whatever the entities.
    ("interfaces", {3: 1, 10: 2}, None, "generic kind rule ifType 6 on at least 8 interfaces"),
    ("entities", {}, None, "generic kind rule entPhysicalClass 10 on at least 8 entities"),  # cut at its first request
])
def test_a_cut_entity_walk_leaves_the_port_entity_count_unsettled(
        table: CountedTable, entity_classes: dict[int, int] | None, kind: str | None, marked: str | None) -> None:
    raw = RawIdentity(sys_descr="Acme box", sys_object_id="1.3.6.1.4.1.99999.3", sys_name="box-1", uptime_ticks=500,
                      if_types={6: 2}, entity_classes=entity_classes)
    decided = fields_table_decides(HostGate(raw, None, PORT_COUNTS), {"vendor": "Acme", "kind": kind}, table)
    assert str(decided.get("kind")).startswith(str(marked)), decided
