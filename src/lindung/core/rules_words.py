"""The eligibility checks' reasons in the reader's language, for every app that shows them.

The rules package answers each eligibility check with an English ``reason`` and a stable ``reason_code`` with
the values its sentence quotes (``lindung.rules.eligibility.Answer``). This module words the code through
gettext (Bahasa Indonesia msgids, English in the catalogue). It lives in ``core`` rather than ``web`` so the
registry's services (form and API refusals, import messages, membership notes) and the calculator pages share
one wording without the registry depending on the web layer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import formats
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from lindung.rules.explain import rupiah_en, rupiah_id

#: Why an eligibility check answers as it does (``checks.*.reason_code`` of the calc contract).
ELIGIBILITY_REASONS = {
    "jp_registration_open": gettext_noop("Pendaftaran JP masih dapat dilakukan sampai bulan %(last_month)s."),
    "jp_registration_closed": gettext_noop(
        "Pendaftaran JP hanya dapat dilakukan sampai bulan %(last_month)s, sebelum bulan usia pensiun."
    ),
    "jkp_age_under_limit": gettext_noop(
        "Usia %(age)s tahun saat mendaftar; JKP untuk peserta berusia di bawah %(max_age)s tahun."
    ),
    "jkp_age_over_limit": gettext_noop(
        "Usia %(age)s tahun saat mendaftar: JKP hanya untuk peserta berusia di bawah %(max_age)s tahun."
    ),
    "bpu_income_at_least_minimum": gettext_noop(
        "Penghasilan %(declared_income)s tidak kurang dari batas terendah %(minimum)s."
    ),
    "bpu_income_below_minimum": gettext_noop("Penghasilan %(declared_income)s di bawah batas terendah %(minimum)s."),
    "required_programs_by_size": gettext_noop("Program yang wajib diikuti usaha %(employer_size)s:"),
}
#: A check asked on a date before its rule (JKP before 2 Feb 2021): the registry's ``Decision`` code.
NOT_COVERED = "not_covered"
NOT_COVERED_REASON = gettext_noop("Aturan program ini belum berlaku pada tanggal tersebut.")
EMPLOYER_SIZES = {
    "micro": gettext_noop("mikro"),
    "small": gettext_noop("kecil"),
    "medium": gettext_noop("menengah"),
    "large": gettext_noop("besar"),
}
MONEY_VALUES = ("declared_income", "minimum")
#: Values the rules give as a month, ``2023-06``: written as the reader names it, ``Juni 2023`` (``June 2023``).
MONTH_VALUES = ("last_month",)
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def english() -> bool:
    return (get_language() or "id").startswith("en")


def eligibility_reason(check: Mapping[str, Any]) -> str:
    """Why a check answers as it does, by its ``reason_code`` and values; without a known code (or with a value
    missing), the rules' English ``reason`` rather than fail the page."""
    code = str(check.get("reason_code") or "")
    text = NOT_COVERED_REASON if code == NOT_COVERED else ELIGIBILITY_REASONS.get(code)
    if text is None:
        return str(check.get("reason", ""))
    try:
        return _(text) % quoted_values(check)
    except (KeyError, TypeError, ValueError):
        return str(check.get("reason", ""))


def quoted_values(
    item: Mapping[str, Any],
    money_values: tuple[str, ...] = MONEY_VALUES,
    words: Mapping[str, Callable[[Any], object]] | None = None,
) -> dict[str, object]:
    """The values a sentence quotes, written for the reader: rupiah for ``money_values``, a month by its name, the
    employer's size in words, and any value named in ``words`` through its function (the calculator adds its own
    there)."""
    money = rupiah_en if english() else rupiah_id
    out: dict[str, object] = {}
    for name, value in item.items():
        if name in money_values and isinstance(value, int):
            out[name] = money(value)
        elif words is not None and name in words:
            out[name] = words[name](value)
        elif name in MONTH_VALUES:
            out[name] = month_text(value)
        elif name == "employer_size":
            out[name] = _(EMPLOYER_SIZES[value]) if value in EMPLOYER_SIZES else value
        else:
            out[name] = value
    return out


def month_text(value: object) -> object:
    """A month the rules write ``2023-06`` by the reader's name for it, ``Juni 2023`` (``June 2023`` in English),
    with Django's month names; any other value as it is."""
    found = _MONTH.fullmatch(value) if isinstance(value, str) else None
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < dt.MINYEAR:
        return value
    return formats.date_format(dt.date(int(found.group(1)), int(found.group(2)), 1), "F Y")
