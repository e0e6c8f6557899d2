"""Issue 16: SNMP communities and SSH passwords can come from a variable or a file, never only argv."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govops.errors import ConfigError
from govops.lab.sshsim import SimDevice, default_hostname, transcripts_for
from govops.platforms.registry import get_platform
from govops.snmp.credentials import SecretRef
from tests.conftest import Cli

PASSWORD = "Fi1e-Held-Pass!"


def test_secret_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "community"
    secret.write_text("Gov-RO-2024\n")
    secret.chmod(0o600)
    assert SecretRef.from_options(file=str(secret), flags="x").resolve() == "Gov-RO-2024"  # type: ignore[union-attr]
    monkeypatch.setenv("GOVOPS_T_COMM", "from-env")
    assert SecretRef.from_options(env="GOVOPS_T_COMM", flags="x").resolve() == "from-env"  # type: ignore[union-attr]
    assert SecretRef.from_options(flags="x") is None
    with pytest.raises(ConfigError, match="at most one of --a or --b"):
        SecretRef.from_options(literal="x", env="GOVOPS_T_COMM", flags="--a or --b")
    with pytest.raises(ConfigError, match="cannot read secret file"):
        SecretRef.from_options(file=str(tmp_path / "missing"), flags="x")


def test_discover_snmp_takes_the_community_from_a_file(cli: Cli, tmp_path: Path) -> None:
    secret = tmp_path / "community"
    secret.write_text("Gov-RO-2024\n")
    res = cli("discover", "snmp", "127.0.0.1:9", "--community-file", str(secret), "--timeout", "0.2",
              "--retries", "0", "--json")
    assert res.exit_code in (0, 1) and res.json()["results"][0]["target"].startswith("127.0.0.1"), res.stderr
    both = cli("discover", "snmp", "127.0.0.1:9", "-c", "x", "--community-file", str(secret))
    assert both.exit_code == 2 and "at most one of --community" in both.stderr


def test_discover_ssh_takes_the_password_from_a_file(cli: Cli, sshsim: Any, tmp_path: Path) -> None:
    folder = transcripts_for("huawei_vrp")
    port = sshsim.add(SimDevice(get_platform("huawei_vrp"), folder, hostname=default_hostname(folder),
                                password=PASSWORD))
    secret = tmp_path / "ssh-password"
    secret.write_text(PASSWORD + "\n")
    secret.chmod(0o600)
    res = cli("discover", "ssh", f"127.0.0.1:{port}", "-p", "huawei_vrp", "-u", "netops", "--password-file",
              str(secret), "--accept-new-host-key", "--no-config", "--json")
    assert res.exit_code == 0, res.stderr
    assert res.json()["devices"][0]["ok"] and PASSWORD not in res.stdout + res.stderr
