"""Payments by hand: partial, overpaid (credit applied to the next invoice), late (fined by the rules), scope."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from lindung.billing.models import Allocation, Invoice, LateFine, Line, LineKind, Receipt
from lindung.billing.services import payment_record
from lindung.rules.deadlines import late_fine
from tests.billing.conftest import FEB, JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db


def _officer(billing: Billing) -> object:
    return billing.world.users["branch_officer"]


def test_a_partial_payment_leaves_the_rest_open(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    payment_record(user=_officer(billing), invoice=invoice, amount=200_000, received_on=dt.date(2026, 2, 2))
    invoice.refresh_from_db()
    assert (invoice.paid_amount, invoice.outstanding, invoice.status) == (200_000, 354_400, "partial")


def test_an_overpayment_is_credit_applied_to_the_next_invoice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    receipt = payment_record(user=_officer(billing), invoice=invoice, amount=600_000, received_on=dt.date(2026, 2, 2))
    assert receipt.unallocated == 45_600
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    bill(billing.world.medan, FEB)
    february = invoice_of(billing.pu, FEB)
    assert february.paid_amount == 45_600 and february.status == "partial"
    receipt.refresh_from_db()
    assert receipt.unallocated == 0
    assert Allocation.objects.filter(receipt=receipt).count() == 2


def test_a_late_payment_is_fined_by_the_rules_and_billed_on_the_next_invoice(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    invoice = invoice_of(billing.pu, JAN)
    paid = dt.date(2026, 3, 10)
    payment_record(user=_officer(billing), invoice=invoice, amount=invoice.amount_due, received_on=paid)
    fine = LateFine.objects.get(invoice=invoice)
    expected = {
        p: late_fine(a, p, "PU", "private", JAN, paid).amount
        for p, a in {"JKK": 14_400, "JKM": 18_000, "JHT": 342_000, "JP": 180_000}.items()
    }
    assert (fine.jkk, fine.jkm, fine.jht, fine.jp) == (
        expected["JKK"],
        expected["JKM"],
        expected["JHT"],
        expected["JP"],
    )
    assert fine.total == 288 + 360 + 6_840 + 900  # one month late: 2 %, JP 0.5 %
    assert fine.months == 1 and fine.references
    feb = bill(billing.world.medan, FEB)
    line = Line.objects.get(run=feb, kind=LineKind.FINE)
    assert (line.covers_period, line.total) == (JAN, fine.total)
    assert invoice_of(billing.pu, FEB).fine_total == fine.total
    fine.refresh_from_db()
    assert fine.billed_run == feb


def test_state_organisers_and_bpu_payers_are_not_fined(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    late = dt.date(2026, 3, 15)
    for membership in (billing.state, billing.self_paying):
        invoice = invoice_of(membership, JAN)
        payment_record(user=_officer(billing), invoice=invoice, amount=invoice.amount_due, received_on=late)
    assert not LateFine.objects.exists()


def test_a_payment_fills_the_named_invoice_first_then_the_oldest(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.medan, FEB)
    january, february = invoice_of(billing.pu, JAN), invoice_of(billing.pu, FEB)
    payment_record(user=_officer(billing), invoice=february, amount=600_000, received_on=dt.date(2026, 2, 10))
    january.refresh_from_db()
    february.refresh_from_db()
    assert february.status == "paid" and january.paid_amount == 600_000 - february.amount_due


@pytest.mark.parametrize(
    ("amount", "day", "message"),
    [(0, dt.date(2026, 2, 1), "lebih dari Rp 0"), (1000, dt.date(2026, 4, 1), "masa depan")],
)
def test_bad_payments_are_refused_and_nothing_is_saved(
    billing: Billing, amount: int, day: dt.date, message: str
) -> None:
    bill(billing.world.medan, JAN)
    with pytest.raises(ValidationError, match=message):
        payment_record(user=_officer(billing), invoice=invoice_of(billing.pu, JAN), amount=amount, received_on=day)
    assert not Receipt.objects.exists()


def test_only_the_branch_records_payments(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    with pytest.raises(ValidationError, match="petugas BPJS"):
        payment_record(
            user=billing.world.users["employer"],
            invoice=invoice_of(billing.pu, JAN),
            amount=1000,
            received_on=dt.date(2026, 2, 1),
        )


def test_a_payment_for_an_invoice_outside_the_scope_answers_404(billing: Billing) -> None:
    bill(billing.world.medan, JAN)
    bill(billing.world.other, JAN)
    foreign = Invoice.objects.get(region=billing.world.other)
    mine = invoice_of(billing.pu, JAN)
    client = client_for(billing.world, "employer")  # PT Angkutan Deli
    other_employer = invoice_of(billing.pu_other, JAN)
    assert client.get(f"/tagihan/faktur/{other_employer.code}/").status_code == 404
    assert client.get(f"/tagihan/faktur/{mine.code}/").status_code == 200
    officer = client_for(billing.world, "branch_officer")
    form = {"amount": 1000, "received_on": "2026-02-01", "reference": ""}
    assert officer.post(f"/tagihan/faktur/{foreign.code}/", form).status_code == 404
    api = officer.post(
        "/api/v1/billing/payments",
        json.dumps({"invoice_code": foreign.code, "amount": 1000, "received_on": "2026-02-01"}),
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not Receipt.objects.exists()
    ok = officer.post(f"/tagihan/faktur/{mine.code}/", form)
    assert ok.status_code == 302 and Receipt.objects.count() == 1
