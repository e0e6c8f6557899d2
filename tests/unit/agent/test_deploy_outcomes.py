"""What `govops agent deploy` reports per host, from ansible-runner's events."""

from __future__ import annotations

from typing import Any

from govops.agent.deploy import _outcomes
from govops.util.ansible_data import TASK_FAILURE_MAX_CHARS


def _stats(host: str, **counts: int) -> dict[str, Any]:
    keys = {"ok": "ok", "changed": "changed", "failed": "failures", "unreachable": "dark"}
    return {"event": "playbook_on_stats", "event_data": {keys[k]: {host: v} for k, v in counts.items()}}


def test_a_failed_loop_reports_its_first_failed_item_not_the_loop_summary() -> None:
    loop = {"msg": "One or more items failed", "results": [
        {"item": "/opt/govops", "changed": False},
        {"item": "/etc/govops", "failed": True, "msg": "chown failed: failed to look up user govops"},
        {"item": "/var/lib/govops", "failed": True, "msg": "a later item"},
    ]}
    events = [{"event": "runner_on_failed", "event_data": {"host": "srv-1", "res": loop}},
              _stats("srv-1", ok=2, failed=1)]
    (out,) = _outcomes(events)
    assert (out.host, out.ok, out.failed) == ("srv-1", 2, 1)
    assert out.error == "chown failed: failed to look up user govops"


def test_a_task_s_stderr_comes_before_its_message() -> None:
    res = {"msg": "non-zero return code", "stderr": "etc/host.yml:3: unknown collector 'memroy'\n", "rc": 2}
    events = [{"event": "runner_on_failed", "event_data": {"host": "srv-2", "res": res}}, _stats("srv-2", failed=1)]
    assert _outcomes(events)[0].error == "etc/host.yml:3: unknown collector 'memroy' | non-zero return code"


def test_a_failure_says_every_part_of_the_message_capped() -> None:
    """Deploy and server discovery report a failure the same way: a module's traceback is kept, after the
    command's stderr, and a long one is cut at the cap rather than filling the table."""
    res = {"msg": "MODULE FAILURE", "module_stderr": "Traceback ...\n" + "x" * 2000,
           "stderr": "Shared connection closed"}
    events = [{"event": "runner_on_failed", "event_data": {"host": "srv-3", "res": res}}, _stats("srv-3", failed=1)]
    error = _outcomes(events)[0].error
    assert error is not None and error.startswith("Shared connection closed | Traceback ...")
    assert len(error) == TASK_FAILURE_MAX_CHARS


def test_a_failure_with_no_words_names_the_event() -> None:
    events = [{"event": "runner_on_unreachable", "event_data": {"host": "srv-4", "res": {}}},
              _stats("srv-4", unreachable=1)]
    assert _outcomes(events)[0].error == "runner_on_unreachable"
