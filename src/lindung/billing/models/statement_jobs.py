"""A bank statement upload waiting for, or done by, the task worker: its progress, then its import or its problems."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.billing.models.payments import StatementImport
from lindung.core.models import Region


class StatementJobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang diproses")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class StatementImportJob(models.Model):
    """One uploaded statement, read, matched and recorded by the task worker: every line or none.

    The file carries payers' names, so it waits encrypted under ``VAR_DIR/imports`` (``stage_name``) until the
    task has read it. ``problems`` holds codes and line numbers; the page words them in the reader's language.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    file_name = models.CharField(_("berkas"), max_length=200)
    file_sha256 = models.CharField(max_length=64)
    stage_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StatementJobStatus.choices, default=StatementJobStatus.QUEUED
    )
    #: Progress while running: the phase (reading, matching, recording) and lines read of all lines.
    phase = models.CharField(max_length=10, blank=True)
    done_lines = models.PositiveIntegerField(default=0)
    total_lines = models.PositiveIntegerField(default=0)
    statement = models.OneToOneField(
        StatementImport, null=True, blank=True, on_delete=models.PROTECT, related_name="job"
    )
    #: The first problems found (codes and line numbers), and how many there were in all.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "file_sha256"], name="billing_statement_job_file")]
        verbose_name = _("unggahan rekening koran")
        verbose_name_plural = _("unggahan rekening koran")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in {StatementJobStatus.QUEUED, StatementJobStatus.RUNNING}

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done_lines / self.total_lines)) if self.total_lines else 0
