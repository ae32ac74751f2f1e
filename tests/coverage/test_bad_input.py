"""Bad input on the coverage forms (found by the session-11 form walk): a clear outcome, never a server error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from lindung.coverage.models import FollowUp
from lindung.coverage.refresh import coverage_refresh
from tests.coverage.conftest import AS_OF
from tests.coverage.factories import City, make_membership, make_worker

pytestmark = pytest.mark.django_db


def _client(city: City, role: str) -> Client:
    client = Client()
    client.force_login(city.world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("target", ["999999999", "abc", "coverage_dashboard", "/cakupan/\x00", "//evil.example/", ""])
def test_a_next_that_is_not_a_path_on_this_site_falls_back(refreshed: City, target: str) -> None:
    """A bare word was taken by ``redirect`` for a view name (NoReverseMatch, a 500); now only ``/...`` is followed."""
    coordinator = _client(refreshed, "coordinator")
    form = {"kind": "village", "subject": "12.71.02.1002", "agency": "dishub", "figure": "2,5%", "next": target}
    response = coordinator.post(reverse("coverage_assign"), form)
    assert response.status_code == 302 and response["Location"] == reverse("coverage_gaps")
    followup = FollowUp.objects.get()
    status = coordinator.post(
        reverse("coverage_followup_status", args=[followup.pk]), {"status": "done", "next": target}
    )
    assert status.status_code == 302 and status["Location"] == reverse("coverage_followups")
    followup.refresh_from_db()
    assert followup.status == "done"


def test_a_next_on_this_site_is_followed(refreshed: City) -> None:
    coordinator = _client(refreshed, "coordinator")
    form = {"kind": "village", "subject": "12.71.02.1002", "agency": "dishub", "next": "/cakupan/kesenjangan/?x=1"}
    assert coordinator.post(reverse("coverage_assign"), form)["Location"] == "/cakupan/kesenjangan/?x=1"


def test_a_member_without_a_kelurahan_does_not_break_the_dashboard(city: City) -> None:
    """A worker recorded without a kelurahan is counted under "Tidak diketahui"; its district row has no page to
    link to (``{% url 'coverage_district' '' %}`` was a NoReverseMatch: the whole dashboard answered 500)."""
    make_membership(make_worker(city.world.medan, None), employer=city.world.employer, start=dt.date(2025, 3, 1))
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    response = _client(city, "coordinator").get(reverse("coverage_dashboard"))
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="district-table"' in page
    assert "<td>Tidak diketahui</td>" in page
