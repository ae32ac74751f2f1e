"""Invoice codes and virtual-account numbers: a check digit that catches typos and lets the matcher fix one."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindung.billing import codes

JAN = dt.date(2026, 1, 1)


def test_an_invoice_code_reads_back_in_any_spacing_or_case() -> None:
    code = codes.invoice_code(JAN, 1234)
    assert code == "TG-2601-00001234-" + code[-1]
    for written in (code, code.replace("-", ""), code.lower().replace("-", " "), f"bayar iuran {code} terima kasih"):
        assert codes.parse_invoice_code(written) == codes.InvoiceKey(JAN, 1234)


@given(st.integers(1, 99_999_999), st.integers(0, 11), st.integers(0, 12), st.integers(1, 9))
def test_one_wrong_digit_is_caught_and_the_right_code_is_a_candidate(
    account: int, month: int, pos: int, delta: int
) -> None:
    period = dt.date(2025 + month // 12, month % 12 + 1, 1)
    code = codes.invoice_code(period, account, pretty=False)
    digits = list(code[2:])
    digits[pos] = str((int(digits[pos]) + delta) % 10)
    typo = "TG" + "".join(digits)
    assert codes.parse_invoice_code(typo) is None
    assert codes.InvoiceKey(period, account) in codes.invoice_code_candidates(typo)


def test_a_virtual_account_number_names_its_account_in_its_region_only() -> None:
    va = codes.va_number("12.71", 4321)
    assert len(va) == 16 and codes.parse_va(f"TRF {va}", "12.71") == 4321
    assert codes.parse_va(va, "12.75") is None
    assert codes.parse_va(va[:-1] + str((int(va[-1]) + 1) % 10), "12.71") is None
