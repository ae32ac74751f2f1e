"""Member-months counted in SQL by start and end month equal a count membership by membership."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.programmes import rules_adapter as rules
from lindung.programmes.selectors import pricing
from lindung.registry.models import Membership, Worker
from tests.factories import World
from tests.programmes.builders import make_candidates

DAY_ZERO = dt.date(2024, 1, 1)
memberships = st.lists(
    st.tuples(
        st.integers(0, 4 * 365),  # valid from, days after 1 January 2024
        st.none() | st.integers(0, 400),  # days until valid to (none: open)
        st.sampled_from([1_000_000, 1_000_000, 2_500_000]),  # declared income
        st.sampled_from([3, 3, 7]),  # programme mask
        st.sampled_from(["city_programme", "city_programme", "self"]),
        st.booleans(),  # a worker of another region
    ),
    max_size=8,
)


def _membership(worker: Worker, begin: int, length: int | None, income: int, mask: int, payer: str) -> Membership:
    valid_to = None if length is None else DAY_ZERO + dt.timedelta(days=begin + length)
    return Membership.objects.create(worker=worker, payer_kind=payer, segment="BPU", programs=mask, wage=income,
                                     valid_from=DAY_ZERO + dt.timedelta(days=begin), valid_to=valid_to)  # fmt: skip


def _by_hand(rows: list[Membership], medan_id: int, months: list[int], start: dt.date, end: dt.date) -> list[int]:
    members, costs = [0] * len(months), [0] * len(months)
    for row in rows:
        if row.payer_kind != "city_programme" or row.worker.region_id != medan_id or row.valid_from > end:
            continue
        if row.valid_to is not None and row.valid_to < start:
            continue
        last = pricing.month_code(row.valid_to) if row.valid_to else pricing.OPEN_END
        for j, month in enumerate(months):
            if pricing.month_code(row.valid_from) <= month <= last:
                members[j] += 1
                costs[j] += rules.price_months(row.wage, row.programs, [month])[0]
    return members + costs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=memberships, year=st.sampled_from([2025, 2026]), first=st.integers(1, 6), last=st.integers(6, 12))
def test_month_totals_equal_a_count_membership_by_membership(
    world: World, drawn: list[tuple[int, int | None, int, int, str, bool]], year: int, first: int, last: int
) -> None:
    start, end = dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    months = pricing.programme_months(year, first, last)
    workers = Worker.objects.filter(region=world.medan, name__startswith="Calon").order_by("pk")[:8]
    workers = list(workers) if len(workers) == 8 else make_candidates(world, 8)  # once, kept across examples
    with transaction.atomic():
        rows = [
            _membership(world.other_worker if elsewhere else worker, *draw)
            for worker, (*draw, elsewhere) in zip(workers, drawn, strict=False)
            if not (elsewhere and draw[1] is None)  # the other region's worker holds ended memberships only
        ]
        totals = pricing.month_totals(pricing.city_members(region=world.medan, start=start, end=end), months)
        expected = _by_hand(rows, world.medan.pk, months, start, end)
        transaction.set_rollback(True)

    assert totals.months == months
    assert totals.members + totals.costs == expected
