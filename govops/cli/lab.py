"""`govops lab`: Simulated equipment on loopback (snmpsim, SSH devices, sshd, power) for the demo and tests."""

from __future__ import annotations

import typer

HELP = (
    "Simulated equipment on loopback (snmpsim, SSH devices, sshd, power) for the demo and tests."
)
app = typer.Typer(help=HELP, no_args_is_help=True)

# Commands live in their own modules and are registered here, one line each.
