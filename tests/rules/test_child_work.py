"""UU 13/2003 on employing a child: under 18 is a child, 13 the youngest age named for any work (Pasal 69(1))."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.rules import eligibility
from lindung.rules.errors import RulesNotCoveredError
from lindung.rules.params import parameter

DAY = dt.date(2026, 3, 10)
ACT = dt.date(2003, 3, 25)  # UU 13/2003 disahkan and diundangkan


def _born(age: int, *, day: dt.date = DAY) -> dt.date:
    """Born ``age`` years before ``day``: the birthday is the day itself."""
    return day.replace(year=day.year - age)


def test_each_age_cites_its_article() -> None:
    articles = {
        name: parameter(f"child_work.{name}").require(DAY).reference.short()
        for name in ("child_age_below", "light_work_age", "curriculum_work_min_age")
    }
    assert articles == {
        "child_age_below": "UU 13/2003 Pasal 1 angka 26",
        "light_work_age": "UU 13/2003 Pasal 69 ayat (1)",
        "curriculum_work_min_age": "UU 13/2003 Pasal 70 ayat (2)",
    }


@pytest.mark.parametrize(
    ("age", "verdict", "exceptions"),
    [
        pytest.param(5, "too_young", (), id="5: refused"),
        pytest.param(12, "too_young", (), id="12: refused"),
        pytest.param(13, "exception", ("light_work", "talent"), id="13: light work (Pasal 69), talent (Pasal 71)"),
        pytest.param(14, "exception", ("light_work", "curriculum", "talent"), id="14: curriculum too (Pasal 70)"),
        pytest.param(15, "exception", ("light_work", "curriculum", "talent"), id="15: last year of light work"),
        pytest.param(16, "exception", ("curriculum", "talent"), id="16: no light work"),
        pytest.param(17, "exception", ("curriculum", "talent"), id="17: still a child"),
        pytest.param(18, "adult", (), id="18: not a child"),
    ],
)
def test_verdict_by_age(age: int, verdict: str, exceptions: tuple[str, ...]) -> None:
    answer = eligibility.pu_child_work(_born(age), DAY)
    assert (answer.age, answer.verdict, answer.exceptions, answer.youngest) == (age, verdict, exceptions, 13)


def test_the_thirteenth_birthday_is_the_first_day_allowed() -> None:
    birth = dt.date(2013, 3, 10)
    assert eligibility.pu_child_work(birth, dt.date(2026, 3, 9)).verdict == "too_young"
    assert eligibility.pu_child_work(birth, dt.date(2026, 3, 10)).verdict == "exception"


def test_the_eighteenth_birthday_ends_childhood() -> None:
    birth = dt.date(2008, 3, 10)
    assert eligibility.pu_child_work(birth, dt.date(2026, 3, 9)).verdict == "exception"
    assert eligibility.pu_child_work(birth, dt.date(2026, 3, 10)).verdict == "adult"


def test_the_act_applies_from_the_day_it_was_promulgated() -> None:
    assert eligibility.pu_child_work(_born(5, day=ACT), ACT).verdict == "too_young"
    with pytest.raises(RulesNotCoveredError):
        eligibility.pu_child_work(_born(5, day=ACT), ACT - dt.timedelta(days=1))


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=DAY))
def test_the_verdict_follows_the_age_in_whole_years(birth: dt.date) -> None:
    age = eligibility.age_on(birth, DAY)
    expected = "adult" if age >= 18 else "too_young" if age < 13 else "exception"
    answer = eligibility.pu_child_work(birth, DAY)
    assert (answer.age, answer.verdict) == (age, expected)
    assert ("light_work" in answer.exceptions) is (13 <= age <= 15)
