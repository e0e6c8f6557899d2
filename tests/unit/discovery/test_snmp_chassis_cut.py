"""Whether a chassis chosen from an ENTITY-MIB walk of class and containment the agent cut short is the one the whole
table gives (``_chassis_settled``): only when its own rows and the places of every chassis before it were read.
Tables made up; each column read as far as its last row given."""

from __future__ import annotations

import pytest

from govops.discovery.snmp import _chassis_settled
from govops.snmp import mib
from govops.snmp.client import WalkResult
from govops.snmp.values import VarBind
from govops.util.oid import Oid

CHASSIS, STACK, MODULE, PORT = mib.ENT_CLASS_CHASSIS, mib.ENT_CLASS_STACK, 9, 10


def _walk(classes: dict[int, int], parents: dict[int, int]) -> WalkResult:
    def rows(column: Oid, values: dict[int, int]) -> list[VarBind]:
        return [VarBind((*column, i), "int", v) for i, v in sorted(values.items())]

    return WalkResult({mib.ENT_CLASS: rows(mib.ENT_CLASS, classes),
                       mib.ENT_CONTAINED_IN: rows(mib.ENT_CONTAINED_IN, parents)}, "no_answer", "cut", requests=1)


@pytest.mark.parametrize(("classes", "parents", "index", "settled"), [
    # The chassis at 1, contained in nothing, ports after it: the rows not read come after it.
    ({1: CHASSIS, 2: PORT}, {1: 0, 2: 1}, 1, True),
    # Its containment not read (that column cut before it): it might be contained in something.
    ({1: CHASSIS, 2: PORT}, {}, 1, False),
    ({1: CHASSIS, 2: PORT, 3: PORT}, {1: 0}, 1, True),  # containment read as far as the chassis: enough
    # Contained in 9, whose class was not read: 9 may be a stack (then 1 is at the top) or a shelf (then not).
    ({1: CHASSIS, 2: PORT}, {1: 9, 2: 1}, 1, False),
    ({1: STACK, 2: CHASSIS, 3: PORT}, {1: 0, 2: 1, 3: 2}, 2, True),  # in a stack read: at the top
    # A chassis before it in a container not read: it may be in a stack not read, at the top, and first.
    ({2: CHASSIS, 3: CHASSIS, 4: PORT}, {2: 50, 3: 0, 4: 3}, 3, False),
    # The same chassis before it in a module read: not at the top, whatever follows.
    ({1: MODULE, 2: CHASSIS, 3: CHASSIS, 4: PORT}, {1: 0, 2: 1, 3: 0, 4: 3}, 3, True),
])
def test_a_chassis_chosen_from_a_cut_walk_is_settled_only_by_rows_read(
        classes: dict[int, int], parents: dict[int, int], index: int, settled: bool) -> None:
    walk = _walk(classes, parents)
    chassis = [(i,) for i, c in sorted(classes.items()) if c == CHASSIS]
    as_classes: dict[Oid, int | None] = {(i,): c for i, c in classes.items()}
    as_parents: dict[Oid, int | None] = {(i,): p for i, p in parents.items()}
    assert _chassis_settled(walk, (index,), chassis, classes=as_classes, parents=as_parents) is settled
