"""Payments recorded in bulk: the same allocation, credit and fines as one by one; bad input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lindung.billing.models import Allocation, Invoice, LateFine, Receipt
from lindung.billing.services import BulkPayment, allocation, payment_record, payments_record_bulk
from tests.billing.conftest import JAN, Billing, bill, invoice_of

pytestmark = pytest.mark.django_db


def _figures(invoice: Invoice) -> tuple[int, str, list[int], int]:
    invoice.refresh_from_db()
    fines = sorted(LateFine.objects.filter(invoice=invoice).values_list("total", flat=True))
    credit = sum(Receipt.objects.filter(account_id=invoice.account_id).values_list("unallocated", flat=True))
    return invoice.paid_amount, invoice.status, fines, credit


@pytest.mark.parametrize("region_read", [allocation.REGION_READ, 1], ids=["by-account", "from-region"])
def test_bulk_equals_one_by_one(billing: Billing, monkeypatch: pytest.MonkeyPatch, region_read: int) -> None:
    """Given January billed, when the same payments go in one by one and in bulk, then the figures agree (also
    when SQLite reads the open invoices from the region's, as for a large settlement file)."""
    monkeypatch.setattr(allocation, "REGION_READ", region_read)
    bill(billing.world.medan, JAN)
    late, over, part = (invoice_of(m, JAN) for m in (billing.pu, billing.pu_other, billing.self_paying))
    plan = [
        (late, late.amount_due, dt.date(2026, 3, 10)),  # after the due date: fined
        (over, over.amount_due + 25_000, dt.date(2026, 2, 2)),  # too much: credit
        (part, part.amount_due // 2, dt.date(2026, 1, 10)),  # in part
    ]
    for invoice, amount, day in plan:
        payment_record(user=None, invoice=invoice, amount=amount, received_on=day)
    expected = [_figures(invoice) for invoice, _a, _d in plan]
    LateFine.objects.all().delete()
    Allocation.objects.all().delete()
    Receipt.objects.all().delete()
    Invoice.objects.update(paid_amount=0, status="open")

    result = payments_record_bulk(
        user=None,
        region=billing.world.medan,
        payments=[BulkPayment(inv.pk, amount, day) for inv, amount, day in plan],
        today=dt.date(2026, 3, 20),
    )

    assert result.count == 3 and [_figures(invoice) for invoice, _a, _d in plan] == expected
    assert expected[0][2] and expected[1][3] == 25_000 and expected[2][1] == "partial"


@pytest.mark.parametrize(
    ("amount", "day", "message"),
    [(0, dt.date(2026, 2, 2), "lebih dari Rp 0"), (1000, dt.date(2026, 4, 1), "masa depan")],
)
def test_bad_input_records_nothing(billing: Billing, amount: int, day: dt.date, message: str) -> None:
    bill(billing.world.medan, JAN)
    good, bad = invoice_of(billing.pu, JAN), invoice_of(billing.pu_other, JAN)
    payments = [BulkPayment(good.pk, 1000, dt.date(2026, 2, 2)), BulkPayment(bad.pk, amount, day)]
    with pytest.raises(ValidationError, match=message):
        payments_record_bulk(user=None, region=billing.world.medan, payments=payments, today=dt.date(2026, 3, 20))
    assert not Receipt.objects.exists() and not Invoice.objects.filter(paid_amount__gt=0).exists()


def test_an_invoice_of_another_region_is_refused(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        payments_record_bulk(
            user=None,
            region=billing.world.other,
            payments=[BulkPayment(invoice.pk, 1000, dt.date(2026, 2, 2))],
            today=dt.date(2026, 3, 20),
        )
    assert not Receipt.objects.exists()
