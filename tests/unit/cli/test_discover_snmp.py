"""`govops discover snmp`'s usage errors: the option at fault named, and access options never ignored."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--snmp-version", "3"], "--snmp-version"),
        (["--community", "s3cret"], "--community"),
        (["--v3-user", "ops"], "--v3-user"),
        (["--port", "1161"], "--port"),
    ],
)
def test_access_options_without_a_target_are_refused(store_cli: Cli, flags: list[str], named: str) -> None:
    # Without TARGET every store device is asked with its own stored access: the option would be silently ignored
    # (`--snmp-version 3` ran v2c on every device and exited 0).
    res = store_cli("discover", "snmp", *flags)
    assert res.exit_code == 2
    assert named in res.stderr and "TARGET" in res.stderr and "s3cret" not in res.stderr
    assert "Traceback" not in res.stderr


def test_access_options_with_device_and_no_target_say_only_the_chosen_devices_are_asked(store_cli: Cli) -> None:
    # Before: the hint said "every store device is asked" when --device chose which were.
    res = store_cli("discover", "snmp", "--device", "core-sw-01", "--device", "10.0.0.2", "-c", "s3cret")
    assert res.exit_code == 2 and "s3cret" not in res.stderr
    assert ("without TARGET only the store devices --device chooses (core-sw-01, 10.0.0.2) are asked with their own "
            "stored SNMP access") in res.stderr.replace("\n", " "), res.stderr


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [("--port", "0", "--port: 0"), ("--timeout", "0", "--timeout: 0"), ("--concurrency", "0", "--concurrency: 0"),
     ("--retries", "-1", "--retries: -1"), ("--max-rows", "0", "--max-rows: 0")],
)
def test_an_out_of_range_option_is_named_alone(store_cli: Cli, flag: str, value: str, expected: str) -> None:
    res = store_cli("discover", "snmp", "192.0.2.1", flag, value)
    assert res.exit_code == 2
    assert res.stderr.count("\n") <= 2 and f"error: {expected}" in res.stderr, res.stderr


def test_a_target_name_that_does_not_resolve_is_said_so(store_cli: Cli) -> None:
    # Unreachable (exit 1) as before, but named for what it is: it read 'no SNMP answer to SNMPv2c nor SNMPv1'.
    res = store_cli("discover", "snmp", "no-such-host.invalid", "--timeout", "0.2", "--retries", "0")
    assert res.exit_code == 1
    assert "target no-such-host.invalid:161: unreachable: cannot resolve" in res.stderr, res.stderr
    assert "no SNMP answer" not in res.stderr
