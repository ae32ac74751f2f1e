"""Replacement: a member who dies, moves away or becomes a formal employee frees a slot for the next in line."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lindung.programmes.models import Replacement, ReplacementStatus
from lindung.programmes.services import replacement_propose, replacement_skip, replacements_sync
from lindung.registry.models import Membership
from lindung.registry.services import membership_deactivate
from tests.factories import World
from tests.programmes.builders import TODAY, make_candidates, make_programme


def _member(world: World) -> Membership:
    (worker,) = make_candidates(world, 1)
    return Membership.objects.create(worker=worker, payer_kind="city_programme", segment="BPU", programs=3,
                                     wage=1_000_000, valid_from=dt.date(2025, 1, 1), agency=world.agency)  # fmt: skip


def test_a_death_offers_the_slot_to_the_best_ranked_candidate(world: World) -> None:
    programme = make_programme(world)
    member = _member(world)
    plain, head = make_candidates(world, 2)
    head.female_head_of_household = True
    head.save()
    membership_deactivate(membership=member, valid_to=dt.date(2026, 3, 1), reason="death")
    assert replacements_sync(region=world.medan, today=TODAY) == 1
    assert replacements_sync(region=world.medan, today=TODAY) == 0  # once per freed slot
    offer = Replacement.objects.get()
    assert (offer.programme, offer.candidate, offer.status) == (programme, head, ReplacementStatus.OFFERED)
    skipped = replacement_skip(replacement=offer, user=world.users["coordinator"], reason="sudah pindah", today=TODAY)
    assert skipped.candidate == plain and skipped.skipped == [head.pk]
    done = replacement_propose(replacement=skipped, user=world.users["coordinator"], today=TODAY)
    assert done.status == ReplacementStatus.PROPOSED
    assert done.proposal is not None and list(done.proposal.rows.values_list("worker", flat=True)) == [plain.pk]


def test_only_death_moving_away_or_formal_work_free_a_slot(world: World) -> None:
    make_programme(world)
    resigned, moved = _member(world), _member(world)
    membership_deactivate(membership=resigned, valid_to=dt.date(2026, 2, 1), reason="resigned")
    membership_deactivate(membership=moved, valid_to=dt.date(2026, 2, 1), reason="moved_away")
    assert replacements_sync(region=world.medan, today=TODAY) == 1
    offer = Replacement.objects.get()
    # who moved away is no candidate; who resigned may be proposed again
    assert (offer.ended_membership, offer.candidate) == (moved, resigned.worker)


def test_a_slot_with_nobody_waiting_says_so_and_the_dead_are_never_offered(world: World) -> None:
    make_programme(world)
    member = _member(world)
    membership_deactivate(membership=member, valid_to=dt.date(2026, 3, 1), reason="death")
    assert replacements_sync(region=world.medan, today=TODAY) == 1
    offer = Replacement.objects.get()
    assert (offer.candidate, offer.status) == (None, ReplacementStatus.NO_CANDIDATE)
    with pytest.raises(ValidationError, match="tidak terbuka"):
        replacement_propose(replacement=offer, user=world.users["coordinator"], today=TODAY)


def test_skipping_needs_a_reason(world: World) -> None:
    make_programme(world)
    member = _member(world)
    make_candidates(world, 1)
    membership_deactivate(membership=member, valid_to=dt.date(2026, 3, 1), reason="became_formal")
    replacements_sync(region=world.medan, today=TODAY)
    with pytest.raises(ValidationError, match="alasan"):
        replacement_skip(
            replacement=Replacement.objects.get(), user=world.users["coordinator"], reason=" ", today=TODAY
        )


@pytest.mark.django_db(transaction=True)
def test_the_queued_task_offers_the_slot_once_through_the_worker(world: World) -> None:
    """What the registry's hook queues: run by the task worker, it offers the slot to the best-ranked eligible
    worker, and a second run (the hook fired twice) offers nothing more."""
    import time_machine
    from django.core.management import call_command

    from lindung.programmes.tasks import replacements_sync_task

    make_programme(world)
    member = _member(world)
    plain, head = make_candidates(world, 2)
    head.female_head_of_household = True
    head.save()
    membership_deactivate(membership=member, valid_to=dt.date(2026, 3, 1), reason="death")
    with time_machine.travel(dt.datetime(2026, 3, 10, 3, tzinfo=dt.UTC), tick=False):
        for _ in range(2):
            replacements_sync_task.enqueue(world.medan.pk)
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    offer = Replacement.objects.get()
    assert (offer.candidate, offer.status, offer.ended_membership) == (head, ReplacementStatus.OFFERED, member)
    assert plain.pk not in offer.skipped
