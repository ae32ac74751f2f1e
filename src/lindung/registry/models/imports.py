"""Bulk imports of worker lists: one job per uploaded file, and the problems found in its rows and cells."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.jobs import BackgroundJob
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
    """An error blocks its row; a warning asks the user to check something; information asks nothing (a row
    already in the registry, a programme the rules leave out) and never blocks or counts as a warning."""

    ERROR = "error", _("Kesalahan")
    WARNING = "warning", _("Peringatan")
    INFO = "info", _("Informasi")


class ImportJob(BackgroundJob):
    """One uploaded file: validated into a preview, then confirmed (or not) into the registry.

    Validating and importing are the statuses in which a process works on it and keeps its heartbeat: the
    database row when each starts, then the progress file (``storage.progress_report``) with every step, since
    the import writes in one transaction that keeps the row's changes out of sight until it commits.
    """

    kind = models.CharField(_("jenis daftar"), max_length=20, choices=ImportKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="import_jobs")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="import_jobs")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="import_jobs")
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
    #: Rows with information only (no error, no warning). Jobs validated before information existed have 0: their
    #: rows were counted as warnings, as they were shown.
    info_rows = models.PositiveIntegerField(default=0)
    #: Rows already in the registry exactly as given (nothing to create): what makes a re-upload harmless.
    unchanged_rows = models.PositiveIntegerField(default=0)
    created_workers = models.PositiveIntegerField(default=0)
    created_memberships = models.PositiveIntegerField(default=0)
    #: Problems with the file as a whole (unreadable, headers, limits): codes and parameters, no personal data.
    file_issues = models.JSONField(default=list, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)

    WORKING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
    FAILED = ImportStatus.FAILED

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    @property
    def is_running(self) -> bool:
        return self.status in {ImportStatus.UPLOADED, ImportStatus.VALIDATING, ImportStatus.IMPORTING}

    @property
    def can_confirm(self) -> bool:
        return self.status == ImportStatus.VALIDATED

    def last_sign_of_life(self) -> dt.datetime | None:
        from lindung.registry.imports import storage

        beats = [b for b in (self.heartbeat_at, storage.progress_time(self.pk)) if b is not None]
        return max(beats, default=None)

    def stalled_changes(self, problem: dict[str, Any]) -> dict[str, Any]:
        return {"file_issues": [*self.file_issues, {**problem, "severity": IssueSeverity.ERROR.value}]}

    def recover_if_stalled(self, now: dt.datetime | None = None) -> bool:
        from lindung.registry.imports import storage

        if not super().recover_if_stalled(now):
            return False
        storage.progress_clear(self.pk)
        return True


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
