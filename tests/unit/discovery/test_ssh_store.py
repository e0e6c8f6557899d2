"""SSH facts into the store: a fact no command of the platform reads is not known, and leaves the stored rows alone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from govops.cli.discover_ssh import _outcome_json, _print
from govops.discovery.observation import NeighborObs, Observation
from govops.discovery.offline import facts_from_captures, save_captures
from govops.discovery.reconcile import Kept, reconcile
from govops.discovery.ssh import SshOutcome, SshTarget
from govops.discovery.ssh_run import SshRun
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


def test_saving_what_no_command_reads_says_what_the_store_kept_as_discover_snmp_does(
    engine: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # ZXROS's LLDP neighbours stay as SNMP stored them: --save says so on stderr and in --json, in reconcile's words
    # (failed before: no line, nothing kept in the JSON).
    lldp = (NeighborObs("xgei-1/1/0/1", "core-01", "xgei-1/2/0/3", "00:11:22:33:44:55"),)
    seen = Observation(target="10.0.0.9:161", source="snmp", observed_at=utcnow(), ok=True, mgmt_ip="10.0.0.9",
                       device={"name": "zx-1", "kind": "switch"}, neighbors=lldp)  # fmt: skip
    reconcile(engine, [seen])
    zte = captures("zte_zxros")
    saved = save_captures(engine, platform="zte_zxros", device="zx-1", captures=zte)
    # The interfaces it read replaced the rows: nothing kept of them.
    assert saved.kept == {"lldp": Kept("stored rows", "no command of zte_zxros reads it")}
    done = SshOutcome(SshTarget("zx-1", "zx-1"), facts=facts_from_captures(get_platform("zte_zxros"), zte))
    _print(SshRun([done], [], {"zx-1": saved}))
    assert capsys.readouterr().err.splitlines() == [
        "target zx-1: partial: lldp not read: no command of zte_zxros reads it; stored rows kept"
    ]
    assert json.loads(json.dumps(_outcome_json(done, {"zx-1": saved})))["saved"]["kept"] == {"lldp": "stored rows kept"}
    _print(SshRun([done], [], {}))  # without --save nothing was kept: the '—' cell says it, no line
    assert capsys.readouterr().err == ""
    # A fact that failed says what was kept after its error.
    cut = {c: t for c, t in zte.items() if "interface" not in c}
    failed = save_captures(engine, platform="zte_zxros", device="zx-1", captures=cut)
    assert {fact: k.words for fact, k in failed.kept.items()} == {"interfaces": "stored rows kept",
                                                                   "lldp": "stored rows kept"}
    _print(SshRun([SshOutcome(SshTarget("zx-1", "zx-1"), facts=facts_from_captures(get_platform("zte_zxros"), cut))],
                  [], {"zx-1": failed}))  # fmt: skip
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("target zx-1: partial: interfaces not read: ") and err[0].endswith("; stored rows kept")
    assert len(err) == 2, err
