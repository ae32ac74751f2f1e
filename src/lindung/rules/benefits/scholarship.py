"""Scholarship for up to two children (JKK death or total disability; JKM after 3 years)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lindung.rules.params import ParameterValue, int_at, mapping_at

LEVELS = ("tk_sd", "smp", "sma", "university")


def scholarship(day: dt.date, children: Sequence[str]) -> tuple[int, list[dict[str, object]], list[ParameterValue]]:
    """Projected scholarship of each child from its current level to the end of university, capped.

    Each level pays its yearly amount for its number of years; the path from TK-SD to university sums
    to exactly the per-child cap (12 + 6 + 9 + 60 = Rp 87 m), so the cap binds only on odd inputs.
    """
    per_year, year_entry = mapping_at("benefits.scholarship_per_year", day)
    max_years, years_entry = mapping_at("benefits.scholarship_max_years", day)
    cap, cap_entry = int_at("benefits.scholarship_cap_per_child", day)
    max_children, children_entry = int_at("benefits.scholarship_max_children", day)
    details: list[dict[str, object]] = []
    total = 0
    for level in children[:max_children]:
        path = LEVELS[LEVELS.index(level) :]
        projected = sum(int(str(per_year[lv])) * int(str(max_years[lv])) for lv in path)
        amount = min(projected, cap)
        total += amount
        details.append({"level": level, "per_year": int(str(per_year[level])), "projected_total": amount})
    return total, details, [year_entry, years_entry, cap_entry, children_entry]
