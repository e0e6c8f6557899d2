"""`govops export host-agent`: the host agent as one zipapp for any Python 3.7+."""

from __future__ import annotations

from pathlib import Path

import typer

from govops.agent.hostzip import build_host_zipapp


def host_agent(
    out: str = typer.Option("govops-host-agent.pyz", "--out", help="Where to write the zipapp."),
) -> None:
    """Build the host agent zipapp (runs with python3 >= 3.7, no packages needed)."""
    path = build_host_zipapp(Path(out))
    typer.echo(f"wrote {path} ({path.stat().st_size // 1024} KiB); run: python3 {path} --config host.yml")
