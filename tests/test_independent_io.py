"""Output-side tests with independent expectations: every dossier text field escaped in the
HTML and Markdown reports, output files replaced whole, and the exit codes as the literal
numbers users and scripts rely on. Each was checked by planting a bug (see the headers).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLE
from merit import cli
from merit.engine.errors import EngineError
from merit.engine.render import write as write_module
from merit.engine.render.write import write_atomically


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli.main, list(args))


# --- i. every dossier text field is escaped in HTML and Markdown ------------------------------
# Planted: `|safe` on a document number in _report.html.j2 (or on a waiver's justification in
# _extras.html.j2); `| md` dropped from a waiver's approver in _extras.md.j2.

def _evil(field: str) -> str:
    return f'<evil-{field} x="1">{field}</evil-{field}> & \'q\''


def _hostile(dossier: Path) -> None:
    """Every free-text field of the dossier (and of a waiver file) turned into markup."""
    def edit(name: str, change: Any) -> None:
        path = dossier / name
        data = yaml.safe_load(path.read_text("utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def agency(data: dict[str, Any]) -> None:
        for key in ("name", "code", "region", "contact"):
            data[key] = _evil(f"agency-{key}")

    def documents(data: dict[str, Any]) -> None:
        for index, doc in enumerate(data["documents"]):
            for key in ("number", "title", "issuer", "file"):
                doc[key] = _evil(f"doc{index}-{key}")

    def answers(data: dict[str, Any]) -> None:
        for rid, claim in data["indicators"].items():
            claim["evidence"] = [_evil("doc0-number")]  # evidence must name a document
            claim["note"] = _evil(f"claim-{rid}-note")
        for key, metric in data["metrics"].items():
            metric["source"] = _evil(f"metric-{key}-source")
        data["survey"]["source"] = _evil("survey-source")

    edit("agency.yaml", agency)
    edit("documents.yaml", documents)
    edit("answers.yaml", answers)
    (dossier / "waivers.yaml").write_text(yaml.safe_dump({"waivers": [
        {"condition": "perencanaan.anjab-abk.L4.0", "justification": _evil("waiver-justification"),
         "approver": _evil("waiver-approver"), "expires": "2099-06-30"},
        {"indicator": "karier.manajemen-talenta", "level": 4, "justification": _evil("expired-justification"),
         "approver": _evil("expired-approver"), "expires": "2001-06-30"}]}), "utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dossier = tmp_path_factory.mktemp("hostile") / "dossier"
    shutil.copytree(EXAMPLE, dossier, ignore=shutil.ignore_patterns("tables"))
    _hostile(dossier)
    return dossier


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example dossier without its personnel tables (quicker to assess)."""
    dossier = tmp_path_factory.mktemp("plain") / "dossier"
    shutil.copytree(EXAMPLE, dossier, ignore=shutil.ignore_patterns("tables"))
    return dossier


@pytest.fixture(scope="module")
def shown(hostile: Path) -> set[str]:
    """The hostile fields the report carries (its JSON keeps text as it is)."""
    return _fields_in(_output("check", str(hostile), "--format", "json"))


def _output(*args: str) -> str:
    result = _run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def _fields_in(text: str) -> set[str]:
    return set(re.findall(r"<evil-([\w.-]+) ", text))


def test_every_dossier_field_of_the_report_is_escaped_in_html(hostile: Path, shown: set[str]) -> None:
    # Not vacuous: the report does carry dossier text, of these kinds at least.
    assert {"agency-name", "waiver-justification", "waiver-approver", "expired-justification",
            "expired-approver"} <= shown and any(f.endswith("-number") for f in shown)
    for args in (["check"], ["check", "--policy", "kasn-2019", "--policy", "permenpanrb-19-2025"]):
        html = _output(*args, str(hostile), "--format", "html")
        assert "<evil" not in html
        for field in shown:
            assert f"&lt;evil-{field} x=&#34;1&#34;&gt;{field}&lt;/evil-{field}&gt; &amp; &#39;q&#39;" in html \
                or f"&lt;evil-{field} x=&quot;1&quot;&gt;" in html, field


@pytest.mark.parametrize("args", [["check"], ["checklist"],
                                  ["check", "--policy", "kasn-2019", "--policy", "permenpanrb-19-2025"]])
def test_every_dossier_field_of_the_report_is_escaped_in_markdown(hostile: Path, shown: set[str],
                                                                  args: list[str]) -> None:
    # (metric ids in field names carry underscores, which Markdown escapes as '\_')
    markdown = _output(*args, str(hostile), "--format", "md").replace("\\_", "_")
    assert re.findall(r"(?<!\\)</?evil", markdown) == []
    escaped = set(re.findall(r"\\<evil-([\w.-]+) x=\"1\">\1\\</evil-\1> &amp; 'q'", markdown))
    assert escaped == set(re.findall(r"evil-([\w.-]+) x=", markdown))  # every one whole and escaped
    assert "agency-name" in escaped  # the checklist shows no other dossier text today
    if args[-1] != "checklist":
        assert {"waiver-justification", "waiver-approver"} <= escaped
    if args == ["check"]:
        assert escaped == shown


# --- j. output files are replaced whole, never written in place -------------------------------
# Planted: write_atomically's body replaced by `path.write_bytes(payload)`.

def test_write_replaces_the_file_by_a_new_one(tmp_path: Path) -> None:
    target = tmp_path / "laporan.html"
    target.write_text("old report")
    before = os.stat(target).st_ino
    keep_open = target.open("rb")  # a reader holding the old file keeps reading the old file
    try:
        write_atomically(target, "new report")
        assert keep_open.read() == b"old report"
    finally:
        keep_open.close()
    assert target.read_text() == "new report" and os.stat(target).st_ino != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.html"]


def test_a_reader_never_sees_a_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "laporan.json"
    target.write_text('{"old": true}')
    seen: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:  # the new data is written and flushed, not yet in place
        seen.append(target.read_text())
        real_fsync(fd)

    monkeypatch.setattr(write_module.os, "fsync", spy)
    write_atomically(target, '{"new": true}')
    assert seen == ['{"old": true}'] and target.read_text() == '{"new": true}'


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "laporan.md"
    target.write_text("old")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_module.os, "fsync", broken)
    with pytest.raises(OSError):
        write_atomically(target, "new " * 1000)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.md"]


def test_the_cli_replaces_its_output_file_by_a_new_one(tmp_path: Path, plain: Path) -> None:
    target = tmp_path / "laporan.json"
    target.write_text("old")
    before = os.stat(target).st_ino
    assert _run("check", str(plain), "--format", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text("utf-8"))["policy"]["id"] == "kasn-2019"
    assert os.stat(target).st_ino != before


# --- k. exit codes are the literal numbers 0, 1, 2, 3 -------------------------------------------
# Planted: EXIT_SHORTFALL = 3 and EXIT_INTERNAL = 1 (swapped) in cli.py.

def test_exit_code_0_when_all_is_well(plain: Path) -> None:
    assert _run("check", str(plain)).exit_code == 0


def test_exit_code_1_when_the_agency_falls_short(plain: Path) -> None:
    assert _run("check", str(plain), "--fail-under", "400").exit_code == 1
    assert _run("check", str(plain), "--fail-under", "100").exit_code == 0


def test_exit_code_2_for_bad_input(tmp_path: Path, plain: Path) -> None:
    assert _run("check", str(tmp_path / "no-such-dossier")).exit_code == 2
    assert _run("check", str(plain), "--policy", "no-such-policy").exit_code == 2


def test_exit_code_3_for_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise EngineError("the inference engine misbehaved")

    monkeypatch.setattr(cli.api, "assess_many", broken)
    result = _run("check", str(EXAMPLE))
    assert result.exit_code == 3 and "the inference engine misbehaved" in result.output


def test_exit_code_3_for_an_unforeseen_error_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("a bug of merit's own")

    monkeypatch.setattr(cli.api, "assess_many", broken)
    result = _run("check", str(EXAMPLE), "--lang", "en")
    assert result.exit_code == 3
    assert "internal merit error (please report): KeyError" in result.output
    assert "Traceback" not in result.output


def test_the_named_exit_codes_are_the_documented_numbers() -> None:
    assert (cli.EXIT_OK, cli.EXIT_SHORTFALL, cli.EXIT_BAD_INPUT, cli.EXIT_INTERNAL) == (0, 1, 2, 3)
