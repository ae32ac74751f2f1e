"""Property: whatever changes happen between runs, and however close together the runs are, every month ends up
billed as if recomputed from scratch — each row once where it is active, net zero where it is not."""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.billing.models import Line, LineKind
from lindung.registry.models import Membership
from lindung.registry.services.memberships import membership_change_wage, membership_deactivate
from tests.billing.conftest import FEB, JAN, MAR, Billing, add_membership, bill, undone
from tests.factories import make_worker

pytestmark = pytest.mark.django_db

PERIODS = [JAN, FEB, MAR, dt.date(2026, 4, 1)]
ENDS = [dt.date(2025, 12, 31), dt.date(2026, 1, 15), dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31)]
STARTS = [dt.date(2025, 12, 1), dt.date(2026, 1, 10), dt.date(2026, 2, 1), dt.date(2026, 3, 15)]
CHANGE = st.tuples(st.sampled_from(["end", "late", "wage"]), st.integers(0, 9), st.integers(0, 4))
#: Per month: the changes made before its run, and whether the run is an hour after the previous one
#: (False: within ``MARGIN``, so the run re-examines everything the previous one did).
PLAN = st.lists(st.tuples(st.lists(CHANGE, max_size=3), st.booleans()), min_size=2, max_size=len(PERIODS))
_serial = count(100)


def _open_rows(billing: Billing) -> list[Membership]:
    medan = billing.world.medan
    rows = Membership.objects.filter(worker__region=medan, valid_to__isnull=True).order_by("pk")
    return [m for m in rows if m.employer is None or m.employer.region_id == medan.pk]


def _change(billing: Billing, kind: str, who: int, day: int) -> None:
    rows = _open_rows(billing)
    try:
        if kind == "late":
            worker = make_worker(billing.world.medan, f"1271011111900{next(_serial) % 1000:03d}", "Daftar Mundur")
            add_membership(worker, payer_kind="employer", employer=billing.world.employer, valid_from=STARTS[day % 4])
        elif kind == "end" and rows:
            membership_deactivate(membership=rows[who % len(rows)], valid_to=ENDS[day], reason="resigned")
        elif kind == "wage" and rows:
            membership_change_wage(membership=rows[who % len(rows)], wage=7_000_000, valid_from=STARTS[day % 4])
    except ValidationError:
        pass  # a date before the row starts: the registry refuses it, nothing changes


def _active(m: Membership, period: dt.date) -> bool:
    last = (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return m.valid_from <= last and (m.valid_to is None or m.valid_to >= period)


def _assert_billed_as_from_scratch(billing: Billing, periods: list[dt.date]) -> None:
    medan = billing.world.medan
    for m in Membership.objects.filter(worker__region=medan, segment__in=["PU", "BPU"]).select_related("employer"):
        if m.employer is not None and m.employer.region_id != medan.pk:
            continue
        for period in periods:
            lines = Line.objects.filter(
                membership_id=m.pk, covers_period=period, kind__in=[LineKind.REGULAR, LineKind.ADJUSTMENT]
            )
            added, reversed_ = lines.filter(total__gt=0).count(), lines.filter(total__lt=0).count()
            net = lines.aggregate(net=Sum("total"))["net"] or 0
            if _active(m, period):
                assert (added, reversed_) == (1, 0), (m.pk, period)
            else:
                assert net == 0 and added == reversed_ <= 1, (m.pk, period)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(plan=PLAN)
def test_random_changes_between_runs_bill_every_month_as_from_scratch(
    billing: Billing, frozen: Any, plan: list[tuple[list[tuple[str, int, int]], bool]]
) -> None:
    periods = PERIODS[: len(plan)]
    with undone():
        Membership.objects.update(created_at=timezone.now() - dt.timedelta(days=1))  # saved long before
        for period, (changes, apart) in zip(periods, plan, strict=True):
            for kind, who, day in changes:
                _change(billing, kind, who, day)
            frozen.shift(dt.timedelta(hours=1 if apart else 0, seconds=1))
            bill(billing.world.medan, period, today=dt.date(2026, 12, 31))
        _assert_billed_as_from_scratch(billing, periods)
