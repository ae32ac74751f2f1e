"""Role-matrix expectations of the partnership models (merged into tests/core/test_role_matrix.py).

Each expectation builds the test partnership first, so the matrix checks real rows in both regions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lindung.core.roles import Role
from lindung.partnership.models import (
    AgreementDocument,
    Attendee,
    Event,
    EventAttribution,
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
from tests.factories import World, make_user
from tests.partnership.factories import build_partnership

Expect = Callable[[World], dict[str, set[Any]]]


def _all(model: Any) -> set[Any]:
    return set(model.objects.values_list("pk", flat=True))


def _expect(model: Any, region_path: str, officer: Callable[[Any], set[Any]] | None) -> Expect:
    """Region-wide roles see Medan's rows; the officer what ``officer`` says (nothing if None); admin all."""

    def expect(w: World) -> dict[str, set[Any]]:
        p = build_partnership(w)
        medan = set(model.objects.filter(**{region_path: w.medan}).values_list("pk", flat=True))
        mine = officer(p) if officer else set()
        return {"coordinator": medan, "agency_officer": mine, "branch_officer": medan, "employer": set(),
                "worker": set(), "auditor": medan, "admin": _all(model)}  # fmt: skip

    return expect


def _of_pks(model: Any) -> Callable[[Any], set[Any]]:
    return lambda p: set(model.objects.filter(pks=p.pks).values_list("pk", flat=True))


def _liaison_officers(w: World) -> dict[str, set[Any]]:
    """One liaison officer in Medan (the Dishub officer) and one in Binjai."""
    binjai = make_user("disnaker-binjai", Role.AGENCY_OFFICER, region=w.other, agency=w.foreign_agency)
    mine = LiaisonOfficer.objects.create(agency=w.agency, user=w.users["agency_officer"]).pk
    LiaisonOfficer.objects.create(agency=w.foreign_agency, user=binjai)
    return {"coordinator": {mine}, "agency_officer": {mine}, "branch_officer": {mine}, "employer": set(),
            "worker": set(), "auditor": {mine}, "admin": _all(LiaisonOfficer)}  # fmt: skip


def _pdf_exports(w: World) -> dict[str, set[Any]]:
    """Each role's own requested PDF: nobody else's (the file holds what its requester may see)."""
    roles = ("coordinator", "agency_officer", "branch_officer", "employer", "worker", "auditor")
    own = {r: PdfExport.objects.create(requested_by=w.users[r], kind="scorecard", filename="k.pdf").pk for r in roles}
    return {**{role: {pk} for role, pk in own.items()}, "admin": _all(PdfExport)}


EXPECTED: dict[type, Expect] = {
    Mou: _expect(Mou, "region", lambda p: {p.mou.pk}),
    MouScopeItem: _expect(MouScopeItem, "mou__region", lambda p: set(p.mou.scope_items.values_list("pk", flat=True))),
    Pks: _expect(Pks, "agency__region", lambda p: {p.pks.pk}),
    PksTransition: _expect(PksTransition, "pks__agency__region", _of_pks(PksTransition)),
    PksObligation: _expect(PksObligation, "pks__agency__region", _of_pks(PksObligation)),
    PksTarget: _expect(PksTarget, "pks__agency__region", _of_pks(PksTarget)),
    AgreementDocument: _expect(AgreementDocument, "pks__agency__region", lambda p: {p.document.pk}),
    Event: _expect(Event, "region", lambda p: {p.event.pk}),
    Attendee: _expect(Attendee, "event__region", lambda p: {p.attendee.pk}),
    EventAttribution: _expect(EventAttribution, "event__region", lambda p: {p.attribution.pk}),
    EvidencePack: _expect(EvidencePack, "region", None),
    EvidenceSection: _expect(EvidenceSection, "pack__region", None),
    LiaisonOfficer: _liaison_officers,
    PdfExport: _pdf_exports,
}
