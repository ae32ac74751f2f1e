"""The legal parameters written for people: rupiah, percentages, yes/no and units in the reader's language.

The rules package keeps its values as Python data (``Fraction(3, 1250)``, ``{'land': 1000000}``, ``None`` for
a value the law has but that was not found); the parameter page must not show those representations. The codes
of a table or list (``land``, ``tk_sd``, ``micro``) stay the rules' own in the data and are named here, through the
catalogue; the calculator's explanation (the contract's English trace) is worded the same way, so both pages agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from lindung.core.calc_adapter import parameter_entry
from lindung.web.templatetags.lindung_format import format_rupiah, number_text

UNITS = {
    "rate": pgettext_lazy("unit", "persen"),
    "rupiah": pgettext_lazy("unit", "rupiah"),
    "months": pgettext_lazy("unit", "bulan"),
    "years": pgettext_lazy("unit", "tahun"),
    "list": pgettext_lazy("unit", "daftar"),
    "count": pgettext_lazy("unit", "jumlah"),
    "multiplier": pgettext_lazy("unit", "kali"),
    "day_of_month": pgettext_lazy("unit", "tanggal dalam bulan"),
    "flag": pgettext_lazy("unit", "ya/tidak"),
    "text": pgettext_lazy("unit", "teks"),
}
CONFIDENCE = {
    "high": pgettext_lazy("confidence", "tinggi"),
    "medium-high": pgettext_lazy("confidence", "cukup tinggi"),
    "medium": pgettext_lazy("confidence", "sedang"),
    "low-medium": pgettext_lazy("confidence", "cukup rendah"),
    "low": pgettext_lazy("confidence", "rendah"),
}

#: The codes of the parameters' tables and lists by their names. The regulator's own names (JKK, PU, BPU, PMI)
#: and the integer keys (risk group 1, a 6-month contract) are written as they are.
CODES: dict[str, Promise | str] = {
    # benefits.jkk_transport_cap
    "land": pgettext_lazy("parameter code", "darat"),
    "sea": pgettext_lazy("parameter code", "laut"),
    "air": pgettext_lazy("parameter code", "udara"),
    # benefits.scholarship_*: the school levels of PP 82/2019
    "tk_sd": pgettext_lazy("parameter code", "TK/SD"),
    "smp": pgettext_lazy("parameter code", "SMP"),
    "sma": pgettext_lazy("parameter code", "SMA/SMK"),
    "university": pgettext_lazy("parameter code", "perguruan tinggi"),
    # bpu.registration_age, child_work.light_work_age
    "min": pgettext_lazy("parameter code", "paling rendah"),
    "max": pgettext_lazy("parameter code", "paling tinggi"),
    # benefits.jkk_temporary_incapacity_rates (STMB)
    "full": pgettext_lazy("parameter code", "tarif penuh"),
    "reduced": pgettext_lazy("parameter code", "tarif dikurangi"),
    # jht.partial_max_share
    "housing": pgettext_lazy("parameter code", "perumahan"),
    "pension_preparation": pgettext_lazy("parameter code", "persiapan masa pensiun"),
    # jp.deemed_min_membership_months, jp.survivor_shares
    "death": pgettext_lazy("parameter code", "meninggal dunia"),
    "disability": pgettext_lazy("parameter code", "cacat"),
    "spouse": pgettext_lazy("parameter code", "janda/duda"),
    "child": pgettext_lazy("parameter code", "anak"),
    "parent": pgettext_lazy("parameter code", "orang tua"),
    # enrolment.*, discounts.covid_jp_deferral_sizes: the business scales of PP 7/2021
    "micro": pgettext_lazy("parameter code", "mikro"),
    "small": pgettext_lazy("parameter code", "kecil"),
    "medium": pgettext_lazy("parameter code", "menengah"),
    "large": pgettext_lazy("parameter code", "besar"),
    "JASA_KONSTRUKSI": pgettext_lazy("parameter code", "jasa konstruksi"),
    # deadlines_fines.*
    "private": pgettext_lazy("parameter code", "swasta"),
    "state": pgettext_lazy("parameter code", "penyelenggara negara"),
    "other": pgettext_lazy("parameter code", "lainnya"),
    "each_started_month": pgettext_lazy("parameter code", "setiap bulan yang sudah dimulai"),
    # discounts.*: funders and sectors
    "apbd": "APBD",
    "apbn": "APBN",
    "ojek_online": pgettext_lazy("parameter code", "ojek online"),
    "ojek": pgettext_lazy("parameter code", "ojek"),
    "driver": pgettext_lazy("parameter code", "pengemudi"),
    "courier": pgettext_lazy("parameter code", "kurir"),
    "logistics": pgettext_lazy("parameter code", "logistik"),
    "food_beverage_tobacco": pgettext_lazy("parameter code", "makanan, minuman dan tembakau"),
    "textile_apparel": pgettext_lazy("parameter code", "tekstil dan pakaian jadi"),
    "leather_goods": pgettext_lazy("parameter code", "kulit dan barang dari kulit"),
    "footwear": pgettext_lazy("parameter code", "alas kaki"),
    "childrens_toys": pgettext_lazy("parameter code", "mainan anak"),
    "furniture": pgettext_lazy("parameter code", "furnitur"),
    # jkp.excluded_separations
    "resignation": pgettext_lazy("parameter code", "mengundurkan diri"),
    "total_permanent_disability": pgettext_lazy("parameter code", "cacat total tetap"),
    "retirement": pgettext_lazy("parameter code", "pensiun"),
    "pkwt_end": pgettext_lazy("parameter code", "PKWT berakhir"),
}


def code_text(code: object) -> str:
    """A code of a table or list by its name in the reader's language; any other key or text as it is."""
    return str(CODES[code]) if isinstance(code, str) and code in CODES else str(code)


def percent_text(rate: Fraction) -> str:
    """A rate as a percentage without trailing zeros: 3/1250 is ``0,24%`` (``0.24%`` in English)."""
    percent = (Decimal(rate.numerator) * 100 / Decimal(rate.denominator)).quantize(Decimal("0.0001"))
    return f"{number_text(percent)}%"


def value_text(value: object, unit: str) -> str:
    """One parameter value for people, its codes (``land``, ``tk_sd``) by their names.

    A table's entries are joined by ``;``, a list's items by ``,`` (by ``;`` where a name has a comma itself:
    ``makanan, minuman dan tembakau; alas kaki``).
    """
    if value is None:
        return _("belum diketahui")
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, dict):
        return "; ".join(f"{code_text(key)}: {value_text(item, unit)}" for key, item in value.items())
    if isinstance(value, (tuple, list)):
        items = [value_text(item, unit) for item in value]
        return ("; " if any("," in item for item in items) else ", ").join(items)
    if isinstance(value, Fraction):
        return percent_text(value)
    if isinstance(value, int):
        return format_rupiah(value) if unit == "rupiah" else number_text(value)
    return code_text(value)


def unit_text(unit: str) -> str:
    return str(UNITS[unit]) if unit in UNITS else unit


def confidence_text(confidence: str | None) -> str:
    return str(CONFIDENCE[confidence]) if confidence in CONFIDENCE else (confidence or "–")


def display_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``parameter_table`` with each value, unit and confidence worded for the page."""
    return [
        {
            **row,
            "unit": unit_text(row["parameter"].unit),
            "shown": [
                {
                    "value": v,
                    "text": value_text(v.value, row["parameter"].unit),
                    "confidence": confidence_text(v.confidence),
                }
                for v in row["values"]
            ],
        }
        for row in rows
    ]


def explanation_rows(trace: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The calc contract's explanation (an English trace) worded for the reader, as the parameter page words it.

    Each line names a parameter and the day its value took effect; the value is taken from the parameter itself,
    so ``0.24%`` becomes ``0,24%`` and ``10,547,400`` becomes ``Rp 10.547.400``. A line whose value cannot be found
    keeps the trace's own text rather than guess. The dates become dates, for the template's date filter.
    """
    return [_explanation_row(line) for line in trace if isinstance(line, Mapping)]


def _explanation_row(line: Mapping[str, Any]) -> dict[str, Any]:
    start = _day(line.get("effective_from"))
    found = parameter_entry(str(line.get("parameter", "")), start) if isinstance(start, dt.date) else None
    value = _yes_no(line.get("value")) if found is None else value_text(found[1].value, found[0].unit)
    return {
        **line,
        # what the parameter is, in the reader's words (the code alone told a worker or employer nothing)
        "description": "" if found is None else found[0].description_in(get_language() or "id"),
        "value": value,
        "effective_from": start,
        "effective_to": _day(line.get("effective_to")),
        "confidence_text": confidence_text(str(line.get("confidence") or "high")),
    }


def _day(text: object) -> object:
    """An ISO date as a date; anything else (nothing, or a text the rules did not write as a date) as it is."""
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else text
    except ValueError:
        return text


def _yes_no(text: object) -> object:
    """The trace's own ``yes``/``no`` (``lindung.rules.explain.format_value``) in the reader's language."""
    return {"yes": _("ya"), "no": _("tidak")}.get(text, text) if isinstance(text, str) else text


def with_explanations(result: Any) -> Any:
    """A calc result with every ``explanation`` in it (per programme, per check, the benefit's own) worded."""
    if isinstance(result, list):
        return [with_explanations(item) for item in result]
    if not isinstance(result, dict):
        return result
    return {
        key: explanation_rows(item) if key == "explanation" and isinstance(item, list) else with_explanations(item)
        for key, item in result.items()
    }
