"""The demo's SSH step: the city's network devices discovered over real SSH (the lab's simulator), then audited."""

from __future__ import annotations

from collections import Counter
from typing import Any

from govops.store.db import session_scope


def ssh_step(ctx: Any) -> None:
    """Discover every stored device with SSH access (credentials from the lab), save, audit configurations."""
    from govops.discovery.config_audit import run_config_audit
    from govops.discovery.ssh import DiscoveryOptions
    from govops.discovery.ssh_run import run_discovery, targets_from_store

    targets, skipped = targets_from_store(ctx.engine)
    # The lab handed over its devices' host keys with their credentials (govops.lab.runner): checked strictly.
    opts = DiscoveryOptions(known_hosts=ctx.home.parent / "ssh_known_hosts", concurrency=16)
    run = run_discovery(targets, opts, engine=ctx.engine, skipped=skipped, store_names={t.name for t in targets})
    with session_scope(ctx.engine) as session:
        audit = run_config_audit(session)
    ok = [o for o in run.outcomes if o.ok]
    platforms = Counter(o.facts.platform for o in ok if o.facts)
    ctx.results["ssh"] = {"devices": len(run.outcomes), "discovered": len(ok), "skipped": len(run.skipped),
                          "platforms": dict(platforms), "config_findings": audit.opened}  # fmt: skip
    ctx.say(f"  discover ssh: {len(ok)} of {len(run.outcomes)} found ("
            + ", ".join(f"{p} {n}" for p, n in sorted(platforms.items())) + f"), {len(run.skipped)} skipped")
    ctx.say(f"  configuration audit: {audit.opened} findings on {audit.devices} devices")
