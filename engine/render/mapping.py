"""`merit map`: the `sources:` entry that reads an export, as YAML to copy into
tables/tables.yaml, with comments (in the reader's language) saying how the file was read,
how sure each match is, and what is left to decide. The block is valid as printed: an
officer fixes what the comments flag and runs `merit validate`."""

from __future__ import annotations

import json

from ..i18n import fmt, message
from ..measure.mapper import Mapping
from ..measure.sourced import DELIMITER_NAMES


def _q(text: str) -> str:
    """A YAML scalar that reads back as exactly `text` (a JSON string is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render_mapping(found: Mapping, lang: str = "id") -> str:
    t = lambda code, **kw: message(code, lang, **kw)  # noqa: E731
    seen = found.peek
    how = (t("map.read_csv", delimiter=DELIMITER_NAMES.get(seen.delimiter, seen.delimiter), encoding=seen.encoding)
           if seen.form == "CSV" else t("map.read_xlsx") if seen.form == "XLSX" else seen.form)
    lines = [f"# {t('map.title', file=found.file, table=found.table)}",
             f"# {how}; {t('map.header_row', row=found.header_row)}"]
    if found.profile:
        lines.append(f"# {t('map.profile', profile=found.profile)}")
    lines += ["sources:", f"  {found.table}:", f"    files: [{_q(found.file)}]", f"    header_row: {found.header_row}"]
    if seen.form == "CSV":
        lines.append(f"    delimiter: {_q(seen.delimiter)}")
    if found.null:
        lines.append(f"    null: [{', '.join(_q(n) for n in found.null)}]")
    lines += _columns(found, lang) + _values(found, lang)
    if found.key is not None:
        lines.append(f"    key: {{column: {_q(found.key.column)}, refers_to: {_q(found.key.refers_to)}}}")
    if found.unmatched:
        lines.append(f"# {t('map.unmatched', count=len(found.unmatched), headers=', '.join(found.unmatched))}")
    return "\n".join(lines) + "\n"


def _columns(found: Mapping, lang: str) -> list[str]:
    lines, notes = [], []
    for match in found.columns:
        if match.header is None:
            note = message("map.no_header_required" if match.required else "map.no_header", lang, column=match.column)
            notes.append(f"      # {match.column}: ?  # {note}")
            ids = sorted((h for h in found.unmatched if h.lower().endswith("id")), key=lambda h: (h.lower() == "id", -len(h)))
            if match.required and match.column == "nip" and ids and found.table != "pegawai":
                notes.append(f"      # {message('map.key_hint', lang, column=ids[0])}")
            continue
        sure = message("map.sure", lang) if match.confidence >= 1 else message(
            "map.guess", lang, confidence=fmt(match.confidence, lang, 2))
        lines.append(f"      {match.column}: {_q(match.header)}  # {sure}")
    return ["    columns:", *lines, *notes] if lines else ["    columns: {}", *notes]


def _values(found: Mapping, lang: str) -> list[str]:
    lines, notes = [], []
    for cid, matches in found.values.items():
        lines.append(f"      {cid}:")
        for match in matches:
            ours = "null" if match.ours is None else _q(match.ours)
            if match.ours is None:
                note = message("map.value_unknown", lang, count=match.count)
            elif match.confidence >= 1:
                note = message("map.value_sure", lang, count=match.count)
            else:
                note = message("map.value_guess", lang, count=match.count, confidence=fmt(match.confidence, lang, 2))
            lines.append(f"        {_q(match.theirs)}: {ours}  # {note}")
            if cid == "jenis_jabatan" and match.ours is None and "struktural" in match.theirs.lower():
                notes.append(f"      # {message('map.needs_eselon', lang, value=match.theirs)}")
    for cid, fine in found.accepted.items():
        notes.append(f"      # {message('map.values_as_is', lang, column=cid, values=', '.join(fine[:12]))}")
    return ["    values:", *lines, *notes] if lines else notes
