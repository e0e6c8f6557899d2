"""one classification record: stored verdicts rewritten to the shape of govops.catalog.record

Before this revision ``Device.classification`` had two shapes: SNMP/SSH wrote
``{"vendor": {"verdict", "subject", "evidence", "source"}}`` with nothing on top, and
server discovery wrote ``{"verdict", "policy": {"require"}, "hardware"|"cpu"|"os":
{"domestic": true|false|null, ...}, "software": [{"domestic", ...}]}``. Both become
``{"verdict", "source", "policy": [...], "vendor"|"cpu"|"os": {"verdict", "subject",
"evidence", "source", ...}, "software": {"verdict", ..., "items": [{"verdict", ...}]}}``.
Records already in the new shape (declared ones) are left as they are.

The conversion is written out here, frozen as of this revision: the package itself
reads and writes one shape only.

Revision ID: 0005_i14
Revises: 0004_i15
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_i14"
down_revision = "0004_i15"
branch_labels = None
depends_on = None

BATCH = 1000
_WORDS = ("domestic", "foreign", "unknown")


def _word(flag: Any) -> str:
    if flag in _WORDS:
        return str(flag)
    return {True: "domestic", False: "foreign"}.get(flag, "unknown") if isinstance(flag, bool) else "unknown"


def _dim(body: Any, source: str) -> Any:
    """One old dimension in the new shape (flag ``domestic`` -> word ``verdict``, a ``source``)."""
    if not isinstance(body, dict):
        return body
    out = {k: v for k, v in body.items() if k != "domestic"}
    if "verdict" not in body:
        out["verdict"] = _word(body.get("domestic"))
    out.setdefault("subject", None)
    out.setdefault("evidence", [])
    out.setdefault("source", source)
    return out


def _software(items: list[Any], source: str) -> dict[str, Any]:
    products = [{**{k: v for k, v in i.items() if k != "domestic"}, "verdict": _word(i.get("domestic"))}
                for i in items if isinstance(i, dict)]
    foreign = [p.get("id") for p in products if p["verdict"] == "foreign"]
    found = [p.get("id") for p in products]
    verdict = "unknown" if not products else ("foreign" if foreign else "domestic")
    subject = ",".join(str(x) for x in (foreign or found)) or None
    return {"verdict": verdict, "subject": subject, "evidence": [], "source": source, "items": products}


def convert(doc: Any, domestic: str | None) -> Any:
    """Return the record in the new shape (unchanged when it already is or is not a record)."""
    if not isinstance(doc, dict) or not doc:
        return doc
    old_server = "hardware" in doc or isinstance(doc.get("software"), list) or any(
        isinstance(doc.get(d), dict) and "domestic" in doc[d] for d in ("cpu", "os"))
    if not old_server and "source" in doc:
        return doc  # already the one shape (a declared record)
    vendor = doc["vendor"] if isinstance(doc.get("vendor"), dict) else {}
    source = "ansible" if old_server else str(vendor.get("source") or "snmp")
    out: dict[str, Any] = {"verdict": doc.get("verdict") if doc.get("verdict") in _WORDS else (domestic or "unknown"),
                           "source": source}
    policy = doc.get("policy")
    if isinstance(policy, dict) and isinstance(policy.get("require"), list):
        out["policy"] = ["vendor" if d == "hardware" else d for d in policy["require"]]
    if "hardware" in doc:
        out["vendor"] = _dim(doc["hardware"], source)
    elif "vendor" in doc:
        out["vendor"] = _dim(doc["vendor"], source)
    for dim in ("cpu", "os"):
        if dim in doc:
            out[dim] = _dim(doc[dim], source)
    if isinstance(doc.get("software"), list):
        out["software"] = _software(doc["software"], source)
    elif isinstance(doc.get("software"), dict):
        out["software"] = doc["software"]
    return out


def upgrade() -> None:
    bind = op.get_bind()
    devices = sa.table("devices", sa.column("id", sa.Integer), sa.column("domestic", sa.String),
                       sa.column("classification", sa.JSON))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(devices.c.id, devices.c.domestic, devices.c.classification)
            .where(devices.c.id > last, devices.c.classification.is_not(None))
            .order_by(devices.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        last = rows[-1].id
        for row in rows:
            doc = json.loads(row.classification) if isinstance(row.classification, str) else row.classification
            new = convert(doc, row.domestic)
            if new != doc:
                bind.execute(sa.update(devices).where(devices.c.id == row.id).values(classification=new))


def downgrade() -> None:
    # The older readers read `vendor.verdict` words as well as flags; the new shape keeps
    # `verdict` words in every dimension, so older code reads it (software items aside).
    pass
