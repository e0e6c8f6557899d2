"""Root of the ``govops`` command line.

Exit codes (cron acts on them): 0 fine, 1 findings at or above ``--fail-on``,
2 bad usage or input. Every ``GovopsError`` becomes a one-line message; a
traceback appears only with ``--debug``.
"""

from __future__ import annotations

import logging
import sys
import traceback

import typer
from rich.markup import escape
from sqlalchemy.exc import DBAPIError
from typer.core import TyperGroup

from govops import __version__
from govops.cli.output import err_console, print_json
from govops.cli.state import AppState, state
from govops.config import resolve_settings
from govops.errors import EXIT_USAGE, GovopsError
from govops.store.busy import store_error
from govops.store.db import redact_url, upgrade_store


class GovopsGroup(TyperGroup):
    """Root group that turns every ``GovopsError`` into a message and its exit code."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        """Run the command; map errors (tracebacks only with ``--debug``)."""
        try:
            try:
                return super().invoke(ctx)
            except DBAPIError as exc:
                # Every command: a locked, full or read-only store is a message, not a traceback.
                command = " ".join(("govops", ctx.invoked_subcommand or "")).strip()
                raise store_error(exc, f"run `{command}`") from exc
        except GovopsError as exc:
            obj = ctx.obj
            if isinstance(obj, AppState) and obj.debug:
                traceback.print_exc()
            # escape: messages name places like `book.xlsx[devices]!C2`, which rich would eat as markup
            err_console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from exc


app = typer.Typer(
    cls=GovopsGroup,
    name="govops",
    help="Operations toolkit for a city's e-government infrastructure: inventory, discovery, "
    "domestic replacement (信创), PUE and WAN-link agents, reports and audits.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govops {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None, "--db", help="SQLAlchemy URL of the store (default: $GOVOPS_DB, else SQLite in $GOVOPS_HOME)."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show version."),
) -> None:
    """Resolve settings once for every command."""
    ctx.obj = AppState(settings=resolve_settings(db), debug=debug)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@app.command("init")
def init_cmd(ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Create the store, or upgrade an older one in place (Alembic migrations)."""
    st = state(ctx)
    before, after = upgrade_store(st.engine(require_schema=False))
    url = redact_url(st.settings.db_url)
    if json_out:
        print_json({"db": url, "from_revision": before, "to_revision": after})
    elif before == after:
        typer.echo(f"store {url} is up to date (revision {after})")
    elif before is None:
        typer.echo(f"created store {url} (revision {after})")
    else:
        typer.echo(f"upgraded store {url} from revision {before} to {after}")


def _register_groups() -> None:
    """Attach the command groups; each lives in its own module."""
    from govops.cli import (
        agent,
        audit,
        classify,
        config_cmd,
        demo,
        discover,
        export,
        inventory,
        lab,
        power,
        report,
        track,
    )
    from govops.cli import parse as parse_cmd

    app.add_typer(discover.app, name="discover")
    app.add_typer(classify.app, name="classify")
    app.add_typer(lab.app, name="lab")
    app.add_typer(agent.app, name="agent")
    app.add_typer(export.app, name="export")
    app.add_typer(audit.app, name="audit")
    app.add_typer(inventory.app, name="inventory")
    app.command("demo")(demo.demo)
    app.command("parse")(parse_cmd.parse)
    app.add_typer(config_cmd.app, name="config")
    app.add_typer(power.app, name="power")
    app.add_typer(report.app, name="report")
    app.add_typer(track.app, name="track")


_register_groups()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; used by the entry point and tests."""
    try:
        app(args=argv, standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    return 0


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
