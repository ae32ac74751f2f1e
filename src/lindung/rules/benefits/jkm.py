"""JKM benefits on death not caused by a work accident (PP 44/2015 Pasal 34 as amended by PP 82/2019)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lindung.rules.benefits.result import BenefitResult
from lindung.rules.benefits.scholarship import scholarship
from lindung.rules.errors import RulesNotCoveredError
from lindung.rules.explain import rupiah_en, rupiah_id
from lindung.rules.params import int_at


def optional_amount(result: BenefitResult, key: str, name: str, day: dt.date) -> None:
    """Add a parameter amount to the result, or a warning where its figure for the date is unknown."""
    try:
        value, entry = int_at(name, day)
    except RulesNotCoveredError as exc:
        result.warn("amount_not_computed", f"{key} not computed: {exc.message}", amount=key)
        return
    result.amounts[key] = value
    result.used.append(entry)


def death(day: dt.date, contribution_months: int, children: Sequence[str] = ()) -> BenefitResult:
    """Lump sum, periodic benefit and funeral; scholarship if contributions cover at least 3 years."""
    result = BenefitResult("JKM", "death", True)
    optional_amount(result, "death_lump_sum", "benefits.jkm_lump_sum", day)
    optional_amount(result, "periodic", "benefits.jkm_periodic_lump", day)
    optional_amount(result, "funeral", "benefits.jkm_funeral", day)
    if children:
        min_months, entry = int_at("benefits.jkm_scholarship_min_months", day)
        result.used.append(entry)
        if contribution_months >= min_months:
            amount, details, used = scholarship(day, children)
            result.amounts["scholarship"] = amount
            result.details["scholarship"] = details
            result.used.extend(used)
        else:
            result.warn(
                "no_scholarship",
                f"no scholarship: {contribution_months} contribution months < {min_months}",
                contribution_months=contribution_months,
                min_months=min_months,
            )
    total = result.total
    result.reason = (
        f"Santunan JKM {rupiah_id(total)}: santunan kematian, berkala, biaya pemakaman"
        f"{' dan beasiswa' if 'scholarship' in result.amounts else ''}.",
        f"JKM benefit {rupiah_en(total)}: death lump sum, periodic benefit, funeral"
        f"{' and scholarship' if 'scholarship' in result.amounts else ''}.",
    )
    return result
