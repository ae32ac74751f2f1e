"""The BPU registration age (bpu.registration_age): both ends inclusive, cited, and confidence recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.rules import eligibility
from lindung.rules.errors import RulesNotCoveredError
from lindung.rules.params import parameter

DAY = dt.date(2026, 3, 10)


def test_the_range_is_18_to_65_with_its_reference() -> None:
    (low, high), entry = eligibility.bpu_age_range(DAY)
    assert (low, high) == (18, 65)
    assert "Permenaker 5/2021" in entry.reference.regulation
    assert entry.confidence == "low-medium"
    assert "Why 18-65" in (entry.note or "")


@pytest.mark.parametrize(
    ("birth", "ok"),
    [
        pytest.param(dt.date(2008, 3, 10), True, id="18 on the day"),
        pytest.param(dt.date(2008, 3, 11), False, id="17, a day short of 18"),
        pytest.param(dt.date(1960, 3, 11), True, id="65, a day before turning 66"),
        pytest.param(dt.date(1960, 3, 10), False, id="66 on the day"),
    ],
)
def test_both_ends_are_inclusive(birth: dt.date, ok: bool) -> None:
    assert eligibility.bpu_registration_age_ok(birth, DAY)[0] is ok


def test_no_value_before_bpu_participation_began() -> None:
    assert parameter("bpu.registration_age").at(dt.date(2015, 6, 30)) is None
    with pytest.raises(RulesNotCoveredError):
        eligibility.bpu_age_range(dt.date(2015, 6, 30))


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_the_check_agrees_with_the_age_in_whole_years(birth: dt.date) -> None:
    age = DAY.year - birth.year - ((DAY.month, DAY.day) < (birth.month, birth.day))
    assert eligibility.bpu_registration_age_ok(birth, DAY)[0] is (18 <= age <= 65)
