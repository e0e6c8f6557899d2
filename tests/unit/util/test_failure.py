"""The kind of a poll's failure, as every agent exports it."""

from __future__ import annotations

import pytest

from govops.errors import AuthenticationFailed, ConfigError, DeviceError, DeviceUnreachable
from govops.util.failure import failure_kind


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (DeviceUnreachable("no SNMP answer", device="10.0.0.1:161"), "unreachable"),
        (AuthenticationFailed("wrong digest", device="10.0.0.1:161"), "auth"),  # a DeviceError, not a device fault
        (DeviceError("SNMP walk: error status 5", device="10.0.0.1:161"), "device"),
        (TimeoutError(), "timeout"),  # an OSError, yet no socket failed: the device answered too slowly
        (ConnectionRefusedError(), "unreachable"),
        (ConfigError("environment variable CITY_COMMUNITY is not set"), "config"),
        (KeyError("x"), "internal"),
    ],
)
def test_each_failure_has_its_kind(exc: BaseException, kind: str) -> None:
    assert failure_kind(exc) == kind
