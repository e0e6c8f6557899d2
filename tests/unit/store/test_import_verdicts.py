"""A ledger without a 国产 column still gets verdicts: the catalogue runs on what it declares."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from govops.store.db import make_engine
from govops.store.models import Device
from tests.conftest import Cli

LEDGER = """name,kind,vendor,model,cpu_vendor,cpu_model,os,os_version
srv-1,server,Huawei,TaiShan 200,HiSilicon,Kunpeng 920,Kylin,V10
srv-2,server,Sugon,I620-G30,Hygon,C86 7285,openEuler,22.03 LTS
srv-3,server,Dell,R740,GenuineIntel,Intel(R) Xeon(R) Gold 6248,CentOS,7.9
srv-4,server,,,,,,
sw-1,switch,Huawei,S5735,,,,
sw-2,switch,H3C,S5560X,,,,
fw-1,firewall,Hillstone,SG-6000,,,,
rt-1,router,Cisco,ISR4451,,,,
"""


def kpis(cli: Cli) -> dict[str, dict[str, object]]:
    res = cli("report", "kpi", "--format", "json")
    assert res.exit_code == 0, res.stderr
    return {k["key"]: k for k in res.json()["kpis"]}


def test_ledger_without_domestic_gets_verdicts(store_cli: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "devices.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    res = store_cli("inventory", "import", str(ledger), "--json")
    assert res.exit_code == 0, res.stderr
    k = kpis(store_cli)
    # srv-1 and srv-2 domestic, srv-3 foreign, srv-4 declares nothing: undetermined, not foreign.
    assert (k["domestic_server_rate"]["numerator"], k["domestic_server_rate"]["denominator"]) == (2, 3)
    assert k["domestic_server_rate"]["undetermined"] == 1
    assert (k["domestic_network_rate"]["numerator"], k["domestic_network_rate"]["denominator"]) == (3, 4)
    shown = json.loads(store_cli("classify", "device", "srv-2", "--json").stdout)
    cls = shown["stored"]["classification"] or {}
    assert shown["stored"]["domestic"] == "domestic"
    assert cls.get("source") == "declared" and cls.get("where", "").startswith(str(ledger))
    # Importing the same ledger again changes nothing.
    again = store_cli("inventory", "import", str(ledger), "--json").json()
    assert again["history_entries"] == 0


def test_discovered_evidence_is_not_overwritten_by_the_ledger(store_cli: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "devices.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    engine = make_engine(store_cli.db_url)
    measured = {"source": "ssh", "verdict": "foreign", "vendor": {"verdict": "foreign", "subject": "cisco"}}
    with Session(engine) as s:
        s.execute(update(Device).where(Device.name == "sw-1").values(domestic="foreign", classification=measured))
        s.commit()
    ledger.write_text(LEDGER.replace("S5735", "S5735-L"), encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    with Session(engine) as s:
        dev = s.scalars(select(Device).where(Device.name == "sw-1")).one()
        assert (dev.domestic, dev.classification) == ("foreign", measured)
    engine.dispose()


def test_a_verdict_the_ledger_states_is_kept(store_cli: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "devices.csv"
    ledger.write_text("name,kind,vendor,domestic\nsw-9,switch,Cisco,domestic\n", encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    shown = json.loads(store_cli("classify", "device", "sw-9", "--json").stdout)
    assert shown["stored"]["domestic"] == "domestic"


def test_the_demo_city_without_its_domestic_column_gets_the_same_verdicts(store_cli: Cli, tmp_path: Path) -> None:
    """Every verdict the demo city states by hand, the catalogue finds again from vendor, model, CPU and OS."""
    city = Path(__file__).resolve().parents[3] / "inventory" / "demo-city"
    for part in ("departments.yaml", "rooms.yaml"):  # what the devices refer to; systems and links are not needed
        (tmp_path / part).write_text((city / part).read_text(encoding="utf-8"), encoding="utf-8")
    # One flow mapping per device line: the stated verdict is cut out of the text (cheaper than YAML twice).
    text = (city / "devices.yaml").read_text(encoding="utf-8")
    stated = dict(re.findall(r"(?m)^  - \{name: ([^,]+),.*, domestic: (\w+)", text))
    (tmp_path / "devices.yaml").write_text(re.sub(r", domestic: \w+", "", text), encoding="utf-8")
    assert store_cli("inventory", "import", str(tmp_path)).exit_code == 0
    found = {d["name"]: d.get("domestic") for d in store_cli("inventory", "list", "devices", "--json").json()}
    assert len(stated) > 600
    assert {n: (v, found[n]) for n, v in stated.items() if found[n] != v} == {}


def test_classify_device_names_kind_and_verdict_by_the_vocabulary(store_cli: Cli, tmp_path: Path) -> None:
    # The one-line explanation gives each key with the vocabulary's Chinese word (未判定, not a second word 未知), in
    # the one style of every cell, `中文 word`.
    ledger = tmp_path / "devices.csv"
    ledger.write_text("name,kind,vendor\nemon-1,env_monitor,\ndc-1,dc_power,Huawei\n", encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    emon = store_cli("classify", "device", "emon-1").stdout.splitlines()[0]
    assert "emon-1: 未判定 unknown" in emon and "kind 动环监控 env_monitor" in emon
    dc = store_cli("classify", "device", "dc-1").stdout.splitlines()[0]
    assert "dc-1: 国产 domestic" in dc and "kind 通信电源 dc_power" in dc


def test_classify_device_judges_a_server_by_the_server_policy(store_cli: Cli, tmp_path: Path) -> None:
    # A domestic maker's server on a foreign CPU and OS is foreign (policy: CPU and OS), as stored and
    # counted by the reports; the explanation said domestic by its maker, and to rescan.
    ledger = tmp_path / "devices.csv"
    ledger.write_text(LEDGER.splitlines()[0] + "\nsrv-5,server,Inspur,NF5270M4,GenuineIntel,Intel(R) Xeon(R) E5-2620,"
                      "CentOS,7.9\n", encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    shown = store_cli("classify", "device", "srv-5", "--json").json()
    assert shown["stored"]["domestic"] == "foreign"
    record = shown["classification"]
    assert shown["domestic"] == "foreign" and record["verdict"] == "foreign" and record["policy"] == ["cpu", "os"]
    assert {e["field"].split()[-1] for d in ("cpu", "os") for e in record[d]["evidence"]} == {"cpu", "os"}
    assert record["vendor"]["verdict"] == "domestic"
    # One rule for every command: ``domestic`` is the verdict word (the record, where shown, is ``classification``).
    entity = store_cli("inventory", "show", "srv-5", "--json").json()["entity"]
    assert entity["domestic"] == "foreign"
    listed = {r["name"]: r for r in store_cli("inventory", "list", "devices", "--json").json()}
    assert listed["srv-5"]["domestic"] == "foreign"
    text = store_cli("classify", "device", "srv-5").stdout
    assert "srv-5: 非国产 foreign" in text and "note:" not in text
    assert "policy: CPU, 操作系统 os decide (not: 厂商 vendor 国产 domestic" in text, text


def test_classify_device_judges_a_ledger_s_maker_as_the_import_did(store_cli: Cli, tmp_path: Path) -> None:
    # A maker by its Chinese name (新华三): the import judged it by the ledger's words (the catalogue's name_zh), the
    # explanation by the vendor column alone said unknown, and to rescan.
    # With the vendor in the server policy the server's verdict hung on it too.
    (store_cli.home / "config.toml").write_text('[server_policy]\nrequire = ["vendor", "cpu", "os"]\n',
                                                 encoding="utf-8")
    ledger = tmp_path / "devices.csv"
    ledger.write_text(LEDGER.splitlines()[0] + "\nsw-9,switch,新华三,S5560X,,,,\n"
                      "srv-9,server,华为,TaiShan 200,HiSilicon,Kunpeng 920,Kylin,V10\n", encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    for name in ("sw-9", "srv-9"):
        shown = store_cli("classify", "device", name, "--json").json()
        assert shown["stored"]["domestic"] == "domestic", shown
        assert shown["domestic"] == "domestic" and shown["classification"]["verdict"] == "domestic", shown
        assert shown["catalogue_vendor"]["domestic"] is True
        assert "note:" not in store_cli("classify", "device", name).stdout


def test_classify_device_names_what_a_bare_ledger_server_lacks(store_cli: Cli, tmp_path: Path) -> None:
    # A server whose ledger row declares no CPU and no OS showed an empty evidence table: it now names the facts the
    # policy needs, the ledger columns that declare them and the scan that observes them, in text and in --json.
    ledger = tmp_path / "devices.csv"
    ledger.write_text(LEDGER.splitlines()[0] + "\nsrv-7,server,Dell,R740,,,,\nsrv-8,server,,,,,Kylin,V10\n",
                      encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0
    shown = store_cli("classify", "device", "srv-7", "--json").json()
    assert shown["domestic"] == "unknown"
    assert [(m["dimension"], m["ledger_columns"], m["needs"]) for m in shown["missing"]] == [
        ("cpu", ["cpu_vendor", "cpu_model"], "mgmt_ip"), ("os", ["os", "os_version"], "mgmt_ip")]
    assert {m["command"] for m in shown["missing"]} == {"govops discover servers --limit srv-7 --save"}
    zh = store_cli("classify", "device", "srv-7").stdout
    assert "未申报也未采集" in zh and "CPU型号 cpu_model" in zh and "系统版本 os_version" in zh and "操作系统 os" in zh
    assert "govops discover servers --limit srv-7 --save" in zh and "管理IP" in zh and "依据 evidence" not in zh
    en = store_cli("classify", "device", "srv-7", "--lang", "en").stdout
    # --lang sets the notes' language; the words (dimension, ledger columns) are in both, as every table's cells.
    assert "neither declared nor observed" in en and "CPU型号 cpu_model" in en and "Management IP" in en
    # The OS declared: only the CPU is missing, and the OS's evidence is shown.
    half = store_cli("classify", "device", "srv-8", "--json").json()
    assert [m["dimension"] for m in half["missing"]] == ["cpu"]
    text = store_cli("classify", "device", "srv-8", "--lang", "en").stdout
    missing = text.partition("neither declared nor observed")[2]  # the table of what is missing (not the policy line)
    assert "依据 evidence" in text and "操作系统 os" not in missing and "CPU厂商 cpu_vendor" in missing


def test_reimport_gives_a_verdict_the_catalogue_learnt_since(store_cli: Cli, tmp_path: Path) -> None:
    """An `unknown` verdict is not frozen: re-importing the same ledger after the catalogue learnt the maker (here a
    user catalogue row; new aliases in a release alike) classifies the unchanged device again, with its history."""
    ledger = tmp_path / "devices.csv"
    ledger.write_text("name,kind,vendor,model\nsw-7,switch,Zhixin Netcom,ZX-48\nsw-8,switch,Nobody Knows,N-1\n",
                      encoding="utf-8")
    assert store_cli("inventory", "import", str(ledger)).exit_code == 0

    def verdict(name: str) -> str:
        return str(json.loads(store_cli("classify", "device", name, "--json").stdout)["stored"]["domestic"])

    assert (verdict("sw-7"), verdict("sw-8")) == ("unknown", "unknown")
    catalog = store_cli.home / "catalog"
    catalog.mkdir()
    (catalog / "mine.yaml").write_text(
        "vendors:\n  - {id: zhixin-test, name: Zhixin Netcom, aliases: [Zhixin Netcom], country: CN, domestic: true,"
        " source: procurement contract 2026-3}\n", encoding="utf-8")  # fmt: skip
    forget_catalogue()  # each govops command is a process of its own: it reads the catalogue afresh
    try:
        again = store_cli("inventory", "import", str(ledger), "--json")
        assert again.exit_code == 0, again.stderr
        assert (verdict("sw-7"), verdict("sw-8")) == ("domestic", "unknown")
        assert again.json()["history_entries"] == 1  # sw-7's domestic: unknown -> domestic
        # And once known, a further re-import changes nothing.
        assert store_cli("inventory", "import", str(ledger), "--json").json()["history_entries"] == 0
    finally:
        forget_catalogue()


def forget_catalogue() -> None:
    """Drop this process's loaded catalogue and the ledger verdicts computed from it."""
    from govops.catalog import declared, server_config, vendors

    vendors.default_vendors.cache_clear()
    server_config.default_catalog.cache_clear()
    declared._cached.cache_clear()


VENDOR_WORDS = [
    ["name", "kind", "vendor", "model"],
    ["sw-a", "switch", "H3C", "S5560X"],
    ["sw-b", "switch", "华为", "S5735"],
    ["sw-c", "switch", "New H3C Technologies", "S6520"],
    ["sw-d", "switch", "Acme Widgets", "AW-1"],
    ["sw-e", "switch", "华为技术有限公司", "S5735"],  # the maker's name inside a company name, as ledgers write it
]


def _ledger(tmp_path: Path, form: str) -> Path:
    if form == "csv":
        path = tmp_path / "devices.csv"
        path.write_text("".join(",".join(r) + "\n" for r in VENDOR_WORDS), encoding="utf-8")
        return path
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "devices"
    for r in VENDOR_WORDS:
        ws.append(r)
    path = tmp_path / "devices.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_declared_vendor_is_stored_as_the_catalogues_word(store_cli: Cli, tmp_path: Path, form: str) -> None:
    """The word a scan stores for the maker (one per maker); the classification quotes the ledger; an unknown
    word is stored as written and the import says so."""
    ledger = _ledger(tmp_path, form)
    res = store_cli("inventory", "import", str(ledger), "--json")
    assert res.exit_code == 0, res.stderr
    out = res.json()
    engine = make_engine(store_cli.db_url)
    with Session(engine) as s:
        rows = {d.name: d for d in s.scalars(select(Device))}
    engine.dispose()
    assert {n: d.vendor for n, d in rows.items()} == {
        "sw-a": "New H3C Technologies", "sw-b": "Huawei Technologies", "sw-c": "New H3C Technologies",
        "sw-d": "Acme Widgets", "sw-e": "Huawei Technologies",
    }  # fmt: skip
    # The 国产 verdicts as before, their evidence in the ledger's words.
    assert {n: d.domestic for n, d in rows.items()} == {
        "sw-a": "domestic", "sw-b": "domestic", "sw-c": "domestic", "sw-d": "unknown", "sw-e": "domestic",
    }  # fmt: skip
    assert (rows["sw-a"].classification or {})["vendor"]["evidence"][0]["value"] == "H3C"
    assert (rows["sw-b"].classification or {})["vendor"]["evidence"][0]["value"] == "华为"
    assert (rows["sw-e"].classification or {})["vendor"]["evidence"][0]["value"] == "华为技术有限公司"
    assert not [n for n in out["notes"] if "华为" in n]
    unknown = [n for n in out["notes"] if "Acme Widgets" in n]
    assert len(unknown) == 1 and "not a maker name the vendor catalogue holds: stored as written" in unknown[0]
    assert re.search(r"vendor '?H3C'? \(1 row\) stored as '?New H3C Technologies'?", " ".join(out["explained"]))
    # The ledger imported again changes nothing: its words already name the stored ones.
    again = store_cli("inventory", "import", str(ledger), "--json").json()
    assert again["history_entries"] == 0 and not again["changes"]
