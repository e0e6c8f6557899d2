"""Demo step: real Ansible over real SSH against the lab's impersonated servers, saved to the demo store.

Registered in ``govops.cli.demo.STEPS`` with one line. The lab step has started the
city's servers (a sample, behind real sshds); this step reads the store's servers with
Ansible, exactly as `govops discover servers --save` does, and saves the verdicts.
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
    """Run `discover servers --save` over the store's servers the lab serves (real Ansible, real sshd)."""
    from govops.discovery.servers import discover_servers, save_servers, store_inventory
    from govops.errors import ConfigError

    if ctx.engine is None:
        raise ConfigError("the demo store is not open")
    inventory, skipped = store_inventory(ctx.engine)
    outcomes = discover_servers(inventory, workdir=ctx.home / "ansible-runner", forks=10)
    saved = save_servers(ctx.engine, outcomes, from_store=True)
    verdicts: dict[str, int] = {}
    for o in outcomes:
        key = o.classification.verdict if o.classification else o.status
        verdicts[key] = verdicts.get(key, 0) + 1
    ctx.results["servers"] = {"read": len(outcomes), "verdicts": verdicts, "skipped": len(skipped)}
    ctx.say(f"  discover servers: {len(outcomes)} read over SSH ("
            + ", ".join(f"{k} {n}" for k, n in sorted(verdicts.items())) + f"), {len(skipped)} skipped; "
            f"{len(saved.updated)} changed, {len(saved.unchanged)} unchanged")
