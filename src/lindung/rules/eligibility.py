"""Eligibility rules the registry uses when it enrols a worker or an employer."""

from __future__ import annotations

import datetime as dt

from lindung.rules.benefits import jkp as _jkp
from lindung.rules.benefits import jp as _jp
from lindung.rules.params import ParameterValue, int_at, value_at


def can_join_jp(birth_date: dt.date, day: dt.date) -> tuple[bool, str]:
    """JP only before the month the worker reaches the pension age of that year (PP 45/2015 Pasal 15)."""
    return _jp.can_join(birth_date, day)


def can_join_jkp(birth_date: dt.date, registration: dt.date) -> tuple[bool, str]:
    """JKP only for a worker under 54 at registration (PP 37/2021 Pasal 4; PP 6/2025)."""
    return _jkp.can_join(birth_date, registration)


def bpu_income_ok(declared_income: int, day: dt.date) -> tuple[bool, str]:
    """A BPU declared income must be at least the lowest bracket (Rp 1,000,000; medium confidence)."""
    minimum, _ = int_at("bpu.min_declared_income", day)
    return declared_income >= minimum, f"minimum declared income Rp {minimum:,}"


def required_programs(employer_size: str, day: dt.date) -> tuple[tuple[str, ...], ParameterValue]:
    """Programmes an employer of this size must enrol (PP 6/2025 Pasal 4(3)); raises before 2 Feb 2021."""
    entry = value_at("enrolment.required_programs_by_employer_size", day)
    assert isinstance(entry.value, dict)
    return tuple(str(p) for p in entry.value[employer_size]), entry


def bpu_age_range(day: dt.date) -> tuple[tuple[int, int], ParameterValue]:
    """The youngest and oldest age (inclusive) at which a BPU participant may register on ``day``."""
    entry = value_at("bpu.registration_age", day)
    assert isinstance(entry.value, dict)
    return (int(entry.value["min"]), int(entry.value["max"])), entry


def bpu_registration_age_ok(birth_date: dt.date, day: dt.date) -> tuple[bool, str]:
    """A BPU participant's age in whole years on ``day`` must lie within ``bpu.registration_age``."""
    (low, high), _ = bpu_age_range(day)
    age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    return low <= age <= high, f"age {age}, BPU registration age {low}-{high}"
