"""Gap lists (lowest kelurahan and sectors, PDS suspects, lapsing members), their XLSX, and assigning them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindung.core.models import Agency
from lindung.core.scoping import scoped
from lindung.coverage import exports
from lindung.coverage.selectors.figures import coverage_figures, coverage_snapshot_pick
from lindung.coverage.selectors.gaps import (
    PAGE_ROWS,
    gap_employers,
    gap_lapsing_ids,
    gap_sectors,
    gap_villages,
    lapsing_members,
    open_followups,
)
from lindung.coverage.selectors.reference import coverage_reference
from lindung.coverage.selectors.view import ASSIGN_REFUSAL, coverage_view
from lindung.coverage.services import followup_assign
from lindung.coverage.views.common import as_of_param, query, refuse, safe_next, xlsx_response

KINDS = {
    "kelurahan": gettext_lazy("Kelurahan terendah"),
    "sektor": gettext_lazy("Sektor terendah"),
    "pds": gettext_lazy("Indikasi PDS"),
    "menunggak": gettext_lazy("Peserta menunggak"),
}
FOLLOWUP_KIND = {"kelurahan": "village", "sektor": "sector", "pds": "employer", "menunggak": "membership"}


def _rows(kind: str, request: HttpRequest, view: Any, as_of: dt.date | None) -> tuple[list[Any] | None, Any]:
    """The list of ``kind`` (None: its data is not available) and the snapshot it was read from."""
    pick = coverage_snapshot_pick(user=request.user, region=view.region, as_of=as_of)
    if kind in {"kelurahan", "sektor"}:
        reference = coverage_reference(user=request.user, region=view.region)
        if kind == "sektor":
            return list(gap_sectors(view=view, pick=pick, reference=reference)), pick
        return gap_villages(coverage_figures(view=view, pick=pick, reference=reference)), pick
    if kind == "pds":
        return list(gap_employers(user=request.user, region=view.region)), pick
    # Ids only: a page loads the members it shows (``_page``), an export all of them.
    return gap_lapsing_ids(user=request.user, region=view.region, as_of=as_of or timezone.localdate()), pick


def _page(kind: str, rows: list[Any], number: str | None) -> Any:
    page = Paginator(rows, PAGE_ROWS).get_page(number)
    if kind == "menunggak":
        page.object_list = lapsing_members(list(page.object_list))
    return page


def _agency_options(agencies: list[Agency]) -> str:
    """The agency <option>s once, not once per row (a page has 50 rows and a city some 30 agencies)."""
    first = format_html('<option value="">{}</option>', _("Tugaskan ke…"))
    return first + format_html_join("", '<option value="{}">{}</option>', ((a.code, a.name[:40]) for a in agencies))


def _followups_of(request: HttpRequest, view: Any, kind: str) -> dict[str, list[Any]]:
    found = open_followups(user=request.user, region=view.region)
    return {subject: rows for (k, subject), rows in found.items() if k == kind}


def _export(kind: str, rows: list[Any], region_code: str) -> HttpResponse:
    builders: dict[str, Callable[[Any], exports.Sheet]] = {
        "kelurahan": exports.village_gap_sheet,
        "sektor": exports.sector_gap_sheet,
        "pds": exports.employer_gap_sheet,
        "menunggak": exports.lapsing_sheet,
    }
    sheet = builders[kind](rows)
    return xlsx_response(exports.workbook([sheet]), f"kesenjangan-{kind}-{region_code}.xlsx")


@login_required
def gaps(request: HttpRequest, kind: str = "kelurahan") -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    as_of, date_error = as_of_param(request)
    view = coverage_view(user=request.user, region_code=request.GET.get("wilayah", ""))
    if view is None:
        raise Http404
    rows, pick = _rows(kind, request, view, as_of)
    agencies = list(scoped(Agency.objects.filter(region=view.region), request.user)) if view.can_assign else []
    if request.GET.get("format") == "xlsx" and rows is not None:
        return _export(kind, lapsing_members(rows) if kind == "menunggak" else rows, view.region.code)
    if date_error:
        messages.warning(request, date_error)
    context = {
        "view": view,
        "kind": kind,
        "kinds": KINDS,
        "pick": pick,
        "available": rows is not None,
        "page": _page(kind, rows or [], request.GET.get("halaman")),
        "total": len(rows or []),
        "followups": _followups_of(request, view, FOLLOWUP_KIND[kind]),
        "followup_kind": FOLLOWUP_KIND[kind],
        "query": query(request),
        "agencies": agencies,
        "agency_options": _agency_options(agencies),
        "regions": view.regions,
    }
    return render(request, "coverage/gaps.html", context)


@login_required
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    """Hand one gap to an agency (coordinator, branch officer, admin)."""
    view = coverage_view(user=request.user, region_code=request.POST.get("wilayah", ""))
    if view is None:
        raise Http404
    if not view.can_assign:
        refuse(request, _(ASSIGN_REFUSAL))
    agency = (
        scoped(Agency.objects.filter(region=view.region), request.user).filter(code=request.POST.get("agency")).first()
    )
    back = safe_next(request, reverse("coverage_gaps"))
    if agency is None:
        messages.error(request, _("Pilih perangkat daerah yang akan menindaklanjuti."))
        return redirect(back)
    due_on = _date(request.POST.get("due_on", ""))
    try:
        followup_assign(
            user=request.user,
            region=view.region,
            kind=request.POST.get("kind", ""),
            subject_key=request.POST.get("subject", "")[:40],
            agency=agency,
            note=request.POST.get("note", "")[:1000],
            due_on=due_on,
            figure=request.POST.get("figure", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        refuse(request, _(ASSIGN_REFUSAL))
    else:
        messages.success(request, _("Ditugaskan kepada %(agency)s.") % {"agency": agency.name})
    return redirect(back)


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
