"""A password exported for govops stays out of the Ansible run's environment, not out of this process's (real Ansible).

ansible-runner starts ansible-playbook with this process's environment and records it in
``artifacts/<run>/command``; the run reads the password from its vaulted inventory, so the variable is taken
out of that run's copy only. The process's own environment is never changed: another thread (an agent's
collector, a second run) reading it meanwhile still sees it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from govops.discovery.servers import discover_servers
from govops.lab.process import free_tcp_port
from govops.util.ansible_data import AnsibleSecret

pytestmark = pytest.mark.integration

VAR, VALUE = "GOVOPS_TEST_HIDDEN_PW", "Gv-pw-hidden-3e8a"


def test_a_hidden_password_leaves_the_run_not_the_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VAR, VALUE)
    workdir = tmp_path / "runner"
    seen: list[tuple[str | None, list[dict[str, str]]]] = []

    def during_the_run(_host: str, _state: str) -> None:
        # Called from the run's event handler while ansible-playbook runs: its recorded environment is on disk.
        records = [json.loads(p.read_text(encoding="utf-8"))["env"] for p in (workdir / "artifacts").glob("*/command")]
        seen.append((os.environ.get(VAR), records))

    inventory = {"all": {"hosts": {"srv-a": {
        "ansible_host": "127.0.0.1", "ansible_port": free_tcp_port(), "ansible_user": "nobody",
        "ansible_password": AnsibleSecret(VALUE, env=VAR), "ansible_python_interpreter": sys.executable}}}}
    (outcome,) = discover_servers(inventory, workdir=workdir, progress=during_the_run, connect_timeout_s=2)
    assert outcome.status == "unreachable", outcome  # nothing listens there: the run itself is all this is about
    assert seen, "no event reached the handler during the run"
    for in_process, records in seen:
        assert in_process == VALUE  # the process's environment, unchanged while the run lasts
        assert records and all(VAR not in env and "ANSIBLE_LIBRARY" in env for env in records), records
    assert os.environ[VAR] == VALUE
