"""Partnership: the agency scorecard, PKS and their steps, events and their funnel, attribution by event code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from lindung.api.params import Year
from lindung.core.models import Agency
from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.partnership import permissions, services
from lindung.partnership.models import Event, Pks
from lindung.partnership.selectors import agreements, funnel, reminders, scorecard
from lindung.registry.models import Membership
from lindung.web.refusals import refusal

router = Router(tags=["partnership"])


class ScorecardOut(Schema):
    agency_id: int
    agency: str
    pks_id: int | None
    pks_status: str
    target_workers: int
    enrolled: int
    paying: int
    target_events: int
    events_held: int
    budget: int
    trend: list[int]


class PksOut(Schema):
    id: int
    agency_id: int
    number: str
    title: str
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class StepIn(Schema):
    """A note or number longer than the step keeps is refused (422), as on the page, rather than cut."""

    to_status: str
    note: str = Field("", max_length=300)
    signed_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    number: str | None = Field(None, max_length=100)


class EventOut(Schema):
    code: str
    title: str
    held_on: dt.date
    attendance: int
    cost: int | None


class FunnelOut(Schema):
    attendance: int
    recorded: int
    registered: int
    first_paid: int
    active_3m: int
    eligible_3m: int
    active_6m: int
    eligible_6m: int
    cost: int | None
    cost_per_active: int | None
    payment_evidence: str
    is_proxy: bool


class AttributionIn(Schema):
    event_code: str
    membership_id: int


class ReminderOut(Schema):
    pks_id: int
    kind: str
    days: int
    message: str


class OfficerOut(Schema):
    id: int
    username: str
    name: str


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    sector: str
    stakeholder_groups: list[str]
    head_title: str
    liaison_officers: list[OfficerOut]


class AgencyIn(Schema):
    """Fields left out keep their value; ``liaison_officer_ids`` replaces the whole list when given."""

    name: str | None = None
    sector: str | None = None
    stakeholder_groups: list[str] | None = None
    head_title: str | None = None
    liaison_officer_ids: list[int] | None = None


def _year(year: int | None) -> tuple[int, dt.date]:
    today = timezone.localdate()
    year = year or today.year
    return year, min(today, dt.date(year, 12, 31))


@router.get("/partnership/scorecard", response=list[ScorecardOut])
def scorecard_list(request: HttpRequest, year: Year | None = None, sort: str = "name") -> list[dict[str, Any]]:
    year, as_of = _year(year)
    rows = scorecard.agency_scorecard(user=request.user, year=year, as_of=as_of, sort=sort)
    return [
        {"agency_id": r.agency.pk, "agency": r.agency.name, "pks_id": r.pks.pk if r.pks else None,
         "pks_status": r.status, "target_workers": r.target_workers, "enrolled": r.enrolled, "paying": r.paying,
         "target_events": r.target_events, "events_held": r.events_held, "budget": r.budget, "trend": r.trend}
        for r in rows
    ]  # fmt: skip


def _agency_out(agency: Agency) -> dict[str, Any]:
    officers = [{"id": u.pk, "username": u.get_username(), "name": u.get_full_name()}
                for u in agreements.liaison_officers(agency=agency)]  # fmt: skip
    return {"id": agency.pk, "code": agency.code, "name": agency.name, "sector": agency.sector,
            "stakeholder_groups": agency.stakeholder_groups, "head_title": agency.head_title,
            "liaison_officers": officers}  # fmt: skip


@router.get("/partnership/agencies/{pk}", response=AgencyOut)
def agency_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _agency_out(get_scoped_or_404(Agency.objects.all(), request.user, pk=pk))


@router.patch("/partnership/agencies/{pk}", response=AgencyOut)
def agency_update(request: HttpRequest, pk: int, payload: AgencyIn) -> dict[str, Any]:
    """Edit an agency and its liaison officers (the city coordinator); a refused change answers 400."""
    agency = get_scoped_or_404(Agency.objects.all(), request.user, pk=pk)
    if not permissions.can_manage(request.user):
        raise HttpError(
            403, refusal(request.user, _("Hanya koordinator kota yang dapat mengubah data perangkat daerah."))
        )
    officers = None
    if payload.liaison_officer_ids is not None:
        ids = set(payload.liaison_officer_ids)
        officers = list(get_user_model().objects.filter(pk__in=ids))
        if len(officers) != len(ids):
            raise HttpError(400, _("Pengguna tidak dikenal: periksa liaison_officer_ids."))
    changed = payload.dict(exclude_none=True, exclude={"liaison_officer_ids"})
    fields = {"name": agency.name, "sector": agency.sector, "stakeholder_groups": agency.stakeholder_groups,
              "head_title": agency.head_title, **changed}  # fmt: skip
    try:
        agency = services.agency_update(agency=agency, liaison_officers=officers, **fields)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return _agency_out(agency)


@router.get("/partnership/pks", response=list[PksOut])
def pks_list(request: HttpRequest) -> list[Pks]:
    return list(scoped(Pks.objects.all(), request.user).order_by("agency__name", "-created_at"))


@router.get("/partnership/pks/{pk}", response=PksOut)
def pks_get(request: HttpRequest, pk: int) -> Pks:
    return get_scoped_or_404(Pks.objects.all(), request.user, pk=pk)


@router.post("/partnership/pks/{pk}/steps", response={200: PksOut})
def pks_step(request: HttpRequest, pk: int, step: StepIn) -> Pks:
    """Take one lifecycle step; a step out of order answers 400 with the reason."""
    pks = get_scoped_or_404(Pks.objects.select_related("agency"), request.user, pk=pk)
    if not permissions.can_request_step(request.user, pks, step.to_status):
        raise HttpError(
            403,
            refusal(
                request.user,
                _(
                    "Langkah PKS ini bukan wewenang Anda: koordinator kota mengambil "
                    "langkah PKS; petugas perangkat daerah hanya mengirim draf PKS "
                    "dinasnya ke telaah hukum."
                ),
            ),
        )
    try:
        return services.pks_transition(pks=pks, user=request.user, **step.dict())
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc


@router.get("/partnership/reminders", response=list[ReminderOut])
def reminder_list(request: HttpRequest) -> list[dict[str, Any]]:
    due = reminders.pks_reminders(pks=scoped(Pks.objects.all(), request.user), today=timezone.localdate())
    return [{"pks_id": r.pks.pk, "kind": r.kind, "days": r.days, "message": r.message} for r in due]


@router.get("/partnership/events", response=list[EventOut])
def event_list(request: HttpRequest, year: Year | None = None) -> list[Event]:
    year, _as_of = _year(year)
    return list(funnel.events_in_period(user=request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)))


@router.get("/partnership/events/{code}/funnel", response=FunnelOut)
def event_funnel(request: HttpRequest, code: str) -> dict[str, Any]:
    event = get_scoped_or_404(Event.objects.all(), request.user, code=code)
    report = funnel.event_funnel(user=request.user, event=event, as_of=timezone.localdate())
    f = report.total
    return {"attendance": f.attendance, "recorded": f.recorded, "registered": f.registered,
            "first_paid": f.first_paid, "active_3m": f.active_3m, "eligible_3m": f.eligible_3m,
            "active_6m": f.active_6m, "eligible_6m": f.eligible_6m, "cost": f.cost,
            "cost_per_active": f.cost_per_active, "payment_evidence": report.evidence_label,
            "is_proxy": report.is_proxy}  # fmt: skip


@router.post("/partnership/attributions", response={201: dict})
def attribution_create(request: HttpRequest, payload: AttributionIn) -> Status[dict[str, Any]]:
    """Credit a registration to the event whose code the registrant gave (both must be in the caller's scope)."""
    event = get_scoped_or_404(Event.objects.select_related("region"), request.user, code=payload.event_code)
    membership = get_scoped_or_404(Membership.objects.select_related("worker"), request.user, pk=payload.membership_id)
    if not permissions.can_edit_event(request.user, event):
        raise HttpError(
            403,
            refusal(
                request.user,
                _(
                    "Hanya perangkat daerah penyelenggara acara, koordinator kota dan "
                    "petugas BPJS Ketenagakerjaan yang mengatribusikan pendaftaran."
                ),
            ),
        )
    try:
        attribution = services.event_attribute_registration(event=event, membership=membership, user=request.user)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return Status(201, {"id": attribution.pk, "event_code": event.code, "membership_id": membership.pk})
