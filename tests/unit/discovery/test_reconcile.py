"""reconcile(): matching order, history, atomic replacement, unreachable-never-deleted (any collector)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from govops.catalog.verdict import Evidence, Verdict
from govops.discovery.observation import InterfaceObs, NeighborObs, Observation
from govops.discovery.reconcile import Kept, reconcile
from govops.store.db import session_scope
from govops.store.models import Device, HistoryEntry, Interface, Neighbor

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def obs(target: str = "10.0.0.1:22", *, ok: bool = True, source: str = "ssh", **device: Any) -> Observation:
    return Observation(
        target=target, source=source, observed_at=T0, ok=ok, error=None if ok else "timed out",
        error_kind=None if ok else "unreachable", device=device, mgmt_ip=target.rsplit(":", 1)[0] if ok else None,
        classification=Verdict("domestic", "huawei", (Evidence("vendor", "Huawei", "vendor:huawei name", "IANA"),)),
        interfaces=(InterfaceObs(1, "GE0/0/1", descr="uplink"), InterfaceObs(2, "GE0/0/2")),
        neighbors=(NeighborObs("GE0/0/1", "core-02", "GE1/0/1", "00:11:22:33:44:55"),),
    )


def devices(engine: Any) -> dict[str, Device]:
    with session_scope(engine) as s:
        return {d.name: d for d in s.scalars(select(Device))}


def test_create_then_match_by_serial_then_address_then_name(engine: Any) -> None:
    rep = reconcile(engine, [obs(name="sw-a", serial="SN1", vendor="Huawei", model="S5720", kind="switch")])
    assert rep.created == ["sw-a"]
    dev = devices(engine)["sw-a"]
    assert dev.classification is not None and dev.facts is not None
    assert dev.serial == "SN1" and dev.domestic == "domestic" and dev.classification["vendor"]["source"] == "ssh"
    assert dev.facts["ssh"] == {"name": "sw-a"} and dev.reachability == "reachable"

    # same serial from another address and name: the same device, renamed facts but not a new row
    rep = reconcile(engine, [obs("10.9.9.9:22", name="other", serial="SN1", os_version="5.170")])
    assert rep.updated == ["sw-a"] and len(devices(engine)) == 1
    assert devices(engine)["sw-a"].mgmt_ip == "10.0.0.1"  # the declared address does not flap
    # no serial, same address
    rep = reconcile(engine, [obs("10.0.0.1:22", model="S5720-X")])
    assert rep.matched["10.0.0.1:22"] == "sw-a" and devices(engine)["sw-a"].model == "S5720-X"
    # no serial, unknown address, same name
    rep = reconcile(engine, [obs("10.7.7.7:22", name="sw-a", os="VRP")])
    assert rep.matched["10.7.7.7:22"] == "sw-a" and len(devices(engine)) == 1
    with session_scope(engine) as s:
        fields = {h.field for h in s.scalars(select(HistoryEntry).where(HistoryEntry.source == "scan"))}
    assert {"model", "os_version", "os", "interfaces", "neighbors"} <= fields


def test_declared_values_not_erased_and_interfaces_replaced(engine: Any) -> None:
    with session_scope(engine) as s:
        s.add(Device(name="core-01", kind="switch", vendor="Huawei", model="S12704", serial="SN9", mgmt_ip="10.0.0.5"))
    o = Observation(
        target="10.0.0.5:161", source="snmp", observed_at=T0, ok=True, device={"serial": "SN9", "model": None},
        interfaces=(InterfaceObs(1, "a"), InterfaceObs(2, "b"), InterfaceObs(3, "b")), neighbors=(), mgmt_ip="10.0.0.5",
    )
    reconcile(engine, [o])
    dev = devices(engine)["core-01"]
    assert dev.model == "S12704" and dev.vendor == "Huawei"
    with session_scope(engine) as s:
        assert sorted(i.name for i in s.scalars(select(Interface))) == ["a", "b"]
    o2 = Observation(target="10.0.0.5:161", source="snmp", observed_at=T0, ok=True, device={"serial": "SN9"},
                     interfaces=(InterfaceObs(7, "c"),), mgmt_ip="10.0.0.5")
    reconcile(engine, [o2])
    with session_scope(engine) as s:
        assert [i.name for i in s.scalars(select(Interface))] == ["c"]


def test_unanswered_known_device_is_unreachable_unknown_is_skipped(engine: Any) -> None:
    reconcile(engine, [obs(name="sw-b", serial="SN2")])
    failed = Observation(target="10.0.0.1:22", source="ssh", observed_at=T0, ok=False, error="timed out",
                         error_kind="unreachable")
    stranger = Observation(target="10.3.3.3:22", source="ssh", observed_at=T0, ok=False, error="timed out",
                           error_kind="unreachable")
    rep = reconcile(engine, [failed, stranger])
    assert rep.unreachable == ["sw-b"] and rep.skipped == ["10.3.3.3:22"]
    dev = devices(engine)["sw-b"]
    assert dev.reachability == "unreachable" and dev.serial == "SN2"
    with session_scope(engine) as s:
        assert s.scalars(select(Neighbor)).first() is not None  # kept, not deleted


def test_shared_address_is_not_a_match(engine: Any) -> None:
    with session_scope(engine) as s:
        s.add(Device(name="lab-a", kind="switch", mgmt_ip="127.0.0.1", snmp={"port": 1161}))
        s.add(Device(name="lab-b", kind="switch", mgmt_ip="127.0.0.1", snmp={"port": 1161}))
    rep = reconcile(engine, [obs("127.0.0.1:1161", source="snmp", name="new-one")])
    assert rep.created == ["new-one"]


def test_config_or_auth_failure_is_not_unreachability(engine: Any) -> None:
    reconcile(engine, [obs(name="sw-c", serial="SN3")])
    for kind in ("config", "auth"):
        failed = Observation(target="10.0.0.1:22", source="ssh", observed_at=T0, ok=False, error="no secret",
                             error_kind=kind, store_name="sw-c")
        rep = reconcile(engine, [failed])
        assert rep.skipped == ["10.0.0.1:22"] and rep.unreachable == []
    assert devices(engine)["sw-c"].reachability == "reachable"


@pytest.mark.parametrize("hostile", ["{{ lookup('pipe','id') }}", "sw\x00-01", "x" * 100_000, "sw-\x1b[31m"])
def test_a_device_naming_itself_badly_is_named_by_its_address(engine: Any, hostile: str) -> None:
    rep = reconcile(engine, [obs("10.0.0.9:161", name=hostile, serial="SN9", kind="switch")])
    assert rep.created == ["10.0.0.9:161"] and set(devices(engine)) == {"10.0.0.9:161"}


def test_a_field_a_scan_could_not_read_keeps_its_stored_value_and_evidence_and_the_report_says_so(engine: Any) -> None:
    # The scan read a weaker value for the model (its maker's MIB object went unanswered) and no serial: the stored
    # values stay, with their evidence; fields it read stay as read. A device first seen takes what was read.
    why = "unreachable: 10.0.0.9:161: no SNMP answer to get 1.3.6.1.4.1.2011.9.9.0 (step: vendor MIB identity)"

    def scan(**device: Any) -> Observation:
        return Observation(target="10.0.0.9:161", source="snmp", observed_at=T0, ok=True, device=device,
                           mgmt_ip="10.0.0.9", unread={"model": why, "serial": why} if "unread" in device else {})

    reconcile(engine, [scan(name="agg-1", model="AX-9000", serial="SN77", os_version="2.0",
                            evidence={"model": "maker MIB model scalar", "serial": "maker MIB serial scalar"})])
    def history() -> list[str]:
        with session_scope(engine) as s:
            return sorted(str(h.field) for h in s.scalars(select(HistoryEntry)))

    before = history()
    report = reconcile(engine, [scan(name="agg-1", model="AX", os_version="2.1", unread=True,
                                     evidence={"model": "sysDescr words"})])
    dev = devices(engine)["agg-1"]
    assert (dev.model, dev.serial, dev.os_version) == ("AX-9000", "SN77", "2.1")
    assert dev.facts is not None
    assert dev.facts["snmp"]["evidence"] == {"model": "maker MIB model scalar", "serial": "maker MIB serial scalar"}
    assert report.kept == {"agg-1": {"model": Kept("stored value", why), "serial": Kept("stored value", why)}}
    kept = f"stored value kept, not read: {why}"
    assert report.to_json()["kept"] == {"agg-1": {"model": kept, "serial": kept}}
    assert history().count("model") == before.count("model")  # no change recorded for it
    first = reconcile(engine, [Observation(target="10.0.0.8:161", source="snmp", observed_at=T0, ok=True,
                                           device={"name": "agg-2", "model": "AX"}, mgmt_ip="10.0.0.8",
                                           unread={"model": why})])
    assert first.kept == {} and devices(engine)["agg-2"].model == "AX"


def test_a_table_a_scan_could_not_read_whole_keeps_the_stored_rows_and_facts(engine: Any) -> None:
    # Stored whole first: two interfaces with their addresses, a stack of two. Then a scan whose interface walk was
    # refused, one whose address walk was refused (interfaces read, no addresses) and one whose entity walk went
    # silent midway (one stack member read): nothing stored for those parts is deleted or cut down.
    why = "device: 10.0.0.9:161: SNMP walk 1.3.6.1.2.1.4.20.1.2: error status 5 (step: IP-MIB walk)"
    ports = (InterfaceObs(1, "ge1", ips=("10.0.0.9",)), InterfaceObs(2, "ge2", ips=("10.0.1.9",)))

    def scan(interfaces: tuple[InterfaceObs, ...], unread: dict[str, str], **device: Any) -> Observation:
        device = {"name": "sw-9", "stack_members": [{"serial": "A"}, {"serial": "B"}], **device}
        return Observation(target="10.0.0.9:161", source="snmp", observed_at=T0, ok=True, mgmt_ip="10.0.0.9",
                           device=device, interfaces=interfaces, unread=unread)

    reconcile(engine, [scan(ports, {}, mgmt_ips=["10.0.0.9", "10.0.1.9"])])

    def stored() -> tuple[dict[str, Any], dict[str, Any]]:
        with session_scope(engine) as s:
            dev = s.scalars(select(Device)).one()
            return {i.name: i.ips for i in s.scalars(select(Interface))}, dict((dev.facts or {})["snmp"])

    whole = stored()
    report = reconcile(engine, [scan((), {"interfaces": why.replace("IP-MIB", "IF-MIB")},
                                     mgmt_ips=["10.0.0.9", "10.0.1.9"])])
    assert stored()[0] == whole[0] == {"ge1": ["10.0.0.9"], "ge2": ["10.0.1.9"]}
    assert report.kept["sw-9"]["interfaces"] == Kept("stored rows", why.replace("IP-MIB", "IF-MIB"))
    # Addresses not read: the interfaces read replace the stored ones, each keeping its stored addresses.
    renamed = (InterfaceObs(1, "ge1", descr="uplink"), InterfaceObs(2, "ge2"), InterfaceObs(3, "ge3"))
    report = reconcile(engine, [scan(renamed, {"addresses": why}, mgmt_ips=[])])
    ifaces, facts = stored()
    assert ifaces == {"ge1": ["10.0.0.9"], "ge2": ["10.0.1.9"], "ge3": None}
    assert facts["mgmt_ips"] == ["10.0.0.9", "10.0.1.9"]
    assert report.kept["sw-9"] == {"addresses": Kept("stored mgmt_ips", why)}
    assert report.to_json()["kept"] == {"sw-9": {"addresses": f"stored mgmt_ips kept, not read: {why}"}}
    # Entities read in part: the stored stack stays, not the one member read.
    reconcile(engine, [scan(renamed, {"entities": why}, mgmt_ips=["10.0.0.9"], stack_members=[{"serial": "A"}])])
    _, facts = stored()
    assert facts["stack_members"] == [{"serial": "A"}, {"serial": "B"}] and facts["mgmt_ips"] == ["10.0.0.9"]
    # A device first seen takes what was read.
    first = reconcile(engine, [Observation(target="10.0.0.8:161", source="snmp", observed_at=T0, ok=True,
                                           device={"name": "sw-8", "stack_members": [{"serial": "C"}]},
                                           mgmt_ip="10.0.0.8", interfaces=renamed, unread={"entities": why})])
    assert first.kept == {} and (devices(engine)["sw-8"].facts or {})["snmp"]["stack_members"] == [{"serial": "C"}]


@pytest.mark.parametrize(("stored", "read", "kept"), [
    # Before, the stored word stayed whatever the reading said of the same maker: SSH stored "Huawei" before session
    # 19, and every scan since kept it.
    ("Huawei", "Huawei Technologies", "Huawei Technologies"),
    ("H3C", "New H3C Technologies", "New H3C Technologies"),
    ("Huawei", "HUAWEI", "Huawei"),  # the same maker in another word than the catalogue's: the stored word stays
    ("Huawei Technologies", "Huawei", "Huawei Technologies"),
    ("Huawei", "Cisco Systems", "Cisco Systems"),  # another maker: the reading
    # A ledger's Chinese word an older import stored is the same maker (before, an unknown one: "HUAWEI" replaced it).
    ("华为", "Huawei Technologies", "Huawei Technologies"),
    ("华为", "HUAWEI", "华为"),
    # The maker's name inside a longer company name, as ledgers write it: the same maker too.
    ("华为技术有限公司", "HUAWEI", "华为技术有限公司"),
])
def test_a_stored_vendor_takes_the_catalogues_word_for_the_same_maker(
        engine: Any, stored: str, read: str, kept: str) -> None:
    with session_scope(engine) as s:
        s.add(Device(name="core-01", kind="switch", vendor=stored, serial="SN9", mgmt_ip="10.0.0.5"))
    reconcile(engine, [obs("10.0.0.5:22", serial="SN9", vendor=read)])
    assert devices(engine)["core-01"].vendor == kept
    with session_scope(engine) as s:
        changed = [(h.old, h.new) for h in s.scalars(select(HistoryEntry).where(HistoryEntry.field == "vendor"))]
    assert changed == ([] if kept == stored else [(stored, kept)])
