"""What each import problem means and how to fix it, in Bahasa Indonesia (English through the catalogue).

Issues are stored as a code and parameters, never as text, so the preview and the error workbook speak the
reader's language. Parameters never hold personal data (row numbers, column names, limits, references).
NIK and phone codes take their wording from ``lindung.regions`` (which carries both languages).
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.core.jobs import STALLED
from lindung.core.rules_words import eligibility_reason
from lindung.regions.nik import MESSAGES as NIK_MESSAGES
from lindung.regions.phone import MESSAGES as PHONE_MESSAGES
from lindung.registry import child_work, notes
from lindung.registry.imports.header import column_letter
from lindung.registry.services.workers import bilingual

Text = str | Promise

MESSAGES: dict[str, tuple[Text, Text]] = {
    "file_too_large": (_("Berkas lebih besar dari %(max_mb)s MB."), _("Bagi daftar menjadi beberapa berkas.")),
    "file_empty": (_("Berkas kosong."), _("Unggah berkas templat yang sudah diisi.")),
    "file_type": (_("Jenis berkas tidak didukung."), _("Unggah berkas .xlsx atau .csv dari templat.")),
    "xlsx_corrupt": (
        _("Berkas Excel rusak atau bukan berkas .xlsx."),
        _("Buka di Excel lalu simpan ulang sebagai .xlsx (Excel Workbook)."),
    ),
    "xlsx_encrypted": (
        _("Berkas Excel dilindungi kata sandi."),
        _("Hapus kata sandi (File > Info > Protect Workbook) lalu simpan dan unggah lagi."),
    ),
    "xls_old": (_("Format .xls lama tidak didukung."), _("Simpan sebagai .xlsx (Excel Workbook) lalu unggah lagi.")),
    "xlsx_bomb": (
        _("Isi berkas Excel terlalu besar setelah dibuka (%(max_mb)s MB) atau tidak wajar."),
        _("Unggah hanya lembar data dari templat; hapus gambar dan lembar lain."),
    ),
    "xlsx_no_sheet": (_("Berkas Excel tidak punya lembar data."), _("Isi lembar pertama templat.")),
    "csv_malformed": (
        _("Berkas CSV tidak dapat dibaca: jumlah kolom tidak sama di setiap baris atau tanda kutip tidak tertutup."),
        _("Simpan ulang dari Excel sebagai CSV UTF-8."),
    ),
    "csv_encoding": (
        _("Berkas CSV tidak berformat UTF-8; dibaca sebagai %(encoding)s."),
        _("Periksa huruf khusus pada nama. Sebaiknya simpan sebagai CSV UTF-8."),
    ),
    "csv_encoding_mixed": (
        _(
            "Berkas CSV mencampur pengodean huruf: sebagian UTF-8, sebagian tidak (mulai baris %(row)s), "
            "sehingga nama bisa terbaca rusak."
        ),
        _("Buka berkas di Excel, periksa huruf khusus pada nama, lalu simpan ulang sebagai CSV UTF-8."),
    ),
    "csv_encoding_unknown": (
        _("Pengodean huruf berkas CSV tidak dikenali (baris %(row)s), sehingga nama bisa terbaca rusak."),
        _("Buka berkas di Excel lalu simpan ulang sebagai CSV UTF-8."),
    ),
    "csv_encoding_ambiguous": (
        _(
            "Pengodean huruf berkas CSV tidak pasti: huruf khusus (pertama di baris %(row)s) dapat dibaca sebagai "
            "Windows-1252 atau sebagai kode DOS lama, dengan huruf yang berbeda."
        ),
        _(
            "Simpan ulang berkas sebagai CSV UTF-8 (di Excel: File > Simpan Sebagai > CSV UTF-8), periksa huruf "
            "khusus pada nama, lalu unggah lagi."
        ),
    ),
    "csv_quote_unbalanced": (
        _(
            'Tanda kutip (") di awal sel pada baris %(row)s tidak ditutup dengan benar, sehingga baris-baris di '
            "bawahnya akan terbaca sebagai satu sel. Tidak ada yang diimpor."
        ),
        _(
            "Perbaiki sel itu di editor teks: hapus tanda kutip di awal sel, atau tutup dengan tanda kutip tepat "
            "sebelum pemisah kolom atau akhir baris; lalu unggah lagi."
        ),
    ),
    "csv_stray_quote": (
        _(
            'Baris %(rows)s memuat tanda kutip (") di tengah sel; tanda kutip itu dibaca sebagai isi sel, '
            "seperti di Excel."
        ),
        _("Periksa sel di baris tersebut dan hapus tanda kutip bila tidak dimaksudkan."),
    ),
    "csv_delimiter": (_("Pemisah kolom CSV tidak dikenali."), _("Gunakan koma, titik koma atau tab sebagai pemisah.")),
    "csv_header_separator": (
        _(
            "Judul kolom di baris %(row)s dipisah dengan %(header)s, sedangkan data di bawahnya dengan %(body)s. "
            "Satu berkas CSV hanya memakai satu pemisah kolom (Excel pun menampilkan judul itu dalam satu sel), "
            "jadi judul tidak dapat dicocokkan dengan kolom data. Tidak ada yang diimpor."
        ),
        _(
            "Pisahkan judul kolom dengan %(body)s seperti datanya, atau di Excel letakkan setiap judul di kolomnya "
            "sendiri lalu simpan ulang sebagai CSV UTF-8; lalu unggah lagi."
        ),
    ),
    "no_rows": (_("Tidak ada baris data di bawah judul kolom."), _("Isi data pada baris tepat di bawah judul kolom.")),
    "too_many_rows": (_("Berkas berisi lebih dari %(max)s baris."), _("Bagi daftar menjadi beberapa berkas.")),
    "header_not_found": (
        _(
            "Judul kolom tidak lengkap: tidak ada baris di antara %(limit)s baris pertama "
            "yang memuat semua kolom wajib."
        ),
        _(
            "Kolom wajib: %(expected)s. Tulis judul kolom tersebut dalam satu baris tepat di atas data; judul daftar "
            "di atasnya boleh."
        ),
    ),
    "header_missing": (
        _("Kolom wajib '%(column)s' tidak ditemukan."),
        _("Tambahkan kolom dengan judul persis '%(column)s' seperti di templat."),
    ),
    "header_unknown": (
        _("Kolom '%(header)s' tidak dikenal dan diabaikan."),
        _("Ganti judulnya menjadi '%(near)s' bila itu maksudnya, atau hapus kolomnya."),
    ),
    "header_blank": (
        _("Kolom %(column)s (ke-%(position)s) berisi data tetapi tidak berjudul, jadi diabaikan."),
        _(
            "Beri kolom itu judul dari templat, atau hapus isinya. Judul yang digabung (merge) di atas dua kolom "
            "hanya menjadi judul kolom pertama."
        ),
    ),
    "header_group_split": (
        _(
            "Judul kolom dua baris (baris %(top)s dan %(bottom)s): '%(title)s' dibagi menjadi kolom "
            "%(columns)s, padahal templat meminta satu nilai per pekerja. Tidak ada yang diimpor."
        ),
        _(
            "Jadikan satu kolom berjudul '%(title)s' berisi satu nilai per pekerja (untuk Upah: upah pokok ditambah "
            "tunjangan tetap; untuk Program: mis. JKK, JKM, JHT), hapus kolom pecahannya, lalu unggah lagi."
        ),
    ),
    "totals_row": (
        _("Baris %(rows)s adalah baris jumlah ('%(label)s'), bukan data pekerja, jadi tidak diimpor."),
        _("Tidak perlu tindakan bila baris itu memang jumlah atau total."),
    ),
    "footer_rows": (
        _(
            "Baris %(rows)s di bawah baris jumlah tidak berisi NIK maupun tanggal lahir (mis. tempat, tanggal dan "
            "tanda tangan), jadi tidak diimpor."
        ),
        _("Tidak perlu tindakan bila baris itu bukan data pekerja; bila pekerja, isi NIK dan tanggal lahirnya."),
    ),
    "column_numbers_row": (
        _("Baris %(row)s berisi nomor kolom ((1), (2), (3) …), bukan data pekerja, jadi tidak diimpor."),
        _("Tidak perlu tindakan bila baris itu memang nomor kolom."),
    ),
    "header_duplicate": (_("Kolom '%(header)s' mengulang kolom '%(column)s'."), _("Hapus salah satu kolom.")),
    "required": (_("Wajib diisi."), _("Isi sel ini.")),
    "too_long": (_("Terlalu panjang (paling banyak %(max)s karakter)."), _("Persingkat isinya.")),
    "nik_numeric": (
        _("NIK tersimpan sebagai angka: Excel membulatkan angka 16 digit, jadi NIK bisa berubah."),
        _("Format kolom NIK sebagai Teks lalu ketik ulang NIK dari KTP."),
    ),
    "nik_scientific": (
        _("NIK tertulis dalam notasi ilmiah (mis. 1,27E+15) sehingga digitnya hilang."),
        _("Format kolom NIK sebagai Teks lalu ketik ulang NIK dari KTP."),
    ),
    "nik_duplicate_in_file": (
        _("NIK yang sama muncul lebih dari sekali dalam berkas (baris %(rows)s)."),
        _("Satu orang satu baris: hapus baris ganda atau perbaiki NIK yang salah ketik."),
    ),
    "existing_differs": (
        _("NIK sudah terdaftar dengan tanggal lahir atau jenis kelamin yang berbeda; data lama dipertahankan."),
        _("Periksa KTP; perbaikan data terdaftar lewat petugas."),
    ),
    "date_format": (_("Tanggal tidak dapat dibaca."), _("Tulis sebagai dd/mm/yyyy, dd-mm-yyyy atau yyyy-mm-dd.")),
    "date_ambiguous_year": (_("Tahun hanya 2 digit, jadi abadnya tidak pasti."), _("Tulis tahun 4 digit.")),
    "date_ambiguous_order": (
        _("Kolom ini memakai urutan bulan/tanggal di baris lain, jadi tanggal ini bisa dibaca dua cara."),
        _("Tulis semua tanggal sebagai yyyy-mm-dd."),
    ),
    "date_month_first": (_("Tanggal tampak ditulis bulan/tanggal/tahun."), _("Tulis sebagai tanggal/bulan/tahun.")),
    "date_invalid": (_("Tanggal tidak ada di kalender."), _("Periksa tanggal dan bulannya.")),
    "date_future": (_("Tanggal terlalu jauh di masa depan."), _("Periksa tahunnya.")),
    "number_text": (_("Berisi teks, bukan angka."), _("Tulis angka saja, mis. 4500000 (tanpa Rp).")),
    "number_fraction": (_("Harus angka bulat rupiah."), _("Hapus angka desimal.")),
    "number_too_large": (
        _("Angka terlalu besar untuk upah sebulan (paling banyak Rp 10 miliar)."),
        _("Periksa angkanya: tulis upah sebulan dalam rupiah, mis. 4500000."),
    ),
    "number_negative": (_("Tidak boleh negatif."), _("Tulis angka 0 atau lebih.")),
    "sex_invalid": (_("Jenis kelamin tidak dikenal."), _("Tulis L (laki-laki) atau P (perempuan).")),
    "bool_invalid": (_("Isi tidak dikenal."), _("Tulis Y (ya) atau T (tidak).")),
    "kpj_invalid": (_("Nomor KPJ harus 11 digit angka."), _("Salin dari kartu peserta atau kosongkan.")),
    "village_unknown": (
        _("Kelurahan tidak dikenal di wilayah ini; dibiarkan kosong."),
        _("Tulis kode Kemendagri, mis. 12.71.01.1001."),
    ),
    "category_unknown": (_("Kategori rentan tidak dikenal."), _("Pakai kode dari lembar Petunjuk, mis. ojek_driver.")),
    "consent_missing": (
        _("Tanpa persetujuan pekerja, data kerentanan tidak boleh dicatat."),
        _("Minta persetujuan pekerja lalu tulis Y."),
    ),
    "employer_not_found": (
        _("NPP tidak ditemukan atau di luar cakupan Anda."),
        _("Periksa NPP; Anda hanya dapat mengunggah untuk pemberi kerja dalam cakupan Anda."),
    ),
    "sector_unknown": (
        _("Sektor usaha tidak dikenal."),
        _("Tulis salah satu: %(allowed)s; atau kosongkan."),
    ),
    "employer_terms_forbidden": (
        _("Anda tidak berwenang mengubah sektor usaha atau penundaan JP pemberi kerja."),
        _("Kosongkan kolom ini; petugas dapat mengubahnya di halaman pemberi kerja."),
    ),
    "employer_values_differ": (
        _("Baris lain dengan pemberi kerja yang sama berisi nilai berbeda di kolom ini."),
        _("Isi nilai yang sama untuk semua pekerja satu pemberi kerja, atau kosongkan."),
    ),
    "program_unknown": (_("Program tidak dikenal."), _("Tulis JKK, JKM, JHT, JP atau JKP dipisah koma.")),
    "programs_not_allowed": (
        _("Program %(programs)s tidak tersedia untuk segmen %(segment)s."),
        _("Hapus program tersebut."),
    ),
    "programs_size_unknown": (
        _("Skala usaha pemberi kerja belum diketahui, jadi program wajib tidak dapat ditentukan."),
        _("Isi kolom Program."),
    ),
    "not_eligible": (
        _("Tidak dapat ikut %(program)s (%(reference)s). %(reason)s"),
        _("Hapus %(program)s dari kolom Program."),
    ),
    "dropped": (_("%(program)s tidak diikutkan (%(reference)s). %(reason)s"), _("Tidak perlu tindakan.")),
    "required_missing": (
        _("Program wajib untuk skala usaha ini tidak diisi: %(programs)s (%(reference)s)."),
        _("Tambahkan program tersebut, atau kosongkan kolom Program."),
    ),
    "child_too_young": child_work.TOO_YOUNG,
    "child_worker": child_work.CHILD,
    "already_registered": (
        _("Sudah terdaftar aktif di pemberi kerja ini; tidak ada yang dibuat."),
        _("Untuk mengubah upah, gunakan halaman kepesertaan."),
    ),
    "already_in_registry": (_("Pekerja sudah ada di registri; data lama tidak diubah."), _("Tidak perlu tindakan.")),
    "stalled": STALLED,
    "too_many_issues": (
        _("Masalah lain tidak dicantumkan (lebih dari %(max)s)."),
        _("Perbaiki masalah di atas lalu unggah lagi."),
    ),
}


#: A CSV's separators by name ("csv_header_separator" stores the character, worded in the reader's language).
SEPARATOR_NAMES: dict[str, Text] = {
    ",": _("koma (,)"),
    ";": _("titik koma (;)"),
    "\t": _("tab"),
    "|": _("garis tegak (|)"),
}

#: Issues quoting the rules' eligibility reason: worded from its code (stored since the reasons were worded).
ELIGIBILITY_CODES = frozenset({"not_eligible", "dropped"})


def _eligibility_reason(params: dict[str, Any]) -> str:
    """The reason in the reader's language; an issue stored before the code was kept has the English reason
    only, which is read back through the note shapes (``registry.notes``) where it can be."""
    if params.get("reason_code"):
        return eligibility_reason(params)
    stored = f"{params.get('program', '')} not enrolled: {params.get('reason', '')} ({params.get('reference', '')})"
    worded = notes.reason_of(stored)
    return worded if worded is not None else str(params.get("reason", ""))


def _separator_name(char: str) -> str:
    return str(SEPARATOR_NAMES[char]) if char in SEPARATOR_NAMES else f"'{char}'"


def _from_pure(code: str) -> tuple[str, str] | None:
    for table in (NIK_MESSAGES, PHONE_MESSAGES):
        for key, (text_id, text_en) in table.items():
            if key.value == code:
                return text_id, text_en
    return None


def describe(code: str, params: dict[str, Any] | None = None) -> tuple[str, str]:
    """The message and the how-to-fix of an issue code, in the active language."""
    params = params or {}
    if code == "header_blank" and "column" not in params and "position" in params:  # stored before the letter
        params = {**params, "column": column_letter(int(params["position"]))}
    if code == "csv_header_separator":
        params = {**params, **{k: _separator_name(params.get(k, "")) for k in ("header", "body")}}
    pure = _from_pure(code)
    if pure is not None:
        return bilingual(*pure), str(_("Perbaiki sesuai pesan, lalu unggah lagi."))
    message, fix = MESSAGES.get(code, (code, ""))
    if code in ELIGIBILITY_CODES:
        params = {**params, "reason": _eligibility_reason(params)}
    try:
        return str(message) % params if params else str(message), str(fix) % params if params else str(fix)
    except (KeyError, TypeError, ValueError):
        return str(message), str(fix)
