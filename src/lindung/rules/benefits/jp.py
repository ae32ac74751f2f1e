"""JP benefits (PP 45/2015; Permenaker 29/2015).

Monthly pension in the first year = 1 % × contribution months / 12 × average indexed monthly wage
(PP 45/2015 Pasal 17), raised or lowered to the year's minimum / maximum where that figure is known. With
fewer than 180 contribution months at pension age the participant gets a lump sum instead. On death or
total disability the period is deemed 180 months when membership and contribution density are enough.
The wage indexation itself (by inflation) needs inflation data and is the caller's input.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from lindung.rules.benefits.result import BenefitResult
from lindung.rules.codes import month_index
from lindung.rules.deadlines import add_months
from lindung.rules.errors import RulesNotCoveredError
from lindung.rules.explain import rupiah_en, rupiah_id
from lindung.rules.money import apply_rate
from lindung.rules.params import int_at, mapping_at, parameter, rate_at
from lindung.rules.rates import pension_month


def formula(day: dt.date, months: int, average_wage: int, result: BenefitResult) -> int:
    """1 % × months / 12 × average indexed monthly wage, then the year's min/max where known."""
    accrual, entry = rate_at("jp.accrual_rate", day)
    result.used.append(entry)
    amount = apply_rate(average_wage * months, accrual / 12)
    return clamp(day, amount, result)


def clamp(day: dt.date, amount: int, result: BenefitResult) -> int:
    for name, bound in (("minimum", max), ("maximum", min)):
        try:
            limit, entry = int_at(f"jp_benefit_limits.{name}_monthly_benefit", day)
        except RulesNotCoveredError as exc:
            result.warn(f"jp_{name}_not_applied", f"JP {name} not applied: {exc.message}", year=day.year)
            continue
        result.used.append(entry)
        amount = bound(amount, limit)
    return amount


def pension_start(birth_date: dt.date) -> dt.date:
    """First day of the month after the month the participant reaches the JP pension age."""
    index = pension_month(birth_date.year, birth_date.month) + 1
    return dt.date(index // 12, index % 12 + 1, 1)


def old_age(day: dt.date, birth_date: dt.date, months: int, average_wage: int, balance: int | None) -> BenefitResult:
    """Old-age pension (>= 180 months) or lump sum of contributions and returns (< 180 months)."""
    result = BenefitResult("JP", "old_age", True)
    needed, needed_entry = int_at("jp.min_contribution_months", day)
    result.used.append(needed_entry)
    result.used.append(parameter("pension_age.jp_pension_age").require(max(day, dt.date(2015, 7, 1))))
    start = pension_start(birth_date)
    reached = month_index(day.year, day.month) >= pension_month(birth_date.year, birth_date.month)
    result.details["pension_starts"] = start.isoformat()
    if not reached:
        result.eligible = False
        result.warn(
            "pension_age_not_reached",
            f"pension age not reached; the pension would start on {start.isoformat()}",
            pension_starts=start.isoformat(),
        )
    if months >= needed:
        result.amounts["monthly_pension"] = formula(day, months, average_wage, result)
        result.reason = (
            f"Pensiun hari tua {rupiah_id(result.total)} sebulan: 1% × {months}/12 × upah rata-rata "
            f"{rupiah_id(average_wage)}, mulai {start.isoformat()}.",
            f"Old-age pension {rupiah_en(result.total)} a month: 1% × {months}/12 × average wage "
            f"{rupiah_en(average_wage)}, from {start.isoformat()}.",
        )
        return result
    if balance is None:
        raise RulesNotCoveredError("jp_balance", "fewer than 180 months gives a lump sum: give jp_balance")
    result.amounts["lump_sum"] = balance
    result.reason = (
        f"Iuran kurang dari {needed} bulan ({months}): JP dibayar sekaligus {rupiah_id(balance)}.",
        f"Fewer than {needed} contribution months ({months}): JP is paid as a lump sum {rupiah_en(balance)}.",
    )
    return result


def deemed_months(
    day: dt.date, event: str, months: int, membership_months: int, paid_months: int, result: BenefitResult
) -> int | None:
    """180 months if the Permenaker 29/2015 Pasal 26 conditions hold, else None (lump sum instead)."""
    deemed, deemed_entry = int_at("jp.deemed_months", day)
    minimum, min_entry = mapping_at("jp.deemed_min_membership_months", day)
    density, density_entry = rate_at("jp.deemed_min_density", day)
    result.used.extend([deemed_entry, min_entry, density_entry])
    if months >= deemed:
        return months
    min_months = int(str(minimum[event]))
    dense = membership_months > 0 and Fraction(paid_months, membership_months) >= density
    return deemed if membership_months >= min_months and dense else None


def survivors(
    day: dt.date,
    event: str,
    months: int,
    membership_months: int,
    paid_months: int,
    average_wage: int,
    spouse: bool,
    children: int,
    parent: bool,
) -> BenefitResult:
    """Disability pension, or survivor pensions on death: spouse 50 %, else children 50 %, else a parent 20 %."""
    result = BenefitResult("JP", event, True)
    counted = deemed_months(
        day, "death" if event == "death" else "disability", months, membership_months, paid_months, result
    )
    if counted is None:
        result.eligible = False
        result.reason = (
            "Syarat dianggap 15 tahun tidak terpenuhi: manfaat dibayar sekaligus.",
            "The deemed-15-years conditions are not met: JP is paid as a lump sum.",
        )
        return result
    accrual, entry = rate_at("jp.accrual_rate", day)
    result.used.append(entry)
    base = apply_rate(average_wage * counted, accrual / 12)
    if event == "disability":
        result.amounts["disability_pension"] = clamp(day, base, result)
    else:
        _survivor_shares(day, base, spouse, children, parent, result)
    result.reason = (
        f"Manfaat pensiun {rupiah_id(result.total)} sebulan atas {counted} bulan iuran (dianggap) dan upah rata-rata "
        f"{rupiah_id(average_wage)}.",
        f"JP {rupiah_en(result.total)} a month on {counted} (deemed) contribution months and average wage "
        f"{rupiah_en(average_wage)}.",
    )
    return result


def _survivor_shares(day: dt.date, base: int, spouse: bool, children: int, parent: bool, result: BenefitResult) -> None:
    shares, entry = mapping_at("jp.survivor_shares", day)
    max_children, child_entry = int_at("jp.max_children", day)
    result.used.extend([entry, child_entry])
    if spouse:
        result.amounts["spouse_pension"] = clamp(day, apply_rate(base, Fraction(str(shares["spouse"]))), result)
    elif children:
        result.amounts["children_pension"] = clamp(day, apply_rate(base, Fraction(str(shares["child"]))), result)
        result.details["children_counted"] = min(children, max_children)
    elif parent:
        result.amounts["parent_pension"] = clamp(day, apply_rate(base, Fraction(str(shares["parent"]))), result)
    else:
        result.eligible = False
        result.warn("no_survivor", "no spouse, child or parent: no survivor pension")


def registration_last_month(birth_date: dt.date) -> dt.date:
    """First day of the last month in which a worker born on ``birth_date`` can still join JP."""
    limit = pension_month(birth_date.year, birth_date.month)
    return add_months(dt.date(limit // 12, limit % 12 + 1, 1), -1)


def can_join(birth_date: dt.date, day: dt.date) -> tuple[bool, str]:
    """A PU worker can join JP only before the month in which they reach the pension age of that year."""
    ok = month_index(day.year, day.month) < pension_month(birth_date.year, birth_date.month)
    return ok, f"JP registration possible up to {registration_last_month(birth_date):%Y-%m}"
