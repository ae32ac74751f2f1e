"""Demo step of billing: twelve months of runs and bank statements with realistic payment behaviour.

Most payers pay on time; some pay late (and are fined on the next invoice), a few pay in two transfers or
too much (credit), a few stop paying (arrears). Each month's statement carries the usual noise (typos,
virtual-account numbers, names only), so the suspense list has something to do. A few memberships are ended
back-dated after being invoiced, which shows as adjustments on the next invoice. The current month is left
for the branch officer to run.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.core.exceptions import ValidationError

from lindung.billing import rules_adapter as rules
from lindung.billing.models import BillingAccount, Invoice, RunStatus
from lindung.billing.services import billing_run_execute, billing_run_start, statement_import
from lindung.billing.synthetic import Payment, statement_csv, statement_rows
from lindung.demo.context import DemoContext, demo_step
from lindung.registry.models import Membership
from lindung.registry.services.memberships import membership_deactivate

MONTHS = 12
#: Payer habits: on time, late, pays too much, pays in part, stops paying (arrears).
HABITS = {"on_time": 0.80, "late": 0.09, "over": 0.02, "partial": 0.04, "stops": 0.05}


def _periods(as_of: dt.date) -> list[dt.date]:
    current = rules.month_index(as_of.year, as_of.month)
    return [rules.month_start(current - k) for k in range(MONTHS, 0, -1)]


def _name(invoice: Invoice) -> str:
    account = invoice.account
    return (
        account.employer.name if account.employer else (account.worker.name if account.worker else account.sponsor_name)
    )


def _payment(inv: Invoice, habit: str, month_no: int, rng: np.random.Generator) -> Payment | None:
    due = inv.due_date
    if (habit == "stops" and month_no >= MONTHS - 3) or inv.outstanding <= 0:
        return None
    amount, day = inv.outstanding, due - dt.timedelta(days=int(rng.integers(0, 12)))
    if habit == "late" and rng.random() < 0.6:
        day = due + dt.timedelta(days=int(rng.integers(5, 75)))
    elif habit == "over" and rng.random() < 0.5:
        amount += int(rng.integers(1, 50)) * 1000
    elif habit == "partial" and rng.random() < 0.5:
        amount = max(amount // 2, 1)
    return Payment(inv, amount, day)


def _pay(ctx: DemoContext, period: dt.date, habits: dict[int, str], month_no: int) -> None:
    invoices = Invoice.objects.filter(region=ctx.region, period=period).select_related(
        "account__employer", "account__worker", "account__region"
    )
    payments = []
    for inv in invoices:
        habit = habits.setdefault(inv.account_id, str(ctx.rng.choice(list(HABITS), p=list(HABITS.values()))))
        payment = _payment(inv, habit, month_no, ctx.rng)
        if payment is not None and payment.day <= ctx.as_of:
            payments.append(payment)
    if not payments:
        return
    rows = statement_rows(payments, ctx.rng, _name)
    content = statement_csv(rows, prefix=f"D{period:%y%m}-")
    result = statement_import(
        user=None, region=ctx.region, filename=f"rekening-koran-{period:%Y-%m}.csv", content=content, today=ctx.as_of
    )
    ctx.log(f"  {period:%Y-%m}: {result.new_count:,} penerimaan, {result.matched_count:,} cocok otomatis")


def _end_some_memberships(ctx: DemoContext, period: dt.date) -> None:
    """End a few invoiced memberships back-dated to the month before: the next invoice carries a credit."""
    active = Membership.objects.filter(
        worker__region=ctx.region, valid_to__isnull=True, valid_from__lt=period, segment="PU"
    ).order_by("pk")
    for membership in active[: max(3, ctx.workers // 2000)]:
        try:
            membership_deactivate(membership=membership, valid_to=period - dt.timedelta(days=1), reason="resigned")
        except ValidationError:
            continue


@demo_step("billing")
def make_billing(ctx: DemoContext) -> None:
    habits: dict[int, str] = {}
    periods = _periods(ctx.as_of)
    for month_no, period in enumerate(periods):
        if period < rules.FIRST_PERIOD:
            continue
        run = billing_run_execute(run=billing_run_start(region=ctx.region, period=period, today=ctx.as_of))
        if run.status != RunStatus.DONE:
            ctx.log(f"  {period:%Y-%m}: {run.error}")
            continue
        if month_no == MONTHS - 2:
            _end_some_memberships(ctx, period)
        _pay(ctx, period, habits, month_no)
    ctx.log(
        f"  tagihan: {Invoice.objects.filter(region=ctx.region).count():,}, "
        f"rekening pembayar: {BillingAccount.objects.filter(region=ctx.region).count():,}"
    )
