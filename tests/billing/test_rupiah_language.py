"""Rupiah in billing's messages is grouped as the reader writes numbers: Rp 1.000.000 in Indonesian, Rp 1,000,000
in English (the receipt limits' refusals; a statement line's fine)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lindung.billing.limits import MAX_RECEIPT, receipt_problem, rupiah


@pytest.mark.parametrize(("language", "text"), [("id", "Rp 1.000.000.000.000"), ("en", "Rp 1,000,000,000,000")])
def test_a_too_large_receipt_names_the_limit_in_the_readers_digits(language: str, text: str) -> None:
    with translation.override(language):
        problem = receipt_problem(MAX_RECEIPT + 1, dt.date(2026, 2, 3), dt.date(2026, 3, 1))
        assert problem is not None and text in problem
        assert rupiah(-2500) == ("Rp -2.500" if language == "id" else "Rp -2,500")
