"""One summary of a discovery run, the same for `discover snmp`, `discover ssh` and `discover servers`.

A run has targets that answered (found; of those saved, changed or unchanged), targets
that did not (unreachable: silence; failed: refused credentials, timeouts, device
errors) and devices that were not tried at all (skipped, with a reason). People read
one line (``summary_line``) with the skips grouped by reason; scripts read ``to_json``.

The exit-code rule, one for all three commands (docs/discovery.md): 0 when every
target tried was read; 1 when any was unreachable or failed; skipped devices are
reported but never change the exit code (2 stays bad usage or input).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from govops.errors import EXIT_FINDINGS

# A device's own name at the start of a problem ("device X: ...", "X: ...") is dropped to group by reason.
_NAME_PREFIX = re.compile(r"^(?:device\s+)?[\w.:#\[\]-]+:\s+")


def skip_reason(problem: str) -> str:
    """The reason of one skip message, without the device it names (so equal reasons group)."""
    return _NAME_PREFIX.sub("", problem.strip(), count=1).splitlines()[0] if problem.strip() else "unknown"


def skip_hint(problem: str) -> str | None:
    r"""What to do about one skip, as its error's hint says (``GovopsError``'s ``hint:`` line), or None.

    >>> skip_hint("srv-01: variable X is not set\n  hint: export X"), skip_hint("srv-01: no address")
    ('export X', None)
    """
    hints = [line.strip().removeprefix("hint:").strip() for line in problem.splitlines()[1:]
             if line.strip().startswith("hint:")]  # fmt: skip
    return hints[0] if hints else None


@dataclass
class DiscoverySummary:
    """Counts of one discovery run."""

    command: str
    found: int = 0
    unreachable: int = 0
    failed: int = 0
    changed: int | None = None
    unchanged: int | None = None
    skipped: Counter[str] = field(default_factory=Counter)
    # reason -> what to do about it (its error's hint), said beside the reason's count: a reason alone does not teach.
    skip_hints: dict[str, str] = field(default_factory=dict)

    def add(self, outcome: str | None) -> None:
        """Count one target tried: ``ok``, ``unreachable`` (silence), anything else failed."""
        if outcome == "ok":
            self.found += 1
        elif outcome == "unreachable":
            self.unreachable += 1
        else:
            self.failed += 1

    def skip(self, problems: Iterable[str]) -> None:
        """Count skip messages by reason."""
        for problem in problems:
            reason, hint = skip_reason(problem), skip_hint(problem)
            self.skipped[reason] += 1
            if hint is not None:
                self.skip_hints.setdefault(reason, hint)

    @property
    def exit_code(self) -> int:
        """0 when every target tried was read, 1 (findings) when any was unreachable or failed."""
        return EXIT_FINDINGS if self.unreachable or self.failed else 0

    def summary_line(self) -> str:
        """``discover snmp: 315 found (12 changed, 303 unchanged), 0 unreachable, 0 failed, 3 skipped``."""
        saved = "" if self.changed is None else f" ({self.changed} changed, {self.unchanged} unchanged)"
        skipped = sum(self.skipped.values())
        return (f"discover {self.command}: {self.found} found{saved}, {self.unreachable} unreachable, "
                f"{self.failed} failed, {skipped} skipped")  # fmt: skip

    def skip_lines(self) -> list[str]:
        """One line per skip reason, most frequent first: ``  skipped 302: <reason>``, and ``; hint: <what to do>``
        where its error says."""
        return [f"  skipped {n}: {reason}" + (f"; hint: {self.skip_hints[reason]}" if reason in self.skip_hints else "")
                for reason, n in self.skipped.most_common()]  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (``summary`` in every discover command's --json output)."""
        return {
            "found": self.found, "changed": self.changed, "unchanged": self.unchanged,
            "unreachable": self.unreachable, "failed": self.failed,
            "skipped": sum(self.skipped.values()), "skipped_by_reason": dict(self.skipped.most_common()),
            "exit_code": self.exit_code,
        }  # fmt: skip
