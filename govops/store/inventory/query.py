"""Read the inventory back in the canonical format: list, show, history.

Entities come back as the same nested mappings the import reads (references as
codes and names), so ``export --format yaml`` re-imports to an identical store.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from govops.errors import InputError, one_of_words
from govops.store.discovered import discovered_tables
from govops.store.inventory.fields import KEY_FIELD, KINDS, flatten, header_match, kind_of_name
from govops.store.inventory.importer import HISTORY_KIND, ORDER, iter_views, load_views
from govops.store.models import Device, HistoryEntry
from govops.util.hints import did_you_mean
from govops.vocab import NETWORK_KINDS, field_word, yes_no, yes_no_words
from govops.vocab.values import values_as_given

# What `--where field=` matches an empty field with.
_EMPTY = ("", "null", "none")


def bandwidth_polled() -> ColumnElement[bool]:
    """The devices the bandwidth agent polls from the store, and the bandwidth file_sd lists: one rule.

    In service, a network kind (the vocabulary's set), a management address and SNMP settings; a device
    in one list only would 404 on ``/probe`` or be polled with nothing scraping it.
    """
    return and_(Device.status == "in_service", Device.kind.in_(NETWORK_KINDS), Device.mgmt_ip.is_not(None),
                Device.snmp.is_not(None))


def resolve_kind(text: str) -> str:
    """Return the kind named by ``text`` (plural, singular or Chinese).

    Raises:
        InputError: For an unknown kind, with a did-you-mean.
    """
    kind = kind_of_name(text)
    if kind is None:
        raise InputError(
            f"unknown kind {text!r}", where="KIND", hint=did_you_mean(text, KINDS) or f"kinds: {', '.join(KINDS)}"
        )
    return kind


FLAT_KINDS = ("departments", "rooms", "devices")


def from_view(kind: str, view: dict[str, Any]) -> dict[str, Any]:
    """Turn a stored view into the canonical nested row, leaving out empty values."""
    view = values_as_given(view)  # dates a ledger gave to the month or year as given (2019-03, 2016)
    if kind == "devices":
        # Nothing nests and nothing is a float: keep `list devices` fast on 100,000 rows.
        return {k: v for k, v in view.items() if v is not None and k != "id"}
    if kind in FLAT_KINDS:
        return {
            k: int(v) if isinstance(v, float) and v.is_integer() else v
            for k, v in view.items()
            if v is not None and k != "id"
        }
    out: dict[str, Any] = {}
    for col, stored in view.items():
        if col == "id" or stored is None or stored == []:
            continue
        # `racks: 20`, `bandwidth_mbps: 2000`: readable, and re-imports as the same float.
        value = int(stored) if isinstance(stored, float) and stored.is_integer() else stored
        if kind == "links" and col in ("a_device", "a_interface"):
            out.setdefault("a_end", {})["device" if col == "a_device" else "interface"] = value
        elif kind == "links" and col == "z_department":
            out["z_end"] = value
        elif kind == "systems" and col in ("room", "cloud"):
            out.setdefault("hosting", {})[col] = value
        elif kind == "systems" and col.startswith(("migration_", "dengbao_")):
            group, sub = col.split("_", 1)
            out.setdefault(group, {})[sub] = value
        elif kind == "systems" and col == "classified" and value is False:
            continue
        else:
            out[col] = value
    return out


def list_entities(
    session: Session, kind: str, where: list[str] | None = None, *, dates_as_text: bool = False
) -> list[dict[str, Any]]:
    """Return every entity of ``kind`` as canonical rows, filtered by ``field=value`` conditions.

    Args:
        session: An open store session.
        kind: One of the five kinds.
        where: ``field=value`` conditions, all of which must hold.
        dates_as_text: Give dates as ISO text (for JSON) rather than ``date`` objects.

    Raises:
        InputError: For a malformed condition or an unknown field.
    """
    return list(iter_entities(session, kind, where, dates_as_text=dates_as_text))


def iter_entities(
    session: Session, kind: str, where: list[str] | None = None, *, dates_as_text: bool = False
) -> Iterator[dict[str, Any]]:
    """``list_entities`` one row at a time, in id order, for writers that stream (memory flat in the store).

    The conditions are checked before the first row is read, so a bad one fails before any output.

    Raises:
        InputError: For a malformed condition or an unknown field.
    """
    conditions = [_parse_condition(kind, text) for text in where or []]
    return _matching(session, kind, conditions, dates_as_text)


def _matching(
    session: Session, kind: str, conditions: list[tuple[str, str]], dates_as_text: bool
) -> Iterator[dict[str, Any]]:
    for view in iter_views(session, kind, dates_as_text=dates_as_text, drop_none=True):
        row = from_view(kind, view)
        if all(_matches(row, name, value) for name, value in conditions):
            yield row


def _parse_condition(kind: str, text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise InputError(f"condition {text!r} is not field=value", where="--where")
    from govops.store.inventory.fields import FLAT_FIELDS

    if name not in FLAT_FIELDS[kind]:
        # The field as the table heads it (类型 kind), by its label or a header import reads (类型, 设备类型); not
        # one with a unit (内存(GB)), which would change the value compared.
        found = header_match(kind, name) or header_match(kind, name.rpartition(" ")[2])
        if found is None or found.unit is not None:
            raise InputError(
                f"unknown field `{name}` for {kind}", where="--where", hint=did_you_mean(name, FLAT_FIELDS[kind])
            )
        name = found.field
    value = value.strip()
    if value not in _EMPTY and FLAT_FIELDS[kind][name] is bool:
        # true/false as before, or any yes/no word import reads (是, 否, 自建) or the cell as shown (是 yes).
        said = yes_no(value, name)
        said = yes_no(value.rpartition(" ")[2], name) if said is None else said
        if said is None:  # a typo, as for a word no row can hold
            raise InputError(f"`{name}` is never {value!r}", where="--where",
                             hint=f"{yes_no_words(name)}, true or false (an empty field: none)")
        value = _text(said)
    elif value not in _EMPTY:
        value = field_word(kind, name, value)  # 交换机 or a cell as shown (交换机 switch): the stored word, switch
    words = typing.get_args(FLAT_FIELDS[kind][name]) if typing.get_origin(FLAT_FIELDS[kind][name]) is Literal else ()
    if words and value not in (*words, *_EMPTY):
        # A value no row can hold is a typo: an empty list would read as "none of them".
        raise InputError(f"`{name}` is never {value!r}", where="--where",
                         hint=did_you_mean(value, words) or f"{one_of_words(words)} (an empty field: none)")
    return name, value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def _matches(row: dict[str, Any], name: str, value: str) -> bool:
    flat = flatten(row)
    if name == "runs_on":
        return value in (row.get("runs_on") or [])
    got = flat.get(name)
    if got is None:
        return value in _EMPTY
    return _text(got) == value


def history_of(
    session: Session,
    *,
    kind: str | None = None,
    key: str | None = None,
    since: dt.date | None = None,
    limit: int | None = 100,
) -> list[dict[str, Any]]:
    """Return history entries, newest first, optionally for one kind, one entity, or since a day."""
    stmt = select(HistoryEntry).order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
    if kind:
        stmt = stmt.where(HistoryEntry.entity_kind == HISTORY_KIND.get(kind, kind))
    if key:
        stmt = stmt.where(HistoryEntry.entity_key == key)
    if since:
        stmt = stmt.where(HistoryEntry.at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
    if limit:
        stmt = stmt.limit(limit)
    return [
        {"at": h.at, "source": h.source, "actor": h.actor, "action": h.action, "kind": h.entity_kind,
         "key": h.entity_key, "field": h.field, "old": h.old, "new": h.new}
        for h in session.scalars(stmt)
    ]  # fmt: skip


def show(session: Session, name: str, *, history_limit: int | None = 100) -> list[dict[str, Any]]:
    """Find departments, rooms, devices, links and systems whose code or name is ``name``.

    Returns:
        One ``{"entity_kind", "entity", "history"}`` per match (a room and its department may share a name); a device's
        also has ``tables``, its discovered tables (``govops.store.discovered``: rows stored, partial or whole).

    Raises:
        InputError: When nothing matches, with the closest names.
    """
    found: list[dict[str, Any]] = []
    candidates: list[str] = []
    for kind in ORDER:
        for key, view in load_views(session, kind).items():
            candidates.append(key)
            if key == name or view.get("name") == name:
                item = {
                    # Which table it is (HistoryEntry.entity_kind): a device's own ``kind`` (server, switch) is
                    # in ``entity``.
                    "entity_kind": HISTORY_KIND[kind],
                    "entity": from_view(kind, view),
                    "history": history_of(session, kind=kind, key=view[KEY_FIELD[kind]], limit=history_limit),
                }
                if kind == "devices":
                    item["tables"] = discovered_tables(session, view["id"])
                found.append(item)
    if not found:
        raise InputError(f"nothing in the inventory is called {name!r}", hint=did_you_mean(name, candidates))
    return found
