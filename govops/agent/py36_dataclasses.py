"""The part of ``dataclasses`` the host agent uses, for Python 3.6 (which has no ``dataclasses``).

The zipapp ships this file as ``py36/dataclasses.py`` and its ``__main__`` appends
``py36`` to the END of ``sys.path`` only on an interpreter older than 3.7, so it
never shadows the standard module. It supports what the shipped modules use:
``@dataclass`` and ``@dataclass(frozen=True)``, defaults,
``field(default=..., default_factory=..., repr=...)``, ``fields``, ``replace`` and
``asdict`` (the classifier's records); it generates ``__init__``,
``__repr__``, ``__eq__`` and, when frozen, ``__hash__`` and read-only attributes.
Annotations are strings in the zipapp (``govops.agent.py36``); ``ClassVar`` ones
are not fields. ``tests/integration/agents/test_zipapp_pythons.py`` holds it to
the standard module's behaviour for those uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_MISSING: Any = object()


class FrozenInstanceError(AttributeError):
    """Raised when assigning to a field of a frozen dataclass."""


class Field:
    """One field's name, default, factory and repr flag."""

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr


def field(default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True, **_ignored: Any) -> Any:
    """Describe a field (``default`` or ``default_factory``, ``repr``)."""
    return Field(default, default_factory, repr)


def _fields_of(cls: type) -> list[Field]:
    out: list[Field] = []
    for klass in reversed(cls.__mro__[:-1]):
        for name, ann in vars(klass).get("__annotations__", {}).items():
            if "ClassVar" in str(ann):
                continue
            value = vars(klass).get(name, _MISSING)
            f = value if isinstance(value, Field) else Field(default=value)
            f.name = name
            out = [o for o in out if o.name != name] + [f]
    return out


def _value(cls: type, f: Field, values: dict[str, Any]) -> Any:
    if f.name in values:
        return values[f.name]
    if f.default is not _MISSING:
        return f.default
    if f.default_factory is not _MISSING:
        return f.default_factory()
    raise TypeError(f"{cls.__name__}() missing argument {f.name!r}")


def _process(cls: Any, frozen: bool) -> Any:
    fields = _fields_of(cls)
    names = [f.name for f in fields]
    for f in fields:
        if isinstance(vars(cls).get(f.name), Field):
            if f.default is _MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    cls.__dataclass_fields__ = {f.name: f for f in fields}

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(fields):
            raise TypeError(f"{cls.__name__}() takes {len(fields)} positional arguments")
        values = dict(zip(names, args))  # lengths checked above
        for key, value in kwargs.items():
            if key not in names or key in values:
                raise TypeError(f"{cls.__name__}() got an unexpected or repeated argument {key!r}")
            values[key] = value
        for f in fields:
            object.__setattr__(self, f.name, _value(cls, f, values))
        post = getattr(self, "__post_init__", None)
        if post is not None:
            post()

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields if f.repr)
        return f"{cls.__name__}({shown})"

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in names)

    cls.__init__ = __init__
    cls.__repr__ = __repr__
    cls.__eq__ = __eq__
    cls.__hash__ = None
    if frozen:

        def __setattr__(self: Any, name: str, value: Any = None) -> None:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __hash__(self: Any) -> int:
            return hash(tuple(getattr(self, n) for n in names))

        cls.__setattr__ = __setattr__
        cls.__delattr__ = __setattr__
        cls.__hash__ = __hash__
    return cls


def dataclass(cls: Any = None, frozen: bool = False, **_ignored: Any) -> Any:
    """``@dataclass`` or ``@dataclass(frozen=True)``."""
    if cls is None:
        decorate: Callable[[Any], Any] = lambda c: _process(c, frozen)  # noqa: E731
        return decorate
    return _process(cls, frozen)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a dataclass or of one of its instances, in order."""
    return tuple(getattr(obj, "__dataclass_fields__", {}).values())


def replace(obj: Any, **changes: Any) -> Any:
    """A copy of ``obj`` with ``changes``."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    values.update(changes)
    return obj.__class__(**values)


def asdict(obj: Any) -> Any:
    """``obj`` as plain dicts, lists and tuples, recursively."""
    if hasattr(obj, "__dataclass_fields__") and not isinstance(obj, type):
        return {f.name: asdict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return type(obj)(asdict(v) for v in obj)
    if isinstance(obj, dict):
        return {k: asdict(v) for k, v in obj.items()}
    return obj
