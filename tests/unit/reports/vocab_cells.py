"""Checks that a report's list rows hold vocabulary codes and that every format for people prints their labels.

A column that names a vocabulary (``vocab`` in the JSON columns) holds that vocabulary's codes: the same in zh and en,
each with a label (``<vocab>.<code>`` in the reports' labels). HTML, Markdown and CSV print the label in that cell.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

from govops.reports.i18n import LABELS, LANGS, Translator
from tests.conftest import Cli


class _Tables(HTMLParser):
    """The cells of every ``<table data-key=...>`` of an HTML report, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._key: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._key = dict(attrs).get("data-key")
            self.tables[self._key or ""] = []
        elif tag == "tr" and self._key is not None:
            self.tables[self._key].append([])
        elif tag in ("td", "th") and self._key is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._key is not None and self._cell is not None:
            self.tables[self._key][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._key = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _label(t: Translator, vocab: str, code: Any) -> str:
    return "—" if code is None else t.value(vocab, code)


def _markdown_rows(text: str, heading: str, width: int) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(heading)
    body = [ln for ln in lines[start + 1 :] if ln.startswith("| ")]
    first = next(i for i, ln in enumerate(lines[start + 1 :]) if ln.startswith("| "))
    rows = []
    for ln in lines[start + 1 + first :]:
        if not ln.startswith("|"):
            break
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", ln)[1:-1]])
    assert body and all(len(r) == width for r in rows), heading
    return [r for r in rows[2:]]  # header and alignment rows first


def check_vocab_cells(cli: Cli, kind: str, *args: str) -> set[tuple[str, str]]:
    """Check report ``kind`` in zh and en; return the (table, column) pairs holding codes in some row."""
    codes: dict[str, dict[tuple[str, str], list[Any]]] = {}
    filled: set[tuple[str, str]] = set()
    for lang in LANGS:
        t = Translator(lang)
        res = cli("report", kind, "--format", "json", "--lang", lang, *args)
        assert res.exit_code == 0, res.stderr
        report = res.json()
        html = _Tables()
        html.feed(cli("report", kind, "--format", "html", "--lang", lang, *args).stdout)
        markdown = cli("report", kind, "--format", "markdown", "--lang", lang, *args).stdout
        blocks = list(csv.reader(io.StringIO(cli("report", kind, "--format", "csv", "--lang", lang, *args).stdout)))
        seen = codes.setdefault(lang, {})
        for section in report["sections"]:
            for table in section["tables"]:
                cols = table["columns"]
                vocab = [(i, c) for i, c in enumerate(cols) if c["vocab"]]
                if not vocab or not table["rows"]:
                    continue
                heading = f"## {section['title']}" if table["title"] == section["title"] else f"### {table['title']}"
                printed = {
                    "html": html.tables[table["key"]][1:],
                    "markdown": _markdown_rows(markdown, heading, len(cols)),
                    "csv": blocks[blocks.index([f"{section['title']} / {table['title']}"]) + 2 :][: len(table["rows"])],
                }
                for i, col in vocab:
                    values = [row.get(col["key"]) for row in table["rows"]]
                    seen[table["key"], col["key"]] = values
                    for v in values:
                        if v is not None:
                            filled.add((table["key"], col["key"]))
                            known = f"{col['vocab']}.{v}" in LABELS or (col["vocab"] == "pue_grade" and v.isdigit())
                            assert known, (kind, table["key"], col["key"], v)
                    labels = [_label(t, col["vocab"], v) for v in values]
                    for fmt, rows in printed.items():
                        want = [("" if v is None else lab) for v, lab in zip(values, labels, strict=True)]
                        got = [r[i] for r in rows][: len(values)]
                        assert got == (want if fmt == "csv" else labels), (kind, lang, fmt, table["key"], col["key"])
    assert codes["zh"] == codes["en"], kind  # codes do not depend on the language
    return filled
