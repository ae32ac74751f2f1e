"""Invoice codes and virtual-account numbers: derived from ids, with a Luhn check digit, never stored.

An invoice is unique per (account, period), so its code is ``TG`` + ``YYMM`` + the account number on eight
digits + a Luhn digit (``TG-2601-00001234-7``). A virtual account is ``88`` + the region's four digits + the
account number on nine digits + a Luhn digit. The check digit catches every single mistyped digit and
almost every swap of two neighbours, which lets the statement matcher correct a typo instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

INVOICE_PREFIX = "TG"
VA_PREFIX = "88"
_CODE = re.compile(r"TG(\d{4})(\d{8})(\d)")
_VA = re.compile(r"(?<!\d)(88\d{14})(?!\d)")


def luhn_digit(digits: str) -> int:
    """The Luhn check digit to append to ``digits``."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char)
        if i % 2 == 0:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return (10 - total % 10) % 10


def luhn_ok(number: str) -> bool:
    return len(number) > 1 and number.isdigit() and luhn_digit(number[:-1]) == int(number[-1])


@dataclass(frozen=True)
class InvoiceKey:
    period: dt.date
    account_id: int


def invoice_code(period: dt.date, account_id: int, *, pretty: bool = True) -> str:
    body = f"{period:%y%m}{account_id:08d}"
    check = luhn_digit(body)
    if pretty:
        return f"{INVOICE_PREFIX}-{body[:4]}-{body[4:]}-{check}"
    return f"{INVOICE_PREFIX}{body}{check}"


def _key(yymm: str, account: str) -> InvoiceKey | None:
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        return None
    return InvoiceKey(dt.date(2000 + int(yymm[:2]), month, 1), int(account))


def compact(text: str) -> str:
    """Upper case without spaces, dashes, dots or slashes: how references are compared."""
    return re.sub(r"[\s\-./_]", "", text.upper())


def parse_invoice_code(text: str) -> InvoiceKey | None:
    """The invoice named in ``text`` when its check digit is right."""
    for found in _CODE.finditer(compact(text)):
        yymm, account, check = found.groups()
        if luhn_ok(yymm + account + check):
            return _key(yymm, account)
    return None


def invoice_code_candidates(text: str) -> list[InvoiceKey]:
    """Codes one typo away from a code in ``text`` whose check digit fails: one digit changed or two swapped."""
    found: list[InvoiceKey] = []
    for match in _CODE.finditer(compact(text)):
        digits = "".join(match.groups())
        if luhn_ok(digits):
            continue
        for fixed in _one_typo_away(digits):
            key = _key(fixed[:4], fixed[4:12])
            if key is not None and key not in found:
                found.append(key)
    return found


def _one_typo_away(digits: str) -> Iterator[str]:
    for i in range(len(digits)):
        for d in "0123456789":
            if d != digits[i]:
                fixed = digits[:i] + d + digits[i + 1 :]
                if luhn_ok(fixed):
                    yield fixed
    for i in range(len(digits) - 1):
        fixed = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        if fixed != digits and luhn_ok(fixed):
            yield fixed


def region_digits(region_code: str) -> str:
    return re.sub(r"\D", "", region_code)[:4].ljust(4, "0")


def va_number(region_code: str, account_id: int) -> str:
    body = f"{VA_PREFIX}{region_digits(region_code)}{account_id:09d}"
    return body + str(luhn_digit(body))


def parse_va(text: str, region_code: str) -> int | None:
    """The account of the region whose virtual-account number appears in ``text`` (check digit right)."""
    for found in _VA.finditer(re.sub(r"[\s\-.]", "", text)):
        number = found.group(1)
        if luhn_ok(number) and number[2:6] == region_digits(region_code):
            return int(number[6:15])
    return None
