"""A stored password that cannot be read skips its device with one wording in `discover ssh` and `discover servers`:
the device, the field and the reference, never the secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from govops.discovery.servers import store_inventory
from govops.discovery.ssh_run import targets_from_store
from govops.discovery.summary import skip_reason
from govops.store.models import Base, Device

UNSET = "GOVOPS_TEST_NEVER_SET_PW"
SECRET = "Hunter2-never-shown"


def test_one_skip_wording_for_a_password_that_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(UNSET, raising=False)
    missing = tmp_path / "no-such-password"
    engine = create_engine(f"sqlite:///{tmp_path / 'store.db'}")
    Base.metadata.create_all(engine)
    # A literal password, as an older store or a hand edit past the importer may hold.
    refs = {"env": {"env": UNSET}, "file": {"file": str(missing)}, "literal": SECRET}
    with Session(engine) as session:
        for label, ref in refs.items():
            ssh = {"username": "ops", "password": ref}
            session.add_all([Device(name=f"sw-{label}", kind="switch", platform="huawei_vrp", mgmt_ip="10.0.0.1",
                                    ssh=ssh),
                             Device(name=f"srv-{label}", kind="server", mgmt_ip="10.0.0.2", ssh=ssh)])
        session.add(Device(name="srv-ok", kind="server", mgmt_ip="10.0.0.3", ssh={"username": "ops", "key_file": "/k"}))
        session.commit()
    _targets, ssh_skips = targets_from_store(engine)
    _inventory, server_skips = store_inventory(engine)
    by_command = {"ssh": [s.splitlines()[0] for s in ssh_skips], "servers": [reason for _name, reason in server_skips]}
    assert by_command["ssh"] == [
        f"sw-env: ssh.password: environment variable {UNSET} is not set",
        f"sw-file: ssh.password: cannot read secret file {missing}: No such file or directory",
        "sw-literal: ssh.password: a secret must be a reference {env: VAR} or {file: PATH}, got <hidden>",
    ]
    # The same words, the server's name in place of the switch's: grouped by reason, the two commands agree.
    assert [s.replace("sw-", "srv-", 1) for s in by_command["ssh"]] == sorted(by_command["servers"])
    assert [skip_reason(s) for s in by_command["ssh"]] == [skip_reason(s) for s in sorted(by_command["servers"])]
    assert skip_reason(by_command["servers"][0]).startswith("ssh.password: ")
    assert SECRET not in repr((ssh_skips, server_skips))
