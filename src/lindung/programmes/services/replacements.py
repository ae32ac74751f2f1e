"""Replacement: a member who dies, moves away or becomes a formal employee frees a slot for the next in line.

``replacements_sync`` finds city-programme memberships that ended for one of those reasons during a running
programme and offers each slot to the best-ranked eligible worker not already offered one. It is idempotent
(one offer per ended membership), so it can run after each deactivation (the registry's hook, see
``tasks.replacements_sync_task``), from the replacements page, or nightly. The coordinator then proposes the
candidate (the proposal goes through the usual four steps) or skips them with a reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.core.audit import AuditNote, audit_record, audit_record_many, snapshot
from lindung.core.models import Agency, Region
from lindung.programmes import permissions
from lindung.programmes.models import (
    REPLACEMENT_REASONS,
    Programme,
    ProgrammeStatus,
    Replacement,
    ReplacementStatus,
)
from lindung.programmes.selectors.eligibility import ranked_ids, region_pool
from lindung.programmes.services.proposals import proposal_create
from lindung.registry.models import Membership, PayerKind

MIN_REASON = 5
REPLACEMENT = Replacement._meta.label


def _ranked(programme: Programme, today: dt.date) -> list[int]:
    return ranked_ids(programme=programme, workers=region_pool(programme), as_of=today)


def _offered(programme: Programme) -> set[int]:
    open_offers = Replacement.objects.filter(programme=programme, status=ReplacementStatus.OFFERED)
    return set(open_offers.filter(candidate__isnull=False).values_list("candidate_id", flat=True))


def _next_candidate(programme: Programme, today: dt.date, exclude: set[int]) -> int | None:
    taken = _offered(programme) | exclude
    return next((w for w in _ranked(programme, today) if w not in taken), None)


@transaction.atomic
def replacements_sync(*, region: Region, today: dt.date) -> int:
    """Offer a slot for every newly freed place in the region's running programmes; returns how many."""
    created: list[Replacement] = []
    for programme in Programme.objects.select_for_update().filter(region=region, status=ProgrammeStatus.ACTIVE):
        if today > programme.end:
            continue
        freed = list(Membership.objects.filter(
            payer_kind=PayerKind.CITY_PROGRAMME, worker__region=region, end_reason__in=REPLACEMENT_REASONS,
            valid_to__gte=programme.start, valid_to__lte=programme.end,
        ).exclude(pk__in=Replacement.objects.values("ended_membership")).order_by("valid_to", "pk"))  # fmt: skip
        if not freed:
            continue
        taken, ranked = _offered(programme), iter(_ranked(programme, today))
        for membership in freed:
            candidate = next((w for w in ranked if w not in taken), None)
            created.append(Replacement(
                programme=programme, ended_membership=membership, candidate_id=candidate,
                status=ReplacementStatus.OFFERED if candidate else ReplacementStatus.NO_CANDIDATE,
            ))  # fmt: skip
    # One multi-row insert and one chained audit entry per offer, as a save of each would record.
    Replacement.objects.bulk_create(created, batch_size=1_000)
    audit_record_many([AuditNote("create", REPLACEMENT, str(r.pk), after=snapshot(r)) for r in created])
    return len(created)


@transaction.atomic
def replacement_skip(*, replacement: Replacement, user: Any, reason: str, today: dt.date) -> Replacement:
    """Pass over the offered worker (with a reason) and offer the slot to the next in line."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    replacement = (
        Replacement.objects.select_for_update(of=("self",)).select_related("programme__region").get(pk=replacement.pk)
    )
    if replacement.status != ReplacementStatus.OFFERED or replacement.candidate_id is None:
        raise ValidationError(_("Penawaran ini sudah tidak terbuka."))
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _("Tuliskan alasan melewati calon ini.")})
    replacement.skipped = [*replacement.skipped, replacement.candidate_id]
    replacement.skip_reasons = [*replacement.skip_reasons, reason[:300]]
    replacement.candidate_id = _next_candidate(replacement.programme, today, set(replacement.skipped))
    if replacement.candidate_id is None:
        replacement.status = ReplacementStatus.NO_CANDIDATE
    replacement.save()
    return replacement


def _agency_for(replacement: Replacement) -> Agency:
    """The candidate's proposing agency, else the ended member's, else the region's manpower office."""
    candidate = replacement.candidate
    agency = (candidate.proposed_by_agency if candidate else None) or replacement.ended_membership.agency
    agency = agency or Agency.objects.filter(region=replacement.programme.region_id, is_manpower_office=True).first()
    if agency is None:
        raise ValidationError(_("Tidak ada perangkat daerah pengusul untuk calon ini."))
    return agency


@transaction.atomic
def replacement_propose(*, replacement: Replacement, user: Any, today: dt.date) -> Replacement:
    """Turn the offer into a one-worker proposal that goes through the usual checks."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    replacement = (
        Replacement.objects.select_for_update(of=("self",))
        .select_related("programme", "candidate__proposed_by_agency", "ended_membership__agency")
        .get(pk=replacement.pk)
    )
    if replacement.status != ReplacementStatus.OFFERED or replacement.candidate_id is None:
        raise ValidationError(_("Penawaran ini sudah tidak terbuka."))
    outcome = proposal_create(
        programme=replacement.programme, agency=_agency_for(replacement), worker_ids=[replacement.candidate_id],
        created_by=user, today=today, note=_("Pengganti peserta yang berhenti"),
    )  # fmt: skip
    replacement.status, replacement.proposal = ReplacementStatus.PROPOSED, outcome.proposal
    replacement.save()
    audit_record(action="replacement_propose", object_type="programmes.Replacement", object_id=str(replacement.pk),
                 after={"proposal": outcome.proposal.pk})  # fmt: skip
    return replacement
