"""PDFs asked for on a page: the request only queues the work; a status page follows it and offers the file.

The PKS draft, the scorecard and the evidence pack are rendered by WeasyPrint in the task worker. Asking is a
POST (it creates work); the status page polls its fragment with htmx until the file is ready.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.scoping import get_scoped_or_404
from lindung.partnership import permissions, services
from lindung.partnership.models import PdfExport, PdfKind, Pks
from lindung.partnership.views.common import home_region, year_param


def _queued(request: HttpRequest, kind: str, params: dict[str, object], filename: str) -> HttpResponse:
    export = services.pdf_export_request(user=request.user, kind=kind, params=params, filename=filename)
    messages.info(request, _("%(name)s sedang dibuat; halaman ini menampilkan berkasnya begitu siap.")
                  % {"name": export.get_kind_display()})  # fmt: skip
    return redirect("partnership_pdf", pk=export.pk)


@login_required
@require_POST
def pks_draft(request: HttpRequest, pk: int) -> HttpResponse:
    pks = get_scoped_or_404(Pks.objects.select_related("agency"), request.user, pk=pk)
    return _queued(request, PdfKind.PKS_DRAFT, {"pks": pks.pk}, f"draf-pks-{pks.agency.code}.pdf")


@login_required
@require_POST
def scorecard_pdf(request: HttpRequest) -> HttpResponse:
    year, sort = year_param(request), request.GET.get("urut", "name")[:30]
    return _queued(request, PdfKind.SCORECARD, {"year": year, "sort": sort}, f"kartu-skor-{year}.pdf")


@login_required
@require_POST
def evidence_pack_pdf(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    region = home_region(request.user)
    if region is None or not permissions.can_read_evidence(request.user):
        raise Http404
    return _queued(request, PdfKind.EVIDENCE_PACK, {"year": year}, f"paket-bukti-paritrana-{year}.pdf")


@login_required
def pdf_status_page(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_scoped_or_404(PdfExport.objects.all(), request.user, pk=pk)
    return render(request, "partnership/pdf_status.html", {"export": export})


@login_required
def pdf_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The fragment the status page polls; it stops polling once the PDF is ready or has failed."""
    export = get_scoped_or_404(PdfExport.objects.all(), request.user, pk=pk)
    return render(request, "partnership/_pdf_progress.html", {"export": export})


@login_required
def pdf_file(request: HttpRequest, pk: int) -> FileResponse:
    export = get_scoped_or_404(PdfExport.objects.all(), request.user, pk=pk)
    if export.is_pending or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename,
                        content_type="application/pdf")  # fmt: skip
