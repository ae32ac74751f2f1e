"""Scope rules of the billing models: region-wide roles see their regions, a payer sees its own account."""

from __future__ import annotations

from django.db.models import Q

from lindung.billing.models import (
    Allocation,
    BillingAccount,
    BillingRun,
    Invoice,
    LateFine,
    Line,
    Receipt,
    ReferenceSet,
    StatementImport,
    StatementImportJob,
)
from lindung.core.roles import Role
from lindung.core.scoping import Scope, scope_rule
from lindung.registry.models import Membership

_REGION_WIDE = {Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER}
_BRANCH = {Role.AUDITOR, Role.BRANCH_OFFICER}


def _account_q(scope: Scope, prefix: str = "") -> Q | None:
    """An account: the region for region-wide roles, the employers of an agency, the employer, the worker."""
    if scope.role in _REGION_WIDE:
        return Q(**{f"{prefix}region__in": scope.region_ids})
    if scope.role == Role.AGENCY_OFFICER:
        return Q(**{f"{prefix}employer__agency": scope.agency_id})
    if scope.role == Role.EMPLOYER:
        return Q(**{f"{prefix}employer": scope.employer_id})
    if scope.role == Role.WORKER:
        return Q(**{f"{prefix}worker": scope.worker_id})
    return None


@scope_rule(BillingAccount)
def account_scope(scope: Scope) -> Q | None:
    return _account_q(scope)


@scope_rule(Invoice)
def invoice_scope(scope: Scope) -> Q | None:
    return _account_q(scope, "account__")


@scope_rule(LateFine)
def late_fine_scope(scope: Scope) -> Q | None:
    return _account_q(scope, "account__")


@scope_rule(Allocation)
def allocation_scope(scope: Scope) -> Q | None:
    return _account_q(scope, "invoice__account__")


@scope_rule(Line)
def line_scope(scope: Scope) -> Q | None:
    """A worker also sees its own lines on its employer's invoice (its contributions)."""
    if scope.role == Role.WORKER:
        own = Membership.objects.filter(worker=scope.worker_id).values("pk")
        return Q(account__worker=scope.worker_id) | Q(membership_id__in=own)
    return _account_q(scope, "account__")


@scope_rule(Receipt)
def receipt_scope(scope: Scope) -> Q | None:
    """Receipts in suspense belong to no payer yet: only the branch (and auditors) see them."""
    if scope.role in _BRANCH:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.COORDINATOR:
        return Q(region__in=scope.region_ids, account__isnull=False)
    return _account_q(scope, "account__")


@scope_rule(BillingRun)
def run_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    return None


@scope_rule(StatementImport)
@scope_rule(StatementImportJob)
def statement_scope(scope: Scope) -> Q | None:
    if scope.role in _BRANCH:
        return Q(region__in=scope.region_ids)
    return None


@scope_rule(ReferenceSet)
def refset_scope(scope: Scope) -> Q | None:
    """The parameters a month was billed with are public law: every role with a scope reads them."""
    return Q()
