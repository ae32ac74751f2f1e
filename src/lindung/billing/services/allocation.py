"""Apply receipts to invoices in memory, then save everything in a few bulk statements.

The open invoices of the accounts concerned are loaded once, as plain rows, locked, and kept in memory while
the receipts are applied in order: first the invoice the payer named, then the oldest open ones; what is left
is the payer's credit. A contribution paid after its due date gets its fine from the rules (``LateFine``),
billed on the next invoice. One payment by hand and a settlement file of tens of thousands go through the
same ``Allocator.apply``; only the writing differs (the ORM here, plain rows in ``bulk_payments``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection

from lindung.billing import rules_adapter as rules
from lindung.billing.models import Allocation, BillingAccount, Invoice, InvoiceStatus, LateFine
from lindung.billing.models.invoices import Outstanding
from lindung.registry.models import Employer, PayerKind

FINE_FIELDS = {"JKK": "jkk", "JKM": "jkm", "JHT": "jht", "JP": "jp"}
BATCH = 5000  # accounts per query (SQLite takes at most 32,766 parameters)
REGION_READ = 5000  # accounts from which SQLite reads the region's open invoices rather than each account's
UNPAID = (InvoiceStatus.OPEN.value, InvoiceStatus.PARTIAL.value)
#: The columns of an open invoice that allocation needs, in ``OpenInvoice``'s field order.
OPEN_COLUMNS = ("pk", "account_id", "period", "due_date", "segment", "jkk", "jkm", "jht", "jp", "contribution_total",
                "amount_due", "paid_amount", "status")  # fmt: skip


def split_pro_rata(amount: int, weights: list[int]) -> list[int]:
    """``amount`` split in proportion to ``weights`` (negatives count as 0), exact to the rupiah."""
    clean = [max(w, 0) for w in weights]
    total = sum(clean)
    if total == 0 or amount == 0:
        return [0] * len(weights)
    parts = [amount * w // total for w in clean]
    remainders = sorted(range(len(clean)), key=lambda i: (-(amount * clean[i] % total), i))
    for i in remainders[: amount - sum(parts)]:
        parts[i] += 1
    return parts


def invoice_status(invoice: Any) -> str:
    """The status of an invoice (an ``Invoice`` or an ``OpenInvoice``) from what it owes and what is paid."""
    if invoice.amount_due < 0:
        return InvoiceStatus.CREDIT
    if invoice.paid_amount >= invoice.amount_due:
        return InvoiceStatus.PAID
    return InvoiceStatus.PARTIAL if invoice.paid_amount > 0 else InvoiceStatus.OPEN


@dataclass(slots=True)
class OpenInvoice(Outstanding):
    """What allocation needs of an open invoice: a plain row (no model instance per invoice)."""

    pk: int
    account_id: int
    period: dt.date
    due_date: dt.date
    segment: str
    jkk: int
    jkm: int
    jht: int
    jp: int
    contribution_total: int
    amount_due: int
    paid_amount: int
    status: str


@dataclass(slots=True)
class Applied:
    """``amount`` of ``receipt`` applied to ``invoice`` on ``paid_on``, and the late fine it carries, if any."""

    receipt: Any  # a Receipt, or bulk_payments' plain receipt: anything with pk, account_id, received_on
    invoice: OpenInvoice
    amount: int
    paid_on: dt.date
    fine: rules.FineSplit | None = None


@dataclass
class Allocator:
    """Open invoices of some accounts, locked, and the allocations (with their fines) made so far."""

    invoices: dict[int, list[OpenInvoice]]
    employer_kind: dict[int, str]
    allocations: list[Applied] = field(default_factory=list)
    touched: dict[int, OpenInvoice] = field(default_factory=dict)
    #: The same open invoices by id.
    by_pk: dict[int, OpenInvoice] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_pk = {inv.pk: inv for queue in self.invoices.values() for inv in queue}

    @classmethod
    def load(cls, account_ids: Iterable[int], *, region_id: int | None = None) -> Allocator:
        """The open invoices of ``account_ids`` (oldest first), locked on PostgreSQL, as plain rows.

        ``region_id`` (the accounts' region) lets SQLite read many accounts' invoices from the region's open ones.
        """
        ids = sorted(set(account_ids))
        invoices: dict[int, list[OpenInvoice]] = {i: [] for i in ids}
        kinds: dict[int, str] = {}
        for row in _open_rows(ids, region_id):
            invoices[row[1]].append(OpenInvoice(row[0], row[1], _day(row[2]), _day(row[3]), *row[4:]))
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            for pk, kind, employer_kind in _rows(_payer_kinds_sql(len(batch)), batch):
                kinds[pk] = employer_kind if kind == PayerKind.EMPLOYER and employer_kind is not None else "other"
        return cls(invoices, kinds)

    @property
    def fines(self) -> list[rules.FineSplit]:
        return [a.fine for a in self.allocations if a.fine is not None]

    def apply(self, receipt: Any, *, first_id: int | None = None) -> None:
        """Apply the receipt's unallocated money to its account's invoices; the rest stays as credit."""
        assert receipt.account_id is not None
        queue = self.invoices.get(receipt.account_id, ())
        named = self.by_pk.get(first_id) if first_id is not None else None
        if named is not None and named.account_id == receipt.account_id:  # the invoice named first, then the oldest
            self._take(receipt, named)
        else:
            named = None
        for invoice in queue:
            if receipt.unallocated <= 0:
                break
            if invoice is not named:
                self._take(receipt, invoice)

    def _take(self, receipt: Any, invoice: OpenInvoice) -> None:
        take = min(invoice.amount_due - invoice.paid_amount, receipt.unallocated)  # nothing when ≤ 0
        if take > 0:
            self._allocate(receipt, invoice, take)

    def _allocate(self, receipt: Any, invoice: OpenInvoice, amount: int) -> None:
        fine = self._fine(invoice, amount, receipt.received_on)
        invoice.paid_amount += amount
        invoice.status = invoice_status(invoice)
        receipt.unallocated -= amount
        self.allocations.append(Applied(receipt, invoice, amount, receipt.received_on, fine))
        self.touched[invoice.pk] = invoice

    def _fine(self, invoice: OpenInvoice, amount: int, paid_on: dt.date) -> rules.FineSplit | None:
        """The fine on the contribution part of ``amount`` when paid after the due date."""
        if paid_on <= invoice.due_date:
            return None
        contribution = min(amount, invoice.contribution_outstanding)
        if contribution <= 0:
            return None
        weights = [invoice.jkk, invoice.jkm, invoice.jht, invoice.jp]
        parts = dict(zip(FINE_FIELDS, split_pro_rata(contribution, weights), strict=True))
        kind = self.employer_kind.get(invoice.account_id, "other")
        fine = rules.fine_for(parts, segment=invoice.segment, employer_kind=kind, period=invoice.period, paid=paid_on)
        return fine if fine.total else None

    def save(self) -> None:
        """Write the allocations, fines and invoice totals (receipts must be saved first)."""
        allocations = [
            Allocation(receipt_id=a.receipt.pk, invoice_id=a.invoice.pk, amount=a.amount, paid_on=a.paid_on)
            for a in self.allocations
        ]
        Allocation.objects.bulk_create(allocations, batch_size=2000)
        fines = [
            _late_fine(a.fine, allocation_id=allocation.pk, invoice=a.invoice)
            for a, allocation in zip(self.allocations, allocations, strict=True)
            if a.fine is not None
        ]
        LateFine.objects.bulk_create(fines, batch_size=2000)
        invoice_totals_write(self.touched.values())


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _day(value: dt.date | str) -> dt.date:
    """A date column's value (SQLite gives the ISO text) as a date."""
    return value if isinstance(value, dt.date) else _iso_day(value)


@lru_cache(maxsize=4096)
def _iso_day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _open_rows(ids: list[int], region_id: int | None) -> list[tuple[Any, ...]]:
    """The open invoices of the accounts ``ids`` in ``OPEN_COLUMNS`` order, oldest first within an account.

    SQLite, many accounts of one region: the region's open invoices through its (region, status) index, the
    accounts picked here; a look-up per account reads every month of it. An account's invoices are all of its
    region (a region's run bills only its own payers). SQLite has one writer and no row locks, so reading more
    rows locks nothing more. Otherwise by account, in batches, locked on PostgreSQL.
    """
    if region_id is not None and connection.vendor == "sqlite" and len(ids) >= REGION_READ:
        wanted = set(ids)
        params: list[Any] = [region_id, *UNPAID]
        rows = _rows(_open_invoices_sql("region_id", 1, by_status=True), params)
        return [row for row in rows if row[1] in wanted]
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        found += _rows(_open_invoices_sql("account_id", len(batch)), batch)
    return found


def _open_invoices_sql(column: str, n: int, *, by_status: bool = False) -> str:
    """Plain SQL (the ORM's per-value preparation of a 5,000-id ``IN`` costs more than the query). The status
    always agrees with the amounts; it is named only to reach the region's index."""
    quote = connection.ops.quote_name
    names = ", ".join(quote("id" if c == "pk" else c) for c in OPEN_COLUMNS)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    status = f" AND {quote('status')} IN (%s, %s)" if by_status else ""
    return (
        f"SELECT {names} FROM {quote(Invoice._meta.db_table)} "  # noqa: S608
        f"WHERE {quote(column)} IN ({', '.join(['%s'] * n)}){status} "
        f"AND {quote('amount_due')} > {quote('paid_amount')} ORDER BY {quote('period')}, {quote('id')}{lock}"
    )


def _payer_kinds_sql(n: int) -> str:
    quote = connection.ops.quote_name
    account, employer = quote(BillingAccount._meta.db_table), quote(Employer._meta.db_table)
    return (
        f"SELECT a.{quote('id')}, a.{quote('kind')}, e.{quote('kind')} FROM {account} a "  # noqa: S608
        f"LEFT JOIN {employer} e ON e.{quote('id')} = a.{quote('employer_id')} "
        f"WHERE a.{quote('id')} IN ({', '.join(['%s'] * n)})"
    )


def _late_fine(fine: rules.FineSplit, *, allocation_id: int, invoice: OpenInvoice) -> LateFine:
    """The ``LateFine`` of ``fine`` on an allocation to ``invoice``."""
    return LateFine(
        allocation_id=allocation_id,
        invoice_id=invoice.pk,
        account_id=invoice.account_id,
        months=fine.months,
        total=fine.total,
        rules_version=rules.RULES_VERSION,
        references=fine.references,
        **fine_amounts(fine),
    )


def fine_amounts(fine: rules.FineSplit) -> dict[str, int]:
    """The fine per programme column of ``LateFine`` (jkk, jkm, jht, jp)."""
    return {FINE_FIELDS[p]: fine.by_program.get(p, 0) for p in FINE_FIELDS}


def invoice_totals_write(invoices: Iterable[OpenInvoice]) -> None:
    """Write the paid amount and status of ``invoices``: one ``executemany`` (not a CASE per row)."""
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(Invoice._meta.db_table)} SET {quote('paid_amount')} = %s, {quote('status')} = %s "  # noqa: S608
        f"WHERE {quote('id')} = %s"
    )
    rows = [(inv.paid_amount, inv.status, inv.pk) for inv in invoices]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20_000):
            cursor.executemany(sql, rows[start : start + 20_000])
