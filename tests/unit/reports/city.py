"""A small hand-made city whose report figures are worked out by hand in the tests.

Judged on AS_OF = 2024-06-30 (see the comments for what each row contributes).
"""

from __future__ import annotations

import datetime as dt

from govops.store.db import make_engine, session_scope
from govops.store.models import Department, Device, Finding, Link, Room, System

AS_OF = "2024-06-30"
D = dt.date


def build_city(url: str) -> None:
    """Fill the initialised store at ``url`` with the hand-made city."""
    engine = make_engine(url)
    with session_scope(engine) as s:
        d1 = Department(code="D1", name="市数据局", level="city")
        s.add(d1)
        s.flush()
        d2 = Department(code="D2", name="东县", level="county", parent_id=d1.id)
        d5 = Department(code="D5", name="西县", level="county", parent_id=d1.id)
        s.add_all([d2, d5])
        s.flush()
        d3 = Department(code="D3", name="东镇", level="township", parent_id=d2.id)
        s.add(d3)
        s.flush()
        d4 = Department(code="D4", name="东村", level="village", parent_id=d3.id)
        s.add(d4)
        s.flush()
        r1 = Room(
            code="R1",
            name="市局机房",
            department_id=d1.id,
            lifecycle="active",
            self_built=True,
            pue_declared=2.4,
            pue_target=1.5,
        )
        r2 = Room(
            code="R2", name="东县机房", department_id=d2.id, lifecycle="closing", self_built=True, pue_declared=1.8
        )
        r3 = Room(code="R3", name="西县机房", department_id=d5.id, lifecycle="closed", self_built=False)
        r4 = Room(
            code="R4", name="政务云机房", department_id=d1.id, lifecycle="retained", self_built=False, pue_declared=1.25
        )
        s.add_all([r1, r2, r3, r4])
        s.flush()

        def dev(name: str, kind: str, room: Room, dept: Department, domestic: str | None, **kw: object) -> Device:
            d = Device(name=name, kind=kind, room_id=room.id, department_id=dept.id, domestic=domestic, **kw)
            s.add(d)
            return d

        dev(
            "srv1",
            "server",
            r1,
            d1,
            "domestic",
            eol=D(2020, 1, 1),
            purchased=D(2015, 1, 1),
            ipv6=True,
            vendor="Huawei",
            classification={
                "vendor": {"verdict": "domestic", "subject": "Huawei", "evidence": []},
                "cpu": {"verdict": "domestic", "subject": "Kunpeng 920", "evidence": []},
            },
        )
        dev(
            "srv2",
            "server",
            r1,
            d1,
            "foreign",
            eol=D(2030, 1, 1),
            purchased=D(2018, 7, 1),
            vendor="Dell",
            classification={
                "vendor": {
                    "verdict": "foreign",
                    "subject": "Dell",
                    "evidence": [
                        {"field": "sys_object_id", "value": "1.3.6.1.4.1.674", "rule": "vendor:dell", "source": "IANA"}
                    ],
                },
                "cpu": {"verdict": "foreign", "subject": "Intel Xeon", "evidence": []},
            },
        )
        # srv3 as the server classifier (govops discover servers) stores it: the one record shape.
        dev("srv3", "server", r2, d2, "foreign", vendor="HPE", purchased=D(2016, 1, 1),
            classification={
                "verdict": "foreign", "source": "ansible", "policy": ["cpu", "os"],
                "cpu": {"vendor": "Intel", "model": "Xeon Gold 6130", "arch": "x86_64", "verdict": "foreign",
                        "subject": "intel-x86", "source": "ansible",
                        "evidence": [{"field": "vendor_id", "value": "GenuineIntel", "rule": "cpu:intel",
                                      "source": "catalogue"}]},
                "os": {"id": "kylin", "name": "Kylin Linux Advanced Server", "version": "V10", "verdict": "domestic",
                       "subject": "kylin", "source": "ansible", "evidence": []},
                "vendor": {"vendor": "HPE", "product": "ProLiant DL380", "serial": None, "verdict": "foreign",
                           "subject": "hpe", "source": "ansible", "evidence": []},
                "software": {"verdict": "foreign", "subject": "oracle", "source": "ansible", "evidence": [], "items": [
                    {"id": "wps", "name": "WPS", "kind": "office", "verdict": "domestic", "evidence": []},
                    {"id": "oracle", "name": "Oracle", "kind": "database", "verdict": "foreign", "evidence": []},
                    {"id": "dm", "name": "达梦", "kind": "database", "verdict": "domestic", "evidence": []}]},
            })  # fmt: skip
        dev("srv4", "server", r2, d2, "foreign", status="retired")
        sw1 = dev("sw1", "switch", r1, d1, "domestic", ipv6=True, vendor="H3C")
        sw2 = dev("sw2", "switch", r2, d2, "foreign", vendor="Cisco", eol=D(2022, 6, 1), status="idle")
        fw1 = dev("fw1", "firewall", r1, d1, None, vendor="Fortinet")
        dev("pdu1", "pdu", r1, d1, None)
        s.flush()

        def sysm(name: str, dept: Department, **kw: object) -> None:
            s.add(System(name=name, department_id=dept.id, **kw))

        sysm(
            "S1",
            d1,
            origin="self_built",
            classified=False,
            cloud="市政务云",
            migration_status="migrated",
            migration_done=D(2024, 1, 10),
            dengbao_level=3,
            dengbao_assessed=D(2024, 1, 15),
            dengbao_passed=True,
            backup="offsite",
            ipv6=True,
        )
        sysm(
            "S2",
            d1,
            origin="self_built",
            classified=False,
            room_id=r1.id,
            migration_status="planned",
            migration_planned=D(2024, 3, 31),
            migration_wave=1,
            dengbao_level=3,
            dengbao_assessed=D(2023, 8, 1),
            dengbao_passed=True,
            backup="local",
            zone="internet",
        )
        sysm(
            "S3",
            d2,
            origin="self_built",
            classified=True,
            room_id=r2.id,
            migration_status="exempt",
            migration_note="涉密系统，按规定不上云",
            dengbao_level=3,
            dengbao_assessed=D(2022, 5, 1),
            dengbao_passed=True,
            backup="none",
        )
        sysm(
            "S4",
            d2,
            origin="provincial",
            room_id=r2.id,
            migration_status="migrating",
            migration_planned=D(2024, 12, 31),
            migration_wave=2,
            dengbao_level=2,
        )
        sysm("S5", d5, origin="national", migration_status="not_assessed", backup="local+offsite")
        sysm("S6", d1, origin="self_built", migration_status="retired", room_id=r1.id)
        sysm(
            "S7",
            d2,
            origin="self_built",
            classified=False,
            room_id=r2.id,
            migration_status="adapting",
            migration_planned=D(2024, 6, 1),
            migration_wave=1,
            dengbao_level=3,
            dengbao_assessed=D(2024, 2, 1),
            dengbao_passed=False,
            backup="offsite",
        )

        def link(
            name: str,
            kind: str,
            level: str,
            role: str,
            mbps: float,
            z: Department,
            ipv6: bool | None = None,
            carrier: str | None = None,
        ) -> None:
            s.add(
                Link(
                    name=name,
                    kind=kind,
                    level=level,
                    role=role,
                    bandwidth_mbps=mbps,
                    z_department_id=z.id,
                    ipv6=ipv6,
                    carrier=carrier,
                )
            )

        link("L1", "internet", "city", "primary", 2000, d1, True, "中国电信")
        link("L2", "internet", "city", "backup", 2000, d1, False, "中国联通")
        link("L3", "extranet", "county", "primary", 10000, d2, True)
        link("L4", "extranet", "county", "primary", 1000, d5)
        link("L5", "extranet", "township", "primary", 1000, d3)
        link("L6", "extranet", "county", "backup", 10000, d2)
        link("L7", "extranet", "village", "primary", 50, d4)
        s.add_all(
            [
                Finding(
                    device_id=sw2.id,
                    rule_id="telnet_enabled",
                    severity="critical",
                    title="Telnet enabled",
                    source="config_audit",
                ),
                Finding(
                    device_id=sw2.id,
                    rule_id="snmp_public",
                    severity="warning",
                    title="SNMP community public",
                    source="config_audit",
                ),
                Finding(
                    device_id=fw1.id,
                    rule_id="default_admin",
                    severity="critical",
                    title="Factory-default admin",
                    source="credentials",
                ),
                Finding(
                    device_id=sw1.id,
                    rule_id="telnet_enabled",
                    severity="critical",
                    title="Telnet enabled",
                    source="config_audit",
                    status="closed",
                ),
            ]
        )
