"""Agent configuration: one YAML file per agent, collectors enabled by name.

Shape (every key optional; ``agents/<name>.example.yml`` documents each agent)::

    listen: ":9731"                  # host:port, [v6]:port or :port
    web_config_file: web.yml         # Prometheus exporter-toolkit format; relative to this file
    log_format: json                 # json | logfmt
    log_level: info
    failure_threshold: 2             # consecutive failed polls before a collector counts as failed
    defaults: {interval_seconds: 15, timeout_seconds: 10}
    collectors:                      # a mapping name -> options, or a list of names
      cpu: {}
      textfile: {directory: /var/lib/govops/textfile}

Errors name ``file:line`` and suggest the closest known key. This module runs on
Python 3.7 inside the host-agent zipapp: standard library and PyYAML only.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from govops.errors import ConfigError, InputError
from govops.util.yamlio import load_yaml_file

_MISSING: Any = object()


def _did_you_mean(name: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


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
                raise self.error(key, "unknown key", hint=_did_you_mean(str(key), known))

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
            raise self.error(key, f"expected text, got {value!r}")
        return str(value)

    def get_float(self, key: str, default: Any = _MISSING, minimum: float | None = None) -> float:
        """Return a number, optionally checked against a lower bound (exclusive of 0 when minimum is 0)."""
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected a number, got {value!r}")
        if minimum is not None and value <= minimum:
            raise self.error(key, f"must be greater than {minimum:g}, got {value!r}")
        return float(value)

    def get_int(self, key: str, default: Any = _MISSING, minimum: int | None = None) -> int:
        """Return an integer, optionally at least ``minimum``."""
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected an integer, got {value!r}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value!r}")
        return value

    def get_bool(self, key: str, default: Any = _MISSING) -> bool:
        """Return true or false."""
        value = self._value(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}")
        return value

    def get_str_list(self, key: str, default: Any = _MISSING) -> list[str]:
        """Return a list of texts."""
        value = self._value(key, default)
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise self.error(key, f"expected a list of texts, got {value!r}")
        return [str(v) for v in value]

    def get_choice(self, key: str, choices: Iterable[str], default: Any = _MISSING) -> str:
        """Return one of ``choices``."""
        options = list(choices)
        value = self.get_str(key, default)
        if value not in options:
            raise self.error(key, f"{value!r} is not one of {', '.join(options)}", hint=_did_you_mean(value, options))
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
            raise self.error(key, f"expected a mapping, got {value!r}")
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


@dataclass(frozen=True)
class AgentConfig:
    """A validated agent configuration."""

    agent: str
    listen: str
    web_config_file: Path | None = None
    log_format: str = "json"
    log_level: str = "info"
    failure_threshold: int = 2
    collectors: tuple[CollectorConfig, ...] = ()
    source: str = "<defaults>"
    root: Section = field(default_factory=lambda: Section({}, "<defaults>"))


COMMON_KEYS = ("listen", "web_config_file", "log_format", "log_level", "failure_threshold", "defaults", "collectors")
SCHEDULE_KEYS = ("interval_seconds", "timeout_seconds")


def parse_agent_config(
    data: Any,
    *,
    agent: str,
    where: str,
    known_collectors: Iterable[str],
    default_collectors: Iterable[str],
    default_listen: str,
    extra_keys: Iterable[str] = (),
) -> AgentConfig:
    """Validate a parsed config document.

    Args:
        data: The parsed YAML (a mapping, or None for an empty file).
        agent: Agent name, used in messages.
        where: File name for error messages.
        known_collectors: Collector names this agent offers.
        default_collectors: Collectors enabled when the file names none.
        default_listen: Listen address when the file names none.
        extra_keys: Agent-specific top-level keys (read by the agent from ``root``).

    Raises:
        ConfigError: Naming ``file:line`` of the first problem.
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where}: an agent config is a mapping of keys to values, got {type(data).__name__}")
    root = Section(data, where)
    root.check_keys((*COMMON_KEYS, *extra_keys))
    defaults = root.section("defaults")
    defaults.check_keys(SCHEDULE_KEYS)
    interval = defaults.get_float("interval_seconds", 15.0, minimum=0)
    timeout = defaults.get_float("timeout_seconds", min(10.0, interval), minimum=0)
    known = sorted(known_collectors)
    enabled = _enabled_collectors(root, known, list(default_collectors))
    collectors = []
    for name, sec in enabled:
        c_interval = sec.get_float("interval_seconds", interval, minimum=0)
        c_timeout = sec.get_float("timeout_seconds", min(timeout, c_interval), minimum=0)
        if c_timeout > c_interval:
            raise sec.error("timeout_seconds", f"timeout {c_timeout:g}s is longer than the interval {c_interval:g}s")
        collectors.append(CollectorConfig(name, c_interval, c_timeout, sec))
    web = Path(root.get_path("web_config_file")) if root.has("web_config_file") else None
    return AgentConfig(
        agent=agent,
        listen=root.get_str("listen", default_listen),
        web_config_file=web,
        log_format=root.get_choice("log_format", ("json", "logfmt"), "json"),
        log_level=root.get_choice("log_level", ("debug", "info", "warning", "error"), "info"),
        failure_threshold=root.get_int("failure_threshold", 2, minimum=1),
        collectors=tuple(collectors),
        source=where,
        root=root,
    )


def _enabled_collectors(root: Section, known: list[str], default: list[str]) -> list[tuple[str, Section]]:
    raw = root.raw("collectors")
    if raw is None:
        return [(name, Section({}, root.where, f"collectors.{name}.")) for name in default]
    result: list[tuple[str, Section]] = []
    if isinstance(raw, list):
        for item in raw:
            if not isinstance(item, str):
                raise root.error("collectors", f"expected collector names, got {item!r}")
            result.append((item, Section({}, root.where, f"collectors.{item}.")))
    elif isinstance(raw, Mapping):
        colls = root.section("collectors")
        for name in raw:
            sec = colls.section(str(name))
            if not sec.line:
                sec.line = colls.line_of(str(name))
            if sec.has("enabled") and not sec.get_bool("enabled"):
                continue
            result.append((str(name), sec))
    else:
        raise root.error("collectors", "expected a mapping of collector names to options, or a list of names")
    colls = root.section("collectors") if isinstance(raw, Mapping) else root
    for name, _sec in result:
        if name not in known:
            key = name if isinstance(raw, Mapping) else "collectors"
            raise colls.error(
                key, f"unknown collector {name!r} (known: {', '.join(known)})", hint=_did_you_mean(name, known)
            )
    return result


def load_agent_config(
    path: Path | None,
    *,
    agent: str,
    known_collectors: Iterable[str],
    default_collectors: Iterable[str],
    default_listen: str,
    extra_keys: Iterable[str] = (),
) -> AgentConfig:
    """Read and validate an agent config file (defaults when ``path`` is None).

    Raises:
        ConfigError: The file is missing, not YAML, or invalid; the message names file:line.
    """
    if path is None:
        data: Any = {}
        where = "<defaults>"
    else:
        if not path.exists():
            raise ConfigError(f"{path}: config file does not exist", hint=f"see agents/{agent}.example.yml")
        try:
            data = load_yaml_file(path)
        except InputError as exc:
            raise ConfigError(str(exc)) from exc
        where = str(path)
    return parse_agent_config(
        data,
        agent=agent,
        where=where,
        known_collectors=known_collectors,
        default_collectors=default_collectors,
        default_listen=default_listen,
        extra_keys=extra_keys,
    )


CollectorFactory = Callable[[CollectorConfig], Any]
"""Builds a collector from its config; registered by name per agent."""
