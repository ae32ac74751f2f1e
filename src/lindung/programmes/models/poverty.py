"""A worker's poverty decile (desil 1-10 of DTKS/P3KE/DTSEN) where the city knows it, with its source and date.

Kept in the programme app, not on the registry's worker: it is programme data, uploaded by the coordinator from
the social ministry's lists, and it only weighs in the ranking. One current value per worker; a new upload
replaces it (the audit log keeps each upload).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.jobs import JobStatus, UploadJob
from lindung.core.models import Region
from lindung.programmes.models.programme import Programme
from lindung.registry.models import Worker

#: Deciles that earn priority points: desil 1 the full weight, 2 three quarters, 3 half, 4 a quarter.
PRIORITY_DECILES = 4


class DecileSource(models.TextChoices):
    DTKS = "dtks", "DTKS"
    P3KE = "p3ke", "P3KE"
    DTSEN = "dtsen", "DTSEN"
    OTHER = "other", _("Lainnya")


def decile_points(weight: int, decile: int | None) -> int:
    """Priority points of a decile: weight × (5 − desil) / 4 for desil 1-4, rounded down; none above or unknown."""
    if decile is None or not 1 <= decile <= PRIORITY_DECILES:
        return 0
    return weight * (PRIORITY_DECILES + 1 - decile) // PRIORITY_DECILES


class PovertyDecile(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="poverty_decile")
    decile = models.PositiveSmallIntegerField(_("desil"))
    source = models.CharField(_("sumber"), max_length=10, choices=DecileSource.choices)
    as_of = models.DateField(_("tanggal data"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(decile__gte=1, decile__lte=10), name="poverty_decile_1_10"),
        ]
        verbose_name = _("desil kesejahteraan")
        verbose_name_plural = _("desil kesejahteraan")

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.decile}"


#: The statuses of every upload job (kept under this name for the code that imports it).
DecileUploadStatus = JobStatus


class DecileUploadJob(UploadJob):
    """One uploaded NIK + desil file, read, checked and applied by the task worker: all rows or none.

    The file waits encrypted under ``VAR_DIR/imports`` (``stage_name``) until the task has read it. ``problems``
    holds codes and row numbers only, never a NIK; the page words them in the reader's language.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="decile_uploads")
    source = models.CharField(_("sumber"), max_length=10, choices=DecileSource.choices)
    as_of = models.DateField(_("tanggal data"))
    #: Rows checked of all rows (phases: reading, checking, saving).
    done_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(_("desil disimpan"), default=0)
    replaced = models.PositiveIntegerField(_("menggantikan data lama"), default=0)

    PROGRESS = ("done_rows", "total_rows")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("unggahan desil")
        verbose_name_plural = _("unggahan desil")
