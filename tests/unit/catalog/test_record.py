"""The one classification record: merging discovery over a ledger, and checking a record read from a file."""

from __future__ import annotations

import pytest

from govops.catalog.record import MAX_EVIDENCE, check_record, dimension, is_measured, make_record, merged
from govops.catalog.verdict import Evidence, Verdict
from govops.errors import InputError

EV = Evidence("ledger os", "Kylin V10", "os:kylin name 'Kylin'", "os.yaml")


def test_discovery_merges_over_a_declared_record_and_each_dimension_keeps_its_source() -> None:
    declared = make_record("domestic", "declared", {"os": dimension(Verdict("domestic", "kylin", (EV,)), "declared",
                                                                    where="d.csv:3")}, where="d.csv:3")
    measured = make_record("foreign", "snmp", {"vendor": dimension(Verdict("foreign", "cisco"), "snmp")})
    out = merged(declared, measured)
    assert (out["verdict"], out["source"], "where" in out) == ("foreign", "snmp", False)
    assert (out["vendor"]["source"], out["os"]["source"], out["os"]["where"]) == ("snmp", "declared", "d.csv:3")
    assert is_measured(out) and not is_measured(declared) and not is_measured(None)
    assert check_record(out, "x") == out


@pytest.mark.parametrize(("doc", "field"), [
    ([], "classification"),
    ({"verdict": "domestic", "source": "snmp", "colour": 1}, "classification.colour"),
    ({"verdict": "yes", "source": "snmp"}, "classification.verdict"),
    ({"verdict": "domestic", "source": "snmp", "vendor": {"verdict": "domestic", "source": "snmp",
                                                          "evidence": [{"field": "x"}] * (MAX_EVIDENCE + 1)}},
     "classification.vendor.evidence"),
    ({"verdict": "domestic", "source": "snmp", "cpu": {"verdict": "domestic", "source": "snmp",
                                                       "model": {"nested": "doc"}}}, "classification.cpu.model"),
    ({"verdict": "domestic", "source": "snmp", "os": {"verdict": "domestic", "source": "snmp",
                                                      "name": "x" * 5000}}, "classification.os.name"),
    ({"verdict": "domestic", "source": "ansible", "software": {"verdict": "domestic", "source": "ansible",
                                                               "items": [{"verdict": 1}]}},
     "classification.software.items[0].verdict"),
])
def test_a_bad_record_names_the_place_and_the_field(doc: object, field: str) -> None:
    with pytest.raises(InputError) as exc:
        check_record(doc, "inv.yaml:7")
    # Worded as every reader's bad value (errors.BadValue): it said `field `x`: expected ...`.
    assert str(exc.value).startswith(f"inv.yaml:7: field `{field}`: not understood (accepted: ")

