"""JKK risk group of an employer from its KBLI 2020 code, only where PP 44/2015 Lampiran I can be cited.

PP 44/2015 Pasal 16 sets the JKK rate by five risk groups (I very low 0.24 % … V very high 1.74 %); Lampiran I
assigns *named business types* to the groups. The Lampiran predates KBLI 2020 and uses no KBLI codes, so each
row below is our reading: a KBLI prefix whose title is plainly the business type the Lampiran names, with the
Lampiran item it rests on. The text retrieved for this project (adoc.pub copy of Lampiran I) covers Kelompok I
items 1-21 and the start of Kelompok II; Kelompok III, IV and V were not retrieved. Items 22-23 (watch repair,
cinemas) are left out: the copy's layout puts them between the two groups and lists watch repair in both.

The gap, on purpose: a KBLI code with no row here gets **no** derived group (``None``). The employer page then
asks for the group and a reason (an override), and billing uses that. Nothing is guessed: construction,
transport, manufacturing and mining — which the Lampiran puts in the higher groups — are exactly the codes
left to a human until the rest of the Lampiran is transcribed here with its item numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "PP 44/2015 Lampiran I"
SOURCE_URL = "https://adoc.pub/pembagian-kelompok-tingkat-resiko-lingkungan-kerja.html"


@dataclass(frozen=True)
class RiskEntry:
    prefix: str
    group: int
    lampiran_item: str
    kbli_title: str

    @property
    def reference(self) -> str:
        return f"{SOURCE}, {self.lampiran_item}"


def _i(prefix: str, item: int, name: str, title: str) -> RiskEntry:
    return RiskEntry(prefix, 1, f"Kelompok I angka {item} ({name})", title)


def _ii(prefix: str, item: int, name: str, title: str) -> RiskEntry:
    return RiskEntry(prefix, 2, f"Kelompok II angka {item} ({name})", title)


TABLE: tuple[RiskEntry, ...] = (
    _i("14111", 1, "Penjahitan/konveksi", "Industri pakaian jadi (konveksi) dari tekstil"),
    _i("46", 7, "Perdagangan besar lainnya", "Perdagangan besar, bukan mobil dan sepeda motor"),
    _i("47", 8, "Perdagangan lainnya (toko, koperasi, penjualan makanan)", "Perdagangan eceran"),
    _i("641", 9, "Bank dan kantor-kantor perdagangan", "Perantara moneter (bank)"),
    _i("651", 10, "Perusahaan pertanggungan/asuransi", "Asuransi"),
    _i("652", 10, "Perusahaan pertanggungan/asuransi", "Reasuransi"),
    _i("8411", 11, "Jasa pemerintahan", "Administrasi pemerintahan"),
    _i("86", 12, "Apotik, pengobatan dan kesehatan lainnya", "Aktivitas kesehatan manusia"),
    _i("9491", 13, "Organisasi-organisasi keagamaan", "Aktivitas organisasi keagamaan"),
    _i("87", 14, "Lembaga kesejahteraan/sosial", "Aktivitas sosial di dalam panti"),
    _i("88", 14, "Lembaga kesejahteraan/sosial", "Aktivitas sosial di luar panti"),
    _i("9411", 15, "Persatuan perdagangan", "Aktivitas organisasi bisnis dan pengusaha"),
    _i("9420", 15, "Organisasi buruh", "Aktivitas organisasi buruh"),
    _i("8010", 17, "Jasa pengamanan", "Aktivitas keamanan swasta"),
    _i("910", 17, "Museum, perpustakaan, kebun binatang", "Perpustakaan, arsip, museum dan kebudayaan"),
    _i("9602", 18, "Pemangkas rambut dan salon kecantikan", "Pangkas rambut dan salon kecantikan"),
    _i("014", 19, "Peternakan", "Peternakan"),
    _i("691", 21, "Jasa profesi (pengacara)", "Aktivitas hukum"),
    _i("692", 21, "Jasa profesi (akuntan)", "Aktivitas akuntansi, pembukuan dan pemeriksa keuangan"),
    _ii("01140", 2, "Perkebunan gula", "Perkebunan tebu"),
    _ii("01150", 3, "Perkebunan tembakau", "Perkebunan tembakau"),
)


def risk_for_kbli(kbli: str) -> RiskEntry | None:
    """The longest-prefix entry for a 5-digit KBLI 2020 code, or None where the table has none."""
    code = (kbli or "").strip()
    best: RiskEntry | None = None
    for entry in TABLE:
        if code.startswith(entry.prefix) and (best is None or len(entry.prefix) > len(best.prefix)):
            best = entry
    return best
