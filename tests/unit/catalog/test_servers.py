"""govops.catalog.servers: the verdict records' own views."""

from __future__ import annotations

import pytest

from govops.catalog.servers import CpuVerdict
from govops.catalog.verdict import Verdict


@pytest.mark.parametrize(
    ("vendor", "model", "name"),
    [
        ("Intel", "Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz", "Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz"),
        ("AMD", "AMD EPYC", "AMD EPYC"),  # the maker once, not "AMD AMD EPYC"
        ("hygon", "Hygon C86 7285", "Hygon C86 7285"),  # whatever the case
        ("HiSilicon", "Kunpeng 920", "HiSilicon Kunpeng 920"),  # a model without its maker keeps it in front
        ("Arm", "Armada 8040", "Arm Armada 8040"),  # a longer word is not the maker's name
        ("Loongson", None, "Loongson"),
        (None, "Some CPU", "Some CPU"),
        (None, None, ""),
    ],
)
def test_cpu_name_says_the_maker_once(vendor: str | None, model: str | None, name: str) -> None:
    assert CpuVerdict(Verdict("unknown"), vendor, model, None, None).name == name
