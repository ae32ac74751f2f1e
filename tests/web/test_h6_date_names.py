"""The ``tanggal`` filter names the month with Django's own month names of the reader's language (no list of
its own): ``17 Agustus 2025`` / ``17 August 2025``, the same words the ``bulan`` filter uses for a period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lindung.web.templatetags import lindung_format
from lindung.web.templatetags.lindung_format import format_date_id, format_month

ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni",
      "Juli", "Agustus", "September", "Oktober", "November", "Desember"]  # fmt: skip
EN = ["January", "February", "March", "April", "May", "June",
      "July", "August", "September", "October", "November", "December"]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_of_a_date_reads_in_both_languages(month: int) -> None:
    day = dt.date(2025, month, 17)
    with translation.override("id"):
        assert format_date_id(day) == f"17 {ID[month - 1]} 2025"
        assert format_month(day) == f"{ID[month - 1]} 2025"
    with translation.override("en"):
        assert format_date_id(day) == f"17 {EN[month - 1]} 2025"
        assert format_month(day) == f"{EN[month - 1]} 2025"


def test_the_filter_keeps_no_month_list_of_its_own() -> None:
    """One source of month names (Django's catalogue): a hand-written list could drift from ``bulan``'s."""
    names = {name for name in vars(lindung_format) if not name.startswith("__")}
    lists = [name for name in names if isinstance(getattr(lindung_format, name), (list, tuple))]
    assert not any("Agustus" in getattr(lindung_format, name) for name in lists), lists


def test_a_single_digit_day_has_no_leading_zero() -> None:
    with translation.override("id"):
        assert format_date_id(dt.date(2026, 3, 5)) == "5 Maret 2026"
        assert format_date_id(None) == "–"
