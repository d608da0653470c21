"""YAML loading that keeps the line and column of every node.

Mappings load as `PosDict` and sequences as `PosList`; both remember where each of their
entries stands in the file, so a JSON path from jsonschema can be turned back into
`file:line:col`. Duplicate keys, which PyYAML silently resolves to the last one, are
reported as problems instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem

Position = tuple[int, int]  # 1-based line and column


class PosDict(dict):
    """A dict that knows where its keys and values stand in the source file."""

    start: Position = (1, 1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_pos: dict[Any, Position] = {}
        self.value_pos: dict[Any, Position] = {}


class PosList(list):
    """A list that knows where each of its items stands in the source file."""

    start: Position = (1, 1)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_pos: list[Position] = []


def _mark(node: yaml.Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


# libyaml's parser when PyYAML was built with it (several times faster on the rule files);
# construction stays in Python either way, so positions and duplicate checks are the same.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it
_BaseLoader = SAFE_LOADER


class _PosLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that builds PosDict/PosList and collects duplicate keys."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, Position]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> PosDict:
        self.flatten_mapping(node)
        result = PosDict()
        result.start = _mark(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result:
                self.duplicates.append((str(key), _mark(key_node)))
            result[key] = self.construct_object(value_node, deep=True)
            result.key_pos[key] = _mark(key_node)
            result.value_pos[key] = _mark(value_node)
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> PosList:
        result = PosList(self.construct_object(child, deep=True) for child in node.value)
        result.start = _mark(node)
        result.item_pos = [_mark(child) for child in node.value]
        return result


_PosLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _PosLoader.construct_mapping)
_PosLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _PosLoader.construct_sequence)
# Dates stay text: the schemas check their form, and the loaders parse them with a
# message that names the file and position when a date does not exist (2025-02-30).
_PosLoader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_scalar)


def parse_yaml(text: str, source: str) -> Any:
    """Parse one YAML document; raise InputError naming `source`, line and column."""
    loader = _PosLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        raise InputError([Problem(source, line, col, "yaml.syntax", {"detail": detail})]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(source, 1, 1, "yaml.syntax", {"detail": str(exc)})]) from None
    finally:
        loader.dispose()
    problems = [
        Problem(source, line, col, "yaml.duplicate_key", {"key": key})
        for key, (line, col) in loader.duplicates
    ]
    if problems:
        raise InputError(problems)
    return data


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML file. The file is only ever opened for reading."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), 0, 0, "file.missing", {})]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(str(path), 1, 1, "file.encoding", {"detail": str(exc)})]) from None
    except OSError as exc:
        raise InputError([Problem(str(path), 0, 0, "file.unreadable", {"detail": exc.strerror or str(exc)})]) from None
    return parse_yaml(text, str(path))


def position_of(document: Any, path: Iterable[Any], *, key: bool = False) -> Position:
    """Line and column of the node at `path` (a JSON path), or of its nearest ancestor.

    With `key=True` the position of the mapping key itself is returned, which is where a
    reader expects the caret for an unknown or misspelt key.
    """
    node, pos = document, getattr(document, "start", (1, 1))
    steps = list(path)
    for index, step in enumerate(steps):
        last = index == len(steps) - 1
        if isinstance(node, PosDict) and step in node:
            positions = node.key_pos if (key and last) else node.value_pos
            pos = positions.get(step, pos)  # entries merged in by code have no position
            node = node[step]
        elif isinstance(node, PosList) and isinstance(step, int) and 0 <= step < len(node):
            pos = node.item_pos[step]
            node = node[step]
        else:
            break
    return pos


def key_position(mapping: Any, key: Any) -> Position:
    """Position of `key` in `mapping`, falling back to the mapping's own start."""
    if isinstance(mapping, PosDict) and key in mapping.key_pos:
        return mapping.key_pos[key]
    return getattr(mapping, "start", (1, 1))
