"""The one exposition path of every govops agent: metric families and the Prometheus text format.

Every collector of every agent yields ``Family`` objects and nothing else; the
runtime renders them with ``render``. The standard library only: the host agent
runs on the Pythons that CentOS 7 (3.6), Kylin V10 and openEuler 20.03 (3.7)
ship, where current ``prometheus_client`` does not import.

Rendering is done once per completed poll and cached by the runtime, not per
scrape; ``Family`` keeps samples as pre-escaped label strings so that rendering
is one string join per sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

TEXT_TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


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
    if -1e15 < value < 1e15:  # finite and not NaN: the common case first (every sample of every scrape)
        whole = int(value)
        return str(whole) if whole == value else repr(float(value))
    if value == math.inf:
        return "+Inf"
    if value == -math.inf:
        return "-Inf"
    if math.isnan(value):
        return "NaN"
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
    ``labels`` is the rendered text that follows the family name: ``{...}`` (or
    nothing), preceded by the sample's suffix for histograms and summaries
    (``_bucket{le="1"}``, ``_sum``), so rendering a cached snapshot is one join.

    >>> f = Family("node_load1", "1m load average.", "gauge")
    >>> f.add((), 0.5)
    >>> print(render([f]), end="")
    # HELP node_load1 1m load average.
    # TYPE node_load1 gauge
    node_load1 0.5
    """

    __slots__ = ("_order", "_sorted_names", "documentation", "labelnames", "name", "samples", "type")

    def __init__(self, name: str, documentation: str, type: str = "gauge", labelnames: Sequence[str] = ()) -> None:
        if type not in TEXT_TYPES:
            raise ValueError(f"Family supports {', '.join(TEXT_TYPES)}, not {type!r}")
        self.name = name
        self.documentation = documentation
        self.type = type
        self.labelnames = tuple(labelnames)
        self.samples: list[tuple[str, float]] = []
        # Labels are written sorted by name, as the Go and Python clients write them: stable text.
        self._order = sorted(range(len(self.labelnames)), key=self.labelnames.__getitem__)
        self._sorted_names = tuple(self.labelnames[i] for i in self._order)

    def add(self, labelvalues: Sequence[str], value: float) -> None:
        """Append one sample with label values in the order of ``labelnames``."""
        if len(labelvalues) != len(self.labelnames):
            raise ValueError(f"{self.name}: {len(labelvalues)} label values for labels {self.labelnames}")
        values = [labelvalues[i] for i in self._order]
        self.samples.append((label_string(self._sorted_names, values), value))

    def label_text(self, labelvalues: Sequence[str]) -> str:
        """Return the rendered label part for ``labelvalues`` (in ``labelnames`` order), for ``add_text``.

        A collector that writes many families with the same labels (an interface's eight counters)
        renders and escapes them once.
        """
        if len(labelvalues) != len(self.labelnames):
            raise ValueError(f"{self.name}: {len(labelvalues)} label values for labels {self.labelnames}")
        return label_string(self._sorted_names, [labelvalues[i] for i in self._order])

    def add_text(self, labels: str, value: float) -> None:
        """Append one sample whose label part came from ``label_text`` of a family with the same label names."""
        self.samples.append((labels, value))


def _render_family(fam: Family) -> str:
    name = fam.name
    lines = [f"# HELP {name} {escape_help(fam.documentation)}\n# TYPE {name} {fam.type}\n"]
    lines += [f"{name}{labels} {format_value(value)}\n" for labels, value in fam.samples]
    return "".join(lines)


def render(families: Iterable[Family]) -> str:
    """Render metric families as text exposition format 0.0.4."""
    return "".join([_render_family(fam) for fam in families])


def render_chunks(families: Iterable[Family]) -> list[bytes]:
    """Render metric families as ``render`` does, encoded, one chunk per family (``b"".join`` is the text).

    The agents cache these and a scrape joins them: one family's lines exist at a time while rendering
    (a 2,000-device bandwidth snapshot has ~900,000 lines), and no str copy of the whole text is made.
    """
    return [_render_family(fam).encode("utf-8") for fam in families]


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
