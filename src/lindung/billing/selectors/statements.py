"""An account statement (invoices, payments, running balance) and the city's bill for its programme."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lindung.billing import codes
from lindung.billing.models import BillingAccount, Invoice, Line, LineKind, Receipt, ReceiptSource
from lindung.core.models import Region
from lindung.core.scoping import scoped
from lindung.registry.models import Membership, PayerKind


@dataclass(frozen=True)
class Entry:
    day: dt.date
    description: str
    reference: str
    debit: int
    credit: int
    balance: int


@dataclass
class Statement:
    account: BillingAccount
    start: dt.date
    end: dt.date
    opening: int
    entries: list[Entry] = field(default_factory=list)
    credit: int = 0

    @property
    def closing(self) -> int:
        return self.entries[-1].balance if self.entries else self.opening

    @property
    def debits(self) -> int:
        return sum(e.debit for e in self.entries)

    @property
    def credits(self) -> int:
        return sum(e.credit for e in self.entries)


def _movements(account: BillingAccount) -> list[tuple[dt.date, int, str, str, int, int]]:
    out: list[tuple[dt.date, int, str, str, int, int]] = []
    for inv in Invoice.objects.filter(account=account).order_by("period"):
        # The charge belongs to the month it covers, whenever the run issued it (a back-dated run included).
        issued = inv.period
        # The month as the reader names it (``Januari 2026``), on the page, the PDF and the XLSX alike: the
        # spreadsheet sorts and filters by its typed date column, and the invoice code names the period too.
        text = _("Tagihan iuran periode %(p)s") % {"p": formats.date_format(inv.period, "F Y")}
        if inv.fine_total:
            fine = formats.number_format(inv.fine_total, force_grouping=True)  # the reader's digit grouping
            text += " " + _("(termasuk denda Rp %(f)s)") % {"f": fine}
        debit, credit = (inv.amount_due, 0) if inv.amount_due >= 0 else (0, -inv.amount_due)
        out.append((issued, 0, text, inv.code, debit, credit))
    receipts = Receipt.objects.filter(account=account).exclude(source=ReceiptSource.CREDIT_NOTE)
    for r in receipts.order_by("received_on", "pk"):
        out.append((r.received_on, 1, _("Pembayaran diterima"), r.reference[:60], 0, r.amount))
    return sorted(out, key=lambda m: (m[0], m[1]))


def account_statement(
    *, account: BillingAccount, start: dt.date | None = None, end: dt.date | None = None
) -> Statement:
    """Every invoice (debit) and payment (credit) of ``account`` between two dates, with running balance."""
    moves = _movements(account)
    end = end or timezone.localdate()
    start = start or (moves[0][0] if moves else end)
    opening = sum(d - c for day, _o, _t, _r, d, c in moves if day < start)
    statement = Statement(account, start, end, opening)
    balance = opening
    for day, _o, text, ref, debit, credit in moves:
        if start <= day <= end:
            balance += debit - credit
            statement.entries.append(Entry(day, text, ref, debit, credit, balance))
    statement.credit = int(Receipt.objects.filter(account=account).aggregate(c=Sum("unallocated"))["c"] or 0)
    return statement


def city_account(*, user: Any, region: Region) -> BillingAccount | None:
    """The account of the city's vulnerable-worker programme (APBD), if the user may see it."""
    qs = BillingAccount.objects.filter(kind=PayerKind.CITY_PROGRAMME, ref=region.pk)
    return scoped(qs.select_related("region"), user).first()


@dataclass
class CityBill:
    invoice: Invoice
    by_agency: list[dict[str, Any]]
    workers: int

    @property
    def total(self) -> int:
        return sum(row["total"] for row in self.by_agency)


def city_bill(*, user: Any, region: Region, period: dt.date) -> CityBill | None:
    """The city programme's invoice of ``period`` summed by proposing agency, adding up to the invoice.

    Workers are those covered this month (regular lines); an agency's amount also carries its workers'
    adjustments of earlier months, and late fines are a row of their own.
    """
    account = city_account(user=user, region=region)
    invoice = scoped(Invoice.objects.filter(account=account, period=period), user).first() if account else None
    if invoice is None:
        return None
    lines = list(
        Line.objects.filter(run_id=invoice.run_id, account_id=invoice.account_id).values_list(
            "membership_id", "kind", "total"
        )
    )
    agency_of = dict(Membership.objects.filter(pk__in={m for m, _k, _t in lines}).values_list("pk", "agency__name"))
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    fines = 0
    for membership, kind, total in lines:
        if kind == LineKind.FINE:
            fines += total
            continue
        name = agency_of.get(membership) or _("(tanpa perangkat daerah)")
        sums[name][0] += int(kind == LineKind.REGULAR)
        sums[name][1] += total
    rows = [{"agency": k, "workers": v[0], "total": v[1]} for k, v in sorted(sums.items())]
    if fines:
        rows.append({"agency": _("Denda keterlambatan"), "workers": 0, "total": fines})
    return CityBill(invoice, rows, sum(1 for _m, kind, _t in lines if kind == LineKind.REGULAR))


def invoice_code_help(account: BillingAccount, period: dt.date) -> str:
    return codes.invoice_code(period, account.pk)
