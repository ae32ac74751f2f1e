"""The Nota Kesepakatan (MoU) of the city and the BPJS branch, and each agency's PKS under it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lindung.core.audit import audited
from lindung.core.models import Agency, Branch, Region
from lindung.partnership.lifecycle import CLOSED, PksStatus
from lindung.registry.models import Program, Segment


class MouScopeKind(models.TextChoices):
    REGULATION = "regulation", _("Regulasi pendukung")
    STATE_EMPLOYERS = "state_employers", _("Kepesertaan pemberi kerja penyelenggara negara")
    PRIVATE_EMPLOYERS = "private_employers", _("Kepesertaan pemberi kerja selain penyelenggara negara")
    OTHER_WORKERS = "other_workers", _("Kepesertaan pekerja lainnya (bukan penerima upah)")
    PROGRAMMES = "programmes", _("Lima program: JKK, JKM, JHT, JP, JKP")
    VULNERABLE = "vulnerable", _("Layanan bagi pekerja rentan")
    SOCIALISATION = "socialisation", _("Sosialisasi bersama")
    OTHER = "other", _("Lainnya")


@audited
class Mou(models.Model):
    """The Nota Kesepakatan: the city and the branch agree to protect every worker, agencies carry it out."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="mous")
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="mous")
    number = models.CharField(_("nomor"), max_length=100)
    branch_number = models.CharField(_("nomor pihak BPJS Ketenagakerjaan"), max_length=100, blank=True)
    title = models.CharField(_("judul"), max_length=300)
    signed_on = models.DateField(_("tanggal penandatanganan"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"))
    city_signatory = models.CharField(_("penandatangan pemerintah daerah"), max_length=200)
    branch_signatory = models.CharField(_("penandatangan BPJS Ketenagakerjaan"), max_length=200)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="mous", verbose_name=_("perangkat daerah"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="mou_dates_ordered"),
            models.UniqueConstraint(fields=["region", "number"], name="mou_unique_number"),
        ]
        verbose_name = _("nota kesepakatan")
        verbose_name_plural = _("nota kesepakatan")

    def __str__(self) -> str:
        return self.number


@audited
class MouScopeItem(models.Model):
    """One article of the MoU's scope (ruang lingkup)."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="scope_items")
    kind = models.CharField(_("jenis"), max_length=20, choices=MouScopeKind.choices)
    text = models.TextField(_("uraian"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["mou", "position", "pk"]
        verbose_name = _("ruang lingkup")
        verbose_name_plural = _("ruang lingkup")

    def __str__(self) -> str:
        return f"{self.mou_id}: {self.get_kind_display()}"


@audited
class Pks(models.Model):
    """Perjanjian Kerja Sama: what one agency and the branch do under the MoU, for a period."""

    mou = models.ForeignKey(Mou, on_delete=models.PROTECT, related_name="pks_set")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="pks_set")
    renewal_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
        verbose_name=_("perpanjangan dari"),
    )
    number = models.CharField(_("nomor"), max_length=100, blank=True)
    title = models.CharField(_("judul"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=PksStatus.choices, default=PksStatus.DRAFT)
    status_changed_at = models.DateTimeField(_("status sejak"))
    signed_on = models.DateField(_("tanggal tanda tangan"), null=True, blank=True)
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    agency_signatory = models.CharField(_("penandatangan perangkat daerah"), max_length=200, blank=True)
    branch_signatory = models.CharField(_("penandatangan BPJS Ketenagakerjaan"), max_length=200, blank=True)
    scope_note = models.TextField(_("ruang lingkup"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="pks_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["agency"], condition=~Q(status__in=sorted(CLOSED)), name="pks_one_open_per_agency"
            ),
        ]
        verbose_name = _("PKS")
        verbose_name_plural = _("PKS")

    def __str__(self) -> str:
        return self.number or self.title

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED


@audited
class PksTransition(models.Model):
    """One step of a PKS: from which status to which, who took it and when."""

    pks = models.ForeignKey(Pks, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=PksStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=PksStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    by_label = models.CharField(max_length=150)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["pks", "at", "pk"]
        verbose_name = _("langkah PKS")
        verbose_name_plural = _("langkah PKS")

    def __str__(self) -> str:
        return f"{self.pks_id}: {self.from_status or '-'} → {self.to_status}"


class ObligationParty(models.TextChoices):
    AGENCY = "agency", _("Perangkat daerah")
    BRANCH = "branch", _("BPJS Ketenagakerjaan")
    BOTH = "both", _("Kedua pihak")


@audited
class PksObligation(models.Model):
    pks = models.ForeignKey(Pks, on_delete=models.CASCADE, related_name="obligations")
    party = models.CharField(_("pihak"), max_length=10, choices=ObligationParty.choices)
    text = models.TextField(_("kewajiban"))
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    done = models.BooleanField(_("terpenuhi"), default=False)

    class Meta:
        ordering = ["pks", "party", "pk"]
        verbose_name = _("kewajiban PKS")
        verbose_name_plural = _("kewajiban PKS")

    def __str__(self) -> str:
        return f"{self.pks_id}: {self.text[:40]}"


PROGRAMME_CHOICES = [(p.label, p.label) for p in Program]


@audited
class PksTarget(models.Model):
    """What the agency promises for a period: workers by segment and programme, events, budget (Rp)."""

    pks = models.ForeignKey(Pks, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField(_("periode mulai"))
    period_end = models.DateField(_("periode selesai"))
    segment = models.CharField(_("segmen"), max_length=20, choices=Segment.choices, blank=True)
    programme = models.CharField(_("program"), max_length=3, choices=PROGRAMME_CHOICES, blank=True)
    workers = models.PositiveIntegerField(_("pekerja didaftarkan"), default=0)
    events = models.PositiveIntegerField(_("acara sosialisasi"), default=0)
    budget = models.PositiveBigIntegerField(_("anggaran (Rp)"), default=0)

    class Meta:
        ordering = ["pks", "period_start", "segment", "programme"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="pks_target_period_ordered"),
        ]
        verbose_name = _("target PKS")
        verbose_name_plural = _("target PKS")

    def __str__(self) -> str:
        return f"{self.pks_id}: {self.period_start}–{self.period_end}"


def document_path(instance: AgreementDocument, filename: str) -> str:
    """A random name: the uploader's file name never reaches the file system."""
    return f"partnership/{uuid.uuid4().hex}.pdf"


@audited
class AgreementDocument(models.Model):
    """A PDF of the MoU or of a PKS (scan of the signed text, annex), stored under a random name."""

    mou = models.ForeignKey(Mou, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    pks = models.ForeignKey(Pks, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("judul dokumen"), max_length=200)
    file = models.FileField(upload_to=document_path, max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mou__isnull=False, pks__isnull=True) | Q(mou__isnull=True, pks__isnull=False),
                name="document_of_mou_or_pks",
            ),
        ]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return self.title
