"""`inventory history` on a real store after two SNMP discoveries of one device whose agent changed in between."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govops.store.db import make_engine, session_scope
from govops.store.models import Device
from tests.conftest import Cli

pytestmark = pytest.mark.integration


def recording(path: Path, release: str) -> Path:
    """A made-up Huawei access switch: its VRP release is the one value the two recordings differ in."""
    descr = ("Huawei Versatile Routing Platform Software VRP (R) software, Version 5.170 "
             f"(S5720 {release}) Copyright (C) 2000-2020 HUAWEI TECH Co., Ltd")
    lines = [f"1.3.6.1.2.1.1.1.0|4|{descr}", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2011.2.23.398",
             "1.3.6.1.2.1.1.3.0|67|4200", "1.3.6.1.2.1.1.5.0|4|hist-sw-01"]
    for i in (1, 2):
        lines += [f"1.3.6.1.2.1.2.2.1.1.{i}|2|{i}", f"1.3.6.1.2.1.2.2.1.2.{i}|4|GigabitEthernet0/0/{i}",
                  f"1.3.6.1.2.1.2.2.1.3.{i}|2|6"]
    lines.sort(key=lambda line: tuple(map(int, line.split("|")[0].split("."))))  # snmpsim reads them in OID order
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_history_cells_after_two_discoveries_show_the_facts_paths_that_changed(
    store_cli: Cli, snmpsim: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The changed-path cells (j5c) had been checked on entries made up in the shape ``history_of`` returns: here
    the store's own history of two real discoveries, the agent answering another release the second time."""
    agent = snmpsim({"before": recording(tmp_path / "before.snmprec", "V200R019C10SPC500"),
                     "after": recording(tmp_path / "after.snmprec", "V200R019C10SPC600")})
    with session_scope(make_engine(store_cli.db_url)) as s:
        s.add(Device(name="hist-sw-01", kind="switch", mgmt_ip=agent.host,
                     snmp={"version": "2c", "port": agent.port, "community": {"env": "T_HIST_COMMUNITY"}}))
    for community in ("before", "after"):
        monkeypatch.setenv("T_HIST_COMMUNITY", community)
        res = store_cli("discover", "snmp", "--device", "hist-sw-01", "--save", "--timeout", "2", "--retries", "0")
        assert res.exit_code == 0, res.stderr
    rows = store_cli("inventory", "history", "--key", "hist-sw-01", "--limit", "2", "--lang", "en",
                     env={"COLUMNS": "400"}).stdout
    (facts_row,) = [line for line in rows.splitlines() if " facts " in line]
    old, new = (cell.strip() for cell in facts_row.split("│")[-3:-1])
    # Each side shows the release that changed, from a little before where the texts first differ; the sysDescr is
    # left to --json. Before: both cells showed the same start of the version rule's evidence (a regex), cut before
    # the release, the one difference.
    assert old == """snmp.evidence.os_version: "…0 V200R019C10SPC500)' in huawei_…"; +1 more (--json)""", facts_row
    assert new == """snmp.evidence.os_version: "…0 V200R019C10SPC600)' in huawei_…"; +1 more (--json)""", facts_row
    (version_row,) = [line for line in rows.splitlines() if " os_version " in line]
    assert "5.170 (V200R019C10SPC500)" in version_row and "5.170 (V200R019C10SPC600)" in version_row
    # --json has both records whole: the two paths that changed and nothing else.
    facts = [e for e in store_cli("inventory", "history", "--key", "hist-sw-01", "--json").json()
             if e["field"] == "facts"]
    assert [e["old"] is None for e in facts] == [False, True]  # newest first: the second scan's change
    before, after = facts[0]["old"]["snmp"], facts[0]["new"]["snmp"]
    assert {k for k in before if before[k] != after[k]} == {"sys_descr", "evidence"}
    assert after["sys_descr"].endswith("(S5720 V200R019C10SPC600) Copyright (C) 2000-2020 HUAWEI TECH Co., Ltd")
