"""Scalar facts read over SSH: a serial that names no device is none."""

from __future__ import annotations

import pytest

from govops.platforms.base import FactCommand
from govops.platforms.facts import DeviceFacts, apply_scalars

ESN = FactCommand(fact="serial", command="display esn", fields={"serial": "ESN"})


@pytest.mark.parametrize("serial", ["FFFFFFFFFFFFFFFFFFFF", "XXXXXXXXXX", "N/A", "0000000000", "Serial Number"])
def test_a_placeholder_or_fill_pattern_serial_is_none_and_the_next_command_is_tried(serial: str) -> None:
    facts = DeviceFacts(platform="huawei_vrp")
    assert apply_scalars(facts, ESN, [{"esn": serial}]) is False and facts.serial is None


def test_a_real_serial_is_kept() -> None:
    facts = DeviceFacts(platform="huawei_vrp")
    assert apply_scalars(facts, ESN, [{"esn": "2102550AFWP0H6000080"}]) is True
    assert facts.serial == "2102550AFWP0H6000080"
