"""Proposing workers: all or nothing, each refusal named; from a form's list or from an agency's import."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lindung.programmes.models import Programme, ProgrammeStatus, Proposal, ProposalRow
from lindung.programmes.services import proposal_create, proposal_create_from_import
from lindung.registry.models import ImportJob, Membership
from tests.factories import World, make_membership
from tests.programmes.builders import TODAY, make_candidates, make_programme, propose


def _refused(world: World, programme: Programme, ids: list[int], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        proposal_create(programme=programme, agency=world.agency, worker_ids=ids,
                        created_by=world.users["agency_officer"], today=TODAY)  # fmt: skip
    assert not Proposal.objects.exists()
    assert not ProposalRow.objects.exists()


def test_a_worker_outside_the_region_refuses_the_whole_proposal(world: World) -> None:
    programme = make_programme(world)
    good = make_candidates(world, 2)
    world.foreign_worker.vulnerability_category = "fisher"
    world.foreign_worker.save()
    Membership.objects.filter(worker=world.foreign_worker).delete()
    _refused(world, programme, [good[0].pk, world.foreign_worker.pk, good[1].pk],
             "1 pekerja tidak memenuhi syarat")  # fmt: skip
    try:
        proposal_create(programme=programme, agency=world.agency, worker_ids=[world.foreign_worker.pk],
                        created_by=world.users["agency_officer"], today=TODAY)  # fmt: skip
    except ValidationError as exc:
        assert any("Andi Binjai (1275********0004): Bukan penduduk Kota Medan" in m for m in exc.messages)


def test_an_already_covered_worker_is_refused(world: World) -> None:
    programme = make_programme(world)
    (covered,) = make_candidates(world, 1)
    make_membership(covered, None)
    _refused(world, programme, [covered.pk], "Sudah ditanggung program kota")


def test_empty_duplicated_or_unknown_lists_are_refused(world: World) -> None:
    programme = make_programme(world)
    (worker,) = make_candidates(world, 1)
    _refused(world, programme, [], "paling sedikit satu pekerja")
    _refused(world, programme, [worker.pk, worker.pk], "lebih dari sekali")
    _refused(world, programme, [worker.pk, 999_999], "tidak ditemukan")


def test_a_draft_or_finished_programme_takes_no_proposal(world: World) -> None:
    programme = make_programme(world)
    (worker,) = make_candidates(world, 1)
    Programme.objects.filter(pk=programme.pk).update(status=ProgrammeStatus.DRAFT)
    programme.refresh_from_db()
    _refused(world, programme, [worker.pk], "belum berjalan")
    old = make_programme(world, year=2025)
    _refused(world, old, [worker.pk], "sudah berakhir")


def test_an_agency_proposes_only_for_itself(world: World) -> None:
    programme = make_programme(world)
    (worker,) = make_candidates(world, 1)
    with pytest.raises(PermissionDenied):
        proposal_create(programme=programme, agency=world.other_agency, worker_ids=[worker.pk],
                        created_by=world.users["agency_officer"], today=TODAY)  # fmt: skip
    outcome = proposal_create(programme=programme, agency=world.other_agency, worker_ids=[worker.pk],
                              created_by=world.users["coordinator"], today=TODAY)  # fmt: skip
    assert outcome.proposal.agency == world.other_agency


def test_rows_keep_the_score_and_the_checks(world: World) -> None:
    workers = make_candidates(world, 2, female_head_of_household=True)
    proposal = propose(world, make_programme(world), workers)
    row = proposal.rows.first()
    assert row is not None and row.priority_score == 70
    assert {c["code"] for c in row.eligibility} == {
        "resident",
        "alive",
        "age",
        "active",
        "vulnerable",
        "pending",
        "merged",
    }


def _import_job(world: World, workers: list) -> ImportJob:
    job = ImportJob.objects.create(kind="agency_proposals", region=world.medan, agency=world.agency, status="done",
                                   file_name="usulan.xlsx", file_sha256="0" * 64, file_format="xlsx")  # fmt: skip
    for worker in workers:
        worker.import_job = job
        worker.save()
    return job


def test_a_proposal_from_an_import_all_or_with_the_ineligible_left_out(world: World) -> None:
    programme = make_programme(world)
    workers = make_candidates(world, 3)
    make_membership(workers[2], world.employer)
    job = _import_job(world, workers)
    with pytest.raises(ValidationError, match="kepesertaan lain"):
        proposal_create_from_import(programme=programme, job=job, created_by=world.users["agency_officer"], today=TODAY)
    outcome = proposal_create_from_import(programme=programme, job=job, created_by=world.users["agency_officer"],
                                          today=TODAY, skip_ineligible=True)  # fmt: skip
    assert outcome.proposal.rows.count() == 2
    assert outcome.proposal.import_job == job
    assert len(outcome.skipped) == 1 and "kepesertaan lain" in outcome.skipped[0]


def test_an_unfinished_import_is_refused(world: World) -> None:
    job = _import_job(world, make_candidates(world, 1))
    ImportJob.objects.filter(pk=job.pk).update(status="validated")
    job.refresh_from_db()
    with pytest.raises(ValidationError, match="belum selesai"):
        proposal_create_from_import(programme=make_programme(world), job=job,
                                    created_by=world.users["agency_officer"], today=TODAY)  # fmt: skip
