"""Stored SSH settings become Ansible host variables in one place; passwords stay references or go encrypted."""

from __future__ import annotations

import pytest

from govops.util.ansible_data import (
    AnsibleSecret,
    file_lookup,
    load_ansible_yaml,
    secret_lookup,
    ssh_host_vars,
    to_ansible_yaml,
    vault_secrets,
)


def test_ssh_settings_become_connection_variables() -> None:
    hv = ssh_host_vars({"user": "ops", "username": "other", "port": 2222, "key_file": "/k", "python": "/py",
                        "root": "/tree", "known_hosts": "/kh", "password": {"env": "X"}}, password="P")
    assert hv == {"ansible_user": "ops", "ansible_port": 2222, "ansible_ssh_private_key_file": "/k",
                  "ansible_python_interpreter": "/py", "govops_root": "/tree",
                  "ansible_ssh_common_args": "-o 'UserKnownHostsFile=\"/kh\"'", "ansible_password": "P"}
    assert ssh_host_vars({"username": "netops"}) == {"ansible_user": "netops"}  # the ledger's name for it


def test_a_secret_reference_becomes_a_lookup_of_a_checked_name_or_path() -> None:
    assert secret_lookup({"env": "GOVOPS_SSH_PASSWORD"}) == "{{ lookup('ansible.builtin.env', 'GOVOPS_SSH_PASSWORD') }}"
    assert secret_lookup({"file": "/etc/govops/ssh pw"}) == (
        "{{ (lookup('ansible.builtin.file', '/etc/govops/ssh pw').splitlines() | first) | trim }}")
    for bad in ("relative/pw", "/pw') }}{{ lookup('pipe', 'id') }}", "/pw\\x", "/pw{x}", "/pw\n"):
        with pytest.raises(ValueError, match="not an absolute path"):
            file_lookup(bad)
    with pytest.raises(ValueError, match="needs `env` or `file`"):
        secret_lookup({"literal": "x"})


def test_a_secret_is_written_only_encrypted_and_the_key_opens_it() -> None:
    from ansible.parsing.vault import VaultLib, VaultSecret  # type: ignore[import-untyped]

    inventory = {"all": {"hosts": {"a": {"ansible_password": AnsibleSecret("pw-one", env="PW_A")},
                                   "b": {"ansible_password": AnsibleSecret("pw-two")}, "c": {"x": "y"}}}}
    assert "pw-one" not in repr(inventory)
    with pytest.raises(TypeError, match="in clear"):
        to_ansible_yaml(inventory)
    document, secrets = vault_secrets(inventory)
    text = to_ansible_yaml(document)
    assert "pw-one" not in text and "pw-two" not in text and text.count("!vault |") == 2
    assert secrets.hidden_env == {"PW_A"} and secrets.vault_key
    vault = VaultLib([("govops", VaultSecret(secrets.vault_key.encode()))])
    hosts = load_ansible_yaml(text)["all"]["hosts"]
    assert [vault.decrypt(hosts[h]["ansible_password"]).decode() for h in ("a", "b")] == ["pw-one", "pw-two"]
    _again, other = vault_secrets(inventory)  # a key per run: one run's key opens no other run's inventory
    assert other.vault_key != secrets.vault_key
    assert vault_secrets({"all": {"hosts": {"c": {}}}})[1].vault_key is None
