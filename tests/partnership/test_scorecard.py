"""The agency scorecard: PKS status, targets against enrolled, paying and events, by month; sortable; scoped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindung.partnership.models import Pks
from lindung.partnership.selectors.reminders import pks_reminders
from lindung.partnership.selectors.scorecard import agency_scorecard, scorecard_totals
from tests.factories import World
from tests.partnership.factories import TODAY, PartnershipWorld, make_event

pytestmark = pytest.mark.django_db


def test_each_agency_with_its_pks_state_targets_and_actuals(pw: PartnershipWorld, world: World) -> None:
    rows = {r.agency.code: r for r in agency_scorecard(user=world.users["coordinator"], year=2026, as_of=TODAY)}
    assert set(rows) == {"dishub", "dinsos"}, "agencies of the MoU (or with a PKS) in the coordinator's region"
    dishub = rows["dishub"]
    assert (dishub.status, dishub.target_workers, dishub.target_events, dishub.budget) == ("active", 10, 4, 50_000_000)
    # 2026 registrations attributed to Dishub or to an employer it is responsible for: the two event registrations.
    assert (dishub.enrolled, dishub.paying, dishub.events_held, dishub.pct_enrolled) == (2, 2, 1, 20.0)
    assert dishub.trend[1] == 1 and dishub.trend[3] == 1 and sum(dishub.trend) == 2
    assert (rows["dinsos"].status, rows["dinsos"].target_workers, rows["dinsos"].events_held) == ("draft", 0, 1)
    assert scorecard_totals(list(rows.values())).events_held == 2


def test_planned_events_are_not_counted_as_held(pw: PartnershipWorld, world: World) -> None:
    make_event(world.medan, [world.agency], dt.date(2026, 9, 1))
    row = agency_scorecard(user=world.users["coordinator"], year=2026, as_of=TODAY, agency_id=world.agency.pk)[0]
    assert (row.events_held, row.events_planned) == (1, 1)


def test_sortable_by_each_column_both_ways(pw: PartnershipWorld, world: World) -> None:
    expected = {"name": "dishub", "-name": "dinsos", "-enrolled": "dishub", "status": "dinsos", "-status": "dishub",
                "-pct": "dishub", "-events": "dinsos", "bogus": "dishub"}  # fmt: skip
    user = world.users["coordinator"]
    firsts = {sort: agency_scorecard(user=user, year=2026, as_of=TODAY, sort=sort)[0].agency.code for sort in expected}
    assert firsts == expected


def test_agency_officer_sees_its_own_agency_only(pw: PartnershipWorld, world: World) -> None:
    rows = agency_scorecard(user=world.users["agency_officer"], year=2026, as_of=TODAY)
    assert [r.agency.code for r in rows] == ["dishub"] and rows[0].enrolled == 2
    assert agency_scorecard(user=world.users["employer"], year=2026, as_of=TODAY) == []
    assert agency_scorecard(user=world.users["no_role"], year=2026, as_of=TODAY) == []


def test_scorecard_page_lists_every_agency_in_a_fixed_number_of_queries(
    pw: PartnershipWorld, world: World, client_for: Callable[[str], Client], django_assert_max_num_queries: object
) -> None:
    client = client_for("coordinator")
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        response = client.get(reverse("partnership_scorecard"), {"tahun": 2026})
    body = response.content.decode()
    assert response.status_code == 200 and body.count('data-testid="scorecard-row"') == 2
    assert "Dinas Perhubungan" in body and "Berlaku" in body and "Draf" in body


def test_reminders_for_a_stuck_step_and_an_expiry_within_60_days(pw: PartnershipWorld) -> None:
    stuck = pks_reminders(
        pks=Pks.objects.filter(pk=pw.other_pks.pk), today=timezone.localdate() + dt.timedelta(days=31)
    )
    assert [(r.kind, r.limit) for r in stuck] == [("stuck", 30)] and "Dinas Sosial" in stuck[0].message
    assert pks_reminders(pks=Pks.objects.filter(pk=pw.other_pks.pk), today=timezone.localdate()) == []
    expiring = pks_reminders(pks=Pks.objects.filter(pk=pw.pks.pk), today=dt.date(2027, 11, 15))
    assert [(r.kind, r.days) for r in expiring] == [("expiring", 46)] and "Siapkan perpanjangan" in expiring[0].message
