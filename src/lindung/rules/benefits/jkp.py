"""JKP: eligibility and cash benefit after a PHK (PP 37/2021; PP 6/2025 from 7 Feb 2025).

The regime is the one in force on the PHK date (assumption, medium-low: no transitional article seen).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from lindung.rules.benefits.result import BenefitResult
from lindung.rules.deadlines import add_months
from lindung.rules.explain import rupiah_en, rupiah_id
from lindung.rules.money import apply_rate
from lindung.rules.params import int_at, value_at

#: How a separation is named in a reason, in Bahasa Indonesia and English.
SEPARATIONS = {
    "phk": ("PHK", "PHK"),
    "resignation": ("mengundurkan diri", "resignation"),
    "total_permanent_disability": ("cacat total tetap", "total permanent disability"),
    "retirement": ("pensiun", "retirement"),
    "death": ("meninggal dunia", "death"),
    "pkwt_end": ("berakhirnya PKWT", "the end of a PKWT"),
}


def registration_age(birth_date: dt.date, registration: dt.date) -> tuple[int, int]:
    """(age in whole years at registration, the age a JKP participant must be under) (PP 37/2021 Pasal 4)."""
    limit, _ = int_at("jkp.max_registration_age", registration)
    age = (
        registration.year
        - birth_date.year
        - ((registration.month, registration.day) < (birth_date.month, birth_date.day))
    )
    return age, limit


def can_join(birth_date: dt.date, registration: dt.date) -> tuple[bool, str]:
    """A JKP participant must be under 54 when registered (PP 37/2021 Pasal 4)."""
    age, limit = registration_age(birth_date, registration)
    return age < limit, f"age {age} at registration; must be under {limit}"


def benefit(
    phk_date: dt.date,
    wage: int,
    months_in_window: int,
    consecutive_months: int,
    separation: str,
    claim_date: dt.date | None = None,
) -> BenefitResult:
    """Six months of cash benefit on the capped wage if the contribution conditions hold."""
    result = BenefitResult("JKP", "phk", True)
    checks = _conditions(phk_date, months_in_window, consecutive_months, separation, claim_date, result)
    rates_entry = value_at("jkp.benefit_rates_by_month", phk_date)
    cap, cap_entry = int_at("jkp.wage_cap", phk_date)
    result.used.extend([rates_entry, cap_entry])
    base = min(wage, cap)
    assert isinstance(rates_entry.value, tuple)
    monthly = [apply_rate(base, Fraction(r)) for r in rates_entry.value]
    result.details["monthly"] = monthly
    result.eligible = not checks
    if result.eligible:
        result.amounts["cash_benefit"] = sum(monthly)
    else:
        result.details["unmet"] = [code for code, _, _ in checks]
    why_id = "; ".join(c[1] for c in checks) if checks else "semua syarat terpenuhi"
    why_en = "; ".join(c[2] for c in checks) if checks else "all conditions met"
    result.reason = (
        f"JKP {rupiah_id(result.total)}: {len(monthly)} bulan atas upah {rupiah_id(base)} ({why_id}).",
        f"JKP {rupiah_en(result.total)}: {len(monthly)} months on the wage {rupiah_en(base)} ({why_en}).",
    )
    return result


def _conditions(
    phk_date: dt.date,
    months_in_window: int,
    consecutive: int,
    separation: str,
    claim_date: dt.date | None,
    result: BenefitResult,
) -> list[tuple[str, str, str]]:
    """The conditions not met: (code, Bahasa Indonesia, English) each."""
    needed, needed_entry = int_at("jkp.min_contribution_months", phk_date)
    window, window_entry = int_at("jkp.contribution_window_months", phk_date)
    streak, streak_entry = int_at("jkp.min_consecutive_months", phk_date)
    excluded = value_at("jkp.excluded_separations", phk_date)
    deadline, deadline_entry = int_at("jkp.claim_deadline_months", phk_date)
    result.used.extend([needed_entry, window_entry, streak_entry, excluded, deadline_entry])
    assert isinstance(excluded.value, tuple)
    problems = []
    if separation in excluded.value:
        word_id, word_en = SEPARATIONS.get(separation, (separation, separation))
        problems.append(
            ("separation_excluded", f"{word_id} tidak memberi hak atas JKP", f"{word_en} does not give a right to JKP")
        )
    if months_in_window < needed:
        problems.append(
            (
                "too_few_contribution_months",
                f"{months_in_window} bulan iuran dalam {window} bulan terakhir, perlu {needed}",
                f"{months_in_window} contribution months in the last {window}, needs {needed}",
            )
        )
    if consecutive < streak:
        problems.append(
            (
                "too_few_consecutive_months",
                f"{consecutive} bulan berturut-turut sebelum PHK, perlu {streak}",
                f"{consecutive} consecutive months before the PHK, needs {streak}",
            )
        )
    last_day = add_months(phk_date, deadline)
    result.details["claim_deadline"] = last_day.isoformat()
    if claim_date is not None and claim_date > last_day:
        problems.append(
            (
                "claimed_late",
                f"diklaim setelah batas waktu {last_day.isoformat()} ({deadline} bulan)",
                f"claimed after the deadline {last_day.isoformat()} ({deadline} months)",
            )
        )
    return problems
