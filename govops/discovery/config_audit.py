"""Audit stored configurations against the platform rules and keep findings with a lifecycle.

For each device whose newest configuration is audited, a rule that fires opens a
finding (or refreshes the open one: ``last_seen``, evidence); an open finding
whose rule no longer fires is marked ``resolved``. Devices not audited in a run
keep their findings untouched. ``source`` is ``config_audit``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govops.platforms.audit_rules import RuleHit, audit_config
from govops.store.models import ConfigBackup, Device, Finding, utcnow

SOURCE = "config_audit"


@dataclass(frozen=True)
class AuditSummary:
    """What one audit run did."""

    devices: int
    opened: int
    still_open: int
    resolved: int


def latest_configs(session: Session) -> list[tuple[Device, ConfigBackup]]:
    """Return each device with its newest stored configuration."""
    newest = (
        select(ConfigBackup.device_id, func.max(ConfigBackup.id).label("id"))
        .group_by(ConfigBackup.device_id)
        .subquery()
    )
    rows = session.execute(
        select(Device, ConfigBackup)
        .join(newest, newest.c.device_id == Device.id)
        .join(ConfigBackup, ConfigBackup.id == newest.c.id)
        .order_by(Device.name)
    )
    return [(row[0], row[1]) for row in rows]


@dataclass(frozen=True)
class FindingHit:
    """A rule that fired on a device, as any audit source reports it."""

    rule_id: str
    severity: str
    title: str
    advice: str | None
    evidence: str


def sync_findings(
    session: Session, device_id: int, source: str, hits: list[FindingHit], now: dt.datetime
) -> tuple[int, int, int]:
    """Open, refresh or resolve ``source``'s findings on one device; return (opened, kept, resolved).

    ``sync_open`` over every open finding of ``source`` on the device: a rule that did not fire this time resolves.
    """
    open_rows = {
        f.rule_id: f
        for f in session.scalars(
            select(Finding).where(Finding.device_id == device_id, Finding.source == source, Finding.status == "open")
        )
    }
    done = sync_open(session, open_rows, hits, now, device_id=device_id, source=source)
    return done.opened, done.kept, done.resolved


@dataclass
class Synced:
    """What ``sync_open`` did: the open finding of each hit (opened or refreshed) and the counts."""

    rows: list[Finding]
    opened: int = 0
    kept: int = 0
    resolved: int = 0


def sync_open(
    session: Session,
    open_rows: Mapping[str, Finding],
    hits: list[FindingHit],
    now: dt.datetime,
    *,
    device_id: int | None,
    source: str,
) -> Synced:
    """The one refresh path of every audit's findings, over the open findings the caller looked up (rule id ->
    finding: a device's, or the one rule a check tried) and what fired this time.

    A hit with no open finding opens one; an open one is refreshed (``last_seen``, evidence, severity, and the
    rule's title and advice, which a later release may have reworded: a clause label's form); an open finding whose
    rule did not fire this time is resolved.
    """
    done = Synced([])
    fired = set()
    for hit in hits:
        fired.add(hit.rule_id)
        row = open_rows.get(hit.rule_id)
        if row is None:
            row = Finding(
                device_id=device_id,
                rule_id=hit.rule_id,
                severity=hit.severity,
                title=hit.title,
                advice=hit.advice,
                evidence=hit.evidence,
                status="open",
                source=source,
                first_seen=now,
                last_seen=now,
            )
            session.add(row)
            done.opened += 1
        else:
            row.last_seen, row.evidence, row.severity = now, hit.evidence, hit.severity
            row.title, row.advice = hit.title, hit.advice
            done.kept += 1
        done.rows.append(row)
    for rule_id, row in open_rows.items():
        if rule_id not in fired:
            row.status, row.last_seen = "resolved", now
            done.resolved += 1
    return done


def _sync(session: Session, dev: Device, hits: list[RuleHit], now: dt.datetime) -> tuple[int, int, int]:
    found = [FindingHit(h.rule.id, h.rule.severity, h.rule.title, h.rule.advice, h.evidence) for h in hits]
    return sync_findings(session, dev.id, SOURCE, found, now)


def run_config_audit(session: Session, *, require_ipv6: bool = False, now: dt.datetime | None = None) -> AuditSummary:
    """Audit every device's newest stored configuration and update the findings."""
    moment = now or utcnow()
    totals = [0, 0, 0]
    pairs = latest_configs(session)
    for dev, cfg in pairs:
        if not dev.platform:
            continue
        hits = audit_config(dev.platform, cfg.text, require_ipv6=require_ipv6)
        for i, n in enumerate(_sync(session, dev, hits, moment)):
            totals[i] += n
    session.flush()
    return AuditSummary(len(pairs), totals[0], totals[1], totals[2])


def audit_stored_configs(session: Session, *, require_ipv6: bool = False) -> list[Finding]:
    """Run the configuration audit and return the open ``config_audit`` findings (for `govops audit`)."""
    run_config_audit(session, require_ipv6=require_ipv6)
    return open_findings(session)


def open_findings(session: Session, *, source: str = SOURCE) -> list[Finding]:
    """Return open findings of ``source``, most severe first."""
    rank = {"critical": 0, "warning": 1, "info": 2}
    rows = list(session.scalars(select(Finding).where(Finding.source == source, Finding.status == "open")))
    return sorted(rows, key=lambda f: (rank.get(f.severity, 3), f.device_id or 0, f.rule_id))
