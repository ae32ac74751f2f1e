"""Forms of the billing pages: they parse input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.billing.limits import MAX_RECEIPT
from lindung.billing.services.runs import period_parse
from lindung.core.models import Region

MAX_STATEMENT_BYTES = 20 * 1024 * 1024


class RunForm(forms.Form):
    period = forms.CharField(label=_("Periode (TTTT-BB)"), max_length=7)
    region = forms.ModelChoiceField(label=_("Wilayah"), queryset=Region.objects.none(), empty_label=None)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        self.fields["region"].widget.attrs["class"] = "form-select"

    def clean_period(self) -> Any:
        return period_parse(self.cleaned_data["period"])


class PaymentForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Jumlah (Rp)"),
        min_value=1,
        max_value=MAX_RECEIPT,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    received_on = forms.DateField(
        label=_("Tanggal terima"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label=_("Keterangan"), max_length=300, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Rekening koran (CSV)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_STATEMENT_BYTES:
            raise ValidationError(_("Berkas terlalu besar (paling besar 20 MB)."))
        return upload


class AssignForm(forms.Form):
    target = forms.CharField(label=_("Kode tagihan atau nomor virtual account"), max_length=40)
