"""One summary line and one exit-code rule for discover snmp|ssh|servers."""

from __future__ import annotations

from govops.discovery.summary import DiscoverySummary, skip_reason
from govops.errors import ConfigError
from govops.snmp.credentials import SecretRef


def test_skips_group_by_reason_without_the_device_name() -> None:
    s = DiscoverySummary("snmp", found=3, changed=1, unchanged=2)
    s.skip([f"device sw-{n}: environment variable GOVOPS_SNMP_COMMUNITY is not set" for n in range(300)])
    s.skip(["fw-01: no platform", "fw-02: no platform"])
    assert s.summary_line() == "discover snmp: 3 found (1 changed, 2 unchanged), 0 unreachable, 0 failed, 302 skipped"
    assert s.skip_lines() == ["  skipped 300: environment variable GOVOPS_SNMP_COMMUNITY is not set",
                              "  skipped 2: no platform"]
    assert s.exit_code == 0  # skipped devices are reported, never an error


def test_any_target_not_read_exits_1() -> None:
    assert DiscoverySummary("ssh", found=5, unreachable=1).exit_code == 1
    assert DiscoverySummary("servers", found=5, failed=1).exit_code == 1
    assert DiscoverySummary("servers").summary_line() == "discover servers: 0 found, 0 unreachable, 0 failed, 0 skipped"


def test_reason_of_an_empty_or_multiline_message() -> None:
    assert skip_reason("") == "unknown"
    assert skip_reason("sw-1: bad port\nmore detail") == "bad port"


def test_a_skip_of_an_unset_stored_secret_says_what_to_do_once_for_every_device() -> None:
    problems = []
    for n in range(203):
        try:
            SecretRef.read({"env": "GOVOPS_TEST_UNSET_PASSWORD"}, place=f"srv-{n}: ssh.password")
        except ConfigError as exc:
            problems.append(str(exc))
    s = DiscoverySummary("servers")
    s.skip(problems)
    assert s.skip_lines() == [
        "  skipped 203: ssh.password: environment variable GOVOPS_TEST_UNSET_PASSWORD is not set; hint: export "
        "GOVOPS_TEST_UNSET_PASSWORD before running govops, or keep the secret in a file (mode 0600) and refer to it "
        "as {file: PATH} instead of {env: GOVOPS_TEST_UNSET_PASSWORD}, then import the inventory again"
    ]
    assert s.to_json()["skipped_by_reason"] == {
        "ssh.password: environment variable GOVOPS_TEST_UNSET_PASSWORD is not set": 203}  # the contract's keys
