"""YAML loading that remembers where each mapping and key came from.

Importers and the catalogue loader both need errors that name ``file:line``;
PyYAML's safe loader forgets positions, so mappings are built as ``LineDict``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import yaml

from govops.errors import InputError


class LineDict(Dict[str, Any]):  # typing.Dict: the host agent runs this on Python 3.7
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of ``key``, or the mapping's own line when unknown."""
        return self.key_lines.get(key, self.line)


# libyaml's parser (when PyYAML was built with it) reads about six times faster than the pure-Python one;
# positions and the safe constructors are the same.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """Safe loader producing ``LineDict`` mappings."""


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
                None, None, f"duplicate key {skey!r}", key_node.start_mark
            )
        result[skey] = loader.construct_object(value_node, deep=True)
        result.key_lines[skey] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
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
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        raise InputError(f"invalid YAML: {exc.problem or exc.context}", where=loc) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", where=where) from exc


def load_yaml_file(path: Path) -> Any:
    """Read and parse a UTF-8 YAML file; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start})", where=str(path), hint="save the file as UTF-8"
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from exc
    return load_yaml_text(text, str(path))
