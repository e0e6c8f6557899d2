"""The server catalogue as data: ids sorted and unique, every row sourced, keys well formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from govops.catalog.loader import DATA_DIR
from govops.catalog.record import check_record
from govops.catalog.server_config import default_catalog, load_catalog, load_policy
from govops.catalog.servers import (
    DEFAULT_POLICY,
    CpuRow,
    OsRow,
    ServerPolicy,
    ServerTexts,
    SoftwareSeen,
    classify_server,
    plain_rows,
)
from govops.errors import CatalogError, InputError

CAT = default_catalog()

TABLES = {"cpus": "cpus.yaml", "os": "os.yaml", "software": "software.yaml"}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_ids_sorted_unique_and_sourced(table: str) -> None:
    rows = yaml.safe_load((DATA_DIR / TABLES[table]).read_text())[table]
    ids = [r["id"] for r in rows]
    assert ids == sorted(ids), f"{table}: ids not sorted"
    assert len(ids) == len(set(ids))
    for row in rows:
        assert str(row.get("source", "")).strip(), f"{table}:{row['id']} has no source"


def test_catalog_loads_typed_rows() -> None:
    cat = load_catalog()
    assert all(isinstance(r, CpuRow) for r in cat.cpus)
    assert {"hisilicon-kunpeng-920", "hygon-c86", "zhaoxin-shanghai", "loongson-loongarch"} <= {r.id for r in cat.cpus}
    assert {"kylin", "uos", "openeuler", "centos", "ubuntu"} <= {r.id for r in cat.os}
    assert {"dameng", "kingbase", "oracle-db", "tongweb", "weblogic"} <= {r.id for r in cat.software}


def test_arm_keys_are_hex() -> None:
    for row in load_catalog().cpus:
        for value in (row.implementer, *row.parts):
            if value is not None:
                assert re.fullmatch(r"0x[0-9a-f]+", value), (row.id, value)


def test_os_ids_unique_across_rows_except_platform_editions() -> None:
    seen: dict[str, str] = {}
    for row in load_catalog().os:
        for os_id in row.ids:
            if os_id in seen and not row.platform_ids:
                pytest.fail(f"os-release ID {os_id!r} in {seen[os_id]} and {row.id} without a PLATFORM_ID to tell")
            seen.setdefault(os_id, row.id)


def test_user_row_replaces_builtin_and_bad_row_names_file_line(tmp_path: Path) -> None:
    good = tmp_path / "mine.yaml"
    good.write_text("os:\n  - id: centos\n    name: CentOS (treated as domestic here)\n    vendor: x\n"
                    "    ids: [centos]\n    domestic: true\n    source: local decision\n")
    cat = load_catalog(extra=[good])
    assert next(r for r in cat.os if r.id == "centos").domestic is True
    bad = tmp_path / "bad.yaml"
    bad.write_text("cpus:\n  - id: x\n    vendr: y\n")
    with pytest.raises(CatalogError, match=r"(?s)bad.yaml:3.*did you mean `vendor`"):
        load_catalog(extra=[bad])


# ----------------------------------------------------------------------------- bad input and policy

KYLIN = 'NAME="Kylin Linux Advanced Server"\nID="kylin"\nVERSION_ID="V10"\n'
KUNPENG = "processor\t: 0\nCPU implementer\t: 0x48\nCPU part\t: 0xd01\n"


def test_missing_os_release_is_unknown_with_evidence() -> None:
    result = classify_server(ServerTexts(cpu_texts={"c": KUNPENG}), catalog=CAT)
    assert result.os.verdict.verdict == "unknown"
    assert result.os.verdict.evidence[0].value == "missing"
    assert result.verdict == "unknown"


def test_empty_os_release_is_unknown_with_evidence() -> None:
    result = classify_server(ServerTexts(os_release="  \n", cpu_texts={"c": KUNPENG}), catalog=CAT)
    assert result.os.verdict.evidence[0].value == "empty"
    assert result.verdict == "unknown"


def test_unknown_distribution_is_unknown_naming_its_id() -> None:
    text = 'NAME="Nobody Knows OS"\nID=nobodyknows\nVERSION_ID=1\n'
    result = classify_server(ServerTexts(os_release=text), catalog=CAT)
    assert result.os.verdict.verdict == "unknown"
    assert result.os.id == "nobodyknows"
    assert result.os.verdict.evidence[0].value == "nobodyknows"


def test_truncated_cpuinfo_is_unknown_with_evidence() -> None:
    texts = ServerTexts(os_release=KYLIN, cpu_texts={"c": "processor\t: 0\nBogoMIPS\t: 20"})
    result = classify_server(texts, catalog=CAT)
    assert result.cpu.verdict.verdict == "unknown"
    assert "truncated" in result.cpu.verdict.evidence[0].rule
    assert result.os.verdict.verdict == "domestic"
    assert result.verdict == "unknown"


def test_default_policy_needs_domestic_cpu_and_os() -> None:
    assert DEFAULT_POLICY.require == ("cpu", "os")
    both = classify_server(ServerTexts(os_release=KYLIN, cpu_texts={"c": KUNPENG}), catalog=CAT)
    assert both.verdict == "domestic"
    centos = ServerTexts(os_release='ID="centos"\nVERSION_ID="7"\n', cpu_texts={"c": KUNPENG})
    assert classify_server(centos, catalog=CAT).verdict == "foreign"
    assert classify_server(centos, policy=ServerPolicy(require=("cpu",)), catalog=CAT).verdict == "domestic"


def test_policy_file(tmp_path: Path) -> None:
    p = tmp_path / "policy.yaml"
    p.write_text("server_policy:\n  require: [cpu, os, software]\n")
    policy = load_policy(p)
    assert policy.require == ("cpu", "os", "software")
    texts = ServerTexts(os_release=KYLIN, cpu_texts={"c": KUNPENG},
                        software=(SoftwareSeen("process", "ora_pmon_ORCL"),))
    assert classify_server(texts, policy=policy, catalog=CAT).verdict == "foreign"
    p.write_text("server_policy:\n  require: [cpu, oss]\n")
    with pytest.raises(InputError, match=r"(?s)policy.yaml:2.*did you mean `os`"):
        load_policy(p)


def test_software_findings() -> None:
    seen = (SoftwareSeen("process", "dmserver"), SoftwareSeen("cmdline", "java -cp x com.tongweb.server.Main"),
            SoftwareSeen("package", "mysql-community-server"), SoftwareSeen("path", "/opt/Kingbase"))
    result = classify_server(ServerTexts(os_release=KYLIN, software=seen), catalog=CAT)
    assert [(s.id, s.domestic) for s in result.software] == [
        ("dameng", True), ("kingbase", True), ("mysql", False), ("tongweb", True)]
    assert result.software_verdict.verdict == "foreign"
    doc = check_record(result.to_dict("ansible"), "test")  # the one record shape
    assert set(doc) == {"verdict", "source", "policy", "vendor", "cpu", "os", "software"}
    assert set(doc["cpu"]) == {"verdict", "subject", "evidence", "source", "vendor", "model", "arch"}
    assert set(doc["os"]) == {"verdict", "subject", "evidence", "source", "id", "name", "version"}
    assert doc["software"]["verdict"] == "foreign"
    assert [(i["id"], i["verdict"]) for i in doc["software"]["items"]][:2] == [
        ("dameng", "domestic"), ("kingbase", "domestic")]


def test_plain_rows_equal_the_schema_checked_rows() -> None:
    """The host agent's zipapp builds the rows without the schema: the same rows on the built-in tables."""
    cat = load_catalog()
    for table, cls, typed in (("cpus", CpuRow, cat.cpus), ("os", OsRow, cat.os)):
        rows = yaml.safe_load((DATA_DIR / TABLES[table]).read_text())[table]
        assert plain_rows(cls, rows) == typed, table


def test_server_hardware_vendors_resolve_in_the_shared_vendor_table() -> None:
    """DMI sys_vendor strings of common servers find their row in vendors.yaml."""
    from govops.catalog.servers import classify_hardware

    cat = load_catalog()
    expected = {"Huawei": "huawei", "Dell Inc.": "dell", "HPE": "hpe", "Inspur": "inspur", "Lenovo": "lenovo",
                "Sugon": "sugon", "xFusion": "xfusion", "Supermicro": "supermicro", "H3C": "h3c"}
    for dmi, vendor_id in expected.items():
        assert classify_hardware({"sys_vendor": dmi}, cat).row_id == vendor_id, dmi
    vm = classify_hardware({"sys_vendor": "QEMU", "product_name": "Standard PC (Q35 + ICH9, 2009)"}, cat)
    assert vm.verdict.verdict == "unknown" and vm.product == "Standard PC (Q35 + ICH9, 2009)"
    assert classify_hardware({}, cat).verdict.evidence[0].value == "missing"
    blank = classify_hardware({"sys_vendor": "Inspur", "product_name": "System Product Name",
                               "product_serial": "System Serial Number"}, cat)
    assert (blank.row_id, blank.product, blank.serial) == ("inspur", None, None)
    # A fill pattern is no serial either (two servers with it would be one by serial); a product name is not judged so.
    filled_dmi = {"sys_vendor": "Inspur", "product_name": "NF5280M6", "product_serial": "XXXXXXXXXX"}
    filled = classify_hardware(filled_dmi, cat)
    assert (filled.product, filled.serial) == ("NF5280M6", None)
    assert classify_hardware({"sys_vendor": "Inspur", "product_serial": "220123456"}, cat).serial == "220123456"


def test_cpu_match_keys_unique() -> None:
    seen: dict[tuple[object, ...], str] = {}
    for row in load_catalog().cpus:
        key = (tuple(sorted(v.strip().lower() for v in row.vendor_ids)), row.implementer, tuple(sorted(row.parts)),
               tuple(sorted(m.lower() for m in row.model_names)))
        assert key not in seen, f"{row.id} and {seen.get(key)} match the same CPUs"
        seen[key] = row.id
