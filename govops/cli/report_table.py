"""The terminal renderer of the report model (rich tables and figure lists)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from govops.cli.fit import print_fitted, unfolded
from govops.reports.i18n import Translator
from govops.reports.model import NUMERIC_KINDS, Report
from govops.reports.render import cell_text, format_value


def print_report(report: Report, console: Console) -> None:
    """Print a report as headings, figure lists and tables; charts are shown as their data.

    Every string is a ``Text``, never rich markup, whatever ``console`` is: titles, notes, the department and the
    cells carry ledger, device and user text (a department `[bold]x[/]` or a note `:smile:` is printed as written).
    """
    t = Translator(report.lang)  # type: ignore[arg-type]
    scope = report.department or t("all_departments")

    def say(*parts: str | tuple[str, str]) -> None:
        # Piped, a note stays whole as the tables do: folded at 80 it split a command across two lines.
        console.print(Text.assemble(*parts), soft_wrap=unfolded(console))

    say((report.title, "bold"))
    say(f"{t('as_of')}: {report.as_of.isoformat()} · {t('department')}: {scope}")
    for note in report.notes:
        say((note, "yellow"))
    for section in report.sections:
        console.print()
        say((section.title, "bold underline"))
        for note in section.notes:
            if note not in report.notes:
                say(f"  {note}")
        for fig in section.figures:
            target = f"  ({t('target')} {format_value(fig.target, fig.kind, t)})" if fig.target is not None else ""
            say(f"  {fig.label}: ", (format_value(fig.value, fig.kind, t), "bold"), target)
        for table in section.tables:
            title = None if table.title == section.title else Text(table.title, style="table.title")
            rt = RichTable(title=title, header_style="bold", title_justify="left")
            for col in table.columns:
                rt.add_column(Text(col.label), justify="right" if col.kind in NUMERIC_KINDS else "left",
                              overflow="fold")
            for row in table.rows:
                rt.add_row(*(Text(cell_text(row, c, t)) for c in table.columns))
            hidden = lambda n, w, labels: t("cols_hidden", n=n, width=w, labels=labels)  # noqa: E731
            print_fitted(console, rt, hidden, [c.narrow for c in table.columns])
            if table.truncated:
                say(t("more_rows", n=(table.total_rows or 0) - len(table.rows)))
