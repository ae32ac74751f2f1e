"""The what-if planner: workers, who from the waiting list, coverage per kecamatan; scenario → programme."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lindung.programmes.models import Programme, ProgrammeStatus, Scenario
from lindung.programmes.selectors.planner import PlanInput
from lindung.programmes.services import scenario_create, scenario_to_programme
from lindung.registry.models import Membership
from tests.factories import World
from tests.programmes.builders import make_candidates, make_programme

YEAR_COST = 12 * 16_800
AS_OF = dt.date(2026, 11, 20)


def _inputs(world: World, **changes: object) -> PlanInput:
    data = {"region": world.medan, "year": 2027, "budget": 3 * YEAR_COST + 1_000, "first_month": 1, "months": 12,
            "programs": ["JKK", "JKM"], "declared_income": 1_000_000, **changes}  # fmt: skip
    return PlanInput(**data)  # type: ignore[arg-type]


def _run(world: World, **changes: object) -> Scenario:
    return scenario_create(region=world.medan, name="Uji", inputs=_inputs(world, **changes),
                           user=world.users["coordinator"], as_of=AS_OF)  # fmt: skip


def test_money_buys_continuing_members_first_then_the_waiting_list_in_rank_order(world: World) -> None:
    member, first, second, _third = make_candidates(world, 4)
    Membership.objects.create(worker=member, payer_kind="city_programme", segment="BPU", programs=3,
                              wage=1_000_000, valid_from=dt.date(2026, 1, 1))  # fmt: skip
    first.disability = True
    first.save()
    result = _run(world).result
    assert (result["per_worker"], result["continuing"], result["affordable_new"]) == (YEAR_COST, 1, 2)
    assert result["selected"] == [first.pk, second.pk]
    assert (result["total_workers"], result["cost"], result["leftover"]) == (3, 3 * YEAR_COST, 1_000)
    assert (result["waiting"], result["unplaced"]) == (3, 1)
    (district,) = result["by_district"]
    assert (district["active"], district["programme"], district["added"]) == (3, 1, 2)  # two wage earners + one
    assert result["by_category"] == [{"category": "ojek_driver", "added": 2, "waiting": 3}]


def test_jht_and_fewer_months_change_the_price(world: World) -> None:
    result = _run(world, programs=["JKK", "JKM", "JHT"], months=6, first_month=7).result
    assert result["per_worker"] == 6 * 36_800
    assert result["monthly"] == [36_800] * 6


BAD_INPUT = [
    ({"budget": 0}, "lebih dari nol"),
    ({"budget": -1}, "lebih dari nol"),
    ({"workers_wanted": 5}, "Skenario melebihi anggaran: dibutuhkan Rp 402.200 lebih banyak"),
    ({"months": 13}, "antara 1 dan 12"),
    ({"first_month": 6, "months": 12}, "satu tahun anggaran"),
    ({"programs": ["JKM"]}, "JKK \\+ JKM"),
]


def test_a_scenario_that_does_not_fit_is_refused_with_the_gap(world: World) -> None:
    for changes, message in BAD_INPUT:
        with pytest.raises(ValidationError, match=message):
            _run(world, **changes)
        assert not Scenario.objects.exists(), changes


def test_only_the_coordinator_plans(world: World) -> None:
    with pytest.raises(PermissionDenied):
        scenario_create(region=world.medan, name="x", inputs=_inputs(world), user=world.users["agency_officer"],
                        as_of=AS_OF)  # fmt: skip


def test_a_scenario_becomes_next_years_programme_in_one_step(world: World) -> None:
    make_programme(world, year=2026, min_age=20, verify_days=3)
    scenario = _run(world, months=6, first_month=1)
    programme = scenario_to_programme(scenario=scenario, user=world.users["coordinator"])
    assert (programme.year, programme.budget, programme.first_month, programme.last_month) == (
        2027, scenario.budget, 1, 6)  # fmt: skip
    assert (programme.status, programme.source_scenario, programme.min_age, programme.verify_days) == (
        ProgrammeStatus.DRAFT, scenario, 20, 3)  # fmt: skip
    assert [(f.source, f.share_bp) for f in programme.funding.all()] == [("city", 10_000)]
    with pytest.raises(ValidationError, match="sudah dijadikan program"):
        scenario_to_programme(scenario=scenario, user=world.users["coordinator"])
    other = _run(world)
    with pytest.raises(ValidationError, match="Program tahun 2027 untuk Kota Medan sudah ada"):
        scenario_to_programme(scenario=other, user=world.users["coordinator"])
    assert Programme.objects.filter(year=2027).count() == 1
