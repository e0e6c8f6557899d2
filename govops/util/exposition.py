"""Metric families and the Prometheus text exposition, with the standard library only.

The host agent runs on the Python that Kylin V10 and openEuler 20.03 ship (3.7),
where current ``prometheus_client`` (3.8+) does not import, so the runtime carries
its own small family type and renderer. ``render`` also accepts
``prometheus_client`` metric families (anything with ``name``, ``documentation``,
``type`` and ``samples`` of ``name``/``labels``/``value``/``timestamp``), so the
bandwidth and power agents may yield either.

Rendering is done once per completed poll and cached by the runtime, not per
scrape; ``Family`` keeps samples as pre-escaped label strings so that rendering
is one string join per sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

# Types the text format knows; prometheus_client's extra ones map onto these.
_TEXT_TYPE = {
    "counter": "counter",
    "gauge": "gauge",
    "histogram": "histogram",
    "summary": "summary",
    "untyped": "untyped",
    "unknown": "untyped",
    "info": "gauge",
    "stateset": "gauge",
    "gaugehistogram": "histogram",
}


def escape_label_value(value: str) -> str:
    r"""Escape a label value for the text format.

    >>> escape_label_value('a"b\\c')
    'a\\"b\\\\c'
    """
    if "\\" in value or '"' in value or "\n" in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return value


def escape_help(text: str) -> str:
    r"""Escape a HELP text (backslash and newline only).

    >>> escape_help("line\\nnext")
    'line\\\\nnext'
    """
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def format_value(value: float) -> str:
    """Format a sample value the way Prometheus parses it.

    >>> format_value(3.0), format_value(0.25), format_value(float("inf")), format_value(float("nan"))
    ('3', '0.25', '+Inf', 'NaN')
    """
    if value == math.inf:
        return "+Inf"
    if value == -math.inf:
        return "-Inf"
    if math.isnan(value):
        return "NaN"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def label_string(names: Sequence[str], values: Sequence[str]) -> str:
    """Return the ``{a="x",b="y"}`` part of a sample line ('' without labels).

    >>> label_string(("cpu", "mode"), ("0", "idle"))
    '{cpu="0",mode="idle"}'
    """
    if not names:
        return ""
    return "{" + ",".join(f'{n}="{escape_label_value(v)}"' for n, v in zip(names, values)) + "}"


class Family:
    """One metric family: name, help, type, label names and samples.

    ``name`` is the full exposed name: counters end in ``_total`` (the runtime does
    not rename), info metrics in ``_info``. Samples are ``(labels, value)`` where
    ``labels`` is already the rendered ``{...}`` text, so rendering a cached
    snapshot is cheap.

    >>> f = Family("govops_load1", "1m load average.", "gauge")
    >>> f.add((), 0.5)
    >>> print(render([f]), end="")
    # HELP govops_load1 1m load average.
    # TYPE govops_load1 gauge
    govops_load1 0.5
    """

    __slots__ = ("documentation", "labelnames", "name", "samples", "type")

    def __init__(self, name: str, documentation: str, type: str = "gauge", labelnames: Sequence[str] = ()) -> None:
        if type not in ("counter", "gauge", "untyped"):
            raise ValueError(f"Family supports counter, gauge and untyped, not {type!r}")
        self.name = name
        self.documentation = documentation
        self.type = type
        self.labelnames = tuple(labelnames)
        self.samples: list[tuple[str, float]] = []

    def add(self, labelvalues: Sequence[str], value: float) -> None:
        """Append one sample with label values in the order of ``labelnames``."""
        if len(labelvalues) != len(self.labelnames):
            raise ValueError(
                f"{self.name}: {len(labelvalues)} label values for labels {self.labelnames}"
            )
        self.samples.append((label_string(self.labelnames, labelvalues), value))


class TextFamily:
    """A family of any text-format type whose samples carry their own names (``x_bucket``, ``x_sum`` ...).

    Used for families read from text (the textfile collector); samples are
    ``(sample name, rendered labels, value)``.
    """

    __slots__ = ("documentation", "name", "samples", "type")

    def __init__(self, name: str, documentation: str, type: str) -> None:
        self.name = name
        self.documentation = documentation
        self.type = _TEXT_TYPE.get(type, "untyped")
        self.samples: list[tuple[str, str, float]] = []


def _render_family(out: list[str], fam: Family) -> None:
    name = fam.name
    out.append(f"# HELP {name} {escape_help(fam.documentation)}\n# TYPE {name} {fam.type}\n")
    for labels, value in fam.samples:
        out.append(f"{name}{labels} {format_value(value)}\n")


def _render_foreign(out: list[str], fam: Any) -> None:
    """Render a prometheus_client ``Metric`` (duck-typed, no import needed)."""
    mtype = _TEXT_TYPE.get(fam.type, "untyped")
    name = fam.name
    if fam.type == "counter" and not name.endswith("_total"):
        name += "_total"
    elif fam.type == "info":
        name += "_info"
    out.append(f"# HELP {name} {escape_help(fam.documentation)}\n# TYPE {name} {mtype}\n")
    for s in fam.samples:
        labels = s.labels
        text = (
            "{" + ",".join(f'{k}="{escape_label_value(str(v))}"' for k, v in labels.items()) + "}"
            if labels
            else ""
        )
        ts = getattr(s, "timestamp", None)
        suffix = f" {int(_timestamp_seconds(ts) * 1000)}" if ts is not None else ""
        out.append(f"{s.name}{text} {format_value(float(s.value))}{suffix}\n")


def _timestamp_seconds(ts: Any) -> float:
    # prometheus_client samples carry either a float or its own Timestamp object.
    if isinstance(ts, (int, float)):
        return float(ts)
    return float(ts.sec) + float(ts.nsec) / 1e9


def render(families: Iterable[Any]) -> str:
    """Render metric families (``Family`` or prometheus_client ``Metric``) as exposition text."""
    out: list[str] = []
    for fam in families:
        if isinstance(fam, Family):
            _render_family(out, fam)
        elif isinstance(fam, TextFamily):
            out.append(f"# HELP {fam.name} {escape_help(fam.documentation)}\n# TYPE {fam.name} {fam.type}\n")
            out.extend(f"{sname}{labels} {format_value(value)}\n" for sname, labels, value in fam.samples)
        else:
            _render_foreign(out, fam)
    return "".join(out)


def gauge(name: str, documentation: str, value: float | None = None, labelnames: Sequence[str] = ()) -> Family:
    """Build a gauge family, with one unlabelled sample when ``value`` is given."""
    fam = Family(name, documentation, "gauge", labelnames)
    if value is not None:
        fam.add((), value)
    return fam


def counter(name: str, documentation: str, value: float | None = None, labelnames: Sequence[str] = ()) -> Family:
    """Build a counter family (``name`` must end in ``_total``)."""
    if not name.endswith("_total"):
        raise ValueError(f"counter {name} must end in _total")
    fam = Family(name, documentation, "counter", labelnames)
    if value is not None:
        fam.add((), value)
    return fam
