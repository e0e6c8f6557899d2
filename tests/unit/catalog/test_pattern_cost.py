"""Every pattern of the catalogue stays cheap on a hostile device's text.

Identification patterns are data, searched in text a device chooses (sysDescr, a MIB's
string, command output). A pattern that backtracks cubically (``[A-Z][\\w-]*\\d[\\w-]*`` before
a literal, searched unanchored) took 86-105 s on 4 kB of one letter; the cut at
``SNMP_MATCH_MAX_CHARS`` alone left it at 0.6-0.9 s of CPU over the texts below. The bound here is
on CPU time: five times what the costliest pattern of the catalogue spends (0.045 s, quadratic at the
cut), a third of what a cubic one spends.
"""

from __future__ import annotations

import random
import re
import time

import pytest

from govops.platforms.registry import PLATFORMS
from govops.platforms.snmp import default_platforms
from govops.util.limits import SNMP_MATCH_MAX_CHARS

# CPU seconds one pattern may spend over all the hostile texts below (the costliest pattern of the
# catalogue spends 0.045 s; the two cubic ones it held spent 0.56 and 0.91 s).
PATTERN_CPU_BUDGET_S = 0.25


def _catalogue_patterns() -> list[tuple[str, str, int]]:
    """(where, pattern, flags) of every regex the SNMP rows and the SSH platforms hold."""
    found: set[tuple[str, str, int]] = set()
    for p in default_platforms():
        found.update((f"snmp {p.id} sys_descr", s, re.IGNORECASE) for s in p.sys_descr)
        found.update((f"snmp {p.id} {r.field}", r.sys_descr or r.regex or "", re.MULTILINE) for r in p.extract)
        found.update((f"snmp {p.id} kind", k.sys_descr, re.IGNORECASE) for k in p.kinds if k.sys_descr)
    for name, plat in PLATFORMS.items():
        found.update((f"ssh {name} detect", r.pattern, 0) for r in plat.detect)
        found.update((f"ssh {name} variant", v.pattern, 0) for v in plat.variants)
        found.update((f"ssh {name} error", e, 0) for e in plat.error_patterns)
        found.update((f"ssh {name} log", e, 0) for e in plat.log_patterns)
        found.add((f"ssh {name} prompt", plat.prompt_pattern, 0))
        found.add((f"ssh {name} more", plat.more_pattern, 0))
    return sorted(f for f in found if f[1])


def _hostile_texts(n: int) -> list[str]:
    """Texts of ``n`` characters that make backtracking patterns try every split: runs of one class."""
    rng = random.Random(13)
    mixed = "".join(rng.choice("aA1 .-_:/,()V#\n\tRCSPX0x<>[]") for _ in range(n))
    runs = [c * n for c in "aA1 .-/V\t\n<["]
    words = ["a ", "1.", "A1", "V1R1 ", "Version ", "Model: ", "S/N: ", "Linux ", "VENDOR: ", "\n ", "1 "]
    return [*runs, *((w * (n // len(w) + 1))[:n] for w in words), mixed]


PATTERNS = _catalogue_patterns()
TEXTS = _hostile_texts(SNMP_MATCH_MAX_CHARS)


def _cpu_over_texts(compiled: re.Pattern[str]) -> float:
    """CPU seconds ``compiled`` spends searching the hostile texts (stops once past the budget)."""
    start = time.process_time()
    for text in TEXTS:
        compiled.search(text)
        if time.process_time() - start > PATTERN_CPU_BUDGET_S:
            break
    return time.process_time() - start


def test_the_catalogue_has_patterns_to_check() -> None:
    # Guards the collection above: a renamed attribute would otherwise leave nothing to time.
    assert len(PATTERNS) > 200
    assert any(where.startswith("ssh ") for where, _, _ in PATTERNS)


@pytest.mark.parametrize("chunk", range(4))
def test_every_pattern_is_cheap_on_hostile_text(chunk: int) -> None:
    slow = []
    for where, pattern, flags in PATTERNS[chunk::4]:
        spent = _cpu_over_texts(re.compile(pattern, flags))
        if spent > PATTERN_CPU_BUDGET_S:
            slow.append(f"{where}: {pattern!r} ({spent:.2f} s CPU)")
    assert not slow, "patterns that backtrack on hostile text:\n" + "\n".join(slow)


def test_a_cubic_pattern_is_caught() -> None:
    # The shape that was in the catalogue: the bound above must fail it, or it guards nothing.
    assert _cpu_over_texts(re.compile(r"(?P<value>[A-Z][\w-]*\d[\w-]*) Product Version")) > PATTERN_CPU_BUDGET_S
