"""Renderers of the report model: JSON, CSV and Markdown (HTML lives in ``html.py``).

The terminal table renderer lives in the CLI (it uses rich). Every renderer
formats values through ``format_value`` so a share reads the same everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict
from typing import Any

from govops.reports.i18n import Translator
from govops.reports.model import NUMERIC_KINDS, Column, Report, Table, ValueKind
from govops.util.limits import spreadsheet_row
from govops.vocab.values import date_text

DASH = "—"


def format_value(value: Any, kind: ValueKind, t: Translator) -> str:
    """Format one value for people: shares as percentages, booleans as yes/no, None as a dash.

    A department column's empty cell reads as every report names a row without a department.

    >>> format_value(0.4567, "share", Translator("en"))
    '45.7%'
    >>> format_value(None, "int", Translator("zh"))
    '—'
    >>> format_value(True, "bool", Translator("zh"))
    '是'
    >>> format_value(3, "gbps", Translator("zh"))
    '3.0 Gbps'
    >>> format_value(None, "department", Translator("en"))
    'no department'
    >>> [format_value(v, "number", Translator("en")) for v in (3.464769157618586, 52, 1.2, 3.0, 0.001, 1234.5)]
    ['3.46', '52', '1.2', '3', '0.001', '1,234.5']
    """
    if value is None:
        return t("unassigned") if kind == "department" else DASH
    if kind == "share":
        return f"{float(value) * 100:.1f}%"
    if kind == "pue":
        return f"{float(value):.2f}"
    if kind == "float":
        return f"{float(value):,.1f}"
    if kind == "gbps":  # a bandwidth figure says its unit wherever it is shown (a card, a table, a target)
        return f"{float(value):,.1f} Gbps"
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        # A sum of measured PUEs is 3.464769157618586: two decimals, as the PUE beside it; 3.0 reads 3.
        text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
        return f"{float(value):.3g}" if text in ("0", "-0") and value else text
    if kind == "int" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{int(value):,}"
    if kind == "bool" or isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return date_text(value)  # 2026-11 when a ledger gave the month
    return str(value)


def shown(row: dict[str, Any], column: Column, t: Translator) -> Any:
    """The value a renderer for people shows in ``column``: a vocabulary code becomes its label.

    >>> shown({"kind": "server"}, Column("kind", "Kind", vocab="device_kind"), Translator("zh"))
    '服务器'
    >>> shown({"kind": None}, Column("kind", "Kind", vocab="device_kind"), Translator("zh")) is None
    True
    """
    value = row.get(column.key)
    if column.vocab is None or value is None:
        return value
    return t.value(column.vocab, value)


def cell_text(row: dict[str, Any], column: Column, t: Translator) -> str:
    """The printed text of one cell (table, Markdown and HTML)."""
    return format_value(shown(row, column, t), column.kind, t)


def _json_default(obj: object) -> object:
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the JSON shape of a report: ``as_of`` and ``figures`` first (the script contract)."""
    body = asdict(report)
    body.pop("labels", None)
    for section in body["sections"]:
        for table in section["tables"]:
            for column in table["columns"]:
                del column["narrow"]  # a terminal layout hint, not data
    return {
        "kind": report.kind,
        "as_of": report.as_of.isoformat(),
        "department": report.department,
        "figures": body.pop("figures"),
        "kpis": body.pop("kpis"),
        "title": report.title,
        "lang": report.lang,
        "generated_at": report.generated_at.isoformat(timespec="seconds"),
        "notes": report.notes,
        "sections": body["sections"],
    }


def render_json(report: Report) -> str:
    """Render as JSON (Chinese kept readable)."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _table_cells(table: Table, t: Translator) -> list[list[str]]:
    return [[cell_text(row, c, t) for c in table.columns] for row in table.rows]


def _raw_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return date_text(value)
    return str(value)


class _SpreadsheetWriter:
    """CSV writer whose cells cannot run as formulas in a spreadsheet (OWASP's CSV-injection rule)."""

    def __init__(self, buf: io.StringIO) -> None:
        self._out = csv.writer(buf, lineterminator="\n")

    def writerow(self, row: list[Any]) -> None:
        self._out.writerow(spreadsheet_row(row))


def render_csv(report: Report) -> str:
    """Render as CSV: the figures first, then each table, blocks separated by an empty row.

    Each block starts with a row holding its title; values stay raw (a share is a
    fraction) so a spreadsheet can compute with them, and a vocabulary code reads as
    its label, as in the headers (people open it in a spreadsheet; JSON holds the codes).
    """
    t = Translator(report.lang)  # type: ignore[arg-type]
    buf = io.StringIO()
    out = _SpreadsheetWriter(buf)
    out.writerow([report.title, f"{t('as_of')}: {report.as_of.isoformat()}"])
    out.writerow([t("figure"), t("name"), t("value")])
    for section in report.sections:
        for fig in section.figures:
            out.writerow([fig.key, fig.label, _raw_cell(fig.value)])
    for section in report.sections:
        for table in section.tables:
            out.writerow([])
            out.writerow([f"{section.title} / {table.title}"])
            out.writerow([c.label for c in table.columns])
            for row in table.rows:
                out.writerow([_raw_cell(shown(row, c, t)) for c in table.columns])
    return buf.getvalue()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    """Render as Markdown: headings, figure lists and pipe tables."""
    t = Translator(report.lang)  # type: ignore[arg-type]
    lines = [f"# {report.title}", ""]
    scope = report.department or t("all_departments")
    lines += [f"{t('as_of')}: {report.as_of.isoformat()} · {t('department')}: {scope}", ""]
    lines += [f"> {note}" for note in report.notes]
    if report.notes:
        lines.append("")
    for section in report.sections:
        lines += [f"## {section.title}", ""]
        for fig in section.figures:
            target = f" ({t('target')} {format_value(fig.target, fig.kind, t)})" if fig.target is not None else ""
            lines.append(f"- **{fig.label}**: {format_value(fig.value, fig.kind, t)}{target}")
        if section.figures:
            lines.append("")
        for table in section.tables:
            if table.title != section.title:
                lines += [f"### {table.title}", ""]
            if not table.rows:
                lines += [t("no_rows"), ""]
                continue
            lines.append("| " + " | ".join(_md_escape(c.label) for c in table.columns) + " |")
            lines.append(
                "|"
                + "|".join("---:" if c.kind in NUMERIC_KINDS else "---" for c in table.columns)
                + "|"
            )
            lines += ["| " + " | ".join(_md_escape(cell) for cell in cells) + " |" for cells in _table_cells(table, t)]
            if table.truncated:
                lines.append("")
                lines.append(t("more_rows", n=(table.total_rows or 0) - len(table.rows)))
            lines.append("")
        for note in section.notes:
            if note not in report.notes:
                lines += [f"> {note}", ""]
    return "\n".join(lines).rstrip() + "\n"
