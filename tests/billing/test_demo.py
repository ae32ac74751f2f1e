"""The billing demo step: twelve months of history whose figures agree with each other.

Given a small demo registry, when the billing step runs (bulk payments plus a statement sample per month),
then every invoice's paid amount is the sum of its allocations, every receipt's money is allocated or credit,
and the history shows what the demo promises: late fines billed on later invoices, partial payments, credit,
arrears and a suspense list.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.db.models import Sum

from lindung.billing import demo as billing_demo
from lindung.billing.models import Allocation, Invoice, LateFine, Line, LineKind, Receipt, ReceiptSource
from lindung.core.audit import audit_context
from lindung.core.models import MinimumWage
from lindung.demo.context import DemoContext
from lindung.registry import demo as registry_demo
from tests.factories import make_region

AS_OF = dt.date(2026, 3, 20)


@pytest.fixture
def history(db: None, monkeypatch: pytest.MonkeyPatch) -> DemoContext:
    monkeypatch.setattr(billing_demo, "STATEMENT_LINES", 40)  # both paths at a small size
    region = make_region("12.71", "Kota Uji", "kota-uji")
    MinimumWage.objects.create(region=region, year=2026, amount=4_000_000)
    ctx = DemoContext(
        region=region, seed=11, workers=250, as_of=AS_OF, rng=np.random.default_rng(11), log=lambda _: None
    )
    with audit_context(label="demo-test"):
        for step in (registry_demo.make_employers, registry_demo.make_workers, registry_demo.make_memberships):
            step(ctx)
        billing_demo.make_billing(ctx)
    return ctx


def test_the_demo_history_agrees_and_shows_every_case(history: DemoContext) -> None:
    _figures_agree(history)
    _cases_shown(history)


def _figures_agree(history: DemoContext) -> None:
    invoices = Invoice.objects.filter(region=history.region)
    assert invoices.values("period").distinct().count() == 12
    allocated = dict(
        Allocation.objects.filter(invoice__region=history.region)
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values_list("invoice", "total")
    )
    for pk, paid, due, status in invoices.values_list("pk", "paid_amount", "amount_due", "status"):
        assert paid == allocated.get(pk, 0)
        assert paid <= max(due, 0)
        expected = "credit" if due < 0 else "paid" if paid >= due else "partial" if paid else "open"
        assert status == expected
    for receipt in Receipt.objects.filter(region=history.region).annotate(used=Sum("allocations__amount")):
        assert receipt.amount == (receipt.used or 0) + receipt.unallocated


def _cases_shown(history: DemoContext) -> None:
    invoices = Invoice.objects.filter(region=history.region)
    receipts = Receipt.objects.filter(region=history.region)
    assert invoices.filter(status="paid").count() > invoices.filter(status="open").count()  # most pay
    assert invoices.filter(status="partial").exists()
    assert invoices.filter(status="open", due_date__lt=AS_OF - dt.timedelta(days=60)).exists()  # arrears
    assert LateFine.objects.filter(account__region=history.region, billed_run__isnull=False).exists()
    assert Line.objects.filter(kind=LineKind.FINE).exists() and invoices.filter(fine_total__gt=0).exists()
    assert receipts.filter(unallocated__gt=0).exists() or receipts.filter(source=ReceiptSource.CREDIT_NOTE).exists()
    assert receipts.filter(source=ReceiptSource.STATEMENT).exists() and receipts.filter(source="manual").exists()
    assert receipts.filter(account__isnull=True).exists()  # the suspense list has work


def test_the_lapse_feed_reads_only_unpaid_invoices_lines_and_agrees_with_the_line_scan(history: DemoContext) -> None:
    """Billing's lapse feed (coverage's plugin) equals coverage's own scan of every line, on a real history."""
    from lindung.billing.feeds import unpaid_months_by_membership
    from lindung.coverage.feeds import _from_invoices

    for as_of in (AS_OF, AS_OF - dt.timedelta(days=90)):
        fast = unpaid_months_by_membership(region=history.region, as_of=as_of)
        assert fast == _from_invoices(history.region, as_of)
    assert fast and max(fast.values()) >= 2, "some members are months behind"
    other = make_region("12.75", "Kota Lain", "kota-lain")
    assert unpaid_months_by_membership(region=other, as_of=AS_OF) is None, "never billed: unknown, not zero"
