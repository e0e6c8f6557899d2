"""`govops audit hosts`: the 等保 host checks on servers through Ansible, stored with evidence and history.

``playbooks/dengbao.yml`` runs the read-only ``govops_hostaudit`` module, which is
:mod:`govops.catalog.hostcheck` itself (shipped as ``module_utils``). Each host ends as
one :class:`HostAudit`: its findings, or a per-host error (unreachable, authentication,
no Python, timeout, module failure) that never stops the others.

Saving keeps two things per server: every rule's latest result in ``host_checks``
(passes and unknowns included, for the remediation report) and failures as ``findings``
(source ``dengbao_host``) with the same open/resolved lifecycle as the configuration audit,
so the nightly ``govops audit`` shows them too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govops.catalog.dengbao import HostFinding, RuleSet, default_ruleset, findings_from_results
from govops.discovery.config_audit import FindingHit, sync_findings
from govops.discovery.servers import (
    ERROR_HINTS,
    Progress,
    RunnerEvents,
    Status,
    prepare_inventory,
    run_playbook,
)
from govops.errors import ConfigError, InputError
from govops.store.models import Device, HostCheck, utcnow

SOURCE = "dengbao_host"
PLAYBOOK = "dengbao.yml"


@dataclass(frozen=True)
class HostAudit:
    """The checks of one inventory host, or why there are none."""

    host: str
    address: str | None
    status: Status
    error: str | None = None
    hint: str | None = None
    findings: tuple[HostFinding, ...] = ()
    checked_at: dt.datetime = field(default_factory=utcnow)

    def counts(self) -> dict[str, int]:
        """How many rules passed, failed and are unknown."""
        return {s: sum(1 for f in self.findings if f.status == s) for s in ("pass", "fail", "unknown")}

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of ``govops audit hosts --json``."""
        out: dict[str, Any] = {"host": self.host, "address": self.address, "status": self.status,
                               "checked_at": self.checked_at.isoformat()}
        if self.error is not None:
            out.update(error=self.error, hint=self.hint)
        else:
            out.update(counts=self.counts(), findings=[f.to_dict() for f in self.findings])
        return out


@dataclass
class _Collector(RunnerEvents):
    """The host audit's events: module results turned into findings per host."""

    ruleset: RuleSet
    audits: dict[str, HostAudit] = field(default_factory=dict)

    def _failed(self, host: str, status: Status, message: str, hint: str) -> None:
        self._done(HostAudit(host, self.addresses.get(host), status, message, hint))

    def _ok(self, host: str, res: Mapping[str, Any]) -> None:
        try:
            findings = findings_from_results(res.get("results"), self.ruleset, where=f"host {host}")
        except InputError as exc:
            self._done(HostAudit(host, self.addresses.get(host), "failed", str(exc), ERROR_HINTS["failed"]))
            return
        self._done(HostAudit(host, self.addresses.get(host), "ok", findings=tuple(findings)))

    def _done(self, audit: HostAudit) -> None:
        self.audits[audit.host] = audit
        if self.progress:
            c = audit.counts()
            ok = f"{c['pass']} pass, {c['fail']} fail, {c['unknown']} unknown"
            self.progress(audit.host, ok if audit.status == "ok" else audit.status)


def audit_hosts(
    inventory: Path | Mapping[str, Any],
    *,
    workdir: Path,
    limit: str | None = None,
    forks: int = 10,
    progress: Progress | None = None,
    connect_timeout_s: int = 10,
    ruleset: RuleSet | None = None,
) -> list[HostAudit]:
    """Run the 等保 checks on every inventory host through Ansible.

    Returns:
        One audit per host, sorted by host name; a host Ansible never reported on is
        ``failed`` with a message saying so.

    Raises:
        ConfigError: If the inventory or the playbook cannot be used at all.
    """
    rs = ruleset or default_ruleset()
    prepared = prepare_inventory(inventory, workdir, limit)
    addresses = prepared.addresses
    collector = _Collector(addresses=addresses, progress=progress, ruleset=rs)
    runner = run_playbook(PLAYBOOK, prepared, workdir=workdir, limit=limit, forks=forks,
                          extravars={"govops_dengbao_params": dict(rs.params)}, handler=collector,
                          connect_timeout_s=connect_timeout_s)
    audits = dict(collector.audits)
    if not audits and runner.rc != 0:
        tail = runner.stdout.read()[-800:].strip() if runner.stdout else ""
        raise ConfigError(f"ansible-playbook failed before reaching any host (rc {runner.rc}): {tail}")
    for host, address in addresses.items():
        if host not in audits:
            audits[host] = HostAudit(host, address, "failed",
                                     f"Ansible reported nothing for this host (runner status {runner.status})",
                                     ERROR_HINTS["failed"])
    return [audits[h] for h in sorted(audits)]


@dataclass(frozen=True)
class SaveSummary:
    """What saving one run did."""

    saved: tuple[str, ...]
    not_in_store: tuple[str, ...]
    not_checked: tuple[str, ...]
    opened: int
    still_open: int
    resolved: int

    def to_json(self) -> dict[str, Any]:
        """JSON shape."""
        return {"saved": list(self.saved), "not_in_store": list(self.not_in_store),
                "not_checked": list(self.not_checked), "opened": self.opened, "still_open": self.still_open,
                "resolved": self.resolved}


def evidence_text(finding: HostFinding) -> str:
    """Evidence as stored in a finding: one ``file:line value`` per line."""
    lines = []
    for e in finding.evidence:
        place = f"{e['file']}:{e['line']}" if e["line"] else e["file"]
        lines.append(f"{place} {e['value']}".strip())
    return "\n".join(lines)[:2000]


def _store_checks(session: Session, device_id: int, audit: HostAudit) -> None:
    rows = {c.rule: c for c in session.scalars(select(HostCheck).where(HostCheck.device_id == device_id))}
    for f in audit.findings:
        row = rows.get(f.rule) or HostCheck(device_id=device_id, rule=f.rule)
        row.clause, row.severity, row.status = f.clause, f.severity, f.status
        row.evidence, row.checked_at = [dict(e) for e in f.evidence], audit.checked_at
        session.add(row)


def save_host_audits(session: Session, audits: list[HostAudit], ruleset: RuleSet | None = None) -> SaveSummary:
    """Store each checked host's results and sync its ``dengbao_host`` findings.

    Hosts are matched to store devices by name. A host that could not be checked keeps
    its previous results and findings untouched: an unreachable server is not a fixed one.
    """
    rs = ruleset or default_ruleset()
    names = [a.host for a in audits]
    devices = {d.name: d for d in session.scalars(select(Device).where(Device.name.in_(names)))}
    saved, missing, unchecked = [], [], []
    totals = [0, 0, 0]
    for audit in audits:
        dev = devices.get(audit.host)
        if dev is None:
            missing.append(audit.host)
            continue
        if audit.status != "ok":
            unchecked.append(audit.host)
            continue
        _store_checks(session, dev.id, audit)
        hits = []
        for f in audit.findings:
            if f.status == "fail":
                rule = rs.rule(f.rule)
                title = rule.titles.cell()  # as tables show it
                hits.append(FindingHit(f.rule, f.severity, title, f"{rule.advice_en}\n{rule.advice_zh}",
                                       evidence_text(f)))
        for i, n in enumerate(sync_findings(session, dev.id, SOURCE, hits, audit.checked_at)):
            totals[i] += n
        saved.append(audit.host)
    session.flush()
    return SaveSummary(tuple(saved), tuple(missing), tuple(unchecked), totals[0], totals[1], totals[2])
