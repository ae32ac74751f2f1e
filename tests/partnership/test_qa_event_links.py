"""Exploratory QA of the event page: every link it shows opens for the user who sees it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from tests.factories import World
from tests.partnership.factories import make_event


def test_a_co_organiser_outside_the_scope_is_named_but_not_linked(
    world: World, client_for: Callable[[str], Client]
) -> None:
    """Given an event of Dishub run together with Dinas Sosial, Dishub's officer sees both names; only its own
    agency is a link, because Dinas Sosial's page answers 404 to that officer."""
    event = make_event(world.medan, [world.agency, world.other_agency], dt.date(2026, 2, 10))
    officer = client_for("agency_officer")
    page = officer.get(reverse("partnership_event", args=[event.code])).text
    assert world.agency.name in page and world.other_agency.name in page
    linked = {int(pk) for pk in re.findall(r'href="/kemitraan/perangkat-daerah/(\d+)/"', page)}
    assert linked == {world.agency.pk}
    assert all(officer.get(reverse("partnership_agency", args=[pk])).status_code == 200 for pk in linked)
    coordinator_page = client_for("coordinator").get(reverse("partnership_event", args=[event.code])).text
    both = {int(pk) for pk in re.findall(r'href="/kemitraan/perangkat-daerah/(\d+)/"', coordinator_page)}
    assert both == {world.agency.pk, world.other_agency.pk}
