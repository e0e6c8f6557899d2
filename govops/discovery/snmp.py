"""SNMP discovery: read every device that answers, and identify it, as frozen observations.

For each target: the system group; the platform chosen from the catalogue's
``snmp_platforms`` rows (sysObjectID prefix, sysDescr pattern); the platform's
vendor-MIB scalars; the ENTITY-MIB chassis entity; IF-MIB interfaces with
ifXTable names, aliases and high speeds; IP addresses; LLDP neighbours. What is
read goes to ``snmp_identify`` (model, serial and version by the platform's
extraction rules, then by the ``generic`` row; vendor and the domestic verdict
from the vendor catalogue) and the walked tables to ``snmp_tables``; the targets
come from ``snmp_targets`` and ``store_targets``.

Targets run concurrently on one SNMP client with a bounded semaphore; each has
its own timeouts and walk budgets, and a failure becomes a failed
``Observation``: nothing raises across the pool.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal, NamedTuple, TypeVar

from govops.catalog.enterprises import enterprise_of
from govops.catalog.power import kind_probes
from govops.catalog.serials import SerialObject, all_identity_objects, identity_objects
from govops.catalog.vendors import VendorCatalog, default_vendors
from govops.discovery.observation import ErrorKind, NeighborObs, Observation
from govops.discovery.snmp_identify import (
    COUNTED_MIBS,
    HOST_NAME_MAX_CHARS,
    RawIdentity,
    _identify,
    _kind,
    _kind_probes_to_ask,
    _without_host_name,
    catalogue_fields_read,
    fields_reaching,
    fields_table_decides,
    kind_evidence,
    named_by_addresses,
)
from govops.discovery.snmp_parts import PartialReads, not_read_because, under, unread_under, walk_part
from govops.discovery.snmp_tables import _addresses, _interfaces, _neighbors, _value_counts
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.errors import DeviceError, DeviceUnreachable, GovopsError, HostNotFound, InputError
from govops.platforms.snmp import (
    CATALOGUE_FIELDS,
    NOT_A_NAME,
    ExtractRule,
    SnmpPlatform,
    bits_key,
    catalogue_key,
    catalogue_object_key,
    clean_serial,
    clean_value,
    default_platforms,
    flagged_key,
    generic_row,
    indexed_key,
    kind_key,
    relative_key,
    select_platform,
    selection_probes,
    stated_value,
)
from govops.snmp import mib
from govops.snmp.client import (
    NOT_A_REFUSAL,
    SnmpAccess,
    WalkResult,
    close_client,
    get_client,
    next_apart,
    require_answers,
)
from govops.snmp.credentials import SnmpCredentials, SnmpTarget
from govops.snmp.values import SnmpValue, VarBind, to_hex
from govops.util.collector import freeze_loaded
from govops.util.failure import failure_kind
from govops.util.limits import SNMP_MATCH_MAX_CHARS, cut_to
from govops.util.oid import MAX_CACHED_OIDS, Oid, index_under, oid_arcs, oid_str, parse_oid

log = logging.getLogger(__name__)

ENTERPRISES_ARC: Oid = (1, 3, 6, 1, 4, 1)
MAX_ENTERPRISE_HOPS = 6  # vendor-MIB arcs looked for per device (net-snmp hosts answer 2021 and 8072 first)
MAX_FLAG_ROWS = 8  # rows of a flag column looked at for the true one (firmware tables hold 2-3 images)
# Rows of a hardware table's class column looked at for the chassis, one GETNEXT each: the chassis is listed among the
# first (a class-ordered index puts it after a few 'other' rows), and a device whose table lists it later costs no more.
MAX_CLASS_ROWS = 16
MAX_BLANK_ROWS_SKIPPED = 3  # blank rows a `next` rule steps over to the first row holding a value
MAX_STACK_MEMBERS = 16  # stack members read per device (IRF and VCF stacks have at most 9-10)
TICKS_PER_SECOND = 100


@dataclass(frozen=True)
class DiscoveryOptions:
    """Bounds of one discovery run."""

    timeout: float = 2.0
    retries: int = 1
    concurrency: int = 32
    max_rows: int = 5_000
    target_deadline: float = 60.0
    v1_fallback: bool = True
    neighbors: bool = True


Progress = Callable[[Observation, int, int], None]


# --- collection (I/O) ----------------------------------------------------------------------------


# Standard subtrees discovery reads (system, IF-MIB, ipAddrTable, ENTITY-MIB, LLDP-MIB, HOST-RESOURCES hrDeviceTable).
STANDARD_SUBTREES: tuple[Oid, ...] = (
    (1, 3, 6, 1, 2, 1, 1), (1, 3, 6, 1, 2, 1, 2), (1, 3, 6, 1, 2, 1, 31, 1, 1), (1, 3, 6, 1, 2, 1, 4, 20),
    mib.ENT_PHYSICAL, (1, 0, 8802, 1, 1, 2), mib.HR_DEVICE_TYPE, mib.HR_DEVICE_DESCR,
)


ENTERPRISE_HEADS = "1.3.6.1.4.1."  # plus the first row of each vendor arc (``_enterprises`` looks for them)


def subtrees_read(platforms: Sequence[SnmpPlatform]) -> tuple[str, ...]:
    """Dotted prefixes (with a trailing dot) of everything discovery may read: standard MIBs and vendor OIDs.

    Recorded walks are trimmed to these (and to the head of each arc under ``ENTERPRISE_HEADS``)
    before they are served, which keeps replay fast.
    """
    vendor = [o + "." if nxt else o for p in platforms for o, nxt in p.oids]
    # A rule under the device's own sysObjectID may read anywhere below the row's sysObjectID prefixes.
    vendor += [prefix.lstrip(".") + "." for p in platforms if p.relative_oids for prefix in p.sys_object_id]
    vendor += [column + "." for p in platforms for column, _index in p.indexed]
    vendor += [o + "." for p in platforms for pair in p.flagged for o in pair]
    vendor += [root + "." for p in platforms for root in p.probes()]
    vendor += [oid + "." for oid, _kind, _row in kind_probes("")]  # every row, whatever sysObjectID it applies to
    if any(p.reads_catalogue() for p in platforms):
        catalogued = all_identity_objects()
        vendor += [o.oid + "." for o in catalogued]
        vendor += [o.class_oid + "." for o in catalogued if o.classed]
    return tuple(dict.fromkeys([oid_str(o) + "." for o in STANDARD_SUBTREES] + vendor))



class _Budget:
    """Per-target deadline shared by all of its walks."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds


# The system group's scalars discovery reads, and ifNumber (it sizes the interface walk).
SYSTEM_SCALARS: tuple[Oid, ...] = (mib.SYS_DESCR, mib.SYS_OBJECT_ID, mib.SYS_UPTIME, mib.SYS_NAME, mib.IF_NUMBER)

# What the first GETNEXT told besides the system group: the subtrees answered, the table columns that may have rows.
_Probed = tuple[frozenset[str], frozenset[Oid] | None]


async def _system(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, fallback: bool,
    columns: Mapping[Oid, Sequence[Oid]],
) -> tuple[SnmpCredentials, dict[Oid, VarBind], list[str], _Probed | None]:
    """The system group (``_system_of``), with the credentials that read it and warnings.

    With ``fallback`` an SNMPv2c target is asked the system group over SNMPv1 too, at the same moment: old agents
    speak only SNMPv1 and drop v2c packets silently, as a dead host does, and asking one version after the other cost
    a silent host two timeouts. The SNMPv1 answer counts only when SNMPv2c gets none; once SNMPv2c has answered (or
    refused) the SNMPv1 request is dropped, answered or not.
    """
    v1 = creds.with_version("1") if fallback and creds.version == "2c" else None
    # Sent just after the v2c GETNEXT (the task runs once this one waits for that answer).
    alongside = asyncio.ensure_future(client.get(target, v1, list(SYSTEM_SCALARS))) if v1 is not None else None
    try:
        try:
            system, probed = await _system_of(client, target, creds, columns)
            return creds, system, [], probed
        except HostNotFound:
            raise  # nothing was sent: no version to fall back to
        except DeviceUnreachable:
            if alongside is None or v1 is None:
                raise
        try:
            got = await alongside
        except DeviceUnreachable as exc:
            raise DeviceUnreachable(
                f"no SNMP answer to SNMPv2c nor SNMPv1 within {target.timeout:g} s x {target.tries} each",
                device=str(target), hint=exc.hint,
            ) from exc
        return v1, got, ["agent answers SNMPv1 only"], None
    finally:
        if alongside is not None:
            # Nothing of the SNMPv1 request stays registered, and an error it ended in (an agent refusing SNMPv1) is
            # read here, not left for the event loop to log.
            alongside.cancel()
            await asyncio.gather(alongside, return_exceptions=True)


async def _system_of(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, columns: Mapping[Oid, Sequence[Oid]]
) -> tuple[dict[Oid, VarBind], _Probed | None]:
    """The system group, and with SNMPv2c/v3 in the same GETNEXT whether the agent lists processes (a host) and which
    table ``columns`` have rows (``_probe``): one request where a GET and a GETNEXT were two.

    What follows ``X`` is the scalar ``X.0`` when the agent has it (nothing lies between): an answer elsewhere means
    it has none. An agent that refuses that PDU is asked the system group with a GET, and the probe is left to
    ``_probe`` (None), as is every SNMPv1 agent's (a GETNEXT fails whole there at the end of the MIB).
    """
    if creds.version != "1":
        try:
            return await _system_and_probe(client, target, creds, columns)
        except NOT_A_REFUSAL:
            raise  # no answer (a GET of the same version would wait out its timeout too), or refused credentials
        except DeviceError:
            pass  # refused: the system group alone, as a GET
    return await client.get(target, creds, list(SYSTEM_SCALARS)), None


async def _system_and_probe(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, columns: Mapping[Oid, Sequence[Oid]]
) -> tuple[dict[Oid, VarBind], _Probed]:
    """The system group and the first probe (HOST-RESOURCES-MIB's process table, the table columns) in one GETNEXT."""
    roots = [mib.HR_SW_RUN_TABLE]
    asked = [*(scalar[:-1] for scalar in SYSTEM_SCALARS), *(_catalogue_oid(r) for r in roots), *columns]
    got = await client.get_next(target, creds, asked)
    system = {scalar: vb for scalar, vb in zip(SYSTEM_SCALARS, got, strict=False) if vb.present and vb.oid == scalar}
    n = len(SYSTEM_SCALARS)
    return system, _probed(roots, asked[n:], got[n:], columns)


def resolve_relative_rules(rows: Sequence[SnmpPlatform], sys_object_id: str) -> dict[str, tuple[str, bool]]:
    """Each relative rule's key -> (the OID under this device's sysObjectID, read with GETNEXT)."""
    base = sys_object_id.strip().strip(".")
    try:
        parse_oid(base)
    except (InputError, ValueError):
        return {}  # no usable sysObjectID: relative rules read nothing
    return {relative_key(suffix): (f"{base}.{suffix}", nxt) for p in rows for suffix, nxt in p.relative_oids}


def stored_sys_descr(text: str | None, raw: SnmpValue = None) -> tuple[str | None, dict[str, int] | None]:
    """sysDescr as the store keeps it: at most ``SNMP_MATCH_MAX_CHARS`` characters (what identification searches),
    ending in '…' where it was cut, and the cut's record (the answer's octets and characters; None when whole).
    ``text`` is the answer as discovery read it (``VarBind.text``: decoded once), ``raw`` the answer's value.

    A binary answer is kept as its colon-separated hex (three characters an octet) cut at whole octets.

    >>> stored_sys_descr("x" * 2000, b"x" * 2000)[1]
    {'octets': 2000, 'characters': 2000}
    >>> raw = bytes(range(1, 200)) * 10
    >>> text, cut = stored_sys_descr(VarBind((1,), "octets", raw).text(), raw)
    >>> len(text), text[-4:], cut
    (1024, '8e:…', {'octets': 1990, 'characters': 5969})
    """
    if text is None or len(text) <= SNMP_MATCH_MAX_CHARS:
        return text or None, None
    octets = len(raw) if isinstance(raw, bytes) else len(text.encode())
    # Text is never its own hex (n octets of text read as at most n characters, their hex as 3n - 1).
    if isinstance(raw, bytes) and text == to_hex(raw):
        kept = text[: SNMP_MATCH_MAX_CHARS // 3 * 3] + "…"  # whole octets ("..:8e:…"): the colon says more followed
    else:
        kept = cut_to(text, SNMP_MATCH_MAX_CHARS)
    return kept, {"octets": octets, "characters": len(text)}


def _bounded_name(text: str | None) -> str | None:
    """sysName as reported: at most ``HOST_NAME_MAX_CHARS`` characters (SNMPv2-MIB's SIZE (0..255)), ending in '…'
    where the agent sent more (a hostile or broken agent's kilobytes, or their hex where they are no text).

    >>> len(_bounded_name("x" * 4096) or ""), _bounded_name(""), _bounded_name("core-sw-01")
    (255, None, 'core-sw-01')
    """
    if not text:
        return None
    return cut_to(text, HOST_NAME_MAX_CHARS)


def _catalogue_oid(text: str) -> Oid:
    """A catalogue row's dotted OID, parsed once per process in ``oid_arcs``'s cache (the one the catalogue and the
    power reading use): every device asks the same probes and scalars (some 60 a device, 5 us each to parse).

    Raises:
        ValueError: If ``text`` is not a dotted OID (``parse_oid``, asked again for its error: raised every time).
    """
    return oid_arcs(text) or parse_oid(text)  # oid_arcs gives () only for text that is no OID


@lru_cache(maxsize=MAX_CACHED_OIDS)
def _catalogue_key(text: str) -> str:
    """Where the vendor values keep the answer to the catalogue's OID ``text``: its dotted form (``oid_str`` of
    ``_catalogue_oid``), worked out once per process as the parsing is."""
    return oid_str(_catalogue_oid(text))


async def _vendor_values(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, rows: Sequence[SnmpPlatform],
    sys_object_id: str = "",
) -> dict[str, str | None]:
    """The MIB values the rows' extraction rules read (the platform's vendor MIB, the standard layers)."""
    values, _ = await _vendor_values_and_next(client, target, creds, rows, sys_object_id)
    return values


async def _vendor_values_and_next(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, rows: Sequence[SnmpPlatform],
    sys_object_id: str = "", *, riders: Sequence[Oid] = (),
) -> tuple[dict[str, str | None], list[VarBind]]:
    """``_vendor_values``, and what follows each of ``riders``: OIDs another reader of the same round wants a GETNEXT
    of, asked in the same PDU as the rules' ``next`` reads (SNMPv2c/v3 only: SNMPv1 fails a whole PDU at the end of
    the MIB). An agent refusing that PDU is asked the rules' reads alone and the riders apart; riders it refuses
    again come back as nothing there (``end``)."""
    relative = resolve_relative_rules(rows, sys_object_id)
    # The serial, model and version scalars the maker's MIBs define (catalogue), asked in the same GET, where a row
    # reads them; a device table's columns in the same GETNEXT as the rules' (their first row is the device); a
    # hardware table's columns at its chassis row, found by its class column beside them.
    catalogued = identity_objects(enterprise_of(sys_object_id)) if any(p.reads_catalogue() for p in rows) else ()
    classed = _by_class(catalogued)
    wanted = list(dict.fromkeys([*(o for p in rows for o in p.oids), *relative.values(),
                                 *((o.oid, o.column) for o in catalogued if not o.classed)]))
    flagged = list(dict.fromkeys(pair for p in rows for pair in p.flagged))
    if not wanted and not flagged and not classed:
        return {}, await next_apart(client, target, creds, riders)
    values: dict[str, str | None] = {}
    keys = [o for o, nxt in wanted if not nxt]
    scalars = [_catalogue_oid(o) for o in keys]
    nexts = [o for o, nxt in wanted if nxt]
    roots = [_catalogue_oid(o) for o in nexts]

    async def read_scalars() -> dict[Oid, VarBind]:
        return await client.get(target, creds, scalars) if scalars else {}

    async def read_nexts() -> list[VarBind]:
        if (roots or riders) and creds.version != "1":
            try:  # one PDU: each varbind is answered on its own
                return await client.get_next(target, creds, [*roots, *riders])
            except NOT_A_REFUSAL:
                raise  # asked apart, each part would wait out the timeout again
            except DeviceError:
                if not riders:
                    raise
            return [*(await client.get_next(target, creds, roots) if roots else []),
                    *await next_apart(client, target, creds, riders)]
        return await _next_of_each(client, target, creds, roots)

    # The GET, the GETNEXT and the flag columns' rows depend on nothing read here: all in flight at once, so the
    # vendor values cost one round trip to the agent, not one per kind of request.
    got, both, chassis_rows, *actives = await _together(
        read_scalars(), read_nexts(), _chassis_rows(client, target, creds, classed),
        *(_flagged_row(client, target, creds, c, f) for c, f in flagged)
    )
    after, ridden = both[: len(roots)], both[len(roots) :]
    bits = {o for p in rows for o in p.bits_scalars}
    for o, oid in zip(keys, scalars, strict=True):
        vb = got.get(oid)
        key = _catalogue_key(o)
        _keep_answer(values, key, vb)
        if key in bits:  # a BITS value is octets, whatever text they happen to spell
            values[bits_key(key)] = vb.hex() if vb else None
    models = _model_columns(rows, relative, catalogued)
    for o, row in zip(nexts, await _first_rows(client, target, creds, roots, after, models=models), strict=True):
        _keep_answer(values, o, row)
    # Rows chosen by a value just read (a type code, then its name in the type table); a value that is
    # no sub-identifier (text, negative, past 2^32 - 1) chooses nothing.
    chosen = {indexed_key(column, index): f"{column}.{values[index]}" for p in rows for column, index in p.indexed
              if _sub_identifier(values.get(index))}
    if chosen:
        got = await client.get(target, creds, [parse_oid(o) for o in chosen.values()])
        for key, o in chosen.items():
            _keep_answer(values, key, got.get(parse_oid(o)))
    for key, (o, _nxt) in relative.items():
        values[key] = values.get(o)
        values[kind_key(key)] = values.get(kind_key(o))
    for o, vb in chassis_rows.items():
        _keep_answer(values, o, vb)
    _keep_catalogued(values, catalogued)
    for (column, flag), vb in zip(flagged, actives, strict=True):
        _keep_answer(values, flagged_key(column, flag), vb)
    return values, ridden


def _model_columns(rows: Sequence[SnmpPlatform], relative: Mapping[str, tuple[str, bool]],
                   catalogued: Sequence[SerialObject]) -> set[Oid]:
    """The columns read that name each unit of a device table, its model (``_first_rows`` takes the device's row from
    them): the rows' model rules' (a relative one's under this device's sysObjectID, ``relative``) and the catalogued
    model objects."""
    rules = [r for p in rows for r in p.extract if r.field == "model"]
    return {_catalogue_oid(o) for o in (*(r.oid for r in rules if r.next and r.oid and not r.relative),
                                         *(relative[r.key][0] for r in rules if r.relative and r.key in relative),
                                         *(o.oid for o in catalogued if o.field == "model"))}


def _keep_catalogued(values: dict[str, str | None], objects: Sequence[SerialObject]) -> None:
    """Keep, for each field, the first of the catalogued ``objects`` (already among ``values``) the agent answered as
    text that is no placeholder, under ``catalogue_key(field)``: an agent answers the objects of its own product's
    MIB."""
    for name in CATALOGUE_FIELDS:
        clean = clean_serial if name == "serial" else clean_value
        found = next((o for o in objects if o.field == name and values.get(kind_key(o.oid)) not in NOT_A_NAME
                      and clean(values.get(o.oid))), None)
        if found is not None:
            values[catalogue_key(name)] = values.get(found.oid)
            values[catalogue_object_key(name)] = found.rule


async def _identity_of_arcs(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, values: Mapping[str, str | None], *,
    sys_object_id: str, enterprises: Sequence[int], fields: Iterable[str],
) -> tuple[dict[str, str | None], dict[str, str]]:
    """``values`` with the catalogued serial, model and version of the other vendor MIBs the agent answers (an
    appliance behind net-snmp's sysObjectID answers its maker's MIB: a Synology NAS, a Teltonika router), one GET
    (and beside it one GETNEXT for device tables' columns), for the ``fields`` identification would read them for
    (``catalogue_fields_read``) that the sysObjectID's own arc gave none of.

    An agent that drops or refuses some of these requests is asked the rest (``PartialReads``); the second result is
    each field left without a value that an object not read might have given (field -> "KIND: message").

    Raises:
        DeviceUnreachable: The device went silent (it answers nothing, sysUpTime.0 included).
    """
    own = enterprise_of(sys_object_id)
    missing = {name for name in fields if catalogue_key(name) not in values}
    objects = tuple(o for o in identity_objects(*(pen for pen in enterprises if pen != own)) if o.field in missing)
    if not objects:
        return dict(values), {}
    client = reads = PartialReads(client)
    scalars = [_catalogue_oid(o.oid) for o in objects if not o.column]
    columns = [_catalogue_oid(o.oid) for o in objects if o.column and not o.classed]

    async def read_scalars() -> dict[Oid, VarBind]:
        return await client.get(target, creds, scalars) if scalars else {}

    async def read_columns() -> list[VarBind]:
        return await _next_of_each(client, target, creds, columns) if columns else []

    # One GET for the scalars and one GETNEXT for the device tables' columns, at once (and the hardware tables'
    # chassis rows beside them).
    got, firsts, chassis_rows = await _together(read_scalars(), read_columns(),
                                                _chassis_rows(client, target, creds, _by_class(objects)))
    models = _model_columns((), {}, objects)
    first_rows = dict(zip(columns, await _first_rows(client, target, creds, columns, firsts, models=models),
                          strict=True))
    out = dict(values)
    for o in objects:
        oid = _catalogue_oid(o.oid)
        _keep_answer(out, o.oid, chassis_rows.get(o.oid) if o.classed
                     else first_rows.get(oid) if o.column else got.get(oid))
    _keep_catalogued(out, objects)
    unread: dict[str, str] = {}
    for o in objects:
        roots = [_catalogue_oid(o.oid), *([_catalogue_oid(o.class_oid)] if o.classed else [])]
        why = unread_under(reads.unread, roots)
        if why is not None and catalogue_key(o.field) not in out:
            unread.setdefault(o.field, why)
    return out, unread


def _fields_not_read(raw: RawIdentity, platform: SnmpPlatform | None, platforms: Sequence[SnmpPlatform],
                     unread: Mapping[Oid, str], *, kind_roots: Sequence[Oid]) -> dict[str, str]:
    """The fields the vendor values the agent would not answer (``unread``: OID -> why) might have given: those whose
    rule reading one comes before any rule that gave a value (``fields_reaching``), and the kind when a kind rule's
    scalar or subtree (``kind_roots``) was not read. Field -> why."""
    if not unread:
        return {}
    rows = [p for p in (platform, generic_row(platforms)) if p is not None]
    relative = resolve_relative_rules(rows, raw.sys_object_id)
    catalogued = identity_objects(enterprise_of(raw.sys_object_id))

    def why(oids: Iterable[str]) -> str | None:
        return unread_under(unread, [_catalogue_oid(o) for o in oids if o])

    def oids_of(rule: ExtractRule) -> list[str]:
        if rule.catalogue:
            if raw.vendor_values.get(catalogue_key(rule.field)) is not None:
                return []
            return [o for obj in catalogued if obj.field == rule.field for o in (obj.oid, obj.class_oid)]
        if rule.relative:
            return [relative[rule.key][0]] if rule.key in relative else []
        return [o for o in (rule.oid, rule.index, rule.active, rule.unlike, *rule.join) if o]

    out: dict[str, str] = {}

    def reaches(rule: ExtractRule) -> bool:
        # Asked in identification's order until the field is settled: the first rule answering yes is the one reached.
        reason = why(oids_of(rule))
        if reason is not None:
            out.setdefault(rule.field, reason)
        return reason is not None

    fields_reaching(raw, platform, platforms, reaches)
    kind_scalars = [o for p in rows for k in p.kinds
                    for o in (relative.get(k.value_key, ("",))[0] if k.relative else k.value_of, k.bits_of,
                              *(u.scalar for u in k.unless or ())) if o]
    kind_why = why(kind_scalars) or unread_under(unread, kind_roots)
    if kind_why is not None:
        out["kind"] = kind_why
    return out


async def _next_of_each(client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials,
                        roots: Sequence[Oid]) -> list[VarBind]:
    """One GETNEXT of ``roots``; SNMPv1 one root at a time, as it fails a whole PDU when one OID is past the end of
    the MIB (the others' answers lost with it)."""
    if creds.version != "1":
        return await client.get_next(target, creds, roots)
    return [(await client.get_next(target, creds, [root]))[0] for root in roots]


class _Settled(NamedTuple):
    """Where the answers in hand leave a table's device row (``_first_rows``): its answers once they give them
    (``answers``), else None and the row still to be asked (``row``) with the columns whose answers are before it
    (``behind``)."""

    answers: dict[int, VarBind] | None
    row: Oid = ()
    behind: Sequence[int] = ()


async def _first_rows(client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid],
                      answers: Sequence[VarBind], *, models: Collection[Oid] = ()) -> list[VarBind | None]:
    """For each column (``roots``) and the GETNEXT answer after it: its answer in the device's row, None where the
    column has no such row (the answer is past the column, an exception, or missing from a short answer).

    The columns of one table (one entry OID) are read from ONE row, the device's: the first row of the table's model
    column (``models``: the column naming each unit; any column read where none is read or it has no rows left)
    holding a value in any column read (a number, 0 included, is a value: ``stated_value``). A column blank there, or
    without that row, has no value: the next row is another unit (a power meter's serial beside the controller's
    model, unit 2's serial beside unit 1's model). A row blank in every column (an empty slot listed first) is no
    device and is stepped over, the table's columns in one GETNEXT a row, up to ``MAX_BLANK_ROWS_SKIPPED`` rows, so a
    table whose rows never end (or an agent answering them out of order) costs that many requests at most; past them
    the row reached is the device's, blank as it is. A column whose rows begin before the model column's (a sparse
    table) is asked for its instance in the device's row, one GET for those columns."""
    padded = [answers[i] if i < len(answers) else None for i in range(len(roots))]
    tables: dict[Oid, list[int]] = {}
    for i, root in enumerate(roots):
        tables.setdefault(root[:-1], []).append(i)

    def row_of(place: Mapping[int, Oid]) -> tuple[Oid, list[int]] | None:
        # The device's row (None: no column has rows left) and the columns whose place is before it.
        naming = [i for i in place if roots[i] in models] or list(place)
        if not naming:
            return None
        row = min(place[i] for i in naming)
        return row, [i for i in place if place[i] < row]

    def answers_at(place: Mapping[int, Oid], found: Mapping[int, VarBind | None],
                   row: Oid) -> tuple[dict[int, VarBind], bool]:
        # The answers in ``row``, and whether one states a value (else the row is a blank one, stepped over).
        at = {i: vb for i in place if place[i] == row and (vb := found[i]) is not None}
        return at, any(stated_value(vb.words(), vb.kind) is not None for vb in at.values())

    def settled(place: Mapping[int, Oid], found: Mapping[int, VarBind | None]) -> _Settled:
        # Where the answers in hand leave the device's row: its answers ({}: no column has rows left), else the row
        # still to be asked and the columns behind it (a GET of those first; none behind: a GETNEXT past the blank row).
        where = row_of(place)
        if where is None:
            return _Settled({})
        row, behind = where
        if not behind:
            at, stated = answers_at(place, found, row)
            if stated:
                return _Settled(at)
        return _Settled(None, row, behind)

    async def device_row(place: dict[int, Oid], found: dict[int, VarBind | None]) -> dict[int, VarBind]:
        skipped = 0
        while True:
            step = settled(place, found)
            if step.answers is not None:
                return step.answers
            row = step.row
            if step.behind:
                # Each column behind then holds the row (an answer or None), so none is behind it when judged again.
                got = await client.get(target, creds, [(*roots[i], *row) for i in step.behind])
                for i in step.behind:
                    vb = got.get((*roots[i], *row))
                    place[i], found[i] = row, vb if vb is not None and vb.present else None
                continue
            if skipped == MAX_BLANK_ROWS_SKIPPED:
                return answers_at(place, found, row)[0]  # the row reached is the device's, blank as it is
            skipped += 1
            moving = [i for i in place if place[i] == row]
            after = await _next_of_each(client, target, creds, [(*roots[i], *row) for i in moving])
            for n, i in enumerate(moving):
                vb = after[n] if n < len(after) else None
                if vb is not None and (index := vb.index_in(roots[i])) is not None:
                    place[i], found[i] = index, vb
                else:
                    del place[i], found[i]

    read: dict[int, VarBind] = {}
    asked = []
    for columns in tables.values():
        # Each column's place (the row its answer is in) and its answer there (None: no instance in that row).
        place: dict[int, Oid] = {}
        found: dict[int, VarBind | None] = {}
        for i in columns:
            vb = padded[i]
            if vb is not None and (index := vb.index_in(roots[i])) is not None:
                place[i], found[i] = index, vb
        # Most tables are settled by the GETNEXT answers alone (no rows, or the first row states a value): only
        # the others run as a request of their own (every device reads some ten such tables).
        if (done := settled(place, found).answers) is not None:
            read.update(done)
        else:
            asked.append(device_row(place, found))
    for row in await _together(*asked):
        read.update(row)
    return [read.get(i) for i in range(len(roots))]


def _keep_answer(values: dict[str, str | None], key: str, vb: VarBind | None) -> None:
    """Keep an answer among the vendor values under ``key``: its text, and beside it the kind of value it was
    (``kind_key``: a model or serial answered as an OID or an address names nothing)."""
    values[key] = vb.words() if vb else None
    values[kind_key(key)] = vb.kind if vb else None


async def _together(*steps: Awaitable[Any]) -> list[Any]:
    """Run independent requests to one agent at once; their results in order. Each runs to its end before a
    failure is raised (the first, as it would have been one after the other), so none is left unawaited."""
    if len(steps) < 2:  # nothing to run beside it: no task
        return [await step for step in steps]
    results = await asyncio.gather(*steps, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


async def _flagged_row(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, column: str, flag: str
) -> VarBind | None:
    """The answer in ``column`` of the first row whose TruthValue ``flag`` is true(1), looking at a few rows only."""
    return (await _row_where(client, target, creds, flag, value=1, columns=[column], max_rows=MAX_FLAG_ROWS))[0]


def _by_class(objects: Sequence[SerialObject]) -> dict[tuple[str, int], list[SerialObject]]:
    """The hardware tables' columns among ``objects``, by their class column and the chassis's value in it."""
    out: dict[tuple[str, int], list[SerialObject]] = {}
    for o in objects:
        if o.classed:
            out.setdefault((o.class_oid, o.class_value), []).append(o)
    return out


async def _chassis_rows(client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials,
                        tables: Mapping[tuple[str, int], Sequence[SerialObject]]) -> dict[str, VarBind | None]:
    """Each hardware table's columns (by the column's OID) at the first row whose class is the chassis's, the tables
    at once: the class column's rows one GETNEXT each (``MAX_CLASS_ROWS`` at most), then one GET of the columns."""
    found = await _together(*(_row_where(client, target, creds, klass, value=value, columns=[o.oid for o in objects],
                                         max_rows=MAX_CLASS_ROWS) for (klass, value), objects in tables.items()))
    return {o.oid: vb for objects, vbs in zip(tables.values(), found, strict=True)
            for o, vb in zip(objects, vbs, strict=True)}


async def _row_where(client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, key: str, *, value: int,
                     columns: Sequence[str], max_rows: int) -> list[VarBind | None]:
    """The answers in ``columns`` of the first row whose INTEGER column ``key`` holds ``value``, looking at
    ``max_rows`` rows of it at most (one GETNEXT each), then one GET; None for each where no such row was seen."""
    root = _catalogue_oid(key)
    at = root
    for _ in range(max_rows):
        vb = (await client.get_next(target, creds, [at]))[0]
        index = vb.index_in(root)
        if index is None:
            break
        if vb.integer() == value:
            wants = [_catalogue_oid(column) + index for column in columns]
            got = await client.get(target, creds, wants)
            return [got.get(want) for want in wants]
        at = vb.oid
    return [None] * len(columns)


@dataclass(frozen=True)
class _Walker:
    """Walks of one target: its budget, and the table columns that may have rows (``present``)."""

    client: SnmpAccess
    target: SnmpTarget
    creds: SnmpCredentials
    budget: _Budget
    max_rows: int
    present: frozenset[Oid] | None  # None: not probed (SNMPv1), walk every column
    step: _Step  # the step a walk belongs to, named with a part not read whole
    firsts: Mapping[Oid, VarBind] | None = None  # the first entity's columns' next varbinds, when read already
    # The parts identification reads whose walk the agent stopped answering or refused while still answering the rest
    # (part -> "KIND: message (step: ...)"): identification takes the rows read (``walk_part``).
    not_whole: dict[str, str] = field(default_factory=dict)

    async def walk(self, columns: Sequence[Oid], *, rows_hint: int | None = None, part: str | None = None
                   ) -> WalkResult:
        """Walk the columns that may have rows; one that the probe found empty costs nothing. The walk of a ``part``
        identification reads keeps the rows an agent still answering gave (``not_whole``); any other fails on silence.
        """
        wanted = [c for c in columns if self.present is None or c in self.present]
        if not wanted:
            return WalkResult({c: [] for c in columns})
        bounds: dict[str, Any] = {"max_rows": self.max_rows, "deadline": self.budget.deadline, "rows_hint": rows_hint}
        if part is None:
            return require_answers(self.target, await self.client.walk_columns(
                self.target, self.creds, wanted, **bounds))
        walk, why = await walk_part(self.client, self.target, self.creds, wanted, **bounds)
        if why is not None:
            self.not_whole[part] = f"{why} (step: {self.step.name})"
        return walk


def _walked_columns(options: DiscoveryOptions) -> dict[Oid, tuple[Oid, ...]]:
    """Every table column discovery may walk, under the OID probed for its rows first: the column itself, or for
    LLDP-MIB's remote table its entry (a table with no row at all has none in any column, and a device without LLDP
    answers each column's probe with what follows the MIB, often sysDescr: once, not four times)."""
    alone = (mib.ENT_CLASS, mib.ENT_CONTAINED_IN, *mib.IF_COLUMNS, mib.IP_AD_ENT_IF_INDEX)
    columns: dict[Oid, tuple[Oid, ...]] = {c: (c,) for c in alone}
    if options.neighbors:
        columns[mib.LLDP_REM] = (mib.LLDP_REM_CHASSIS_ID, mib.LLDP_REM_PORT_ID, mib.LLDP_REM_PORT_DESC,
                                 mib.LLDP_REM_SYS_NAME)
    return columns


MAX_SUB_IDENTIFIER = 4_294_967_295  # an OID arc is an unsigned 32-bit number (RFC 2578)


def _sub_identifier(text: str | None) -> bool:
    """Whether an agent's value can be an OID arc (it chooses a table row)."""
    return text is not None and text.isascii() and text.isdigit() and int(text) <= MAX_SUB_IDENTIFIER


# What of the chassis's fields a walk of class and containment the agent cut short may hide (``_chassis``): all of
# them (the row chosen may not be the one the whole table gives), those of its board (the board looked for when the
# chassis row lacks a serial or software may be among the rows not read), or nothing.
_CutHides = Literal["chassis", "board", "nothing"]


async def _chassis(
    walker: _Walker, warnings: list[str]
) -> tuple[list[dict[str, str | None]], _CutHides, dict[int, int] | None]:
    """The reported chassis entity's fields first, then the other chassis of a stack (empty without ENTITY-MIB); what
    of its fields the rows not read may hide when the agent cut the walk short (``_CutHides``; "nothing" for a walk read
    whole); and how many entities of each class the rows read list (for the kind rules counting them; None where the
    agent listed no entity: ENTITY-MIB not read, as ``RawIdentity`` has it)."""
    client, target, creds = walker.client, walker.target, walker.creds
    walk = await walker.walk([mib.ENT_CLASS, mib.ENT_CONTAINED_IN], part="entities")
    _note(walk, "ENTITY-MIB", warnings)
    cut = "entities" in walker.not_whole  # the agent refused or left unanswered part of the walk
    counts = _value_counts(walk, mib.ENT_CLASS)
    classes = {vb.oid[len(mib.ENT_CLASS):]: vb.integer() for vb in walk.rows(mib.ENT_CLASS)}
    parents = {vb.oid[len(mib.ENT_CONTAINED_IN):]: vb.integer() for vb in walk.rows(mib.ENT_CONTAINED_IN)}
    if not classes and not parents:
        # Some agents (FortiGate, small switches) fill entPhysicalDescr/ModelName/SerialNum but neither
        # class nor containment: their first entity is the device itself.
        first = await _first_entity(client, target, creds, walker.firsts)
        if first is None:
            return [], "chassis" if cut else "nothing", None
        classes = {first: mib.ENT_CLASS_CHASSIS}
    # The chassis at the top of the containment tree, or the first chassis of a stack (LibreNMS
    # and the vendors' own tools report that one); a bare stack entity only when there is no chassis.
    stacks = {i for i, c in classes.items() if c == mib.ENT_CLASS_STACK}
    chassis = [i for i, c in classes.items() if c == mib.ENT_CLASS_CHASSIS]
    top = [i for i in chassis if parents.get(i) in (0, None) or (parents.get(i),) in stacks]
    # The roots of the containment tree: rows contained in nothing, and entities others are contained in
    # that have no row of their own (an agent without entPhysicalClass may skip its shelf's containedIn 0).
    named = {(p,) for p in parents.values() if p is not None and 0 < p <= MAX_SUB_IDENTIFIER}
    roots = sorted({i for i, p in parents.items() if p == 0} | (named - set(parents) - set(classes)))
    index = (top or chassis or sorted(stacks) or roots or sorted(set(classes) | set(parents)))[0]
    if not chassis:
        index = await _unit_below(client, target, creds, index, classes=classes, parents=parents)
    # A stack lists one chassis per member: read them all (bounded) so the members can be reported.
    members = [index, *[i for i in chassis if i != index][: MAX_STACK_MEMBERS - 1]]
    wanted = [(i, name, (*mib.ENT_PHYSICAL, col, *i)) for i in members for name, col in mib.ENT_FIELDS.items()]
    got = await client.get(target, creds, [oid for _i, _n, oid in wanted])
    rows: dict[Oid, dict[str, str | None]] = {i: {} for i in members}
    for i, name, oid in wanted:
        # A binary OCTET STRING (a serial of raw bytes) is no value: its hex rendering is not a serial.
        rows[i][name] = got[oid].words() if oid in got else None
    # Chosen by a rule the rows not read cannot change (``_chassis_settled``): the first chassis at the top of the
    # tree, naming the device (a blank one gives way to another chassis, maybe one not read).
    settled = cut and bool(top) and index == top[0] and _names_the_device(rows[index]) and _chassis_settled(
        walk, index, chassis, classes=classes, parents=parents)
    # A chassis row that names nothing (no model, no serial: a placeholder an agent lists first) is not the device
    # when another chassis names it: that one is reported, and the blank one stays a member.
    naming = next((i for i in members if _names_the_device(rows[i])), index)
    if naming != index:
        index, members = naming, [naming, *[i for i in members if i != naming]]
    head = rows[index]
    lacking = not clean_serial(head.get("serial")) or not clean_value(head.get("software_rev"))
    board = _only_board(index, classes, parents) if lacking else None
    if board is not None:
        cols = {f"board_{name}": (*mib.ENT_PHYSICAL, mib.ENT_FIELDS[name], *board)
                for name in ("serial", "software_rev", "firmware_rev")}
        got = await client.get(target, creds, list(cols.values()))
        head.update({key: got[oid].words() if oid in got else None for key, oid in cols.items()})
    hides: _CutHides = "chassis" if cut and not settled else "board" if cut and lacking else "nothing"
    return [rows[i] for i in members], hides, counts


def _chassis_settled(walk: WalkResult, index: Oid, chassis: Sequence[Oid], *, classes: Mapping[Oid, int | None],
                     parents: Mapping[Oid, int | None]) -> bool:
    """Whether the chassis ``index``, the first at the top of the containment tree in a walk of class and containment
    the agent cut short, is the one the whole table gives.

    A column's rows come in index order, so a row at or below the last index read in a column was read in it; the
    rows not read all lie past it. The chassis stays the first at the top when its own class and containment were
    read (a containment not read would make any chassis look like a top one), and whether it and every chassis
    before it are at the top rests on rows read: contained in nothing, or in a row whose class was read (a stack, or
    not). A row not read then comes after it, and cannot be chosen before it. Its fields are read by a GET of its own
    row, whole. Not settled here: the board looked for when the row lacks a serial or software (a board not read
    could be the one), a chassis chosen otherwise, or one naming nothing (the caller's)."""
    def last(column: Oid) -> Oid | None:
        rows = walk.rows(column)
        return index_under(rows[-1].oid, column) if rows else None

    last_class, last_parent = last(mib.ENT_CLASS), last(mib.ENT_CONTAINED_IN)
    if last_class is None or last_parent is None or index > last_class or index > last_parent:
        return False

    def place_known(i: Oid) -> bool:
        parent = parents.get(i)
        return parent in (0, None) or (parent,) <= last_class or (parent,) in classes

    return all(place_known(i) for i in chassis if i <= index)


async def _unit_below(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, index: Oid,
    *, classes: Mapping[Oid, int | None], parents: Mapping[Oid, int | None],
) -> Oid:
    """Without a chassis row, the entity that names the device: ``index`` when it states a model or serial,
    else the first stack member or unit (container) below it that does (one GET, bounded).

    Stacked switches without chassis rows (FS S3900, AlliedWare Plus VCStack) put the model and serial on
    the unit below a bare stack entity; a modular box's boards (modules) are never taken for the device.
    """
    through = (mib.ENT_CLASS_STACK, mib.ENT_CLASS_CONTAINER)
    if classes.get(index) not in (*through, None):
        return index
    children: dict[int, list[Oid]] = {}
    for i, p in sorted(parents.items()):
        if p and classes.get(i) in through:
            children.setdefault(p, []).append(i)
    order: list[Oid] = []
    queue = [index]
    while queue and len(order) < MAX_STACK_MEMBERS:
        node = queue.pop(0)
        order.append(node)
        if len(node) == 1:
            queue.extend(children.get(node[0], ()))
    if len(order) == 1:
        return index
    cols = [(*mib.ENT_PHYSICAL, mib.ENT_FIELDS[name]) for name in ("model_name", "serial")]
    got = await client.get(target, creds, [(*col, *i) for i in order for col in cols])
    for i in order:
        if any(clean_value(got[o].words()) for o in ((*col, *i) for col in cols) if o in got):
            return i
    return index


def _names_the_device(entity: Mapping[str, str | None]) -> bool:
    """Whether a chassis row states a model name or a serial (placeholders and fill patterns are none)."""
    return clean_value(entity.get("model_name")) is not None or clean_serial(entity.get("serial")) is not None


def _only_board(chassis: Oid, classes: Mapping[Oid, int | None], parents: Mapping[Oid, int | None]) -> Oid | None:
    """The one module in a chassis (directly or in a slot of it), or None when there are none or several.

    A fixed-configuration box (Huawei's AC6605, S5720) may leave its chassis row's serial blank and state
    the device's serial on its one main board; a modular chassis has several boards, none of them the device.
    """
    def parent(i: Oid) -> Oid | None:
        p = parents.get(i)
        return (p,) if p else None

    def in_chassis(i: Oid) -> bool:
        up = parent(i)
        if up == chassis:
            return True
        return up is not None and classes.get(up) == mib.ENT_CLASS_CONTAINER and parent(up) == chassis

    boards = [i for i, c in classes.items() if c == mib.ENT_CLASS_MODULE and in_chassis(i)]
    return boards[0] if len(boards) == 1 else None


FIRST_ENTITY_COLUMNS: tuple[Oid, ...] = tuple((*mib.ENT_PHYSICAL, mib.ENT_FIELDS[name])
                                               for name in ("model_name", "descr", "serial"))


async def _entity_firsts(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, *, wanted: bool = True
) -> dict[Oid, VarBind] | None:
    """What follows each of ``FIRST_ENTITY_COLUMNS`` (one GETNEXT); None when not ``wanted``."""
    if not wanted:
        return None
    got = await client.get_next(target, creds, FIRST_ENTITY_COLUMNS)
    return dict(zip(FIRST_ENTITY_COLUMNS, got, strict=False))


async def _first_entity(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, firsts: Mapping[Oid, VarBind] | None = None
) -> Oid | None:
    """The lowest index with a model name, else with a description or serial (one GETNEXT, unless ``firsts``
    holds its answer already), or None.

    A sparse table (a port's serial row before the device's model row) names the device where the model is.
    """
    cols = FIRST_ENTITY_COLUMNS
    if firsts is None:
        firsts = await _entity_firsts(client, target, creds) or {}
    got = [firsts.get(c, VarBind(c, "end", None)) for c in cols]  # a varbind the agent left out: nothing there
    found = [vb.index_in(col) if clean_value(vb.words()) else None for col, vb in zip(cols, got, strict=False)]
    if found[0] is not None:
        return found[0]
    rest = [i for i in found[1:] if i is not None]
    return min(rest) if rest else None


MAX_HR_DEVICES = 1_024  # hrDeviceTable rows read per host (one per logical CPU, disk, NIC ...)


async def _host_cpu(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, *, budget: _Budget, warnings: list[str]
) -> str | None:
    """The first processor's hrDeviceDescr (HOST-RESOURCES-MIB), e.g. 'GenuineIntel: Intel(R) Xeon(R) ...'."""
    walk = require_answers(target, await client.walk_columns(
        target, creds, [mib.HR_DEVICE_TYPE], max_rows=MAX_HR_DEVICES, deadline=budget.deadline
    ))
    _note(walk, "HOST-RESOURCES-MIB", warnings)
    processors = [
        vb.oid[len(mib.HR_DEVICE_TYPE):] for vb in walk.rows(mib.HR_DEVICE_TYPE) if vb.text() == mib.HR_DEVICE_PROCESSOR
    ]
    if not processors:
        return None
    oid = (*mib.HR_DEVICE_DESCR, *processors[0])
    got = await client.get(target, creds, [oid])
    return clean_value(got[oid].text()) if oid in got else None


async def _enterprises(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, sys_object_id: str, vendors: VendorCatalog,
    *, first: VarBind | None = None,
) -> tuple[int, ...]:
    """Enterprise arcs the agent answers under, when its sysObjectID names no catalogue vendor.

    A Synology NAS or a Dell server behind net-snmp says 1.3.6.1.4.1.8072 but answers its maker's
    MIB too, and so does a Ubiquiti device under the number it borrowed (10002, registered to an ISP):
    GETNEXT from 1.3.6.1.4.1, then from just past each arc found, at most
    ``MAX_ENTERPRISE_HOPS`` times. ``first``: what follows 1.3.6.1.4.1, when read already (with the vendor values).
    """
    if vendors.by_sys_object_id(sys_object_id) is not None:
        return ()
    found: list[int] = []
    cursor: Oid = ENTERPRISES_ARC
    for hop in range(MAX_ENTERPRISE_HOPS):
        (vb,) = (first,) if hop == 0 and first is not None else await client.get_next(target, creds, [cursor])
        arcs = vb.index_in(ENTERPRISES_ARC)
        if not arcs:
            break
        pen = arcs[0]
        found.append(pen)
        cursor = (*ENTERPRISES_ARC, pen + 1)
    return tuple(found)


async def _answered(client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, roots: list[str]) -> frozenset[str]:
    """Which of ``roots`` (dotted subtrees) the agent answers under: one GETNEXT for all of them."""
    answered, _ = await _probe(client, target, creds, roots, {})
    return answered


async def _probe(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, roots: list[str],
    columns: Mapping[Oid, Sequence[Oid]],
) -> tuple[frozenset[str], frozenset[Oid] | None]:
    """Which of ``roots`` (dotted subtrees) the agent answers under, and which table columns may have rows
    (``columns``: the OID probed -> the columns it stands for): one GETNEXT for all of them.

    A column is left out only when the agent named what follows its probe and that lies outside it
    (or said endOfMibView): walking an empty table costs a whole GETBULK of rows from beyond it.
    SNMPv1 fails the whole PDU on end-of-MIB, so there the columns are not probed (None: walk all).
    """
    columns = columns if creds.version != "1" else {}
    oids = [*(_catalogue_oid(r) for r in roots), *columns]
    if not oids:
        return frozenset(), None
    if not columns:
        # The roots alone, as every other GETNEXT of OIDs that stand apart: an agent refusing the PDU is asked each
        # half in turn, and answers nothing under a root it refuses alone (``next_apart``, in the client).
        return _answered_roots(roots, oids, await next_apart(client, target, creds, oids)), None
    try:
        got = await client.get_next(target, creds, oids)
    except NOT_A_REFUSAL:
        raise  # the roots alone would wait out the timeout again
    except DeviceError:
        # An agent refusing the PDU with the columns (a tooBig is asked in parts by the client already): the roots
        # alone, and every column walked.
        return await _probe(client, target, creds, roots, {})
    return _probed(roots, oids, got, columns)


def _probed(
    roots: Sequence[str], oids: Sequence[Oid], got: Sequence[VarBind], columns: Mapping[Oid, Sequence[Oid]]
) -> _Probed:
    """What a probe's GETNEXT (``oids``: ``roots`` parsed, then the ``columns`` probed) found: see ``_probe``."""
    answered = _answered_roots(roots, oids, got)
    if not columns:
        return answered, None
    inside = [vb.index_in(oid) is not None for oid, vb in zip(oids, got, strict=False)]
    said = {oid: yes or not (vb.present or vb.kind == "end") for oid, vb, yes in zip(oids, got, inside, strict=False)}
    return answered, frozenset(c for probe, cols in columns.items() if said.get(probe, True) for c in cols)


def _answered_roots(roots: Sequence[str], oids: Sequence[Oid], got: Sequence[VarBind]) -> frozenset[str]:
    """The ``roots`` (dotted; ``oids`` parsed, in the same order) under which ``got`` (their GETNEXT) found a value."""
    inside = (vb.index_in(oid) is not None for oid, vb in zip(oids, got, strict=False))
    return frozenset(r for r, yes in zip(roots, inside, strict=False) if yes)


def _note(walk: WalkResult, what: str, warnings: list[str]) -> None:
    if not walk.complete:
        warnings.append(f"{what} walk partial ({walk.stopped}): {walk.detail}")


def _tables_not_read(not_whole: Mapping[str, str], arcs: Mapping[Oid, str], cut: Mapping[str, str]) -> dict[str, str]:
    """The parts identification reads that the agent, still answering, did not give whole (part -> "KIND: message
    (step: ...)"): the tables whose walk it stopped answering or refused (``not_whole``), and the enterprise arcs when
    it would not answer what follows one (``arcs``). A table whose first rows were read is ``partial`` (``cut``)
    instead: its rows are kept, and saved only where the store holds no whole table of it."""
    out = {part: why for part, why in not_whole.items() if part not in cut}
    if arcs:
        out["enterprises"] = f"{next(iter(arcs.values()))} (step: enterprise arcs)"
    return out


def _cut(walk: WalkResult, part: str, options: DiscoveryOptions, cut: dict[str, str]) -> None:
    """A table walk cut short: its rows are the first rows of the table (``Observation.partial``, the reason), saved
    only where the store holds no whole table of the part (``discovery.reconcile``)."""
    if walk.stopped == "max_rows":
        cut[part] = f"row limit {options.max_rows}"
    elif walk.stopped == "deadline":
        cut[part] = f"deadline {options.target_deadline:g} s"
    elif not walk.complete:
        cut[part] = f"{walk.stopped.replace('_', ' ')}: {walk.detail}"  # the agent's fault: "no answer: ..."


async def _kind_from_power_mibs(
    client: SnmpAccess, target: SnmpTarget, creds: SnmpCredentials, raw: RawIdentity
) -> tuple[str | None, str | None]:
    """A PDU or a UPS when the agent answers a PDU's or UPS's power object the power catalogue knows, under its own
    enterprise arc or one it answers (one GETNEXT, asked only of a device nothing else gave a kind)."""
    arcs = {enterprise_of(raw.sys_object_id), *raw.enterprises}
    probes = [probe for probe in kind_probes(raw.sys_object_id) if enterprise_of(probe[0]) in arcs]
    if not probes:
        return None, None
    answered = await _answered(client, target, creds, [oid for oid, _kind, _row in probes])
    for oid, kind, row in probes:
        if oid in answered:
            return kind, f"power catalogue {row.id}: answers {row.mib} {row.object} ({oid})"
    return None, None


async def discover_target(
    client: SnmpAccess,
    dt_target: DiscoveryTarget,
    options: DiscoveryOptions,
    platforms: Sequence[SnmpPlatform],
    vendors: VendorCatalog,
) -> Observation:
    """Discover one target; every failure is returned as a failed observation, naming the step it failed in."""
    started = dt.datetime.now(dt.UTC)
    target = SnmpTarget(dt_target.host, dt_target.port, options.timeout, options.retries)
    base = {"target": dt_target.label, "source": "snmp", "observed_at": started, "store_name": dt_target.store_name}
    step = _Step()
    try:
        return await asyncio.wait_for(
            _discover(
                client,
                target,
                dt_target=dt_target,
                options=options,
                platforms=platforms,
                vendors=vendors,
                base=base,
                step=step,
            ),
            timeout=options.target_deadline + options.timeout * (options.retries + 1),
        )
    except Exception as exc:  # every failure is an observation; a bug or a library failure must not stop the others
        kind = failure_kind(exc)
        if kind == "internal":
            log.exception("discovery of %s failed", dt_target.label)
        return _failed(base, kind, _failure_message(exc, kind, dt_target.label, step.name))


def _failure_message(exc: Exception, kind: ErrorKind, label: str, step: str) -> str:
    if isinstance(exc, TimeoutError):  # the backstop deadline: the device answered, too slowly to finish
        return f"{label}: discovery did not finish within its deadline (step: {step})"
    if isinstance(exc, DeviceError):  # unreachable, auth, device: the message names the device already
        return f"{exc.message} (step: {step})" if kind != "auth" else f"{exc} (step: {step})"
    if isinstance(exc, GovopsError):
        return f"{label}: {exc.message}"
    return f"{label}: {type(exc).__name__}: {exc} (step: {step})"


def _failed(base: Mapping[str, Any], kind: ErrorKind, message: str) -> Observation:
    return Observation(ok=False, error=message, error_kind=kind, **base)


@dataclass
class _Step:
    """What discovery of one target is reading now, named in its failure ("step: IF-MIB walk"); requests sent
    together share one name."""

    name: str = "system group"


_T = TypeVar("_T")


class _Optional:
    """The steps not needed to identify a device (its processor, its neighbours): a device error there leaves that part
    unread (part -> "KIND: message (step: ...)") instead of failing the device; once the device has gone silent (or
    refused the credentials) in one, the later ones are not asked (each request would wait out the timeout again)."""

    def __init__(self, step: _Step) -> None:
        self.step = step
        self.unread: dict[str, str] = {}
        self.silent: str | None = None  # the step the device stopped answering in

    async def read(self, part: str, name: str, read: Callable[[], Awaitable[_T]]) -> _T | None:
        if self.silent is not None:
            self.unread[part] = f"not asked, the device stopped answering (step: {self.silent})"
            return None
        self.step.name = name
        try:
            return await read()
        except DeviceError as exc:
            kind = failure_kind(exc)
            if kind != "device":
                self.silent = name
            self.unread[part] = not_read_because(kind, f"{exc.message} (step: {name})")
            return None


async def _discover(
    client: SnmpAccess,
    target: SnmpTarget,
    *,
    dt_target: DiscoveryTarget,
    options: DiscoveryOptions,
    platforms: Sequence[SnmpPlatform],
    vendors: VendorCatalog,
    base: Mapping[str, Any],
    step: _Step,
) -> Observation:
    budget = _Budget(options.target_deadline)
    fallback = options.v1_fallback and dt_target.v1_fallback
    columns = _walked_columns(options)
    creds, system, warnings, first = await _system(client, target, dt_target.credentials, fallback, columns)
    if mib.SYS_OBJECT_ID not in system and mib.SYS_DESCR not in system:
        raise DeviceError("agent answered but has no system group (sysDescr, sysObjectID)", device=str(target))

    def sys_text(oid: Oid) -> str | None:
        vb = system.get(oid)
        return vb.text() if vb else None

    sys_descr = sys_text(mib.SYS_DESCR) or ""
    sys_object_id = sys_text(mib.SYS_OBJECT_ID) or ""
    uptime = system.get(mib.SYS_UPTIME)
    # HOST-RESOURCES-MIB's process table (a host) and the table columns were probed with the system group (SNMPv1:
    # the process table and columns later, as a PDU fails whole there); then one GETNEXT for the selection probes,
    # when some row's keys ask for one (with the process table and the columns when they were not probed yet); then,
    # with the vendor values (the same round trip), the kind rules' subtrees that may still decide the kind once the
    # platform is known.
    host = [mib.HR_SW_RUN_TABLE] if creds.version != "1" else []
    early = list(dict.fromkeys([*selection_probes(platforms, sys_object_id, sys_descr), *host]))
    step.name = "selection probes"
    if first is None:
        probed, present = await _probe(client, target, creds, early, columns)
    else:
        selected, _ = await _probe(client, target, creds, [r for r in early if r not in host], {})
        probed, present = first[0] | selected, first[1]
    platform = select_platform(platforms, sys_object_id, sys_descr, probed)
    layers = [row for row in (generic_row(platforms),) if row is not None]
    undecided = _kind_probes_to_ask(platform, layers[0] if layers else None, sys_object_id, sys_descr, asked=early,
                                    answered=probed)
    later = [r for r in dict.fromkeys([mib.HR_SW_RUN_TABLE, *undecided]) if r not in early]
    # An ENTITY-MIB without class or containment rows (the probe tells) names the device by its first entity. Its
    # GETNEXT and the kind subtrees' ride in the vendor values' GETNEXT: one PDU, in the same round trip as their GET.
    no_tree = present is not None and not {mib.ENT_CLASS, mib.ENT_CONTAINED_IN} & present
    rows = [*([platform] if platform else []), *layers]
    step.name = "vendor values"
    # Objects of maker MIBs the agent may not know: it may drop or refuse a request holding one (``PartialReads``).
    values_read = PartialReads(client)
    kind_oids = [_catalogue_oid(r) for r in later]
    if creds.version != "1":
        entity_columns = FIRST_ENTITY_COLUMNS if no_tree else ()
        # A sysObjectID the vendor catalogue does not know: the first look for the vendor MIBs the agent answers rides
        # along too (``_enterprises``).
        arcs = (ENTERPRISES_ARC,) if vendors.by_sys_object_id(sys_object_id) is None else ()
        vendor_values, ridden = await _vendor_values_and_next(
            values_read, target, creds, rows, sys_object_id, riders=[*kind_oids, *entity_columns, *arcs]
        )
        kind_answered = _answered_roots(later, kind_oids, ridden)
        firsts = dict(zip(entity_columns, ridden[len(kind_oids) :], strict=False)) if no_tree else None
        first_arc = ridden[-1] if arcs and len(ridden) == len(kind_oids) + len(entity_columns) + 1 else None
    else:
        first_arc = None
        vendor_values, firsts, kind_answered = await _together(
            _vendor_values(values_read, target, creds, rows, sys_object_id),
            _entity_firsts(values_read, target, creds, wanted=no_tree),
            _answered(values_read, target, creds, later),
        )
    # A rider given up on is asked again by its own step (the chassis's first entity, the enterprise arcs).
    if any(under(oid, FIRST_ENTITY_COLUMNS) for oid in values_read.unread):
        firsts = None
    if first_arc is not None and ENTERPRISES_ARC in values_read.unread:
        first_arc = None
    answered = probed | kind_answered
    walker = _Walker(client, target, creds, budget, options.max_rows, present, step, firsts)
    step.name = "ENTITY-MIB chassis"
    entities, cut_hides, entity_classes = await _chassis(walker, warnings)
    chassis = entities[0] if entities else {}
    # Interfaces before identification: their addresses' OUI can name the maker.
    if_number = system[mib.IF_NUMBER].integer() if mib.IF_NUMBER in system else None
    step.name = "IF-MIB walk"
    if_walk = await walker.walk(
        mib.IF_COLUMNS, rows_hint=if_number if if_number is not None and 0 < if_number < options.max_rows else None,
        part="interfaces",
    )
    _note(if_walk, "IF-MIB", warnings)
    cut: dict[str, str] = {}
    _cut(if_walk, "interfaces", options, cut)
    step.name = "IP-MIB walk"
    ip_walk = await walker.walk([mib.IP_AD_ENT_IF_INDEX], part="addresses")
    _note(ip_walk, "IP-MIB", warnings)
    addresses = _addresses(ip_walk)
    interfaces = _interfaces(if_walk, addresses)
    step.name = "enterprise arcs"
    # An agent may refuse or drop the GETNEXT past an arc (a subagent that hung, tooBig): the arcs found before it.
    arcs_read = PartialReads(client)
    enterprises = await _enterprises(arcs_read, target, creds, sys_object_id, vendors, first=first_arc)
    raw = RawIdentity(
        sys_descr=sys_descr,
        sys_object_id=sys_object_id,
        sys_name=_bounded_name(sys_text(mib.SYS_NAME)),
        uptime_ticks=uptime.integer() if uptime else None,
        vendor_values=vendor_values,
        chassis=chassis,
        answered=answered,
        stack=tuple(entities),
        enterprises=enterprises,
        addresses=tuple(i.mac for i in interfaces if i.mac),
        if_types=_value_counts(if_walk, mib.IF_TYPE),
        entity_classes=entity_classes,
    )
    step.name = "vendor MIB identity"
    read = catalogue_fields_read(raw, platform, platforms)
    # The fields an object the agent would not answer might have given: identified from the rest, marked not read.
    not_given: dict[str, str] = {}
    if read:
        values, other_arcs = await _identity_of_arcs(
            client, target, creds, vendor_values, sys_object_id=sys_object_id, enterprises=enterprises, fields=read)
        not_given = {field: f"{why} (step: vendor MIB identity)" for field, why in other_arcs.items()}
        raw = replace(raw, vendor_values=values)
    # The platform selected from the probe's answers: the kind subtrees asked since are no row's selection key
    # (those all went out in the probe), so selecting again from ``raw.answered`` would give the same row.
    found = _identify(raw, platform, platforms, vendors)
    platform, facts, verdict = found.platform, found.facts, found.verdict
    not_given |= {field: f"{why} (step: vendor values)" for field, why in _fields_not_read(
        raw, platform, platforms, values_read.unread, kind_roots=kind_oids).items() if field not in not_given}
    for part, why in _tables_not_read(walker.not_whole, arcs_read.unread, cut).items():
        not_given.setdefault(part, why)
        # The fields a table not read whole might have given: the chassis's (its row, or its board's, may be among
        # those not read: ``_CutHides``), and those the maker's arcs decide (the vendor, its catalogued scalars) when
        # the arcs were not all read.
        fields: Iterable[str] = ()
        if part == "entities" and cut_hides != "nothing":
            fields = fields_reaching(raw, platform, platforms, lambda rule: rule.entity is not None and (
                cut_hides == "chassis" or rule.entity.startswith("board_")))
        elif part == "enterprises":
            fields = ("vendor", *sorted(read))
        for name in fields:
            not_given.setdefault(name, why)
    if facts["kind"] is None:
        step.name = "power MIB probes"
        probes = PartialReads(client)  # objects of the maker's power MIBs the agent may not implement
        facts["kind"], kind_rule = await _kind_from_power_mibs(probes, target, creds, raw)
        if kind_rule:  # an empty kind's evidence, if any, says why a broad row's default was left out: kept after it
            facts["evidence"]["kind"] = kind_evidence(kind_rule, facts["evidence"].get("kind"))
        elif probes.unread:
            not_given.setdefault("kind", f"{next(iter(probes.unread.values()))} (step: power MIB probes)")
    looked_last = facts["kind"] is None
    if looked_last:  # the standard rules looked at last: the weakest evidence (a port count)
        facts["kind"], kind_rule = _kind(None, layers[0] if layers else None, _without_host_name(raw), facts["model"],
                                         facts["release"], last=True)
        if kind_rule:
            facts["evidence"]["kind"] = kind_evidence(kind_rule, facts["evidence"].get("kind"))
    # IF-MIB or ENTITY-MIB refused or left unanswered by the agent, from its first request or midway (not our own row
    # limit or deadline: those rows are the first of a table read as far as we ask): the fields its rows decide last
    # (the interfaces' makers, the interface types or entity classes counted) may be empty, or the kind a default, for
    # want of the rows not read.
    for table, mib_name in COUNTED_MIBS.items():
        cut_why = walker.not_whole.get(table)
        if cut_why is None:
            continue
        by_addresses = table == "interfaces" and named_by_addresses(found, vendors)
        for name, rule in fields_table_decides(found.gate, facts, table, last=looked_last,
                                               by_addresses=by_addresses).items():
            not_given.setdefault(name, cut_why)
            if rule is not None and facts[name] is not None:  # a value given: its evidence says it is not settled
                facts["evidence"][name] += f"; not settled: {table} not read may match {rule} ({mib_name} not read)"
    # The device is identified. What follows is optional: a failure there keeps the observation without that part
    # (``unread``, a warning naming the step and the error kind), and the store keeps what it has for the part.
    optional = _Optional(step)
    optional.unread.update(not_given)
    if mib.HR_SW_RUN_TABLE in answered:  # a host: its processor from HOST-RESOURCES-MIB
        cpu = await optional.read("cpu_model", "HOST-RESOURCES-MIB processor",
                                  lambda: _host_cpu(client, target, creds, budget=budget, warnings=warnings))
        if cpu is not None:
            facts["cpu_model"] = cpu
            facts["evidence"]["cpu_model"] = "HOST-RESOURCES-MIB hrDeviceDescr of the first hrDeviceProcessor"

    async def lldp() -> tuple[NeighborObs, ...]:
        rem = await walker.walk(
            [mib.LLDP_REM_CHASSIS_ID, mib.LLDP_REM_PORT_ID, mib.LLDP_REM_PORT_DESC, mib.LLDP_REM_SYS_NAME]
        )
        _note(rem, "LLDP-MIB", warnings)
        _cut(rem, "neighbors", options, cut)
        if not rem.varbinds:
            return ()
        loc = require_answers(target, await client.walk_columns(
            target, creds, [mib.LLDP_LOC_PORT_ID, mib.LLDP_LOC_PORT_DESC], max_rows=options.max_rows,
            deadline=budget.deadline,
        ))
        return _neighbors(rem, loc)

    # None (not read, or not asked) leaves the store's neighbours as they are; () says the device has none.
    neighbors = await optional.read("neighbors", "LLDP-MIB walk", lldp) if options.neighbors else None
    warnings += [f"{part} not read: {why}" for part, why in optional.unread.items()]
    ticks = raw.uptime_ticks
    descr = system.get(mib.SYS_DESCR)
    stored_descr, descr_cut = stored_sys_descr(sys_descr, descr.value if descr else None)
    device = {
        **facts,
        "name": raw.sys_name,
        "sys_name": raw.sys_name,
        "sys_descr": stored_descr,
        # Present only when the stored sysDescr was cut: how long the agent's answer was.
        **({"sys_descr_truncated": descr_cut} if descr_cut else {}),
        "sys_object_id": sys_object_id or None,
        "uptime_seconds": ticks / TICKS_PER_SECOND if ticks is not None and ticks >= 0 else None,
        "mgmt_ips": sorted({ip for ips in addresses.values() for ip in ips}),
        "snmp_version": creds.version,
        "mfg_name": chassis.get("mfg_name"),
    }
    return Observation(
        ok=True,
        device=device,
        classification=verdict,
        interfaces=interfaces,
        neighbors=neighbors,
        mgmt_ip=dt_target.host,
        warnings=tuple(warnings),
        unread=optional.unread,
        # A part whose later step failed (the LLDP local ports) is unread, not partial.
        partial={part: why for part, why in cut.items() if part not in optional.unread},
        **base,
    )


async def discover_many(
    targets: Sequence[DiscoveryTarget],
    options: DiscoveryOptions,
    *,
    progress: Progress | None = None,
    platforms: Sequence[SnmpPlatform] | None = None,
    vendors: VendorCatalog | None = None,
) -> list[Observation]:
    """Discover all targets with at most ``options.concurrency`` in flight; results in target order."""
    plats = platforms if platforms is not None else default_platforms()
    vends = vendors if vendors is not None else default_vendors()
    # The catalogue (some 75,000 objects) lives as long as the process: each full collection the values
    # read set off would walk it again (10-18 ms each; a tenth of the mean CPU of a 146-port switch).
    freeze_loaded()
    client = get_client()
    sem = asyncio.Semaphore(max(1, options.concurrency))
    done = 0

    async def one(t: DiscoveryTarget) -> Observation:
        nonlocal done
        async with sem:
            obs = await discover_target(client, t, options, plats, vends)
        done += 1
        if progress is not None:
            progress(obs, done, len(targets))
        return obs

    return list(await asyncio.gather(*(one(t) for t in targets)))


def run_discovery(
    targets: Sequence[DiscoveryTarget],
    options: DiscoveryOptions,
    *,
    progress: Progress | None = None,
) -> list[Observation]:
    """Run ``discover_many`` in a fresh event loop (the CLI's entry point)."""

    async def main() -> list[Observation]:
        try:
            return await discover_many(targets, options, progress=progress)
        finally:
            close_client()

    return asyncio.run(main())


def observation_json(obs: Observation) -> dict[str, Any]:
    """The ``--json`` result of one target (the output contract of ``govops discover snmp``)."""
    device = None
    if obs.ok:
        d = obs.device
        verdict = obs.classification
        device = {
            "vendor": d.get("vendor"),
            "model": d.get("model"),
            "serial": d.get("serial"),
            "os": d.get("os"),
            "os_version": d.get("os_version"),
            "kind": d.get("kind"),
            "sys_name": d.get("sys_name"),
            "sys_descr": d.get("sys_descr"),
            "sys_descr_truncated": d.get("sys_descr_truncated"),
            "sys_object_id": d.get("sys_object_id"),
            "uptime_seconds": d.get("uptime_seconds"),
            # The rule that gave each identity value (field -> "platform: OID ..."), and a stack's members.
            "evidence": dict(d.get("evidence") or {}),
            "stack_members": list(d.get("stack_members") or []),
            # One rule for every command: ``domestic`` is the verdict word, ``classification`` the record
            # (govops.catalog.record) with the evidence, as the store and ``inventory show`` hold them.
            "domestic": verdict.verdict if verdict else "unknown",
            "classification": obs.classification_record(),
        }
    return {
        "target": obs.target,
        "ok": obs.ok,
        "error": obs.error,
        "error_kind": obs.error_kind,  # util.failure's word, as on the stderr line and in the agents' error label
        "device": device,
        "interfaces": [i.to_json() for i in obs.interfaces or ()],
        # null: not read (the walk failed, or not asked); [] says the device has none.
        "neighbors": None if obs.ok and obs.neighbors is None else [n.to_json() for n in obs.neighbors or ()],
        "not_read": dict(obs.unread),
        # The tables whose walk was cut short: their rows above are the first ones (part -> reason).
        "partial": dict(obs.partial),
    }


def targets_summary(observations: Iterable[Observation]) -> tuple[int, int]:
    """(answered, failed) counts."""
    obs = list(observations)
    ok = sum(1 for o in obs if o.ok)
    return ok, len(obs) - ok


__all__ = [
    "DiscoveryOptions",
    "discover_many",
    "discover_target",
    "observation_json",
    "run_discovery",
    "targets_summary",
]
