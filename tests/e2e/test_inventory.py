"""`govops inventory import|list|show|history|export` end to end, good input and bad."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from govops.store.db import make_engine
from govops.store.models import Device
from govops.util.ansible_data import load_ansible_yaml
from govops.util.shard import shard_of
from tests.conftest import Cli
from tests.storetools import StoreFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "inventory"
SMALL = DATA / "small.yaml"
TABLES = ("departments", "rooms", "devices", "links", "systems", "system_hosts", "history")


def snapshot(cli: Cli) -> dict[str, Sequence[Any]]:
    """Every row of every inventory table: proves a failed import left the store unchanged."""
    engine = make_engine(cli.db_url)
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all() for t in TABLES}


@pytest.fixture
def loaded(store_cli: Cli) -> Cli:
    res = store_cli("inventory", "import", str(SMALL))
    assert res.exit_code == 0, res.stderr
    return store_cli


def test_import_then_reimport_changes_nothing(loaded: Cli) -> None:
    before = snapshot(loaded)
    # One create entry per entity, plus the declared verdicts the catalogue found (vendor Huawei, Dell).
    assert [h[4] for h in before["history"]].count("create") == 7
    again = loaded("inventory", "import", str(SMALL), "--json")
    assert again.exit_code == 0, again.stderr
    counts = again.json()["counts"]
    assert all(c["created"] == 0 and c["changed"] == 0 for c in counts.values())
    assert counts["devices"]["unchanged"] == 2
    assert snapshot(loaded) == before


def test_dry_run_reports_and_writes_nothing(loaded: Cli, tmp_path: Path) -> None:
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        "rooms: [{code: R01, name: 市政务云机房, lifecycle: closing}]\n"
        "devices: [{name: srv-02, kind: server, room: R01},\n"
        "  {name: core-rt-01, kind: router, purchased: 2016-05-02, ssh: {port: 2222, username: ops, "
        "password: {env: GOVOPS_SSH_PW}}}]\n",
        encoding="utf-8",
    )
    before = snapshot(loaded)
    res = loaded("inventory", "import", str(changed), "--dry-run")
    assert res.exit_code == 0, res.stderr
    assert "update rooms R01 lifecycle: 'active' -> 'closing'" in res.stdout
    # Values as a reader writes them, not Python's reprs (`datetime.date(2016, 5, 1)`).
    assert "purchased: 2016-05-01 -> 2016-05-02" in res.stdout
    assert '"port": 2222' in res.stdout and "datetime" not in res.stdout
    assert "create devices srv-02" in res.stdout
    assert snapshot(loaded) == before
    res = loaded("inventory", "import", str(changed), "--json")
    assert res.json()["counts"]["rooms"] == {"created": 0, "changed": 1, "unchanged": 0}
    hist = loaded("inventory", "history", "--key", "R01", "--json").json()
    assert hist[0]["field"] == "lifecycle" and hist[0]["old"] == "active" and hist[0]["new"] == "closing"
    assert hist[0]["source"] == "import"


def test_list_where_and_json(loaded: Cli) -> None:
    res = loaded("inventory", "list", "devices", "--where", "kind=server", "--json")
    assert res.exit_code == 0, res.stderr
    assert [d["name"] for d in res.json()] == ["srv-01"]
    rt = loaded("inventory", "list", "devices", "-w", "snmp.community.env=GOVOPS_SNMP_CORE", "--json").json()
    assert [d["name"] for d in rt] == ["core-rt-01"]
    bad = loaded("inventory", "list", "devices", "--where", "vendr=Huawei")
    assert bad.exit_code == 2 and "did you mean `vendor`" in bad.stderr
    # A value no row can hold is a typo, not an empty answer (`kind=serverx` listed nothing, exit 0).
    word = loaded("inventory", "list", "devices", "--where", "kind=serverx")
    assert word.exit_code == 2 and "--where: `kind` is never 'serverx'" in word.stderr, word.stderr
    assert "did you mean `server`" in word.stderr
    assert loaded("inventory", "list", "devices", "--where", "domestic=none", "--json").exit_code == 0
    # The table shows a vocabulary word with its label, --json the word alone; --where takes the word, its label,
    # a word import reads for it or the cell as the table shows it (a label was 'never' a kind before).
    table = loaded("inventory", "list", "devices", "--where", "kind=server").stdout
    assert "服务器 server" in table and "srv-01" in table
    for given in ("服务器", "服务器 server", "物理服务器"):
        listed = loaded("inventory", "list", "devices", "--where", f"kind={given}", "--json").json()
        assert [(d["name"], d["kind"]) for d in listed] == [("srv-01", "server")], given
    # The field too as the table heads it, or by its label (it was 'unknown field `类型`' before).
    for field in ("类型", "类型 kind", "设备类型"):
        listed = loaded("inventory", "list", "devices", "--where", f"{field}=服务器", "--json").json()
        assert [d["name"] for d in listed] == ["srv-01"], field
    unit = loaded("inventory", "list", "devices", "--where", "内存(GB)=16")  # a unit would change the value: refused
    assert unit.exit_code == 2 and "unknown field `内存(GB)`" in unit.stderr, unit.stderr
    assert loaded("inventory", "list", "机房", "--json").json()[0]["code"] == "R01"


def test_yes_no_cells_are_words_and_where_takes_them(loaded: Cli) -> None:
    # A yes/no cell is the word an export writes with its English, as every labelled cell (it was True/False).
    table = loaded("inventory", "list", "rooms", "--where", "self_built=true").stdout
    assert "是 yes" in table and "True" not in table, table
    assert loaded("inventory", "list", "rooms", "--json").json()[0]["self_built"] is True  # --json unchanged
    # --where takes true as before, any yes/no word import reads, or the cell as the table shows it.
    for given in ("true", "是", "是 yes", "yes", "自建"):
        listed = loaded("inventory", "list", "rooms", "--where", f"self_built={given}", "--json").json()
        assert [r["code"] for r in listed] == ["R01"], given
    for given in ("false", "否", "否 no"):
        assert loaded("inventory", "list", "rooms", "-w", f"self_built={given}", "--json").json() == [], given
    typo = loaded("inventory", "list", "rooms", "--where", "self_built=maybe")
    assert typo.exit_code == 2 and "`self_built` is never 'maybe'" in typo.stderr, typo.stderr


def test_classify_device_policy_sentence_uses_the_labels(loaded: Cli) -> None:
    res = loaded("classify", "device", "srv-01")
    assert res.exit_code == 0, res.stderr
    policy = next(line for line in res.stdout.splitlines() if line.startswith("policy:"))
    # Dimensions and verdicts as the tables show them (厂商 vendor 国外 foreign), not bare words.
    assert "厂商 vendor" in policy and "(not: " in policy and "(not: vendor" not in policy, policy


def test_history_table_shows_settings_briefly(loaded: Cli, tmp_path: Path) -> None:
    # A changed record (access settings, discovered facts) was printed as a Python dict in one table cell: hundreds of
    # lines at 80 columns. Settings that fit a cell are shown as JSON; where either side is too long, each side shows
    # the paths that changed with their values, a long text cut after a window around its change (…), which --json
    # has whole.
    changed = tmp_path / "ssh.yaml"
    changed.write_text("devices: [{name: core-rt-01, kind: router, ssh: {port: 2222, username: ops, password: {env: "
                       "GOVOPS_SSH_PASSWORD_FOR_THE_CORE_ROUTERS_OF_THE_CITY}}}]\n", encoding="utf-8")
    assert loaded("inventory", "import", str(changed)).exit_code == 0
    # Wide enough for the whole row: the headers say each column in Chinese and English.
    out = loaded("inventory", "history", "--key", "core-rt-01", "--limit", "1", env={"COLUMNS": "240"}).stdout
    assert "port: 22; password.env: 'GOVOPS_SSH_PW'" in out
    assert "port: 2222; password.env: 'GOVOPS_SSH_PASSWORD_FOR_THE_CORE…'" in out
    assert "{'" not in out and "username" not in out
    whole = loaded("inventory", "history", "--key", "core-rt-01", "--limit", "1", "--json").json()
    assert whole[0]["new"]["port"] == 2222


def test_show_gives_entity_and_history(loaded: Cli) -> None:
    res = loaded("inventory", "show", "OA办公系统", "--json")
    assert res.exit_code == 0, res.stderr
    data = res.json()
    # The table it is found in, named as the history names it; ``kind`` beside a device's own kind read as one.
    assert data["entity_kind"] == "system" and "kind" not in data
    assert data["entity"]["migration"]["status"] == "migrated"
    assert data["entity"]["runs_on"] == ["srv-01"]
    assert data["history"][0]["action"] == "create"
    missing = loaded("inventory", "show", "srv-1")
    assert missing.exit_code == 2 and "srv-01" in missing.stderr


def test_yaml_export_round_trips_to_an_identical_store(
    loaded: Cli, cli: Cli, tmp_path: Path, store_factory: StoreFactory
) -> None:
    """Lossless: judged verdicts travel with their records (ledger words and measured evidence alike)."""
    measured = {"verdict": "foreign", "source": "snmp",
                "vendor": {"verdict": "foreign", "subject": "cisco", "source": "snmp",
                           "evidence": [{"field": "sys_object_id", "value": "1.3.6.1.4.1.9.1.1", "rule": "vendor:cisco",
                                         "source": "IANA"}]}}
    engine = make_engine(loaded.db_url)
    with engine.begin() as conn:
        conn.execute(Device.__table__.update().where(Device.name == "core-rt-01")
                     .values(domestic="foreign", classification=measured))
    engine.dispose()
    exported = loaded("inventory", "export", "--format", "yaml").stdout
    devices = {d["name"]: d for d in yaml.safe_load(exported)["devices"]}
    # Judged verdicts are written with their evidence, never as a `domestic` the ledger states.
    assert devices["core-rt-01"]["classification"] == measured and "domestic" not in devices["core-rt-01"]
    assert devices["srv-01"]["classification"]["source"] == "declared" and "domestic" not in devices["srv-01"]
    (tmp_path / "exp.yaml").write_text(exported, encoding="utf-8")
    other = type(cli)(tmp_path / "other-home", store_factory(tmp_path / "other-home"))
    assert other("init").exit_code == 0
    assert other("inventory", "import", str(tmp_path / "exp.yaml")).exit_code == 0
    assert other("inventory", "export", "--format", "yaml").stdout == exported
    strip = {t: rows for t, rows in snapshot(other).items() if t != "history"}
    assert strip == {t: rows for t, rows in snapshot(loaded).items() if t != "history"}
    assert yaml.safe_load(exported)["devices"][0]["snmp"]["community"] == {"env": "GOVOPS_SNMP_CORE"}
    shown = other("classify", "device", "srv-01", "--json").json()["stored"]
    assert shown["classification"]["where"].startswith(str(SMALL))  # the first ledger's row, kept


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_spreadsheet_export_keeps_judged_verdicts_with_their_evidence(
    loaded: Cli, cli: Cli, tmp_path: Path, store_factory: StoreFactory, fmt: str
) -> None:
    evidence = [{"field": "sys_object_id", "value": "1.3.6.1.4.1.9.1.1", "rule": "vendor:cisco", "source": "IANA"}]
    measured = {"verdict": "foreign", "source": "snmp",
                "vendor": {"verdict": "foreign", "subject": "cisco", "source": "snmp", "evidence": evidence}}
    engine = make_engine(loaded.db_url)
    with engine.begin() as conn:
        conn.execute(Device.__table__.update().where(Device.name == "core-rt-01")
                     .values(domestic="foreign", classification=measured))
    engine.dispose()
    out = tmp_path / ("inv.xlsx" if fmt == "xlsx" else "csv")
    assert loaded("inventory", "export", "--format", fmt, "--out", str(out), "--lang", "zh").exit_code == 0
    other = type(cli)(tmp_path / "other-home", store_factory(tmp_path / "other-home"))
    assert other("init").exit_code == 0
    res = other("inventory", "import", str(out))
    assert res.exit_code == 0, res.stderr
    assert other("inventory", "export", "--format", "yaml").stdout == loaded("inventory", "export", "--format",
                                                                            "yaml").stdout


def test_a_bad_classification_record_is_refused_with_its_place(store_cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("devices:\n  - name: sw-1\n    kind: switch\n    classification:\n"
                   "      verdict: domestic\n      source: rumour\n", encoding="utf-8")
    res = store_cli("inventory", "import", str(bad))
    assert res.exit_code == 2 and "classification.source" in res.stderr and "declared" in res.stderr, res.stderr
    both = tmp_path / "both.yaml"
    both.write_text("devices:\n  - name: sw-1\n    kind: switch\n    domestic: foreign\n    classification:\n"
                    "      verdict: domestic\n      source: snmp\n", encoding="utf-8")
    res = store_cli("inventory", "import", str(both))
    assert res.exit_code == 2 and "not both" in res.stderr, res.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_and_xlsx_exports_reimport_unchanged(loaded: Cli, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "csv"
    assert loaded("inventory", "export", "--format", "csv", "--out", str(out), "--lang", lang).exit_code == 0
    header = next(csv.reader((out / "devices.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert ("厂商" if lang == "zh" else "vendor") in header
    res = loaded("inventory", "import", str(out), "--json")
    assert res.exit_code == 0, res.stderr
    assert all(c["changed"] == 0 and c["created"] == 0 for c in res.json()["counts"].values())
    book = tmp_path / "inv.xlsx"
    assert loaded("inventory", "export", "--format", "xlsx", "--out", str(book), "--lang", lang).exit_code == 0
    if lang == "zh":
        assert "设备" in load_workbook(book).sheetnames
    res = loaded("inventory", "import", str(book), "--json")
    assert res.exit_code == 0, res.stderr
    assert all(c["changed"] == 0 and c["created"] == 0 for c in res.json()["counts"].values())


def test_export_to_the_wrong_kind_of_place_is_a_usage_error_writing_nothing(loaded: Cli, tmp_path: Path) -> None:
    # A directory where a file goes, a file where a directory goes: a traceback and exit 1 before.
    place = tmp_path / "place"
    place.mkdir()
    taken = place / "taken.xlsx"
    taken.write_bytes(b"keep")
    for fmt, out in (("xlsx", place), ("yaml", place), ("csv", taken)):
        res = loaded("inventory", "export", "--format", fmt, "--out", str(out))
        assert res.exit_code == 2, (fmt, res.stderr)
        assert f"cannot write {out}" in res.stderr, res.stderr
    assert taken.read_bytes() == b"keep" and [p.name for p in place.iterdir()] == ["taken.xlsx"]


def test_ansible_and_prometheus_sd_exports(loaded: Cli, tmp_path: Path) -> None:
    inv = load_ansible_yaml(loaded("inventory", "export", "--format", "ansible").stdout)
    children = inv["all"]["children"]
    assert set(children["room_R01"]["hosts"]) == {"core-rt-01", "srv-01"}
    assert set(children["kind_server"]["hosts"]) == {"srv-01"}
    assert set(children["platform_huawei_vrp"]["hosts"]) == {"core-rt-01"}
    assert "dept_D001" in children
    assert children["govops_devices"]["children"]["govops_network"]["children"] == {"kind_router": {}}
    core = inv["all"]["hosts"]["core-rt-01"]
    assert core["ansible_host"] == "10.0.0.1" and core["ansible_user"] == "ops"
    assert core["ansible_connection"] == "ansible.netcommon.network_cli"
    assert core["ansible_network_os"] == "community.network.ce"
    assert "GOVOPS_SSH_PW" in core["ansible_password"]  # a lookup, never the secret
    assert "ansible_ssh_common_args" not in core  # ssh's own known_hosts, as for any device that names none
    srv = inv["all"]["hosts"]["srv-01"]  # a server's own known_hosts file: what `agent deploy` checks it against
    assert srv["ansible_ssh_common_args"] == "-o 'UserKnownHostsFile=\"/etc/govops-servers.known_hosts\"'"
    sd = json.loads(loaded("inventory", "export", "--format", "prometheus-sd").stdout)
    assert sd == [{"targets": ["10.0.1.1:9120"], "labels": {
        "device": "srv-01", "kind": "server", "govops_agent": "host", "room": "R01", "department": "D001",
        "domestic": "unknown"}}]
    out = tmp_path / "sd"
    assert loaded("inventory", "export", "--format", "prometheus-sd", "--out", str(out)).exit_code == 0
    assert json.loads((out / "bandwidth.json").read_text())[0]["targets"] == ["10.0.0.1"]
    # Each site's Prometheus gets the devices its `agent bandwidth --shard I/N` polls: the shards partition them.
    shards = [json.loads(loaded("inventory", "export", "--format", "prometheus-sd", "--agent", "bandwidth",
                                "--shard", f"{i}/2").stdout) for i in (1, 2)]  # fmt: skip
    assert sorted(g["labels"]["device"] for part in shards for g in part) == ["core-rt-01"]
    assert [len(part) for part in shards] == ([1, 0] if shard_of("core-rt-01", 2) == 0 else [0, 1])
    for bad in (["--shard", "3/2"], ["--shard", "1/2", "--format", "yaml"]):
        res = loaded("inventory", "export", "--format", "prometheus-sd", *bad)
        assert res.exit_code == 2 and "--shard" in res.stderr, res.stderr


def _power_config(path: Path, rooms: list[str]) -> Path:
    """A power agent config listing two devices by hand in each room (no store needed)."""
    lines = ["rooms:"]
    for i, room in enumerate(rooms):
        lines += [f"  - room: {room}", "    devices:",
                  f"      - {{name: meter-{room}, kind: modbus, address: '10.9.{i}.1:502', meter: acrel_dtsd1352,"
                  " measures: facility}",
                  f"      - {{name: bmc-{room}, kind: redfish, address: 'https://10.9.{i}.2',"
                  " measures: it}"]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


def test_power_file_sd_lists_the_agents_rooms_and_shards_keep_a_room_together(
    store_cli: Cli, tmp_path: Path
) -> None:
    # The power agent's file_sd comes from its config, resolved as `agent power` resolves it; `--shard I/N`
    # takes whole rooms (a room's PUE needs all its meters), as `agent power --shard I/N` does.
    rooms = [f"R{i:02d}" for i in range(1, 7)]
    assert {shard_of(room, 3) for room in rooms} == {0, 1, 2}  # each shard has a room (`agent power` refuses none)
    config = _power_config(tmp_path / "power.yml", rooms)
    shard_of_room: dict[str, int] = {}
    total = 0
    for index in range(3):
        part = json.loads(store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power",
                                    "--agent-config", str(config), "--shard", f"{index + 1}/3").stdout)  # fmt: skip
        total += len(part)
        for group in part:
            room = group["labels"]["room"]
            assert shard_of_room.setdefault(room, index) == index == shard_of(room, 3), room
    everything = json.loads(store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power",
                                      "--agent-config", str(config)).stdout)  # fmt: skip
    assert total == len(everything) == 12 and len(set(shard_of_room.values())) > 1
    assert everything[1] == {"targets": ["R01/bmc-R01"], "labels": {
        "device": "bmc-R01", "room": "R01", "govops_agent": "power", "protocol": "redfish", "measures": "it"}}
    out = tmp_path / "sd"
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--out", str(out),
                    "--agent-config", str(config))  # fmt: skip
    assert res.exit_code == 0 and json.loads((out / "power.json").read_text()) == everything, res.stderr
    # Without the config no power list is guessed from the store: an error on stdout, a note and no file in a directory.
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power")
    assert res.exit_code == 2 and "--agent-config" in res.stderr, res.stderr
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--out", str(tmp_path / "sd2"))
    assert res.exit_code == 0 and "power.json not written" in res.stderr, res.stderr
    assert sorted(p.name for p in (tmp_path / "sd2").iterdir()) == ["bandwidth.json", "host.json"]
    res = store_cli("inventory", "export", "--format", "yaml", "--agent-config", str(config))
    assert res.exit_code == 2 and "--agent-config" in res.stderr, res.stderr
    # An invalid config is named with its line, as `agent power --config` names it.
    config.write_text("rooms:\n  - room: R01\n    devices:\n      - {name: x, kind: telnet, address: a}\n")
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power",
                    "--agent-config", str(config))  # fmt: skip
    assert res.exit_code != 0 and f"{config}:4: missing required field `measures`" in res.stderr, res.stderr
    res = store_cli("inventory", "export", "--format", "prometheus-sd", "--agent", "power",
                    "--agent-config", str(tmp_path / "none.yml"))  # fmt: skip
    assert res.exit_code != 0 and "none.yml" in res.stderr, res.stderr


def test_csv_with_chinese_headers_and_values(store_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "部门.csv").write_text("编码,名称,级别\nD1,市局,市级\nD2,县局,县级\n", encoding="utf-8")
    (tmp_path / "设备台账.csv").write_text(
        "名称,类型,所属部门,厂商,型号,序列号,购置日期,状态,CPU核数\n"
        "srv-a,server,D1,浪潮,NF5280M5,SN1,2019-03-01,在用,32\n", encoding="utf-8")
    res = store_cli("inventory", "import", str(tmp_path), "--json")
    assert res.exit_code == 0, res.stderr
    dev = store_cli("inventory", "list", "devices", "--json").json()[0]
    # 浪潮 is stored as the catalogue's word for that maker.
    assert dev["vendor"] == "Inspur" and dev["cpu_cores"] == 32 and dev["status"] == "in_service"
    assert dev["purchased"] == "2019-03-01"


def test_gbk_csv_from_excel_is_decoded_and_said(store_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "departments.csv"
    path.write_bytes("编码,名称,级别\nD1,市政务服务和大数据管理局,city\n".encode("gbk"))
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 0, res.stderr
    assert "GBK" in res.stderr and "departments.csv" in res.stderr
    assert store_cli("inventory", "list", "departments", "--json").json()[0]["name"] == "市政务服务和大数据管理局"


def test_large_but_valid_yaml_directory_imports(store_cli: Cli, tmp_path: Path) -> None:
    rows = [{"name": f"d{i}", "kind": "switch", "mgmt_ip": f"10.1.{i // 250}.{i % 250}"} for i in range(3000)]
    (tmp_path / "devices.yaml").write_text(yaml.safe_dump({"devices": rows}), encoding="utf-8")
    res = store_cli("inventory", "import", str(tmp_path), "--json")
    assert res.exit_code == 0, res.stderr
    assert res.json()["counts"]["devices"]["created"] == 3000
    assert res.json()["history_entries"] == 3000


# ---- bad input: exit code 2, the place and the field named, the store unchanged ----

BAD_YAML = {
    "broken.yaml": ("devices:\n  - {name: a, kind: server\n  - {name: b}\n", ["broken.yaml:3", "invalid YAML"]),
    "wrongtype.yaml": ("devices:\n  - name: a\n    kind: server\n    cpu_cores: many\n",
                       ["wrongtype.yaml:4", "`cpu_cores`", "integer"]),
    "unknown.yaml": ("devices:\n  - name: a\n    kind: server\n    vendr: Huawei\n",
                     ["unknown.yaml:4", "`vendr`", "did you mean `vendor`"]),
    "dupe.yaml": ("departments:\n  - {code: D9, name: x, level: city}\n  - {code: D9, name: y, level: city}\n",
                  ["dupe.yaml:3", "duplicate code 'D9'", "dupe.yaml:2"]),
    "dangling.yaml": ("devices:\n  - name: a\n    kind: server\n    room: R99\n",
                      ["dangling.yaml:4", "`room`", "'R99'"]),
    "baddate.yaml": ("devices:\n  - name: a\n    kind: server\n    purchased: 2019-13-45\n",
                     ["baddate.yaml:4", "`purchased`", "ISO date"]),
    "badenum.yaml": ("devices:\n  - {name: a, kind: sever}\n", ["badenum.yaml:2", "`kind`", "did you mean `server`"]),
    # The address a CSV or 台账 cell would refuse is refused in YAML too (it was stored as written).
    "badip.yaml": ("devices:\n  - name: a\n    kind: server\n    mgmt_ip: notanip\n",
                   ["badip.yaml:4", "`mgmt_ip`", "'notanip'", "IPv4 or IPv6"]),
    "secret.yaml": ("devices:\n  - name: a\n    kind: switch\n    snmp: {community: public}\n",
                    ["secret.yaml:4", "`community`", "mapping"]),
    "secretref.yaml": ("devices:\n  - name: a\n    kind: switch\n    ssh: {password: {env: A, file: /b}}\n",
                       ["secretref.yaml:4", "`ssh.password`", "exactly one"]),
    "selfparent.yaml": ("departments:\n  - code: D7\n    name: x\n    level: city\n    parent: D7\n",
                        ["selfparent.yaml:5", "`parent`", "its own parent"]),
    "empty.yaml": ("", ["empty.yaml", "empty file"]),
    "comments.yaml": ("# nothing here\n", ["comments.yaml", "empty"]),
    "section.yaml": ("device:\n  - {name: a, kind: server}\n", ["section.yaml:1", "did you mean `devices`"]),
}


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_bad_yaml_input(loaded: Cli, tmp_path: Path, name: str) -> None:
    content, expected = BAD_YAML[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = snapshot(loaded)
    res = loaded("inventory", "import", str(SMALL), str(path))  # good rows first: all or nothing
    assert res.exit_code == 2, res.stdout
    for part in expected:
        assert part in res.stderr, (part, res.stderr)
    assert "Traceback" not in res.stderr
    assert snapshot(loaded) == before


def test_a_later_bad_file_rolls_back_earlier_good_rows(store_cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "z.yaml"
    bad.write_text("systems:\n  - {name: s, runs_on: [nosuch]}\n", encoding="utf-8")
    before = snapshot(store_cli)
    res = store_cli("inventory", "import", str(SMALL), str(bad))
    assert res.exit_code == 2 and "z.yaml:2" in res.stderr and "`runs_on`" in res.stderr
    assert snapshot(store_cli) == before


def test_fifty_megabyte_file_is_refused_clearly(loaded: Cli, tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w") as fh:
        fh.write("devices:\n")
        line = "  - {name: dev-%08d, kind: switch, vendor: Huawei, model: S5720-52X-PWR-SI-AC, rack: A01}\n"
        for i in range(50_000_000 // len(line % 0) + 1):
            fh.write(line % i)
    before = snapshot(loaded)
    res = loaded("inventory", "import", str(path))
    assert res.exit_code == 2
    assert "huge.yaml" in res.stderr and "MB" in res.stderr and "--max-file-mb" in res.stderr
    assert snapshot(loaded) == before


def test_csv_bad_cell_names_row_and_column(loaded: Cli, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("name,kind,purchased\nx1,server,2020-01-01\nx2,server,2020/02/30\n", encoding="utf-8")
    before = snapshot(loaded)
    res = loaded("inventory", "import", str(path))
    assert res.exit_code == 2
    assert "devices.csv:3 column C" in res.stderr and "`purchased`" in res.stderr
    assert snapshot(loaded) == before


def test_a_row_with_a_refused_cell_has_its_references_checked_too(store_cli: Cli, tmp_path: Path) -> None:
    """Row 2's status is refused and its room is unknown: both are told in one run (the room was told only once the
    status was mended). A row referring to a room whose own row was refused is not told that room is missing."""
    rooms, devices = tmp_path / "rooms.csv", tmp_path / "devices.csv"
    rooms.write_text("code,name,area_m2\nR9,九号机房,abc\n", encoding="utf-8")
    devices.write_text("name,kind,room,status\nx1,server,NOWHERE,报废了\nx2,server,R9,\n", encoding="utf-8")
    res = store_cli("inventory", "check", str(rooms), str(devices), "--json")
    assert res.exit_code == 2
    got = {(p["where"].removeprefix(f"{tmp_path}/"), p["field"]) for p in res.json()["problems"]}
    assert got == {("rooms.csv:2 column C", "area_m2"), ("devices.csv:2 column D", "status"),
                   ("devices.csv:2 column C", "room")}


def test_problems_are_listed_by_file_and_row_not_in_the_order_found(store_cli: Cli, tmp_path: Path) -> None:
    """Reading finds row 9's bad date before the importer finds rows 2 and 5's unknown rooms: they are listed 2, 5,
    9, and the file given first comes first (its name sorts after the other's)."""
    first, second = tmp_path / "devices.csv", tmp_path / "devices-2.csv"
    rows = ["x2,server,NOWHERE,", "x3,server,,", "x4,server,,", "x5,server,ELSEWHERE,", "x6,server,,", "x7,server,,",
            "x8,server,,", "x9,server,,2020/02/30"]
    first.write_text("\n".join(["name,kind,room,purchased", *rows]) + "\n", encoding="utf-8")
    second.write_text("name,kind,room,purchased\ny2,server,,\ny3,server,,2020/13/01\n", encoding="utf-8")
    res = store_cli("inventory", "check", str(first), str(second), "--json")
    assert res.exit_code == 2
    got = [p["where"].removeprefix(f"{tmp_path}/") for p in res.json()["problems"]]
    assert got == ["devices.csv:2 column C", "devices.csv:5 column C", "devices.csv:9 column D",
                   "devices-2.csv:3 column D"]
    text = store_cli("inventory", "import", str(first), str(second))
    assert text.exit_code == 2
    lines = [line.strip().removeprefix(f"{tmp_path}/") for line in text.stderr.splitlines() if "devices" in line]
    assert [line.split(": ", 1)[0] for line in lines] == got


def test_csv_unknown_header_and_unknown_kind(loaded: Cli, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_text("名称,类型,厂家商\nx1,server,H3C\n", encoding="utf-8")
    res = loaded("inventory", "import", str(path), "--strict")
    assert res.exit_code == 2 and "devices.csv:1 column C" in res.stderr and "厂家商" in res.stderr
    # Without --strict a column that is no field is ignored, and said (offices add columns of their own).
    res = loaded("inventory", "import", str(path))
    assert res.exit_code == 0 and "devices.csv:1 column C" in res.stderr and "did you mean `厂商`" in res.stderr
    other = tmp_path / "stuff.csv"
    other.write_text("name,kind\nx,server\n", encoding="utf-8")
    res = loaded("inventory", "import", str(other))
    assert res.exit_code == 2 and "--kind" in res.stderr
    assert loaded("inventory", "import", str(other), "--kind", "devices").exit_code == 0
    shown = loaded("inventory", "show", "x", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json()["entity"]["kind"] == "server" and shown.json()["entity_kind"] == "device"


def test_undecodable_csv_names_the_encoding(loaded: Cli, tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    path.write_bytes(b"name,kind\n\x81\xff\xfe,server\n")
    before = snapshot(loaded)
    res = loaded("inventory", "import", str(path))
    assert res.exit_code == 2 and "neither UTF-8" in res.stderr and "GBK" in res.stderr and "devices.csv" in res.stderr
    assert snapshot(loaded) == before


def test_workbook_with_a_missing_sheet(store_cli: Cli, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "设备"
    sheet.append(["名称", "类型", "机房"])
    sheet.append(["sw-1", "switch", "R01"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    before = snapshot(store_cli)
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 2
    assert "台账.xlsx[设备]!C2" in res.stderr and "`room`" in res.stderr and "no `rooms` (机房) sheet" in res.stderr
    assert snapshot(store_cli) == before


def test_workbook_with_an_unknown_sheet_and_bad_cell(store_cli: Cli, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "devicez"
    path = tmp_path / "b.xlsx"
    book.save(path)
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 2 and "b.xlsx" in res.stderr and "`devicez`" in res.stderr
    assert "did you mean `devices`" in res.stderr
    book = Workbook()
    sheet = book.active
    sheet.title = "devices"
    sheet.append(["name", "kind", "cpu_cores"])
    sheet.append(["a", "server", "lots"])
    book.save(path)
    res = store_cli("inventory", "import", str(path))
    assert res.exit_code == 2 and "b.xlsx[devices]!C2" in res.stderr and "`cpu_cores`" in res.stderr


def test_missing_path_and_store(cli: Cli, tmp_path: Path) -> None:
    res = cli("inventory", "import", str(SMALL))
    assert res.exit_code == 2 and "govops init" in res.stderr
    assert cli("init").exit_code == 0
    res = cli("inventory", "import", str(tmp_path / "nope.yaml"))
    assert res.exit_code == 2 and "nope.yaml" in res.stderr


def test_parent_listed_after_child_and_csv_updates_nested_fields(store_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "departments:\n  - {code: D2, name: 县局, level: county, parent: D1}\n  - {code: D1, name: 市局, level: city}\n"
        "systems:\n  - {name: S1, department: D2, migration: {status: planned, planned: 2024-06-30}}\n",
        encoding="utf-8")
    assert store_cli("inventory", "import", str(tmp_path / "a.yaml")).exit_code == 0
    depts = {d["code"]: d for d in store_cli("inventory", "list", "departments", "--json").json()}
    assert depts["D2"]["parent"] == "D1"
    (tmp_path / "systems.csv").write_text("系统名称,迁移状态,部署云\nS1,已上云,市政务云\n", encoding="utf-8")
    res = store_cli("inventory", "import", str(tmp_path / "systems.csv"), "--json")
    assert res.exit_code == 0, res.stderr
    change = res.json()["changes"][0]
    assert change["fields"]["migration_status"] == {"old": "planned", "new": "migrated"}
    system = store_cli("inventory", "show", "S1", "--json").json()["entity"]
    assert system["migration"] == {"status": "migrated", "planned": "2024-06-30"}  # planned left alone
    assert system["hosting"] == {"cloud": "市政务云"}


@pytest.mark.parametrize(("fmt", "name"), [("yaml", "inv.yaml"), ("xlsx", "inv.xlsx"), ("csv", "csv")])
def test_export_out_in_a_missing_directory_is_refused(loaded: Cli, tmp_path: Path, fmt: str, name: str) -> None:
    # As `report --out` refuses it: a mistyped directory was created, parents and all (`/nonexistent/x.xlsx`).
    out = tmp_path / "no-such-dir" / name
    res = loaded("inventory", "export", "--format", fmt, "--out", str(out))
    assert res.exit_code == 2
    assert f"error: --out: directory {out.parent} does not exist" in res.stderr
    assert not out.parent.exists()


def test_history_limit_below_zero_is_refused(loaded: Cli) -> None:
    # `--limit -1` listed every entry as if it were 0 (all); a negative count is a typo.
    res = loaded("inventory", "history", "--limit", "-1")
    assert res.exit_code == 2 and "--limit" in res.stderr
