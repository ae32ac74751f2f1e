"""The mayor's monthly reports: the list, downloads, and asking for one (queued: the PDF takes seconds)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.roles import Role
from lindung.core.scoping import get_scoped_or_404, scope_for, scoped
from lindung.coverage.models import CoverageReport
from lindung.coverage.report import period_of
from lindung.coverage.selectors.view import coverage_regions
from lindung.coverage.tasks import report_monthly_task
from lindung.coverage.views.common import refuse

REPORT_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def _may_generate(request: HttpRequest) -> bool:
    scope = scope_for(request.user)
    return scope is not None and scope.role in REPORT_ROLES


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    regions = coverage_regions(user=request.user)
    scope = scope_for(request.user)
    if scope is None or scope.role == Role.AGENCY_OFFICER or not regions:
        raise Http404
    rows = scoped(CoverageReport.objects.filter(region__in=regions), request.user).select_related("region")
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    context = {"reports": rows, "regions": regions, "can_generate": _may_generate(request), "last_month": last_month}
    return render(request, "coverage/reports.html", context)


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    report = get_scoped_or_404(CoverageReport.objects.select_related("region"), request.user, pk=pk)
    stored = {"pdf": report.pdf, "xlsx": report.xlsx}.get(fmt)
    if stored is None or not stored:
        raise Http404
    name = f"laporan-cakupan-{report.region.code}-{report.period:%Y-%m}.{fmt}"
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    regions = coverage_regions(user=request.user)
    scope = scope_for(request.user)
    if scope is None or scope.role == Role.AGENCY_OFFICER or not regions:
        raise Http404
    if not _may_generate(request):
        refuse(request, _("Hanya koordinator kota dan administrator yang membuat laporan bulanan."))
    region = next((r for r in regions if r.code == request.POST.get("wilayah")), regions[0] if regions else None)
    if region is None:
        raise Http404
    try:
        period = period_of(request.POST.get("period", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("coverage_reports")
    if period > timezone.localdate():
        messages.error(request, _("Periode belum dimulai: pilih bulan ini atau sebelumnya."))
        return redirect("coverage_reports")
    report_monthly_task.enqueue(region.pk, f"{period:%Y-%m}", False, request.user.get_username())
    messages.success(
        request,
        _("Laporan %(period)s sedang dibuat; muat ulang halaman ini sebentar lagi.") % {"period": f"{period:%m/%Y}"},
    )
    return redirect("coverage_reports")
