"""The ``eligibility`` call of the calc contract: every check whose inputs are present, or those asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Final

from lindung.rules import api_input as inp
from lindung.rules import eligibility as rules
from lindung.rules.errors import RulesInputError
from lindung.rules.explain import references, trace
from lindung.rules.params import parameter

Obj = Mapping[str, object]
Check = dict[str, object]


def _day(obj: Obj) -> dt.date:
    first, exact = inp.period(obj)
    return exact or first


def _answer(answer: rules.Answer, entry_name: str, day: dt.date) -> Check:
    return {
        "eligible": answer.eligible,
        "reason": answer.reason,
        "reason_code": answer.reason_code,
        **answer.values,
        "entries": [parameter(entry_name).require(day)],
    }


def _birth(obj: Obj) -> dt.date:
    birth = inp.date(obj, "birth_date")
    assert birth is not None
    return birth


def _jp(obj: Obj, day: dt.date) -> Check:
    return _answer(rules.jp_registration(_birth(obj), day), "pension_age.jp_pension_age", day)


def _jkp(obj: Obj, day: dt.date) -> Check:
    return _answer(rules.jkp_registration(_birth(obj), day), "jkp.max_registration_age", day)


def _bpu(obj: Obj, day: dt.date) -> Check:
    income = inp.money(obj, "declared_income")
    assert income is not None
    return _answer(rules.bpu_income(income, day), "bpu.min_declared_income", day)


def _required(obj: Obj, day: dt.date) -> Check:
    size = inp.employer_size(obj, required=True)
    assert size is not None
    programs, entry = rules.required_programs(size, day)
    return {
        "eligible": True,
        "programs": list(programs),
        "reason": f"{size} enterprise",
        "reason_code": "required_programs_by_size",
        "employer_size": size,
        "entries": [entry],
    }


CHECKS: Final[dict[str, tuple[str, Callable[[Obj, dt.date], Check]]]] = {
    "can_join_jp": ("birth_date", _jp),
    "can_join_jkp": ("birth_date", _jkp),
    "bpu_minimum_income": ("declared_income", _bpu),
    "required_programs": ("employer_size", _required),
}


def eligibility(obj: Obj, explain_on: bool) -> dict[str, object]:
    """Run the checks named in ``checks`` (default: every check whose input field is present)."""
    day = _day(obj)
    asked = obj.get("checks")
    if asked is None:
        names = [name for name, (needs, _) in CHECKS.items() if obj.get(needs) is not None]
    elif isinstance(asked, list) and all(str(a) in CHECKS for a in asked):
        names = [str(a) for a in asked]
    else:
        raise RulesInputError("checks", f"unknown checks {asked!r}", list(CHECKS), code="unknown_value")
    if not names:
        raise RulesInputError(
            "checks",
            "no check possible: give birth_date, declared_income or employer_size",
            list(CHECKS),
            code="required",
        )
    results: dict[str, object] = {}
    for name in names:
        check = CHECKS[name][1](obj, day)
        entries = check.pop("entries")
        assert isinstance(entries, list)
        check["references"] = references(entries)
        if explain_on:
            check["explanation"] = trace(entries)
        results[name] = check
    return {"date": day.isoformat(), "checks": results}
