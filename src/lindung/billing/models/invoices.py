"""Contribution lines (one per membership and month, one integer column per programme share) and invoices.

Both are bulk tables: a month of a million memberships writes a million lines and one invoice per payer, by
binary COPY (PostgreSQL) or executemany (SQLite) and one INSERT … SELECT … GROUP BY. Per-row foreign-key
checks and redundant indexes would cost more than the write itself, so their relations carry no database
constraint and no index the keys below do not already give. Integrity is the run's job: it writes lines and
invoices only for accounts and runs that exist, in the transaction that checkpoints them; accounts, runs and
invoices are never deleted (PROTECT still guards them in the ORM).
"""

from __future__ import annotations

from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.billing import codes
from lindung.billing.models.accounts import BillingAccount, BillingRun, ReferenceSet
from lindung.core.models import Region

#: The amount columns of a line, in the order the run writes them.
AMOUNT_COLUMNS = ("jkk", "jkm", "jht_employer", "jht_worker", "jp_employer", "jp_worker", "jkp_government")


class LineKind(models.IntegerChoices):
    REGULAR = 0, _("Iuran bulan berjalan")
    ADJUSTMENT = 1, _("Penyesuaian bulan sebelumnya")
    FINE = 2, _("Denda keterlambatan")


class Line(models.Model):
    """One membership's contribution for one month, with its inputs, on the invoice of (account, run).

    Written in bulk by the billing run only: the composite primary key is its only index besides the small
    one on adjustments.
    ``total`` is what the payer owes: every share except the central government's JKP share.
    A fine line has ``membership_id`` 0 and carries the fine per programme in the employer columns.
    """

    pk = models.CompositePrimaryKey("run_id", "account_id", "membership_id", "kind", "covers_period")
    run = models.ForeignKey(
        BillingRun, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    account = models.ForeignKey(
        BillingAccount, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    membership_id = models.BigIntegerField()
    kind = models.SmallIntegerField(choices=LineKind.choices)
    covers_period = models.DateField()
    refset = models.ForeignKey(
        ReferenceSet, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    segment = models.SmallIntegerField()  # rules.codes.PU / BPU
    risk_group = models.SmallIntegerField()
    programs = models.SmallIntegerField()
    funded_by = models.SmallIntegerField()  # rules.codes.FUNDER_CODE
    birth_month = models.IntegerField()  # months since year 0 (rules.codes.month_index), -1 unknown
    #: Discount inputs (PP 7/2025 + 36/2025 padat karya, PP 50/2025 BPU transport, PP 49/2020 JP deferral):
    #: rules.codes.SECTOR_CODE (the employer's for PU, the membership's for BPU), the employer's active PU
    #: participants (counted only where the padat karya discount can apply, else 0), and 1 if JP is deferred.
    sector = models.SmallIntegerField(default=0, db_default=0)
    participants = models.IntegerField(default=0, db_default=0)
    jp_deferral = models.SmallIntegerField(default=0, db_default=0)
    wage = models.BigIntegerField()
    jkk = models.BigIntegerField()
    jkm = models.BigIntegerField()
    jht_employer = models.BigIntegerField()
    jht_worker = models.BigIntegerField()
    jp_employer = models.BigIntegerField()
    jp_worker = models.BigIntegerField()
    jkp_government = models.BigIntegerField()
    total = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["covers_period", "membership_id"],
                condition=models.Q(kind=1),
                name="billing_line_adjustments",
            )
        ]
        verbose_name = _("baris iuran")
        verbose_name_plural = _("baris iuran")

    def __str__(self) -> str:
        return f"{self.run_id}/{self.account_id}/{self.membership_id}/{self.kind}/{self.covers_period}"

    @property
    def employer_share(self) -> int:
        return self.jkk + self.jkm + self.jht_employer + self.jp_employer

    @property
    def worker_share(self) -> int:
        return self.jht_worker + self.jp_worker


class InvoiceStatus(models.TextChoices):
    OPEN = "open", _("Belum dibayar")
    PARTIAL = "partial", _("Dibayar sebagian")
    PAID = "paid", _("Lunas")
    CREDIT = "credit", _("Kredit")


class _Amounts(Protocol):
    amount_due: int
    paid_amount: int
    contribution_total: int


class Outstanding:
    """What is left to pay of an invoice: the ``Invoice`` row, or allocation's plain ``OpenInvoice``."""

    __slots__ = ()

    @property
    def outstanding(self: _Amounts) -> int:
        return max(self.amount_due - self.paid_amount, 0)

    @property
    def contribution_outstanding(self: _Amounts) -> int:
        return max(self.contribution_total - self.paid_amount, 0)


class Invoice(Outstanding, models.Model):
    """What one payer owes for one month: the sums of its lines, issued once and never edited.

    ``paid_amount`` and ``status`` move with payments; a later change of a membership shows as an adjustment
    line on the next invoice.
    """

    # Issued in bulk by the run from its own lines (see the module docstring).
    account = models.ForeignKey(
        BillingAccount, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="invoices"
    )
    period = models.DateField(_("periode"))
    # No index of its own: the run's credit step reads by (region, status) and (account, period), and each index
    # costs every run an insertion per invoice (0.25 s at 182,002 invoices on PostgreSQL).
    run = models.ForeignKey(
        BillingRun, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="invoices"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, db_constraint=False, db_index=False, related_name="invoices"
    )
    segment = models.CharField(max_length=3)
    due_date = models.DateField(_("jatuh tempo"))
    jkk = models.BigIntegerField(default=0)
    jkm = models.BigIntegerField(default=0)
    jht = models.BigIntegerField(default=0)
    jp = models.BigIntegerField(default=0)
    jkp_government = models.BigIntegerField(default=0)
    contribution_total = models.BigIntegerField(default=0)
    adjustment_total = models.BigIntegerField(default=0)
    fine_total = models.BigIntegerField(default=0)
    amount_due = models.BigIntegerField(_("jumlah tagihan"))
    paid_amount = models.BigIntegerField(_("dibayar"), default=0)
    line_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN)
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-period", "account_id"]
        constraints = [models.UniqueConstraint(fields=["account", "period"], name="billing_invoice_one_per_period")]
        indexes = [models.Index(fields=["region", "status", "due_date"])]
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return codes.invoice_code(self.period, self.account_id)
