"""How many of the 17 kinds of ASN-management data of the 2026 worksheet (a8q1) a dossier's
tables carry: the metric kk_digital_data_kinds, computed here rather than in a metric file
because it counts tables and columns, not rows.

A kind is found when every table it needs has rows and, where columns are named, at least
one of them. The mapping (the worksheet's numbering):
   1 pemetaan jabatan            jabatan
   2 profil pegawai              pegawai
   3 pemetaan kompetensi         asesmen
   4 pemetaan talenta            asesmen (jpm or kategori) and skp (nilai_skp or hasil_kerja):
                                 the 9-box is derived from them
   6 kenaikan pangkat            kenaikan_pangkat
   7 pengembangan kompetensi     pelatihan
   8 SKP                         skp with its plan (rhk, iki or target)
   9 penilaian kinerja           skp with an appraisal (predikat, hasil_kerja or nilai_skp)
  11 pelanggaran disiplin        disiplin
  12 penegakan disiplin          disiplin with the decree's number (nomor_sk)
  13 rekapitulasi kenaikan pangkat  kenaikan_pangkat with BKN approval or decree date
Kinds 5 (talent development and retention), 10 (awards and sanctions), 14 (pay), 15
(pension contributors), 16 (deductions) and 17 (JKK/JKM payments) have no table merit reads:
they are never found, so a dossier's count from tables is at most 11.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from .metrics import MetricResult
from .tables import Personnel

METRIC = "kk_digital_data_kinds"
TOTAL = 17

# number -> (name, needs): each need is a table and the columns of which it needs one
# (none named: rows suffice); no needs: merit reads no table for the kind
KINDS: dict[int, tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    1: ("pemetaan jabatan", (("jabatan", ()),)),
    2: ("profil pegawai", (("pegawai", ()),)),
    3: ("pemetaan kompetensi", (("asesmen", ()),)),
    4: ("pemetaan talenta", (("asesmen", ("jpm", "kategori")), ("skp", ("nilai_skp", "hasil_kerja")))),
    5: ("pengembangan talenta dan retensi", ()),
    6: ("kenaikan pangkat", (("kenaikan_pangkat", ()),)),
    7: ("pengembangan kompetensi", (("pelatihan", ()),)),
    8: ("SKP", (("skp", ("rhk", "iki", "target")),)),
    9: ("penilaian kinerja", (("skp", ("predikat", "hasil_kerja", "nilai_skp")),)),
    10: ("penghargaan/sanksi", ()),
    11: ("pelanggaran disiplin", (("disiplin", ()),)),
    12: ("penegakan disiplin", (("disiplin", ("nomor_sk",)),)),
    13: ("rekapitulasi kenaikan pangkat", (("kenaikan_pangkat", ("disetujui_bkn", "tanggal_sk")),)),
    14: ("gaji, tunjangan melekat, tukin/TPP", ()),
    15: ("nominatif wajib iuran pensiun", ()),
    16: ("potongan iuran wajib", ()),
    17: ("bukti bayar JKK/JKM", ()),
}


def columns_read() -> dict[str, set[str]]:
    """Per table, the columns the count looks for (a checked table must keep them)."""
    read: dict[str, set[str]] = {}
    for _, needs in KINDS.values():
        for table, columns in needs:
            read.setdefault(table, set()).update(columns)
    return read


def kinds_found(columns: Mapping[str, set[str]]) -> list[int]:
    """The kinds whose needs the tables (by id, with the columns they carry) meet."""
    return [number for number, (_, needs) in KINDS.items()
            if needs and all(table in columns and (not wanted or columns[table] & set(wanted))
                             for table, wanted in needs)]


def data_kinds(personnel: Personnel) -> MetricResult:
    """kk_digital_data_kinds: the kinds found, their tables as the source."""
    carried = {tid: set(t.frame.columns) for tid, t in personnel.tables.items() if t.frame.height}
    found = kinds_found(carried)
    used = sorted({table for n in found for table, _ in KINDS[n][1]})
    note = "data kinds found: " + (", ".join(f"({n}) {KINDS[n][0]}" for n in found) or "none")
    return MetricResult(METRIC, float(len(found)), len(found), TOTAL, (), pl.DataFrame(),
                        ", ".join(personnel.source(t) for t in used), note)
