"""A programme per budget year (pagu, programmes, income basis, months, co-funding) and the planner's scenarios."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.audit import audited
from lindung.core.models import Region

#: JKK + JKM (the BPU minimum) or JKK + JKM + JHT, as the registry's programme bit mask.
PROGRAMME_MASKS = (3, 7)
#: Basis points in 100 %: co-funding shares are whole basis points, so they add up exactly.
FULL_SHARE = 10_000


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    ACTIVE = "active", _("Berjalan")
    CLOSED = "closed", _("Ditutup")


class FundingSource(models.TextChoices):
    CITY = "city", _("APBD kota")
    PROVINCE = "province", _("APBD provinsi")
    SPONSOR = "sponsor", _("Sponsor/CSR")


class Criterion(models.TextChoices):
    """Priority criteria of the waiting list; their weights are data on each programme."""

    FEMALE_HEAD = "female_head_of_household", _("Perempuan kepala keluarga")
    DISABILITY = "disability", _("Penyandang disabilitas")
    OLDER_WORKER = "older_worker", _("Berusia 50 tahun ke atas")
    NEVER_COVERED = "never_covered", _("Belum pernah menjadi peserta")
    PROPOSED = "proposed_by_agency", _("Diusulkan perangkat daerah")
    POVERTY = "poverty_decile", _("Desil kesejahteraan 1–4 (DTKS/P3KE), bertingkat")


DEFAULT_WEIGHTS: dict[str, int] = {
    Criterion.FEMALE_HEAD: 40,
    Criterion.DISABILITY: 40,
    Criterion.OLDER_WORKER: 15,
    Criterion.NEVER_COVERED: 20,
    Criterion.PROPOSED: 10,
    Criterion.POVERTY: 30,
}


#: The most points one criterion may carry: the defaults are 10 to 40, so 100 leaves room to favour one criterion
#: strongly while a score stays a small number a committee can read (six criteria: at most 600).
MAX_WEIGHT = 100


def default_weights() -> dict[str, int]:
    return dict(DEFAULT_WEIGHTS)


@audited
class Programme(models.Model):
    """The city's vulnerable-worker programme of one budget year: what it pays for and with how much money."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="worker_programmes")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    name = models.CharField(_("nama"), max_length=200)
    budget = models.BigIntegerField(_("pagu (Rp)"))
    programs = models.PositiveSmallIntegerField(_("program"))
    declared_income = models.BigIntegerField(_("dasar penghasilan (Rp)"))
    first_month = models.PositiveSmallIntegerField(_("bulan pertama"), default=1)
    last_month = models.PositiveSmallIntegerField(_("bulan terakhir"), default=12)
    min_age = models.PositiveSmallIntegerField(_("usia terendah"), default=18)
    max_age = models.PositiveSmallIntegerField(_("usia tertinggi"), default=65)
    verify_days = models.PositiveSmallIntegerField(_("batas waktu verifikasi (hari)"), default=5)
    budget_days = models.PositiveSmallIntegerField(_("batas waktu konfirmasi anggaran (hari)"), default=5)
    enrol_days = models.PositiveSmallIntegerField(_("batas waktu konfirmasi kepesertaan (hari)"), default=7)
    priority_weights = models.JSONField(_("bobot prioritas"), default=default_weights)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    source_scenario = models.ForeignKey(
        "programmes.Scenario", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The rules version and references of the cost per worker when the programme was last saved.
    rules_version = models.CharField(max_length=40, blank=True)
    cost_references = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="programme_one_per_region_year"),
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="programme_budget_positive"),
            models.CheckConstraint(condition=models.Q(programs__in=PROGRAMME_MASKS), name="programme_jkk_jkm"),
            models.CheckConstraint(
                condition=models.Q(first_month__gte=1, last_month__lte=12, first_month__lte=models.F("last_month")),
                name="programme_months_in_year",
            ),
        ]
        verbose_name = _("program pekerja rentan")
        verbose_name_plural = _("program pekerja rentan")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def program_names(self) -> list[str]:
        from lindung.registry.models import mask_to_programs

        return mask_to_programs(self.programs)

    def weight(self, criterion: str) -> int:
        return int((self.priority_weights or {}).get(criterion, DEFAULT_WEIGHTS.get(criterion, 0)))

    def sla_days(self, step: str) -> int:
        return {"verify": self.verify_days, "budget": self.budget_days, "enrol": self.enrol_days}[step]


@audited
class FundingShare(models.Model):
    """One co-funding source of a programme and its share of the pagu, in basis points (100 % = 10,000)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("sumber"), max_length=10, choices=FundingSource.choices)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    share_bp = models.PositiveIntegerField(_("porsi (basis poin)"))

    class Meta:
        ordering = ["programme", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_bp__gt=0, share_bp__lte=FULL_SHARE), name="funding_share_in_range"
            ),
        ]
        verbose_name = _("sumber pendanaan")
        verbose_name_plural = _("sumber pendanaan")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.share_bp / 100:.2f} %"

    @property
    def percent(self) -> float:
        return self.share_bp / 100


@audited
class Scenario(models.Model):
    """A what-if run of the planner: the question asked and its answer, kept to compare and to convert."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="worker_scenarios")
    name = models.CharField(_("nama skenario"), max_length=120)
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    budget = models.BigIntegerField(_("anggaran (Rp)"))
    first_month = models.PositiveSmallIntegerField(_("bulan pertama"), default=1)
    months = models.PositiveSmallIntegerField(_("jumlah bulan"), default=12)
    programs = models.PositiveSmallIntegerField(_("program"))
    declared_income = models.BigIntegerField(_("dasar penghasilan (Rp)"))
    include_current = models.BooleanField(_("lanjutkan peserta yang sedang aktif"), default=True)
    workers_wanted = models.PositiveIntegerField(_("jumlah pekerja yang diinginkan"), null=True, blank=True)
    result = models.JSONField(default=dict)
    rules_version = models.CharField(max_length=40, blank=True)
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="scenario_budget_positive"),
            models.CheckConstraint(condition=models.Q(programs__in=PROGRAMME_MASKS), name="scenario_jkk_jkm"),
        ]
        verbose_name = _("skenario anggaran")
        verbose_name_plural = _("skenario anggaran")

    def __str__(self) -> str:
        return self.name

    @property
    def last_month(self) -> int:
        return self.first_month + self.months - 1

    @property
    def program_names(self) -> list[str]:
        from lindung.registry.models import mask_to_programs

        return mask_to_programs(self.programs)
