"""The PKS page's history gives each step's local date and time in words, in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from lindung.partnership.models import PksTransition
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def test_a_step_made_at_night_utc_shows_the_next_day_in_wib(pw: PartnershipWorld, client_for: Clients) -> None:
    """A step at 20:41 UTC on 24 Nov is 03:41 WIB on the 25th; shown as words, not as an ISO timestamp."""
    url = reverse("partnership_pks", args=[pw.other_pks.pk])
    client = client_for("coordinator")
    assert client.post(url, {"action": "step", "to_status": "in_review"}).status_code == 302
    assert PksTransition.objects.filter(pks=pw.other_pks).update(at=dt.datetime(2026, 11, 24, 20, 41, tzinfo=dt.UTC))
    history = client.get(url).content.decode().split('data-testid="pks-history"')[1].split("</ol>")[0]
    assert "25 November 2026 03:41" in history and "2026-11-2" not in history
    client.cookies["django_language"] = "en"
    history = client.get(url).content.decode().split('data-testid="pks-history"')[1].split("</ol>")[0]
    assert "25 November 2026 03:41" in history
