"""`govops report`: reports for the bureau in every format, Chinese or English."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import typer

from govops.cli.helptext import group_app
from govops.cli.options import JsonOpt, chosen_format, chosen_lang, format_option, lang_option
from govops.cli.output import console, out_errors, out_path, plain_console
from govops.cli.state import state
from govops.config import load_config_file
from govops.errors import InputError
from govops.reports.build import KINDS, build_report, make_context
from govops.reports.context import report_settings
from govops.reports.model import Report
from govops.reports.render import render_csv, render_json, render_markdown
from govops.store.busy import store_errors
from govops.store.db import read_scope, session_scope
from govops.util.files import write_atomically as write_file_atomically

FORMATS = ("table", "json", "csv", "markdown", "html")
HELP = "Reports for the bureau: kpi, summary, migration, xinchuang, rooms, links, compliance, dengbao, changes, trend."
EXAMPLES = (
    'govops report summary --format html --lang en --out summary.html',
    'govops report xinchuang --department D001 --json',
    'govops report trend cloud_rate room_pue_declared',
)
app = group_app(HELP, EXAMPLES)

FormatOpt = format_option("table", FORMATS)
LangOpt = lang_option("Label language")
OutOpt = typer.Option(None, "--out", "-o", help="Write to FILE (atomically) instead of stdout.")
DeptOpt = typer.Option(None, "--department", help="Limit to a department code and the departments under it.")
AsOfOpt = typer.Option(None, "--as-of", help="Judge the inventory on this date (YYYY-MM-DD; default today).")
SinceOpt = typer.Option(None, "--since", help="Start of the period (default 30 days before --as-of).")
FiguresArg = typer.Argument(
    None, help="Recorded figures, e.g. cloud_rate room_pue_declared (a KPI's old name reads as its key)."
)
RecordOpt = typer.Option(False, "--record", help="Store the headline figures for `govops report trend`.")
ReachOpt = typer.Option(False, "--reachability", help="Also list what scans recorded about reachability.")


def parse_day(value: str | None, where: str) -> dt.date | None:
    """Parse an ISO date given on the command line.

    Raises:
        InputError: Naming the option, for anything but YYYY-MM-DD.
    """
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{value!r} is not a date", where=where, hint="use YYYY-MM-DD, e.g. 2024-05-20") from exc


def render(report: Report, fmt: str) -> str:
    """Render ``report`` in ``fmt`` as text."""
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        from govops.reports.html import render_html

        return render_html(report)
    from govops.cli.report_table import print_report

    buf = io.StringIO()
    print_report(report, plain_console(file=buf, width=160, no_color=True))
    return buf.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half a report."""
    path = out_path(path)
    with out_errors():
        write_file_atomically(path, text)


def run_report(
    ctx: typer.Context,
    kind: str,
    *,
    fmt: str,
    json_out: bool,
    lang: str | None,
    out: Path | None,
    department: str | None,
    as_of: str | None,
    since: str | None = None,
    record: bool = False,
    figures: list[str] | None = None,
    reachability: bool = False,
) -> None:
    """Build, optionally record, then render one report."""
    fmt = chosen_format(ctx, fmt, json_out, FORMATS)
    language = chosen_lang(ctx, lang)
    day, start = parse_day(as_of, "--as-of"), parse_day(since, "--since")
    st = state(ctx)
    settings = report_settings(load_config_file(st.settings.home))
    engine = st.engine()
    with store_errors(f"build the {kind} report"), read_scope(engine) as conn:
        rctx = make_context(
            conn,
            lang=language,
            as_of=day,
            department=department,
            settings=settings,
            prometheus_url=st.settings.prometheus_url,
            since=start,
            include_reachability=reachability,
        )
        report = build_report(rctx, kind, figures=figures or ())
    if record:
        # A report of a past day is recorded at that day, so trends can be filled in afterwards.
        at = dt.datetime.now(dt.UTC) if day is None else dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)
        from govops.reports.trends import record_figures

        with store_errors("record the report's figures"), session_scope(engine) as session:
            count = record_figures(session, report.figures, "report", scope=department, at=at)
        typer.echo(recorded_line(kind, count, at, department), err=True)
    if fmt == "table" and out is None:
        from govops.cli.report_table import print_report

        print_report(report, console)
        return
    text = render(report, fmt)
    if out is not None:
        write_atomically(out, text)
        typer.echo(f"wrote {out}", err=True)
    else:
        typer.echo(text, nl=False)


def recorded_line(kind: str, count: int, at: dt.datetime, department: str | None) -> str:
    """What ``--record`` stored, on stderr (stdout is the report): how many figures, of which report, as of when,
    for whom; in both languages, as a table's title.

    >>> recorded_line("rooms", 12, dt.datetime(2024, 6, 30, 23, 59, 59, tzinfo=dt.UTC), "D2").split(";")[0]
    '已记录 12 项指标 recorded 12 figures: rooms, 截至 as of 2024-06-30 23:59:59 UTC, 部门 department D2'
    """
    scope = "全市 city-wide" if department is None else f"部门 department {department}"
    return (f"已记录 {count} 项指标 recorded {count} figures: {kind}, 截至 as of {at:%Y-%m-%d %H:%M:%S} UTC, {scope}; "
            "`govops report trend` shows them")


def _kind_command(kind: str) -> None:
    def command(  # noqa: PLR0917 (Typer passes options by position)
        ctx: typer.Context,
        fmt: str = FormatOpt,
        json_out: bool = JsonOpt,
        lang: str | None = LangOpt,
        out: Path | None = OutOpt,
        department: str | None = DeptOpt,
        as_of: str | None = AsOfOpt,
        record: bool = RecordOpt,
    ) -> None:
        # Each report takes only the options it uses (--since and --reachability are the changes report's):
        # an option it would ignore is a usage error, not silently dropped.
        run_report(
            ctx, kind, fmt=fmt, json_out=json_out, lang=lang, out=out, department=department, as_of=as_of,
            record=record,
        )

    command.__doc__ = f"The {kind} report."
    app.command(kind)(command)


@app.command("changes")
def changes(  # noqa: PLR0917 (Typer passes options by position)
    ctx: typer.Context,
    fmt: str = FormatOpt,
    json_out: bool = JsonOpt,
    lang: str | None = LangOpt,
    out: Path | None = OutOpt,
    department: str | None = DeptOpt,
    as_of: str | None = AsOfOpt,
    since: str | None = SinceOpt,
    reachability: bool = ReachOpt,
) -> None:
    """What changed in the inventory between --since and --as-of (local time; scan reachability hidden)."""
    run_report(
        ctx, "changes", fmt=fmt, json_out=json_out, lang=lang, out=out, department=department, as_of=as_of, since=since,
        reachability=reachability,
    )  # fmt: skip


DOCS = {
    "summary": "The one page for the bureau chief (JSON: {as_of, figures}).",
    "migration": "Systems on the cloud against the plan; overdue and exempt systems.",
    "xinchuang": "Domestic share by kind, department and dimension; the replacement backlog.",
    "rooms": "Machine rooms: lifecycle, what they host, PUE, consolidation ranking.",
    "links": "Extranet coverage, bandwidth tiers, links without backup, IPv6, utilisation.",
    "compliance": "等保 coverage and expiry, backup, audit findings, default credentials, IPv6.",
    "dengbao": (
        "等保 整改: each level-3 system's servers and network devices (runs_on), failing checks by clause "
        "(GB/T 22239-2019 8.1.4), how far it is from passing; --record for the trend."
    ),
    "changes": "What changed in the inventory between --since and --as-of.",
    "kpi": (
        "Every plan indicator of the KPI catalogue (上云率, 等保, backup, 国产化率 by class, PUE, IPv6, egress) "
        'with numerator, denominator, target, definition and source (JSON: {"kpis": [...]}). '
        "Targets and parameters: config.toml tables named kpi.KEY (e.g. kpi.cloud_rate)."
    ),
}

for _kind in KINDS:
    if _kind == "changes":
        continue  # its own command below: it alone takes --reachability
    _kind_command(_kind)
    app.registered_commands[-1].help = DOCS.get(_kind)


@app.command("trend")
def trend(  # noqa: PLR0917
    ctx: typer.Context,
    figures: list[str] | None = FiguresArg,
    fmt: str = FormatOpt,
    json_out: bool = JsonOpt,
    lang: str | None = LangOpt,
    out: Path | None = OutOpt,
    department: str | None = DeptOpt,
    as_of: str | None = AsOfOpt,
) -> None:
    """Show recorded figures month by month (default: migration, domestic share, PUE, 等保, backup)."""
    run_report(
        ctx, "trend", fmt=fmt, json_out=json_out, lang=lang, out=out, department=department, as_of=as_of,
        figures=figures,
    )  # fmt: skip
