"""The ``benefit`` call of the calc contract: one event, its named amounts, eligibility and reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

from lindung.rules import api_input as inp
from lindung.rules.benefits import jht, jkk, jkm, jkp, jp
from lindung.rules.benefits.result import BenefitResult
from lindung.rules.benefits.scholarship import LEVELS
from lindung.rules.errors import RulesInputError
from lindung.rules.money import format_rate

Obj = Mapping[str, object]


def _day(obj: Obj) -> dt.date:
    first, exact = inp.period(obj)
    return exact or first


def _wage(obj: Obj, name: str = "monthly_wage") -> int:
    value = inp.money(obj, name)
    assert value is not None
    return value


def _percent(obj: Obj, name: str, default: Fraction | None = None) -> Fraction:
    raw = obj.get(name)
    if raw is None:
        if default is None:
            raise RulesInputError(name, f"{name} is required", "percent 0-100, e.g. 10 or '10%'", code="required")
        return default
    try:
        value = Fraction(Decimal(str(raw).strip().rstrip("%")))
    except (InvalidOperation, ValueError):
        raise RulesInputError(name, f"{name} {raw!r} is not a percent", "percent 0-100") from None
    if not 0 <= value <= 100:
        raise RulesInputError(name, f"{name} {raw} is outside 0-100", "percent 0-100", code="out_of_range")
    return value / 100


def _children(obj: Obj) -> list[str]:
    raw = obj.get("children_levels", [])
    if not isinstance(raw, list) or any(str(c) not in LEVELS for c in raw):
        raise RulesInputError("children_levels", "children_levels must list school levels", LEVELS)
    return [str(c) for c in raw]


def _claim_date(obj: Obj, event_day: dt.date) -> dt.date | None:
    """The optional ``claim_date``: a claim is made on or after the event it claims for, never before."""
    claim = inp.date(obj, "claim_date", required=False)
    if claim is not None and claim < event_day:
        raise RulesInputError(
            "claim_date",
            f"claim_date {claim.isoformat()} is before the event date {event_day.isoformat()}",
            f">= {event_day.isoformat()}",
            code="out_of_range",
        )
    return claim


def _with_expiry(obj: Obj, result: BenefitResult) -> BenefitResult:
    claim = _claim_date(obj, _day(obj))
    if claim is not None:
        expired, entry = jkk.claim_expired(_day(obj), claim)
        result.used.append(entry)
        if expired:
            result.eligible = False
            result.amounts = {k: 0 for k in result.amounts}
            result.warn(
                "jkk_claim_expired",
                "the JKK right has expired (claim period after the accident or diagnosis)",
                claim_date=claim.isoformat(),
            )
    return result


def _jkk(fn: Callable[[Obj, dt.date], BenefitResult]) -> Callable[[Obj], BenefitResult]:
    return lambda obj: _with_expiry(obj, fn(obj, _day(obj)))


def _jht(obj: Obj) -> BenefitResult:
    trigger = inp.choice(obj, "jht_trigger", jht.TRIGGERS)
    day = _day(obj)
    balance = inp.money(obj, "jht_balance", required=False, default=0) or 0
    months = inp.integer(obj, "projection_months", 0, 600, default=0)
    if months:
        rate = _percent(obj, "annual_return", None) if obj.get("annual_return") is not None else None
        assumed = rate if rate is not None else jht.latest_declared_return(day)[0]
        contribution = inp.money(obj, "monthly_contribution", required=False, default=0) or 0
        balance, _ = jht.project_balance(balance, contribution, months, assumed)
    event = inp.date(obj, "event_date", required=False) or inp.date(obj, "phk_date", required=False)
    result = jht.full_claim(trigger, day, balance, event, inp.date(obj, "birth_date", required=False))
    if months:
        result.details["projection"] = {"months": months, "annual_return": format_rate(assumed)}
        if rate is None:
            result.warn(
                "jht_return_assumed",
                "annual_return not given: the latest declared JHT return is assumed",
                annual_return=format_rate(assumed),
            )
    return result


def _jht_partial(obj: Obj) -> BenefitResult:
    return jht.partial_claim(
        _day(obj),
        _wage(obj, "jht_balance"),
        inp.integer(obj, "membership_months", 0, 1200),
        inp.choice(obj, "purpose", jht.PURPOSES),
        inp.flag(obj, "partial_taken_before"),
    )


def _jp_old_age(obj: Obj) -> BenefitResult:
    birth = inp.date(obj, "birth_date")
    assert birth is not None
    average = inp.money(obj, "average_indexed_wage", required=False) or _wage(obj)
    return jp.old_age(
        _day(obj),
        birth,
        inp.integer(obj, "contribution_months", 0, 1200),
        average,
        inp.money(obj, "jp_balance", required=False),
    )


def _jp_survivors(event: str) -> Callable[[Obj], BenefitResult]:
    def run(obj: Obj) -> BenefitResult:
        average = inp.money(obj, "average_indexed_wage", required=False) or _wage(obj)
        months = inp.integer(obj, "contribution_months", 0, 1200)
        membership = inp.integer(obj, "membership_months", 0, 1200, default=months)
        paid = inp.integer(obj, "paid_months", 0, 1200, default=months)
        # Survivors matter only on death: a disability pension is the participant's own.
        death = event == "death"
        spouse = inp.flag(obj, "spouse") if death else False
        children = inp.integer(obj, "children", 0, 20, default=0) if death else 0
        parent = inp.flag(obj, "parent") if death else False
        return jp.survivors(_day(obj), event, months, membership, paid, average, spouse, children, parent)

    return run


def _jkp(obj: Obj) -> BenefitResult:
    phk = inp.date(obj, "phk_date")
    assert phk is not None
    if phk < dt.date(2021, 2, 2):
        raise RulesInputError(
            "phk_date", "JKP exists only for a PHK on or after 2021-02-02", ">= 2021-02-02", code="not_applicable"
        )
    separation = inp.choice(
        obj,
        "separation",
        ("phk", "resignation", "total_permanent_disability", "retirement", "death", "pkwt_end"),
        default="phk",
    )
    months = inp.integer(obj, "contribution_months", 0, 24)
    return jkp.benefit(
        phk,
        _wage(obj),
        months,
        inp.integer(obj, "consecutive_months", 0, 24, default=months),
        separation,
        _claim_date(obj, phk),
    )


EVENTS: Final[dict[str, Callable[[Obj], BenefitResult]]] = {
    "medical": _jkk(lambda o, d: jkk.medical(d)),
    "transport": _jkk(
        lambda o, d: jkk.transport(d, inp.choice(o, "transport_mode", jkk.TRANSPORT_MODES), _wage(o, "cost"))
    ),
    "temporary_incapacity": _jkk(
        lambda o, d: jkk.temporary_incapacity(d, _wage(o), inp.integer(o, "incapacity_months", 0, 600))
    ),
    "work_accident_death": _jkk(lambda o, d: jkk.death(d, _wage(o), _children(o))),
    "total_permanent_disability": _jkk(lambda o, d: jkk.total_disability(d, _wage(o), _children(o))),
    "partial_disability": _jkk(
        lambda o, d: jkk.partial_disability(
            d, _wage(o), _percent(o, "disability_percent"), _percent(o, "function_loss_percent", Fraction(1))
        )
    ),
    "home_care": _jkk(lambda o, d: jkk.home_care(d, _wage(o, "cost"), inp.integer(o, "care_months", 0, 600))),
    "death": lambda o: jkm.death(_day(o), inp.integer(o, "contribution_months", 0, 1200, default=0), _children(o)),
    "jht": _jht,
    "jht_partial": _jht_partial,
    "jp_old_age": _jp_old_age,
    "jp_disability": _jp_survivors("disability"),
    "jp_death": _jp_survivors("death"),
    "phk": _jkp,
}


def benefit(obj: Obj, explain_on: bool) -> dict[str, object]:
    event = inp.choice(obj, "event", tuple(EVENTS))
    return EVENTS[event](obj).as_dict(explain_on)
