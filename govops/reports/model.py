"""One report model, rendered by every renderer (table, JSON, CSV, Markdown, HTML).

A report is a title, headline figures and sections; a section holds figures,
tables, charts and notes. Labels are already translated when the model is
built, so renderers only lay things out; a column of a vocabulary holds codes
(``Column.vocab``), which the renderers for people print as labels. Raw values stay raw (a share is a
fraction between 0 and 1) and each column or figure says how to format it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

# "department": a department code, its empty cell the one no-department label (format_value).
# "number": a count or a sum (a KPI's numerator): whole as an integer, else at most two decimals.
ValueKind = Literal["text", "int", "float", "number", "share", "date", "bool", "pue", "gbps", "department"]
# The kinds the renderers right-align.
NUMERIC_KINDS: tuple[ValueKind, ...] = ("int", "float", "number", "share", "pue", "gbps")
ChartKind = Literal["bar", "pie", "line"]


@dataclass(frozen=True)
class Column:
    """A table column: the key in each row, its translated label and how to format values.

    ``vocab`` names the vocabulary (``<vocab>.<code>`` in the reports' labels, ``govops.reports.i18n``) whose codes
    the column holds: rows keep the code (what JSON carries) and the renderers print its label (``shown``).
    """

    key: str
    label: str
    kind: ValueKind = "text"
    vocab: str | None = None
    # How long the column stays on a narrow terminal (govops.cli.fit): higher stays longer. Terminal layout only:
    # not part of the JSON.
    narrow: int = 0


@dataclass
class Table:
    """A titled table; ``total_rows`` is set when ``rows`` was cut to a limit."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    total_rows: int | None = None

    @property
    def truncated(self) -> bool:
        """Whether the table shows fewer rows than exist."""
        return self.total_rows is not None and self.total_rows > len(self.rows)


@dataclass(frozen=True)
class Figure:
    """A headline number with its label; ``target`` is a goal to compare with, if any.

    ``meets`` is whether the value meets it, as the KPI judges (``Kpi.meets``: a PUE is met at or below its
    target), so a card is never coloured by a second comparison of its own.
    """

    key: str
    label: str
    value: Any
    kind: ValueKind = "int"
    target: float | None = None
    meets: bool | None = None


@dataclass
class Chart:
    """A simple chart: one series of labelled values (bar, pie) or points over time (line)."""

    key: str
    title: str
    kind: ChartKind
    labels: list[str]
    values: list[float | None]
    value_kind: ValueKind = "int"
    target: float | None = None


@dataclass
class Section:
    """A part of a report with its own heading."""

    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    """A whole report.

    ``figures`` are the raw headline figures (the JSON contract for scripts and
    what ``--record`` stores for trends); ``kpis`` the catalogue's KPIs this
    report shows (``govops.kpi``); ``sections`` are what people read.
    """

    kind: str
    title: str
    lang: str
    as_of: dt.date
    generated_at: dt.datetime
    department: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    kpis: list[dict[str, Any]] = field(default_factory=list)
