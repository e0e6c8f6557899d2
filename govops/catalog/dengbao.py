"""等保 2.0 host rules as data (``data/dengbao_host.yaml``) joined with the checks' results.

:mod:`govops.catalog.hostcheck` decides pass/fail/unknown with evidence, on a captured
tree or on the host itself (inside the Ansible module); this module adds what every
surface shows (clause, severity, advice in Chinese and English) and turns the raw
results, which may come from a remote host, into validated findings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from govops.catalog import hostcheck
from govops.errors import InputError
from govops.util.schema import build
from govops.util.yamlio import LineDict, load_yaml_file
from govops.vocab import RuleTitles

RULES_FILE = Path(__file__).parent / "data" / "dengbao_host.yaml"
STATUSES = ("pass", "fail", "unknown")
MAX_EVIDENCE = 20
MAX_TEXT = 300

Status = Literal["pass", "fail", "unknown"]


@dataclass(frozen=True)
class DengbaoRule:
    """One technical check with its GB/T 22239-2019 clause."""

    id: str
    clause: str
    clause_text: str
    severity: Literal["info", "warning", "critical"]
    title_zh: str
    title_en: str
    advice_zh: str
    advice_en: str

    @property
    def titles(self) -> RuleTitles:
        """Its two titles and clause, as a finding is stored and shown."""
        return RuleTitles(self.title_zh, self.title_en, self.clause)


@dataclass(frozen=True)
class RuleSet:
    """The rules, in check order, and the thresholds the checks use."""

    rules: tuple[DengbaoRule, ...]
    params: dict[str, int]

    def rule(self, rule_id: str) -> DengbaoRule:
        """The rule called ``rule_id``."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


@dataclass(frozen=True)
class HostFinding:
    """One rule's result on one host: the JSON shape of ``govops audit host``."""

    rule: str
    clause: str
    severity: str
    status: Status
    evidence: tuple[dict[str, Any], ...]
    advice_zh: str
    advice_en: str

    def to_dict(self) -> dict[str, Any]:
        """JSON shape."""
        out = asdict(self)
        out["evidence"] = [dict(e) for e in self.evidence]
        return out


def load_ruleset(path: Path = RULES_FILE) -> RuleSet:
    """Load and validate the rules file: every check has exactly one rule, and params are integers.

    Raises:
        InputError: Naming ``file:line`` for a bad or missing rule or parameter.
    """
    doc = load_yaml_file(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list) or not isinstance(doc.get("params"), dict):
        raise InputError("expected a mapping with `params:` and a `rules:` list", where=str(path))
    rules = []
    for row in doc["rules"]:
        line = row.line if isinstance(row, LineDict) else None
        rules.append(build(DengbaoRule, row, where=str(path), line=line))
    ids = [r.id for r in rules]
    if sorted(ids) != sorted(hostcheck.RULE_IDS):
        raise InputError(f"rules {sorted(ids)} do not match the checks {sorted(hostcheck.RULE_IDS)}", where=str(path))
    params = {}
    for key, value in doc["params"].items():
        if key not in hostcheck.DEFAULT_PARAMS or not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"param {key!r}: expected one of {sorted(hostcheck.DEFAULT_PARAMS)} with an integer",
                             where=str(path))
        params[key] = value
    order = {r: i for i, r in enumerate(hostcheck.RULE_IDS)}
    return RuleSet(tuple(sorted(rules, key=lambda r: order[r.id])), params)


@cache
def default_ruleset() -> RuleSet:
    """The built-in rules (loaded once)."""
    return load_ruleset()


def _clean_evidence(raw: Any, where: str) -> tuple[dict[str, Any], ...]:
    if not isinstance(raw, list):
        raise InputError("evidence must be a list", where=where)
    out = []
    for item in raw[:MAX_EVIDENCE]:
        if not isinstance(item, dict):
            raise InputError("evidence items must be mappings", where=where)
        line = item.get("line")
        out.append({
            "file": str(item.get("file") or "")[:MAX_TEXT],
            "line": line if isinstance(line, int) and not isinstance(line, bool) and line > 0 else None,
            "value": str(item.get("value") or "")[:MAX_TEXT],
        })
    return tuple(out)


def findings_from_results(results: Any, ruleset: RuleSet | None = None, *, where: str = "host") -> list[HostFinding]:
    """Join raw check results (from :func:`hostcheck.check_tree`, local or remote) with the rules.

    A rule the results leave out is ``unknown``: a host that answered only in part
    never passes by omission.

    Raises:
        InputError: When the results are not the shape the checks produce (naming ``where``).
    """
    rs = ruleset or default_ruleset()
    if not isinstance(results, list):
        raise InputError("check results must be a list", where=where)
    by_rule: dict[str, dict[str, Any]] = {}
    for item in results:
        if not isinstance(item, dict) or item.get("rule") not in hostcheck.RULE_IDS:
            raise InputError(f"unexpected check result {str(item)[:80]!r}", where=where)
        if item.get("status") not in STATUSES:
            raise InputError(f"rule {item['rule']}: status must be one of {', '.join(STATUSES)}", where=where)
        by_rule[item["rule"]] = item
    out = []
    for rule in rs.rules:
        item = by_rule.get(rule.id)
        status: Status = item["status"] if item else "unknown"
        ev = _clean_evidence(item["evidence"], f"{where}: {rule.id}") if item else (
            {"file": "", "line": None, "value": "the host returned no result for this rule"},)
        out.append(HostFinding(rule.id, rule.clause, rule.severity, status, ev, rule.advice_zh, rule.advice_en))
    return out


def audit_root(root: Path, ruleset: RuleSet | None = None) -> list[HostFinding]:
    """Check a captured host file tree.

    Raises:
        InputError: When ``root`` is not a directory.
    """
    if not root.is_dir():
        raise InputError("not a directory", where=f"--root {root}", hint="a captured host tree with etc/ inside")
    rs = ruleset or default_ruleset()
    return findings_from_results(hostcheck.check_tree(str(root), rs.params), rs, where=str(root))
