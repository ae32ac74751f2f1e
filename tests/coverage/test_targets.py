"""The RPJMD target: seeded from targets.yaml as an assumption, confirmed or replaced by dated entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.coverage.goal_services import coverage_target_set
from lindung.coverage.models import CoverageTarget
from lindung.coverage.refresh import coverage_refresh
from lindung.coverage.selectors.goals import coverage_goals
from lindung.coverage.targets import CoverageGoal, goal_on, region_targets
from tests.coverage.conftest import AS_OF
from tests.coverage.factories import City
from tests.coverage.test_views import DASHBOARD, body, client_for

pytestmark = pytest.mark.django_db
TARGETS = reverse("coverage_targets")
FORM = {
    "wilayah": "12.71",
    "effective_from": "2026-01-05",
    "label": "UCJ 2029 — Perda RPJMD Kota Medan 2025–2029",
    "target_date": "2029-12-31",
    "target_pct": "72,5",
    "baseline_date": "2025-09-30",
    "baseline_pct": "55,55",
    "baseline_note": "BPS, September 2025",
    "source_document": "Perda Kota Medan 1/2025 tentang RPJMD 2025–2029, Bab VI",
    "confirmed": "on",
}


def test_the_refresh_seeds_the_yaml_goal_once_as_an_unconfirmed_assumption(refreshed: City) -> None:
    [seed] = CoverageTarget.objects.filter(region=refreshed.world.medan)
    yaml_goal = region_targets("12.71").goal
    assert yaml_goal is not None
    assert (seed.target_pct, seed.baseline_pct, seed.confirmed) == (Decimal("100.00"), Decimal("55.55"), False)
    assert seed.effective_from == yaml_goal.baseline_date and "Nota Kesepakatan" in seed.source_document
    coverage_refresh(region=refreshed.world.medan, as_of=AS_OF)
    assert CoverageTarget.objects.filter(region=refreshed.world.medan).count() == 1


def test_the_dashboard_names_the_source_and_labels_the_assumption(refreshed: City) -> None:
    page = body(client_for(refreshed.world, "coordinator").get(DASHBOARD))
    assert "target RPJMD (sumber: Nota Kesepakatan Pemko Medan" in page
    assert 'data-testid="goal-assumption"' in page and "asumsi, belum dikonfirmasi" in page


def test_the_coordinator_records_a_confirmed_target_and_the_dashboard_follows_it(refreshed: City) -> None:
    client = client_for(refreshed.world, "coordinator")
    response = client.post(TARGETS, FORM)
    assert response.status_code == 302
    stored = CoverageTarget.objects.get(region=refreshed.world.medan, effective_from=dt.date(2026, 1, 5))
    assert (stored.target_pct, stored.confirmed, stored.recorded_by) == (
        Decimal("72.50"),
        True,
        refreshed.world.users["coordinator"],
    )
    board = client.get(DASHBOARD).context["board"]
    assert board.goal.goal.target_pct == 72.5 and board.goal.goal.confirmed
    page = body(client.get(DASHBOARD))
    assert "sumber: Perda Kota Medan 1/2025" in page and 'data-testid="goal-assumption"' not in page
    trend = {point.as_of: point.target for point in board.trend}
    assert trend[dt.date(2025, 12, 31)] == _seed_path(dt.date(2025, 12, 31)), "the seed is in force before 5 Jan"
    assert trend[AS_OF] == board.goal.goal.pct_on(AS_OF)
    history = client.get(TARGETS).context["history"]
    assert [t.effective_from for t in history] == [dt.date(2026, 1, 5), dt.date(2025, 9, 30)]
    assert client.post(TARGETS, FORM | {"target_pct": "73"}).status_code == 302, "same date: a correction"
    assert CoverageTarget.objects.filter(region=refreshed.world.medan).count() == 2
    assert CoverageTarget.objects.get(effective_from=dt.date(2026, 1, 5)).target_pct == Decimal("73.00")


def _seed_path(day: dt.date) -> float:
    goal = region_targets("12.71").goal
    assert goal is not None
    return goal.pct_on(day)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target_pct": "150"}, "antara 0 dan 100"),
        ({"target_pct": "banyak"}, "angka persen"),
        ({"target_date": "2025-01-01"}, "sesudah tanggal titik awal"),
        ({"source_document": " "}, "This field is required"),
    ],
)
def test_bad_input_gives_a_clear_message_and_writes_nothing(refreshed: City, change: dict, message: str) -> None:
    client = client_for(refreshed.world, "coordinator")
    client.cookies["django_language"] = "en" if "required" in message else "id"
    response = client.post(TARGETS, FORM | change)
    assert response.status_code == 200 and message in body(response)
    assert CoverageTarget.objects.filter(region=refreshed.world.medan).count() == 1


@pytest.mark.parametrize(("role", "status"), [("auditor", 200), ("branch_officer", 200), ("agency_officer", 404)])
def test_who_may_read_and_who_may_edit(refreshed: City, role: str, status: int) -> None:
    client = client_for(refreshed.world, role)
    response = client.get(TARGETS)
    assert response.status_code == status
    if status == 200:
        assert 'data-testid="target-form"' not in body(response)
        refused = client.post(TARGETS, FORM)
        reason = "Auditor hanya membaca" if role == "auditor" else "Hanya koordinator kota dan administrator"
        assert refused.status_code == 403 and reason in body(refused)
    with pytest.raises(PermissionDenied):
        coverage_target_set(
            user=refreshed.world.users[role],
            region=refreshed.world.medan,
            effective_from=dt.date(2026, 1, 5),
            label="x",
            target_date=dt.date(2030, 1, 1),
            target_pct="90",
            baseline_date=dt.date(2025, 1, 1),
            baseline_pct="50",
            source_document="x",
            confirmed=True,
        )
    assert CoverageTarget.objects.filter(region=refreshed.world.medan).count() == 1


def test_without_a_stored_target_the_yaml_assumption_is_read(city: City) -> None:
    [goal] = coverage_goals(region=city.world.medan)
    assert goal.confirmed is False and goal.target_pct == 100.0
    with pytest.raises(ValidationError, match="dokumen sumber"):
        coverage_target_set(
            user=city.world.users["admin"],
            region=city.world.medan,
            effective_from=dt.date(2026, 1, 5),
            label="x",
            target_date=dt.date(2030, 1, 1),
            target_pct="90",
            baseline_date=dt.date(2025, 1, 1),
            baseline_pct="50",
            source_document="",
            confirmed=True,
        )


def _goal(effective: dt.date) -> CoverageGoal:
    return CoverageGoal(
        "g", dt.date(2030, 12, 31), 100.0, dt.date(2020, 1, 1), 50.0, "", "", (), effective_from=effective
    )


@settings(max_examples=50, deadline=None)
@given(
    days=st.lists(st.dates(dt.date(2021, 1, 1), dt.date(2030, 1, 1)), min_size=1, max_size=5, unique=True),
    day=st.dates(dt.date(2020, 1, 1), dt.date(2031, 1, 1)),
)
def test_the_goal_in_force_is_the_latest_effective_on_or_before_the_day(days: list[dt.date], day: dt.date) -> None:
    goals = [_goal(effective) for effective in days]
    chosen = goal_on(goals, day)
    assert chosen is not None and chosen.effective_from is not None
    earlier = [effective for effective in days if effective <= day]
    assert chosen.effective_from == (max(earlier) if earlier else min(days))
