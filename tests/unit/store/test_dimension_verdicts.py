"""``Device.dimension_verdicts``: the database keeps each dimension's verdict equal to the record, whoever writes it."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govops.catalog.record import DIMENSIONS
from govops.store.bulk import bulk_insert
from govops.store.db import make_engine, upgrade_store
from govops.store.models import VERDICT_DIMENSIONS, Device, dimension_words

SERVER = {"verdict": "foreign", "source": "ansible",
          "vendor": {"verdict": "unknown", "evidence": []}, "cpu": {"verdict": "foreign", "evidence": []},
          "os": {"verdict": "domestic", "evidence": []},
          "software": {"verdict": "foreign", "items": [{"verdict": "domestic"}, {"verdict": "foreign"}]}}  # fmt: skip
SWITCH = {"verdict": "domestic", "source": "snmp", "vendor": {"verdict": "domestic", "evidence": []}}
ODD = {"verdict": "unknown", "vendor": {"verdict": "maybe"}, "cpu": "not a dimension", "note": 'say "items"'}


def expected(doc: Any) -> tuple[list[str | None], bool]:
    """What the generated column must say, from the record itself."""
    if doc is None:
        return [None] * len(VERDICT_DIMENSIONS), False
    words = []
    for dim in VERDICT_DIMENSIONS:
        body = doc.get(dim)
        word = body.get("verdict") if isinstance(body, dict) else None
        words.append(word if isinstance(word, str) and word else None)
    return words, '"items"' in json.dumps(doc)


def stored(s: Session, dialect: str) -> dict[str, tuple[list[str | None], bool]]:
    rows = s.execute(select(Device.name, Device.dimension_verdicts)).all()
    return {name: dimension_words(value, dialect) for name, value in rows}


def test_the_dimensions_are_the_catalogue_s_device_dimensions() -> None:
    # Software is counted by product, from its items; every other dimension has a verdict word here.
    assert tuple(d for d in DIMENSIONS if d != "software") == VERDICT_DIMENSIONS


def test_dimension_verdicts_follow_every_writer(store_url: str) -> None:
    """Bulk import, the ORM (discovery, a person) and a Core UPDATE (a rewind, re-classification) alike."""
    engine = make_engine(store_url)
    upgrade_store(engine)
    dialect = engine.dialect.name
    docs = {"srv": SERVER, "sw": SWITCH, "odd": ODD, "none": None}
    with Session(engine) as s:
        bulk_insert(s, Device, [{"name": name, "kind": "server", "classification": doc} for name, doc in docs.items()])
        s.add(Device(name="orm", kind="switch", classification=SWITCH))
        s.flush()
        assert stored(s, dialect) == {**{n: expected(d) for n, d in docs.items()}, "orm": expected(SWITCH)}
        orm = s.scalars(select(Device).where(Device.name == "orm")).one()
        orm.classification = SERVER  # discovery merges a measured record
        s.execute(update(Device).where(Device.name == "srv").values(classification=SWITCH))
        s.execute(update(Device).where(Device.name == "none").values(classification=ODD))
        s.flush()
        now = stored(s, dialect)
        assert (now["orm"], now["srv"], now["none"]) == (expected(SERVER), expected(SWITCH), expected(ODD))
        assert now["srv"] == (["domestic", None, None], False) and now["orm"][1] is True
        s.rollback()
    engine.dispose()
