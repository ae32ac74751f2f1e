"""The RPJMD coverage target: its dated history, and recording a new or corrected one (coordinator, admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.core.roles import Role
from lindung.core.scoping import scope_for
from lindung.coverage.forms import CoverageTargetForm
from lindung.coverage.goal_services import coverage_target_may_edit, coverage_target_set
from lindung.coverage.selectors.goals import coverage_goals, coverage_target_list
from lindung.coverage.selectors.view import coverage_regions
from lindung.coverage.targets import CoverageGoal
from lindung.coverage.views.common import refuse


def _initial(goals: list[CoverageGoal]) -> dict[str, object]:
    if not goals:
        return {}
    goal = goals[-1]
    return {
        "effective_from": goal.effective_from or goal.baseline_date,
        "label": goal.label,
        "target_date": goal.target_date,
        "target_pct": f"{goal.target_pct:g}",
        "baseline_date": goal.baseline_date,
        "baseline_pct": f"{goal.baseline_pct:g}",
        "baseline_note": goal.baseline_note,
        "source_document": goal.source,
        "confirmed": goal.confirmed,
    }


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    regions = coverage_regions(user=request.user)
    region_code = request.POST.get("wilayah") or request.GET.get("wilayah", "")
    region = next((r for r in regions if r.code == region_code), regions[0] if regions else None)
    if scope is None or scope.role == Role.AGENCY_OFFICER or region is None:
        raise Http404
    may_edit = coverage_target_may_edit(user=request.user, region=region)
    goals = coverage_goals(region=region)
    form = CoverageTargetForm(request.POST or None, initial=_initial(goals))
    if request.method == "POST":
        if not may_edit:
            refuse(request, _("Hanya koordinator kota dan administrator yang mengubah target cakupan."))
        if form.is_valid():
            try:
                coverage_target_set(user=request.user, region=region, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Target cakupan disimpan."))
                return redirect("coverage_targets")
    context = {
        "region": region,
        "regions": regions,
        "history": coverage_target_list(user=request.user, region=region),
        "current": goals[-1] if goals else None,
        "form": form,
        "may_edit": may_edit,
    }
    return render(request, "coverage/targets.html", context)
