"""Follow-ups handed to agencies: the list, and moving one on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.scoping import get_scoped_or_404
from lindung.coverage.models import FollowUp, FollowUpStatus
from lindung.coverage.selectors.gaps import followup_list
from lindung.coverage.selectors.view import coverage_view
from lindung.coverage.services import followup_set_status
from lindung.coverage.views.common import refuse, safe_next


@login_required
def followups(request: HttpRequest) -> HttpResponse:
    view = coverage_view(user=request.user, region_code=request.GET.get("wilayah", ""))
    if view is None:
        raise Http404
    status = request.GET.get("status", "")
    rows = followup_list(user=request.user, region=view.region, status=status)
    context = {
        "view": view,
        "page": Paginator(rows, 50).get_page(request.GET.get("halaman")),
        "status": status,
        "statuses": FollowUpStatus.choices,
        "regions": view.regions,
        "can_update": view.can_assign or view.is_agency_officer,
    }
    return render(request, "coverage/followups.html", context)


@login_required
@require_POST
def followup_status(request: HttpRequest, pk: int) -> HttpResponse:
    followup = get_scoped_or_404(FollowUp.objects.all(), request.user, pk=pk)
    try:
        followup_set_status(
            user=request.user,
            followup=followup,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", "")[:1000],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        refuse(request, _("Hanya perangkat daerah yang ditugasi, koordinator kota, petugas BPJS Ketenagakerjaan dan "
                          "administrator yang mengubah status tindak lanjut."))  # fmt: skip
    return redirect(safe_next(request, reverse("coverage_followups")))
