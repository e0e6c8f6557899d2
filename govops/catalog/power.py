"""Power and energy sources as catalogue data, and the pure rules that decode them.

The rows live in ``catalog/data/power.yaml`` (tables ``power_sources``,
``power_devices`` and ``modbus_meters``) and load through ``load_table`` like
every other catalogue table, so a user file can add a MIB object or a meter
without code. The functions here do no I/O: collectors fetch raw values and
hand them to :func:`decode_snmp_value` / :func:`decode_registers`.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from govops.catalog.loader import load_table
from govops.errors import CatalogError
from govops.vocab.table import DeviceKind

# circuit: a PDU's branch circuit, breaker or outlet group (a part of its output);
# component: a card, board or module's own draw inside a device, or what a power supply delivers to it
# (a part of its input, never its total);
# poe_output: what a switch delivers to powered devices over PoE (a part of its input, never its total).
PointKind = Literal["ups_input", "ups_output", "pdu_output", "outlet", "circuit", "it_input", "component",
                    "poe_output", "facility_input"]
POINT_KINDS: tuple[str, ...] = ("ups_input", "ups_output", "pdu_output", "outlet", "circuit", "it_input", "component",
                                "poe_output", "facility_input")
Quantity = Literal["power", "energy"]

# ENTITY-SENSOR-MIB (RFC 3433) entPhySensorEntry and its copy CISCO-ENTITY-SENSOR-MIB entSensorValueEntry
# share one layout: type .1, scale .2, precision .3, value .4, status .5 (and the same enumerations).
SENSOR_TYPE_ARC, SENSOR_SCALE_ARC, SENSOR_PRECISION_ARC, SENSOR_STATUS_ARC = "1", "2", "3", "5"
ENT_SENSOR_WATTS = 6
ENT_SENSOR_OK = 1
# ENTITY-MIB: where a sensor sits. A watts sensor of a power supply (or on one) measures the device's
# supply; one on a module, card or fan measures a part (a component, never the device total).
ENT_PHYSICAL_CONTAINED_IN = "1.3.6.1.2.1.47.1.1.1.1.4"
ENT_PHYSICAL_CLASS = "1.3.6.1.2.1.47.1.1.1.1.5"
ENT_CLASS_POWER_SUPPLY = 6
MAX_EXPONENT = 24  # a unit multiplier (RFC 7460 UnitMultiplier) is a power of ten from yocto to yotta
MAX_WATTS = 100e6  # one point above 100 MW is a wrong scale or a garbled value, not a reading
MAX_KWH = 1e11  # MAX_WATTS for a century (8.8e10 kWh): a larger energy counter is a wrong scale or garbled
SENSOR_VALUE_LIMIT = 999_999_999  # +-1000000000 is "overflow"/"underflow" (SensorValue), not a reading


@dataclass(frozen=True)
class SensorColumns:
    """The columns beside a sensor table's value column (``entPhySensorValue`` or ``entSensorValue``)."""

    type: str
    scale: str
    precision: str
    status: str

    @classmethod
    def beside(cls, value_oid: str) -> SensorColumns:
        """The sibling columns of a value column in the shared entry layout.

        >>> SensorColumns.beside("1.3.6.1.2.1.99.1.1.1.4").type
        '1.3.6.1.2.1.99.1.1.1.1'
        """
        entry = value_oid.rpartition(".")[0]
        return cls(*(f"{entry}.{arc}" for arc in (SENSOR_TYPE_ARC, SENSOR_SCALE_ARC, SENSOR_PRECISION_ARC,
                                                   SENSOR_STATUS_ARC)))


@dataclass(frozen=True)
class ZeroRule:
    """A raw 0 means "not measured" while the scalar at ``oid`` holds one of ``values``."""

    oid: str
    values: list[int]


@dataclass(frozen=True)
class PowerSource:
    """One SNMP object that reports power (W) or energy (kWh) after scaling."""

    id: str
    mib: str
    object: str
    oid: str
    quantity: Quantity
    point: PointKind
    scale: float
    source: str
    phase: Literal["index", "last", "name", "column", "total", "none", "L1", "L2", "L3"] = "none"
    unsupported: list[int] = field(default_factory=list)
    zero_unsupported_when: ZeroRule | None = None
    zero_unsupported_beside: str | None = None
    resettable: bool = False
    fallback_for: str | None = None
    pair: str | None = None
    times_oid: str | None = None
    entity_sensor: bool = False
    index_suffix: str | None = None
    decimals_oid: str | None = None
    index_pattern: str | None = None
    name_oid: str | None = None
    name_pattern: str | None = None
    unit_oid: str | None = None
    unit: str | None = None
    scale_oid: str | None = None
    sys_object_ids: list[str] = field(default_factory=list)
    type_oid: str | None = None
    type_values: list[int] = field(default_factory=list)
    type_object_ids: list[str] = field(default_factory=list)
    # Where the type column is indexed: by the row's whole index ("row"), or by its first arc ("first": a parent
    # table's column, as APC's upsPhaseInputType per input beside upsPhaseInputPhaseTable, index input.phase).
    type_index: Literal["row", "first"] = "row"
    exponent_oid: str | None = None
    power_supply_point: PointKind | None = None
    text_number: bool = False
    never_negative: bool = False
    # A column of the same row index saying whether the row's sensor is available (PDU2-MIB
    # measurements...SensorIsAvailable, a TruthValue: true(1)): a row whose cell there is not one of
    # ``available_values`` is no reading, whatever its value column holds; where the agent answers no such cell,
    # the row reads.
    available_oid: str | None = None
    available_values: list[int] = field(default_factory=lambda: [1])
    # ``phase: column``: a column of the same row index holding the phase number (1-3), where the index numbers rows
    # across a chain of units (APC rPDU2PhaseStatusNumber beside rPDU2PhaseStatusIndex); no cell: the index names it.
    phase_oid: str | None = None

    def applies_to(self, sys_object_id: str) -> bool:
        """True unless the row names sysObjectID prefixes and the device's is under none of them.

        One enterprise arc can hold two layouts of the same objects (Janitza's UMG 96 and UMG 604 MIBs). A
        sysObjectID that is the arc itself (Pepwave answers 1.3.6.1.4.1.27662) is under it.

        >>> row = PowerSource("x", "M", "o", "1.2", "power", "outlet", 1.0, "s",
        ...                   sys_object_ids=["1.3.6.1.4.1.34278.8."])
        >>> [row.applies_to(f"1.3.6.1.4.1.34278.{arcs}") for arcs in ("10.1", "8", "80", "8.6")]
        [False, True, False, True]
        """
        under = sys_object_id + "."
        return not self.sys_object_ids or any(under.startswith(p) for p in self.sys_object_ids)

    @property
    def scalar(self) -> bool:
        """True when the OID names one instance (ends in ``.0``) rather than a column."""
        return self.oid.endswith(".0")

    def instance_of(self, index: str) -> str | None:
        """The instance a column row belongs to, or None when it is another sensor type.

        Tables indexed by sensor type last (Raritan's ``measurementsInletSensorValue``:
        pdu.inlet.sensorType) hold every quantity in one column: ``index_suffix`` keeps
        the rows of one type, and the instance is the index without it.

        >>> row = PowerSource("x", "M", "o", "1.2", "power", "pdu_output", 1.0, "s", index_suffix="5")
        >>> row.instance_of("1.1.5"), row.instance_of("1.1.4"), row.instance_of("5")
        ('1.1', None, None)
        """
        if self.index_suffix is not None:
            head, dot, tail = index.rpartition(".")
            if not (dot and tail == self.index_suffix):
                return None
            index = head
        if self.index_pattern is not None and _index_regex(self.index_pattern).fullmatch(index) is None:
            return None
        return index

    @property
    def filtered(self) -> bool:
        """True when only some rows of the column are this source's (sensor type, index pattern or name)."""
        return (self.index_suffix is not None or self.index_pattern is not None or self.name_oid is not None
                or self.type_oid is not None)

    def typed_as(self, kind: SnmpText) -> bool:
        """True unless the row has a ``type_oid`` and the row's type is not one of ``type_values``.

        >>> row = PowerSource("x", "M", "o", "1.2", "power", "outlet", 1.0, "s", type_oid="1.3", type_values=[6])
        >>> row.typed_as(6), row.typed_as(4), row.typed_as("6"), row.typed_as(None)
        (True, False, False, False)
        >>> point = PowerSource("x", "M", "o", "1.2", "power", "ups_output", 1.0, "s", type_oid="1.3",
        ...                     type_object_ids=["1.3.6.1.4.1.476.1.42.3.5.2.1.5"])
        >>> point.typed_as(".1.3.6.1.4.1.476.1.42.3.5.2.1.5"), point.typed_as("1.3.6.1.4.1.476.1.42.3.5.2.1.9")
        (True, False)
        """
        if self.type_oid is None:
            return True
        if self.type_object_ids:
            return isinstance(kind, str) and kind.strip().lstrip(".") in self.type_object_ids
        return isinstance(kind, int) and not isinstance(kind, bool) and kind in self.type_values

    def type_key(self, instance: str) -> str:
        """The index of the type column's row that says an instance's type.

        >>> PowerSource("x", "M", "o", "1.2", "power", "ups_input", 1.0, "s", type_oid="1.3", type_values=[2],
        ...             type_index="first").type_key("1.3")
        '1'
        """
        return instance.split(".", 1)[0] if self.type_index == "first" else instance

    def name_match(self, name: SnmpText) -> re.Match[str] | None:
        """How a row's name (``name_oid``) matches ``name_pattern``; None when it does not (or is no text)."""
        if not self.name_pattern or not isinstance(name, str):
            return None
        return _index_regex(self.name_pattern).fullmatch(name.strip())

    @property
    def names_its_point(self) -> bool:
        """True when the name pattern says which place a variable measures (a ``point`` group): a generic variable
        table numbers a place's power and its energy as two variables, which its name joins into one point."""
        return "(?P<point>" in (self.name_pattern or "")

    def merge_key(self, instance: str, name: SnmpText = None) -> str:
        """The key under which an instance joins its ``pair``: the instance itself, or for a row that names its point,
        the instance's first arc (the device of the table) and the place the name states, lower-cased, its blanks as
        underscores (CMC-III 'Phase L1.Power.Active.Value' and 'Phase L1.Energy.Active.Value' of device 2:
        '2.phase_l1').

        >>> row = PowerSource("x", "M", "o", "1.2", "energy", "pdu_output", 1.0, "s", name_oid="1.3",
        ...                   name_pattern=r"(?i)(?P<point>unit)\\.energy\\.active")
        >>> row.merge_key("2.20", "Unit.Energy.Active"), row.merge_key("2.20", "Unit.Power.Active")
        ('2.unit', '2.20')
        """
        match = self.name_match(name) if self.names_its_point else None
        if match is None or not match.group("point"):
            return instance
        return f"{instance.split('.', 1)[0]}.{'_'.join(match.group('point').lower().split())}"

    def phase_for(self, instance: str, name: SnmpText = None, number: SnmpText = None) -> str | None:
        """The phase an instance measures: from its index (one arc, or the last arc), from its name
        (the pattern's ``phase`` group), from its ``phase_oid`` cell (``number``), fixed, or ``total``.

        >>> PowerSource("x", "M", "o", "1.2", "power", "pdu_output", 1.0, "s", phase="last").phase_for("1.1.3")
        'L3'
        """
        if self.phase == "column" and number is not None:
            return phase_of(str(number)) if isinstance(number, int) and not isinstance(number, bool) else None
        if self.phase in ("index", "column"):
            return phase_of(instance)
        if self.phase == "last":
            return phase_of(instance.rpartition(".")[2])
        if self.phase == "name":
            match = self.name_match(name)
            return phase_of(match.group("phase")) if match and "phase" in match.groupdict() else None
        return None if self.phase == "none" else self.phase

    @property
    def row_helpers(self) -> dict[str, str]:
        """The helper columns this row names that are read at each value row's own index, by field: columns, never
        scalars (``power_sources`` refuses a ``.0``); ``exponent_oid`` aside, which may be one scalar for the device.
        What a poll narrowed to the row's point keeps beside its values (``SnmpPlan.narrowed``)."""
        helpers = {"decimals_oid": self.decimals_oid, "scale_oid": self.scale_oid, "name_oid": self.name_oid,
                   "unit_oid": self.unit_oid, "type_oid": self.type_oid,
                   "zero_unsupported_beside": self.zero_unsupported_beside, "available_oid": self.available_oid,
                   "phase_oid": self.phase_oid}
        return {name: oid for name, oid in helpers.items() if oid is not None}

    def instance_oid(self, instance: str) -> str:
        """The full OID of one instance (the sensor type put back where the table has one)."""
        if self.scalar or not instance:
            return self.oid
        return f"{self.oid}.{instance}" + (f".{self.index_suffix}" if self.index_suffix else "")


@dataclass(frozen=True)
class PowerDevice:
    """A power device that no SNMP platform row selects (it sends another system's sysObjectID) but that its own MIB
    answering names: the scalar probed, and the model to call it where no rule names one."""

    id: str
    probe_oid: str
    model: str


@dataclass(frozen=True)
class MeterRegister:
    """One value in a Modbus meter's register map."""

    quantity: Quantity
    function: Literal["input", "holding"]
    address: int
    type: Literal["float32", "int32", "uint32", "int16", "uint16"]
    scale: float
    name: str
    phase: str | None = None
    word_order: Literal["big", "little"] = "big"
    ratio: bool = False
    resettable: bool = False

    @property
    def count(self) -> int:
        """Number of 16-bit registers the value spans."""
        return 1 if self.type in ("int16", "uint16") else 2


@dataclass(frozen=True)
class ModbusMeter:
    """A Modbus-TCP meter model and its register map."""

    id: str
    vendor: str
    model: str
    point: PointKind
    registers: list[MeterRegister]


SnmpText = int | str | None  # a value as the power collector's SNMP access returns it


@cache
def _index_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def power_sources() -> tuple[PowerSource, ...]:
    """Load the ``power_sources`` table (built-in plus user files), checked for consistency.

    Raises:
        CatalogError: A ``fallback_for`` naming no row, or an energy row without ``pair``.
    """
    rows = tuple(load_table("power_sources", PowerSource, builtin="power.yaml"))
    ids = {r.id for r in rows}
    _check_pairs(rows)
    for r in rows:
        if r.fallback_for and r.fallback_for not in ids:
            raise CatalogError(f"power source {r.id}: fallback_for names unknown row {r.fallback_for!r}")
        if r.scale <= 0 or not math.isfinite(r.scale):
            raise CatalogError(f"power source {r.id}: scale must be a positive number")
        if (r.index_suffix is not None or r.decimals_oid) and r.scalar:
            raise CatalogError(f"power source {r.id}: index_suffix and decimals_oid need a table column")
        if r.index_suffix is not None and not r.index_suffix.isdigit():
            raise CatalogError(f"power source {r.id}: index_suffix must be one arc (digits)")
        if r.index_pattern is not None:
            _check_pattern(r, r.index_pattern, "index_pattern")
        if (r.name_oid is None) != (r.name_pattern is None) or (r.unit_oid is None) != (r.unit is None):
            raise CatalogError(f"power source {r.id}: name_oid needs name_pattern, unit_oid needs unit (and back)")
        if r.name_pattern is not None:
            _check_pattern(r, r.name_pattern, "name_pattern")
        typed = bool(r.type_values) or bool(r.type_object_ids)
        if (r.type_oid is None) == typed or (r.type_oid is not None and r.scalar) or (
                r.type_values and r.type_object_ids):
            raise CatalogError(f"power source {r.id}: type_oid needs a table column and one of type_values "
                               "(integers) or type_object_ids (OIDs), and back")
        if r.type_index != "row" and r.type_oid is None:
            raise CatalogError(f"power source {r.id}: type_index needs type_oid")
        if any(not _DOTTED_OID.fullmatch(o) for o in r.type_object_ids):
            raise CatalogError(f"power source {r.id}: type_object_ids are dotted OIDs (1.3.6.1...)")
        if any(not _DOTTED_PREFIX.fullmatch(p) for p in r.sys_object_ids):
            raise CatalogError(f"power source {r.id}: sys_object_ids are dotted OID prefixes ending in a dot")
        if r.zero_unsupported_beside is not None and (
                r.scalar or not _DOTTED_OID.fullmatch(r.zero_unsupported_beside)):
            raise CatalogError(f"power source {r.id}: zero_unsupported_beside is a column (dotted OID) beside a "
                               "table column")
        if r.available_oid is not None and (r.scalar or not _DOTTED_OID.fullmatch(r.available_oid)):
            raise CatalogError(f"power source {r.id}: available_oid is a column (dotted OID) beside a table column")
        if r.available_oid is None and r.available_values != [1]:
            raise CatalogError(f"power source {r.id}: available_values needs available_oid")
        _check_columns(r)
        if r.power_supply_point is not None and not r.entity_sensor:
            raise CatalogError(f"power source {r.id}: power_supply_point needs entity_sensor (ENTITY-MIB placement)")
        if (r.phase == "column") != (r.phase_oid is not None) or (r.phase_oid is not None and (
                r.scalar or not _DOTTED_OID.fullmatch(r.phase_oid))):
            raise CatalogError(f"power source {r.id}: phase: column needs phase_oid, a column (dotted OID) beside a "
                               "table column, and back")
        if r.phase == "name" and "(?P<phase>" not in (r.name_pattern or ""):
            raise CatalogError(f"power source {r.id}: phase: name needs a (?P<phase>...) group in name_pattern")
    return rows


def _check_pairs(rows: Sequence[PowerSource]) -> None:
    """Rows merged into one point (``pair``) measure one place: the same point kind and phase, one power row and
    one energy row at most (a second would overwrite the first's value on every instance)."""
    seen: dict[tuple[str, str], PowerSource] = {}
    first: dict[str, PowerSource] = {}
    for r in rows:
        if not r.pair:
            continue
        head = first.setdefault(r.pair, r)
        if head.names_its_point != r.names_its_point:
            raise CatalogError(f"power source {r.id}: pair {r.pair!r} joins it to {head.id}, but only one of them "
                               "names its point in its name pattern (a (?P<point>...) group): their rows never meet")
        if (head.point, head.phase) != (r.point, r.phase):
            raise CatalogError(f"power source {r.id}: pair {r.pair!r} joins it to {head.id}, which measures "
                               f"{head.point}/{head.phase}, not {r.point}/{r.phase}")
        other = seen.setdefault((r.pair, r.quantity), r)
        if other is not r and not (r.fallback_for or other.fallback_for):
            raise CatalogError(f"power source {r.id}: pair {r.pair!r} already has a {r.quantity} row ({other.id})")


def _check_columns(row: PowerSource) -> None:
    """The helpers read at each value row's own index are columns: one given as a scalar (``.0``) is read at
    ``<scalar>.<index>``, which no agent answers, so every row of the source would be no reading. Only
    ``exponent_oid`` may be a scalar (one unit multiplier for the device), and ``times_oid`` is one."""
    for name, helper in row.row_helpers.items():
        if helper.endswith(".0"):
            raise CatalogError(f"power source {row.id}: {name} {helper} is read at each row's index: a column, "
                               "not a scalar (.0)")


_DOTTED_OID = re.compile(r"[0-9]+(?:\.[0-9]+){1,127}")  # an OBJECT IDENTIFIER value, no leading dot
_DOTTED_PREFIX = re.compile(r"(?:[0-9]+\.){2,40}")  # '1.3.6.1.4.1.34278.8.': whole arcs, so .8. is not .80.
MAX_INDEX_PATTERN = 200  # characters of an index or name pattern: nothing longer is needed


def _check_pattern(row: PowerSource, pattern: str, what: str) -> None:
    """An index or name pattern is a short regular expression, on a table column."""
    if row.scalar or len(pattern) > MAX_INDEX_PATTERN:
        raise CatalogError(f"power source {row.id}: {what} needs a table column and at most "
                           f"{MAX_INDEX_PATTERN} characters")
    try:
        _index_regex(pattern)
    except re.error as exc:
        raise CatalogError(f"power source {row.id}: {what} {pattern!r} is not a regular expression: {exc}") from exc



# The kind of device a point's object belongs to: an agent that answers a PDU's inlet, outlet or circuit table is a
# PDU, one that answers a UPS's input or output table is a UPS (a DC power system's output counts as one where
# nothing before, its platform row or its maker's number, called it dc_power).
POINT_DEVICE_KINDS: dict[str, DeviceKind] = {
    "pdu_output": "pdu", "outlet": "pdu", "circuit": "pdu", "ups_input": "ups", "ups_output": "ups",
}


def kind_probes(sys_object_id: str) -> tuple[tuple[str, DeviceKind, PowerSource], ...]:
    """The subtrees whose answer says a device's kind, from the power rows of PDU and UPS objects.

    Rows that apply to ``sysObjectID`` (every row when it is empty): (subtree, kind, row), in catalogue order, one
    per subtree. A scalar's subtree is its object (without ``.0``), which a GETNEXT enters when the scalar exists.
    ENTITY-SENSOR rows name no kind (any device has sensors).

    >>> any(oid == "1.3.6.1.4.1.13742.6.5.4.3.1.4" and kind == "pdu" for oid, kind, _ in kind_probes("1.3.6.1.4.1.1"))
    True
    """
    out: dict[str, tuple[str, DeviceKind, PowerSource]] = {}
    for row in power_sources():
        kind = POINT_DEVICE_KINDS.get(row.point)
        if kind is None or row.entity_sensor or (sys_object_id and not row.applies_to(sys_object_id)):
            continue
        oid = row.oid.removesuffix(".0") if row.scalar else row.oid
        out.setdefault(oid, (oid, kind, row))
    return tuple(out.values())


@cache
def power_devices() -> tuple[PowerDevice, ...]:
    """Load the ``power_devices`` identity table."""
    return tuple(load_table("power_devices", PowerDevice, builtin="power.yaml"))


@cache
def modbus_meters() -> dict[str, ModbusMeter]:
    """Load the ``modbus_meters`` register maps, keyed by id."""
    return {m.id: m for m in load_table("modbus_meters", ModbusMeter, builtin="power.yaml")}


def phase_of(index: str) -> str | None:
    """Name the phase of a per-line table row from its index.

    >>> phase_of("2")
    'L2'
    >>> phase_of("1.3") is None
    True
    """
    return f"L{index}" if index.isdigit() and 1 <= int(index) <= 3 else None


_DECIMAL_TEXT = re.compile(r"[+-]?[0-9]{1,15}(?:\.[0-9]{1,9})?")


def decimal_text(value: SnmpText) -> float | None:
    """A reading an agent gives as text (Dell's DellPowerReading, a DisplayString): a plain decimal number
    only. Units, 'N/A', blanks, exponents and anything longer than 15 digits are no number.

    >>> decimal_text(" 4843 "), decimal_text("-12.5"), decimal_text("4843 W"), decimal_text("1e3"), decimal_text(7)
    (4843.0, -12.5, None, None, None)
    """
    if not isinstance(value, str) or _DECIMAL_TEXT.fullmatch(value.strip()) is None:
        return None
    return float(value.strip())


def decode_snmp_value(
    src: PowerSource, raw: float | None, *, zero_rule_holds: bool = False, decimals: int = 0
) -> float | None:
    """Turn one raw SNMP integer into W or kWh, or ``None`` when the device does not report it.

    Args:
        src: The catalogue row.
        raw: The integer the agent answered; ``None`` for NULL, noSuchObject or a non-integer.
        zero_rule_holds: The row's ``zero_unsupported_when`` or ``zero_unsupported_beside`` condition is true.
        decimals: Decimal digits the device reports for this instance (``decimals_oid``).

    >>> row = PowerSource("x", "M", "o", "1.2", "power", "pdu_output", 10.0, "s", unsupported=[-1])
    >>> decode_snmp_value(row, 31), decode_snmp_value(row, -1)
    (310.0, None)
    >>> load = PowerSource("x", "M", "o", "1.2", "power", "component", 1.0, "s", never_negative=True)
    >>> decode_snmp_value(load, 0), decode_snmp_value(load, -5)
    (0.0, None)
    """
    if raw is None or raw in src.unsupported:
        return None
    if raw < 0 and src.never_negative:
        return None
    if raw == 0 and zero_rule_holds:
        return None
    return round(raw * src.scale / 10.0**decimals, 6)


def decode_entity_sensor(value: int | None, sensor_type: int | None, scale: int | None,
                         precision: int | None, status: int | None) -> float | None:
    """Decode an ENTITY-SENSOR-MIB (or CISCO-ENTITY-SENSOR-MIB) reading in watts, ``None`` unless valid.

    ``scale`` is the SI prefix enum (units(9) = 10^0, kilo(10) = 10^3, milli(8) = 10^-3 ...);
    ``precision`` 1..9 is the number of decimal places in ``value``; -8..-1 counts accurate digits
    and does not move the decimal point (SensorPrecision). A status other than ok(1) is no reading;
    an agent without the status column (``None``) reports no fault. +-1000000000 is over/underflow.

    >>> decode_entity_sensor(1234, 6, 9, 1, 1)
    123.4
    >>> decode_entity_sensor(2, 6, 10, 0, 1)
    2000.0
    >>> decode_entity_sensor(5, 6, 9, 0, 2) is None, decode_entity_sensor(300, 6, 9, -2, None)
    (True, 300.0)
    """
    if value is None or sensor_type != ENT_SENSOR_WATTS or scale is None:
        return None
    if status is not None and status != ENT_SENSOR_OK:
        return None
    if not 1 <= scale <= 17 or not -8 <= (precision or 0) <= 9 or abs(value) > SENSOR_VALUE_LIMIT:
        return None
    exponent = (scale - 9) * 3 - max(precision or 0, 0)
    return round(value * 10.0**exponent, 6)


class RegisterDecodeError(ValueError):
    """Registers that cannot hold the declared type (wrong count, NaN, infinity)."""


def decode_registers(reg: MeterRegister, words: Sequence[int]) -> float:
    """Decode the 16-bit words of one meter value, scaled to W or kWh.

    Raises:
        RegisterDecodeError: The word count is wrong, or a float register holds NaN/inf
            (a meter answering with registers of another type).

    >>> r = MeterRegister("power", "input", 52, "float32", 1.0, "total")
    >>> decode_registers(r, [0x4479, 0xC000])
    999.0
    """
    if len(words) != reg.count:
        raise RegisterDecodeError(f"expected {reg.count} registers, got {len(words)}")
    if any(not 0 <= w <= 0xFFFF for w in words):
        raise RegisterDecodeError("register value out of 16-bit range")
    ordered = list(words) if reg.word_order == "big" else list(reversed(words))
    raw = b"".join(w.to_bytes(2, "big") for w in ordered)
    fmt = {"float32": ">f", "int32": ">i", "uint32": ">I", "int16": ">h", "uint16": ">H"}[reg.type]
    value = float(struct.unpack(fmt, raw)[0])
    if not math.isfinite(value):
        raise RegisterDecodeError(f"registers {raw.hex()} are not a finite {reg.type} (wrong register type?)")
    return round(value * reg.scale, 6)
