"""A device that stops answering part way through discovery: nothing is asked of it after its first unanswered request
(each request would wait out the timeout again), but for the one round in which the vendor-MIB reads ask again in
parts with sysUpTime.0, or a table walk identification reads asks sysUpTime.0 alone (that answered, an agent dropping
what it does not know, or stopping midway through one table, is identified from the rest). Silence
while it is being identified fails it, as an unreachable observation naming the device and the step; silence in an
optional step after that (its processor, its LLDP neighbours) keeps the identity read, leaves that part unread with a
warning, and the store keeps what it had for it."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import select

from govops.catalog.vendors import default_vendors
from govops.discovery.observation import Observation
from govops.discovery.reconcile import reconcile
from govops.discovery.snmp import DiscoveryOptions, discover_target
from govops.discovery.snmp_targets import DiscoveryTarget
from govops.errors import DeviceUnreachable
from govops.platforms.snmp import default_platforms
from govops.snmp import SnmpCredentials
from govops.snmp.client import WalkResult, part_size
from govops.snmp.credentials import SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import VarBind
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Device, Neighbor
from govops.util.oid import Oid
from tests.snmp_cases import chassis, system

SYS_UPTIME: Oid = (1, 3, 6, 1, 2, 1, 1, 3, 0)

# A made-up host under an enterprise number no catalogue row knows: every step of discovery has something to read
# (the process table makes it a host, so its processor is read too; LLDP has a neighbour).
HOST = [
    *system("Made-up appliance OS 1.0", "1.3.6.1.4.1.99999.1"),
    "1.3.6.1.2.1.2.1.0|2|3",
    *chassis(1, model="QX-1", serial="SN0001"),
    *[f"1.3.6.1.2.1.2.2.1.2.{i}|4|eth{i}" for i in range(1, 4)],
    *[f"1.3.6.1.2.1.2.2.1.3.{i}|2|6" for i in range(1, 4)],
    "1.3.6.1.2.1.4.20.1.2.192.0.2.7|2|1",
    "1.3.6.1.2.1.25.3.2.1.2.768|6|1.3.6.1.2.1.25.3.1.3",
    "1.3.6.1.2.1.25.3.2.1.3.768|4|Made-up CPU 9000",
    "1.3.6.1.2.1.25.4.2.1.2.1|4|init",
    "1.3.6.1.4.1.99999.5.1.0|2|1",
    "1.0.8802.1.1.2.1.3.7.1.3.1|4|eth1",
    "1.0.8802.1.1.2.1.4.1.1.9.0.1.1|4|peer-switch",
]


class Silencing(RecordedAgent):
    """A recorded walk answering its first ``answers`` requests, then none, as the client reports that: an unanswered
    request raises ``DeviceUnreachable`` once the requests sent with it are out too; a walk whose first request was
    answered (``mid_walk``) gives its rows so far, stopped ``no_answer``. ``late``: requests of an SNMP version sent
    after one of that version went unanswered; ``steps``: what was asked, in order."""

    def __init__(self, lines: list[str], answers: int, *, mid_walk: bool = False) -> None:
        super().__init__(parse_snmprec(lines))
        self.answers, self.mid_walk = answers, mid_walk
        self.sent, self.late = 0, 0
        self.asked: list[list[Oid]] = []  # each request's OIDs, before the first went unanswered, and after
        self.asked_late: list[list[Oid]] = []
        self.silent: set[str] = set()  # versions a request of went unanswered
        self.steps: list[str] = []

    async def _unanswered(self, what: str, creds: SnmpCredentials, oids: Sequence[Oid] = ()) -> bool:
        self.late += creds.version in self.silent
        if creds.version in self.silent:
            self.asked_late.append(list(oids))
        else:
            self.asked.append(list(oids))
        self.sent += 1
        self.steps.append(what)
        if self.sent <= self.answers:
            return False
        await asyncio.sleep(0)  # the requests sent together with this one go out before its timeout
        self.silent.add(creds.version)
        return True

    async def get(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> dict[Oid, VarBind]:
        if await self._unanswered("get", creds, oids):
            raise DeviceUnreachable("no SNMP answer to get", device=str(target))
        return await super().get(target, creds, oids)

    async def get_next(self, target: SnmpTarget, creds: SnmpCredentials, oids: Sequence[Oid]) -> list[VarBind]:
        if await self._unanswered("next", creds, oids):
            raise DeviceUnreachable("no SNMP answer to next", device=str(target))
        return await super().get_next(target, creds, oids)

    async def walk_columns(
        self, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid], **bounds: Any
    ) -> WalkResult:
        whole = await super().walk_columns(target, creds, roots, **bounds)
        if not await self._unanswered("walk", creds):
            return whole
        if not self.mid_walk:
            raise DeviceUnreachable("no SNMP answer to bulk", device=str(target))
        # The first GETBULK answered (a row of each column), the next not.
        return WalkResult({r: whole.rows(r)[:1] for r in roots}, "no_answer", "agent stopped answering during "
                          f"{len(roots)} columns", requests=1)


def discover(agent: RecordedAgent, *, version: str = "2c", fallback: bool = False) -> Observation:
    creds = SnmpCredentials.v2c("public")
    target = DiscoveryTarget("192.0.2.7", 161, creds if version == "2c" else creds.with_version("1"))
    options = DiscoveryOptions(v1_fallback=fallback)
    return asyncio.run(discover_target(agent, target, options, default_platforms(), default_vendors()))


def healthy(version: str) -> Silencing:
    agent = Silencing(HOST, answers=10**6)
    obs = discover(agent, version=version)
    assert obs.ok, obs.error
    assert obs.device["model"] == "QX-1" and obs.device["cpu_model"] == "Made-up CPU 9000"
    assert obs.neighbors and obs.neighbors[0].remote_name == "peer-switch"
    return agent


# The steps that identify the device (silence there fails it) and the optional ones, with the part each reads.
IDENTITY_STEPS = {"system group", "vendor values", "ENTITY-MIB chassis", "IF-MIB walk", "IP-MIB walk",
                  "enterprise arcs"}
OPTIONAL_STEPS = {"HOST-RESOURCES-MIB processor": "cpu_model", "LLDP-MIB walk": "neighbors"}


@pytest.mark.parametrize("version", ["2c", "1"])
@pytest.mark.parametrize("mid_walk", [False, True], ids=["between-requests", "mid-walk"])
def test_a_device_going_silent_after_any_request_is_asked_nothing_more_and_fails_only_while_being_identified(
    version: str, mid_walk: bool
) -> None:
    requests = healthy(version).sent
    assert requests >= 8  # every step asked something: silence can begin before each
    failed, kept = set(), set()
    for answers in range(requests):
        agent = Silencing(HOST, answers=answers, mid_walk=mid_walk)
        obs = discover(agent, version=version)
        late_step = (obs.error or "").rsplit("(step: ", 1)[-1].rstrip(")")
        if agent.late and late_step != "vendor values":
            # A table walk identification reads, or the enterprise arcs' GETNEXT, asks one sysUpTime.0 after it goes
            # unanswered (``walk_part``, ``PartialReads``): an agent still answering is identified from the rest.
            # Unanswered too, the device has gone silent and fails there.
            assert agent.asked_late == [[SYS_UPTIME]], (answers, agent.asked_late)
            assert not obs.ok and late_step in IDENTITY_STEPS - {"system group", "vendor values"}, (answers, obs.error)
        elif agent.late:
            # Nothing more is asked after the first unanswered request but in the step that asks its requests again
            # in parts, with one sysUpTime.0 (``PartialReads``): one round, all sent at once, whose silence tells a
            # device gone silent from one dropping what it does not know. The device still fails there.
            # Its GET and GETNEXT go out together: each unanswered one in parts (``part_size``), and one sysUpTime.0.
            round_ = [a for a in agent.asked[answers:] if len(a) > 1]
            assert sorted(map(len, agent.asked_late)) == sorted(
                [1, *(len(a[i : i + part_size(a)]) for a in round_ for i in range(0, len(a), part_size(a)))]), (
                    answers, agent.asked_late)
            assert [SYS_UPTIME] in agent.asked_late
            assert not obs.ok and (obs.error or "").endswith("(step: vendor values)"), (answers, obs.error)
        if not obs.ok:
            assert obs.error_kind == "unreachable", (answers, obs.error)
            assert obs.error is not None and obs.error.startswith("192.0.2.7:161: ")
            assert obs.interfaces is None and obs.device == {}  # nothing half-written
            failed.add(obs.error.rsplit("(step: ", 1)[1].rstrip(")"))
            if agent.steps[answers] == "walk" and mid_walk:
                assert "stopped answering during" in obs.error
            continue
        # Identified: what was read is kept, the optional part the silence fell in (and any after it) is unread,
        # not an empty value claiming there is none, and a warning names the part, the step and the error kind.
        assert obs.device["model"] == "QX-1" and obs.device["serial"] == "SN0001", answers
        assert obs.interfaces is not None and len(obs.interfaces) == 3
        assert obs.neighbors is None and "neighbors" in obs.unread, (answers, obs.unread)
        first = next(iter(obs.unread.values()))
        assert first.startswith("unreachable: 192.0.2.7:161: "), first
        if agent.steps[answers] == "walk" and mid_walk:
            assert "stopped answering during" in first
        step = first.rsplit("(step: ", 1)[1].rstrip(")")
        assert step in OPTIONAL_STEPS and next(iter(obs.unread)) == OPTIONAL_STEPS[step]
        kept.add(step)
        if step == "LLDP-MIB walk":
            assert obs.device["cpu_model"] == "Made-up CPU 9000" and list(obs.unread) == ["neighbors"]
        else:
            assert "cpu_model" not in obs.device
            assert obs.unread["neighbors"] == f"not asked, the device stopped answering (step: {step})"
        assert [w for w in obs.warnings if " not read: " in w] == [f"{p} not read: {m}" for p, m in obs.unread.items()]
    assert failed == IDENTITY_STEPS
    assert kept == set(OPTIONAL_STEPS)


def test_an_unread_part_leaves_the_store_as_it_was_and_the_device_reachable(store_url: str) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    agent = Silencing(HOST, answers=10**6)
    reconcile(engine, [discover(agent)])
    # Silent from the LLDP walk on, then from the processor walk on.
    for answers in (agent.steps.index("walk", len(agent.steps) - 2), len(agent.steps) - 3):
        obs = discover(Silencing(HOST, answers=answers))
        assert obs.ok and obs.neighbors is None, obs.unread
        report = reconcile(engine, [obs])
        assert report.unreachable == []
        with session_scope(engine) as s:
            dev = s.scalars(select(Device)).one()
            assert dev.reachability == "reachable"
            assert dev.cpu_model == "Made-up CPU 9000"
            assert dev.facts is not None and "cpu_model" in dev.facts["snmp"]["evidence"]
            assert any(" not read: unreachable: " in w for w in dev.facts["snmp"]["warnings"])
            assert [n.remote_name for n in s.scalars(select(Neighbor))] == ["peer-switch"]


def test_a_silent_device_costs_one_request_of_each_version_and_says_so() -> None:
    agent = Silencing(HOST, answers=0)
    obs = discover(agent, fallback=True)
    assert agent.steps == ["next", "get"] and agent.late == 0  # SNMPv2c's first GETNEXT, with it SNMPv1's GET
    assert obs.error == ("192.0.2.7:161: no SNMP answer to SNMPv2c nor SNMPv1 within 2 s x 2 tries each "
                         "(step: system group)")
    agent = Silencing(HOST, answers=0)
    obs = discover(agent)
    assert agent.steps == ["next"] and obs.error == "192.0.2.7:161: no SNMP answer to next (step: system group)"


def test_a_device_answering_the_first_probe_only_is_not_asked_its_halves() -> None:
    # The selection probe of many subtrees goes unanswered: it used to be asked again half by half, each half waiting
    # out the timeout (2N-1 requests for N subtrees).
    net_snmp = [*system("Linux box 5.10.0 x86_64", "1.3.6.1.4.1.8072.3.2.10"), *HOST[3:]]
    agent = Silencing(net_snmp, answers=1)
    obs = discover(agent)
    assert agent.steps == ["next", "next"] and agent.late == 0
    assert obs.error == "192.0.2.7:161: no SNMP answer to next (step: selection probes)"
