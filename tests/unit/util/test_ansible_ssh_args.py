"""A stored ``ssh.known_hosts`` reaches ssh as one file, whatever its name holds (the real ssh client reads it)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from govops.util.ansible_data import ssh_common_args

pytestmark = pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client (ssh -G)")


def _ssh_reads(common_args: str) -> dict[str, str]:
    """The configuration ssh would use with these arguments, as Ansible passes them (split as a shell does)."""
    res = subprocess.run(["ssh", "-G", *shlex.split(common_args), "-p", "2222", "srv.example"],
                         capture_output=True, text=True, check=True, timeout=10, stdin=subprocess.DEVNULL)
    return dict(line.split(" ", 1) for line in res.stdout.splitlines() if " " in line)


@pytest.mark.parametrize("path", ["/lab/known_hosts", "/lab/two  spaces/kh", "/lab/50%d/kh", '/lab/q"x\\y/kh'])
def test_known_hosts_reaches_ssh_as_one_file(path: str) -> None:
    args = ssh_common_args({"known_hosts": path})
    assert args is not None
    # Two spaces survive only if ssh read one file name (it joins several with one space).
    assert _ssh_reads(args)["userknownhostsfile"] == path


def test_known_hosts_comes_before_ssh_args_and_none_without_either() -> None:
    args = ssh_common_args({"known_hosts": "/lab/kh", "ssh_args": "-o UserKnownHostsFile=/other -o BatchMode=yes"})
    assert args is not None
    seen = _ssh_reads(args)
    assert seen["userknownhostsfile"] == "/lab/kh" and seen["batchmode"] == "yes"  # ssh keeps an option's first value
    assert ssh_common_args({"port": 22, "user": "ops"}) is None


def test_a_stored_known_hosts_that_checks_nothing_is_skipped_when_used(tmp_path: Path) -> None:
    # Set past the importer (an older store, a file since replaced): ssh would take /dev/null and accept any key.
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from govops.discovery.servers import store_inventory
    from govops.store.inventory.export import ansible_inventory
    from govops.store.models import Base, Device

    (tmp_path / "kh").write_text("")
    engine = create_engine(f"sqlite:///{tmp_path / 'store.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add_all([Device(name="srv-null", kind="server", mgmt_ip="10.0.0.1", ssh={"known_hosts": "/dev/null"}),
                         Device(name="srv-ok", kind="server", mgmt_ip="10.0.0.2",
                                ssh={"known_hosts": str(tmp_path / "kh")})])
        session.commit()
    inventory, skipped = store_inventory(engine)
    assert list(inventory["all"]["hosts"]) == ["srv-ok"]
    assert skipped == [("srv-null", "ssh.known_hosts '/dev/null' is a character device, not a regular file: "
                                    "ssh would accept any host key every time")]
    with Session(engine) as session:  # `inventory export --format ansible` (agent deploy) leaves it out too
        doc, notes = ansible_inventory(session)
    assert "srv-ok" in str(doc) and "srv-null" not in str(doc)
    assert any("ssh.known_hosts left out: 'srv-null'" in note for note in notes), notes
