"""The derived measures by table, and the columns they are derived from (derived.py
computes them with polars; this module needs no polars, so that checking a metric file
does not load it)."""

from __future__ import annotations

# Every derived column by table, for the metric-file checks (a metric may name them).
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "asesmen": ("assessment_valid", "jpm_category"),
    "skp": ("skp_predicate", "performance"),
    "disiplin": ("recent", "bars_talent_pool"),
    "pegawai": ("last_assessment", "assessment_valid", "jpm", "jpm_category", "potential",
                "skp_predicate", "performance", "nine_box", "recent_penalty",
                "worst_recent_penalty", "in_talent_pool", "ip_kualifikasi", "ip_kompetensi",
                "ip_kinerja", "ip_disiplin", "ip_asn", "ip_asn_band"),
    "jabatan": ("successor_in_talent_pool", "open_selection"),
    "seleksi": ("jenis_jabatan", "chosen_in_talent_pool"),
    "kenaikan_pangkat": ("latest_period", "sk_on_time"),
}
# Every column derived.py reads, by table (NIP columns aside): load_personnel may drop
# the others once checked (a test compares the measures from these alone with all).
DERIVED_SOURCES: dict[str, tuple[str, ...]] = {
    "asesmen": ("tanggal_asesmen", "jpm", "kategori"),
    "skp": ("tahun", "predikat", "hasil_kerja", "perilaku_kerja", "nilai_skp"),
    "disiplin": ("tingkat", "tanggal_sk", "tanggal_mulai", "tanggal_selesai"),
    "pegawai": ("pendidikan", "jenis_jabatan"),
    "pelatihan": ("nama_pelatihan", "jenis", "tanggal_selesai", "jp"),
    "jabatan": ("kode_jabatan", "jenis_jabatan", "cara_pengisian"),
    "seleksi": ("kode_jabatan", "jenis"),
    "kenaikan_pangkat": ("periode", "tanggal_sk", "tmt"),
}
