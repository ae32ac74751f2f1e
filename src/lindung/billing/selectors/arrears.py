"""Arrears by payer with ageing buckets and the fine accrued so far; receipts in suspense with their age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from django.db.models import Case, Count, F, IntegerField, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from lindung.billing import rules_adapter as rules
from lindung.billing.models import BillingAccount, Invoice, InvoiceStatus, Receipt
from lindung.billing.services.allocation import FINE_FIELDS, split_pro_rata
from lindung.core.scoping import scoped
from lindung.registry.models import PayerKind

#: Ageing buckets in days past due (or since received, for suspense): 0-30, 31-60, 61-90, over 90.
BUCKETS: Final = (("d0_30", 0, 30), ("d31_60", 31, 60), ("d61_90", 61, 90), ("d90_plus", 91, None))
UNPAID: Final = (InvoiceStatus.OPEN, InvoiceStatus.PARTIAL)


def bucket_of(days: int) -> str:
    for name, low, high in BUCKETS:
        if days >= low and (high is None or days <= high):
            return name
    return BUCKETS[0][0]


def _bucket_sums(date_field: str, amount: Any, as_of: dt.date) -> dict[str, Any]:
    """Sum(amount) per bucket of ``as_of - date_field``, as ORM aggregates."""
    out: dict[str, Any] = {}
    for name, low, high in BUCKETS:
        condition = Q(**{f"{date_field}__lte": as_of - dt.timedelta(days=low)})
        if high is not None:
            condition &= Q(**{f"{date_field}__gte": as_of - dt.timedelta(days=high)})
        out[name] = Coalesce(Sum(Case(When(condition, then=amount), default=Value(0))), Value(0))
    return out


def overdue_invoices(*, user: Any, as_of: dt.date) -> QuerySet[Invoice]:
    return scoped(Invoice.objects.all(), user).filter(status__in=UNPAID, due_date__lt=as_of)


def accrued_fine(invoice: Invoice, as_of: dt.date, employer_kind: str) -> int:
    """The fine the outstanding contribution would carry if paid on ``as_of`` (rules.deadlines)."""
    return accrued_fine_split(invoice, as_of, employer_kind).total


def accrued_fine_split(invoice: Invoice, as_of: dt.date, employer_kind: str) -> rules.FineSplit:
    """``accrued_fine`` by programme, with the rates and regulations it was computed with."""
    outstanding = invoice.contribution_outstanding
    if outstanding <= 0 or as_of <= invoice.due_date:
        return rules.FineSplit(0, {}, [])
    parts = split_pro_rata(outstanding, [invoice.jkk, invoice.jkm, invoice.jht, invoice.jp])
    amounts = dict(zip(FINE_FIELDS, parts, strict=True))
    return rules.fine_for(
        amounts, segment=invoice.segment, employer_kind=employer_kind, period=invoice.period, paid=as_of
    )


def fine_bases(splits: list[rules.FineSplit]) -> list[dict[str, Any]]:
    """The fines' legal bases for a letter: per rate and regulation, the programmes charged at it, in order."""
    grouped: dict[tuple[Fraction, str], list[str]] = {}
    for split in splits:
        for program, rate, regulation in split.rates:
            programs = grouped.setdefault((rate, regulation), [])
            if program not in programs:
                programs.append(program)
    return [  # the rate in percent, exact: 1/50 is 2, 1/200 is 0.5
        {"programs": ", ".join(programs), "rate": Decimal(rate.numerator * 100) / rate.denominator, "regulation": law}
        for (rate, law), programs in grouped.items()
    ]


def _employer_kind(account: BillingAccount) -> str:
    return account.employer.kind if account.kind == PayerKind.EMPLOYER and account.employer else "other"


@dataclass
class ArrearsRow:
    account: BillingAccount
    invoices: int
    oldest_due: dt.date
    total: int
    buckets: dict[str, int]
    fine: int = 0
    periods: list[dt.date] = field(default_factory=list)
    #: The overdue invoices themselves, oldest first: the codes a dunning letter asks the payer to quote.
    overdue: list[Invoice] = field(default_factory=list)
    #: The running fine's legal bases (``fine_bases``): what a dunning letter cites.
    fine_bases: list[dict[str, Any]] = field(default_factory=list)


def arrears_list(
    *, user: Any, as_of: dt.date, employers_only: bool = False, account: BillingAccount | None = None
) -> list[dict[str, Any]]:
    """Overdue amounts per account (largest first), by ageing bucket; of one ``account`` when given."""
    outstanding = F("amount_due") - F("paid_amount")
    qs = overdue_invoices(user=user, as_of=as_of)
    if employers_only:
        qs = qs.filter(account__kind=PayerKind.EMPLOYER)
    if account is not None:
        qs = qs.filter(account=account)
    rows = (
        qs.values("account_id")
        .annotate(
            invoices=Count("pk"),
            oldest_due=Min("due_date"),
            total=Sum(outstanding),
            **_bucket_sums("due_date", outstanding, as_of),
        )
        .order_by("-total", "account_id")
    )
    return [dict(r) for r in rows]


def arrears_rows(rows: list[dict[str, Any]], *, user: Any, as_of: dt.date) -> list[ArrearsRow]:
    """The page of ``arrears_list`` with accounts and the fine accrued on each overdue invoice."""
    ids = [r["account_id"] for r in rows]
    accounts = BillingAccount.objects.select_related("employer", "worker", "region").in_bulk(ids)
    invoices: dict[int, list[Invoice]] = {i: [] for i in ids}
    for invoice in overdue_invoices(user=user, as_of=as_of).filter(account_id__in=ids).order_by("period"):
        invoices[invoice.account_id].append(invoice)
    out = []
    for r in rows:
        account = accounts[r["account_id"]]
        kind = _employer_kind(account)
        splits = [accrued_fine_split(inv, as_of, kind) for inv in invoices[account.pk]]
        fine = sum(split.total for split in splits)
        out.append(
            ArrearsRow(
                account,
                r["invoices"],
                r["oldest_due"],
                r["total"],
                {name: r[name] for name, _l, _h in BUCKETS},
                fine,
                [inv.period for inv in invoices[account.pk]],
                invoices[account.pk],
                fine_bases(splits),
            )
        )
    return out


def arrears_totals(*, user: Any, as_of: dt.date) -> dict[str, int]:
    outstanding = F("amount_due") - F("paid_amount")
    totals = overdue_invoices(user=user, as_of=as_of).aggregate(
        total=Coalesce(Sum(outstanding), Value(0)),
        accounts=Count("account", distinct=True),
        **_bucket_sums("due_date", outstanding, as_of),
    )
    return {k: int(v or 0) for k, v in totals.items()}


def account_arrears(*, account: BillingAccount, user: Any, as_of: dt.date) -> ArrearsRow | None:
    """One payer's arrears (a dunning letter): read for that account alone, not the whole region's list."""
    mine = arrears_list(user=user, as_of=as_of, account=account)
    return arrears_rows(mine, user=user, as_of=as_of)[0] if mine else None


def suspense_list(*, user: Any) -> QuerySet[Receipt]:
    """Receipts no payer has been found for, oldest first."""
    return scoped(Receipt.objects.filter(account__isnull=True), user).order_by("received_on", "pk")


def suspense_totals(*, user: Any, as_of: dt.date) -> dict[str, int]:
    totals = suspense_list(user=user).aggregate(
        count=Count("pk"),
        total=Coalesce(Sum("amount"), Value(0)),
        older_than_30=Coalesce(
            Sum(
                Case(
                    When(received_on__lt=as_of - dt.timedelta(days=30), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
            Value(0),
        ),
        **_bucket_sums("received_on", F("amount"), as_of),
    )
    return {k: int(v or 0) for k, v in totals.items()}


def age_days(day: dt.date, as_of: dt.date) -> int:
    return max((as_of - day).days, 0)
