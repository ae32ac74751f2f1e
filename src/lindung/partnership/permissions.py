"""Who may change what in the partnership (reading is decided by the scope rules in ``scopes.py``).

The coordinator runs the partnership: MoU, PKS steps, targets, the evidence pack. An agency officer drafts its
own agency's PKS (it may send the draft to legal review) and runs its agency's events. BPJS branch officers run
joint events and attribute registrations. Auditors only read.
"""

from __future__ import annotations

from typing import Any

from lindung.core.models import Agency
from lindung.core.roles import Role
from lindung.core.scoping import scope_for
from lindung.partnership.lifecycle import NEXT, PksStatus
from lindung.partnership.models import Event, Pks

_MANAGERS = {Role.COORDINATOR, Role.ADMIN}


def can_manage(user: Any) -> bool:
    """Coordinator or admin: MoU, PKS steps, targets, obligations, evidence pack, agency data."""
    scope = scope_for(user)
    return scope is not None and scope.role in _MANAGERS


def can_work_for_agency(user: Any, agency: Agency) -> bool:
    """Managers, or the officer of this agency (draft its PKS, its targets and obligations while in draft)."""
    scope = scope_for(user)
    if scope is None:
        return False
    return scope.role in _MANAGERS or (scope.role == Role.AGENCY_OFFICER and scope.agency_id == agency.pk)


def can_edit_pks_content(user: Any, pks: Pks) -> bool:
    """Targets and obligations: managers while the PKS is open; the agency's officer while it is a draft."""
    if not pks.is_open:
        return False
    if can_manage(user):
        return True
    return pks.status == PksStatus.DRAFT and can_work_for_agency(user, pks.agency)


def allowed_steps(user: Any, pks: Pks) -> list[str]:
    """The next PKS steps this user may take: all of them for managers, the send-to-review for the officer."""
    steps = list(NEXT[pks.status])
    if can_manage(user):
        return steps
    if can_work_for_agency(user, pks.agency):
        return [s for s in steps if s == PksStatus.IN_REVIEW]
    return []


def can_read_evidence(user: Any) -> bool:
    """The evidence pack is the city's submission: region-wide roles read it (see ``scopes.py``)."""
    scope = scope_for(user)
    return scope is not None and scope.role in {*_MANAGERS, Role.AUDITOR, Role.BRANCH_OFFICER}


def can_request_step(user: Any, pks: Pks, to_status: str) -> bool:
    """A step in order needs the right to take it; a step out of order is answered with its reason to anyone
    who may work on the PKS (and forbidden to the others)."""
    if to_status in NEXT[pks.status]:
        return to_status in allowed_steps(user, pks)
    return can_work_for_agency(user, pks.agency)


def can_run_events(user: Any) -> bool:
    scope = scope_for(user)
    return scope is not None and scope.role in {*_MANAGERS, Role.AGENCY_OFFICER, Role.BRANCH_OFFICER}


def can_edit_event(user: Any, event: Event) -> bool:
    """Managers and branch officers (joint events), or an officer of one of the organising agencies."""
    scope = scope_for(user)
    if scope is None:
        return False
    if scope.role in {*_MANAGERS, Role.BRANCH_OFFICER}:
        return True
    if scope.role == Role.AGENCY_OFFICER:
        return event.organiser_links.filter(agency_id=scope.agency_id or 0).exists()
    return False
