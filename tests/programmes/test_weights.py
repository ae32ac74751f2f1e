"""Priority weights are whole points from 0 to 100 per criterion: anything else is refused, worded, nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lindung.programmes.models import DEFAULT_WEIGHTS, MAX_WEIGHT, Programme
from lindung.programmes.services import FundingInput, programme_create, programme_update
from tests.factories import World
from tests.programmes.builders import TODAY, make_programme

MESSAGE = "Bobot prioritas harus bilangan bulat dari 0 sampai 100."
FORM = {"year": 2027, "name": "P", "budget": 1_000_000_000, "programs": ["JKK", "JKM"], "declared_income": 1_000_000,
        "first_month": 1, "last_month": 12, "min_age": 18, "max_age": 65, "verify_days": 5, "budget_days": 5,
        "enrol_days": 7, "source_0": "city", "share_0": "100"}  # fmt: skip


def _create(world: World, weights: dict[str, Any]) -> Programme:
    return programme_create(region=world.medan, year=2027, name="P", budget=1_000_000_000, programs=["JKK", "JKM"],
                            declared_income=1_000_000, funding=[FundingInput("city", 10_000)],
                            priority_weights=weights)  # fmt: skip


@pytest.mark.parametrize("weight", [-1, MAX_WEIGHT + 1, 10**30, "40", 2.5, True, None])
def test_a_weight_outside_0_to_100_or_not_a_whole_number_is_refused(world: World, weight: object) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(world, {"disability": weight})
    assert refused.value.message_dict == {"priority_weights": [MESSAGE]}
    assert not Programme.objects.exists()


def test_the_bounds_themselves_are_accepted(world: World) -> None:
    programme = _create(world, {"disability": 0, "female_head_of_household": MAX_WEIGHT})
    assert programme.priority_weights == {**DEFAULT_WEIGHTS, "disability": 0, "female_head_of_household": 100}


@hypothesis_settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(weight=st.integers(min_value=-(2**70), max_value=2**70))
def test_an_update_keeps_the_old_weights_unless_the_new_one_is_in_bounds(world: World, weight: int) -> None:
    programme = Programme.objects.first() or make_programme(world)
    before = dict(programme.priority_weights)
    try:
        programme_update(programme=programme, today=TODAY, priority_weights={**before, "disability": weight})
    except ValidationError:
        assert not 0 <= weight <= MAX_WEIGHT
    else:
        assert 0 <= weight <= MAX_WEIGHT
    programme.refresh_from_db()
    assert programme.priority_weights["disability"] == (weight if 0 <= weight <= MAX_WEIGHT else before["disability"])
    Programme.objects.filter(pk=programme.pk).update(priority_weights=before)


@pytest.mark.parametrize(
    ("language", "message"), [("id", MESSAGE), ("en", "Priority weights are whole numbers from 0 to 100.")]
)
def test_the_form_refuses_a_huge_weight_in_the_readers_language(world: World, language: str, message: str) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.post("/program-rentan/baru/", {**FORM, "weight_disability": "1000000000000000000000"})
    assert page.status_code == 200 and message in page.content.decode()
    assert not Programme.objects.exists()
