"""Template filters of the coverage pages and report: numbers in the reader's language, rates of a row, PDS reasons.

The mayor's report renders in Bahasa Indonesia (``translation.override("id")``), so it keeps ``1.234`` and
``12,5%``; an English page writes ``1,234``, ``12.5%`` and ``October 2026``.
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from lindung.core.rules_words import english
from lindung.coverage.narrative import angka as format_count
from lindung.coverage.narrative import persen as format_percent
from lindung.web.templatetags.lindung_format import format_month

register = template.Library()

PDS_REASONS = {
    "wage": _("upah di bawah UMK"),
    "programme": _("program kurang dari yang diwajibkan"),
    "headcount": _("pekerja terdaftar di bawah skala usaha"),
    # Billing's own reasons (lindung.billing.feeds, through feeds.employer_compliance_flags):
    "arrears": _("menunggak iuran"),
    "headcount_falling": _("jumlah pekerja yang ditagih turun"),
}


@register.filter
def angka(value: int | float | str | None) -> str:
    # A measure missing from a row's values (nobody there) reaches the template as "": that is zero.
    number = 0 if value == "" else value if not isinstance(value, str) else None
    if english() and number is not None:
        return f"{round(number):,}"
    return format_count(number)


@register.filter
def persen(value: float | None) -> str:
    return _percent(value, 2)


@register.filter
def persen1(value: float | None) -> str:
    return _percent(value, 1)


def _percent(value: float | None, digits: int) -> str:
    if english() and value is not None:
        return f"{value:.{digits}f}%"
    return format_percent(value, digits)


#: A follow-up's figure as the assigner's page wrote it: "1.57%" (English) or "1,57%" (Bahasa Indonesia).
_STORED_PERCENT = re.compile(r"^(\d{1,3})(?:[.,](\d{1,4}))?%$")


@register.filter
def angka_tugas(text: str) -> str:
    """A follow-up's stored figure in the reader's style when it is a percentage; any other text as stored."""
    found = _STORED_PERCENT.match((text or "").strip())
    if found is None:
        return text
    whole, decimals = found.groups()
    return _percent(float(f"{whole}.{decimals or 0}"), len(decimals or ""))


#: The month as the reader names it (``Oktober 2026`` / ``October 2026``): the billing pages' filter, one function.
bulan = register.filter("bulan", format_month)


@register.filter
def rate(row: Any, measure: str) -> float | None:
    return row.rate(measure) if row is not None else None


@register.filter
def value(row: Any, measure: str) -> int:
    return row.value(measure) if row is not None else 0


@register.filter
def dim_rows(figures: Any, dimension: str) -> list[Any]:
    return figures.rows(dimension) if figures is not None else []


@register.filter
def alasan_pds(reasons: list[str]) -> str:
    return "; ".join(str(PDS_REASONS.get(reason, reason)) for reason in reasons)


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(str(key), [])
