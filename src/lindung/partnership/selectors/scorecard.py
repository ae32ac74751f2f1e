"""The agency scorecard: PKS status, targets against what was reached (enrolled, paying, events), by month.

A new membership (not the continuation of an earlier row) counts for an agency when the agency is its
attributed agency or the agency responsible for its employer: the same memberships an officer of that agency
sees. Targets are those of the agency's PKS (any
status) whose period overlaps the year. A fixed number of queries, whatever the number of agencies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from lindung.core.models import Agency
from lindung.core.scoping import scoped
from lindung.partnership import lifecycle
from lindung.partnership.attribution import PaymentEvidence, payment_evidence
from lindung.partnership.models import Event, EventOrganiser, Pks, PksTarget
from lindung.registry.models import Membership

SORT_KEYS = ("name", "status", "enrolled", "paying", "pct", "events")
SPARK = "▁▂▃▄▅▆▇█"


@dataclass
class ScorecardRow:
    agency: Agency
    pks: Pks | None = None
    target_workers: int = 0
    target_events: int = 0
    budget: int = 0
    enrolled: int = 0
    paying: int = 0
    events_held: int = 0
    events_planned: int = 0
    trend: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def status(self) -> str:
        return self.pks.status if self.pks else ""

    @property
    def status_label(self) -> str:
        return lifecycle.label(self.pks.status) if self.pks else ""

    @property
    def badge(self) -> str:
        return lifecycle.badge(self.pks.status) if self.pks else "light"

    @property
    def pct_enrolled(self) -> float | None:
        return round(100 * self.enrolled / self.target_workers, 1) if self.target_workers else None

    @property
    def pct_events(self) -> float | None:
        return round(100 * self.events_held / self.target_events, 1) if self.target_events else None

    @property
    def sparkline(self) -> str:
        top = max(self.trend) or 1
        return "".join(SPARK[min(7, round(7 * n / top))] for n in self.trend)


def _year_bounds(year: int, as_of: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return start, end, min(end, as_of)


def _agencies(user: Any, agency_id: int | None) -> list[Agency]:
    agencies = scoped(Agency.objects.all(), user)
    if agency_id is not None:
        return list(agencies.filter(pk=agency_id))
    return list(agencies.filter(Q(in_mou=True) | Q(pk__in=Pks.objects.values("agency_id"))).order_by("name"))


def _current_pks(user: Any, ids: list[int]) -> dict[int, Pks]:
    """The PKS still running for each agency, else its latest."""
    current: dict[int, Pks] = {}
    for pks in scoped(Pks.objects.filter(agency__in=ids), user).order_by("created_at", "pk"):
        held = current.get(pks.agency_id)
        if held is None or pks.is_open or not held.is_open:
            current[pks.agency_id] = pks
    return current


def _fill_targets(rows: dict[int, ScorecardRow], user: Any, start: dt.date, end: dt.date) -> None:
    targets = (
        scoped(PksTarget.objects.filter(pks__agency__in=list(rows)), user)
        .filter(period_start__lte=end, period_end__gte=start)
        .values("pks__agency_id")
        .annotate(workers=Sum("workers"), events=Sum("events"), budget=Sum("budget"))
        .order_by()
    )
    for t in targets:
        row = rows[t["pks__agency_id"]]
        row.target_workers, row.target_events, row.budget = t["workers"], t["events"], t["budget"]


def _fill_enrolment(
    rows: dict[int, ScorecardRow], user: Any, start: dt.date, until: dt.date, as_of: dt.date,
    evidence: PaymentEvidence | None,
) -> None:  # fmt: skip
    enrolled = (
        scoped(Membership.objects.filter(previous__isnull=True), user)
        .filter(valid_from__gte=start, valid_from__lte=until)
        .annotate(agency_key=Coalesce("agency_id", "employer__agency_id"))
        .filter(agency_key__in=list(rows))
        .values_list("pk", "agency_key", "valid_from")
    )
    agency_of: dict[int, int] = {}
    for pk, agency_id, valid_from in enrolled:
        row = rows[agency_id]
        row.enrolled += 1
        row.trend[valid_from.month - 1] += 1
        agency_of[pk] = agency_id
    if evidence is None:
        return
    for pk in evidence.first_paid(list(agency_of), as_of=as_of):
        rows[agency_of[pk]].paying += 1


def _fill_events(rows: dict[int, ScorecardRow], user: Any, start: dt.date, end: dt.date, as_of: dt.date) -> None:
    events = scoped(Event.objects.all(), user).filter(held_on__gte=start, held_on__lte=end)
    counts = (
        EventOrganiser.objects.filter(event__in=events.values("pk"), agency__in=list(rows))
        .values("agency_id")
        .annotate(
            held=Count("event", filter=Q(event__held_on__lte=as_of), distinct=True),
            planned=Count("event", filter=Q(event__held_on__gt=as_of), distinct=True),
        )
        .order_by()
    )
    for c in counts:
        rows[c["agency_id"]].events_held, rows[c["agency_id"]].events_planned = c["held"], c["planned"]


def _sort_key(key: str) -> Any:
    keys = {
        "name": lambda r: r.agency.name.lower(),
        "status": lambda r: (lifecycle.RANK.get(r.status, -1), r.agency.name.lower()),
        "enrolled": lambda r: (r.enrolled, r.agency.name.lower()),
        "paying": lambda r: (r.paying, r.agency.name.lower()),
        "pct": lambda r: (r.pct_enrolled if r.pct_enrolled is not None else -1.0, r.agency.name.lower()),
        "events": lambda r: (r.events_held, r.agency.name.lower()),
    }
    return keys[key]


def agency_scorecard(
    *,
    user: Any,
    year: int,
    as_of: dt.date,
    sort: str = "name",
    agency_id: int | None = None,
    evidence: PaymentEvidence | None = None,
    paying: bool = True,
) -> list[ScorecardRow]:
    """One row per agency in the user's scope taking part in the partnership, sorted by ``sort`` ("-" = desc).
    A page that also shows a funnel passes the same ``evidence``, so that no registration is looked up twice.
    ``paying=False`` leaves ``paying`` at 0 without asking the payment evidence, for a caller that does not show
    it (the evidence pack): the year's registrations are the most expensive question of the scorecard."""
    start, end, until = _year_bounds(year, as_of)
    rows = {a.pk: ScorecardRow(agency=a) for a in _agencies(user, agency_id)}
    if not rows:
        return []
    for agency_key, pks in _current_pks(user, list(rows)).items():
        rows[agency_key].pks = pks
    _fill_targets(rows, user, start, end)
    _fill_enrolment(rows, user, start, until, as_of, (evidence or payment_evidence()) if paying else None)
    _fill_events(rows, user, start, end, as_of)
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    return sorted(rows.values(), key=_sort_key(key if key in SORT_KEYS else "name"), reverse=descending)


def scorecard_totals(rows: list[ScorecardRow]) -> ScorecardRow:
    total = ScorecardRow(agency=Agency(name="Total"))
    for row in rows:
        for name in ("target_workers", "target_events", "budget", "enrolled", "paying", "events_held"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.trend = [a + b for a, b in zip(total.trend, row.trend, strict=True)]
    return total


def status_counts(rows: list[ScorecardRow]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.status_label or "–"] += 1
    return dict(counts)
