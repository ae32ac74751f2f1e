"""Record many payments at once (a bank's settlement file, the demo's history): the same allocation, fines and
credit as ``payment_record``, written in a few set-based statements instead of one transaction per payment.

Each payment names its invoice; it is applied there first, then to the payer's oldest open invoices, and what
is left stays as the payer's credit. Payments are applied in order of the day received, so a payer's earlier
money pays its earlier invoices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing.models import Allocation, Invoice, LateFine, MatchKind, Receipt, ReceiptSource
from lindung.billing.services.allocation import Allocator
from lindung.billing.services.payments import require_payment_role
from lindung.core.audit import audit_record
from lindung.core.models import Region

BATCH = 2000


@dataclass(frozen=True)
class BulkPayment:
    """Money received for one invoice: ``amount`` rupiah on ``received_on``."""

    invoice_id: int
    amount: int
    received_on: dt.date
    reference: str = ""


def _check(payments: Sequence[BulkPayment], accounts: dict[int, int], today: dt.date) -> None:
    if any(p.amount <= 0 for p in payments):
        raise ValidationError(_("Jumlah pembayaran harus lebih dari Rp 0."))
    if any(p.received_on > today for p in payments):
        raise ValidationError(_("Tanggal terima tidak boleh di masa depan."))
    if len(accounts) != len({p.invoice_id for p in payments}):
        raise ValidationError(_("Tagihan tidak ditemukan di wilayah ini; tidak ada pembayaran yang dicatat."))


def _accounts(region: Region, invoice_ids: set[int]) -> dict[int, int]:
    """Invoice id → account id, for the invoices of ``region`` among ``invoice_ids``."""
    ids, found = sorted(invoice_ids), dict[int, int]()
    for start in range(0, len(ids), BATCH):
        rows = Invoice.objects.filter(region=region, pk__in=ids[start : start + BATCH]).values_list("pk", "account_id")
        found.update(rows)
    return found


def _save(allocator: Allocator) -> None:
    """``Allocator.save`` with the invoice totals written by one ``executemany`` (not a CASE per row)."""
    for allocation in allocator.allocations:
        allocation.receipt = allocation.receipt  # the receipt's key, now that it has one
    Allocation.objects.bulk_create(allocator.allocations, batch_size=BATCH)
    for fine in allocator.fines:
        fine.allocation = fine.allocation
    LateFine.objects.bulk_create(allocator.fines, batch_size=BATCH)
    quote = connection.ops.quote_name
    table = quote(Invoice._meta.db_table)
    sql = f"UPDATE {table} SET {quote('paid_amount')} = %s, {quote('status')} = %s WHERE {quote('id')} = %s"  # noqa: S608
    rows = [(inv.paid_amount, inv.status, inv.pk) for inv in allocator.touched.values()]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


@transaction.atomic
def payments_record_bulk(
    *, user: Any, region: Region, payments: Sequence[BulkPayment], today: dt.date | None = None
) -> list[Receipt]:
    """Record ``payments`` (each for an invoice of ``region``) and apply them; all or nothing.

    Returns the receipts (source: manual input, matched to their invoice), with what stayed as credit in
    ``unallocated``.
    """
    require_payment_role(user)
    if not payments:
        return []
    accounts = _accounts(region, {p.invoice_id for p in payments})
    _check(payments, accounts, today or timezone.localdate())
    ordered = sorted(payments, key=lambda p: (p.received_on, p.invoice_id))
    receipts = [
        Receipt(
            region=region,
            account_id=accounts[p.invoice_id],
            source=ReceiptSource.MANUAL,
            received_on=p.received_on,
            amount=p.amount,
            unallocated=p.amount,
            reference=p.reference[:300],
            match=MatchKind.MANUAL,
            matched_invoice_id=p.invoice_id,
            created_by=user,
        )
        for p in ordered
    ]
    allocator = Allocator.load(accounts.values())
    for receipt in receipts:
        allocator.apply(receipt, first_id=receipt.matched_invoice_id)
    Receipt.objects.bulk_create(receipts, batch_size=BATCH)
    _save(allocator)
    audit_record(
        action="payments_record_bulk",
        object_type="billing.Receipt",
        after={
            "count": len(receipts),
            "amount": sum(r.amount for r in receipts),
            "credit": sum(r.unallocated for r in receipts),
            "fines": sum(f.total for f in allocator.fines),
        },
    )
    return receipts
