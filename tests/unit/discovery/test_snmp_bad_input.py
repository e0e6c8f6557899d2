"""Broken identification data an agent may serve: ENTITY-MIB rows missing, doubled or ill-typed, odd sysObjectIDs.

Each case must give an observation (never an exception) with the field left empty where the data is not there.
"""

from __future__ import annotations

import pytest

from tests.snmp_cases import ENT, chassis, classified, run, system

UNREGISTERED = "1.3.6.1.4.1.99999.1"


def test_two_top_level_chassis_rows_are_both_reported_as_members() -> None:
    # A stack whose agent lists each member as a root chassis, with no stack entity above them.
    obs = run(system("Box", UNREGISTERED) + chassis(1, model="A-1", serial="S1") + chassis(2, model="B-2", serial="S2"))
    assert obs.ok and obs.device["model"] == "A-1" and obs.device["serial"] == "S1"
    assert [(m["model"], m["serial"]) for m in obs.device["stack_members"]] == [("A-1", "S1"), ("B-2", "S2")]


def test_chassis_row_without_a_serial_column_has_no_serial() -> None:
    rows = [line for line in chassis(1, model="A-1", serial="S1") if not line.startswith(f"{ENT}.11.")]
    obs = run(system("Box", UNREGISTERED) + rows)
    assert obs.ok and obs.device["model"] == "A-1" and obs.device["serial"] is None


@pytest.mark.parametrize("placeholder", ["", "   ", "N/A", "none", "0", "000000", "FFFFFFFF", "Serial Number"])
def test_a_placeholder_in_the_chassis_serial_is_no_serial(placeholder: str) -> None:
    obs = run(system("Box", UNREGISTERED) + chassis(1, model="A-1", serial=placeholder))
    assert obs.ok and obs.device["model"] == "A-1" and obs.device["serial"] is None


def test_a_placeholder_chassis_serial_gives_way_to_a_stack_members_own() -> None:
    # Two root chassis, the first naming nothing (no model, a blank serial): the member that names the device is it.
    first = [line for line in chassis(1, model="", serial="N/A") if not line.startswith(f"{ENT}.13.")]
    obs = run(system("Box", UNREGISTERED) + first + chassis(2, model="B-2", serial="S2"))
    assert obs.ok and obs.device["model"] == "B-2" and obs.device["serial"] == "S2"


def test_chassis_contained_in_itself_is_still_the_chassis() -> None:
    obs = run(system("Box", UNREGISTERED) + chassis(1, model="A-1", serial="S1", parent=1))
    assert obs.ok and obs.device["model"] == "A-1" and obs.device["serial"] == "S1"


def test_entity_class_and_containment_of_the_wrong_type_give_nothing() -> None:
    obs = run([*system("Box", UNREGISTERED), f"{ENT}.5.1|4|chassis", f"{ENT}.4.1|4|x"])
    assert obs.ok and obs.device["model"] is None and obs.device["serial"] is None


@pytest.mark.parametrize(
    ("sys_object_id", "rule"),
    [
        ("1.3.6.1.4.1.99999999999.1", "enterprise 99999999999 is not in the registry"),  # beyond 32 bits
        ("1.3.6.1.4.1.4294967.1", "enterprise 4294967 is not in the registry"),
    ],
)
def test_enterprise_numbers_not_in_the_registry_are_unknown_and_say_so(sys_object_id: str, rule: str) -> None:
    obs = run(system("Widget", sys_object_id))
    assert obs.ok and obs.device["vendor"] is None and classified(obs).verdict == "unknown"
    assert classified(obs).evidence[0].rule == rule


@pytest.mark.parametrize("sys_object_id", ["0.0", "1.3.6.1.2.1.1", "1.3.6.1.4.1"])
def test_sys_object_id_outside_any_enterprise_is_unknown(sys_object_id: str) -> None:
    obs = run(system("Widget", sys_object_id))
    assert obs.ok and obs.device["vendor"] is None and classified(obs).verdict == "unknown"


def test_sys_object_id_of_the_wrong_type_is_unknown() -> None:
    obs = run(["1.3.6.1.2.1.1.1.0|4|Widget", "1.3.6.1.2.1.1.2.0|4|not an oid"])
    assert obs.ok and obs.device["vendor"] is None and classified(obs).verdict == "unknown"
