"""`govops demo`'s closing lines (the run itself: tests/e2e/test_readme_flow.py)."""

from __future__ import annotations

from govops.cli.demo import closing


def test_the_demo_says_the_lab_it_leaves_running_and_how_to_stop_it() -> None:
    explore = "GOVOPS_DB=sqlite:////h/demo/govops.db govops inventory list rooms"
    lines = closing(explore).strip().splitlines()
    assert lines[0] == f"explore it: {explore}  (or govops report kpi, report dengbao)"
    assert lines[1].endswith("stop it with: govops lab down")
