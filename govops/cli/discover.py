"""`govops discover`: Discover equipment: SNMP (network, power, BMC), SSH (network CLI), Ansible (servers)."""

from __future__ import annotations

from govops.cli.helptext import group_app

HELP = (
    "Discover equipment: SNMP (network, power, BMC), SSH (network CLI), Ansible (servers)."
)
EXAMPLES = (
    'govops discover snmp --save     # every stored device with SNMP access',
    'govops discover snmp 10.20.0.0/24 --community-env SNMP_RO',
    'govops discover ssh 10.20.0.1 -u ops --key ~/.ssh/id_ed25519 -p huawei_vrp',
    "govops discover servers --limit 'web*' --save",
)
app = group_app(HELP, EXAMPLES)

# Commands live in their own modules and are registered here, one line each.

from govops.cli import discover_snmp  # noqa: E402

app.command("snmp")(discover_snmp.snmp)
from govops.cli import discover_ssh  # noqa: E402

app.command("ssh")(discover_ssh.ssh)
from govops.cli import discover_servers  # noqa: E402

app.command("servers")(discover_servers.servers)
