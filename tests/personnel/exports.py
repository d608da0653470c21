"""The example dossier's tables re-exported in the shapes real systems give (SIASN, the
e-Kinerja SKP workbook, a local SIMPEG database), for the round-trip tests: the people are
the example's invented ones; ids (PNS ID, pegawai_id) are made up from the NIP.

The shapes are those of issue 12 (taken from public code that reads or writes them):
SIASN "Export Data ASN" (66 upper-case headers, apostrophes before NIP/NIK/NPWP/BPJS,
`null` for empty, dd-mm-yyyy), the SIASN history tables rw-diklat, rw-kursus, rw-hukdis
and rw-skp22, the e-Kinerja "laporan SKP" workbook (header on row 8), and a SIMPEG with
golongan keys 1..17, `Laki-Laki/Perempuan`, `S.1`, `NULL` and child tables keyed by
`pegawai_id`.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import openpyxl

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "provinsi-contoh"

SIASN_HEADERS = [
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "TEMPAT LAHIR ID",
    "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID", "AGAMA NAMA", "JENIS KAWIN ID",
    "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL", "EMAIL GOV", "ALAMAT", "NPWP", "BPJS",
    "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA", "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA",
    "STATUS CPNS PNS", "KARTU ASN", "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS",
    "TANGGAL SK PNS", "TMT PNS", "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA",
    "TMT GOLONGAN", "MK TAHUN", "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID",
    "JABATAN NAMA", "TMT JABATAN", "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID",
    "PENDIDIKAN NAMA", "TAHUN LULUS", "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID", "LOKASI KERJA NAMA",
    "UNOR ID", "UNOR NAMA", "INSTANSI INDUK ID", "INSTANSI INDUK NAMA", "INSTANSI KERJA ID",
    "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID", "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID",
    "SATUAN KERJA KERJA NAMA", "IS VALID NIK", "FLAG IKD"]
NEWER = ["ESELON ID", "ESELON NAMA", "NAMA SEKOLAH"]
GOLONGAN = [f"{r}/{x}" for r in ("I", "II", "III") for x in "abcd"] + [f"IV/{x}" for x in "abcde"]
GOL_ID = {g: f"{['I', 'II', 'III', 'IV'].index(g.split('/')[0]) + 1}{'abcde'.index(g[-1]) + 1}" for g in GOLONGAN}
ESELON = {"jpt": ("21", "II.a"), "administrator": ("31", "III.a"), "pengawas": ("41", "IV.a")}
SIASN_JABATAN = {"jpt": "Jabatan Struktural", "administrator": "Jabatan Struktural", "pengawas": "Jabatan Struktural",
                 "fungsional": "Jabatan Fungsional Tertentu", "pelaksana": "Jabatan Fungsional Umum"}
SIASN_PENDIDIKAN = {"S3": "S-3/Doktor", "S2": "S-2", "S1": "S-1/Sarjana", "D4": "Diploma IV",
                    "D3": "Diploma III/Sarjana Muda", "D2": "Diploma II", "D1": "Diploma I", "SMA": "SLTA",
                    "SMP": "SLTP", "SD": "Sekolah Dasar"}
RATING = {"di atas ekspektasi": "DIATAS ESPEKTASI", "sesuai ekspektasi": "SESUAI ESPEKTASI",
          "di bawah ekspektasi": "DIBAWAH ESPEKTASI", "": "null"}
LEADERSHIP = re.compile(r"\b(PIM|PKP|PKA|PKN|Diklatpim|Kepemimpinan)\b", re.I)


def rows(name: str) -> list[dict[str, str]]:
    path = EXAMPLE / "tables" / name
    text = path.read_text("utf-8-sig")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delimiter))


def pns_id(nip: str) -> str:
    """A made-up SIASN PNS ID (a GUID-like text) for an invented employee."""
    digest = hashlib.md5(nip.encode()).hexdigest().upper()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def iso_to_dmy(text: str) -> str:
    """A date of the example (ISO, dd-mm-yyyy or dd/mm/yyyy) as SIASN writes it, or null."""
    if not text:
        return "null"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        y, m, d = text.split("-")
        return f"{d}-{m}-{y}"
    return text.replace("/", "-")


def write_csv(path: Path, header: list[str], body: list[list[str]], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(body)


def siasn_employee(person: dict[str, str], newer: bool = True) -> list[str]:
    nip, kind = person["NIP"], person["Jenis Jabatan"]
    grade = person["Gol/Ruang"]
    status = {"PNS": "P", "CPNS": "C"}.get(person["Status Pegawai"], person["Status Pegawai"])
    filled = {"PNS ID": pns_id(nip), "NIP BARU": "'" + nip, "NAMA": person["Nama Pegawai"],
              "TANGGAL LAHIR": person["Tgl Lahir"], "JENIS KELAMIN": "M" if nip[14] == "1" else "F",
              "NIK": "'3273" + nip[:12], "NPWP": "'0" + nip[2:16], "BPJS": "'000" + nip[8:18],
              "STATUS CPNS PNS": status, "TMT CPNS": person["TMT CPNS"] or "null",
              "GOL AKHIR ID": GOL_ID.get(grade, "null"), "GOL AKHIR NAMA": grade or "null",
              "JENIS JABATAN NAMA": SIASN_JABATAN.get(kind, "null"), "JABATAN NAMA": "null",
              "TINGKAT PENDIDIKAN NAMA": SIASN_PENDIDIKAN.get(person["Pendidikan Terakhir"], "null"),
              "UNOR NAMA": person["Unit Kerja"], "IS VALID NIK": "true", "FLAG IKD": "false"}
    if newer:
        filled["ESELON ID"], filled["ESELON NAMA"] = ESELON.get(kind, ("null", "null"))
    return [filled.get(h, "null") for h in SIASN_HEADERS + (NEWER if newer else [])]


def siasn(out: Path, delimiter: str = ",") -> None:
    """The example re-exported from SIASN: employees, training (rw-diklat + rw-kursus) and
    appraisals (rw-skp22, keyed by PNS ID); the other tables stay the agency's own."""
    tables = out / "tables"
    _copy_dossier(out, keep=("jabatan", "asesmen", "disiplin", "seleksi", "kenaikan_pangkat", "skp"))
    people = rows("pegawai.csv")
    write_csv(tables / "Export_Data_ASN_2025.csv", SIASN_HEADERS + NEWER,
              [siasn_employee(p) for p in people], delimiter)
    training = rows("pelatihan.csv")
    head = ["id", "idPns", "nipBaru", "{name}", "nomor", "tanggal", "tanggalSelesai", "tahun", "jumlahJam"]
    for name, column, keep in (("rw-diklat.csv", "latihanStrukturalNama", True), ("rw-kursus.csv", "namaKursus", False)):
        body = [[str(i), pns_id(t["NIP"]), t["NIP"], t["Nama Diklat"], "null", "null",
                 iso_to_dmy(t["Tgl Selesai"]), t["Tgl Selesai"][-4:], t["JP"]]
                for i, t in enumerate(training) if bool(LEADERSHIP.search(t["Nama Diklat"])) == keep]
        write_csv(tables / name, [h.replace("{name}", column) for h in head], body, delimiter)


def siasn_history(out: Path) -> None:
    """rw-hukdis and rw-skp22 for the example's people (the training, as above)."""
    by_nip = {p["NIP"]: pns_id(p["NIP"]) for p in rows("pegawai.csv")}
    level = {"ringan": "R", "sedang": "S", "berat": "B"}
    write_csv(out / "rw-hukdis.csv",
              ["id", "pnsOrang", "jenisHukumanId", "jenisHukumanNama", "jenisTingkatHukumanId", "skNomor",
               "skTanggal", "hukumanTanggal", "akhirHukumTanggal", "masaTahun", "masaBulan", "keterangan"],
              [[str(i), by_nip[d["NIP"]], "null", d["Jenis Hukuman Disiplin"], level[d["Tingkat Hukuman Disiplin"]],
                d["Nomor SK"], iso_to_dmy(d["Tanggal SK"]), iso_to_dmy(d["TMT Hukuman"]),
                iso_to_dmy(d["Akhir Hukuman"]), "null", "null", "null"] for i, d in enumerate(rows("disiplin.csv"))])
    write_csv(out / "rw-skp22.csv",
              ["id", "tahun", "hasilKinerja", "hasilKinerjaNilai", "kuadranKinerja", "kuadranKinerjaNilai",
               "perilakuKerja", "perilakuKerjaNilai", "pnsDinilaiId", "penilaiNama", "penilaiNipNrp", "statusPenilai"],
              [[str(i), s["Tahun"], RATING[s["Hasil Kerja"]], "null", s["Predikat"].upper() or "null", "null",
                RATING[s["Perilaku Kerja"]], "null", by_nip[s["NIP"]], "null", "null", "null"]
               for i, s in enumerate(rows("skp.csv"))])


EKINERJA = ["NIP", "TAHUN SKP", "JENIS", "PERIODE AWAL SKP", "PERIODE AKHIR SKP", "PERILAKU KERJA", "HASIL KERJA",
            "HASIL AKHIR", "SKP UNOR ID", "SKP UNOR", "SKP UNOR INDUK", "SKP JABATAN", "SKP JENIS JABATAN",
            "IS SKP PLT PLH PJB", "GOLRU", "WAKTU DINILAI"]


def ekinerja(path: Path, records: list[dict[str, str]]) -> None:
    """The e-Kinerja "laporan SKP" workbook: title rows, the header on row 8."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["LAPORAN SKP PEGAWAI"])
    sheet.append(["Instansi: Pemerintah Provinsi Contoh"])
    sheet.append(["Dicetak dari e-Kinerja BKN"])
    for _ in range(4):
        sheet.append([])
    sheet.append(EKINERJA)
    for s in records:
        rating = {k: v.replace("null", "") for k, v in RATING.items()}
        sheet.append(["'" + s["NIP"], s["Tahun"], "TAHUNAN", f"01-01-{s['Tahun']}", f"31-12-{s['Tahun']}",
                      rating[s["Perilaku Kerja"]], rating[s["Hasil Kerja"]], s["Predikat"].upper(),
                      "A1", "Dinas", "Pemprov", "Jabatan", "JF", "TIDAK", "III/a", s.get("Waktu Dinilai", "")])
    book.save(path)


def _copy_dossier(out: Path, keep: tuple[str, ...]) -> None:
    (out / "tables").mkdir(parents=True)
    for name in ("agency.yaml", "answers.yaml", "documents.yaml"):
        shutil.copy(EXAMPLE / name, out / name)
    for table in keep:
        shutil.copy(EXAMPLE / "tables" / f"{table}.csv", out / "tables" / f"{table}.csv")


SIMPEG_PENDIDIKAN = {"S3": "S.3", "S2": "S.2", "S1": "S.1", "D4": "D.IV", "D3": "D.III/Sarmud/Akademi",
                     "D2": "D.II", "D1": "D.I", "SMA": "SLTA/SMK", "SMP": "SLTP", "SD": "SD"}
SIMPEG_JABATAN = {"jpt": "Struktural", "administrator": "Struktural", "pengawas": "Struktural",
                  "fungsional": "Fungsional Tertentu", "pelaksana": "Fungsional Umum"}
SIMPEG_TABLES = """\
# How this agency's SIMPEG exports are read (every key of `sources:` in use).
sources:
  pegawai:
    files: ["simpeg_pegawai*.csv"]
    header_row: 3
    delimiter: "|"
    null: ["NULL"]
    columns:
      nip: nip
      nama: nama_lengkap
      status: status_pegawai
      golongan: golongan_id
      jenis_jabatan: "jenis_jabatan + eselon"
      unit_kerja: unit_kerja
      tanggal_lahir: tgl_lahir
      tmt_cpns: tmt_cpns
      pendidikan: pendidikan
    values:
      golongan: {GOLONGAN}
      jenis_jabatan:
        "Struktural + II.a": jpt
        "Struktural + III.a": administrator
        "Struktural + IV.a": pengawas
        "Fungsional Tertentu": fungsional
        "Fungsional Umum": pelaksana
      pendidikan: {"S.3": S3, "S.2": S2, "S.1": S1, "D.IV": D4, "D.III/Sarmud/Akademi": D3, "D.II": D2,
                   "D.I": D1, "SLTA/SMK": SMA, "SLTP": SMP}
  pelatihan:
    files: ["simpeg_riwayat_diklat.csv"]
    delimiter: "|"
    null: ["NULL"]
    columns: {nama_pelatihan: nama_diklat, tanggal_selesai: tgl_selesai, jp: jumlah_jp}
    key: {column: pegawai_id, refers_to: pegawai_id}
  disiplin:
    files: ["simpeg_hukdis.csv"]
    delimiter: "|"
    null: ["NULL"]
    columns: {tingkat: tingkat_hukuman, jenis_hukuman: jenis_hukuman, nomor_sk: no_sk, tanggal_sk: tgl_sk,
              tanggal_mulai: tmt_hukuman, tanggal_selesai: tgl_akhir, tercatat_siasn: sudah_siasn}
    values:
      tingkat: {"Hukuman Disiplin Ringan": ringan, "Hukuman Disiplin Sedang": sedang, "Hukuman Disiplin Berat": berat}
      tercatat_siasn: {"Y": ya, "T": tidak}
    key: {column: pegawai_id, refers_to: pegawai_id}
"""


def simpeg(out: Path) -> None:
    """The example as a local SIMPEG exports it: pipe-separated, two title lines above the
    header, NULL for empty, golongan as its key 1..17, and child tables keyed by pegawai_id."""
    _copy_dossier(out, keep=("jabatan", "asesmen", "skp", "seleksi", "kenaikan_pangkat"))
    people = rows("pegawai.csv")
    ids = {p["NIP"]: str(1000 + i) for i, p in enumerate(people)}
    null = lambda text: text or "NULL"  # noqa: E731
    body = [[ids[p["NIP"]], p["NIP"], p["Nama Pegawai"], "Laki-Laki" if p["NIP"][14] == "1" else "Perempuan",
             p["Status Pegawai"], str(GOLONGAN.index(p["Gol/Ruang"]) + 1) if p["Gol/Ruang"] else "NULL",
             SIMPEG_JABATAN[p["Jenis Jabatan"]], ESELON.get(p["Jenis Jabatan"], ("", "NULL"))[1],
             p["Unit Kerja"], p["Tgl Lahir"], null(p["TMT CPNS"]),
             SIMPEG_PENDIDIKAN.get(p["Pendidikan Terakhir"], "NULL")] for p in people]
    path = out / "tables" / "simpeg_pegawai_2025.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("DATA PEGAWAI PEMERINTAH PROVINSI CONTOH\nDicetak dari SIMPEG\n")
        writer = csv.writer(handle, delimiter="|")
        writer.writerow(["pegawai_id", "nip", "nama_lengkap", "jenis_kelamin", "status_pegawai", "golongan_id",
                         "jenis_jabatan", "eselon", "unit_kerja", "tgl_lahir", "tmt_cpns", "pendidikan"])
        writer.writerows(body)
    write_csv(out / "tables" / "simpeg_riwayat_diklat.csv", ["id", "pegawai_id", "nama_diklat", "tgl_selesai", "jumlah_jp"],
              [[str(i), ids[t["NIP"]], t["Nama Diklat"], t["Tgl Selesai"], t["JP"]]
               for i, t in enumerate(rows("pelatihan.csv"))], "|")
    level = {"ringan": "Hukuman Disiplin Ringan", "sedang": "Hukuman Disiplin Sedang", "berat": "Hukuman Disiplin Berat"}
    write_csv(out / "tables" / "simpeg_hukdis.csv",
              ["id", "pegawai_id", "tingkat_hukuman", "jenis_hukuman", "no_sk", "tgl_sk", "tmt_hukuman", "tgl_akhir",
               "sudah_siasn"],
              [[str(i), ids[d["NIP"]], level[d["Tingkat Hukuman Disiplin"]], d["Jenis Hukuman Disiplin"], d["Nomor SK"],
                d["Tanggal SK"], null(d["TMT Hukuman"]), null(d["Akhir Hukuman"]),
                {"ya": "Y", "tidak": "T"}.get(d["Status SIASN"], "NULL")] for i, d in enumerate(rows("disiplin.csv"))], "|")
    grades = ", ".join(f'"{i + 1}": "{g}"' for i, g in enumerate(GOLONGAN))
    (out / "tables" / "tables.yaml").write_text(SIMPEG_TABLES.replace("{GOLONGAN}", "{" + grades + "}"), "utf-8")
