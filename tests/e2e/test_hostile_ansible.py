"""Issue 16: strings from ledgers, devices and users reach Ansible as data, never as templates.

Each inventory govops writes is read by the real Ansible (``ansible -m debug`` and
``ansible-inventory``): a Jinja payload must come back as the literal text and the
command it hides must never run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from govops.store.db import make_engine, session_scope
from govops.store.models import Device
from tests.conftest import Cli
from tests.storetools import store_backend

BIN = Path(sys.executable).parent


def _payload(marker: Path) -> str:
    return "{{ lookup('pipe', 'touch %s') }}" % marker  # noqa: UP031


def _ansible_hostvars(inventory: Path, tmp_path: Path) -> dict[str, dict[str, object]]:
    """Print every host's variables with the real ``ansible -m debug`` (local connection)."""
    env = {**os.environ, "ANSIBLE_LOCALHOST_WARNING": "False", "ANSIBLE_HOST_KEY_CHECKING": "False",
           "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"), "HOME": str(tmp_path), "ANSIBLE_NOCOLOR": "1"}
    res = subprocess.run(
        # -e: network devices carry ansible_connection=network_cli, which outranks -c.
        [str(BIN / "ansible"), "all", "-i", str(inventory), "-e", "ansible_connection=local", "-m", "debug", "-o",
         "-a", "var=hostvars[inventory_hostname]"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    hostvars = {}
    for line in res.stdout.splitlines():  # one-line mode: `host | SUCCESS => {json}`
        host, _, result = line.partition(" | SUCCESS => ")
        hostvars[host] = json.loads(result)["hostvars[inventory_hostname]"]
    return hostvars


def _ansible_inventory(inventory: Path, tmp_path: Path) -> dict[str, object]:
    res = subprocess.run([str(BIN / "ansible-inventory"), "-i", str(inventory), "--list"],
                         capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path)},
                         timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)["_meta"]["hostvars"]  # type: ignore[no-any-return]


def _import(cli, tmp_path: Path, devices: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    path = tmp_path / "devices.yaml"
    path.write_text(yaml.safe_dump({"devices": devices}, allow_unicode=True), encoding="utf-8")
    return cli("inventory", "import", str(path))


def test_export_ansible_marks_every_ledger_string_unsafe(store_cli: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "pwned-vendor"
    res = _import(store_cli, tmp_path, [{
        "name": "sw-01", "kind": "switch", "mgmt_ip": "127.0.0.1", "vendor": _payload(marker),
        "model": _payload(marker), "ssh": {"username": _payload(marker), "password": {"env": "SW_PASSWORD"}},
    }])
    assert res.exit_code == 0, res.stderr
    out = tmp_path / "inv.yml"
    out.write_text(store_cli("inventory", "export", "--format", "ansible").stdout)
    assert "!unsafe" in out.read_text()
    hostvars = _ansible_hostvars(out, tmp_path)
    assert not marker.exists(), "a ledger string ran as a template"
    assert hostvars["sw-01"]["govops_vendor"] == _payload(marker)
    assert hostvars["sw-01"]["ansible_user"] == _payload(marker)
    # The one template govops writes itself still works: the password comes from the environment.
    assert "SW_PASSWORD" in out.read_text()
    # ansible-inventory shows how Ansible holds it: text it will never template.
    listed = _ansible_inventory(out, tmp_path)["sw-01"]["govops_model"]  # type: ignore[index]
    assert listed == {"__ansible_unsafe": _payload(marker)}
    assert not marker.exists()


def test_jinja_in_a_secret_reference_is_refused_at_import(store_cli: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "pwned-env"
    env = "X') }}" + _payload(marker) + "{{ ('"
    res = _import(store_cli, tmp_path, [{"name": "sw-01", "kind": "switch", "mgmt_ip": "127.0.0.1",
                                          "ssh": {"password": {"env": env}}}])
    assert res.exit_code == 2
    assert "ssh.password.env" in res.stderr and "not an environment variable name" in res.stderr
    assert "devices.yaml:" in res.stderr


def _store_device(url: str, **fields: object) -> None:
    """Write a device straight into the store, as discovery or an older govops could have."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.add(Device(**fields))


@pytest.mark.skipif(store_backend() != "sqlite", reason="PostgreSQL refuses such a row (mgmt_ip over 64 chars)")
def test_export_ansible_leaves_out_what_cannot_be_data(store_cli: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "pwned-stored"
    _store_device(store_cli.db_url, name="sw-ok", kind="switch", mgmt_ip="127.0.0.2",
                  ssh={"password": {"env": "X') }}" + _payload(marker) + "{{ ('"}})
    _store_device(store_cli.db_url, name=_payload(marker), kind="switch", mgmt_ip="127.0.0.3")
    _store_device(store_cli.db_url, name="sw-bad-ip", kind="switch", mgmt_ip=_payload(marker))
    _store_device(store_cli.db_url, name="sw-good", kind="switch", mgmt_ip="127.0.0.4", vendor=_payload(marker))
    res = store_cli("inventory", "export", "--format", "ansible")
    assert res.exit_code == 0, res.stderr
    assert "3 devices with an invalid name, address, password reference or ssh.known_hosts left out" in res.stderr
    out = tmp_path / "inv.yml"
    out.write_text(res.stdout)
    assert set(_ansible_hostvars(out, tmp_path)) == {"sw-good"}
    assert not marker.exists()


def test_export_ansible_passwords_are_lookups_real_ansible_reads(store_cli: Cli, tmp_path: Path) -> None:
    marker = tmp_path / "pwned-path"
    secret = tmp_path / "srv-pw"
    # govops reads a secret file's first line (SecretRef); Ansible must read the same password, not the whole file.
    secret.write_text("  file-pw-1\nrotated 2026-11-01 by ops\n")
    _store_device(store_cli.db_url, name="srv-env", kind="server", mgmt_ip="127.0.0.2",
                  ssh={"username": "ops", "password": {"env": "GOVOPS_TEST_EXPORT_PW"}})
    _store_device(store_cli.db_url, name="srv-file", kind="server", mgmt_ip="127.0.0.3",
                  ssh={"username": "ops", "password": {"file": str(secret)}})
    _store_device(store_cli.db_url, name="srv-bad", kind="server", mgmt_ip="127.0.0.4",
                  ssh={"password": {"file": "/x') }}" + _payload(marker) + "{{ ('"}})
    res = store_cli("inventory", "export", "--format", "ansible")
    assert res.exit_code == 0, res.stderr
    assert "file-pw-1" not in res.stdout and "1 devices with an invalid name, address, password reference" in res.stderr
    out = tmp_path / "inv.yml"
    out.write_text(res.stdout)
    env = {**os.environ, "GOVOPS_TEST_EXPORT_PW": "env-pw-1", "ANSIBLE_LOCALHOST_WARNING": "False",
           "HOME": str(tmp_path), "ANSIBLE_NOCOLOR": "1"}
    shown = subprocess.run([str(BIN / "ansible"), "all", "-i", str(out), "-e", "ansible_connection=local", "-m",
                            "debug", "-o", "-a", "var=ansible_password"],
                           capture_output=True, text=True, env=env, timeout=120, check=False)
    assert shown.returncode == 0, shown.stdout[-2000:] + shown.stderr[-2000:]
    passwords = {line.partition(" | ")[0]: json.loads(line.partition(" | SUCCESS => ")[2])["ansible_password"]
                 for line in shown.stdout.splitlines()}
    assert passwords == {"srv-env": "env-pw-1", "srv-file": "file-pw-1"}
    assert not marker.exists()


def test_store_inventory_for_discover_servers_is_data(store_cli: Cli, tmp_path: Path) -> None:
    from govops.discovery.servers import store_inventory
    from govops.util.ansible_data import ssh_common_args, to_ansible_yaml

    marker = tmp_path / "pwned-name"
    _store_device(store_cli.db_url, name=_payload(marker), kind="server")  # no address: the name was used
    # A known_hosts ssh can use (an absolute file in an existing directory) whose name is a template all the same.
    known_hosts = f"{tmp_path}/{_payload(marker)}"
    Path(known_hosts).parent.mkdir(parents=True)
    _store_device(store_cli.db_url, name="srv-01", kind="server", mgmt_ip="127.0.0.5",
                  ssh={"user": _payload(marker), "root": _payload(marker), "known_hosts": known_hosts})
    inventory, _skipped = store_inventory(make_engine(store_cli.db_url))
    assert set(inventory["all"]["hosts"]) == {"srv-01"}
    path = tmp_path / "store-inventory.yml"
    path.write_text(to_ansible_yaml(inventory))
    hostvars = _ansible_hostvars(path, tmp_path)
    assert hostvars["srv-01"]["ansible_host"] == "127.0.0.5"
    assert hostvars["srv-01"]["govops_root"] == _payload(marker)
    assert hostvars["srv-01"]["ansible_ssh_common_args"] == ssh_common_args({"known_hosts": known_hosts})
    assert not marker.exists()


@pytest.mark.parametrize(("name", "why"), [
    ("sw\x00-01", "control character"),
    ("sw-\x1b[31m01", "control character"),
    ("x" * 100_000, "at most 128"),
    ("sw-{{ 7*7 }}", "holds `{`"),
    (" sw-01", "starts or ends with a space"),
])
def test_device_names_are_validated_at_import(store_cli: Cli, tmp_path: Path, name: str, why: str) -> None:
    res = _import(store_cli, tmp_path, [{"name": name, "kind": "switch"}])
    assert res.exit_code == 2, res.stdout
    assert why in res.stderr and "field `name`" in res.stderr
    assert len(res.stderr) < 600  # the value is shown as a short prefix, never whole
    assert store_cli("inventory", "list", "devices", "--json").json() == []
