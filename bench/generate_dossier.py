"""Generate personnel tables for a fictional agency of N employees (fixed seed).

    python bench/generate_dossier.py OUT_DIR --employees 3000 [--copy-dossier examples/provinsi-contoh]

Writes OUT_DIR/tables/{pegawai,pelatihan,asesmen,skp,jabatan}.csv the way SIASN/SIMPEG
exports look: pegawai.csv with a UTF-8 BOM, semicolons and dd-mm-yyyy dates; pelatihan.csv
with commas, dd/mm/yyyy dates and a few quoted decimal commas; asesmen.csv with semicolons and
decimal commas; jabatan.csv in Windows-1252. Every row is valid. Shares are drawn as exact
counts, so that at 3000 employees the computed metrics equal the example's self-reported
figures (pns_20jp 0.71, assessment_valid 0.62, skp 0.97, jpt open selection 0.9,
succession 0.55). All names and numbers are invented.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

YEAR = 2025
UNITS = ("Sekretariat Daerah", "BKD", "BPSDM", "Bappeda", "Dinas Pendidikan", "Dinas Kesehatan",
         "Dinas PUPR", "Dinas Perhubungan", "Dinas Sosial", "Inspektorat", "BPKAD", "Dinas Kominfo",
         "Satpol PP", "Dinas Pertanian", "RSUD Provinsi")
FIRST = ("Agus", "Budi", "Dewi", "Eko", "Fitri", "Hadi", "Indah", "Joko", "Kartika", "Lestari",
         "Made", "Nur", "Putu", "Rina", "Siti", "Teguh", "Wahyu", "Yusuf", "Ayu", "Rizky")
LAST = ("Santoso", "Wijaya", "Lestari", "Saputra", "Hidayat", "Kurniawan", "Pratama", "Rahmawati",
        "Nugroho", "Siregar", "Harahap", "Simanjuntak", "Wibowo", "Utami", "Setiawan")
# Golongan mix of PNS (ASSUMPTION, shaped like BKN's published statistics: mostly III).
GOLONGAN = (("I", 0.01), ("II", 0.17), ("III", 0.55), ("IV", 0.27))
TRAININGS = ("PKP", "PKA", "Teknis Perencanaan", "Webinar Pelayanan Publik", "E-learning Corpu",
             "Bimtek SIASN", "PBJ Dasar", "Seminar Integritas")


@dataclass
class Person:
    nip: str
    name: str
    status: str
    golongan: str
    kind: str
    unit: str
    born: date
    cpns: date


def exact(rng: random.Random, n: int, share: float) -> list[bool]:
    """n flags with exactly round(share * n) true, in random order."""
    flags = [i < round(share * n) for i in range(n)]
    rng.shuffle(flags)
    return flags


def make_people(rng: random.Random, n: int) -> list[Person]:
    cpns, pppk = round(n / 30), round(n / 6)
    officials = {"jpt": round(n * 40 / 3000), "administrator": round(n * 160 / 3000),
                 "pengawas": round(n * 400 / 3000)}
    statuses = ["CPNS"] * cpns + ["PPPK"] * pppk + ["PNS"] * (n - cpns - pppk)
    people, serials = [], {}
    for index, status in enumerate(statuses):
        first_year, last_year = (1990, 2002) if status == "CPNS" else (1966, 2000)
        born = date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))
        start_year = min(YEAR, born.year + rng.randint(20, 35)) if status != "CPNS" else YEAR
        cpns_date = date(max(start_year, born.year + 19), rng.randint(1, 12), 1)
        sex = rng.choice("12")
        prefix = f"{born:%Y%m%d}{cpns_date:%Y%m}{sex}"
        serials[prefix] = serials.get(prefix, 0) + 1
        nip = f"{prefix}{serials[prefix]:03d}"
        grade = rng.choices([g for g, _ in GOLONGAN], [w for _, w in GOLONGAN])[0]
        golongan = "" if status == "PPPK" else f"{grade}/{rng.choice('abcde' if grade == 'IV' else 'abcd')}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        people.append(Person(nip, name, status, golongan, "", rng.choice(UNITS), born, cpns_date))
    pns = [p for p in people if p.status == "PNS"]
    rng.shuffle(pns)
    cursor = 0
    for kind, count in officials.items():
        for person in pns[cursor:cursor + count]:
            person.kind = kind
            person.golongan = "IV/" + rng.choice("cde") if kind == "jpt" else person.golongan
        cursor += count
    for person in people:
        person.kind = person.kind or rng.choice(("pelaksana", "fungsional"))
    return people


def trainings(rng: random.Random, people: list[Person], share_20jp: float) -> list[list[str]]:
    rows = []
    pns = [p for p in people if p.status == "PNS"]
    for person, ok in zip(pns, exact(rng, len(pns), share_20jp)):
        target = rng.choice((20, 24, 32, 40, 56)) if ok else rng.choice((0, 4, 8, 12, 16, 19.5))
        total = 0.0
        while total < target:
            jp = min(rng.choice((2, 4, 8, 16, 24)), target - total)
            end = date(YEAR, rng.randint(1, 12), rng.randint(1, 28))
            rows.append([person.nip, rng.choice(TRAININGS), end, jp])
            total += jp
        if rng.random() < 0.15:  # earlier years count for nothing this year
            end = date(YEAR - 1, rng.randint(1, 12), rng.randint(1, 28))
            rows.append([person.nip, rng.choice(TRAININGS), end, rng.choice((8, 16, 24))])
    for person in people:
        if person.status != "PNS" and rng.random() < 0.5:
            end = date(YEAR, rng.randint(1, 12), rng.randint(1, 28))
            rows.append([person.nip, rng.choice(TRAININGS), end, rng.choice((4, 8, 16))])
    return rows


def assessments(rng: random.Random, people: list[Person], share_valid: float) -> list[list[object]]:
    rows = []
    officials = [p for p in people if p.kind in ("jpt", "administrator", "pengawas")]
    cutoff = date(YEAR - 3, 12, 31)
    for person, ok in zip(officials, exact(rng, len(officials), share_valid)):
        if not ok and rng.random() < 0.3:
            continue  # never assessed
        when = cutoff + timedelta(days=rng.randint(1, 1090)) if ok else cutoff - timedelta(days=rng.randint(1, 1500))
        jpm = round(rng.uniform(60, 96), 1)
        category = "MS" if jpm >= 80 else "MMS" if jpm >= 68 else "KMS"
        rows.append([person.nip, when, jpm, category])
    return rows


def appraisals(rng: random.Random, people: list[Person], share_done: float) -> list[list[object]]:
    rows = []
    staff = [p for p in people if p.status in ("PNS", "PPPK")]
    for person, ok in zip(staff, exact(rng, len(staff), share_done)):
        if ok:
            work, behaviour = rng.choices(("di atas ekspektasi", "sesuai ekspektasi", "di bawah ekspektasi"),
                                          (0.15, 0.8, 0.05), k=2)
            rows.append([person.nip, YEAR - 1, work, behaviour, predicate(work, behaviour)])
    return rows


def predicate(work: str, behaviour: str) -> str:
    """PermenPANRB 6/2022 matrix of hasil kerja x perilaku kerja."""
    if behaviour == "di bawah ekspektasi":
        return "Sangat Kurang" if work == "di bawah ekspektasi" else "Kurang"
    if work == "di bawah ekspektasi":
        return "Butuh Perbaikan"
    both_above = work == behaviour == "di atas ekspektasi"
    return "Sangat Baik" if both_above else "Baik"


def positions(rng: random.Random, people: list[Person], open_share: float, successor_share: float) -> list[list[object]]:
    rows = []
    jpt = [p for p in people if p.kind == "jpt"]
    talent = [p for p in people if p.kind == "administrator"]
    opened, named = exact(rng, len(jpt), open_share), exact(rng, len(jpt), successor_share)
    for index, person in enumerate(jpt):
        how = "seleksi terbuka" if opened[index] else rng.choice(("mutasi", "plt"))
        successor = rng.choice(talent).nip if named[index] and talent else ""
        filled = date(rng.randint(2019, YEAR), rng.randint(1, 12), 1)
        rows.append([f"JPT-{index + 1:03d}", f"Kepala {person.unit} \u2013 JPT Pratama", "jpt", person.nip,
                     how, filled, successor])
    for index, person in enumerate(p for p in people if p.kind in ("administrator", "pengawas")):
        rows.append([f"ADM-{index + 1:04d}", f"Kepala Bidang/Seksi {person.unit}", person.kind, person.nip,
                     "promosi", date(rng.randint(2015, YEAR), rng.randint(1, 12), 1), ""])
    return rows


def write(path: Path, header: list[str], rows: list[list[object]], *, sep: str = ",",
          encoding: str = "utf-8", date_format: str = "%d-%m-%Y", decimal_comma: bool = False) -> None:
    def cell(value: object) -> str:
        if isinstance(value, date):
            return value.strftime(date_format)
        if isinstance(value, float):
            text = f"{value:g}"
            return text.replace(".", ",") if decimal_comma else text
        return str(value)

    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([[cell(v) for v in row] for row in rows])


def generate(out: Path, n: int, seed: int = 20250101, rates: dict[str, float] | None = None) -> None:
    rates = {"pns_20jp": 0.71, "assessment_valid": 0.62, "skp": 0.97, "open_selection": 0.9,
             "succession": 0.55, **(rates or {})}
    rng = random.Random(seed)
    people = make_people(rng, n)
    tables = out / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    write(tables / "pegawai.csv", ["NIP", "Nama Pegawai", "Status Pegawai", "Gol/Ruang", "Jenis Jabatan",
                                   "Unit Kerja", "Tgl Lahir", "TMT CPNS"],
          [[p.nip, p.name, p.status, p.golongan, p.kind, p.unit, p.born, p.cpns] for p in people],
          sep=";", encoding="utf-8-sig")
    write(tables / "pelatihan.csv", ["NIP", "Nama Diklat", "Tgl Selesai", "JP"],
          trainings(rng, people, rates["pns_20jp"]), date_format="%d/%m/%Y", decimal_comma=True)
    write(tables / "asesmen.csv", ["NIP", "Tanggal Asesmen", "JPM (%)", "Kategori"],
          assessments(rng, people, rates["assessment_valid"]), sep=";", date_format="%Y-%m-%d",
          decimal_comma=True)
    write(tables / "skp.csv", ["NIP", "Tahun", "Hasil Kerja", "Perilaku Kerja", "Predikat"],
          appraisals(rng, people, rates["skp"]))
    write(tables / "jabatan.csv", ["Kode Jabatan", "Nama Jabatan", "Jenis Jabatan", "NIP Pejabat",
                                   "Cara Pengisian", "TMT Jabatan", "NIP Suksesor"],
          positions(rng, people, rates["open_selection"], rates["succession"]), sep=";", encoding="cp1252")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--employees", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--copy-dossier", type=Path, help="copy agency/documents/answers.yaml from here")
    args = parser.parse_args()
    generate(args.out, args.employees, args.seed)
    if args.copy_dossier:
        for name in ("agency.yaml", "documents.yaml", "answers.yaml"):
            shutil.copy(args.copy_dossier / name, args.out / name)


if __name__ == "__main__":
    main()
