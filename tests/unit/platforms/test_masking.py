"""Secrets are masked before a configuration is stored, printed or diffed."""

from __future__ import annotations

from pathlib import Path

import pytest

from govops.platforms.masking import mask_secrets
from govops.platforms.registry import PLATFORMS_DIR

CASES = [
    (
        ' local-user admin password irreversible-cipher $1a$K9jH2v#Qe$Xy1m*7LhR"G0N5+Vw@tF;pZq$',
        " local-user admin password irreversible-cipher <masked>",
    ),
    (" local-user ops password simple Admin@123", " local-user ops password simple <masked>"),
    (
        " set authentication password cipher %^%#n@Tq8M3&5d!sLx0V+Cq4<k9Dr2ZjF%^%#",
        " set authentication password cipher <masked>",
    ),
    ("snmp-agent community read cipher %^%#Ux1R;H=2f5Tj_{A,qzX%^%#", "snmp-agent community read cipher <masked>"),
    ("snmp-agent community read public", "snmp-agent community read <masked:default-public>"),
    (" snmp-agent community write simple s3cretRW", " snmp-agent community write simple <masked>"),
    ("snmp-server community WHgov#2023 RW", "snmp-server community <masked> RW"),
    ("enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "enable secret 5 <masked>"),
    ("username cisco privilege 15 password 7 02050D480809", "username cisco privilege 15 password 7 <masked>"),
    (" password hash $h$6$Zg5R1b+Xl8oX2n7w$0sVJ==", " password hash <masked>"),
    (
        '        encrypted-password "$6$Qz1k$Wq9bR2t"; ## SECRET-DATA',
        "        encrypted-password <masked>; ## SECRET-DATA",
    ),
    (
        "username zte password encrypted 1QfR8b9xF2kW6uJ3 privilege 15",
        "username zte password encrypted <masked> privilege 15",
    ),
    (" pre-shared-key cipher abc;def", " pre-shared-key cipher <masked>"),
    (" radius-server shared-key cipher XyZ123", " radius-server shared-key cipher <masked>"),
    ("tacacs-server key 7 0822455D0A16", "tacacs-server key 7 <masked>"),
    (
        "snmp-server user admin network-admin auth md5 0x1a2b priv 0x3c4d localizedkey",
        "snmp-server user admin network-admin auth md5 <masked> priv <masked> localizedkey",
    ),
    ("    community public {", "    community <masked:default-public> {"),
    # Not secrets: left alone.
    (" authentication-mode password", " authentication-mode password"),
    ("ssh user netops authentication-type password", "ssh user netops authentication-type password"),
    ("no service password-encryption", "no service password-encryption"),
    ("rsa peer-public-key GZ-PEER", "rsa peer-public-key GZ-PEER"),
]


@pytest.mark.parametrize(("line", "masked"), CASES)
def test_mask_line(line: str, masked: str) -> None:
    assert mask_secrets(line) == masked


def test_multiline_keyword_does_not_mask_the_next_line() -> None:
    text = "ssh user netops authentication-type password\nssh user netops service-type stelnet\n"
    assert mask_secrets(text) == text


def test_pem_private_key_block() -> None:
    text = "pki\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAAAA\n-----END RSA PRIVATE KEY-----\nend\n"
    assert mask_secrets(text) == "pki\n<masked>\nend\n"


CONFIGS = sorted(PLATFORMS_DIR.glob("*/transcripts/*config*.raw"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.parent.parent.name)
def test_lab_configurations_keep_no_secret(path: Path) -> None:
    masked = mask_secrets(path.read_text())
    for line in masked.splitlines():
        low = line.lower()
        if any(k in low for k in ("cipher ", "secret ", "password 7", "encrypted", "community ")):
            assert "<masked" in line, line
    assert masked.count("\n") == path.read_text().count("\n")
