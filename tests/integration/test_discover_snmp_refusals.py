"""Agents that will not answer some of the other maker's MIB objects discovery asks, over real UDP: an agent that
drops any request holding an OID of a MIB it does not implement (no answer), one that answers such a request genErr,
one that answers it tooBig (however few varbinds it holds). Each is identified from what it answers, the fields it
would not answer marked not read (``not_read`` in --json, a line on stderr), and a scan with --save keeps the stored
values of those fields and says so. Before, each of these devices failed at 'vendor MIB identity'."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from pysnmp.proto import rfc1902
from sqlalchemy import select

from govops.discovery.reconcile import Kept, reconcile
from govops.discovery.snmp import DiscoveryOptions, observation_json, run_discovery
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.snmp import SnmpCredentials
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device
from tests.integration.snmp_fake_agent import GEN_ERR, NO_SUCH_NAME, TOO_BIG, FakeAgent, Oid, Table, system_group

pytestmark = pytest.mark.integration

# A made-up UPS card behind net-snmp's sysObjectID (the enterprise arcs it answers name the maker): it implements
# XUPS-MIB's identity group (a model, no serial) and not PDU-MIB. Discovery asks both MIBs'
# identity scalars of that maker (govops.catalog.serials) in one GET: XUPS-MIB's first, then PDU-MIB's.
EATON = (1, 3, 6, 1, 4, 1, 534)
NOT_IMPLEMENTED = (*EATON, 6)  # PDU-MIB
TABLE = Table({
    **system_group("Linux ups-card 4.19.0 armv7l", "1.3.6.1.4.1.8072.3.2.10", "ups-7"),
    (1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 1): rfc1902.Integer32(1),
    (1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 1): rfc1902.OctetString(b"eth0"),
    (1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1): rfc1902.Integer32(6),
    (*EATON, 1, 1, 2, 0): rfc1902.OctetString(b"QX-UPS 3000"),  # xupsIdentModel (made up); no xupsIdentSerialNumber
})


def unknown(oids: list[Oid], mibs: tuple[Oid, ...] = (NOT_IMPLEMENTED,)) -> int:
    """The position (1-based) of the first OID under one of ``mibs`` (MIBs the agent does not implement), or 0."""
    return next((i for i, oid in enumerate(oids, 1) if any(oid[: len(m)] == m for m in mibs)), 0)


class Drops(FakeAgent):
    """Drops (no answer) any request holding an OID of a MIB it does not implement (``mibs``)."""

    def __init__(self, table: Table = TABLE, mibs: tuple[Oid, ...] = (NOT_IMPLEMENTED,)) -> None:
        super().__init__(table.get, table.next_of, drop=lambda _kind, oids: bool(unknown(oids, mibs)))


def refusing(status: int, index: int | None = None, versions: tuple[int, ...] = (0, 1), table: Table = TABLE,
             mibs: tuple[Oid, ...] = (NOT_IMPLEMENTED,)) -> FakeAgent:
    """Answers any request holding an OID of a MIB it does not implement (``mibs``) with ``status`` for the whole PDU,
    its error index naming that OID (or ``index``)."""
    return FakeAgent(table.get, table.next_of, versions=versions,
                     refuse=lambda _kind, oids: (status, unknown(oids, mibs) if index is None else index)
                     if unknown(oids, mibs) else (0, 0))


AGENTS: dict[str, Callable[[], FakeAgent]] = {
    "drops": Drops,
    "genErr": lambda: refusing(GEN_ERR),
    "tooBig": lambda: refusing(TOO_BIG, index=0),
    # An SNMPv1 agent refusing the whole request, its error index naming no varbind.
    "v1-noSuchName": lambda: refusing(NO_SUCH_NAME, index=0, versions=(0,)),
}
OPTIONS = DiscoveryOptions(timeout=0.5, retries=1, concurrency=1, v1_fallback=False)


def discover(fake: FakeAgent) -> Any:
    creds = SnmpCredentials.v2c("public")
    if fake.versions == (0,):
        creds = creds.with_version("1")
    (obs,) = run_discovery([DiscoveryTarget("127.0.0.1", fake.port, creds)], OPTIONS)
    return obs


@pytest.mark.parametrize("name", list(AGENTS))
def test_an_agent_refusing_another_mib_is_identified_from_what_it_answers(name: str) -> None:
    with AGENTS[name]() as fake:
        started = time.monotonic()
        obs = discover(fake)
        elapsed = time.monotonic() - started
    assert obs.ok, obs.error
    out = observation_json(obs)
    device = out["device"]
    # XUPS-MIB answered: the model from it. The serial is in PDU-MIB only, which was not read; so may the version be
    # (Eaton's arc makes the card an appliance, whose release its banner's kernel is not: its maker's MIB states it).
    assert (device["model"], device["serial"], device["os_version"], device["vendor"]) == (
        "QX-UPS 3000", None, None, "Eaton")
    assert "XUPS-MIB::xupsIdentModel (1.3.6.1.4.1.534.1.1.2.0)" in device["evidence"]["model"]
    assert "left out on an appliance (the agent answers arc 534," in device["evidence"]["os_version"]
    # Nor is the Linux row's default kind (a host's) an appliance's: the power catalogue's probes ask the kind, and
    # hold PDU-MIB's objects too, so the kind is not read either (SNMPv1's noSuchName says those objects are absent).
    unread = ["os_version", "serial", *([] if name == "v1-noSuchName" else ["kind"])]
    assert list(out["not_read"]) == unread
    for fact in ("os_version", "serial"):
        assert out["not_read"][fact].endswith("(step: vendor MIB identity)")
        assert out["not_read"][fact].startswith("unreachable: " if name == "drops" else "device: ")
    assert device["kind"] is None
    assert device["evidence"]["kind"].startswith(
        "net_snmp_linux default kind server left out on an appliance (the agent answers arc 534,")
    if "kind" in unread:
        assert out["not_read"]["kind"].endswith("(step: power MIB probes)")
    assert out["interfaces"] and out["interfaces"][0]["name"] == "eth0"
    # A silent part costs two rounds of timeout x tries: the GET of the identity scalars, then its parts with
    # sysUpTime.0, at once (the part holding PDU-MIB dropped again); the power probes' GETNEXT likewise (two more
    # rounds, four requests dropped in all). A refusal costs no timeout.
    tries = OPTIONS.retries + 1
    silent = 4 * OPTIONS.timeout * tries if name == "drops" else 0.0
    assert silent <= elapsed < silent + 1.5, elapsed
    if isinstance(fake, Drops):
        assert fake.dropped == 6 * tries, (fake.dropped, elapsed)


# A made-up ePDU under the maker's own arc: it implements EATON-EPDU-MIB's unit table (model, version; no serial)
# and neither PDU-MIB nor XUPS-MIB, whose identity scalars its platform row (eaton_pdu) and the maker's catalogue ask
# first, in the vendor values' GET.
EPDU_UNIT = (*EATON, 6, 6, 7, 1, 2, 1)
EPDU = Table({
    **system_group("ePDU QX-8", "1.3.6.1.4.1.534.6.6.7", "pdu-3"),
    (*EPDU_UNIT, 3, 0): rfc1902.OctetString(b"QX-PDU-8"),  # unitName... the model column (made up)
    (*EPDU_UNIT, 5, 0): rfc1902.OctetString(b"3.0.1"),  # the firmware version column
})
OTHER_MIBS = ((*EATON, 6, 6, 6), (*EATON, 1))  # PDU-MIB, XUPS-MIB


OWN_AGENTS: dict[str, Callable[[], FakeAgent]] = {
    "drops": lambda: Drops(EPDU, OTHER_MIBS),
    "genErr": lambda: refusing(GEN_ERR, table=EPDU, mibs=OTHER_MIBS),
    "tooBig": lambda: refusing(TOO_BIG, index=0, table=EPDU, mibs=OTHER_MIBS),
}


@pytest.mark.parametrize("name", list(OWN_AGENTS))
def test_an_agent_refusing_its_makers_other_mibs_is_identified_from_the_one_it_implements(name: str) -> None:
    with OWN_AGENTS[name]() as fake:
        obs = discover(fake)
    assert obs.ok, obs.error
    out = observation_json(obs)
    device = out["device"]
    assert (device["vendor"], device["model"], device["os_version"], device["serial"], device["kind"]) == (
        "Eaton", "QX-PDU-8", "3.0.1", None, "pdu")
    assert device["evidence"]["model"] == "eaton_pdu: OID 1.3.6.1.4.1.534.6.6.7.1.2.1.3"
    # EATON-EPDU-MIB is the MIB its sysObjectID names: its rules come first, and the model and version it gave are
    # the device's whatever the PDU-MIB objects not read would say. It states no serial: the PDU-MIB serial, read
    # next, was not read.
    assert sorted(out["not_read"]) == ["serial"]
    why = out["not_read"]["serial"]
    assert why.endswith("(step: vendor values)") and " 1.3.6.1.4.1.534.6.6.6.1.1." in why, why  # a PDU-MIB GET


# A made-up power card under an enterprise number no catalogue row knows, answering the maker's XUPS-MIB (its model
# and input power) and no other of its MIBs: its kind comes from the power catalogue's probes, asked in one GETNEXT.
CARD = Table({
    **system_group("QX power card", "1.3.6.1.4.1.99999.1"),
    (*EATON, 1, 1, 2, 0): rfc1902.OctetString(b"QX-UPS 3000"),
    (*EATON, 1, 3, 4, 1, 4, 1): rfc1902.Integer32(1200),  # xupsInputWatts, phase 1
})


def test_an_agent_dropping_some_power_probes_gets_its_kind_from_the_one_it_answers() -> None:
    # (A refusal of the probe was asked again apart before: the client's next_apart.)
    with Drops(CARD, ((*EATON, 6),)) as fake:  # the maker's PDU MIBs dropped
        obs = discover(fake)
    assert obs.ok, obs.error
    assert (obs.device["kind"], obs.device["model"]) == ("ups", "QX-UPS 3000")
    assert obs.device["evidence"]["kind"].startswith("power catalogue eaton.xups.input_watts")
    assert "kind" not in obs.unread


def test_a_later_scan_that_cannot_read_a_field_keeps_the_stored_value_and_says_so(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    with Drops() as fake:
        first = discover(fake)
    assert first.ok and first.device["serial"] is None
    with session_scope(engine) as s:  # what an earlier scan (or the ledger) stored for it
        s.add(Device(name="ups-7", kind="ups", mgmt_ip="127.0.0.1", serial="SN-OLD-1", model="QX-UPS 3000",
                     snmp={"port": fake.port}))
    report = reconcile(engine, [first])
    (name,) = report.matched.values()
    # The kind too: the card is no host (Eaton's arc), so the power probes, dropped, were to give it.
    assert report.kept == {name: {"serial": Kept("stored value", first.unread["serial"]),
                                  "kind": Kept("stored value", first.unread["kind"])}}
    with session_scope(engine) as s:
        dev = s.scalars(select(Device).where(Device.name == name)).one()
        # No version stored nor read (the card's kernel is not its release): none kept, none written.
        assert (dev.serial, dev.model, dev.os_version, dev.kind) == ("SN-OLD-1", "QX-UPS 3000", None, "ups")


def test_discover_save_keeps_the_stored_serial_and_says_so(store_cli: Any) -> None:
    # First read whole (PDU-MIB answered: its serial stored), then by an agent dropping PDU-MIB: the device is matched
    # by its name, and its serial stays.
    whole = Table({**TABLE.values, (*NOT_IMPLEMENTED, 6, 6, 1, 1, 2, 0): rfc1902.OctetString(b"SN-PDU-1")})
    args = ("-c", "public", "--timeout", "0.5", "--retries", "0", "--save")
    with FakeAgent(whole.get, whole.next_of) as fake:
        res = store_cli("discover", "snmp", fake.endpoint, *args)
    assert res.exit_code == 0 and "SN-PDU-1" in res.stdout, res.stderr
    with Drops() as fake:
        res = store_cli("discover", "snmp", fake.endpoint, *args)
        again = store_cli("discover", "snmp", fake.endpoint, *args, "--json")
    (line,) = [line for line in res.stderr.splitlines() if "serial not read: " in line]
    assert line.endswith("(step: vendor MIB identity); stored value kept"), line
    assert list(again.json()["saved"]["kept"]) == ["ups-7"]
    shown = store_cli("inventory", "show", "ups-7", "--json")
    assert shown.exit_code == 0 and shown.json()["entity"]["serial"] == "SN-PDU-1", shown.stdout


def test_the_human_output_names_the_field_not_read(cli: Any) -> None:
    with Drops() as fake:
        res = cli("discover", "snmp", fake.endpoint, "-c", "public", "--timeout", "0.5", "--retries", "0")
    assert res.exit_code == 0, res.stderr
    assert "QX-UPS 3000" in res.stdout
    lines = [line for line in res.stderr.splitlines() if "serial not read: " in line]
    assert len(lines) == 1 and "(step: vendor MIB identity)" in lines[0], res.stderr
