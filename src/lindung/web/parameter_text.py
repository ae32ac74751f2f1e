"""The legal parameters written for people: rupiah, percentages, yes/no and units in the reader's language.

The rules package keeps its values as Python data (``Fraction(3, 1250)``, ``{'land': 1000000}``, ``None`` for
a value the law has but that was not found); the parameter page must not show those representations.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from lindung.web.templatetags.lindung_format import format_rupiah, number_text

UNITS = {
    "rate": pgettext_lazy("unit", "persen"),
    "rupiah": pgettext_lazy("unit", "rupiah"),
    "months": pgettext_lazy("unit", "bulan"),
    "years": pgettext_lazy("unit", "tahun"),
    "list": pgettext_lazy("unit", "daftar"),
    "count": pgettext_lazy("unit", "jumlah"),
    "multiplier": pgettext_lazy("unit", "kali"),
    "day_of_month": pgettext_lazy("unit", "tanggal dalam bulan"),
    "flag": pgettext_lazy("unit", "ya/tidak"),
    "text": pgettext_lazy("unit", "teks"),
}
CONFIDENCE = {
    "high": pgettext_lazy("confidence", "tinggi"),
    "medium-high": pgettext_lazy("confidence", "cukup tinggi"),
    "medium": pgettext_lazy("confidence", "sedang"),
    "low-medium": pgettext_lazy("confidence", "cukup rendah"),
    "low": pgettext_lazy("confidence", "rendah"),
}


def percent_text(rate: Fraction) -> str:
    """A rate as a percentage without trailing zeros: 3/1250 is ``0,24%`` (``0.24%`` in English)."""
    percent = (Decimal(rate.numerator) * 100 / Decimal(rate.denominator)).quantize(Decimal("0.0001"))
    return f"{number_text(percent)}%"


def value_text(value: object, unit: str) -> str:
    """One parameter value for people; the keys of a table (``land``, ``tk_sd``) are the rules' own codes."""
    if value is None:
        return _("belum diketahui")
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {value_text(item, unit)}" for key, item in value.items())
    if isinstance(value, (tuple, list)):
        return ", ".join(value_text(item, unit) for item in value)
    if isinstance(value, Fraction):
        return percent_text(value)
    if isinstance(value, int):
        return format_rupiah(value) if unit == "rupiah" else number_text(value)
    return str(value)


def unit_text(unit: str) -> str:
    return str(UNITS[unit]) if unit in UNITS else unit


def confidence_text(confidence: str | None) -> str:
    return str(CONFIDENCE[confidence]) if confidence in CONFIDENCE else (confidence or "–")


def display_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``parameter_table`` with each value, unit and confidence worded for the page."""
    return [
        {
            **row,
            "unit": unit_text(row["parameter"].unit),
            "shown": [
                {
                    "value": v,
                    "text": value_text(v.value, row["parameter"].unit),
                    "confidence": confidence_text(v.confidence),
                }
                for v in row["values"]
            ],
        }
        for row in rows
    ]
