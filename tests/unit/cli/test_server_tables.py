"""The `discover servers` and `audit hosts` tables: a server's OS as every other table says it
(`cli.output.os_label`), and the verdict words and how reaching the host ended in both languages
(`vocab.labelled`); --json keeps the bare words."""

from __future__ import annotations

import dataclasses

import pytest

from govops.catalog.dengbao import HostFinding
from govops.catalog.server_config import default_catalog
from govops.catalog.servers import ServerTexts, classify_server
from govops.cli.audit_host import finding_rows, host_row
from govops.cli.discover_servers import server_row
from govops.discovery.host_audit import HostAudit
from govops.discovery.servers import HostOutcome


@pytest.mark.parametrize(("name", "version", "shown"), [
    ("Kylin Linux Advanced Server", "V10", "Kylin Linux Advanced Server V10 (未判定 unknown)"),
    ("openEuler", "openEuler 22.03 LTS", "openEuler 22.03 LTS (未判定 unknown)"),  # the name once, not twice
    ("Ubuntu", None, "Ubuntu (未判定 unknown)"),  # no blank where no version is known
    (None, "8.6", "8.6 (未判定 unknown)"),
    (None, None, "? (未判定 unknown)"),
])  # fmt: skip
def test_the_os_cell_names_the_os_once(name: str | None, version: str | None, shown: str) -> None:
    unknown = classify_server(ServerTexts(), catalog=default_catalog())
    c = dataclasses.replace(unknown, os=dataclasses.replace(unknown.os, name=name, version=version))
    row = server_row(HostOutcome(host="srv-01", address="127.0.0.1", status="ok", classification=c))
    assert row["os"] == shown
    assert server_row(HostOutcome(host="srv-02", address=None, status="unreachable", error="refused"))["os"] == ""


def test_the_verdict_marks_and_the_status_are_in_both_languages_and_json_keeps_the_words() -> None:
    cpuinfo = "vendor_id\t: HygonGenuine\nmodel name\t: Hygon C86 3185 8-core Processor\n"
    texts = ServerTexts(cpu_texts={"/proc/cpuinfo": cpuinfo},
                        os_release='NAME="CentOS Linux"\nVERSION_ID="7"\n', dmi={"sys_vendor": "Dell Inc."})
    c = classify_server(texts, catalog=default_catalog())
    outcome = HostOutcome(host="srv-01", address="127.0.0.1", status="ok", classification=c)
    row = server_row(outcome)
    verdicts = (c.cpu.verdict.verdict, c.os.verdict.verdict, c.hardware.verdict.verdict)
    assert verdicts == ("domestic", "foreign", "foreign")
    assert row["cpu"].endswith(" (国产 domestic)") and row["os"].endswith(" (非国产 foreign)"), row
    assert row["vendor"].endswith(" (非国产 foreign)") and row["status"] == "成功 ok", row
    assert outcome.to_dict()["status"] == "ok"
    down = server_row(HostOutcome(host="srv-02", address=None, status="auth_failed", error="denied"))
    assert down["status"] == "认证失败 auth_failed" and down["cpu"] == ""


def test_the_audit_hosts_row_says_how_reaching_the_host_ended_in_both_languages() -> None:
    finding = HostFinding("time_sync", "8.1.4.3 b)", "warning", "fail", (), "", "")
    checked = HostAudit(host="srv-01", address="127.0.0.1", status="ok", findings=(finding,))
    row = host_row(checked)
    assert (row["status"], row["fail"], row["failing"]) == ("成功 ok", 1, "time_sync [8.1.4.3 b)]")
    down = host_row(HostAudit(host="srv-02", address=None, status="unreachable", error="no route"))
    assert (down["status"], down["failing"]) == ("不可达 unreachable", "no route")
    assert checked.to_dict()["status"] == "ok"
    assert [r["status"] for r in finding_rows([finding], "en")] == ["不符合 fail"]
