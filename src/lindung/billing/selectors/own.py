"""What an employer or a worker sees first on their home page: their own protection and what they owe.

A worker: each membership (who pays, which programmes, since when, not yet started, active or ended) and the
newest month billed for them with the state of the invoice it is on (paid or not: a worker whose employer does
not pay is at risk of losing cover). An employer: its active workers, its open invoices, what is overdue and the PDS
signs of the last coverage refresh. Read within the user's scope only; counts and sums in the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Coalesce

from lindung.billing.models import BillingAccount, Invoice, InvoiceStatus
from lindung.billing.selectors.compliance import FLAG_LABELS
from lindung.billing.selectors.invoices import worker_contributions
from lindung.core.roles import Role
from lindung.core.scoping import scope_for, scoped
from lindung.coverage.models import EmployerCompliance
from lindung.registry.models import Membership
from lindung.registry.models.entities import mask_to_programs

UNPAID = (InvoiceStatus.OPEN, InvoiceStatus.PARTIAL)


@dataclass
class Owed:
    """A payer's invoices not yet paid: how many, how much, how much of it past due, the next due date."""

    invoices: int = 0
    amount: int = 0
    overdue: int = 0
    next_due: dt.date | None = None


@dataclass
class LastMonth:
    """The newest month billed for a worker, and the invoice it is on."""

    period: dt.date
    total: int
    invoice: Invoice | None


class MembershipState(StrEnum):
    """Where a membership stands on a day: cover starts on ``valid_from`` and ends after ``valid_to``."""

    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"


@dataclass
class OwnMembership:
    """One of a worker's memberships with its state on the day the page is shown."""

    membership: Membership
    state: MembershipState


@dataclass
class OwnSummary:
    role: str
    memberships: list[OwnMembership] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)  # of the active memberships, in the law's order
    last_month: LastMonth | None = None
    owed: Owed | None = None  # the user's own account (an employer, a worker paying for itself)
    active_workers: int | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def protected(self) -> bool:
        return bool(self.programs)


def _state(membership: Membership, today: dt.date) -> MembershipState:
    if membership.valid_from > today:  # registered ahead of its start: no cover yet
        return MembershipState.UPCOMING
    if membership.valid_to is not None and membership.valid_to < today:
        return MembershipState.ENDED
    return MembershipState.ACTIVE


def _active_q(today: dt.date) -> Q:
    return Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))


def _owed(accounts: Any, today: dt.date) -> Owed | None:
    if not accounts.exists():
        return None
    unpaid = Invoice.objects.filter(account__in=accounts, status__in=UNPAID)
    outstanding = F("amount_due") - F("paid_amount")
    sums = unpaid.aggregate(
        invoices=Count("pk"),
        amount=Coalesce(Sum(outstanding), 0),
        overdue=Coalesce(Sum(outstanding, filter=Q(due_date__lt=today)), 0),
        next_due=Min("due_date", filter=Q(due_date__gte=today)),
    )
    return Owed(
        invoices=sums["invoices"], amount=int(sums["amount"]), overdue=int(sums["overdue"]), next_due=sums["next_due"]
    )


def _last_month(user: Any) -> LastMonth | None:
    line = worker_contributions(user=user).order_by("-covers_period", "-run_id").first()
    if line is None:
        return None
    invoice = Invoice.objects.filter(account_id=line.account_id, run_id=line.run_id).first()
    return LastMonth(period=line.covers_period, total=line.total, invoice=invoice)


def own_summary(*, user: Any, today: dt.date) -> OwnSummary | None:
    """The home page's own section of an employer or a worker; None for every other role."""
    scope = scope_for(user)
    if scope is None or scope.role not in {Role.EMPLOYER, Role.WORKER}:
        return None
    own_id = scope.worker_id if scope.role == Role.WORKER else scope.employer_id
    if own_id is None:  # a role without its scope sees nothing (``scope_for``)
        return None
    accounts = scoped(BillingAccount.objects.exclude(kind__in=["city_programme", "sponsor"]), user)
    summary = OwnSummary(role=scope.role, owed=_owed(accounts, today))
    if scope.role == Role.WORKER:
        rows = scoped(Membership.objects.select_related("employer"), user).filter(worker_id=own_id)
        newest = rows.order_by(F("valid_to").desc(nulls_first=True), "-valid_from")[:10]
        summary.memberships = [OwnMembership(m, _state(m, today)) for m in newest]
        mask = 0
        for row in summary.memberships:
            if row.state == MembershipState.ACTIVE:
                mask |= row.membership.programs
        summary.programs = mask_to_programs(mask)
        summary.last_month = _last_month(user)
    else:
        summary.active_workers = Membership.objects.filter(_active_q(today), employer_id=own_id).count()
        stored = EmployerCompliance.objects.filter(employer_id=own_id).first()
        summary.flags = [str(FLAG_LABELS.get(r, r)) for r in (stored.reasons if stored else [])]
    return summary
