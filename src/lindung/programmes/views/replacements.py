"""Freed slots: members who died, moved away or became formal employees, and who is offered their place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.programmes import permissions, services
from lindung.programmes.forms import SkipForm
from lindung.programmes.models import Replacement
from lindung.programmes.views.common import require, run_service, today, user_region


def _replacements(request: HttpRequest) -> QuerySet[Replacement]:
    rows = Replacement.objects.select_related(
        "programme", "ended_membership__worker__village__district", "ended_membership__agency",
        "candidate__village__district", "candidate__proposed_by_agency", "proposal",
    )  # fmt: skip
    return scoped(rows, request.user)


@login_required
def replacement_list(request: HttpRequest) -> HttpResponse:
    rows = _replacements(request).order_by("-created_at", "-pk")
    context = {
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "can_manage": permissions.can_manage(request.user),
        "skip_form": SkipForm(),
    }
    return render(request, "programmes/replacement_list.html", context)


@login_required
@require_POST
def replacement_sync(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage(request.user))
    region = user_region(request.user)
    count = run_service(request, None, lambda: services.replacements_sync(region=region, today=today()), "")
    if count is not None:
        messages.info(request, _("%(n)s slot baru ditawarkan ke daftar tunggu.") % {"n": count})
    return redirect("programmes:replacement_list")


@login_required
@require_POST
def replacement_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(permissions.can_manage(request.user))
    replacement = get_scoped_or_404(_replacements(request), request.user, pk=pk)
    if action == "usulkan":
        done = run_service(
            request, None,
            lambda: services.replacement_propose(replacement=replacement, user=request.user, today=today()),
            _("Calon pengganti diusulkan: usulannya menunggu verifikasi Disnaker."),
        )  # fmt: skip
        if done is not None and done.proposal_id:
            return redirect("programmes:proposal_detail", pk=done.proposal_id)
    else:
        reason = request.POST.get("reason", "")
        run_service(request, None, lambda: services.replacement_skip(replacement=replacement, user=request.user,
                                                                     reason=reason, today=today()),
                    _("Calon dilewati; slot ditawarkan ke calon berikutnya."))  # fmt: skip
    return redirect("programmes:replacement_list")
