"""`govops lab`: Simulated equipment on loopback (snmpsim, SSH devices, sshd, power) for the demo and tests."""

from __future__ import annotations

import typer

HELP = (
    "Simulated equipment on loopback (snmpsim, SSH devices, sshd, power) for the demo and tests."
)
app = typer.Typer(help=HELP, no_args_is_help=True)

# Commands live in their own modules and are registered here, one line each.

from govops.cli import lab_run  # noqa: E402

app.command("up")(lab_run.up)
app.command("status")(lab_run.status)
app.command("down")(lab_run.down)

from govops.cli import lab_ssh  # noqa: E402

app.command("ssh")(lab_ssh.ssh)
