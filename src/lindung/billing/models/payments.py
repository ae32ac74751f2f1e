"""Money received: bank statement imports, receipts (matched or in suspense), allocations, late fines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.billing.models.accounts import BillingAccount, BillingRun
from lindung.billing.models.invoices import Invoice
from lindung.core.models import Region


class StatementImport(models.Model):
    """One bank statement file; the same file (same bytes) is accepted once per region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="statement_imports")
    file_sha256 = models.CharField(max_length=64)
    filename = models.CharField(_("berkas"), max_length=200)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField(auto_now_add=True)
    line_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    already_imported_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    suspense_count = models.PositiveIntegerField(default=0)
    total_amount = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [models.UniqueConstraint(fields=["region", "file_sha256"], name="billing_statement_once")]
        verbose_name = _("impor rekening koran")
        verbose_name_plural = _("impor rekening koran")

    def __str__(self) -> str:
        return self.filename


class ReceiptSource(models.TextChoices):
    MANUAL = "manual", _("Input manual")
    STATEMENT = "statement", _("Rekening koran")
    CREDIT_NOTE = "credit_note", _("Nota kredit (penyesuaian)")


class MatchKind(models.TextChoices):
    INVOICE_CODE = "invoice_code", _("Kode tagihan")
    INVOICE_CODE_CORRECTED = "invoice_code_corrected", _("Kode tagihan (salah ketik dikoreksi)")
    VIRTUAL_ACCOUNT = "virtual_account", _("Nomor virtual account")
    NAME_AMOUNT = "name_amount", _("Nama dan jumlah")
    MANUAL = "manual", _("Input manual")
    ASSIGNED = "assigned", _("Ditetapkan petugas")
    NONE = "none", _("Belum cocok (suspense)")


class Receipt(models.Model):
    """Money received from a payer. Without an account it waits in suspense until an officer assigns it.

    ``line_hash`` identifies a bank statement line: a line seen in an earlier import is never counted again.
    ``unallocated`` is the part not yet applied to an invoice: the payer's credit.
    """

    # No index of its own: (region, account, received_on) below starts with it.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, db_index=False, related_name="receipts")
    account = models.ForeignKey(
        BillingAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    source = models.CharField(max_length=12, choices=ReceiptSource.choices)
    statement = models.ForeignKey(
        StatementImport, null=True, blank=True, on_delete=models.PROTECT, db_index=False, related_name="receipts"
    )
    line_no = models.PositiveIntegerField(null=True, blank=True)
    line_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    received_on = models.DateField(_("tanggal terima"))
    amount = models.BigIntegerField(_("jumlah"))
    unallocated = models.BigIntegerField(default=0)
    reference = models.CharField(_("keterangan"), max_length=300, blank=True)
    virtual_account = models.CharField(max_length=32, blank=True)
    payer_name = models.CharField(max_length=200, blank=True)
    match = models.CharField(max_length=24, choices=MatchKind.choices, default=MatchKind.NONE)
    # No database constraint on the three references to an invoice: on PostgreSQL ``billing_invoice`` is
    # partitioned by period, its key is (id, period), so ``id`` alone is no key a foreign key could point at
    # (migration 0009, ADR 0004). Invoices are never deleted, and PROTECT still guards them in the ORM.
    matched_invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="billing_receipt_positive"),
            models.CheckConstraint(
                condition=models.Q(unallocated__gte=0, unallocated__lte=models.F("amount")),
                name="billing_receipt_unallocated_range",
            ),
        ]
        # Statement and officer are empty on most receipts (settlement files, the system's own): their indexes
        # hold only the receipts that have one.
        indexes = [
            models.Index(fields=["region", "account", "received_on"]),
            models.Index(
                fields=["statement"], condition=models.Q(statement__isnull=False), name="billing_receipt_statement"
            ),
            models.Index(
                fields=["created_by"], condition=models.Q(created_by__isnull=False), name="billing_receipt_created_by"
            ),
            # The few receipts with money left (credit), which each billing run applies to its new invoices.
            models.Index(
                fields=["region", "account"], condition=models.Q(unallocated__gt=0), name="billing_receipt_credit"
            ),
        ]
        verbose_name = _("penerimaan")
        verbose_name_plural = _("penerimaan")

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount}"

    @property
    def in_suspense(self) -> bool:
        return self.account_id is None


class Allocation(models.Model):
    """A part of a receipt applied to an invoice, on the day the money was received."""

    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, db_constraint=False, related_name="allocations")
    amount = models.BigIntegerField()
    paid_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="billing_allocation_positive")]
        verbose_name = _("alokasi pembayaran")
        verbose_name_plural = _("alokasi pembayaran")

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.amount}"


class LateFine(models.Model):
    """The fine on a contribution paid after its due date (rules.deadlines), billed on the next invoice."""

    allocation = models.OneToOneField(Allocation, on_delete=models.PROTECT, related_name="late_fine")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, db_constraint=False, related_name="late_fines")
    account = models.ForeignKey(BillingAccount, on_delete=models.PROTECT, related_name="late_fines")
    months = models.PositiveSmallIntegerField()
    jkk = models.BigIntegerField(default=0)
    jkm = models.BigIntegerField(default=0)
    jht = models.BigIntegerField(default=0)
    jp = models.BigIntegerField(default=0)
    total = models.BigIntegerField()
    rules_version = models.CharField(max_length=40)
    references = models.JSONField(default=list)
    billed_run = models.ForeignKey(BillingRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("denda keterlambatan")
        verbose_name_plural = _("denda keterlambatan")

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.total}"
