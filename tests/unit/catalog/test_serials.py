"""Vendors' MIBs as data: the scalar each defines as the device's serial (made-up MIB text, OIDs and descriptors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.catalog import serials
from govops.errors import CatalogError
from govops.platforms.snmp import CATALOGUE_FIELDS
from tests.scripts import load_script

GEN = load_script("gen_serials")

# A made-up vendor MIB in the shapes real ones use: a system group of scalars, a table whose columns hold serials (a
# module's, a port's), an INTEGER 'serial' (a unit number), a part's serial scalar, and a DESCRIPTION holding '::='.
MIB = """
EXAMPLE-SYSTEM-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, MODULE-IDENTITY, Integer32 FROM SNMPv2-SMI exampleMgmt FROM EXAMPLE-SMI;
exSystem MODULE-IDENTITY
    LAST-UPDATED "209901010000Z"
    DESCRIPTION "System objects ::= { nothing 1 }"
    ::= { exampleMgmt 1 }
exInfo OBJECT IDENTIFIER ::= { exSystem 1 }
exModelName OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "model" ::= { exInfo 1 }
exSysSerialNumber OBJECT-TYPE
    SYNTAX DisplayString (SIZE (0..32))
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "The serial number of this device -- not a comment"
    ::= { exInfo 2 }
exShelfSerialNum OBJECT-TYPE
    SYNTAX Integer32 MAX-ACCESS read-only STATUS current DESCRIPTION "shelf number" ::= { exInfo 3 }
exBatterySerialNumber OBJECT-TYPE
    SYNTAX OCTET STRING MAX-ACCESS read-only STATUS current DESCRIPTION "battery" ::= { exInfo 4 }
exAgentIdentSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "the management card's" ::= { exInfo 20 }
exChasSerNum OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "chassis" ::= { exInfo 21 }
exUnitSN OBJECT-TYPE
    SYNTAX SnmpAdminString MAX-ACCESS read-only STATUS current DESCRIPTION "unit" ::= { exInfo 5 }
-- exOldSerial OBJECT-TYPE SYNTAX DisplayString ::= { exInfo 6 }
exModuleTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExModuleEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exSystem 2 }
exModuleEntry OBJECT-TYPE
    SYNTAX ExModuleEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exModuleIndex }
    ::= { exModuleTable 1 }
exModuleSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exModuleEntry 3 }
exEntrySerial OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exModuleEntry 4 }
END
"""


def _source(**kw: object) -> object:
    fields: dict[str, object] = {
        "vendor": "example", "mib": "EXAMPLE-SYSTEM-MIB", "file": "EXAMPLE-SYSTEM-MIB", "repository": "example/mibs",
        "path": "EXAMPLE-SYSTEM-MIB", "commit": "0" * 40, "revision": "209901010000Z",
        "roots": {"exampleMgmt": "1.3.6.1.4.1.99999.2"},
    }
    return GEN.MibSource(**{**fields, **kw})


def test_the_device_serial_is_a_string_scalar_whose_descriptor_says_so() -> None:
    """The system group's serial scalars (Foundry's 'SerNum' too); not a column (a module's), an INTEGER, a part's or
    the management agent's, a commented-out one."""
    assert GEN.serial_objects(MIB, _source()) == [
        ("1.3.6.1.4.1.99999.2.1.1.2.0", "exSysSerialNumber"),
        ("1.3.6.1.4.1.99999.2.1.1.21.0", "exChasSerNum"),
        ("1.3.6.1.4.1.99999.2.1.1.5.0", "exUnitSN"),
    ]


def test_an_object_whose_arc_the_mib_never_reaches_is_left_out() -> None:
    assert GEN.serial_objects(MIB, _source(roots={"otherArc": "1.3.6.1.4.1.99999.9"})) == []


def test_a_mib_that_contradicts_itself_is_refused() -> None:
    twice = MIB.replace("END", "exSysSerialNumber OBJECT IDENTIFIER ::= { exInfo 9 }\nEND")
    with pytest.raises(ValueError, match="assigned twice"):
        GEN.serial_objects(twice, _source())


def test_the_committed_table_is_current_with_its_generator() -> None:
    """Regenerating from the committed rows with the generator's sources gives the file: a changed source or header
    without a new table fails here."""
    text = serials.REGISTRY_FILE.read_text(encoding="utf-8")
    rows = GEN.committed_rows(text)
    assert all(pairs for _source, pairs in rows), "every source has rows"
    assert GEN.render(rows) == text, "run scripts/gen_serials.py --mibs DIR"


def test_every_source_names_its_origin() -> None:
    for s in GEN.SOURCES:
        assert len(s.commit) == 40 and s.repository.count("/") == 1 and s.revision and s.roots


def test_the_objects_under_an_enterprise_arc_are_found_by_its_number() -> None:
    objects = serials.all_identity_objects()
    assert objects, "the catalogue has rows"
    for o in objects:
        pen = int(o.oid.split(".")[6])
        assert o in serials.identity_objects(pen) and o.oid.endswith(".0") != o.column and o.mib and o.descriptor
        assert o.field in serials.FIELDS
    assert {o.field for o in objects} == set(serials.FIELDS), "the catalogue states every field"
    assert serials.identity_objects(None) == () and serials.identity_objects(99999999) == ()


def test_the_catalogue_states_the_fields_the_platform_rules_read() -> None:
    """catalog and platforms are sibling layers that may not import each other, so each names the fields: a field only
    the table states would never be read, one only the rules name never found."""
    assert serials.FIELDS == CATALOGUE_FIELDS


# The model and software version scalars of a system group (and what is neither: a software 'model', a BIOS's, a
# ROM's or a hardware's version, a part's model, a column's).
IDENTITY_MIB = MIB.replace("END", """exSysFirmwareVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "firmware" ::= { exInfo 7 }
exSysBiosVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "bios" ::= { exInfo 8 }
exSwModel OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "software model" ::= { exInfo 9 }
exHwVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "hardware" ::= { exInfo 10 }
exFanModel OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "fan" ::= { exInfo 11 }
exProductName OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "product" ::= { exInfo 12 }
version OBJECT-TYPE
    SYNTAX OCTET STRING MAX-ACCESS read-only STATUS current DESCRIPTION "os" ::= { exInfo 13 }
exModuleModelName OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exModuleEntry 5 }
exMibVersion OBJECT-TYPE
    SYNTAX Integer32 MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exInfo 14 }
exDeviceFirmware OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "Firmware Version" ::= { exInfo 15 }
exIdentFirmwareRevision OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "firmware revision" ::= { exInfo 16 }
exIdentHardwareRevision OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "hardware revision" ::= { exInfo 17 }
exDeviceType OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "like XG-85" ::= { exInfo 18 }
exDeviceFWVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "firmware" ::= { exInfo 19 }
exSensorType OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "not the device's" ::= { exInfo 20 }
kProductVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "product version" ::= { exInfo 21 }
exEngineVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "an engine's" ::= { exInfo 22 }
exSysImageVersion OBJECT-TYPE
    SYNTAX OCTET STRING (SIZE (0..32)) MAX-ACCESS read-only STATUS current DESCRIPTION "release" ::= { exInfo 23 }
exModemSimSerial OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "a SIM card's" ::= { exInfo 24 }
END""")


def test_the_model_and_version_scalars_are_found_as_the_serials_are() -> None:
    assert GEN.identity_objects(IDENTITY_MIB, _source()) == [
        ("1.3.6.1.4.1.99999.2.1.1.1.0", "model", "exModelName"),
        ("1.3.6.1.4.1.99999.2.1.1.2.0", "serial", "exSysSerialNumber"),
        ("1.3.6.1.4.1.99999.2.1.1.21.0", "serial", "exChasSerNum"),
        ("1.3.6.1.4.1.99999.2.1.1.5.0", "serial", "exUnitSN"),
        ("1.3.6.1.4.1.99999.2.1.1.7.0", "os_version", "exSysFirmwareVersion"),
        ("1.3.6.1.4.1.99999.2.1.1.12.0", "model", "exProductName"),
        ("1.3.6.1.4.1.99999.2.1.1.13.0", "os_version", "version"),
        ("1.3.6.1.4.1.99999.2.1.1.15.0", "os_version", "exDeviceFirmware"),
        ("1.3.6.1.4.1.99999.2.1.1.16.0", "os_version", "exIdentFirmwareRevision"),
        ("1.3.6.1.4.1.99999.2.1.1.18.0", "model", "exDeviceType"),
        ("1.3.6.1.4.1.99999.2.1.1.19.0", "os_version", "exDeviceFWVersion"),
        ("1.3.6.1.4.1.99999.2.1.1.21.0", "os_version", "kProductVersion"),
        ("1.3.6.1.4.1.99999.2.1.1.23.0", "os_version", "exSysImageVersion"),
    ]
    assert GEN.serial_objects(IDENTITY_MIB, _source()) == GEN.serial_objects(MIB, _source())


def test_an_object_named_as_an_identity_that_holds_another_thing_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A descriptor's words are a rule of thumb; where the maker says the object is another thing's (MikroTik's
    'firmware' is its boot loader's), the generator leaves it out by the listed reason."""
    mib = MIB.replace("exModelName", "exFirmwareVersion")
    found = {name for _oid, _field, name in GEN.identity_objects(mib, _source())}
    assert "exFirmwareVersion" in found
    monkeypatch.setattr(GEN, "NOT_THE_DEVICES",
                        {**GEN.NOT_THE_DEVICES, ("EXAMPLE-SYSTEM-MIB", "exFirmwareVersion"): "the boot loader's"})
    found = {name for _oid, _field, name in GEN.identity_objects(mib, _source())}
    assert "exFirmwareVersion" not in found and "exSysSerialNumber" in found
    assert ("MIKROTIK-MIB", "mtxrFirmwareVersion") in GEN.NOT_THE_DEVICES


# Tables in the shapes real MIBs give the device's identity: one row per unit of a stack, per PDU of a daisy chain,
# per device on a bus (the first is the device answering), beside tables of parts and of every piece of hardware.
TABLES_MIB = MIB.replace("END", """exStackUnitTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExStackUnitEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "units" ::= { exSystem 3 }
exStackUnitEntry OBJECT-TYPE
    SYNTAX ExStackUnitEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exStackUnitIndex }
    ::= { exStackUnitTable 1 }
exStackUnitIndex OBJECT-TYPE
    SYNTAX Integer32 MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exStackUnitEntry 1 }
exStackUnitModelName OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exStackUnitEntry 2 }
exStackUnitSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exStackUnitEntry 3 }
exStackUnitFanSerial OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "a fan's" ::= { exStackUnitEntry 4 }
exStackUnitSlotCount OBJECT-TYPE
    SYNTAX Integer32 MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exStackUnitEntry 5 }
pduIdentTable OBJECT-TYPE
    SYNTAX SEQUENCE OF PduIdentEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exSystem 4 }
pduIdentEntry OBJECT-TYPE
    SYNTAX PduIdentEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { pduIdentIndex }
    ::= { pduIdentTable 1 }
pduFirmwareVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { pduIdentEntry 4 }
pduSerialNumber OBJECT-TYPE
    SYNTAX Integer32 MAX-ACCESS read-only STATUS current DESCRIPTION "a number, not text" ::= { pduIdentEntry 5 }
exHwTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExHwEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "all hardware" ::= { exSystem 5 }
exHwEntry OBJECT-TYPE
    SYNTAX ExHwEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exHwIndex }
    ::= { exHwTable 1 }
exHwSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "any piece's" ::= { exHwEntry 5 }
exSysPortTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExSysPortEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exSystem 6 }
exSysPortEntry OBJECT-TYPE
    SYNTAX ExSysPortEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exSysPortIndex }
    ::= { exSysPortTable 1 }
exSysPortSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "a port's" ::= { exSysPortEntry 2 }
END""")


def test_a_column_of_a_table_whose_rows_are_the_device_is_taken_with_its_table() -> None:
    """A stack's unit table and an identity table state the device's model, serial and version in a column (its first
    row is the device's); a part's column, a number, a table of any hardware (a module's row as likely as the
    chassis's), a part's table (ports, modules) are not the device's."""
    assert GEN.device_columns(TABLES_MIB, _source()) == [
        ("1.3.6.1.4.1.99999.2.1.3.1.2", "model", "exStackUnitModelName", "exStackUnitTable"),
        ("1.3.6.1.4.1.99999.2.1.3.1.3", "serial", "exStackUnitSerialNumber", "exStackUnitTable"),
        ("1.3.6.1.4.1.99999.2.1.4.1.4", "os_version", "pduFirmwareVersion", "pduIdentTable"),
    ]
    # The scalars are unchanged by the tables beside them.
    assert GEN.identity_objects(TABLES_MIB, _source()) == GEN.identity_objects(MIB, _source())


@pytest.mark.parametrize(("table", "device"), [
    ("exStackUnitTable", True), ("pdug7IdentTable", True), ("sdbDevIdTable", True), ("exChassisTable", True),
    ("systemInfoTable", True), ("exModuleTable", False), ("exSysPortTable", False), ("exHwTable", False),
    ("exPsuInfoTable", False), ("exFanTrayTable", False), ("exAgentInfoTable", False),
    # A PDU's nameplate and a linked chain's towers list the PDUs themselves; a nameplate of a part does not.
    ("nameplateTable", True), ("towerTable", True), ("exModuleNameplateTable", False), ("exTowerFanTable", False),
])
def test_which_tables_list_the_device(table: str, device: bool) -> None:
    assert GEN.device_table(table) is device


def test_a_column_row_is_written_and_read_back_with_its_table() -> None:
    source = _source()
    rows = [("1.3.6.1.4.1.99999.2.1.1.2.0", "serial", "exSysSerialNumber", ""),
            ("1.3.6.1.4.1.99999.2.3.1.3", "serial", "exStackUnitSerialNumber", "exStackUnitTable")]
    text = GEN.render([(source, rows)])
    line = "2.3.1.3\tserial\tEXAMPLE-SYSTEM-MIB::exStackUnitSerialNumber\tEXAMPLE-SYSTEM-MIB::exStackUnitTable\n"
    assert line in text
    assert GEN.committed_rows(text, [source]) == [(source, rows)]


def test_an_object_the_mib_names_by_its_product_is_read_as_the_listed_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """A descriptor that names the maker's product ('exOsVersion' would say it; 'exSvnVersion' does not) is taken only
    where the MIB's own words are listed with the field they hold; the other tests still apply to it."""
    mib = MIB.replace("END", """exSvnVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "product release" ::= { exInfo 30 }
exSvnBuild OBJECT-TYPE
    SYNTAX Integer32 MAX-ACCESS read-only STATUS current DESCRIPTION "build number" ::= { exInfo 31 }
END""")
    assert not {name for _oid, _field, name in GEN.identity_objects(mib, _source())} & {"exSvnVersion", "exSvnBuild"}
    assert all(field in serials.FIELDS for field, _why in GEN.NAMED_BY_THE_MIB.values())
    monkeypatch.setattr(GEN, "NAMED_BY_THE_MIB", {
        ("EXAMPLE-SYSTEM-MIB", "exSvnVersion"): ("os_version", "the product's release"),
        ("EXAMPLE-SYSTEM-MIB", "exSvnBuild"): ("os_version", "an INTEGER: no string, never taken"),
        ("OTHER-MIB", "exModelName"): ("serial", "another module's object"),
    })
    found = GEN.identity_objects(mib, _source())
    assert ("1.3.6.1.4.1.99999.2.1.1.30.0", "os_version", "exSvnVersion") in found
    assert "exSvnBuild" not in {name for _oid, _field, name in found}
    assert ("1.3.6.1.4.1.99999.2.1.1.1.0", "model", "exModelName") in found


def test_every_listed_exception_names_a_sources_module() -> None:
    """An exclusion or a named object of a module no source reads would never apply: a typo in the data, not a rule."""
    modules = {s.mib for s in GEN.SOURCES}
    assert {mib for mib, _name in GEN.NOT_THE_DEVICES} <= modules
    assert {mib for mib, _name in GEN.NAMED_BY_THE_MIB} <= modules
    assert all(why for why in GEN.NOT_THE_DEVICES.values())
    assert all(field in serials.FIELDS and why for field, why in GEN.NAMED_BY_THE_MIB.values())


# Tables of every piece of hardware, in the shapes vendors' MIBs give them (made up): a class column typed by a
# TEXTUAL-CONVENTION, one with the enumeration inline, one whose enumeration has no chassis (a kind of chassis of its
# own is none), and a convention whose first SYNTAX is no enumeration (the next one's is not its).
HARDWARE_MIB = MIB.replace("END", """
ExHwKind ::= TEXTUAL-CONVENTION
    STATUS current DESCRIPTION "the kind of a piece, as in 'chassis (3)'"
    SYNTAX INTEGER { other (1), physChassis (7), fanTray (8) }
ExIndex ::= TEXTUAL-CONVENTION STATUS current DESCRIPTION "" SYNTAX Integer32 (1..64)
ExLater ::= TEXTUAL-CONVENTION STATUS current DESCRIPTION "" SYNTAX INTEGER { chassis (2) }
exPartTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExPartEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exSystem 10 }
exPartEntry OBJECT-TYPE
    SYNTAX ExPartEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exPartIndex }
    ::= { exPartTable 1 }
exPartSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exPartEntry 3 }
exPartKind OBJECT-TYPE
    SYNTAX ExHwKind MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exPartEntry 6 }
exPartSoftwareVersion OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exPartEntry 9 }
exItemTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExItemEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exSystem 11 }
exItemEntry OBJECT-TYPE
    SYNTAX ExItemEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exItemIndex }
    ::= { exItemTable 1 }
exItemType OBJECT-TYPE
    SYNTAX INTEGER { module (1), chassis (5) } MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exItemEntry 2 }
exItemModelName OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exItemEntry 4 }
exSatTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExSatEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exSystem 12 }
exSatEntry OBJECT-TYPE
    SYNTAX ExSatEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exSatIndex }
    ::= { exSatTable 1 }
exSatClass OBJECT-TYPE
    SYNTAX INTEGER { ethSatChassis (5) } MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exSatEntry 2 }
exSatSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exSatEntry 3 }
exOddTable OBJECT-TYPE
    SYNTAX SEQUENCE OF ExOddEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" ::= { exSystem 13 }
exOddEntry OBJECT-TYPE
    SYNTAX ExOddEntry MAX-ACCESS not-accessible STATUS current DESCRIPTION "" INDEX { exOddIndex }
    ::= { exOddTable 1 }
exOddSlot OBJECT-TYPE
    SYNTAX ExIndex MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exOddEntry 2 }
exOddSerialNumber OBJECT-TYPE
    SYNTAX DisplayString MAX-ACCESS read-only STATUS current DESCRIPTION "" ::= { exOddEntry 3 }
END""")


def test_a_hardware_tables_columns_are_taken_with_the_class_column_that_says_which_row_is_the_chassis() -> None:
    """A table of every piece of hardware states the device's identity at the row its class column says is the
    chassis: the class column is the one whose enumeration (a convention's or inline) has a chassis label, and the
    value is that label's number in the MIB read; a table whose enumeration names no chassis (a satellite's kind of
    chassis, a convention that is no enumeration) is none."""
    assert GEN.hardware_columns(HARDWARE_MIB, _source()) == [
        ("1.3.6.1.4.1.99999.2.1.10.1.3", "serial", "exPartSerialNumber", "exPartTable",
         "exPartKind(6)=physChassis(7)"),
        ("1.3.6.1.4.1.99999.2.1.10.1.9", "os_version", "exPartSoftwareVersion", "exPartTable",
         "exPartKind(6)=physChassis(7)"),
        ("1.3.6.1.4.1.99999.2.1.11.1.4", "model", "exItemModelName", "exItemTable", "exItemType(2)=chassis(5)"),
    ]
    # Neither a scalar nor a first-row column.
    assert GEN.identity_objects(HARDWARE_MIB, _source()) == GEN.identity_objects(MIB, _source())
    assert GEN.device_columns(HARDWARE_MIB, _source()) == GEN.device_columns(MIB, _source())


@pytest.mark.parametrize(("body", "want"), [
    ("other (1), chassis (3), module (9)", ("chassis", 3)), ("physChassis(3)", ("physChassis", 3)),
    ("physicalChassis (4)", ("physicalChassis", 4)), ("ethSatChassis (5), esaChassis (7)", None),
    ("chassisFan (2)", None), ("", None),
])
def test_which_enumeration_labels_name_the_chassis(body: str, want: tuple[str, int] | None) -> None:
    assert GEN.chassis_value(body) == want


def test_a_hardware_column_row_is_written_and_read_back_with_its_class_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _source()
    rows = [("1.3.6.1.4.1.99999.2.10.1.3", "serial", "exPartSerialNumber", "exPartTable",
             "exPartKind(6)=physChassis(7)")]
    text = GEN.render([(source, rows)])
    assert ("10.1.3\tserial\tEXAMPLE-SYSTEM-MIB::exPartSerialNumber\tEXAMPLE-SYSTEM-MIB::exPartTable"
            "\tEXAMPLE-SYSTEM-MIB::exPartKind(6)=physChassis(7)\n") in text
    assert GEN.committed_rows(text, [source]) == [(source, rows)]
    # The catalogue reads it as a column of the entry's class column, the chassis its value.
    registry = tmp_path / "serials.tsv"
    registry.write_text(text, encoding="utf-8")
    monkeypatch.setattr(serials, "REGISTRY_FILE", registry)
    serials._table.cache_clear()
    try:
        (o,) = serials.identity_objects(99999)
    finally:
        serials._table.cache_clear()
    assert (o.column, o.classed, o.class_oid, o.class_value) == (True, True, "1.3.6.1.4.1.99999.2.10.1.6", 7)
    assert "the first row of exPartTable whose exPartKind is physChassis(7)" in o.rule


@pytest.mark.parametrize(("descriptor", "field"), [
    ("exChassisServiceTag", "serial"), ("chassisServiceTagName", "serial"), ("systemServiceTag", "serial"),
    # Not a service tag: another code on the label, the bare word, words after the tag, a lower-case run of letters.
    ("exChassisExpressServiceCode", None), ("serviceTag", None), ("exServiceTagSource", None),
    ("exservicetag", None),
])
def test_a_service_tag_is_the_serial_dell_names_so(descriptor: str, field: str | None) -> None:
    """Dell names a system's serial its service tag (the label's); any other descriptor keeps its own rule."""
    assert GEN.field_of(descriptor) == field


@pytest.mark.parametrize("line", [
    # A class column without its chassis value, a scalar without its instance, and a column without its table.
    "1.3.6.1.4.1.99999.2.10.1.3\tserial\tEX-MIB::exPartSerial\tEX-MIB::exPartTable\tEX-MIB::exPartKind(6)=chassis",
    "1.3.6.1.4.1.99999.1.2\tserial\tEX-MIB::exSerial",
    "1.3.6.1.4.1.99999.1.2.0\tserial\tEX-MIB::exSerial\tEX-MIB::exTable",
])
def test_a_malformed_line_is_refused_naming_its_place_and_both_line_forms(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error says what a line may be: a scalar, or a column with its table and, for a hardware table, its class
    column (the form a hand-edited class column most likely broke)."""
    registry = tmp_path / "serials.tsv"
    registry.write_text(f"# header\n{line}\n", encoding="utf-8")
    monkeypatch.setattr(serials, "REGISTRY_FILE", registry)
    serials._table.cache_clear()
    try:
        with pytest.raises(CatalogError) as caught:
            serials.identity_objects(99999)
    finally:
        serials._table.cache_clear()
    message = str(caught.value)
    assert message.startswith(f"{registry}:2: ")
    assert "'OID.0<TAB>field<TAB>MIB::descriptor' (a scalar)" in message
    assert "'OID<TAB>field<TAB>MIB::descriptor<TAB>MIB::table' (a column)" in message
    assert "'<TAB>MIB::classColumn(n)=label(value)'" in message
    assert "serial, model, os_version" in message
    assert message.endswith("run scripts/gen_serials.py")
