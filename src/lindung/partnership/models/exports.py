"""PDFs generated in the task queue (the PKS draft, the scorecard, the evidence pack) and kept for download."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PdfKind(models.TextChoices):
    PKS_DRAFT = "pks_draft", _("Draf PKS")
    SCORECARD = "scorecard", _("Kartu skor perangkat daerah")
    EVIDENCE_PACK = "evidence_pack", _("Paket bukti Paritrana")


class PdfStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu antrean")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Siap diunduh")
    FAILED = "failed", _("Gagal dibuat")


def export_path(instance: PdfExport, filename: str) -> str:
    return f"partnership/pdf/{uuid.uuid4().hex}.pdf"


class PdfExport(models.Model):
    """One requested PDF: what to render (``kind`` and ``params``), for whom, and where it stands.

    The worker renders it as the requester (their scope, their language), so the file holds what they may see.
    """

    kind = models.CharField(_("jenis"), max_length=20, choices=PdfKind.choices)
    params = models.JSONField(default=dict)
    language = models.CharField(max_length=10, default="id")
    filename = models.CharField(max_length=120)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pdf_exports")
    status = models.CharField(_("status"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "kind", "status"])]
        verbose_name = _("berkas PDF")
        verbose_name_plural = _("berkas PDF")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_pending(self) -> bool:
        return self.status in {PdfStatus.QUEUED, PdfStatus.RUNNING}

    @property
    def percent(self) -> int:
        """Rendering is one step: queued 0 %, rendering 50 %, finished 100 %."""
        if self.status == PdfStatus.QUEUED:
            return 0
        return 50 if self.status == PdfStatus.RUNNING else 100
