"""Configuration audit rules as data (``platforms/<platform>/audit.yaml``) and their evaluation.

A rule is ``present`` (a finding when any pattern matches a line) or ``absent``
(a finding when none does). Rules run on masked configurations, so evidence
quoted from a configuration never holds a secret. Rules with ``requires: ipv6``
run only when the caller says IPv6 is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from govops.errors import InputError
from govops.platforms.registry import PLATFORMS, platform_dir
from govops.util.compiled import load_documents
from govops.util.schema import build
from govops.util.yamlio import LineDict
from govops.vocab import RuleTitles

AUDIT_FILE = "audit.yaml"
Severity = Literal["info", "warning", "critical"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "critical": 2}


@dataclass(frozen=True)
class AuditRule:
    """One configuration check."""

    id: str
    kind: Literal["present", "absent"]
    severity: Severity
    # Two data fields, never one text to split: a table draws ``中文 English`` from them, --json the one --lang picks.
    title_zh: str
    title_en: str
    patterns: list[str]
    advice: str
    requires: Literal["ipv6"] | None = None
    # The 等保 host rule id this check gives evidence for (``catalog/data/dengbao_host.yaml``).
    dengbao: str | None = None

    @property
    def titles(self) -> RuleTitles:
        """Its two titles, as a finding is stored and shown."""
        return RuleTitles(self.title_zh, self.title_en)

    @property
    def title(self) -> str:
        """The text a finding is stored with, ``中文 English`` as tables show it (``English / 中文`` before session 20;
        surfaces draw the title from the rule by its id, the stored text serves a rule a later release drops)."""
        return self.titles.cell()


@dataclass(frozen=True)
class RuleHit:
    """A rule that fired, with the lines (or the missing pattern) as evidence."""

    rule: AuditRule
    evidence: str


def load_rules(path: Path, platform: str | None = None) -> list[AuditRule]:
    """Load and validate one rules file; rule ids start with ``<platform>.``.

    Once accepted, the file is read from its compiled form (``govops.util.compiled``): a report
    counting 等保-ready systems reads every platform's rules, and parsing them cost it more than
    its queries. The regexes are compiled (checked) only when the YAML itself is read.

    Args:
        path: The rules file.
        platform: The platform the rules belong to (default: the folder holding the file).

    Raises:
        InputError: Naming ``file:line`` for a bad field, a duplicate id or a regex that does not compile.
    """
    prefix = (platform or path.parent.name) + "."
    return load_documents(
        f"audit-rules-{prefix[:-1]}",
        [path],
        lambda docs: _rules(docs[0], path, prefix, check_patterns=True),
        compiled=lambda docs: _rules(docs[0], path, prefix, check_patterns=False),
    )


def _rules(data: Any, path: Path, prefix: str, *, check_patterns: bool) -> list[AuditRule]:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError("expected a mapping with a `rules:` list", where=str(path))
    rules: list[AuditRule] = []
    seen: set[str] = set()
    for row in data["rules"]:
        line = row.line if isinstance(row, LineDict) else None
        rule = build(AuditRule, row, where=str(path), line=line)
        where = f"{path}:{line}" if line else str(path)
        if rule.id in seen:
            raise InputError(f"duplicate rule id {rule.id!r}", where=where)
        seen.add(rule.id)
        if not rule.id.startswith(prefix):
            raise InputError(f"rule id {rule.id!r} must start with {prefix!r}", where=where)
        for pattern in rule.patterns if check_patterns else ():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise InputError(f"rule {rule.id}: bad regex {pattern!r}: {exc}", where=where) from exc
        rules.append(rule)
    return rules


@cache
def rules_for(platform: str) -> tuple[AuditRule, ...]:
    """Return the built-in rules of a platform (empty when it has none)."""
    if platform not in PLATFORMS:
        return ()
    path = platform_dir(platform) / AUDIT_FILE
    return tuple(load_rules(path, platform)) if path.exists() else ()


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def audit_config(platform: str, text: str, *, require_ipv6: bool = False) -> list[RuleHit]:
    """Evaluate a platform's rules on one (masked) configuration.

    Args:
        platform: Normalised platform name.
        text: The configuration.
        require_ipv6: Whether rules marked ``requires: ipv6`` apply.

    Returns:
        The rules that fired, in file order.
    """
    hits = []
    for rule in rules_for(platform):
        if rule.requires == "ipv6" and not require_ipv6:
            continue
        matched: list[str] = []
        for pattern in rule.patterns:
            matched += [_line_at(text, m.start()) for m in re.finditer(pattern, text, re.MULTILINE)]
        if rule.kind == "present" and matched:
            hits.append(RuleHit(rule, "\n".join(dict.fromkeys(matched))[:2000]))
        elif rule.kind == "absent" and not matched:
            hits.append(RuleHit(rule, "no line matches " + " or ".join(f"/{p}/" for p in rule.patterns)))
    return hits
