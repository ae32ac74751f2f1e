"""Shell pages: the role home page, reference data pages and the audit log (thin: selectors do the work).

The home and region pages read coverage's pre-aggregated snapshots (``lindung.coverage.selectors.overview``),
so they stay fast however many memberships there are.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing.selectors.own import own_summary
from lindung.core.models import Agency, AuditEntry, District
from lindung.core.scoping import get_scoped_or_404, scope_for, scoped
from lindung.coverage.selectors import overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    own = own_summary(user=request.user, today=timezone.localdate())
    summary = overview.home_summary(user=request.user) if scope and own is None else None
    return render(request, "web/home.html", {"scope": scope, "summary": summary, "own": own})


@login_required
def region_detail(request: HttpRequest) -> HttpResponse:
    figures = overview.district_coverage(user=request.user)
    return render(request, "web/region_detail.html", {"districts": figures.rows, "figures": figures})


@login_required
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    district = get_scoped_or_404(District.objects.select_related("region"), request.user, code=code)
    figures = overview.village_coverage(user=request.user, district=district)
    return render(
        request, "web/district_detail.html", {"district": district, "villages": figures.rows, "figures": figures}
    )


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = scoped(Agency.objects.select_related("region"), request.user).order_by("-in_mou", "name")
    return render(request, "web/agency_list.html", {"agencies": agencies})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = scoped(AuditEntry.objects.all(), request.user).order_by("-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "web/audit_list.html", {"page": page})


@login_required
def workforce_upload(request: HttpRequest) -> HttpResponse:
    """Admin: replace the workforce estimates of the region with BPS figures (all rows or none)."""
    from django.conf import settings
    from django.contrib import messages
    from django.http import Http404
    from django.shortcuts import redirect

    from lindung.core.models import Region
    from lindung.core.workforce import workforce_parse, workforce_template, workforce_upload_apply

    scope = scope_for(request.user)
    if scope is None or not scope.is_admin:
        raise Http404
    region = Region.objects.get(code=settings.LINDUNG_REGION)
    if request.GET.get("template"):
        response = HttpResponse(
            workforce_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="angkatan-kerja-template.xlsx"'
        return response
    errors: list[str] = []
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        source = request.POST.get("source", "").strip()
        if upload_file is None or not source:
            errors.append(_("Pilih berkas XLSX dan tulis sumber datanya (mis. BPS Kota Medan, Sakernas Agustus 2025)."))
        else:
            upload = workforce_parse(region=region, content=upload_file.read())
            errors = upload.errors
            if upload.ok:
                count = workforce_upload_apply(region=region, upload=upload, source=source)
                messages.success(request, _("%(n)s angka angkatan kerja diganti.") % {"n": count})
                return redirect("workforce_upload")
    figures = overview.district_coverage(user=request.user)
    return render(request, "web/workforce_upload.html", {"errors": errors, "districts": figures.rows, "region": region})
