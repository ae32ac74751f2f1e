"""Who pays (billing accounts), the rules a month was billed with (reference sets) and the billing runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.billing import codes
from lindung.core.models import Region
from lindung.registry.models import Employer, PayerKind, Worker


class ReferenceSet(models.Model):
    """The rules version and the parameters (value, reference) in force for one contribution month.

    Stored once per (rules version, month) and referenced by every line of that month, so any line can be
    recomputed as of its date from its own inputs.
    """

    rules_version = models.CharField(max_length=40)
    period = models.DateField()
    references = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rules_version", "period"], name="billing_refset_unique")]

    def __str__(self) -> str:
        return f"{self.rules_version} {self.period:%Y-%m}"


class BillingAccount(models.Model):
    """One payer: an employer, a BPU worker paying for self, the city programme (APBD) or a sponsor.

    ``ref`` is the employer, the worker or the region id, so a membership finds its account with one join on
    (kind, ref, sponsor_name); the kinds are the registry's payer kinds.
    """

    kind = models.CharField(_("jenis pembayar"), max_length=20, choices=PayerKind.choices)
    ref = models.BigIntegerField()
    sponsor_name = models.CharField(_("sponsor"), max_length=200, blank=True, default="")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="billing_accounts")
    employer = models.ForeignKey(
        Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="billing_accounts"
    )
    worker = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="billing_accounts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref", "sponsor_name"], name="billing_account_payer_unique")
        ]
        verbose_name = _("rekening pembayar")
        verbose_name_plural = _("rekening pembayar")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == PayerKind.EMPLOYER and self.employer is not None:
            return self.employer.name
        if self.kind == PayerKind.SELF and self.worker is not None:
            return f"{self.worker.name} ({self.worker.nik_masked})"
        if self.kind == PayerKind.SPONSOR:
            return str(self.sponsor_name)
        return str(_("Program pemerintah kota (APBD) — %(region)s") % {"region": self.region.name})

    @property
    def va_number(self) -> str:
        return codes.va_number(self.region.code, self.pk)


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class RunPhase(models.TextChoices):
    LINES = "lines", _("Menghitung baris iuran")
    ADJUSTMENTS = "adjustments", _("Menghitung penyesuaian")
    FINALIZE = "finalize", _("Menerbitkan tagihan")
    DONE = "done", _("Selesai")


class BillingRun(models.Model):
    """The billing of one region for one month: resumable from ``cursor`` (last membership id written)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="billing_runs")
    period = models.DateField(_("periode"))
    refset = models.ForeignKey(ReferenceSet, on_delete=models.PROTECT, related_name="runs")
    rules_version = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    phase = models.CharField(max_length=12, choices=RunPhase.choices, default=RunPhase.LINES)
    cursor = models.BigIntegerField(default=0)
    chunk_size = models.PositiveIntegerField(default=100_000)
    #: The highest membership id when the run began: progress is how far ``cursor`` has moved towards it.
    cursor_end = models.BigIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(default=0)
    adjustment_lines = models.PositiveIntegerField(default=0)
    fine_lines = models.PositiveIntegerField(default=0)
    invoices_created = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    #: Last sign of life of the task worker running it (every chunk): a run silent too long may be started again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["region", "period"], name="billing_run_one_per_period")]
        verbose_name = _("proses penagihan")
        verbose_name_plural = _("proses penagihan")

    def __str__(self) -> str:
        return f"{self.region.code} {self.period:%Y-%m}"

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.cursor_end:
            return 0
        return min(99, self.cursor * 100 // self.cursor_end)

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}
