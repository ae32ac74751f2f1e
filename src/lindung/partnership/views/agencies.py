"""The coordinator's overview: every agency with its PKS state and scorecard; one agency in detail."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.core.models import Agency
from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.partnership import exports, permissions, services
from lindung.partnership.attribution import payment_evidence
from lindung.partnership.forms import AgencyForm
from lindung.partnership.models import Pks
from lindung.partnership.selectors import agreements, funnel, periods, reminders, scorecard
from lindung.partnership.views.common import XLSX, as_of_for, attachment, require, run_service, year_param
from lindung.partnership.views.common import today as today_


@login_required
def scorecard_list(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    sort = request.GET.get("urut", "name")
    rows = scorecard.agency_scorecard(user=request.user, year=year, as_of=as_of_for(year), sort=sort)
    due = reminders.pks_reminders(pks=scoped(Pks.objects.all(), request.user), today=today_())
    context = {
        "rows": rows, "totals": scorecard.scorecard_totals(rows), "year": year, "sort": sort,
        "years": range(today_().year, today_().year - 4, -1), "reminders": due,
        "evidence": payment_evidence(), "can_manage": permissions.can_manage(request.user),
    }  # fmt: skip
    return render(request, "partnership/scorecard.html", context)


@login_required
def scorecard_export(request: HttpRequest) -> HttpResponse:
    """The scorecard as XLSX, made in the request: it takes well under a second (the PDF is queued)."""
    year = year_param(request)
    rows = scorecard.agency_scorecard(user=request.user, year=year, as_of=as_of_for(year),
                                      sort=request.GET.get("urut", "name"))  # fmt: skip
    content = exports.scorecard_xlsx(
        rows, year=year, as_of=as_of_for(year), evidence_label=str(payment_evidence().label)
    )
    return attachment(content, filename=f"kartu-skor-{year}.xlsx", content_type=XLSX)


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_scoped_or_404(Agency.objects.select_related("region"), request.user, pk=pk)
    year = year_param(request)
    as_of = as_of_for(year)
    evidence = payment_evidence()  # shared by the scorecard row and the funnel: each registration read once
    rows = scorecard.agency_scorecard(user=request.user, year=year, as_of=as_of, agency_id=agency.pk,
                                      evidence=evidence)  # fmt: skip
    events = funnel.events_in_period(user=request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31),
                                     agency_id=agency.pk)  # fmt: skip
    report = funnel.funnel_report(user=request.user, events=events, as_of=as_of, evidence=evidence)
    row = rows[0] if rows else scorecard.ScorecardRow(agency=agency)
    months = periods.month_labels(year)
    context = {
        "agency": agency, "row": row, "year": year,
        "years": range(today_().year, today_().year - 4, -1), "report": report,
        "event_rows": [(event, report.by_event[event.pk]) for event in events],
        "pks_list": agreements.pks_of_agency(user=request.user, agency=agency),
        "officers": agreements.liaison_officers(agency=agency), "groups": exports.group_names(agency),
        "can_edit": permissions.can_manage(request.user), "months": months,
        "charts": {"trend-chart": _trend_chart(row.trend, months)},
    }  # fmt: skip
    return render(request, "partnership/agency_detail.html", context)


@login_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_scoped_or_404(Agency.objects.all(), request.user, pk=pk)
    require(permissions.can_manage(request.user))
    officers = agreements.liaison_officers(agency=agency)
    initial = {"name": agency.name, "sector": agency.sector, "stakeholder_groups": agency.stakeholder_groups,
               "head_title": agency.head_title, "liaison_officers": officers}  # fmt: skip
    form = AgencyForm(request.POST or None, initial=initial,
                      candidates=agreements.liaison_candidates(agency=agency))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        done = run_service(request, form, lambda: services.agency_update(agency=agency, **form.cleaned_data),
                           _("Data perangkat daerah disimpan."))  # fmt: skip
        if done is not None:
            return redirect("partnership_agency", pk=agency.pk)
    return render(request, "partnership/agency_edit.html", {"agency": agency, "form": form})


def _trend_chart(trend: list[int], months: list[str]) -> dict[str, object]:
    """The monthly registrations as a chart spec for ``coverage/dashboard.js`` (its one Plotly configuration)."""
    bar = {"x": list(months), "y": list(trend), "type": "bar", "marker": {"color": "#0b6e4f"},
           "name": str(_("Terdaftar per bulan"))}  # fmt: skip
    return {"data": [bar], "layout": {"margin": {"t": 10, "r": 10, "b": 30, "l": 40}, "height": 220,
                                      "xaxis": {"type": "category"}}}  # fmt: skip
