"""The demo's SSH step: simulated network devices discovered over real SSH, then audited."""

from __future__ import annotations

from typing import Any

from govops.store.db import session_scope

DEMO_PASSWORD_ENV = "GOVOPS_DEMO_SSH_PASSWORD"  # noqa: S105 - the name of a variable, not a password


def ssh_step(ctx: Any) -> None:
    """Start one simulated device per platform, discover them (bounded pool), save, audit configs."""
    import os
    import secrets

    from govops.discovery.config_audit import run_config_audit
    from govops.discovery.ssh import Credential, DiscoveryOptions, SshTarget
    from govops.discovery.ssh_run import run_discovery
    from govops.lab.ssh_service import LAB_SSH_DEVICES
    from govops.lab.sshsim import SimDevice, SimServer, default_hostname, transcripts_for
    from govops.platforms.registry import get_platform

    password = os.environ.get(DEMO_PASSWORD_ENV) or secrets.token_hex(8)
    os.environ[DEMO_PASSWORD_ENV] = password
    cred = Credential.from_env("netops", DEMO_PASSWORD_ENV)
    with SimServer() as server:
        targets = []
        for name, platform, _kind in LAB_SSH_DEVICES:
            folder = transcripts_for(platform)
            device = SimDevice(get_platform(platform), folder, hostname=default_hostname(folder), password=password)
            targets.append(SshTarget(name, "127.0.0.1", server.add(device), None, cred))
        # The lab's devices are ours: trust their keys on first contact.
        opts = DiscoveryOptions(known_hosts=ctx.home / "ssh_known_hosts", concurrency=8, accept_new_host_key=True)
        run = run_discovery(targets, opts, engine=ctx.engine)
    with session_scope(ctx.engine) as session:
        audit = run_config_audit(session)
    ok = [o for o in run.outcomes if o.ok]
    ctx.results["ssh"] = {
        "devices": len(run.outcomes),
        "discovered": len(ok),
        "detected": {o.target.name: o.detected.platform for o in ok if o.detected},
        "config_findings": audit.opened,
    }
    for o in run.outcomes:
        f = o.facts
        what = f"{f.platform} {f.vendor} {f.model} {f.serial}" if f else f"failed: {o.error}"
        ctx.say(f"  {o.target.name}: {what} (detected)" if o.detected else f"  {o.target.name}: {what}")
    ctx.say(f"  configuration audit: {audit.opened} findings on {audit.devices} devices")
