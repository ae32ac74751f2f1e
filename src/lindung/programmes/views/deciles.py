"""The poverty-decile upload: the coordinator records DTKS/P3KE desil per worker for the ranking.

The page stores the file and queues its job; the task worker applies it while the page polls its progress,
then shows the result (or every bad row) of the latest uploads.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lindung.core.jobs import jobs_shown
from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.programmes import permissions, tasks
from lindung.programmes.forms import DecileUploadForm
from lindung.programmes.models import Criterion, DecileUploadJob, PovertyDecile
from lindung.programmes.services.deciles import decile_upload_create, decile_upload_messages
from lindung.programmes.views.common import require, run_service, today
from lindung.programmes.views.programmes import programme_for

RECENT = 5


@login_required
def decile_upload(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage(request.user))
    programme = programme_for(request, pk)
    form = DecileUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = run_service(
            request, form,
            lambda: decile_upload_create(
                programme=programme, data=b"".join(upload.chunks()), file_name=upload.name or "desil",
                user=request.user, source=form.cleaned_data["source"], as_of=form.cleaned_data["as_of"],
                today=today(),
            ),
            "",
        )  # fmt: skip
        if job is not None:
            tasks.decile_upload_task.enqueue(job.pk)
            return redirect("programmes:decile_upload", pk=programme.pk)
    known = PovertyDecile.objects.filter(region=programme.region_id)
    jobs = jobs_shown(scoped(DecileUploadJob.objects.filter(programme=programme), request.user)[:RECENT])
    context = {
        "programme": programme, "form": form, "known": known.count(),
        "by_decile": list(known.values_list("decile").annotate(n=Count("pk")).order_by("decile")),
        "weight": programme.weight(Criterion.POVERTY),
        "jobs": [(job, decile_upload_messages(job)) for job in jobs],
    }  # fmt: skip
    return render(request, "programmes/decile_upload.html", context)


@login_required
def decile_upload_status(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    """The progress fragment the upload page polls; when the job stops running it asks for a full reload."""
    require(permissions.can_manage(request.user))
    [found] = jobs_shown([get_scoped_or_404(DecileUploadJob.objects.all(), request.user, pk=job, programme=pk)])
    response = render(request, "programmes/_decile_progress.html", {"job": found})
    if not found.is_running:
        response["HX-Refresh"] = "true"
    return response
