"""Indonesian phone numbers to E.164 (+62...), the one form Lindung stores.

Accepts what people type: 0812-3456-7890, 62 812 3456 7890, +62 (0)812 3456 7890, 0062 812..., and landlines
such as (061) 451 2345. Parsing is lokal-id's ``parse_phone``; this module adds the international prefix 00,
stable error codes and messages in Bahasa Indonesia and English, and a mobile-only mode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from lokal.phone import parse_phone

__all__ = ["InvalidPhone", "PhoneCheck", "PhoneIssue", "PhoneIssueCode", "check_phone", "normalise_phone"]

_CLEAN = re.compile(r"[\s().\-/]")


class PhoneIssueCode(StrEnum):
    EMPTY = "phone_empty"
    FORMAT = "phone_format"
    LENGTH = "phone_length"
    NOT_MOBILE = "phone_not_mobile"
    PREFIX_UNKNOWN = "phone_prefix_unknown"


MESSAGES: dict[PhoneIssueCode, tuple[str, str]] = {
    PhoneIssueCode.EMPTY: ("Nomor telepon wajib diisi.", "The phone number is required."),
    PhoneIssueCode.FORMAT: (
        "Nomor telepon harus nomor Indonesia yang diawali 0, 62 atau +62 dan hanya berisi angka"
        " (spasi, tanda hubung dan kurung boleh).",
        "Give an Indonesian number starting with 0, 62 or +62, digits only (spaces, dashes and brackets are fine).",
    ),
    PhoneIssueCode.LENGTH: (
        "Panjang nomor tidak sesuai: nomor HP 10-13 digit termasuk 0 di depan, telepon rumah 8-12 digit.",
        "Wrong length: a mobile number has 10-13 digits with the leading 0, a landline 8-12.",
    ),
    PhoneIssueCode.NOT_MOBILE: (
        "Masukkan nomor HP (diawali 08 atau +628), bukan telepon rumah.",
        "Give a mobile number (starting 08 or +628), not a landline.",
    ),
    PhoneIssueCode.PREFIX_UNKNOWN: (
        "Awalan nomor HP tidak dikenal operator mana pun; periksa kembali.",
        "The mobile prefix belongs to no known operator; check the number.",
    ),
}


@dataclass(frozen=True, slots=True)
class PhoneIssue:
    code: PhoneIssueCode
    message_id: str
    message_en: str

    @classmethod
    def of(cls, code: PhoneIssueCode) -> PhoneIssue:
        return cls(code, *MESSAGES[code])


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    valid: bool
    #: "+6281234567890": store this.
    e164: str | None
    #: "0812-3456-7890": show this.
    national: str | None
    kind: str | None  # "mobile" or "landline"
    errors: tuple[PhoneIssue, ...]
    warnings: tuple[PhoneIssue, ...]


def _invalid(code: PhoneIssueCode) -> PhoneCheck:
    return PhoneCheck(False, None, None, None, (PhoneIssue.of(code),), ())


def check_phone(value: str | None, *, require_mobile: bool = False) -> PhoneCheck:
    """Parse and check a phone number; ``e164`` is set only when it is valid."""
    text = _CLEAN.sub("", value or "")
    if not text:
        return _invalid(PhoneIssueCode.EMPTY)
    if text.startswith("00"):  # the international call prefix: 0062 812... is +62 812...
        text = f"+{text[2:]}"
    info = parse_phone(text)
    codes = {issue.code for issue in info.errors}
    if "length" in codes:
        return _invalid(PhoneIssueCode.LENGTH)
    if codes or info.e164 is None:
        return _invalid(PhoneIssueCode.FORMAT)
    if require_mobile and info.type != "mobile":
        return _invalid(PhoneIssueCode.NOT_MOBILE)
    warnings = tuple(PhoneIssue.of(PhoneIssueCode.PREFIX_UNKNOWN) for issue in info.warnings
                     if issue.code == "prefix_unknown")  # fmt: skip
    return PhoneCheck(True, info.e164, info.national, info.type, (), warnings)


class InvalidPhone(ValueError):
    """A phone number that cannot be normalised; ``message_id`` tells the user what to fix."""

    def __init__(self, issue: PhoneIssue) -> None:
        self.issue = issue
        self.code = issue.code
        self.message_id = issue.message_id
        super().__init__(issue.message_en)


def normalise_phone(value: str, *, require_mobile: bool = False) -> str:
    """The E.164 form ("+6281234567890") of a number, or ``InvalidPhone`` saying what is wrong."""
    result = check_phone(value, require_mobile=require_mobile)
    if result.e164 is None:
        raise InvalidPhone(result.errors[0])
    return result.e164
