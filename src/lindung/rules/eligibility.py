"""Eligibility rules the registry uses when it enrols a worker or an employer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

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


#: Every ``reason_code`` an eligibility check can give (the calc contract lists them; pages word each one).
REASON_CODES = frozenset(
    {
        "jp_registration_open",
        "jp_registration_closed",
        "jkp_age_under_limit",
        "jkp_age_over_limit",
        "bpu_income_at_least_minimum",
        "bpu_income_below_minimum",
        "required_programs_by_size",
    }
)


@dataclass(frozen=True, slots=True)
class Answer:
    """An eligibility check's outcome: ``reason_code`` and the ``values`` its sentence quotes; ``reason`` is
    the same in English (the calc contract's ``reason``)."""

    eligible: bool
    reason: str
    reason_code: str
    values: dict[str, object]

    def __post_init__(self) -> None:
        if self.reason_code not in REASON_CODES:
            raise ValueError(f"unlisted eligibility reason code {self.reason_code!r}: add it to REASON_CODES")


def jp_registration(birth_date: dt.date, day: dt.date) -> Answer:
    """``can_join_jp`` with its reason code: open or closed, and the last month registration is possible."""
    ok, reason = can_join_jp(birth_date, day)
    last = f"{_jp.registration_last_month(birth_date):%Y-%m}"
    code = "jp_registration_open" if ok else "jp_registration_closed"
    return Answer(ok, reason, code, {"last_month": last})


def jkp_registration(birth_date: dt.date, registration: dt.date) -> Answer:
    """``can_join_jkp`` with its reason code, the age at registration and the age limit."""
    ok, reason = can_join_jkp(birth_date, registration)
    age, limit = _jkp.registration_age(birth_date, registration)
    code = "jkp_age_under_limit" if ok else "jkp_age_over_limit"
    return Answer(ok, reason, code, {"age": age, "max_age": limit})


def bpu_income(declared_income: int, day: dt.date) -> Answer:
    """``bpu_income_ok`` with its reason code, the declared income and the minimum."""
    ok, reason = bpu_income_ok(declared_income, day)
    minimum, _ = int_at("bpu.min_declared_income", day)
    code = "bpu_income_at_least_minimum" if ok else "bpu_income_below_minimum"
    return Answer(ok, reason, code, {"declared_income": declared_income, "minimum": minimum})


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
    age = age_on(birth_date, day)
    return low <= age <= high, f"age {age}, BPU registration age {low}-{high}"


#: The article of UU 13/2003 behind each case in which a child may work (``ChildWork.exceptions``).
CHILD_WORK_ARTICLES = {"light_work": "Pasal 69", "curriculum": "Pasal 70", "talent": "Pasal 71"}


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (a birthday counts from the day itself)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True, slots=True)
class ChildWork:
    """What UU 13/2003 says about employing a worker of ``age``.

    ``verdict`` is ``adult`` (18 or older), ``exception`` (a child the Act lets work only in the cases listed in
    ``exceptions``: ``light_work`` Pasal 69, ``curriculum`` Pasal 70, ``talent`` Pasal 71) or ``too_young``
    (below ``youngest``, the lowest age the Act names for any work).
    """

    age: int
    verdict: Literal["adult", "exception", "too_young"]
    exceptions: tuple[str, ...]
    youngest: int
    entries: tuple[ParameterValue, ...]


def pu_child_work(birth_date: dt.date, day: dt.date) -> ChildWork:
    """The Act's answer for a wage earner starting work on ``day``; raises before UU 13/2003 (25 Mar 2003).

    Pasal 68 forbids employing a child (Pasal 1 angka 26: under 18) save for Pasal 69-71. The youngest age
    those articles name is 13 (Pasal 69(1), light work; Pasal 70(2) says 14). Pasal 71 (talent and interest)
    names no age in the Act itself, and the Keputusan Menteri it calls for (KEP.115/MEN/VII/2004) was not found
    in a stored text (``child_work.yaml``), so it never makes a younger child eligible here.
    """
    adult_from, adult_entry = int_at("child_work.child_age_below", day)
    light = value_at("child_work.light_work_age", day)
    curriculum_from, curriculum_entry = int_at("child_work.curriculum_work_min_age", day)
    assert isinstance(light.value, dict)
    light_min, light_max = int(light.value["min"]), int(light.value["max"])
    youngest = min(light_min, curriculum_from)
    age = age_on(birth_date, day)
    entries = (adult_entry, light, curriculum_entry)
    if age >= adult_from:
        return ChildWork(age, "adult", (), youngest, entries)
    if age < youngest:
        return ChildWork(age, "too_young", (), youngest, entries)
    open_cases = (
        ("light_work", light_min <= age <= light_max),
        ("curriculum", age >= curriculum_from),
        ("talent", True),
    )
    return ChildWork(age, "exception", tuple(name for name, ok in open_cases if ok), youngest, entries)
