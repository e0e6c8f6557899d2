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
    from govops.discovery.host_audit import audit_hosts, save_host_audits
    from govops.discovery.servers import discover_servers, save_servers, store_inventory
    from govops.errors import ConfigError, GovopsError
    from govops.lab.runner import Lab
    from govops.lab.sshd_service import SshdService
    from govops.store.db import session_scope

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
        saved = save_servers(ctx.engine, outcomes, from_store=True)
        audits = audit_hosts(store_inventory(ctx.engine), workdir=ctx.home / "ansible-runner", limit="lab-srv-*",
                             forks=10)
        with session_scope(ctx.engine) as session:
            save_host_audits(session, audits)
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
    ctx.say("  等保 host checks (GB/T 22239-2019 8.1.4) over the same SSH:")
    for a in audits:
        if a.status != "ok":
            ctx.say(f"  {a.host}: {a.status} ({a.error})")
            continue
        passed = a.counts()["pass"]
        failing = ", ".join(f.rule for f in a.findings if f.status != "pass") or "-"
        ctx.say(f"  {a.host}: [bold]{passed}/{len(a.findings)} pass[/bold]  not passing: {failing}")
    ctx.results["dengbao"] = {a.host: a.counts() if a.status == "ok" else a.status for a in audits}
    ctx.say("  remediation per level-3 system: govops report dengbao")
