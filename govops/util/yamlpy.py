"""PyYAML's safe loader producing ``LineDict`` mappings, within the alias and depth limits.

``govops.util.yamlio`` uses it wherever PyYAML is installed (everywhere but the
host-agent zipapp, which reads its YAML with ``govops.util.miniyaml``).
"""

from __future__ import annotations

from typing import Any

import yaml

from govops.errors import InputError
from govops.util.limits import YAML_MAX_ALIAS_EXPANSION, YAML_MAX_DEPTH
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


def _limit_error(problem: str, node: yaml.Node) -> yaml.MarkedYAMLError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        raise InputError(f"invalid YAML: {exc.problem or exc.context}", where=loc) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", where=where) from exc
    finally:
        loader.dispose()


