"""Apply receipts to invoices in memory, then save everything in a few bulk statements.

The invoices of the accounts concerned are loaded once, locked, and kept in memory while the receipts are
applied in order: first the invoice the payer named, then the oldest open ones; what is left is the payer's
credit. A contribution paid after its due date gets its fine from the rules (``LateFine``), billed on the
next invoice. A statement of thousands of lines costs a handful of queries, not thousands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F

from lindung.billing import rules_adapter as rules
from lindung.billing.models import Allocation, Invoice, InvoiceStatus, LateFine, Receipt
from lindung.registry.models import PayerKind

FINE_FIELDS = {"JKK": "jkk", "JKM": "jkm", "JHT": "jht", "JP": "jp"}
BATCH = 5000  # accounts per query (SQLite takes at most 32,766 parameters)


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


def invoice_status(invoice: Invoice) -> str:
    if invoice.amount_due < 0:
        return InvoiceStatus.CREDIT
    if invoice.paid_amount >= invoice.amount_due:
        return InvoiceStatus.PAID
    return InvoiceStatus.PARTIAL if invoice.paid_amount > 0 else InvoiceStatus.OPEN


@dataclass
class Allocator:
    """Open invoices of some accounts, locked, and the allocations and fines made so far."""

    invoices: dict[int, list[Invoice]]
    employer_kind: dict[int, str]
    allocations: list[Allocation] = field(default_factory=list)
    fines: list[LateFine] = field(default_factory=list)
    touched: dict[int, Invoice] = field(default_factory=dict)

    @classmethod
    def load(cls, account_ids: Iterable[int]) -> Allocator:
        ids = sorted(set(account_ids))
        invoices: dict[int, list[Invoice]] = {i: [] for i in ids}
        kinds: dict[int, str] = {}
        batches = (ids[start : start + BATCH] for start in range(0, len(ids), BATCH))
        query = (
            invoice
            for batch in batches
            for invoice in Invoice.objects.select_for_update(of=("self",))
            .select_related("account__employer")
            .filter(account_id__in=batch, amount_due__gt=F("paid_amount"))
            .order_by("period", "pk")
        )
        for invoice in query:
            invoices[invoice.account_id].append(invoice)
            account = invoice.account
            kind = account.employer.kind if account.kind == PayerKind.EMPLOYER and account.employer else "other"
            kinds[invoice.account_id] = kind
        return cls(invoices, kinds)

    def apply(self, receipt: Receipt, *, first_id: int | None = None) -> None:
        """Apply the receipt's unallocated money to its account's invoices; the rest stays as credit."""
        assert receipt.account_id is not None
        queue = list(self.invoices.get(receipt.account_id, []))
        if first_id is not None:
            named = next((inv for inv in queue if inv.pk == first_id), None)
            if named is not None:
                queue.remove(named)
                queue.insert(0, named)
        for invoice in queue:
            if receipt.unallocated <= 0:
                break
            take = min(invoice.outstanding, receipt.unallocated)
            if take > 0:
                self._allocate(receipt, invoice, take)

    def _allocate(self, receipt: Receipt, invoice: Invoice, amount: int) -> None:
        allocation = Allocation(receipt=receipt, invoice=invoice, amount=amount, paid_on=receipt.received_on)
        fine = self._fine(invoice, amount, receipt.received_on)
        invoice.paid_amount += amount
        invoice.status = invoice_status(invoice)
        receipt.unallocated -= amount
        self.allocations.append(allocation)
        self.touched[invoice.pk] = invoice
        if fine is not None:
            fine.allocation = allocation
            self.fines.append(fine)

    def _fine(self, invoice: Invoice, amount: int, paid_on: dt.date) -> LateFine | None:
        """The fine on the contribution part of ``amount`` when paid after the due date."""
        contribution = min(amount, invoice.contribution_outstanding)
        if contribution <= 0 or paid_on <= invoice.due_date:
            return None
        weights = [invoice.jkk, invoice.jkm, invoice.jht, invoice.jp]
        parts = dict(zip(FINE_FIELDS, split_pro_rata(contribution, weights), strict=True))
        kind = self.employer_kind.get(invoice.account_id, "other")
        fine = rules.fine_for(parts, segment=invoice.segment, employer_kind=kind, period=invoice.period, paid=paid_on)
        if fine.total == 0:
            return None
        amounts = {FINE_FIELDS[p]: fine.by_program.get(p, 0) for p in FINE_FIELDS}
        return LateFine(
            invoice=invoice,
            account_id=invoice.account_id,
            months=fine.months,
            total=fine.total,
            rules_version=rules.RULES_VERSION,
            references=fine.references,
            **amounts,
        )

    def save(self) -> None:
        """Write the allocations, fines and invoice totals (receipts must be saved first)."""
        for allocation in self.allocations:
            allocation.receipt = allocation.receipt  # refresh receipt_id after the receipt got its key
        Allocation.objects.bulk_create(self.allocations, batch_size=2000)
        for fine in self.fines:
            fine.allocation = fine.allocation
        LateFine.objects.bulk_create(self.fines, batch_size=2000)
        Invoice.objects.bulk_update(list(self.touched.values()), ["paid_amount", "status"], batch_size=2000)
