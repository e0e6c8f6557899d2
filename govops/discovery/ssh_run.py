"""Run SSH discovery for the CLI: build targets (given or from the store), discover, save."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select

from govops.discovery.ssh import (
    Credential,
    DiscoveryOptions,
    SshOutcome,
    SshTarget,
    discover,
    parse_target,
    target_from_device,
)
from govops.discovery.ssh_store import SaveOutcome, SshObservation, mark_unreachable, save_observation
from govops.store.db import session_scope
from govops.store.models import Device


@dataclass(frozen=True)
class SshRun:
    """Outcomes of one run, the devices that could not even be tried, and what was saved."""

    outcomes: list[SshOutcome]
    skipped: list[str]
    saved: dict[str, SaveOutcome]


def targets_from_args(
    hosts: Sequence[str], *, port: int, platform: str | None, credential: Credential
) -> list[SshTarget]:
    """Build targets from command-line hosts."""
    out = []
    for text in hosts:
        host, p = parse_target(text, port)
        out.append(SshTarget(name=text, host=host, port=p, platform=platform, credential=credential))
    return out


def targets_from_store(engine: Engine) -> tuple[list[SshTarget], list[str]]:
    """Every stored device with SSH settings; devices whose settings are unusable are listed as skipped."""
    targets: list[SshTarget] = []
    skipped: list[str] = []
    with session_scope(engine) as session:
        for dev in session.scalars(select(Device).order_by(Device.name)):
            if not dev.ssh:  # JSON null and {} both mean "no SSH access"
                continue
            # A lab device carries its platform in facts.lab until discovery fills the column.
            lab = (dev.facts or {}).get("lab") or {}
            platform = dev.platform or (lab.get("platform") if isinstance(lab, dict) else None)
            st = target_from_device(dev.name, dev.mgmt_ip, platform, dict(dev.ssh or {}))
            if st.target:
                targets.append(st.target)
            else:
                skipped.append(st.problem or dev.name)
    return targets, skipped


def run_discovery(
    targets: list[SshTarget],
    opts: DiscoveryOptions,
    *,
    engine: Engine | None = None,
    skipped: list[str] | None = None,
    on_done: Callable[[SshOutcome], None] | None = None,
) -> SshRun:
    """Discover ``targets``; with ``engine``, reconcile what was seen into the store."""
    outcomes = discover(targets, opts, on_done=on_done)
    saved: dict[str, SaveOutcome] = {}
    if engine is not None:
        with session_scope(engine) as session:
            for o in outcomes:
                if o.facts is not None:
                    cred = o.target.credential
                    access = cred.access(o.target.port) if cred else None
                    obs = SshObservation(
                        o.target.name, o.target.host, o.facts, o.config, "ssh", o.at, o.target.port, access
                    )
                    saved[o.target.name] = save_observation(session, obs)
                elif o.error_kind == "unreachable":
                    mark_unreachable(session, address=o.target.host, at=o.at, port=o.target.port)
    return SshRun(outcomes, skipped or [], saved)
