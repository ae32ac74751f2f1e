"""Forms of the partnership pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lindung.core.models import Agency, Village
from lindung.core.scoping import scoped
from lindung.partnership.models import FollowUp, MouScopeKind, ObligationParty
from lindung.partnership.models.agreements import PROGRAMME_CHOICES
from lindung.regions.groups import group_choices
from lindung.registry.models import Segment
from lindung.web.templatetags.lindung_format import format_count

#: The largest number the columns hold: counts are 32-bit (workers, events, attendance), rupiah 64-bit.
COUNT_MAX = 2_147_483_647
RUPIAH_MAX = 9_223_372_036_854_775_807


def database_id(raw: str) -> int | None:
    """A row id typed or posted as text, or None: ASCII digits only (``"²".isdigit()`` is true, and ``int``
    refuses it) and short enough for a database integer (a longer one overflows SQLite)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


class WholeNumberField(forms.IntegerField):
    """A whole number no larger than its column holds: a larger one gets a message in the reader's language
    naming the limit, instead of the database's range error (or an overflow)."""

    def __init__(self, *, maximum: int = COUNT_MAX, **kwargs: Any) -> None:
        self.maximum = maximum
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value > self.maximum:
            message = gettext_now("Angka terlalu besar: paling banyak %(limit)s.")
            raise ValidationError(message % {"limit": format_count(self.maximum)}, code="max_value")


class ManyChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several rows picked by id: an id past the id column's range is an invalid choice (a message in the
    reader's language), not the database driver's overflow error on ``id IN (...)`` (a server error)."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                # A number too long for the column; anything else not an id ("abc", "²") Django refuses itself.
                digits = pk.strip().removeprefix("-") if isinstance(pk, str) else ""
                if digits.isascii() and digits.isdigit() and database_id(digits) is None:
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                          params={"value": pk[:30]})  # fmt: skip
        return super().clean(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render forms with ``{{ form }}``."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class StyledForm(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class AgencyForm(StyledForm):
    name = forms.CharField(label=_("Nama"), max_length=200)
    sector = forms.CharField(label=_("Sektor (huruf KBLI)"), max_length=100, required=False)
    stakeholder_groups = forms.MultipleChoiceField(label=_("Kelompok sasaran"), required=False,
                                                   widget=forms.SelectMultiple(attrs={"size": 8}))  # fmt: skip
    head_title = forms.CharField(label=_("Jabatan kepala"), max_length=200, required=False)
    liaison_officers = ManyChoiceField(
        label=_("Petugas penghubung"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("Hanya akun dengan peran petugas perangkat daerah ini."),
        error_messages={"invalid_choice": _("Pilih petugas penghubung dari petugas perangkat daerah ini saja.")},
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholder_groups"].choices = group_choices()  # type: ignore[attr-defined]
        self.fields["liaison_officers"].queryset = candidates  # type: ignore[attr-defined]


class MouForm(StyledForm):
    number = forms.CharField(label=_("Nomor pemerintah daerah"), max_length=100)
    branch_number = forms.CharField(label=_("Nomor BPJS Ketenagakerjaan"), max_length=100, required=False)
    title = forms.CharField(label=_("Judul"), max_length=300)
    signed_on = forms.DateField(label=_("Tanggal penandatanganan"), widget=DateInput())
    valid_from = forms.DateField(label=_("Berlaku mulai"), widget=DateInput())
    valid_to = forms.DateField(label=_("Berlaku sampai"), widget=DateInput())
    city_signatory = forms.CharField(label=_("Penandatangan pemerintah daerah"), max_length=200)
    branch_signatory = forms.CharField(label=_("Penandatangan BPJS Ketenagakerjaan"), max_length=200)
    agencies = ManyChoiceField(
        label=_("Perangkat daerah pelaksana"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = scoped(Agency.objects.all(), user).order_by("name")  # type: ignore[attr-defined]


class ScopeItemForm(StyledForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=MouScopeKind.choices)
    text = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(StyledForm):
    title = forms.CharField(label=_("Judul dokumen"), max_length=200)
    file = forms.FileField(label=_("Berkas PDF (maks. 10 MB)"))


class PksCreateForm(StyledForm):
    agency = forms.ModelChoiceField(label=pgettext_lazy("label", "Perangkat daerah"), queryset=Agency.objects.none())
    title = forms.CharField(label=_("Judul"), max_length=300)
    number = forms.CharField(label=_("Nomor (jika sudah ada)"), max_length=100, required=False)
    scope_note = forms.CharField(label=_("Ruang lingkup"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = scoped(Agency.objects.all(), user).order_by("-in_mou", "name")  # type: ignore[attr-defined]


class PksStepForm(StyledForm):
    to_status = forms.CharField(max_length=12, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)
    number = forms.CharField(label=_("Nomor PKS"), max_length=100, required=False)
    signed_on = forms.DateField(label=_("Tanggal tanda tangan"), required=False, widget=DateInput())
    valid_from = forms.DateField(label=_("Berlaku mulai"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=_("Berlaku sampai"), required=False, widget=DateInput())


class ObligationForm(StyledForm):
    party = forms.ChoiceField(label=_("Pihak"), choices=ObligationParty.choices)
    text = forms.CharField(label=_("Kewajiban"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Tenggat"), required=False, widget=DateInput())


class TargetForm(StyledForm):
    period_start = forms.DateField(label=_("Periode mulai"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("Periode selesai"), required=False, widget=DateInput())
    segment = forms.ChoiceField(label=_("Segmen"), choices=[("", _("Semua segmen")), *Segment.choices],
                                required=False)  # fmt: skip
    programme = forms.ChoiceField(label=_("Program"), choices=[("", _("Semua program")), *PROGRAMME_CHOICES],
                                  required=False)  # fmt: skip
    workers = WholeNumberField(label=_("Pekerja didaftarkan"), required=False)
    events = WholeNumberField(label=_("Acara sosialisasi"), required=False)
    budget = WholeNumberField(label=_("Anggaran (Rp)"), required=False, maximum=RUPIAH_MAX)


class EventForm(StyledForm):
    title = forms.CharField(label=_("Judul"), max_length=200)
    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    organisers = ManyChoiceField(label=_("Penyelenggara"), queryset=Agency.objects.none(),
                                 widget=forms.SelectMultiple(attrs={"size": 6}))  # fmt: skip
    village = forms.ModelChoiceField(label=_("Kelurahan"), queryset=Village.objects.none(), required=False)
    venue = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    audience_sector = forms.CharField(label=_("Sektor sasaran"), max_length=100, required=False)
    audience_group = forms.ChoiceField(label=_("Kelompok sasaran"), required=False)
    attendance = WholeNumberField(label=_("Jumlah hadir"), required=False)
    cost = WholeNumberField(label=_("Biaya (Rp), kosongkan jika belum diketahui"), required=False,
                            maximum=RUPIAH_MAX)  # fmt: skip
    notes = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisers"].queryset = scoped(Agency.objects.all(), user).order_by("name")  # type: ignore[attr-defined]
        villages = scoped(Village.objects.select_related("district"), user).order_by("district__name", "name")
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]
        self.fields["audience_group"].choices = [("", "–"), *group_choices()]  # type: ignore[attr-defined]


class EventOutcomeForm(StyledForm):
    attendance = WholeNumberField(label=_("Jumlah hadir"))
    cost = WholeNumberField(label=_("Biaya (Rp)"), required=False, maximum=RUPIAH_MAX)


class AttendeeForm(StyledForm):
    name = forms.CharField(label=_("Nama"), max_length=150)
    nik = forms.CharField(label=_("NIK"), max_length=32, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    follow_up = forms.ChoiceField(label=_("Tindak lanjut"), choices=FollowUp.choices, required=False)
    consent = forms.BooleanField(label=_("Peserta setuju datanya dicatat untuk tindak lanjut pendaftaran"),
                                 required=False)  # fmt: skip


class FollowUpForm(StyledForm):
    follow_up = forms.ChoiceField(label=_("Tindak lanjut"), choices=FollowUp.choices, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class AttributionForm(StyledForm):
    nik = forms.CharField(label=_("NIK pekerja yang mendaftar dengan kode acara"), max_length=32,
                          widget=forms.TextInput(attrs={"autocomplete": "off"}))  # fmt: skip


class EvidencePackForm(StyledForm):
    apbd_allocation = WholeNumberField(label=_("Alokasi APBD (Rp)"), maximum=RUPIAH_MAX)
    apbd_note = forms.CharField(label=_("Keterangan alokasi APBD"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False)  # fmt: skip
    regulations = forms.CharField(label=_("Regulasi yang berlaku (satu per baris)"),
                                  widget=forms.Textarea(attrs={"rows": 5}), required=False)  # fmt: skip


class EvidenceSectionForm(StyledForm):
    title = forms.CharField(label=_("Judul"), max_length=200)
    body = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 6}))
