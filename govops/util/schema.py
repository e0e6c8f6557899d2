"""Build frozen dataclasses from untrusted mappings, with errors that name the place.

Used by importers (YAML/CSV/Excel rows) and the catalogue loader alike, so every
bad input error says ``file:line``, the field, what was expected and, for an
unknown field, the closest known name.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from govops.errors import BadValue, BadValues, InputError, Place, one_of_words
from govops.util.hints import did_you_mean
from govops.util.limits import shown, shown_text

T = TypeVar("T")


def coerce(value: Any, tp: Any, *, field: str, where: str, line: int | None) -> Any:
    """Convert ``value`` to the annotated type ``tp`` or raise an ``InputError`` naming the field."""

    def fail(expected: str, hint: str | None = None) -> InputError:
        return BadValue(field, shown_text(value, field), expected, where=Place.at(where, line), hint=hint)

    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return coerce(value, inner[0], field=field, where=where, line=line)
        raise fail(" or ".join(getattr(a, "__name__", str(a)) for a in inner))
    if value is None:
        raise fail("a value")
    if origin is typing.Literal:
        if value in args:
            return value
        raise fail(one_of_words(args), did_you_mean(str(value), map(str, args)))
    if origin in (list, tuple):
        if not isinstance(value, list | tuple):
            raise fail("a list")
        items = [coerce(v, args[0], field=field, where=where, line=line) for v in value]
        return tuple(items) if origin is tuple else items
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, Mapping):
            raise fail("a mapping")
        return build(tp, value, where=where, line=line)
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise fail("true or false")
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise fail("an integer")
    if tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise fail("a number")
    if tp is str:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        raise fail("text")
    if getattr(tp, "__module__", None) == "datetime" and tp.__name__ == "date":
        import datetime as dt  # here: few rows have a date, and importing it costs a catalogue load ~1 ms

        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise fail("an ISO date (YYYY-MM-DD)") from None
    if tp is Any or tp is object:
        return value
    raise TypeError(f"unsupported field type {tp!r} for `{field}`")


Convert = Callable[[Any, str, str, "int | None"], Any]  # (value, field, where, line) -> the typed value


@functools.lru_cache(maxsize=512)
def _converter(tp: Any) -> Convert:
    """``coerce`` for one annotated type, its shape worked out once (a catalogue load converts ~10,000 values).

    Each converter takes the common case (the value already has the exact type) without a call and hands
    everything else to ``coerce``, so every error and every conversion is ``coerce``'s own.
    """

    def generic(value: Any, field: str, where: str, line: int | None) -> Any:
        return coerce(value, tp, field=field, where=where, line=line)

    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            return generic
        one, optional = _converter(inner[0]), len(args) > 1

        def union(value: Any, field: str, where: str, line: int | None) -> Any:
            if value is None and optional:
                return None
            return one(value, field, where, line)

        return union
    if origin in (list, tuple):
        item, as_tuple = _converter(args[0]), origin is tuple

        def sequence(value: Any, field: str, where: str, line: int | None) -> Any:
            if type(value) is not list and not isinstance(value, list | tuple):
                return generic(value, field, where, line)
            items = [item(v, field, where, line) for v in value]
            return tuple(items) if as_tuple else items

        return sequence
    if origin is typing.Literal and all(isinstance(a, str) for a in args):
        allowed = frozenset(args)  # words: a value equal to one is that word

        def word(value: Any, field: str, where: str, line: int | None) -> Any:
            return value if type(value) is str and value in allowed else generic(value, field, where, line)

        return word
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        cls = tp

        def nested(value: Any, field: str, where: str, line: int | None) -> Any:
            if isinstance(value, Mapping):
                return build(cls, value, where=where, line=line)
            return generic(value, field, where, line)

        return nested
    if tp in (str, int, bool, float):
        exact = tp  # an exact str, int, bool or float converts to itself; a subclass (bool for int) goes through coerce

        def scalar(value: Any, field: str, where: str, line: int | None) -> Any:
            return value if type(value) is exact else generic(value, field, where, line)

        return scalar
    return generic


@functools.lru_cache(maxsize=256)
def _described(cls: type) -> tuple[dict[str, Convert], tuple[str, ...]]:
    """Each field's converter, and the required fields in order (resolving the hints costs ~1 ms per class)."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    converters = {f.name: _converter(hints[f.name]) for f in fields}
    required = tuple(
        f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    return converters, required


def build(cls: type[T], data: Mapping[str, Any], *, where: str, line: int | None = None) -> T:
    """Build dataclass ``cls`` from ``data``, rejecting unknown and missing fields.

    Args:
        cls: A dataclass whose annotations describe the accepted fields.
        data: The mapping read from YAML, CSV or Excel; a ``LineDict`` gives per-key lines.
        where: The file (or file and sheet) the mapping came from.
        line: The mapping's own line, used when a key has no line of its own.

    Raises:
        InputError: Naming ``where:line``, the field, and a did-you-mean for unknown fields.
    """
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    try:
        row: T = _build(cls, data, where=where, line=line)
    except InputError as exc:
        raise _in_row(exc, data) from None
    return row


def _in_row(exc: InputError, data: Mapping[str, Any]) -> InputError:
    """``exc`` naming the row it came from by its ``id`` (a catalogue row's stable name), when it has one."""
    row_id = data.get("id")
    if not isinstance(row_id, str | int) or isinstance(row_id, bool):
        return exc
    if isinstance(exc, BadValues):  # told at the row's first bad field, every one of them named
        first = exc.each[0]
        return InputError(f"row {shown(row_id)}: {'; '.join(b.detail for b in exc.each)}", where=first.where,
                          hint=first.hint)  # fmt: skip
    return InputError(f"row {shown(row_id)}: {exc.detail}", where=exc.where, hint=exc.hint)


def _build(cls: Any, data: Mapping[str, Any], *, where: str, line: int | None) -> Any:
    converters, required = _described(cls)
    if type(data) is dict:  # a compiled form's row: no lines to look up
        line_of, own_line = None, line
    else:
        line_of = getattr(data, "line_of", None)
        line_of = line_of if callable(line_of) else None
        own_line = getattr(data, "line", None) or line
    for key in data:
        if key not in converters:
            raise InputError(
                f"unknown field `{key}`",
                where=Place.at(where, (line_of(key) if line_of else None) or own_line),
                hint=did_you_mean(str(key), converters),
            )
    for name in required:
        if name not in data:
            raise InputError(f"missing required field `{name}`", where=Place.at(where, own_line))
    kwargs: dict[str, Any] = {}
    bad: list[BadValue] = []  # every bad value of the row, not only its first
    for key, value in data.items():
        try:
            kwargs[key] = converters[key](value, key, where, (line_of(key) if line_of else None) or own_line)
        except BadValues as exc:  # a nested mapping's
            bad.extend(exc.each)
        except BadValue as exc:
            bad.append(exc)
    if bad:
        raise bad[0] if len(bad) == 1 else BadValues(bad)
    return cls(**kwargs)
