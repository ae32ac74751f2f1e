"""The programme's one door to ``lindung.rules``: what an APBD-funded BPU worker costs each month, and who may join.

Nothing here holds a rate: every month is priced by the rules engine as an APBD-funded BPU row (so a discount
that excludes APBD rows, such as PP 50/2025, is left out by the rules, and a rate change in a later month is
priced in that month). ``price_grid`` prices each distinct (income, programmes) pair once per month, so a
ledger of tens of thousands of members costs a handful of engine rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from lindung.rules import api as rules_api
from lindung.rules import eligibility, engine
from lindung.rules.codes import BPU, FUNDER_CODE, PROGRAM_BIT, month_index, month_start
from lindung.rules.errors import RulesError
from lindung.rules.params import value_at
from lindung.rules.version import RULES_VERSION

__all__ = [
    "RULES_VERSION",
    "Decision",
    "PriceNote",
    "PricingError",
    "bpu_age_range",
    "bpu_income_ok",
    "bpu_programs_allowed",
    "bpu_programs_required",
    "month_index",
    "month_start",
    "price_explained",
    "price_grid",
    "price_months",
]

#: The programmes a BPU row can carry (JP and JKP are for wage earners).
_BPU_PROGRAMS: Final = ("JKK", "JKM", "JHT")


class PricingError(ValueError):
    """The rules could not price a row (an income under the minimum, a month the law does not cover)."""


@dataclass(frozen=True)
class Decision:
    """``reason`` is the rules' English sentence (for logs and the CLI); pages word ``minimum`` themselves."""

    ok: bool
    reason: str
    reference: str
    minimum: int | None = None


@dataclass(frozen=True)
class PriceNote:
    """The cost of one worker for one month with what the rules used, to store next to an amount."""

    total: int
    by_program: dict[str, int]
    references: list[str]
    rules_version: str


def bpu_income_ok(income: int, day: dt.date) -> Decision:
    try:
        ok, reason = eligibility.bpu_income_ok(income, day)
        entry = value_at("bpu.min_declared_income", day)
    except RulesError as exc:
        return Decision(False, str(exc), "")
    minimum = entry.value if isinstance(entry.value, int) else None
    return Decision(ok, reason, entry.reference.short(), minimum)


def bpu_programs_allowed(day: dt.date) -> frozenset[str]:
    value = value_at("bpu.programs_allowed", day).value
    assert isinstance(value, tuple)
    return frozenset(str(p) for p in value)


def bpu_programs_required(day: dt.date) -> frozenset[str]:
    value = value_at("bpu.programs_required", day).value
    assert isinstance(value, tuple)
    return frozenset(str(p) for p in value)


def bpu_age_range(day: dt.date) -> tuple[int, int] | None:
    """The law's BPU registration age range (``bpu.registration_age``), or None on a day the rules do not cover.

    The programme's own bounds only narrow this range (a city may choose, say, 18-60); they never widen it.
    """
    try:
        bounds, _entry = eligibility.bpu_age_range(day)
    except RulesError:
        return None
    return bounds


def _mask(names: Sequence[str]) -> int:
    return sum(PROGRAM_BIT[name] for name in names)


def price_grid(pairs: Sequence[tuple[int, int]], months: Sequence[int]) -> npt.NDArray[np.int64]:
    """Monthly cost of one APBD-funded BPU worker: rows = (income, programme mask) pairs, columns = months.

    ``months`` are month codes (``month_index``); amounts are whole rupiah as the rules round them.
    """
    grid = np.zeros((len(pairs), len(months)), dtype=np.int64)
    if not pairs or not months:
        return grid
    n = len(pairs) * len(months)
    incomes = np.repeat(np.asarray([p[0] for p in pairs], dtype=np.int64), len(months))
    masks = np.repeat(np.asarray([p[1] for p in pairs], dtype=np.uint8), len(months))
    cols = engine.ContributionColumns(
        segment=np.full(n, BPU, dtype=np.int8),
        period=np.tile(np.asarray(months, dtype=np.int32), len(pairs)),
        wage=incomes,
        risk_group=np.ones(n, dtype=np.int8),
        programs=masks,
        funded_by=np.full(n, FUNDER_CODE["apbd"], dtype=np.int8),
    )
    try:
        result = engine.contributions(cols)
    except RulesError as exc:
        raise PricingError(str(exc)) from exc
    total = sum((result.share(p, "total") for p in _BPU_PROGRAMS), np.zeros(n, dtype=np.int64))
    return total.reshape(len(pairs), len(months))


def price_months(income: int, mask: int, months: Sequence[int]) -> list[int]:
    """The cost of one worker for each month in ``months``."""
    return [int(v) for v in price_grid([(income, mask)], months)[0]]


def price_explained(income: int, names: Sequence[str], period: dt.date) -> PriceNote:
    """One worker-month through the calc contract, with the references each programme's amount rests on."""
    obj = {"segment": "BPU", "period": f"{period:%Y-%m}", "declared_income": income, "programs": list(names),
           "funded_by": "apbd", "explain": False}  # fmt: skip
    try:
        out = rules_api.contribution(obj)
    except RulesError as exc:
        raise PricingError(str(exc)) from exc
    programs = out["programs"]
    assert isinstance(programs, dict)
    by_program = {name: int(item["total"]) for name, item in programs.items()}
    references = [ref for item in programs.values() for ref in item.get("references", [])]
    total = out["total"]
    assert isinstance(total, dict)
    return PriceNote(int(total["total"]), by_program, references, str(out["rules_version"]))


def program_mask(names: Sequence[str]) -> int:
    """The bit mask of programme names (the rules' and the registry's bits are the same)."""
    return _mask(names)
