"""The home and region pages read coverage's snapshots: the same figures as the registry, never its rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindung.coverage.refresh import coverage_refresh
from lindung.registry.models import Membership
from tests.coverage.conftest import AS_OF, city_with_members
from tests.coverage.factories import City, make_membership, make_worker
from tests.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(world: World) -> City:
    return city_with_members(world)


@pytest.fixture
def refreshed(city: City) -> City:
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    return city


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _live_by_district(**where: object) -> dict[str, int]:
    """What the registry says on AS_OF: persons with an active membership, by the kecamatan they live in."""
    active = Membership.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=AS_OF), valid_from__lte=AS_OF, worker__region__code="12.71", **where
    )
    rows = active.values_list("worker__village__district__code").annotate(n=Count("worker", distinct=True))
    return {code: n for code, n in rows.order_by() if code}


def test_before_the_first_refresh_the_pages_say_the_figures_are_not_computed(city: City) -> None:
    client = _client(city.world, "coordinator")
    home = client.get(reverse("home"))
    assert home.context["summary"].active is None
    assert "angka cakupan belum dihitung" in home.content.decode()
    region = client.get(reverse("region_detail"))
    assert region.context["figures"].state == "empty"
    assert 'data-testid="coverage-not-computed"' in region.content.decode()
    assert [row.active for row in region.context["districts"]] == [None, None]
    district = client.get(reverse("district_detail", args=[city.south.code]))
    assert 'data-testid="coverage-not-computed"' in district.content.decode()


def test_region_pages_show_the_snapshot_and_never_read_memberships(refreshed: City) -> None:
    client = _client(refreshed.world, "coordinator")
    with CaptureQueriesContext(connection) as queries:
        region = client.get(reverse("region_detail"))
        district = client.get(reverse("district_detail", args=[refreshed.south.code]))
        home = client.get(reverse("home"))
    assert not [q["sql"] for q in queries.captured_queries if "registry_membership" in q["sql"]]
    live = _live_by_district()
    shown = {row.place.code: row.active for row in region.context["districts"]}
    assert shown == {code: live.get(code, 0) for code in shown} and sum(shown.values()) > 0
    north = next(row for row in region.context["districts"] if row.place.code == "12.71.01")
    assert north.workforce == 160 and north.coverage_pct == round(100 * live["12.71.01"] / 160, 1)
    villages = {row.place.code: row.active for row in district.context["villages"]}
    assert sum(villages.values()) == live["12.71.02"] and set(villages) == {"12.71.02.1001", "12.71.02.1002"}
    assert home.context["summary"].active == sum(live.values())
    assert 'data-testid="coverage-as-of"' in region.content.decode()


def test_the_query_count_does_not_grow_with_the_members(refreshed: City) -> None:
    client = _client(refreshed.world, "coordinator")
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("region_detail"))
    for _ in range(20):
        make_membership(make_worker(refreshed.world.medan, refreshed.villages[1]))
    coverage_refresh(region=refreshed.world.medan, as_of=AS_OF)
    with CaptureQueriesContext(connection) as after:
        page = client.get(reverse("region_detail"))
    assert len(after.captured_queries) == len(before.captured_queries)
    assert {row.place.code: row.active for row in page.context["districts"]}["12.71.02"] == _live_by_district()[
        "12.71.02"
    ]


def test_an_agency_officer_sees_its_own_reach_without_rates(refreshed: City) -> None:
    w = refreshed.world
    page = _client(w, "agency_officer").get(reverse("region_detail"))
    reached = _live_by_district(employer__agency=w.agency)
    rows = page.context["districts"]
    assert {row.place.code: row.active for row in rows if row.active} == reached
    assert all(row.coverage_pct is None for row in rows)
    assert "dijangkau perangkat daerah Anda" in page.content.decode()


def test_an_employer_home_counts_its_own_memberships(refreshed: City) -> None:
    w = refreshed.world
    context = _client(w, "employer").get(reverse("home")).context
    assert context["summary"] is None, "an employer's home shows its own section, not the region's counters"
    assert (
        context["own"].active_workers == Membership.objects.filter(employer=w.employer, valid_to__isnull=True).count()
    )


@pytest.mark.parametrize("role", ["coordinator", "agency_officer"])
def test_home_reads_registered_workers_from_the_snapshot_as_the_registry_scope_counts_them(
    refreshed: City, role: str
) -> None:
    from lindung.core.scoping import scoped
    from lindung.registry.models import Worker

    user = refreshed.world.users[role]
    client = _client(refreshed.world, role)
    with CaptureQueriesContext(connection) as queries:
        summary = client.get(reverse("home")).context["summary"]
    assert not [q["sql"] for q in queries.captured_queries if "registry_worker" in q["sql"]]
    assert summary.workers == scoped(Worker.objects.filter(merged_into__isnull=True), user).count() > 0
