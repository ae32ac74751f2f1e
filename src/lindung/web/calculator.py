"""The calculator and parameter pages: forms in, the rules' JSON contract out, rendered with explanations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.calc_adapter import calc_run, parameter_table, parameter_topics
from lindung.web import benefit_form
from lindung.web.parameter_text import display_rows, with_explanations
from lindung.web.rules_text import localise

PROGRAMS = ["JKK", "JKM", "JHT", "JP", "JKP"]
INT_FIELDS = ("monthly_wage", "declared_income", "jkk_risk_group", "contract_value", "contract_months",
              "employer_active_participants", "contribution_months", "jht_balance", "jp_balance",
              "projection_months", "monthly_contribution", "membership_months", "paid_months", "children",
              "incapacity_months", "cost", "care_months", "average_indexed_wage", "consecutive_months")  # fmt: skip
TEXT_FIELDS = ("segment", "period", "birth_date", "employer_kind", "employer_size", "funded_by", "sector",
               "event", "date", "phk_date", "sex", "separation", "jht_trigger", "event_date", "claim_date",
               "paid_date", "transport_mode", "purpose")  # fmt: skip
#: Percent fields: "2,5" (a decimal comma) is read as 2.5.
PERCENT_FIELDS = ("disability_percent", "function_loss_percent", "annual_return")
#: Checkboxes: ticked is true; unticked (not sent) leaves the contract's default, false.
FLAG_FIELDS = ("spouse", "parent", "partial_taken_before")
LIST_FIELDS = ("programs", "children_levels")
#: The calculator's kinds (the page's URL) and the calc-contract call each one makes, with its result template.
KINDS = {
    "iuran": ("contribution", "web/_contribution_result.html"),
    "manfaat": ("benefit", "web/_benefit_result.html"),
    "kelayakan": ("eligibility", "web/_eligibility_result.html"),
}


def form_to_input(data: Any) -> dict[str, Any]:
    """Turn the submitted form into a calc-contract object; blank fields are left out."""
    obj: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = (data.get(name) or "").strip()
        if value:
            obj[name] = value
    for name in INT_FIELDS:
        raw = (data.get(name) or "").strip().replace(".", "").replace(" ", "")
        if raw:
            obj[name] = int(raw) if raw.lstrip("-").isdigit() else raw
    for name in PERCENT_FIELDS:
        value = (data.get(name) or "").strip().replace(",", ".")
        if value:
            obj[name] = value
    for name in FLAG_FIELDS:
        if (data.get(name) or "").strip().lower() in ("on", "true", "1"):
            obj[name] = True
    for name in LIST_FIELDS:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        values = [v for v in values if str(v).strip()]  # a select left at "–"
        if values:
            obj[name] = values
    obj["explain"] = True
    return obj


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "programs": PROGRAMS,
        "default_period": today.strftime("%Y-%m"),
        "today": today.isoformat(),
        **benefit_form.context(),
    }
    return render(request, "web/calculator.html", context)


@login_required
@require_POST
def calculate(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    call, template = KINDS[kind]
    obj = form_to_input(request.POST)
    _add_umk(obj)
    result, ok = calc_run(call, obj)
    result = _dates_as_dates(with_explanations(localise(result)))
    context = {"result": result, "ok": ok, "input": obj, "accepted": _accepted(result) if not ok else ""}
    return render(request, template, context, status=200 if ok else 422)


def _dates_as_dates(result: Any) -> Any:
    """The contribution's due date and payment date as dates, for the template's date filter (the contract's are
    ISO texts)."""
    if not isinstance(result, dict):
        return result
    fines = result.get("fines")
    if isinstance(fines, dict):
        result = {**result, "fines": {**fines, "paid_date": _day(fines.get("paid_date"))}}
    return {**result, "due_date": _day(result.get("due_date"))} if result.get("due_date") else result


def _day(text: object) -> object:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else text
    except ValueError:
        return text


def _accepted(result: Any) -> str:
    """The contract's ``accepted`` is a list of values or one description ("integer >= 0"); never split the text."""
    accepted = result.get("accepted")
    if accepted is None or isinstance(accepted, str):
        return accepted or ""
    return ", ".join(str(value) for value in accepted)


def _add_umk(obj: dict[str, Any]) -> None:
    """Quote the region's UMK of the period, so a wage below it is flagged (the rules never read the DB)."""
    from django.conf import settings

    from lindung.core.models import MinimumWage

    period = str(obj.get("period", ""))
    if obj.get("segment") != "PU" or len(period) < 4 or not period[:4].isdigit():
        return
    wage = MinimumWage.objects.filter(region__code=settings.LINDUNG_REGION, year=int(period[:4])).first()
    if wage is not None:
        obj["umk"] = int(wage.amount)


@login_required
def parameters(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("as_of", "").strip()
    as_of: dt.date | None = None
    error = ""
    if raw:
        try:
            as_of = dt.date.fromisoformat(raw)
        except ValueError:
            error = _("Tanggal harus berformat YYYY-MM-DD.")
    language = get_language() or settings.LANGUAGE_CODE
    sections = parameter_sections(texts_in_language(display_rows(parameter_table(as_of)), language), language)
    return render(request, "web/parameters.html", {"sections": sections, "as_of": as_of, "error": error})


def texts_in_language(rows: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Each row's description and note (or why it ended), and each value's note, in the reader's language.

    The rules package cannot translate: its files carry every text in English and in Bahasa Indonesia
    (``description`` / ``description_id``, ``note`` / ``note_id``), and the page shows the reader's one.
    """
    return [
        {
            **row,
            "description": row["parameter"].description_in(language),
            "note": row["parameter"].note_in(language),
            "shown": [{**shown, "note": shown["value"].note_in(language)} for shown in row["shown"]],
        }
        for row in rows
    ]


#: The parameter page's sections, by the first part of a parameter's name (``jp.accrual_rate`` is in ``jp``): the
#: five programmes first, then what applies across them. A part not listed here still gets its own section.
PARAMETER_SECTIONS = {
    "jkk": gettext_lazy("JKK (jaminan kecelakaan kerja)"),
    "jkm": gettext_lazy("JKM (jaminan kematian)"),
    "jht": gettext_lazy("JHT (jaminan hari tua)"),
    "jp": gettext_lazy("JP (jaminan pensiun)"),
    "jp_benefit_limits": gettext_lazy("Batas manfaat JP"),
    "pension_age": gettext_lazy("Usia pensiun"),
    "jkp": gettext_lazy("JKP (jaminan kehilangan pekerjaan)"),
    "benefits": gettext_lazy("Manfaat JKK dan JKM, beasiswa"),
    "wage_basis": gettext_lazy("Dasar upah"),
    "enrolment": gettext_lazy("Program wajib per segmen dan skala usaha"),
    "bpu": gettext_lazy("Bukan penerima upah (BPU)"),
    "construction": gettext_lazy("Jasa konstruksi"),
    "pmi": gettext_lazy("Pekerja migran Indonesia (PMI)"),
    "child_work": gettext_lazy("Pekerja anak"),
    "deadlines_fines": gettext_lazy("Batas waktu bayar dan denda"),
    "discounts": gettext_lazy("Keringanan iuran"),
}


def parameter_sections(rows: list[dict[str, Any]], language: str | None = None) -> list[dict[str, Any]]:
    """The rows in one section per programme or topic, in ``PARAMETER_SECTIONS`` order; each keeps its rows' order.

    The page of every parameter and every dated value was 27,000 px tall: it shows these as collapsible sections
    behind a table of contents, all of them still on the page. A section opens with its file's own description
    (and note) in ``language``.
    """
    topics, language = parameter_topics(), language or settings.LANGUAGE_CODE
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["name"].split(".", 1)[0], []).append(row)
    order = [key for key in PARAMETER_SECTIONS if key in grouped] + sorted(set(grouped) - set(PARAMETER_SECTIONS))
    return [
        {"key": key, "label": PARAMETER_SECTIONS.get(key, key), "rows": grouped[key],
         "values": sum(len(row["shown"]) for row in grouped[key]),
         "description": topics[key].description_in(language) if key in topics else "",
         "note": topics[key].note_in(language) if key in topics else None}
        for key in order
    ]  # fmt: skip
