"""Scope rules of the core models (reference data, profiles, audit log)."""

from __future__ import annotations

from django.db.models import Q

from lindung.core.models import Agency, AuditEntry, District, MinimumWage, Region, Village, WorkforceFigure
from lindung.core.roles import Role
from lindung.core.scoping import Scope, scope_rule

_REGION_ROLES = {Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER}


def _region_q(scope: Scope, path: str) -> Q | None:
    if scope.role in _REGION_ROLES and scope.region_ids:
        return Q(**{f"{path}__in": scope.region_ids})
    if scope.role == Role.AGENCY_OFFICER and scope.agency_id:
        return Q(**{f"{path}__agencies": scope.agency_id})
    return None


@scope_rule(Region)
def region_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_ROLES:
        return Q(pk__in=scope.region_ids) if scope.region_ids else Q(agencies=scope.agency_id)
    return None


@scope_rule(District)
def district_scope(scope: Scope) -> Q | None:
    if scope.role == Role.AGENCY_OFFICER:
        return Q(region__agencies=scope.agency_id)
    return _region_q(scope, "region")


@scope_rule(Village)
def village_scope(scope: Scope) -> Q | None:
    if scope.role == Role.AGENCY_OFFICER:
        return Q(district__region__agencies=scope.agency_id)
    return _region_q(scope, "district__region")


@scope_rule(WorkforceFigure)
def workforce_scope(scope: Scope) -> Q | None:
    if scope.role == Role.AGENCY_OFFICER:
        return Q(district__region__agencies=scope.agency_id)
    return _region_q(scope, "district__region")


@scope_rule(MinimumWage)
def minimum_wage_scope(scope: Scope) -> Q | None:
    if scope.role == Role.AGENCY_OFFICER:
        return Q(region__agencies=scope.agency_id)
    return _region_q(scope, "region")


@scope_rule(Agency)
def agency_scope(scope: Scope) -> Q | None:
    if scope.role == Role.AGENCY_OFFICER:
        return Q(pk=scope.agency_id)
    if scope.role in {Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER}:
        return Q(region__in=scope.region_ids)
    return None


@scope_rule(AuditEntry)
def audit_scope(scope: Scope) -> Q | None:
    # The audit log spans the whole installation; only auditors (and admins) read it.
    return Q() if scope.role == Role.AUDITOR else None
