"""A bank statement upload waiting for, or done by, the task worker: its progress, then its import or its problems."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.billing.models.payments import StatementImport
from lindung.core.jobs import JobStatus, UploadJob
from lindung.core.models import Region

#: The statuses of every upload job (kept under this name for the code that imports it).
StatementJobStatus = JobStatus


class StatementImportJob(UploadJob):
    """One uploaded statement, read, matched and recorded by the task worker: every line or none.

    The file carries payers' names, so it waits encrypted under ``VAR_DIR/imports`` (``stage_name``) until the
    task has read it. ``problems`` holds codes and line numbers; the page words them in the reader's language.
    Progress counts lines in each phase: reading the file, matching them to bills, recording the receipts.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    file_sha256 = models.CharField(max_length=64)
    done_lines = models.PositiveIntegerField(default=0)
    total_lines = models.PositiveIntegerField(default=0)
    statement = models.OneToOneField(
        StatementImport, null=True, blank=True, on_delete=models.PROTECT, related_name="job"
    )

    PROGRESS = ("done_lines", "total_lines")
    PHASES = {"reading": (0, 50), "matching": (50, 90), "recording": (90, 100)}

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "file_sha256"], name="billing_statement_job_file")]
        verbose_name = _("unggahan rekening koran")
        verbose_name_plural = _("unggahan rekening koran")
