"""Employer pages: search, detail (required programmes, members, history), create, edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.scoping import get_scoped_or_404
from lindung.registry import selectors, services
from lindung.registry.forms import EmployerForm, SearchForm
from lindung.registry.kbli_risk import SOURCE, risk_for_kbli
from lindung.registry.models import Employer
from lindung.registry.permissions import Action, require
from lindung.registry.views.common import attach_errors, form_page, page, user_agency, user_region


@login_required
def employer_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(selectors.employer_search(user=request.user, query=query)) if query else None
    return page(request, "registry/employer_search.html", {"form": form, "query": query, "results": results})


@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_scoped_or_404(Employer.objects.select_related("agency", "village", "region"), request.user, pk=pk)
    form = SearchForm(request.GET or None)
    as_of = (form.cleaned_data.get("as_of") if form.is_valid() else None) or timezone.localdate()
    context = {
        "employer": employer,
        "form": form,
        "as_of": as_of,
        "risk_entry": risk_for_kbli(employer.kbli),
        "risk_source": SOURCE,
        "compliance": selectors.employer_compliance(employer=employer, day=as_of),
        "members": selectors.employer_memberships(user=request.user, employer=employer, as_of=as_of)[:100],
        "history": selectors.object_history(employer),
    }
    return page(request, "registry/employer_detail.html", context)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["size"] = data.get("size") or ""
    return data


@login_required
def employer_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EMPLOYER_EDIT)
    agency = user_agency(request.user)
    form = EmployerForm(request.POST or None, user=request.user, initial={"agency": agency})
    if request.method == "POST" and form.is_valid():
        data = _clean(form.cleaned_data)
        if agency is not None:  # an agency officer's employers are its own (its scope)
            data["agency"] = agency
        try:
            employer = services.employer_create(region=user_region(request.user), **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Pemberi kerja disimpan."))
            return redirect("registry:employer_detail", pk=employer.pk)
    return form_page(request, form, title=_("Tambah pemberi kerja"), back=reverse("registry:employer_search"))


@login_required
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.EMPLOYER_EDIT)
    employer = get_scoped_or_404(Employer.objects.all(), request.user, pk=pk)
    initial = {name: getattr(employer, name) for name in EmployerForm.base_fields}
    initial["jkk_risk_group"] = employer.jkk_risk_group if employer.risk_overridden else None
    form = EmployerForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = _clean(form.cleaned_data)
        if user_agency(request.user) is not None:
            data["agency"] = employer.agency
        try:
            services.employer_update(employer=employer, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Pemberi kerja disimpan."))
            return redirect("registry:employer_detail", pk=employer.pk)
    return form_page(request, form, title=_("Ubah pemberi kerja"), back=reverse("registry:employer_detail", args=[pk]))
