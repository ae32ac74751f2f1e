"""Worker pages: search first (no list until a query), detail with history, register, edit, reveal the NIK."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.scoping import get_scoped_or_404
from lindung.registry import selectors, services
from lindung.registry.forms import ReasonForm, SearchForm, WorkerEditForm, WorkerForm
from lindung.registry.models import Worker
from lindung.registry.permissions import Action, require
from lindung.registry.views.common import attach_errors, form_page, page, user_agency, user_employer, user_region


@login_required
def worker_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = list(selectors.worker_search(user=request.user, query=query)) if query else None
    return page(request, "registry/worker_search.html", {"form": form, "query": query, "results": results})


@login_required
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_scoped_or_404(Worker.objects.select_related("village", "region", "merged_into"), request.user, pk=pk)
    form = SearchForm(request.GET or None)
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    context = {
        "worker": worker,
        "form": form,
        "as_of": as_of,
        "reveal_form": ReasonForm(),
        "memberships": selectors.worker_memberships(user=request.user, worker=worker, as_of=as_of),
        "history": selectors.object_history(worker),
    }
    return page(request, "registry/worker_detail.html", context)


@login_required
def worker_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.WORKER_EDIT)
    form = WorkerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        region, agency, employer = user_region(request.user), user_agency(request.user), user_employer(request.user)
        try:
            worker = services.worker_register(
                region=region,
                today=timezone.localdate(),
                proposed_by_agency=agency,
                registered_by_employer=employer,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Pekerja terdaftar."))
            return redirect("registry:worker_detail", pk=worker.pk)
    return form_page(request, form, title=_("Daftarkan pekerja"), back=reverse("registry:worker_search"))


@login_required
def worker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.WORKER_EDIT)
    worker = get_scoped_or_404(Worker.objects.all(), request.user, pk=pk)
    initial = {
        "name": worker.name,
        "address": worker.address,
        "village": worker.village,
        "occupation": worker.occupation,
        "kpj": worker.kpj,
    }
    form = WorkerEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        phone = data.pop("phone") or None
        try:
            services.worker_update(worker=worker, phone=phone, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Data pekerja disimpan."))
            return redirect("registry:worker_detail", pk=worker.pk)
    intro = _("Nomor HP: kosongkan untuk tetap memakai nomor yang tersimpan (%(m)s).") % {
        "m": worker.phone_masked or "-"
    }
    return form_page(
        request, form, title=_("Ubah data pekerja"), back=reverse("registry:worker_detail", args=[pk]), intro=intro
    )


@login_required
@require_POST
def worker_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the clear NIK once, on this response only, after a reason; the reveal goes to the audit log."""
    require(request.user, Action.NIK_REVEAL)
    worker = get_scoped_or_404(Worker.objects.select_related("village", "region"), request.user, pk=pk)
    form = ReasonForm(request.POST)
    revealed = None
    if form.is_valid():
        try:
            revealed = services.worker_nik_reveal(worker=worker, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            attach_errors(form, exc)
    context = {
        "worker": worker,
        "form": SearchForm(),
        "reveal_form": form,
        "revealed": revealed,
        "memberships": selectors.worker_memberships(user=request.user, worker=worker),
        "history": selectors.object_history(worker),
    }
    response = page(request, "registry/worker_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response
