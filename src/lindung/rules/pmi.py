"""Pekerja Migran Indonesia: JKK+JKM packages by contract length (Permenaker 4/2023 Pasal 18).

The package is the longest one (6, 12 or 24 months) not longer than the contract, plus Rp 13,500 for
each month beyond it (Pasal 18(3)); a contract shorter than 6 months takes the 6-month package. The
packages agree with this reading: 6 months + 6 × 13,500 = the 12-month package. The pre-departure
contribution is added when the worker is still before departure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lindung.rules.params import ParameterValue, int_at, mapping_at, value_at

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PmiAmount:
    package_months: int
    package: int
    extra_months: int
    extra: int
    pre_departure: int
    used: tuple[ParameterValue, ...]

    @property
    def total(self) -> int:
        return self.package + self.extra + self.pre_departure


def _packages(day: dt.date) -> tuple[list[tuple[int, int]], ParameterValue]:
    table, entry = mapping_at("pmi.packages_by_contract_months", day)
    return sorted((int(str(k)), int(str(v))) for k, v in table.items()), entry


def jkk_jkm(day: dt.date, contract_months: int, before_departure: bool = True) -> PmiAmount:
    """JKK+JKM for one PMI contract starting on ``day``."""
    packages, entry = _packages(day)
    extra_rate, extra_entry = int_at("pmi.extra_month", day)
    months, amount = packages[0]
    for length, price in packages:
        if length <= contract_months:
            months, amount = length, price
    extra_months = max(0, contract_months - months)
    used: tuple[ParameterValue, ...] = (entry, extra_entry)
    pre = 0
    if before_departure:
        pre, pre_entry = int_at("pmi.pre_departure", day)
        used = (*used, pre_entry)
    return PmiAmount(months, amount, extra_months, extra_months * extra_rate, pre, used)


def jkk_jkm_columns(day: dt.date, contract_months: I64, before_departure: bool = True) -> I64:
    """Vectorised ``jkk_jkm(...).total`` for many contracts of one day."""
    packages, _ = _packages(day)
    lengths = np.asarray([p[0] for p in packages], dtype=np.int64)
    prices = np.asarray([p[1] for p in packages], dtype=np.int64)
    index = np.clip(np.searchsorted(lengths, contract_months, side="right") - 1, 0, len(lengths) - 1)
    extra_rate, _ = int_at("pmi.extra_month", day)
    total = prices[index] + np.maximum(contract_months - lengths[index], 0) * extra_rate
    if before_departure:
        total += int_at("pmi.pre_departure", day)[0]
    return np.asarray(total, dtype=np.int64)


def jht_options(day: dt.date) -> tuple[tuple[int, ...], ParameterValue]:
    """The monthly JHT amounts a PMI may choose."""
    entry = value_at("pmi.jht_monthly_options", day)
    assert isinstance(entry.value, tuple)
    return tuple(int(v) for v in entry.value), entry
