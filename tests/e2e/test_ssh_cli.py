"""The SSH commands end to end through the CLI: discover --save, config show/diff, parse --save."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from govops.cli.lab_ssh import STOP_GRACE_S
from govops.lab.sshsim import SimDevice, default_hostname, transcripts_for
from govops.platforms.registry import get_platform
from govops.store.db import make_engine, session_scope
from govops.store.models import Device
from tests.conftest import Cli, CliResult
from tests.storetools import store_bytes

pytestmark = pytest.mark.e2e

PASSWORD = "Cli-S3cret-Pass#9"
# How long `govops lab ssh` may take to stop on Ctrl-C: well under a second. It hung twice in CI while its main thread
# waited untimed and the kernel gave SIGINT to the server thread (fixed: ``lab.process.wait_until_set``); a hang now
# fails here with the server's stderr.
STOP_TIMEOUT_S = 45
SECRETS = (PASSWORD, "n@Tq8M3&5d!sLx0V", "Zq8#R1l7uB", "2Xq1kcUu7R1nJ0k3h0Lr", "Zg5R1b+Xl8oX2n7w")


@pytest.fixture
def devices(sshsim: Any, tmp_path: Path) -> dict[str, Any]:
    huawei = tmp_path / "huawei"
    shutil.copytree(transcripts_for("huawei_vrp"), huawei)
    ports = {
        "huawei": sshsim.add(
            SimDevice(get_platform("huawei_vrp"), huawei, hostname=default_hostname(huawei), password=PASSWORD)
        ),
        "h3c": sshsim.add(
            SimDevice(
                get_platform("hp_comware"),
                transcripts_for("hp_comware"),
                hostname="HZ-DSJ-S6520X-01",
                password=PASSWORD,
            )
        ),
    }
    return {"ports": ports, "huawei_dir": huawei}


def _discover(cli: Cli, ports: dict[str, int], *extra: str) -> CliResult:
    targets = [f"127.0.0.1:{p}" for p in ports.values()]
    return cli("discover", "ssh", *targets, "-u", "netops", "--password-env", "LAB_SSH_PW", "--accept-new-host-key",
               *extra)


def test_discover_save_then_config_versions_and_diff(
    store_cli: Cli, devices: dict[str, Any], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("LAB_SSH_PW", PASSWORD)
    first = _discover(store_cli, devices["ports"], "--save", "--json")
    assert first.exit_code == 0, first.stderr
    data = first.json()["devices"]
    assert {d["facts"]["hostname"] for d in data} == {"GZ-ZWW-S5720-01", "HZ-DSJ-S6520X-01"}
    assert all(d["saved"]["created"] and d["saved"]["config_stored"] for d in data)

    again = _discover(store_cli, devices["ports"], "--save", "--json")
    assert [d["saved"]["config_stored"] for d in again.json()["devices"]] == [False, False]  # unchanged: no new version

    cfg = devices["huawei_dir"] / "display_current-configuration.raw"
    text = cfg.read_text().replace("telnet server enable\n", "undo telnet server enable\n")
    cfg.write_text(text.replace("protocol inbound all", "protocol inbound ssh"))
    third = _discover(store_cli, devices["ports"], "--save", "--json")
    assert [d["saved"]["config_stored"] for d in third.json()["devices"]] == [True, False]

    versions = store_cli("config", "versions", "GZ-ZWW-S5720-01", "--json")
    assert len(versions.json()) == 2
    diff = store_cli("config", "diff", "GZ-ZWW-S5720-01")
    assert diff.exit_code == 0, diff.stderr
    assert "-telnet server enable" in diff.stdout and "+undo telnet server enable" in diff.stdout
    single = store_cli("config", "diff", "HZ-DSJ-S6520X-01")  # its configuration never changed: one version
    assert single.exit_code == 0 and "one version only" in single.stdout, single.stdout
    shown = store_cli("config", "show", "GZ-ZWW-S5720-01")
    assert "undo telnet server enable" in shown.stdout and "<masked>" in shown.stdout
    old = store_cli("config", "show", "GZ-ZWW-S5720-01", "--at", versions.json()[0]["taken_at"])
    assert "\ntelnet server enable" in old.stdout

    # The nightly `govops audit` re-evaluates the stored configurations and reports their findings.
    nightly = store_cli("audit", "--format", "json")
    assert nightly.exit_code == 1, nightly.stderr
    rules = {f["rule"] for f in nightly.json()["findings"] if f["source"] == "config_audit"}
    assert "hp_comware.telnet_enabled" in rules and "huawei_vrp.telnet_enabled" not in rules
    detail = store_cli("audit", "config", "--json")
    assert detail.exit_code == 1 and detail.json()["summary"]["devices"] == 2
    # Checks that give 等保 evidence name the host rule and its clause (telnet: remote management in clear).
    telnet = [f for f in detail.json()["findings"] if f["rule"].endswith(".telnet_enabled")]
    assert telnet and all(f["dengbao"] == "cleartext_remote_management" and f["clause"] == "8.1.4.1 c)"
                          for f in telnet)

    # Again without targets: every stored device with SSH access (credentials by reference).
    stored = store_cli("discover", "ssh", "--json", "--accept-new-host-key")
    assert stored.exit_code == 0, stored.stderr
    assert {d["target"] for d in stored.json()["devices"]} == {"GZ-ZWW-S5720-01", "HZ-DSJ-S6520X-01"}

    # The store runs in WAL mode: read the database and its write-ahead log.
    db = store_bytes(store_cli.db_url)
    for secret in SECRETS:
        assert secret.encode() not in db, secret
        assert secret not in first.stdout + first.stderr + caplog.text
    assert b'"env": "LAB_SSH_PW"' in db  # the reference, not the value


def test_device_option_logs_into_the_chosen_store_devices_with_their_stored_access(
    store_cli: Cli, devices: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: `discover ssh` had no --device; one store device could not be read with its stored access alone.
    It selects as `discover snmp --device` does (one function): a name, or an address naming every device there."""
    monkeypatch.setenv("LAB_SSH_PW", PASSWORD)
    assert _discover(store_cli, devices["ports"], "--save").exit_code == 0  # both stored, with their SSH access
    with session_scope(make_engine(store_cli.db_url)) as s:
        s.add(Device(name="no-ssh-sw", kind="switch", mgmt_ip="10.99.0.9"))
        s.add(Device(name="db-01", kind="server", mgmt_ip="10.99.0.10", ssh={"username": "ops", "key_file": "/k"}))
    one = store_cli("discover", "ssh", "--device", "GZ-ZWW-S5720-01", "--json", "--save")
    assert one.exit_code == 0, one.stderr
    (dev,) = one.json()["devices"]
    assert dev["target"] == "GZ-ZWW-S5720-01" and dev["port"] == devices["ports"]["huawei"]
    assert dev["saved"]["created"] is False  # matched to its own row by name, as a run without TARGET is
    by_address = store_cli("discover", "ssh", "--device", "127.0.0.1", "--json")
    assert by_address.exit_code == 0, by_address.stderr
    assert [d["target"] for d in by_address.json()["devices"]] == ["GZ-ZWW-S5720-01", "HZ-DSJ-S6520X-01"]
    # Refused before any login, naming the pick or the device.
    unknown = store_cli("discover", "ssh", "--device", "nosuch-sw")
    assert unknown.exit_code == 2 and "--device 'nosuch-sw': no store device has this name" in unknown.stderr
    no_ssh = store_cli("discover", "ssh", "--device", "no-ssh-sw")
    assert no_ssh.exit_code == 2 and "device no-ssh-sw has no SSH access stored" in no_ssh.stderr, no_ssh.stderr
    server = store_cli("discover", "ssh", "--device", "db-01")
    assert server.exit_code == 2 and "device db-01 is no network device" in server.stderr, server.stderr
    # The options set a TARGET's access: with --device alone they are refused, and the hint says who is asked.
    refused = store_cli("discover", "ssh", "--device", "GZ-ZWW-S5720-01", "-u", "admin")
    assert refused.exit_code == 2 and "--username given without a TARGET" in refused.stderr
    assert "only the store devices --device chooses (GZ-ZWW-S5720-01) are asked" in refused.stderr.replace("\n", " ")


def test_an_explicit_target_that_fails_on_a_store_device_with_ssh_access_says_where_that_access_is_used(
    store_cli: Cli, devices: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the line said only 'authentication failed', nothing that the store's access is used only by --device or
    a run without TARGET. The hint is `discover snmp`'s (one function): the address and port, the address on another
    port, or the device's name; the store only, no DNS. The credentials used stay the options' (which fail here)."""
    monkeypatch.setenv("LAB_SSH_PW", PASSWORD)
    assert _discover(store_cli, devices["ports"], "--save").exit_code == 0  # both stored, with their SSH access
    with session_scope(make_engine(store_cli.db_url)) as s:
        s.add(Device(name="LocalHost", kind="switch", mgmt_ip="10.99.0.1", platform="huawei_vrp",
                     ssh={"username": "netops", "password": {"env": "LAB_SSH_PW"}}))
    monkeypatch.setenv("LAB_SSH_PW", "not-the-password")
    huawei = devices["ports"]["huawei"]

    def line(target: str) -> str:
        res = store_cli("discover", "ssh", target, "-u", "netops", "--password-env", "LAB_SSH_PW",
                        "--accept-new-host-key", "--timeout", "5")
        assert res.exit_code == 1, res.stderr
        (found,) = [ln for ln in res.stderr.splitlines() if ln.startswith(f"target {target}:")]
        return found

    same = line(f"127.0.0.1:{huawei}")
    assert "authentication failed" in same
    assert same.endswith("; hint: store device GZ-ZWW-S5720-01 has its own SSH access, which TARGET does not use: "
                         "`govops discover ssh --device GZ-ZWW-S5720-01`"), same
    # The plain address (port 22) names both devices there with their ports, picked together by the address.
    ports = devices["ports"]
    assert line("127.0.0.1").endswith(
        f"; hint: store devices GZ-ZWW-S5720-01 (port {ports['huawei']}), HZ-DSJ-S6520X-01 (port {ports['h3c']}) at "
        "this address answer SSH with their own access, which TARGET does not use: "
        "`govops discover ssh --device 127.0.0.1`")
    # A host name is matched to the store's device names only (case aside); 'localhost' is read from /etc/hosts.
    assert line(f"localhost:{huawei}").endswith(
        "; hint: store device LocalHost has its own SSH access, which TARGET does not use: "
        "`govops discover ssh --device LocalHost`")
    # Another address gets no hint.
    assert "hint:" not in line(f"127.0.0.9:{huawei}")


def test_wrong_password_other_device_continues_exit_1(
    store_cli: Cli, devices: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAB_SSH_PW", "not-the-password")
    res = _discover(store_cli, devices["ports"])
    assert res.exit_code == 1
    assert "authentication failed" in res.stderr
    assert "not-the-password" not in res.stdout + res.stderr


def test_unknown_device_in_config_show_is_named(store_cli: Cli) -> None:
    res = store_cli("config", "show", "no-such-switch")
    assert res.exit_code == 2
    assert "no device named 'no-such-switch'" in res.stderr


def test_missing_password_variable_is_a_clear_error(cli: Cli) -> None:
    res = cli("discover", "ssh", "127.0.0.1:1", "-u", "netops", "--password-env", "GOVOPS_NOT_SET_VAR")
    assert res.exit_code == 2
    assert "GOVOPS_NOT_SET_VAR is not set" in res.stderr


def test_parse_save_turns_field_captures_into_inventory(store_cli: Cli, tmp_path: Path) -> None:
    esn = tmp_path / "esn.txt"
    esn.write_bytes("<GZ-XQ-S5720>display esn\r\nESN of slot 0: 021TRJ10H1000999\r\n<GZ-XQ-S5720>".encode("gbk"))
    res = store_cli(
        "parse", "-p", "huawei_vrp", "-c", "display esn", str(esn), "--save", "--device", "xq-sw-01", "--json"
    )
    assert res.exit_code == 0, res.stderr
    assert res.json()["files"][0]["records"] == [{"slot": "0", "esn": "021TRJ10H1000999"}]
    assert res.json()["saved"]["created"] is True
    again = store_cli("parse", "-p", "huawei_vrp", "-c", "display esn", str(esn), "--save", "--device", "xq-sw-01")
    assert "updated device xq-sw-01" in again.stdout


def test_parse_save_says_what_the_store_kept_of_a_fact_not_captured(store_cli: Cli, tmp_path: Path) -> None:
    # Before, text mode said only "updated device sw-lldp" (--json said what was kept).
    lldp = tmp_path / "lldp.txt"
    lldp.write_text("GigabitEthernet0/0/1 has 1 neighbors:\n\nNeighbor index : 1\nChassis type :macAddress\n"
                    "Chassis ID :70fd-45a1-0b20\nPort ID type :interfaceName\nPort ID :GigabitEthernet1/0/5\n"
                    "System name :HJ-CORE-01\n")
    esn = tmp_path / "esn.txt"
    esn.write_text("ESN of slot 0: 021TRJ10H1000999\n")
    first = store_cli("parse", "-p", "huawei_vrp", "-c", "display lldp neighbor", str(lldp), "--save", "--device",
                      "sw-lldp")
    assert first.exit_code == 0 and "created device sw-lldp" in first.stdout, first.stderr
    args = ("parse", "-p", "huawei_vrp", "-c", "display esn", str(esn), "--save", "--device", "sw-lldp")
    res = store_cli(*args)
    assert res.exit_code == 0, res.stderr
    assert "updated device sw-lldp" in res.stdout
    # The line discover ssh --save writes for a fact it did not read, ending in the store's words; only the fact the
    # store kept something of (interfaces were never stored: nothing to say of them).
    assert res.stderr.splitlines() == [
        "target sw-lldp: partial: lldp not read: 'display lldp neighbor' not captured; stored rows kept"]
    again = store_cli(*args, "--json")
    assert again.json()["saved"]["kept"] == {"lldp": "stored rows kept"}
    shown = store_cli("inventory", "show", "sw-lldp", "--json")
    assert shown.exit_code == 0 and shown.json()["tables"]["neighbors"]["rows"] == 1, shown.stdout


def test_parse_bad_inputs(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "rejected.txt"
    bad.write_text("<sw>display esn\nError: Unrecognized command found at '^' position.\n<sw>")
    res = cli("parse", "-p", "huawei_vrp", "-c", "display esn", str(bad))
    assert res.exit_code == 2 and "rejected" in res.stderr and str(bad) in res.stderr
    res = cli("parse", "-p", "huawei_vrpp", "-c", "display esn", str(bad))
    assert res.exit_code == 2 and "did you mean 'huawei_vrp'" in res.stderr
    res = cli("parse", "-p", "zte_zxros", "-c", "show lldp neighbor", str(bad))
    assert res.exit_code == 2 and "no template" in res.stderr
    res = cli("parse", "-p", "huawei_vrp", "-c", "display esn", str(tmp_path / "missing.txt"))
    assert res.exit_code == 2 and "missing.txt" in res.stderr
    res = cli("parse", "-p", "huawei_vrp", "-c", "display esn", str(bad), "--save")
    assert res.exit_code == 2 and "--device" in res.stderr


def test_govops_lab_ssh_serves_a_device_for_discovery(
    cli: Cli, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "GOVOPS_HOME": str(home), "LAB_PW": PASSWORD}
    cmd = [sys.executable, "-c", "from govops.cli.main import entry; entry()", "lab", "ssh", "-p", "hp_comware",
           "--password-env", "LAB_PW", "--prompt-prefix", "RBM_P"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        err = proc.stderr.read() if proc.poll() is not None and proc.stderr else ""
        assert "listening on 127.0.0.1:" in line, (line, err)
        port = line.split("127.0.0.1:")[1].split()[0]
        monkeypatch.setenv("LAB_SSH_PW", PASSWORD)
        res = cli(
            "discover",
            "ssh",
            f"127.0.0.1:{port}",
            "-p",
            "hp_comware",
            "-u",
            "netops",
            "--password-env",
            "LAB_SSH_PW",
            "--no-config",
            "--accept-new-host-key",
            "--json",
        )
        assert res.exit_code == 0, res.stderr
        (dev,) = res.json()["devices"]
        assert dev["facts"]["hostname"] == "HZ-DSJ-S6520X-01"
    finally:
        # A hang fails, with what the server said.
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
            pytest.fail(f"govops lab ssh did not stop on Ctrl-C within {STOP_TIMEOUT_S} s; its stderr: {err[-2000:]!r}")
    # Ctrl-C is acknowledged on stderr at once and the process ends whatever closing does: a stop that hangs past
    # STOP_GRACE_S (< STOP_TIMEOUT_S) ends the process with every thread's stack on stderr.
    out, err = proc.communicate()
    assert "stopping" in err and out.rstrip().endswith("stopped") and proc.returncode == 0, (out, err)
    assert STOP_GRACE_S < STOP_TIMEOUT_S
