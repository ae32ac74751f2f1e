"""The refresh reads the registry and stores figures that match a plain count of the memberships."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from lindung.coverage.columns import read_memberships, read_workers
from lindung.coverage.models import CoverageFigure, CoverageSnapshot, EmployerCompliance
from lindung.coverage.refresh import coverage_refresh, snapshot_dates
from lindung.registry.models import Membership, Program, Worker
from tests.coverage.conftest import AS_OF
from tests.coverage.factories import City

pytestmark = pytest.mark.django_db


def _figure(day: dt.date, kind: str, key: str, dimension: str, value: str) -> CoverageFigure | None:
    return CoverageFigure.objects.filter(
        snapshot__as_of=day, slice_kind=kind, slice_key=key, dimension=dimension, key=value
    ).first()


def _naive(day: dt.date, **where: object) -> int:
    active = Membership.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day, **where)
    return active.values("worker").distinct().count()


def test_every_snapshot_matches_a_plain_count(city: City) -> None:
    result = coverage_refresh(region=city.world.medan, as_of=AS_OF)
    days = list(CoverageSnapshot.objects.filter(region=city.world.medan).values_list("as_of", flat=True))
    assert result.snapshots == len(days) and days[-1] == AS_OF and days[0] == dt.date(2025, 1, 31)
    for day in days:
        total = _figure(day, "region", "", "total", "")
        assert (total.participants if total else 0) == _naive(day, worker__region=city.world.medan), day
        for district in ("12.71.01", "12.71.02"):
            row = _figure(day, "region", "", "district", district)
            assert (row.participants if row else 0) == _naive(day, worker__village__district__code=district)


def test_dimensions_and_measures_on_the_last_day(city: City) -> None:
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    total = _figure(AS_OF, "region", "", "total", "")
    # the world's two Medan members (PU, JKK+JKM) and the four of the city
    assert (total.participants, total.pu, total.bpu, total.apbd, total.jp) == (6, 4, 2, 1, 0)
    assert _figure(AS_OF, "region", "", "sector", "transport_communication").participants == 3, "employer KBLI 49431"
    assert _figure(AS_OF, "region", "", "sex", "F").participants == 2
    assert _figure(AS_OF, "region", "", "age", "65+").participants == 1
    agency = city.world.other_agency
    assert _figure(AS_OF, "agency", str(agency.pk), "total", "").participants == 2, "its programme and its employer"
    assert _figure(AS_OF, "district", "12.71.02", "sector", "").participants == 2, "BPU without an agency: unknown"
    assert _figure(dt.date(2026, 1, 31), "region", "", "total", "").new == 1, "the BPU row of January is new"


def test_a_refresh_replaces_the_previous_one_whole(city: City) -> None:
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    first = CoverageFigure.objects.count()
    Membership.objects.filter(worker=city.workers[0]).update(valid_to=dt.date(2025, 12, 31))
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    assert CoverageFigure.objects.count() < first
    assert _figure(AS_OF, "region", "", "total", "").participants == 5
    assert not CoverageSnapshot.objects.filter(region=city.world.other).exists(), "Binjai is another refresh"


def test_pds_suspects_are_flagged_for_the_right_reasons(city: City) -> None:
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    flagged = {c.employer_id: c for c in EmployerCompliance.objects.all()}
    medium = flagged[city.world.employer.pk]
    assert medium.below_umk == 1 and medium.umk == 4_335_198
    # the world's worker lacks JHT and JP; the city's young worker lacks JP; the worker past the JP age is no gap
    assert medium.missing == {"JHT": 1, "JP": 2}
    assert set(medium.reasons) == {"wage", "programme", "headcount"} and medium.expected_min_workers == 20
    shop = flagged[city.employer.pk]
    assert shop.active_workers == 0 and shop.reasons == ["headcount"], "its only member left in December"


def test_snapshot_dates() -> None:
    assert snapshot_dates(None, AS_OF) == []
    assert snapshot_dates(dt.date(2027, 1, 1), AS_OF) == []
    assert snapshot_dates(dt.date(2025, 12, 5), AS_OF) == [dt.date(2025, 12, 31), dt.date(2026, 1, 31), AS_OF]
    assert snapshot_dates(dt.date(2025, 12, 5), dt.date(2026, 1, 31))[-2:] == [
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
    ]
    assert len(snapshot_dates(dt.date(1990, 1, 1), AS_OF)) == 120, "ten years of history at most"


def test_program_bits_match_the_registry() -> None:
    from lindung.coverage.dimensions import PROGRAMME_MEASURES

    assert {name: bit for name, (_, bit) in PROGRAMME_MEASURES.items()} == {p.label: p.value for p in Program}


def test_a_second_refresh_rewrites_only_the_dates_that_changed(city: City) -> None:
    first = coverage_refresh(region=city.world.medan, as_of=AS_OF)
    assert first.rewritten == first.snapshots
    same = coverage_refresh(region=city.world.medan, as_of=AS_OF)
    assert same.rewritten == 0 and same.written_figures == 0
    Membership.objects.filter(worker=city.workers[0]).update(valid_to=dt.date(2025, 12, 31))
    changed = coverage_refresh(region=city.world.medan, as_of=AS_OF)
    assert changed.rewritten == 2, "January's month end and the last day"
    assert _figure(dt.date(2025, 12, 31), "region", "", "total", "").participants == 6
    later = coverage_refresh(region=city.world.medan, as_of=dt.date(2026, 3, 2))
    assert later.rewritten == 2 and not CoverageSnapshot.objects.filter(as_of=AS_OF).exists()


def test_memberships_read_alike_with_and_without_other_regions(city: City) -> None:
    """One region in the database: memberships are read without the worker join and kept by worker id here."""
    medan = city.world.medan
    merged, kept = city.workers[0], city.workers[3]
    Worker.objects.filter(pk=merged.pk).update(merged_into=kept)  # a merged worker's rows count under no one
    assert Worker.objects.exclude(region=medan).exists()
    joined, _ = read_memberships(medan, read_workers(medan))
    others = Worker.objects.exclude(region=medan)
    Membership.objects.filter(worker__in=others).delete()
    others.delete()
    alone, _ = read_memberships(medan, read_workers(medan))
    assert alone.sort("membership_id").equals(joined.sort("membership_id"))
    expected = set(
        Membership.objects.filter(worker__region=medan, worker__merged_into__isnull=True).values_list("pk", flat=True)
    )
    assert set(alone["membership_id"].to_list()) == expected and expected
    assert not Membership.objects.filter(worker=merged, pk__in=expected).exists()
    assert Membership.objects.filter(worker=merged).exists()
