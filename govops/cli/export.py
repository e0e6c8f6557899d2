"""`govops export`: Build artefacts for other tools (host-agent zipapp ...)."""

from __future__ import annotations

import typer

HELP = (
    "Build artefacts for other tools (host-agent zipapp ...)."
)
app = typer.Typer(help=HELP, no_args_is_help=True)

# Commands live in their own modules and are registered here, one line each.
from govops.cli import export_host_agent  # noqa: E402

app.command("host-agent")(export_host_agent.host_agent)
