"""Scope rules of the programme's models.

Region-wide roles (coordinator, auditor, BPJS branch officer) see the programme of their regions and every
proposal in it. An agency officer sees its region's programme and its own agency's proposals; the officers of
the manpower office (Disnaker) and the finance office (BPKAD) check every agency's proposals, so they see all
proposals of their region. A proposal row shows its worker's name and masked NIK to whoever sees the row: that
is what the reviewer checks. Scenarios are the coordinator's planning (auditors read them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lindung.core.models import Agency
from lindung.core.roles import Role
from lindung.core.scoping import Scope, scope_rule
from lindung.programmes.models import (
    DecileUploadJob,
    FundingShare,
    Programme,
    Proposal,
    ProposalRow,
    Replacement,
    Scenario,
    StepDecision,
)

_REGION_WIDE = {Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER}


def office_regions(agency_id: int | None) -> QuerySet[Any, Any]:
    """The region of the agency if it is the manpower or the finance office (a subquery: no repeated rows)."""
    offices = Agency.objects.filter(Q(is_manpower_office=True) | Q(is_finance_office=True))
    return offices.filter(pk=agency_id or 0).values("region")


def programme_q(scope: Scope, prefix: str = "") -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(**{f"{prefix}region__in": scope.region_ids})
    if scope.role == Role.AGENCY_OFFICER:
        return Q(**{f"{prefix}region__in": Agency.objects.filter(pk=scope.agency_id or 0).values("region")})
    return None


def proposal_q(scope: Scope, prefix: str = "") -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(**{f"{prefix}programme__region__in": scope.region_ids})
    if scope.role == Role.AGENCY_OFFICER:
        return Q(**{f"{prefix}agency": scope.agency_id}) | Q(
            **{f"{prefix}programme__region__in": office_regions(scope.agency_id)}
        )
    return None


@scope_rule(Programme)
def programme_scope(scope: Scope) -> Q | None:
    return programme_q(scope)


@scope_rule(FundingShare)
def funding_scope(scope: Scope) -> Q | None:
    return programme_q(scope, "programme__")


@scope_rule(Proposal)
def proposal_scope(scope: Scope) -> Q | None:
    return proposal_q(scope)


@scope_rule(ProposalRow)
def proposal_row_scope(scope: Scope) -> Q | None:
    return proposal_q(scope, "proposal__")


@scope_rule(StepDecision)
def step_decision_scope(scope: Scope) -> Q | None:
    return proposal_q(scope, "proposal__")


@scope_rule(Replacement)
def replacement_scope(scope: Scope) -> Q | None:
    """Slots are refilled by the coordinator and the manpower office; an agency sees its own members' slots."""
    if scope.role in _REGION_WIDE:
        return Q(programme__region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(ended_membership__agency=scope.agency_id) | Q(programme__region__in=office_regions(scope.agency_id))
    return None


@scope_rule(Scenario)
def scenario_scope(scope: Scope) -> Q | None:
    if scope.role in {Role.COORDINATOR, Role.AUDITOR}:
        return Q(region__in=scope.region_ids)
    return None


@scope_rule(DecileUploadJob)
def decile_upload_scope(scope: Scope) -> Q | None:
    """Decile uploads are the coordinator's (auditors read them); the jobs hold no NIK, only row numbers."""
    if scope.role in {Role.COORDINATOR, Role.AUDITOR}:
        return Q(region__in=scope.region_ids)
    return None
