"""The `merit` command line: a thin layer over the engine's public API.

It parses options, calls the engine, picks a renderer and maps errors to exit codes. User
errors print what is wrong (file:line:col) and exit 2, without a traceback.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import click

from .engine import api
from .engine.api import (
    DEFAULT_POLICY,
    DOSSIER_FILES,
    LANGUAGES,
    WAIVERS_FILE,
    EngineError,
    InputError,
    MeritError,
    UsageError,
    message,
    progress,
)

EXIT_OK = 0
EXIT_SHORTFALL = 1  # reserved for --fail-under (the agency falls short of a target)
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT

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
        api.write_atomically(output, data)
    except api.NotRegularFile:
        _fail(UsageError("cli.output_not_regular", path=str(output)), lang)
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


class _Merit(click.Group):
    """The command group; an error merit did not foresee exits 3 with a request to report
    it, never with a traceback and never with 1 (which scripts read as "falls short")."""

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        previous = _catch_interrupts()
        try:
            return super().main(args, *rest, **options)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                MeritError):
            raise
        except _Interrupted:  # Ctrl-C: 130 as shells expect, not 1 ("falls short")
            click.echo(message("cli.interrupted", _lang_of(given)), err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            detail = f"{type(exc).__name__}: {str(exc)[:200]}"
            click.echo(message("cli.internal", _lang_of(given), detail=detail), err=True)
            sys.exit(EXIT_INTERNAL)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)


class _Interrupted(BaseException):
    """Ctrl-C, raised past click (which would turn KeyboardInterrupt into exit code 1)."""


def _on_interrupt(signum: int, frame: Any) -> None:
    raise _Interrupted


def _catch_interrupts() -> Any:
    """Route Ctrl-C to _Interrupted (main thread only); the handler it replaces, or None."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, _on_interrupt)


def _lang_of(args: list[str]) -> str:
    for index, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            args[index + 1] if arg == "--lang" and index + 1 < len(args) else None)
        if value in LANGUAGES:
            return value
    return "id"


@click.group(cls=_Merit, context_settings={"help_option_names": ["-h", "--help"]})
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
        click.option("--with-people", "with_people", is_flag=True,
                     help="List the employees concerned by a gap by full NIP (personal data: "
                          "for the auditor's working papers). Default: counts and masked NIPs."),
        _lang_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


_POLICY_DEFAULT = ("Default: by the dossier's assessment_year, permenpanrb-19-2025 from 2026, "
                   f"{DEFAULT_POLICY} before.")


def _report(assessment: Any, lang: str, band: str | None, people: bool) -> Any:
    """The typed report (a bad MERIT_NOW is a usage error, exit 2)."""
    return _guarded(lang, lambda: api.build_report(assessment, lang, band, people))


def _binary_needs_output(fmt: str, output: Path | None, lang: str) -> None:
    """XLSX and PDF go to a file only (checked before assessing)."""
    if fmt in ("xlsx", "pdf") and output is None:
        _fail(UsageError("checklist.xlsx_needs_output" if fmt == "xlsx" else "pdf.needs_output"), lang)


def _assess(dossier: Path, policies: list[str], waivers: Path | None, as_of: Any, lang: str) -> list[Any]:
    on = as_of.date() if as_of else None
    policies = [p for p in policies if p] or [api.default_policy(dossier)]
    return _guarded(lang, lambda: _with_progress(
        lang, lambda: api.assess_many(dossier, list(dict.fromkeys(policies)), waivers=waivers, on=on)))


def _inputs(dossier: Path, waivers: Path | None, assessments: list[Any]) -> list[Path]:
    """The files an output must never replace: the dossier's YAML files, its personnel
    tables (and their tables.yaml), the waivers and the policy files used."""
    tables = dossier / "tables"
    found = sorted(p for p in tables.iterdir() if p.is_file()) if tables.is_dir() else []
    policies = [Path(a.policy.where.file) for a in assessments]
    return ([dossier / name for name in (*DOSSIER_FILES, WAIVERS_FILE)] + found + policies
            + ([waivers] if waivers else []))


def _band_id(policy: Any, wanted: str | None, lang: str) -> str | None:
    """A band of `policy` named by id or by name (any case), bare or as POLICY=CATEGORY, or
    a usage error."""
    return _guarded(lang, lambda: api.band_id(policy, api.per_policy([policy], [wanted], "target")[policy.id]
                                              if wanted else None))


@main.command()
@_assessment_options
@click.option("--policy", "policies", multiple=True,
              help="Assessment policy: a shipped id or a YAML path. Repeat it to assess under "
                   "several policies at once, side by side. " + _POLICY_DEFAULT)
@click.option("--format", "fmt", type=click.Choice(api.formats("check")), default="text", show_default=True)
@click.option("--target", "target", multiple=True, metavar="[POLICY=]CATEGORY",
              help="Target category (default: the policy's), e.g. 'Baik'; with several policies "
                   "POLICY=CATEGORY (repeatable), a bare one is the first policy's.")
@click.option("--fail-under", "fail_under", multiple=True, metavar="[POLICY=]SCORE|CATEGORY",
              help="Exit 1 when the total is below SCORE or the category below CATEGORY; with "
                   "several policies POLICY=VALUE (repeatable), a bare one is the first policy's.")
@click.option("--summary-only", "summary_only", is_flag=True,
              help="Only the summary page to sign (lembar ringkasan): text, md, html or pdf.")
def check(dossier: Path, policies: tuple[str, ...], fmt: str, output: Path | None, lang: str,
          waivers: Path | None, as_of: Any, target: tuple[str, ...], fail_under: tuple[str, ...],
          with_people: bool = False, summary_only: bool = False) -> None:
    """Assess DOSSIER (a directory with agency.yaml, documents.yaml, answers.yaml)."""
    _binary_needs_output(fmt, output, lang)
    if summary_only and fmt == "json":
        _fail(UsageError("summary.only_formats", format=fmt), lang)
    assessments = _assess(dossier, list(policies), waivers, as_of, lang)
    chosen = [a.policy for a in assessments]
    targets = _guarded(lang, lambda: api.per_policy(chosen, target, "target"))
    bars = _guarded(lang, lambda: api.per_policy(chosen, fail_under, "fail-under"))
    reports = [_report(a, lang, _band_id(a.policy, targets.get(a.policy.id), lang), with_people)
               for a in assessments]
    for report in reports:
        _guarded(lang, partial(api.validate_report, report))
    options = {"summary_only": True} if summary_only else {}
    if len(assessments) == 1:
        text = _guarded(lang, lambda: api.renderer("check", fmt)(reports[0], **options))
    else:
        bundle = _guarded(lang, lambda: api.build_side_by_side(assessments, reports, lang))
        text = _guarded(lang, lambda: api.renderer("side-by-side", fmt)(bundle, **options))
    emit(text, output, _inputs(dossier, waivers, assessments), lang)
    short = [r for a, r in zip(assessments, reports) if a.policy.id in bars and _guarded(
        lang, partial(api.falls_short, a.policy, r.total, r.category_id, bars[a.policy.id]))]
    for report in short:
        click.echo(message("cli.falls_short", lang, total=api.fmt(report.total, lang), policy=report.policy.id,
                           category=report.category_name, bar=bars[report.policy.id]), err=True)
    if short:
        sys.exit(EXIT_SHORTFALL)


@main.command()
@_assessment_options
@click.option("--policy", "policy", help="Assessment policy: a shipped id or a YAML path. " + _POLICY_DEFAULT)
@click.option("--format", "fmt", type=click.Choice(api.formats("gaps")), default="text", show_default=True)
def gaps(dossier: Path, policy: str, fmt: str, output: Path | None, lang: str,
         waivers: Path | None, as_of: Any, with_people: bool = False) -> None:
    """What each indicator's next level still lacks, with numbers and the rows concerned."""
    [assessment] = _assess(dossier, [policy or ""], waivers, as_of, lang)
    report = _report(assessment, lang, None, with_people)
    emit(api.renderer("gaps", fmt)(report), output, _inputs(dossier, waivers, [assessment]), lang)


@main.command()
@_assessment_options
@click.option("--policy", "policy", help="Assessment policy: a shipped id or a YAML path. " + _POLICY_DEFAULT)
@click.option("--format", "fmt", type=click.Choice(api.formats("plan")), default="text", show_default=True)
@click.option("--target", "target", help="Target category (default: the policy's, e.g. Sangat Baik).")
def plan(dossier: Path, policy: str, fmt: str, output: Path | None, lang: str,
         waivers: Path | None, as_of: Any, target: str | None, with_people: bool = False) -> None:
    """The least-effort set of level steps that reaches the target category."""
    [assessment] = _assess(dossier, [policy or ""], waivers, as_of, lang)
    report = _report(assessment, lang, _band_id(assessment.policy, target, lang), with_people)
    emit(api.renderer("plan", fmt)(report), output, _inputs(dossier, waivers, [assessment]), lang)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--policy", "policy", help="Policy that dossiers among PATHS are checked against. " + _POLICY_DEFAULT)
@_lang_option
def validate(paths: tuple[Path, ...], policy: str | None, lang: str) -> None:
    """Check rule, vocabulary, policy and dossier files (default: the shipped ones)."""
    done = _guarded(lang, lambda: _with_progress(lang, lambda: api.validate_paths(list(paths), policy)))
    click.echo(message("cli.valid", lang, count=done.count))
    if done.left_out:  # valid under tables.yaml's threshold, but a run leaves these rows out
        click.echo(message("cli.rows_left_out", lang, rows=done.left_out_rows))
        for problem in done.left_out:
            click.echo(f"  {problem.render(lang)}")
    for warning in done.warnings:  # worth fixing, but the files are valid: the exit code stays 0
        click.echo(f"{message('cli.warning', lang)}: {warning.render(lang)}")
    for root, read in done.tables_read:  # which profile or mapping read each personnel file
        click.echo(f"  {api.read_as_line(root, read, lang)}")


# --- rule reference: `merit rules list|show`, `merit policies list` ---------------------
# engine.render.reference loads on first use (engine.api), so that `merit check` does not
# pay for it.

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
    def build() -> str:
        rulebook = api.load_rulebook()
        chosen = api.load_policy(policy, rulebook) if policy else None
        return api.render_rules_list(rulebook, lang, chosen)

    _echo_text(lang, build)


@rules.command("show")
@click.argument("rule_id")
@_lang_option
def rules_show(rule_id: str, lang: str) -> None:
    """Show RULE_ID in full: levels, conditions, evidence, remediation, references."""
    def build() -> str:
        shipped = api.load_shipped()
        rule = api.find_rule(shipped.rulebook, rule_id)
        return api.render_rule(rule, shipped.rulebook, shipped.policies, lang)

    _echo_text(lang, build)


@main.group()
def policies() -> None:
    """Browse the shipped assessment policies."""


@policies.command("list")
@_lang_option
def policies_list(lang: str) -> None:
    """List the shipped policies: id, aspects, indicators, target category, name."""
    _echo_text(lang, lambda: api.render_policies_list(api.load_shipped().policies, lang))


@policies.command("show")
@click.argument("policy_id")
@click.option("--format", "fmt", type=click.Choice(api.formats("policy")), default="text", show_default=True)
@_lang_option
def policies_show(policy_id: str, fmt: str, lang: str) -> None:
    """Show POLICY_ID (a shipped id or a YAML path): aspects and weights, every indicator's
    points per level, the scale, the formula, the bands and the target."""
    _echo_text(lang, lambda: str(api.renderer("policy", fmt)(
        api.policy_card(api.load_policy(policy_id, api.load_rulebook()), lang))))


# --- report comparison: `merit compare OLD.json NEW.json` --------------------------------
# Two saved JSON reports of the same policy; engine.render.compare loads on first use (engine.api)
# so that `merit check` does not pay for it.

@main.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(api.formats("compare")), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the comparison to this file (atomically) instead of standard output.")
@_lang_option
def compare(old: Path, new: Path, fmt: str, output: Path | None, lang: str) -> None:
    """Compare two JSON reports (merit check --format json) of one agency and policy."""
    text = _guarded(lang, lambda: api.renderer("compare", fmt)(api.compare_files(old, new, lang)))
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
    written = _guarded(lang, lambda: api.init_dossier(directory, policy, table_format, lang))
    click.echo(message("init.written", lang, path=str(directory), count=len(written)))
    for path in written:
        click.echo(f"  {path}")
    click.echo(message("init.next", lang, path=str(directory)))


@main.command("map")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--table", "table", help="The merit table the file holds (found from its headers by default).")
@_lang_option
def map_command(file: Path, table: str | None, lang: str) -> None:
    """Print the tables.yaml `sources:` block that reads FILE (an export from SIASN, SIMPEG...)."""
    found = _guarded(lang, lambda: api.map_file(file, table))
    click.echo(api.render_mapping(found, lang), nl=False)


# --- remediation checklist: `merit checklist DOSSIER --format md|csv|xlsx` ----------------
# The least-effort plan as work items to assign (engine.render.checklist, loaded on first
# use, so that `merit check` does not pay for openpyxl). XLSX is binary: it goes to a file
# only (checked before assessing), written atomically like every other output.

@main.command()
@_assessment_options
@click.option("--policy", "policy", help="Assessment policy: a shipped id or a YAML path. " + _POLICY_DEFAULT)
@click.option("--format", "fmt", type=click.Choice(api.formats("checklist")), default="md", show_default=True)
@click.option("--target", "target", help="Target category (default: the policy's, e.g. Sangat Baik).")
@click.option("--csv-delimiter", "delimiter", type=click.Choice([";", ",", "tab"]), default=None,
              help="CSV separator (default: ';' with --lang id, as Indonesian Excel expects; ',' with --lang en).")
def checklist(dossier: Path, policy: str, fmt: str, output: Path | None, lang: str,
              waivers: Path | None, as_of: Any, target: str | None, delimiter: str | None = None,
              with_people: bool = False) -> None:
    """The least-effort plan as a remediation checklist (md, csv, html; xlsx or pdf with --output)."""
    _binary_needs_output(fmt, output, lang)
    [assessment] = _assess(dossier, [policy or ""], waivers, as_of, lang)
    report = _report(assessment, lang, _band_id(assessment.policy, target, lang), with_people)
    render = api.renderer("checklist", fmt)
    if fmt == "csv" and delimiter:
        render = partial(render, delimiter="\t" if delimiter == "tab" else delimiter)
    emit(_guarded(lang, lambda: render(report)), output, _inputs(dossier, waivers, [assessment]), lang)
    if fmt != "md" and not api.steps(report):
        # A spreadsheet without rows cannot say why it is empty: say it here.
        click.echo(api.status_line(report), err=True)


# --- the web workspace: `merit serve`, `merit users add` --------------------------------
# merit.workspace (Django) is imported inside the commands only: no other command pays for it.

_data_option = click.option("--data", "data", type=click.Path(path_type=Path, file_okay=False),
                            default=Path("merit-data"), show_default=True,
                            help="Directory of the workspace's SQLite database, secret key and "
                                 "evidence files (PostgreSQL: see MERIT_DATABASE_URL).")


@main.command()
@_data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@click.option("--demo", is_flag=True,
              help="Load the example agency and demo users (fixed demo passwords, 127.0.0.1 only).")
@_lang_option
def serve(data: Path, host: str, port: int, threads: int, demo: bool, lang: str) -> None:
    """Serve the web workspace (created and migrated in DATA on first start)."""
    from .workspace.server import DemoNotLocal
    from .workspace.server import serve as run

    try:
        run(data, host, port, demo, threads, say=lambda code, **kw: click.echo(message(code, lang, **kw)))
    except DemoNotLocal:
        click.echo(message("serve.demo_not_local", lang, host=host), err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.group()
def users() -> None:
    """Manage the workspace's users."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(("admin", "agency", "assessor")), required=True)
@click.option("--agency", "agency", default=None, help="Agency code (agency users; an assessor's assigned agency).")
@_data_option
@_lang_option
def users_add(name: str, role: str, agency: str | None, data: Path, lang: str) -> None:
    """Add user NAME; the password is read from standard input."""
    from .workspace.server import setup

    password = click.prompt(message("users.password", lang), hide_input=True) if sys.stdin.isatty() \
        else sys.stdin.readline().rstrip("\r\n")
    setup(data)
    from .workspace.users import add_user

    try:
        add_user(name, password, role, agency)
    except ValueError as exc:
        click.echo(message("users.refused", lang, detail=str(exc)), err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(message("users.added", lang, name=name, role=role))


def run() -> None:
    """The `merit` command: `main`, then the process ends at once. By then every output is
    written and closed (atomically, render/write.py) and every thread joined; what is left
    is freeing a dossier's tables object by object at interpreter shutdown, 0.2 s of nothing
    at a million employees (mypy ends the same way). The cyclic garbage collector runs
    less often (a run makes few cycles; at a million employees it ran 169 times, 0.04 s
    with the lock held that the table threads wait on)."""
    gc.set_threshold(10_000, 20, 20)
    try:
        main()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    if not isinstance(status, int):  # sys.exit("text") prints the text and fails, as Python does
        if status is not None:
            print(status, file=sys.stderr)
        status = 0 if status is None else 1
    if sys.getprofile() is not None or sys.gettrace() is not None:  # a profiler or coverage
        sys.exit(status)  # wants to write its results at exit
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`| head`), or a closed stream
            pass
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
