"""Bank statement amounts are read exactly or refused, and an export's trailing separator is not a column.

Found by exploratory testing: separators were stripped before the grouping was checked, so ``1.234.567.00``
(cents written with the thousands separator) became Rp 123,456,700, ``100.000,5`` Rp 1,000,005 and ``1,5``
Rp 15; and a header ending in ``;`` (as spreadsheet exports write it) rejected the whole file with
"Kolom tidak dikenal: ." .
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lindung.billing.limits import MAX_RECEIPT
from lindung.billing.statement_csv import parse_amount, parse_statement

STYLES = (
    lambda n: str(n),
    lambda n: f"{n:,}".replace(",", "."),
    lambda n: f"{n:,}".replace(",", ".") + ",00",
    lambda n: f"{n:,}" + ".00",
    lambda n: "Rp " + f"{n:,}".replace(",", ".") + ",-",
    lambda n: "IDR " + f"{n:,}".replace(",", " "),
)


@given(st.integers(min_value=0, max_value=MAX_RECEIPT), st.sampled_from(STYLES))
def test_every_usual_way_of_writing_an_amount_reads_back_exactly(amount: int, style: object) -> None:
    assert parse_amount(style(amount)) == amount  # type: ignore[operator]


@pytest.mark.parametrize("text", ["1.234.567.00", "100.000,5", "1,5", "1.2.3", "12,50", "1000.000", "", ",", "Rp"])
def test_an_amount_that_could_mean_two_things_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def test_a_trailing_separator_in_the_header_is_not_an_unknown_column() -> None:
    text = "tanggal;jumlah;keterangan;;\n2026-02-01;1.000.000,00;IURAN TG-2601-00000001-0;;\n"
    lines = parse_statement(text.encode(), region_code="12.71", today=dt.date(2026, 3, 20))
    assert [(line.amount, line.reference) for line in lines] == [(1_000_000, "IURAN TG-2601-00000001-0")]


def test_a_line_without_an_amount_says_so() -> None:
    text = "tanggal;jumlah;keterangan\n2026-02-01;;IURAN\n2026-02-02\n"
    with pytest.raises(ValidationError) as caught:
        parse_statement(text.encode(), region_code="12.71", today=dt.date(2026, 3, 20))
    assert caught.value.messages[1:] == ["baris 2: kolom jumlah kosong.", "baris 3: kolom jumlah kosong."]
