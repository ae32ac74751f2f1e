"""Import pages: templates, upload → preview (issues, error workbook) → confirm → result, with progress."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.jobs import jobs_shown
from lindung.core.scoping import get_scoped_or_404
from lindung.registry import selectors, tasks
from lindung.registry.forms import ConfirmForm, UploadForm
from lindung.registry.imports import report, service, storage
from lindung.registry.imports.messages import describe
from lindung.registry.models import ImportJob, ImportKind, IssueSeverity
from lindung.registry.permissions import Action, can
from lindung.registry.views.common import attach_errors, form_page, page, user_agency, user_region

PREVIEW_ISSUES = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kinds(user: Any) -> list[str]:
    kinds = []
    if can(user, Action.IMPORT_EMPLOYER_WORKERS):
        kinds.append(ImportKind.EMPLOYER_WORKERS.value)
    if can(user, Action.IMPORT_AGENCY_PROPOSALS):
        kinds.append(ImportKind.AGENCY_PROPOSALS.value)
    return kinds


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_shown(selectors.import_jobs(user=request.user)[:50])
    return page(request, "registry/import_list.html", {"jobs": jobs, "kinds": _kinds(request.user)})


@login_required
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in ImportKind.values or fmt not in {"xlsx", "csv"}:
        raise Http404
    name = f"templat-{kind.replace('_', '-')}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(report.template_xlsx(kind), content_type=XLSX)
    else:
        response = HttpResponse(report.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _upload(request: HttpRequest, form: UploadForm) -> ImportJob | None:
    kind = form.cleaned_data["kind"]
    agency = user_agency(request.user) or form.cleaned_data.get("agency")
    uploaded = form.cleaned_data["file"]
    max_bytes = int(getattr(settings, "LINDUNG_IMPORT_MAX_BYTES", 200_000_000))
    if uploaded.size > max_bytes:
        form.add_error(
            "file",
            _("Berkas lebih besar dari %(mb)s MB: bagi menjadi beberapa berkas.") % {"mb": max_bytes // 1_000_000},
        )
        return None
    data = b"".join(uploaded.chunks())
    try:
        upload = service.import_job_create(
            user=request.user,
            kind=kind,
            region=user_region(request.user),
            file_name=uploaded.name or "upload",
            data=data,
            agency=agency if kind == ImportKind.AGENCY_PROPOSALS else None,
        )
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    if upload.duplicate:
        messages.info(
            request,
            _("Berkas yang sama sudah pernah diunggah (impor #%(n)s); tidak ada yang dibuat lagi.")
            % {"n": upload.job.pk},
        )
        return upload.job
    return tasks.start_validation(upload.job)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    kinds = _kinds(request.user)
    if not kinds:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, kinds=kinds)
    if user_agency(request.user) is not None:
        del form.fields["agency"]
    if request.method == "POST" and form.is_valid():
        job = _upload(request, form)
        if job is not None:
            return redirect("registry:import_detail", pk=job.pk)
    return form_page(
        request,
        form,
        title=_("Unggah daftar pekerja"),
        back=reverse("registry:import_list"),
        multipart=True,
        intro=_(
            "Unduh templat di halaman Impor. Berkas besar diperiksa di latar belakang; halaman menampilkan kemajuannya."
        ),
    )


def _described(job: ImportJob) -> dict[str, Any]:
    issues = []
    for issue in job.issues.order_by("row", "id")[:PREVIEW_ISSUES]:
        message, fix = describe(issue.code, issue.params)
        issues.append(
            {
                "row": issue.row,
                "column": issue.column,
                "value": issue.value,
                "message": message,
                "fix": fix,
                "error": issue.severity == IssueSeverity.ERROR,
                "severity": issue.severity,
            }
        )
    file_issues = [
        {
            "message": describe(i["code"], i.get("params"))[0],
            "fix": describe(i["code"], i.get("params"))[1],
            "error": i.get("severity") == "error",
            "severity": i.get("severity", "error"),
        }
        for i in job.file_issues
    ]
    return {"issues": issues, "file_issues": file_issues, "more_issues": job.issues.count() > PREVIEW_ISSUES}


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_scoped_or_404(ImportJob.objects.select_related("employer", "agency", "uploaded_by"), request.user, pk=pk)
    job.recover_if_stalled()
    context = {
        "job": job,
        "progress": storage.progress_read(job.pk),
        "confirm_form": ConfirmForm(),
        **(_described(job) if not job.is_running else {}),
    }
    return page(request, "registry/import_detail.html", context)


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls; when the job stops running it asks for a full reload."""
    job = get_scoped_or_404(ImportJob.objects.all(), request.user, pk=pk)
    job.recover_if_stalled()
    response = render(
        request, "registry/_import_progress.html", {"job": job, "progress": storage.progress_read(job.pk)}
    )
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_scoped_or_404(
        ImportJob.objects.select_related("region", "employer", "agency", "uploaded_by"), request.user, pk=pk
    )
    if not can(
        request.user,
        Action.IMPORT_EMPLOYER_WORKERS if job.kind == ImportKind.EMPLOYER_WORKERS else Action.IMPORT_AGENCY_PROPOSALS,
    ):
        raise PermissionDenied
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih cara impor."))
        return redirect("registry:import_detail", pk=job.pk)
    try:
        job = service.import_job_confirm(job=job, mode=form.cleaned_data["mode"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("registry:import_detail", pk=job.pk)
    tasks.start_import(job)
    return redirect("registry:import_detail", pk=job.pk)


@login_required
def import_issues(request: HttpRequest, pk: int) -> FileResponse:
    """The error workbook: row, column, masked value, kind, problem, how to fix."""
    job = get_scoped_or_404(ImportJob.objects.all(), request.user, pk=pk)
    path = report.issues_xlsx(job)
    handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    os.unlink(path)  # the open handle keeps the content until the response is sent
    return FileResponse(handle, as_attachment=True, filename=f"masalah-impor-{job.pk}.xlsx", content_type=XLSX)
