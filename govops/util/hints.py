"""Hints for a user who mistyped a name. Runs on Python 3.6 (shipped in the host-agent zipapp)."""

from __future__ import annotations

from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """Return a hint naming the closest known name, if any is close.

    >>> did_you_mean("vendr", ["vendor", "model"])
    'did you mean `vendor`?'
    """
    import difflib  # here: only a mistyped name needs it, and every catalogue load imports this module

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
