"""What identification reads per device to decide which catalogued scalars to ask (issue 13's speed part): only the
rules of the fields a catalogued scalar states, and no further than the first rule that settles each."""

from __future__ import annotations

import pytest

from govops.discovery.snmp_identify import RawIdentity, catalogue_fields_read
from govops.platforms.snmp import GENERIC, ExtractRule, SnmpPlatform

STANDARD = SnmpPlatform(GENERIC, "test", platform=GENERIC, extract=(
    ExtractRule("serial", entity="serial"),
    ExtractRule("hardware_rev", entity="hardware_rev"),
    ExtractRule("serial", catalogue=True),
    ExtractRule("os_version", entity="software_rev"),
    ExtractRule("release", entity="firmware_rev"),
))


@pytest.fixture
def fields_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The field of every rule whose value is read, in order."""
    read: list[str] = []
    original = ExtractRule.read

    def counted(self: ExtractRule, *args: object, **kwargs: object) -> str | None:
        read.append(self.field)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ExtractRule, "read", counted)
    return read


def _raw(**chassis: str) -> RawIdentity:
    return RawIdentity("", "1.3.6.1.4.1.99990.1", None, None, chassis=chassis)


def test_a_serial_given_first_needs_no_catalogued_scalar(fields_read: list[str]) -> None:
    assert catalogue_fields_read(_raw(serial="SN-0001", hardware_rev="B", software_rev="2.1"), None,
                                 [STANDARD]) == frozenset()
    assert fields_read == ["serial"]  # settled: neither the other fields' rules nor the later ones are read


def test_the_catalogued_scalar_is_reached_where_nothing_before_it_gives(fields_read: list[str]) -> None:
    assert catalogue_fields_read(_raw(hardware_rev="B"), None, [STANDARD]) == {"serial"}
    assert fields_read == ["serial"]  # the chassis serial, blank; then the catalogued one is reached


def test_rows_without_a_catalogued_rule_read_nothing(fields_read: list[str]) -> None:
    plain = SnmpPlatform(GENERIC, "test", platform=GENERIC, extract=(ExtractRule("serial", entity="serial"),))
    assert catalogue_fields_read(_raw(serial="SN-0001"), None, [plain]) == frozenset()
    assert fields_read == []
