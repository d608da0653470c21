"""The `merit` command line: a thin layer over the engine's public API.

It parses options, calls the engine, picks a renderer and maps errors to exit codes. User
errors print what is wrong (file:line:col) and exit 2, without a traceback.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from .engine import DEFAULT_POLICY, MeritError
from .engine.assess import assess_many
from .engine.checkfiles import validate_paths
from .engine.errors import EngineError, InputError, UsageError
from .engine.i18n import LANGUAGES, message
from .engine.loader import DOSSIER_FILES
from .engine.report import (
    build_report, build_side_by_side, render, render_side_by_side, validate_report,
)

EXIT_OK = 0
EXIT_SHORTFALL = 1  # reserved for --fail-under (the agency falls short of a target)
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

CHECK_FORMATS = ("text", "json")

_lang_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), default="id", show_default=True,
    help="Language of the output: id (Bahasa Indonesia) or en (English).")


def _fail(error: MeritError, lang: str) -> NoReturn:
    if isinstance(error, InputError):
        click.echo(message("cli.error_header", lang, count=len(error.problems)), err=True)
    click.echo(error.render(lang), err=True)
    sys.exit(EXIT_BAD_INPUT)


def _guarded(lang: str, action: Callable[[], Any]) -> Any:
    """Run `action`, turning merit's own errors into messages and exit codes."""
    try:
        return action()
    except MeritError as error:
        if isinstance(error, EngineError):
            click.echo(message("cli.internal", lang, detail=str(error)), err=True)
            sys.exit(EXIT_INTERNAL)
        _fail(error, lang)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the new, never half."""
    path = path.resolve()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def emit(text: str, output: Path | None, inputs: list[Path], lang: str) -> None:
    """Print `text`, or write it to `output` (never over one of the `inputs`)."""
    if output is None:
        click.echo(text, nl=False)
        return
    if any(output.resolve() == p.resolve() for p in inputs):
        _fail(UsageError("cli.output_is_input", path=str(output)), lang)
    try:
        write_atomically(output, text)
    except OSError as exc:
        _fail(UsageError("cli.output_failed", path=str(output), detail=exc.strerror or str(exc)), lang)
    click.echo(message("cli.written", lang, path=str(output)), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="merit")
def main() -> None:
    """merit: check an agency's merit-system (sistem merit) dossier against the rules."""


@main.command()
@click.argument("dossier", type=click.Path(path_type=Path))
@click.option("--policy", "policies", multiple=True, default=[DEFAULT_POLICY], show_default=True,
              help="Assessment policy: a shipped id or a YAML path. Repeat it to assess under "
                   "several policies at once, side by side.")
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file (atomically) instead of standard output.")
@_lang_option
def check(dossier: Path, policies: tuple[str, ...], fmt: str, output: Path | None, lang: str) -> None:
    """Assess DOSSIER (a directory with agency.yaml, documents.yaml, answers.yaml)."""
    assessments = _guarded(lang, lambda: assess_many(dossier, list(dict.fromkeys(policies))))
    reports = [build_report(assessment, lang) for assessment in assessments]
    for report in reports:
        _guarded(lang, lambda r=report: validate_report(r))
    if len(assessments) == 1:
        text = render(reports[0], fmt)
    else:
        text = render_side_by_side(_guarded(lang, lambda: build_side_by_side(assessments, lang)), fmt)
    inputs = [dossier / name for name in DOSSIER_FILES]
    emit(text, output, inputs, lang)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--policy", "policy", default=DEFAULT_POLICY, show_default=True,
              help="Policy that dossiers among PATHS are checked against.")
@_lang_option
def validate(paths: tuple[Path, ...], policy: str, lang: str) -> None:
    """Check rule, vocabulary, policy and dossier files (default: the shipped ones)."""
    count = _guarded(lang, lambda: validate_paths(list(paths), policy))
    click.echo(message("cli.valid", lang, count=count))


# --- rule reference: `merit rules list|show`, `merit policies list` ---------------------
# The engine.reference import is inside the commands so that `merit check` does not pay
# for it, and so these commands stay one self-contained block.

def _echo_text(lang: str, build: Callable[[], str]) -> None:
    click.echo(_guarded(lang, build), nl=False)


@main.group()
def rules() -> None:
    """Browse the rules: list them, or show one in full."""


@rules.command("list")
@click.option("--policy", "policy", default=None,
              help="Only this policy's indicators, grouped by its aspects (a shipped id or a YAML path).")
@_lang_option
def rules_list(policy: str | None, lang: str) -> None:
    """List the rules: id, aspect and title."""
    from .engine.loader import load_policy, load_rulebook
    from .engine.reference import render_rules_list

    def build() -> str:
        rulebook = load_rulebook()
        chosen = load_policy(policy, rulebook) if policy else None
        return render_rules_list(rulebook, lang, chosen)

    _echo_text(lang, build)


@rules.command("show")
@click.argument("rule_id")
@_lang_option
def rules_show(rule_id: str, lang: str) -> None:
    """Show RULE_ID in full: levels, conditions, evidence, remediation, references."""
    from .engine.reference import find_rule, load_shipped, render_rule

    def build() -> str:
        shipped = load_shipped()
        rule = find_rule(shipped.rulebook, rule_id)
        return render_rule(rule, shipped.rulebook, shipped.policies, lang)

    _echo_text(lang, build)


@main.group()
def policies() -> None:
    """Browse the shipped assessment policies."""


@policies.command("list")
@_lang_option
def policies_list(lang: str) -> None:
    """List the shipped policies: id, aspects, indicators, target category, name."""
    from .engine.reference import load_shipped, render_policies_list

    _echo_text(lang, lambda: render_policies_list(load_shipped().policies, lang))


if __name__ == "__main__":  # pragma: no cover
    main()
