"""Explain a stored device's domestic verdict: what the catalogue says now, and what was stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from govops.catalog.declared import SERVER_KINDS, Declared, classify_vendor_text, judge_server
from govops.catalog.record import dimension, is_measured, make_record
from govops.catalog.server_config import configured_policy, default_catalog
from govops.catalog.vendors import VendorCatalog, classify_device, default_vendors
from govops.catalog.verdict import UNKNOWN, Evidence, Verdict
from govops.errors import InputError
from govops.platforms.snmp import default_platforms, select_platform
from govops.store.db import session_scope
from govops.store.models import Device


def explain_device(engine: Engine, name: str, *, vendors: VendorCatalog | None = None) -> dict[str, Any]:
    """Classify the device ``name`` again from its stored facts and return verdict, evidence and the stored verdict.

    Raises:
        InputError: If no device has that name (with the closest names as a hint).
    """
    catalog = vendors or default_vendors()
    with session_scope(engine) as session:
        dev = session.scalars(select(Device).where(Device.name == name)).one_or_none()
        if dev is None:
            names = list(session.scalars(select(Device.name).where(Device.name.like(f"%{name[:3]}%")).limit(5)))
            hint = f"similar: {', '.join(names)}" if names else None
            raise InputError(f"no device named {name!r}", where="classify device", hint=hint)
        snmp_facts = (dev.facts or {}).get("snmp") or {}
        # The platform's row that matches what the device said (H3C- or HPE-branded Comware).
        platform = select_platform(
            [p for p in default_platforms() if p.platform == dev.platform],
            snmp_facts.get("sys_object_id") or "",
            snmp_facts.get("sys_descr") or "",
        )
        verdict = classify_device(
            catalog,
            vendor=dev.vendor,
            sys_object_id=snmp_facts.get("sys_object_id"),
            texts={f: snmp_facts.get(f) for f in ("manufacturer", "sys_descr", "hardware_maker", "release")},
            platform=(platform.id, platform.vendor, platform.source) if platform and platform.vendor else None,
        )
        if verdict.verdict == "unknown" and not is_measured(dev.classification):
            # A ledger's words, judged as the import judged them: a maker by its Chinese name (新华三), or named by
            # its model, which the stored vendor column alone does not find (what discovery measured stays its own).
            declared = classify_vendor_text(dev.vendor, dev.model, catalog, "stored")
            verdict = declared if declared.verdict != "unknown" else verdict
        row = catalog.get(verdict.subject) if verdict.subject else None
        dims: dict[str, Verdict] = {"vendor": verdict}
        overall = verdict.verdict
        policy_dims: list[str] | None = None
        if dev.kind in SERVER_KINDS:
            # A server is judged by the server policy (CPU and OS by default), as discovery, import and the
            # reports judge it; its maker alone said domestic for an Inspur on Intel and CentOS.
            words = Declared(
                dev.kind, cpu_vendor=dev.cpu_vendor, cpu_model=dev.cpu_model, os=dev.os, os_version=dev.os_version
            )
            software = _stored_dimension(dev.classification, "software")  # no words to judge again
            rules = configured_policy()
            server_catalog = default_catalog()
            dims, overall = judge_server(words, verdict, software, catalog=server_catalog, policy=rules, where="stored")
            policy_dims = list(rules.require)
        return {
            "device": dev.name,
            "kind": dev.kind,
            "vendor": dev.vendor,
            "model": dev.model,
            "platform": dev.platform,
            # As everywhere: ``domestic`` is the verdict word, ``classification`` the record with the evidence
            # (judged again from the stored facts: source ``stored``); ``stored`` holds what the store says.
            "domestic": overall,
            "classification": make_record(
                overall, "stored", {d: dimension(v, "stored") for d, v in dims.items()}, policy=policy_dims
            ),
            "catalogue_vendor": None
            if row is None
            else {
                "id": row.id,
                "name": row.name,
                "name_zh": row.name_zh,
                "country": row.country,
                "domestic": row.domestic,
                "source": row.source,
            },
            "stored": {"domestic": dev.domestic, "classification": dev.classification},
            "missing": missing_facts(dev.name, dev.kind, dev.mgmt_ip, dims, policy_dims or ["vendor"]),
        }


# What each dimension is judged from: the ledger columns that declare it (import's field names).
_DIMENSION_FIELDS: dict[str, tuple[str, ...]] = {
    "vendor": ("vendor", "model"),
    "cpu": ("cpu_vendor", "cpu_model"),
    "os": ("os", "os_version"),
    "software": (),  # no ledger column: only a scan reads the installed software
}


def missing_facts(
    name: str, kind: str, mgmt_ip: str | None, dims: dict[str, Verdict], deciding: list[str]
) -> list[dict[str, Any]]:
    """The deciding dimensions with no evidence: what was neither declared nor observed, and what would settle it.

    Each entry names the dimension, the ledger columns to fill and the command whose scan observes it (a server's
    CPU, OS and software by the Ansible discovery, any other device's maker over SNMP); ``needs`` names the
    management address column when the store has none (neither scan reaches a device without one).
    """
    out: list[dict[str, Any]] = []
    for dim in deciding:
        verdict = dims.get(dim)
        if verdict is None or verdict.evidence:
            continue
        command = (
            f"govops discover servers --limit {name} --save"
            if kind in SERVER_KINDS
            else f"govops discover snmp {mgmt_ip or '<address>'} --save"
        )
        out.append(
            {
                "dimension": dim,
                "ledger_columns": list(_DIMENSION_FIELDS.get(dim, ())),
                "command": command,
                "needs": None if mgmt_ip else "mgmt_ip",
            }
        )
    return out


def _stored_dimension(record: Any, name: str) -> Verdict:
    """A dimension's verdict as the stored classification record holds it (unknown without one)."""
    body = record.get(name) if isinstance(record, dict) else None
    if not isinstance(body, dict) or body.get("verdict") not in ("domestic", "foreign"):
        return UNKNOWN
    evidence = tuple(
        Evidence(str(e.get("field")), str(e.get("value")), str(e.get("rule")), e.get("source"))
        for e in body.get("evidence") or ()
        if isinstance(e, dict)
    )
    return Verdict(body["verdict"], body.get("subject"), evidence)
