"""The mayor's monthly reports: the list, downloads, and asking for one (queued: the PDF takes seconds)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.roles import Role
from lindung.core.scoping import get_scoped_or_404, scope_for
from lindung.coverage.models import CoverageReport
from lindung.coverage.report import period_of
from lindung.coverage.report_jobs import report_job_message, report_job_step
from lindung.coverage.selectors.reports import report_job_get, report_job_list, report_list
from lindung.coverage.selectors.view import coverage_regions
from lindung.coverage.tasks import report_monthly_later
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
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    context = {
        "reports": report_list(user=request.user, regions=regions),
        "jobs": [_job_context(job) for job in report_job_list(user=request.user, regions=regions)],
        "regions": regions,
        "can_generate": _may_generate(request),
        "last_month": last_month,
    }
    return render(request, "coverage/reports.html", context)


def _job_context(job: Any) -> dict[str, Any]:
    return {"job": job, "step": report_job_step(job), "message": report_job_message(job)}


@login_required
def report_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the reports page polls; when the job stops running it asks for a full reload."""
    job = report_job_get(user=request.user, pk=pk)
    if job is None:
        raise Http404
    response = render(request, "coverage/_report_progress.html", _job_context(job))
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


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
    if report_monthly_later(region, period, user=request.user):
        text = _("Laporan %(period)s masuk antrean; kemajuannya tampil di bawah.")
    else:
        text = _("Laporan %(period)s sudah sedang dibuat; kemajuannya tampil di bawah.")
    messages.success(request, text % {"period": f"{period:%m/%Y}"})
    return redirect("coverage_reports")
