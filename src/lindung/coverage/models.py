"""Pre-aggregated coverage (snapshots of figures), follow-ups of gaps, and the stored monthly reports.

A snapshot holds the coverage of a region on one date: every month end since the first membership, and the
day of the last refresh. Its figures are the marginals the dashboards read in one query: one row per slice
(the region, an agency, a kecamatan), dimension (kecamatan, kelurahan, sector, sex, age band, agency) and key,
with a count per measure (see ``dimensions.py``). They are rebuilt whole by ``coverage_refresh``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lindung.core.audit import audited
from lindung.core.jobs import UploadJob
from lindung.core.models import Agency, Region


class CoverageSnapshot(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="coverage_snapshots")
    as_of = models.DateField(_("per tanggal"))
    is_month_end = models.BooleanField(default=False)
    participants = models.PositiveIntegerField(_("peserta aktif"), default=0)
    #: Registered workers on the refresh day, by slice key ("" the region, an agency's id): what the home page
    #: shows without counting the registry per request. Filled on the latest snapshot only.
    registered = models.JSONField(default=dict, blank=True)
    #: Fingerprint of the figures: a refresh rewrites only the dates whose figures changed.
    digest = models.CharField(max_length=40, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["region", "as_of"]
        constraints = [models.UniqueConstraint(fields=["region", "as_of"], name="coverage_snapshot_unique_day")]
        verbose_name = _("cuplikan cakupan")
        verbose_name_plural = _("cuplikan cakupan")

    def __str__(self) -> str:
        return f"{self.region_id} {self.as_of}"


class CoverageFigure(models.Model):
    # No index of its own: the composite index below starts with it.
    snapshot = models.ForeignKey(CoverageSnapshot, on_delete=models.CASCADE, related_name="figures", db_index=False)
    slice_kind = models.CharField(max_length=8)
    slice_key = models.CharField(max_length=64, blank=True)
    dimension = models.CharField(max_length=10)
    key = models.CharField(max_length=64, blank=True)
    participants = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    pu = models.PositiveIntegerField(default=0)
    bpu = models.PositiveIntegerField(default=0)
    jakon = models.PositiveIntegerField(default=0)
    pmi = models.PositiveIntegerField(default=0)
    jkk = models.PositiveIntegerField(default=0)
    jkm = models.PositiveIntegerField(default=0)
    jht = models.PositiveIntegerField(default=0)
    jp = models.PositiveIntegerField(default=0)
    jkp = models.PositiveIntegerField(default=0)
    apbd = models.PositiveIntegerField(default=0)
    state = models.PositiveIntegerField(default=0)

    class Meta:
        # One index for every read: a slice of one snapshot (dashboards), one dimension of a slice (trends).
        indexes = [models.Index(fields=["snapshot", "slice_kind", "slice_key", "dimension"], name="coverage_fig_slice")]
        verbose_name = _("angka cakupan")
        verbose_name_plural = _("angka cakupan")

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.slice_kind}:{self.slice_key} {self.dimension}={self.key}"


class EmployerCompliance(models.Model):
    """An employer suspected of partial registration (PDS) on the day of the last refresh, and why."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="employer_compliance")
    employer = models.OneToOneField("registry.Employer", on_delete=models.CASCADE, related_name="compliance")
    as_of = models.DateField(_("per tanggal"))
    active_workers = models.PositiveIntegerField(_("pekerja PU aktif"), default=0)
    expected_min_workers = models.PositiveIntegerField(null=True, blank=True)
    below_umk = models.PositiveIntegerField(_("upah di bawah UMK"), default=0)
    umk = models.BigIntegerField(null=True, blank=True)
    #: programme → wage earners without it although the employer's size requires it
    missing = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list)
    rules_reference = models.CharField(max_length=100, blank=True)
    severity = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-severity", "employer_id"]
        verbose_name = _("indikasi PDS")
        verbose_name_plural = _("indikasi PDS")

    def __str__(self) -> str:
        return f"{self.employer_id}: {', '.join(self.reasons)}"


class FollowUpKind(models.TextChoices):
    VILLAGE = "village", _("Kelurahan cakupan rendah")
    SECTOR = "sector", _("Sektor cakupan rendah")
    EMPLOYER = "employer", _("Pemberi kerja terindikasi PDS")
    MEMBERSHIP = "membership", _("Peserta menunggak")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Baru")
    IN_PROGRESS = "in_progress", _("Ditangani")
    DONE = "done", _("Selesai")


@audited
class FollowUp(models.Model):
    """A gap handed to an agency: a kelurahan or sector to reach, an employer to check, a member to remind."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="coverage_followups")
    kind = models.CharField(_("jenis"), max_length=12, choices=FollowUpKind.choices)
    subject_key = models.CharField(max_length=40)
    subject_label = models.CharField(_("sasaran"), max_length=200)
    figure = models.CharField(_("angka saat ditugaskan"), max_length=100, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="coverage_followups")
    status = models.CharField(_("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    note = models.TextField(_("catatan"), blank=True)
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    assigned_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "subject_key", "agency"],
                condition=~Q(status="done"),
                name="followup_one_open_per_subject_agency",
                violation_error_message=_("Perangkat daerah ini sudah menangani sasaran ini."),
            )
        ]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label}"


_PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


@audited
class CoverageTarget(models.Model):
    """The region's universal-coverage goal (RPJMD) from one dated source: the path from a baseline to a target.

    Dated entries, never overwritten by a new document: the one in force on a day is the latest whose
    ``effective_from`` is not after it. Seeded from ``data/targets.yaml`` as an unconfirmed assumption; the
    coordinator confirms it, or records the figure of the RPJMD itself, with its source document.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="coverage_targets")
    effective_from = models.DateField(_("berlaku sejak"))
    label = models.CharField(_("nama target"), max_length=200)
    target_date = models.DateField(_("tanggal target"))
    target_pct = models.DecimalField(_("target cakupan (%)"), max_digits=5, decimal_places=2, validators=_PERCENT)
    baseline_date = models.DateField(_("tanggal titik awal"))
    baseline_pct = models.DecimalField(_("cakupan titik awal (%)"), max_digits=5, decimal_places=2, validators=_PERCENT)
    baseline_note = models.CharField(_("keterangan titik awal"), max_length=300, blank=True)
    source_document = models.CharField(_("dokumen sumber"), max_length=300)
    #: False: an assumption (e.g. the seed from targets.yaml) that nobody checked against the document yet.
    confirmed = models.BooleanField(_("sudah dikonfirmasi dari dokumen"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="coverage_target_one_per_day"),
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_date")),
                name="coverage_target_after_baseline",
                violation_error_message=_("Tanggal target harus sesudah tanggal titik awal."),
            ),
            models.CheckConstraint(
                condition=Q(target_pct__gte=0, target_pct__lte=100, baseline_pct__gte=0, baseline_pct__lte=100),
                name="coverage_target_percentages",
                violation_error_message=_("Persentase harus antara 0 dan 100."),
            ),
        ]
        verbose_name = _("target cakupan RPJMD")
        verbose_name_plural = _("target cakupan RPJMD")

    def __str__(self) -> str:
        return f"{self.region_id} {self.effective_from}: {self.target_pct}% {self.target_date}"


def report_path(instance: CoverageReport, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1]
    return f"coverage/{uuid.uuid4().hex}.{suffix}"


#: Who made a report the task worker made on its monthly schedule: stored as is, shown in the reader's language.
SCHEDULE = "jadwal bulanan"


class CoverageReport(models.Model):
    """The mayor's monthly coverage report of a period: the PDF and its XLSX annex."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="coverage_reports")
    period = models.DateField(_("periode"), help_text="First day of the month reported on")
    as_of = models.DateField(_("angka per"))
    pdf = models.FileField(upload_to=report_path)
    xlsx = models.FileField(upload_to=report_path)
    generated_at = models.DateTimeField()
    generated_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["region", "-period"]
        constraints = [models.UniqueConstraint(fields=["region", "period"], name="coverage_report_unique_period")]
        verbose_name = _("laporan bulanan cakupan")
        verbose_name_plural = _("laporan bulanan cakupan")

    def __str__(self) -> str:
        return f"{self.region_id} {self.period:%Y-%m}"

    @property
    def generated_by_label(self) -> str:
        """The user who asked for the report, or the monthly schedule in the reader's language."""
        return str(_("jadwal bulanan")) if self.generated_by == SCHEDULE else self.generated_by


class CoverageReportJob(UploadJob):
    """One monthly report being made by the task worker, with its progress (the reports page polls it).

    The job machinery of the uploads (``lindung.core.jobs``): queued → running → done | failed, a named step
    with done of total, a heartbeat with each step (a job whose worker died is failed, never left running),
    and problems as codes worded on display. Nothing is uploaded: ``file_name`` names the report it makes,
    ``uploaded_by`` is who asked for it (empty for the monthly schedule), and ``stage_name`` stays empty.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="coverage_report_jobs")
    period = models.DateField(_("periode"))
    done_steps = models.PositiveSmallIntegerField(default=0)
    total_steps = models.PositiveSmallIntegerField(default=0)
    report = models.ForeignKey(CoverageReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")

    PROGRESS = ("done_steps", "total_steps")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "-created_at"], name="coverage_report_job_recent")]
        verbose_name = _("pembuatan laporan bulanan")
        verbose_name_plural = _("pembuatan laporan bulanan")
