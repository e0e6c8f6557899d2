"""The KPI catalogue (``catalogue.yaml``) with the city's own settings applied.

A city overrides a KPI's ``target`` and ``params`` in ``config.toml``::

    [kpi.cloud_rate]
    target = 0.85
    origins = ["self_built", "provincial"]

    [kpi.dengbao_coverage_rate]
    period_days_l2 = 1095

Every value is checked against the default's type and its allowed range or
words, so a typo is an error naming the key, never a silently different figure.
The printed definition is the catalogue's text with the values in force.
``[reports] cloud_target``, ``dengbao_target`` and ``dengbao_period_days`` are
read as the older names of ``[kpi.cloud_rate] target``,
``[kpi.dengbao_coverage_rate] target`` and the level-3 period.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from govops.errors import ConfigError
from govops.store.tables import DEVICE_KINDS, LINK_ROLES, SYSTEM_ORIGINS
from govops.util.compiled import load_documents
from govops.util.schema import build
from govops.vocab import enum_label

CATALOGUE = Path(__file__).with_name("catalogue.yaml")

Unit = Literal["share", "mean", "gbps"]
Subject = Literal["systems", "devices", "rooms", "links", "prometheus"]
Direction = Literal["at_least", "at_most"]

# What each parameter may hold: allowed words for lists/strings, (lo, hi) for numbers.
PARAM_WORDS: dict[str, tuple[str, ...]] = {
    "kinds": DEVICE_KINDS,
    "origins": SYSTEM_ORIGINS,
    "role": LINK_ROLES,
    "window": ("1d", "30d", "365d"),  # the energy-PUE windows recorded in power.rules.yml
}
# The vocabulary's enumeration of each word parameter: a definition names the words by their labels.
PARAM_ENUMS: dict[str, str] = {"kinds": "device_kind", "origins": "origin", "role": "link_role"}
PARAM_RANGES: dict[str, tuple[int, int]] = {
    "min_level": (1, 5),
    "period_days": (1, 3650),
    "period_days_l3": (1, 3650),
    "period_days_l2": (1, 3650),
}
# Older [reports] keys and where they now live.
REPORT_ALIASES: dict[str, tuple[tuple[str, str], ...]] = {
    "cloud_target": (("cloud_rate", "target"),),
    "dengbao_target": (("dengbao_coverage_rate", "target"),),
    "dengbao_period_days": (("dengbao_coverage_rate", "period_days_l3"), ("dengbao_l3_pass_rate", "period_days")),
}


@dataclass(frozen=True)
class Kpi:
    """One row of ``catalogue.yaml``; ``kpi_catalogue`` returns it with the city's settings in force."""

    key: str
    label_zh: str
    label_en: str
    unit: Unit
    subject: Subject
    direction: Direction
    target: float | None
    definition_zh: str
    definition_en: str
    source: str
    params: Any = None  # parameter name -> value (a mapping, checked in load_rows)

    def label(self, lang: str) -> str:
        """The label in ``lang`` (zh or en)."""
        return self.label_zh if lang == "zh" else self.label_en

    def definition(self, lang: str) -> str:
        """The definition in ``lang`` with the parameters in force filled in."""
        text = self.definition_zh if lang == "zh" else self.definition_en
        sep = "、" if lang == "zh" else ", "
        params = self.params or {}

        def words(name: str, value: Any) -> str:
            enum = PARAM_ENUMS.get(name)
            items = value if isinstance(value, list | tuple) else [value]
            return sep.join(enum_label(enum, str(v), lang) if enum else str(v) for v in items)

        shown = {k: words(k, v) for k, v in params.items()}
        # str.format on our own catalogue text; the values are validated words and numbers.
        return text.format(**shown)

    def meets(self, value: float | None) -> bool | None:
        """Whether ``value`` meets the target (None without a target or a value)."""
        if self.target is None or value is None:
            return None
        return value >= self.target if self.direction == "at_least" else value <= self.target


def load_rows(path: Path = CATALOGUE) -> list[Kpi]:
    """Read the catalogue file (its compiled form once it was accepted: every report reads it, and
    PyYAML's import and the parse were a tenth of a report's start-up).

    Raises:
        ConfigError: Naming file:line for a malformed row or a duplicate key.
    """
    return load_documents("kpi-catalogue", [path], lambda docs: _rows(docs[0], path))


def _rows(doc: Any, path: Path) -> list[Kpi]:
    if not isinstance(doc, dict) or not isinstance(doc.get("kpis"), list):
        raise ConfigError(f"{path}: expected a mapping with a list `kpis`")
    rows: list[Kpi] = []
    for raw in doc["kpis"]:
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: every KPI is a mapping")
        row = build(Kpi, raw, where=str(path))
        if not isinstance(row.params, dict | None):
            raise ConfigError(f"{path}:{getattr(raw, 'line', 0)}: `params` of {row.key} must be a mapping")
        if any(r.key == row.key for r in rows):
            raise ConfigError(f"{path}:{getattr(raw, 'line', 0)}: duplicate KPI key {row.key!r}")
        rows.append(row)
    return rows


def _check_param(key: str, name: str, default: Any, value: Any) -> Any:
    where = f"config.toml [kpi.{key}] {name}"
    if isinstance(default, list):
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} = {value!r}: expected a non-empty list of words")
        allowed = PARAM_WORDS.get(name)
        bad = [v for v in value if allowed is not None and v not in allowed]
        if bad:
            raise ConfigError(f"{where}: {bad[0]!r} is not one of {', '.join(allowed or ())}")
        return list(value)
    if isinstance(default, int) and not isinstance(default, bool):
        lo, hi = PARAM_RANGES.get(name, (0, 10**9))
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ConfigError(f"{where} = {value!r}: expected a whole number between {lo} and {hi}")
        return value
    allowed = PARAM_WORDS.get(name)
    if not isinstance(value, str) or (allowed is not None and value not in allowed):
        raise ConfigError(f"{where} = {value!r}: expected one of {', '.join(allowed or ('text',))}")
    return value


def _check_target(key: str, unit: str, value: Any) -> float | None:
    hi = 1.0 if unit == "share" else 1e6
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= hi:
        raise ConfigError(f"config.toml [kpi.{key}] target = {value!r}: expected a number between 0 and {hi:g}")
    return float(value)


def _overrides(cfg: Mapping[str, Any], keys: set[str]) -> dict[str, dict[str, Any]]:
    section = cfg.get("kpi", {})
    if not isinstance(section, dict):
        raise ConfigError("config.toml [kpi] must be a table of [kpi.<key>] tables")
    out: dict[str, dict[str, Any]] = {}
    reports = cfg.get("reports", {})
    if isinstance(reports, dict):
        for old, places in REPORT_ALIASES.items():
            if old in reports:
                for key, name in places:
                    out.setdefault(key, {})[name] = reports[old]
    for key, table in section.items():
        if key not in keys:
            close = difflib.get_close_matches(key, sorted(keys), n=1)
            raise ConfigError(
                f"config.toml [kpi.{key}]: no such KPI", hint=f"did you mean {close[0]}?" if close else None
            )
        if not isinstance(table, dict):
            raise ConfigError(f"config.toml [kpi.{key}] must be a table")
        out.setdefault(key, {}).update(table)
    return out


def kpi_catalogue(cfg: Mapping[str, Any] | None = None, *, path: Path = CATALOGUE) -> list[Kpi]:
    """The catalogue with the config's ``[kpi.<key>]`` overrides applied, in catalogue order.

    Raises:
        ConfigError: Naming the key or value that is wrong.
    """
    rows = load_rows(path)
    overrides = _overrides(cfg or {}, {r.key for r in rows})
    out: list[Kpi] = []
    for row in rows:
        params = dict(row.params or {})
        target = row.target
        for name, value in overrides.get(row.key, {}).items():
            if name == "target":
                target = _check_target(row.key, row.unit, value)
            elif name in params:
                params[name] = _check_param(row.key, name, params[name], value)
            else:
                known = ["target", *params]
                close = difflib.get_close_matches(name, known, n=1)
                raise ConfigError(
                    f"config.toml [kpi.{row.key}]: unknown key {name!r}",
                    hint=f"did you mean {close[0]}?" if close else f"known keys: {', '.join(known)}",
                )
        out.append(replace(row, target=target, params=params))
    return out


def kpi_by_key(kpis: list[Kpi]) -> dict[str, Kpi]:
    """Index KPIs by key."""
    return {k.key: k for k in kpis}
