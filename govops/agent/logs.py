"""Structured logs for the agents: JSON lines (default) or logfmt, on stderr.

Only the agent entry point calls ``configure_logging``; library code logs with
``logging.getLogger(__name__)`` and passes structured fields as
``extra={"fields": {...}}``. Secrets are never passed as fields.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any, TextIO

from govops.util.limits import log_field

_RESERVED = ("ts", "level", "logger", "msg")


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


def _timestamp(record: logging.LogRecord) -> str:
    ms = int(record.msecs)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{ms:03d}Z"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, then the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as one JSON line."""
        doc: dict[str, Any] = {
            "ts": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in _fields(record).items():
            # Values from clients (user names, request lines) are capped; JSON escapes control characters.
            capped = value if isinstance(value, (int, float, bool)) or value is None else log_field(value)
            doc[key if key not in _RESERVED else f"field_{key}"] = capped
        if record.exc_info:
            doc["exc"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


def _logfmt_value(value: Any) -> str:
    text = log_field(value)
    if text == "" or any(c in text for c in ' "=\n\\'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


class LogfmtFormatter(logging.Formatter):
    """``key=value`` pairs, as Prometheus and its exporters log."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as one logfmt line."""
        pairs = [
            ("ts", _timestamp(record)),
            ("level", record.levelname.lower()),
            ("logger", record.name),
            ("msg", record.getMessage()),
            *_fields(record).items(),
        ]
        if record.exc_info:
            pairs.append(("exc", self.formatException(record.exc_info)))
        return " ".join(f"{k}={_logfmt_value(v)}" for k, v in pairs)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at emit time (test runners swap it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(fmt: str = "json", level: str = "info", stream: TextIO | None = None) -> None:
    """Send the root logger to ``stream`` (default: stderr) in ``fmt``; called by agent entry points only."""
    handler: logging.StreamHandler = logging.StreamHandler(stream) if stream else _StderrHandler()  # type: ignore[type-arg]
    handler.setFormatter(JsonFormatter() if fmt == "json" else LogfmtFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
