"""The enrolment funnel of socialisation events: attendees → registered → first paid → active after 3 and 6 months.

A registration counts for an event when it named the event's code (stored as an ``EventAttribution``), or
when the worker's NIK matches an attendee's and the membership starts within ``ATTRIBUTION_WINDOW_DAYS`` after
the event. A person who attended several events is credited to the last one before registering (last touch),
so that totals over an agency or a period never count a registration twice. Payment and activity come from
:mod:`lindung.partnership.attribution`, which billing can answer without changes here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from lindung.core.scoping import scoped
from lindung.partnership.attribution import PaymentEvidence, payment_evidence
from lindung.partnership.models import Attendee, Event, EventAttribution, EventOrganiser
from lindung.registry.models import Membership

ATTRIBUTION_WINDOW_DAYS = 180
_FIELDS = ("pk", "worker_id", "worker__name", "worker__nik_masked", "segment", "valid_from", "valid_to")


@dataclass(frozen=True)
class Registration:
    membership_id: int
    worker_id: int
    worker_name: str
    nik_masked: str
    segment: str
    valid_from: dt.date
    valid_to: dt.date | None
    event_id: int
    via: str  # "code" or "nik"


@dataclass(frozen=True)
class FunnelMember:
    registration: Registration
    first_paid: dt.date | None
    active_3m: bool | None  # None: registered less than 3 months ago, too early to tell
    active_6m: bool | None


@dataclass
class Funnel:
    events: int = 0
    attendance: int = 0
    recorded: int = 0
    registered: int = 0
    first_paid: int = 0
    active_3m: int = 0
    eligible_3m: int = 0
    active_6m: int = 0
    eligible_6m: int = 0
    cost: int | None = None
    active_3m_costed: int = 0
    members: list[FunnelMember] = field(default_factory=list)

    @property
    def cost_per_active(self) -> int | None:
        """Known event cost per member still active after 3 months (events without a known cost left out)."""
        if self.cost is None or not self.active_3m_costed:
            return None
        return round(self.cost / self.active_3m_costed)

    @property
    def conversion_pct(self) -> float | None:
        return round(100 * self.registered / self.attendance, 1) if self.attendance else None

    @property
    def paying_members(self) -> list[FunnelMember]:
        return [m for m in self.members if m.first_paid is not None]


@dataclass
class FunnelReport:
    total: Funnel
    by_event: dict[int, Funnel]
    evidence_label: str
    is_proxy: bool


def _row(values: tuple[Any, ...], event_id: int, via: str) -> Registration:
    pk, worker_id, name, nik_masked, segment, valid_from, valid_to = values
    return Registration(pk, worker_id, name, nik_masked, segment, valid_from, valid_to, event_id, via)


def _last_touch(nik_events: list[tuple[dt.date, int]], start: dt.date) -> int | None:
    window = dt.timedelta(days=ATTRIBUTION_WINDOW_DAYS)
    touched = [(held, pk) for held, pk in nik_events if held <= start <= held + window]
    return max(touched)[1] if touched else None


def registrations_attributed(*, user: Any, events: QuerySet[Event]) -> list[Registration]:
    """Registrations (within the user's scope) credited to ``events``; one per worker and event, the earliest."""
    # A row that continues an earlier one (wage change, move of employer) is not a new registration.
    memberships = scoped(Membership.objects.filter(previous__isnull=True), user)
    event_ids = set(events.values_list("pk", flat=True))
    found = [
        _row(values[1:], values[0], "code")
        for values in memberships.filter(event_attribution__event__in=event_ids)
        .values_list("event_attribution__event_id", *_FIELDS)
        .order_by("valid_from", "pk")
    ]
    attendees = Attendee.objects.filter(event__in=event_ids).values("nik_index")
    # Last touch looks at every event a person attended, so each registration is credited once, everywhere.
    touches: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for nik_index, held_on, event_id in Attendee.objects.filter(nik_index__in=attendees).values_list(
        "nik_index", "event__held_on", "event_id"
    ):
        touches[nik_index].append((held_on, event_id))
    # NOT EXISTS rather than a LEFT JOIN … IS NULL: PostgreSQL plans it as an anti join with sane estimates (the
    # left join was estimated at one row and read the attendees once per membership of the region).
    coded = EventAttribution.objects.filter(membership=OuterRef("pk"))
    candidates = memberships.filter(worker__nik_index__in=attendees).filter(~Exists(coded))
    for values in candidates.values_list("worker__nik_index", *_FIELDS).order_by("valid_from", "pk"):
        credited = _last_touch(touches[values[0]], values[6])
        if credited is not None and credited in event_ids:
            found.append(_row(values[1:], credited, "nik"))
    seen: set[tuple[int, int]] = set()
    unique = []
    for reg in sorted(found, key=lambda r: (r.valid_from, r.membership_id)):
        if (reg.worker_id, reg.event_id) not in seen:
            seen.add((reg.worker_id, reg.event_id))
            unique.append(reg)
    return unique


def _fill(funnel: Funnel, members: Iterable[FunnelMember], costed: bool) -> Funnel:
    for member in members:
        funnel.members.append(member)
        funnel.registered += 1
        funnel.first_paid += member.first_paid is not None
        funnel.eligible_3m += member.active_3m is not None
        funnel.active_3m += bool(member.active_3m)
        funnel.eligible_6m += member.active_6m is not None
        funnel.active_6m += bool(member.active_6m)
        funnel.active_3m_costed += bool(member.active_3m) and costed
    return funnel


def funnel_report(
    *, user: Any, events: QuerySet[Event], as_of: dt.date, evidence: PaymentEvidence | None = None,
    payments: bool = True,
) -> FunnelReport:  # fmt: skip
    """The funnel of each event in ``events`` (already scoped by the caller) and of all of them together.

    ``payments=False`` stops at the registrations: first payment and activity are not asked of the evidence
    (they stay 0 and None), for a page that shows only events, attendance and registrations."""
    rows = list(events.values_list("pk", "attendance", "cost"))
    recorded = dict(
        Attendee.objects.filter(event__in=[pk for pk, *_ in rows])
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    registrations = [r for r in registrations_attributed(user=user, events=events) if r.valid_from <= as_of]
    ids = [r.membership_id for r in registrations]
    evidence = evidence or payment_evidence()
    paid: dict[int, dt.date] = {}
    after_3: dict[int, bool] = {}
    after_6: dict[int, bool] = {}
    if payments:
        paid = evidence.first_paid(ids, as_of=as_of)
        after_3 = evidence.active_after(ids, months=3, as_of=as_of)
        after_6 = evidence.active_after(ids, months=6, as_of=as_of)
    members_of: dict[int, list[FunnelMember]] = defaultdict(list)
    for reg in registrations:
        member = FunnelMember(reg, paid.get(reg.membership_id), after_3.get(reg.membership_id),
                              after_6.get(reg.membership_id))  # fmt: skip
        members_of[reg.event_id].append(member)
    total = Funnel()
    by_event: dict[int, Funnel] = {}
    for pk, attendance, cost in rows:
        funnel = _fill(Funnel(events=1, attendance=attendance, recorded=recorded.get(pk, 0), cost=cost),
                       members_of.get(pk, []), costed=cost is not None)  # fmt: skip
        by_event[pk] = funnel
        _fill(total, funnel.members, costed=cost is not None)
        total.events += 1
        total.attendance += attendance
        total.recorded += funnel.recorded
        if cost is not None:
            total.cost = (total.cost or 0) + cost
    return FunnelReport(total, by_event, str(evidence.label), evidence.is_proxy)


def event_funnel(*, user: Any, event: Event, as_of: dt.date) -> FunnelReport:
    return funnel_report(user=user, events=Event.objects.filter(pk=event.pk), as_of=as_of)


def events_in_period(*, user: Any, start: dt.date, end: dt.date, agency_id: int | None = None) -> QuerySet[Event]:
    events = scoped(Event.objects.all(), user).filter(held_on__gte=start, held_on__lte=end)
    if agency_id is not None:
        events = events.filter(pk__in=EventOrganiser.objects.filter(agency_id=agency_id).values("event_id"))
    return events.order_by("-held_on", "-pk")
