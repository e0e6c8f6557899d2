"""The xinchuang backlog's evidence: measured and ledger-given dimensions told apart."""

from __future__ import annotations

from govops.catalog.record import dimension, make_record, merged
from govops.catalog.verdict import Evidence, Verdict
from govops.reports.i18n import Translator
from govops.reports.xinchuang import _evidence_text

EV = Evidence("ledger os", "Kylin V10", "os:kylin name 'Kylin'", "os.yaml")


def test_the_evidence_text_says_which_dimension_the_ledger_gave() -> None:
    declared = make_record("domestic", "declared", {"os": dimension(Verdict("domestic", "kylin", (EV,)), "declared",
                                                                    where="d.csv:3")}, where="d.csv:3")
    measured = make_record("foreign", "snmp", {"vendor": dimension(Verdict("foreign", "cisco"), "snmp")})
    text = _evidence_text(merged(declared, measured), "foreign", Translator("en"))
    assert "vendor: Cisco Systems → foreign" in text and "os: kylin → domestic" not in text.split(";")[0]
    assert text.endswith("[from the ledger (d.csv:3)]"), text
    assert _evidence_text(declared, "domestic", Translator("en")).startswith("from the ledger (d.csv:3): ")
