"""Writes of payments: record one by hand, assign a receipt out of suspense, apply credit to new invoices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing.limits import receipt_problem
from lindung.billing.models import (
    BillingAccount,
    BillingRun,
    Invoice,
    InvoiceStatus,
    MatchKind,
    Receipt,
    ReceiptSource,
)
from lindung.billing.services.allocation import Allocator
from lindung.core.audit import audit_record
from lindung.core.roles import Role
from lindung.core.scoping import scope_for

PAYMENT_ROLES = frozenset({Role.BRANCH_OFFICER, Role.ADMIN})


def require_payment_role(user: Any) -> None:
    """Only branch officers (and admins) record money; ``None`` is the system itself (CLI, demo data)."""
    if user is None:
        return
    scope = scope_for(user)
    if scope is None or scope.role not in PAYMENT_ROLES:
        raise ValidationError(_("Hanya petugas BPJS Ketenagakerjaan yang dapat mencatat pembayaran."))


def _check_amount(amount: int, received_on: dt.date, today: dt.date) -> None:
    problem = receipt_problem(amount, received_on, today)
    if problem is not None:
        raise ValidationError(problem)


@transaction.atomic
def payment_record(
    *, user: Any, invoice: Invoice, amount: int, received_on: dt.date, reference: str = "", today: dt.date | None = None
) -> Receipt:
    """Record money received for ``invoice`` (already checked in the user's scope) and apply it.

    The named invoice is paid first, then the payer's oldest open invoices; an overpayment stays as credit.
    """
    require_payment_role(user)
    _check_amount(amount, received_on, today or timezone.localdate())
    receipt = Receipt(
        region_id=invoice.region_id,
        account_id=invoice.account_id,
        source=ReceiptSource.MANUAL,
        received_on=received_on,
        amount=amount,
        unallocated=amount,
        reference=reference[:300],
        match=MatchKind.MANUAL,
        matched_invoice=invoice,
        created_by=user,
    )
    receipt.full_clean()
    allocator = Allocator.load([invoice.account_id])
    allocator.apply(receipt, first_id=invoice.pk)
    receipt.save()
    allocator.save()
    audit_record(
        action="payment_record",
        object_type="billing.Receipt",
        object_id=str(receipt.pk),
        after={
            "invoice": invoice.code,
            "amount": amount,
            "received_on": received_on.isoformat(),
            "credit": receipt.unallocated,
            "fines": sum(f.total for f in allocator.fines),
        },
    )
    return receipt


@transaction.atomic
def receipt_assign(*, user: Any, receipt: Receipt, account: BillingAccount, invoice: Invoice | None = None) -> Receipt:
    """Take a receipt out of suspense: give it to ``account`` (and the invoice it pays first) and apply it."""
    require_payment_role(user)
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if receipt.account_id is not None:
        raise ValidationError(_("Penerimaan ini sudah dicocokkan dengan pembayar; tidak ada yang diubah."))
    if account.region_id != receipt.region_id or (invoice is not None and invoice.account_id != account.pk):
        raise ValidationError(_("Pembayar atau tagihan tidak sesuai dengan wilayah penerimaan ini."))
    receipt.account, receipt.match, receipt.matched_invoice = account, MatchKind.ASSIGNED, invoice
    receipt.assigned_at = timezone.now()
    allocator = Allocator.load([account.pk])
    allocator.apply(receipt, first_id=invoice.pk if invoice else None)
    receipt.save()
    allocator.save()
    audit_record(
        action="receipt_assign",
        object_type="billing.Receipt",
        object_id=str(receipt.pk),
        after={
            "account": account.pk,
            "invoice": invoice.code if invoice else None,
            "amount": receipt.amount,
            "credit": receipt.unallocated,
        },
    )
    return receipt


def credit_apply_for_run(*, run: BillingRun) -> int:
    """Turn negative invoices of the run into credit notes, then apply every payer's credit to its new invoices.

    A credit note is dated the first day of the month, so applying it never looks late.
    """
    notes = [
        Receipt(
            region_id=run.region_id,
            account_id=inv.account_id,
            source=ReceiptSource.CREDIT_NOTE,
            received_on=run.period,
            amount=-inv.amount_due,
            unallocated=-inv.amount_due,
            reference=inv.code,
            match=MatchKind.ASSIGNED,
            matched_invoice=inv,
        )
        # A negative invoice is issued as "credit": read through the (region, status) index, not by run.
        for inv in Invoice.objects.filter(
            region_id=run.region_id, status=InvoiceStatus.CREDIT, run=run, amount_due__lt=0
        ).order_by("account_id")
    ]
    Receipt.objects.bulk_create(notes)
    # The region's receipts with credit left (a small partial index), of payers the run invoiced: the run is
    # the region's only one of its month, so its invoices are the month's (the (account, period) key).
    invoiced = Invoice.objects.filter(account_id=OuterRef("account_id"), period=run.period)
    credits = list(
        Receipt.objects.select_for_update()
        .filter(Exists(invoiced), region_id=run.region_id, unallocated__gt=0)
        .order_by("received_on", "pk")
    )
    if not credits:
        return 0
    allocator = Allocator.load((r.account_id for r in credits if r.account_id is not None), region_id=run.region_id)
    for receipt in credits:
        allocator.apply(receipt)
    Receipt.objects.bulk_update(credits, ["unallocated"], batch_size=2000)
    allocator.save()
    return len(allocator.allocations)
