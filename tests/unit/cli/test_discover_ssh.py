"""`govops discover ssh`'s usage errors: options that set the access of TARGETs are never silently ignored."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("flags", "named"),
    [(["--username", "admin"], "--username"), (["--platform", "huawei_vrp"], "--platform"),
     (["--port", "2222"], "--port"), (["--password-env", "SSH_PW"], "--password-env")],
)
def test_access_options_without_a_target_are_refused(store_cli: Cli, flags: list[str], named: str) -> None:
    # Without TARGET every store device is logged into with its own stored access: `--username admin` was ignored
    # and the run went on with the stored accounts.
    res = store_cli("discover", "ssh", *flags)
    assert res.exit_code == 2
    assert named in res.stderr and "TARGET" in res.stderr
