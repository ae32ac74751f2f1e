"""Proposals of workers by agencies, the ordered maker-checker steps on them, and replacement offers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.audit import audited
from lindung.core.models import Agency
from lindung.programmes.models.programme import Programme
from lindung.registry.models import Membership, Worker


class Step(models.TextChoices):
    """The checks after the agency's proposal, in order (anchors §4 item 15)."""

    VERIFY = "verify", _("Verifikasi Disnaker")
    BUDGET = "budget", _("Konfirmasi anggaran BPKAD")
    ENROL = "enrol", _("Konfirmasi kepesertaan BPJS")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Menunggu konfirmasi anggaran")
    BUDGETED = "budgeted", _("Menunggu konfirmasi kepesertaan")
    ENROLLED = "enrolled", _("Terdaftar")
    REJECTED = "rejected", _("Ditolak")


STEPS: tuple[str, ...] = (Step.VERIFY, Step.BUDGET, Step.ENROL)
#: The step a proposal in this status waits for.
NEXT_STEP: dict[str, str] = {
    ProposalStatus.SUBMITTED: Step.VERIFY,
    ProposalStatus.VERIFIED: Step.BUDGET,
    ProposalStatus.BUDGETED: Step.ENROL,
}
#: The status a proposal reaches once a step approved at least one row.
AFTER_STEP: dict[str, str] = {
    Step.VERIFY: ProposalStatus.VERIFIED,
    Step.BUDGET: ProposalStatus.BUDGETED,
    Step.ENROL: ProposalStatus.ENROLLED,
}


@audited
class Proposal(models.Model):
    """An agency's list of workers for a programme, moving through verify → budget → enrol."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="proposals")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="worker_proposals")
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the current step began and the day it is due (the step's time limit).
    step_started_at = models.DateTimeField()
    step_due = models.DateField(_("batas waktu langkah"), null=True, blank=True)
    import_job = models.ForeignKey(
        "registry.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "status"])]
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"U-{self.programme.year}-{self.pk:05d}"

    @property
    def next_step(self) -> str | None:
        return NEXT_STEP.get(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in NEXT_STEP

    def overdue_days(self, today: dt.date) -> int:
        """Days past the current step's time limit (0 when on time or closed)."""
        if not self.is_open or self.step_due is None:
            return 0
        return max((today - self.step_due).days, 0)


class RowStatus(models.TextChoices):
    PENDING = "pending", _("Dalam proses")
    REJECTED = "rejected", _("Ditolak")
    ENROLLED = "enrolled", _("Terdaftar")


class ProposalRow(models.Model):
    """One worker of a proposal: decided per step, rejected with a reason or carried to enrolment.

    Rows are written in bulk (one audit entry per proposal and per decision, not per row).
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rows")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="programme_rows")
    status = models.CharField(_("status"), max_length=10, choices=RowStatus.choices, default=RowStatus.PENDING)
    priority_score = models.IntegerField(_("skor prioritas"), default=0)
    #: The eligibility checks as they stood when the row was proposed (code, ok, message).
    eligibility = models.JSONField(default=list, blank=True)
    rejected_step = models.CharField(max_length=10, choices=Step.choices, blank=True)
    reject_reason = models.CharField(_("alasan penolakan"), max_length=300, blank=True)
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["proposal", "-priority_score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "worker"], name="proposal_row_worker_once"),
            models.UniqueConstraint(
                fields=["programme", "worker"],
                condition=models.Q(status="pending"),
                name="proposal_row_one_open_per_worker",
            ),
        ]
        verbose_name = _("baris usulan")
        verbose_name_plural = _("baris usulan")

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.worker_id}"


@audited
class StepDecision(models.Model):
    """Who took one step of a proposal, when, and with what outcome (one per step; maker-checker)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(_("langkah"), max_length=10, choices=Step.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    approved = models.PositiveIntegerField(_("disetujui"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    overdue_days = models.PositiveIntegerField(default=0)
    #: Budget step: the cost of the approved rows to the programme's end, priced by the rules.
    amount = models.BigIntegerField(_("nilai (Rp)"), default=0)
    rules_version = models.CharField(max_length=40, blank=True)
    references = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["proposal", "decided_at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "step"], name="step_decision_once")]
        verbose_name = _("keputusan langkah")
        verbose_name_plural = _("keputusan langkah")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.step}"


class ReplacementStatus(models.TextChoices):
    OFFERED = "offered", _("Ditawarkan")
    PROPOSED = "proposed", _("Diusulkan")
    NO_CANDIDATE = "no_candidate", _("Tidak ada calon")


#: End reasons that free a slot for the next worker on the waiting list.
REPLACEMENT_REASONS = ("death", "moved_away", "became_formal")


@audited
class Replacement(models.Model):
    """A slot freed by a member who died, moved away or became a formal employee, offered to the next in line."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="replacements")
    ended_membership = models.OneToOneField(Membership, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(Worker, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=15, choices=ReplacementStatus.choices, default=ReplacementStatus.OFFERED
    )
    skipped = models.JSONField(default=list, blank=True)
    skip_reasons = models.JSONField(default=list, blank=True)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("penggantian peserta")
        verbose_name_plural = _("penggantian peserta")

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.ended_membership_id}"


class StepReminder(models.Model):
    """A notice, sent once per user, that a proposal's step is past its time limit and waits for them."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("langkah"), max_length=10, choices=Step.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    overdue_days = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField()
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "step", "recipient"], name="step_reminder_once"),
        ]
        verbose_name = _("pengingat langkah terlambat")
        verbose_name_plural = _("pengingat langkah terlambat")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.step} {self.recipient_id}"
