"""`merit init DIR`: an empty dossier to fill in, with what may go where explained.

The three YAML files are written with comments in Bahasa Indonesia (the language of the
people who fill them) that list the shipped document types, the indicators of the policy,
the yes/no statements and the self-reported metrics, all read from the vocabulary and the
policy, so the lists never drift from what the rules accept. When the personnel column
dictionaries are shipped, `tables/<table>.csv` templates get the headers the readers know.

Nothing is ever overwritten: if any target file exists, nothing is written at all.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..load.loader import load_policy, load_rulebook
from ..load.schema import schema_text
from ..model import Policy, StatementDef, Vocabulary
from ..pipeline import DEFAULT_POLICY
from .write import write_atomically

TABLE_DIR = "tables"
# A semicolon: Excel with Indonesian regional settings (decimal comma) splits on it.
CSV_SEPARATOR = ";"


def _agency_yaml() -> str:
    kinds = ", ".join(json.loads(schema_text("agency"))["properties"]["kind"]["enum"])
    return f"""\
# Data instansi yang dinilai (dosir penilaian sistem merit).
# Isi kolom bertanda WAJIB; kolom opsional boleh dibiarkan kosong atau dihapus.
# Setelah diisi, periksa dosir dengan: merit validate <direktori-ini>

# WAJIB: nama resmi instansi, mis. "Pemerintah Kabupaten Contoh".
name: ""
# WAJIB: jenis instansi, salah satu dari: {kinds}.
kind: ""
# WAJIB: tahun yang dinilai, mis. 2025.
assessment_year: null

# Opsional: kode instansi, wilayah, dan unit yang dapat dihubungi.
code: ""
region: ""
contact: ""
"""


def _validity(years: int | None) -> str:
    return "berlaku sampai diganti atau dicabut" if years is None else f"berlaku {years} tahun"


def _documents_yaml(vocabulary: Vocabulary) -> str:
    types = "\n".join(f"#   {t.id}: {t.name.id} ({_validity(t.validity_years)})"
                      for t in sorted(vocabulary.document_types.values(), key=lambda t: t.id))
    return f"""\
# Daftar dokumen bukti: satu entri per dokumen yang diserahkan kepada penilai.
# Setiap entri memuat:
#   type         jenis dokumen (lihat daftar di bawah)            WAJIB
#   number       nomor dokumen, mis. "800/045/BKD/2025"           WAJIB
#   title        judul dokumen                                    WAJIB
#   issued       tanggal ditetapkan, TTTT-BB-HH                   WAJIB
#   status       draft | ditetapkan | dicabut                     WAJIB
#   valid_from, valid_until   masa berlaku (opsional; tanpa valid_until berlaku masa lazim jenisnya)
#   issuer, file              penerbit dan lokasi berkas (opsional)
# Dokumen dihitung bila berstatus ditetapkan dan berlaku pada tahun penilaian.
#
# Contoh (hapus [] di bawah, lalu tulis entri seperti ini):
# documents:
#   - type: anjab
#     number: "188.44/112/KPTS/BKD/2023"
#     title: "Keputusan Kepala Daerah tentang Analisis Jabatan"
#     issued: 2023-03-14
#     status: ditetapkan
#     file: "bukti/anjab-2023.pdf"
#
# Jenis dokumen yang dikenal (type: nama, masa berlaku lazim):
{types}

documents: []
"""


def _placeholder(statement: StatementDef) -> str:
    if statement.type == "choice":
        return next(iter(statement.options))
    return "false" if statement.type == "boolean" else "0"


def _choices(statement: StatementDef) -> str:
    """A choice statement's options, as the comment lists them."""
    return f" (pilihan: {' / '.join(statement.options)})" if statement.type == "choice" else ""


def _answers_yaml(vocabulary: Vocabulary, policy: Policy) -> str:
    indicators = "\n".join(
        f"#   {ref.rule.id}: {{claimed_level: {ref.rule.levels_from}, evidence: []}}  # {ref.rule.title.id}"
        for _, ref in policy.indicators())
    statements = "\n".join(
        f"#   {s.id}: {_placeholder(s)}  # {s.question.id}{_choices(s)}"
        for s in sorted(vocabulary.statements.values(), key=lambda s: s.id))
    metrics = "\n".join(
        f"#   {m.id}: {{value: 0, source: \"\"}}  # {m.title.id} ({m.unit})"
        for m in sorted(vocabulary.metrics.values(), key=lambda m: m.id))
    return f"""\
# Penilaian mandiri instansi.
# Untuk mengisi sebuah bagian: ganti {{}} dengan baris-baris di bawahnya dan hapus tanda #.

# Level yang diklaim ({policy.scoring.min_level}-{policy.scoring.max_level}) per indikator kebijakan {policy.id}, dengan nomor dokumen
# buktinya (nomor seperti tertulis di documents.yaml) dan catatan opsional (note).
indicators: {{}}
{indicators}

# Jawaban atas pernyataan ya/tidak (true = ya, false = tidak).
statements: {{}}
{statements}

# Angka yang dilaporkan sendiri, dengan sumbernya. Bila direktori tables/ berisi data
# pegawai, angka yang dihitung dari tabel menggantikan angka di sini.
metrics: {{}}
{metrics}
"""


def _table_templates(table_format: str) -> dict[str, str | bytes]:
    """`tables/<table>.csv` (or .xlsx) with the header row the personnel readers recognise,
    when the column dictionaries are shipped (an empty dict otherwise). Only one format is
    written: the reader refuses a table given twice."""
    try:
        from ..measure.dictionary import table_specs
    except ImportError:  # a build without personnel tables: the YAML files are enough
        return {}
    templates: dict[str, str | bytes] = {}
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


def dossier_files(policy_ref: str = DEFAULT_POLICY, table_format: str = "csv") -> dict[str, str | bytes]:
    """Relative path -> content of every file of an empty dossier."""
    rulebook = load_rulebook()
    policy = load_policy(policy_ref, rulebook)
    return {"agency.yaml": _agency_yaml(),
            "documents.yaml": _documents_yaml(rulebook.vocabulary),
            "answers.yaml": _answers_yaml(rulebook.vocabulary, policy),
            **_table_templates(table_format)}


def _create(path: Path, text: str | bytes) -> None:
    """Write `path` whole and only if it does not exist."""
    try:
        write_atomically(path, text, replace=False)
    except FileExistsError:
        raise UsageError("init.exists", path=str(path)) from None
    except OSError as exc:
        raise UsageError("init.failed", path=str(path), detail=exc.strerror or str(exc)) from None


def init_dossier(target: Path, policy_ref: str = DEFAULT_POLICY, table_format: str = "csv") -> list[Path]:
    """Write an empty dossier into `target` (created if needed); the paths written."""
    if target.exists() and not target.is_dir():
        raise UsageError("init.not_dir", path=str(target))
    files = dossier_files(policy_ref, table_format)
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
