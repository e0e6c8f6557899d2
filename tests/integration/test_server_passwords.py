"""Stored servers that log in with a password: `govops discover servers` from the store, real sshd, real Ansible.

The ledger's usual row (docs/inventory.md) names no key, only a password reference: ``{env: VAR}`` or
``{file: PATH}``. A loopback sshd accepts that password (and no key of ours) for each of three stored
servers, each on its own address so no SSH master is shared: the reference read from the environment
and the one read from a file must log in; a wrong password must end as an authentication failure. And
the password may not be left anywhere under GOVOPS_HOME (ansible-runner records the environment of
each run in its artifacts).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from govops.lab.sshd import Sshd, start_sshd
from tests.conftest import Cli, missing_part
from tests.server_profiles import PROFILES, build_root
from tests.storetools import StoreFactory

pytestmark = pytest.mark.integration

PASSWORD = "Gv-pw-7f3c9e1a"  # the right one, by environment variable and by file
WRONG = "Gv-pw-0d5b2c88"
ENV = "GOVOPS_TEST_SSH_PASSWORD"
WRONG_ENV = "GOVOPS_TEST_SSH_WRONG"
# Not a password govops uses: any secret the user happened to export (a database URL, a token).
UNRELATED = ("GOVOPS_TEST_UNRELATED_TOKEN", "Gv-token-5a9d1e07")
ADDRESSES = {"pw-env": "127.0.0.1", "pw-file": "127.0.0.2", "pw-wrong": "127.0.0.3"}


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    if os.geteuid() != 0:
        missing_part("a password login to the test sshd needs root (sshd reads /etc/shadow)")
    server = start_sshd(tmp_path_factory.mktemp("sshd"), password=PASSWORD,
                        extra_hosts=(ADDRESSES["pw-file"], ADDRESSES["pw-wrong"]))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def run(corpus: Path, sshd: Sshd, tmp_path_factory: pytest.TempPathFactory,
        store_factory: StoreFactory) -> tuple[Cli, dict[str, dict[str, Any]], str]:
    base = tmp_path_factory.mktemp("servers")
    secret_file = base / "ssh-password"
    secret_file.write_text(PASSWORD + "\n")
    secret_file.chmod(0o600)
    kylin = next(p for p in PROFILES if p.name == "kunpeng-kylin")
    refs = {"pw-env": {"env": ENV}, "pw-file": {"file": str(secret_file)}, "pw-wrong": {"env": WRONG_ENV}}
    # The ledger row docs/inventory.md shows, plus what the loopback machines need (their tree, this Python).
    devices = [{"name": name, "kind": "server", "mgmt_ip": ADDRESSES[name],
                "ssh": {"port": sshd.port, "username": sshd.user, "password": ref, "known_hosts": str(sshd.known_hosts),
                        "python": sys.executable, "root": str(build_root(corpus, kylin, base / name))}}
               for name, ref in refs.items()]
    ledger = base / "servers.yaml"
    ledger.write_text(yaml.safe_dump({"devices": devices}))
    home = tmp_path_factory.mktemp("home")
    cli = Cli(home, store_factory(home, migrated=True))
    assert cli("init").exit_code == 0
    env = {ENV: PASSWORD, WRONG_ENV: WRONG, UNRELATED[0]: UNRELATED[1]}
    res = cli("inventory", "import", str(ledger), env=env)
    assert res.exit_code == 0, res.stderr
    res = cli("discover", "servers", "--json", env=env)
    assert res.exit_code == 1, res.stderr  # the wrong password, on purpose
    return cli, {h["host"]: h for h in res.json()["hosts"]}, res.stderr


@pytest.mark.parametrize("name", ["pw-env", "pw-file"])
def test_a_stored_password_logs_in(run: tuple[Cli, dict[str, dict[str, Any]], str], name: str) -> None:
    host = run[1][name]
    assert host["status"] == "ok", host
    assert host["address"] == ADDRESSES[name]
    assert host["domestic"] == "domestic" and host["classification"]["os"]["id"] == "kylin"


def test_a_wrong_password_is_an_authentication_failure(run: tuple[Cli, dict[str, dict[str, Any]], str]) -> None:
    host = run[1]["pw-wrong"]
    assert host["status"] == "auth_failed", host
    assert "Permission denied" in host["error"]
    assert "ssh.password" in host["hint"]


def test_the_host_audit_logs_in_with_it_too(run: tuple[Cli, dict[str, dict[str, Any]], str]) -> None:
    res = run[0]("audit", "hosts", "--limit", "pw-env:pw-file", "--no-save", "--json",
                 env={ENV: PASSWORD, WRONG_ENV: WRONG})
    hosts = {h["host"]: h for h in res.json()["hosts"]}
    assert set(hosts) == {"pw-env", "pw-file"}
    assert all(h["status"] == "ok" for h in hosts.values()), hosts


def test_no_password_is_left_under_govops_home(run: tuple[Cli, dict[str, dict[str, Any]], str]) -> None:
    home = run[0].home
    files = [p for p in home.rglob("*") if p.is_file()]
    # What ansible-runner keeps of a run (the command with its environment) and the inventory were written.
    assert any(p.name == "command" for p in files) and (home / "ansible-runner" / "store-inventory.yml").is_file()
    assert not (home / "ansible-runner" / "env").exists(), "ansible-runner's env/ files (vault key, variables)"
    for path in files:
        data = path.read_bytes()
        for secret in (PASSWORD, WRONG, UNRELATED[1]):
            assert secret.encode() not in data, f"{secret} in {path}"


def test_the_run_record_keeps_the_environment_s_names_only(run: tuple[Cli, dict[str, dict[str, Any]], str]) -> None:
    """ansible-runner records the whole environment of a run; govops keeps the names (to debug a run), never the
    values, whatever was exported."""
    import json

    records = [json.loads(p.read_text(encoding="utf-8"))["env"]
               for p in (run[0].home / "ansible-runner").rglob("command") if p.is_file()]
    # The discovery run had the token exported (the host audit test's run, if it ran first, did not).
    assert any(UNRELATED[0] in env and "ANSIBLE_LIBRARY" in env for env in records), [sorted(e) for e in records]
    assert {v for env in records for v in env.values()} == {"(not kept)"}
