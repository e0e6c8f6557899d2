"""`govops audit credentials`: do devices accept their published factory-default logins? (opt-in)"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from govops.cli.options import JsonOpt
from govops.cli.output import print_json, print_table
from govops.cli.state import state
from govops.errors import EXIT_FINDINGS, InputError
from govops.vocab import labelled


def credentials(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(help="host or host:port of each device to check.")],
    *,
    i_am_authorised: bool = typer.Option(
        False, "--i-am-authorised", help="Required: you are authorised to test logins on these devices."
    ),
    platform: str | None = typer.Option(None, "--platform", "-p", help="Platform (default: every platform's list)."),
    port: int = typer.Option(22, "--port", help="SSH port for targets without :port."),
    save: bool = typer.Option(False, "--save", help="Record findings in the store (source=default_credentials)."),
    json_out: bool = JsonOpt,
) -> None:
    """Try each published factory-default account once per device; accepting devices are critical findings.

    Exit 1 when a device accepts a default login, or could not be checked (its reason on stderr).
    """
    from govops.discovery.credentials import check_devices, record_findings, summary
    from govops.discovery.ssh import parse_target
    from govops.platforms.registry import get_platform
    from govops.store.db import session_scope

    if not i_am_authorised:
        raise InputError(
            "login attempts on devices need explicit authorisation",
            where="--i-am-authorised",
            hint="rerun with --i-am-authorised when you are allowed to test these devices",
        )
    plat = get_platform(platform).name if platform else None
    st = state(ctx)
    parsed = [(t, *parse_target(t, port), plat) for t in targets]
    checks = check_devices(parsed, st.settings.home / "ssh_known_hosts")
    if save:
        with session_scope(st.engine()) as session:
            record_findings(session, checks)
    rows = [summary(c) for c in checks]
    if json_out:
        print_json(rows)
    else:
        print_table(
            [
                {
                    "target": r["target"],
                    "tried": ", ".join(r["tried"]),
                    "accepted": ", ".join(r["accepted"]) or "-",
                    "verdict": _verdict(r),
                }
                for r in rows
            ],
            ["target", "tried", "accepted", "verdict"],
            title="出厂默认口令 Factory-default logins",
        )
        for r in rows:
            if r["error"]:
                typer.echo(r["error"], err=True)
    # A device that could not be checked is not a clean one: cron must hear of it, as discover says so.
    if any(r["accepted"] or r["error"] for r in rows):
        raise typer.Exit(EXIT_FINDINGS)


def _verdict(row: dict[str, Any]) -> str:
    """A device's cell: a factory-default login accepted, the check failed, or neither."""
    return labelled("credential_verdict", "CRITICAL" if row["accepted"] else "error" if row["error"] else "ok")
