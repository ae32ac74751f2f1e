"""Possible duplicate workers for review, and the journal of merges that lets a reviewer undo one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.registry.models.entities import Worker


class DuplicateReason(models.TextChoices):
    SAME_NAME_BIRTH = "same_name_birth", _("Nama dan tanggal lahir sama, NIK berbeda")
    NIK_ONE_DIGIT = "nik_one_digit", _("NIK berbeda satu digit")
    SAME_PHONE = "same_phone", _("Nomor telepon sama")


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("Perlu ditinjau")
    DISMISSED = "dismissed", _("Bukan duplikat")
    MERGED = "merged", _("Digabung")


class DuplicateCandidate(models.Model):
    """Two worker records that may be one person; ``worker_a`` always has the lower id."""

    worker_a = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    worker_b = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["worker_a", "worker_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(worker_a__lt=models.F("worker_b")), name="duplicate_pair_ordered"
            ),
        ]
        verbose_name = _("calon duplikat")
        verbose_name_plural = _("calon duplikat")

    def __str__(self) -> str:
        return f"{self.worker_a_id}~{self.worker_b_id}"


class MergeJournal(models.Model):
    """What one merge changed, so it can be read and undone: never a silent merge."""

    survivor = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="merges_absorbed")
    candidate = models.ForeignKey(DuplicateCandidate, null=True, blank=True, on_delete=models.SET_NULL)
    moved_memberships = models.JSONField(default=list)
    #: Survivor fields filled from the merged record, with their values before the merge.
    survivor_before = models.JSONField(default=dict)
    reason = models.CharField(_("alasan"), max_length=300)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("jurnal penggabungan")
        verbose_name_plural = _("jurnal penggabungan")

    def __str__(self) -> str:
        return f"{self.merged_id}→{self.survivor_id}"
