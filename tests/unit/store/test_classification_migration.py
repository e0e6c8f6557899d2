"""Migration 0005: the two stored classification shapes become the one record shape, read by one path."""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import select

from govops.catalog.record import check_record, dimension_verdict
from govops.store.db import _alembic_config, make_engine, upgrade_store
from govops.store.models import Device, dimension_words

# What `discover servers` stored before 0005: flags per dimension, `hardware`, software as a list.
OLD_SERVER = {
    "verdict": "foreign",
    "policy": {"require": ["cpu", "os"]},
    "cpu": {"vendor": "Intel", "model": "Xeon", "arch": "x86_64", "domestic": False,
            "evidence": [{"field": "vendor_id", "value": "GenuineIntel", "rule": "cpus:intel-x86", "source": "x"}]},
    "os": {"id": "kylin", "name": "Kylin", "version": "V10", "domestic": True, "evidence": []},
    "hardware": {"vendor": "HPE", "product": "DL380", "serial": None, "domestic": None, "evidence": []},
    "software": [{"id": "dameng", "name": "DM", "kind": "database", "domestic": True, "evidence": []},
                 {"id": "oracle", "name": "Oracle", "kind": "database", "domestic": False, "evidence": []}],
}
# What SNMP/SSH discovery stored: the vendor dimension alone.
OLD_SNMP = {"vendor": {"verdict": "domestic", "subject": "huawei", "evidence": [], "source": "snmp"}}
# A declared record is already the one shape.
DECLARED = {"verdict": "domestic", "source": "declared", "where": "d.csv:2",
            "vendor": {"verdict": "domestic", "subject": "h3c", "evidence": [], "source": "declared",
                       "where": "d.csv:2"}}


def _insert(conn: Any, name: str, domestic: str | None, doc: Any) -> None:
    # The devices table is the same at 0004 and 0005: the model's insert (with its defaults) fits.
    conn.execute(Device.__table__.insert().values(name=name, kind="server", domestic=domestic, classification=doc))


def test_old_shapes_are_rewritten_to_the_one_record(store_url: str) -> None:
    engine = make_engine(store_url)
    command.upgrade(_alembic_config(engine), "0004_i15")
    with engine.begin() as conn:
        _insert(conn, "srv", "foreign", OLD_SERVER)
        _insert(conn, "sw", "domestic", OLD_SNMP)
        _insert(conn, "dec", "domestic", DECLARED)
        _insert(conn, "none", None, None)
    upgrade_store(engine)
    with engine.connect() as conn:
        docs = {n: c for n, c in conn.execute(select(Device.name, Device.classification))}
        words = {n: dimension_words(v, engine.dialect.name)
                 for n, v in conn.execute(select(Device.name, Device.dimension_verdicts))}  # fmt: skip
    engine.dispose()
    # 0007_i16: the rows already stored get their generated dimension verdicts too.
    assert words["srv"] == (["unknown", "foreign", "domestic"], True)
    assert words["sw"] == (["domestic", None, None], False) and words["none"] == ([None, None, None], False)
    srv = check_record(docs["srv"], "srv")
    assert (srv["verdict"], srv["source"], srv["policy"]) == ("foreign", "ansible", ["cpu", "os"])
    assert [dimension_verdict(srv, d) for d in ("vendor", "cpu", "os", "software")] == [
        "unknown", "foreign", "domestic", "foreign"]
    assert srv["vendor"]["product"] == "DL380" and "hardware" not in srv
    assert [i["verdict"] for i in srv["software"]["items"]] == ["domestic", "foreign"]
    sw = check_record(docs["sw"], "sw")
    assert (sw["verdict"], sw["source"], dimension_verdict(sw, "vendor")) == ("domestic", "snmp", "domestic")
    assert docs["dec"] == DECLARED and docs["none"] is None
