"""Paid months per membership, for the partnership funnel."""

from __future__ import annotations

import datetime as dt

import pytest

from lindung.billing.attribution import paid_months
from lindung.billing.services import payment_record
from tests.billing.conftest import FEB, JAN, Billing, bill, invoice_of

pytestmark = pytest.mark.django_db


def test_a_month_counts_as_paid_when_its_invoice_is_paid_in_full(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.medan, FEB)
    officer = billing.world.users["branch_officer"]
    payment_record(user=officer, invoice=invoice_of(billing.pu, JAN), amount=554_400, received_on=dt.date(2026, 2, 9))
    payment_record(user=officer, invoice=invoice_of(billing.pu, FEB), amount=100_000, received_on=dt.date(2026, 3, 2))
    paid = paid_months([billing.pu.pk, billing.self_paying.pk], as_of=dt.date(2026, 3, 20))
    assert paid == {billing.pu.pk: [(JAN, dt.date(2026, 2, 9))]}
    assert paid_months([billing.pu.pk], as_of=dt.date(2026, 2, 8)) == {}
