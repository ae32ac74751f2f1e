"""Models of the partnership app, split by topic: agencies' liaison officers, agreements (MoU, PKS), events,
the evidence pack, generated PDFs."""

from lindung.partnership.lifecycle import PksStatus
from lindung.partnership.models.agencies import LiaisonOfficer
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
from lindung.partnership.models.exports import PdfExport, PdfKind, PdfStatus

__all__ = [
    "AgreementDocument",
    "Attendee",
    "Event",
    "EventAttribution",
    "EventOrganiser",
    "EvidencePack",
    "EvidenceSection",
    "FollowUp",
    "LiaisonOfficer",
    "Mou",
    "MouScopeItem",
    "MouScopeKind",
    "ObligationParty",
    "PdfExport",
    "PdfKind",
    "PdfStatus",
    "Pks",
    "PksObligation",
    "PksStatus",
    "PksTarget",
    "PksTransition",
]
