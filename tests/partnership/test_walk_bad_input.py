"""Found walking the partnership pages as each role in both languages: query strings no page may fail on, and
a PKS step that must not be taken without what the officer typed with it."""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lindung.partnership.models import PksTransition
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]
#: A number past SQLite's 64-bit integers, and a digit ``str.isdigit`` accepts but ``int`` refuses.
QUERIES = ["99999999999999999999", "²", "-1", "abc", ""]


@pytest.mark.parametrize("value", QUERIES)
@pytest.mark.parametrize("role", ["coordinator", "agency_officer"])
def test_lists_read_any_agency_or_year_in_the_query_string(
    pw: PartnershipWorld, client_for: Clients, role: str, value: str
) -> None:
    client = client_for(role)
    for url in (reverse("partnership_events"), reverse("partnership_scorecard")):
        response = client.get(url, {"perangkat": value, "tahun": value, "page": value})
        assert response.status_code == 200, (url, value)


@pytest.mark.parametrize(
    ("language", "refusal"),
    [("id", "Pastikan nilai ini mengandung paling banyak 300 karakter"),
     ("en", "Ensure this value has at most 300 characters")],
)  # fmt: skip
def test_a_step_with_a_note_too_long_is_refused_not_taken_without_it(
    pw: PartnershipWorld, client_for: Clients, language: str, refusal: str
) -> None:
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url, steps = reverse("partnership_pks", args=[pw.other_pks.pk]), PksTransition.objects.count()
    page = client.post(url, {"action": "step", "to_status": "in_review", "note": "x" * 301}, follow=True)
    assert refusal in html.unescape(page.content.decode())
    pw.other_pks.refresh_from_db()
    assert (pw.other_pks.status, PksTransition.objects.count()) == ("draft", steps), "nothing saved"
    client.post(url, {"action": "step", "to_status": "in_review", "note": "Diteruskan ke Bagian Hukum"})
    pw.other_pks.refresh_from_db()
    assert pw.other_pks.status == "in_review"
    assert PksTransition.objects.filter(pks=pw.other_pks).latest("at").note == "Diteruskan ke Bagian Hukum"


def test_the_api_refuses_a_step_note_too_long_rather_than_cut_it(pw: PartnershipWorld, client_for: Clients) -> None:
    client, url = client_for("coordinator"), f"/api/v1/partnership/pks/{pw.other_pks.pk}/steps"
    steps = PksTransition.objects.count()
    refused = client.post(url, {"to_status": "in_review", "note": "x" * 301}, content_type="application/json")
    assert refused.status_code == 422
    pw.other_pks.refresh_from_db()
    assert (pw.other_pks.status, PksTransition.objects.count()) == ("draft", steps)
    taken = client.post(url, {"to_status": "in_review", "note": "x" * 300}, content_type="application/json")
    assert taken.status_code == 200 and taken.json()["status"] == "in_review"
