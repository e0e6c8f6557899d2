"""The demo city's generated SNMP walks say who each device is, as discovery reads them.

Identification is pure (``govops.discovery.snmp_identify.identify``), so every one of the city's
SNMP devices is checked here without a simulator; ``tests/e2e/test_readme_flow.py``
serves the same walks over snmpsim.
"""

from __future__ import annotations

import ipaddress

import pytest
import yaml

from govops.catalog.vendors import default_vendors
from govops.collectors import if_table as T
from govops.discovery.snmp_identify import RawIdentity, identify
from govops.lab.city import DEMO_CITY, LINKS_FILE, CityDevice, load_city
from govops.lab.city_snmp import records, snmprec
from govops.platforms.snmp import default_platforms
from govops.snmp import mib

CITY = load_city()
SNMP_DEVICES = [d for d in CITY if d.snmp]


def _text(value: str) -> str:
    kind, _, text = value.partition("|")
    return bytes.fromhex(text).decode() if kind.endswith("x") else text


def raw_identity(dev: CityDevice) -> RawIdentity:
    """What discovery's GETs would return from ``dev``'s walk."""
    walk = dict(records(dev))
    ent = ".".join(map(str, mib.ENT_PHYSICAL))
    chassis = {name: _text(walk[f"{ent}.{col}.1"]) if f"{ent}.{col}.1" in walk else None
               for name, col in mib.ENT_FIELDS.items()}  # fmt: skip
    oids = {o for p in default_platforms() for o, _next in p.oids}
    return RawIdentity(
        sys_descr=_text(walk["1.3.6.1.2.1.1.1.0"]), sys_object_id=_text(walk["1.3.6.1.2.1.1.2.0"]),
        sys_name=_text(walk["1.3.6.1.2.1.1.5.0"]), uptime_ticks=None,
        vendor_values={o: _text(walk[o]) if o in walk else None for o in oids}, chassis=chassis,
    )  # fmt: skip


def test_every_address_is_its_own_loopback_address() -> None:
    addresses = [d.mgmt_ip for d in CITY]
    assert len(CITY) > 600 and len(set(addresses)) == len(addresses)
    assert all(ipaddress.ip_address(a).is_loopback for a in addresses)


def test_the_s5720_says_it_is_that_s5720() -> None:
    dev = next(d for d in SNMP_DEVICES if d.model == "S5720-52X-PWR-SI-AC")
    platform, facts, verdict = identify(raw_identity(dev), default_platforms(), default_vendors())
    assert platform is not None and platform.id == "huawei_vrp"
    assert (facts["vendor_id"], facts["model"], facts["serial"], facts["kind"]) == ("huawei", dev.model, dev.serial,
                                                                                    "switch")
    assert verdict.verdict == "domestic"
    walk = snmprec(dev)
    assert f"1.3.6.1.2.1.1.5.0|4|{dev.name}\n" in walk
    # Counters move: snmpsim's numeric variation, at a rate per interface.
    assert "1.3.6.1.2.1.31.1.1.1.6.1|70:numeric|rate=" in walk and "1.3.6.1.2.1.2.2.1.10.1|65:numeric|" in walk


@pytest.mark.parametrize("dev", SNMP_DEVICES, ids=lambda d: d.name)
def test_every_snmp_device_identifies_as_declared(dev: CityDevice) -> None:
    _platform, facts, _verdict = identify(raw_identity(dev), default_platforms(), default_vendors())
    assert facts["serial"] == dev.serial
    assert facts["model"] == dev.model
    if facts["kind"] is not None:
        assert facts["kind"] == dev.kind
    vendor = default_vendors().by_declared(dev.vendor)
    if vendor is not None:
        assert facts["vendor_id"] == vendor.vendor.id


def test_walks_are_deterministic_and_sorted() -> None:
    dev = SNMP_DEVICES[0]
    text = snmprec(dev)
    assert text == snmprec(dev)
    oids = [tuple(int(p) for p in line.split("|", 1)[0].split(".")) for line in text.splitlines()]
    assert oids == sorted(oids)


def test_every_declared_link_is_a_port_of_its_device_and_up() -> None:
    # The links' a-ends are written as ledgers write them (GE1/0/3); the bandwidth agent must find each on its
    # device's walk (GigabitEthernet1/0/3), or the demo city's WAN dashboard shows capacity and nothing else.
    by_name = {d.name: d for d in CITY}
    declared = [lk["a_end"] for lk in yaml.safe_load((DEMO_CITY / LINKS_FILE).read_text(encoding="utf-8"))["links"]]
    assert len(declared) == 31
    for a_end in declared:
        walk = dict(records(by_name[a_end["device"]]))
        columns: dict[str, dict[int, object]] = {}
        for oid, value in walk.items():
            col, _, idx = oid.rpartition(".")
            if col in (T.IF_DESCR, T.IF_NAME, T.IF_OPER_STATUS):
                columns.setdefault(col, {})[int(idx)] = _text(value)
        table = T.build_table(columns, None, None)
        row = T.find_interface(a_end["interface"], table.rows)
        assert row is not None, a_end
        assert columns[T.IF_OPER_STATUS][row.if_index] == "1", a_end
        assert walk["1.3.6.1.2.1.2.1.0"] == f"2|{len(table.rows)}"
