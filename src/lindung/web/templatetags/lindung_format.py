"""Indonesian formats: rupiah as ``Rp 1.234.567`` and dates as ``17 Agustus 2025``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

_MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def format_rupiah(value: int | Decimal | None) -> str:
    if value is None or value == "":
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def format_date_id(value: dt.date | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    if (get_language() or "id").startswith("id"):
        return f"{value.day} {_MONTHS_ID[value.month - 1]} {value.year}"
    return formats.date_format(value, "j F Y")


register.filter("rupiah", format_rupiah)
register.filter("tanggal", format_date_id)
