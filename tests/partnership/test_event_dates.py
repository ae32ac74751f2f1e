"""An event's date lies between 1 January of the year before the region's first MoU (2017 without an MoU) and
31 December of next year; outside it is refused on every path, with the allowed range named, and nothing saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lindung.partnership import services
from lindung.partnership.models import Event
from tests.factories import World, make_region
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
NEXT_YEAR_END = dt.date(timezone.localdate().year + 1, 12, 31)


def _create(world: World, held_on: dt.date) -> Event:
    return services.event_create(region=world.medan, title="Sosialisasi", held_on=held_on, organisers=[world.agency])


def test_the_window_follows_the_first_mou(pw: PartnershipWorld, world: World) -> None:
    today = dt.date(2026, 3, 1)
    assert services.event_date_window(region=world.medan, today=today) == (dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    no_mou = make_region("12.99", "Kota Tanpa MoU", "tanpa-mou")
    assert services.event_date_window(region=no_mou, today=today) == (dt.date(2017, 1, 1), dt.date(2027, 12, 31))


@pytest.mark.parametrize("held_on", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2023, 12, 31)])
def test_an_absurd_date_is_refused_naming_the_range(pw: PartnershipWorld, world: World, held_on: dt.date) -> None:
    before = Event.objects.count()
    with pytest.raises(ValidationError) as refused:
        _create(world, held_on)
    assert f"antara 01-01-2024 dan {NEXT_YEAR_END:%d-%m-%Y}" in " ".join(refused.value.messages)
    assert Event.objects.count() == before


def test_the_first_and_last_day_of_the_window_are_accepted(pw: PartnershipWorld, world: World) -> None:
    assert _create(world, dt.date(2024, 1, 1)).held_on == dt.date(2024, 1, 1)
    assert _create(world, NEXT_YEAR_END).held_on == NEXT_YEAR_END


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(held_on=st.dates())
def test_any_date_is_saved_exactly_when_it_is_inside_the_window(
    pw: PartnershipWorld, world: World, held_on: dt.date
) -> None:
    first, last = services.event_date_window(region=world.medan, today=timezone.localdate())
    try:
        _create(world, held_on)
        saved = True
    except ValidationError:
        saved = False
    assert saved == (first <= held_on <= last)


def test_the_page_refuses_it_in_the_readers_language(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    client = client_for("agency_officer")
    data = {"title": "Sosialisasi abad", "held_on": "9999-12-31", "organisers": [world.agency.pk], "attendance": "4"}
    body = client.post(reverse("partnership_event_create"), data).content.decode()
    assert "Tanggal acara 31-12-9999 di luar rentang yang diterima: antara 01-01-2024 dan" in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.post(reverse("partnership_event_create"), {**data, "held_on": "0001-01-01"}).content.decode()
    assert "Event date 01-01-0001 is outside the accepted range: between 01-01-2024 and" in body
    assert not Event.objects.filter(title="Sosialisasi abad").exists()


def test_moving_an_event_out_of_the_window_is_refused_but_an_old_date_may_stay(
    pw: PartnershipWorld, world: World
) -> None:
    event = _create(world, dt.date(2024, 6, 1))
    event.held_on = dt.date(1999, 6, 1)
    with pytest.raises(ValidationError, match="di luar rentang"):
        event.full_clean()  # the admin's path
    Event.objects.filter(pk=event.pk).update(held_on=dt.date(2016, 6, 1))  # recorded before the rule
    event.refresh_from_db()
    services.event_update_outcome(event=event, attendance=10, cost=None)
    assert Event.objects.get(pk=event.pk).attendance == 10
