"""The one place YAML is read: the safe loader only, with the line and column of every node.

`load_located` turns a YAML document into plain Python values (dict, list, str, int, ...)
plus a table from each value's path (the keys and indices that lead to it) to where its
key and its value stand in the file, so validation can name FILE:LINE:COLUMN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_NODES = 200_000
"""More nodes than any hand-written stand has; guards against alias bombs ("billion laughs")."""


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Located:
    """A YAML document as Python values, with the marks of every key and value."""

    data: Any
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    duplicates: list[tuple[Path_, Mark]] = field(default_factory=list)

    def mark(self, path: Path_, *, prefer_key: bool = False) -> Mark:
        """The mark of `path`, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return Mark(1, 1)
            probe = probe[:-1]


class YamlError(Exception):
    """A document that is not YAML, or not YAML this program accepts."""

    def __init__(self, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def load_located(text: str) -> Located:
    """Parse one YAML document with the safe loader, keeping marks. Raises YamlError."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
            problem = exc.problem or "invalid YAML"
            context = f" {exc.context}" if exc.context else ""
            raise YamlError(f"YAML syntax: {problem}{context}", where) from None
        except yaml.YAMLError as exc:
            raise YamlError(f"YAML syntax: {exc}", Mark(1, 1)) from None
        located = Located(data=None)
        if root is None:
            return located
        budget = [MAX_NODES]
        located.data = _convert(loader, root, (), located, budget)
        return located
    finally:
        loader.dispose()


def _convert(
    loader: yaml.SafeLoader, node: yaml.Node, path: Path_, out: Located, budget: list[int]
) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError("the document is too large (too many values or aliases)", _mark(node))
    out.values.setdefault(path, _mark(node))
    if isinstance(node, yaml.ScalarNode):
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise YamlError(f"cannot read this value: {exc}", _mark(node)) from None
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader, child, (*path, index), out, budget)
            for index, child in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        try:
            loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        except yaml.YAMLError as exc:
            raise YamlError(f"YAML merge: {exc}", _mark(node)) from None
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("a key must be a plain word, not a list or a map", _mark(key_node))
            key = loader.construct_object(key_node)
            if not isinstance(key, str | int) or isinstance(key, bool):
                key = str(key)
            child_path = (*path, key)
            if key in result:
                out.duplicates.append((child_path, _mark(key_node)))
                continue
            out.keys[child_path] = _mark(key_node)
            result[key] = _convert(loader, value_node, child_path, out, budget)
        return result
    raise YamlError("unsupported YAML node", _mark(node))  # pragma: no cover
