"""Issue 15 end to end: `inventory check`, the xlsx an office recognises, and a correct Ansible export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from openpyxl import load_workbook

from tests.conftest import Cli
from tests.unit.store import office_ledger

BIN = Path(sys.executable).parent
PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"


def test_check_lists_every_problem_as_json_and_imports_nothing(store_cli: Cli, tmp_path: Path) -> None:
    path = office_ledger.build(tmp_path / "ledger.xlsx")
    ok = store_cli("inventory", "check", str(path), "--json")
    assert ok.exit_code == 0, ok.stderr
    assert ok.json()["ok"] is True and ok.json()["counts"]["devices"]["created"] == 8
    book = load_workbook(path)
    sheet = book["设备台账"]
    sheet["I7"] = "10.20.0.999"  # mgmt_ip of the first device
    sheet["C8"] = "交换器"  # kind of the second
    book.save(path)
    bad = store_cli("inventory", "check", str(path), "--json")
    assert bad.exit_code == 2
    problems = bad.json()["problems"]
    assert [(p["where"].rsplit("!", 1)[1], p["field"], p["value"]) for p in problems] == [
        ("I7", "mgmt_ip", "10.20.0.999"), ("C8", "kind", "交换器")]
    assert all(p["expected"] for p in problems)
    text = store_cli("inventory", "import", str(path))
    assert text.exit_code == 2 and "2 problem(s), nothing was written" in text.stderr
    assert "[设备台账]!I7" in text.stderr and "[设备台账]!C8" in text.stderr
    assert store_cli("inventory", "list", "devices", "--json").json() == []


def test_check_works_without_a_store_and_explains(cli: Cli, tmp_path: Path) -> None:
    path = office_ledger.build(tmp_path / "ledger.xlsx")
    res = cli("inventory", "check", str(path), "--explain")
    assert res.exit_code == 0, res.stderr
    assert "27 rows would import" in res.stdout
    assert "skipped total row" in res.stdout and "two-row header" in res.stdout and "[填表说明]" in res.stderr


def test_xlsx_export_has_chinese_headers_and_words_and_reimports_unchanged(store_cli: Cli, tmp_path: Path) -> None:
    assert store_cli("inventory", "import", str(office_ledger.build(tmp_path / "ledger.xlsx"))).exit_code == 0
    out = tmp_path / "export.xlsx"
    res = store_cli("inventory", "export", "--format", "xlsx", "--out", str(out))
    assert res.exit_code == 0, res.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["部门", "机房", "设备", "链路", "业务系统"]
    header = [c.value for c in book["设备"][1]]
    assert header[:3] == ["名称", "类型", "机房"] and "管理IP" in header and "购置日期" in header
    kinds = {row[1] for row in book["设备"].iter_rows(min_row=2, values_only=True)}
    assert kinds == {"交换机", "服务器", "UPS", "PDU", "电表", "防火墙"}
    again = store_cli("inventory", "import", str(out), "--json")
    assert again.exit_code == 0, again.stderr
    counts = again.json()["counts"]
    assert all(c["created"] == 0 and c["changed"] == 0 for c in counts.values()), counts
    # Dates written to the month stay months through every export.
    assert "购置日期" in header and "2019-03" in {row[header.index("购置日期")]
                                               for row in book["设备"].iter_rows(min_row=2, values_only=True)}
    text = store_cli("inventory", "export", "--format", "yaml").stdout
    assert "purchased: 2019-03\n" in text or "purchased: '2019-03'" in text
    yaml_out = tmp_path / "export.yaml"
    yaml_out.write_text(text, encoding="utf-8")
    same = store_cli("inventory", "import", str(yaml_out), "--json").json()["counts"]
    assert all(c["created"] == 0 and c["changed"] == 0 for c in same.values()), same


def _ansible(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(tmp_path), "ANSIBLE_LOCAL_TEMP": str(tmp_path / "tmp"), "ANSIBLE_NOCOLOR": "1"}
    return subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


def test_ansible_export_keeps_chinese_groups_distinct_and_facility_out_of_playbooks(
    store_cli: Cli, tmp_path: Path
) -> None:
    assert store_cli("inventory", "import", str(office_ledger.build(tmp_path / "ledger.xlsx"))).exit_code == 0
    inv = tmp_path / "inventory.yml"
    inv.write_text(store_cli("inventory", "export", "--format", "ansible").stdout, encoding="utf-8")
    listed = _ansible("ansible-inventory", "-i", str(inv), "--list", tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "Invalid characters" not in listed.stderr
    data = json.loads(listed.stdout)
    rooms = {g: data[g]["hosts"] for g in data if g.startswith("room_")}
    assert rooms["room_一号机房"] == ["核心交换机-01", "ups-01"]
    assert rooms["room_二号机房"] == ["srv-db-01"] and rooms["room_市政务云"] == ["pdu-01", "fw-01"]
    jf = sorted(g for g in rooms if g.startswith("room_JF"))
    assert len(jf) == 2 and rooms["room_JF_01"] == ["srv-app-02"]
    assert {g for g in data if g.startswith("platform_")} == {"platform_huawei_vrp", "platform_hp_comware"}
    hostvars = data["_meta"]["hostvars"]
    core = hostvars["核心交换机-01"]
    assert core["ansible_connection"]["__ansible_unsafe"] == "ansible.netcommon.network_cli"
    assert core["ansible_network_os"]["__ansible_unsafe"] == "community.network.ce"
    assert "ansible_connection" not in hostvars["srv-db-01"]
    assert set(data["govops_facility"]["children"]) == {"kind_pdu", "kind_ups"}
    # What the playbooks target by default: only the servers, never a PDU, UPS or switch.
    for playbook in ("discover.yml", "deploy-agents.yml", "dengbao.yml"):
        pattern = yaml.safe_load((PLAYBOOKS / playbook).read_text())[0]["hosts"]
        hosts = _ansible("ansible", pattern, "-i", str(inv), "--list-hosts", tmp_path=tmp_path)
        assert hosts.returncode == 0, hosts.stderr
        assert sorted(line.strip() for line in hosts.stdout.splitlines()[1:]) == ["srv-app-02", "srv-db-01"]
