"""Role-matrix expectations of the programme's models (used by tests/core/test_role_matrix.py).

Each function adds, once per test world, a Medan programme with proposals of two agencies, a Binjai programme,
a step decision, a replacement, scenarios and decile uploads in both regions, then says who must see what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lindung.core.models import Agency
from lindung.programmes.models import (
    DecileUploadJob,
    FundingShare,
    Programme,
    Proposal,
    ProposalRow,
    Replacement,
    Scenario,
    StepDecision,
)
from lindung.registry.models import Membership
from tests.factories import World

Expected = dict[str, set[Any]]
NOBODY: set[Any] = set()


def _programme(region: Any, year: int = 2026) -> Programme:
    programme = Programme.objects.create(region=region, year=year, name="P", budget=10_000_000, programs=3,
                                         declared_income=1_000_000, status="active")  # fmt: skip
    FundingShare.objects.create(programme=programme, source="city", share_bp=10_000)
    return programme


def _proposal(programme: Programme, agency: Agency, worker: Any, user: Any) -> Proposal:
    proposal = Proposal.objects.create(programme=programme, agency=agency, created_by=user,
                                       step_started_at=timezone.now())  # fmt: skip
    ProposalRow.objects.create(proposal=proposal, programme=programme, worker=worker)
    return proposal


def programme_world(w: World) -> dict[str, Any]:
    if hasattr(w, "_programmes"):
        return w._programmes  # type: ignore[no-any-return]
    medan, binjai = _programme(w.medan), _programme(w.other)
    mine = _proposal(medan, w.agency, w.proposed_worker, w.users["agency_officer"])
    theirs = _proposal(medan, w.other_agency, w.other_worker, w.users["coordinator"])
    foreign = _proposal(binjai, w.foreign_agency, w.foreign_worker, w.users["admin"])
    decision = StepDecision.objects.create(proposal=mine, step="verify", decided_by=w.users["coordinator"],
                                           decided_at=timezone.now())  # fmt: skip
    StepDecision.objects.create(proposal=foreign, step="verify", decided_by=w.users["admin"], decided_at=timezone.now())
    ended = Membership.objects.create(worker=w.proposed_worker, payer_kind="city_programme", agency=w.agency,
                                      segment="BPU", programs=3, wage=1_000_000, valid_from=dt.date(2025, 1, 1),
                                      valid_to=dt.date(2026, 2, 1), end_reason="death")  # fmt: skip
    ended_binjai = Membership.objects.create(worker=w.foreign_worker, payer_kind="city_programme", segment="BPU",
                                             programs=3, wage=1_000_000, valid_from=dt.date(2025, 1, 1),
                                             valid_to=dt.date(2026, 2, 1), end_reason="death")  # fmt: skip
    replacement = Replacement.objects.create(programme=medan, ended_membership=ended)
    Replacement.objects.create(programme=binjai, ended_membership=ended_binjai)
    scenario = Scenario.objects.create(region=w.medan, name="S", year=2027, budget=1, programs=3,
                                       declared_income=1_000_000)  # fmt: skip
    Scenario.objects.create(region=w.other, name="S", year=2027, budget=1, programs=3, declared_income=1_000_000)
    decile_upload = DecileUploadJob.objects.create(region=w.medan, programme=medan, file_name="d.csv",
                                                   source="dtks", as_of=dt.date(2026, 1, 1))  # fmt: skip
    DecileUploadJob.objects.create(region=w.other, programme=binjai, file_name="d.csv", source="dtks",
                                   as_of=dt.date(2026, 1, 1))  # fmt: skip
    made = {"programme": medan, "mine": mine, "theirs": theirs, "decision": decision, "replacement": replacement,
            "scenario": scenario, "decile_upload": decile_upload}  # fmt: skip
    w._programmes = made  # type: ignore[attr-defined]
    return made


def _all(model: Any) -> set[Any]:
    return set(model.objects.values_list("pk", flat=True))


def _region_wide(model: Any, medan: set[Any], agency: set[Any]) -> Expected:
    return {"coordinator": medan, "agency_officer": agency, "branch_officer": medan, "employer": NOBODY,
            "worker": NOBODY, "auditor": medan, "admin": _all(model)}  # fmt: skip


def expected_programme(w: World) -> Expected:
    pk = {programme_world(w)["programme"].pk}
    return _region_wide(Programme, pk, pk)


def expected_funding(w: World) -> Expected:
    pk = set(FundingShare.objects.filter(programme=programme_world(w)["programme"]).values_list("pk", flat=True))
    return _region_wide(FundingShare, pk, pk)


def expected_proposal(w: World) -> Expected:
    made = programme_world(w)
    return _region_wide(Proposal, {made["mine"].pk, made["theirs"].pk}, {made["mine"].pk})


def expected_proposal_row(w: World) -> Expected:
    made = programme_world(w)
    rows = ProposalRow.objects.filter(proposal__in=[made["mine"], made["theirs"]])
    return _region_wide(ProposalRow, set(rows.values_list("pk", flat=True)),
                        set(rows.filter(proposal=made["mine"]).values_list("pk", flat=True)))  # fmt: skip


def expected_step_decision(w: World) -> Expected:
    pk = {programme_world(w)["decision"].pk}
    return _region_wide(StepDecision, pk, pk)


def expected_replacement(w: World) -> Expected:
    pk = {programme_world(w)["replacement"].pk}
    return _region_wide(Replacement, pk, pk)


def expected_scenario(w: World) -> Expected:
    pk = {programme_world(w)["scenario"].pk}
    expected = _region_wide(Scenario, pk, NOBODY)
    expected["branch_officer"] = NOBODY
    return expected


def expected_decile_upload(w: World) -> Expected:
    pk = {programme_world(w)["decile_upload"].pk}
    expected = _region_wide(DecileUploadJob, pk, NOBODY)
    expected["branch_officer"] = NOBODY
    return expected


EXPECTED_PROGRAMMES = {
    Programme: expected_programme,
    FundingShare: expected_funding,
    Proposal: expected_proposal,
    ProposalRow: expected_proposal_row,
    StepDecision: expected_step_decision,
    Replacement: expected_replacement,
    Scenario: expected_scenario,
    DecileUploadJob: expected_decile_upload,
}
