"""`inventory show`'s discovered tables say whole or partial in the vocabulary's words, as every table's cells do."""

from __future__ import annotations

from govops.cli.inventory import _table_lines
from govops.vocab import labelled


def test_whole_and_partial_read_the_vocabulary() -> None:
    # They said `whole` and `partial` in English alone, words of no vocabulary.
    mark = {"reason": "row limit 10", "at": "2026-12-05T00:37:30", "source": "snmp"}
    lines = _table_lines({"interfaces": {"rows": 10, "partial": mark}, "neighbors": {"rows": 5, "partial": None},
                          "entities": {"rows": 0, "partial": None}})  # fmt: skip
    assert lines == [
        "interfaces: 10 rows, 部分 partial: the first rows only (row limit 10, snmp 2026-12-05 00:37:30)",
        "neighbors: 5 rows, 完整 whole",
        "entities: 0 rows",
    ]
    assert (labelled("table_read", "whole"), labelled("table_read", "partial")) == ("完整 whole", "部分 partial")
