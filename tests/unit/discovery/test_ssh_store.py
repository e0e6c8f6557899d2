"""SSH facts into the store: a fact no command of the platform reads is not known, and leaves the stored rows alone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from govops.discovery.observation import NeighborObs, Observation
from govops.discovery.offline import facts_from_captures, save_captures
from govops.discovery.reconcile import reconcile
from govops.discovery.ssh_store import facts_read
from govops.lab.sshsim import transcripts_for
from govops.platforms.registry import get_platform
from govops.store.db import session_scope
from govops.store.models import Device, Interface, Neighbor, utcnow


def captures(platform: str) -> dict[str, str]:
    """The platform's lab transcripts by command ('show_version.raw' answers 'show version')."""
    return {p.stem.replace("_", " "): p.read_text(encoding="utf-8")
            for p in transcripts_for(platform).glob("*.raw")}  # fmt: skip


def rows(engine: Any, table: Any, name: str) -> int:
    with session_scope(engine) as s:
        dev_id = s.scalars(select(Device.id).where(Device.name == name)).one()
        return len(s.scalars(select(table).where(table.device_id == dev_id)).all())


def test_a_platform_without_an_lldp_command_keeps_the_neighbours_snmp_read(engine: Any) -> None:
    # ZXROS declares no LLDP command: its SSH facts say nothing of neighbours. Saving them emptied the ones an
    # SNMP walk of LLDP-MIB had stored (failed before: 0 rows left).
    lldp = (NeighborObs("xgei-1/1/0/1", "core-01", "xgei-1/2/0/3", "00:11:22:33:44:55"),)
    seen = Observation(target="10.0.0.9:161", source="snmp", observed_at=utcnow(), ok=True, mgmt_ip="10.0.0.9",
                       device={"name": "zx-1", "kind": "switch"}, neighbors=lldp)  # fmt: skip
    assert reconcile(engine, [seen]).created == ["zx-1"]
    zte = captures("zte_zxros")
    facts = facts_from_captures(get_platform("zte_zxros"), zte)
    assert not facts_read(facts, "lldp") and facts_read(facts, "interfaces") and not facts.errors
    save_captures(engine, platform="zte_zxros", device="zx-1", captures=zte)
    assert rows(engine, Neighbor, "zx-1") == 1
    assert rows(engine, Interface, "zx-1") == len(facts.interfaces) > 0  # what it does read replaces the rows


def test_a_fact_read_or_refused_is_told_apart_from_one_no_command_reads() -> None:
    vrp = get_platform("huawei_vrp")
    read = facts_from_captures(vrp, captures("huawei_vrp"))
    assert facts_read(read, "lldp") and read.neighbors
    refused = facts_from_captures(vrp, {c: t for c, t in captures("huawei_vrp").items() if "lldp" not in c})
    assert "lldp" in refused.errors and not facts_read(refused, "lldp")
