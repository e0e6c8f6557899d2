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
    StoreTarget,
    discover,
    parse_target,
    target_from_device,
)
from govops.discovery.ssh_store import SaveOutcome, SshObservation, save_observations
from govops.discovery.store_targets import chosen_devices
from govops.errors import ConfigError
from govops.platforms.registry import PLATFORMS
from govops.store.db import session_scope
from govops.store.models import Device
from govops.vocab import NETWORK_KINDS


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


def _ssh_device(dev: Device) -> bool:
    """Whether ``dev`` is one SSH discovery reads: SSH settings, and a network kind or a platform it knows."""
    # JSON null and {} both mean "no SSH access".
    return bool(dev.ssh) and (dev.kind in NETWORK_KINDS or dev.platform in PLATFORMS)


def _store_target(dev: Device) -> StoreTarget:
    # A lab device carries its platform in facts.lab until discovery fills the column.
    lab = (dev.facts or {}).get("lab") or {}
    platform = dev.platform or (lab.get("platform") if isinstance(lab, dict) else None)
    return target_from_device(dev.name, dev.mgmt_ip, platform, dict(dev.ssh or {}))


def targets_from_store(engine: Engine) -> tuple[list[SshTarget], list[str]]:
    """Every stored device with SSH settings; devices whose settings are unusable are listed as skipped."""
    targets: list[SshTarget] = []
    skipped: list[str] = []
    with session_scope(engine) as session:
        for dev in session.scalars(select(Device).order_by(Device.name)):
            if not _ssh_device(dev):
                continue
            st = _store_target(dev)
            if st.target:
                targets.append(st.target)
            else:
                skipped.append(st.problem or dev.name)
    return targets, skipped


def chosen_targets(engine: Engine, picks: Sequence[str]) -> list[SshTarget]:
    """Targets for the store devices ``picks`` name (``store_targets.chosen_devices``, as ``discover snmp --device``
    selects), logged into with their stored SSH access.

    Raises:
        InputError: Naming a pick that is no store device's name or management address.
        ConfigError: Naming a chosen device SSH discovery does not read, or whose SSH settings are unusable.
    """
    targets: list[SshTarget] = []
    with session_scope(engine) as session:
        for dev in chosen_devices(session, picks):
            if not dev.ssh:
                raise ConfigError(f"--device: device {dev.name} has no SSH access stored",
                                  hint="import it with ssh settings, or name its address as TARGET with --username "
                                  "and --password-env/--password-file/--key")
            if not _ssh_device(dev):
                raise ConfigError(f"--device: device {dev.name} is no network device (kind {dev.kind}, no known "
                                  "platform)", hint="`govops discover servers` reads hosts")
            st = _store_target(dev)
            if st.target is None:
                raise ConfigError(f"--device: {st.problem or dev.name}")
            targets.append(st.target)
    return targets


def run_discovery(
    targets: list[SshTarget],
    opts: DiscoveryOptions,
    *,
    engine: Engine | None = None,
    skipped: list[str] | None = None,
    on_done: Callable[[SshOutcome], None] | None = None,
    store_names: set[str] | None = None,
) -> SshRun:
    """Discover ``targets``; with ``engine``, reconcile what was seen into the store.

    ``store_names`` are targets that came from the store (matched to that device by name).
    """
    outcomes = discover(targets, opts, on_done=on_done)
    saved: dict[str, SaveOutcome] = {}
    if engine is not None:
        stored = {t.name for t in targets if t.name in (store_names or set())}
        observations = [
            SshObservation(
                target=o.target.name,
                address=o.target.host,
                facts=o.facts,
                config=o.config,
                source="ssh",
                at=o.at,
                port=o.target.port,
                access=o.target.credential.access(o.target.port) if o.target.credential else None,
                store_name=o.target.name if o.target.name in stored else None,
                error=o.error,
                error_kind=o.error_kind,
            )
            for o in outcomes
            if o.facts is not None or o.error_kind in ("unreachable", "auth")
        ]
        saved = save_observations(engine, observations)
    return SshRun(outcomes, skipped or [], saved)
