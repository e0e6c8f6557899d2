"""The standard row's kind by enterprise arc is for makers no platform row selects: one place per arc's kind."""

from __future__ import annotations

from govops.platforms.snmp import GENERIC, default_platforms, select_platform


def test_no_generic_arc_kind_is_shadowed_by_a_platform_row() -> None:
    platforms = default_platforms()
    generic = next(p for p in platforms if p.id == GENERIC)
    shadowed = []
    for rule in generic.kinds:
        if rule.sys_object_id and not (rule.sys_descr or rule.answers or rule.model or rule.release or rule.value_of):
            row = select_platform(platforms, f"{rule.sys_object_id}.1", "")
            if row is not None and row.id != GENERIC:
                shadowed.append(f"{rule.sys_object_id} ({rule.kind}): row {row.id} selects the arc first")
    assert not shadowed, "the platform row decides these arcs' kind; drop the generic rule: " + "; ".join(shadowed)
