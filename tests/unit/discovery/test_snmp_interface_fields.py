"""Which empty fields an IF-MIB walk not read whole leaves undecided (``fields_interfaces_decide``): the vendor (the
interfaces' addresses are its last source) and the kind when a rule keyed to interface types could match with more
rows, its other keys as the device states them. Rows and devices made up."""

from __future__ import annotations

from typing import Any

import pytest

from govops.discovery.snmp_identify import RawIdentity, fields_interfaces_decide
from govops.platforms.snmp import KindRule, SnmpPlatform

GENERIC = SnmpPlatform(id="generic", source="test", kinds=(
    # An access node only where the sysDescr says so, and a port count looked at last.
    KindRule(kind="switch", sys_descr="access node", if_types=(94,), at_least=8),
    KindRule(kind="switch", if_types=(6,), at_least=8, last=True),
))
ONLY_ACCESS = SnmpPlatform(id="generic", source="test", kinds=GENERIC.kinds[:1])


@pytest.mark.parametrize(("generic", "descr", "facts", "fields"), [
    (GENERIC, "Acme box", {}, ("vendor", "kind")),  # more ports could make it a switch, more addresses name its maker
    (GENERIC, "Acme box", {"vendor": "Acme", "kind": "router"}, ()),  # both given: the rows not read change neither
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
    assert fields_interfaces_decide(None, generic, raw, facts) == fields
