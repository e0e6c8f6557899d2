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

    @property
    def db_url(self) -> str:
        """The demo store's URL."""
        ...

    def say(self, text: str) -> None:
        """Print progress."""
        ...

    def hint(self, what: str, command: str) -> None:
        """Suggest a command to run next."""
        ...


def discover_lab_servers(ctx: DemoContext) -> None:
    """Run `discover servers --save` over the store's servers the lab serves (real Ansible, real sshd),
    then the 等保 host checks over the same SSH."""
    from govops.discovery.host_audit import audit_hosts, save_host_audits
    from govops.discovery.servers import discover_servers, save_servers, store_inventory
    from govops.errors import ConfigError
    from govops.store.db import session_scope

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
    audits = audit_hosts(inventory, workdir=ctx.home / "ansible-runner", forks=10)
    with session_scope(ctx.engine) as session:
        save_host_audits(session, audits)
    passing = sum(1 for a in audits if a.status == "ok" and all(f.status == "pass" for f in a.findings))
    ctx.results["dengbao"] = {a.host: a.counts() if a.status == "ok" else a.status for a in audits}
    ctx.say(f"  等保 host checks (GB/T 22239-2019 8.1.4) on {len(audits)} servers over the same SSH: "
            f"{passing} pass every check")
    ctx.hint("remediation per level-3 system", f"GOVOPS_DB={ctx.db_url} govops report dengbao")
