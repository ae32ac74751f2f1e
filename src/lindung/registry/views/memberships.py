"""Membership pages: search (as of a date), register, wage change, move, deactivate, reactivate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.core.scoping import get_scoped_or_404
from lindung.registry import child_work, selectors, services
from lindung.registry.forms import DeactivateForm, MembershipForm, MoveForm, ReactivateForm, SearchForm, WageChangeForm
from lindung.registry.models import Membership, Worker
from lindung.registry.permissions import Action, require
from lindung.registry.views.common import attach_errors, form_page, page


@login_required
def membership_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
    results = list(selectors.membership_search(user=request.user, query=query, as_of=as_of)) if query else None
    context = {"form": form, "query": query, "as_of": as_of, "results": results}
    return page(request, "registry/membership_search.html", context)


@login_required
def membership_create(request: HttpRequest, worker_pk: int) -> HttpResponse:
    require(request.user, Action.MEMBERSHIP_EDIT)
    worker = get_scoped_or_404(Worker.objects.all(), request.user, pk=worker_pk)
    form = MembershipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["programs"] = data["programs"] or None
        try:
            created = services.membership_register(worker=worker, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Kepesertaan terdaftar."))
            _warn_child(request, created)
            return redirect("registry:worker_detail", pk=worker.pk)
    back = reverse("registry:worker_detail", args=[worker.pk])
    return form_page(request, form, title=_("Daftarkan kepesertaan: %(w)s") % {"w": worker}, back=back)


def _warn_child(request: HttpRequest, membership: Membership) -> None:
    """Tell the officer that the worker is a child whom UU 13/2003 lets work only as an exception."""
    answer = child_work.check(
        birth_date=membership.worker.birth_date, segment=membership.segment, day=membership.valid_from
    )
    if answer is not None:
        messages.warning(request, child_work.warning(answer))


Action_ = Callable[[Membership, dict[str, Any]], Any]
CHANGES: dict[str, tuple[type[forms.Form], Any, Action_]] = {
    "wage": (
        WageChangeForm,
        gettext_lazy("Ubah upah"),
        lambda m, d: services.membership_change_wage(membership=m, **d),
    ),
    "move": (MoveForm, gettext_lazy("Pindah pemberi kerja"), lambda m, d: services.membership_move(membership=m, **d)),
    "deactivate": (
        DeactivateForm,
        gettext_lazy("Akhiri kepesertaan"),
        lambda m, d: services.membership_deactivate(membership=m, **d),
    ),
    "reactivate": (
        ReactivateForm,
        gettext_lazy("Aktifkan kembali"),
        lambda m, d: services.membership_reactivate(membership=m, **d),
    ),
}


@login_required
def membership_change(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    """One form page per kind of change; each ends the current row and/or opens a new one."""
    require(request.user, Action.MEMBERSHIP_EDIT)
    membership = get_scoped_or_404(Membership.objects.select_related("worker", "employer"), request.user, pk=pk)
    if change not in CHANGES:
        raise Http404
    form_class, title, act = CHANGES[change]
    kwargs: dict[str, Any] = {"user": request.user} if form_class is MoveForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None or k not in {"wage"}}
        try:
            result = act(membership, data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Perubahan kepesertaan disimpan."))
            if isinstance(result, Membership) and result.valid_to is None:
                _warn_child(request, result)
            return redirect("registry:worker_detail", pk=membership.worker_id)
    back = reverse("registry:worker_detail", args=[membership.worker_id])
    heading = f"{title}: {membership.worker} — {membership.employer or membership.get_payer_kind_display()}"
    return form_page(request, form, title=heading, back=back)
