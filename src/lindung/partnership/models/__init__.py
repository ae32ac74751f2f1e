"""Models of the partnership app, split by topic: agreements (MoU, PKS), events, evidence pack."""

from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models.agreements import (
    AgreementDocument,
    Mou,
    MouScopeItem,
    MouScopeKind,
    ObligationParty,
    Pks,
    PksObligation,
    PksTarget,
    PksTransition,
)
from lindung.partnership.models.events import Attendee, Event, EventAttribution, EventOrganiser, FollowUp
from lindung.partnership.models.evidence import EvidencePack, EvidenceSection

__all__ = [
    "AgreementDocument",
    "Attendee",
    "Event",
    "EventAttribution",
    "EventOrganiser",
    "EvidencePack",
    "EvidenceSection",
    "FollowUp",
    "Mou",
    "MouScopeItem",
    "MouScopeKind",
    "ObligationParty",
    "Pks",
    "PksObligation",
    "PksStatus",
    "PksTarget",
    "PksTransition",
]
