"""A compiled cache of catalogue files: parsed YAML as JSON, keyed by the sources' bytes.

The YAML files stay the truth. Parsing them is most of what loading the catalogue and
the SNMP rows costs (libyaml, then building line-aware mappings), so once a set of
files has been parsed *and accepted* by its loader, the documents are written as JSON
under the cache directory, named by a BLAKE2b digest over every file's path and bytes. Any
change to any file gives another name, so a stale compiled form is never read; a
cache file that does not parse or does not match its name is ignored and rebuilt.
JSON holds data only: nothing in the cache can run.

Directory: ``GOVOPS_CACHE``, else ``$XDG_CACHE_HOME/govops``, else ``~/.cache/govops``.
When it cannot be written, loading works as before, without the cache. A directory another
user owns, or that group or others may write, is not used at all (as ssh's StrictModes): a
compiled form is trusted as the catalogue, so only its owner may have written it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

try:  # hashlib's own BLAKE2b, without hashlib's loading of OpenSSL first (~4 ms of a catalogue load)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without its BLAKE2 module
    from hashlib import blake2b

from govops.util.collector import collector_paused
from govops.util.files import write_bytes_atomically
from govops.util.yamlio import load_yaml_bytes, read_file_bytes

T = TypeVar("T")
FORMAT = 1  # bump when the parser's output for the same bytes changes (e.g. another YAML dialect)
KEEP_PER_NAME = 4  # compiled forms kept per name (several checkouts or user catalogues side by side)


def cache_dir() -> Path:
    """The directory of compiled forms (``GOVOPS_CACHE``, ``$XDG_CACHE_HOME/govops``, ``~/.cache/govops``)."""
    explicit = os.environ.get("GOVOPS_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(base).expanduser() / "govops"


def _trusted(directory: Path) -> bool:
    """True when ``directory`` is ours and no one else can write in it."""
    try:
        st = directory.stat()
    except OSError:
        return False
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def sources_key(contents: Sequence[tuple[Path, bytes]]) -> str:
    """BLAKE2b (256 bits) over the format and the Python version (its regex syntax), then every file's path and
    bytes."""
    head = f"govops-compiled-yaml {FORMAT} {sys.version_info[0]}.{sys.version_info[1]}\n"
    digest = blake2b(head.encode(), digest_size=32)
    for path, raw in contents:
        digest.update(f"{path}\n{len(raw)}\n".encode())
        digest.update(raw)
    return digest.hexdigest()


def load_documents(
    name: str,
    paths: Sequence[Path],
    accept: Callable[[list[Any]], T],
    *,
    compiled: Callable[[list[Any]], T] | None = None,
) -> T:
    """Parse ``paths`` (or read their compiled form) and return ``accept(documents)``.

    ``accept`` builds and validates the loader's rows; only documents it accepted are
    written to the cache, so its errors always come from the YAML, with file and line.
    ``compiled`` (default ``accept``) builds the rows from a compiled form: it may leave out
    checks that depend only on the bytes, which that form has passed already.

    Raises:
        InputError: A file cannot be read or is not valid YAML (naming file and line).
        Whatever ``accept`` raises for bad rows.
    """
    contents = [(path, read_file_bytes(path)) for path in paths]
    key = sources_key(contents)
    target = cache_dir() / f"{name}-{key[:40]}.json"
    # Everything built here lives as long as the process: the cyclic collector would only walk it again.
    with collector_paused():
        cached = _read(target, key, len(paths))
        if cached is not None:
            try:
                return (compiled or accept)(cached)
            except Exception:  # a compiled form the loader refuses (its code changed) is rebuilt from the YAML
                _debug("compiled form %s refused; parsing the YAML again", target)
        documents = [load_yaml_bytes(raw, str(path)) for path, raw in contents]
        result = accept(documents)
    _write(target, key, documents)
    return result


def _debug(message: str, *args: object) -> None:
    """Log at debug level; ``logging`` is imported only when there is something to say (it costs ~8 ms)."""
    import logging

    logging.getLogger(__name__).debug(message, *args)


def _read(target: Path, key: str, count: int) -> list[Any] | None:
    if not _trusted(target.parent):
        return None
    try:
        data = json.loads(target.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or data.get("format") != FORMAT:
        return None
    documents = data.get("documents")
    return documents if isinstance(documents, list) and len(documents) == count else None


def _write(target: Path, key: str, documents: list[Any]) -> None:
    try:
        text = json.dumps(
            {"format": FORMAT, "key": key, "documents": documents}, ensure_ascii=False, separators=(",", ":")
        )
    except (TypeError, ValueError):
        return  # a value JSON cannot hold (YAML !!binary): no compiled form, the YAML is read each time
    _write_bytes(target, text.encode("utf-8"))


def _write_bytes(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(target.parent):
            _debug("compiled forms not kept: %s is not ours alone", target.parent)
            return
        write_bytes_atomically(target, data)  # a concurrent reader sees the old file or the whole new one
        _prune(target)
    except OSError as exc:
        _debug("cannot write the compiled form %s: %s", target, exc)


def _prune(target: Path) -> None:
    """Keep the newest ``KEEP_PER_NAME`` compiled forms of this name."""
    prefix = target.name.rsplit("-", 1)[0] + "-"
    siblings = sorted(
        (p for p in target.parent.glob(f"{prefix}*{target.suffix}") if p.name.rsplit("-", 1)[0] + "-" == prefix),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in siblings[KEEP_PER_NAME:]:
        old.unlink(missing_ok=True)
