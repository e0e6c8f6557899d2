"""等保 technical readiness of devices and systems: the one definition the KPI and the 整改 report use.

A device *applies* when technical checks exist for it: servers (the 等保 host rules, run
by ``govops audit hosts``) and switches, routers and firewalls (the configuration-audit
rules that map onto the same rule ids, ``dengbao:`` in ``platforms/<name>/audit.yaml``).
An applicable device is *ready* when:

- a server has host-check results and every one of them passed (an unknown is not a pass);
- a network device has a platform with mapped rules, a stored configuration (so it was
  audited), and no open configuration-audit finding of a mapped rule.

A system is *technically ready* when it runs on at least one applicable, active device
and every applicable, active device it runs on is ready.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, not_, or_

from govops.platforms.audit_rules import rules_for
from govops.platforms.registry import all_platform_names
from govops.store import tables
from govops.store.tables import ConfigBackup, Device, Finding, HostCheck, System, SystemHost
from govops.vocab import NETWORK_KINDS

CONFIG_AUDIT_SOURCE = "config_audit"


@cache
def network_rule_map() -> dict[str, dict[str, str]]:
    """For each platform with mapped rules: configuration-audit rule id -> 等保 rule id."""
    out: dict[str, dict[str, str]] = {}
    for name in all_platform_names():
        mapped = {r.id: r.dengbao for r in rules_for(name) if r.dengbao}
        if mapped:
            out[name] = mapped
    return out


def mapped_config_rules() -> list[str]:
    """Every configuration-audit rule id that gives 等保 evidence."""
    return sorted({rule for rules in network_rule_map().values() for rule in rules})


def device_applies(dev: Any = Device) -> ColumnElement[bool]:
    """Devices the technical checks apply to: servers and network devices, not retired.

    ``dev`` is the columns of ``devices`` or of an alias of it (for correlated subqueries).
    """
    return and_(dev.status != "retired", or_(dev.kind == "server", dev.kind.in_(NETWORK_KINDS)))


def device_ready(dev: Any = Device) -> ColumnElement[bool]:
    """Applicable devices whose last checks all passed (see the module docstring)."""
    d = dev
    checked = exists().where(HostCheck.device_id == d.id)
    not_passed = exists().where(HostCheck.device_id == d.id, HostCheck.status != "pass")
    server_ready = and_(d.kind == "server", checked, not_(not_passed))
    audited = exists().where(ConfigBackup.device_id == d.id)
    failing = exists().where(
        Finding.device_id == d.id,
        Finding.source == CONFIG_AUDIT_SOURCE,
        Finding.status == "open",
        Finding.rule_id.in_(mapped_config_rules()),
    )
    network_ready = and_(d.kind.in_(NETWORK_KINDS), d.platform.in_(sorted(network_rule_map())), audited, not_(failing))
    return or_(server_ready, network_ready)


def system_technically_ready() -> ColumnElement[bool]:
    """Systems whose every applicable device is ready, with at least one such device."""
    d = tables.devices.alias().c
    # Directly inside the caller's SELECT, so System correlates; device_ready's own EXISTS correlate to d.
    on_system = and_(SystemHost.system_id == System.id, SystemHost.device_id == d.id, device_applies(d))
    any_applicable = exists().where(on_system)
    any_not_ready = exists().where(on_system, not_(device_ready(d)))
    return and_(any_applicable, not_(any_not_ready))
