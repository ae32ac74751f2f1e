"""The benefit calculator's page offers every field each of its events requires: submitted as the page sends
them, every event gets an answer, not a "required" error."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.web.calculator import BENEFIT_EVENTS
from tests.factories import World

pytestmark = pytest.mark.django_db

#: What a user types for each event, in the page's own fields (the page hides and disables the others).
FILLED: dict[str, dict[str, Any]] = {
    "death": {"contribution_months": "60", "children_levels": ["tk_sd", ""]},
    "work_accident_death": {"monthly_wage": "5.000.000", "children_levels": ["smp", "sma"]},
    "total_permanent_disability": {"monthly_wage": "5.000.000", "children_levels": ["", ""]},
    "temporary_incapacity": {"monthly_wage": "5.000.000", "incapacity_months": "3"},
    "phk": {"monthly_wage": "5.000.000", "contribution_months": "18", "phk_date": "2026-11-01"},
    "jht": {"jht_trigger": "resignation", "jht_balance": "25.000.000", "event_date": "2026-09-30"},
    "jp_old_age": {"monthly_wage": "5.000.000", "contribution_months": "60", "birth_date": "1960-01-01",
                   "jp_balance": "12.000.000"},
}  # fmt: skip


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.users["coordinator"], backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_event_on_the_page_is_filled_in(world: World) -> None:
    assert set(FILLED) == set(BENEFIT_EVENTS)
    body = _client(world).get(reverse("calc")).content.decode()
    for fields in FILLED.values():
        for name in fields:
            assert f'name="{name}"' in body, name


@pytest.mark.parametrize("event", BENEFIT_EVENTS)
def test_each_event_is_answered_from_the_pages_fields(world: World, event: str) -> None:
    data = {"event": event, "date": "2026-11-24", **FILLED[event]}
    response = _client(world).post(reverse("calc_run", args=["manfaat"]), data)
    assert response.status_code == 200, response.content.decode()[:400]
    assert response.context["ok"] and response.context["result"]["amounts"]


def test_children_left_at_dash_are_not_sent_and_the_levels_are_worded(world: World) -> None:
    client = _client(world)
    data = {"event": "death", "date": "2026-11-24", "contribution_months": "60", "children_levels": ["", "smp"]}
    response = client.post(reverse("calc_run", args=["manfaat"]), data)
    assert response.status_code == 200 and response.context["input"]["children_levels"] == ["smp"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("calc")).content.decode()
    assert "Reason for the JHT claim" in body and "Fixed-term contract (PKWT) ended" in body
