"""Domestic verdicts for imported devices: the catalogue classifier on what the ledger declares.

A ledger rarely has a 国产 column; it names the maker, the model, the CPU and the OS.
Importing runs the same catalogue as discovery over those words
(``govops.catalog.declared``) and stores the verdict with ``source: declared`` and
the ledger row as evidence. What is not overwritten: a verdict the ledger itself
states (a ``domestic`` column), and a verdict discovery measured (a classification
whose source is not ``declared``): measured evidence wins until a person changes it.
A row that carries its ``classification`` record (a YAML/JSON export) is stored as given.
An unchanged row is classified again only when its stored verdict is ``unknown`` (the importer passes
those): the catalogue may have learnt its words since.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govops.catalog.declared import Declared, classify_declared, declared_core, placed
from govops.catalog.record import is_measured
from govops.store.bulk import JsonText, json_text, one_of
from govops.store.history import Entry
from govops.store.inventory.readers import Record
from govops.store.models import Device

BATCH = 500


class ImportedDevice(Protocol):
    """What the importer knows of one device row."""

    record: Record
    key: str
    view: dict[str, Any]
    given: dict[str, Any] | None
    classification: dict[str, Any] | None
    # The ledger's vendor word when the catalogue's name for that maker is stored instead.
    vendor_as_written: str | None


def _declares_verdict(item: ImportedDevice) -> bool:
    given = item.given if item.given is not None else item.view
    return given.get("domestic") is not None


def _store_carried(session: Session, items: Sequence[ImportedDevice]) -> None:
    """Store the records that came with their rows (an export re-imported) as they were written."""
    for batch in _batches(items):
        given = {i.key: i.classification for i in batch}
        rows = session.execute(select(Device.id, Device.name, Device.classification)
                               .where(one_of(session, Device.name, list(given)))).all()
        changes = [{"id": r.id, "classification": given[r.name]} for r in rows if r.classification != given[r.name]]
        if changes:
            session.execute(update(Device), changes)


def _batches(items: Sequence[ImportedDevice]) -> Iterable[Sequence[ImportedDevice]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]


def classify_new(item: ImportedDevice) -> dict[str, Any] | None:
    """The classification record of a device this import creates (None: the ledger states a verdict, or names nothing).

    A record the row carries (an export re-imported) is stored as given. Computed from the row before it
    is inserted, so creating 100,000 devices costs no read back and no UPDATE.
    """
    if item.classification is not None:
        return item.classification
    if _declares_verdict(item):
        return None
    # The row's place goes on the record and its dimensions (fresh dicts: the cached verdicts are not touched).
    return classify_declared(_declared(item, str(item.record.place())))


def _declared(item: ImportedDevice, where: str | None) -> Declared:
    """What the row declares, its vendor as the ledger writes it (the evidence quotes the ledger)."""
    v = item.view
    return Declared(v["kind"], item.vendor_as_written or v.get("vendor"), v.get("model"), v.get("cpu_vendor"),
                    v.get("cpu_model"), v.get("os"), v.get("os_version"), where)


def classify_new_text(item: ImportedDevice) -> tuple[str | None, dict[str, Any] | JsonText | None]:
    """``classify_new`` as (verdict, the record to store), the record already serialised where it can be.

    A ledger of 100,000 rows has a few hundred distinct combinations of words: each one's record is
    serialised once with a marker where the row's place goes, and each row's text is that template
    with its place put in (what ``json_text`` of ``classify_new``'s record gives, character for character).
    """
    if item.classification is not None or _declares_verdict(item):
        record = classify_new(item)
        return (None if record is None else record.get("verdict")), record
    core = declared_core(_declared(item, None))
    if core is None:
        return None, None
    template = _TEMPLATES.get(id(core))
    if template is None or template[0] is not core:
        template = (core, typing.cast(str, json_text(placed(core, _MARK))))
        if len(_TEMPLATES) >= _MAX_TEMPLATES:
            _TEMPLATES.clear()
        _TEMPLATES[id(core)] = template
    place = typing.cast(str, json_text(str(item.record.place())))
    return core["verdict"], JsonText(template[1].replace(_MARK_TEXT, place))


# The marker where a template's place goes: a control character no catalogue text holds.
_MARK = "\x00where\x00"
_MARK_TEXT = typing.cast(str, json_text(_MARK))
# id(record) -> (record, template): the record is kept so that its id is not reused. Bounded like the
# records' own cache (``declared_core``): a ledger of unique models must not keep one per row.
_MAX_TEMPLATES = 4096
_TEMPLATES: dict[int, tuple[dict[str, Any], str]] = {}


def classify_imported(
    session: Session, items: Sequence[ImportedDevice], created: frozenset[str] = frozenset()
) -> list[Entry]:
    """Classify the devices of this import from their declared facts; return the history of verdicts changed.

    A device ``created`` by this import gets no entry of its own: its create entry is its history,
    and the classification record holds the evidence.
    """
    _store_carried(session, [i for i in items if i.classification is not None])
    todo = [i for i in items if not _declares_verdict(i)]
    history: list[Entry] = []
    for batch in _batches(todo):
        place = {i.key: str(i.record.place()) for i in batch}
        written = {i.key: i.vendor_as_written for i in batch if i.vendor_as_written}
        rows = session.execute(
            select(Device.id, Device.name, Device.kind, Device.vendor, Device.model, Device.cpu_vendor,
                   Device.cpu_model, Device.os, Device.os_version, Device.domestic, Device.classification)
            .where(one_of(session, Device.name, list(place)))
        ).all()  # fmt: skip
        changes = []
        for r in rows:
            if is_measured(r.classification):
                continue
            record = classify_declared(
                Declared(r.kind, written.get(r.name, r.vendor), r.model, r.cpu_vendor, r.cpu_model, r.os,
                         r.os_version, place[r.name])
            )
            if record is None or record == r.classification:
                continue
            # Unknown is a verdict of its own (classified, undetermined), distinct from null (never classified).
            verdict = record["verdict"]
            changes.append({"id": r.id, "domestic": verdict, "classification": record})
            if r.domestic != verdict and r.name not in created:
                history.append(Entry("update", "device", r.name, "domestic", r.domestic, verdict))
        if changes:
            session.execute(update(Device), changes)
    return history
