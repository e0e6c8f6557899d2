"""Read power and energy over SNMP, driven by the ``power_sources`` catalogue.

Two steps keep a poll cheap: :func:`discover` walks every catalogued column and
GETs every catalogued scalar once, and returns a :class:`SnmpPlan` naming the
exact instances that answered; later polls GET just those (one or two PDUs).
Both steps produce a flat ``{oid: value}`` map that :func:`compose` turns into
points, so discovery and polling decode identically.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from govops.catalog.enterprises import enterprise_of
from govops.catalog.power import (
    ENT_CLASS_POWER_SUPPLY,
    ENT_PHYSICAL_CLASS,
    ENT_PHYSICAL_CONTAINED_IN,
    ENT_SENSOR_WATTS,
    MAX_EXPONENT,
    MAX_KWH,
    MAX_WATTS,
    PointKind,
    PowerDevice,
    PowerSource,
    SensorColumns,
    decimal_text,
    decode_entity_sensor,
    decode_snmp_value,
    power_devices,
    power_sources,
)
from govops.catalog.products import product_of
from govops.catalog.vendors import classify_device, default_vendors, registry_vendor
from govops.collectors.power_model import DeviceReading, PointReading
from govops.collectors.power_snmp_access import SnmpAccess, SnmpValue
from govops.errors import GovopsError
from govops.platforms.snmp import (
    GENERIC,
    ExtractRule,
    SnmpPlatform,
    default_platforms,
    own_mib,
    select_platform,
)
from govops.util.failure import failure_kind
from govops.util.oid import dotted_arcs, index_under, oid_arcs, oid_str

SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
MAX_SCALE_FACTOR = 1_000_000  # a per-row scale factor beyond this is not a unit conversion
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
UPS_IDENT_MANUFACTURER = "1.3.6.1.2.1.33.1.1.1.0"  # UPS-MIB: the maker a UPS states (read by the vendor path)


@dataclass
class _Slot:
    point: PointKind
    phase: str | None
    watts: float | None = None
    energy: float | None = None
    resettable: bool = False
    labels: list[str] = field(default_factory=list)
    oids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SnmpPlan:
    """The OIDs one device answered at discovery: what later polls GET; and its vendor and model, named once from
    the identity objects read then (``identify``), so a poll neither reads nor decides them again."""

    oids: tuple[str, ...]
    vendor: str | None = None
    model: str | None = None

    @property
    def identity(self) -> tuple[str | None, str | None]:
        """(vendor, model) as ``identify`` named them at discovery."""
        return self.vendor, self.model

    def narrowed(self, point: str) -> SnmpPlan:
        """Keep only what one point kind needs (its sources and their helper scalars).

        A PDU polled for ``pdu_output`` then skips its per-outlet columns and the
        identity scalars, which were read once at discovery; but not sysObjectID where a kept row is keyed to a
        maker's arc (``sys_object_ids``): a poll selects its rows by it, as discovery did.
        """
        keep: set[str] = set()
        arcs = {o: dotted_arcs(o) for o in self.oids}  # the device's OIDs: out of the catalogue's cache
        for src in power_sources():
            if point not in (src.point, src.power_supply_point):
                continue
            own = {o for o in self.oids if index_under(arcs[o], oid_arcs(src.oid)) is not None}
            keep.update(own)
            if own and src.sys_object_ids:
                keep.add(SYS_OBJECT_ID)
            if src.times_oid:
                keep.add(src.times_oid)
            if src.zero_unsupported_when:
                keep.add(src.zero_unsupported_when.oid)
            roots = [*src.row_helpers.values(), src.exponent_oid]  # a scalar exponent_oid too
            if src.entity_sensor:
                roots.append(src.oid.rpartition(".")[0])  # the sensor entry's type, scale, precision and status
            if src.power_supply_point:
                roots += [ENT_PHYSICAL_CONTAINED_IN, ENT_PHYSICAL_CLASS]
            keep.update(o for o in self.oids
                        if any(r and index_under(arcs[o], oid_arcs(r)) is not None for r in roots))
        return SnmpPlan(tuple(o for o in self.oids if o in keep), self.vendor, self.model)


def _index(key: str, column: str) -> str:
    """The row index of the dotted ``key`` under ``column`` (``index_under``), dotted as the reading's keys are
    (``f"{column}.{index}"`` names the row's cell in another column); ``""`` for the column itself or a key outside
    it. ``key`` is the device's (a walked row's, an instance's): parsed out of the catalogue's cache."""
    return oid_str(index_under(dotted_arcs(key), oid_arcs(column)) or ())


def _scalar_oids(sources: Iterable[PowerSource], devices: Iterable[PowerDevice]) -> list[str]:
    oids: list[str] = [SYS_OBJECT_ID, SYS_DESCR, UPS_IDENT_MANUFACTURER]
    for s in sources:
        if s.scalar:
            oids.append(s.oid)
        if s.times_oid:
            oids.append(s.times_oid)
        if s.zero_unsupported_when:
            oids.append(s.zero_unsupported_when.oid)
        if s.exponent_oid and s.exponent_oid.endswith(".0"):
            oids.append(s.exponent_oid)
    oids.extend(d.probe_oid for d in devices)
    return list(dict.fromkeys(oids))


def _platform(values: Mapping[str, SnmpValue]) -> SnmpPlatform | None:
    """The SNMP platform row sysObjectID and sysDescr select (as the vendor path selects it)."""
    return select_platform(default_platforms(), _sys_object_id(values), _text(values.get(SYS_DESCR)) or "")


def _model_rules(chosen: SnmpPlatform | None, sys_object_id: str) -> tuple[ExtractRule, ...]:
    """The model rules of the device's SNMP platform row, then of the standard row: where discovery names the model
    (``platforms/<name>/snmp.yaml``, the one place each identity object's meaning is written). Rules read from the
    sysDescr or a vendor object (a scalar, or the first row of a column), in identification's order (``extract_for``);
    not those that need the chassis entity, another object's row or the device's own arc, which a power reading does
    not read."""
    generic = next((p for p in default_platforms() if p.id == GENERIC), None)
    rows: list[SnmpPlatform] = [p for p in (chosen, generic) if p]
    return tuple(rule for row in rows for rule in row.extract_for(sys_object_id)
                 if rule.field == "model" and rule.applies({}) and (rule.sys_descr or _plain_oid_rule(rule)))


def _plain_oid_rule(rule: ExtractRule) -> bool:
    return bool(rule.oid) and not (rule.relative or rule.index or rule.active)


async def _model_values(access: SnmpAccess, values: Mapping[str, SnmpValue]) -> dict[str, SnmpValue]:
    """GET the model rules' scalars (and the objects they must differ from); the first row of their columns."""
    rules = _model_rules(_platform(values), _sys_object_id(values))
    scalars = [o for r in rules if not r.next for o in (r.oid, r.unlike) if o and o not in values]
    answered = await access.get(scalars) if scalars else {}
    got: dict[str, SnmpValue] = {k: v for k, v in answered.items() if v is not None}
    for column in (r.oid for r in rules if r.next and r.oid):
        first = _first_row(await access.walk(column), column)
        if first is not None:
            got[first[0]] = first[1]
    return got


def _first_row(values: Mapping[str, SnmpValue], column: str) -> tuple[str, SnmpValue] | None:
    """The lowest-indexed row of ``column`` among ``values`` (what a GETNEXT on the column returns), if any."""
    at = oid_arcs(column)
    rows = {k: index for k in values if values[k] is not None and (index := index_under(dotted_arcs(k), at))}
    if not rows:
        return None
    key = min(rows, key=rows.__getitem__)
    return key, values[key]


async def discover(access: SnmpAccess) -> tuple[dict[str, SnmpValue], SnmpPlan]:
    """Fetch every catalogued scalar and column once.

    Returns:
        The flat value map and the plan of OIDs that answered.

    Raises:
        DeviceUnreachable: The agent did not answer.
    """
    got = await access.get(_scalar_oids(power_sources(), power_devices()))
    values: dict[str, SnmpValue] = {k: v for k, v in got.items() if v is not None}
    values.update(await _model_values(access, values))
    sources = _sources_for(values)

    # A few walks at a time: a burst of every column of every device overflows small agents (and snmpsim).
    gate = asyncio.Semaphore(4)
    walks: dict[str, asyncio.Task[dict[str, SnmpValue]]] = {}

    def walk_once(oid: str) -> asyncio.Task[dict[str, SnmpValue]]:
        """One walk per column per discovery: rows choosing from the same name or type column share it."""
        if oid not in walks:
            walks[oid] = asyncio.ensure_future(access.walk(oid))
        return walks[oid]

    failed: list[BaseException] = []

    async def column(src: PowerSource) -> dict[str, SnmpValue]:
        async with gate:
            if failed:  # a column failed (the device went silent): the discovery fails with it, ask nothing more
                return {}
            try:
                return await _column(src)
            except BaseException as exc:
                failed.append(exc)  # before the gate lets the next column in
                raise

    async def _column(src: PowerSource) -> dict[str, SnmpValue]:
        if src.filtered or _row_columns(src):
            return await _typed_column(src)
        if not src.entity_sensor:
            # NULL cells are kept (as None): "the device has this object but reports nothing".
            return await access.walk(src.oid)
        cols = SensorColumns.beside(src.oid)
        types = await access.walk(cols.type)
        watts_idx = [i for k, v in types.items() if v == ENT_SENSOR_WATTS and (i := _index(k, cols.type))]
        if not watts_idx:
            return {}
        columns = (cols.type, cols.scale, cols.precision, cols.status, src.oid)
        got = await access.get([f"{c}.{i}" for c in columns for i in watts_idx])
        if src.power_supply_point:
            got.update(await _placement(watts_idx))
        return got

    async def _placement(indexes: list[str]) -> dict[str, SnmpValue]:
        """entPhysicalClass of each sensor and of the entity that contains it (ENTITY-MIB)."""
        parents = await access.get([f"{ENT_PHYSICAL_CONTAINED_IN}.{i}" for i in indexes])
        around = {*indexes, *(str(v) for v in parents.values() if isinstance(v, int) and v > 0)}
        return {**parents, **await access.get([f"{ENT_PHYSICAL_CLASS}.{i}" for i in sorted(around)])}

    async def _typed_column(src: PowerSource) -> dict[str, SnmpValue]:
        """One sensor type's rows of a shared column, and their decimal digits, unit multipliers and the column
        that says whether a 0 is measured."""
        if src.name_oid:
            return await _named_rows(src, src.name_oid)
        if src.type_oid:
            return await _typed_rows(src, src.type_oid)
        walked = await access.walk(src.oid)
        at = {k: i for k in walked if (i := _index(k, src.oid)) and src.instance_of(i) is not None}
        rows = {k: walked[k] for k in at}
        helpers = _row_columns(src)
        if helpers and rows:
            rows.update(await access.get([f"{c}.{i}" for c in helpers for i in at.values()]))
        return rows

    async def _typed_rows(src: PowerSource, type_oid: str) -> dict[str, SnmpValue]:
        """Rows of a meter table chosen by their type column (RNX upduMeterType), with their type."""
        kinds = await walk_once(type_oid)
        chosen = [i for k, v in kinds.items() if src.typed_as(v) and (i := _index(k, type_oid))]
        if not chosen:
            return {}
        if src.type_index == "first":
            # The type is a parent table's: the rows under the chosen parents, and the parents' types.
            parents = set(chosen)
            rows = {k: v for k, v in (await access.walk(src.oid)).items()
                    if (i := _index(k, src.oid)) and src.type_key(i) in parents}
            return {**rows, **{f"{type_oid}.{p}": kinds[f"{type_oid}.{p}"] for p in parents}}
        columns = [c for c in (src.oid, type_oid, _exponent_column(src)) if c]
        return await access.get([f"{c}.{i}" for c in columns for i in chosen])

    async def _named_rows(src: PowerSource, name_oid: str) -> dict[str, SnmpValue]:
        """Rows of a generic variable table (Rittal CMC-III) chosen by name, with name, unit, scale and quality."""
        names = await walk_once(name_oid)
        chosen = [i for k, v in names.items() if src.name_match(v) is not None and (i := _index(k, name_oid))]
        if not chosen:
            return {}
        columns = [c for c in (src.oid, name_oid, src.unit_oid, src.scale_oid, src.available_oid) if c]
        return await access.get([f"{c}.{i}" for c in columns for i in chosen])

    columns = [asyncio.ensure_future(column(s)) for s in sources if not s.scalar]
    try:
        for walked in await asyncio.gather(*columns):
            values.update(walked)
    finally:
        # The first failure (a device gone silent) fails the discovery: no column still queued or walking asks the
        # device again, each to wait out the timeout, and no partial set of columns makes a plan.
        for task in (*columns, *walks.values()):
            task.cancel()
    # The identity scalars stay in the plan until it is narrowed to one point kind: a plan polled whole still carries
    # what ``compose`` reads from them without ``identity`` (the one-shot read names the device from its values).
    return values, SnmpPlan(tuple(values), *identify(values))


async def poll(access: SnmpAccess, plan: SnmpPlan) -> dict[str, SnmpValue]:
    """GET the planned OIDs (the cheap, steady-state read)."""
    return await access.get(list(plan.oids))


def _exponent_column(src: PowerSource) -> str | None:
    """The row's unit-multiplier column (same index as the value), None for none or a scalar."""
    return src.exponent_oid if src.exponent_oid and not src.exponent_oid.endswith(".0") else None


def _row_columns(src: PowerSource) -> list[str]:
    """Columns read at each value row's own index (decimals, scale factor, unit multiplier, the column that says
    whether a 0 is measured, availability, phase number): a source with any is read row by row with them."""
    return [c for c in (src.decimals_oid, src.scale_oid, _exponent_column(src), src.zero_unsupported_beside,
                        src.available_oid, src.phase_oid) if c]


def _sys_object_id(values: Mapping[str, SnmpValue]) -> str:
    return str(values.get(SYS_OBJECT_ID) or "").lstrip(".")


def _sources_for(values: Mapping[str, SnmpValue]) -> tuple[PowerSource, ...]:
    """The catalogue rows that apply to this device (rows keyed to a sysObjectID family, and every other row)."""
    sys_oid = _sys_object_id(values)
    return tuple(s for s in power_sources() if s.applies_to(sys_oid))


def identify(values: Mapping[str, SnmpValue]) -> tuple[str | None, str | None]:
    """Name vendor and model as discovery does: the model by the model rules of the SNMP platform row sysObjectID and
    sysDescr select, then the standard row's (UPS-MIB upsIdentModel ...), then a ``power_devices`` row whose probe
    answers, then the registration MIB's product; the vendor by the one vendor path (``classify_device``: the maker
    UPS-MIB states, the enterprise number, the vendor MIB a row's probe found answering)."""
    sys_oid = _sys_object_id(values)
    descr = _text(values.get(SYS_DESCR)) or ""
    platform = _platform(values)
    rules = _model_rules(platform, sys_oid)
    read = {r.key: _as_text(_rule_value(r, values)) for r in rules if r.oid}
    read.update({o: _as_text(values.get(o)) for r in rules if r.unlike for o in (r.unlike,)})
    model = next((m for m in (r.read(descr, read) for r in rules) if m is not None), None)
    row = next((d for d in power_devices() if values.get(d.probe_oid) not in (None, "")), None)
    if model is None and row is not None:
        model = row.model
    if model is None:
        product = product_of(sys_oid)
        model = product.model if product else None
    return _vendor(values, sys_oid, row, platform), model


def _rule_value(rule: ExtractRule, values: Mapping[str, SnmpValue]) -> SnmpValue:
    if not rule.next:
        return values.get(rule.oid or "")
    first = _first_row(values, rule.oid or "")
    return first[1] if first else None


def _as_text(value: SnmpValue) -> str | None:
    return None if value is None else str(value)


def _vendor(
    values: Mapping[str, SnmpValue], sys_oid: str, row: PowerDevice | None, platform: SnmpPlatform | None
) -> str | None:
    """The catalogue vendor's name, else the maker the device states, else the registry's owner of its number."""
    descr = _text(values.get(SYS_DESCR)) or ""
    stated = _text(values.get(UPS_IDENT_MANUFACTURER))
    probed = enterprise_of(row.probe_oid) if row else None
    vendors = default_vendors()
    verdict = classify_device(
        vendors,
        platform=(platform.id, platform.vendor, platform.source) if platform and platform.vendor else None,
        sys_object_id=sys_oid,
        texts={"manufacturer": stated, "sys_descr": descr},
        enterprises=(probed,) if probed else (),
    )
    found = vendors.get(verdict.subject) if verdict.subject else None
    return found.name if found else stated or registry_vendor(sys_oid)


def _text(value: SnmpValue) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _instances(src: PowerSource, values: Mapping[str, SnmpValue], keys: list[str]) -> list[tuple[str, SnmpValue]]:
    """The rows of one source in ``values``; ``keys`` is ``sorted(values)``, so a column's rows are the run of keys
    that begin with its OID and a dot (found by bisection: a reading has ~100 rows to try and few keys each)."""
    if src.scalar:
        return [("", values[src.oid])] if src.oid in values else []
    found = []
    for at in range(bisect_left(keys, src.oid + "."), len(keys)):
        index = _index(keys[at], src.oid)
        if not index:  # past the column's run
            break
        instance = src.instance_of(index)
        if instance is not None and _named_as(src, instance, values):
            found.append((instance, values[keys[at]]))
    return sorted(found, key=lambda kv: [int(p) if p.isdigit() else 0 for p in kv[0].split(".")])


def _named_as(src: PowerSource, instance: str, values: Mapping[str, SnmpValue]) -> bool:
    """For rows chosen by name or type: the instance's name matches, its unit is the row's and its type one of the
    row's (else always True)."""
    if src.name_oid and src.name_match(_name_of(src, instance, values)) is None:
        return False
    if src.type_oid and not src.typed_as(values.get(f"{src.type_oid}.{src.type_key(instance)}")):
        return False
    if src.unit_oid:
        unit = values.get(f"{src.unit_oid}.{instance}")
        return isinstance(unit, str) and unit.strip() == src.unit
    return True


def _name_of(src: PowerSource, instance: str, values: Mapping[str, SnmpValue]) -> SnmpValue:
    return values.get(f"{src.name_oid}.{instance}") if src.name_oid else None


def _phase_cell(src: PowerSource, instance: str, values: Mapping[str, SnmpValue]) -> SnmpValue:
    """The row's ``phase_oid`` cell (the phase number beside a chain-wide index), None for none."""
    return values.get(f"{src.phase_oid}.{_row_index(src, instance)}") if src.phase_oid else None


def _raw_int(value: SnmpValue) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    return None


def _decode(
    src: PowerSource, instance: str, raw: SnmpValue, values: Mapping[str, SnmpValue]
) -> tuple[float | None, str]:
    """Decode one instance; returns the value and the source text (with the reason when missing)."""
    label = f"{src.mib}::{src.object}" + (f".{instance}" if instance else ".0" if src.scalar else "")
    if src.entity_sensor:
        cols = SensorColumns.beside(src.oid)
        if _raw_int(values.get(f"{cols.type}.{instance}")) != ENT_SENSOR_WATTS:
            return None, ""
        value = decode_entity_sensor(
            _raw_int(raw),
            ENT_SENSOR_WATTS,
            _raw_int(values.get(f"{cols.scale}.{instance}")),
            _raw_int(values.get(f"{cols.precision}.{instance}")),
            _raw_int(values.get(f"{cols.status}.{instance}")),
        )
        if value is None:
            return None, f"{label} (sensor not operational)"
        return _plausible(src, value, label)
    number: float | None = decimal_text(raw) if src.text_number else _raw_int(raw)
    if src.times_oid:
        other = _raw_int(values.get(src.times_oid))
        number = number * other if number is not None and other is not None else None
    if number is None:
        return None, f"{label} (no value reported)"
    if src.available_oid:
        where = f"{src.available_oid}.{_row_index(src, instance)}"
        available = values.get(where)
        if available is not None and _raw_int(available) not in src.available_values:
            return None, f"{label} (sensor not available: {where} = {available})"
    rule = src.zero_unsupported_when
    zero_rule = bool(rule and _raw_int(values.get(rule.oid)) in rule.values)
    beside = _beside_value(src, instance, values)
    zero_beside = beside is not None and beside > 0
    decimals = 0
    if src.decimals_oid:
        index = _row_index(src, instance)
        digits = _raw_int(values.get(f"{src.decimals_oid}.{index}"))
        if digits is None or not 0 <= digits <= 9:
            return None, f"{label} (no decimal digits reported)"
        decimals = digits
    factor, missing = _factor(src, instance, values)
    if factor is None:
        return None, f"{label} ({missing})"
    value = decode_snmp_value(src, number, zero_rule_holds=zero_rule or zero_beside, decimals=decimals)
    if value is None:
        if number in src.unsupported:
            why = f"{number} = not supported"
        elif number < 0 and src.never_negative:
            why = f"{number:g}: this object is never negative, not a reading"
        elif zero_beside:  # a 0 beside a non-zero value of the zero_unsupported_beside column
            why = f"0 while {src.zero_unsupported_beside}.{_row_index(src, instance)} = {beside}: not metered"
        else:  # a 0 under the row's zero_unsupported_when rule
            why = "0 while on mains: not metered"
        return None, f"{label} ({why})"
    return _plausible(src, round(value * factor, 6), label)  # 731 x 1/10 is 73.1, not 73.10000000000001


def _row_index(src: PowerSource, instance: str) -> str:
    """The full row index of one instance (the sensor type put back), as the row's helper columns use it."""
    return _index(src.instance_oid(instance), src.oid)


def _beside_value(src: PowerSource, instance: str, values: Mapping[str, SnmpValue]) -> int | None:
    """The same row's value in the ``zero_unsupported_beside`` column (a line's current), None for none."""
    if not src.zero_unsupported_beside or src.scalar:
        return None
    return _raw_int(values.get(f"{src.zero_unsupported_beside}.{_row_index(src, instance)}"))


def _factor(src: PowerSource, instance: str, values: Mapping[str, SnmpValue]) -> tuple[float | None, str]:
    """The device's own factor for one instance: a scale column, a power-of-ten exponent, or none (1)."""
    factor = 1.0
    index = _row_index(src, instance)  # the full row index, as the row's helper columns are read
    if src.scale_oid:
        # CMC-III cmcIIIVarScale: n > 0 multiplies the value, n < 0 divides it by -n; 0 is no number.
        n = _raw_int(values.get(f"{src.scale_oid}.{index}"))
        if not n or abs(n) > MAX_SCALE_FACTOR:
            return None, "no scale factor reported"
        factor = float(n) if n > 0 else 1.0 / -n
    if src.exponent_oid:
        # RFC 7460 UnitMultiplier: the value is times 10^n, n from -24 (yocto) to 24 (yotta).
        where = src.exponent_oid if src.exponent_oid.endswith(".0") else f"{src.exponent_oid}.{index}"
        n = _raw_int(values.get(where))
        if n is None or abs(n) > MAX_EXPONENT:
            return None, "no unit multiplier reported"
        factor *= 10.0**n
    return factor, ""


def _plausible(src: PowerSource, value: float, label: str) -> tuple[float | None, str]:
    """A power or an energy beyond any one device (``MAX_WATTS``, ``MAX_KWH``) is a wrong scale or a garbled value:
    no reading."""
    if src.quantity == "power" and abs(value) > MAX_WATTS:
        return None, f"{label} ({value:g} W is beyond any one device: not a reading)"
    if src.quantity == "energy" and abs(value) > MAX_KWH:
        return None, f"{label} ({value:g} kWh is beyond any one device: not a reading)"
    return value, label


def compose(
    target: str, values: Mapping[str, SnmpValue], identity: tuple[str | None, str | None] | None = None
) -> DeviceReading:
    """Turn a flat value map into a device reading (pure: no I/O).

    Rows with ``fallback_for`` are used only when the row they stand in for
    produced no value; rows of the maker's other MIBs give way to the device's own (``_other_mibs``); rows sharing a
    ``pair`` merge per instance into one point.
    ``identity`` is the (vendor, model) named at discovery (``SnmpPlan.identity``); without it they are named from
    ``values`` (``identify``).
    """
    sources = _sources_for(values)
    keys = sorted(values)
    decoded: dict[str, list[tuple[str, float | None, str]]] = {}
    for src in sources:
        rows = []
        for instance, raw in _instances(src, values, keys):
            value, label = _decode(src, instance, raw, values)
            if label:
                rows.append((instance, value, label))
        if rows:
            decoded[src.id] = rows
    def has_value(src_id: str) -> bool:
        return any(v is not None for _, v, _ in decoded.get(src_id, []))

    # A fallback row stands in only where the row it backs yields no value at all.
    superseded: set[str] = {
        s.fallback_for for s in sources if s.fallback_for and not has_value(s.fallback_for) and has_value(s.id)
    }
    by_id = {s.id: s for s in sources}
    displaced = _other_mibs(sources, has_value, _sys_object_id(values))
    superseded_pairs = _pairs_of(superseded, by_id)
    merged: dict[tuple[str, str], _Slot] = {}
    for src_id, rows in decoded.items():
        src = by_id[src_id]
        if (src.fallback_for and src.fallback_for not in superseded) or src_id in displaced:
            continue
        for instance, value, label in rows:
            if src_id in superseded and value is None:
                continue
            name = _name_of(src, instance, values)
            key = (src.pair or src.id, src.merge_key(instance, name))
            phase = src.phase_for(instance, name, _phase_cell(src, instance, values))
            slot = merged.setdefault(key, _Slot(_point_of(src, instance, values), phase))
            if src.quantity == "power":
                slot.watts = value
            else:
                slot.energy = value
                slot.resettable = slot.resettable or src.resettable
            slot.labels.append(label)
            slot.oids.append(src.instance_oid(instance))
    points = tuple(
        PointReading(
            point=slot.point,
            watts=slot.watts,
            energy_kwh=slot.energy,
            phase=slot.phase,
            source=" + ".join(slot.labels),
            instance=f"{key[0]}/{key[1]}",
            resettable=slot.resettable,
            oids=tuple(slot.oids),
        )
        for key, slot in merged.items()
        if not (key[0] in superseded_pairs and slot.watts is None and slot.energy is None)
    )
    vendor, model = identity if identity is not None else identify(values)
    if not points:
        return DeviceReading(
            target, "snmp", ok=False, vendor=vendor, model=model,
            error="answers SNMP but reports no catalogued power or energy object "
            "(add the device's MIB objects to a catalogue file: see docs/power.md)", error_kind="device",
        )
    return DeviceReading(target, "snmp", ok=True, vendor=vendor, model=model, points=points)


def _other_mibs(sources: Iterable[PowerSource], has_value: Callable[[str], bool], sys_object_id: str) -> set[str]:
    """The rows of the maker's other MIBs (``own_mib`` False) measuring a point that a row of the device's own MIB,
    the one under its sysObjectID, gave a value for: the device implements its own; the other's answer, where an agent
    keeps one, measures the same draw again (a G3 ePDU's inputs and an older line's unit scalar would sum it twice)."""
    rows = [s for s in sources if has_value(s.id)]
    own = {s.point for s in rows if own_mib(s.oid, sys_object_id)}
    return {s.id for s in rows if s.point in own and own_mib(s.oid, sys_object_id) is False}


def _point_of(src: PowerSource, instance: str, values: Mapping[str, SnmpValue]) -> PointKind:
    """The row's point, or its ``power_supply_point`` for a sensor that is, or sits on, a power supply."""
    if src.power_supply_point is None:
        return src.point
    parent = values.get(f"{ENT_PHYSICAL_CONTAINED_IN}.{instance}")
    places = [instance, str(parent)] if isinstance(parent, int) and parent > 0 else [instance]
    on_supply = any(values.get(f"{ENT_PHYSICAL_CLASS}.{i}") == ENT_CLASS_POWER_SUPPLY for i in places)
    return src.power_supply_point if on_supply else src.point


def _pairs_of(ids: set[str], by_id: Mapping[str, PowerSource]) -> set[str]:
    return {by_id[i].pair or i for i in ids if i in by_id}


async def read_device(target: str, access: SnmpAccess) -> DeviceReading:
    """Discover and read one device; failures become a failed reading."""
    try:
        values, _plan = await discover(access)
    except GovopsError as exc:
        return DeviceReading(target, "snmp", ok=False, error=str(exc), error_kind=failure_kind(exc))
    return compose(target, values)
