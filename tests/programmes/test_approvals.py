"""The four-step chain: proposed by an agency, verified by Disnaker, budget by BPKAD, enrolled by BPJS.

Each step in order, by a different user than the proposer and any earlier checker, with a reason for every
rejected row; a refused step changes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lindung.core.models import AuditEntry, UserProfile
from lindung.core.roles import Role
from lindung.programmes.models import ProposalStatus, RowStatus, Step, StepDecision
from lindung.programmes.selectors.proposals import awaiting_user, can_decide
from lindung.programmes.services import RowDecision, proposal_decide
from lindung.registry.models import Membership, PayerKind
from tests.factories import World, make_membership
from tests.programmes.builders import TODAY, approve_step, make_candidates, make_offices, make_programme, propose


def test_a_proposal_passes_four_steps_by_four_users_into_memberships(world: World) -> None:
    offices = make_offices(world)
    programme = make_programme(world)
    workers = make_candidates(world, 3)
    proposal = propose(world, programme, workers)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.step_due == TODAY + dt.timedelta(days=programme.verify_days)
    proposal = approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    assert proposal.status == ProposalStatus.VERIFIED
    proposal = approve_step(proposal, Step.BUDGET, offices.users["finance"])
    assert proposal.status == ProposalStatus.BUDGETED
    budget = StepDecision.objects.get(proposal=proposal, step=Step.BUDGET)
    assert budget.amount == 3 * 16_800 * 10  # March to December, each month priced by the rules
    assert budget.references and budget.rules_version.startswith("rules-")
    proposal = approve_step(proposal, Step.ENROL, world.users["branch_officer"])
    assert proposal.status == ProposalStatus.ENROLLED
    members = Membership.objects.filter(worker__in=workers, payer_kind=PayerKind.CITY_PROGRAMME, valid_to=None)
    assert members.count() == 3
    assert {(m.valid_from, m.wage, m.programs, m.agency_id) for m in members} == {
        (TODAY, 1_000_000, 3, world.agency.pk)
    }
    assert set(proposal.rows.values_list("status", flat=True)) == {RowStatus.ENROLLED}
    steps = AuditEntry.objects.filter(action="proposal_decide", object_id=str(proposal.pk))
    assert [e.after["step"] for e in steps.order_by("pk")] == ["verify", "budget", "enrol"]
    assert {e.actor_id for e in steps} | {proposal.created_by_id} == {
        offices.users["manpower"].pk, offices.users["finance"].pk, world.users["branch_officer"].pk,
        world.users["agency_officer"].pk}  # fmt: skip


def test_the_proposer_may_not_verify_its_own_proposal(world: World) -> None:
    make_offices(world)
    programme = make_programme(world)
    proposal = propose(world, programme, make_candidates(world, 1), user=world.users["coordinator"])
    assert not can_decide(world.users["coordinator"], proposal)
    with pytest.raises(ValidationError, match="prinsip empat mata"):
        approve_step(proposal, Step.VERIFY, world.users["coordinator"])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert not StepDecision.objects.exists()


def test_who_took_an_earlier_step_may_not_take_a_later_one_even_after_changing_office(world: World) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 1))
    verifier = offices.users["coordinator2"]
    proposal = approve_step(proposal, Step.VERIFY, verifier)
    UserProfile.objects.filter(user=verifier).update(role=Role.AGENCY_OFFICER, agency=offices.finance)
    verifier = type(verifier).objects.get(pk=verifier.pk)  # a fresh object: the scope is cached per user object
    with pytest.raises(ValidationError, match="prinsip empat mata"):
        approve_step(proposal, Step.BUDGET, verifier)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VERIFIED


def test_steps_go_in_order_and_only_once(world: World) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 1))
    with pytest.raises(ValidationError, match="masih menunggu Verifikasi Disnaker"):
        approve_step(proposal, Step.BUDGET, offices.users["finance"])
    approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    with pytest.raises(ValidationError, match="sudah dilakukan"):
        approve_step(proposal, Step.VERIFY, world.users["coordinator"])


def test_each_step_belongs_to_its_office(world: World) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 1))
    for user in (offices.users["finance"], world.users["branch_officer"], world.users["admin"], world.users["auditor"]):
        with pytest.raises(PermissionDenied):
            approve_step(proposal, Step.VERIFY, user)
    assert [p.pk for p in awaiting_user(user=offices.users["manpower"])] == [proposal.pk]
    assert awaiting_user(user=offices.users["finance"]) == []


def test_rows_are_decided_one_by_one_and_a_rejection_needs_a_reason(world: World) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 3))
    first, second, third = proposal.rows.order_by("pk")
    manpower = offices.users["manpower"]
    for decisions, message in (
        ([RowDecision(first.pk, True), RowDecision(second.pk, True)], "belum diputuskan"),
        ([RowDecision(first.pk, True), RowDecision(second.pk, True), RowDecision(third.pk, False, "")], "alasan"),
        ([RowDecision(first.pk, True), RowDecision(first.pk, True), RowDecision(third.pk, True)], "dua kali"),
    ):
        with pytest.raises(ValidationError, match=message):
            proposal_decide(proposal=proposal, step=Step.VERIFY, user=manpower, decisions=decisions, today=TODAY)
    assert not StepDecision.objects.exists()
    decisions = [RowDecision(first.pk, True), RowDecision(second.pk, True),
                 RowDecision(third.pk, False, "NIK tidak sesuai KTP")]  # fmt: skip
    proposal = proposal_decide(proposal=proposal, step=Step.VERIFY, user=manpower, decisions=decisions, today=TODAY)
    third.refresh_from_db()
    assert (third.status, third.rejected_step, third.reject_reason) == ("rejected", "verify", "NIK tidak sesuai KTP")
    assert proposal.status == ProposalStatus.VERIFIED
    assert proposal.rows.filter(status=RowStatus.PENDING).count() == 2


def test_rejecting_every_row_rejects_the_proposal(world: World) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 2))
    decisions = [RowDecision(r.pk, False, "bukan pekerja rentan") for r in proposal.rows.all()]
    proposal = proposal_decide(proposal=proposal, step=Step.VERIFY, user=offices.users["manpower"],
                               decisions=decisions, today=TODAY)  # fmt: skip
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.step_due is None and not proposal.is_open


def test_the_budget_step_refuses_more_than_the_remaining_budget(world: World) -> None:
    offices = make_offices(world)
    programme = make_programme(world, budget=16_800 * 10 * 2)  # two workers, March to December
    proposal = propose(world, programme, make_candidates(world, 3))
    approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    with pytest.raises(ValidationError, match="Setujui paling banyak 2 pekerja"):
        approve_step(proposal, Step.BUDGET, offices.users["finance"])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.VERIFIED
    assert not StepDecision.objects.filter(step=Step.BUDGET).exists()


def test_a_worker_enrolled_elsewhere_meanwhile_is_refused_and_nothing_is_enrolled(world: World) -> None:
    offices = make_offices(world)
    workers = make_candidates(world, 2)
    proposal = propose(world, make_programme(world), workers)
    approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    approve_step(proposal, Step.BUDGET, offices.users["finance"])
    make_membership(workers[1], world.employer)  # became a wage earner
    with pytest.raises(ValidationError, match="kepesertaan lain"):
        approve_step(proposal, Step.ENROL, world.users["branch_officer"])
    assert not Membership.objects.filter(worker=workers[0]).exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.BUDGETED


def test_a_late_step_is_flagged_and_recorded(world: World) -> None:
    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 1))
    late = proposal.step_due + dt.timedelta(days=4)
    assert proposal.overdue_days(late) == 4
    approve_step(proposal, Step.VERIFY, offices.users["manpower"], today=late)
    assert StepDecision.objects.get(step=Step.VERIFY).overdue_days == 4
