"""Bulk imports of worker lists: one job per uploaded file, and the problems found in its rows and cells."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.models import Agency, Region
from lindung.registry.models.entities import Employer


class ImportKind(models.TextChoices):
    EMPLOYER_WORKERS = "employer_workers", _("Daftar pekerja pemberi kerja")
    AGENCY_PROPOSALS = "agency_proposals", _("Usulan pekerja rentan perangkat daerah")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Diunggah")
    VALIDATING = "validating", _("Sedang diperiksa")
    VALIDATED = "validated", _("Siap dikonfirmasi")
    REJECTED = "rejected", _("Ditolak")
    IMPORTING = "importing", _("Sedang diimpor")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Semua atau tidak sama sekali")
    VALID_ROWS = "valid_rows", _("Impor baris yang valid saja")


class IssueSeverity(models.TextChoices):
    ERROR = "error", _("Kesalahan")
    WARNING = "warning", _("Peringatan")


class ImportJob(models.Model):
    """One uploaded file: validated into a preview, then confirmed (or not) into the registry."""

    kind = models.CharField(_("jenis daftar"), max_length=20, choices=ImportKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="import_jobs")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="import_jobs")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="import_jobs")
    file_name = models.CharField(_("nama berkas"), max_length=200)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(default=0)
    file_format = models.CharField(max_length=5)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    mode = models.CharField(_("cara impor"), max_length=16, choices=ImportMode.choices, blank=True)
    background = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    warning_rows = models.PositiveIntegerField(default=0)
    #: Rows already in the registry exactly as given (nothing to create): what makes a re-upload harmless.
    unchanged_rows = models.PositiveIntegerField(default=0)
    created_workers = models.PositiveIntegerField(default=0)
    created_memberships = models.PositiveIntegerField(default=0)
    #: Problems with the file as a whole (unreadable, headers, limits): codes and parameters, no personal data.
    file_issues = models.JSONField(default=list, blank=True)
    stage_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING}

    @property
    def can_confirm(self) -> bool:
        return self.status == ImportStatus.VALIDATED


class ImportIssue(models.Model):
    """One problem in one cell (or row) of an uploaded file. ``value`` is masked when it is personal data."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(_("baris"))
    column = models.CharField(_("kolom"), max_length=60, blank=True)
    value = models.CharField(_("isi"), max_length=120, blank=True)
    severity = models.CharField(max_length=7, choices=IssueSeverity.choices)
    code = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["job", "severity", "row"])]
        verbose_name = _("masalah impor")
        verbose_name_plural = _("masalah impor")

    def __str__(self) -> str:
        return f"{self.job_id}:{self.row}:{self.code}"
