"""Forms of coverage pages: parsing only; the services check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CoverageTargetForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Berlaku sejak (tanggal dokumen)"), widget=forms.DateInput({"type": "date"})
    )
    label = forms.CharField(label=_("Nama target"), max_length=200)
    target_date = forms.DateField(label=_("Tanggal target"), widget=forms.DateInput({"type": "date"}))
    # Text, not a number field: "72,5" is how the documents write it; the service parses and bounds it.
    target_pct = forms.CharField(label=_("Target cakupan (%)"), max_length=10)
    baseline_date = forms.DateField(label=_("Tanggal titik awal"), widget=forms.DateInput({"type": "date"}))
    baseline_pct = forms.CharField(label=_("Cakupan titik awal (%)"), max_length=10)
    baseline_note = forms.CharField(label=_("Keterangan titik awal"), max_length=300, required=False)
    source_document = forms.CharField(label=_("Dokumen sumber"), max_length=300)
    confirmed = forms.BooleanField(label=_("Angka sudah dicocokkan dengan dokumen sumber"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-check-input" if name == "confirmed" else "form-control form-control-sm"
