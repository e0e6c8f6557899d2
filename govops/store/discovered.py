"""A device's discovered tables (interfaces, LLDP neighbours): how many rows are stored, and whether they are whole.

Discovery replaces each table as a whole (``govops.discovery.reconcile``). A table whose stored rows are only the
first ones of a walk cut short (the row limit, the per-target deadline) is marked in ``Device.partial_tables``
(table -> ``{"reason", "at", "source"}``) until a walk reads it whole; everything that shows a device's tables
reads them here, so none shows a partial table as the device's whole one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govops.store.models import Device, Interface, Neighbor

TABLES: dict[str, type[Interface] | type[Neighbor]] = {"interfaces": Interface, "neighbors": Neighbor}


def stored_rows(session: Session, device_id: int, table: str) -> int:
    """How many rows of ``table`` (``interfaces``, ``neighbors``) the store holds for the device."""
    model = TABLES[table]
    return int(session.scalar(select(func.count()).select_from(model).where(model.device_id == device_id)) or 0)


def discovered_tables(session: Session, device_id: int) -> dict[str, dict[str, Any]]:
    """Each discovered table of the device: ``{"rows": N, "partial": None | {"reason", "at", "source"}}``."""
    marks = session.scalar(select(Device.partial_tables).where(Device.id == device_id)) or {}
    return {table: {"rows": stored_rows(session, device_id, table), "partial": marks.get(table)} for table in TABLES}
