"""Mask secrets in device configurations before they are stored, printed or diffed.

Rules are data: (name, regex, replacement). The regexes cover Huawei/H3C
``%^%#...%^%#`` and ``cipher``/``irreversible-cipher`` strings,
``snmp-agent``/``snmp-server community``, local-user passwords, Cisco
``secret 5``/``password 7``, Junos ``encrypted-password``, ZTE ``encrypted``,
pre-shared and RADIUS/TACACS keys, SNMPv3 keys and PEM private keys.
Published factory defaults (``public``/``private``) are tagged, not hidden, so the
configuration audit can still flag them on a stored, masked configuration.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MASK = "<masked>"
DEFAULT_COMMUNITIES = frozenset({"public", "private"})


@dataclass(frozen=True)
class MaskRule:
    """One secret pattern; group ``secret`` is replaced."""

    name: str
    pattern: re.Pattern[str]


def _rule(name: str, pattern: str) -> MaskRule:
    return MaskRule(name, re.compile(pattern, re.IGNORECASE | re.MULTILINE))


RULES: tuple[MaskRule, ...] = (
    _rule("pem_private_key", r"(?P<secret>-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)"),
    # Huawei's reversible encryption wrapper, anywhere on a line.
    _rule("huawei_wrapped", r"(?P<secret>%\^%#.*?%\^%#|%@%@.*?%@%@|%\$%\$.*?%\$%\$)"),
    _rule(
        "snmp_community",
        r"^[ \t]*(?:snmp-agent|snmp-server)[ \t]+community[ \t]+(?:(?:read|write|ro|rw)[ \t]+)?"
        r"(?:(?:cipher|simple|encrypted)[ \t]+)?(?P<secret>(?:\"[^\"\n]*\"|\S+?)(?=;?(?:[ \t]|$)))",
    ),
    _rule(
        "snmp_trap_community", r"^[ \t]*snmp-server[ \t]+host[ \t]+\S+.*?\bversion[ \t]+(?:1|2c)[ \t]+(?P<secret>\S+)"
    ),
    _rule("junos_community", r"^[ \t]*community[ \t]+(?P<secret>\"[^\"]+\"|[^\s{;]+)[ \t]*\{"),
    _rule(
        "password",
        r"\b(?:password|secret|encrypted-password)[ \t]+"
        r"(?:(?:simple|plain|hash|cipher|irreversible-cipher|encrypted|[0-9])[ \t]+)?+"
        r"(?P<secret>(?!<masked)(?:\"[^\"\n]*\"|\S+?)(?=;?(?:[ \t]|$)))",
    ),
    _rule(
        "cipher_string",
        r"\b(?:irreversible-cipher|cipher)[ \t]+(?P<secret>(?!<masked)(?:\"[^\"\n]*\"|\S+?)(?=;?(?:[ \t]|$)))",
    ),
    _rule(
        "shared_key",
        r"\b(?:pre-shared-key|shared-key|authentication-key|key-string)[ \t]+(?:(?:cipher|simple|[0-9])[ \t]+)?+"
        r"(?P<secret>(?!<masked)(?:\"[^\"\n]*\"|\S+?)(?=;?(?:[ \t]|$)))",
    ),
    _rule(
        "aaa_server_key",
        r"^[ \t]*(?:radius|tacacs)-server\b.*?\bkey[ \t]+(?:(?:[0-9]|cipher|simple)[ \t]+)?+"
        r"(?P<secret>(?!<masked)\S+)",
    ),
    _rule(
        "snmpv3_key",
        r"\b(?:auth[ \t]+(?:md5|sha\S*)|priv(?:[ \t]+(?:aes-?\d*|des|3des))?)[ \t]+(?P<secret>0x[0-9a-f]+)",
    ),
)


def _replace(match: re.Match[str]) -> str:
    secret = match.group("secret")
    start, end = match.span("secret")
    base = match.start()
    whole = match.group(0)
    bare = secret.strip('"')
    replacement = f"<masked:default-{bare.lower()}>" if bare.lower() in DEFAULT_COMMUNITIES else MASK
    return whole[: start - base] + replacement + whole[end - base :]


def _apply(rule: MaskRule) -> Callable[[str], str]:
    def run(text: str) -> str:
        return rule.pattern.sub(_replace, text)

    return run


def mask_secrets(text: str) -> str:
    """Return ``text`` with every secret replaced by ``<masked>``.

    >>> mask_secrets(" local-user admin password irreversible-cipher $1a$abc$")
    ' local-user admin password irreversible-cipher <masked>'
    >>> mask_secrets("snmp-agent community read public")
    'snmp-agent community read <masked:default-public>'
    >>> mask_secrets("enable secret 5 $1$mERr$hx5rVt7")
    'enable secret 5 <masked>'
    """
    for rule in RULES:
        text = _apply(rule)(text)
    return text
