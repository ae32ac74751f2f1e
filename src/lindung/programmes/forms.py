"""Forms of the programme pages: they parse input; every rule is checked again by the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lindung.programmes.models import DEFAULT_WEIGHTS, MAX_WEIGHT, Criterion, DecileSource, FundingSource, Programme
from lindung.programmes.services import FundingInput
from lindung.programmes.services.checks import weight_message
from lindung.registry.models import ImportJob

PROGRAM_CHOICES = [("JKK", "JKK"), ("JKM", "JKM"), ("JHT", "JHT")]
MONTHS = [(m, f"{m:02d}") for m in range(1, 13)]
FUNDING_ROWS = 3


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


def rupiah_field(label: Any, **kwargs: Any) -> forms.IntegerField:
    """Whole rupiah: a negative or zero pagu is refused by the services with the message to show."""
    return forms.IntegerField(label=label, widget=forms.NumberInput(attrs={"step": 1000}), **kwargs)


class ProgrammeForm(StyledForm):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2016, max_value=2100)
    name = forms.CharField(label=_("Nama program"), max_length=200)
    budget = rupiah_field(_("Pagu (Rp)"))
    programs = forms.MultipleChoiceField(
        label=_("Program"), choices=PROGRAM_CHOICES, initial=["JKK", "JKM"], widget=forms.CheckboxSelectMultiple
    )
    declared_income = rupiah_field(_("Dasar penghasilan (Rp)"), initial=1_000_000)
    first_month = forms.TypedChoiceField(label=_("Bulan pertama"), choices=MONTHS, coerce=int, initial=1)
    last_month = forms.TypedChoiceField(label=_("Bulan terakhir"), choices=MONTHS, coerce=int, initial=12)
    min_age = forms.IntegerField(label=_("Usia terendah"), initial=18, min_value=1)
    max_age = forms.IntegerField(label=_("Usia tertinggi"), initial=65, min_value=1)
    verify_days = forms.IntegerField(label=_("Batas waktu verifikasi (hari)"), initial=5, min_value=1)
    budget_days = forms.IntegerField(label=_("Batas waktu konfirmasi anggaran (hari)"), initial=5, min_value=1)
    enrol_days = forms.IntegerField(label=_("Batas waktu konfirmasi kepesertaan (hari)"), initial=7, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"weight_{criterion.value}"] = forms.IntegerField(
                label=_("Bobot: %(c)s") % {"c": criterion.label},
                initial=DEFAULT_WEIGHTS[criterion],
                min_value=0,
                max_value=MAX_WEIGHT,
                required=False,  # left empty: the default weight
                error_messages={key: weight_message() for key in ("invalid", "min_value", "max_value")},
            )
        for i in range(FUNDING_ROWS):
            self.fields[f"source_{i}"] = forms.ChoiceField(
                label=_("Sumber %(i)s") % {"i": i + 1}, required=False, choices=[("", "–"), *FundingSource.choices]
            )
            self.fields[f"source_name_{i}"] = forms.CharField(label=_("Nama sumber"), required=False, max_length=200)
            self.fields[f"share_{i}"] = forms.DecimalField(
                label=_("Porsi (%)"), required=False, max_digits=5, decimal_places=2
            )
        self.style()

    def funding(self) -> list[FundingInput]:
        rows = []
        for i in range(FUNDING_ROWS):
            source, share = self.cleaned_data.get(f"source_{i}"), self.cleaned_data.get(f"share_{i}")
            if source or share:
                bp = int((share or Decimal(0)) * 100)
                rows.append(FundingInput(source or "", bp, self.cleaned_data.get(f"source_name_{i}", "")))
        return rows

    def weights(self) -> dict[str, int]:
        given = {c.value: self.cleaned_data.get(f"weight_{c.value}") for c in Criterion}
        return {key: DEFAULT_WEIGHTS[key] if value is None else int(value) for key, value in given.items()}

    def service_fields(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in (
            "name", "budget", "declared_income", "first_month", "last_month", "min_age", "max_age", "verify_days",
            "budget_days", "enrol_days")}  # fmt: skip
        data["priority_weights"] = self.weights()
        return data

    @classmethod
    def initial_for(cls, programme: Programme) -> dict[str, Any]:
        initial: dict[str, Any] = {f: getattr(programme, f) for f in (
            "year", "name", "budget", "declared_income", "first_month", "last_month", "min_age", "max_age",
            "verify_days", "budget_days", "enrol_days")}  # fmt: skip
        initial["programs"] = programme.program_names
        for criterion in Criterion:
            initial[f"weight_{criterion.value}"] = programme.weight(criterion)
        for i, share in enumerate(programme.funding.all()[:FUNDING_ROWS]):
            initial.update({f"source_{i}": share.source, f"source_name_{i}": share.name,
                            f"share_{i}": Decimal(share.share_bp) / 100})  # fmt: skip
        return initial


class ProgrammeChoiceForm(StyledForm):
    programme = forms.ModelChoiceField(label=_("Program"), queryset=Programme.objects.none())

    def set_programmes(self, programmes: QuerySet[Programme]) -> None:
        """Only the running programmes the user sees can be chosen."""
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programmes


class ProposalForm(ProgrammeChoiceForm):
    note = forms.CharField(label=_("Catatan"), required=False, max_length=300)


def job_label(job: ImportJob) -> str:
    """An import as a choice: its number and file name, cut at 60 characters (a 200-emoji name filled the list)."""
    return f"#{job.pk} {Truncator(job.file_name).chars(60)}"


class ImportJobChoiceField(forms.ModelChoiceField[ImportJob]):
    def label_from_instance(self, obj: Any) -> str:
        return job_label(obj)


class ImportProposalForm(ProgrammeChoiceForm):
    job = ImportJobChoiceField(label=_("Impor daftar usulan"), queryset=ImportJob.objects.none())
    skip_ineligible = forms.BooleanField(label=_("Lewati pekerja yang tidak memenuhi syarat"), required=False)

    def set_jobs(self, jobs: QuerySet[ImportJob]) -> None:
        field = self.fields["job"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = jobs


class ScenarioForm(StyledForm):
    name = forms.CharField(label=_("Nama skenario"), max_length=120, required=False)
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2016, max_value=2100)
    budget = rupiah_field(_("Anggaran (Rp)"))
    first_month = forms.TypedChoiceField(label=_("Mulai bulan"), choices=MONTHS, coerce=int, initial=1)
    months = forms.IntegerField(label=_("Jumlah bulan"), initial=12)
    programs = forms.MultipleChoiceField(
        label=_("Program"), choices=PROGRAM_CHOICES, initial=["JKK", "JKM"], widget=forms.CheckboxSelectMultiple
    )
    declared_income = rupiah_field(_("Dasar penghasilan (Rp)"), initial=1_000_000)
    include_current = forms.BooleanField(label=_("Lanjutkan peserta yang sedang aktif"), required=False, initial=True)
    workers_wanted = forms.IntegerField(label=_("Jumlah pekerja yang diinginkan (opsional)"), required=False)


class SkipForm(StyledForm):
    reason = forms.CharField(label=_("Alasan melewati calon"), max_length=300)


class DecileUploadForm(StyledForm):
    """A NIK + desil file from DTKS, P3KE or DTSEN, with its source and the date of the data."""

    file = forms.FileField(label=_("Berkas XLSX atau CSV (kolom NIK dan desil)"))
    source = forms.ChoiceField(label=_("Sumber data"), choices=DecileSource.choices)
    as_of = forms.DateField(label=_("Tanggal data"), widget=forms.DateInput(attrs={"type": "date"}))
