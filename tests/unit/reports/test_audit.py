"""`govops audit`: findings of the hand-made city, exit codes per threshold, the textfile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from govops.store.db import make_engine, session_scope
from govops.store.models import Department, System
from tests.conftest import Cli
from tests.unit.reports.city import AS_OF


def test_city_findings(city: Cli) -> None:
    res = city("audit", "--as-of", AS_OF, "--format", "json", "--fail-on", "critical")
    assert res.exit_code == 1, res.stderr
    body = res.json()
    found = {(f["rule"], f["subject"]) for f in body["findings"]}
    assert {("dengbao_failed", "S7"), ("dengbao_not_assessed", "S3"), ("telnet_enabled", "sw2"),
            ("default_admin", "fw1")} == {(f["rule"], f["subject"]) for f in body["findings"]
                                          if f["severity"] == "critical"}  # fmt: skip
    assert ("dengbao_expiring", "S2") in found
    assert {("no_backup", "S3"), ("no_backup", "S4"), ("device_past_eol", "srv1")} <= found
    assert {s for r, s in found if r == "link_no_backup"} == {"L4", "L5", "L7"}
    assert ("telnet_enabled", "sw1") not in found  # closed findings are not reported
    assert body["counts"] == {"critical": 4, "warning": 14}


def _store_with(cli: Cli, **system: object) -> None:
    engine = make_engine(cli.db_url)
    with session_scope(engine) as s:
        d = Department(code="D1", name="x", level="city")
        s.add(d)
        s.flush()
        s.add(System(name="S", department_id=d.id, **system))


@pytest.mark.parametrize(
    ("system", "fail_on", "code"),
    [
        ({"backup": "offsite"}, "warning", 0),  # clean
        ({"backup": "offsite"}, "critical", 0),
        ({"backup": "none"}, "critical", 0),  # a warning only
        ({"backup": "none"}, "warning", 1),
        ({"backup": "none"}, "info", 1),
        ({"backup": "offsite", "dengbao_level": 3}, "critical", 1),  # never assessed: critical
        ({"backup": "offsite", "dengbao_level": 3}, "warning", 1),
    ],
)
def test_exit_code_per_threshold(store_cli: Cli, system: dict[str, Any], fail_on: str, code: int) -> None:
    _store_with(store_cli, **system)
    res = store_cli("audit", "--fail-on", fail_on)
    assert res.exit_code == code, res.stdout + res.stderr


def test_audit_cannot_run_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    tf = tmp_path / "tf"
    tf.mkdir()
    res = cli("audit", "--textfile", str(tf))  # no store
    assert res.exit_code == 2 and "govops init" in res.stderr
    assert "govops_audit_success 0.0" in (tf / "govops_audit.prom").read_text()
    assert cli("audit", "--fail-on", "severe").exit_code == 2
    assert cli("audit", "--textfile", str(tmp_path / "nope")).exit_code == 2


def test_textfile_is_valid_and_atomic(city: Cli, tmp_path: Path) -> None:
    res = city("audit", "--as-of", AS_OF, "--textfile", str(tmp_path))
    assert res.exit_code == 1
    assert [p.name for p in tmp_path.iterdir()] == ["govops_audit.prom"]  # no temporary file left
    text = (tmp_path / "govops_audit.prom").read_text()
    assert 'govops_audit_findings{rule="link_no_backup",severity="warning",source="compliance"} 3.0' in text
    assert 'govops_audit_findings_by_severity{severity="critical"} 4.0' in text
    assert "govops_audit_success 1.0" in text
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is not installed (scripts/install-system-deps.sh installs prometheus)")
    check = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_audit_subcommands_still_reachable(city: Cli) -> None:
    res = city("audit", "--help")
    assert res.exit_code == 0 and "--fail-on" in res.stdout
