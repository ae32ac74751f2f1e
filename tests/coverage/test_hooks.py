"""The refresh hook other apps call: after commit only, debounced, never failing the caller."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from lindung.coverage import tasks
from lindung.coverage.tasks import REFRESH_DEBOUNCE, coverage_refresh_later
from tests.factories import World

pytestmark = pytest.mark.django_db


def _queued_refreshes() -> list[dt.datetime | None]:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path__endswith="coverage_refresh_task", status=TaskResultStatus.READY
    ).order_by("id")
    return list(waiting.values_list("run_after", flat=True))


def test_several_calls_in_a_minute_give_one_refresh_that_waits_for_them(
    world: World, django_capture_on_commit_callbacks
) -> None:
    before = timezone.now()
    for _ in range(3):  # e.g. an import, a billing run and an enrolment
        with django_capture_on_commit_callbacks(execute=True):
            coverage_refresh_later(world.medan)
    [run_after] = _queued_refreshes()
    assert run_after is not None and before + REFRESH_DEBOUNCE <= run_after <= timezone.now() + REFRESH_DEBOUNCE


def test_a_call_while_the_refresh_runs_queues_the_next_one(world: World, django_capture_on_commit_callbacks) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        coverage_refresh_later(world.medan.pk)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)  # the worker picked it up
    with django_capture_on_commit_callbacks(execute=True):
        coverage_refresh_later(world.medan.pk)
    assert len(_queued_refreshes()) == 1
    assert DBTaskResult.objects.filter(task_path__endswith="coverage_refresh_task").count() == 2


def test_nothing_is_queued_when_the_callers_transaction_rolls_back(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                coverage_refresh_later(world.medan.pk)
                raise RuntimeError("import failed")
        except RuntimeError:
            pass
    assert callbacks == [] and _queued_refreshes() == []


def test_a_queue_that_fails_never_fails_the_caller(
    world: World, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    def broken(*args: object) -> bool:
        raise OSError("queue unreachable")

    monkeypatch.setattr(tasks, "_enqueue_once", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        coverage_refresh_later(world.medan.pk)
    assert "could not be queued" in caplog.text and world.medan.name not in caplog.text


def test_enrolments_confirmed_in_the_vulnerable_worker_programme_queue_a_refresh(
    world: World, django_capture_on_commit_callbacks
) -> None:
    from lindung.programmes.models import Step
    from tests.programmes.builders import approve_step, make_candidates, make_offices, make_programme, propose

    offices = make_offices(world)
    proposal = propose(world, make_programme(world), make_candidates(world, 2))
    proposal = approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    proposal = approve_step(proposal, Step.BUDGET, offices.users["finance"])
    assert _queued_refreshes() == []
    with django_capture_on_commit_callbacks(execute=True):
        approve_step(proposal, Step.ENROL, world.users["branch_officer"])
    assert len(_queued_refreshes()) == 1
