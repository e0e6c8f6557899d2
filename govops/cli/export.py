"""`govops export`: Build artefacts for other tools (host-agent zipapp ...)."""

from __future__ import annotations

from govops.cli.helptext import group_app

HELP = (
    "Build artefacts for other tools (host-agent zipapp ...)."
)
EXAMPLES = (
    'govops export host-agent --out govops-host-agent.pyz',
)
app = group_app(HELP, EXAMPLES)

# Commands live in their own modules and are registered here, one line each.
from govops.cli import export_host_agent  # noqa: E402

app.command("host-agent")(export_host_agent.host_agent)
