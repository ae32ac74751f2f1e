"""What coverage reads from billing and the partnership: the lapse feed and PKS targets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lindung.coverage import feeds
from lindung.coverage.selectors import gaps
from lindung.coverage.selectors.figures import coverage_snapshot_pick
from lindung.coverage.selectors.gaps import gap_lapsing
from lindung.coverage.selectors.targets import pks_progress
from lindung.coverage.selectors.view import coverage_view
from lindung.registry.models import Membership
from tests.coverage.conftest import AS_OF
from tests.coverage.factories import City
from tests.coverage.test_views import client_for

pytestmark = pytest.mark.django_db


def test_without_invoices_the_lapse_list_is_unavailable_not_empty(refreshed: City) -> None:
    assert feeds.unpaid_months_by_membership(region=refreshed.world.medan, as_of=AS_OF) is None
    assert gap_lapsing(user=refreshed.world.users["coordinator"], region=refreshed.world.medan, as_of=AS_OF) is None


def test_a_billing_feed_plugs_in_and_the_list_stays_in_scope(refreshed: City, monkeypatch: pytest.MonkeyPatch) -> None:
    w = refreshed.world
    own = Membership.objects.get(worker=w.worker)  # its employer is the agency's
    other = Membership.objects.get(worker=w.other_worker)
    unpaid = {own.pk: 4, other.pk: 3, 999_999: 5, Membership.objects.get(worker=w.foreign_worker).pk: 6}
    monkeypatch.setattr(feeds, "_plugin", lambda name: lambda *, region, as_of: unpaid | {refreshed.workers[0].pk: 2})
    coordinator = gap_lapsing(user=w.users["coordinator"], region=w.medan, as_of=AS_OF)
    assert [(row.membership.pk, row.months) for row in coordinator or []] == [(own.pk, 4), (other.pk, 3)]
    agency = gap_lapsing(user=w.users["agency_officer"], region=w.medan, as_of=AS_OF)
    assert [row.membership.pk for row in agency or []] == [own.pk]
    monkeypatch.setattr(gaps, "ID_BATCH", 1)  # many ids go to the database in batches
    again = gap_lapsing(user=w.users["coordinator"], region=w.medan, as_of=AS_OF)
    assert [(row.membership.pk, row.months) for row in again or []] == [(own.pk, 4), (other.pk, 3)]
    page = client_for(w, "coordinator").get(reverse("coverage_gaps_kind", args=["menunggak"]))
    assert [row.months for row in page.context["page"].object_list] == [4, 3]
    assert own.worker.nik_masked in page.content.decode()


def test_pks_targets_against_the_registrations_since_the_period_began(refreshed: City) -> None:
    from lindung.partnership.models import Mou, Pks, PksTarget

    w = refreshed.world
    mou = Mou.objects.create(
        region=w.medan,
        number="1/2025",
        title="Nota",
        signed_on=dt.date(2025, 8, 1),
        valid_from=dt.date(2025, 8, 1),
        valid_to=dt.date(2030, 12, 31),
        city_signatory="Wali Kota",
        branch_signatory="Kepala Cabang",
    )
    pks = Pks.objects.create(
        mou=mou, agency=w.other_agency, title="PKS Dinsos", status="active", status_changed_at=timezone.now()
    )
    PksTarget.objects.create(pks=pks, period_start=dt.date(2025, 9, 1), period_end=dt.date(2026, 8, 31), workers=10)
    view = coverage_view(user=w.users["coordinator"])
    assert view is not None
    pick = coverage_snapshot_pick(user=w.users["coordinator"], region=w.medan, as_of=None)
    [progress] = pks_progress(view=view, pick=pick) or []
    assert (progress.target, progress.new_since_start, progress.reached_now) == (10, 1, 2)
    assert progress.pct == 10.0
    officer = coverage_view(user=w.users["agency_officer"])
    assert officer is not None and pks_progress(view=officer, pick=pick) == [], "another agency's PKS"


def test_billing_can_add_its_own_reasons_to_the_pds_list(city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    from lindung.coverage.models import EmployerCompliance
    from lindung.coverage.refresh import coverage_refresh

    w = city.world
    flags = {w.employer.pk: ["arrears"], w.other_employer.pk: ["arrears"], 999_999: ["arrears"]}
    monkeypatch.setattr(feeds, "_plugin", lambda name: (lambda *, region, as_of: flags) if "flags" in name else None)
    coverage_refresh(region=w.medan, as_of=AS_OF)
    reasons = dict(EmployerCompliance.objects.values_list("employer_id", "reasons"))
    assert reasons[w.employer.pk] == ["wage", "programme", "headcount", "arrears"]
    assert "arrears" in reasons[w.other_employer.pk] and 999_999 not in reasons
