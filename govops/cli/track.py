"""`govops track`: record migration, 等保, backup, room lifecycle and device status changes."""

from __future__ import annotations

import typer

HELP = "Track progress: systems (migration, 等保, backup), rooms (lifecycle), devices (status); bulk from spreadsheets."
app = typer.Typer(help=HELP, no_args_is_help=True)
