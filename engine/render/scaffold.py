"""`merit init DIR`: an empty dossier to fill in, with what may go where explained.

The three YAML files are written with comments in the reader's language (Bahasa Indonesia
by default, English with --lang en) that list the shipped document types, the indicators of the policy,
the yes/no statements and the self-reported metrics, all read from the vocabulary and the
policy, so the lists never drift from what the rules accept. When the personnel column
dictionaries are shipped, `tables/<table>.csv` templates get the headers the readers know,
and `tables/tables.yaml` explains (all commented out) how other exports are read.

Nothing is ever overwritten: if any target file exists, nothing is written at all.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..i18n import message
from ..load.loader import load_policy, load_rulebook
from ..load.schema import schema_text
from ..model import Policy, Vocabulary
from ..pipeline import DEFAULT_POLICY
from .templating import render_template
from .write import write_atomically

TABLE_DIR = "tables"
# A semicolon: Excel with Indonesian regional settings (decimal comma) splits on it.
CSV_SEPARATOR = ";"


def _agency_yaml(lang: str) -> str:
    kinds = ", ".join(json.loads(schema_text("agency"))["properties"]["kind"]["enum"])
    return render_template("init.agency.yaml.j2", lang, kinds=kinds)


def _validity(years: int | None, lang: str) -> str:
    if years is None:
        return message("init.documents.valid_until_revoked", lang)
    return message("init.documents.valid_years", lang, years=years)


def _documents_yaml(vocabulary: Vocabulary, lang: str) -> str:
    types = [{"id": t.id, "name": t.name.get(lang), "validity": _validity(t.validity_years, lang)}
             for t in sorted(vocabulary.document_types.values(), key=lambda t: t.id)]
    return render_template("init.documents.yaml.j2", lang, types=types)


def _blank(statement: Any) -> str:
    """What an unanswered statement shows: false for yes/no, a choice's first option."""
    if statement.type == "choice":
        return next(iter(statement.options))
    return "false" if statement.type == "boolean" else "0"


def _question(statement: Any, lang: str) -> str:
    """The question, with a choice's options listed."""
    if statement.type != "choice":
        return statement.question.get(lang)
    return message("init.answers.choice", lang, question=statement.question.get(lang),
                   options=" / ".join(statement.options))


def _answers_yaml(vocabulary: Vocabulary, policy: Policy, lang: str) -> str:
    indicators = [{"id": ref.rule.id, "title": ref.rule.title.get(lang),
                   "floor": getattr(ref.rule, "levels_from", policy.scoring.min_level)}
                  for _, ref in policy.indicators()]
    statements = [{"id": s.id, "blank": _blank(s), "question": _question(s, lang)}
                  for s in sorted(vocabulary.statements.values(), key=lambda s: s.id)]
    metrics = [{"id": m.id, "title": m.title.get(lang), "unit": m.unit}
               for m in sorted(vocabulary.metrics.values(), key=lambda m: m.id)]
    return render_template("init.answers.yaml.j2", lang, policy=policy.id, indicators=indicators,
                           statements=statements, metrics=metrics, survey=bool(policy.scoring.survey_weight),
                           correction=policy.scoring.correction is not None)


def _table_templates(table_format: str, lang: str) -> dict[str, str | bytes]:
    """`tables/<table>.csv` (or .xlsx) with the header row the personnel readers recognise,
    when the column dictionaries are shipped (an empty dict otherwise). Only one format is
    written: the reader refuses a table given twice."""
    try:
        from ..measure.dictionary import table_specs
    except ImportError:  # a build without personnel tables: the YAML files are enough
        return {}
    from ..measure.profiles import profiles

    names = ", ".join(f"{p.id} ({p.source.title.get(lang)})" for p in profiles())
    templates: dict[str, str | bytes] = {f"{TABLE_DIR}/tables.yaml": render_template("init.tables.yaml.j2", lang,
                                                                                     profiles=names)}
    for spec in table_specs().values():
        path = f"{TABLE_DIR}/{spec.id}.{table_format}"
        templates[path] = _xlsx_template(spec) if table_format == "xlsx" else \
            CSV_SEPARATOR.join(_headers(spec)) + "\n"
    return templates


def _headers(spec: Any) -> list[str]:
    # The first alias is how SIASN/SIMPEG exports spell the column; the reader matches it.
    return [column.aliases[0] if column.aliases else column.id for column in spec.columns.values()]


def _xlsx_template(spec: Any, rows: int = 5000) -> bytes:
    """An XLSX sheet with the headers, frozen, and a drop-down on every enumerated column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = spec.id
    sheet.append(_headers(spec))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(spec.columns.values(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, len(_headers(spec)[index - 1]) + 4)
        if column.type in ("string", "text") or column.id == "nip":
            for row in range(2, rows + 2):  # NIPs and codes must stay text, not numbers
                sheet.cell(row=row, column=index).number_format = "@"
        if column.values:
            check = DataValidation(type="list", formula1='"' + ",".join(column.values) + '"',
                                   allow_blank=not column.required)
            check.add(f"{letter}2:{letter}{rows + 1}")
            sheet.add_data_validation(check)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def dossier_files(policy_ref: str = DEFAULT_POLICY, table_format: str = "csv",
                  lang: str = "id") -> dict[str, str | bytes]:
    """Relative path -> content of every file of an empty dossier, its comments in `lang`."""
    rulebook = load_rulebook()
    policy = load_policy(policy_ref, rulebook)
    return {"agency.yaml": _agency_yaml(lang),
            "documents.yaml": _documents_yaml(rulebook.vocabulary, lang),
            "answers.yaml": _answers_yaml(rulebook.vocabulary, policy, lang),
            **_table_templates(table_format, lang)}


def _create(path: Path, text: str | bytes) -> None:
    """Write `path` whole and only if it does not exist."""
    try:
        write_atomically(path, text, replace=False)
    except FileExistsError:
        raise UsageError("init.exists", path=str(path)) from None
    except OSError as exc:
        raise UsageError("init.failed", path=str(path), detail=exc.strerror or str(exc)) from None


def init_dossier(target: Path, policy_ref: str = DEFAULT_POLICY, table_format: str = "csv",
                 lang: str = "id") -> list[Path]:
    """Write an empty dossier into `target` (created if needed); the paths written."""
    if target.exists() and not target.is_dir():
        raise UsageError("init.not_dir", path=str(target))
    files = dossier_files(policy_ref, table_format, lang)
    for relative in files:  # refuse before writing anything, so no dossier is left half-made
        if (target / relative).exists():
            raise UsageError("init.exists", path=str(target / relative))
    written = []
    for relative, text in files.items():
        path = target / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError("init.failed", path=str(path.parent), detail=exc.strerror or str(exc)) from None
        _create(path, text)
        written.append(path)
    return written
