"""A table walk cut short by the row limit or the per-target deadline (the device still answering): the rows read are
the first rows of the table. They are shown, with the reason; they are saved, marked partial, where the store holds no
whole table of the part (a new device, or one never read whole), so nothing read is lost; a whole table stored is
never replaced by them, and a later whole walk replaces them and clears the mark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import select

from govops.discovery.reconcile import Cut, Kept, ReconcileReport, reconcile
from govops.snmp import SnmpCredentials, mib
from govops.snmp.client import StopReason, WalkResult
from govops.snmp.credentials import SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.store.db import session_scope
from govops.store.discovered import discovered_tables
from govops.store.models import Device, HistoryEntry, Interface, Neighbor
from govops.util.oid import Oid
from tests.unit.discovery.test_snmp_silence import HOST, discover

# The made-up host with a second LLDP neighbour, so a cut LLDP walk has read one of two.
TWO_PEERS = [*HOST, "1.0.8802.1.1.2.1.4.1.1.9.0.2.1|4|other-switch"]
WHOLE = (["eth1", "eth2", "eth3"], ["other-switch", "peer-switch"])
# What a device's tables hold after a scan whose walk of the part stopped after its first row.
FIRST_ROW = {"interfaces": (["eth1"], WHOLE[1]), "neighbors": (WHOLE[0], ["peer-switch"])}
REASON = {"max_rows": "row limit 5000", "deadline": "deadline 60 s"}
NAME = "dev"  # the made-up host's sysName (tests.snmp_cases.system)
PARTS = [(mib.IF_DESCR, "interfaces"), (mib.LLDP_REM_CHASSIS_ID, "neighbors")]


class Cutting(RecordedAgent):
    """A recorded walk whose walk of the column ``first`` stops after ``rows`` rows, ``stopped`` (the device
    answering)."""

    def __init__(
        self, lines: list[str], first: Oid | None = None, stopped: StopReason = "max_rows", rows: int = 1
    ) -> None:
        super().__init__(parse_snmprec(lines))
        self.first, self.stopped, self.rows = first, stopped, rows

    async def walk_columns(
        self, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid], **bounds: Any
    ) -> WalkResult:
        whole = await super().walk_columns(target, creds, roots, **bounds)
        if self.first not in roots:
            return whole
        rows = {r: whole.rows(r)[: self.rows] for r in roots}
        return WalkResult(rows, self.stopped, f"stopped after {self.rows} rows", requests=1)


def stored(engine: Any) -> tuple[list[str], list[str]]:
    with session_scope(engine) as s:
        return (sorted(i.name for i in s.scalars(select(Interface))),
                sorted(str(n.remote_name) for n in s.scalars(select(Neighbor))))


def marks(engine: Any) -> dict[str, Any]:
    """The device's discovered tables as ``inventory show`` reads them: rows and partial mark."""
    with session_scope(engine) as s:
        return discovered_tables(s, s.scalars(select(Device.id)).one())


def scan(engine: Any, agent: RecordedAgent) -> ReconcileReport:
    obs = discover(agent)
    assert obs.ok, obs.error
    return reconcile(engine, [obs])


@pytest.mark.parametrize("stopped", ["max_rows", "deadline"])
@pytest.mark.parametrize(("column", "part"), PARTS)
def test_a_cut_walk_is_shown_with_its_reason_and_leaves_a_whole_stored_table_whole(
    engine: Any, column: Oid, part: str, stopped: StopReason
) -> None:
    report = scan(engine, Cutting(TWO_PEERS))
    assert report.partial == {} and stored(engine) == WHOLE
    obs = discover(Cutting(TWO_PEERS, column, stopped))
    assert obs.ok, obs.error
    # Shown: the rows read, the partial-walk warning, the reason; nothing is "not read".
    read = obs.interfaces if part == "interfaces" else obs.neighbors
    assert read is not None and len(read) == 1
    assert any(" walk partial (" + stopped + ")" in w for w in obs.warnings), obs.warnings
    assert dict(obs.partial) == {part: REASON[stopped]} and not obs.unread, (obs.partial, obs.unread)
    report = reconcile(engine, [obs])
    assert stored(engine) == WHOLE
    kept = Kept("stored rows", REASON[stopped])
    assert report.partial == {NAME: {part: Cut(REASON[stopped], read=1, kept=kept)}}
    assert report.to_json()["partial"] == {NAME: {part: f"{REASON[stopped]}: not saved; stored rows kept"}}
    # What was kept, as for a part not read ("...; stored rows kept"): one record, its words made in one place.
    assert report.kept_what(obs.target, part) == kept and kept.words == "stored rows kept"
    assert all(t["partial"] is None for t in marks(engine).values())


@pytest.mark.parametrize("stopped", ["max_rows", "deadline"])
@pytest.mark.parametrize(("column", "part"), PARTS)
def test_a_new_device_keeps_the_rows_of_a_cut_walk_marked_partial_until_a_whole_walk(
    engine: Any, column: Oid, part: str, stopped: StopReason
) -> None:
    # Before: a new device whose first walk was cut stored no rows of that table at all.
    report = scan(engine, Cutting(TWO_PEERS, column, stopped))
    assert stored(engine) == FIRST_ROW[part]
    assert report.partial == {NAME: {part: Cut(REASON[stopped], read=1, saved=True)}}
    assert report.to_json()["partial"] == {NAME: {part: f"{REASON[stopped]}: the first 1 rows saved, marked partial"}}
    assert report.kept_what(next(iter(report.matched)), part) is None  # saved: nothing kept
    tables = marks(engine)
    mark = tables[part]["partial"]
    assert mark is not None and (mark["reason"], mark["source"]) == (REASON[stopped], "snmp") and mark["at"]
    other = "neighbors" if part == "interfaces" else "interfaces"
    assert tables[other]["partial"] is None and tables[part]["rows"] == 1
    # The same cut again: the same first rows, nothing changed, the mark of the scan that saved them stays.
    again = scan(engine, Cutting(TWO_PEERS, column, stopped))
    assert again.unchanged == [NAME] and marks(engine)[part]["partial"] == mark
    # A cut that read less does not cut the partial table down; one that read more replaces it.
    none = scan(engine, Cutting(TWO_PEERS, column, stopped, rows=0))
    assert stored(engine) == FIRST_ROW[part] and marks(engine)[part]["partial"] == mark
    assert none.partial[NAME][part].words == f"{REASON[stopped]}: no rows read; stored rows kept"
    more = scan(engine, Cutting(TWO_PEERS, column, stopped, rows=2))
    assert more.partial[NAME][part].words.endswith("the first 2 rows saved, marked partial")
    assert marks(engine)[part]["rows"] == 2 and marks(engine)[part]["partial"] is not None
    # One row read now, of a partial table of two: the two stay, and the words say what they are.
    fewer = scan(engine, Cutting(TWO_PEERS, column, stopped, rows=1))
    assert fewer.partial[NAME][part] == Cut(REASON[stopped], read=1, kept=Kept("stored rows", REASON[stopped]),
                                            stored_partial=2)
    assert fewer.to_json()["partial"][NAME][part] == (
        f"{REASON[stopped]}: not saved; stored rows kept (a partial table of 2)")
    assert marks(engine)[part]["rows"] == 2
    # A whole walk replaces the rows and clears the mark; history says so.
    whole = scan(engine, Cutting(TWO_PEERS))
    assert stored(engine) == WHOLE and whole.partial == {}
    assert all(t["partial"] is None for t in marks(engine).values())
    with session_scope(engine) as s:
        changes = [(h.old, h.new) for h in s.scalars(select(HistoryEntry).where(HistoryEntry.field == "partial_tables")
                                                     .order_by(HistoryEntry.id))]  # fmt: skip
    assert changes[0][0] is None and set(changes[0][1]) == {part} and changes[-1][1] is None
    # And a cut walk after that keeps the whole table (today's rule).
    scan(engine, Cutting(TWO_PEERS, column, stopped))
    assert stored(engine) == WHOLE and all(t["partial"] is None for t in marks(engine).values())
