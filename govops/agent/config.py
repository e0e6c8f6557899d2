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
Python 3.6 inside the host-agent zipapp: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from govops.errors import ConfigError, InputError
from govops.util.hints import did_you_mean
from govops.util.section import SCHEDULE_KEYS, CollectorConfig, Section
from govops.util.yamlio import load_yaml_file

__all__ = [
    "COMMON_KEYS",
    "SCHEDULE_KEYS",
    "AgentConfig",
    "CollectorConfig",
    "CollectorFactory",
    "Section",
    "load_agent_config",
    "parse_agent_config",
]


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
                key, f"unknown collector {name!r} (known: {', '.join(known)})", hint=did_you_mean(name, known)
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
