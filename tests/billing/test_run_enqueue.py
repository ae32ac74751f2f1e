"""Starting a billing run: queued once, however often it is started, and started again only when its worker died."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lindung.billing.models import BillingRun, RunStatus
from lindung.billing.services import RunAlreadyQueued, billing_run_enqueue, billing_run_start
from lindung.billing.tasks import billing_run_task
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
    with pytest.raises(RunAlreadyQueued, match="2026-01 sudah dalam antrean atau sedang berjalan"):
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
    assert "Penagihan periode 2026-01 sudah dalam antrean atau sedang berjalan" in again and _queued() == 1
    api = officer.post("/api/v1/billing/runs", json.dumps({"period": "2026-01"}), content_type=JSON)
    assert api.status_code == 409 and "sudah dalam antrean" in api.json()["detail"] and _queued() == 1


@pytest.mark.parametrize(
    ("status", "beat_minutes_ago", "task_state", "queues"),
    [
        (RunStatus.RUNNING, 31, TaskResultStatus.RUNNING, True),  # its worker died: resumes
        (RunStatus.RUNNING, 5, TaskResultStatus.RUNNING, False),  # alive
        (RunStatus.RUNNING, None, TaskResultStatus.RUNNING, False),  # run by the command line: resumes there
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
