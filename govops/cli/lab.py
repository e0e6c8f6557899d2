"""`govops lab`: Simulated equipment on loopback (snmpsim, SSH devices, sshd, power) for the demo and tests."""

from __future__ import annotations

from govops.cli.helptext import group_app

HELP = (
    "Simulated equipment on loopback (snmpsim, SSH devices, sshd, power) for the demo and tests."
)
EXAMPLES = (
    'govops lab up                  # the demo city on 127.20.x.y',
    'govops lab status --devices',
    'govops lab down',
)
app = group_app(HELP, EXAMPLES)

# Commands live in their own modules and are registered here, one line each.

from govops.cli import lab_run  # noqa: E402

app.command("up")(lab_run.up)
app.command("status")(lab_run.status)
app.command("down")(lab_run.down)

from govops.cli import lab_ssh  # noqa: E402

app.command("ssh")(lab_ssh.ssh)
