"""The what-if planner: run scenarios, compare up to three side by side, turn one into next year's programme."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.programmes import exports, permissions, services
from lindung.programmes.forms import ScenarioForm
from lindung.programmes.models import Scenario
from lindung.programmes.selectors.eligibility import category_label
from lindung.programmes.selectors.planner import PlanInput
from lindung.programmes.views.common import XLSX, attachment, require, run_service, today, user_region
from lindung.registry.models import Worker

MAX_COMPARED = 3


def _scenarios(request: HttpRequest) -> Any:
    return scoped(Scenario.objects.select_related("created_by", "programme"), request.user)


@login_required
def scenario_list(request: HttpRequest) -> HttpResponse:
    """Saved scenarios, and a form for a new one (coordinator)."""
    can_manage = permissions.can_manage(request.user)
    form = ScenarioForm(request.POST or None, initial={"year": today().year + 1})
    if request.method == "POST":
        require(can_manage)
        if form.is_valid():
            data = form.cleaned_data
            region = user_region(request.user)
            inputs = PlanInput(
                region=region, year=data["year"], budget=data["budget"], first_month=data["first_month"],
                months=data["months"], programs=data["programs"], declared_income=data["declared_income"],
                include_current=data["include_current"], workers_wanted=data["workers_wanted"],
            )  # fmt: skip
            scenario = run_service(
                request, form,
                lambda: services.scenario_create(region=region, name=data["name"], inputs=inputs, user=request.user,
                                                 as_of=today()),
                _("Skenario dihitung dan disimpan."),
            )  # fmt: skip
            if scenario is not None:
                return redirect("programmes:scenario_detail", pk=scenario.pk)
    context = {"form": form, "scenarios": _scenarios(request)[:50], "can_manage": can_manage}
    return render(request, "programmes/scenario_list.html", context)


def _with_labels(result: dict[str, Any]) -> dict[str, Any]:
    categories = [{**row, "label": category_label(row["category"])} for row in result.get("by_category", [])]
    return {**result, "by_category": categories}


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_scoped_or_404(_scenarios(request), request.user, pk=pk)
    selected_ids = scenario.result.get("selected", [])[:200]
    workers = scoped(Worker.objects.filter(pk__in=selected_ids).select_related("village__district"), request.user)
    by_id = {w.pk: w for w in workers}
    context = {
        "scenario": scenario,
        "result": _with_labels(scenario.result),
        "selected": [by_id[i] for i in selected_ids if i in by_id],
        "can_manage": permissions.can_manage(request.user),
    }
    return render(request, "programmes/scenario_detail.html", context)


def _compared(request: HttpRequest) -> list[Scenario]:
    ids = [int(v) for v in request.GET.getlist("id") if v.isdigit()][:MAX_COMPARED]
    found = {s.pk: s for s in _scenarios(request).filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def compare_rows(scenarios: list[Scenario]) -> list[dict[str, Any]]:
    """One row per kecamatan: coverage gain of each scenario."""
    names: dict[str, str] = {}
    gains: dict[str, list[int]] = {}
    for i, scenario in enumerate(scenarios):
        for row in scenario.result.get("by_district", []):
            names[row["code"]] = row["district"]
            gains.setdefault(row["code"], [0] * len(scenarios))[i] = row["added"]
    return [{"district": names[code], "gains": gains[code]} for code in sorted(names)]


@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    scenarios = _compared(request)
    context = {
        "scenarios": scenarios,
        "results": [_with_labels(s.result) for s in scenarios],
        "pairs": [(s, _with_labels(s.result)) for s in scenarios],
        "districts": compare_rows(scenarios),
        "choices": _scenarios(request)[:30],
        "ids": [s.pk for s in scenarios],
        "can_manage": permissions.can_manage(request.user),
    }
    return render(request, "programmes/scenario_compare.html", context)


@login_required
def scenario_compare_xlsx(request: HttpRequest) -> HttpResponse:
    scenarios = _compared(request)
    content = exports.scenarios_xlsx(scenarios, compare_rows(scenarios))
    return attachment(content, filename="perbandingan-skenario.xlsx", content_type=XLSX)


@login_required
def scenario_compare_pdf(request: HttpRequest) -> HttpResponse:
    scenarios = _compared(request)
    content = exports.scenarios_pdf(scenarios, compare_rows(scenarios))
    return attachment(content, filename="perbandingan-skenario.pdf", content_type="application/pdf")


@login_required
@require_POST
def scenario_convert(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn the scenario into its year's programme (a draft the coordinator then checks and activates)."""
    require(permissions.can_manage(request.user))
    scenario = get_scoped_or_404(_scenarios(request), request.user, pk=pk)
    programme = run_service(request, None, lambda: services.scenario_to_programme(scenario=scenario, user=request.user),
                            _("Program %(year)s dibuat dari skenario (draf).") % {"year": scenario.year})  # fmt: skip
    if programme is not None:
        return redirect("programmes:programme_detail", pk=programme.pk)
    return redirect("programmes:scenario_detail", pk=scenario.pk)
