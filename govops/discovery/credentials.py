"""Check devices for published factory-default logins over SSH (only when the user says they may).

Each account name is tried at most once per device per run, with one password,
so an audit never trips a lockout policy; a device that accepts is a critical
finding. Findings name the account and where the default is published, never
the password.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.discovery.config_audit import FindingHit, sync_open
from govops.discovery.ssh import KnownHosts
from govops.discovery.ssh_store import find_device
from govops.platforms.factory_defaults import (
    LOGIN_ADVICE,
    LOGIN_RULE,
    LOGIN_TITLES,
    DefaultLogin,
    logins_to_try,
)
from govops.store.models import Finding, utcnow

log = logging.getLogger(__name__)
LOGIN_TITLE = LOGIN_TITLES.cell()  # stored as tables show it (English / 中文 before)
SOURCE = "default_credentials"


@dataclass(frozen=True)
class CredentialCheck:
    """Result for one device: which default accounts were tried and which were accepted."""

    target: str
    host: str
    port: int
    platform: str | None
    tried: tuple[str, ...] = ()
    accepted: tuple[DefaultLogin, ...] = ()
    error: str | None = None
    at: dt.datetime = field(default_factory=utcnow)


def _try_login(host: str, port: int, login: DefaultLogin, known: KnownHosts, timeout: float) -> bool:
    import paramiko

    client = paramiko.SSHClient()
    if known.path.exists():
        client.load_host_keys(str(known.path))
    # Trust on first use, as discovery does; a key that differs from govops' known_hosts
    # still raises BadHostKeyException, so no password goes to an impostor.
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # noqa: S507
    try:
        client.connect(
            host,
            port=port,
            username=login.username,
            password=login.password,
            timeout=timeout,
            auth_timeout=timeout,
            banner_timeout=timeout,
            look_for_keys=False,
            allow_agent=False,
        )
        return True
    except paramiko.AuthenticationException:
        return False
    finally:
        client.close()


def check_device(
    target: str, host: str, port: int, *, platform: str | None, known: KnownHosts, timeout: float = 10.0
) -> CredentialCheck:
    """Try each default account once; stop early on an unreachable or impostor device."""
    import paramiko

    tried: list[str] = []
    accepted: list[DefaultLogin] = []
    for login in logins_to_try(platform):
        tried.append(login.username)
        try:
            if _try_login(host, port, login, known, timeout):
                accepted.append(login)
        except paramiko.BadHostKeyException:
            return CredentialCheck(
                target,
                host,
                port,
                platform,
                tuple(tried),
                tuple(accepted),
                f"{target}: host key changed since first seen; not sending passwords",
            )
        except (TimeoutError, OSError, paramiko.SSHException, EOFError) as exc:
            return CredentialCheck(
                target,
                host,
                port,
                platform,
                tuple(tried),
                tuple(accepted),
                f"{target}: SSH failed: {type(exc).__name__}: {exc}",
            )
    return CredentialCheck(target, host, port, platform, tuple(tried), tuple(accepted))


def check_devices(
    targets: Sequence[tuple[str, str, int, str | None]], known_hosts: Path, *, concurrency: int = 10
) -> list[CredentialCheck]:
    """Check many devices in parallel (each device's accounts in sequence)."""
    known = KnownHosts(known_hosts)
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(targets) or 1))) as pool:
        return list(pool.map(lambda t: check_device(t[0], t[1], t[2], platform=t[3], known=known), targets))


def record_findings(session: Session, checks: Sequence[CredentialCheck]) -> list[Finding]:
    """Open (or refresh) a critical finding per accepting device; resolve it once the default is gone.

    Through ``sync_open``, the audits' one refresh path, over the open finding of the rule this check tried on this
    device (a device not stored is known by its target, which opens the evidence): a recheck gives it the rule's
    current title, advice and severity.
    """
    out: list[Finding] = []
    for check in checks:
        if check.error:
            continue
        dev = find_device(session, serial=None, address=check.host, name=check.target, port=check.port)
        rule = f"{check.platform or 'any'}.{LOGIN_RULE}"
        same = Finding.device_id == dev.id if dev else Finding.evidence.like(f"{check.target}:%")
        open_rows = {
            f.rule_id: f
            for f in session.scalars(
                select(Finding).where(Finding.source == SOURCE, Finding.status == "open", Finding.rule_id == rule, same)
            )
        }
        hits = [FindingHit(rule, "critical", LOGIN_TITLE, LOGIN_ADVICE, _evidence(check))] if check.accepted else []
        out += sync_open(session, open_rows, hits, check.at, device_id=dev.id if dev else None, source=SOURCE).rows
    session.flush()
    return out


def _evidence(check: CredentialCheck) -> str:
    """The accounts that accepted their published default (names and where the default is published, never it)."""
    return f"{check.target}: " + "; ".join(
        f"account {a.username!r} accepts its published factory-default password ({a.source})" for a in check.accepted
    )


def summary(check: CredentialCheck) -> dict[str, Any]:
    """A JSON-ready view (account names only)."""
    return {
        "target": check.target,
        "platform": check.platform,
        "tried": list(check.tried),
        "accepted": [a.username for a in check.accepted],
        "error": check.error,
    }
