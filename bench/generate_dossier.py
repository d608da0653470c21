"""Generate personnel tables for a fictional agency of N employees (fixed seed).

    python bench/generate_dossier.py OUT_DIR --employees 3000 [--copy-dossier examples/provinsi-contoh]

Writes OUT_DIR/tables/{pegawai,pelatihan,asesmen,skp,jabatan,disiplin,seleksi,kenaikan_pangkat}.csv the way
SIASN/SIMPEG exports look: pegawai.csv with a UTF-8 BOM, semicolons and dd-mm-yyyy dates;
pelatihan.csv with commas, dd/mm/yyyy dates and a few quoted decimal commas; asesmen.csv with
semicolons and decimal commas; jabatan.csv in Windows-1252; disiplin.csv with ISO dates (as
SIASN's API gives them), and so skp.csv's 2026 worksheet columns; seleksi.csv with semicolons and
dd/mm/yyyy dates; kenaikan_pangkat.csv with semicolons and dd-mm-yyyy dates. Every row is valid.
Shares are drawn as exact counts, so that at 3000 employees the computed metrics equal the
example's self-reported figures (pns_20jp 0.71, assessment_valid 0.62, skp 0.97, jpt open
selection 0.9, succession 0.55, officials_jpm_at_least_68 0.74, talent_pool_coverage 0.64,
skp_predicate_sangat_baik 0.31, talent_pool_without_recent_penalty 1.0,
penalties_recorded_siasn 0.94, vacancies_filled_from_talent_pool 0.35; the worksheet's SKP
shares kk_skp_complete 0.85, on_time 0.78, milestone 0.72, evaluated 0.88). Each official's
place on the 9-box is planned first (assessment, JPM, SKP rating), so that successors and
the year's appointees can be drawn from inside or outside the talent pool on purpose.
All names and numbers are invented.
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


# Highest education of staff and of officials (ASSUMPTION, shaped like BKN's statistics).
EDUCATION = (("SMA", 0.16), ("D3", 0.12), ("S1", 0.50), ("D4", 0.03), ("S2", 0.16), ("S3", 0.01),
             ("SMP", 0.02))
EDUCATION_OFFICIALS = (("S1", 0.45), ("D4", 0.03), ("S2", 0.47), ("S3", 0.05))
RATINGS = ("di atas ekspektasi", "sesuai ekspektasi", "di bawah ekspektasi")
# PP 94/2021 penalties by level: the kinds an employee still on the payroll can carry
# (discharge ends the employment, so it is not in an export of current employees).
PENALTIES = {
    "ringan": ("Teguran lisan", "Teguran tertulis", "Pernyataan tidak puas secara tertulis"),
    "sedang": ("Pemotongan tunjangan kinerja 25% selama 6 bulan", "Pemotongan tunjangan kinerja 25% selama 9 bulan",
               "Pemotongan tunjangan kinerja 25% selama 12 bulan"),
    "berat": ("Penurunan jabatan setingkat lebih rendah selama 12 bulan",
              "Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan"),
}
LEVEL_MIX = (("ringan", 0.6), ("sedang", 0.28), ("berat", 0.12))
# Penalties decreed per year per 3000 employees (ASSUMPTION: about 1.5%); the window of
# years the export covers.
PENALTIES_PER_3000, PENALTY_YEARS = 50, range(YEAR - 6, YEAR + 1)


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
    education: str = ""
    assessed: str = "never"  # valid / expired / never
    jpm: float | None = None
    work: str = ""  # SKP ratings of last year; empty: not appraised
    behaviour: str = ""

    def box(self) -> int | None:
        """The planned 9-box (default axes; potential from the JPM, performance from the
        hasil-kerja rating), as merit's derived measures compute it."""
        if self.jpm is None or not self.work:
            return None
        potential = 2 if self.jpm >= 80 else 1 if self.jpm >= 68 else 0
        performance = {"di bawah ekspektasi": 0, "sesuai ekspektasi": 1, "di atas ekspektasi": 2}[self.work]
        return ((1, 3, 6), (2, 5, 8), (4, 7, 9))[performance][potential]

    def in_pool(self) -> bool:
        return (self.box() or 0) >= 7  # the generator gives pool members no recent barring penalty


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


def officials_of(people: list[Person]) -> list[Person]:
    return [p for p in people if p.kind in ("jpt", "administrator", "pengawas")]


@dataclass
class Legacy:
    """What the first version of this generator drew on the main stream, replayed draw for
    draw: which officials have a valid assessment, who was appraised, and each JPT post's
    filling and successor flag. The rows failing the five original metrics, which the
    golden reports list, therefore stay the same."""

    valid: list[bool]
    appraised: list[bool]
    how: list[str]
    named: list[bool]


def replay_first_version(rng: random.Random, people: list[Person], rates: dict[str, float]) -> Legacy:
    officials = officials_of(people)
    valid = exact(rng, len(officials), rates["assessment_valid"])
    for ok in valid:  # never-assessed coin, date and JPM of each official
        if not ok and rng.random() < 0.3:
            continue
        rng.randint(1, 1090) if ok else rng.randint(1, 1500)
        rng.uniform(60, 96)
    staff = [p for p in people if p.status in ("PNS", "PPPK")]
    appraised = exact(rng, len(staff), rates["skp"])
    for ok in appraised:
        if ok:
            rng.choices(RATINGS, (0.15, 0.8, 0.05), k=2)
    jpt = [p for p in people if p.kind == "jpt"]
    talent = [p for p in people if p.kind == "administrator"]
    opened, named = exact(rng, len(jpt), rates["open_selection"]), exact(rng, len(jpt), rates["succession"])
    how = []
    for index in range(len(jpt)):
        how.append("seleksi terbuka" if opened[index] else rng.choice(("mutasi", "plt")))
        if named[index] and talent:
            rng.choice(talent)
        rng.randint(2019, YEAR), rng.randint(1, 12)
    return Legacy(valid, appraised, how, named)


def plan_talent(rng: random.Random, people: list[Person], rates: dict[str, float], legacy: Legacy) -> None:
    """Each official's assessment and JPM, each employee's SKP ratings of last year: exact
    shares of officials placed on the 9-box (a JPM and an appraisal), of valid assessments
    with JPM >= 68 and of Sangat Baik predicates, over the replayed valid and appraised sets."""
    for person in people:
        table = EDUCATION_OFFICIALS if person.kind in ("jpt", "administrator", "pengawas") else EDUCATION
        person.education = rng.choices([e for e, _ in table], [w for _, w in table])[0]
    staff = [p for p in people if p.status in ("PNS", "PPPK")]
    appraised = [p for p, ok in zip(staff, legacy.appraised) if ok]
    rated = {id(p) for p in appraised}
    officials = officials_of(people)
    fresh = [p for p, ok in zip(officials, legacy.valid) if ok]
    for person in fresh:
        person.assessed = "valid"
    # a few recent assessments have no result yet (report pending): as many as it takes
    # for the share with JPM >= 68 to be exact (37/50 needs a multiple of 50); those are
    # the unappraised first, so that the appraised ones can be placed
    scored = next((k for k in range(len(fresh), int(len(fresh) * 0.9) - 1, -1)
                   if abs(rates["jpm_68"] * k - round(rates["jpm_68"] * k)) < 1e-9), len(fresh))
    fresh.sort(key=lambda p: id(p) in rated, reverse=True)
    for person, ok in zip(fresh[:scored], exact(rng, scored, rates["jpm_68"])):
        person.jpm = round(rng.uniform(68, 96), 1) if ok else round(rng.uniform(55, 67.9), 1)
    # officials assessed over 3 years ago (and appraised) make up the rest of those placed
    placed = sum(1 for p in fresh[:scored] if id(p) in rated)
    stale = [p for p, ok in zip(officials, legacy.valid) if not ok and id(p) in rated]
    for person in stale[:max(0, round(rates["talent_mapped"] * len(officials)) - placed)]:
        person.assessed, person.jpm = "expired", round(rng.uniform(60, 96), 1)
    for person, top in zip(appraised, exact(rng, len(appraised), rates["sangat_baik"])):
        if top:
            person.work = person.behaviour = RATINGS[0]
            continue
        while not person.work or person.work == person.behaviour == RATINGS[0]:
            person.work, person.behaviour = rng.choices(RATINGS, (0.3, 0.65, 0.05), k=2)


def assessments(rng: random.Random, people: list[Person]) -> list[list[object]]:
    rows = []
    cutoff = date(YEAR - 3, 12, 31)
    for person in officials_of(people):
        if person.assessed == "never":
            continue
        fresh = person.assessed == "valid"
        when = cutoff + timedelta(days=rng.randint(1, 1090)) if fresh else cutoff - timedelta(days=rng.randint(1, 1500))
        if person.jpm is None:  # result not yet issued
            rows.append([person.nip, when, "", ""])
            continue
        category = "MS" if person.jpm >= 80 else "MMS" if person.jpm >= 68 else "KMS"
        rows.append([person.nip, when, person.jpm, category])
    return rows


def appraisals(people: list[Person]) -> list[list[object]]:
    return [[p.nip, YEAR - 1, p.work, p.behaviour, predicate(p.work, p.behaviour)]
            for p in people if p.work]


def worksheet_skp(rng: random.Random, people: list[Person], rows: list[list[object]],
                  rates: dict[str, float]) -> list[list[object]]:
    """The appraisal rows with the 2026 worksheet's SKP columns: RHK, IKI, targets, periodic
    targets, the day the SKP was set, the day it was assessed, the supervisor's signature and
    periodic evaluations. Each share is an exact count of the PNS and PPPK (the population)."""
    population = sum(1 for p in people if p.status in ("PNS", "PPPK"))

    def chosen(rate: str) -> set[int]:
        order = list(range(len(rows)))
        rng.shuffle(order)
        return set(order[:round(rates[rate] * population)])

    complete, on_time, milestone, evaluated = (chosen(r) for r in ("skp_complete", "skp_on_time",
                                                                   "skp_milestone", "skp_evaluated"))
    out = []
    for index, row in enumerate(rows):
        rhk = rng.randint(2, 5)
        iki = target = rhk + rng.randint(0, rhk)
        if index not in complete:  # the target missing, or the IKI too, or the whole plan
            spoil = rng.random()
            rhk, iki, target = (rhk, iki, 0) if spoil < 0.6 else (rhk, 0, 0) if spoil < 0.85 else (0, 0, 0)
        if index in on_time:
            set_on: object = date(YEAR - 1, 1, 2) + timedelta(days=rng.randint(0, 29))
        else:
            set_on = "" if rng.random() < 0.15 else date(YEAR - 1, 2, 1) + timedelta(days=rng.randint(0, 75))
        actions = rng.choice((4, 12)) if index in milestone else 0
        assessed: object = date(YEAR, 1, 3) + timedelta(days=rng.randint(0, 40))
        signed, periodic = "ya", rng.choice((4, 4, 12, 2))
        if index not in evaluated:  # not assessed, not signed, or no periodic evaluation
            spoil = rng.random()
            if spoil < 0.4:
                assessed, signed = "", "tidak"
            elif spoil < 0.75:
                signed = "tidak"
            else:
                periodic = 0
        out.append(row + [rhk, iki, target, actions, set_on, assessed, signed, periodic])
    return out


def promotions(rng: random.Random, people: list[Person], n: int) -> list[list[object]]:
    """Promotion rounds (kenaikan pangkat) of PNS: 1 April and 1 October of the assessment
    year, with the ineligible, the eligible not proposed, those BKN did not approve and the
    decrees issued after the TMT; then the next round's nominatif, not yet decided."""
    pns = [p.nip for p in people if p.status == "PNS"]
    rng.shuffle(pns)
    scale = n / 3000
    rows: list[list[object]] = []
    serial = 0
    rounds = ((date(YEAR, 4, 1), 110, 6, 2, 1, 9), (date(YEAR, 10, 1), 130, 10, 1, 1, 6))
    start = 0
    for period, size, ineligible, unproposed, rejected, late in rounds:
        size, ineligible, late = round(size * scale), round(ineligible * scale), round(late * scale)
        for index, nip in enumerate(pns[start:start + size]):
            step = index - ineligible
            if step < 0:
                rows.append([nip, period, "tidak", "tidak", "", "", "", ""])
            elif step < unproposed:
                rows.append([nip, period, "ya", "tidak", "", "", "", period])
            elif step < unproposed + rejected:
                rows.append([nip, period, "ya", "ya", "tidak", "", "", period])
            else:
                serial += 1
                issued = period + timedelta(days=rng.randint(5, 60)) if step < unproposed + rejected + late \
                    else period - timedelta(days=rng.randint(3, 40))
                rows.append([nip, period, "ya", "ya", "ya", f"823.3/{serial:04d}/BKD/{issued.year}", issued, period])
        start += size
    upcoming = date(YEAR + 1, 4, 1)
    rows += [[nip, upcoming, "ya", "ya", "", "", "", upcoming] for nip in pns[start:start + round(12 * scale)]]
    return rows


def predicate(work: str, behaviour: str) -> str:
    """PermenPANRB 6/2022 matrix of hasil kerja x perilaku kerja."""
    if behaviour == "di bawah ekspektasi":
        return "Sangat Kurang" if work == "di bawah ekspektasi" else "Kurang"
    if work == "di bawah ekspektasi":
        return "Butuh Perbaikan"
    both_above = work == behaviour == "di atas ekspektasi"
    return "Sangat Baik" if both_above else "Baik"


@dataclass
class Post:
    code: str
    title: str
    kind: str
    holder: Person
    how: str
    filled: date
    successor: str = ""


def positions(rng: random.Random, people: list[Person], rates: dict[str, float], legacy: Legacy) -> list[Post]:
    """JPT posts (open selection, transfer or acting) with successors from the talent pool;
    administrator and supervisor posts. Exactly the planned share of the year's JPT and
    administrator appointees (not acting) comes from the talent pool."""
    posts = []
    jpt = [p for p in people if p.kind == "jpt"]
    pool = [p for p in people if p.kind == "administrator" and p.in_pool()] or [
        p for p in people if p.in_pool()]
    for index, person in enumerate(jpt):
        how = legacy.how[index]
        successor = rng.choice(pool).nip if legacy.named[index] and pool else ""
        filled = date(rng.randint(2019, YEAR - 1), rng.randint(1, 12), 1)
        posts.append(Post(f"JPT-{index + 1:03d}", f"Kepala {person.unit} \u2013 JPT Pratama", "jpt", person, how,
                          filled, successor))
    for index, person in enumerate(p for p in people if p.kind in ("administrator", "pengawas")):
        posts.append(Post(f"ADM-{index + 1:04d}", f"Kepala Bidang/Seksi {person.unit}", person.kind, person,
                          "promosi", date(rng.randint(2015, YEAR - 1), rng.randint(1, 12), 1)))
    # this year's appointments: JPT and administrator posts filled in the assessment year
    candidates = [p for p in posts if p.kind in ("jpt", "administrator") and p.how != "plt"]
    rng.shuffle(candidates)
    count = round(len(people) * 20 / 3000)
    from_pool = round(rates["vacancies_from_pool"] * count)
    inside = [p for p in candidates if p.holder.in_pool()][:from_pool]
    outside = [p for p in candidates if not p.holder.in_pool()][:count - from_pool]
    for post in inside + outside:
        post.filled = date(YEAR, rng.randint(1, 11), 1)
    return posts


def position_rows(posts: list[Post]) -> list[list[object]]:
    return [[p.code, p.title, p.kind, p.holder.nip, p.how, p.filled, p.successor] for p in posts]


def selections(rng: random.Random, posts: list[Post]) -> list[list[object]]:
    """The fillings of posts since 2019 (what the agency's register still holds): JPT by
    open selection or transfer (an acting holder is no filling), other posts by promotion."""
    rows = []
    for post in posts:
        if post.how == "plt" or post.filled.year < 2019:
            continue
        announced = post.filled - timedelta(days=rng.randint(45, 120))
        number = f"821.2/{rng.randint(100, 999)}/BKD/{post.filled.year}"
        rows.append([post.code, post.title, post.how, post.holder.nip, announced, post.filled, number])
    return rows


def penalties(rng: random.Random, people: list[Person], rates: dict[str, float]) -> list[list[object]]:
    """Disciplinary penalties over PENALTY_YEARS. Talent-pool members carry light or old
    ones only (so the example's pool is clean, as its self-reported 1.0 says); the share of
    the assessment year's decisions recorded in SIASN is exact."""
    rows = []
    staff = [p for p in people if p.status in ("PNS", "PPPK")]
    clean = [p for p in staff if not p.in_pool()]
    per_year = max(1, round(len(people) * PENALTIES_PER_3000 / 3000))
    serial = 0
    for year in PENALTY_YEARS:
        recorded = exact(rng, per_year, rates["penalties_siasn"]) if year == YEAR else [
            rng.random() < 0.97 for _ in range(per_year)]
        for siasn in recorded:
            level = rng.choices([lv for lv, _ in LEVEL_MIX], [w for _, w in LEVEL_MIX])[0]
            # a moderate or heavy penalty after YEAR-4 would still be recent: none in the pool
            person = rng.choice(clean if level != "ringan" and year > YEAR - 4 else staff)
            decreed = date(year, rng.randint(1, 12), rng.randint(1, 28))
            start = decreed + timedelta(days=rng.randint(7, 30))
            months = {"ringan": 0, "sedang": rng.choice((6, 9, 12)), "berat": 12}[level]
            kind = rng.choice(PENALTIES[level])
            if level == "sedang":
                kind = f"Pemotongan tunjangan kinerja 25% selama {months} bulan"
            end = add_months(start, months) if months else ""
            serial += 1
            rows.append([person.nip, level, kind, f"800.1.6.4/{serial:04d}/BKD/{year}", decreed, start, end,
                         "ya" if siasn else "tidak"])
    return rows


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


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
             "succession": 0.55, "jpm_68": 0.74, "talent_mapped": 0.64, "sangat_baik": 0.31,
             "penalties_siasn": 0.94, "vacancies_from_pool": 0.35,
             "skp_complete": 0.85, "skp_on_time": 0.78, "skp_milestone": 0.72, "skp_evaluated": 0.88,
             **(rates or {})}
    rng = random.Random(seed)
    people = make_people(rng, n)
    # a second stream for what the first version of this generator did not draw, so that
    # employees and trainings stay as they were
    plan = random.Random(seed + 1)
    tables = out / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    training_rows = trainings(rng, people, rates["pns_20jp"])  # main stream: first version's order
    legacy = replay_first_version(rng, people, rates)
    plan_talent(plan, people, rates, legacy)
    write(tables / "pegawai.csv", ["NIP", "Nama Pegawai", "Status Pegawai", "Gol/Ruang", "Jenis Jabatan",
                                   "Unit Kerja", "Tgl Lahir", "TMT CPNS", "Pendidikan Terakhir"],
          [[p.nip, p.name, p.status, p.golongan, p.kind, p.unit, p.born, p.cpns, p.education] for p in people],
          sep=";", encoding="utf-8-sig")
    write(tables / "pelatihan.csv", ["NIP", "Nama Diklat", "Tgl Selesai", "JP"],
          training_rows, date_format="%d/%m/%Y", decimal_comma=True)
    write(tables / "asesmen.csv", ["NIP", "Tanggal Asesmen", "JPM (%)", "Kategori"],
          assessments(plan, people), sep=";", date_format="%Y-%m-%d", decimal_comma=True)
    # a third stream for the 2026 worksheet's columns and tables, so that the rest stays as it was
    worksheet = random.Random(seed + 2)
    write(tables / "skp.csv", ["NIP", "Tahun", "Hasil Kerja", "Perilaku Kerja", "Predikat", "Jumlah RHK",
                               "Jumlah IKI", "Jumlah Target", "Jumlah Rencana Aksi", "Tanggal Penetapan SKP",
                               "Waktu Dinilai", "TTD Atasan", "Evaluasi Periodik"],
          worksheet_skp(worksheet, people, appraisals(people), rates), date_format="%Y-%m-%d")
    posts = positions(plan, people, rates, legacy)
    write(tables / "jabatan.csv", ["Kode Jabatan", "Nama Jabatan", "Jenis Jabatan", "NIP Pejabat",
                                   "Cara Pengisian", "TMT Jabatan", "NIP Suksesor"],
          position_rows(posts), sep=";", encoding="cp1252")
    write(tables / "disiplin.csv", ["NIP", "Tingkat Hukuman Disiplin", "Jenis Hukuman Disiplin", "Nomor SK",
                                    "Tanggal SK", "TMT Hukuman", "Akhir Hukuman", "Status SIASN"],
          penalties(plan, people, rates), date_format="%Y-%m-%d")
    write(tables / "seleksi.csv", ["Kode Jabatan", "Nama Jabatan", "Jenis Pengisian", "NIP Terpilih",
                                   "Tanggal Pengumuman", "Tanggal Pelantikan", "Nomor SK"],
          selections(plan, posts), sep=";", date_format="%d/%m/%Y")
    write(tables / "kenaikan_pangkat.csv", ["NIP", "Periode KP", "Memenuhi Syarat", "Diusulkan", "Disetujui BKN",
                                            "Nomor SK", "Tanggal SK", "TMT Pangkat"],
          promotions(worksheet, people, n), sep=";")


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
