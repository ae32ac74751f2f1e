"""Pages of socialisation events: the list with its funnel, a new event, one event down to its paying members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.core import crypto
from lindung.core.models import Agency
from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.partnership import permissions, services
from lindung.partnership.forms import (
    AttendeeForm,
    AttributionForm,
    EventForm,
    EventOutcomeForm,
    FollowUpForm,
    StyledForm,
)
from lindung.partnership.models import Attendee, Event
from lindung.partnership.selectors import funnel
from lindung.partnership.views.common import (
    UNKNOWN_FORM,
    as_of_for,
    home_region,
    id_param,
    require,
    run_service,
    today,
    year_param,
)
from lindung.regions.groups import group_label
from lindung.regions.nik import normalise_nik
from lindung.registry.models import Membership


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    year = year_param(request)
    agency_id = id_param(request.GET.get("perangkat", ""))
    events = funnel.events_in_period(user=request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31),
                                     agency_id=agency_id).select_related("village")  # fmt: skip
    report = funnel.funnel_report(user=request.user, events=events, as_of=as_of_for(year))
    page = Paginator(events.prefetch_related("organisers"), 50).get_page(request.GET.get("page"))
    for event in page:
        event.funnel = report.by_event.get(event.pk)  # type: ignore[attr-defined]
    context = {
        "page": page, "report": report, "year": year, "agency_id": agency_id,
        "agencies": scoped(Agency.objects.filter(event_links__isnull=False).distinct(), request.user).order_by("name"),
        "years": range(today().year, today().year - 4, -1), "can_create": permissions.can_run_events(request.user),
    }  # fmt: skip
    return render(request, "partnership/event_list.html", context)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_run_events(request.user))
    region = home_region(request.user)
    if region is None:
        raise Http404
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["organisers"] = list(data["organisers"])
        data["attendance"] = data["attendance"] or 0
        event = run_service(request, form, lambda: services.event_create(region=region, **data),
                            _("Acara disimpan. Bagikan kodenya kepada peserta."))  # fmt: skip
        if event is not None:
            return redirect("partnership_event", code=event.code)
    return render(request, "partnership/event_form.html", {"form": form})


def _event_forms() -> dict[str, Any]:
    return {"attendee_form": AttendeeForm(), "attribution_form": AttributionForm(), "outcome_form": None}


@login_required
def event_detail(request: HttpRequest, code: str) -> HttpResponse:
    event = get_scoped_or_404(Event.objects.select_related("region", "village__district"), request.user, code=code)
    editable = permissions.can_edit_event(request.user, event)
    forms = _event_forms()
    if request.method == "POST":
        require(editable)
        if _event_action(request, event, forms):
            return redirect("partnership_event", code=event.code)
    forms["outcome_form"] = forms["outcome_form"] or EventOutcomeForm(
        initial={"attendance": event.attendance, "cost": event.cost}
    )
    report = funnel.event_funnel(user=request.user, event=event, as_of=today())
    # a co-organiser outside the user's scope is named, not linked: its page would answer 404
    visible = scoped(Agency.objects.filter(event_links__event=event), request.user).values_list("pk", flat=True)
    context = {
        "event": event, "report": report, "funnel": report.total, "can_edit": editable,
        "organisers": event.organiser_links.select_related("agency").order_by("-is_lead", "agency__name"),
        "visible_agencies": set(visible),
        "attendees": scoped(event.attendees.all(), request.user), "audience_group": group_label(event.audience_group),
        "follow_up_form": FollowUpForm(), **forms,
    }  # fmt: skip
    return render(request, "partnership/event_detail.html", context)


EVENT_ACTIONS = frozenset({"attendee", "follow_up", "outcome", "attribution"})


def _event_action(request: HttpRequest, event: Event, forms: dict[str, Any]) -> bool:
    form: StyledForm
    action = request.POST.get("action", "")
    if action not in EVENT_ACTIONS:  # would land on the attribution form as a bare "required" error
        messages.error(request, UNKNOWN_FORM)
        return True
    if action == "attendee":
        form = forms["attendee_form"] = AttendeeForm(request.POST)
        return form.is_valid() and run_service(request, form, lambda: services.attendee_add(
            event=event, **form.cleaned_data), _("Peserta dicatat.")) is not None  # fmt: skip
    if action == "follow_up":
        attendee = get_scoped_or_404(
            Attendee.objects.filter(event=event), request.user, pk=request.POST.get("attendee")
        )
        follow = FollowUpForm(request.POST)
        follow.is_valid()
        run_service(request, None, lambda: services.attendee_follow_up(attendee=attendee,
                    follow_up=follow.cleaned_data.get("follow_up", ""), note=follow.cleaned_data.get("note", "")),
                    _("Tindak lanjut disimpan."))  # fmt: skip
        return True
    if action == "outcome":
        form = forms["outcome_form"] = EventOutcomeForm(request.POST)
        return form.is_valid() and run_service(request, form, lambda: services.event_update_outcome(
            event=event, **form.cleaned_data), _("Hasil acara disimpan.")) is not None  # fmt: skip
    form = forms["attribution_form"] = AttributionForm(request.POST)
    if not form.is_valid():
        return False
    membership = _registration_by_nik(request, event, form.cleaned_data["nik"])
    if membership is None:
        form.add_error("nik", _("Tidak ada pendaftaran sesudah acara untuk NIK ini dalam cakupan Anda."))
        return False
    done = run_service(
        request,
        form,
        lambda: services.event_attribute_registration(event=event, membership=membership, user=request.user),
        _("Pendaftaran diatribusikan ke acara."),
    )
    return done is not None


def _registration_by_nik(request: HttpRequest, event: Event, nik: str) -> Membership | None:
    """The first registration after the event of the worker with this NIK, looked up by its blind index."""
    memberships = scoped(Membership.objects.select_related("worker"), request.user)
    index = crypto.blind_index(normalise_nik(nik))
    return (
        memberships.filter(worker__nik_index=index, valid_from__gte=event.held_on, previous__isnull=True)
        .order_by("valid_from", "pk")
        .first()
    )
