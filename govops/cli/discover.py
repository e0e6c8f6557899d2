"""`govops discover`: Discover equipment: SNMP (network, power, BMC), SSH (network CLI), Ansible (servers)."""

from __future__ import annotations

import typer

HELP = (
    "Discover equipment: SNMP (network, power, BMC), SSH (network CLI), Ansible (servers)."
)
app = typer.Typer(help=HELP, no_args_is_help=True)

# Commands live in their own modules and are registered here, one line each.

from govops.cli import discover_snmp  # noqa: E402

app.command("snmp")(discover_snmp.snmp)
from govops.cli import discover_ssh  # noqa: E402

app.command("ssh")(discover_ssh.ssh)
from govops.cli import discover_servers  # noqa: E402

app.command("servers")(discover_servers.servers)
