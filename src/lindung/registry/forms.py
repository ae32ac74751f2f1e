"""Forms of the registry pages: they parse input; services decide and validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.core.models import Agency, Village
from lindung.core.roles import Role
from lindung.core.scoping import scope_for, scoped
from lindung.regions.groups import group_choices
from lindung.registry.models import (
    DEACTIVATION_REASONS,
    Employer,
    EmployerKind,
    EmployerSector,
    EmployerSize,
    EmployerSubkind,
    ImportKind,
    ImportMode,
    PayerKind,
    Program,
    Segment,
    Sex,
    WorkSector,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PROGRAM_CHOICES = [(p.label, p.label) for p in Program]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    as_of = forms.DateField(label=_("Per tanggal"), required=False, widget=DATE)


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=EmployerKind.choices)
    subkind = forms.ChoiceField(label=_("Bentuk"), choices=EmployerSubkind.choices)
    size = forms.ChoiceField(label=_("Skala usaha"), choices=[("", "—"), *EmployerSize.choices], required=False)
    sector = forms.ChoiceField(
        label=_("Sektor usaha (industri padat karya, PP 7/2025)"),
        choices=EmployerSector.choices,
        initial=EmployerSector.OTHER,
        required=False,
    )
    jp_deferral = forms.BooleanField(label=_("Penundaan sebagian iuran JP disetujui (PP 49/2020)"), required=False)
    npp = forms.CharField(label=_("NPP"), required=False, max_length=20)
    nib = forms.CharField(label=_("NIB"), required=False, max_length=20)
    npwp = forms.CharField(label=_("NPWP"), required=False, max_length=25)
    kbli = forms.CharField(label=_("KBLI 2020"), required=False, max_length=8)
    address = forms.CharField(label=_("Alamat"), required=False, max_length=300)
    village = forms.ModelChoiceField(label=_("Kelurahan"), queryset=Village.objects.none(), required=False)
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah penanggung jawab"), queryset=Agency.objects.none(), required=False
    )
    contact_name = forms.CharField(label=_("Nama kontak"), required=False, max_length=150)
    contact_email = forms.EmailField(label=_("Email kontak"), required=False)
    contact_phone = forms.CharField(label=_("Telepon kantor"), required=False, max_length=20)
    jkk_risk_group = forms.TypedChoiceField(
        label=_("Kelompok risiko JKK (kosongkan untuk mengikuti KBLI)"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—"), *[(g, str(g)) for g in range(1, 6)]],
    )
    jkk_risk_override_reason = forms.CharField(
        label=_("Alasan kelompok risiko berbeda"), required=False, max_length=300
    )

    def clean_sector(self) -> str:
        return str(self.cleaned_data.get("sector") or EmployerSector.OTHER)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village_field = self.fields["village"]
        agency_field = self.fields["agency"]
        assert isinstance(village_field, forms.ModelChoiceField) and isinstance(agency_field, forms.ModelChoiceField)
        village_field.queryset = scoped(Village.objects.all(), user).order_by("code")
        agency_field.queryset = scoped(Agency.objects.all(), user).order_by("name")


def _categories() -> list[tuple[str, str]]:
    """The region's vulnerable groups in the reader's language (called at each render: the choices are lazy)."""
    return [("", "—"), *group_choices()]


class WorkerForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=25)
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices)
    address = forms.CharField(label=_("Alamat"), required=False, max_length=300)
    village = forms.ModelChoiceField(label=_("Kelurahan"), queryset=Village.objects.none(), required=False)
    phone = forms.CharField(label=_("Nomor HP"), required=False, max_length=25)
    occupation = forms.CharField(label=_("Pekerjaan"), required=False, max_length=100)
    kpj = forms.CharField(label=_("Nomor KPJ"), required=False, max_length=15)
    vulnerability_category = forms.ChoiceField(label=_("Kategori rentan"), required=False, choices=_categories)
    female_head_of_household = forms.BooleanField(label=_("Perempuan kepala keluarga"), required=False)
    disability = forms.BooleanField(label=_("Penyandang disabilitas"), required=False)
    consent = forms.BooleanField(label=_("Pekerja setuju data kerentanannya dicatat"), required=False)
    event_code = forms.CharField(
        label=_("Kode acara sosialisasi (bila mendaftar dari acara)"), required=False, max_length=20
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scoped(Village.objects.all(), user).order_by("code")


class WorkerEditForm(WorkerForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "nik",
            "birth_date",
            "sex",
            "vulnerability_category",
            "female_head_of_household",
            "disability",
            "consent",
            "event_code",
        ):
            del self.fields[name]


class MembershipForm(forms.Form):
    segment = forms.ChoiceField(
        label=_("Segmen"), choices=[(Segment.PU, Segment.PU.label), (Segment.BPU, Segment.BPU.label)]
    )
    payer_kind = forms.ChoiceField(label=_("Pembayar"), choices=PayerKind.choices)
    employer = forms.ModelChoiceField(
        label=pgettext_lazy("label", "Pemberi kerja"), queryset=Employer.objects.none(), required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah (program kota)"), queryset=Agency.objects.none(), required=False
    )
    sponsor_name = forms.CharField(label=_("Nama sponsor"), required=False, max_length=200)
    sector = forms.ChoiceField(
        label=_("Sektor pekerjaan (BPU, PP 50/2025)"),
        choices=WorkSector.choices,
        initial=WorkSector.OTHER,
        required=False,
    )
    programs = forms.MultipleChoiceField(
        label=_("Program (kosongkan untuk program wajib)"),
        required=False,
        choices=PROGRAM_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    wage = forms.IntegerField(label=_("Upah / penghasilan sebulan (Rp)"), min_value=0)
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DATE)

    def clean_sector(self) -> str:
        return str(self.cleaned_data.get("sector") or WorkSector.OTHER)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer, agency = self.fields["employer"], self.fields["agency"]
        assert isinstance(employer, forms.ModelChoiceField) and isinstance(agency, forms.ModelChoiceField)
        employer.queryset = scoped(Employer.objects.all(), user).order_by("name")
        agency.queryset = scoped(Agency.objects.all(), user).order_by("name")
        scope = scope_for(user)
        if scope is not None and scope.role == Role.EMPLOYER:  # an employer enrols its own wage earners only
            payer, segment = self.fields["payer_kind"], self.fields["segment"]
            assert isinstance(payer, forms.ChoiceField) and isinstance(segment, forms.ChoiceField)
            payer.choices = [(PayerKind.EMPLOYER, PayerKind.EMPLOYER.label)]
            segment.choices = [(Segment.PU, Segment.PU.label)]
            employer.required = True
            employer.empty_label = None
            del self.fields["agency"], self.fields["sponsor_name"], self.fields["sector"]


class WageChangeForm(forms.Form):
    wage = forms.IntegerField(label=_("Upah / penghasilan baru (Rp)"), min_value=0)
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DATE)


class MoveForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Pemberi kerja baru"), queryset=Employer.objects.none())
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DATE)
    wage = forms.IntegerField(label=_("Upah baru (kosongkan bila sama)"), min_value=0, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = scoped(Employer.objects.all(), user).order_by("name")


class DeactivateForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=[(r.value, r.label) for r in DEACTIVATION_REASONS])
    valid_to = forms.DateField(label=_("Berakhir pada"), widget=DATE)
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=300)


class ReactivateForm(forms.Form):
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DATE)
    wage = forms.IntegerField(label=_("Upah / penghasilan (kosongkan bila sama)"), min_value=0, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class MergeForm(ReasonForm):
    survivor = forms.ChoiceField(
        label=_("Data yang dipertahankan"), choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis daftar"), choices=ImportKind.choices)
    file = forms.FileField(label=_("Berkas (.xlsx atau .csv)"))
    agency = forms.ModelChoiceField(
        label=_("Perangkat daerah pengusul"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind, agency = self.fields["kind"], self.fields["agency"]
        assert isinstance(kind, forms.ChoiceField) and isinstance(agency, forms.ModelChoiceField)
        kind.choices = [(k, ImportKind(k).label) for k in kinds]
        agency.queryset = scoped(Agency.objects.all(), user).order_by("name")


class ConfirmForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Cara impor"), choices=ImportMode.choices, initial=ImportMode.ALL_OR_NOTHING, widget=forms.RadioSelect
    )
