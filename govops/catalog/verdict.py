"""Verdicts and their evidence: the shared vocabulary of every classifier dimension.

Python 3.6-safe: shipped in the host-agent zipapp with the classifier.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from typing import Any

if sys.version_info >= (3, 8):
    from typing import Literal  # novermin

    VerdictName = Literal["domestic", "foreign", "unknown"]


@dataclass(frozen=True)
class Evidence:
    """Which observed field matched which catalogue rule.

    Example: field ``sys_object_id``, value ``1.3.6.1.4.1.2011.2.23.1``, rule
    ``vendor:huawei enterprise 2011``, source ``IANA PEN registry``.
    """

    field: str
    value: str
    rule: str
    source: str | None = None


@dataclass(frozen=True)
class Verdict:
    """A domestic/foreign/unknown verdict for one dimension, with the evidence behind it."""

    verdict: VerdictName
    subject: str | None = None
    evidence: tuple[Evidence, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape used by ``--json`` and the store."""
        return {
            "verdict": self.verdict,
            "subject": self.subject,
            "evidence": [asdict(e) for e in self.evidence],
        }


UNKNOWN = Verdict("unknown")
