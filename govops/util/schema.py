"""Build frozen dataclasses from untrusted mappings, with errors that name the place.

Used by importers (YAML/CSV/Excel rows) and the catalogue loader alike, so every
bad input error says ``file:line``, the field, what was expected and, for an
unknown field, the closest known name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from govops.errors import InputError
from govops.util.hints import did_you_mean
from govops.util.limits import shown

T = TypeVar("T")

LineOf = Callable[[str], int | None]


def _place(where: str, line: int | None) -> str:
    return f"{where}:{line}" if line else where


def _line_of(data: Mapping[str, Any]) -> LineOf:
    getter = getattr(data, "line_of", None)
    if callable(getter):
        return typing.cast(LineOf, getter)
    return lambda _key: None


def coerce(value: Any, tp: Any, *, field: str, where: str, line: int | None) -> Any:
    """Convert ``value`` to the annotated type ``tp`` or raise an ``InputError`` naming the field."""

    def fail(expected: str) -> InputError:
        return InputError(f"field `{field}`: expected {expected}, got {shown(value, field)}", where=_place(where, line))

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
        raise InputError(
            f"field `{field}`: {shown(value, field)} is not one of {', '.join(map(str, args))}",
            where=_place(where, line),
            hint=did_you_mean(str(value), map(str, args)),
        )
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
    if tp is dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise fail("an ISO date (YYYY-MM-DD)") from None
    if tp is Any or tp is object:
        return value
    raise TypeError(f"unsupported field type {tp!r} for `{field}`")


@functools.lru_cache(maxsize=256)
def _described(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """The resolved field types and the fields of a dataclass (resolving hints costs ~1 ms per class)."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


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
    hints, fields = _described(cls)
    line_of = _line_of(data)
    own_line = getattr(data, "line", None) or line
    for key in data:
        if key not in fields:
            raise InputError(
                f"unknown field `{key}`",
                where=_place(where, line_of(key) or own_line),
                hint=did_you_mean(str(key), fields),
            )
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required:
                raise InputError(f"missing required field `{name}`", where=_place(where, own_line))
            continue
        kwargs[name] = coerce(
            data[name], hints[name], field=name, where=where, line=line_of(name) or own_line
        )
    return cls(**kwargs)
