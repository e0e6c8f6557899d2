"""Custom metrics from ``*.prom`` files in a directory, like node_exporter's textfile collector.

Cron jobs and scripts write files in the Prometheus text format (atomically:
write ``x.prom.tmp``, then rename). Each file is parsed on its own: a file with
bad syntax is skipped, logged, and reported with
``govops_textfile_scrape_error 1`` and ``govops_textfile_file_error{file}``;
the other files are still served. So is a file that exports a metric another
collector of the agent exports, or repeats a series (in itself or after another
file): a second ``# HELP`` or a duplicate series would break the whole
exposition. ``govops_textfile_skipped_total`` counts every skip.
``govops_textfile_mtime_seconds{file}`` lets an alert catch a job that stopped writing.

This module runs on Python 3.6 inside the host-agent zipapp (standard library only).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from govops.errors import InputError
from govops.util.exposition import TEXT_TYPES, Family, escape_label_value
from govops.util.section import CollectorConfig

log = logging.getLogger(__name__)

_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
_NAME_RE = re.compile(_NAME + r"$")
_LABEL_NAME_RE = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*$")
_SAMPLE_RE = re.compile(r"(" + _NAME + r")\s*(\{.*\})?\s+(\S+)(?:\s+(-?\d+))?\s*$")

_SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"), "summary": ("_sum", "_count", "")}


@dataclass
class ParsedFamily:
    """A family read from a text file."""

    name: str
    type: str = "untyped"
    help: str = ""
    samples: list[tuple[str, str, float]] = field(default_factory=list)  # (sample name, label text, value)


def _parse_labels(text: str, where: str) -> str:
    """Validate ``{a="x",b="y"}`` and return it re-rendered canonically."""
    body = text[1:-1].strip()
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        eq = body.find("=", i)
        if eq < 0:
            raise InputError(f"label without value in {text}", where=where)
        name = body[i:eq].strip()
        if not _LABEL_NAME_RE.match(name):
            raise InputError(f"invalid label name {name!r}", where=where)
        j = eq + 1
        while j < len(body) and body[j] == " ":
            j += 1
        if j >= len(body) or body[j] != '"':
            raise InputError(f"label {name} value must be quoted", where=where)
        j += 1
        value_chars: list[str] = []
        while True:
            if j >= len(body):
                raise InputError(f"unterminated label value for {name}", where=where)
            ch = body[j]
            if ch == "\\" and j + 1 < len(body):
                nxt = body[j + 1]
                value_chars.append({"n": "\n", "\\": "\\", '"': '"'}.get(nxt, "\\" + nxt))
                j += 2
                continue
            if ch == '"':
                j += 1
                break
            value_chars.append(ch)
            j += 1
        if any(n == name for n, _v in pairs):
            raise InputError(f"duplicate label {name}", where=where)
        pairs.append((name, "".join(value_chars)))
        while j < len(body) and body[j] == " ":
            j += 1
        if j < len(body):
            if body[j] != ",":
                raise InputError(f"expected ',' between labels in {text}", where=where)
            j += 1
        i = j
    if not pairs:
        return ""
    return "{" + ",".join(f'{n}="{escape_label_value(v)}"' for n, v in pairs) + "}"


def _family_of(sample: str, families: dict[str, ParsedFamily]) -> ParsedFamily | None:
    if sample in families:
        return families[sample]
    for suffix in ("_bucket", "_sum", "_count"):
        if sample.endswith(suffix):
            fam = families.get(sample[: -len(suffix)])
            if fam is not None and fam.type in _SUFFIXES:
                return fam
    return None


def parse_text(text: str, where: str) -> dict[str, ParsedFamily]:
    """Parse Prometheus text format strictly.

    Raises:
        InputError: Naming ``where:line`` of the first error.
    """
    families: dict[str, ParsedFamily] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        place = f"{where}:{lineno}"
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            parts = stripped.split(None, 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                if not _NAME_RE.match(name):
                    raise InputError(f"invalid metric name {name!r}", where=place)
                fam = families.setdefault(name, ParsedFamily(name))
                if parts[1] == "TYPE":
                    typ = parts[3].strip() if len(parts) > 3 else ""
                    if typ not in TEXT_TYPES:
                        raise InputError(f"unknown metric type {typ!r}", where=place)
                    if fam.samples:
                        raise InputError(f"TYPE for {name} after its samples", where=place)
                    fam.type = typ
                else:
                    fam.help = parts[3] if len(parts) > 3 else ""
            continue
        m = _SAMPLE_RE.match(stripped)
        if not m:
            raise InputError(f"cannot parse sample line {stripped[:80]!r}", where=place)
        sname, labels, value_text, _ts = m.groups()
        try:
            value = float(value_text)
        except ValueError:
            raise InputError(f"invalid value {value_text!r}", where=place) from None
        if math.isnan(value) and value_text not in ("NaN", "nan"):
            raise InputError(f"invalid value {value_text!r}", where=place)
        owner = _family_of(sname, families) or families.setdefault(sname, ParsedFamily(sname))
        owner.samples.append((sname, _parse_labels(labels, place) if labels else "", value))
    return families


class TextfileCollector:
    """Serves ``*.prom`` files of one directory; bad files are skipped and reported."""

    name = "textfile"

    def __init__(self, cc: CollectorConfig | None, directory: Path | None = None) -> None:
        if cc is not None:
            opts = cc.check_options(("directory",))
            self.directory = opts.get_path("directory")
            self.interval_seconds = cc.interval_seconds
            self.timeout_seconds = cc.timeout_seconds
        else:
            if directory is None:
                raise ValueError("directory is required")
            self.directory = directory
            self.interval_seconds = 15.0
            self.timeout_seconds = 10.0
        self._snapshot: list[Family] = []
        self.errors: dict[str, str] = {}
        self.skipped = 0
        # Families the agent's other collectors export (the runtime fills it in): a file may not reuse them.
        self.reserved_names: set[str] = set()

    def describe(self) -> list[Family]:
        """Only the collector's own families: file contents are not known in advance."""
        return [
            Family("govops_textfile_scrape_error", "1 if any textfile could not be read or parsed.", "gauge"),
            Family("govops_textfile_mtime_seconds", "Modification time of each textfile served.", "gauge", ("file",)),
            Family(
                "govops_textfile_file_error",
                "1 for a textfile skipped for bad syntax, a clash with another metric, or an I/O error.",
                "gauge",
                ("file",),
            ),
            Family("govops_textfile_skipped_total", "Textfile reads skipped since the agent started.", "counter"),
        ]

    async def poll(self) -> None:
        """Read every ``*.prom`` file; small local files, so read on the loop."""
        self._snapshot = self.read()

    def read(self) -> list[Family]:
        """Parse the directory into families (file metrics merged by name)."""
        scrape_error, mtimes, file_errors, skipped = self.describe()
        merged: dict[str, ParsedFamily] = {}
        self.errors = {}
        try:
            paths = sorted(self.directory.glob("*.prom"))
        except OSError as exc:
            paths = []
            self.errors[str(self.directory)] = str(exc)
        if not self.directory.is_dir():
            self.errors[str(self.directory)] = "not a directory"
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
                mtime = path.stat().st_mtime
                parsed = parse_text(text, str(path))
                self._merge(merged, parsed, str(path))
            except (OSError, UnicodeDecodeError, InputError) as exc:
                self.errors[path.name] = str(exc)
                self.skipped += 1
                log.warning("textfile skipped", extra={"fields": {"file": str(path), "error": str(exc)}})
                file_errors.add((path.name,), 1.0)
                continue
            mtimes.add((path.name,), mtime)
        scrape_error.add((), 1.0 if self.errors else 0.0)
        skipped.add((), float(self.skipped))
        out: list[Family] = [scrape_error, mtimes, file_errors, skipped]
        for fam in merged.values():
            if not fam.samples:
                continue
            rendered = Family(fam.name, fam.help or f"Metric read from {self.directory}.", fam.type)
            # The sample's suffix (_bucket, _sum ...) leads its label text: see Family.
            rendered.samples.extend((sname[len(fam.name) :] + labels, value) for sname, labels, value in fam.samples)
            out.append(rendered)
        return out

    def _merge(self, merged: dict[str, ParsedFamily], parsed: dict[str, ParsedFamily], where: str) -> None:
        for name, fam in parsed.items():
            if name.startswith(("govops_textfile_", "govops_agent_", "govops_collector_")):
                raise InputError(f"metric {name} is reserved for the agent", where=where)
            clash = {name, *(s for s, _labels, _v in fam.samples)} & self.reserved_names
            if clash:
                raise InputError(f"metric {sorted(clash)[0]} is exported by the agent itself", where=where)
            seen = {(s, labels) for s, labels, _v in merged[name].samples} if name in merged else set()
            for sname, labels, _value in fam.samples:
                if (sname, labels) in seen:
                    raise InputError(f"series {sname}{labels} appears twice (here or in another file)", where=where)
                seen.add((sname, labels))
            if name in merged and merged[name].type != fam.type:
                raise InputError(
                    f"metric {name} has type {fam.type} here but {merged[name].type} in another file", where=where
                )
        for name, fam in parsed.items():
            if name in merged:
                merged[name].samples.extend(fam.samples)
            else:
                merged[name] = fam

    def collect(self) -> list[Family]:
        """Return the last snapshot."""
        return self._snapshot
