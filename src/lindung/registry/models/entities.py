"""Employers, workers and memberships: who is protected, by whom, in which programmes, since when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.core.audit import audited
from lindung.core.models import Agency, Region, Village


class EmployerKind(models.TextChoices):
    STATE = "state", _("Penyelenggara negara")
    PRIVATE = "private", _("Swasta")
    OTHER = "other", _("Lainnya")


class EmployerSubkind(models.TextChoices):
    CITY_AGENCY = "city_agency", _("Perangkat daerah")
    BLUD = "blud", _("BLUD")
    BUMD = "bumd", _("BUMD")
    COMPANY = "company", _("Perusahaan")
    COOPERATIVE = "cooperative", _("Koperasi")
    FOUNDATION = "foundation", _("Yayasan")
    ASSOCIATION = "association", _("Perkumpulan")


#: Which forms belong to which kind (state organiser, private, other).
SUBKINDS_OF_KIND: dict[str, frozenset[str]] = {
    EmployerKind.STATE: frozenset({EmployerSubkind.CITY_AGENCY, EmployerSubkind.BLUD, EmployerSubkind.BUMD}),
    EmployerKind.PRIVATE: frozenset({EmployerSubkind.COMPANY}),
    EmployerKind.OTHER: frozenset(
        {EmployerSubkind.COOPERATIVE, EmployerSubkind.FOUNDATION, EmployerSubkind.ASSOCIATION}
    ),
}


class EmployerSize(models.TextChoices):
    MICRO = "micro", _("Mikro")
    SMALL = "small", _("Kecil")
    MEDIUM = "medium", _("Menengah")
    LARGE = "large", _("Besar")


class EmployerSector(models.TextChoices):
    """Sektor usaha: "other", or an industry of ``discounts.labour_intensive_sectors`` (padat karya, PP 7/2025
    and PP 36/2025). The values are the rules' sector codes (``lindung.rules.codes.SECTORS``)."""

    OTHER = "other", _("Lainnya")
    FOOD_BEVERAGE_TOBACCO = "food_beverage_tobacco", _("Makanan, minuman dan tembakau")
    TEXTILE_APPAREL = "textile_apparel", _("Tekstil dan pakaian jadi")
    LEATHER_GOODS = "leather_goods", _("Kulit dan barang dari kulit")
    FOOTWEAR = "footwear", _("Alas kaki")
    CHILDRENS_TOYS = "childrens_toys", _("Mainan anak")
    FURNITURE = "furniture", _("Furnitur")


class WorkSector(models.TextChoices):
    """Sektor pekerjaan of a BPU membership: "other", or an occupation of ``discounts.bpu_transport_sectors``
    (PP 50/2025). The values are the rules' sector codes (``lindung.rules.codes.SECTORS``)."""

    OTHER = "other", _("Lainnya")
    OJEK = "ojek", _("Ojek pangkalan")
    OJEK_ONLINE = "ojek_online", _("Ojek online")
    DRIVER = "driver", _("Pengemudi")
    COURIER = "courier", _("Kurir")
    LOGISTICS = "logistics", _("Logistik")


class Sex(models.TextChoices):
    MALE = "M", _("Laki-laki")
    FEMALE = "F", _("Perempuan")


class Segment(models.TextChoices):
    PU = "PU", _("Penerima Upah")
    BPU = "BPU", _("Bukan Penerima Upah")
    JASA_KONSTRUKSI = "JASA_KONSTRUKSI", _("Jasa konstruksi")
    PMI = "PMI", _("Pekerja Migran Indonesia")


class PayerKind(models.TextChoices):
    EMPLOYER = "employer", _("Pemberi kerja")
    SELF = "self", _("Mandiri")
    CITY_PROGRAMME = "city_programme", _("Program pemerintah kota (APBD)")
    SPONSOR = "sponsor", _("Sponsor/CSR")


class EndReason(models.TextChoices):
    """Why a membership row ended: a life event, or a change that continues in a new row."""

    RESIGNED = "resigned", _("Mengundurkan diri")
    PHK = "phk", _("Pemutusan hubungan kerja (PHK)")
    DEATH = "death", _("Meninggal dunia")
    MOVED_AWAY = "moved_away", _("Pindah domisili")
    BECAME_FORMAL = "became_formal", _("Menjadi pekerja penerima upah")
    WAGE_CHANGE = "wage_change", _("Perubahan upah")
    MOVED_EMPLOYER = "moved_employer", _("Pindah pemberi kerja")


#: End reasons a user may pick when deactivating; the others are written by the change services.
DEACTIVATION_REASONS = (
    EndReason.RESIGNED,
    EndReason.PHK,
    EndReason.DEATH,
    EndReason.MOVED_AWAY,
    EndReason.BECAME_FORMAL,
)


class Program(models.IntegerChoices):
    """The five programmes as bits, so a membership's programmes are one small integer column."""

    JKK = 1, "JKK"
    JKM = 2, "JKM"
    JHT = 4, "JHT"
    JP = 8, "JP"
    JKP = 16, "JKP"


def programs_to_mask(names: list[str] | tuple[str, ...] | frozenset[str]) -> int:
    mask = 0
    for name in names:
        mask |= Program[name].value
    return mask


def mask_to_programs(mask: int) -> list[str]:
    return [p.label for p in Program if mask & p.value]


@audited
class Employer(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="employers")
    kind = models.CharField(_("jenis"), max_length=10, choices=EmployerKind.choices)
    subkind = models.CharField(_("bentuk"), max_length=20, choices=EmployerSubkind.choices)
    size = models.CharField(_("skala usaha"), max_length=10, choices=EmployerSize.choices, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    npp = models.CharField(_("NPP"), max_length=12, blank=True, db_index=True)
    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    village = models.ForeignKey(Village, null=True, blank=True, on_delete=models.PROTECT, related_name="employers")
    kbli = models.CharField(_("KBLI 2020"), max_length=5, blank=True)
    jkk_risk_group = models.PositiveSmallIntegerField(_("kelompok risiko JKK"), default=1)
    #: The group the KBLI table gives (PP 44/2015 Lampiran I), or null where the table has no entry.
    jkk_risk_derived = models.PositiveSmallIntegerField(_("kelompok risiko menurut KBLI"), null=True, blank=True)
    jkk_risk_override_reason = models.CharField(max_length=300, blank=True)
    #: Padat karya industry (PP 7/2025, PP 36/2025): halves JKK of the employer's PU rows while in force.
    sector = models.CharField(
        _("sektor usaha"),
        max_length=30,
        choices=EmployerSector.choices,
        default=EmployerSector.OTHER,
        db_default=EmployerSector.OTHER,  # rows inserted by plain SQL (bulk loads) need no value
    )
    #: PP 49/2020: the employer's deferral of 99 % of JP was approved (contribution months Aug 2020 - Jan 2021).
    jp_deferral = models.BooleanField(
        _("penundaan sebagian iuran JP disetujui (PP 49/2020)"), default=False, db_default=False
    )
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="employers")
    contact_name = models.CharField(_("kontak"), max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(_("telepon kantor"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jkk_risk_group__gte=1, jkk_risk_group__lte=5), name="employer_risk_group_1_5"
            ),
            models.UniqueConstraint(fields=["npp"], condition=~models.Q(npp=""), name="employer_npp_unique"),
        ]
        verbose_name = _("pemberi kerja")
        verbose_name_plural = pgettext_lazy("plural", "pemberi kerja")

    def __str__(self) -> str:
        return self.name

    @property
    def risk_overridden(self) -> bool:
        return bool(self.jkk_risk_override_reason)


@audited
class Worker(models.Model):
    # Indexed by ``worker_region_birth_name`` (region first), which also serves every lookup by region alone:
    # one index instead of two, since each index costs every bulk-inserted row.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="workers", db_index=False)
    nik_cipher = models.TextField()
    nik_index = models.CharField(max_length=40, unique=True)
    nik_masked = models.CharField(_("NIK"), max_length=16)
    #: Kabupaten/kota part of the NIK ("12.71"), already visible in the masked NIK; gives ``is_medan``.
    nik_regency_code = models.CharField(max_length=5, blank=True)
    #: Warning codes of the offline NIK check (an unknown kecamatan, issued outside the region).
    nik_warnings = models.JSONField(default=list, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    #: The name folded for duplicate search (lower case, letters and single spaces only); indexed with the
    #: region and birth date so a registration finds its namesakes without a region scan.
    name_key = models.CharField(max_length=150, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    village = models.ForeignKey(Village, null=True, blank=True, on_delete=models.PROTECT, related_name="workers")
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone_cipher = models.TextField(blank=True)
    phone_index = models.CharField(max_length=40, blank=True, db_index=True)
    phone_masked = models.CharField(_("telepon"), max_length=20, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    kpj = models.CharField(_("nomor KPJ"), max_length=11, blank=True)
    vulnerability_category = models.CharField(_("kategori rentan"), max_length=40, blank=True)
    female_head_of_household = models.BooleanField(_("perempuan kepala keluarga"), default=False)
    disability = models.BooleanField(_("penyandang disabilitas"), default=False)
    vulnerability_consent_at = models.DateTimeField(null=True, blank=True)
    proposed_by_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="proposed_workers"
    )
    #: The employer whose user registered the worker: it may see the record and enrol the worker before any
    #: membership exists (its scope otherwise covers only its own members).
    registered_by_employer = models.ForeignKey(
        "registry.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="registered_workers"
    )
    #: Set when a reviewer merged this record into another one (see MergeJournal); undone by clearing it.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records", db_index=False
    )
    import_job = models.ForeignKey(
        "registry.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="workers"
    )
    #: The socialisation event code the worker gave at registration; the first membership that starts on or
    #: after the event is attributed to it (``partnership.EventAttribution``), so the event's funnel counts it.
    #: ``db_default``: bulk inserts (imports, demo) name their columns and need not know this one.
    event_code = models.CharField(_("kode acara sosialisasi"), max_length=20, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "birth_date", "name_key"], name="worker_region_birth_name")]
        verbose_name = _("pekerja")
        verbose_name_plural = _("pekerja")

    def __str__(self) -> str:
        return f"{self.name} ({self.nik_masked})"

    @property
    def is_medan(self) -> bool:
        return self.nik_regency_code == "12.71"


@audited
class Membership(models.Model):
    """A worker's participation paid by one payer, in one segment and set of programmes, from/to a date.

    Rows are never rewritten: a wage change or a move ends the current row and opens a new one pointing back
    at it (``previous``), so the history as of any date is a filter on ``valid_from`` / ``valid_to``.
    """

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="memberships")
    payer_kind = models.CharField(_("pembayar"), max_length=20, choices=PayerKind.choices)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    sponsor_name = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    segment = models.CharField(_("segmen"), max_length=20, choices=Segment.choices)
    #: BPU only (PP 50/2025 transport discount); "other" for every other segment.
    sector = models.CharField(
        _("sektor pekerjaan"),
        max_length=30,
        choices=WorkSector.choices,
        default=WorkSector.OTHER,
        db_default=WorkSector.OTHER,
    )
    programs = models.PositiveSmallIntegerField(_("program"))
    wage = models.BigIntegerField(_("upah / penghasilan"), help_text="Rupiah per month")
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    end_reason = models.CharField(max_length=30, blank=True, choices=EndReason.choices)
    end_note = models.CharField(_("keterangan"), max_length=300, blank=True)
    #: When the end was recorded (``valid_to`` set): a later billing run re-examines only rows ended since
    #: the earlier months were last reconciled (``billing.run.adjust``). A row created already ended has
    #: its ``created_at``. Not indexed: read once per billing run, in the same pass as ``created_at``.
    ended_at = models.DateTimeField(null=True, blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_rows")
    #: The rules version and the references of the eligibility decisions taken at registration.
    rules_version = models.CharField(max_length=40, blank=True)
    eligibility_notes = models.JSONField(default=list, blank=True)
    # Not indexed: memberships are never looked up by import job, and a million-row import pays per index.
    import_job = models.ForeignKey(
        "registry.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(wage__gte=0), name="membership_wage_not_negative"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(sector=WorkSector.OTHER) | models.Q(segment=Segment.BPU),
                name="membership_sector_bpu_only",
            ),
            models.UniqueConstraint(
                fields=["worker", "employer"],
                condition=models.Q(valid_to__isnull=True),
                name="membership_one_active_per_employer",
            ),
            models.UniqueConstraint(
                fields=["worker"],
                condition=models.Q(valid_to__isnull=True, employer__isnull=True),
                name="membership_one_active_without_employer",
            ),
        ]
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.segment} {self.valid_from}"

    @property
    def program_names(self) -> list[str]:
        return mask_to_programs(self.programs)

    @property
    def is_active(self) -> bool:
        return self.valid_to is None
