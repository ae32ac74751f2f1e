"""Synthetic bank statements with the noise real ones have: codes typed loosely or wrongly, payments split,
a virtual-account number instead of the code, only a name, and a little that cannot be matched at all.

Used by the demo data and by the matching test (which requires at least 98 % of receipts matched).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np

from lindung.billing import codes
from lindung.billing.models import Invoice

#: How a payer writes the transfer, with its share of payments.
NOISE: Final = {
    "code": 0.62,  # TG-2601-00001234-7 as printed
    "code_loose": 0.10,  # tg 2601 00001234 7, no dashes, lower case
    "code_typo": 0.07,  # one digit wrong
    "code_swap": 0.03,  # two neighbouring digits swapped
    "va_column": 0.08,  # the virtual-account number in its column, no code
    "va_text": 0.03,  # the virtual-account number in the description
    "split": 0.04,  # paid in two transfers with the code
    "name_only": 0.02,  # only the payer's name and the exact amount
    "junk": 0.01,  # nothing to go on
}


@dataclass(frozen=True)
class Payment:
    invoice: Invoice
    amount: int
    day: dt.date


@dataclass(frozen=True)
class StatementRow:
    day: dt.date
    amount: int
    reference: str
    virtual_account: str
    name: str
    invoice_id: int | None  # what the line really pays (None: unknowable)


def _typo(code: str, rng: np.random.Generator, swap: bool) -> str:
    digits = [i for i, c in enumerate(code) if c.isdigit()]
    chars = list(code)
    if swap:
        pairs = [i for i in digits if i + 1 in digits and chars[i] != chars[i + 1]]
        if pairs:
            i = int(rng.choice(pairs))
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            return "".join(chars)
    i = int(rng.choice(digits[2:]))
    chars[i] = str((int(chars[i]) + int(rng.integers(1, 10))) % 10)
    return "".join(chars)


def _rows(p: Payment, kind: str, rng: np.random.Generator, name: str) -> list[StatementRow]:
    inv, code, va = p.invoice, p.invoice.code, p.invoice.account.va_number
    text = {
        "code": f"IURAN BPJSTK {code}",
        "code_loose": f"bayar {code.replace('-', ' ').lower()}",
        "code_typo": f"IURAN {_typo(code, rng, swap=False)}",
        "code_swap": f"IURAN {_typo(code, rng, swap=True)}",
        "va_text": f"TRF VA {va}",
    }.get(kind, "TRANSFER")
    if kind == "split" and p.amount > 1:
        first = p.amount // 2
        return [
            StatementRow(p.day, first, f"IURAN {code} 1/2", "", name, inv.pk),
            StatementRow(p.day, p.amount - first, f"IURAN {code} 2/2", "", name, inv.pk),
        ]
    if kind == "junk":
        return [StatementRow(p.day, p.amount + int(rng.integers(1, 999)), "SETORAN TUNAI", "", "", None)]
    va_column = va if kind == "va_column" else ""
    # Banks print the sender's name on almost every credit line; a few leave it out.
    payer = "" if rng.random() < 0.1 and kind != "name_only" else name
    return [StatementRow(p.day, p.amount, text if kind != "name_only" else "TRANSFER", va_column, payer, inv.pk)]


def statement_rows(
    payments: list[Payment], rng: np.random.Generator, name_of: Callable[[Invoice], str]
) -> list[StatementRow]:
    kinds = rng.choice(list(NOISE), size=len(payments), p=list(NOISE.values()))
    rows: list[StatementRow] = []
    for payment, kind in zip(payments, kinds, strict=True):
        rows += _rows(payment, str(kind), rng, name_of(payment.invoice))
    return rows


def statement_csv(rows: list[StatementRow], *, prefix: str = "TRX") -> bytes:
    """The rows as a bank CSV (``;`` separated, Indonesian headers, rupiah with dot thousands)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["tanggal", "keterangan", "jumlah", "no_va", "nama", "no_transaksi"])
    for i, row in enumerate(rows, start=1):
        amount = f"{row.amount:,}".replace(",", ".")
        writer.writerow([row.day.isoformat(), row.reference, amount, row.virtual_account, row.name, f"{prefix}{i:07d}"])
    return buffer.getvalue().encode()


def invoice_code_of(invoice: Invoice) -> str:
    return codes.invoice_code(invoice.period, invoice.account_id)
