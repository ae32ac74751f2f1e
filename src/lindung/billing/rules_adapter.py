"""Billing's one door to ``lindung.rules``: contributions over columns, due dates, late fines, references.

Billing never holds a rate, a cap, a deadline or a fine rule itself. Amounts come back as int64 rupiah
columns; fines are split by programme because JP's fine rate differs from the others (PP 45/2015).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Final

import numpy as np
import numpy.typing as npt

from lindung.rules import deadlines, eligibility, engine, rates
from lindung.rules.codes import (
    BPU,
    FUNDER_CODE,
    MIN_PERIOD,
    PROGRAM_BIT,
    PU,
    SECTOR_CODE,
    SECTORS,
    month_index,
    month_start,
)
from lindung.rules.errors import RulesError
from lindung.rules.params import parameters_as_of
from lindung.rules.version import RULES_VERSION

__all__ = [
    "BPU",
    "FIRST_PERIOD",
    "FUNDER_OF_PAYER",
    "PU",
    "RULES_VERSION",
    "SECTORS",
    "SECTOR_CODE",
    "FineSplit",
    "compute",
    "discounts_applied",
    "due_date",
    "fine_for",
    "labour_intensive_codes",
    "month_index",
    "month_start",
    "period_references",
    "required_programs_mask",
]

FIRST_PERIOD: Final = MIN_PERIOD
#: Registry payer kind → the rules' funder code (who a BPU row is charged to).
FUNDER_OF_PAYER: Final = {
    "employer": FUNDER_CODE["employer"],
    "self": FUNDER_CODE["self"],
    "city_programme": FUNDER_CODE["apbd"],
    "sponsor": FUNDER_CODE["sponsor"],
}
#: Topics of the parameters a monthly contribution (and its fine) depends on.
_TOPICS: Final = ("jkk.", "jkm.", "jht.", "jp.", "jkp.", "bpu.", "discounts.", "pension_age.", "deadlines_fines.")
FINE_PROGRAMS: Final = ("JKK", "JKM", "JHT", "JP")

I64 = npt.NDArray[np.int64]


def compute(
    *,
    segment: npt.NDArray[np.int8],
    period: npt.NDArray[np.int32],
    wage: I64,
    risk_group: npt.NDArray[np.int8],
    programs: npt.NDArray[np.uint8],
    birth_month: npt.NDArray[np.int32],
    funded_by: npt.NDArray[np.int8],
    sector: npt.NDArray[np.int8],
    participants: npt.NDArray[np.int32],
    jp_deferral: npt.NDArray[np.int8],
) -> dict[str, I64]:
    """Every programme share of every row (the engine's legal split columns), as int64 rupiah, with the
    discounts in force for the row's sector, participants, funder and JP deferral."""
    cols = engine.ContributionColumns(
        segment=segment,
        period=period,
        wage=wage,
        risk_group=risk_group,
        programs=programs,
        birth_month=birth_month,
        sector=sector,
        participants=participants,
        funded_by=funded_by,
        jp_deferral=jp_deferral.astype(np.bool_) if jp_deferral.any() else None,
    )
    result = engine.contributions(cols)
    return {
        "jkk": result.jkk,
        "jkm": result.jkm,
        "jht_employer": result.jht_employer,
        "jht_worker": result.jht_worker,
        "jp_employer": result.jp_employer,
        "jp_worker": result.jp_worker,
        "jkp_government": result.jkp_government,
    }


@lru_cache(maxsize=512)
def labour_intensive_codes(month: int) -> tuple[int, ...]:
    """Sector codes of the padat karya JKK discount in force in engine month ``month`` (none outside its
    window): only their employers' participants need counting (PP 7/2025 Pasal 3-4, PP 36/2025 Pasal 10A)."""
    terms = rates.labour_intensive_terms(month_start(month))
    return tuple(sorted(SECTOR_CODE[s] for s in terms[0] if s in SECTOR_CODE)) if terms else ()


@lru_cache(maxsize=1024)
def discounts_applied(
    *, segment: int, period: dt.date, sector: int, participants: int, funded_by: int, jp_deferral: bool
) -> tuple[dict[str, str], ...]:
    """The discounts one line's inputs earned in its month, each with its regulation (for explanations)."""
    day = period.replace(day=1)
    out: list[dict[str, str]] = []
    name = SECTORS[sector] if 0 <= sector < len(SECTORS) else "other"
    labour = rates.labour_intensive_terms(day)
    if segment == PU and labour and name in labour[0] and participants >= labour[1]:
        out.append(_discount("discounts.labour_intensive_jkk_pay_share", day, "JKK"))
    transport = rates.bpu_transport_terms(day)
    funder = next((f for f, code in FUNDER_CODE.items() if code == funded_by), "self")
    if segment == BPU and transport and name in transport[0] and funder not in transport[1]:
        out.append(_discount("discounts.bpu_transport_pay_share", day, "JKK, JKM"))
    if segment == PU and jp_deferral and rates.in_force("discounts.covid_jp_pay_share", day) is not None:
        out.append(_discount("discounts.covid_jp_pay_share", day, "JP"))
    return tuple(out)


def _discount(name: str, day: dt.date, programs: str) -> dict[str, str]:
    entry = rates.in_force(name, day)
    assert entry is not None
    share = Fraction(str(entry.value)) * 100  # the share still paid, shown as a percentage
    value = f"{share.numerator // share.denominator} %" if share.denominator == 1 else f"{float(share):.2f} %"
    return {"name": name, "programs": programs, "value": value, "reference": entry.reference.short()}


def period_references(period: dt.date) -> list[dict[str, str]]:
    """The parameters in force on the first day of ``period`` that a contribution line depends on."""
    out = []
    for entry in parameters_as_of(period.replace(day=1)):
        if entry.name.startswith(_TOPICS):
            out.append(
                {
                    "name": entry.name,
                    "value": str(entry.value),
                    "from": entry.start.isoformat(),
                    "reference": entry.reference.short(),
                }
            )
    return out


@lru_cache(maxsize=512)
def due_date(segment: str, period: dt.date) -> dt.date:
    """Due date of the contribution of ``period`` (PU: 15th of the next month; BPU: 15th; COVID months)."""
    return deadlines.due_date(segment, period).date


@dataclass(frozen=True)
class FineSplit:
    months: int
    by_program: dict[str, int]
    references: list[str]
    #: The monthly rate each fined programme carried and the regulation setting it: (programme, rate, regulation).
    rates: list[tuple[str, Fraction, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_program.values())


def fine_for(amounts: dict[str, int], *, segment: str, employer_kind: str, period: dt.date, paid: dt.date) -> FineSplit:
    """The fine on contribution ``amounts`` (by programme) of ``period`` paid on ``paid``."""
    by_program: dict[str, int] = {}
    months = 0
    refs: list[str] = []
    rates: list[tuple[str, Fraction, str]] = []
    for program in FINE_PROGRAMS:
        amount = amounts.get(program, 0)
        if amount <= 0:
            continue
        fine = deadlines.late_fine(amount, program, segment, employer_kind, period, paid)
        months = max(months, fine.months)
        if fine.amount:
            by_program[program] = fine.amount
            used = [u for u in fine.used if u.name.endswith("fine_rate")]  # fine_rate, jp_ or covid_fine_rate
            rates.extend((program, Fraction(str(u.value)), u.reference.short()) for u in used)
        refs.extend(
            f"{u.name}: {u.reference.short()}" for u in fine.used if f"{u.name}: {u.reference.short()}" not in refs
        )
    return FineSplit(months, by_program, refs, rates)


def required_programs_mask(employer_size: str, day: dt.date) -> int | None:
    """Bit mask of the programmes an employer of this size must enrol, or None where the rule is silent."""
    if not employer_size:
        return None
    try:
        names, _entry = eligibility.required_programs(employer_size, day)
    except (RulesError, KeyError):
        return None
    mask = 0
    for name in names:
        mask |= PROGRAM_BIT[name]
    return mask
