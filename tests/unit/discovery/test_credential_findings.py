"""Factory-default login findings open, refresh and resolve through the findings' one refresh path."""

from __future__ import annotations

import datetime as dt

from govops.discovery.credentials import SOURCE, CredentialCheck, record_findings
from govops.platforms.factory_defaults import DefaultLogin
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device, Finding

T0 = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
ADMIN = DefaultLogin("admin", "made-up-default", source="a made-up manual")


def _check(target: str, at: dt.datetime, *accepted: DefaultLogin) -> CredentialCheck:
    return CredentialCheck(target, "192.0.2.7", 22, "huawei_vrp", tried=("admin",), accepted=accepted, at=at)


def test_a_recheck_refreshes_the_open_finding_and_a_clean_one_resolves_it(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    with session_scope(engine) as s:
        s.add(Device(name="sw1", kind="switch", platform="huawei_vrp", mgmt_ip="192.0.2.7"))
        s.flush()
        (row,) = record_findings(s, [_check("sw1", T0, ADMIN)])
        first_id, title, advice = row.id, row.title, row.advice
        assert row.device_id is not None and row.severity == "critical" and row.rule_id.endswith("default_login")
        # As an earlier release may have worded and rated it: a recheck gives the rule's current ones.
        row.title, row.advice, row.severity = "old words", "old advice", "high"
    later = T0 + dt.timedelta(days=1)
    with session_scope(engine) as s:
        (row,) = record_findings(s, [_check("sw1", later, ADMIN)])
        assert (row.id, row.first_seen, row.last_seen, row.status) == (first_id, T0, later, "open")
        assert (row.title, row.advice, row.severity) == (title, advice, "critical")
        assert "'admin' accepts" in (row.evidence or "") and "made-up-default" not in (row.evidence or "")
    with session_scope(engine) as s:
        assert record_findings(s, [_check("sw1", later + dt.timedelta(days=1))]) == []
        (row,) = s.query(Finding).all()
        assert (row.id, row.status) == (first_id, "resolved")
    engine.dispose()


def test_a_device_not_stored_keeps_one_finding_by_its_target(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    with session_scope(engine) as s:
        (first,) = record_findings(s, [_check("10.9.9.9:22", T0, ADMIN)])
        assert first.device_id is None and first.source == SOURCE
        first.title = "old words"
    with session_scope(engine) as s:
        (again,) = record_findings(s, [_check("10.9.9.9:22", T0 + dt.timedelta(days=1), ADMIN)])
        assert again.id == first.id and again.title != "old words"
        assert s.query(Finding).count() == 1
    engine.dispose()
