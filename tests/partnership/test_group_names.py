"""A stakeholder group is named in the reader's language wherever partnership shows one.

The region profile names each group in Indonesian (``name_id``) and English (``name_en``); an event's audience,
an agency's groups, the choices of the agency and event forms and the PKS draft follow the language switch.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lindung.core.models import Agency
from lindung.partnership import exports
from lindung.partnership.models import Event
from tests.factories import World
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
BAHASA, ENGLISH = "Pengemudi ojek (pangkalan dan daring)", "Motorcycle-taxi drivers"
STREET_ID, STREET_EN = "Pedagang kaki lima", "Street vendors"


def _page(client: Client, language: str, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


@pytest.fixture
def groups(world: World, pw: PartnershipWorld) -> PartnershipWorld:
    Event.objects.filter(pk=pw.event.pk).update(audience_group="ojek_driver")
    Agency.objects.filter(pk=world.agency.pk).update(stakeholder_groups=["ojek_driver", "street_vendor"])
    world.agency.refresh_from_db()
    return pw


@pytest.mark.parametrize("role", ["coordinator", "agency_officer", "auditor"])
def test_the_event_page_names_its_audience_in_the_readers_language(
    groups: PartnershipWorld, client_for: Callable[[str], Client], role: str
) -> None:
    url = reverse("partnership_event", args=[groups.event.code])
    bahasa, english = _page(client_for(role), "id", url), _page(client_for(role), "en", url)
    assert BAHASA in bahasa and ENGLISH not in bahasa
    assert ENGLISH in english and BAHASA not in english


def test_the_agency_page_and_its_form_name_the_groups_in_the_readers_language(
    world: World, groups: PartnershipWorld, client_for: Callable[[str], Client]
) -> None:
    coordinator = client_for("coordinator")
    for name in ("partnership_agency", "partnership_agency_edit"):
        url = reverse(name, args=[world.agency.pk])
        bahasa, english = _page(coordinator, "id", url), _page(coordinator, "en", url)
        assert BAHASA in bahasa and STREET_ID in bahasa and ENGLISH not in bahasa, name
        assert ENGLISH in english and STREET_EN in english and BAHASA not in english, name


def test_the_event_form_offers_the_groups_in_the_readers_language(
    groups: PartnershipWorld, client_for: Callable[[str], Client]
) -> None:
    url = reverse("partnership_event_create")
    bahasa, english = _page(client_for("coordinator"), "id", url), _page(client_for("coordinator"), "en", url)
    assert BAHASA in bahasa and ENGLISH not in bahasa
    assert ENGLISH in english and BAHASA not in english


def test_the_pks_draft_names_the_groups_in_its_language(world: World, groups: PartnershipWorld) -> None:
    with translation.override("en"):
        assert exports.group_names(world.agency) == [ENGLISH, STREET_EN]
    with translation.override("id"):
        assert exports.group_names(world.agency) == [BAHASA, STREET_ID]
    Agency.objects.filter(pk=world.agency.pk).update(stakeholder_groups=["a_group_since_removed"])
    world.agency.refresh_from_db()
    assert exports.group_names(world.agency) == ["a_group_since_removed"]
