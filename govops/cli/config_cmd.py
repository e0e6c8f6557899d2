"""`govops config`: stored running configurations (secrets masked): show, diff, versions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from govops.cli.helptext import group_app
from govops.cli.options import JsonOpt
from govops.cli.output import print_json, print_table
from govops.cli.state import state

HELP = "Stored running configurations of network devices (secrets masked)."
EXAMPLES = (
    'govops config show core-sw-01 --at 2026-01-31',
    'govops config diff core-sw-01',
    'govops config versions core-sw-01',
)
app = group_app(HELP, EXAMPLES)


@app.command("show")
def show(
    ctx: typer.Context,
    device: str = typer.Argument(..., help="Device name."),
    at: str | None = typer.Option(None, "--at", help="Show the version in force at this date (YYYY-MM-DD[THH:MM])."),
    json_out: bool = JsonOpt,
) -> None:
    """Print a device's configuration (newest, or as it was at --at)."""
    from govops.discovery.config_backup import parse_when, version_at
    from govops.store.db import session_scope

    moment = parse_when(at, where="--at") if at else None
    with session_scope(state(ctx).engine()) as session:
        v = version_at(session, device, moment)
    if json_out:
        print_json({"device": v.device, "taken_at": v.taken_at, "sha256": v.sha256, "source": v.source, "text": v.text})
    else:
        typer.echo(v.text, nl=not v.text.endswith("\n"))


@app.command("diff")
def diff(
    ctx: typer.Context,
    device: str = typer.Argument(..., help="Device name."),
    start: str | None = typer.Option(None, "--from", help="Older side: version in force at this date."),
    end: str | None = typer.Option(None, "--to", help="Newer side: version in force at this date (default: newest)."),
    json_out: bool = JsonOpt,
) -> None:
    """Show what changed between two configuration versions (default: the last two)."""
    from govops.discovery.config_backup import diff_versions, parse_when
    from govops.store.db import session_scope

    with session_scope(state(ctx).engine()) as session:
        older, newer, text = diff_versions(
            session,
            device,
            parse_when(start, where="--from", end_of_day=True) if start else None,
            parse_when(end, where="--to") if end else None,
        )
    if json_out:
        print_json({"device": device, "from": older.taken_at, "to": newer.taken_at, "diff": text})
    elif text:
        typer.echo(text, nl=False)
    elif older.taken_at == newer.taken_at:
        # "no change between X and X" read as two versions compared and found equal.
        why = "one version only" if start is None else "--from and --to fall on one version"
        typer.echo(f"{why} ({newer.taken_at.isoformat()}): nothing to compare; `govops config show {device}` prints it")
    else:
        typer.echo(f"no change between {older.taken_at.isoformat()} and {newer.taken_at.isoformat()}")


@app.command("versions")
def list_versions(
    ctx: typer.Context,
    device: str = typer.Argument(..., help="Device name."),
    json_out: bool = JsonOpt,
) -> None:
    """List the stored configuration versions of a device."""
    from govops.discovery.config_backup import versions
    from govops.store.db import session_scope

    with session_scope(state(ctx).engine()) as session:
        rows = [
            {"taken_at": v.taken_at, "sha256": v.sha256[:12], "source": v.source, "lines": len(v.text.splitlines())}
            for v in versions(session, device)
        ]
    if json_out:
        print_json(rows)
    else:
        print_table(
            rows, ["taken_at", "sha256", "source", "lines"], title=f"{device}: 配置版本 configuration versions"
        )


@app.command("mask")
def mask(
    path: Annotated[Path, typer.Argument(help="A configuration file collected by hand, or - for standard input.")],
    platform: str | None = typer.Option(
        None, "--platform", "-p",
        help="The dialect (huawei_vrp, hp_comware, cisco_ios, ...). Without it, every platform's rules run.",
    ),
) -> None:
    """Print a configuration with its secrets masked (offline: no store, no device).

    Passwords, communities, pre-shared and AAA keys, SNMPv3, OSPF/BGP/HSRP/VRRP/NTP
    keys become <masked>; factory-default communities become <masked:default-public>.
    Mask a configuration before sending it on:

        govops config mask --platform huawei_vrp core-sw.cfg > core-sw.masked.cfg
    """
    from govops.errors import InputError
    from govops.platforms.masking import mask_secrets

    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")  # configurations saved on Chinese Windows
    typer.echo(mask_secrets(text, platform), nl=False)
