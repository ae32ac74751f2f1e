"""Jasa konstruksi: JKK and JKM on the contract value in marginal bands, or on known wages.

Permenaker 44/2015 (restated in PP 49/2020 Pasal 11-12): when the wages of casual, piece-rate and
fixed-term workers are not known, each band's rate applies only to the part of the contract value inside
the band, like a tax bracket; the sum over bands is rounded once (ROUND_HALF_UP_RUPIAH). With known wages,
JKK 1.74 % and JKM 0.30 % of the monthly wage. The COVID relaxation (PP 49/2020) multiplies every rate by 1 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from lindung.rules.money import FINE_RATE_SCALE, MAX_CONTRACT_VALUE, apply_rate, rate_numerator
from lindung.rules.params import ParameterValue, rate_at, value_at
from lindung.rules.rates import in_force

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Bands:
    lower: tuple[int, ...]
    jkk: tuple[Fraction, ...]
    jkm: tuple[Fraction, ...]
    used: tuple[ParameterValue, ...]


def _covid(day: dt.date) -> tuple[Fraction, tuple[ParameterValue, ...]]:
    entry = in_force("discounts.covid_jkk_jkm_pay_share", day)
    if entry is None or not isinstance(entry.value, Fraction):
        return Fraction(1), ()
    return entry.value, (entry,)


def bands(day: dt.date) -> Bands:
    """The bands and rates in force on ``day``, with any COVID share applied to the rates."""
    lower = value_at("construction.band_lower_bounds", day)
    jkk = value_at("construction.jkk_band_rates", day)
    jkm = value_at("construction.jkm_band_rates", day)
    share, covid = _covid(day)
    assert isinstance(lower.value, tuple) and isinstance(jkk.value, tuple) and isinstance(jkm.value, tuple)
    return Bands(
        tuple(int(v) for v in lower.value),
        tuple(Fraction(r) * share for r in jkk.value),
        tuple(Fraction(r) * share for r in jkm.value),
        (lower, jkk, jkm, *covid),
    )


def _marginal(value: int, lower: tuple[int, ...], rates: tuple[Fraction, ...]) -> int:
    exact = Fraction(0)
    for i, (low, rate) in enumerate(zip(lower, rates, strict=True)):
        high = lower[i + 1] if i + 1 < len(lower) else None
        part = max(0, (value if high is None else min(value, high)) - low)
        exact += part * rate
    return apply_rate(1, exact) if exact else 0


def contract_value_contribution(day: dt.date, contract_value: int) -> tuple[int, int, Bands]:
    """(JKK, JKM) on a contract value (wages unknown), scalar and exact."""
    if not 0 <= contract_value <= MAX_CONTRACT_VALUE:
        raise ValueError("contract value out of range")
    b = bands(day)
    return _marginal(contract_value, b.lower, b.jkk), _marginal(contract_value, b.lower, b.jkm), b


def contract_value_columns(day: dt.date, contract_values: I64) -> tuple[I64, I64]:
    """(JKK, JKM) columns for many contracts of one day; identical to the scalar function."""
    b = bands(day)
    out = []
    for rates in (b.jkk, b.jkm):
        total = np.zeros_like(contract_values)
        for i, (low, rate) in enumerate(zip(b.lower, rates, strict=True)):
            high = b.lower[i + 1] if i + 1 < len(b.lower) else MAX_CONTRACT_VALUE
            part = np.clip(contract_values, low, high) - low
            total += part * rate_numerator(rate, FINE_RATE_SCALE)
        total += FINE_RATE_SCALE // 2
        total //= FINE_RATE_SCALE
        out.append(total)
    return out[0], out[1]


def known_wage_contribution(day: dt.date, monthly_wage: int) -> tuple[int, int, tuple[ParameterValue, ...]]:
    """(JKK, JKM) of one worker whose wage is known."""
    jkk_rate, jkk_entry = rate_at("construction.known_wage_jkk_rate", day)
    jkm_rate, jkm_entry = rate_at("construction.known_wage_jkm_rate", day)
    share, covid = _covid(day)
    used = (jkk_entry, jkm_entry, *covid)
    return apply_rate(monthly_wage, jkk_rate * share), apply_rate(monthly_wage, jkm_rate * share), used
