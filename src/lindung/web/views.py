"""Shell pages: the role home page, reference data pages and the audit log (thin: selectors do the work)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lindung.core import selectors
from lindung.core.models import Agency, AuditEntry, District
from lindung.core.scoping import get_scoped_or_404, scope_for, scoped


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    context = {"scope": scope, "summary": selectors.home_summary(user=request.user) if scope else None}
    return render(request, "web/home.html", context)


@login_required
def region_detail(request: HttpRequest) -> HttpResponse:
    districts = selectors.district_overview(user=request.user)
    return render(request, "web/region_detail.html", {"districts": districts})


@login_required
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    district = get_scoped_or_404(District.objects.select_related("region"), request.user, code=code)
    villages = selectors.village_overview(user=request.user, district=district)
    return render(request, "web/district_detail.html", {"district": district, "villages": villages})


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = scoped(Agency.objects.select_related("region"), request.user).order_by("-in_mou", "name")
    return render(request, "web/agency_list.html", {"agencies": agencies})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = scoped(AuditEntry.objects.all(), request.user).order_by("-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "web/audit_list.html", {"page": page})
