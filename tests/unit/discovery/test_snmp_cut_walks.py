"""A table walk cut short by the row limit or the per-target deadline (the device still answering): the rows read are
shown with a warning, but the part counts as unread for saving, so the store keeps the whole table an earlier scan
recorded instead of replacing it with the first rows of it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import select

from govops.discovery.reconcile import reconcile
from govops.snmp import SnmpCredentials, mib
from govops.snmp.client import StopReason, WalkResult
from govops.snmp.credentials import SnmpTarget
from govops.snmp.recorded import RecordedAgent, parse_snmprec
from govops.snmp.values import Oid
from govops.store.db import make_engine, session_scope, upgrade_store
from govops.store.models import Interface, Neighbor
from tests.unit.discovery.test_snmp_silence import HOST, discover

# The made-up host with a second LLDP neighbour, so a cut LLDP walk has read one of two.
TWO_PEERS = [*HOST, "1.0.8802.1.1.2.1.4.1.1.9.0.2.1|4|other-switch"]


class Cutting(RecordedAgent):
    """A recorded walk whose walk of the column ``first`` stops after one row, ``stopped`` (the device answering)."""

    def __init__(self, lines: list[str], first: Oid | None = None, stopped: StopReason = "max_rows") -> None:
        super().__init__(parse_snmprec(lines))
        self.first, self.stopped = first, stopped

    async def walk_columns(
        self, target: SnmpTarget, creds: SnmpCredentials, roots: Sequence[Oid], **bounds: Any
    ) -> WalkResult:
        whole = await super().walk_columns(target, creds, roots, **bounds)
        if self.first not in roots:
            return whole
        return WalkResult({r: whole.rows(r)[:1] for r in roots}, self.stopped, "stopped after 1 row", requests=1)


def stored(engine: Any) -> tuple[list[str], list[str]]:
    with session_scope(engine) as s:
        return (sorted(i.name for i in s.scalars(select(Interface))),
                sorted(str(n.remote_name) for n in s.scalars(select(Neighbor))))


@pytest.mark.parametrize("stopped", ["max_rows", "deadline"])
@pytest.mark.parametrize(("column", "part"), [(mib.IF_DESCR, "interfaces"),
                                              (mib.LLDP_REM_CHASSIS_ID, "neighbors")])
def test_a_cut_walk_is_shown_but_leaves_the_stored_table_whole(
    store_url: str, column: Oid, part: str, stopped: StopReason
) -> None:
    engine = make_engine(store_url)
    upgrade_store(engine)
    healthy = discover(Cutting(TWO_PEERS))
    assert healthy.ok and not healthy.unread, healthy.warnings
    reconcile(engine, [healthy])
    whole = stored(engine)
    assert whole == (["eth1", "eth2", "eth3"], ["other-switch", "peer-switch"])

    obs = discover(Cutting(TWO_PEERS, column, stopped))
    assert obs.ok, obs.error
    # Shown: the rows read, with the partial-walk warning; unread for saving, naming why.
    read = obs.interfaces if part == "interfaces" else obs.neighbors
    assert read is not None and len(read) == 1
    assert any(" walk partial (" + stopped + ")" in w for w in obs.warnings), obs.warnings
    assert list(obs.unread) == [part] and obs.unread[part].startswith(f"{stopped}: "), obs.unread
    reconcile(engine, [obs])
    assert stored(engine) == whole
