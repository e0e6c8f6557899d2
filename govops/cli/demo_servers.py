"""Demo step: real Ansible over real SSH against the lab's impersonated servers, saved to the demo store.

Registered in ``govops.cli.demo.STEPS`` with one line. Self-contained: it starts the
lab's sshd service in its own directory under the demo home, discovers the lab servers
(the demo store's ``lab-srv-*`` exported as the inventory), saves the verdicts and
stops the sshd again, so a demo run leaves nothing running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine


class DemoContext(Protocol):
    """What this step needs of the demo's context (``govops.cli.demo.DemoContext``)."""

    home: Path
    engine: Engine | None
    results: dict[str, Any]

    def say(self, text: str) -> None:
        """Print progress."""
        ...


def discover_lab_servers(ctx: DemoContext) -> None:
    """Start the lab sshd, run `discover servers --save` over its servers, print the verdicts."""
    from govops.discovery.servers import discover_servers, save_servers, store_inventory
    from govops.errors import ConfigError, GovopsError
    from govops.lab.runner import Lab
    from govops.lab.sshd_service import SshdService

    if ctx.engine is None:
        raise ConfigError("the demo store is not open")
    lab = Lab(ctx.home / "servers", {"sshd": SshdService()})
    try:
        lab.up(ctx.engine)
    except GovopsError as exc:
        # No sshd or no corpus on this machine: the rest of the demo still stands.
        ctx.say(f"  [yellow]skipped[/yellow]: {exc}")
        ctx.results["servers"] = {}
        return
    try:
        outcomes = discover_servers(
            store_inventory(ctx.engine), workdir=ctx.home / "ansible-runner", limit="lab-srv-*", forks=10
        )
        saved = save_servers(ctx.engine, outcomes)
    finally:
        lab.down()
    for o in outcomes:
        c = o.classification
        if c is None:
            ctx.say(f"  {o.host}: {o.status} ({o.error})")
            continue
        ctx.say(
            f"  {o.host}: [bold]{c.verdict}[/bold]  CPU {c.cpu.vendor} ({c.cpu.verdict.verdict}), "
            f"OS {c.os.name} {c.os.version or ''} ({c.os.verdict.verdict})"
        )
    ctx.results["servers"] = {o.host: o.classification.verdict if o.classification else o.status for o in outcomes}
    ctx.say(f"  saved {len(saved.created) + len(saved.updated) + len(saved.unchanged)} servers (history source scan)")
