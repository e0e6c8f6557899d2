"""Metric families for agent code; the implementation lives in ``govops.util.exposition``.

Families moved below the agent layer so collectors (``govops.collectors``) can build them
without importing ``govops.agent``; agent modules may import them from here or from there.
"""

from __future__ import annotations

from govops.util.exposition import Family, TextFamily, counter, escape_label_value, gauge, label_string, render

__all__ = ["Family", "TextFamily", "counter", "escape_label_value", "gauge", "label_string", "render"]
