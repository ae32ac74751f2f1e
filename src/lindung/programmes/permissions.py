"""Who may act in the programme. Seeing is the scope's job (``scopes.py``); this says who may do what.

The coordinator sets up programmes, runs the planner and refills freed slots. Agencies propose. Each later
step belongs to one office of the programme's region: the manpower office (or the coordinator) verifies, the
finance office confirms the budget, the BPJS branch confirms the enrolment. The administrator manages users and
reference data but takes no step in the chain (segregation of duties); auditors only read.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lindung.core.models import Agency
from lindung.core.roles import Role
from lindung.core.scoping import scope_for
from lindung.programmes.models import Programme, Step

_MANAGERS = {Role.COORDINATOR, Role.ADMIN}

#: Who takes each step, as a refusal names it.
STEP_OFFICE = {
    Step.VERIFY: gettext_noop("Disnaker (dinas tenaga kerja) atau koordinator kota wilayah program"),
    Step.BUDGET: gettext_noop("dinas keuangan (BPKAD) wilayah program"),
    Step.ENROL: gettext_noop("petugas cabang BPJS Ketenagakerjaan wilayah program"),
}


def user_office(user: Any) -> Agency | None:
    """The agency of an agency officer (cached on the user object for the request)."""
    scope = scope_for(user)
    if scope is None or scope.role != Role.AGENCY_OFFICER or scope.agency_id is None:
        return None
    if not hasattr(user, "_programme_agency"):
        user._programme_agency = Agency.objects.filter(pk=scope.agency_id).first()
    agency: Agency | None = user._programme_agency
    return agency


def can_manage(user: Any) -> bool:
    """Set up and edit programmes, run the planner, convert a scenario, refill a slot."""
    scope = scope_for(user)
    return scope is not None and scope.role in _MANAGERS


def can_propose(user: Any) -> bool:
    scope = scope_for(user)
    return scope is not None and scope.role in {Role.AGENCY_OFFICER, Role.COORDINATOR}


def can_propose_for(user: Any, agency: Agency) -> bool:
    """An agency officer proposes for its own agency; the coordinator for any agency of its region."""
    scope = scope_for(user)
    if scope is None:
        return False
    if scope.role == Role.AGENCY_OFFICER:
        return scope.agency_id == agency.pk
    return scope.role == Role.COORDINATOR and agency.region_id in scope.region_ids


def can_take_step(user: Any, step: str, programme: Programme) -> bool:
    """Whether the user's role and office may take ``step`` on a proposal of ``programme`` (not who went before)."""
    scope = scope_for(user)
    if scope is None or scope.read_only:
        return False
    region = programme.region_id
    office = user_office(user)
    in_region = office is not None and office.region_id == region
    if step == Step.VERIFY:
        if scope.role == Role.COORDINATOR:
            return region in scope.region_ids
        return in_region and office is not None and office.is_manpower_office
    if step == Step.BUDGET:
        return in_region and office is not None and office.is_finance_office
    if step == Step.ENROL:
        return scope.role == Role.BRANCH_OFFICER and region in scope.region_ids
    return False


def step_refusal(user: Any, step: str) -> str:
    """Why ``user`` may not take ``step``: by role first (an auditor reads), then whose step it is."""
    from lindung.web.refusals import role_refusal

    scope = scope_for(user)
    if scope is None or scope.read_only:
        return role_refusal(user)
    if scope.role == Role.ADMIN:
        return _("Administrator tidak mengambil langkah usulan (pemisahan tugas): langkah %(step)s diambil oleh "
                 "%(office)s.") % {"step": Step(step).label, "office": _(STEP_OFFICE[Step(step)])}  # fmt: skip
    return _("Langkah %(step)s bukan wewenang peran Anda (%(role)s): langkah ini diambil oleh %(office)s.") % {
        "step": Step(step).label, "role": scope.role.label, "office": _(STEP_OFFICE[Step(step)])}  # fmt: skip
