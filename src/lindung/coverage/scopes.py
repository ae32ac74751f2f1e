"""Scope rules of the coverage models.

Region-wide roles (coordinator, auditor, BPJS branch officer) see every figure of their regions. An agency
officer sees the figures of the persons its agency reaches, and of the city only the totals and the sectors
(the coverage of its own sector, by kecamatan); it sees the follow-ups handed to its agency and no report.
Employers and workers see none of it. Aggregates hold counts only, never a person.
"""

from __future__ import annotations

from django.db.models import Q

from lindung.core.roles import Role
from lindung.core.scoping import Scope, scope_rule
from lindung.coverage.dimensions import DIM_SECTOR, DIM_TOTAL, SLICE_AGENCY, SLICE_DISTRICT, SLICE_REGION
from lindung.coverage.models import (
    CoverageFigure,
    CoverageReport,
    CoverageReportJob,
    CoverageSnapshot,
    CoverageTarget,
    EmployerCompliance,
    FollowUp,
)

_REGION_WIDE = {Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER}


def region_wide(scope: Scope | None, region_id: int) -> bool:
    """Whether ``scope`` sees every membership of the region (the admin, or a region-wide role of it)."""
    if scope is None:
        return False
    return scope.is_admin or (scope.role in _REGION_WIDE and region_id in scope.region_ids)


@scope_rule(CoverageSnapshot)
def snapshot_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(region__agencies=scope.agency_id)
    return None


@scope_rule(CoverageFigure)
def figure_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(snapshot__region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        own = Q(slice_kind=SLICE_AGENCY, slice_key=str(scope.agency_id))
        city = Q(slice_kind__in=[SLICE_REGION, SLICE_DISTRICT], dimension__in=[DIM_TOTAL, DIM_SECTOR])
        return Q(snapshot__region__agencies=scope.agency_id) & (own | city)
    return None


@scope_rule(EmployerCompliance)
def compliance_scope(scope: Scope) -> Q | None:
    # The same employers the registry shows: the region's, or those an agency is responsible for.
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(employer__agency=scope.agency_id)
    return None


@scope_rule(FollowUp)
def followup_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(agency=scope.agency_id)
    return None


@scope_rule(CoverageReport)
def report_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    return None


@scope_rule(CoverageTarget)
def target_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    return None


@scope_rule(CoverageReportJob)
def report_job_scope(scope: Scope) -> Q | None:
    # Who reads the reports follows their making.
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    return None
