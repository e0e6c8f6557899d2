"""Explain a stored device's domestic verdict: what the catalogue says now, and what was stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from govops.catalog.vendors import VendorCatalog, classify_device, default_vendors
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
        row = catalog.get(verdict.subject) if verdict.subject else None
        return {
            "device": dev.name,
            "kind": dev.kind,
            "vendor": dev.vendor,
            "model": dev.model,
            "platform": dev.platform,
            "domestic": {"verdict": verdict.verdict, "evidence": verdict.to_dict()["evidence"]},
            "catalogue_vendor": None
            if row is None
            else {"id": row.id, "name": row.name, "name_zh": row.name_zh, "country": row.country,
                  "domestic": row.domestic, "source": row.source},
            "stored": {"domestic": dev.domestic, "classification": dev.classification},
        }
