"""The columns of the two import templates and how a file's headers are matched to them.

Headers are compared folded (lower case, anything in brackets dropped, punctuation as spaces), against the
template header, a few names people actually use ("No KTP", "Tgl Lahir") and the English names a list made for
the English pages may carry (the column keys, "Full name", "Date of birth"). A header that matches nothing is
reported with the nearest template header, so a renamed column gets a "did you mean" and not just "missing".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import ImportKind


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    personal: bool
    example: str
    hint: str | Promise
    aliases: tuple[str, ...] = field(default=())


NIK = Column(
    "nik",
    "NIK",
    True,
    True,
    "1271011708900001",
    _("16 digit, format kolom Teks. Spasi dan titik boleh."),
    ("no ktp", "nomor ktp", "nomor nik", "nik ktp", "national id", "id number"),
)
NAME = Column(
    "name", "Nama lengkap", True, True, "Budi Santoso", _("Sesuai KTP."), ("nama", "nama pekerja", "full name")
)
BIRTH = Column(
    "birth_date",
    "Tanggal lahir",
    True,
    True,
    "17/08/1990",
    _("dd/mm/yyyy, dd-mm-yyyy atau yyyy-mm-dd (tahun 4 digit)."),
    ("tgl lahir", "tanggal lahir pekerja", "date of birth"),
)
SEX = Column("sex", "Jenis kelamin", True, False, "L", _("L atau P."), ("jk", "kelamin", "l p", "gender"))
ADDRESS = Column("address", "Alamat", False, True, "Jl. Mawar No. 1", _("Alamat domisili."), ("alamat domisili",))
VILLAGE = Column(
    "village",
    "Kode kelurahan",
    False,
    False,
    "12.71.01.1001",
    _("Kode Kemendagri atau nama kelurahan di wilayah ini."),
    ("kelurahan", "desa kelurahan", "village code"),
)
PHONE = Column(
    "phone",
    "Nomor HP",
    False,
    True,
    "0812-3456-7890",
    _("Diawali 08, 62 atau +62."),
    ("no hp", "telepon", "nomor telepon", "hp", "phone number", "mobile number"),
)
OCCUPATION = Column(
    "occupation", "Pekerjaan", False, False, "Pengemudi", _("Jabatan atau jenis pekerjaan."), ("jabatan", "job")
)
KPJ = Column(
    "kpj", "Nomor KPJ", False, False, "", _("11 digit, bila sudah punya kartu."), ("kpj", "no kpj", "kpj number")
)

EMPLOYER_COLUMNS: tuple[Column, ...] = (
    Column(
        "npp",
        "NPP",
        False,
        False,
        "10000001",
        _("NPP pemberi kerja. Boleh kosong bila Anda mengunggah untuk pemberi kerja Anda sendiri."),
        ("npp perusahaan", "nomor npp"),
    ),
    NIK,
    NAME,
    BIRTH,
    SEX,
    ADDRESS,
    VILLAGE,
    PHONE,
    OCCUPATION,
    KPJ,
    Column(
        "wage",
        "Upah",
        True,
        False,
        "4500000",
        _("Upah sebulan dalam rupiah, angka bulat."),
        ("upah rp", "gaji", "upah per bulan", "monthly wage", "salary"),
    ),
    Column(
        "valid_from",
        "Mulai berlaku",
        True,
        False,
        "01/01/2026",
        _("Tanggal mulai kepesertaan."),
        ("tanggal mulai", "tmt", "mulai", "start date"),
    ),
    Column(
        "programs",
        "Program",
        False,
        False,
        "JKK, JKM, JHT",
        _("Kosongkan untuk program wajib sesuai skala usaha; atau JKK, JKM, JHT, JP, JKP."),
        ("program bpjs", "programmes"),
    ),
    Column(
        "employer_sector",
        "Sektor usaha",
        False,
        False,
        "",
        _("Sektor usaha pemberi kerja bila industri padat karya (PP 7/2025), mis. furnitur; kosongkan bila tidak."),
        ("sektor", "sektor usaha pemberi kerja", "employer sector"),
    ),
    Column(
        "jp_deferral",
        "Penundaan JP",
        False,
        False,
        "",
        _("Y bila penundaan sebagian iuran JP pemberi kerja disetujui (PP 49/2020); kosongkan bila tidak."),
        ("penundaan iuran jp",),
    ),
)

AGENCY_COLUMNS: tuple[Column, ...] = (
    NIK,
    NAME,
    BIRTH,
    SEX,
    ADDRESS,
    VILLAGE,
    PHONE,
    OCCUPATION,
    Column(
        "vulnerability_category",
        "Kategori rentan",
        True,
        False,
        "ojek_driver",
        _("Kode atau nama kelompok sasaran, mis. ojek_driver, street_vendor, marbot."),
        ("kategori", "kelompok", "category"),
    ),
    Column("female_head_of_household", "Perempuan kepala keluarga", False, False, "T", _("Y atau T."), ("pekka",)),
    Column("disability", "Disabilitas", False, False, "T", _("Y atau T."), ("penyandang disabilitas",)),
    Column(
        "consent",
        "Persetujuan",
        True,
        False,
        "Y",
        _("Y bila pekerja setuju datanya dicatat. Tanpa persetujuan baris ditolak."),
        ("setuju", "persetujuan data"),
    ),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.EMPLOYER_WORKERS: EMPLOYER_COLUMNS,
    ImportKind.AGENCY_PROPOSALS: AGENCY_COLUMNS,
}


def fold(header: str) -> str:
    """'Tanggal Lahir (dd/mm/yyyy)' -> 'tanggal lahir'."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", str(header).casefold())
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@dataclass
class HeaderMatch:
    mapping: dict[str, str]  # file header -> column key
    missing: list[Column]
    unknown: list[tuple[str, str | None]]  # file header, nearest template header
    duplicated: list[tuple[str, str]]  # file header, template header it repeats


def match_headers(
    headers: list[str], columns: tuple[Column, ...], *, optional: frozenset[str] = frozenset()
) -> HeaderMatch:
    """Match a file's headers to template columns; ``optional`` names required columns this upload may omit."""
    names: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, column.key, *column.aliases):
            names[fold(name)] = column
    result = HeaderMatch({}, [], [], [])
    seen: dict[str, str] = {}
    for header in headers:
        found = names.get(fold(header))
        if found is None:
            near = difflib.get_close_matches(fold(header), list(names), n=1, cutoff=0.6)
            result.unknown.append((header, names[near[0]].header if near else None))
        elif found.key in seen:
            result.duplicated.append((header, found.header))
        else:
            seen[found.key] = header
            result.mapping[header] = found.key
    result.missing = [c for c in columns if c.required and c.key not in seen and c.key not in optional]
    return result


def header_fit(cells: Sequence[str], columns: tuple[Column, ...], optional: frozenset[str]) -> tuple[bool, int]:
    """Whether a row of cells is a complete header (every required column), and how many columns it names."""
    match = match_headers(list(cells), columns, optional=optional)
    return not match.missing, len(match.mapping)
