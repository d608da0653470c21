"""What every loader shares: where shipped data lives, the collector of problems (each at
file:line:col, raised together at the end of a load), and small readers of raw YAML."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, closest, format_json_path, raise_if
from ..model import (
    Text,
)
from .schema import validate
from .yamlfile import load_yaml, position_of


def shipped_dir(name: str) -> Path:
    """The directory of shipped data (`rules` or `policies`), installed or in a checkout."""
    return Path(str(resources.files("merit").joinpath(name)))


@dataclass
class ProblemCollector:
    """Problems gathered over one load, raised together at the end."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every file read, for rules_version

    def at(self, source: str, data: Any, path: Sequence[Any], code: str,
           suggestion: str | None = None, *, key: bool = False, **params: Any) -> None:
        line, col = position_of(data, path, key=key)
        self.problems.append(
            Problem(source, line, col, code, params, format_json_path(path), suggestion))

    def read(self, path: Path, schema: str | None, within: Path | None = None) -> Any:
        """Parse and schema-check one file (inside `within`, when given); None when it has
        problems (already recorded)."""
        self.files.append(path)
        try:
            data = load_yaml(path, within)
        except InputError as exc:
            self.problems.extend(exc.problems)
            return None
        schema = schema or _kind_schema(data)
        if schema is None:
            self.problems.append(Problem(str(path), 1, 1, "file.unknown_kind",
                                         {"allowed": ", ".join(("rule", "vocabulary", "policy", "metrics"))}))
            return None
        found = validate(data, schema, str(path))
        self.problems.extend(found)
        return None if found else data

    def raise_if_any(self) -> None:
        raise_if(self.problems)


def _kind_schema(data: Any) -> str | None:
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "policy" and "extends" in data:
        return "policy-extension"
    return kind if kind in ("rule", "vocabulary", "policy", "metrics") else None


def _text(raw: Mapping[str, str] | None) -> Text:
    raw = raw or {}
    return Text(raw.get("id", ""), raw.get("en", ""))


def _note(raw: Mapping[str, str] | str) -> Text:
    """A provenance note of a policy or vocabulary entry: {id, en}, or one string for both languages."""
    return Text(raw, raw) if isinstance(raw, str) else _text(raw)


def yaml_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The YAML files at or below `paths`, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.yaml") if p.is_file())
        else:
            yield path


def _known(name: str, known: Mapping[str, Any], source: str, data: Any, path: list[Any],
           code: str, box: ProblemCollector) -> None:
    if name not in known:
        box.at(source, data, path, code, closest(name, known), name=name)



def parse_date(text: str, source: str, data: Any, path: list[Any], box: ProblemCollector) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        box.at(source, data, path, "dossier.bad_date", value=text)
        return None
