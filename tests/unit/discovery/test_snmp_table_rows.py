"""A rule reading a table's row reads the row the device holds, at whatever index: the next device of a family holds
its unit, shelf or monitor at another index (unit 2 of a stack, a shelf numbered from 3, a table whose device row is
1000). A rule keyed to one fixed instance (``X.1``) is right on the walk it was written from only; the first row with
a value (``next: true``) is right on both. The rows that do read one fixed instance are listed with why the index is
the device's wherever it is found."""

from __future__ import annotations

import pytest

from govops.platforms.snmp import KindRule, SnmpPlatform, default_platforms, kind_key
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.util.oid import parse_oid
from tests.snmp_cases import discover, system
from tests.snmp_next_device import scalars_without_instance, string_indexed

# Rows reading one fixed instance on purpose (platform row id, OID -> why that instance is the device's on every device
# of the line, or why it is left). Anything else not ending in .0 reads a table's first row; scalars answered without
# their .0 instance are the next-device test's (``scalars_without_instance``: SCALAR_GROUPS, and X read beside X.0).
FIXED_ROWS: dict[tuple[str, str], str] = {
    ("ericsson_ipos", "1.3.6.1.2.1.47.1.1.1.1.2.2"): "the backplane's entPhysicalDescr, which states the chassis "
    "serial, as LibreNMS's IPOS definition reads it (entPhysicalDescr.2, 'SN:'); no general backplane rule: of the 95 "
    "development walks answering entPhysicalTable, 4 list a backplane, none with a serial, and every one without a "
    "chassis serial lists no backplane (one family, left)",
    ("huawei_optix", "1.3.6.1.4.1.2011.2.25.4.40.4.10.13.1.1.23.255"): "the NE table's row 255 is the NE itself in the "
    "only walk; whether the other rows are boards the MIB at hand does not say",
    ("nokia_timos", "1.3.6.1.4.1.6527.3.1.2.2.1.8.1.5.1.50331649"): "TmnxHwIndex encodes the class (chassis 3 << 24 "
    "| 1): chassis 1's hardware row (the catalogue's chassis-class reader finds it at any index)",
    ("junos", "1.3.6.1.2.1.25.6.3.1.2.1"): "hrSWInstalledName of the first two packages, each read for a name its "
    "regex requires (the Junos base package's own line)",
    ("junos", "1.3.6.1.2.1.25.6.3.1.2.2"): "see the first package",
    ("junos_products", "1.3.6.1.2.1.25.6.3.1.2.1"): "junos's rules (see junos)",
    ("junos_products", "1.3.6.1.2.1.25.6.3.1.2.2"): "junos's rules (see junos)",
    ("raritan_pdu", "1.3.6.1.4.1.13742.6.3.2.3.1.6.0.1.1"): "PDU2-MIB boardFirmwareVersion, indexed (pduId, "
    "boardType, boardIndex): the main controller's board type (1) of the PDU; the arcs are a type code and PDU 0/1",
    ("raritan_pdu", "1.3.6.1.4.1.13742.6.3.2.3.1.6.1.1.1"): "see the other board row",
    ("generic", "1.3.6.1.4.1.2021.7890.1.101.1"): "the UCD-SNMP exec form of LibreNMS's distro script, at the OID its "
    "documented snmpd line configures ('exec .1.3.6.1.4.1.2021.7890.1 distro ...'): output line 1 of that exec",
}


def fixed_instances(rows: tuple[SnmpPlatform, ...]) -> set[tuple[str, str]]:
    """(row id, OID) of the extraction and kind rules reading one instance that is no scalar's ``.0`` nor a string
    index nor a scalar answered without its instance (``scalars_without_instance``). An ``X.0`` where a rule reads
    ``X`` as a column (``next: true``) is that table's row 0, not a scalar."""
    columns = {r.oid for p in rows for r in p.extract if r.oid and r.next and not r.relative}
    columns |= {k.value_of for p in rows for k in p.kinds if k.value_of and k.next}
    scalars = scalars_without_instance(rows)
    read = {(p.id, r.oid) for p in rows for r in p.extract
            if r.oid and not r.next and not r.active and not r.index and not r.relative}
    read |= {(p.id, r.oid) for p in rows for r in p.extract if r.oid and r.relative and not r.next}
    read |= {(p.id, o) for p in rows for k in p.kinds for o in (k.value_of, k.bits_of) if o and not k.next}
    return {(row, oid) for row, oid in read if (not oid.endswith(".0") or oid[:-2] in columns)
            and not any(parse_oid(oid)[: len(s)] == s for s in scalars) and not string_indexed(parse_oid(oid))}


def test_rules_read_a_tables_first_row_not_row_one() -> None:
    """Every rule keyed to one fixed instance is listed with why; the rest read the first row holding a value."""
    found = fixed_instances(default_platforms())
    unlisted = sorted(set(found) - set(FIXED_ROWS))
    assert not unlisted, f"rules keyed to one fixed row (read the first row, next: true, or list why): {unlisted}"
    stale = sorted(set(FIXED_ROWS) - set(found))
    assert not stale, f"listed as fixed rows but no rule reads them so (remove them): {stale}"


RADLAN = "1.3.6.1.4.1.89.53.14.1"  # rlPhdUnitGenParamTable, one row per stack unit


# Made-up walks whose device row is not row 1: unit 3 of a stack, a shelf numbered 1000, a monitor at 2.
@pytest.mark.parametrize(("lines", "expected"), [
    pytest.param(  # a switch built on the Radlan SDK under its own maker's arc: the standard layer reads the unit
        [*system("Acmenet QX-310 managed switch", "1.3.6.1.4.1.64999.1.310"),
         f"{RADLAN}.2.3|4|4.1.7", f"{RADLAN}.5.3|4|QXS3100077", f"{RADLAN}.11.3|4|QX-310-24"],
        {"model": "QX-310-24", "os_version": "4.1.7", "serial": "QXS3100077"}, id="radlan-unit-3"),
    pytest.param(  # Hirschmann HiOS: hmSysGroupTable (one row per group, the stack unit)
        [*system("Hirschmann Railswitch", "1.3.6.1.4.1.248.14.10.99"),
         "1.3.6.1.4.1.248.14.1.1.9.1.3.2|4|RSP35-08033O6TT", "1.3.6.1.4.1.248.14.1.1.9.1.10.2|4|942053999000301122"],
        {"model": "RSP35-08033O6TT", "serial": "942053999000301122"}, id="hirschmann-group-2"),
    pytest.param(  # Edgecore: switchInfoTable under the product's own arc, unit 2 the first there
        [*system("ECS9999-52T", "1.3.6.1.4.1.259.10.1.999"),
         "1.3.6.1.4.1.259.10.1.999.1.1.3.1.6.2|4|1.2.3.4", "1.3.6.1.4.1.259.10.1.999.1.1.3.1.10.2|4|EC9990001234",
         "1.3.6.1.4.1.259.10.1.999.1.1.3.1.14.2|4|ECS9999-52T"],
        {"model": "ECS9999-52T", "os_version": "1.2.3.4", "serial": "EC9990001234"}, id="edgecore-unit-2"),
    pytest.param(  # WTI console server: its unit table's first unit numbered 1000
        [*system("WTI DSM-99 console server", "1.3.6.1.4.1.2634.1.99"),
         "1.3.6.1.4.1.2634.1.200.10.1.2.1000|4|DSM-99NM", "1.3.6.1.4.1.2634.1.200.10.1.27.1000|4|01999999000001",
         "1.3.6.1.4.1.2634.1.200.10.1.28.1000|4|7.99 1 Jan 2030"],
        {"model": "DSM-99NM", "os_version": "7.99", "serial": "01999999000001"}, id="wti-unit-1000"),
])
def test_device_row_at_another_index(lines: list[str], expected: dict[str, str]) -> None:
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert obs.ok, obs.error
    assert {key: obs.device.get(key) for key in expected} == expected


ST4_UNIT = "1.3.6.1.4.1.1718.4.1.2.2.1"  # Sentry4-MIB st4UnitConfigEntry: .5 model, .7 st4UnitType
PDU2_UNIT = "1.3.6.1.4.1.13742.6.3.2.2.1"  # PDU2-MIB unitConfigurationEntry: .67 productType
LGP_DEVICE = "1.3.6.1.4.1.476.1.42.2.4.2.1"  # LIEBERT-GP-AGENT-MIB lgpAgentManagedDeviceEntry: .2 lgpAgentDeviceId


# Kind rules read the first row too, and an enumeration's 0 is a row holding a value (its first label), not a blank
# the reader steps over to another unit's row.
@pytest.mark.parametrize(("lines", "kind"), [
    pytest.param(  # an environmental monitoring unit numbered 2: emcu(3)
        [*system("Sentry EMCU", "1.3.6.1.4.1.1718.4"), f"{ST4_UNIT}.5.2|4|EMCU-7-7Q", f"{ST4_UNIT}.7.2|2|3"],
        "env_monitor", id="sentry-emcu-unit-2"),
    pytest.param(  # a master PDU numbered 1000 (masterPdu(0)) with an EMCU linked after it: the master's type
        [*system("Sentry Smart PDU", "1.3.6.1.4.1.1718.4"), f"{ST4_UNIT}.5.1000|4|C2X99-YY", f"{ST4_UNIT}.7.1000|2|0",
         f"{ST4_UNIT}.5.1001|4|EMCU-7-7Q", f"{ST4_UNIT}.7.1001|2|3"],
        "pdu", id="sentry-master-0-before-an-emcu"),
    pytest.param(  # a transfer switch whose unit is pduId 2: transferSwitch(2)
        [*system("Raritan transfer switch", "1.3.6.1.4.1.13742.6"), f"{PDU2_UNIT}.67.2|2|2"], "ats",
        id="raritan-ats-pdu-2"),
    pytest.param(  # a rack PDU (rackPdu(0)) with a power meter's row after it
        [*system("Raritan PDU", "1.3.6.1.4.1.13742.6"), f"{PDU2_UNIT}.67.1|2|0", f"{PDU2_UNIT}.67.2|2|3"], "pdu",
        id="raritan-rack-0-before-a-meter"),
    pytest.param(  # a card whose managed device is numbered 1000: an air conditioner (lgpAcProducts)
        [*system("Liebert card", "1.3.6.1.4.1.476.1.42"), f"{LGP_DEVICE}.2.1000|6|1.3.6.1.4.1.476.1.42.4.3.99"],
        "cooling", id="vertiv-cooling-device-1000"),
])
def test_device_kind_from_a_row_at_another_index(lines: list[str], kind: str) -> None:
    obs = discover(RecordedAgent(parse_snmprec(lines)))
    assert obs.ok, obs.error
    assert obs.device.get("kind") == kind, obs.device.get("evidence")


@pytest.mark.parametrize(("kind", "matched"), [("int", True), ("octets", False)])
def test_an_enumerations_0_is_a_value_a_strings_0_a_placeholder(kind: str, matched: bool) -> None:
    # MIB enumerations begin at 0 (masterPdu(0), rackPdu(0)); a string of zeros is what agents fill a blank with.
    rule = KindRule("pdu", value_of="1.3.6.1.4.1.64999.1.7", next=True, value="0")
    values = {"1.3.6.1.4.1.64999.1.7": "0", kind_key("1.3.6.1.4.1.64999.1.7"): kind}
    assert rule.keys_match("1.3.6.1.4.1.64999", "", values=values) is matched
