"""Reads of the registry, always through ``scoped()``: searches, histories, as-of views, compliance flags."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.http import Http404

from lindung.core import crypto
from lindung.core.models import Agency, AuditEntry, Region
from lindung.core.scoping import scope_for, scoped
from lindung.regions.nik import normalise_nik
from lindung.registry import rules_adapter
from lindung.registry.identifiers import name_key
from lindung.registry.models import (
    CandidateStatus,
    DuplicateCandidate,
    Employer,
    ImportJob,
    Membership,
    MergeJournal,
    Program,
    Worker,
)

SEARCH_LIMIT = 50
MIN_NAME_QUERY = 3


def active_on(queryset: QuerySet[Membership], day: dt.date) -> QuerySet[Membership]:
    """Memberships in force on ``day`` (the history as of any date)."""
    return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


def worker_search(*, user: Any, query: str) -> QuerySet[Worker]:
    """Workers matching a NIK (exact, by blind index), a KPJ number, or part of a name; nothing for no query."""
    text = query.strip()
    digits = normalise_nik(text)
    base = scoped(Worker.objects.select_related("village", "merged_into"), user)
    if re.fullmatch(r"\d{16}", digits):
        return base.filter(nik_index=crypto.blind_index(digits))
    if re.fullmatch(r"\d{11}", digits):
        return base.filter(kpj=digits)
    if len(text) < MIN_NAME_QUERY:
        return base.none()
    return base.filter(name_key__contains=name_key(text)).order_by("name", "pk")[:SEARCH_LIMIT]


def employer_search(*, user: Any, query: str) -> QuerySet[Employer]:
    text = query.strip()
    base = scoped(Employer.objects.select_related("agency"), user)
    digits = re.sub(r"[\s.\-/]", "", text)
    if digits.isdigit() and len(digits) >= 8:
        return base.filter(Q(npp=digits) | Q(nib=digits) | Q(npwp=digits))
    if len(text) < MIN_NAME_QUERY:
        return base.none()
    return base.filter(name__icontains=text).order_by("name", "pk")[:SEARCH_LIMIT]


def membership_search(*, user: Any, query: str, as_of: dt.date | None = None) -> QuerySet[Membership]:
    """Memberships of the workers (NIK, KPJ, name) or employers (NPP, name) matching ``query``."""
    workers = worker_search(user=user, query=query)
    employers = employer_search(user=user, query=query)
    worker_ids = list(workers.values_list("pk", flat=True))
    employer_ids = list(employers.values_list("pk", flat=True))
    if not worker_ids and not employer_ids:
        return Membership.objects.none()
    found = scoped(Membership.objects.select_related("worker", "employer"), user).filter(
        Q(worker__in=worker_ids) | Q(employer__in=employer_ids)
    )
    if as_of is not None:
        found = active_on(found, as_of)
    return found.order_by("-valid_from", "pk")[:SEARCH_LIMIT]


def worker_memberships(*, user: Any, worker: Worker, as_of: dt.date | None = None) -> QuerySet[Membership]:
    rows = scoped(Membership.objects.filter(worker=worker).select_related("employer", "agency"), user)
    return (active_on(rows, as_of) if as_of else rows).order_by("-valid_from", "-pk")


def employer_memberships(*, user: Any, employer: Employer, as_of: dt.date | None = None) -> QuerySet[Membership]:
    rows = scoped(Membership.objects.filter(employer=employer).select_related("worker"), user)
    return (active_on(rows, as_of) if as_of else rows.filter(valid_to__isnull=True)).order_by("worker__name", "pk")


def object_history(obj: Any, limit: int = 50) -> QuerySet[AuditEntry]:
    """The audit entries about one object the caller may already see (changes, NIK reveals, merges)."""
    return AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk)).order_by("-id")[:limit]


@dataclass(frozen=True)
class Compliance:
    required: list[str]
    reference: str
    active: int
    missing: int  # active memberships without every required programme


def employer_compliance(*, employer: Employer, day: dt.date) -> Compliance | None:
    """The programmes the employer's size requires and how many active members lack one (a flag, not a block)."""
    required, reference = rules_adapter.required_programs(employer.size, day)
    if required is None:
        return None
    mask = sum(Program[p].value for p in required)
    active = active_on(Membership.objects.filter(employer=employer), day)
    # JP is legitimately absent past pension age, so a row counts as missing only for the other programmes.
    base = mask & ~Program.JP.value
    missing = active.annotate(held=F("programs").bitand(base)).exclude(held=base).count()
    return Compliance(sorted(required), reference, active.count(), missing)


def import_jobs(*, user: Any) -> QuerySet[ImportJob]:
    return scoped(ImportJob.objects.select_related("employer", "agency", "uploaded_by"), user).order_by("-created_at")


def duplicate_candidates(*, user: Any, status: str = CandidateStatus.OPEN) -> QuerySet[DuplicateCandidate]:
    rows = DuplicateCandidate.objects.select_related("worker_a", "worker_b").filter(status=status)
    return scoped(rows, user).order_by("-found_at", "pk")


def merge_journal(*, user: Any) -> QuerySet[MergeJournal]:
    return scoped(MergeJournal.objects.select_related("survivor", "merged", "merged_by"), user).order_by("-merged_at")


def user_region(user: Any) -> Region:
    """The region a user's new records belong to: its own, its agency's or its employer's."""
    scope = scope_for(user)
    if scope is None:
        raise Http404
    if scope.region_ids:
        return Region.objects.get(pk=scope.region_ids[0])
    if scope.agency_id:
        return Agency.objects.select_related("region").get(pk=scope.agency_id).region
    if scope.employer_id:
        return Employer.objects.select_related("region").get(pk=scope.employer_id).region
    region = Region.objects.filter(code=settings.LINDUNG_REGION).first() or Region.objects.order_by("pk").first()
    if region is None:
        raise Http404
    return region


def user_agency(user: Any) -> Agency | None:
    scope = scope_for(user)
    return Agency.objects.get(pk=scope.agency_id) if scope is not None and scope.agency_id else None


def user_employer(user: Any) -> Employer | None:
    """The employer of an employer user (None for every other role)."""
    scope = scope_for(user)
    return Employer.objects.get(pk=scope.employer_id) if scope is not None and scope.employer_id else None
