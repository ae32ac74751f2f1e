"""Member-months priced month by month: the programme's members as columns, costs from the rules adapter.

A member counts in a month when its membership covers any day of that month (valid from on or before the
month's last day, not ended before its first day), the basis on which a BPU contribution month is owed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.db.models import Q

from lindung.core.models import Region
from lindung.programmes import rules_adapter as rules
from lindung.registry.models import Membership, PayerKind

OPEN_END = 10**7  # a month code after any real one: "no end date"


@dataclass(frozen=True)
class Members:
    """City-programme memberships as columns (month codes of start and end, income, programme mask)."""

    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    income: npt.NDArray[np.int64]
    mask: npt.NDArray[np.int64]
    district: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.start.shape[0])


@dataclass(frozen=True)
class MonthTotals:
    months: list[int]
    members: list[int]
    costs: list[int]


def month_code(day: dt.date) -> int:
    return rules.month_index(day.year, day.month)


def city_members(*, region: Region, start: dt.date, end: dt.date) -> Members:
    """Every city-programme membership of the region that covers some day between ``start`` and ``end``."""
    rows = list(
        Membership.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start),
            payer_kind=PayerKind.CITY_PROGRAMME,
            worker__region=region,
            valid_from__lte=end,
        ).values_list("valid_from", "valid_to", "wage", "programs", "worker__village__district_id")
    )
    return Members(
        start=np.asarray([month_code(r[0]) for r in rows], dtype=np.int64),
        end=np.asarray([month_code(r[1]) if r[1] else OPEN_END for r in rows], dtype=np.int64),
        income=np.asarray([r[2] for r in rows], dtype=np.int64),
        mask=np.asarray([r[3] for r in rows], dtype=np.int64),
        district=np.asarray([r[4] or 0 for r in rows], dtype=np.int64),
    )


def month_totals(members: Members, months: list[int]) -> MonthTotals:
    """Members and their cost in each month, every (income, programmes) pair priced by the rules that month."""
    if len(members) == 0 or not months:
        return MonthTotals(months, [0] * len(months), [0] * len(months))
    pairs, inverse = np.unique(np.stack([members.income, members.mask], axis=1), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    grid = rules.price_grid([(int(p[0]), int(p[1])) for p in pairs], months)
    counts, costs = [], []
    for j, month in enumerate(months):
        active = (members.start <= month) & (members.end >= month)
        per_pair = np.bincount(inverse[active], minlength=len(pairs))
        counts.append(int(active.sum()))
        costs.append(int((per_pair * grid[:, j]).sum()))
    return MonthTotals(months, counts, costs)


def programme_months(year: int, first_month: int, last_month: int) -> list[int]:
    return [rules.month_index(year, m) for m in range(first_month, last_month + 1)]


def worker_cost(income: int, mask: int, months: list[int]) -> int:
    """What one worker on the programme's basis costs over ``months`` (each month priced on its own)."""
    return sum(rules.price_months(income, mask, months)) if months else 0
