"""The shared SNMP client against real agents: snmpsim over real recordings, and a broken agent."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Literal, TypeVar

import pytest
from pysnmp.proto import rfc1902

from govops.errors import AuthenticationFailed, DeviceError, DeviceUnreachable
from govops.lab.snmpsim import V3User
from govops.snmp import SecretRef, SnmpClient, SnmpCredentials, SnmpTarget, get_client, parse_oid
from govops.snmp.client import close_client, next_apart, require_answers
from tests.integration.snmp_fake_agent import FakeAgent, Table

pytestmark = pytest.mark.integration
T = TypeVar("T")

SYS_DESCR = parse_oid("1.3.6.1.2.1.1.1.0")
SYS_OBJECT_ID = parse_oid("1.3.6.1.2.1.1.2.0")
SYS_UPTIME = parse_oid("1.3.6.1.2.1.1.3.0")
IF_DESCR = parse_oid("1.3.6.1.2.1.2.2.1.2")
IF_PHYS = parse_oid("1.3.6.1.2.1.2.2.1.6")
IF_NAME = parse_oid("1.3.6.1.2.1.31.1.1.1.1")


def run(call: Callable[[SnmpClient], Coroutine[Any, Any, T]]) -> T:
    async def wrapped() -> T:
        try:
            return await call(get_client())
        finally:
            close_client()

    return asyncio.run(wrapped())


@pytest.fixture(scope="module")
def agent(snmpsim: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    big = tmp_path_factory.mktemp("rec") / "big.snmprec"
    lines = ["1.3.6.1.2.1.1.1.0|4|big table", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10"]
    lines += [f"1.3.6.1.2.1.2.2.1.2.{i}|4|port{i}" for i in range(1, 50_001)]
    big.write_text("\n".join(lines) + "\n")
    return snmpsim(
        {
            "vrp": corpus / "snmp" / "vrp_5720.snmprec",
            "ibmc": corpus / "snmp" / "ibmc.snmprec",
            "big": big,
        },
        v3_user=V3User("govops", "authkey123", "SHA", "privkey123", "AES"),
    )


def target(agent: Any, timeout: float = 2.0, retries: int = 0) -> SnmpTarget:
    return SnmpTarget(agent.host, agent.port, timeout=timeout, retries=retries)


def test_get_decodes_text_oid_and_int(agent: Any) -> None:
    got = run(lambda c: c.get(target(agent), SnmpCredentials.v2c("vrp"), [SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME]))
    assert got[SYS_DESCR].text().startswith("S5720-56C-PWR-EI-AC")  # type: ignore[union-attr]
    assert got[SYS_OBJECT_ID].value == "1.3.6.1.4.1.2011.2.23.291"
    assert got[SYS_UPTIME].value == 28156805


def test_get_leaves_out_absent_oids(agent: Any) -> None:
    got = run(lambda c: c.get(target(agent), SnmpCredentials.v2c("vrp"), [SYS_DESCR, parse_oid("1.3.6.1.2.1.1.99.0")]))
    assert list(got) == [SYS_DESCR]


def test_walk_columns_side_by_side(agent: Any) -> None:
    res = run(lambda c: c.walk_columns(target(agent), SnmpCredentials.v2c("vrp"), [IF_DESCR, IF_PHYS, IF_NAME]))
    assert res.complete
    assert len(res.rows(IF_DESCR)) == len(res.rows(IF_NAME)) == len(res.rows(IF_PHYS)) == 65
    macs = [vb.hex() for vb in res.rows(IF_PHYS)]
    assert "48:8e:ef:71:66:e0" in macs


def test_snmpv1_walk_uses_getnext(agent: Any) -> None:
    creds = SnmpCredentials(version="1", community=SecretRef(literal="vrp"))
    res = run(lambda c: c.walk_columns(target(agent), creds, [IF_NAME]))
    assert res.complete and len(res.rows(IF_NAME)) == 65


def test_wrong_community_is_unreachable_naming_target_and_oid(agent: Any) -> None:
    with pytest.raises(DeviceUnreachable) as err:
        run(lambda c: c.get(target(agent, timeout=0.3), SnmpCredentials.v2c("nope"), [SYS_DESCR]))
    assert agent.endpoint in str(err.value) and "1.3.6.1.2.1.1.1.0" in str(err.value)
    assert "community" in str(err.value)


def test_v3_auth_priv(agent: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T_AUTH", "authkey123")
    monkeypatch.setenv("T_PRIV", "privkey123")
    creds = SnmpCredentials(
        version="3", user="govops", auth="sha", auth_key=SecretRef(env="T_AUTH"), priv="aes",
        priv_key=SecretRef(env="T_PRIV"), context="vrp",
    )
    got = run(lambda c: c.get(target(agent), creds, [SYS_OBJECT_ID]))
    value = got[SYS_OBJECT_ID].value
    assert isinstance(value, str) and value.startswith("1.3.6.1.4.1."), value


def test_v3_wrong_key_is_authentication_failed(agent: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("T_AUTH", "wrongkey999")
    creds = SnmpCredentials(version="3", user="govops", auth="sha", auth_key=SecretRef(env="T_AUTH"), context="vrp")
    with pytest.raises((AuthenticationFailed, DeviceUnreachable)) as err:
        run(lambda c: c.get(target(agent, timeout=0.5), creds, [SYS_OBJECT_ID]))
    assert "wrongkey999" not in str(err.value)


def test_unknown_user_is_authentication_failed(agent: Any) -> None:
    creds = SnmpCredentials(version="3", user="nobody-here")
    with pytest.raises(AuthenticationFailed) as err:
        run(lambda c: c.get(target(agent, timeout=0.5), creds, [SYS_OBJECT_ID]))
    assert agent.endpoint in str(err.value)


def test_50000_row_table_within_budget(agent: Any) -> None:
    t0 = time.monotonic()
    res = run(lambda c: c.walk_columns(target(agent), SnmpCredentials.v2c("big"), [IF_DESCR], max_rows=2_000))
    assert res.stopped == "max_rows" and len(res.rows(IF_DESCR)) == 2_000
    assert "more than 2000 rows" in (res.detail or "")
    assert time.monotonic() - t0 < 20


def test_deadline_makes_walk_partial(agent: Any) -> None:
    res = run(
        lambda c: c.walk_columns(
            target(agent), SnmpCredentials.v2c("big"), [IF_DESCR], max_rows=100_000, deadline=time.monotonic() + 0.5
        )
    )
    assert res.stopped == "deadline" and 0 < len(res.rows(IF_DESCR)) < 50_000


def test_non_increasing_oids_stop_the_walk() -> None:
    def next_of(oid: tuple[int, ...]) -> Any:
        # A broken agent: always answers the same row, so the walk would never progress.
        return ((*IF_DESCR, 5), rfc1902.OctetString(b"eth5"))

    with FakeAgent(lambda oid: None, next_of) as fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=1, retries=0)
        res = run(lambda c: c.walk_columns(t, SnmpCredentials.v2c("public"), [IF_DESCR]))
    assert res.stopped == "not_increasing"
    assert "1.3.6.1.2.1.2.2.1.2.5" in (res.detail or "")


def test_endless_walk_is_cut_by_budget() -> None:
    def next_of(oid: tuple[int, ...]) -> Any:
        # Always one more row: a walk that never ends on its own.
        index = oid[len(IF_DESCR)] + 1 if len(oid) > len(IF_DESCR) else 1
        return ((*IF_DESCR, index), rfc1902.OctetString(b"x"))

    with FakeAgent(lambda oid: None, next_of) as fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=1, retries=0)
        res = run(lambda c: c.walk_columns(t, SnmpCredentials.v2c("public"), [IF_DESCR], max_rows=500))
    assert res.stopped == "max_rows" and len(res.rows(IF_DESCR)) == 500


def test_v1_only_agent_get_with_absent_oid() -> None:
    table = Table(
        {SYS_DESCR: rfc1902.OctetString(b"old v1 box"), SYS_OBJECT_ID: rfc1902.ObjectIdentifier("1.3.6.1.4.1.9")}
    )
    with FakeAgent(table.get, table.next_of, versions=(0,)) as fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=0.3, retries=0)
        with pytest.raises(DeviceUnreachable):
            run(lambda c: c.get(t, SnmpCredentials.v2c("public"), [SYS_DESCR]))
        v1 = SnmpCredentials(version="1", community=SecretRef(literal="public"))
        got = run(lambda c: c.get(t, v1, [SYS_DESCR, parse_oid("1.3.6.1.2.1.1.99.0"), SYS_OBJECT_ID]))
    assert got[SYS_DESCR].text() == "old v1 box"
    assert got[SYS_OBJECT_ID].value == "1.3.6.1.4.1.9"
    assert len(got) == 2


_TEN = Table({parse_oid(f"1.3.6.1.4.1.99999.{i}.1.0"): rfc1902.Integer(i) for i in range(1, 11)})
_SCALARS = [parse_oid(f"1.3.6.1.4.1.99999.{i}.1.0") for i in range(1, 11)]
_ROOTS = [parse_oid(f"1.3.6.1.4.1.99999.{i}") for i in range(1, 11)]


def test_a_too_big_get_and_getnext_are_asked_again_in_parts_over_a_real_socket() -> None:
    # The agent answers tooBig (status 1) to any request of more than 4 OIDs: one refused request, then parts of 4.
    asked: list[int] = []

    def refuse(kind: str, oids: list[tuple[int, ...]]) -> tuple[int, int]:
        asked.append(len(oids))
        return (1, 0) if len(oids) > 4 else (0, 0)

    with FakeAgent(_TEN.get, _TEN.next_of, refuse=refuse) as fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=1, retries=0)
        got = run(lambda c: c.get(t, SnmpCredentials.v2c("public"), _SCALARS))
        assert sorted(asked) == [2, 4, 4, 10]
        asked.clear()
        nexts = run(lambda c: c.get_next(t, SnmpCredentials.v2c("public"), _ROOTS))
    assert [vb.value for vb in got.values()] == list(range(1, 11))
    assert [vb.oid for vb in nexts] == _SCALARS and [vb.value for vb in nexts] == list(range(1, 11))
    assert sorted(asked) == [2, 4, 4, 10]


def test_a_getnext_refused_by_an_error_status_is_asked_in_halves_and_a_lone_refusal_is_nothing_there() -> None:
    # genErr (5) to every GETNEXT that holds the fourth root: halves in turn, then ``end`` after that root alone;
    # every other root keeps its answer. A GET refused with noSuchName (2) drops the OID it names and asks the rest.
    refused = _ROOTS[3]
    asked: list[list[tuple[int, ...]]] = []

    def refuse(kind: str, oids: list[tuple[int, ...]]) -> tuple[int, int]:
        asked.append(oids)
        if kind == "next" and refused in oids:
            return 5, oids.index(refused) + 1
        if kind == "get" and _SCALARS[0] in oids:
            return 2, oids.index(_SCALARS[0]) + 1
        return 0, 0

    with FakeAgent(_TEN.get, _TEN.next_of, refuse=refuse) as fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=1, retries=0)
        nexts = run(lambda c: next_apart(c, t, SnmpCredentials.v2c("public"), _ROOTS))
        assert [len(o) for o in asked] == [10, 5, 3, 2, 1, 1, 5]
        with pytest.raises(DeviceError, match="error status 5"):
            run(lambda c: c.get_next(t, SnmpCredentials.v2c("public"), _ROOTS))
        got = run(lambda c: c.get(t, SnmpCredentials.v2c("public"), _SCALARS[:3]))
    assert [vb.kind for vb in nexts].count("end") == 1 and nexts[3].oid == refused and nexts[3].kind == "end"
    assert [vb.value for i, vb in enumerate(nexts) if i != 3] == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    assert sorted(got) == _SCALARS[1:3]


class _Silencing(FakeAgent):
    """Answers the first ``answers`` requests (refusing what ``refuse`` says, each after ``delay`` seconds), then
    none; ``seen`` counts every request received, the retries included."""

    def __init__(self, answers: int, refuse: Any = None, delay: float = 0.0) -> None:
        super().__init__(_TEN.get, _TEN.next_of, refuse=refuse)
        self.answers, self.delay, self.seen = answers, delay, 0

    def _answer(self, data: bytes) -> bytes | None:
        self.seen += 1
        if self.seen > self.answers:
            return None
        time.sleep(self.delay)
        return super()._answer(data)


def _gen_err_to_more_than_one(kind: str, oids: list[tuple[int, ...]]) -> tuple[int, int]:
    return (5, 1) if kind == "next" and len(oids) > 1 else (0, 0)


@pytest.mark.parametrize("refuse", [None, _gen_err_to_more_than_one], ids=["silent-first", "refused-then-silent"])
def test_a_getnext_apart_to_an_agent_that_stops_answering_waits_out_one_timeout_not_one_per_half(refuse: Any) -> None:
    # The agent answers one request (a GETNEXT, or a genErr refusal of the ten roots) and then nothing: the next
    # GETNEXT waits out its two tries and fails naming the device; its halves are not asked (they were: 2N-1
    # requests of two tries each, 19 x 0.4 s here).
    fake = _Silencing(answers=1, refuse=refuse)
    t = SnmpTarget("127.0.0.1", fake.port, timeout=0.2, retries=1)

    async def ask(c: SnmpClient) -> float:
        if refuse is None:
            await c.get_next(t, SnmpCredentials.v2c("public"), _ROOTS[:1])  # answered
        started = time.monotonic()
        with pytest.raises(DeviceUnreachable) as err:
            await next_apart(c, t, SnmpCredentials.v2c("public"), _ROOTS)
        assert fake.endpoint in str(err.value) and "2 tries" in str(err.value)
        return time.monotonic() - started

    with fake:
        took = run(ask)
    assert fake.seen == 1 + 2  # the answered request, then one GETNEXT's two tries
    # Two tries of 0.2 s take 0.4 s; asking the halves took 7.6 s. The bound leaves room for a loaded machine.
    assert took < 3.0


def test_a_slow_agent_answering_within_the_timeout_is_asked_each_part_once() -> None:
    # 0.1 s an answer against a 1 s timeout: no retry goes out, and the split of a refused GETNEXT is unchanged.
    fake = _Silencing(answers=100, refuse=_gen_err_to_more_than_one, delay=0.1)
    t = SnmpTarget("127.0.0.1", fake.port, timeout=1, retries=1)
    with fake:
        nexts = run(lambda c: next_apart(c, t, SnmpCredentials.v2c("public"), _ROOTS[:4]))
    assert [vb.oid for vb in nexts] == _SCALARS[:4] and [vb.value for vb in nexts] == [1, 2, 3, 4]
    assert fake.seen == 7  # 4 refused, two halves of 2 refused, four single OIDs answered; no retry


def test_unresolvable_host_is_unreachable() -> None:
    t = SnmpTarget("no-such-host.invalid", 161, timeout=0.3, retries=0)
    with pytest.raises(DeviceError) as err:
        run(lambda c: c.get(t, SnmpCredentials.v2c("public"), [SYS_DESCR]))
    assert "no-such-host.invalid" in str(err.value)


def test_one_engine_per_loop() -> None:
    async def twice() -> bool:
        same = get_client() is get_client()
        close_client()
        return same

    assert asyncio.run(twice())


def _two_column_table(rows: int) -> Table:
    values: dict[tuple[int, ...], Any] = {}
    for i in range(1, rows + 1):
        values[(*IF_DESCR, 10100 + i)] = rfc1902.OctetString(f"port{i}".encode())
        values[(*IF_PHYS, 10100 + i)] = rfc1902.OctetString(bytes(6))
    values[parse_oid("1.3.6.1.2.1.2.2.1.7.10101")] = rfc1902.Integer(1)  # what follows ifPhysAddress
    return Table(values)


@pytest.mark.parametrize(("hint", "requests"), [(None, 3), (30, 1), (5, None), (500, 1)])
def test_rows_hint_sizes_the_walk_and_a_wrong_hint_costs_only_requests(hint: int | None, requests: int | None) -> None:
    table = _two_column_table(30)
    with FakeAgent(table.get, table.next_of) as fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=1, retries=0)
        res = run(lambda c: c.walk_columns(t, SnmpCredentials.v2c("public"), [IF_DESCR, IF_PHYS], rows_hint=hint))
    assert res.complete and len(res.rows(IF_DESCR)) == len(res.rows(IF_PHYS)) == 30
    assert [vb.oid[-1] for vb in res.rows(IF_DESCR)] == list(range(10101, 10131))
    if requests is not None:
        assert res.requests == requests


class _Flaky(FakeAgent):
    """Drops the first try of every request (``drop`` decides), or stops answering after ``answers``."""

    def __init__(self, table: Table, *, answers: int | None = None, drop_first_try: bool = False) -> None:
        super().__init__(table.get, table.next_of)
        self.answers, self.drop_first_try, self.seen = answers, drop_first_try, 0

    def _answer(self, data: bytes) -> bytes | None:
        self.seen += 1
        if self.drop_first_try and self.seen % 2:
            return None
        if self.answers is not None and self.seen > self.answers:
            return None
        return super()._answer(data)


def _packed_waiting(client: SnmpClient) -> int:
    return len(client._packed._waiting) if client._packed is not None else 0


def _walk_two_columns(fake: _Flaky) -> tuple[Any, int]:
    """Walk the fake's two columns (0.2 s timeout, one retry): the result, and requests still waiting after it."""
    t = SnmpTarget("127.0.0.1", fake.port, timeout=0.2, retries=1)

    async def walk(c: SnmpClient) -> tuple[Any, int]:
        res = await c.walk_columns(t, SnmpCredentials.v2c("public"), [IF_DESCR, IF_PHYS])
        return res, _packed_waiting(c)

    return run(walk)


def test_walk_retries_each_request_on_silence() -> None:
    fake = _Flaky(_two_column_table(30), drop_first_try=True)
    with fake:
        res, waiting = _walk_two_columns(fake)
    assert res.complete and len(res.rows(IF_DESCR)) == 30 and waiting == 0
    assert fake.seen == 2 * res.requests  # every request answered on its second try


def test_agent_going_silent_mid_walk_gives_the_rows_so_far() -> None:
    fake = _Flaky(_two_column_table(30), answers=2)
    with fake:
        res, waiting = _walk_two_columns(fake)
    assert res.stopped == "no_answer" and "stopped answering" in (res.detail or "")
    assert len(res.rows(IF_DESCR)) == 8 + 16 and res.requests == 2 and waiting == 0


@pytest.mark.parametrize("version", ["1", "2c"])
def test_agent_refusing_mid_walk_gives_the_rows_so_far_and_require_answers_fails_it(
        version: Literal["1", "2c"]) -> None:
    # genErr to any request past the first rows: before, the client raised and the rows read were lost.
    table = _two_column_table(30)

    def refuse(kind: str, oids: list[tuple[int, ...]]) -> tuple[int, int]:
        return (5, 0) if any(oid > (*IF_DESCR, 1) and oid[: len(IF_DESCR)] == IF_DESCR for oid in oids) else (0, 0)

    with FakeAgent(table.get, table.next_of, refuse=refuse) as fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=1, retries=0)
        res = run(lambda c: c.walk_columns(t, SnmpCredentials.v2c("public").with_version(version),
                                           [IF_DESCR, IF_PHYS]))
        assert res.stopped == "refused" and res.requests == 2 and fake.requests == 2
        assert res.detail == "SNMP walk 1.3.6.1.2.1.2.2.1.2, 1.3.6.1.2.1.2.2.1.6: error status 5 (after 1 answer)"
        assert [vb.oid[-1] for vb in res.rows(IF_DESCR)] == list(range(10101, 10101 + len(res.rows(IF_DESCR))))
        assert len(res.rows(IF_DESCR)) == (1 if version == "1" else 8)
        with pytest.raises(DeviceError, match=r"error status 5 \(after 1 answer\)") as err:
            require_answers(t, res)  # every other consumer: no table, as before
        assert not isinstance(err.value, DeviceUnreachable)
        with pytest.raises(DeviceError, match="error status 5"):  # refused from the first request: raised
            run(lambda c: c.walk_columns(t, SnmpCredentials.v2c("public").with_version(version),
                                         [(*IF_DESCR, 10101)]))


def test_silent_agent_fails_the_first_walk_request_naming_it() -> None:
    fake = _Flaky(_two_column_table(3), answers=0)
    with fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=0.1, retries=2)
        with pytest.raises(DeviceUnreachable) as err:
            run(lambda c: c.walk_columns(t, SnmpCredentials.v2c("public"), [IF_DESCR]))
    assert "bulk 1.3.6.1.2.1.2.2.1.2" in str(err.value) and "3 tries" in str(err.value)
    assert fake.seen == 3


def test_a_walk_given_up_by_its_caller_leaves_nothing_waiting() -> None:
    fake = _Flaky(_two_column_table(30), answers=0)
    with fake:
        t = SnmpTarget("127.0.0.1", fake.port, timeout=5, retries=0)

        async def give_up(c: SnmpClient) -> int:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(c.walk_columns(t, SnmpCredentials.v2c("public"), [IF_DESCR]), 0.2)
            return _packed_waiting(c)

        assert run(give_up) == 0
