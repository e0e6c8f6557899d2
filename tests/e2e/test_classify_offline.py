"""`govops classify --os-release FILE ...` offline, from corpus files read in place."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli

KP = "cpu/kunpeng920_hwloc_XA320V2"


def _kylin_os_release(corpus: Path, tmp_path: Path) -> Path:
    doc = json.loads((corpus / "os/kylin_linux_advanced_server_v10.json").read_text())
    path = tmp_path / "os-release"
    path.write_text(doc["input"]["/etc/os-release"])
    return path


def test_json_shape_and_verdict(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    res = cli("classify", "--os-release", str(_kylin_os_release(corpus, tmp_path)),
              "--cpuinfo", str(corpus / KP / "proc_cpuinfo"), "--dmi-dir", str(corpus / KP / "dmi_id"),
              "--kernel", "4.19.90-24.4.v2101.ky10.aarch64", "--json")
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    # The one classification record (govops.catalog.record), source `files`.
    assert set(doc) == {"verdict", "source", "policy", "vendor", "cpu", "os", "software"}
    assert (doc["verdict"], doc["source"]) == ("domestic", "files")
    assert set(doc["cpu"]) == {"verdict", "subject", "evidence", "source", "vendor", "model", "arch"}
    assert (doc["cpu"]["vendor"], doc["cpu"]["arch"], doc["cpu"]["verdict"]) == ("HiSilicon", "aarch64", "domestic")
    assert set(doc["os"]) == {"verdict", "subject", "evidence", "source", "id", "name", "version"}
    assert (doc["os"]["id"], doc["os"]["version"], doc["os"]["verdict"]) == ("kylin", "V10", "domestic")
    assert doc["vendor"]["vendor"] == "Huawei Technologies (华为)" and doc["vendor"]["verdict"] == "domestic"
    assert doc["software"]["items"] == [] and doc["software"]["verdict"] == "unknown"
    rules = [e["rule"] for e in doc["os"]["evidence"]]
    assert "os:kylin kernel suffix 'ky10'" in rules


def test_lscpu_in_chinese_locale(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    osr = tmp_path / "os-release"
    osr.write_text(json.loads((corpus / "os/openeuler_20.03.json").read_text())["input"]["/etc/os-release"])
    res = cli("classify", "--os-release", str(osr), "--lscpu",
              str(corpus / "cpu/text_captures/hygon_c86_7280_lscpu_zh_CN.txt"), "--json")
    doc = res.json()
    assert doc["verdict"] == "domestic"
    assert doc["cpu"]["vendor"] == "Hygon" and doc["os"]["id"] == "openeuler"


def test_table_output_has_bilingual_labels(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    res = cli("classify", "--os-release", str(_kylin_os_release(corpus, tmp_path)),
              "--cpuinfo", str(corpus / "cpu/util-linux_lscpu/x86_64-epyc_7451.proc_cpuinfo"))
    assert res.exit_code == 0
    # Dimensions and verdicts from the vocabulary, in the one style of every cell: `中文 word` (the --json key).
    assert "操作系统 os" in res.stdout and "结论 verdict: 非国产 foreign" in res.stdout
    # The maker's dimension by its name in the record and the reports (`vendor`, 厂商), not its old one (hardware).
    assert "厂商 vendor" in res.stdout and "hardware" not in res.stdout


def test_policy_changes_overall_verdict(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("server_policy:\n  require: [os]\n")
    args = ["classify", "--os-release", str(_kylin_os_release(corpus, tmp_path)),
            "--cpuinfo", str(corpus / "cpu/util-linux_lscpu/x86_64-epyc_7451.proc_cpuinfo"), "--json"]
    assert cli(*args).json()["verdict"] == "foreign"
    assert cli(*args, "--policy", str(policy)).json()["verdict"] == "domestic"


def test_missing_file_is_an_input_error_naming_it(cli: Cli, tmp_path: Path) -> None:
    res = cli("classify", "--os-release", str(tmp_path / "nope"), "--json")
    assert res.exit_code == 2
    assert f"{tmp_path / 'nope'}: os-release file not found" in res.stderr
    assert res.stdout == ""


def test_bad_dmi_dir_and_bad_policy(cli: Cli, tmp_path: Path) -> None:
    osr = tmp_path / "os-release"
    osr.write_text("ID=kylin\n")
    res = cli("classify", "--os-release", str(osr), "--dmi-dir", str(osr))
    assert res.exit_code == 2 and "not a directory" in res.stderr
    bad = tmp_path / "p.yaml"
    bad.write_text("server_policy:\n  require: [cpu, operating_system]\n")
    res = cli("classify", "--os-release", str(osr), "--policy", str(bad))
    assert res.exit_code == 2 and "p.yaml:2" in res.stderr


def test_empty_and_unknown_os_release_give_unknown(cli: Cli, tmp_path: Path) -> None:
    osr = tmp_path / "os-release"
    osr.write_text("")
    doc = cli("classify", "--os-release", str(osr), "--json").json()
    assert doc["verdict"] == "unknown" and doc["os"]["evidence"][0]["value"] == "empty"
    osr.write_text("ID=nobodyknows\nNAME=Nobody\n")
    doc = cli("classify", "--os-release", str(osr), "--json").json()
    assert doc["os"]["verdict"] == "unknown" and doc["os"]["id"] == "nobodyknows"


def test_no_options_shows_help(cli: Cli) -> None:
    res = cli("classify")
    assert "--os-release" in res.stdout


def test_policy_from_config_toml(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    args = ["classify", "--os-release", str(_kylin_os_release(corpus, tmp_path)),
            "--cpuinfo", str(corpus / "cpu/util-linux_lscpu/x86_64-epyc_7451.proc_cpuinfo"), "--json"]
    cli.home.mkdir(parents=True, exist_ok=True)
    (cli.home / "config.toml").write_text('[server_policy]\nrequire = ["os"]\n')
    assert cli(*args).json()["verdict"] == "domestic"
    (cli.home / "config.toml").write_text('[server_policy]\nrequire = ["cpu", "kernel"]\n')
    res = cli(*args)
    assert res.exit_code == 2 and "config.toml [server_policy]" in res.stderr and "kernel" in res.stderr


def test_table_names_the_cpu_maker_once(cli: Cli, tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 5218 CPU\n")
    res = cli("classify", "--cpuinfo", str(cpuinfo))
    assert res.exit_code == 0, res.stderr
    row = next(line for line in res.stdout.splitlines() if line.startswith("│ CPU"))
    assert "│ Intel(R) Xeon(R) Gold 5218 CPU x86_64" in row, row  # not "Intel Intel(R) ..."
