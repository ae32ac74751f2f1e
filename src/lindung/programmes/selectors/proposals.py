"""Reads of proposals: lists with their row counts, whose turn it is, what is overdue, one proposal's rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from lindung.core.scoping import scoped
from lindung.programmes import permissions
from lindung.programmes.models import (
    NEXT_STEP,
    Programme,
    Proposal,
    ProposalRow,
    RowStatus,
    StepDecision,
    StepReminder,
)


def proposal_list(*, user: Any, status: str = "", programme: Programme | None = None) -> QuerySet[Proposal]:
    rows = scoped(Proposal.objects.select_related("programme", "agency", "created_by"), user)
    if status:
        rows = rows.filter(status=status)
    if programme is not None:
        rows = rows.filter(programme=programme)
    return rows.annotate(
        rows_total=Count("rows"),
        rows_pending=Count("rows", filter=Q(rows__status=RowStatus.PENDING)),
        rows_enrolled=Count("rows", filter=Q(rows__status=RowStatus.ENROLLED)),
        rows_rejected=Count("rows", filter=Q(rows__status=RowStatus.REJECTED)),
    ).order_by("-created_at", "-pk")


def status_counts(*, user: Any, programme: Programme) -> dict[str, int]:
    rows = scoped(Proposal.objects.filter(programme=programme), user)
    return dict(rows.values_list("status").annotate(n=Count("pk")).order_by())


def earlier_actors(proposal: Proposal) -> set[int]:
    """The proposer and everyone who took a step: none of them may take the next one (maker-checker)."""
    deciders = StepDecision.objects.filter(proposal=proposal).values_list("decided_by_id", flat=True)
    return {proposal.created_by_id, *deciders}


def can_decide(user: Any, proposal: Proposal) -> bool:
    """The user may take the proposal's next step: right office, and not the proposer or an earlier checker."""
    step = proposal.next_step
    if step is None or not permissions.can_take_step(user, step, proposal.programme):
        return False
    return user.pk not in earlier_actors(proposal)


def awaiting_user(*, user: Any) -> list[Proposal]:
    """Open proposals whose next step is this user's to take, oldest due first."""
    open_ones = proposal_list(user=user).filter(status__in=list(NEXT_STEP))
    found = [p for p in open_ones if permissions.can_take_step(user, str(p.next_step), p.programme)]
    if not found:
        return []
    decided = set(
        StepDecision.objects.filter(proposal__in=[p.pk for p in found], decided_by=user.pk).values_list(
            "proposal_id", flat=True
        )
    )
    mine = [p for p in found if p.created_by_id != user.pk and p.pk not in decided]
    return sorted(mine, key=lambda p: (p.step_due or dt.date.max, p.pk))


def overdue_by_step(*, user: Any, today: dt.date, programme: Programme | None = None) -> dict[str, int]:
    """Open proposals past their step's time limit, counted by the step they wait for."""
    rows = scoped(Proposal.objects.filter(status__in=list(NEXT_STEP), step_due__lt=today), user)
    if programme is not None:
        rows = rows.filter(programme=programme)
    return dict(Counter(NEXT_STEP[s] for s in rows.values_list("status", flat=True)))


def proposal_rows(*, user: Any, proposal: Proposal) -> QuerySet[ProposalRow]:
    rows = ProposalRow.objects.filter(proposal=proposal).select_related("worker__village__district", "membership")
    return scoped(rows, user).order_by("-priority_score", "pk")


def decisions(*, user: Any, proposal: Proposal) -> QuerySet[StepDecision]:
    return scoped(StepDecision.objects.filter(proposal=proposal).select_related("decided_by"), user)


@dataclass(frozen=True)
class LateStep:
    proposal: Proposal
    step: str
    days: int
    notified: list[str]  # who was told (user names), oldest first
    yours: bool  # the viewing user must take this step


def late_steps(*, user: Any, programme: Programme, today: dt.date) -> list[LateStep]:
    """The programme's open proposals past their step's time limit, most overdue first, with who was notified."""
    rows = scoped(Proposal.objects.filter(programme=programme, status__in=list(NEXT_STEP), step_due__lt=today), user)
    found = list(rows.select_related("programme", "agency").order_by("step_due", "pk"))
    reminders = StepReminder.objects.filter(proposal__in=[p.pk for p in found]).select_related("recipient")
    told: dict[tuple[int, str], list[str]] = {}
    for reminder in reminders.order_by("sent_at", "pk"):
        told.setdefault((reminder.proposal_id, reminder.step), []).append(reminder.recipient.get_username())
    out = []
    for p in found:
        step = str(p.next_step)
        out.append(LateStep(p, step, p.overdue_days(today), told.get((p.pk, step), []), can_decide(user, p)))
    return out
