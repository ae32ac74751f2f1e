"""What the coordinator writes into the Paritrana / Universal Coverage Jamsostek evidence pack of a year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.audit import audited
from lindung.core.models import Region


@audited
class EvidencePack(models.Model):
    """The editable part of a year's pack; coverage, PKS and events are computed when it is rendered."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="evidence_packs")
    year = models.PositiveSmallIntegerField(_("tahun"))
    apbd_allocation = models.PositiveBigIntegerField(_("alokasi APBD (Rp)"), default=0)
    apbd_note = models.TextField(_("keterangan alokasi APBD"), blank=True)
    regulations = models.TextField(_("regulasi yang berlaku"), blank=True, help_text=_("Satu regulasi per baris."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="evidence_pack_one_per_year")]
        verbose_name = _("paket bukti Paritrana")
        verbose_name_plural = _("paket bukti Paritrana")

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year}"

    @property
    def regulation_lines(self) -> list[str]:
        return [line.strip() for line in self.regulations.splitlines() if line.strip()]


@audited
class EvidenceSection(models.Model):
    """A free-text section of the pack, such as an innovation of the city."""

    pack = models.ForeignKey(EvidencePack, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["pack", "position", "pk"]
        verbose_name = _("bagian paket bukti")
        verbose_name_plural = _("bagian paket bukti")

    def __str__(self) -> str:
        return self.title
