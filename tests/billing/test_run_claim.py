"""A billing run has one owner at a time: the task that takes it first, atomically; any other task for it ends at
once, and an owner that went silent and was taken over stops at its next beat.

Tasks run through the real worker of django-tasks' database backend (``Worker.run_task``), one after another or
one inside the other's chunk, on the test database (SQLite or PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.db.models.signals import pre_save
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lindung.billing.models import BillingRun, Invoice, RunStatus
from lindung.billing.services import billing_run_enqueue, billing_run_execute, billing_run_start
from lindung.billing.services.runs import CLAIM_LIMIT, QUEUING
from lindung.billing.tasks import billing_run_task
from lindung.core.jobs import JobLost, stall_limit
from tests.billing.conftest import JAN, TODAY, Billing, bill

WITH_WORKER = pytest.mark.django_db(transaction=True)


def _run(billing: Billing, chunk_size: int = 100_000) -> BillingRun:
    return billing_run_start(region=billing.world.medan, period=JAN, today=TODAY, chunk_size=chunk_size)


def _execute(task_id: str) -> dict[str, int]:
    """Pick the task up and run it as ``lindung db_worker`` does; its return value."""
    row = DBTaskResult.objects.get(pk=task_id)
    row.claim("test-worker")
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run_task(row)  # fmt: skip
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    result: dict[str, int] = row.return_value
    return result


def _later(delta: dt.timedelta) -> time_machine.travel:
    return time_machine.travel(timezone.now() + delta, tick=False)


def _superseded(billing: Billing, chunk_size: int = 100_000) -> tuple[BillingRun, str, str]:
    """Start A claimed the run and stalled before the queue answered; start B, past ``CLAIM_LIMIT``, queued its
    task; then A's queue write landed at last and a worker picked A's task up before A could withdraw it."""
    run = _run(billing, chunk_size)
    stale = f"{QUEUING}:{timezone.now().isoformat()}"
    BillingRun.objects.filter(pk=run.pk).update(task_id=stale)
    with _later(CLAIM_LIMIT + dt.timedelta(seconds=1)):
        run = billing_run_enqueue(run=run)
    late = str(billing_run_task.enqueue(run.pk, stale).id)
    return run, late, run.task_id


@WITH_WORKER
@pytest.mark.parametrize("first", ["superseded", "current"])
def test_of_two_tasks_for_one_run_only_the_owner_runs_it_in_either_order(billing: Billing, first: str) -> None:
    run, late, current = _superseded(billing)
    order = [late, current] if first == "superseded" else [current, late]
    results = {task: _execute(task) for task in order}
    run.refresh_from_db()
    assert results[late] == {"ran": 0}
    assert results[current]["ran"] == 1 and results[current]["invoices"] == run.invoices_created > 0
    assert (run.status, run.task_id) == (RunStatus.DONE, current)


@contextmanager
def _on(signal: Any, action: Callable[[], None], **connect: Any) -> Iterator[None]:
    done: list[bool] = []

    def receiver(**kwargs: Any) -> None:
        if not done and (signal is not pre_save or "cursor" in (kwargs.get("update_fields") or ())):
            done.append(True)
            action()

    signal.connect(receiver, dispatch_uid="claim-test", weak=False, **connect)
    try:
        yield
    finally:
        signal.disconnect(dispatch_uid="claim-test", **connect)


@WITH_WORKER
def test_a_task_picked_up_inside_the_claim_window_of_another_start_does_nothing(billing: Billing) -> None:
    """Start B's claim is fresh and its task's id not noted yet: both tasks are picked up in that window."""
    run = _run(billing)
    stale = f"{QUEUING}:{timezone.now().isoformat()}"
    BillingRun.objects.filter(pk=run.pk).update(task_id=stale)
    late = str(billing_run_task.enqueue(run.pk, stale).id)
    DBTaskResult.objects.filter(pk=late).delete()  # A's row is written again below, after B's claim
    results: dict[str, dict[str, int]] = {}

    def both_picked_up(**kwargs: Any) -> None:
        run.refresh_from_db()
        assert run.task_id.startswith(QUEUING) and run.task_id != stale  # B's claim, its task not noted yet
        mine = str(DBTaskResult.objects.latest("enqueued_at").pk)
        late_again = str(billing_run_task.enqueue(run.pk, stale).id)
        results["late"] = _execute(late_again)
        results["current"] = _execute(mine)

    with _later(CLAIM_LIMIT + dt.timedelta(seconds=1)), _on(task_enqueued, lambda: both_picked_up()):
        run = billing_run_enqueue(run=run)
    assert results["late"] == {"ran": 0} and results["current"]["ran"] == 1
    assert run.status == RunStatus.DONE and run.task_id == str(
        DBTaskResult.objects.filter(return_value__ran=1).get().pk
    )


@WITH_WORKER
def test_a_second_task_picked_up_while_the_first_is_mid_run_ends_without_work(billing: Billing) -> None:
    run, late, current = _superseded(billing, chunk_size=2)
    inner: dict[str, dict[str, int]] = {}
    with _on(pre_save, lambda: inner.update(late=_execute(late)), sender=BillingRun):  # inside the owner's chunk
        outer = _execute(current)
    run.refresh_from_db()
    assert inner["late"] == {"ran": 0} and outer["ran"] == 1
    assert run.status == RunStatus.DONE and run.chunks_done >= 3


@WITH_WORKER
def test_an_owner_silent_too_long_stops_at_its_next_beat_once_taken_over_and_the_new_owner_finishes(
    billing: Billing,
) -> None:
    """The first worker pauses past the stall limit after a chunk; a later start takes the run over."""
    run = _run(billing, chunk_size=2)
    chunks: list[int] = []

    def slow(current: BillingRun) -> None:
        chunks.append(current.chunks_done)
        if current.chunks_done == 1 and len(chunks) == 2:
            with _later(stall_limit() + dt.timedelta(seconds=1)):
                billing_run_enqueue(run=BillingRun.objects.get(pk=run.pk))  # its heartbeat is stale: taken over

    with pytest.raises(JobLost):
        billing_run_execute(run=run, progress=slow)
    run.refresh_from_db()
    assert chunks == [0, 1] and run.status == RunStatus.PENDING and not run.error  # queued again, not failed
    assert run.chunks_done == 2  # the chunk it was writing is kept: the new owner resumes after it
    result = _execute(run.task_id)
    run.refresh_from_db()
    assert result["ran"] == 1 and run.status == RunStatus.DONE
    totals = sorted(Invoice.objects.filter(run=run).values_list("amount_due", flat=True))
    Invoice.objects.all().delete()
    BillingRun.objects.all().delete()
    assert (
        sorted(Invoice.objects.filter(run=bill(billing.world.medan, JAN)).values_list("amount_due", flat=True))
        == totals
    )


def test_a_run_finished_by_its_former_owner_meanwhile_stays_done_for_the_new_one(billing: Billing) -> None:
    """The new owner read the run before the former one, past its last beat, issued the invoices."""
    run = _run(billing)
    read_before = BillingRun.objects.get(pk=run.pk)
    done = billing_run_execute(run=run)
    assert done.status == RunStatus.DONE
    again = billing_run_execute(run=read_before)
    stored = BillingRun.objects.get(pk=run.pk)
    assert (again.status, stored.status, stored.phase) == (RunStatus.DONE, RunStatus.DONE, "done")
    assert stored.invoices_created == done.invoices_created == Invoice.objects.filter(run=run).count()
