"""`govops export`: Build artefacts for other tools (host-agent zipapp ...)."""

from __future__ import annotations

import typer

from govops.cli.helptext import with_examples

HELP = (
    "Build artefacts for other tools (host-agent zipapp ...)."
)
EXAMPLES = (
    'govops export host-agent --out govops-host-agent.pyz',
)
app = typer.Typer(help=with_examples(HELP, *EXAMPLES), no_args_is_help=True)

# Commands live in their own modules and are registered here, one line each.
from govops.cli import export_host_agent  # noqa: E402

app.command("host-agent")(export_host_agent.host_agent)
