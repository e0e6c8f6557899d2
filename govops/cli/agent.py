"""`govops agent`: Long-running Prometheus agents: host, bandwidth, power, inventory."""

from __future__ import annotations

from govops.cli.helptext import group_app

HELP = (
    "Long-running Prometheus agents: host, bandwidth, power, inventory."
)
EXAMPLES = (
    'govops agent host --listen :9120',
    'govops agent bandwidth --check',
    'govops agent power --config agents/power.example.yml',
    'govops agent deploy -i hosts.yml --agent host --check',
)
app = group_app(HELP, EXAMPLES)

# Commands live in their own modules and are registered here, one line each.
from govops.cli import agent_host  # noqa: E402

app.command("host")(agent_host.host)
from govops.cli import agent_bandwidth  # noqa: E402

app.command("bandwidth")(agent_bandwidth.bandwidth)
from govops.cli import agent_power  # noqa: E402

app.command("power")(agent_power.power)
from govops.cli import agent_inventory  # noqa: E402

app.command("inventory")(agent_inventory.inventory)
from govops.cli import agent_deploy  # noqa: E402

app.command("deploy")(agent_deploy.deploy)
