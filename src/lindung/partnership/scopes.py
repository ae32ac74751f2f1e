"""Scope rules of the partnership models.

Region-wide roles (coordinator, auditor, BPJS branch officer) see the partnership of their regions. An agency
officer sees its own agency's PKS and the events its agency organised, and the MoU its agency is party to;
it does not see the city's Paritrana evidence pack. Employers and workers see none of it.
"""

from __future__ import annotations

from django.db.models import Q

from lindung.core.roles import Role
from lindung.core.scoping import Scope, scope_rule
from lindung.partnership.models import (
    AgreementDocument,
    Attendee,
    Event,
    EventAttribution,
    EventOrganiser,
    EvidencePack,
    EvidenceSection,
    LiaisonOfficer,
    Mou,
    MouScopeItem,
    PdfExport,
    Pks,
    PksObligation,
    PksTarget,
    PksTransition,
)

_REGION_WIDE = {Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER}


def _mous_of_agency(agency_id: int | None) -> Q:
    agency_id = agency_id or 0  # an officer's scope always names its agency; 0 matches nothing
    return Q(pk__in=Mou.agencies.through.objects.filter(agency_id=agency_id).values("mou_id"))


def _events_of_agency(agency_id: int | None) -> Q:
    agency_id = agency_id or 0
    # A subquery rather than a join: an event with several organisers must not appear twice.
    return Q(pk__in=EventOrganiser.objects.filter(agency_id=agency_id).values("event_id"))


@scope_rule(Mou)
def mou_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return _mous_of_agency(scope.agency_id)
    return None


@scope_rule(MouScopeItem)
def mou_scope_item_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(mou__region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(mou__in=Mou.objects.filter(_mous_of_agency(scope.agency_id)).values("pk"))
    return None


def _pks_q(scope: Scope, prefix: str) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(**{f"{prefix}agency__region__in": scope.region_ids})
    if scope.role == Role.AGENCY_OFFICER:
        return Q(**{f"{prefix}agency": scope.agency_id})
    return None


@scope_rule(Pks)
def pks_scope(scope: Scope) -> Q | None:
    return _pks_q(scope, "")


@scope_rule(PksTransition)
def pks_transition_scope(scope: Scope) -> Q | None:
    return _pks_q(scope, "pks__")


@scope_rule(PksObligation)
def pks_obligation_scope(scope: Scope) -> Q | None:
    return _pks_q(scope, "pks__")


@scope_rule(PksTarget)
def pks_target_scope(scope: Scope) -> Q | None:
    return _pks_q(scope, "pks__")


@scope_rule(AgreementDocument)
def document_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(mou__region__in=scope.region_ids) | Q(pks__agency__region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        mous = Mou.objects.filter(_mous_of_agency(scope.agency_id)).values("pk")
        return Q(pks__agency=scope.agency_id) | Q(mou__in=mous)
    return None


@scope_rule(Event)
def event_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return _events_of_agency(scope.agency_id)
    return None


def _via_event(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(event__region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(event__in=Event.objects.filter(_events_of_agency(scope.agency_id)).values("pk"))
    return None


@scope_rule(Attendee)
def attendee_scope(scope: Scope) -> Q | None:
    return _via_event(scope)


@scope_rule(EventAttribution)
def event_attribution_scope(scope: Scope) -> Q | None:
    return _via_event(scope)


@scope_rule(EvidencePack)
def evidence_pack_scope(scope: Scope) -> Q | None:
    return Q(region__in=scope.region_ids) if scope.role in _REGION_WIDE else None


@scope_rule(EvidenceSection)
def evidence_section_scope(scope: Scope) -> Q | None:
    return Q(pack__region__in=scope.region_ids) if scope.role in _REGION_WIDE else None


@scope_rule(LiaisonOfficer)
def liaison_officer_scope(scope: Scope) -> Q | None:
    if scope.role in _REGION_WIDE:
        return Q(agency__region__in=scope.region_ids)
    if scope.role == Role.AGENCY_OFFICER:
        return Q(agency=scope.agency_id)
    return None


@scope_rule(PdfExport)
def pdf_export_scope(scope: Scope) -> Q | None:
    """A generated PDF holds what its requester may see: only they download it."""
    return Q(requested_by=scope.user_id)
