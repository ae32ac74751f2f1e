"""Billing runs: the branch officer starts a month's run; the page follows its progress (htmx polling)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.billing import selectors, services
from lindung.billing.forms import RunForm
from lindung.billing.models import BillingRun, RunStatus
from lindung.billing.views.common import OFFICERS, OVERSIGHT, require_role, role_of, run_service, today
from lindung.core.calc_adapter import parameter_stored
from lindung.core.roles import Role
from lindung.core.scoping import get_scoped_or_404
from lindung.web.parameter_text import value_text


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own billing work."""
    role = role_of(request.user)
    if role in OFFICERS:
        return redirect("billing_runs")
    if role == Role.COORDINATOR:
        return redirect("billing_city")
    if role == Role.AUDITOR:
        return redirect("billing_arrears")
    return redirect("billing_invoices")


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OVERSIGHT)
    regions = selectors.billing_regions(user=request.user)
    form = RunForm(request.POST or None, regions=regions, initial={"period": f"{today():%Y-%m}"})
    if request.method == "POST":
        require_role(request.user, OFFICERS)
        if form.is_valid():
            data = form.cleaned_data
            run = run_service(
                request,
                lambda: services.billing_run_start(region=data["region"], period=data["period"], user=request.user),
            )
            if run is not None:
                if run.status == RunStatus.DONE:
                    messages.info(request, _("Periode ini sudah ditagih; tidak ada tagihan baru yang dibuat."))
                else:
                    _enqueue(request, run)
                return redirect("billing_run_detail", pk=run.pk)
    runs = Paginator(selectors.run_list(user=request.user), 36).get_page(request.GET.get("page"))
    can_start = role_of(request.user) in OFFICERS and regions.exists()
    context = {"form": form, "runs": runs, "page": runs, "can_start": can_start}
    return render(request, "billing/run_list.html", context)


def _enqueue(request: HttpRequest, run: BillingRun) -> None:
    try:
        services.billing_run_enqueue(run=run)
    except services.RunAlreadyQueued as busy:  # a second start, or another officer's: nothing queued twice
        messages.info(request, busy.messages[0])


def _run(request: HttpRequest, pk: int) -> BillingRun:
    require_role(request.user, OVERSIGHT)
    return get_scoped_or_404(BillingRun.objects.select_related("region", "refset"), request.user, pk=pk)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if request.method == "POST" and run.status == RunStatus.FAILED:
        require_role(request.user, OFFICERS)
        _enqueue(request, run)
        return redirect("billing_run_detail", pk=run.pk)
    return render(request, "billing/run_detail.html", {**_progress_context(run), "references": _references(run)})


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the run page polls every second until the run has finished."""
    return render(request, "billing/_run_progress.html", _progress_context(_run(request, pk)))


def _progress_context(run: BillingRun) -> dict[str, object]:
    """The run and, if it failed, the kind of its error (``selectors.run_error_kind``: only the class name)."""
    return {"run": run, "error_kind": selectors.run_error_kind(run)}


def _references(run: BillingRun) -> list[dict[str, object]]:
    """The legal parameters the run's month was billed with, as the parameter page writes them: ``2%`` for
    ``1/50``, ``JKK, JKM`` for ``('JKK', 'JKM')``, ``Rp 1.000.000``, and the day each took effect as a date.

    The reference set keeps each value as ``str(value)``; a value the rules no longer hold as stored (a later
    rules version changed it) keeps its stored text rather than show another one.
    """
    rows = []
    for ref in run.refset.references:
        name, start, stored = str(ref.get("name", "")), str(ref.get("from", "")), str(ref.get("value", ""))
        found = parameter_stored(name, start, stored)
        rows.append(
            {
                "name": name,
                "value": value_text(found[1].value, found[0].unit) if found is not None else stored,
                "from": found[1].start if found is not None else _day(start),
                "reference": ref.get("reference", ""),
            }
        )
    return rows


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
