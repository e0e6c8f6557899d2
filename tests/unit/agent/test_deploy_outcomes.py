"""What `govops agent deploy` reports per host, from ansible-runner's events."""

from __future__ import annotations

from typing import Any

from govops.agent.deploy import _outcomes


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
    assert _outcomes(events)[0].error == "etc/host.yml:3: unknown collector 'memroy'"
