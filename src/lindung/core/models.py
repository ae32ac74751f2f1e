"""Reference data (regions, agencies, wages, workforce), user profiles and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.core.roles import Role


class Region(models.Model):
    """A kota or kabupaten running Lindung (Kemendagri code, e.g. 12.71 for Kota Medan)."""

    code = models.CharField(_("kode Kemendagri"), max_length=5, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=[("kota", "Kota"), ("kabupaten", "Kabupaten")])
    province_code = models.CharField(max_length=2)
    province_name = models.CharField(max_length=100)
    profile_slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Kecamatan."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("kode"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """Kelurahan or desa."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A perangkat daerah (city agency) and the workers it reaches."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    sector = models.CharField(_("sektor"), max_length=100, blank=True)
    stakeholder_groups = models.JSONField(_("kelompok sasaran"), default=list, blank=True)
    in_mou = models.BooleanField(_("pihak Nota Kesepakatan"), default=False)
    is_manpower_office = models.BooleanField(default=False)
    is_finance_office = models.BooleanField(default=False)
    head_title = models.CharField(_("jabatan kepala"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="agency_unique_code_per_region")]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = pgettext_lazy("plural", "perangkat daerah")

    def __str__(self) -> str:
        return self.name


class Branch(models.Model):
    """A BPJS Ketenagakerjaan branch office and the regions it serves."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    regions = models.ManyToManyField(Region, related_name="branches")

    class Meta:
        ordering = ["name"]
        verbose_name = _("kantor cabang BPJS")
        verbose_name_plural = _("kantor cabang BPJS")

    def __str__(self) -> str:
        return self.name


class MinimumWage(models.Model):
    """UMK of a region for a year, with the governor's decree."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="minimum_wages")
    year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="Rupiah per month")
    decree = models.CharField(max_length=200, blank=True)
    decree_date = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["region", "year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="umk_unique_year")]

    def __str__(self) -> str:
        return f"UMK {self.year}: Rp {int(self.amount):,}".replace(",", ".")


class WorkforceFigure(models.Model):
    """Working population of a kecamatan by sex and sector: the denominator of coverage."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="workforce")
    sex = models.CharField(max_length=1, choices=[("M", _("Laki-laki")), ("F", _("Perempuan"))])
    sector = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    is_estimate = models.BooleanField(default=True)
    source = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "sex", "sector"], name="workforce_unique_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.sex}/{self.sector}: {self.count}"


class UserProfile(models.Model):
    """The one role of a user and the scope it applies to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT)
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT)
    worker = models.ForeignKey("registry.Worker", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("profil pengguna")
        verbose_name_plural = _("profil pengguna")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AuditEntry(models.Model):
    """One append-only, hash-chained record of a write. NIK and phone never appear here in clear."""

    created_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, db_constraint=False)
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=30)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type} {self.object_id}"


class AuditHead(models.Model):
    """The last entry of the chain, so that removing the newest entries is detected too."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit head #{self.last_id}"
