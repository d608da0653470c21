"""Where a rule file lives follows from its id: rules/<prefix>/<name>.yaml for id <prefix>.<...>.

One folder per topic (the id's prefix), so a reader who knows an id knows where to look
and a topic never spreads over two folders. Vocabulary files sit directly under rules/,
metric definitions under rules/metrics/.
"""

from __future__ import annotations

from pathlib import Path

from merit.engine.load.loader import shipped_dir, yaml_files
from merit.engine.load.yamlfile import load_yaml

RULES = shipped_dir("rules")


def _kinds() -> dict[Path, str]:
    return {path.relative_to(RULES): load_yaml(path)["kind"] for path in yaml_files([RULES])}


def test_every_rule_file_sits_in_the_folder_named_by_its_id_prefix() -> None:
    misplaced = []
    for path in yaml_files([RULES]):
        data = load_yaml(path)
        if data["kind"] == "rule" and path.parent.name != data["id"].split(".", 1)[0]:
            misplaced.append(f"{path.relative_to(RULES)}: {data['id']}")
    assert misplaced == []


def test_rules_only_in_topic_folders_vocabulary_at_the_top_metrics_apart() -> None:
    for relative, kind in _kinds().items():
        where = relative.parts[0] if len(relative.parts) > 1 else ""
        expected = {"": "vocabulary", "metrics": "metrics"}.get(where, "rule")
        assert (kind, len(relative.parts)) == (expected, 1 if not where else 2), relative

