"""A small city with members in two kecamatan, and the same with its coverage computed."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.coverage.refresh import coverage_refresh
from tests.coverage.factories import BASE, City, build_city, make_membership, make_worker
from tests.factories import World

AS_OF = dt.date(2026, 2, 15)


@pytest.fixture
def city(world: World) -> City:
    return city_with_members(world)


def city_with_members(world: World) -> City:
    """The small city with four members (one below the UMK, one past the JP age, one APBD, one who moved)."""
    city = build_city(world)
    v1, v2, v3 = city.villages
    w = world
    people = [
        make_worker(w.medan, v1, sex="F", birth=dt.date(1999, 1, 1)),
        make_worker(w.medan, v2, sex="M", birth=dt.date(1960, 1, 1)),
        make_worker(w.medan, v3, sex="F", birth=dt.date(1985, 8, 8), agency=w.other_agency),
        make_worker(w.medan, v2, sex="M"),
    ]
    make_membership(people[0], employer=w.employer, start=dt.date(2025, 6, 3), wage=3_000_000)  # below the UMK
    make_membership(people[1], employer=w.employer, start=dt.date(2025, 2, 1), programs=BASE)  # past the JP age
    make_membership(
        people[2],
        segment="BPU",
        payer="city_programme",
        programs=3,
        wage=1_000_000,
        start=dt.date(2025, 9, 1),
        agency=w.other_agency,
    )
    make_membership(people[3], employer=city.employer, start=dt.date(2025, 1, 20), end=dt.date(2025, 12, 31))
    make_membership(people[3], segment="BPU", programs=3, wage=1_500_000, start=dt.date(2026, 1, 2))
    city.workers = people
    return city


@pytest.fixture
def refreshed(city: City) -> City:
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    return city
