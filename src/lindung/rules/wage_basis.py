"""The wage that counts for contributions (upah sebulan), and the below-UMK warning.

PP 44/2015 Pasal 19 and PP 46/2015 Pasal 17: basic wage plus fixed allowances (non-fixed allowances and
overtime do not count, and no pro-rata); a daily wage × 25; a piece rate averaged over the last 3 months,
or 12 months for weather-dependent work. A wage below the UMK is a warning, not an error: a regulation may
allow a lower wage for some workers. The UMK is an input (region data lives outside the rules package).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lindung.rules.explain import rupiah_en
from lindung.rules.money import round_half_up
from lindung.rules.params import ParameterValue, int_at, value_at


@dataclass(frozen=True)
class WageBasis:
    monthly_wage: int
    method: str
    used: tuple[ParameterValue, ...]


def from_components(day: dt.date, basic: int, fixed_allowances: Sequence[int] = ()) -> WageBasis:
    """Basic wage plus fixed allowances; the caller leaves non-fixed allowances and overtime out."""
    entry = value_at("wage_basis.fixed_allowances_count", day)
    return WageBasis(basic + sum(fixed_allowances), "basic_plus_fixed_allowances", (entry,))


def from_daily(day: dt.date, daily_wage: int) -> WageBasis:
    """A daily wage × 25."""
    days, entry = int_at("wage_basis.daily_wage_multiplier", day)
    return WageBasis(daily_wage * days, "daily_wage_times_days", (entry,))


def from_piece_rate(day: dt.date, monthly_earnings: Sequence[int], weather_dependent: bool = False) -> WageBasis:
    """Average of the last 3 months of piece-rate earnings (12 for weather-dependent work), rounded half up.

    ``monthly_earnings`` is oldest first; it must hold at least the months the law averages.
    """
    name = (
        "wage_basis.weather_dependent_average_months" if weather_dependent else "wage_basis.piece_rate_average_months"
    )
    months, entry = int_at(name, day)
    if len(monthly_earnings) < months:
        raise ValueError(f"need the last {months} months of earnings, got {len(monthly_earnings)}")
    recent = monthly_earnings[-months:]
    return WageBasis(round_half_up(2 * sum(recent), 2 * months), f"average_of_last_{months}_months", (entry,))


def below_umk_warning(day: dt.date, wage: int, umk: int | None) -> dict[str, object] | None:
    """A warning quoting the UMK when the reported wage is below it (Perdir 22/PERDIR.02/072022)."""
    if umk is None or wage >= umk:
        return None
    entry = value_at("wage_basis.below_minimum_wage_is_warning", day)
    return {
        "code": "below_umk",
        "field": "monthly_wage",
        "wage": wage,
        "umk": umk,
        "message": f"wage {rupiah_en(wage)} is below the UMK {rupiah_en(umk)}; allowed only where a regulation "
        "permits a lower wage",
        "reference": entry.reference.short(),
    }
