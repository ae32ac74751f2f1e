"""Starting a billing run: queued once, however often it is started, and started again only when its worker died."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from lindung.billing.models import BillingRun, RunStatus
from lindung.billing.services import RunAlreadyQueued, billing_run_enqueue, billing_run_start
from lindung.billing.services.runs import CLAIM_LIMIT, QUEUING
from lindung.billing.tasks import billing_run_task
from lindung.core.jobs import stall_limit
from tests.billing.conftest import JAN, TODAY, Billing, client_for

WITH_WORKER = pytest.mark.django_db(transaction=True)
JSON = "application/json"


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path=billing_run_task.module_path).count()


def _run(billing: Billing) -> BillingRun:
    return billing_run_start(region=billing.world.medan, period=JAN, today=TODAY)


def test_a_second_start_of_a_queued_run_queues_nothing_and_says_so(billing: Billing) -> None:
    run = billing_run_enqueue(run=_run(billing))
    assert (run.status, _queued()) == (RunStatus.PENDING, 1)
    assert run.task_id == str(DBTaskResult.objects.get().pk)
    with pytest.raises(RunAlreadyQueued, match="Januari 2026 sudah dalam antrean atau sedang berjalan"):
        billing_run_enqueue(run=_run(billing))
    with translation.override("en"), pytest.raises(RunAlreadyQueued, match="already queued or running"):
        billing_run_enqueue(run=run)
    BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, heartbeat_at=timezone.now())
    with pytest.raises(RunAlreadyQueued):  # running, its worker alive
        billing_run_enqueue(run=run)
    assert _queued() == 1


def test_the_page_and_the_api_start_a_run_once(billing: Billing) -> None:
    officer = client_for(billing.world, "branch_officer")
    form = {"period": "2026-01", "region": billing.world.medan.pk}
    first = html.unescape(officer.post("/tagihan/proses/", form, follow=True).content.decode())
    assert "sudah dalam antrean" not in first and _queued() == 1
    again = html.unescape(officer.post("/tagihan/proses/", form, follow=True).content.decode())
    assert "Penagihan periode Januari 2026 sudah dalam antrean atau sedang berjalan" in again and _queued() == 1
    api = officer.post("/api/v1/billing/runs", json.dumps({"period": "2026-01"}), content_type=JSON)
    assert api.status_code == 409 and "sudah dalam antrean" in api.json()["detail"] and _queued() == 1


@pytest.mark.parametrize(
    ("status", "beat_minutes_ago", "task_state", "queues"),
    [
        (RunStatus.RUNNING, 31, TaskResultStatus.RUNNING, True),  # its worker died: resumes
        (RunStatus.RUNNING, 5, TaskResultStatus.RUNNING, False),  # alive
        (RunStatus.RUNNING, None, TaskResultStatus.RUNNING, False),  # begun this instant, no chunk yet
        (RunStatus.PENDING, None, TaskResultStatus.READY, False),  # waiting in the queue
        (RunStatus.PENDING, None, TaskResultStatus.FAILED, True),  # the queue finished its task: not waiting
        (RunStatus.PENDING, None, None, True),  # its task was lost (the queue emptied)
        (RunStatus.FAILED, 90, TaskResultStatus.FAILED, True),  # retry
    ],
)
def test_a_run_is_queued_again_only_when_nothing_will_run_it(
    billing: Billing, status: str, beat_minutes_ago: int | None, task_state: str | None, queues: bool
) -> None:
    run = billing_run_enqueue(run=_run(billing))
    beat = None if beat_minutes_ago is None else timezone.now() - dt.timedelta(minutes=beat_minutes_ago)
    BillingRun.objects.filter(pk=run.pk).update(status=status, heartbeat_at=beat)
    if task_state is None:
        DBTaskResult.objects.all().delete()
    else:
        DBTaskResult.objects.update(status=task_state)
    before = _queued()
    if queues:
        run = billing_run_enqueue(run=run)
        assert (run.status, _queued(), run.task_id) == (
            RunStatus.PENDING,
            before + 1,
            str(DBTaskResult.objects.latest("enqueued_at").pk),
        )
    else:
        with pytest.raises(RunAlreadyQueued):
            billing_run_enqueue(run=run)
        assert _queued() == before


@WITH_WORKER
def test_the_worker_beats_while_it_runs_and_a_done_run_is_never_queued_again(billing: Billing) -> None:
    run = billing_run_enqueue(run=_run(billing))
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.heartbeat_at is not None
    assert billing_run_enqueue(run=run).status == RunStatus.DONE and _queued() == 1


class StartDied(BaseException):
    """The start's process ending where a crash would end it (not an ``Exception``: nothing catches it)."""


@contextmanager
def _on_queue_write(action: Callable[[], None], *, after: bool) -> Iterator[None]:
    """Run ``action`` once, just before the queue's INSERT of the next task or just after it."""
    done: list[bool] = []

    def receiver(**kwargs: object) -> None:
        if not done:
            done.append(True)
            action()

    signal = task_enqueued if after else pre_save
    signal.connect(receiver, sender=None if after else DBTaskResult, dispatch_uid="h5-test", weak=False)
    try:
        yield
    finally:
        signal.disconnect(dispatch_uid="h5-test", sender=None if after else DBTaskResult)


def _die() -> None:
    raise StartDied


def _later(delta: dt.timedelta) -> time_machine.travel:
    return time_machine.travel(timezone.now() + delta, tick=False)


def test_a_start_that_died_before_the_queue_write_is_queued_by_a_later_start(billing: Billing) -> None:
    run = _run(billing)
    with _on_queue_write(_die, after=False), pytest.raises(StartDied):
        billing_run_enqueue(run=run)
    run.refresh_from_db()
    assert run.task_id.startswith(QUEUING) and _queued() == 0
    with pytest.raises(RunAlreadyQueued):  # a start may still be between its claim and the queue
        billing_run_enqueue(run=run)
    with _later(CLAIM_LIMIT - dt.timedelta(seconds=5)), pytest.raises(RunAlreadyQueued):
        billing_run_enqueue(run=run)
    with _later(CLAIM_LIMIT + dt.timedelta(seconds=1)):
        run = billing_run_enqueue(run=run)
    assert (run.status, _queued(), run.task_id) == (RunStatus.PENDING, 1, str(DBTaskResult.objects.get().pk))
    with pytest.raises(RunAlreadyQueued):
        billing_run_enqueue(run=run)


def test_a_start_that_died_after_the_queue_write_keeps_its_task_and_queues_no_second(billing: Billing) -> None:
    run = _run(billing)
    with _on_queue_write(_die, after=True), pytest.raises(StartDied):
        billing_run_enqueue(run=run)
    assert _queued() == 1
    with _later(CLAIM_LIMIT + dt.timedelta(seconds=1)), pytest.raises(RunAlreadyQueued):
        billing_run_enqueue(run=run)
    run.refresh_from_db()
    assert (run.task_id, _queued()) == (str(DBTaskResult.objects.get().pk), 1)
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)  # that task ended without finishing the run
    run = billing_run_enqueue(run=run)
    assert _queued() == 2 and run.task_id == str(DBTaskResult.objects.get(status=TaskResultStatus.READY).pk)


def test_a_start_slower_than_the_claim_limit_withdraws_its_task_when_a_later_start_queued_the_run(
    billing: Billing,
) -> None:
    run = _run(billing)
    later: list[BillingRun] = []

    def another_start() -> None:
        with _later(CLAIM_LIMIT + dt.timedelta(seconds=1)):  # another officer starts it meanwhile
            later.append(billing_run_enqueue(run=BillingRun.objects.get(pk=run.pk)))

    with _on_queue_write(another_start, after=False):
        run = billing_run_enqueue(run=run)
    assert _queued() == 1 and run.task_id == later[0].task_id == str(DBTaskResult.objects.get().pk)


def test_a_bare_claim_of_an_older_release_with_no_task_is_queued(billing: Billing) -> None:
    run = _run(billing)
    BillingRun.objects.filter(pk=run.pk).update(task_id=QUEUING)
    run = billing_run_enqueue(run=run)
    assert _queued() == 1 and run.task_id == str(DBTaskResult.objects.get().pk)


def test_the_command_line_beats_after_every_chunk_and_its_dead_run_is_started_again(billing: Billing) -> None:
    with CaptureQueriesContext(connection) as queries:
        call_command(
            "billing", "run", "--period", "2026-01", "--chunk-size", "2", "--no-progress", stdout=io.StringIO()
        )
    run = BillingRun.objects.get(period=JAN)
    beats = [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "heartbeat_at" in q["sql"]]
    assert run.status == RunStatus.DONE and run.chunks_done >= 3
    assert len(beats) >= run.chunks_done + 1  # after the start and after every chunk
    assert run.heartbeat_at is not None and run.heartbeat_at >= run.started_at
    # A command line killed mid-run leaves the run running with its last heartbeat.
    BillingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    with pytest.raises(RunAlreadyQueued):  # it may still be alive
        billing_run_enqueue(run=run)
    with _later(stall_limit() + dt.timedelta(seconds=1)):
        run = billing_run_enqueue(run=run)
    assert (run.status, _queued(), run.task_id) == (RunStatus.PENDING, 1, str(DBTaskResult.objects.get().pk))
