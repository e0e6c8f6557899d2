"""`discover snmp --json` carries each identity value's evidence and a stack's members (the documented contract)."""

from __future__ import annotations

import datetime as dt

from govops.discovery.observation import Observation
from govops.discovery.snmp import observation_json

AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_json_device_carries_the_evidence_and_the_stack_members() -> None:
    members = [{"model": "M-48", "serial": "S1", "hardware_rev": None, "software_rev": "1.0"},
               {"model": "M-24", "serial": "S2", "hardware_rev": None, "software_rev": "1.0"}]
    evidence = {"model": "maker_x: OID 1.3.6.1.4.1.99999.1.0", "kind": "maker_x kind rule answers 1.3.6.1.4.1.99999.2"}
    obs = Observation("192.0.2.1:161", "snmp", AT, True,
                      device={"model": "M-48", "kind": "ats", "evidence": evidence, "stack_members": members})
    dev = observation_json(obs)["device"]
    assert dev["evidence"] == evidence and dev["stack_members"] == members


def test_json_device_without_evidence_or_stack_has_empty_ones() -> None:
    dev = observation_json(Observation("192.0.2.1:161", "snmp", AT, True, device={"kind": "switch"}))["device"]
    assert (dev["evidence"], dev["stack_members"]) == ({}, [])
