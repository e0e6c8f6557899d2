"""Mask secrets in device configurations before they are stored, printed or diffed.

Rules are data: ``platforms/masking.yaml`` holds what every dialect shares (PEM
keys, Huawei's ``%^%#`` wrapper, ``password``/``secret``/``cipher`` keywords,
communities, AAA keys); ``platforms/<platform>/masking.yaml`` holds a dialect's
own syntax (``ntp authentication-key``, ``crypto isakmp key``, ``securityname``,
``authentication-mode md5 1 plain``, ``set snmp community``...) and may include
another platform's file. A platform's rules run before the shared ones; without a
platform every platform's rules run (masking too much beats leaking).
Published factory defaults (``public``/``private``) are tagged, not hidden, so the
configuration audit can still flag them on a stored, masked configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from govops.errors import CatalogError, InputError
from govops.platforms.registry import PLATFORMS, PLATFORMS_DIR, get_platform
from govops.util.yamlio import load_yaml_file

MASK = "<masked>"
DEFAULT_COMMUNITIES = frozenset({"public", "private"})
MASKING_FILE = "masking.yaml"

# One secret token: a "quoted string" or a run of non-blanks (a trailing `;` stays outside), that is
# not already masked and not a keyword of the syntax around it.
_KEYWORDS = ("md5|sha\\S*|type|address|ascii-text|hexadecimal|role|level|version|traps?|informs?|text|plain"
             "|cipher|simple|hash|encrypted|authentication|accounting|authorization|authentication-mode"
             "|privacy-mode|read|write")
_TOKEN = f'(?!<masked)(?!(?:{_KEYWORDS})(?:[ \\t]|$))(?:"[^"\\n]*"|\\S+?)(?=;?(?:[ \\t]|$))'


@dataclass(frozen=True)
class MaskRule:
    """One secret pattern; every group named ``secret...`` is replaced."""

    name: str
    pattern: re.Pattern[str]


def _compile(name: str, pattern: str, where: str) -> MaskRule:
    text = re.sub(r"\{(secret\d*)\}", lambda m: f"(?P<{m.group(1)}>{_TOKEN})", pattern)
    try:
        compiled = re.compile(text, re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise CatalogError(f"{where}: masking rule {name}: bad pattern: {exc}") from exc
    if not any(g.startswith("secret") for g in compiled.groupindex):
        raise CatalogError(f"{where}: masking rule {name} has no `secret` group")
    return MaskRule(name, compiled)


def _load(path: Path) -> tuple[list[str], list[MaskRule]]:
    """Return (included platforms, rules) of one masking file."""
    data = load_yaml_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise CatalogError(f"{path}: a masking file is a mapping with a `rules:` list")
    rules = [_compile(str(r.get("name")), str(r.get("pattern")), f"{path}:{r.line}") for r in data["rules"]]
    return [str(p) for p in data.get("include") or []], rules


@cache
def platform_rules(platform: str) -> tuple[MaskRule, ...]:
    """Return a platform's own rules (its includes first resolved), without the shared ones."""
    path = PLATFORMS_DIR / platform / MASKING_FILE
    if not path.is_file():
        return ()
    includes, rules = _load(path)
    included = [r for name in includes for r in platform_rules(name)]
    return (*rules, *included)


@cache
def shared_rules() -> tuple[MaskRule, ...]:
    """Return the rules every dialect shares."""
    return tuple(_load(PLATFORMS_DIR / MASKING_FILE)[1])


@cache
def rules_for(platform: str | None) -> tuple[MaskRule, ...]:
    """Return the rules to apply for ``platform`` (None: every platform's), shared rules last."""
    if platform is None:
        own = tuple(dict.fromkeys(r for name in sorted(PLATFORMS) for r in platform_rules(name)))
    else:
        own = platform_rules(get_platform(platform).name)
    return (*own, *shared_rules())


def _replace(match: re.Match[str]) -> str:
    whole = match.group(0)
    base = match.start()
    spans = sorted(
        (match.span(name), match.group(name))
        for name in match.re.groupindex
        if name.startswith("secret") and match.group(name) is not None
    )
    out, last = [], 0
    for (start, end), secret in spans:
        bare = secret.strip('"').lower()
        out.append(whole[last : start - base])
        out.append(f"<masked:default-{bare}>" if bare in DEFAULT_COMMUNITIES else MASK)
        last = end - base
    out.append(whole[last:])
    return "".join(out)


def mask_secrets(text: str, platform: str | None = None) -> str:
    """Return ``text`` with every secret replaced by ``<masked>``.

    Raises:
        InputError: ``platform`` is not a platform govops knows.

    >>> mask_secrets(" local-user admin password irreversible-cipher $1a$abc$")
    ' local-user admin password irreversible-cipher <masked>'
    >>> mask_secrets("snmp-agent community read public")
    'snmp-agent community read <masked:default-public>'
    >>> mask_secrets("ntp authentication-key 1 md5 0822455D0A16 7", "cisco_ios")
    'ntp authentication-key 1 md5 <masked> 7'
    """
    for rule in rules_for(platform):
        text = rule.pattern.sub(_replace, text)
    return text


__all__ = ["MASK", "InputError", "MaskRule", "mask_secrets", "rules_for"]
