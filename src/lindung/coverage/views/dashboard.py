"""The role dashboards, the kecamatan drill-down, their XLSX, and asking for a refresh."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.core.models import District
from lindung.core.roles import Role
from lindung.core.scoping import get_scoped_or_404, scope_for
from lindung.coverage import charts, exports, svg
from lindung.coverage import dimensions as d
from lindung.coverage.selectors.dashboard import Dashboard, coverage_dashboard
from lindung.coverage.selectors.figures import coverage_district, coverage_snapshot_pick
from lindung.coverage.selectors.reference import coverage_reference
from lindung.coverage.selectors.view import MEASURE_LABELS, coverage_regions, coverage_view
from lindung.coverage.tasks import coverage_refresh_later
from lindung.coverage.views.common import as_of_param, query, refuse, xlsx_response

REFRESH_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def _board(request: HttpRequest) -> tuple[Dashboard, str]:
    as_of, date_error = as_of_param(request)
    suffix = query(request)
    board = coverage_dashboard(
        user=request.user,
        region_code=request.GET.get("wilayah", ""),
        agency_code=request.GET.get("perangkat", ""),
        measure=request.GET.get("ukuran", ""),
        as_of=as_of,
        link=lambda code: reverse("coverage_district", args=[code]) + suffix,
    )
    if board is None:
        raise Http404
    return board, date_error


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    board, date_error = _board(request)
    if date_error:
        messages.warning(request, date_error)
    agencies = [] if board.view.is_agency_officer else list(board.reference.agencies.values())
    scope = scope_for(request.user)
    context = {
        "board": board,
        "charts": charts.dashboard_charts(board) if board.state == "ok" else {},
        "tile_map": mark_safe(svg.tile_map(board.map.tiles, unit=board.map.unit, title=_("Peta cakupan kecamatan"))),  # noqa: S308  (escaped in svg.py)
        "measures": MEASURE_LABELS,
        "agencies": agencies,
        "regions": board.view.regions,
        "query": query(request),
        "can_refresh": scope is not None and scope.role in REFRESH_ROLES,
    }
    return render(request, "coverage/dashboard.html", context)


@login_required
def district(request: HttpRequest, code: str) -> HttpResponse:
    as_of, _error = as_of_param(request)
    view = coverage_view(
        user=request.user,
        region_code=request.GET.get("wilayah", ""),
        agency_code=request.GET.get("perangkat", ""),
        measure=request.GET.get("ukuran", ""),
    )
    if view is None:
        raise Http404
    place = get_scoped_or_404(District.objects.filter(region=view.region), request.user, code=code)
    pick = coverage_snapshot_pick(user=request.user, region=view.region, as_of=as_of)
    reference = coverage_reference(user=request.user, region=view.region)
    data = coverage_district(view=view, pick=pick, reference=reference, district=place)
    rows_by = {"village": data.villages}
    if data.figures is not None:
        rows_by |= {dim: data.figures.rows(dim) for dim in (d.DIM_SECTOR, d.DIM_SEX, d.DIM_AGE)}
    any_data = any(row.value(view.measure) for row in data.villages)
    context = {
        "view": view,
        "pick": pick,
        "data": data,
        "query": query(request),
        "any_data": any_data,
        "charts": charts.district_charts(rows_by, measure=view.measure, rates=view.shows_rates) if any_data else {},
        "sector_labels": {key: reference.label(d.DIM_SECTOR, key) for key in data.sectors},
    }
    return render(request, "coverage/district.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    board, _error = _board(request)
    content = exports.workbook(exports.dashboard_sheets(board))
    day = board.pick.as_of.isoformat() if board.pick.as_of else "kosong"
    return xlsx_response(content, f"cakupan-{board.view.region.code}-{day}.xlsx")


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """Queue a recomputation of the region's figures (coordinator, admin)."""
    scope = scope_for(request.user)
    regions = coverage_regions(user=request.user)
    if scope is None or not regions:
        raise Http404
    if scope.role not in REFRESH_ROLES:
        refuse(request, _("Hanya koordinator kota dan administrator yang menghitung ulang cakupan."))
    region = next((r for r in regions if r.code == request.POST.get("wilayah")), regions[0] if regions else None)
    if region is None:
        raise Http404
    coverage_refresh_later(region.pk)
    messages.success(
        request,
        _("Penghitungan ulang cakupan %(region)s masuk antrean; angka diperbarui dalam beberapa menit.")
        % {"region": region.name},
    )
    return redirect("coverage_dashboard")
