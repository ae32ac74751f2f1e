"""Money and rates: int64 rupiah, exact rates, and the one rounding rule.

Money is a whole number of rupiah (Python ``int`` in scalar code, ``numpy.int64`` in columns); a rate is an
exact ``Fraction`` (``"0.445%"`` is ``Fraction(89, 20000)``). No float touches money: floats drift by a rupiah
on thousands of rows out of ten million, which breaks reconciliation with BPJS invoices.

**The rounding rule** (``ROUND_HALF_UP_RUPIAH``): an amount is the exact product ``base × rate`` rounded half
up to a whole rupiah, computed in integers. With a rate of ``n`` parts per ``d`` (``d`` a power of ten,
100,000 for every ordinary rate, finer only for the COVID 1 % multipliers) it is ``(base * n + d // 2) // d``;
for parts per 100,000 that is ``(base * rate + 50_000) // 100_000``. Each amount is rounded once, from the
exact product: a discount is applied to the rate (as PP 7/2025 and PP 49/2020 themselves state discounted
rates) and never to an already rounded amount.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

import numpy as np
import numpy.typing as npt

from lindung.rules.errors import ParameterDataError

ROUND_HALF_UP_RUPIAH: Final = "round half up to a whole rupiah, once, from the exact product (integer arithmetic)"
RATE_SCALE: Final = 100_000  # parts per 100,000: 0.445 % == 445
FINE_RATE_SCALE: Final = 10_000_000  # enough for 1 % of 0.0021 % (PP 49/2020 construction rates)
# int64 head-room: base × numerator must stay below 2**63. A rate numerator at FINE_RATE_SCALE is at most
# 10**7 (100 %), so bases up to 9 × 10**11 are always safe; MAX_MONEY bounds every input amount.
MAX_MONEY: Final = 900_000_000_000  # Rp 900 billion a month or a contract: far above any real wage
MAX_CONTRACT_VALUE: Final = 10**14  # construction contract values: checked against the rate used

Int64Array = npt.NDArray[np.int64]


def parse_rate(text: str) -> Fraction:
    """Parse ``"0.445%"`` into the exact ``Fraction`` 0.00445; reject anything that is not a decimal percent."""
    if not isinstance(text, str) or not text.strip().endswith("%"):
        raise ParameterDataError(f"a rate must be a string like '0.24%', got {text!r}")
    try:
        dec = Decimal(text.strip()[:-1].strip())
    except InvalidOperation as exc:
        raise ParameterDataError(f"not a decimal percent: {text!r}") from exc
    if not dec.is_finite() or dec < 0:
        raise ParameterDataError(f"a rate must be a finite non-negative percent: {text!r}")
    return Fraction(dec) / 100


def format_rate(rate: Fraction) -> str:
    """Show an exact rate as a percent string (``Fraction(89, 20000)`` → ``"0.445%"``)."""
    pct = rate * 100
    dec = Decimal(pct.numerator) / Decimal(pct.denominator)
    text = format(dec.normalize(), "f")
    return f"{text}%"


def rate_numerator(rate: Fraction, scale: int = RATE_SCALE) -> int:
    """Return ``n`` with ``rate == n / scale`` exactly; raise if the rate is not exact at that scale."""
    scaled = rate * scale
    if scaled.denominator != 1:
        raise ParameterDataError(f"rate {format_rate(rate)} is not exact in parts per {scale:,}")
    return int(scaled)


def round_half_up(numerator: int, denominator: int) -> int:
    """Round ``numerator / denominator`` (both non-negative, denominator even) half up to an integer."""
    return (numerator + denominator // 2) // denominator


def apply_rate(base: int, rate: Fraction) -> int:
    """Return ``base × rate`` rounded by ROUND_HALF_UP_RUPIAH (scalar; exact for any rate)."""
    if base < 0:
        raise ValueError("a contribution base cannot be negative")
    product = base * rate
    return round_half_up(product.numerator * 2, product.denominator * 2)


def apply_rate_columns(base: Int64Array, numerator: Int64Array | int, scale: int) -> Int64Array:
    """Vectorised ROUND_HALF_UP_RUPIAH: ``(base * numerator + scale // 2) // scale`` in int64."""
    out: Int64Array = base * numerator
    out += scale // 2
    out //= scale
    return out


def multiply_fraction(amount: int, factor: Fraction) -> int:
    """Return ``amount × factor`` rounded half up (used for flat amounts such as BPU JKM under a discount)."""
    return apply_rate(amount, factor)
