"""Root of the ``govops`` command line.

Exit codes (cron acts on them): 0 fine, 1 findings at or above ``--fail-on``,
2 bad usage or input. Every ``GovopsError`` becomes a one-line message; a
traceback appears only with ``--debug``.
"""

from __future__ import annotations

import contextvars
import importlib
import logging
import sys
import traceback
from typing import Any

import typer
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from govops import __version__
from govops.cli.coercion import defer_command
from govops.cli.helptext import tidy_help
from govops.cli.options import JsonOpt
from govops.cli.output import err_console, print_json
from govops.cli.state import AppState, close_store, state
from govops.config import resolve_settings
from govops.errors import EXIT_USAGE, GovopsError
from govops.util.collector import resume_after_start_up

ERROR = ("error:", "red")  # what every error line starts with; the message after it is plain text

try:  # Typer (0.29) runs on its own copy of Click: its usage errors are that copy's
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - a Typer on Click itself
    from click.exceptions import UsageError  # type: ignore[assignment]

# The command groups load when a command of theirs runs: `govops --help` and every command
# start without importing the others (SQLAlchemy, pysnmp, Netmiko, Ansible ...).
# name: ("module:attribute" (a Typer app, or one command's function), the line `govops --help` shows);
# tests/unit/cli/test_lazy_groups.py holds each line equal to the group's own help.
GROUPS: dict[str, tuple[str, str]] = {
    "discover": ("govops.cli.discover:app",
        "Discover equipment: SNMP (network, power, BMC), SSH (network CLI), Ansible (servers)."),
    "classify": ("govops.cli.classify:app",
        "Explain domestic/foreign verdicts (国产化 / 信创) of devices and offline machines."),
    "lab": ("govops.cli.lab:app",
        "Simulated equipment on loopback (snmpsim, SSH devices, sshd, power) for the demo and tests."),
    "agent": ("govops.cli.agent:app",
        "Long-running Prometheus agents: host, bandwidth, power, inventory."),
    "export": ("govops.cli.export:app",
        "Build artefacts for other tools (host-agent zipapp ...)."),
    "audit": ("govops.cli.audit:app",
        "Audit checks for cron: configuration, default credentials, compliance (exit 1 on findings)."),
    "inventory": ("govops.cli.inventory:app",
        "Import, list, show and export the inventory (YAML, CSV, Excel 台账)."),
    "demo": ("govops.cli.demo:demo",
        "Run the demo city end to end in a fresh demo store and print the bureau chief's summary."),
    "parse": ("govops.cli.parse:parse",
        "Parse captured CLI output into records (the same parsers as SSH discovery)."),
    "config": ("govops.cli.config_cmd:app",
        "Stored running configurations of network devices (secrets masked)."),
    "power": ("govops.cli.power:app",
        "Power and energy of UPSes, PDUs, meters and BMCs (功率与电能)."),
    "report": ("govops.cli.report:app",
        "Reports for the bureau: kpi, summary, migration, xinchuang, rooms, links, compliance, dengbao, changes, "
        "trend."),
    "track": ("govops.cli.track:app",
        "Track progress: systems (migration, 等保, backup), rooms (lifecycle), devices (status); "
        "bulk from spreadsheets."),
}  # fmt: skip

# Set while the root help is drawn: listed groups then show their line without loading.
_LISTING: contextvars.ContextVar[bool] = contextvars.ContextVar("govops_listing", default=False)


def load_group(name: str) -> Any:
    """Import the module of a command group and build its click command."""
    module_name, attr = GROUPS[name][0].split(":")
    target = getattr(importlib.import_module(module_name), attr)
    if isinstance(target, typer.Typer):
        cmd: Any = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)  # as the root: no completion options on one command
        single.command(name)(target)
        cmd = typer.main.get_command(single)
    cmd.name = name
    defer_command(cmd)
    tidy_help(cmd)
    return cmd


def usage_error(exc: UsageError) -> UsageError | typer.Exit:
    """A usage error as govops's own errors read: ``error: COMMAND: message`` and a hint, exit 2.

    Click drew it as a boxed panel under the usage line (five lines); the command's help is one ``-h`` away.
    With no arguments a group shows its help, as before (``NoArgsIsHelpError``, returned as it is).
    """
    if exc.__class__.__name__ == "NoArgsIsHelpError":
        return exc
    path = exc.ctx.command_path if exc.ctx is not None else "govops"
    hint = _root_option_hint(exc) or f"see `{path} -h`"
    err_console.print(Text.assemble(ERROR, f" {path}: {exc.format_message()}\n  hint: {hint}"), soft_wrap=True)
    return typer.Exit(exc.exit_code)


def _root_option_hint(exc: UsageError) -> str | None:
    """For a root option given after the command (`govops inventory list --db URL`): where it goes."""
    name = getattr(exc, "option_name", None)  # a NoSuchOption's
    if exc.ctx is None or exc.ctx.parent is None or not name:
        return None
    root = exc.ctx.find_root()
    for param in root.command.params:
        if name in getattr(param, "opts", ()):
            value = "" if getattr(param, "is_flag", False) else f" {param.metavar or 'VALUE'}"
            command = exc.ctx.command_path.removeprefix(root.command_path).strip()
            return f"{name} is govops' own option: give it before the command, `govops {name}{value} {command} ...`"
    return None


class GovopsGroup(TyperGroup):
    """Root group: loads command groups on use, turns every ``GovopsError`` into a message and its exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        defer_command(self)  # no pydantic at start-up for values that need no conversion (govops.cli.coercion)
        tidy_help(self)

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        """Commands defined here, then the command groups (loaded or not)."""
        own = super().list_commands(ctx)
        return own + [name for name in GROUPS if name not in own]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        """The command ``cmd_name``; a group is imported the first time it is asked for (not for the listing)."""
        if cmd_name in self.commands or cmd_name not in GROUPS:
            return super().get_command(ctx, cmd_name)
        if _LISTING.get():
            line = GROUPS[cmd_name][1]
            return TyperCommand(cmd_name, help=line, short_help=line)
        self.add_command(load_group(cmd_name), cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        """The root help lists every group by its line, loading none of them."""
        token = _LISTING.set(True)
        try:
            super().format_help(ctx, formatter)
        finally:
            _LISTING.reset(token)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """The root's context; a usage error in the root's own options is one line (``usage_error``)."""
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:
            raise usage_error(exc) from exc

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]
        """Run the command; map errors (tracebacks only with ``--debug``)."""
        try:
            try:
                return super().invoke(ctx)
            except UsageError as exc:
                raise usage_error(exc) from exc
            except KeyboardInterrupt:
                # Ctrl-C: said, not a silent exit 130 (the store's writes are transactions: the unfinished one is not).
                err_console.print(Text.assemble(ERROR, " interrupted (Ctrl-C)"))
                raise typer.Exit(130) from None
            except GovopsError:
                raise
            except Exception as exc:
                # Every command: a locked, full or read-only store is a message, not a traceback.
                # (SQLAlchemy is imported only by commands that use the store.)
                dbapi_error = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
                if dbapi_error is None or not isinstance(exc, dbapi_error):
                    raise
                from govops.store.busy import store_error

                command = " ".join(("govops", ctx.invoked_subcommand or "")).strip()
                raise store_error(exc, f"run `{command}`") from exc
        except GovopsError as exc:
            obj = ctx.obj
            if isinstance(obj, AppState) and obj.debug:
                traceback.print_exc()
            # Plain (err_console): messages name places like `book.xlsx[devices]!C2` and values as written.
            err_console.print(Text.assemble(ERROR, f" {exc}"), soft_wrap=True)
            raise typer.Exit(exc.exit_code) from exc
        finally:
            close_store(ctx.obj)


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
        None,
        "--db",
        metavar="URL",
        help="SQLAlchemy URL of the store (default: $GOVOPS_DB, else SQLite in $GOVOPS_HOME).",
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show version."),
) -> None:
    """Resolve settings once for every command."""
    resume_after_start_up()  # the command's group is loaded by now (Click resolves the subcommand first)
    ctx.obj = AppState(settings=resolve_settings(db), debug=debug)
    _logging_for_this_run(ctx, debug)


def _logging_for_this_run(ctx: typer.Context, debug: bool) -> None:
    """Set up logging for this command and put it back as it was when the command ends.

    Logging is process-wide: an in-process caller (tests, an agent running a command) must find its
    handlers and levels as it left them, or e.g. paramiko's records vanish for everyone after one run.
    """
    root, paramiko = logging.getLogger(), logging.getLogger("paramiko")
    saved_handlers, saved_level, saved_paramiko = list(root.handlers), root.level, paramiko.level

    def restore() -> None:
        for handler in root.handlers:
            if handler not in saved_handlers:
                handler.close()  # the run's own (basicConfig's stderr); closing a StreamHandler leaves stderr open
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        paramiko.setLevel(saved_paramiko)

    ctx.call_on_close(restore)
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # paramiko logs a device's failed handshake as an ERROR with its traceback; the command already reports that
    # device's failure in its own words, so the traceback is for --debug only.
    paramiko.setLevel(logging.DEBUG if debug else logging.CRITICAL)


@app.command("init")
def init_cmd(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        help="SQLAlchemy URL of the store to create and remember in $GOVOPS_HOME/config.toml, e.g. "
        "postgresql+psycopg://govops@db.example/govops (password in ~/.pgpass, never in the file).",
    ),
    json_out: bool = JsonOpt,
) -> None:
    """Create the store, or upgrade an older one in place (Alembic migrations).

    With --db the store is remembered: later commands use it without flags
    (GOVOPS_DB and the root --db still override it for one run).
    """
    from govops.cli.store_config import record_db_url, refuse_secret_in_url
    from govops.store.db import redact_url, upgrade_store

    st = state(ctx)
    if db is not None:
        refuse_secret_in_url(db)
        st.use_store(db)
    before, after = upgrade_store(st.engine(require_schema=False))
    recorded = str(record_db_url(db, st.settings.home)) if db is not None else None
    url = redact_url(st.settings.db_url)
    if json_out:
        print_json({"db": url, "from_revision": before, "to_revision": after, "recorded_in": recorded})
    elif before == after:
        typer.echo(f"store {url} is up to date (revision {after})")
    elif before is None:
        typer.echo(f"created store {url} (revision {after})")
    else:
        typer.echo(f"upgraded store {url} from revision {before} to {after}")
    if recorded and not json_out:
        typer.echo(f"remembered in {recorded}: later commands use this store")


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
