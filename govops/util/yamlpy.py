"""PyYAML's safe loader producing ``LineDict`` mappings, within the alias and depth limits.

``govops.util.yamlio`` uses it wherever PyYAML is installed (everywhere but the
host-agent zipapp, which reads its YAML with ``govops.util.miniyaml``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import IO, Any

import yaml
from yaml.composer import Composer
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from govops.errors import InputError
from govops.util.limits import (
    INT64_MAX,
    YAML_MAX_ALIAS_EXPANSION,
    YAML_MAX_DEPTH,
    YAML_MAX_MAPPING_KEYS,
    YAML_MAX_ROW_VALUES,
    YAML_MAX_SCALAR_CHARS,
)
from govops.util.yamlio import LineDict

# libyaml's parser (when PyYAML was built with it) reads about six times faster than the pure-Python one;
# positions and the safe constructors are the same.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """Safe loader producing ``LineDict`` mappings, within the alias and depth limits."""

    check_aliases = True

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if self.check_aliases:
            check_node_budget(node)
        return self.construct_document(node)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _limit_error(problem: str, at: yaml.Node | Event) -> yaml.MarkedYAMLError:
    """The error for a node or event, at its place."""
    return yaml.constructor.ConstructorError(None, None, problem, _mark(at))


def _mark(at: yaml.Node | Event) -> Any:
    # libyaml's marks (yaml._yaml.Mark) are typed apart from PyYAML's; both give name, line and column.
    return at.start_mark


def check_node_budget(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand it too far, refer to themselves, or nest too deep.

    Walks the composed node graph once (iteratively, each distinct node once), so a
    354-byte "billion laughs" is refused before anything is built from it.

    Raises:
        yaml.MarkedYAMLError: At the node where the limit was crossed.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    distinct = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            if sizes[key] - distinct > YAML_MAX_ALIAS_EXPANSION:
                raise _limit_error(
                    f"aliases expand this document beyond {YAML_MAX_ALIAS_EXPANSION:,} extra values "
                    "(an alias bomb?)", node)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _limit_error("an alias refers to the collection that holds it", node)
        if depth > YAML_MAX_DEPTH:
            raise _limit_error(f"nested deeper than {YAML_MAX_DEPTH} levels", node)
        distinct += 1
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in _children(node) if id(c) not in sizes)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be scalars", key_node.start_mark
            )
        skey = str(key)
        if skey in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {skey[:40]!r}", key_node.start_mark
            )
        result[skey] = loader.construct_object(value_node, deep=True)
        result.key_lines[skey] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    """An integer within 64 bits (``INT64_MAX``), refused at its place beyond: what no field takes, and a decimal
    one past Python's conversion limit would be a traceback."""
    try:
        value: int = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        value = INT64_MAX + 1
    if not -INT64_MAX - 1 <= value <= INT64_MAX:
        raise _limit_error("an integer beyond 64 bits", node)
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# Dates stay strings: importers validate ISO dates themselves and name the field.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml_text(text: str, where: str) -> Any:
    """Parse YAML text into plain data with ``LineDict`` mappings.

    Raises:
        InputError: Naming ``where:line:column`` of the syntax error.
    """
    loader = _LineLoader(text)
    # Without an anchor there is no alias to expand; the depth limit is then the interpreter's.
    loader.check_aliases = "&" in text
    try:
        return loader.get_single_data()
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply", where=where) from None
    except yaml.YAMLError as exc:
        raise yaml_input_error(exc, where) from exc
    finally:
        loader.dispose()


def yaml_input_error(exc: yaml.YAMLError, where: str) -> InputError:
    """The ``InputError`` for a PyYAML error: ``where:line:column`` when it has a position."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        loc = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        started = exc.context_mark
        # libyaml says "found character that cannot start any token" for a tab, not naming it.
        hint = "YAML indents with spaces, never tabs: replace the tab there" if mark and _tab_at(mark, where) else None
        if exc.problem and exc.context and started and mark and started.line != mark.line:
            # A file cut short fails at its end: say where the unfinished part began.
            return InputError(f"invalid YAML: {exc.problem} ({exc.context} at line {started.line + 1})", where=loc,
                              hint=hint)
        return InputError(f"invalid YAML: {exc.problem or exc.context}", where=loc, hint=hint)
    return InputError(f"invalid YAML: {exc}", where=where)


def _tab_at(mark: yaml.Mark, where: str) -> bool:
    """Whether the error's position holds a tab: from the parser's buffer, else (libyaml) the file's line."""
    if mark.buffer is not None:
        return mark.buffer[mark.pointer : mark.pointer + 1] == "\t"
    try:
        with open(where, encoding="utf-8", errors="replace") as fh:
            line = next(itertools.islice(fh, mark.line, None), "")
    except OSError:
        return False
    return line[mark.column : mark.column + 1] == "\t"


# ---------------------------------------------------------------- reading a top-level mapping of lists row by row

# Tags whose values are immutable and built from the scalar text alone: a row of only these (and
# plain mappings and lists) is built straight from the parser's events; any other row (anchors,
# aliases, explicit tags, merge keys, odd keys) goes through PyYAML's own composer and constructor.
_SIMPLE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "null", "bool", "int", "float"))
_PLAIN_TAGS = (None, "!")
# Scalars remembered (text -> value) while building rows: ledgers repeat a few words in every row.
_SCALAR_CACHE = 50_000
_CACHED_CHARS = 64
_UNSEEN = object()
_TOO_LONG = f"a value longer than {YAML_MAX_SCALAR_CHARS:,} characters"


class _Unusual(Exception):
    """The row needs PyYAML's composer and constructor (the fast build stops and replays its events)."""


class _Replay(Composer, yaml.resolver.Resolver):
    """PyYAML's composer over the events of one row (anchors are known only within it)."""

    def __init__(self, events: list[Event]) -> None:
        Composer.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._events = events
        self._at = 0

    def check_event(self, *choices: type[Event]) -> bool:
        if self._at >= len(self._events):
            return False
        return not choices or isinstance(self._events[self._at], choices)

    def peek_event(self) -> Event:
        return self._events[self._at]

    def get_event(self) -> Event:
        self._at += 1
        return self._events[self._at - 1]


_Replay.yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers


class ListStream:
    """Read a YAML document that maps names to lists, one list item (a row) at a time.

    Memory stays flat in the number of rows: the parser reads the stream in chunks, and
    each row is built from its own events, then handed out. A row means exactly what the
    whole-file loader (``load_yaml_text``) makes of it. Limits, each an ``InputError`` naming
    ``where:line:column``: one document; anchors and aliases only within one row (and
    within the alias budget); nesting, values per row, keys per mapping and scalar length
    (``govops.util.limits``).

    Use: ``next_section()`` gives each top-level key in turn; then ``rows()`` or ``skip()``
    reads its value.
    """

    def __init__(self, stream: IO[str], where: str, *, hint: str | None = None) -> None:
        self.where, self.hint = where, hint
        self._loader = _LineLoader(stream)
        self._get = self._loader.get_event
        self._peek = self._loader.peek_event
        self._cache: dict[tuple[str, Any], Any] = {}
        self._sections: set[str] = set()
        self._open = False  # a key was read and its value not yet
        self.started = False
        self.ended = False
        self.empty = False

    def close(self) -> None:
        """Free the parser (the caller closes the stream)."""
        self._loader.dispose()

    def next_section(self) -> tuple[str, int] | None:
        """Read the next top-level key: (key, line), or None at the end of the document.

        Raises:
            InputError: The document is not a mapping, has a second document, repeats a key, or is not YAML.
        """
        try:
            if self._open:
                self.skip()
            if not self.started and not self._start():
                return None
            if self.ended:
                return None
            event = self._get()
            if isinstance(event, MappingEndEvent):
                self._end()
                return None
            return self._section_key(event)
        except yaml.YAMLError as exc:
            raise yaml_input_error(exc, self.where) from exc

    def rows(self, section: str, line: int) -> Iterator[tuple[Any, int]]:
        """Yield (row, line) for each item of the current key's list (none for an empty value).

        Raises:
            InputError: The value is not a list, or a row is not YAML or crosses a limit.
        """
        try:
            event = self._get()
            self._open = False
            if self._is_null(event):
                return
            if not isinstance(event, SequenceStartEvent):
                raise InputError(f"section `{section}` must be a list of rows", where=f"{self.where}:{line}")
            self._refuse_anchor(event, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG)
            while not isinstance(self._peek(), SequenceEndEvent):
                first = self._peek()
                yield self._row(), first.start_mark.line + 1
            self._get()
        except yaml.YAMLError as exc:
            raise yaml_input_error(exc, self.where) from exc

    def skip(self) -> None:
        """Read past the current key's value without building it."""
        try:
            self._open = False
            depth = 0
            while True:
                depth += _depth_step(self._get())
                if depth == 0:
                    return
        except yaml.YAMLError as exc:
            raise yaml_input_error(exc, self.where) from exc

    def _start(self) -> bool:
        """Read up to the first key; False (``empty``) when the stream holds no document or an empty one."""
        self.started = True
        self._get()  # StreamStartEvent
        if isinstance(self._peek(), StreamEndEvent):
            self.empty = self.ended = True
            return False
        self._get()  # DocumentStartEvent
        root = self._get()
        if self._is_null(root):
            self.empty = self.ended = True
            return False
        if not isinstance(root, MappingStartEvent):
            raise _not_a_mapping(self.where, root, self.hint)
        self._refuse_anchor(root, yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG)
        return True

    def _end(self) -> None:
        """After the top-level mapping: the end of the document, and of the stream."""
        self.ended = True
        self._get()  # DocumentEndEvent
        event = self._get()
        if isinstance(event, DocumentStartEvent):
            raise _limit_error("a second document (`---`): a file holds one", event)
        if not isinstance(event, StreamEndEvent):  # pragma: no cover - the parser allows nothing else
            raise _limit_error("expected the end of the stream", event)

    def _section_key(self, event: Event) -> tuple[str, int]:
        if not isinstance(event, ScalarEvent) or event.anchor is not None:
            raise _limit_error("top-level keys must be plain text (no anchors, aliases or collections)", event)
        try:
            key = str(self._value(event))
        except _Unusual:
            raise _limit_error("top-level keys must be plain text (no tags or merge keys)", event) from None
        if key in self._sections:
            raise _limit_error(f"duplicate key {key[:40]!r}", event)
        self._sections.add(key)
        self._open = True
        return key, _mark(event).line + 1

    def _refuse_anchor(self, event: Event, default_tag: str) -> None:
        if getattr(event, "anchor", None) is not None or getattr(event, "tag", None) not in (*_PLAIN_TAGS, default_tag):
            raise _limit_error("anchors and tags are allowed only inside a row", event)

    def _is_null(self, event: Event) -> bool:
        """Whether the event is a plain empty value (``~``, ``null`` or nothing)."""
        try:
            return isinstance(event, ScalarEvent) and self._value(event) is None
        except _Unusual:
            return False

    def _value(self, event: ScalarEvent) -> Any:
        """The value of a plain scalar, as the safe loader makes it; ``_Unusual`` for any other."""
        if len(event.value) > YAML_MAX_SCALAR_CHARS:
            raise _limit_error(_TOO_LONG, event)
        if event.anchor is not None or event.tag not in _PLAIN_TAGS:
            raise _Unusual
        key = (event.value, event.implicit)
        try:
            return self._cache[key]
        except KeyError:
            pass
        tag = self._loader.resolve(ScalarNode, event.value, event.implicit)
        if tag not in _SIMPLE_TAGS:
            raise _Unusual
        node = ScalarNode(tag, event.value, _mark(event), _mark(event), event.style)
        value = self._loader.yaml_constructors[tag](self._loader, node)
        if len(event.value) <= _CACHED_CHARS:
            if len(self._cache) >= _SCALAR_CACHE:
                self._cache.clear()
            self._cache[key] = value
        return value

    def _row(self) -> Any:
        """Build the next row from its events; rows with anything unusual go through PyYAML's own path."""
        events: list[Event] = []
        try:
            return self._build(events)
        except _Unusual:
            return self._compose(events)

    def _build(self, events: list[Event]) -> Any:
        get, record, cached = self._get, events.append, self._cache.get
        open_: list[Any] = []  # the row's collections being built, innermost last
        keys: list[tuple[str, int] | None] = []  # per open mapping: its key waiting for a value
        while True:
            event = get()
            record(event)
            if len(events) > YAML_MAX_ROW_VALUES:
                raise _limit_error(f"a row with more than {YAML_MAX_ROW_VALUES:,} values", event)
            kind = type(event)
            if kind is ScalarEvent:
                # Most scalars are plain words seen before: looked up here, the rest built by ``_value``.
                value = cached((event.value, event.implicit), _UNSEEN) if event.tag is None else _UNSEEN
                if value is _UNSEEN or event.anchor is not None:
                    field = keys[-1][0] if keys and keys[-1] is not None else None
                    if field and len(event.value) > YAML_MAX_SCALAR_CHARS:
                        raise _limit_error(f"field `{field}`: {_TOO_LONG}", event)
                    value = self._value(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag not in _PLAIN_TAGS:
                    raise _Unusual
                self._check_depth(len(open_) + 1, event)
                if kind is MappingStartEvent:
                    mapping = LineDict()
                    mapping.line = event.start_mark.line + 1
                    mapping.key_lines = {}
                    open_.append(mapping)
                else:
                    open_.append([])
                keys.append(None)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = open_.pop()
                keys.pop()
            else:  # an alias
                raise _Unusual
            if not open_:
                return value
            parent = open_[-1]
            if type(parent) is list:
                parent.append(value)
                continue
            key = keys[-1]
            if key is not None:
                parent[key[0]] = value
                parent.key_lines[key[0]] = key[1]
                keys[-1] = None
                continue
            # A key: a scalar that is text, a number, a boolean or null, given once (else PyYAML's error).
            if kind is not ScalarEvent or not (type(value) is str or value is None or isinstance(value, int | float)):
                raise _Unusual
            name = value if type(value) is str else str(value)
            if name in parent:
                raise _Unusual
            if len(parent) >= YAML_MAX_MAPPING_KEYS:
                raise _limit_error(f"a mapping with more than {YAML_MAX_MAPPING_KEYS:,} keys", event)
            keys[-1] = (name, event.start_mark.line + 1)

    def _compose(self, events: list[Event]) -> Any:
        """Read the rest of the row, then compose and construct it as the whole-file loader does."""
        depth = sum(_depth_step(e) for e in events)
        while depth > 0:
            event = self._get()
            events.append(event)
            depth += _depth_step(event)
            if isinstance(event, ScalarEvent) and len(event.value) > YAML_MAX_SCALAR_CHARS:
                self._value(event)  # raises the limit's error
            self._check_depth(depth, event)
            if len(events) > YAML_MAX_ROW_VALUES:
                raise _limit_error(f"a row with more than {YAML_MAX_ROW_VALUES:,} values", event)
        replay = _Replay(events)
        try:
            node = replay.compose_node(None, None)  # type: ignore[arg-type]  # the root has no index
        except yaml.composer.ComposerError as exc:
            if exc.problem and "undefined alias" in exc.problem:
                exc.problem += " (an alias may refer only to an anchor in its own row)"
            raise
        if node is None:  # pragma: no cover - a row always has a first event
            return None
        check_node_budget(node)
        return self._loader.construct_document(node)

    @staticmethod
    def _check_depth(depth: int, event: Event) -> None:
        # Depth as the whole-file check counts it: the document's mapping 0, the section's list 1, the row 2.
        if depth + 1 > YAML_MAX_DEPTH:
            raise _limit_error(f"nested deeper than {YAML_MAX_DEPTH} levels", event)


def _depth_step(event: Event) -> int:
    if isinstance(event, CollectionStartEvent):
        return 1
    return -1 if isinstance(event, MappingEndEvent | SequenceEndEvent) else 0


def _not_a_mapping(where: str, event: Event, hint: str | None) -> InputError:
    what = "a list" if isinstance(event, SequenceStartEvent) else "an alias" if isinstance(event, AliasEvent) else (
        "a single value")
    return InputError(f"the top level must map names to lists of rows, not {what}",
                      where=f"{where}:{_mark(event).line + 1}", hint=hint)
