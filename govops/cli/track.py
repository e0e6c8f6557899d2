"""`govops track`: record migration, 等保, backup, room lifecycle and device status changes.

Every change is history (source ``user``, who and when); ``--by`` names who, else
``$GOVOPS_ACTOR`` or the login name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from sqlalchemy.orm import Session

from govops.cli.helptext import group_app
from govops.cli.options import JsonOpt
from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.errors import InputError
from govops.store.busy import store_errors
from govops.store.db import session_scope
from govops.store.history import Change, current_actor
from govops.store.tracking import EntityKind, check_consistency, field_by_name, parse_value, track
from govops.store.tracking_sheet import apply_bulk, kind_of, plan_bulk
from govops.store.writes import run_write
from govops.vocab.values import PRECISION

HELP = "Track progress: systems (migration, 等保, backup), rooms (lifecycle), devices (status); bulk from spreadsheets."
EXAMPLES = (
    'govops track system OA办公系统 --status migrated --done 2026-11-30',
    'govops track room R07 --lifecycle closing',
    'govops track device srv-r01-001 --status idle',
    'govops track bulk progress.xlsx --dry-run',
)
app = group_app(HELP, EXAMPLES)

ByOpt = typer.Option(None, "--by", help="Who makes the change (default $GOVOPS_ACTOR or the login name).")
SheetArg = typer.Argument(..., help="A .csv or .xlsx file: a key column (name/名称, code/编码) plus fields.")


def _typed(kind: EntityKind, given: dict[str, Any]) -> dict[str, Any]:
    """Validate option values (option name -> raw) into column -> typed value."""
    values: dict[str, Any] = {}
    for name, raw in given.items():
        if raw is None:
            continue
        f = field_by_name(kind, name)
        values[f.column] = parse_value(f, raw, where=f"--{name.replace('_', '-')}")
    if not values:
        raise InputError(f"nothing to change: give at least one {kind} option", hint=f"see govops track {kind} --help")
    check_consistency(kind, values, where=kind)
    return values


def _show(changes: list[Change], json_out: bool) -> None:
    rows = [
        {"entity": c.entity_kind, "key": c.entity_key, "field": c.field, "old": c.old, "new": c.new} for c in changes
    ]
    if json_out:
        print_json({"changes": rows})
    elif not rows:
        typer.echo("no change: every value was already set")
    else:  # a date's precision is in the date itself (2026-11); --json lists it too
        print_table([r for r in rows if r["field"] != PRECISION], ["entity", "key", "field", "old", "new"])


def _run(
    ctx: typer.Context, kind: EntityKind, key: str, given: dict[str, Any], *, by: str | None, json_out: bool
) -> None:
    values = _typed(kind, given)
    engine = state(ctx).engine()
    actor = by or current_actor()
    changes = run_write(
        engine, lambda s: track(s, kind, key, values, actor=actor, where=kind), what=f"track {kind} {key}"
    )
    _show(changes, json_out)


@app.command("system")
def system(  # noqa: PLR0917 (Typer passes options by position)
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The system's name."),
    status: str | None = typer.Option(None, "--status", help="Migration status: planned, adapting, migrated ..."),
    strategy: str | None = typer.Option(None, "--strategy", help="rehost, replatform, refactor, repurchase ..."),
    wave: str | None = typer.Option(None, "--wave", help="Migration wave number."),
    planned: str | None = typer.Option(None, "--planned", help="Planned migration date (YYYY-MM-DD)."),
    done: str | None = typer.Option(None, "--done", help="Date the migration was done (YYYY-MM-DD)."),
    note: str | None = typer.Option(None, "--note", "--reason", help="Why (exemptions, delays)."),
    dengbao_level: str | None = typer.Option(None, "--dengbao-level", help="等保 level, 1-5."),
    assessed: str | None = typer.Option(None, "--assessed", help="Date of the last 等保 assessment."),
    passed: bool | None = typer.Option(None, "--passed/--failed", help="Whether the assessment passed."),
    backup: str | None = typer.Option(None, "--backup", help="none, local, offsite or local+offsite."),
    cloud: str | None = typer.Option(None, "--cloud", help="The cloud it now runs on."),
    ipv6: bool | None = typer.Option(None, "--ipv6/--no-ipv6", help="Whether it is reachable over IPv6."),
    by: str | None = ByOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Record migration, 等保 and backup progress of a business system (--json: the changes made)."""
    given = {"status": status, "strategy": strategy, "wave": wave, "planned": planned, "done": done, "note": note,
             "dengbao_level": dengbao_level, "assessed": assessed, "passed": passed, "backup": backup,
             "cloud": cloud, "ipv6": ipv6}  # fmt: skip
    _run(ctx, "system", name, given, by=by, json_out=json_out)


@app.command("room")
def room(  # noqa: PLR0917
    ctx: typer.Context,
    code: str = typer.Argument(..., help="The room's code."),
    lifecycle: str | None = typer.Option(None, "--lifecycle", help="active, retained, converting, closing, closed."),
    pue: str | None = typer.Option(None, "--pue", help="Declared PUE."),
    pue_target: str | None = typer.Option(None, "--pue-target", help="PUE target."),
    by: str | None = ByOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Record a machine room's lifecycle or declared PUE (--json: the changes made)."""
    _run(ctx, "room", code, {"lifecycle": lifecycle, "pue": pue, "pue_target": pue_target}, by=by, json_out=json_out)


@app.command("device")
def device(  # noqa: PLR0917
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The device's name."),
    status: str | None = typer.Option(None, "--status", help="in_service, idle (offered for reuse, 利旧), retired."),
    eol: str | None = typer.Option(None, "--eol", help="End of life / support (YYYY-MM-DD)."),
    ipv6: bool | None = typer.Option(None, "--ipv6/--no-ipv6", help="Whether it supports IPv6."),
    by: str | None = ByOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Record a device's status (idle equipment is offered for reuse) or end of life (--json: the changes made)."""
    _run(ctx, "device", name, {"status": status, "eol": eol, "ipv6": ipv6}, by=by, json_out=json_out)


@app.command("bulk")
def bulk(  # noqa: PLR0917
    ctx: typer.Context,
    path: Path = SheetArg,
    kind: str | None = typer.Option(None, "--kind", help="system, room or device (default: from file/sheet name)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row and show the changes; change nothing."),
    by: str | None = ByOpt,
    json_out: bool = JsonOpt,
) -> None:
    """Apply updates from a spreadsheet: every row is checked first; all or nothing (--json: the changes made)."""
    entity = kind_of(kind, where="--kind") if kind else None
    engine = state(ctx).engine()
    actor = by or current_actor()

    def work(session: Session) -> tuple[Any, list[Change]]:
        plan = plan_bulk(session, path, kind=entity)
        return plan, apply_bulk(session, plan, actor=actor)

    if dry_run:
        with store_errors(f"apply {path}"), session_scope(engine) as session:
            plan, changes = work(session)
            session.rollback()
    else:
        plan, changes = run_write(engine, work, what=f"apply {path}")
    _show(changes, json_out)
    if dry_run:
        typer.echo(f"dry run: {len(changes)} change(s) from {len(plan.rows)} row(s) not applied", err=True)
