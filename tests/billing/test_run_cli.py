"""`lindung billing run` never runs a month that the task worker (or another command) is running or will run:
it refuses, in Bahasa Indonesia, while the run is queued or its owner beats, and takes it once that owner is
silent past the stall limit (or its claim is stale)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import socket
import subprocess
import sys
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.signals import pre_save
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lindung.billing.models import BillingRun, RunStatus
from lindung.billing.services import RunAlreadyQueued, billing_run_enqueue, billing_run_start
from lindung.billing.services.runs import CLAIM_LIMIT, COMMAND_LINE, QUEUING
from lindung.core.jobs import stall_limit
from tests.billing.conftest import JAN, TODAY, Billing

BUSY = "Penagihan periode Januari 2026 sudah dalam antrean atau sedang berjalan"
WAIT = "jalankan lagi setelah 30 menit tanpa kabar darinya"


def _cli(*extra: str) -> str:
    out = io.StringIO()
    call_command("billing", "run", "--period", "2026-01", "--no-progress", *extra, stdout=out)
    return out.getvalue()


def _run(billing: Billing) -> BillingRun:
    return billing_run_start(region=billing.world.medan, period=JAN, today=TODAY)


def _state(run: BillingRun) -> tuple[Any, ...]:
    run.refresh_from_db()
    return run.status, run.task_id, run.heartbeat_at, run.chunks_done


def _command_line(pid: int) -> str:
    """The owner name of a `lindung billing run` process ``pid`` on this host (``runs._command_line_claim``)."""
    return f"{COMMAND_LINE}:{pid}@{hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]}"


def _ended_process() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # ended and reaped: its pid names no process now
    return process.pid


def _ago(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "owner",
    [
        "queued",  # waiting for the task worker
        "claim",  # a start between its claim and the queue
        "running",  # the worker beats
        "command line",  # another `lindung billing run` beats
    ],
)
def test_the_command_refuses_a_month_someone_else_has_and_changes_nothing(billing: Billing, owner: str) -> None:
    run = _run(billing)
    if owner == "queued":
        run = billing_run_enqueue(run=run)
    else:
        token = {"claim": QUEUING, "running": "a-task-id", "command line": _command_line(os.getpid())}[owner]
        status = RunStatus.PENDING if owner == "claim" else RunStatus.RUNNING
        fields = {"task_id": f"{token}:{_ago(1).isoformat()}", "status": status, "heartbeat_at": _ago(5)}
        BillingRun.objects.filter(pk=run.pk).update(**fields)
    before = _state(run)
    with pytest.raises(CommandError) as refused:
        _cli()
    assert BUSY in str(refused.value) and WAIT in str(refused.value)
    assert _state(run) == before


@pytest.mark.parametrize(
    "owner",
    [
        "running, silent 31 min",
        "command line of this host killed a minute ago",
        "claim 3 min old, no task",
        "queued task finished without finishing the run",
        "failed",
    ],
)
def test_the_command_takes_and_finishes_a_month_whose_owner_is_gone(billing: Billing, owner: str) -> None:
    run = billing_run_enqueue(run=_run(billing))
    fields: dict[str, Any] = {
        "running, silent 31 min": {"status": RunStatus.RUNNING, "heartbeat_at": _ago(31)},
        "command line of this host killed a minute ago": {
            "status": RunStatus.RUNNING,
            "heartbeat_at": _ago(1),
            "task_id": f"{_command_line(_ended_process())}:{_ago(2).isoformat()}",
        },
        "claim 3 min old, no task": {"task_id": f"{QUEUING}:{_ago(3).isoformat()}"},
        "queued task finished without finishing the run": {},
        "failed": {"status": RunStatus.FAILED, "error": "OperationalError: disk full"},
    }[owner]
    BillingRun.objects.filter(pk=run.pk).update(**fields)
    if owner not in {"running, silent 31 min", "command line of this host killed a minute ago"}:
        DBTaskResult.objects.update(status="FAILED")
    out = _cli()
    run.refresh_from_db()
    assert "2026-01 Kota Medan" in out and run.status == RunStatus.DONE and run.invoices_created > 0
    assert run.task_id.startswith(f"{COMMAND_LINE}:") and not run.error


def test_while_the_command_runs_a_start_from_the_page_or_api_queues_nothing(billing: Billing) -> None:
    refused: list[str] = []

    def start_meanwhile(**kwargs: Any) -> None:
        if "cursor" in (kwargs.get("update_fields") or ()) and not refused:
            with pytest.raises(RunAlreadyQueued) as busy:
                billing_run_enqueue(run=BillingRun.objects.get(period=JAN))
            refused.append(busy.value.messages[0])

    pre_save.connect(start_meanwhile, sender=BillingRun, dispatch_uid="cli-test", weak=False)
    try:
        _cli("--chunk-size", "2")
    finally:
        pre_save.disconnect(sender=BillingRun, dispatch_uid="cli-test")
    assert refused and BUSY in refused[0] and not DBTaskResult.objects.exists()
    assert BillingRun.objects.get(period=JAN).status == RunStatus.DONE


def test_a_month_already_billed_is_reported_and_left_as_it_is(billing: Billing) -> None:
    _cli()
    run = BillingRun.objects.get(period=JAN)
    with time_machine.travel(timezone.now() + stall_limit() + CLAIM_LIMIT, tick=False):
        assert "already billed" in _cli()
    assert _state(run)[:2] == (RunStatus.DONE, run.task_id)
