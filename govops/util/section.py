"""Typed access to a mapping read from a config file, with errors naming ``file:line``.

Agents and their collectors read options through a ``Section``; every accessor
checks the type and raises ``ConfigError`` naming the file, the line and the
dotted key, with a did-you-mean for unknown keys. Runs on Python 3.6 (the host
agent's zipapp).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govops.errors import ConfigError
from govops.util.hints import did_you_mean
from govops.util.limits import shown

SCHEDULE_KEYS = ("interval_seconds", "timeout_seconds")

_MISSING: Any = object()


class Section:
    """A mapping read from a config file that knows where it came from.

    Accessors convert and check types and raise ``ConfigError`` naming
    ``file:line`` and the key; collectors read their options through one.
    """

    def __init__(self, data: Mapping[str, Any] | None, where: str, prefix: str = "") -> None:
        self.data: Mapping[str, Any] = data if data is not None else {}
        self.where = where
        self.prefix = prefix
        self.line: int = int(getattr(data, "line", 0) or 0)

    def line_of(self, key: str) -> int:
        """Return the line of ``key`` (or of the section itself, or 0 when unknown)."""
        getter = getattr(self.data, "line_of", None)
        return int(getter(key)) if callable(getter) else self.line

    def place(self, key: str | None = None) -> str:
        """Return ``file:line`` of ``key`` (or of the section)."""
        line = self.line_of(key) if key is not None else self.line
        return f"{self.where}:{line}" if line else self.where

    def error(self, key: str | None, message: str, hint: str | None = None) -> ConfigError:
        """Build a ConfigError naming the place of ``key`` and its dotted path."""
        dotted = f"{self.prefix}{key}" if key is not None else self.prefix.rstrip(".")
        name = f"`{dotted}`: " if dotted else ""
        return ConfigError(f"{self.place(key)}: {name}{message}", hint=hint)

    def check_keys(self, allowed: Iterable[str]) -> None:
        """Reject keys that are not in ``allowed``, with a did-you-mean."""
        known = set(allowed)
        for key in self.data:
            if key not in known:
                raise self.error(key, "unknown key", hint=did_you_mean(str(key), known))

    def has(self, key: str) -> bool:
        """Return whether ``key`` is present (and not null)."""
        return self.data.get(key) is not None

    def raw(self, key: str, default: Any = None) -> Any:
        """Return the value as parsed, without conversion."""
        value = self.data.get(key)
        return default if value is None else value

    def get_str(self, key: str, default: Any = _MISSING) -> str:
        """Return a text value (numbers are accepted and converted)."""
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.error(key, f"expected text, got {shown(value, key)}")
        return str(value)

    def get_float(self, key: str, default: Any = _MISSING, minimum: float | None = None) -> float:
        """Return a number, optionally checked against a lower bound (exclusive of 0 when minimum is 0)."""
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected a number, got {shown(value, key)}")
        if minimum is not None and value <= minimum:
            raise self.error(key, f"must be greater than {minimum:g}, got {shown(value, key)}")
        return float(value)

    def get_int(self, key: str, default: Any = _MISSING, minimum: int | None = None) -> int:
        """Return an integer, optionally at least ``minimum``."""
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected an integer, got {shown(value, key)}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {shown(value, key)}")
        return value

    def get_bool(self, key: str, default: Any = _MISSING) -> bool:
        """Return true or false."""
        value = self._value(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {shown(value, key)}")
        return value

    def get_choice(self, key: str, choices: Iterable[str], default: Any = _MISSING) -> str:
        """Return one of ``choices``."""
        options = list(choices)
        value = self.get_str(key, default)
        if value not in options:
            hint = did_you_mean(value, options)
            raise self.error(key, f"{shown(value)} is not one of {', '.join(options)}", hint=hint)
        return value

    def get_path(self, key: str, default: Any = _MISSING) -> Path:
        """Return a path; a relative one is taken relative to the config file's folder."""
        value = Path(self.get_str(key, default)).expanduser()
        if not value.is_absolute() and self.where and Path(self.where).parent != Path(""):
            value = Path(self.where).parent / value
        return value

    def section(self, key: str) -> Section:
        """Return the nested mapping under ``key`` (an empty one when absent)."""
        value = self.data.get(key)
        if value is None:
            return Section({}, self.where, f"{self.prefix}{key}.")
        if not isinstance(value, Mapping):
            raise self.error(key, f"expected a mapping, got {shown(value, key)}")
        sec = Section(value, self.where, f"{self.prefix}{key}.")
        if not sec.line:
            sec.line = self.line_of(key)
        return sec

    def _value(self, key: str, default: Any) -> Any:
        value = self.data.get(key)
        if value is None:
            if default is _MISSING:
                raise self.error(key, "is required")
            return default
        return value


@dataclass(frozen=True)
class CollectorConfig:
    """One enabled collector: schedule plus its own options."""

    name: str
    interval_seconds: float
    timeout_seconds: float
    options: Section

    def check_options(self, allowed: Iterable[str]) -> Section:
        """Reject unknown option keys (schedule keys and ``enabled`` are always allowed); return the options."""
        self.options.check_keys((*allowed, *SCHEDULE_KEYS, "enabled"))
        return self.options
