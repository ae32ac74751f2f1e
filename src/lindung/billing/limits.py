"""Plausibility bounds of money received, shared by every way a receipt comes in (form, API, bank statement).

A mistyped amount or year is refused with a message saying what to check, instead of recording Rp 10^16 of
credit, a payment dated in year 1 (which no fine would ever reach) or overflowing a 64-bit column.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from django.utils import formats
from django.utils.translation import gettext as _

from lindung.billing import rules_adapter as rules

#: The largest single receipt (Rp 1 trillion): ten times the largest payer's month, and small enough that the
#: 200,000 lines of one statement can never overflow a 64-bit sum.
MAX_RECEIPT: Final = 10**12
#: No receipt is older than the programmes themselves (PP 44-46/2015, July 2015).
FIRST_RECEIPT_DAY: Final = rules.FIRST_PERIOD


def rupiah(amount: int) -> str:
    """``Rp 1.000.000`` in Indonesian, ``Rp 1,000,000`` in English: the reader's digit grouping."""
    return "Rp " + formats.number_format(amount, force_grouping=True)


def receipt_problem(amount: int, received_on: dt.date, today: dt.date) -> str | None:
    """What is wrong with a receipt of ``amount`` on ``received_on``, or None."""
    if amount <= 0:
        return _("Jumlah pembayaran harus lebih dari Rp 0.")
    if amount > MAX_RECEIPT:
        return _(
            "Jumlah %(a)s terlalu besar untuk satu penerimaan (paling besar %(max)s): periksa jumlah digitnya."
        ) % {
            "a": rupiah(amount),
            "max": rupiah(MAX_RECEIPT),
        }
    if received_on > today:
        return _("Tanggal terima tidak boleh di masa depan.")
    if received_on < FIRST_RECEIPT_DAY:
        return _("Tanggal terima %(d)s sebelum Juli 2015, awal program BPJS Ketenagakerjaan: periksa tahunnya.") % {
            "d": received_on.isoformat()
        }
    return None
