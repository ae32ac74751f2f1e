"""What the city was billed and paid for its programme each month: the ledger's "billed" and "paid".

A small interface between this app and ``lindung.billing`` (issue #5), so that the two can change apart:

    city_bills(region=..., year=...) -> BillFeed

``BillFeed.months`` maps the first day of each billed month to a ``MonthBill`` (contributions billed, fines,
paid, invoice codes). The city's bill is the invoice of the billing account of kind ``city_programme`` of the
region (``BillingAccount.kind``/``Invoice.region``). Until billing's models and tables exist, the feed answers
zeros with ``available = False`` and the note "tagihan belum tersedia", which the ledger page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lindung.core.models import Region

CITY_PAYER_KIND = "city_programme"
T = TypeVar("T")


@dataclass(frozen=True)
class MonthBill:
    period: dt.date
    billed: int = 0
    fines: int = 0
    paid: int = 0
    invoices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BillFeed:
    available: bool
    note: str
    months: dict[dt.date, MonthBill]

    @property
    def billed(self) -> int:
        return sum(m.billed for m in self.months.values())

    @property
    def paid(self) -> int:
        return sum(m.paid for m in self.months.values())

    @property
    def fines(self) -> int:
        return sum(m.fines for m in self.months.values())


def unavailable() -> BillFeed:
    return BillFeed(False, _("tagihan belum tersedia"), {})


def _invoice_model() -> Any | None:
    if not apps.is_installed("lindung.billing"):
        return None
    try:
        return apps.get_model("billing", "Invoice")
    except LookupError:
        return None


def city_bills(*, region: Region, year: int) -> BillFeed:
    """The city programme's invoices of ``year`` by month (contributions and adjustments billed, fines, paid)."""
    invoice = _invoice_model()
    if invoice is None:
        return unavailable()
    rows = (
        invoice.objects.filter(region=region, account__kind=CITY_PAYER_KIND, period__year=year)
        .values("period")
        .annotate(
            contributions=Sum("contribution_total"),
            adjustments=Sum("adjustment_total"),
            fines=Sum("fine_total"),
            paid=Sum("paid_amount"),
        )
        .order_by("period")
    )
    try:
        found, codes = _guarded(lambda: (list(rows), _codes(invoice, region, year)))
    except DatabaseError:  # billing installed but not migrated yet
        return unavailable()
    months = {
        row["period"].replace(day=1): MonthBill(
            period=row["period"].replace(day=1),
            billed=int(row["contributions"] or 0) + int(row["adjustments"] or 0),
            fines=int(row["fines"] or 0),
            paid=int(row["paid"] or 0),
            invoices=codes.get(row["period"].replace(day=1), []),
        )
        for row in found
    }
    note = "" if months else _("Belum ada tagihan kota untuk tahun %(year)s.") % {"year": year}
    return BillFeed(True, note, months)


def _guarded(read: Callable[[], T]) -> T:
    """Run a read so that a failure cannot break the caller's transaction: inside one, under a savepoint.

    Outside a transaction no block is opened: on SQLite (IMMEDIATE mode) that would take the write lock.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            return read()
    return read()


def _codes(invoice: Any, region: Region, year: int) -> dict[dt.date, list[str]]:
    codes: dict[dt.date, list[str]] = {}
    for item in invoice.objects.filter(region=region, account__kind=CITY_PAYER_KIND, period__year=year):
        codes.setdefault(item.period.replace(day=1), []).append(str(getattr(item, "code", item.pk)))
    return codes
