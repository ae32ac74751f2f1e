"""Scope rules of employers, workers, memberships, import jobs and duplicate reviews."""

from __future__ import annotations

from django.db.models import Q

from lindung.core.roles import Role
from lindung.core.scoping import Scope, scope_rule
from lindung.registry.models import (
    DuplicateCandidate,
    Employer,
    ImportIssue,
    ImportJob,
    Membership,
    MergeJournal,
    Worker,
)

_REGION_WIDE = {Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER}


@scope_rule(Employer)
def employer_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(agency=scope.agency_id)
    if scope.role == Role.EMPLOYER:
        return Q(pk=scope.employer_id)
    if scope.role == Role.WORKER:
        return Q(pk__in=Membership.objects.filter(worker=scope.worker_id).values("employer"))
    return None


@scope_rule(Worker)
def worker_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        reached = Membership.objects.filter(Q(agency=scope.agency_id) | Q(employer__agency=scope.agency_id))
        return Q(proposed_by_agency=scope.agency_id) | Q(pk__in=reached.values("worker"))
    if scope.role == Role.EMPLOYER:
        members = Membership.objects.filter(employer=scope.employer_id).values("worker")
        return Q(registered_by_employer=scope.employer_id) | Q(pk__in=members)
    if scope.role == Role.WORKER:
        return Q(pk=scope.worker_id)
    return None


@scope_rule(Membership)
def membership_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(worker__region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(agency=scope.agency_id) | Q(employer__agency=scope.agency_id)
    if scope.role == Role.EMPLOYER:
        return Q(employer=scope.employer_id)
    if scope.role == Role.WORKER:
        return Q(worker=scope.worker_id)
    return None


def _import_job_q(scope: Scope, prefix: str = "") -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(**{f"{prefix}region__in": scope.region_ids})
    if scope.role == Role.AGENCY_OFFICER:
        return Q(**{f"{prefix}agency": scope.agency_id})
    if scope.role == Role.EMPLOYER:
        return Q(**{f"{prefix}employer": scope.employer_id})
    return None


@scope_rule(ImportJob)
def import_job_scope(scope: Scope) -> Q | None:
    """Region-wide roles see the region's imports; an agency or an employer sees the lists sent for it."""
    return _import_job_q(scope)


@scope_rule(ImportIssue)
def import_issue_scope(scope: Scope) -> Q | None:
    return _import_job_q(scope, "job__")


# Reviewing duplicates compares two people's records side by side: region-wide roles only.
@scope_rule(DuplicateCandidate)
def duplicate_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(worker_a__region__in=scope.region_ids, worker_b__region__in=scope.region_ids)
    return None


@scope_rule(MergeJournal)
def merge_journal_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(survivor__region__in=scope.region_ids)
    return None
