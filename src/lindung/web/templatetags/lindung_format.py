"""The reader's formats: rupiah as ``Rp 1.234.567``, dates as ``17 Agustus 2025``, months as ``Oktober 2026``,
counts as ``2.606`` (in English ``Rp 1,234,567``, ``17 August 2025``, ``October 2026``, ``2,606``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

register = template.Library()


def format_rupiah(value: int | Decimal | None) -> str:
    if value is None or value == "":
        return "–"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    # English writes Rp 1,234,567, as the rules' English sentences do (lindung.rules.explain.rupiah_en).
    return f"{sign}Rp {number_text(abs(amount))}"


def number_text(value: int | Decimal) -> str:
    """``1.234.567,5`` in Bahasa Indonesia, ``1,234,567.5`` in English (no trailing zeros after the point)."""
    text = f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if (get_language() or "id").startswith("en") else text.translate(str.maketrans(",.", ".,"))


def format_date_id(value: dt.date | None) -> str:
    """A day as the reader writes it, with Django's month names of the active language: ``17 Agustus 2025``
    (``17 August 2025`` in English)."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        # An aware moment is stored in UTC: 03:41 WIB on the 25th is 20:41 UTC on the 24th.
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return formats.date_format(value, "j F Y")


def format_month(value: dt.date | None) -> str:
    """A billing period as the reader names it: ``Oktober 2026`` (``October 2026`` in English), with Django's own
    month names of the active language; forms, links and exports keep ``2026-10``."""
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "F Y")


def format_count(value: int | str | None) -> str:
    """A count with the reader's thousands separator: ``2.606`` (``2,606`` in English)."""
    if value is None or value == "":
        return "–"
    return number_text(int(value))


def format_rate(value: Decimal | int | None) -> str:
    """A rate given in percent in the reader's style: ``0,5%`` (``0.5%`` in English)."""
    if value is None or value == "":
        return "–"
    return f"{number_text(value)}%"


def format_moment(value: dt.datetime | None) -> str:
    """A moment as the reader's date and the local time: ``25 November 2026 03:41``."""
    if value is None:
        return "–"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date_id(local)} {local:%H:%M}"


def stakeholder_group(key: str | None) -> str:
    """A worker's vulnerable group (``domestic_worker``) by its name in the region profile, in the reader's language."""
    from lindung.regions.groups import group_label

    return group_label(key) if key else "–"


register.filter("rupiah", format_rupiah)
register.filter("tanggal", format_date_id)
register.filter("waktu", format_moment)
register.filter("bulan", format_month)
register.filter("jumlah", format_count)
register.filter("persentase", format_rate)
register.filter("kelompok", stakeholder_group)
