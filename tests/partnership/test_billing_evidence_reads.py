"""The partnership's own read of billing's paid months gives billing's answer, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindung.billing.attribution import paid_months, paid_months_of
from lindung.partnership.billing_evidence import BillingLines, _registrations
from lindung.registry.models import Membership
from tests.factories import World, make_worker
from tests.partnership.factories import PartnershipWorld, make_registration
from tests.partnership.test_billing_evidence import _bill

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)


def _registered(world: World, n: int, start: int = 0) -> list[Membership]:
    """``n`` workers registered in February 2026, billed February to May, paid in the month after (April unpaid)."""
    made = []
    for i in range(start, start + n):
        worker = make_worker(world.medan, f"127101{10 + i:02d}0590{70 + i:04d}", f"Pembayar {i}")
        membership = make_registration(worker, world.agency, dt.date(2026, 2, 1 + i))
        for month, paid_on in [
            (2, dt.date(2026, 3, 10)),
            (3, dt.date(2026, 4, 9)),
            (4, None),
            (5, dt.date(2026, 7, 2)),
        ]:
            _bill(world, membership, dt.date(2026, month, 1), paid_on=paid_on)
        made.append(membership)
    return made


def test_the_paid_months_are_billings_own(pw: PartnershipWorld, world: World) -> None:
    asked = _registered(world, 3)
    ids = [m.pk for m in asked[:2]]  # the third worker's lines share nothing with the question
    ((_regs, rows),) = list(_registrations(ids))
    ours = paid_months_of(rows, as_of=AS_OF, since=dt.date(2026, 1, 1))
    assert ours == paid_months(ids, as_of=AS_OF)
    assert ours[ids[0]] == [(dt.date(2026, 2, 1), dt.date(2026, 3, 10)), (dt.date(2026, 3, 1), dt.date(2026, 4, 9))]
    assert paid_months_of(rows, as_of=AS_OF, since=dt.date(2026, 3, 1))[ids[0]] == [
        (dt.date(2026, 3, 1), dt.date(2026, 4, 9))
    ]


def test_first_paid_and_activity_read_a_fixed_number_of_queries(pw: PartnershipWorld, world: World) -> None:
    few = [m.pk for m in _registered(world, 2)]
    with CaptureQueriesContext(connection) as small:
        evidence = BillingLines()
        first = evidence.first_paid(few, as_of=AS_OF)
        evidence.active_after(few, months=3, as_of=AS_OF)
    many = few + [m.pk for m in _registered(world, 4, start=2)]
    with CaptureQueriesContext(connection) as large:
        evidence = BillingLines()
        assert evidence.first_paid(many, as_of=AS_OF) == {pk: dt.date(2026, 3, 10) for pk in many}
        evidence.active_after(many, months=3, as_of=AS_OF)
    assert first == {pk: dt.date(2026, 3, 10) for pk in few}
    assert len(large.captured_queries) == len(small.captured_queries) <= 6
    with CaptureQueriesContext(connection) as again:
        evidence.first_paid(many[:3], as_of=AS_OF)  # asked before: answered without reading anything
    assert len(again.captured_queries) == 0
