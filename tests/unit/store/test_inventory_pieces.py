"""Importer pieces: the label table, cell conversion, decoding, bulk insert, history, doctests."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from govops.errors import InputError
from govops.store import bulk
from govops.store.history import Entry, record_many
from govops.store.inventory import export
from govops.store.inventory.fields import FLAT_FIELDS, LABELS, header_to_field, kind_of_name
from govops.store.inventory.readers import _decode
from govops.store.models import DEVICE_KINDS, Device, HistoryEntry


def test_every_kind_but_servers_sits_in_one_device_group() -> None:
    # The playbooks target all:!govops_devices: a kind in no group (a camera, a transport node) would get SSH'd.
    grouped = [k for kinds in export.DEVICE_GROUPS.values() for k in kinds]
    assert sorted(grouped) == sorted(k for k in DEVICE_KINDS if k != "server")


def test_label_table_is_one_to_one_and_covers_known_fields() -> None:
    every_field = {name for flat in FLAT_FIELDS.values() for name in flat}
    assert set(LABELS) == every_field
    assert len(set(LABELS.values())) == len(LABELS), "two fields share a Chinese label"
    for kind, flat in FLAT_FIELDS.items():
        for name in flat:
            assert header_to_field(kind, LABELS[name]) == name
            assert header_to_field(kind, name) == name


def test_core_labels_of_the_issue() -> None:
    assert [header_to_field("devices", h) for h in ("名称", "部门", "机房", "厂商", "型号", "序列号")] == [
        "name", "department", "room", "vendor", "model", "serial"]
    assert header_to_field("devices", "厂家商") is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [("devices", "devices"), ("Devices-2024", "devices"), ("设备台账", "devices"), ("业务系统清单", "systems"),
     ("机房", "rooms"), ("links_v2", "links"), ("devicesx", None), ("说明", None), ("2024年设备", "devices")],
)
def test_kind_of_name(name: str, kind: str | None) -> None:
    assert kind_of_name(name) == kind


def test_decode_detects_encodings() -> None:
    notes: list[str] = []
    assert _decode("名称".encode("gbk"), "f.csv", None, notes) == "名称" and "GBK" in notes[0]
    assert _decode("\ufeff名称".encode(), "f.csv", None, []) == "名称"
    assert _decode("名称".encode("utf-16"), "f.csv", None, []) == "名称"
    with pytest.raises(InputError, match="neither UTF-8"):
        _decode(b"\x81\xff\xfe", "f.csv", None, [])
    with pytest.raises(InputError, match="cannot decode as ascii"):
        _decode("名称".encode(), "f.csv", "ascii", [])


def test_bulk_insert_stores_what_the_orm_stores(session: Session) -> None:
    values = {"kind": "server", "purchased": dt.date(2020, 1, 2), "ipv6": True, "snmp": {"community": {"env": "X"}},
              "ssh": None}
    session.add(Device(name="orm", **values))
    session.flush()
    bulk.bulk_insert(session, Device, [{"name": "bulk", **values}])
    rows = session.execute(text("SELECT name, purchased, ipv6, snmp, ssh IS NULL, status, reachability FROM devices "
                                "ORDER BY name")).all()
    by_name = {r[0]: r[1:] for r in rows}
    assert by_name["bulk"][:3] == by_name["orm"][:3]  # same text for dates, 1 for true, same JSON
    assert by_name["bulk"][3] == 1  # None in a JSON column is SQL NULL, so IS NULL finds it
    assert by_name["bulk"][4:] == ("in_service", "unknown")  # Python-side column defaults applied


def test_record_many_writes_history_in_one_go(session: Session) -> None:
    n = record_many(
        session,
        [Entry("create", "device", "a", new={"purchased": dt.date(2020, 1, 2)}),
         Entry("update", "device", "a", "status", "in_service", "idle")],
        source="import", actor="tester",
    )
    assert n == 2
    rows = session.scalars(select(HistoryEntry).order_by(HistoryEntry.id)).all()
    assert rows[0].new == {"purchased": "2020-01-02"} and rows[0].actor == "tester"
    assert (rows[1].field, rows[1].old, rows[1].new) == ("status", "in_service", "idle")


def test_one_of_finds_exactly_the_keys_given(store_url: str) -> None:
    """One bound parameter (a PostgreSQL array, a SQLite JSON array) finds what ``IN`` would, on both backends."""
    from govops.store.db import make_engine, upgrade_store

    engine = make_engine(store_url)
    upgrade_store(engine)
    names = ["a", "b'quote", 'c"dq\\', "交换机-1", "d" * 200]
    with Session(engine) as s:
        bulk.bulk_insert(s, Device, [{"name": n, "kind": "switch"} for n in names])
        wanted = [*names[1:], "absent", ""]
        found = s.execute(select(Device.name).where(bulk.one_of(s, Device.name, wanted))).scalars().all()
        assert sorted(found) == sorted(names[1:])
        ids = s.execute(select(Device.id).where(bulk.one_of(s, Device.name, names[:2]))).scalars().all()
        by_id = s.execute(select(Device.name).where(bulk.one_of(s, Device.id, [*ids, 10**9]))).scalars().all()
        assert sorted(by_id) == sorted(names[:2])
        assert s.execute(select(Device.id).where(bulk.one_of(s, Device.name, []))).all() == []
        s.rollback()
    engine.dispose()


def test_declared_record_text_is_the_record_serialised() -> None:
    """The import's serialised verdicts (a template per combination of words) equal the record itself."""
    from types import SimpleNamespace

    from govops.store.inventory.verdicts import classify_new, classify_new_text

    views = [{"kind": "server", "vendor": "Huawei", "model": "RH2288", "cpu_vendor": "Intel", "os": "Kylin V10"},
             {"kind": "switch", "vendor": "H3C"}, {"kind": "switch", "vendor": 'Ci"sco\\', "model": "公司"},
             {"kind": "server"}]  # fmt: skip
    for view in views:
        for place in ("a.csv:3", 'we"ird\\ 文件\u3000.csv:9', "x.xlsx[设备]!B7"):
            record = SimpleNamespace(place=lambda place=place: place)
            item = SimpleNamespace(record=record, key="k", view=view, given=view, classification=None,
                                   vendor_as_written=None)
            expected = classify_new(item)
            for _ in range(2):  # the template is made on the first row, reused on the second
                verdict, text = classify_new_text(item)
                assert text == bulk.json_text(expected)
                assert verdict == (expected or {}).get("verdict")
