"""Ending a city-programme membership queues the programme's replacement run, which offers the freed slot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from lindung.programmes.models import Replacement, ReplacementStatus
from lindung.registry.models import Membership
from lindung.registry.services import membership_deactivate
from tests.factories import World
from tests.programmes.builders import TODAY, make_candidates, make_programme


def _city_member(world: World) -> Membership:
    (worker,) = make_candidates(world, 1)
    return Membership.objects.create(worker=worker, payer_kind="city_programme", segment="BPU", programs=3,
                                     wage=1_000_000, valid_from=dt.date(2025, 1, 1), agency=world.agency)  # fmt: skip


@pytest.mark.django_db(transaction=True)  # the task worker commits and closes its connection, as in production
def test_ending_a_city_programme_membership_queues_the_run_and_the_run_offers_the_slot(world: World) -> None:
    make_programme(world)
    member = _city_member(world)
    (waiting,) = make_candidates(world, 1)
    with transaction.atomic():
        membership_deactivate(membership=member, valid_to=dt.date(2026, 3, 1), reason="death")
        assert not DBTaskResult.objects.exists(), "nothing is queued before the change is committed"
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "lindung.programmes.tasks.replacements_sync_task"
    assert queued.args_kwargs == {"args": [world.medan.pk], "kwargs": {}}
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC), tick=False):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    offer = Replacement.objects.get()
    assert (offer.ended_membership, offer.candidate, offer.status) == (member, waiting, ReplacementStatus.OFFERED)


def test_ending_a_membership_paid_by_anyone_else_queues_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        membership_deactivate(membership=world.worker.memberships.get(), valid_to=dt.date(2026, 3, 1), reason="phk")
    assert callbacks == [] and not DBTaskResult.objects.exists()
