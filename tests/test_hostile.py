"""Hostile and careless inputs: each is refused with exit code 2, a message that names the
file and position and says what to do, no traceback, and not one file changed or added.

The inputs are made here (a small alias bomb, a zip bomb, a FIFO, a device node where the
tests run as root), never taken from a corpus.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _state(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under `root` with its mode and (for regular files) bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        found[str(path)] = (mode, path.read_bytes() if stat.S_ISREG(mode) and not path.is_symlink() else None)
    return found


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    root = tmp_path / "dossier"
    shutil.copytree(EXAMPLE, root)
    return root


def _refused(tmp_path: Path, args: list[str], *expected: str) -> str:
    """Run merit; it must exit 2 with every `expected` text, and leave tmp_path untouched."""
    before = _state(tmp_path)
    code, out = _run(*args)
    assert code == 2, out
    for text in expected:
        assert text in out, out
    assert _state(tmp_path) == before
    return out


def _edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text("utf-8")), "utf-8")


# --- limits on what is read ------------------------------------------------------------

def test_an_alias_bomb_is_stopped_before_it_expands(tmp_path: Path, dossier: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (dossier / "agency.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"],
             "agency.yaml:6:", "expands to more than 1000000 values")


def test_yaml_nested_200_deep_is_refused_with_its_position(tmp_path: Path, dossier: Path) -> None:
    (dossier / "agency.yaml").write_text("name: " + "[" * 200 + "]" * 200 + "\n", "utf-8")
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "agency.yaml:1:", "nested deeper than 64")


def test_an_xlsx_zip_bomb_is_refused_before_it_inflates(tmp_path: Path, dossier: Path) -> None:
    (dossier / "tables" / "pelatihan.csv").unlink()
    with zipfile.ZipFile(dossier / "tables" / "pelatihan.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 << 20))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "pelatihan.xlsx", "inflates to 80 MiB")


@pytest.mark.parametrize(("target", "expected"), [("/dev/zero", "device file"), ("/dev/urandom", "device file")])
def test_a_device_given_as_an_input_is_refused(tmp_path: Path, dossier: Path, target: str, expected: str) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"kind: policy\nid: mine\nextends: {target}\n", "utf-8")
    _refused(tmp_path, ["check", str(dossier), "--waivers", target, "--lang", "en"], target, expected)


def test_a_fifo_or_directory_named_like_a_table_is_reported(tmp_path: Path, dossier: Path) -> None:
    (dossier / "tables" / "pegawai.csv").unlink()
    os.mkfifo(dossier / "tables" / "pegawai.csv")
    (dossier / "tables" / "pelatihan.csv").unlink()
    (dossier / "tables" / "pelatihan.csv").mkdir()
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"],
             "pegawai.csv: this is a named pipe (FIFO)", "pelatihan.csv: this is a directory")


def test_a_file_linked_from_outside_the_dossier_is_not_read(tmp_path: Path, dossier: Path) -> None:
    (dossier / "agency.yaml").unlink()
    (dossier / "agency.yaml").symlink_to("/etc/passwd")
    out = _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "agency.yaml: a symbolic link out of the dossier")
    assert "root:" not in out


def test_a_table_linked_from_outside_the_dossier_is_not_read(tmp_path: Path, dossier: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    (dossier / "tables" / "pegawai.csv").rename(outside)
    (dossier / "tables" / "pegawai.csv").symlink_to(outside)
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "pegawai.csv: a symbolic link out of the dossier")


@pytest.mark.parametrize(("change", "expected"), [
    (lambda b: b.decode("utf-8-sig").encode("utf-16"), "encoded as UTF-16"),
    (lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), "ends its lines with CR alone"),
])
def test_a_table_in_another_encoding_or_line_ending_is_named_as_such(
        tmp_path: Path, dossier: Path, change: Callable[[bytes], bytes], expected: str) -> None:
    table = dossier / "tables" / "pegawai.csv"
    table.write_bytes(change(table.read_bytes()))
    out = _refused(tmp_path, ["check", str(dossier), "--lang", "en"], f"{table}:1:1: ", expected)
    assert out.count("\n") < 5  # one problem, not thousands blaming other tables


def test_an_undecodable_byte_is_named_at_its_line_and_column(tmp_path: Path, dossier: Path) -> None:
    (dossier / "agency.yaml").write_bytes(b"name: Provinsi\nregion: Jaw\xa0a\n")
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "agency.yaml:2:12: byte 0xA0 is not UTF-8")


def test_a_nul_byte_is_named_at_its_position(tmp_path: Path, dossier: Path) -> None:
    _edit(dossier / "agency.yaml", lambda t: t.replace("\n", "\x00\n", 2))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "control character U+0000")


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path, dossier: Path) -> None:
    text = (dossier / "documents.yaml").read_text("utf-8")
    line = text.splitlines().index(next(t for t in text.splitlines() if "issuer:" in t)) + 1
    _edit(dossier / "documents.yaml", lambda t: t.replace('issuer: "Gubernur Contoh"', 'issuer: "Gubernur Contoh', 1))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"],
             f"documents.yaml:{line}:13: a quote opens here but is never closed")


# --- writing only where it may ----------------------------------------------------------

def test_output_onto_the_policy_given_is_refused(tmp_path: Path, dossier: Path) -> None:
    policy = tmp_path / "policy.yaml"
    shutil.copy(ROOT / "policies" / "kasn-2019.yaml", policy)
    _refused(tmp_path, ["check", str(dossier), "--policy", str(policy), "-o", str(policy), "--lang", "en"],
             f"--output {policy} is an input file")


def test_output_onto_a_fifo_is_refused(tmp_path: Path, dossier: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    _refused(tmp_path, ["check", str(dossier), "-o", str(fifo), "--lang", "en"], "is not a regular file")


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a device needs root")
def test_output_onto_a_device_node_is_refused(tmp_path: Path, dossier: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    _refused(tmp_path, ["check", str(dossier), "-o", str(node), "--lang", "en"], "is not a regular file")
    assert stat.S_ISCHR(node.stat().st_mode)


# --- what would be misread --------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ("culture_change_agents_appointed: true", "culture_change_agents_appointed: ya",
     "a yes/no statement is written true or false, not 'ya'; write true"),
    ("culture_change_agents_appointed: true", "culture_change_agents_appointed: tidak",
     "not 'tidak'; write false"),
])
def test_yes_no_statements_take_true_or_false(tmp_path: Path, dossier: Path, old: str, new: str,
                                              expected: str) -> None:
    _edit(dossier / "answers.yaml", lambda t: t.replace(old, new))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "answers.yaml:", expected)


def _first_metric_value(dossier: Path) -> str:
    text = (dossier / "answers.yaml").read_text("utf-8")
    return next(line for line in text.splitlines() if "value:" in line)


@pytest.mark.parametrize(("value", "expected"), [
    ("65", "a share is written as the fraction 0.65 (that is 65%), not 65"),
    (".nan", "'nan' is not a finite number"),
    (".inf", "'inf' is not a finite number"),
    ("-3", "a share lies between 0 and 1, not -3"),
])
def test_self_reported_shares_must_be_fractions(tmp_path: Path, dossier: Path, value: str, expected: str) -> None:
    line = _first_metric_value(dossier)
    _edit(dossier / "answers.yaml", lambda t: t.replace(line, line.split("value:")[0] + f"value: {value}, "
                                                        + line.split(",", 1)[1].lstrip(), 1))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "answers.yaml:", expected)


def test_evidence_must_name_a_document(tmp_path: Path, dossier: Path) -> None:
    _edit(dossier / "answers.yaml", lambda t: t.replace('"800/210/BKD/2022"', '"800/210/BKD/2O22"', 1))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"],
             "evidence document number '800/210/BKD/2O22' is not in documents.yaml",
             "(did you mean '800/210/BKD/2022'?)")


def test_a_document_number_names_one_document(tmp_path: Path, dossier: Path) -> None:
    text = (dossier / "documents.yaml").read_text("utf-8")
    numbers = [line.split("number:")[1].strip() for line in text.splitlines() if "number:" in line]
    _edit(dossier / "documents.yaml", lambda t: t.replace(numbers[1], numbers[0], 1))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "is already used by the document on line")


def test_a_document_issued_in_year_9999_is_a_typo(tmp_path: Path, dossier: Path) -> None:
    text = (dossier / "documents.yaml").read_text("utf-8")
    issued = next(line for line in text.splitlines() if "issued:" in line).split("issued:")[1].strip()
    _edit(dossier / "documents.yaml", lambda t: t.replace(f"issued: {issued}", "issued: 9999-02-10", 1))
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "issue date 9999-02-10 is in the future")


def test_validate_of_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _refused(tmp_path, ["validate", str(tmp_path / "empty"), "--lang", "en"], "no merit YAML file")


@pytest.mark.parametrize(("text", "expected"), [
    ('{"a": ' * 100_000 + "1" + "}" * 100_000, "nested deeper than 64 levels"),
    ('{"total": NaN}', "'NaN' is not a JSON number"),
    ('{"total": -Infinity}', "'-Infinity' is not a JSON number"),
])
def test_compare_refuses_json_that_is_no_report(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "a.json").write_text(text, "utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"x": 1}), "utf-8")
    _refused(tmp_path, ["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--lang", "en"],
             f"{tmp_path / 'a.json'}:1:", expected)


# --- messages that can be acted on ------------------------------------------------------

def test_a_date_in_the_wrong_form_is_explained_not_shown_as_a_regex(tmp_path: Path, dossier: Path) -> None:
    text = (dossier / "documents.yaml").read_text("utf-8")
    issued = next(line for line in text.splitlines() if "issued:" in line).split("issued:")[1].strip()
    year, month, day = issued.split("-")
    _edit(dossier / "documents.yaml", lambda t: t.replace(f"issued: {issued}", f"issued: {day}-{month}-{year}", 1))
    out = _refused(tmp_path, ["check", str(dossier)], "bukan tanggal berbentuk TTTT-BB-HH; tulis mis. 2025-03-14")
    assert "[0-9]" not in out


def test_a_huge_value_is_not_echoed_whole(tmp_path: Path, dossier: Path) -> None:
    _edit(dossier / "agency.yaml", lambda t: t.replace("kind: provinsi", "kind: " + "x" * 1_000_000))
    out = _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "agency.yaml:")
    assert len(out) < 2_000


def test_too_many_bad_rows_reads_in_the_readers_language_with_the_way_out(tmp_path: Path, dossier: Path) -> None:
    table = dossier / "tables" / "pegawai.csv"
    lines = table.read_text("utf-8-sig").splitlines()
    header, first = lines[0], lines[1]
    table.write_text("\n".join([header, first.replace(first.split(",")[0], "123", 1), *lines[2:]]) + "\n", "utf-8")
    out = _refused(tmp_path, ["check", str(dossier)], "baris bermasalah (0,", "max_bad_row_share")
    assert "0.0%" not in out


# --- text stays text --------------------------------------------------------------------

@pytest.mark.parametrize("args", [["check", "--format", "md"], ["checklist", "--format", "md"]],
                         ids=["report", "checklist"])
def test_a_url_or_address_in_the_dossier_never_becomes_a_link_in_markdown(dossier: Path, args: list[str]) -> None:
    import cmarkgfm  # GitHub's renderer, with its autolink extension

    _edit(dossier / "agency.yaml", lambda t: t.replace(
        "name: ", "name: Dinas http://evil.example/x www.evil.example bkd@evil.example ", 1))
    result = CliRunner().invoke(main, [args[0], str(dossier), *args[1:]])
    assert result.exit_code == 0, result.output
    assert "evil" in result.output
    html = cmarkgfm.github_flavored_markdown_to_html(result.output)
    assert "evil.example" in html and "<a " not in html


def test_yaml_and_table_problems_come_out_in_one_run(tmp_path: Path, dossier: Path) -> None:
    _edit(dossier / "answers.yaml", lambda t: t.replace("culture_change_agents_appointed: true",
                                                         "culture_change_agents_appointed: ya"))
    table = dossier / "tables" / "pegawai.csv"
    lines = table.read_text("utf-8-sig").splitlines()
    table.write_text("\n".join([lines[0], lines[1].replace(lines[1].split(";")[0], "123", 1), *lines[2:]]) + "\n",
                     "utf-8")
    _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "answers.yaml:", "not 'ya'", "pegawai.csv:2:1:")


def test_validate_warns_of_a_document_issued_after_the_assessment_year(dossier: Path) -> None:
    text = (dossier / "documents.yaml").read_text("utf-8")
    issued = next(line for line in text.splitlines() if "issued:" in line).split("issued:")[1].strip()
    _edit(dossier / "documents.yaml", lambda t: t.replace(f"issued: {issued}", "issued: 2026-02-10", 1))
    code, out = _run("validate", str(dossier), "--lang", "en")
    assert code == 0
    assert "warning: " in out and "issued on 2026-02-10, after the assessment year 2025" in out


def test_a_full_disk_fails_loudly_and_leaves_nothing_behind(tmp_path: Path, dossier: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out = _run("check", str(dossier), "-o", str(out_dir / "report.txt"), "--lang", "en")
    assert code == 2 and "cannot write" in out and "No space left on device" in out
    assert list(out_dir.iterdir()) == []


def test_ctrl_c_exits_130_not_1(tmp_path: Path, dossier: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    import merit.cli as cli

    def interrupted(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(cli.api, "assess_many", interrupted)
    before = _state(tmp_path)
    code, out = _run("check", str(dossier), "-o", str(tmp_path / "r.txt"), "--lang", "en")
    assert code == 130 and "Stopped (Ctrl-C)" in out
    assert _state(tmp_path) == before
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_missing_column_is_suggested_from_the_files_own_headers(tmp_path: Path, dossier: Path) -> None:
    (dossier / "tables" / "pegawai.csv").write_text(
        "PNS ID,NIP BARU,NAMA,STATUS CPNS PNS,GOL AKHIR NAMA\n1,199911202025061001,A,P,III/a\n", "utf-8")
    _refused(tmp_path, ["check", str(dossier)], "pegawai.csv:1:1: kolom wajib 'status' tidak ada; "
             "mungkin 'STATUS CPNS PNS'?", "berkas dibaca sebagai CSV, ',', UTF-8, judul di baris 1")


def test_a_value_wrong_in_many_rows_is_one_line_with_its_count(tmp_path: Path, dossier: Path) -> None:
    table = dossier / "tables" / "pegawai.csv"
    table.write_text(table.read_text("utf-8-sig").replace(";PNS;", ";Pns Tetap;"), "utf-8")
    out = _refused(tmp_path, ["check", str(dossier), "--lang", "en"], "value 'Pns Tetap' is not allowed",
                   "(the same in ")
    assert out.count("'Pns Tetap'") == 1


def test_validate_warns_of_an_unanswered_gate(dossier: Path) -> None:
    _edit(dossier / "answers.yaml", lambda t: "\n".join(line for line in t.splitlines()
                                                          if "kk_a6q3_gate" not in line) + "\n")
    code, out = _run("validate", str(dossier), "--policy", "permenpanrb-19-2025", "--lang", "en")
    assert code == 0
    assert "gate statement 'kk_a6q3_gate' is not answered" in out and "kk.a6q3 count as not applicable" in out
