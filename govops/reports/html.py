"""The HTML renderer: one self-contained, printable file with inline CSS and SVG charts.

Government networks are closed: nothing is fetched (no scripts, no web fonts,
no images by URL). Fonts come from the reader's system (Noto CJK, YaHei, PingFang).
"""

from __future__ import annotations

import math
import unicodedata
from html import escape

from govops.reports.i18n import Translator
from govops.reports.model import NUMERIC_KINDS, Chart, Figure, Report, Section, Table
from govops.reports.render import cell_text, format_value
from govops.util.limits import cut_to

# A column whose every cell is at most this wide stays on one line: beside a long evidence column the browser
# squeezed a device name to "srv-/r37-/233" and 服务器 to a character a line.
SHORT_CELL = 16

PALETTE = ("#1f5fa8", "#e07b24", "#3a9a5b", "#c8423b", "#7b5ea7", "#8c6d46", "#d16fae", "#6f7b87", "#b7b53a", "#2fb1c4")

CSS = """
:root { --ink: #1d2733; --muted: #5b6b7c; --line: #d5dde6; --accent: #1f5fa8; --bg: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
  "Helvetica Neue", Arial, sans-serif; font-size: 15px; line-height: 1.5; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
h1 { font-size: 28px; margin: 0 0 6px; color: var(--accent); }
h2 { font-size: 21px; margin: 32px 0 12px; padding-left: 10px; border-left: 5px solid var(--accent); }
h3 { font-size: 16px; margin: 20px 0 8px; color: var(--ink); }
.meta { color: var(--muted); font-size: 14px; }
.note { background: #fff7e6; border-left: 4px solid #e0a020; padding: 8px 12px; margin: 10px 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: #fbfcfe; }
.figure .label { color: var(--muted); font-size: 13px; }
.figure .value { font-size: 26px; font-weight: 700; color: var(--ink); }
.figure .target { font-size: 12px; color: var(--muted); }
.figure.below .value { color: #c8423b; }
.figure.met .value { color: #2e7d4f; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #eaf0f7; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.short { white-space: nowrap; }
th { min-width: 4em; }
td:not(.num):not(.short) { min-width: 7em; }
tbody tr:nth-child(even) td { background: #f8fafc; }
.more { color: var(--muted); font-size: 13px; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; }
.pair { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
.pair .side { flex: 1 1 260px; }
.pair .side table { width: auto; min-width: 260px; }
figure.chart { margin: 8px 0; padding: 10px; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
figure.chart figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font-family: inherit; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, figure.chart, .figure { break-inside: avoid; }
  thead { display: table-header-group; }
  @page { size: A4; margin: 15mm 12mm; }
}
"""


def _fmt(value: object, kind: str, t: Translator) -> str:
    return escape(format_value(value, kind, t))  # type: ignore[arg-type]


def _figure_html(fig: Figure, t: Translator) -> str:
    cls = "figure"
    target = ""
    if fig.target is not None:
        target = f'<div class="target">{escape(t("target"))} {_fmt(fig.target, fig.kind, t)}</div>'
        if fig.meets is not None:
            cls += " met" if fig.meets else " below"
    return (
        f'<div class="{cls}" data-key="{escape(fig.key)}"><div class="label">{escape(fig.label)}</div>'
        f'<div class="value">{_fmt(fig.value, fig.kind, t)}</div>{target}</div>'
    )


def _width(text: str) -> int:
    """Width in Latin letters: a wide (CJK) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table_html(table: Table, t: Translator, section_title: str) -> str:
    parts = [] if table.title == section_title else [f"<h3>{escape(table.title)}</h3>"]
    if not table.rows:
        parts.append(f'<p class="more">{escape(t("no_rows"))}</p>')
        return "".join(parts)
    head = "".join(f"<th>{escape(c.label)}</th>" for c in table.columns)
    texts = [[cell_text(row, c, t) for c in table.columns] for row in table.rows]
    classes = [
        ' class="num"' if c.kind in NUMERIC_KINDS
        else ' class="short"' if max(_width(cells[i]) for cells in texts) <= SHORT_CELL else ""
        for i, c in enumerate(table.columns)
    ]
    body = ["<tr>" + "".join(f"<td{cls}>{escape(text)}</td>" for cls, text in zip(classes, cells, strict=True))
            + "</tr>" for cells in texts]  # fmt: skip
    parts.append(
        f'<table data-key="{escape(table.key)}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )
    if table.truncated:
        parts.append(f'<p class="more">{escape(t("more_rows", n=(table.total_rows or 0) - len(table.rows)))}</p>')
    return "".join(parts)


def _svg_open(width: float, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    )


def _text(  # noqa: PLR0917
    x: float, y: float, content: str, size: int, anchor: str = "start", extra: str = "", fill: str = "#1d2733"
) -> str:
    """An SVG text element; ``content`` must already be escaped."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{extra}>{content}</text>'
    )


def _bar_svg(chart: Chart, t: Translator) -> str:
    rows = [(lab, v) for lab, v in zip(chart.labels, chart.values, strict=True)]
    label_w, bar_w, row_h, value_w = 170, 330, 26, 80
    width = label_w + bar_w + value_w
    height = max(row_h * len(rows) + 10, 40) + (16 if chart.target is not None else 0)
    numbers = [v for _, v in rows if v is not None]
    top = max([*numbers, chart.target or 0.0, 1.0 if chart.value_kind == "share" else 0.0]) or 1.0
    out = [_svg_open(width, height)]
    for i, (lab, v) in enumerate(rows):
        y = 5 + i * row_h
        short = cut_to(lab, 14)
        out.append(_text(label_w - 8, y + 17, escape(short), 13, "end"))
        w = 0.0 if v is None else max(bar_w * v / top, 1.0)
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" rx="3" fill="{PALETTE[0]}"/>')
        out.append(_text(label_w + w + 6, y + 17, _fmt(v, chart.value_kind, t), 12))
    if chart.target is not None:
        x = label_w + bar_w * chart.target / top
        label = f"{escape(t('target'))} {_fmt(chart.target, chart.value_kind, t)}"
        out.append(_text(x + 4, height - 4, label, 11, fill="#c8423b"))
        out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#c8423b" stroke-dasharray="4 3"/>')
    out.append("</svg>")
    return "".join(out)


def _pie_svg(chart: Chart, t: Translator) -> str:
    pairs = [(lab, v or 0.0) for lab, v in zip(chart.labels, chart.values, strict=True)]
    total = sum(v for _, v in pairs)
    size, r, inner = 200, 90, 52
    legend_h = 22 * len(pairs)
    width, height = size + 230, max(size, legend_h + 10)
    cx = cy = size / 2
    out = [_svg_open(width, height)]
    if total <= 0:
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="#e6ebf1"/>')
    angle = -math.pi / 2
    for i, (_, v) in enumerate(pairs):
        if total <= 0 or v <= 0:
            continue
        sweep = 2 * math.pi * v / total
        color = PALETTE[i % len(PALETTE)]
        if sweep >= 2 * math.pi - 1e-9:
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color}"/>')
        else:
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            out.append(
                f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" fill="{color}"/>'
            )
        angle += sweep
    out.append(f'<circle cx="{cx}" cy="{cy}" r="{inner}" fill="#fff"/>')
    out.append(_text(cx, cy + 6, _fmt(total, "int", t), 18, "middle", ' font-weight="700"'))
    for i, (lab, v) in enumerate(pairs):
        y = 12 + i * 22
        pct = f" ({v / total * 100:.0f}%)" if total > 0 else ""
        out.append(f'<rect x="{size + 14}" y="{y}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
        out.append(_text(size + 32, y + 11, f"{escape(lab)}: {_fmt(v, chart.value_kind, t)}{pct}", 13))
    out.append("</svg>")
    return "".join(out)


def _line_svg(chart: Chart, t: Translator) -> str:
    width, height, pad_l, pad_r, pad_b, pad_t, inset = 470, 220, 58, 16, 36, 22, 22
    pts = [(lab, v) for lab, v in zip(chart.labels, chart.values, strict=True) if v is not None]
    out = [_svg_open(width, height)]
    plot_w, plot_h = width - pad_l - pad_r, height - pad_b - pad_t
    base_y = pad_t + plot_h
    out.append(f'<line x1="{pad_l}" y1="{base_y}" x2="{pad_l + plot_w}" y2="{base_y}" stroke="#8a99a8"/>')
    out.append(f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{base_y}" stroke="#8a99a8"/>')
    if pts:
        values = [v for _, v in pts]
        # PUE cannot fall below 1: starting its axis at 0 would flatten every change.
        floor = 1.0 if chart.value_kind == "pue" else 0.0
        lo, hi = min([*values, floor]), max(values)
        hi = hi if hi > lo else lo + (0.1 if chart.value_kind in ("share", "pue") else 1)
        span = plot_w - 2 * inset
        step = span / max(len(pts) - 1, 1)
        coords = [
            (pad_l + inset + (i * step if len(pts) > 1 else span / 2), base_y - (v - lo) / (hi - lo) * plot_h)
            for i, (_, v) in enumerate(pts)
        ]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        out.append(f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="2.5" points="{points}"/>')
        every = max(1, (len(pts) + 7) // 8)  # at most about 8 month labels under the axis
        for i, ((lab, v), (x, y)) in enumerate(zip(pts, coords, strict=True)):
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{PALETTE[0]}"/>')
            if i % every == 0 or i == len(pts) - 1:
                out.append(_text(x, y - 8, _fmt(v, chart.value_kind, t), 10, "middle"))
                out.append(_text(x, base_y + 16, escape(lab), 10, "middle"))
        out.append(_text(pad_l - 6, pad_t + 4, _fmt(hi, chart.value_kind, t), 10, "end"))
        out.append(_text(pad_l - 6, base_y, _fmt(lo, chart.value_kind, t), 10, "end"))
    out.append("</svg>")
    return "".join(out)


def _chart_html(chart: Chart, t: Translator) -> str:
    if chart.kind == "pie":
        svg = _pie_svg(chart, t)
    elif chart.kind == "line":
        svg = _line_svg(chart, t)
    else:
        svg = _bar_svg(chart, t)
    caption = f"<figcaption>{escape(chart.title)}</figcaption>"
    return f'<figure class="chart" data-key="{escape(chart.key)}">{caption}{svg}</figure>'


def _section_html(section: Section, t: Translator, shown: set[str]) -> str:
    parts = [f'<section data-key="{escape(section.key)}"><h2>{escape(section.title)}</h2>']
    parts += [f'<p class="note">{escape(n)}</p>' for n in section.notes if n not in shown]
    if section.figures:
        parts.append('<div class="figures">' + "".join(_figure_html(f, t) for f in section.figures) + "</div>")
    # A small table that holds a chart's own numbers sits beside it rather than across the page.
    tables = {tb.key: tb for tb in section.tables if len(tb.rows) <= 12 and len(tb.columns) <= 3}
    paired = [c for c in section.charts if c.key in tables]
    for chart in paired:
        table = _table_html(tables[chart.key], t, section.title)
        parts.append(f'<div class="pair">{_chart_html(chart, t)}<div class="side">{table}</div></div>')
    single = [c for c in section.charts if c not in paired]
    if single:
        parts.append('<div class="charts">' + "".join(_chart_html(c, t) for c in single) + "</div>")
    used = {c.key for c in paired}
    parts += [_table_html(tb, t, section.title) for tb in section.tables if tb.key not in used]
    parts.append("</section>")
    return "".join(parts)


def render_html(report: Report) -> str:
    """Render a whole report as one self-contained HTML document."""
    t = Translator(report.lang)  # type: ignore[arg-type]
    scope = report.department or t("all_departments")
    html_lang = "zh-CN" if report.lang == "zh" else "en"
    head = (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(report.title)}</title><style>{CSS}</style></head><body><main>"
    )
    header = (
        f'<header><h1>{escape(report.title)}</h1><div class="meta">{escape(t("as_of"))}: '
        f"{escape(report.as_of.isoformat())} · {escape(t('department'))}: {escape(scope)} · "
        f"{escape(t('generated'))}: {escape(report.generated_at.strftime('%Y-%m-%d %H:%M'))} UTC</div></header>"
    )
    notes = "".join(f'<p class="note">{escape(n)}</p>' for n in report.notes)
    body = "".join(_section_html(s, t, set(report.notes)) for s in report.sections)
    footer = f"<footer>{escape(t('footer'))} · {escape(report.kind)}</footer>"
    return head + header + notes + body + footer + "</main></body></html>\n"
