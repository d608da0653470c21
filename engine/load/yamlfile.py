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
from .inputs import YAML_MAX_BYTES, read_text

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


YAML_MAX_DEPTH = 64            # merit's own files nest 12 deep
YAML_MAX_NODES = 1_000_000     # values after aliases are expanded (stops "billion laughs")
# What PyYAML's English problems mean, for the reader of a message (by prefix).
_EXPLAINED = (
    ("found unexpected end of stream", "yaml.unclosed_quote"),
    ("mapping values are not allowed", "yaml.colon_in_value"),
    ("found character that cannot start any token", "yaml.tab_or_character"),
    ("found undefined alias", "yaml.undefined_alias"),
    ("did not find expected", "yaml.indentation"),
    ("could not find expected ':'", "yaml.missing_colon"),
)


def parse_yaml(text: str, source: str) -> Any:
    """Parse one YAML document; raise InputError naming `source`, line and column."""
    loader = _PosLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_shape(node, source)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise InputError([_syntax_problem(exc, text, source)]) from None
    finally:
        loader.dispose()
    problems = [
        Problem(source, line, col, "yaml.duplicate_key", {"key": key})
        for key, (line, col) in loader.duplicates
    ]
    if problems:
        raise InputError(problems)
    return data


def _syntax_problem(exc: yaml.YAMLError, text: str, source: str) -> Problem:
    """Where the cause stands (an unclosed quote is reported where it opens, not at the end
    of the file) and what it means in the reader's language."""
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        return Problem(source, line, col, "yaml.control_character", {"char": f"U+{exc.character:04X}"
                                                                     if isinstance(exc.character, int) else "?"})
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(source, 1, 1, "yaml.syntax", {"detail": str(exc)})
    problem = exc.problem or ""
    at_start = problem.startswith("found unexpected end of stream") and exc.context_mark is not None
    mark = (exc.context_mark if at_start else exc.problem_mark) or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    code = next((c for prefix, c in _EXPLAINED if problem.startswith(prefix)), "yaml.syntax")
    opened = _unclosed_quote(text, line)
    if opened is not None:  # the quote ran on and the parser tripped lines later
        line, col, code = *opened, "yaml.unclosed_quote"
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    return Problem(source, line, col, code, {"detail": detail})


def _unclosed_quote(text: str, up_to: int) -> tuple[int, int] | None:
    """The first line up to `up_to` with an odd number of double quotes (escaped ones
    aside), and its last quote's column: where a quote opened and was never closed."""
    for number, line in enumerate(text.splitlines()[:up_to], start=1):
        quotes = [i for i, char in enumerate(line) if char == '"' and (i == 0 or line[i - 1] != "\\")]
        if len(quotes) % 2:
            return number, quotes[-1] + 1
    return None


def _check_shape(root: yaml.Node, source: str) -> None:
    """Refuse YAML nested deeper than YAML_MAX_DEPTH or expanding (through aliases) to more
    than YAML_MAX_NODES values, from the composed nodes (an alias is the same node object
    again), before anything is built."""
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values once expanded, height)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not ready and children:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        size = 1 + sum(sizes[id(child)][0] for child in children)
        height = 1 + max((sizes[id(child)][1] for child in children), default=0) if children else 0
        if size > YAML_MAX_NODES:
            raise _too(source, node.start_mark, "yaml.too_many_values", YAML_MAX_NODES)
        sizes[id(node)] = (size, height)
    if sizes[id(root)][1] > YAML_MAX_DEPTH:
        node = root
        for _ in range(YAML_MAX_DEPTH):  # down the deepest path to the first level too deep
            node = max(_children(node), key=lambda child: sizes[id(child)][1])
        raise _too(source, node.start_mark, "yaml.too_deep", YAML_MAX_DEPTH)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _too(source: str, mark: Any, code: str, limit: int) -> InputError:
    return InputError([Problem(source, mark.line + 1, mark.column + 1, code, {"limit": limit})])


def load_yaml(path: Path, within: Path | None = None) -> Any:
    """Read and parse a YAML file (a regular file, within the size limit, inside `within`
    when given). The file is only ever opened for reading."""
    return parse_yaml(read_text(path, YAML_MAX_BYTES, within), str(path))


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
