"""`govops audit credentials`: factory defaults tried once per account, accepting devices are critical."""

from __future__ import annotations

import collections
from typing import Any

import pytest

from govops.lab.sshsim import SimDevice, transcripts_for
from govops.platforms.factory_defaults import all_defaults, logins_to_try
from govops.platforms.registry import PLATFORMS, get_platform
from tests.conftest import Cli
from tests.storetools import store_bytes

pytestmark = pytest.mark.integration


def test_defaults_table_is_data_for_known_platforms() -> None:
    assert set(all_defaults()) <= set(PLATFORMS)
    for logins in all_defaults().values():
        assert all(login.source for login in logins)
    names = [login.username for login in logins_to_try(None)]
    assert len(names) == len(set(names))  # one password per account name


def test_refused_without_authorisation(cli: Cli) -> None:
    res = cli("audit", "credentials", "127.0.0.1:1")
    assert res.exit_code == 2 and "--i-am-authorised" in res.stderr


def test_accepting_device_is_critical_once_per_account(sshsim: Any, store_cli: Cli) -> None:
    huawei = get_platform("huawei_vrp")
    weak = sshsim.add(SimDevice(huawei, transcripts_for("huawei_vrp"), username="admin", password="admin@huawei.com"))
    strong = sshsim.add(SimDevice(huawei, transcripts_for("huawei_vrp"), username="admin", password="Zw-2024-only-us"))
    unknown = sshsim.add(SimDevice(get_platform("cisco_ios"), transcripts_for("cisco_ios"), password="x9-Long-Pass"))
    res = store_cli(
        "audit",
        "credentials",
        f"127.0.0.1:{weak}",
        f"127.0.0.1:{strong}",
        "--platform",
        "huawei_vrp",
        "--i-am-authorised",
        "--save",
        "--json",
    )
    assert res.exit_code == 1, res.stderr
    rows = {r["target"]: r for r in res.json()}
    assert rows[f"127.0.0.1:{weak}"]["accepted"] == ["admin"]
    assert rows[f"127.0.0.1:{strong}"]["accepted"] == []
    for port in (weak, strong):
        counts = collections.Counter(sshsim.attempts[port])
        assert counts and max(counts.values()) == 1, counts  # never more than once per account
    assert "admin@huawei.com" not in res.stdout + res.stderr

    res = store_cli("audit", "credentials", f"127.0.0.1:{unknown}", "--i-am-authorised", "--json")
    assert res.exit_code == 0
    counts = collections.Counter(sshsim.attempts[unknown])
    assert set(counts) == {login.username for login in logins_to_try(None)}
    assert max(counts.values()) == 1

    db = store_bytes(store_cli.db_url)
    assert b"factory_default_login" in db and b"admin@huawei.com" not in db
