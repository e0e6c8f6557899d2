"""Import declared inventory (YAML, CSV, Excel) into the store: all or nothing, with history.

The import walks the kinds in order (departments, rooms, devices, links,
systems) and each kind's rows a batch at a time: it validates them (types,
unknown fields, duplicates, references against the store, which by then holds
this import's earlier rows), works out what each row creates or changes, and
writes, in bulk, inside a savepoint of the caller's transaction. Any problem
anywhere, or a dry run, rolls the import back to that savepoint: nothing
half-written. Memory stays flat in the number of rows. Re-importing the same
data changes nothing and writes no history. Large files are read and checked a
batch ahead in a forked child process (``_checked_batches``), so that reading and
writing use two cores.

Fields absent from a row (or blank cells in CSV/Excel) leave the stored value
alone; an explicit ``null`` in YAML clears it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, column, delete, func, select, update
from sqlalchemy.orm import Session

from govops.catalog.record import check_record
from govops.catalog.vendors import default_vendors
from govops.errors import BadValue, BadValues, InputError, InputProblems, Place, Problem
from govops.platforms.registry import canonical_platform
from govops.store.bulk import bulk_insert, copying_behind, one_of
from govops.store.db import STREAM_BATCH, analyze_written, import_cache, indexes_built_after
from govops.store.history import Entry, dates_as_given, record_many
from govops.store.inventory.fields import KEY_FIELD, KIND_LABELS, KINDS
from govops.store.inventory.readers import DEFAULT_MAX_MB, ReadResult, Record, read_paths
from govops.store.inventory.verdicts import classify_imported, classify_new_text
from govops.store.models import Base, Department, Device, HistoryEntry, Link, Room, System, SystemHost, utcnow
from govops.util.ansible_data import known_hosts_problem
from govops.util.collector import collector_paused
from govops.util.forked import can_fork, iterated_in_child
from govops.util.hints import did_you_mean
from govops.util.limits import is_env_name, name_problem, shown, shown_text, text_problem
from govops.util.schema import build
from govops.vocab.cells import ADDRESS_FIELDS, RANGES, range_problem
from govops.vocab.values import PRECISION, cell_date, parse_ip, split_precision

ORDER = ("departments", "rooms", "devices", "links", "systems")
HISTORY_KIND = {"departments": "department", "rooms": "room", "devices": "device", "links": "link", "systems": "system"}
MODELS: dict[str, type[Base]] = {
    "departments": Department, "rooms": Room, "devices": Device, "links": Link, "systems": System,
}  # fmt: skip
# Every table an import writes (their indexes are built after the rows where a table is small: SQLite).
WRITTEN = (*(model.__tablename__ for model in MODELS.values()), SystemHost.__tablename__, HistoryEntry.__tablename__)

# View columns of each kind: the stored state in import terms (references as codes/names).
VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "departments": ("code", "name", "level", "parent"),
    "rooms": ("code", "name", "department", "address", "area_m2", "racks", "self_built", "lifecycle",
              "pue_target", "pue_declared"),
    "devices": ("name", "kind", "room", "rack", "department", "vendor", "model", "serial", "platform", "mgmt_ip",
                "os", "os_version", "cpu_vendor", "cpu_model", "arch", "cpu_sockets", "cpu_cores", "memory_mb",
                "status", "purchased", "eol", "ipv6", "domestic", "snmp", "ssh", "date_precision"),
    "links": ("name", "kind", "level", "carrier", "role", "bandwidth_mbps", "a_device", "a_interface",
              "z_department", "ipv6", "probe"),
    "systems": ("name", "department", "origin", "classified", "zone", "room", "cloud", "migration_strategy",
                "migration_wave", "migration_status", "migration_planned", "migration_done", "migration_note",
                "dengbao_level", "dengbao_assessed", "dengbao_passed", "backup", "ipv6", "date_precision", "runs_on"),
}  # fmt: skip
# Date columns whose precision (a month, a year) is kept in ``date_precision``.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "devices": ("purchased", "eol"),
    "systems": ("migration_planned", "migration_done", "dengbao_assessed"),
}
CREATE_DEFAULTS: dict[str, dict[str, Any]] = {
    "rooms": {"lifecycle": "active"},
    "devices": {"status": "in_service"},
    "systems": {"classified": False, "migration_status": "not_assessed", "runs_on": []},
}
# View column -> (model column, referenced kind). ``runs_on`` is a list of device names.
REFERENCES: dict[str, dict[str, tuple[str, str]]] = {
    "departments": {"parent": ("parent_id", "departments")},
    "rooms": {"department": ("department_id", "departments")},
    "devices": {"room": ("room_id", "rooms"), "department": ("department_id", "departments")},
    "links": {"a_device": ("a_device_id", "devices"), "z_department": ("z_department_id", "departments")},
    "systems": {"department": ("department_id", "departments"), "room": ("room_id", "rooms")},
}
# View column -> the field a user wrote, to name it in errors.
INPUT_FIELD = {"a_device": "a_end.device", "z_department": "z_end", "room@systems": "hosting.room"}


class _Invalid(Exception):
    """The fast validator gave up; ``build`` then produces the precise error."""


Converter = Callable[[Any], Any]


def _converter(tp: Any) -> Converter:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {tp!r}")
        conv = _converter(inner[0])
        return lambda v: None if v is None else conv(v)
    if origin is typing.Literal:
        choices = frozenset(args)

        def literal(v: Any) -> Any:
            if isinstance(v, str) and v in choices:
                return v
            raise _Invalid

        return literal
    if origin is list:
        item = _converter(args[0])

        def as_list(v: Any) -> Any:
            if isinstance(v, list | tuple):
                return [item(x) for x in v]
            raise _Invalid

        return as_list
    if dataclasses.is_dataclass(tp):
        return _validator(typing.cast(type[Any], tp))
    simple: dict[Any, Converter] = {
        str: _as_str, int: _as_int, float: _as_float, bool: _as_bool, dt.date: _as_date,
        Any: lambda v: v,  # a classification record: its own check (_check_classification)
    }  # fmt: skip
    return simple[tp]


def _as_str(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    raise _Invalid


def _as_int(v: Any) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    raise _Invalid


def _as_float(v: Any) -> float:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    raise _Invalid


def _as_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    raise _Invalid


def _as_date(v: Any) -> dt.date:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        pass
    try:
        return cell_date(v)  # `2019-03`, `2016`: written back at the precision a ledger gave
    except ValueError:
        raise _Invalid from None


def _validator(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    """Compile a validator returning the given fields converted (nested rows as dicts)."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    convs = {f.name: _converter(hints[f.name]) for f in fields}
    required = frozenset(
        f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )

    def validate(data: Any) -> dict[str, Any]:
        if not isinstance(data, Mapping) or not required <= data.keys():
            raise _Invalid
        try:
            return {k: convs[k](v) for k, v in data.items()}
        except KeyError:
            raise _Invalid from None

    return validate


VALIDATORS = {kind: _validator(cls) for kind, cls in KINDS.items()}
_REQUIRED = {
    kind: frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    for kind, cls in KINDS.items()
}


def validate_record(rec: Record) -> dict[str, Any]:
    """Return the record's given fields, typed; raise the precise ``InputError`` when invalid."""
    data = rec.data
    snmp = data.get("snmp") if rec.kind == "devices" else None
    if isinstance(snmp, dict) and isinstance(snmp.get("version"), int | float):
        # YAML reads `version: 3` as a number; the contract's versions are text ("1", "2c", "3").
        snmp["version"] = str(snmp["version"])
    if rec.cell_ref is not None and _REQUIRED[rec.kind] <= data.keys() | rec.failed:
        # Rows from CSV/Excel were typed cell by cell as they were read, and their headers checked.
        return dict(data)
    try:
        given = VALIDATORS[rec.kind](data)
    except _Invalid:
        build(KINDS[rec.kind], data, where=rec.where, line=rec.line)
        raise InputError(f"invalid {rec.kind} row", where=rec.place()) from None
    # An address is checked (and normalised), and a number held to its range, as a CSV or 台账 cell's is: the type
    # check alone took any text, any number.
    bad: list[BadValue] = []
    for name in sorted(ADDRESS_FIELDS | RANGES.keys()):
        group, _, sub = name.rpartition(".")  # `probe.address` lives in the `probe` mapping
        holder = given.get(group) if group else given
        value = holder.get(sub) if isinstance(holder, dict) else None
        if value is None:
            continue
        problem = range_problem(name, value)
        if name in ADDRESS_FIELDS:
            try:
                holder[sub] = parse_ip(value)  # type: ignore[index]
            except ValueError as exc:
                problem = str(exc)
        if problem is not None:
            bad.append(BadValue(name, shown_text(value, name), problem, where=rec.place(name)))
    if len(bad) > 1:
        raise BadValues(bad)
    if bad:
        raise bad[0]
    return given


def _compact(value: Any) -> Any:
    """Drop empty values from nested access settings so equal settings compare equal."""
    if isinstance(value, dict):
        out = {k: _compact(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in out.items() if v != {}}
    return value


def to_view(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """Map validated input fields to view columns (the stored state in import terms)."""
    if kind == "links" and "a_end" in given:
        end = given.pop("a_end") or {}
        given["a_device"] = end.get("device")
        given["a_interface"] = end.get("interface")
    if kind == "links" and "z_end" in given:
        given["z_department"] = given.pop("z_end")
    if kind == "links" and "probe" in given:
        given["probe"] = _compact(given["probe"]) or None
    if kind == "systems":
        if "hosting" in given:
            host = given.pop("hosting") or {}
            given["room"] = host.get("room")
            given["cloud"] = host.get("cloud")
        for group in ("migration", "dengbao"):
            if group in given:
                for sub, value in (given.pop(group) or {}).items():
                    given[f"{group}_{sub}"] = value
        if "runs_on" in given:
            given["runs_on"] = sorted(set(given["runs_on"]))
    if kind == "devices":
        if given.get("platform"):
            # One name per platform (the registry's): `huawei` and `H3C` in a ledger become huawei_vrp, hp_comware.
            given["platform"] = canonical_platform(given["platform"])
        for access in ("snmp", "ssh"):
            if access in given:
                given[access] = _compact(given[access]) or None
    return given


@dataclass
class KindCounts:
    """What an import does to one kind."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class Change:
    """One entity created or changed, with its changed fields as (old, new)."""

    kind: str
    key: str
    action: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)


# Changes an import result lists (`--json` shows 1,000, a dry run 200): a million creates stay counts.
KEPT_CHANGES = 1000


@dataclass
class ImportResult:
    """The outcome of an import (or of a dry run)."""

    dry_run: bool
    counts: dict[str, KindCounts]
    changes: list[Change]
    """The first ``KEPT_CHANGES`` creates and updates (the counts have them all)."""
    notes: list[str]
    history_entries: int = 0
    # What reading skipped or assumed (title, section, total rows ...), shown with --explain.
    explained: list[str] = field(default_factory=list)

    @property
    def changes_total(self) -> int:
        """Every entity created or changed (``changes`` lists the first ``KEPT_CHANGES``)."""
        return sum(c.created + c.changed for c in self.counts.values())

    def as_dict(self, *, max_changes: int | None = None) -> dict[str, Any]:
        """Return a JSON-ready summary."""
        changes = self.changes if max_changes is None else self.changes[:max_changes]
        return {
            "dry_run": self.dry_run,
            "counts": {k: dataclasses.asdict(v) for k, v in self.counts.items()},
            "changes": [
                {
                    "kind": c.kind,
                    "key": c.key,
                    "action": c.action,
                    "fields": {f: {"old": o, "new": n} for f, (o, n) in c.fields.items()},
                }
                for c in changes
            ],
            "notes": self.notes,
            "explained": self.explained,
            "history_entries": self.history_entries,
        }


@dataclass
class _Item:
    record: Record
    key: str
    view: dict[str, Any]
    given: dict[str, Any] | None = None
    # A judged verdict's record that came with the row (a YAML/JSON export), stored as given.
    classification: dict[str, Any] | None = None
    # The stored row this one updates.
    id: int | None = None
    # The ledger's vendor word where the catalogue's word for that maker is stored instead (``_Run._name_vendors``):
    # the classification's evidence quotes the ledger.
    vendor_as_written: str | None = None


@dataclass
class _VendorWord:
    """One vendor word as a ledger writes it: the catalogue's name for its maker (None: no maker known), its rows."""

    name: str | None
    first: str
    rows: int = 0


# Vendor words an import's notes name one by one (a ledger of free text says how many more).
NAMED_VENDOR_WORDS = 20


def import_paths(
    session: Session,
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    kind: str | None = None,
    encoding: str | None = None,
    max_mb: float = DEFAULT_MAX_MB,
    actor: str | None = None,
    strict: bool = False,
) -> ImportResult:
    """Read, validate and import inventory files in the session's transaction.

    Args:
        session: The store session; nothing of the import stays in it unless every row is valid.
        paths: Files or directories.
        dry_run: Plan the changes, then roll back to where the import began.
        kind: The kind of every CSV file (else from its name or header).
        encoding: Force the text encoding of CSV files.
        max_mb: Largest file accepted, in megabytes.
        actor: Who imports, for history.
        strict: Make an unknown CSV/Excel column a problem instead of a note.

    Raises:
        InputProblems: Every problem found (cell, field, value, what is accepted); nothing is written.
        InputError: For a file that cannot be read at all.
    """
    read = read_paths(paths, kind=kind, encoding=encoding, max_mb=max_mb, strict=strict)
    return import_records(session, read, dry_run=dry_run, actor=actor)


def import_records(
    session: Session, read: ReadResult, *, dry_run: bool = False, actor: str | None = None
) -> ImportResult:
    """Validate and write what was read, kind by kind and a batch at a time, in a savepoint of the session.

    Memory stays flat in the number of rows: each batch is checked against the store (which already
    holds this import's earlier batches and kinds, so references resolve there), planned and written,
    then dropped. When any row has a problem, or on a dry run, the import rolls back to its savepoint:
    nothing of it stays.

    Raises:
        InputProblems: Every problem: those found while reading and those found here.
    """
    savepoint = session.begin_nested()
    run = _Run(session, read, dry_run=dry_run, actor=actor)
    try:
        with (
            import_cache(session),
            collector_paused(),
            indexes_built_after(session, () if dry_run else WRITTEN),
            copying_behind(session),
        ):
            result = run.run()
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
        # Reports right after a large import are planned on its rows, not on the store as it was.
        analyze_written(session, run.written | {HistoryEntry.__tablename__: result.history_entries})
    return result


# Rows validated, planned and written together (and history entries per statement): what is built
# for one batch is freed before the next.
WRITE_BATCH = 5000
# Keys per `IN (...)` lookup (SQLite allows 32,766 parameters).
LOOKUP_CHUNK = 5000
# Stored keys a "did you mean" hint compares a bad reference with (a hint over a million names is no hint).
HINT_KEYS = 20000


class _Run:
    """One import: every kind in ``ORDER``, batch by batch; counts, the first changes and every problem."""

    def __init__(self, session: Session, read: ReadResult, *, dry_run: bool, actor: str | None) -> None:
        self.session, self.read, self.dry_run = session, read, dry_run
        self.counts = {kind: KindCounts() for kind in ORDER}
        self.changes: list[Change] = []
        self.problems: list[Problem] = []
        self.history = _History(session, actor, utcnow(), keep=not dry_run)
        self.valid_rows = 0
        # Rows written (created or changed), by table; history entries are counted by ``self.history``.
        self.written: dict[str, int] = {}
        # Key -> id of every department and room (few; referred to by code or by name), loaded per kind.
        self.small_ids: dict[str, dict[str, int]] = {}
        self.names: dict[str, dict[str, str | None]] = {}
        self.hint_keys: dict[str, list[str]] = {}
        self.unwritten: dict[str, set[str]] = {}
        # Keys given again in a later batch: their first place is looked up once reading is done.
        self.repeated: dict[str, dict[str, Problem]] = {}
        # Every declared vendor word of this import, and what it is stored as.
        self.vendor_words: dict[str, _VendorWord] = {}

    def run(self) -> ImportResult:
        with _checked_batches(self.read) as checked:
            current, seen, held = None, _Seen(0), None
            for batch in checked:
                if isinstance(batch, _ReadEnd):
                    batch.apply(self.read)
                    break
                if batch.kind != current:
                    self._write(held)  # the previous kind is all written before this one looks anything up
                    held = None
                    self.small_ids, self.names, self.hint_keys = {}, {}, {}
                    current, seen = batch.kind, _Seen(self._max_id(batch.kind))
                self.problems.extend(batch.problems)
                if batch.kind == "devices":
                    self._name_vendors(batch.items)
                # A batch is looked up before the one ahead of it is written, then planned while that one is
                # written (on PostgreSQL the COPY runs on a thread of its own: ``copying_behind``).
                looked_up = self._look_up(batch.kind, batch.items, seen, held)
                self._write(held)
                held = self._prepare(batch.kind, looked_up)
            self._write(held)
        self._place_first_rows()
        # By file and row, not in the order found (cells while reading, then references and duplicates kind by
        # kind): whoever mends the ledger goes through it top to bottom.
        problems = self.read.in_order([*self.read.problems, *self.problems])
        if problems:
            raise InputProblems(problems)
        if not self.valid_rows:
            raise InputError("nothing to import: the files hold no rows")
        unknown, renamed = self._vendor_notes()
        result = ImportResult(dry_run=self.dry_run, counts=self.counts, changes=self.changes,
                              notes=[*self.read.notes, *unknown],
                              explained=[*self.read.explained, *renamed])  # fmt: skip
        if not self.dry_run:
            result.history_entries = self.history.flush()
        return result

    def _name_vendors(self, items: dict[str, _Item]) -> None:
        """Store the catalogue's one word per maker for a declared vendor ('H3C' -> 'New H3C Technologies'), the
        word a scan of the device stores too (``VendorCatalog.name_for``); the ledger's word stays on the item for
        the classification's evidence. A word the catalogue does not know is stored as written (``_vendor_notes``)."""
        vendors = default_vendors()
        for item in items.values():
            written = item.view.get("vendor")
            if not written:
                continue
            word = self.vendor_words.get(written)
            if word is None:
                row = vendors.maker_named(written)
                word = _VendorWord(None if row is None else row.name, str(item.record.place("vendor")))
                self.vendor_words[written] = word
            word.rows += 1
            if word.name is not None and word.name != written:
                item.view["vendor"] = word.name
                item.vendor_as_written = written

    def _vendor_notes(self) -> tuple[list[str], list[str]]:
        """(notes: the vendor words no catalogue maker has, stored as written; explained: the words stored as
        the catalogue's name for their maker), each word once with its first place and its rows."""
        unknown: list[str] = []
        renamed: list[str] = []
        for written, word in self.vendor_words.items():
            rows = f"{word.rows} row{'s' if word.rows > 1 else ''}"
            if word.name is None:
                unknown.append(f"{word.first}: vendor {shown(written)} ({rows}) is not a maker name the vendor "
                               "catalogue holds: stored as written")
            elif word.name != written:
                renamed.append(f"{word.first}: vendor {shown(written)} ({rows}) stored as {shown(word.name)}, the "
                               "catalogue's name for that maker (the classification quotes the ledger's word)")
        return _first_named(unknown), _first_named(renamed)

    def _place_first_rows(self) -> None:
        """Name where a key given twice across batches was first given: read the files again (an error path)."""
        if not self.repeated or self.read.reread is None:
            return
        again = self.read.reread()
        for kind, problems in self.repeated.items():
            key_field, todo = KEY_FIELD[kind], dict(problems)
            for rec in again.records(kind):
                raw = rec.data.get(key_field)
                problem = todo.pop(raw if isinstance(raw, str) else str(raw), None)
                if problem is not None:
                    problem.message = problem.message.replace(
                        "an earlier row of this import gives it too", f"first at {rec.place(key_field)}"
                    )
                if not todo:
                    break

    def _max_id(self, kind: str) -> int:
        table = MODELS[kind].__table__
        return int(self.session.execute(select(func.max(table.c.id))).scalar() or 0)

    def _look_up(
        self, kind: str, items: dict[str, _Item], seen: _Seen, held: _Planned | None
    ) -> tuple[dict[str, _Item], dict[str, dict[str, Any]], dict[str, dict[str, int]]]:
        """Find the batch's rows in the store and check its references; drop the rows given twice.

        ``held`` (the batch before, of the same kind) is planned but not yet written: a row it creates
        is a duplicate here as it would be once stored (its id would come after every stored one).
        """
        stored = _stored_views(self.session, kind, list(items))
        for key, old in stored.items():
            if seen.given(old["id"]):
                self._repeated(kind, items.pop(key))
            else:
                seen.mark(old["id"])
                items[key].id = old["id"]
        if held is not None and held.kind == kind:
            for created in held.creates:
                if created.key in items:
                    self._repeated(kind, items.pop(created.key))
        self.valid_rows += len(items)
        # A row with a refused cell is a problem already; it is not written, but rows referring to it are
        # not told that it does not exist. Its own references are checked all the same: one run tells every
        # problem of the row (a refused status and an unknown room), not the second once the first is mended.
        failed = [key for key, item in items.items() if item.record.failed]
        self.unwritten.setdefault(kind, set()).update(failed)
        ids = self._check_references(kind, items)
        for key in failed:
            del items[key]
        return items, stored, ids

    def _repeated(self, kind: str, item: _Item) -> None:
        key_field = KEY_FIELD[kind]
        problem = Problem(
            item.record.place(key_field), f"duplicate {key_field} {shown(item.key)} in {kind} (an earlier row "
            "of this import gives it too)", field=key_field,
            expected=f"each {kind[:-1]} needs its own {key_field}",
        )  # fmt: skip
        self.problems.append(problem)
        self.repeated.setdefault(kind, {}).setdefault(item.key, problem)

    def _prepare(
        self,
        kind: str,
        looked_up: tuple[dict[str, _Item], dict[str, dict[str, Any]], dict[str, dict[str, int]]],
    ) -> _Planned:
        """Plan a looked-up batch and build the rows it creates (and their history): what ``_write`` writes."""
        items, stored, ids = looked_up
        creates, updates, carried = self._plan(kind, items, stored)
        planned = _Planned(kind, creates, updates, carried, ids)
        for item in creates:
            filled = dict.fromkeys(VIEW_COLUMNS[kind]) | CREATE_DEFAULTS.get(kind, {}) | item.view
            row = _columns(kind, filled, ids, planned.deferred, item.key)
            if kind == "devices":
                # Verdicts from what the ledger declares (vendor, model, CPU, OS), as discovery would.
                verdict, row["classification"] = classify_new_text(item)
                if verdict is not None:
                    row["domestic"] = verdict
            planned.rows.append(row)
            self.history.add((Entry("create", HISTORY_KIND[kind], item.key, None, None, item.given),))
        return planned

    def _plan(
        self, kind: str, items: dict[str, _Item], stored: dict[str, dict[str, Any]]
    ) -> tuple[list[_Item], list[tuple[_Item, dict[str, tuple[Any, Any]]]], list[_Item]]:
        counts, changes = self.counts[kind], self.changes
        creates: list[_Item] = []
        updates: list[tuple[_Item, dict[str, tuple[Any, Any]]]] = []
        # Unchanged devices classified again: those whose row carries a classification record, and those left
        # `unknown` by an earlier import (the catalogue may know their words now: new aliases, a user catalogue).
        # Only these: re-reading every unchanged row would cost a re-import of 100,000 rows a full pass.
        carried: list[_Item] = []
        for item in items.values():
            old = stored.get(item.key)
            _set_precision(kind, item.view, old)
            if old is None:
                item.given = item.view  # history keeps what the user gave; defaults are filled in as rows are written
                creates.append(item)
                counts.created += 1
                if len(changes) < KEPT_CHANGES:
                    changes.append(Change(kind, item.key, "create"))
                continue
            diff = {c: (old[c], v) for c, v in item.view.items() if old[c] != v}
            if diff:
                updates.append((item, diff))
                counts.changed += 1
                if len(changes) < KEPT_CHANGES:
                    shown = dates_as_given(diff, item.view.get(PRECISION), item.view)
                    changes.append(Change(kind, item.key, "update", shown))
            else:
                counts.unchanged += 1
                if item.classification is not None or (kind == "devices" and old.get("domestic") == "unknown"):
                    carried.append(item)
        return creates, updates, carried

    def _ids(self, kind: str, keys: Iterable[str]) -> dict[str, int]:
        """Key -> id of the stored rows among ``keys`` (every row of a small kind, loaded once per kind)."""
        if kind in ("departments", "rooms"):
            if kind not in self.small_ids:
                self.small_ids[kind] = key_to_id(self.session, kind)
            return self.small_ids[kind]
        return keys_to_ids(self.session, kind, keys)

    def _by_name(self, kind: str, batch: Iterable[_Item] = ()) -> dict[str, str | None]:
        """Name -> code of the stored departments or rooms (and of those in ``batch``)."""
        if kind not in self.names or batch:
            table = MODELS[kind].__table__
            stored = ((code, name) for code, name in self.session.execute(select(table.c.code, table.c.name)))
            self.names[kind] = _names_to_keys(
                itertools.chain(stored, ((item.key, item.view.get("name")) for item in batch))
            )
        return self.names[kind]

    def _check_references(self, kind: str, items: dict[str, _Item]) -> dict[str, dict[str, int]]:
        """Check every reference against the store (and, for departments, this batch); return the ids found.

        A reference written as the name of a department or room becomes its code. A bad one is a
        problem, and is left out of what is written (which is rolled back anyway) so that later
        rows referring to this one are judged on their own.
        """
        refs = REFERENCES.get(kind, {})
        targets_of = {col: target for col, (_, target) in refs.items()}
        if kind == "systems":
            targets_of["runs_on"] = "devices"
        wanted: dict[str, set[str]] = {target: set() for target in targets_of.values()}
        for item in items.values():
            for col, target in targets_of.items():
                value = item.view.get(col)
                if col == "runs_on":
                    wanted[target].update(value or ())
                elif value is not None:
                    wanted[target].add(value)
        ids = {target: self._ids(target, values) for target, values in wanted.items()}
        # A parent department given by name may be in this batch.
        by_name = {target: self._by_name(target, items.values() if target == kind else ())
                   for target in wanted if target in ("departments", "rooms")}  # fmt: skip
        for item in items.values():
            for col, target in targets_of.items():
                value = item.view.get(col)
                if value is None:
                    continue
                unwritten = self.unwritten.get(target, set())
                if col == "runs_on":
                    known = [name for name in value if name in ids[target]]
                    for name in value:
                        if name not in ids[target] and name not in unwritten:
                            self._unknown(item, kind, col, target, name, items=items, ambiguous=False)
                    item.view[col] = known
                    continue
                if value in unwritten:
                    item.view[col] = None
                    continue
                field_name = INPUT_FIELD.get(f"{col}@{kind}") or INPUT_FIELD.get(col) or col
                if kind == "departments" and value == item.key:
                    self.problems.append(
                        Problem(
                            item.record.place("parent"),
                            f"department {shown(value)} cannot be its own parent",
                            field="parent",
                            value=value,
                        )
                    )
                    item.view[col] = None
                    continue
                if value in ids[target] or (target == kind and value in items):
                    continue
                code = by_name.get(target, {}).get(value)
                if code is not None and (code in ids[target] or (target == kind and code in items)):
                    item.view[col] = code
                    continue
                self._unknown(item, kind, field_name, target, value, items=items,
                              ambiguous=value in by_name.get(target, {}))  # fmt: skip
                item.view[col] = None
        return ids

    def _unknown(
        self,
        item: _Item,
        kind: str,
        field_name: str,
        target_kind: str,
        value: str,
        *,
        items: dict[str, _Item],
        ambiguous: bool,
    ) -> None:
        what = target_kind[:-1]
        if ambiguous:
            self.problems.append(
                Problem(
                    item.record.place(field_name),
                    f"two {target_kind} are named {shown(value)}",
                    field=field_name,
                    value=value,
                    expected=f"the {what}'s code",
                )
            )
            return
        if target_kind not in self.hint_keys:
            key = MODELS[target_kind].__table__.c[KEY_FIELD[target_kind]]
            self.hint_keys[target_kind] = list(self.session.execute(select(key).limit(HINT_KEYS)).scalars())
        candidates = self.hint_keys[target_kind] + (list(items) if target_kind == kind else [])
        hint = did_you_mean(value, candidates)
        book = self.read.sheets.get(item.record.where.split("[", 1)[0])
        if book is not None and target_kind not in book:
            hint = (
                f"the workbook has no `{target_kind}` ({KIND_LABELS[target_kind]}) sheet and the store "
                f"has no such {what}; add the sheet or import the {target_kind} first"
            )
        self.problems.append(Problem(
            item.record.place(field_name), f"no such {what} in this import or in the store",
            field=field_name, value=value, expected=f"the code or name of a {what}", hint=hint,
        ))  # fmt: skip

    def _write(self, planned: _Planned | None) -> None:
        """Write a planned batch: its new rows, its changes, and their history."""
        if planned is None:
            return
        session, history, kind = self.session, self.history, planned.kind
        model, creates, updates, carried = MODELS[kind], planned.creates, planned.updates, planned.carried
        ids, deferred = planned.ids, planned.deferred
        # Core executemany (COPY on PostgreSQL), not ORM bulk: no identity map or per-row events for 100,000 rows.
        bulk_insert(session, model, planned.rows)
        own: dict[str, int] = {}
        if kind == "departments" and (deferred or updates):
            own = ids["departments"] = key_to_id(session, kind)  # parents created in this batch now have ids
        elif kind == "systems" and creates:
            own = keys_to_ids(session, kind, [item.key for item in creates])
        changed_rows = []
        for item, diff in updates:
            row = _columns(kind, {c: new for c, (_, new) in diff.items()}, ids, [], item.key)
            row.pop("runs_on", None)
            row["id"] = item.id
            if len(row) > 1:
                changed_rows.append(row)
            history.add(
                Entry("update", HISTORY_KIND[kind], item.key, col, old, new)
                for col, (old, new) in dates_as_given(diff, item.view.get(PRECISION), item.view).items()
            )
        # A department's parent may be created in the same batch: set it once every id exists.
        changed_rows.extend({"id": own[key], "parent_id": own[parent]} for key, parent in deferred)
        if changed_rows:
            # ORM bulk UPDATE by primary key: one executemany per set of changed columns.
            session.execute(update(model), changed_rows)
        _count(self.written, model.__tablename__, len(planned.rows) + len(changed_rows))
        if kind == "systems":
            _count(self.written, SystemHost.__tablename__, _write_hosts(session, creates, updates, own, ids["devices"]))
        if kind == "devices" and not self.dry_run:
            # Changed and carried devices (and unchanged `unknown` ones): classified on their stored row merged
            # with the change.
            history.add(classify_imported(session, [*(i for i, _ in updates), *carried]))
        history.flush()  # with the batch's rows (on PostgreSQL both COPYs then run while the next is planned)


@dataclass
class _Planned:
    """A batch looked up and planned, with the rows it creates built: written after the next batch is looked up."""

    kind: str
    creates: list[_Item]
    updates: list[tuple[_Item, dict[str, tuple[Any, Any]]]]
    carried: list[_Item]
    ids: dict[str, dict[str, int]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    # (key, parent) of departments whose parent is created in the same batch: set once both have ids.
    deferred: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Checked:
    """One batch of one kind's rows, checked on their own (types, text, duplicates within it): no store needed."""

    kind: str
    items: dict[str, _Item]
    problems: list[Problem]


@dataclass
class _ReadEnd:
    """What reading found once every row was read (``ReadResult.finish``): the parent's copy takes it."""

    problems: list[Problem]
    notes: list[str]
    explained: list[str]

    def apply(self, read: ReadResult) -> None:
        read.problems, read.notes, read.explained = self.problems, self.notes, self.explained


def _read_and_check(read: ReadResult) -> Iterator[_Checked | _ReadEnd]:
    """Every kind's rows in ``ORDER``, a batch at a time, checked; then what reading found at the end."""
    for kind in ORDER:
        # Departments refer to each other (a parent further down): they are planned together.
        for batch in _batches(read.records(kind), None if kind == "departments" else WRITE_BATCH):
            problems: list[Problem] = []
            yield _Checked(kind, _validate_batch(batch, problems), problems)
    read.finish()
    yield _ReadEnd(read.problems, read.notes, read.explained)


# Files at least this large are read and checked in a child process while this one writes
# (``govops.util.forked``): both cores work. Below it there are too few batches (4 MB: about 40,000
# CSV rows, 8 batches) for the pipeline to gain more than it costs to fill and drain: 10,000 systems
# in YAML (1.7 MB, 2 batches) took 1.55 s forked against 1.38 s in one process.
READ_AHEAD_BYTES = 4_000_000


@contextlib.contextmanager
def _checked_batches(read: ReadResult) -> Iterator[Iterator[_Checked | _ReadEnd]]:
    """``_read_and_check(read)``, run in a second process when the files are large."""
    if read.size < READ_AHEAD_BYTES or not can_fork():
        yield _read_and_check(read)
        return
    with iterated_in_child(_read_and_check(read)) as checked:
        yield checked


class _Seen:
    """Which stored rows of one kind this import has given already: a later row with the same key repeats it.

    Rows this import created have ids above the largest id stored before it began; rows it updated
    are marked, a byte per id (a set past ``MARK_LIMIT``), so a million keys are never held.
    """

    MARK_LIMIT = 1 << 26

    def __init__(self, max_id: int) -> None:
        self.max_id = max_id
        self.marks = bytearray(max_id + 1) if max_id < self.MARK_LIMIT else None
        self.others: set[int] = set()

    def given(self, row_id: int) -> bool:
        if row_id > self.max_id:
            return True
        return bool(self.marks[row_id]) if self.marks is not None else row_id in self.others

    def mark(self, row_id: int) -> None:
        if self.marks is not None:
            self.marks[row_id] = 1
        else:
            self.others.add(row_id)


def _first_named(lines: list[str]) -> list[str]:
    """The first ``NAMED_VENDOR_WORDS`` lines, and how many more there are."""
    if len(lines) <= NAMED_VENDOR_WORDS:
        return lines
    return [*lines[:NAMED_VENDOR_WORDS], f"... and {len(lines) - NAMED_VENDOR_WORDS} more vendor words like these"]


def _batches(records: Iterable[Record], size: int | None) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for rec in records:
        batch.append(rec)
        if size is not None and len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _chunks(values: Sequence[Any], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _stored_views(session: Session, kind: str, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The stored views (with ``id``) of the rows among ``keys``, by key."""
    key_field = KEY_FIELD[kind]
    return {view[key_field]: view for chunk in _chunks(keys) for view in iter_views(session, kind, keys=chunk)}


def _as_problems(exc: InputError, rec: Record) -> list[Problem]:
    if isinstance(exc, BadValues):  # a row's every bad field, each its own problem as a CSV row's every bad cell
        return [p for bad in exc.each for p in _as_problems(bad, rec)]
    place = exc.where if isinstance(exc.where, Place) else rec.place()  # the checks of a record name Places
    if isinstance(exc, BadValue):  # worded as a CSV or 台账 cell's: field, value and what is accepted apart
        return [exc.problem(place)]
    return [Problem(place, exc.detail, hint=exc.hint)]


def _set_precision(kind: str, view: dict[str, Any], old: dict[str, Any] | None) -> None:
    """Record which given dates were written to the month or year; dates not given keep theirs."""
    columns = [c for c in DATE_COLUMNS.get(kind, ()) if c in view]
    if not columns:
        return
    plain, precision = split_precision(view, columns, (old or {}).get(PRECISION))
    view.update(plain, **{PRECISION: precision})


def _validate_batch(records: Iterable[Record], problems: list[Problem]) -> dict[str, _Item]:
    """Validate records of one kind; return the valid ones by key (a key given twice is a problem)."""
    items: dict[str, _Item] = {}
    for rec in records:
        try:
            given = validate_record(rec)
        except InputError as exc:
            problems.extend(_as_problems(exc, rec))
            continue
        key_field = KEY_FIELD[rec.kind]
        key = given[key_field]
        seen = items.get(key)
        if seen is not None:
            problems.append(Problem(
                rec.place(key_field), f"duplicate {key_field} {shown(key)} in {rec.kind} (first at "
                f"{seen.record.place(key_field)})", field=key_field,
                expected=f"each {rec.kind[:-1]} needs its own {key_field}",
            ))  # fmt: skip
            continue
        try:
            _check_text(rec, given)
            if rec.kind == "devices":
                _check_classification(rec, given)
        except InputError as exc:
            problems.extend(_as_problems(exc, rec))
            continue
        # Both checks run, so a row's every problem is told at once.
        if rec.kind == "devices" and not (
            _secret_refs_ok(rec, given, problems) & _known_hosts_ok(rec, given, problems)
        ):
            continue
        carried = given.pop("classification", None)
        if carried is not None:
            given["domestic"] = carried["verdict"]  # the record's verdict, not one the ledger states
        items[key] = _Item(rec, key, to_view(rec.kind, dict(given)), classification=carried)
    return items


SECRET_FIELDS = {"snmp": ("community", "auth_key", "priv_key"), "ssh": ("password",)}
# Names that become Ansible hosts, Prometheus labels and file names take the strict pattern.
STRICT_NAMES = {"departments": "code", "rooms": "code", "devices": "name", "links": "name"}
LOOSE_NAMES = {"departments": "name", "rooms": "name", "systems": "name"}


def _check_classification(rec: Record, given: dict[str, Any]) -> None:
    """A device's ``classification`` has the one record shape, and comes without a stated ``domestic``."""
    doc = given.get("classification")
    if doc is None:
        return
    given["classification"] = check_record(doc, rec.place("classification"))
    if given.get("domestic") is not None:
        raise InputError(
            "give `domestic` (a verdict the ledger states) or `classification` (a judged verdict "
            "with its evidence), not both",
            where=rec.place("domestic"),
        )


def _check_text(rec: Record, given: dict[str, Any]) -> None:
    """Names match their pattern; every other text is bounded and free of control characters."""
    names = {STRICT_NAMES.get(rec.kind): True, LOOSE_NAMES.get(rec.kind): False}
    for key, value in given.items():
        if key in names and isinstance(value, str):
            problem = name_problem(value, strict=names[key])
            if problem:
                raise InputError(f"field `{key}` {shown(value)} {problem}", where=rec.place(key))
        else:
            _check_nested_text(rec, key, value)


def _check_nested_text(rec: Record, dotted: str, value: Any) -> None:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise InputError(f"field `{dotted}` {shown(value, dotted)} {problem}", where=rec.place(dotted))
    elif isinstance(value, dict):
        for key, inner in value.items():
            _check_nested_text(rec, f"{dotted}.{key}", inner)
    elif isinstance(value, list):
        for inner in value:
            _check_nested_text(rec, dotted, inner)


def _known_hosts_ok(rec: Record, given: dict[str, Any], problems: list[Problem]) -> bool:
    """``ssh.known_hosts`` names a file ssh can keep host keys in: never /dev/null, a device or a directory."""
    path = (given.get("ssh") or {}).get("known_hosts")
    problem = None if path is None else known_hosts_problem(path)
    if problem is None:
        return True
    problems.append(Problem(
        rec.place("ssh.known_hosts"), f"{shown(path, 'ssh.known_hosts')} {problem}", field="ssh.known_hosts",
        expected="the absolute path of a known_hosts file: a regular file, or a new one in an existing directory",
    ))  # fmt: skip
    return False


def _secret_refs_ok(rec: Record, given: dict[str, Any], problems: list[Problem]) -> bool:
    """A secret reference names exactly one place: an environment variable or a file."""
    ok = True
    for access, names in SECRET_FIELDS.items():
        for name in names:
            ref = (given.get(access) or {}).get(name)
            if ref is None:
                continue
            if sum(bool(ref.get(k)) for k in ("env", "file")) != 1:
                problems.append(Problem(
                    rec.place(f"{access}.{name}"), "give exactly one of `env` (a variable) or `file` (a path)",
                    field=f"{access}.{name}", expected="secrets are referenced, never written into the inventory",
                ))  # fmt: skip
                ok = False
            env = ref.get("env")
            if env and not is_env_name(env):
                problems.append(Problem(
                    rec.place(f"{access}.{name}"), f"{shown(env)} is not an environment variable name",
                    field=f"{access}.{name}.env",
                    expected="letters, digits and _, not starting with a digit (e.g. SWITCH_RO_COMMUNITY)",
                ))  # fmt: skip
                ok = False
    return ok


def _names_to_keys(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, str | None]:
    """Return name -> code from (code, name) pairs (None when two share a name): ledgers refer by name."""
    out: dict[str, str | None] = {}
    for key, name in pairs:
        if name and key and name != key:
            out[name] = key if out.get(name, key) == key else None
    return out


def _raw_converter(col_type: Any, dates_as_text: bool) -> Callable[[Any], Any] | None:
    """Convert a raw driver value the way the column type would, cheaply (SQLite keeps text and 0/1)."""
    if isinstance(col_type, Date):
        if dates_as_text:
            return None  # SQLite keeps ISO text; a driver's date object is written as ISO by the JSON encoder
        return lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(col_type, Boolean):
        return lambda v: bool(v) if isinstance(v, int) else v
    if isinstance(col_type, JSON):
        return lambda v: json.loads(v) if isinstance(v, str | bytes) else v
    if isinstance(col_type, Float):
        return lambda v: float(v) if isinstance(v, int) else v
    return None


def load_views(
    session: Session, kind: str, *, dates_as_text: bool = False, drop_none: bool = False
) -> dict[str, dict[str, Any]]:
    """Load every stored entity of ``kind`` as a view (references as codes/names), by key."""
    key_field = KEY_FIELD[kind]
    return {view[key_field]: view for view in iter_views(session, kind, dates_as_text=dates_as_text,
                                                          drop_none=drop_none)}  # fmt: skip


def iter_views(
    session: Session,
    kind: str,
    *,
    dates_as_text: bool = False,
    drop_none: bool = False,
    keys: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield every stored entity of ``kind`` (or those among ``keys``) as a view, in id order.

    Every row is fetched ``STREAM_BATCH`` rows at a time, untyped and converted here: SQLAlchemy's
    per-value result processing (date parsing above all) would cost seconds on 100,000 devices. What
    stays in memory is the id -> key map of each referenced kind, not the rows; for ``keys`` (a
    batch of an import) only the referenced ids of those rows are looked up.
    """
    model = MODELS[kind]
    table = model.__table__
    refs = REFERENCES.get(kind, {})
    names = ["id"] + [refs[c][0] if c in refs else c for c in VIEW_COLUMNS[kind] if c != "runs_on"]
    out_names = ["id"] + [c for c in VIEW_COLUMNS[kind] if c != "runs_on"]
    stmt: Any = select(*(column(n) for n in names)).select_from(table).order_by(column("id"))
    rows: Iterable[Any]
    if keys is None:
        reverse = {col: id_to_key(session, target) for col, (_, target) in refs.items()}
        hosts = _system_hosts(session) if kind == "systems" else None
        rows = session.execute(stmt.execution_options(yield_per=STREAM_BATCH))
    else:
        rows = session.execute(stmt.where(one_of(session, table.c[KEY_FIELD[kind]], keys))).all()
        reverse = {}
        for col, (id_col, target) in refs.items():
            at = names.index(id_col)
            reverse[col] = id_to_key(session, target, {row[at] for row in rows} - {None})
        hosts = _system_hosts(session, [row[0] for row in rows]) if kind == "systems" else None
    converters: list[Callable[[Any], Any] | None] = []
    for name, out in zip(names, out_names, strict=True):
        if out in refs:
            mapping = reverse[out]
            converters.append(mapping.get)
        else:
            converters.append(_raw_converter(table.c[name].type, dates_as_text))
    pairs = list(zip(out_names, converters, strict=True))
    # Listing drops empty values first, then converts the few columns present that need it.
    active = [(name, conv) for name, conv in pairs if conv is not None]
    for row in rows:
        if drop_none:
            view = {name: value for name, value in zip(out_names, row, strict=True) if value is not None}
            for name, conv in active:
                if name in view:
                    view[name] = conv(view[name])
        else:
            view = {
                name: (value if conv is None or value is None else conv(value))
                for (name, conv), value in zip(pairs, row, strict=True)
            }
        if hosts is not None:
            view["runs_on"] = sorted(hosts.get(view["id"], []))
        yield view


def _system_hosts(session: Session, system_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
    """System id -> names of the devices it runs on (of every system, or of those given)."""
    hosts: dict[int, list[str]] = {}
    stmt = select(SystemHost.system_id, Device.name).join(Device, Device.id == SystemHost.device_id)
    chunks = [None] if system_ids is None else list(_chunks(system_ids))
    for chunk in chunks:
        query = stmt if chunk is None else stmt.where(one_of(session, SystemHost.system_id, chunk))
        for sid, name in session.execute(query):
            hosts.setdefault(sid, []).append(name)
    return hosts


def id_to_key(session: Session, kind: str, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Return id -> code (departments, rooms) or name (devices, links, systems), of every row or of ``ids``."""
    table = MODELS[kind].__table__
    key = table.c[KEY_FIELD[kind]]
    if ids is None:
        return {i: k for i, k in session.execute(select(table.c.id, key))}
    return {i: k for chunk in _chunks(list(ids)) for i, k in session.execute(
        select(table.c.id, key).where(one_of(session, table.c.id, chunk)))}  # fmt: skip


def key_to_id(session: Session, kind: str) -> dict[str, int]:
    """Return code or name -> id for ``kind``."""
    return {k: i for i, k in id_to_key(session, kind).items()}


def keys_to_ids(session: Session, kind: str, keys: Iterable[str]) -> dict[str, int]:
    """Return code or name -> id of the stored rows among ``keys``."""
    table = MODELS[kind].__table__
    key = table.c[KEY_FIELD[kind]]
    return {k: i for chunk in _chunks(list(keys)) for k, i in session.execute(
        select(key, table.c.id).where(one_of(session, key, chunk)))}  # fmt: skip


class _History:
    """History entries of one import, written in the order they are added, a batch at a time (none on a dry run)."""

    def __init__(self, session: Session, actor: str | None, at: dt.datetime, *, keep: bool = True) -> None:
        self.session, self.actor, self.at, self.keep = session, actor, at, keep
        self.pending: list[Entry] = []
        self.written = 0

    def add(self, entries: Iterable[Entry]) -> None:
        if not self.keep:
            return
        self.pending.extend(entries)
        if len(self.pending) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> int:
        """Write what is pending; return every entry written so far."""
        if self.pending:
            self.written += record_many(self.session, self.pending, source="import", actor=self.actor, at=self.at)
            self.pending = []
        return self.written


def _columns(
    kind: str, view: dict[str, Any], ids: dict[str, dict[str, int]], deferred: list[tuple[str, str]], key: str
) -> dict[str, Any]:
    """Turn a view into table columns: references become ids (deferred when created later in this import)."""
    row = dict(view)
    row.pop("runs_on", None)
    for col, (id_col, target) in REFERENCES.get(kind, {}).items():
        if col not in row:
            continue
        value = row.pop(col)
        ref_id = None if value is None else ids[target].get(value)
        if value is not None and ref_id is None:
            deferred.append((key, value))
        row[id_col] = ref_id
    return row


def _write_hosts(
    session: Session,
    created: list[_Item],
    updated: list[tuple[_Item, dict[str, tuple[Any, Any]]]],
    created_ids: dict[str, int],
    device_ids: dict[str, int],
) -> int:
    """Write the devices each system runs on; return how many (system, device) rows were written."""
    pairs: list[dict[str, int]] = []
    for item in created:
        sid = created_ids[item.key]
        pairs.extend({"system_id": sid, "device_id": device_ids[d]} for d in item.view.get("runs_on") or ())
    for item, diff in updated:
        if "runs_on" not in diff:
            continue
        session.execute(delete(SystemHost).where(SystemHost.system_id == item.id))
        pairs.extend({"system_id": typing.cast(int, item.id), "device_id": device_ids[d]} for d in diff["runs_on"][1])
    if pairs:
        bulk_insert(session, SystemHost, pairs)
    return len(pairs)


def _count(counts: dict[str, int], table: str, rows: int) -> None:
    if rows:
        counts[table] = counts.get(table, 0) + rows
