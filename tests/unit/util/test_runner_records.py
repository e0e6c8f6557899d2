"""ansible-runner's record of each run keeps the environment's names, never its values."""

from __future__ import annotations

import json
from pathlib import Path

from govops.util.ansible_data import FORGOTTEN, forget_runner_environments


def _record(artifacts: Path, run: str, text: str) -> Path:
    (artifacts / run).mkdir(parents=True)
    path = artifacts / run / "command"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_run_s_environment_values_are_forgotten_and_the_rest_kept(tmp_path: Path) -> None:
    artifacts = tmp_path / "artifacts"
    record = {"command": ["ansible-playbook", "x.yml"], "cwd": "/p", "env": {"DB_URL": "postgresql://u:pw@h/d",
                                                                             "PATH": "/bin"}}
    crashed = _record(artifacts, "run-1", json.dumps(record))
    newer = _record(artifacts, "run-2", json.dumps({**record, "env": {"TOKEN": "s3cret"}}))
    foreign = _record(artifacts, "run-3", "not json {")
    forget_runner_environments(artifacts)
    first = json.loads(crashed.read_text(encoding="utf-8"))
    assert first == {**record, "env": {"DB_URL": FORGOTTEN, "PATH": FORGOTTEN}}
    assert json.loads(newer.read_text(encoding="utf-8"))["env"] == {"TOKEN": FORGOTTEN}
    assert foreign.read_text(encoding="utf-8") == "not json {"
    assert oct(crashed.stat().st_mode & 0o777) == "0o600"


def test_no_artifacts_yet_is_nothing_to_do(tmp_path: Path) -> None:
    forget_runner_environments(tmp_path / "artifacts")
    assert not (tmp_path / "artifacts").exists()
