"""Every ansible-runner run of govops starts from one environment (deploy, server discovery, host audit)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from govops.util.ansible_data import ANSIBLE_SSH_ENV, runner_env


def test_a_run_gets_the_ssh_settings_its_own_control_masters_and_this_venv_first_on_path() -> None:
    with runner_env() as env:
        control_dir = Path(env["ANSIBLE_SSH_CONTROL_PATH_DIR"])
        assert control_dir.is_dir()
        assert ANSIBLE_SSH_ENV.items() <= env.items()
        assert env["ANSIBLE_RETRY_FILES_ENABLED"] == "False"
        first = env["PATH"].split(os.pathsep)[0]
        assert first == str(Path(sys.executable).parent) and (Path(first) / "ansible-playbook").is_file()
    assert not control_dir.exists()  # the run's masters and their directory end with it
