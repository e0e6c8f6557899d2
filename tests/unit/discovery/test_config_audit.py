"""Findings of the configuration audit open, stay open and resolve across runs."""

from __future__ import annotations

import datetime as dt

from govops.discovery.config_audit import audit_stored_configs, run_config_audit
from govops.discovery.ssh_store import store_config
from govops.platforms.masking import mask_secrets
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device, Finding


def test_finding_lifecycle(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    t0 = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    bad = "telnet server enable\nsnmp-agent community read public\nuser-interface vty 0 4\n authentication-mode aaa\n"
    with session_scope(engine) as s:
        dev = Device(name="sw1", kind="switch", platform="huawei_vrp")
        s.add(dev)
        s.flush()
        store_config(s, dev, mask_secrets(bad), source="ssh", at=t0)
        first = run_config_audit(s, now=t0)
    assert first.opened >= 2 and first.resolved == 0
    with session_scope(engine) as s:
        again = run_config_audit(s, now=t0 + dt.timedelta(days=1))
        assert again.opened == 0 and again.still_open == first.opened
        dev = s.query(Device).one()
        fixed = bad.replace("telnet server enable\n", "undo telnet server enable\n")
        store_config(s, dev, mask_secrets(fixed), source="ssh", at=t0 + dt.timedelta(days=2))
        third = run_config_audit(s, now=t0 + dt.timedelta(days=2))
        assert third.resolved == 1 and third.opened == 0
        telnet = s.query(Finding).filter_by(rule_id="huawei_vrp.telnet_enabled").one()
        assert telnet.status == "resolved"
        open_ids = {f.rule_id for f in audit_stored_configs(s)}
        assert "huawei_vrp.snmp_default_community" in open_ids and "huawei_vrp.telnet_enabled" not in open_ids
        assert all(f.source == "config_audit" for f in s.query(Finding))


def test_a_re_audit_gives_an_open_finding_its_rules_current_words(store_url: str) -> None:
    # An open finding recorded by an earlier release, its title and advice worded as that release's rule had them
    # (a clause label once written '(8.1.4.1 a))'). Before, a re-audit refreshed its evidence and kept the old words.
    engine = make_engine(store_url)
    upgrade_store(engine)
    t0 = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    with session_scope(engine) as s:
        dev = Device(name="sw1", kind="switch", platform="huawei_vrp")
        s.add(dev)
        s.flush()
        store_config(s, dev, mask_secrets("telnet server enable\n"), source="ssh", at=t0)
        run_config_audit(s, now=t0)
        row = s.query(Finding).filter_by(rule_id="huawei_vrp.telnet_enabled").one()
        first_id, title, advice = row.id, row.title, row.advice
        row.title, row.advice = "Telnet enabled (old words)", "old advice"
    with session_scope(engine) as s:
        again = run_config_audit(s, now=t0 + dt.timedelta(days=1))
        assert again.opened == 0 and again.resolved == 0
        (row,) = s.query(Finding).filter_by(rule_id="huawei_vrp.telnet_enabled").all()  # not a second one
        assert (row.id, row.status, row.first_seen) == (first_id, "open", t0)
        assert (row.title, row.advice) == (title, advice)
        assert title == "启用了 Telnet 服务 Telnet server enabled", title  # as tables show it (was "English / 中文")


def test_a_repeated_default_login_gives_its_open_finding_todays_words(store_url: str) -> None:
    # A default-login finding stored by an earlier release ('English / 中文'): the next check that still gets in
    # keeps the one open finding and words it as tables show it. Before, only last_seen and evidence changed.
    from govops.discovery.credentials import CredentialCheck, record_findings
    from govops.platforms.factory_defaults import DefaultLogin

    engine = make_engine(store_url)
    upgrade_store(engine)
    t0 = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    login = DefaultLogin("admin", "x", source="a manual", platform="huawei_vrp")
    check = CredentialCheck("sw1", "192.0.2.1", 22, "huawei_vrp", ("admin",), (login,), at=t0)
    with session_scope(engine) as s:
        s.add(Device(name="sw1", kind="switch", platform="huawei_vrp"))
        s.flush()
        (row,) = record_findings(s, [check])
        first_id = row.id
        row.title, row.advice = "Factory-default login accepted / 出厂默认口令可登录", "old advice"
    with session_scope(engine) as s:
        (row,) = record_findings(s, [CredentialCheck(**{**check.__dict__, "at": t0 + dt.timedelta(days=1)})])
        assert (row.id, row.status, row.first_seen) == (first_id, "open", t0)
        assert row.title == "出厂默认口令可登录 Factory-default login accepted" and row.advice != "old advice"
