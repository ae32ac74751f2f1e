"""Demo step of billing: twelve months of runs and bank statements with realistic payment behaviour.

Most payers pay on time; some pay late (and are fined on the next invoice), a few pay in two transfers or
too much (credit), a few stop paying (arrears). Each month's statement carries the usual noise (typos,
virtual-account numbers, names only), so the suspense list has something to do. A few memberships are ended
back-dated after being invoiced, which shows as adjustments on the next invoice. The current month is left
for the branch officer to run.

Speed (200,000 workers): payments are drawn as numpy columns and most are recorded through
``payments_record_bulk`` (the same allocation, fines and credit as a payment by hand); only a sample of
``STATEMENT_LINES`` a month goes through a bank statement, its matcher and the suspense list.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ValidationError
from django.db.models import F

from lindung.billing import rules_adapter as rules
from lindung.billing.models import BillingAccount, Invoice, InvoiceStatus, RunStatus
from lindung.billing.selectors.runs import run_error_kind
from lindung.billing.services import (
    BulkPayment,
    billing_run_execute,
    billing_run_start,
    payments_record_bulk,
    statement_import,
)
from lindung.billing.services.bulk_payments import cyclic_gc_paused
from lindung.billing.synthetic import Payment, statement_csv, statement_rows
from lindung.demo.context import DemoContext, demo_step
from lindung.registry.models import Membership
from lindung.registry.services.memberships import membership_deactivate

MONTHS = 12
#: Payer habits: on time, late, pays too much, pays in part, stops paying (arrears).
HABITS = {"on_time": 0.80, "late": 0.09, "over": 0.02, "partial": 0.04, "stops": 0.05}
KIND = {name: i for i, name in enumerate(HABITS)}
#: Payments per month that go through a bank statement (noise, matching, suspense); the rest is recorded in bulk.
STATEMENT_LINES = 200
UNPAID = (InvoiceStatus.OPEN, InvoiceStatus.PARTIAL)


def _periods(as_of: dt.date) -> list[dt.date]:
    current = rules.month_index(as_of.year, as_of.month)
    return [rules.month_start(current - k) for k in range(MONTHS, 0, -1)]


def _name(invoice: Invoice) -> str:
    account = invoice.account
    return (
        account.employer.name if account.employer else (account.worker.name if account.worker else account.sponsor_name)
    )


@dataclass
class MonthPayments:
    """This month's payments as columns: the invoice, the amount and the day received."""

    invoice_id: npt.NDArray[np.int64]
    amount: npt.NDArray[np.int64]
    day: npt.NDArray[np.datetime64]


def _habits_of(ctx: DemoContext, accounts: npt.NDArray[np.int64], habits: dict[int, int]) -> npt.NDArray[np.int64]:
    """Each payer's habit (an index into HABITS), drawn the first time the payer is billed (in order of first
    appearance, so the draws follow the invoices)."""
    unique, first = np.unique(accounts, return_index=True)
    in_order = unique[np.argsort(first)].tolist()
    new = [a for a in in_order if a not in habits]
    drawn = ctx.rng.choice(len(HABITS), size=len(new), p=list(HABITS.values()))
    habits.update(zip(new, drawn.tolist(), strict=True))
    known = np.asarray([habits[a] for a in unique.tolist()], dtype=np.int64)
    return known[np.searchsorted(unique, accounts)]


def _draw(ctx: DemoContext, period: dt.date, habits: dict[int, int], month_no: int) -> MonthPayments:
    """Who pays this month's open invoices, how much and when (on time, late, too much, in part, not at all)."""
    # The status names what is open (the amounts decide it, and always agree): the region's index finds these
    # rows, where ``region`` alone (every invoice of the city) would be read whole.
    rows = Invoice.objects.filter(
        region=ctx.region, status__in=UNPAID, period=period, amount_due__gt=F("paid_amount")
    ).order_by("pk")
    listed = list(rows.values_list("pk", "account_id", "amount_due", "paid_amount", "due_date"))
    values = np.asarray([row[:4] for row in listed], dtype=np.int64).reshape(-1, 4)
    dues = np.asarray([row[4] for row in listed], dtype="datetime64[D]")
    habit = _habits_of(ctx, values[:, 1], habits)
    rng, n = ctx.rng, len(values)
    amount = values[:, 2] - values[:, 3]
    day = dues - rng.integers(0, 12, size=n).astype("timedelta64[D]")
    coin = rng.random(n)
    late = (habit == KIND["late"]) & (coin < 0.6)
    day[late] = dues[late] + rng.integers(5, 75, size=n)[late].astype("timedelta64[D]")
    over = (habit == KIND["over"]) & (coin < 0.5)
    amount[over] += rng.integers(1, 50, size=n)[over] * 1000
    partial = (habit == KIND["partial"]) & (coin < 0.5)
    amount[partial] = np.maximum(amount[partial] // 2, 1)
    paying = day <= np.datetime64(ctx.as_of)
    if month_no >= MONTHS - 3:
        paying &= habit != KIND["stops"]
    return MonthPayments(values[paying, 0], amount[paying], day[paying])


def _by_statement(ctx: DemoContext, period: dt.date, month: MonthPayments, picked: npt.NDArray[np.intp]) -> str:
    """A sample of the month's payments through a noisy bank statement: matching, corrections, suspense."""
    # Every invoice here is of ``ctx.region``: joining the region too made SQLite drive the query from it.
    invoices = Invoice.objects.select_related("account__employer", "account__worker").order_by()
    by_id = invoices.in_bulk(month.invoice_id[picked].tolist())
    for invoice in by_id.values():
        if invoice.account.region_id == ctx.region.pk:
            invoice.account.region = ctx.region
    payments = [
        Payment(by_id[int(month.invoice_id[i])], int(month.amount[i]), month.day[i].astype(dt.date)) for i in picked
    ]
    if not payments:
        return ""
    content = statement_csv(statement_rows(payments, ctx.rng, _name), prefix=f"D{period:%y%m}-")
    result = statement_import(
        user=None, region=ctx.region, filename=f"rekening-koran-{period:%Y-%m}.csv", content=content, today=ctx.as_of
    )
    return f"rekening koran {result.new_count:,} baris, {result.matched_count:,} cocok otomatis"


def _pay(ctx: DemoContext, period: dt.date, habits: dict[int, int], month_no: int) -> None:
    """Most payments recorded in bulk (a settlement file), a sample through the bank statement and its matcher."""
    with cyclic_gc_paused():  # tens of thousands of rows and payments, none in a reference cycle
        _pay_month(ctx, period, habits, month_no)


def _pay_month(ctx: DemoContext, period: dt.date, habits: dict[int, int], month_no: int) -> None:
    month = _draw(ctx, period, habits, month_no)
    n = len(month.invoice_id)
    picked = np.sort(ctx.rng.choice(n, size=min(n, STATEMENT_LINES), replace=False))
    rest = np.setdiff1d(np.arange(n), picked)
    reference = f"SETTLEMENT {period:%Y-%m}"
    columns = (month.invoice_id[rest].tolist(), month.amount[rest].tolist(), month.day[rest].tolist())
    payments = [BulkPayment(i, a, d, reference) for i, a, d in zip(*columns, strict=True)]
    started = time.perf_counter()
    recorded = payments_record_bulk(user=None, region=ctx.region, payments=payments, today=ctx.as_of)
    bulk_seconds, started = time.perf_counter() - started, time.perf_counter()
    statement = _by_statement(ctx, period, month, picked)
    ctx.log(
        f"  {period:%Y-%m}: {recorded.count:,} pembayaran massal ({bulk_seconds:.1f} s); "
        f"{statement} ({time.perf_counter() - started:.1f} s)"
    )


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
    habits: dict[int, int] = {}
    seconds = {"runs": 0.0, "payments": 0.0}
    for month_no, period in enumerate(_periods(ctx.as_of)):
        if period < rules.FIRST_PERIOD:
            continue
        started = time.perf_counter()
        run = billing_run_execute(run=billing_run_start(region=ctx.region, period=period, today=ctx.as_of))
        seconds["runs"] += time.perf_counter() - started
        if run.status != RunStatus.DONE:
            ctx.log(f"  {period:%Y-%m}: {run_error_kind(run) or run.status}")  # no row's values in the log
            continue
        started = time.perf_counter()
        if month_no == MONTHS - 2:
            _end_some_memberships(ctx, period)
        _pay(ctx, period, habits, month_no)
        seconds["payments"] += time.perf_counter() - started
    ctx.log(
        f"  tagihan: {Invoice.objects.filter(region=ctx.region).count():,}, "
        f"rekening pembayar: {BillingAccount.objects.filter(region=ctx.region).count():,} "
        f"(tagihan bulanan {seconds['runs']:.1f} s, pembayaran {seconds['payments']:.1f} s)"
    )
