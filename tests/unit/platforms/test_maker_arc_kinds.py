"""The standard row's makers of one kind: each enterprise arc is a registered number of the maker its comment names.

A row `{sys_object_id: 1.3.6.1.4.1.<n>, kind: <k>}  # <maker>: <products>` decides the kind of every device under the
arc that no platform row claims. A mistyped number would silently decide another maker's devices, so each number must
be a vendor-catalogue row's or in the IANA registry, and the comment must name that registrant (or the catalogue row's
maker); the kind must be a vocabulary kind.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govops.catalog.enterprises import enterprise_name
from govops.catalog.vendors import default_vendors
from govops.platforms.snmp import GENERIC, default_platforms
from govops.vocab.table import DEVICE_KINDS

STANDARD = Path(__file__).parents[3] / "govops" / "platforms" / "snmp_standard.yaml"
ROW = re.compile(r"^\s*- \{sys_object_id: 1\.3\.6\.1\.4\.1\.(?P<pen>\d+), kind: (?P<kind>\w+)\}\s*#\s*(?P<comment>.+)$")
# Words of a registered name that name no one by themselves ('Technologies', 'Ltd', 'Power', 'Storage', a city).
NOT_A_NAME = frozenset(
    re.split(
        r"\s+",
        "inc ltd llc gmbh co corp corporation company limited technology technologies systems system networks network "
        "electronic electronics international information security software data the and of sa ag ab bv s.r.o ups "
        "power manufacturing storage electric devices device air conditioning server vision engineering beijing "
        "shenzhen hangzhou shanghai china city dynamic dot hill logic domain",
    )
)


def arc_rows() -> list[tuple[int, str, str]]:
    """(number, kind, comment) of each maker-of-one-kind row, as the file writes it."""
    rows = []
    for line in STANDARD.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if m:
            rows.append((int(m["pen"]), m["kind"], m["comment"]))
    return rows


def names_of(pen: int) -> set[str]:
    """What may name the maker of a number: the catalogue row's name and aliases, the registered name whole and its
    distinctive words."""
    names: set[str] = set()
    row = default_vendors().by_enterprise.get(pen)
    if row is not None:
        names |= {row.name, *row.aliases, *([row.name_zh] if row.name_zh else [])}
    registered = enterprise_name(pen) or ""
    names.add(registered)
    names |= {w for w in re.findall(r"[^\W\d_][\w-]*", registered) if len(w) >= 3 and w.casefold() not in NOT_A_NAME}
    return {n.casefold() for n in names if n}


def named(comment: str, names: set[str]) -> bool:
    text = comment.casefold()
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text) or (not n.isascii() and n in text) for n in names)


ROWS = arc_rows()


def test_the_rows_are_the_loaded_rules() -> None:
    # The text scan and the loader see the same rows: none hides from this table in another spelling.
    generic = next(p for p in default_platforms() if p.id == GENERIC)
    loaded = {
        (int(r.sys_object_id.split(".")[6]), r.kind)
        for r in generic.kinds
        if r.sys_object_id and r.sys_object_id.startswith("1.3.6.1.4.1.") and r.sys_object_id.count(".") == 6
        and not (r.sys_descr or r.answers or r.model or r.release or r.value_of)
    }
    assert {(pen, kind) for pen, kind, _ in ROWS} == loaded
    assert len(ROWS) >= 70


@pytest.mark.parametrize(("pen", "kind", "comment"), ROWS, ids=[str(pen) for pen, _, _ in ROWS])
def test_each_arc_is_a_registered_number_of_the_maker_named(pen: int, kind: str, comment: str) -> None:
    assert kind in DEVICE_KINDS
    registered = default_vendors().by_enterprise.get(pen) is not None or enterprise_name(pen) is not None
    assert registered, f"{pen} is no registered number"
    names = names_of(pen)
    assert named(comment, names), f"{pen}: '{comment}' names none of {sorted(names)} (a mistyped number?)"


def test_one_row_per_number() -> None:
    pens = [pen for pen, _, _ in ROWS]
    assert len(pens) == len(set(pens))


@pytest.mark.parametrize(
    ("comment", "pen"),
    [
        ("Riello UPS: UPSes", 5941),  # 5491 with two digits swapped: another registrant
        ("Pure Storage: FlashArray", 40428),
        ("Acme: widgets", 5491),
    ],
)
def test_a_mistyped_number_or_an_unnamed_maker_fails(comment: str, pen: int) -> None:
    assert not named(comment, names_of(pen))
