"""Property: any set of payments recorded in bulk leaves exactly what recording them one by one leaves.

Given January and February billed for payers of every kind, when random payments (any invoice, too little, too
much, on time or late) go in one by one in order of the day received and, from the same start, in bulk, then
receipts, allocations, fines and invoice totals are the same rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.billing.models import Allocation, Invoice, LateFine, Receipt
from lindung.billing.services import BulkPayment, allocation, payment_record, payments_record_bulk
from tests.billing.conftest import FEB, JAN, TODAY, Billing, bill

pytestmark = pytest.mark.django_db

RECEIPT = ("account_id", "region_id", "source", "received_on", "amount", "unallocated", "reference", "match",
           "matched_invoice_id", "created_by_id", "statement_id", "line_hash", "virtual_account",
           "payer_name")  # fmt: skip
FINE = ("invoice_id", "account_id", "months", "jkk", "jkm", "jht", "jp", "total", "rules_version", "references",
        "billed_run_id")  # fmt: skip


def _state(receipt_ids: list[int]) -> dict[str, Any]:
    """Everything the payments wrote, with receipt ids replaced by their order of recording."""
    order = {pk: i for i, pk in enumerate(receipt_ids)}
    allocations = Allocation.objects.order_by("pk")
    fines = LateFine.objects.order_by("allocation_id")
    return {
        "receipts": [Receipt.objects.values_list(*RECEIPT).get(pk=pk) for pk in receipt_ids],
        "allocations": [
            (order[r], i, a, d) for r, i, a, d in allocations.values_list("receipt", "invoice", "amount", "paid_on")
        ],
        "fines": list(fines.values_list(*FINE)),
        "invoices": list(Invoice.objects.order_by("pk").values_list("pk", "paid_amount", "status")),
    }


def _by_hand(payments: list[BulkPayment]) -> list[int]:
    ids = []
    for p in sorted(payments, key=lambda p: (p.received_on, p.invoice_id)):
        invoice = Invoice.objects.get(pk=p.invoice_id)
        ids.append(payment_record(user=None, invoice=invoice, amount=p.amount, received_on=p.received_on,
                                  reference=p.reference, today=TODAY).pk)  # fmt: skip
    return ids


payment_draws = st.lists(
    st.tuples(
        st.integers(0, 99),  # which invoice
        st.sampled_from([0.25, 0.5, 1.0, 1.0, 1.3, 3.0]),  # share of its amount due
        st.integers(0, 70),  # days after 5 January
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.parametrize("region_read", [allocation.REGION_READ, 1], ids=["by-account", "from-region"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(draws=payment_draws)
def test_bulk_equals_one_by_one_for_any_payments(
    billing: Billing, monkeypatch: pytest.MonkeyPatch, region_read: int, draws: list[tuple[int, float, int]]
) -> None:
    monkeypatch.setattr(allocation, "REGION_READ", region_read)  # 1: SQLite reads the region's open invoices
    if not Invoice.objects.exists():
        bill(billing.world.medan, JAN)
        bill(billing.world.medan, FEB)
    invoices = list(Invoice.objects.filter(amount_due__gt=0).order_by("pk").values_list("pk", "amount_due"))
    payments = [
        BulkPayment(pk, max(int(due * share), 1), dt.date(2026, 1, 5) + dt.timedelta(days=days), f"uji {n}")
        for n, (k, share, days) in enumerate(draws)
        for pk, due in [invoices[k % len(invoices)]]
    ]
    with transaction.atomic():
        expected = _state(_by_hand(payments))
        transaction.set_rollback(True)
    with transaction.atomic():
        result = payments_record_bulk(user=None, region=billing.world.medan, payments=payments, today=TODAY)
        got = _state(result.receipt_ids)
        transaction.set_rollback(True)

    assert got == expected
    assert result.count == len(payments) and result.amount == sum(p.amount for p in payments)
    assert result.credit == sum(r[5] for r in expected["receipts"])
