"""Employer and worker identifiers other than NIK and phone: NPWP, NIB, NPP, KPJ, KBLI.

NPWP goes through python-stdnum (``stdnum.id.npwp``: the 15-digit form with its check digit, or the 16-digit
form since PMK 112/2022). python-stdnum has no NIB, NPP or KPJ module and none of them has a published check
digit, so they are checked for their length and digits only.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import npwp as stdnum_npwp

_SEPARATORS = re.compile(r"[\s.\-/]")


def _digits(value: str) -> str:
    return _SEPARATORS.sub("", value or "")


def normalise_npwp(value: str) -> str:
    """'01.312.166.0-091.000' -> '013121660091000' (15 digits) or the 16-digit form, else ValidationError."""
    if not value.strip():
        return ""
    try:
        return str(stdnum_npwp.validate(value))
    except StdnumError as exc:
        raise ValidationError(
            _("NPWP tidak valid: 15 digit dengan digit pemeriksa yang benar, atau 16 digit (NIK atau format baru)."),
            code="npwp_invalid",
        ) from exc


def normalise_nib(value: str) -> str:
    """NIB (Nomor Induk Berusaha from OSS): 13 digits."""
    digits = _digits(value)
    if digits and not re.fullmatch(r"\d{13}", digits):
        raise ValidationError(_("NIB harus 13 digit angka."), code="nib_invalid")
    return digits


def normalise_npp(value: str) -> str:
    """NPP (employer registration number at BPJS Ketenagakerjaan): 8 to 12 digits."""
    digits = _digits(value)
    if digits and not re.fullmatch(r"\d{8,12}", digits):
        raise ValidationError(_("NPP harus 8 sampai 12 digit angka."), code="npp_invalid")
    return digits


def normalise_kpj(value: str) -> str:
    """KPJ (a participant's BPJS Ketenagakerjaan card number): 11 digits."""
    digits = _digits(value)
    if digits and not re.fullmatch(r"\d{11}", digits):
        raise ValidationError(_("Nomor KPJ harus 11 digit angka."), code="kpj_invalid")
    return digits


def normalise_kbli(value: str) -> str:
    """KBLI 2020: a 5-digit code."""
    digits = _digits(value)
    if digits and not re.fullmatch(r"\d{5}", digits):
        raise ValidationError(_("Kode KBLI 2020 harus 5 digit angka."), code="kbli_invalid")
    return digits


def name_key(name: str) -> str:
    """A name folded for duplicate search: lower case, letters and digits, single spaces."""
    cleaned = re.sub(r"[^\w\s]", " ", name.lower())
    return " ".join(cleaned.split())[:150]
