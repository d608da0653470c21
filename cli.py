"""The `merit` command line: a thin layer over the engine's public API.

It parses options, calls the engine, picks a renderer and maps errors to exit codes. User
errors print what is wrong (file:line:col) and exit 2, without a traceback.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import click

from .engine import DEFAULT_POLICY, MeritError, progress
from .engine.errors import EngineError, InputError, UsageError, closest
from .engine.i18n import LANGUAGES, message
from .engine.load.check_files import validate_paths
from .engine.load.loader import DOSSIER_FILES
from .engine.pipeline import WAIVERS_FILE, assess_many
from .engine.render import formats, renderer
from .engine.render.model import Report
from .engine.render.report import build_report, build_side_by_side, validate_report
from .engine.render.report import fmt as fmt_number
from .engine.render.write import write_atomically

EXIT_OK = 0
EXIT_SHORTFALL = 1  # reserved for --fail-under (the agency falls short of a target)
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3

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


def emit(data: str | bytes, output: Path | None, inputs: list[Path], lang: str) -> None:
    """Print `data`, or write it to `output` atomically (never over one of the `inputs`)."""
    if output is None:
        click.echo(data, nl=False)
        return
    if any(output.resolve() == p.resolve() for p in inputs):
        _fail(UsageError("cli.output_is_input", path=str(output)), lang)
    try:
        write_atomically(output, data)
    except OSError as exc:
        _fail(UsageError("cli.output_failed", path=str(output), detail=exc.strerror or str(exc)), lang)
    click.echo(message("cli.written", lang, path=str(output)), err=True)


class TerminalProgress:
    """Shows the engine's progress steps on one self-erasing line, only on a terminal."""

    def __init__(self, stream: Any, lang: str) -> None:
        self.stream, self.lang, self.shown = stream, lang, False

    def __call__(self, code: str, params: dict[str, Any]) -> None:
        text = message(code, self.lang, **params)[: shutil.get_terminal_size().columns - 1]
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _with_progress(lang: str, action: Callable[[], Any]) -> Any:
    """Run `action` showing progress on standard error when it is a terminal."""
    stream = sys.stderr
    if not stream.isatty():
        return action()
    shown = TerminalProgress(stream, lang)
    try:
        with progress.listening(shown):
            return action()
    finally:
        shown.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="merit")
def main() -> None:
    """merit: check an agency's merit-system (sistem merit) dossier against the rules."""


def _assessment_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options every command that assesses a dossier takes."""
    options = [
        click.argument("dossier", type=click.Path(path_type=Path)),
        click.option("--waivers", "waivers", type=click.Path(path_type=Path, dir_okay=False),
                     help="Waiver file (default: DOSSIER/waivers.yaml when it exists)."),
        click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="Date on which waivers are checked for expiry (default: today)."),
        click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
                     help="Write to this file (atomically) instead of standard output."),
        _lang_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _assess(dossier: Path, policies: list[str], waivers: Path | None, as_of: Any, lang: str) -> list[Any]:
    on = as_of.date() if as_of else None
    return _guarded(lang, lambda: _with_progress(
        lang, lambda: assess_many(dossier, list(dict.fromkeys(policies)), waivers=waivers, on=on)))


def _inputs(dossier: Path, waivers: Path | None) -> list[Path]:
    """The files an output must never replace: the dossier's YAML files, its personnel
    tables (and their tables.yaml) and the waivers."""
    tables = dossier / "tables"
    found = sorted(p for p in tables.iterdir() if p.is_file()) if tables.is_dir() else []
    return [dossier / name for name in (*DOSSIER_FILES, WAIVERS_FILE)] + found + ([waivers] if waivers else [])


def _band_id(policy: Any, wanted: str | None, lang: str) -> str | None:
    """A band of `policy` named by id or by name (any case), or a usage error."""
    if wanted is None:
        return None
    names = {b.id: b.id for b in policy.bands}
    names |= {b.name.id.lower(): b.id for b in policy.bands} | {b.name.en.lower(): b.id for b in policy.bands}
    found = names.get(wanted.lower()) or names.get(wanted.lower().replace(" ", "-"))
    if found is None:
        _fail(UsageError("cli.unknown_category", name=wanted, known=", ".join(b.name.id for b in policy.bands),
                         suggestion=closest(wanted.lower(), names) or "-"), lang)
    return found


def _falls_short(report: Report, policy: Any, bar: str, lang: str) -> bool:
    """Whether the total is below a number, or the category below a named category."""
    try:
        return report.total < float(bar.replace(",", "."))
    except ValueError:
        band = _band_id(policy, bar, lang)
        ranks = [b.id for b in policy.bands]
        return ranks.index(report.category_id) < ranks.index(band)


@main.command()
@_assessment_options
@click.option("--policy", "policies", multiple=True, default=[DEFAULT_POLICY], show_default=True,
              help="Assessment policy: a shipped id or a YAML path. Repeat it to assess under "
                   "several policies at once, side by side.")
@click.option("--format", "fmt", type=click.Choice(formats("check")), default="text", show_default=True)
@click.option("--target", "target", help="Target category (default: the policy's), e.g. 'Baik'.")
@click.option("--fail-under", "fail_under", metavar="SCORE|CATEGORY",
              help="Exit 1 when the total is below SCORE or the category below CATEGORY.")
def check(dossier: Path, policies: tuple[str, ...], fmt: str, output: Path | None, lang: str,
          waivers: Path | None, as_of: Any, target: str | None, fail_under: str | None) -> None:
    """Assess DOSSIER (a directory with agency.yaml, documents.yaml, answers.yaml)."""
    assessments = _assess(dossier, list(policies), waivers, as_of, lang)
    reports = [build_report(a, lang, _band_id(a.policy, target, lang)) for a in assessments]
    for report in reports:
        _guarded(lang, partial(validate_report, report))
    if len(assessments) == 1:
        text = renderer("check", fmt)(reports[0])
    else:
        bundle = _guarded(lang, lambda: build_side_by_side(assessments, reports, lang))
        text = renderer("side-by-side", fmt)(bundle)
    emit(text, output, _inputs(dossier, waivers), lang)
    if fail_under and _falls_short(reports[0], assessments[0].policy, fail_under, lang):
        click.echo(message("cli.falls_short", lang, total=fmt_number(reports[0].total, lang),
                           category=reports[0].category_name, bar=fail_under), err=True)
        sys.exit(EXIT_SHORTFALL)


@main.command()
@_assessment_options
@click.option("--policy", "policy", default=DEFAULT_POLICY, show_default=True)
@click.option("--format", "fmt", type=click.Choice(formats("gaps")), default="text", show_default=True)
def gaps(dossier: Path, policy: str, fmt: str, output: Path | None, lang: str,
         waivers: Path | None, as_of: Any) -> None:
    """What each indicator's next level still lacks, with numbers and the rows concerned."""
    [assessment] = _assess(dossier, [policy], waivers, as_of, lang)
    report = build_report(assessment, lang)
    emit(renderer("gaps", fmt)(report), output, _inputs(dossier, waivers), lang)


@main.command()
@_assessment_options
@click.option("--policy", "policy", default=DEFAULT_POLICY, show_default=True)
@click.option("--format", "fmt", type=click.Choice(formats("plan")), default="text", show_default=True)
@click.option("--target", "target", help="Target category (default: the policy's, e.g. Sangat Baik).")
def plan(dossier: Path, policy: str, fmt: str, output: Path | None, lang: str,
         waivers: Path | None, as_of: Any, target: str | None) -> None:
    """The least-effort set of level steps that reaches the target category."""
    [assessment] = _assess(dossier, [policy], waivers, as_of, lang)
    report = build_report(assessment, lang, _band_id(assessment.policy, target, lang))
    emit(renderer("plan", fmt)(report), output, _inputs(dossier, waivers), lang)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--policy", "policy", default=DEFAULT_POLICY, show_default=True,
              help="Policy that dossiers among PATHS are checked against.")
@_lang_option
def validate(paths: tuple[Path, ...], policy: str, lang: str) -> None:
    """Check rule, vocabulary, policy and dossier files (default: the shipped ones)."""
    done = _guarded(lang, lambda: _with_progress(lang, lambda: validate_paths(list(paths), policy)))
    click.echo(message("cli.valid", lang, count=done.count))
    if done.left_out:  # valid under tables.yaml's threshold, but a run leaves these rows out
        click.echo(message("cli.rows_left_out", lang, rows=done.left_out_rows))
        for problem in done.left_out:
            click.echo(f"  {problem.render(lang)}")


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
    from .engine.load.loader import load_policy, load_rulebook
    from .engine.render.reference import render_rules_list

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
    from .engine.render.reference import find_rule, load_shipped, render_rule

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
    from .engine.render.reference import load_shipped, render_policies_list

    _echo_text(lang, lambda: render_policies_list(load_shipped().policies, lang))


# --- report comparison: `merit compare OLD.json NEW.json` --------------------------------
# Two saved JSON reports of the same policy; engine.compare is imported inside the command
# so that `merit check` does not pay for it.

@main.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(formats("compare")), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the comparison to this file (atomically) instead of standard output.")
@_lang_option
def compare(old: Path, new: Path, fmt: str, output: Path | None, lang: str) -> None:
    """Compare two JSON reports (merit check --format json) of one agency and policy."""
    from .engine.render.compare import compare_files

    text = _guarded(lang, lambda: renderer("compare", fmt)(compare_files(old, new, lang)))
    emit(text, output, [old, new], lang)


# --- empty dossier: `merit init DIR` -------------------------------------------------------

@main.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--policy", "policy", default=DEFAULT_POLICY, show_default=True,
              help="Policy whose indicators answers.yaml lists.")
@click.option("--tables", "table_format", type=click.Choice(("csv", "xlsx")), default="csv",
              show_default=True, help="Format of the personnel table templates in tables/.")
@_lang_option
def init_command(directory: Path, policy: str, table_format: str, lang: str) -> None:
    """Write an empty dossier into DIRECTORY (never over an existing file)."""
    from .engine.render.scaffold import init_dossier

    written = _guarded(lang, lambda: init_dossier(directory, policy, table_format))
    click.echo(message("init.written", lang, path=str(directory), count=len(written)))
    for path in written:
        click.echo(f"  {path}")
    click.echo(message("init.next", lang, path=str(directory)))


# --- remediation checklist: `merit checklist DOSSIER --format md|csv|xlsx` ----------------
# The least-effort plan as work items to assign (engine.checklist, imported inside the
# command so that `merit check` does not pay for openpyxl). XLSX is binary: it goes to a file
# only (checked before assessing), written atomically like every other output.

@main.command()
@_assessment_options
@click.option("--policy", "policy", default=DEFAULT_POLICY, show_default=True)
@click.option("--format", "fmt", type=click.Choice(formats("checklist")), default="md", show_default=True)
@click.option("--target", "target", help="Target category (default: the policy's, e.g. Sangat Baik).")
def checklist(dossier: Path, policy: str, fmt: str, output: Path | None, lang: str,
              waivers: Path | None, as_of: Any, target: str | None) -> None:
    """The least-effort plan as a remediation checklist (md, csv, or xlsx with --output)."""
    from .engine.render.checklist import status_line, steps

    if fmt == "xlsx" and output is None:
        _fail(UsageError("checklist.xlsx_needs_output"), lang)
    [assessment] = _assess(dossier, [policy], waivers, as_of, lang)
    report = build_report(assessment, lang, _band_id(assessment.policy, target, lang))
    emit(_guarded(lang, lambda: renderer("checklist", fmt)(report)), output, _inputs(dossier, waivers), lang)
    if fmt != "md" and not steps(report):
        # A spreadsheet without rows cannot say why it is empty: say it here.
        click.echo(status_line(report), err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
