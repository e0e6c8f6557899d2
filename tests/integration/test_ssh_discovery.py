"""SSH discovery end to end: real Netmiko over real SSH to the simulator, every platform and every bad input.

All devices of the module are discovered in ONE run with bounded concurrency, so
the bad ones (wrong password, dropped connection ...) also prove that the other
devices continue.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any, get_args

import pytest

from govops.catalog.vendors import default_vendors
from govops.discovery.ssh import Credential, DiscoveryOptions, SshOutcome, SshTarget, discover
from govops.lab.sshsim import SimDevice, default_hostname, transcripts_for
from govops.platforms.facts import DeviceFacts
from govops.platforms.registry import PLATFORMS, get_platform
from govops.util.failure import FailureKind

pytestmark = pytest.mark.integration

PASSWORD = "S3cr3t-Lab-Pass!"
WRONG = "Wr0ng-Pass-Guess!"
TRANSCRIPT_SECRETS = ("n@Tq8M3&5d!sLx0V", "02050D480809", "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "WHgov#2023")

EXPECTED = {
    "huawei_vrp": ("GZ-ZWW-S5720-01", "S5720-28X-SI-AC", "021TRJ10H1000123"),
    "hp_comware": ("HZ-DSJ-S6520X-01", "S6520X-54QC-EI", "210235A2V8H199000123"),
    "ruijie_os": ("FS-ZWY-S5750-01", "S5750-24GT4SFP-E", "G1NW10R000123"),
    "zte_zxros": ("CS-ZXCTN-6120-01", "6120H-S", "219801234560"),
    "cisco_ios": ("WH-GOV-C2960X-01", "WS-C2960X-48TS-L", "FOC2031X0AB"),
    "cisco_nxos": ("SZ-DC-N9K-01", "C93180YC-EX", "FDO21120ABC"),
    "juniper_junos": ("NJ-EX4300-01", "ex4300-48t", "PE3718420123"),
}


def _device(platform: str, responses: Path | None = None, **options: object) -> SimDevice:
    folder = responses or transcripts_for(platform)
    return SimDevice(
        get_platform(platform),
        folder,
        hostname=default_hostname(folder),
        password=PASSWORD,
        **options,  # type: ignore[arg-type]
    )


def _copy(platform: str, dest: Path) -> Path:
    shutil.copytree(transcripts_for(platform), dest)
    return dest


@pytest.fixture(scope="module")
def lab(sshsim: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("sshlab")
    gbk = _copy("huawei_vrp", tmp / "gbk")
    text = (gbk / "display_interface.raw").read_text()
    (gbk / "display_interface.raw").write_text(text.replace("Description:ZWW-MGMT", "Description:政务外网-管理"))
    rejected = _copy("huawei_vrp", tmp / "rejected")
    (rejected / "display_lldp_neighbor.raw").unlink()
    big = _copy("hp_comware", tmp / "big")
    block = "".join(
        f"interface GigabitEthernet1/0/{i}\n description 政务外网接入-{i}\n port access vlan {i % 4000 + 1}\n#\n"
        for i in range(1, 301)
    )
    config = (big / "display_current-configuration.raw").read_text()
    repeat = (20 * 1024 * 1024) // len(block.encode()) + 1
    (big / "display_current-configuration.raw").write_text(config.replace("#\nreturn", block * repeat + "return"))
    h3c_logs = (
        "%May 27 12:56:22:101 2024 HZ-DSJ-S6520X-01 SHELL/5/SHELL_LOGIN: netops logged in from 10.30.0.5.",
        "%May 27 12:56:23:004 2024 HZ-DSJ-S6520X-01 IFNET/3/PHY_UPDOWN: Ten-GigabitEthernet1/0/2 changed to down.",
    )
    devices: dict[str, SimDevice] = {name: _device(name) for name in PLATFORMS}
    devices |= {
        "wrong-password": _device("cisco_ios"),
        "drops": _device("huawei_vrp", drop_on="display interface"),
        "firewall-hrp": _device("huawei_vrp", prompt_prefix="HRP_M"),
        "h3c-logs": _device("hp_comware", log_lines=h3c_logs),
        "more-left-on": _device("huawei_vrp", ignore_paging_disable=True, page_lines=6),
        "h3c-more-left-on": _device("hp_comware", ignore_paging_disable=True, page_lines=7),
        "gbk": _device("huawei_vrp", gbk, encoding="gbk"),
        "rejected": _device("huawei_vrp", rejected),
        "big-config": _device("hp_comware", big),
        "slow-banner": _device("ruijie_os", delay=0.2, banner="Unauthorised access is prohibited.\n未经授权禁止访问"),
    }
    ports = {name: sshsim.add(dev) for name, dev in devices.items()}
    targets = [
        SshTarget(
            name,
            "127.0.0.1",
            ports[name],
            devices[name].platform.name,
            Credential("netops", WRONG if name == "wrong-password" else PASSWORD),
        )
        for name in devices
    ]
    opts = DiscoveryOptions(known_hosts=tmp / "known_hosts", concurrency=8, command_timeout=60,
                            accept_new_host_key=True)
    log_records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            log_records.append(record)

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        outcomes = {o.target.name: o for o in discover(targets, opts)}
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    # asyncssh's own records come from the simulator (the "device"), not from govops.
    logs = "\n".join(r.getMessage() for r in log_records if not r.name.startswith("asyncssh"))
    return {"outcomes": outcomes, "ports": ports, "logs": logs, "opts": opts, "devices": devices, "big": big}


def _ok(lab: dict[str, Any], name: str) -> SshOutcome:
    outcome: SshOutcome = lab["outcomes"][name]
    assert outcome.ok, outcome.error
    return outcome


def _facts(lab: dict[str, Any], name: str) -> DeviceFacts:
    """The facts of a device the test expects to be read (an outcome without facts fails here)."""
    facts = _ok(lab, name).facts
    assert facts is not None
    return facts


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_platform_is_discovered_over_real_ssh(lab: dict[str, Any], platform: str) -> None:
    outcome = _ok(lab, platform)
    f = outcome.facts
    assert f is not None
    hostname, model, serial = EXPECTED[platform]
    assert (f.hostname, f.model, f.serial) == (hostname, model, serial)
    # The maker as the vendor catalogue names it, as SNMP discovery does (not the CLI platform's short word).
    assert f.vendor == default_vendors().name_for(get_platform(platform).vendor) != get_platform(platform).vendor
    assert f.version and f.interfaces
    assert f.errors == {}
    assert outcome.error is None
    assert outcome.config and len(outcome.config.splitlines()) > 10
    assert "<masked" in outcome.config


def test_topology_and_power_where_shown(lab: dict[str, Any]) -> None:
    huawei = _facts(lab, "huawei_vrp")
    assert [(n.local_port, n.remote_name, n.remote_port) for n in huawei.neighbors] == [
        ("GigabitEthernet0/0/1", "HJ-CORE-01", "GigabitEthernet1/0/5")
    ]
    assert [p.name for p in huawei.power] == ["0/PWR1", "0/PWR2"]
    vlanif = next(i for i in huawei.interfaces if i.name == "Vlanif100")
    assert vlanif.ips == ("10.20.100.11/24",) and vlanif.description == "ZWW-MGMT"
    assert _facts(lab, "juniper_junos").power[0].model == "JPSU-350-AC-AFO"
    assert [(p.name, p.status) for p in _facts(lab, "hp_comware").power] == [("1/1", "Normal"), ("1/2", "Absent")]
    ruijie = _facts(lab, "ruijie_os").neighbors
    assert [(n.local_port, n.remote_name) for n in ruijie] == [("Te0/25", "FS-ZWY-CORE-01"), ("Gi0/2", "FS-ZWY-AP-03")]


def test_wrong_password_is_a_clear_per_device_error(lab: dict[str, Any]) -> None:
    outcome = lab["outcomes"]["wrong-password"]
    assert not outcome.ok
    assert outcome.error_kind == "auth"
    assert "wrong-password" in outcome.error and "authentication failed" in outcome.error


def test_every_failure_is_named_in_the_shared_failure_vocabulary(lab: dict[str, Any]) -> None:
    # One vocabulary for SNMP discovery, SSH discovery and the agents (``util.failure``): before, SSH kept three
    # words of its own (host_key, dropped, rejected) that no other surface knew.
    kinds = {name: o.error_kind for name, o in lab["outcomes"].items() if o.error_kind is not None}
    assert {"auth", "unreachable"} <= set(kinds.values()), kinds
    assert set(kinds.values()) <= set(get_args(FailureKind)), kinds


def test_device_that_stops_mid_output_gives_a_partial_result(lab: dict[str, Any]) -> None:
    outcome = lab["outcomes"]["drops"]
    assert outcome.ok and outcome.partial
    # The session lost midway is ``unreachable``, as a socket error is (before: SSH's own word "dropped").
    assert outcome.error_kind == "unreachable" and "connection dropped" in outcome.error
    assert "display interface" in outcome.error
    assert outcome.facts.serial == "021TRJ10H1000123"
    assert "interfaces" in outcome.facts.errors
    assert outcome.config is None


def test_huawei_firewall_hot_standby_prompt(lab: dict[str, Any]) -> None:
    f = _facts(lab, "firewall-hrp")
    assert f.hostname == "GZ-ZWW-S5720-01"
    assert f.errors == {}


def test_h3c_log_lines_inside_output_are_ignored(lab: dict[str, Any]) -> None:
    f = _facts(lab, "h3c-logs")
    assert f.errors == {}
    assert f.serial == "210235A2V8H199000123"
    assert len(f.interfaces) == 3


@pytest.mark.parametrize("name", ["more-left-on", "h3c-more-left-on"])
def test_more_prompt_left_on_is_paged_through(lab: dict[str, Any], name: str) -> None:
    outcome = _ok(lab, name)
    assert outcome.facts is not None and outcome.facts.errors == {}
    assert "More" not in (outcome.config or "")
    platform = outcome.target.platform
    assert platform is not None and outcome.config is not None
    raw = (transcripts_for(platform) / get_platform(platform).commands[-1].command.replace(" ", "_")).with_suffix(
        ".raw"
    )
    assert len(outcome.config.strip().splitlines()) == len(raw.read_text().strip().splitlines())


def test_gbk_output_is_decoded(lab: dict[str, Any]) -> None:
    f = _facts(lab, "gbk")
    assert next(i for i in f.interfaces if i.name == "Vlanif100").description == "政务外网-管理"


def test_rejected_command_is_reported_and_the_rest_is_read(lab: dict[str, Any]) -> None:
    outcome = _ok(lab, "rejected")
    assert outcome.facts is not None
    assert "Unrecognized command" in outcome.facts.errors["lldp"]
    assert outcome.facts.serial and outcome.facts.interfaces


def test_twenty_megabyte_configuration_is_read_whole(lab: dict[str, Any]) -> None:
    outcome = _ok(lab, "big-config")
    assert outcome.config is not None
    assert len(outcome.config.encode()) > 20 * 1024 * 1024
    assert outcome.config.rstrip().endswith("return")
    assert "<masked" in outcome.config


def test_slow_device_with_banner(lab: dict[str, Any]) -> None:
    assert _facts(lab, "slow-banner").serial == "G1NW10R000123"


def test_no_secret_in_logs_errors_or_results(lab: dict[str, Any]) -> None:
    blob = lab["logs"] + "".join(
        f"{o.error}{o.facts and o.facts.to_dict()}{o.config or ''}{o!r}" for o in lab["outcomes"].values()
    )
    for secret in (PASSWORD, WRONG, *TRANSCRIPT_SECRETS):
        assert secret not in blob
    assert "netmiko" in lab["logs"] or "paramiko" in lab["logs"]  # the logs were really captured


def test_host_keys_as_openssh_accept_new(sshsim: Any, tmp_path: Path) -> None:
    import asyncssh

    known = tmp_path / "known_hosts"
    strict = DiscoveryOptions(known_hosts=known, concurrency=1, backup_config=False)
    accept_new = DiscoveryOptions(known_hosts=known, concurrency=1, backup_config=False, accept_new_host_key=True)
    port = sshsim.add(_device("cisco_ios"), host_key=asyncssh.generate_private_key("ssh-ed25519"))
    target = SshTarget("replaced", "127.0.0.1", port, "cisco_ios", Credential("netops", PASSWORD))
    # Unknown: refused unless asked (OpenSSH's accept-new), then learnt.
    unknown = discover([target], strict)[0]
    assert unknown.error is not None
    # The device's identity not verified is ``auth`` (before: SSH's own word "host_key"); the message says which.
    assert unknown.error_kind == "auth" and "not known yet" in unknown.error and not known.exists()
    assert discover([target], accept_new)[0].ok
    old_line = known.read_text()
    assert f"[127.0.0.1]:{port}" in old_line
    assert discover([target], strict)[0].ok
    sshsim.remove(port)
    sshsim.add(_device("cisco_ios"), port=port, host_key=asyncssh.generate_private_key("ssh-ed25519"))
    # Changed: refused even with --accept-new-host-key, and the old key is never deleted for the user.
    for opts in (strict, accept_new):
        refused = discover([target], opts)[0]
        assert refused.error is not None
        assert refused.error_kind == "auth" and "ssh-keygen" in refused.error and "changed" in refused.error
        assert known.read_text() == old_line
    # The user removes the old key with OpenSSH's own tool; then the new one is accepted when asked.
    subprocess.run(["ssh-keygen", "-f", str(known), "-R", f"[127.0.0.1]:{port}"], check=True, capture_output=True)
    assert discover([target], accept_new)[0].ok
    assert discover([target], strict)[0].ok


def test_unknown_platform_is_detected(sshsim: Any, tmp_path: Path) -> None:
    names = ["hp_comware", "juniper_junos"]
    targets = [SshTarget(n, "127.0.0.1", sshsim.add(_device(n)), None, Credential("netops", PASSWORD)) for n in names]
    outcomes = discover(targets, DiscoveryOptions(known_hosts=tmp_path / "kh", concurrency=2, backup_config=False,
                                                    accept_new_host_key=True))
    assert [o.detected and o.detected.platform for o in outcomes] == names
    assert [o.facts and o.facts.platform for o in outcomes] == names
